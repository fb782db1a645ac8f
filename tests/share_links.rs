//! Share links as they travel: links written by earlier formats keep opening, stored
//! links keep meaning the same plan, and the bike shop template fits a 2,000-character
//! link.
#![cfg(not(target_arch = "wasm32"))]

use yardstick::data::import_project;
use yardstick::model::templates::bike_shop;
use yardstick::model::{Date, Project, Revision};
use yardstick::share::{compact::SHARED_ID, decode, encode};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_project() -> Project {
    import_project(&fixture("bike-shop.json")).expect("the fixture project reads")
}

/// A format-1 link (the envelope JSON, deflated) made by the first release still opens
/// to the same project, id and edit time included, at a fresh revision.
#[test]
fn a_format_1_link_still_opens() {
    let mut expected = fixture_project();
    expected.revision = Revision::FRESH;
    assert_eq!(decode(&fixture("bike-shop-v1.link")), Ok(expected));
}

/// A stored format-2 link opens to the same plan. It also fails if the default
/// project, the default factor table or the risk catalogue change under format 2,
/// which would change the meaning of links already sent.
#[test]
fn a_stored_format_2_link_opens_to_the_same_plan() {
    let mut expected = fixture_project();
    expected.id = SHARED_ID.into();
    expected.updated_at = 0.0;
    expected.revision = Revision::FRESH;
    let link = fixture("bike-shop-v2.link");
    assert!(link.starts_with('2'));
    assert_eq!(decode(&link), Ok(expected));
}

/// The bike shop template's whole link fragment is at most 2,000 characters.
#[test]
fn the_bike_shop_link_is_at_most_2000_characters() {
    let project = bike_shop("a1b2c3d4e5".into(), Date::from_days(20_600));
    let fragment = format!("#s={}", encode(&project));
    println!(
        "bike shop share link fragment: {} characters",
        fragment.len()
    );
    assert!(fragment.len() <= 2_000, "{} characters", fragment.len());
    let mut opened = decode(&fragment[3..]).expect("the link opens");
    opened.id = project.id.clone();
    assert_eq!(opened, project);
}

//! Hostile share links: random and mutated payloads never panic the decoder; each one
//! is either a valid project or a typed error.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use yardstick::model::templates::bike_shop;
use yardstick::model::validate::validate;
use yardstick::model::Date;
use yardstick::share::{decode, encode};

fn template_payload() -> String {
    encode(&bike_shop("shared".into(), Date::from_days(20_600)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary text after `#s=` is refused or accepted, never a panic.
    #[test]
    fn random_text_never_panics(payload in ".{0,400}") {
        if let Ok(project) = decode(&payload) {
            prop_assert!(validate(&project).is_empty());
        }
    }

    /// A real link with characters changed, cut or inserted still decodes to a valid
    /// project or to a typed error.
    #[test]
    fn mutated_links_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, "[A-Za-z0-9_-]"), 1..6),
    ) {
        let mut chars: Vec<char> = template_payload().chars().collect();
        for (at, kind, ch) in edits {
            if chars.is_empty() {
                break;
            }
            let i = at.index(chars.len());
            let c = ch.chars().next().unwrap_or('A');
            match kind {
                0 => chars[i] = c,
                1 => { chars.remove(i); }
                _ => chars.insert(i, c),
            }
        }
        let payload: String = chars.into_iter().collect();
        if let Ok(project) = decode(&payload) {
            prop_assert!(validate(&project).is_empty());
        }
    }
}

#[test]
fn the_unmutated_template_link_opens_to_the_same_project() {
    let project = bike_shop("shared".into(), Date::from_days(20_600));
    assert_eq!(decode(&encode(&project)), Ok(project));
}

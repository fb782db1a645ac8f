//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted into a real
//! page, driven by DOM events, checked against the DOM and real local storage.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};
use yardstick::app::App;
use yardstick::model::{Date, Project};
use yardstick::storage;

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// A fresh container in the page, with storage emptied and the address at the start.
fn fresh_page() -> HtmlElement {
    local_storage().clear().unwrap();
    window().location().set_hash("#/").unwrap();
    let doc = document();
    let body = doc.body().unwrap();
    let old = doc.query_selector_all(".test-root").unwrap();
    for i in 0..old.length() {
        if let Some(node) = old.item(i) {
            body.remove_child(&node).unwrap();
        }
    }
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    root.set_class_name("test-root");
    body.append_child(&root).unwrap();
    root
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

fn stored_project_keys() -> Vec<String> {
    let s = local_storage();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with("yardstick:project:"))
        .collect()
}

#[wasm_bindgen_test]
async fn creating_a_project_saves_it_and_opens_its_workspace() {
    let root = fresh_page();
    let _app = leptos::mount::mount_to(root.clone(), App);
    tick().await;

    let input: HtmlInputElement = find(&root, "#new-project-name");
    input.set_value("Visual defect detection");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    find::<HtmlElement>(&root, ".new-project button[type=submit]").click();
    tick().await;

    let keys = stored_project_keys();
    assert_eq!(keys.len(), 1, "exactly one project is stored");
    let raw = local_storage().get_item(&keys[0]).unwrap().unwrap();
    let project = yardstick::data::import_project(&raw).expect("stored project reads back");
    assert_eq!(project.name, "Visual defect detection");
    assert_eq!(
        window().location().hash().unwrap(),
        format!("#/p/{}/overview", project.id)
    );
}

#[wasm_bindgen_test]
async fn an_empty_name_is_refused_and_nothing_is_stored() {
    let root = fresh_page();
    let _app = leptos::mount::mount_to(root.clone(), App);
    tick().await;

    find::<HtmlElement>(&root, ".new-project button[type=submit]").click();
    tick().await;

    assert!(stored_project_keys().is_empty());
    let input: HtmlInputElement = find(&root, "#new-project-name");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error: HtmlElement = find(&root, "#new-project-error");
    assert_eq!(error.text_content().unwrap(), "Give the project a name.");
}

#[wasm_bindgen_test]
async fn saved_projects_are_listed_on_the_start_page() {
    let root = fresh_page();
    let project = Project::new("p1", "Churn prediction", Date::from_days(20_500));
    storage::save_project(&project).unwrap();
    let _app = leptos::mount::mount_to(root.clone(), App);
    tick().await;

    let card: HtmlElement = find(&root, ".project-card__name");
    assert_eq!(card.text_content().unwrap(), "Churn prediction");
    assert_eq!(
        card.get_attribute("href").as_deref(),
        Some("#/p/p1/overview")
    );
}

#[wasm_bindgen_test]
async fn unreadable_stored_data_is_reported_and_left_untouched() {
    let root = fresh_page();
    local_storage()
        .set_item("yardstick:project:broken", "{\"format\":\"yardstick\"")
        .unwrap();
    let _app = leptos::mount::mount_to(root.clone(), App);
    tick().await;

    let banner: HtmlElement = find(&root, ".banner--warning");
    assert!(banner.text_content().unwrap().contains("could not be read"));
    assert_eq!(
        local_storage()
            .get_item("yardstick:project:broken")
            .unwrap()
            .as_deref(),
        Some("{\"format\":\"yardstick\"")
    );
}

#[wasm_bindgen_test]
fn storage_round_trips_a_project_through_local_storage() {
    local_storage().clear().unwrap();
    let mut project = Project::new("rt", "Round trip", Date::from_days(20_000));
    project.description = "Ünïcödé and \"quotes\" survive".into();
    storage::save_project(&project).unwrap();
    let loaded = storage::load_projects().unwrap();
    assert_eq!(loaded.projects, vec![project]);
}

#[wasm_bindgen_test]
async fn the_panic_panel_offers_every_stored_value_as_a_download() {
    let _root = fresh_page();
    let project = Project::new("keep", "Keep me safe", Date::from_days(20_500));
    storage::save_project(&project).unwrap();

    yardstick::app::show_panel();

    let panel: HtmlElement = document()
        .query_selector(".panic-panel")
        .unwrap()
        .expect("the panel is drawn")
        .unchecked_into();
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let link: web_sys::HtmlAnchorElement = panel
        .query_selector("a[download]")
        .unwrap()
        .expect("a download link")
        .unchecked_into();
    assert_eq!(link.download(), "yardstick-backup.json");
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(&link.href()))
            .await
            .unwrap()
            .unchecked_into();
    let text = wasm_bindgen_futures::JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let backup: std::collections::HashMap<String, String> = serde_json::from_str(&text).unwrap();
    let stored = backup
        .get("yardstick:project:keep")
        .expect("the project is in the backup");
    assert_eq!(yardstick::data::import_project(stored).unwrap(), project);
    panel.remove();
}

//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted into a real
//! page, driven by DOM events, checked against the DOM and real local storage.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};
use yardstick::app::App;
use yardstick::data;
use yardstick::model::{Date, Project, Revision, SCHEMA_VERSION};
use yardstick::storage::{self, StorageError};

wasm_bindgen_test_configure!(run_in_browser);

mod fingerprint;

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

/// The control labelled exactly `text`.
fn labelled(root: &HtmlElement, text: &str) -> HtmlInputElement {
    let labels = root.query_selector_all("label").unwrap();
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|l| -> web_sys::Element { l.unchecked_into() })
        .find(|l| l.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no label says {text}"));
    let id = label
        .get_attribute("for")
        .expect("the label names its control");
    document()
        .get_element_by_id(&id)
        .expect("the labelled control")
        .unchecked_into()
}

/// Types `value` into `input` as one edit (a bubbling `input` event).
fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let event = document().create_event("Event").unwrap();
    event.init_event_with_bubbles("input", true);
    input.dispatch_event(&event).unwrap();
}

/// Mounts the app on the address `hash` and lets it render; it stays mounted while the
/// returned handle lives.
async fn open_at(root: &HtmlElement, hash: &str) -> impl Sized {
    window().location().set_hash(hash).unwrap();
    let app = leptos::mount::mount_to(root.clone(), App);
    tick().await;
    app
}

/// Waits for the browser's next tasks (address changes fire `hashchange` as a task).
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    tick().await;
}

fn text_of(root: &HtmlElement, selector: &str) -> String {
    find::<HtmlElement>(root, selector).text_content().unwrap()
}

/// The text of every banner on the page.
fn banners(root: &HtmlElement) -> String {
    let found = root.query_selector_all(".banner").unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i)?.text_content())
        .collect::<Vec<_>>()
        .join("\n")
}

fn stored(id: &str) -> Option<String> {
    local_storage().get_item(&storage::project_key(id)).unwrap()
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
    // A new project has no tasks: it opens on its Tasks section.
    assert_eq!(
        window().location().hash().unwrap(),
        format!("#/p/{}/tasks", project.id)
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
    let error: HtmlElement = find(&root, "#new-project-name-error");
    assert_eq!(error.text_content().unwrap(), "Give the project a name.");
}

#[wasm_bindgen_test]
async fn saved_projects_are_listed_on_the_start_page() {
    let root = fresh_page();
    let project = Project::new("p1", "Churn prediction", Date::from_days(20_500));
    storage::save_project(&project, None).unwrap();
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
    storage::save_project(&project, None).unwrap();
    let loaded = storage::load_projects().unwrap();
    assert_eq!(loaded.projects, vec![project]);
}

#[wasm_bindgen_test]
async fn the_panic_panel_offers_every_stored_value_as_a_download() {
    let _root = fresh_page();
    let project = Project::new("keep", "Keep me safe", Date::from_days(20_500));
    storage::save_project(&project, None).unwrap();

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

#[wasm_bindgen_test]
async fn a_version_1_project_in_storage_opens_and_is_saved_as_the_current_version() {
    let root = fresh_page();
    let v1 = include_str!("fixtures/v1/minimal.json");
    local_storage()
        .set_item(&storage::project_key("minimal"), v1)
        .unwrap();
    let _app = open_at(&root, "#/p/minimal/forecast").await;
    assert_eq!(text_of(&root, "h1"), "Only the required fields");
    assert_eq!(
        stored("minimal").as_deref(),
        Some(v1),
        "opening writes nothing"
    );

    type_into(&labelled(&root, "Seed"), "7");
    tick().await;
    let saved = stored("minimal").unwrap();
    assert!(saved.contains(&format!("\"version\":{SCHEMA_VERSION}")));
    let project = data::import_project(&saved).unwrap();
    assert_eq!((project.settings.seed, project.revision.get()), (7, 2));
}

#[wasm_bindgen_test]
async fn an_edit_is_not_applied_over_a_newer_revision_saved_by_another_tab() {
    let root = fresh_page();
    let mut mine = Project::new("p1", "Churn", Date::from_days(20_500));
    mine.revision = Revision::new(3);
    mine.updated_at = 2_000.0;
    storage::save_project(&mine, None).unwrap();
    let _app = open_at(&root, "#/p/p1/forecast").await;

    // Another tab saves revision 4; its clock is behind this tab's, so only the
    // revision says it is newer. Writing to storage here fires no event in this tab.
    let mut theirs = mine.clone();
    theirs.revision = Revision::new(4);
    theirs.updated_at = 1_000.0;
    theirs.name = "Churn, renamed in another tab".into();
    storage::save_project(&theirs, Some(mine.revision)).unwrap();

    type_into(&labelled(&root, "Seed"), "7");
    tick().await;
    assert_eq!(data::import_project(&stored("p1").unwrap()), Ok(theirs));
    assert_eq!(text_of(&root, "h1"), "Churn, renamed in another tab");
    assert!(banners(&root).contains("changed in another tab"));
}

/// Every storage write function refuses to write over what the writing tab has not
/// seen: a project another tab saved newer or first, and a portfolio changed since it
/// was read.
#[wasm_bindgen_test]
fn every_storage_write_refuses_what_this_tab_has_not_seen() {
    local_storage().clear().unwrap();
    let mut p = Project::new("p", "P", Date::from_days(20_500));
    storage::save_project(&p, None).unwrap();
    assert_eq!(
        storage::save_project(&p, None),
        Err(StorageError::Changed),
        "a new project (a promoted idea) never replaces one under its id"
    );
    p.revision = Revision::new(2);
    storage::save_project(&p, Some(Revision::FRESH)).unwrap();
    p.revision = Revision::new(1);
    assert_eq!(
        storage::save_project(&p, Some(Revision::FRESH)),
        Err(StorageError::Changed)
    );
    assert_eq!(
        data::import_project(&stored("p").unwrap())
            .unwrap()
            .revision,
        2
    );

    let mut stale = storage::load_portfolio().unwrap();
    let mut mine = stale.clone();
    mine.workspace.ideas.push(yardstick::model::Idea::new(
        "i1",
        "Mine",
        Date::from_days(20_500),
    ));
    storage::save_portfolio(&mut mine).unwrap();
    stale.workspace.ideas.push(yardstick::model::Idea::new(
        "i2",
        "Stale",
        Date::from_days(20_500),
    ));
    assert_eq!(
        storage::save_portfolio(&mut stale),
        Err(StorageError::Changed)
    );
    let kept = storage::load_portfolio().unwrap();
    assert_eq!(kept.workspace.ideas, mine.workspace.ideas);
    storage::save_portfolio(&mut mine).unwrap();
}

#[wasm_bindgen_test]
async fn a_project_saved_by_a_newer_version_opens_read_only_and_is_never_written() {
    let root = fresh_page();
    let project = Project::new("future", "From the future", Date::from_days(20_500));
    let raw = data::project_json(&project)
        .replacen(
            &format!("\"version\":{SCHEMA_VERSION}"),
            &format!("\"version\":{}", SCHEMA_VERSION + 1),
            1,
        )
        .replacen("\"data\":{", "\"data\":{\"added_later\":true,", 1);
    local_storage()
        .set_item(&storage::project_key("future"), &raw)
        .unwrap();
    let _app = open_at(&root, "#/p/future/forecast").await;

    assert_eq!(text_of(&root, "h1"), "From the future");
    assert!(banners(&root).contains("saved by a newer version of Yardstick"));
    let seed = labelled(&root, "Seed");
    assert!(seed.matches(":disabled").unwrap(), "controls are disabled");
    assert!(find::<HtmlElement>(&root, ".read-only-note")
        .text_content()
        .unwrap()
        .contains("read-only"));

    // Even an edit that reaches the store is refused, and nothing is written back.
    type_into(&seed, "7");
    tick().await;
    assert_eq!(stored("future"), Some(raw));
    assert!(banners(&root).contains("so this page does not change it"));
    assert_eq!(stored_project_keys().len(), 1);
}

/// Fills local storage with filler values until it takes no more; returns their keys.
fn fill_storage() -> Vec<String> {
    let storage = local_storage();
    let mut keys = Vec::new();
    let mut chunk = "x".repeat(1 << 20);
    while !chunk.is_empty() {
        let key = format!("filler:{}", keys.len());
        if storage.set_item(&key, &chunk).is_ok() {
            keys.push(key);
        } else {
            chunk.truncate(chunk.len() / 2);
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn when_storage_is_full_the_page_says_so_and_keeps_the_work_in_memory() {
    let root = fresh_page();
    let _app = open_at(&root, "#/").await;
    let filler = fill_storage();
    assert!(!filler.is_empty());
    let probe = Project::new("probe", "Probe", Date::from_days(20_000));
    assert_eq!(
        storage::save_project(&probe, None),
        Err(StorageError::QuotaExceeded)
    );

    let input: HtmlInputElement = find(&root, "#new-project-name");
    type_into(&input, "Kept in memory");
    find::<HtmlElement>(&root, ".new-project button[type=submit]").click();
    settle().await;

    assert!(stored_project_keys().is_empty(), "nothing could be saved");
    assert!(banners(&root).contains("storage is full"));
    assert_eq!(
        text_of(&root, "h1"),
        "Kept in memory",
        "the new project is open"
    );
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn the_engine_gives_the_native_numbers_bit_for_bit() {
    for (case, project) in fingerprint::cases() {
        assert_eq!(
            Some(fingerprint::fingerprint(&project).as_str()),
            fingerprint::expected(case),
            "{case}: the WebAssembly forecast differs from the native one"
        );
    }
}

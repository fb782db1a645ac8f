//! The panic panel: if the app ever panics, the page shows what happened and offers the
//! user's data as a download instead of going blank.
//!
//! It is drawn with plain DOM calls, not Leptos, because after a panic the reactive
//! system can no longer be trusted.

use crate::html;
use crate::storage::KEY_PREFIX;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Installs the panic hook: log to the console, then draw the panel. A trap of the
/// WebAssembly that no panic hook sees (running out of memory aborts with
/// `unreachable`) reaches the page as an uncaught `WebAssembly.RuntimeError`, and
/// draws the same panel.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panel();
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    for (event, field) in [("error", "error"), ("unhandledrejection", "reason")] {
        let on_trap = Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
            let thrown = js_sys::Reflect::get(&ev, &field.into()).unwrap_or_default();
            if thrown.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
                show_panel();
            }
        });
        let _ = window.add_event_listener_with_callback(event, on_trap.as_ref().unchecked_ref());
        // Listens for the page's whole life.
        on_trap.forget();
    }
}

/// Every value Yardstick keeps in local storage, as one JSON object.
fn backup_json() -> String {
    let mut entries = Vec::new();
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let count = storage.length().unwrap_or(0);
        for i in 0..count {
            if let Ok(Some(key)) = storage.key(i) {
                if key.starts_with(KEY_PREFIX) {
                    if let Ok(Some(value)) = storage.get_item(&key) {
                        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
                        entries.push(format!("{}:{}", quote(&key), quote(&value)));
                    }
                }
            }
        }
    }
    format!("{{{}}}", entries.join(","))
}

/// Draws the panel over the page. Called by the panic hook; public so browser tests can
/// check the panel without crashing the test runner.
pub fn show_panel() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    // A panic in the release build aborts, which also traps: one panel is enough.
    if let Ok(Some(_)) = document.query_selector(".panic-panel") {
        return;
    }
    let Ok(panel) = document.create_element("section") else {
        return;
    };
    panel.set_class_name("panic-panel");
    panel.set_attribute("role", "alert").ok();
    let parts = js_sys::Array::of1(&JsValue::from_str(&backup_json()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let href = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .ok()
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok())
        .unwrap_or_default();
    let markup = html!(
        "<h1>Something went wrong</h1>\
         <p>Yardstick hit an internal error and stopped. Your saved projects are safe in this \
         browser; you can download them all as a backup before reloading.</p>\
         <p><a class=\"button\" download=\"yardstick-backup.json\" href=\"{}\">Download my data</a> \
         <a class=\"button\" href=\"\">Reload the page</a></p>",
        href
    );
    super::trusted::set_inner_html(&panel, &markup);
    body.append_child(&panel).ok();
}

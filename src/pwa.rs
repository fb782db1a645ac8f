//! The installable, offline app: registers the service worker that `scripts/post-build.mjs`
//! prepares at build time (its source is `assets/sw.js`). This is the only module that
//! touches `navigator.serviceWorker`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The service worker's address, relative to the page so that the app also works when it
/// is hosted under a subpath; its scope is then that subpath.
const SCRIPT: &str = "./sw.js";

/// Registers the service worker when the browser offers one. The app works without it, so a
/// failure is only logged as a warning.
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Browsers leave `navigator.serviceWorker` out of insecure pages (plain http to a remote host).
    let supported = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"));
    if !supported.unwrap_or(false) {
        return;
    }
    let warn = Closure::once(|error: JsValue| {
        web_sys::console::warn_2(
            &JsValue::from_str(
                "Yardstick will not work offline: the service worker did not register.",
            ),
            &error,
        );
    });
    // Called with the address made by the Trusted Types policy (a plain string is
    // refused under the page's policy).
    let container = navigator.service_worker();
    let registered = js_sys::Reflect::get(&container, &JsValue::from_str("register"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|register| {
            register
                .call1(&container, &crate::app::trusted::script_url(SCRIPT))
                .ok()
        })
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(promise) = registered {
        let _ = promise.catch(&warn);
    }
    // The handler must outlive this call; it is made once per page, so it is leaked.
    warn.forget();
}

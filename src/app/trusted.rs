//! Trusted Types: the page's Content-Security-Policy (`require-trusted-types-for
//! 'script'`) lets markup into the page and scripts be loaded only through the policies
//! made here, so no string reaches `innerHTML` or a script address by accident.
//!
//! - [`POLICY`] is the app's own: [`set_inner_html`] inserts the markup built by
//!   [`crate::markup`] and the report (where every interpolation is escaped) and the
//!   panic panel, and [`script_url`] gives the service worker's address.
//! - `default` is Leptos's: its renderer turns the static parts of `view!` trees into
//!   elements through a `<template>`'s `innerHTML`. Those strings are compile-time
//!   constants, and the default policy takes only markup that cannot run script
//!   ([`inert`]); any other string given to a sink is refused by the browser.
//!
//! Browsers without Trusted Types get the plain strings.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The name of the app's policy, listed in the page's `trusted-types` directive.
pub const POLICY: &str = "yardstick";

thread_local! {
    /// The app's policy, made on first use; `None` without Trusted Types.
    static APP: Option<JsValue> = create(POLICY, false);
}

/// Makes the policy `name` (with `leptos`, Leptos's default policy, which checks each
/// string) through `trustedTypes.createPolicy`.
fn create(name: &str, leptos: bool) -> Option<JsValue> {
    let factory = js_sys::Reflect::get(&js_sys::global(), &"trustedTypes".into())
        .ok()
        .filter(|f| f.is_object())?;
    let rules = js_sys::Object::new();
    let html: Closure<dyn Fn(String) -> JsValue> = if leptos {
        Closure::new(|s: String| if inert(&s) { s.into() } else { JsValue::NULL })
    } else {
        Closure::new(|s: String| s.into())
    };
    js_sys::Reflect::set(&rules, &"createHTML".into(), html.as_ref()).ok()?;
    if !leptos {
        let url: Closure<dyn Fn(String) -> JsValue> = Closure::new(|s: String| s.into());
        js_sys::Reflect::set(&rules, &"createScriptURL".into(), url.as_ref()).ok()?;
        url.forget();
    }
    // Policies live as long as the page; each is made once.
    html.forget();
    let make: js_sys::Function = js_sys::Reflect::get(&factory, &"createPolicy".into())
        .ok()?
        .dyn_into()
        .ok()?;
    make.call2(&factory, &name.into(), &rules).ok()
}

/// Makes Leptos's default policy; called once before the app mounts.
pub fn install() {
    let _ = create("default", true);
}

/// `text` through the app policy's `method`, or as it is without Trusted Types.
fn through(method: &str, text: &str) -> JsValue {
    APP.with(|policy| {
        policy
            .as_ref()
            .and_then(|p| {
                let make: js_sys::Function = js_sys::Reflect::get(p, &method.into())
                    .ok()?
                    .dyn_into()
                    .ok()?;
                make.call1(p, &text.into()).ok()
            })
            .unwrap_or_else(|| text.into())
    })
}

/// Replaces `el`'s content with `html`, markup the app built (user text escaped).
pub fn set_inner_html(el: &Element, html: &crate::html::Html) {
    let _ = js_sys::Reflect::set(
        el,
        &"innerHTML".into(),
        &through("createHTML", html.as_str()),
    );
}

/// The address of one of the app's own scripts (the service worker), for loading it.
pub fn script_url(url: &str) -> JsValue {
    through("createScriptURL", url)
}

/// Whether `html` is markup that cannot run script: no script-bearing or navigating
/// element, no event-handler attribute, no `javascript:` address. What Leptos's static
/// templates are; the check is for anything else that reaches a sink.
pub fn inert(html: &str) -> bool {
    const ACTIVE: [&str; 9] = [
        "script", "iframe", "object", "embed", "form", "meta", "base", "link", "style",
    ];
    let lower = html.to_ascii_lowercase();
    if lower.contains("javascript:") || lower.contains("srcdoc") {
        return false;
    }
    let bytes = lower.as_bytes();
    let name_ends = |at: usize| !bytes.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        let rest = &bytes[i + 1..];
        match b {
            b'<' => {
                in_tag = true;
                let tag = ACTIVE.iter().find(|t| rest.starts_with(t.as_bytes()));
                if tag.is_some_and(|t| name_ends(i + 1 + t.len())) {
                    return false;
                }
            }
            b'>' => in_tag = false,
            // An event-handler attribute, `on…`, inside a tag.
            b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'' if in_tag && handler(rest) => {
                return false
            }
            _ => {}
        }
    }
    true
}

/// Whether `rest` starts with an attribute name `on…` (an event handler).
fn handler(rest: &[u8]) -> bool {
    if !rest.starts_with(b"on") || !rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let end = 2 + rest[2..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    matches!(
        rest.get(end),
        Some(b'=' | b' ' | b'\t' | b'\n' | b'/' | b'>') | None
    )
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn static_markup_is_inert_and_anything_that_could_run_script_is_not() {
        // Protects the default policy: Leptos's static templates pass, markup that
        // could run script or navigate never does.
        for ok in [
            r#"<p class="muted">Every project and idea is valued, one on one.</p>"#,
            r#"<h1>Portfolio</h1>"#,
            r##"<a class="skip-link" href="#main">Skip to content</a>"##,
            r#"<button type="button" class="button" data-action="online">Go</button>"#,
            r#"<svg><linearGradient id="g"></linearGradient><metadata>m</metadata></svg>"#,
        ] {
            assert!(inert(ok), "{ok}");
        }
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<img src=x\tONERROR=alert(1)>",
            r#"<svg/onload="x">"#,
            "<div onclick>",
            "<STYLE>x</STYLE>",
            "<link rel=x>",
            r#"<a href="JavaScript:alert(1)">x</a>"#,
            "<iframe srcdoc='x'>",
            "<form action=x>",
            r#"<meta http-equiv="refresh" content="0">"#,
        ] {
            assert!(!inert(bad), "{bad}");
        }
    }
}

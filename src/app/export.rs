//! The Export section: markup from [`crate::report::export_html`] and one delegated
//! click handler for its buttons (copy the link or the Markdown, download Markdown or
//! JSON, print). Also the small browser services the shared view uses too.

use super::project::ProjectCtx;
use super::share_link;
use crate::data::export_project;
use crate::markdown;
use crate::report::{export_html, file_stem};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// The `data-action` of the button a click landed on, and the element hosting it.
pub fn clicked(ev: &leptos::ev::MouseEvent) -> Option<(String, Element)> {
    let target: Element = ev.target()?.dyn_into().ok()?;
    let host: Element = ev.current_target()?.dyn_into().ok()?;
    let action = target
        .closest("[data-action]")
        .ok()??
        .get_attribute("data-action")?;
    Some((action, host))
}

/// Shows a message in the host's status line (a live region).
pub fn say(host: &Element, message: &str) {
    if let Ok(Some(status)) = host.query_selector(".status") {
        status.set_text_content(Some(message));
    }
}

/// Offers `content` as a file download (a Blob behind an object URL; no inline script).
fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

/// Copies text to the clipboard and says whether it worked.
fn copy(host: Element, text: String, done: &'static str) {
    spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(
            window().navigator().clipboard().write_text(&text),
        )
        .await;
        say(
            &host,
            match copied {
                Ok(_) => done,
                Err(_) => "The browser did not allow copying; select the text and copy it by hand.",
            },
        );
    });
}

/// Opens the print dialog.
pub fn print() {
    let _ = window().print();
}

/// The Export section.
#[component]
pub fn ExportSection() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let link = RwSignal::new(None::<String>);
    // Links are made asynchronously; only the newest project's link is kept.
    let made = StoredValue::new(0u32);
    Effect::new(move |_| {
        let Some(project) = ctx.project.get() else {
            return;
        };
        let turn = made.get_value() + 1;
        made.set_value(turn);
        spawn_local(async move {
            let text = share_link::link(&project).await.unwrap_or_else(|e| e);
            if made.try_get_value() == Some(turn) {
                link.try_set(Some(text));
            }
        });
    });
    let html = move || {
        match (ctx.project.get(), ctx.forecast.get()) {
        (Some(p), Some(Ok(f))) => export_html(&p, &f, link.get().as_deref()),
        (_, Some(Err(_))) => r#"<p class="callout callout--error" role="alert">The plan has problems to fix first; the Overview lists them.</p>"#.into(),
        _ => r#"<p class="muted" role="status">Running the simulation…</p>"#.into(),
    }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let (Some((action, host)), Some(p)) = (clicked(&ev), ctx.project.get_untracked()) else {
            return;
        };
        let stem = file_stem(&p.name);
        let markdown = || match ctx.forecast.get_untracked() {
            Some(Ok(f)) => markdown::plan(&p, &f),
            _ => String::new(),
        };
        let saved = |r: Result<(), JsValue>, what: &str| {
            say(
                &host,
                &match r {
                    Ok(()) => format!("{what} downloaded."),
                    Err(_) => "The browser refused the download.".to_owned(),
                },
            )
        };
        match action.as_str() {
            "copy-link" => copy(
                host.clone(),
                link.get_untracked().unwrap_or_default(),
                "Link copied.",
            ),
            "copy-markdown" => copy(host.clone(), markdown(), "Markdown copied."),
            "download-markdown" => saved(
                download(&format!("{stem}.md"), "text/markdown", &markdown()),
                "Markdown",
            ),
            "download-json" => saved(
                download(
                    &format!("{stem}.yardstick.json"),
                    "application/json",
                    &export_project(&p),
                ),
                "JSON",
            ),
            "print" => print(),
            _ => {}
        }
    };
    view! { <div class="export" inner_html=html on:click=on_click></div> }
}

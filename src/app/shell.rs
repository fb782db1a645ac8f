//! The frame around every view: header with navigation, storage banners, footer (with
//! whether storage is persistent), and the problem panel used for broken addresses.

use super::Store;
use crate::data::DataError;
use crate::storage::Unreadable;
use leptos::prelude::*;

/// The top bar: product name and main navigation.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(main) = document().get_element_by_id("main") {
                use wasm_bindgen::JsCast;
                if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                    main.focus().ok();
                }
            }
        }>"Skip to content"</a>
        <header class="app-header">
            <a class="app-header__brand" href="#/">
                <span class="app-header__logo" aria-hidden="true">"▮▯"</span>
                "Yardstick"
            </a>
            <nav class="app-header__nav" aria-label="Main">
                <a href="#/">"Projects"</a>
                <a href="#/portfolio">"Portfolio"</a>
            </nav>
        </header>
    }
}

/// The bottom bar: version, a line on where data lives, and whether the browser agreed
/// to keep it.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="app-footer">
            <span>"Yardstick " {env!("CARGO_PKG_VERSION")}</span>
            <span>"Your projects stay in this browser. Nothing is sent to a server."</span>
            <span class="app-footer__storage"></span>
        </footer>
    }
}

/// Shows in the footer whether the browser agreed to keep this site's storage.
pub fn show_persistence(granted: bool) {
    if let Ok(Some(slot)) = document().query_selector(".app-footer__storage") {
        slot.set_text_content(Some(if granted {
            "Storage: persistent"
        } else {
            "Storage: the browser may clear it when space runs low"
        }));
    }
}

/// Banners while storage fails, an edit was not applied, stored data is kept aside, or
/// the engine's worker stopped.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = Store::get();
    let died = RwSignal::from(super::worker::died());
    view! {
        {move || died.get().then(|| view! {
            <div class="banner banner--warning" role="alert">
                "The forecast engine stopped (a very large plan can exhaust its memory). Your plans are safe; it starts again with your next change. "
                <button type="button" class="link-button" on:click=move |_| died.set(false)>"Dismiss"</button>
            </div>
        })}
        {move || store.storage_error.get().map(|e| view! {
            <div class="banner banner--warning" role="alert">{e.to_string()}</div>
        })}
        {move || store.note.get().map(|note| view! {
            <div class="banner banner--warning" role="alert">
                {note}
                " "
                <button type="button" class="link-button" on:click=move |_| store.note.set(None)>"Dismiss"</button>
            </div>
        })}
        {move || store.unreadable.with(|kept| kept_aside_message(kept)).map(|message| view! {
            <div class="banner banner--warning" role="alert">
                {message}
                " "
                {store.unreadable.get().into_iter().map(|kept| view! {
                    <KeptDownload kept=kept />
                }).collect_view()}
            </div>
        })}
    }
}

/// A button that downloads a value kept aside exactly as it was stored.
#[component]
pub fn KeptDownload(kept: Unreadable) -> impl IntoView {
    let label = format!("Download “{}” as stored", kept.key);
    let name = super::browser::kept_file_name(&kept.key);
    view! {
        <button type="button" class="link-button" on:click=move |_| {
            let _ = super::browser::download(&name, "text/plain", &kept.raw);
        }>{label}</button>
        " "
    }
}

/// What the page says about stored values kept aside, if any.
fn kept_aside_message(kept: &[Unreadable]) -> Option<String> {
    let newer = kept
        .iter()
        .filter(|u| matches!(u.error, DataError::NewerVersion { .. }))
        .count();
    let broken = kept.len() - newer;
    let mut parts = Vec::new();
    if broken > 0 {
        parts.push(format!(
            "{broken} stored project(s) could not be read. They are kept untouched."
        ));
    }
    if newer > 0 {
        parts.push(format!("{newer} project(s) were saved by a newer version of Yardstick. They open read-only and are kept untouched."));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A full-width panel explaining that something could not be shown.
#[component]
pub fn Problem(
    /// The panel's heading.
    title: &'static str,
    /// The explanation.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="problem" aria-labelledby="problem-title">
            <h1 id="problem-title">{title}</h1>
            <p>{children()}</p>
            <p><a href="#/">"Back to your projects"</a></p>
        </section>
    }
}

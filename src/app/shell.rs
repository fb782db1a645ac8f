//! The frame around every view: header with navigation, storage banner, footer, and
//! the problem panel used for broken addresses.

use super::Store;
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

/// The bottom bar: version and a line on where data lives.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="app-footer">
            <span>"Yardstick " {env!("CARGO_PKG_VERSION")}</span>
            <span>"Your projects stay in this browser. Nothing is sent to a server."</span>
        </footer>
    }
}

/// A banner shown while storage fails or holds data that could not be read.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = Store::get();
    view! {
        {move || store.storage_error.get().map(|e| view! {
            <div class="banner banner--warning" role="alert">{e.to_string()}</div>
        })}
        {move || store.other_tab.get().map(|note| view! {
            <div class="banner banner--warning" role="alert">
                {note}
                " "
                <button type="button" class="link-button" on:click=move |_| store.other_tab.set(None)>"Dismiss"</button>
            </div>
        })}
        {move || {
            let count = store.unreadable.with(Vec::len);
            (count > 0).then(|| view! {
                <div class="banner banner--warning" role="alert">
                    {format!("{count} stored project(s) could not be read. They are kept untouched.")}
                </div>
            })
        }}
    }
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

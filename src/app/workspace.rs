//! A project's workspace: its name, the section navigation and the open section.

use super::shell::Problem;
use super::Store;
use crate::route::{Route, Section};
use leptos::prelude::*;

/// The workspace of the project `id`, showing `section`.
#[component]
pub fn Workspace(
    /// The project's id.
    id: String,
    /// The open section.
    section: Section,
) -> impl IntoView {
    let store = Store::get();
    let exists = {
        let id = id.clone();
        move || store.projects.with(|ps| ps.iter().any(|p| p.id == id))
    };
    let name = {
        let id = id.clone();
        move || store.project(&id).map(|p| p.name).unwrap_or_default()
    };
    let nav_id = id.clone();
    view! {
        <Show
            when=exists
            fallback=|| view! {
                <Problem title="Project not found">
                    "This project is not in this browser's storage. It may have been deleted, or saved in another browser."
                </Problem>
            }
        >
            <div class="workspace">
                <h1 class="workspace__title">{name.clone()}</h1>
                <nav class="workspace__nav" aria-label="Project sections">
                    <ul>
                        {Section::ALL.into_iter().map(|s| {
                            let href = Route::Project { id: nav_id.clone(), section: s }.href();
                            let current = (s == section).then_some("page");
                            view! { <li><a href=href aria-current=current>{s.label()}</a></li> }
                        }).collect_view()}
                    </ul>
                </nav>
                <section class="workspace__section" aria-label=section.label()>
                    <h2>{section.label()}</h2>
                    <p class="muted">"This section is empty for now."</p>
                </section>
            </div>
        </Show>
    }
}

//! A project's workspace: its name, undo and redo, the section navigation and the open
//! section (its controls disabled while the project is read-only).

use super::edit_bar::EditBar;
use super::factors::FactorsSection;
use super::forecast_view::ForecastSection;
use super::overview::OverviewSection;
use super::project::ProjectCtx;
use super::shell::Problem;
use super::tasks::TasksSection;
use super::team::TeamSection;
use super::Store;
use crate::route::{Route, Section};
use leptos::prelude::*;

/// The address of a section of project `id`.
pub fn section_href(id: &str, section: Section) -> String {
    Route::Project {
        id: id.to_owned(),
        section,
    }
    .href()
}

/// The workspace of the project `id`, showing `section`.
#[component]
pub fn Workspace(
    /// The project's id.
    id: String,
    /// The open section.
    section: Section,
) -> impl IntoView {
    let store = Store::get();
    // A memo, so that edits to the project do not rebuild the workspace.
    let exists = {
        let id = id.clone();
        Memo::new(move |_| store.projects.with(|ps| ps.iter().any(|p| p.id == id)))
    };
    view! {
        {move || if exists.get() {
            view! { <ProjectView id=id.clone() section=section /> }.into_any()
        } else {
            view! {
                <Problem title="Project not found">
                    "This project is not in this browser's storage. It may have been deleted, or saved in another browser."
                </Problem>
            }.into_any()
        }}
    }
}

#[component]
fn ProjectView(id: String, section: Section) -> impl IntoView {
    let store = Store::get();
    let read_only = {
        let id = id.clone();
        move || store.is_read_only(&id)
    };
    let ctx = ProjectCtx::new(id.clone());
    provide_context(ctx);
    let name = move || ctx.read(String::new(), |p| p.name.clone());
    let body = match section {
        Section::Overview => OverviewSection().into_any(),
        Section::Tasks => TasksSection().into_any(),
        Section::Factors => FactorsSection().into_any(),
        Section::Team => TeamSection().into_any(),
        Section::Forecast => ForecastSection().into_any(),
    };
    view! {
        <div class="workspace">
            <h1 class="workspace__title">{name}</h1>
            <EditBar id=id.clone() />
            <nav class="workspace__nav" aria-label="Project sections">
                <ul>
                    {Section::ALL.into_iter().map(|s| {
                        let current = (s == section).then_some("page");
                        view! { <li><a href=section_href(&id, s) aria-current=current>{s.label()}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
            <section class="workspace__section" aria-labelledby="section-title">
                <h2 id="section-title">{section.label()}</h2>
                <fieldset class="workspace__body" disabled=read_only>
                    <p class="banner banner--warning read-only-note" role="status">
                        "A newer version of Yardstick saved this project. It is open read-only: nothing you do here is saved."
                    </p>
                    {body}
                </fieldset>
            </section>
        </div>
    }
}

//! A project's workspace: its name, undo and redo, the section navigation and the open
//! section, whose parts are pure markup builders from [`crate::markup`] in a
//! [`MarkupHost`] (their controls disabled while the project is read-only).

use super::edit_bar::EditBar;
use super::markup_host::{MarkupHost, SlowMarkup};
use super::project::ProjectCtx;
use super::shell::Problem;
use super::worker_part::{tasks_act, worker_act, WorkerPart};
use super::Store;
use crate::markup::{
    factors, forecast, overview, plan, progress, risks, scenarios, tasks, team, value,
};
use crate::model::validate::sizing_advice;
use crate::route::{Route, Section};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    let body = section_body(section);
    // A change of section rebuilds the workspace, and creating or opening a project
    // replaces the page: keyboard focus goes to the section's heading (so that Tab goes
    // on into the section) instead of falling to the page.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        let dropped = document()
            .active_element()
            .is_none_or(|a| a.tag_name() == "BODY");
        if let (true, Some(heading)) = (dropped, heading.get()) {
            let _ = heading.focus();
        }
        // On a phone the tabs are one row that scrolls: the current one is in view.
        let current = document()
            .query_selector(".workspace__nav a[aria-current=page]")
            .ok()
            .flatten()
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(a) = current {
            if let Some(Ok(Some(row))) = a.parent_element().map(|li| li.closest("ul")) {
                row.set_scroll_left(a.offset_left() - 16);
            }
        }
    });
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
                <h2 id="section-title" tabindex="-1" node_ref=heading>{section.label()}</h2>
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

/// The parts of a section: each a pure markup builder from [`crate::markup`], hosted.
fn section_body(section: Section) -> AnyView {
    match section {
        Section::Overview => view! {
            <MarkupHost render=overview::overview />
            <super::progress::ReferenceClassLine />
            <SlowMarkup slow=overview::BRIDGE />
        }
        .into_any(),
        Section::Tasks => view! {
            <MarkupHost render=forecast::live_line />
            <MarkupHost render=tasks::tasks act=tasks_act editable=true />
            <WorkerPart />
        }
        .into_any(),
        Section::Factors => view! {
            <SlowMarkup slow=factors::QUESTIONNAIRE quick=factors::questions editable=true />
            <MarkupHost render=factors::table editable=true />
        }
        .into_any(),
        Section::Team => {
            view! { <MarkupHost render=team::team act=team::act editable=true /> }.into_any()
        }
        Section::Risks => {
            // The matrix's selected cell filters the register.
            let state = RwSignal::new(String::new());
            view! {
                <p class="muted">
                    "Each trial, each risk fires with its probability and adds its sampled extra effort and cost; "
                    "an adopted mitigation changes both and adds its own cost and effort."
                </p>
                <MarkupHost render=risks::forecast_line />
                <MarkupHost render=risks::analysis state=state />
                <h3>"Mitigation worth"</h3>
                <SlowMarkup slow=risks::WORTH />
                <MarkupHost render=risks::register act=risks::act editable=true state=state />
            }
            .into_any()
        }
        Section::Value => view! {
            <MarkupHost render=value::form editable=true />
            <MarkupHost render=value::summary />
        }
        .into_any(),
        Section::Plan => view! {
            <MarkupHost render=plan::requirements editable=true advice=sizing_advice />
            <SlowMarkup slow=plan::SIZING act=worker_act />
            <MarkupHost render=plan::experiment act=plan::act editable=true />
            <SlowMarkup slow=plan::EXPERIMENT act=worker_act />
            <WorkerPart />
            <MarkupHost render=plan::plan act=plan::act editable=true />
        }
        .into_any(),
        Section::Forecast => view! {
            <MarkupHost render=forecast::settings editable=true />
            <MarkupHost render=forecast::body />
            <SlowMarkup slow=forecast::JOINT />
        }
        .into_any(),
        Section::Scenarios => view! {
            <MarkupHost render=scenarios::list act=worker_act editable=true />
            <WorkerPart />
            <SlowMarkup slow=scenarios::COMPARISON />
        }
        .into_any(),
        Section::Progress => {
            // The view state holds today's date, which "Start tracking" uses.
            let today = RwSignal::new(super::state::today().to_string());
            view! {
                <MarkupHost render=progress::status_form act=progress::act editable=true state=today />
                <MarkupHost render=progress::status act=progress::act />
                <MarkupHost render=progress::import_form act=worker_act />
                <WorkerPart preview=true />
                <SlowMarkup slow=progress::DRIFT />
                <super::progress::TrackRecord />
            }
            .into_any()
        }
        Section::Export => super::export::ExportSection().into_any(),
    }
}

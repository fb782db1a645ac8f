//! The stakeholder view a share link opens: markup from
//! [`crate::report::stakeholder_html`] around the plan document the engine's worker
//! writes (or, for a broken or hostile link, [`crate::report::link_problem_html`]) in
//! the shared [`Host`], whose buttons save a copy to the projects or print. The page
//! inflates the link and reads a format 1 plan; the worker reads a compact one into a
//! project file, which the page keeps as text and reads only to save a copy (so that
//! opening a link runs none of the page's project reading), then sends the plan
//! document's text at once and its numbers once simulated, and then the bridge from
//! the plan to P80, step by step.

use super::export::{buttons, print};
use super::markup_host::Host;
use super::share_link;
use super::state::new_id;
use super::{worker, Store};
use crate::data::import_project;
use crate::html;
use crate::html::Html;
use crate::jobs::{Answer, Job, Part};
use crate::model::Project;
use crate::report::{link_problem_html, stakeholder_html};
use crate::route::{navigate, Route, Section};
use crate::share::{read_v1, FORMAT_V1};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Opens the plan in a share link's payload, read-only.
#[component]
pub fn SharedView(
    /// The encoded plan from the link.
    payload: String,
) -> impl IntoView {
    let store = Store::get();
    // It holds the page's height until the plan comes, so that nothing on screen moves
    // when it does (the footer starts below the fold).
    let html = RwSignal::new(html!(
        r#"<p class="muted shared__opening" role="status">Opening the plan…</p>"#
    ));
    // The plan to save a copy of: as the link read (format 1), or as the project file
    // the worker unpacked a compact plan to, read only when a copy is saved.
    let plan = RwSignal::new(None::<Held>);
    let (document, bridge) = (RwSignal::new(None::<Html>), RwSignal::new(Html::new()));
    // The plan document from the engine's worker: its text at once, then its numbers;
    // then the bridge from the plan to P80, step by step.
    let document_lane = worker::lane(move |answer, _| match answer {
        Answer::Html(markup) => {
            document.try_set(Some(Html::drawn(markup)));
        }
        // The worker could not read the plan it unpacked.
        Answer::Unpacked(Err(why)) => {
            html.try_set(link_problem_html(&why));
        }
        _ => {}
    });
    let bridge_lane = worker::lane(move |answer, _| {
        if let Answer::Html(markup) = answer {
            bridge.try_set(Html::drawn(markup));
        }
    });
    // Shows the plan the link holds, or why it cannot be opened.
    let opened = move |read: Result<Held, String>| match read {
        Ok(held) => {
            let ask = |lane, part| {
                let job = match &held {
                    Held::Plan(p) => Job::Draw(part, (**p).clone()),
                    Held::File(file) => Job::Shared(part, file.clone()),
                };
                worker::ask(lane, job);
            };
            ask(document_lane, Part::Document);
            ask(bridge_lane, Part::SharedBridge);
            plan.try_set(Some(held));
        }
        Err(why) => {
            html.try_set(link_problem_html(&why));
        }
    };
    // A compact plan, read and validated by the engine's worker.
    let reading = worker::lane(move |answer, _| {
        if let Answer::Unpacked(file) = answer {
            opened(file.map(Held::File));
        }
    });
    spawn_local(async move {
        match share_link::open(&payload).await {
            Ok((FORMAT_V1, text)) => opened(
                read_v1(&text)
                    .map(|p| Held::Plan(Box::new(p)))
                    .map_err(|e| e.to_string()),
            ),
            Ok((_, text)) => worker::ask(reading, Job::Unpack(text)),
            Err(e) => opened(Err(e.to_string())),
        }
    });
    let act = move |action: &str| match action {
        "save" => match plan.get_untracked().map(Held::read) {
            Some(Ok(mut copy)) => {
                // A new id: a saved copy never replaces a project.
                copy.id = new_id();
                let id = copy.id.clone();
                store.add_project(copy);
                navigate(&Route::Project {
                    id,
                    section: Section::Overview,
                });
            }
            Some(Err(why)) => {
                document.try_set(None);
                html.try_set(link_problem_html(&why));
            }
            None => {}
        },
        "print" => print(),
        _ => {}
    };
    let shown = Signal::derive(move || match document.get() {
        Some(d) => stakeholder_html(d),
        None => html.get(),
    });
    // The bridge in a host of its own, so that its arrival does not redraw (and lay out
    // again) the whole plan above it; only under the plan, never under a problem.
    let under = Signal::derive(move || match document.get() {
        Some(_) => bridge.get(),
        None => Html::new(),
    });
    let target = buttons(act);
    view! {
        <Host html=shown target=target editable=false keep_typing=false state=None />
        <Host html=under target=target editable=false keep_typing=false state=None />
    }
}

/// A share link's plan as the page holds it.
#[derive(Clone)]
enum Held {
    /// Read on the page (a format 1 link).
    Plan(Box<Project>),
    /// The project file the worker unpacked a compact plan to (the worker checked it).
    File(String),
}

impl Held {
    /// The plan itself.
    fn read(self) -> Result<Project, String> {
        match self {
            Held::Plan(p) => Ok(*p),
            Held::File(file) => import_project(&file).map_err(|e| e.to_string()),
        }
    }
}

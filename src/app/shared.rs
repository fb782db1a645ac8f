//! The stakeholder view a share link opens: markup from
//! [`crate::report::stakeholder_html`] around the plan document the engine's worker
//! writes (or, for a broken or hostile link, [`crate::report::link_problem_html`]) in
//! the shared [`Host`], whose buttons save a copy to the projects or print. The page
//! inflates the link and reads a format 1 plan; the worker reads a compact one, then
//! sends the plan document's text at once and its numbers once simulated, and then the
//! bridge from the plan to P80, step by step.

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
    let plan = RwSignal::new(None::<Project>);
    let (document, bridge) = (RwSignal::new(None::<Html>), RwSignal::new(Html::new()));
    // The plan document from the engine's worker: its text at once, then its numbers;
    // then the bridge from the plan to P80, step by step.
    let document_lane = worker::lane(move |answer, _| {
        if let Answer::Html(markup) = answer {
            document.try_set(Some(Html::drawn(markup)));
        }
    });
    let bridge_lane = worker::lane(move |answer, _| {
        if let Answer::Html(markup) = answer {
            bridge.try_set(Html::drawn(markup));
        }
    });
    // Shows the plan the link holds, or why it cannot be opened.
    let opened = move |read: Result<Project, String>| match read {
        Ok(p) => {
            worker::ask(document_lane, Job::Draw(Part::Document, p.clone()));
            worker::ask(bridge_lane, Job::Draw(Part::SharedBridge, p.clone()));
            plan.try_set(Some(p));
        }
        Err(why) => {
            html.try_set(link_problem_html(&why));
        }
    };
    // A compact plan, read and validated by the engine's worker.
    let reading = worker::lane(move |answer, _| {
        if let Answer::Unpacked(file) = answer {
            opened(file.and_then(|file| import_project(&file).map_err(|e| e.to_string())));
        }
    });
    spawn_local(async move {
        match share_link::open(&payload).await {
            Ok((FORMAT_V1, text)) => opened(read_v1(&text).map_err(|e| e.to_string())),
            Ok((_, text)) => worker::ask(reading, Job::Unpack(text)),
            Err(e) => opened(Err(e.to_string())),
        }
    });
    let act = move |action: &str| match (action, plan.get_untracked()) {
        ("save", Some(mut copy)) => {
            // A new id: a saved copy never replaces a project.
            copy.id = new_id();
            let id = copy.id.clone();
            store.add_project(copy);
            navigate(&Route::Project {
                id,
                section: Section::Overview,
            });
        }
        ("print", _) => print(),
        _ => {}
    };
    let shown = Signal::derive(move || match document.get() {
        Some(d) => stakeholder_html(d),
        None => html.get(),
    });
    // The bridge in a host of its own, so that its arrival does not redraw (and lay out
    // again) the whole plan above it.
    let target = buttons(act);
    view! {
        <Host html=shown target=target editable=false keep_typing=false state=None />
        <Host html=bridge.into() target=target editable=false keep_typing=false state=None />
    }
}

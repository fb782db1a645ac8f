//! The stakeholder view a share link opens: markup from
//! [`crate::report::stakeholder_html`] (or, for a broken or hostile link,
//! [`crate::report::link_problem_html`]) in the shared [`Host`], whose buttons save a
//! copy to the projects or print. The plan's text paints at once; its forecast follows
//! from the engine's worker, a preview first.

use super::export::{buttons, print};
use super::markup_host::Host;
use super::share_link;
use super::state::new_id;
use super::{worker, Store};
use crate::html;
use crate::jobs::{Answer, Job};
use crate::model::Project;
use crate::report::{link_problem_html, stakeholder_html};
use crate::route::{navigate, Route, Section};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Opens the plan in a share link's payload, read-only.
#[component]
pub fn SharedView(
    /// The encoded plan from the link.
    payload: String,
) -> impl IntoView {
    let store = Store::get();
    let html = RwSignal::new(html!(
        r#"<p class="muted" role="status">Opening the plan…</p>"#
    ));
    let plan = RwSignal::new(None::<Project>);
    // The plan's text at once; its numbers as the engine's worker gives them.
    let lane = worker::lane(move |answer, _| {
        let Answer::Forecast(forecast) = answer else {
            return;
        };
        let page = plan.with_untracked(|p| match (p, forecast) {
            (Some(p), Ok(f)) => Some(stakeholder_html(p, Some(&f))),
            // A valid plan always forecasts; the error is only a safety net.
            (Some(_), Err(errors)) => Some(link_problem_html(
                &errors.first().map(ToString::to_string).unwrap_or_default(),
            )),
            (None, _) => None,
        });
        if let Some(page) = page {
            html.try_set(page);
        }
    });
    spawn_local(async move {
        match share_link::open(&payload).await {
            Ok(p) => {
                html.try_set(stakeholder_html(&p, None));
                worker::ask(lane, Job::Forecast(p.clone()));
                plan.try_set(Some(p));
            }
            Err(e) => {
                html.try_set(link_problem_html(&e.to_string()));
            }
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
    view! { <Host html=html.into() target=buttons(act) editable=false keep_typing=false state=None /> }
}

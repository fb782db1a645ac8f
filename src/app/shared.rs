//! The stakeholder view a share link opens: markup from
//! [`crate::report::stakeholder_html`] (or, for a broken or hostile link,
//! [`crate::report::link_problem_html`]) in the shared [`Host`], whose buttons save a
//! copy to the projects or print.

use super::export::{buttons, print};
use super::markup_host::Host;
use super::share_link;
use super::state::new_id;
use super::Store;
use crate::engine;
use crate::html;
use crate::html::Html;
use crate::model::Project;
use crate::report::{link_problem_html, stakeholder_html};
use crate::route::{navigate, Route, Section};
use crate::share::ShareError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The page for an opened link: the plan, or why it could not be opened. The plan is
/// kept in `plan` for "Save a copy".
fn page(opened: Result<Project, ShareError>, plan: RwSignal<Option<Project>>) -> Html {
    match opened {
        Err(e) => link_problem_html(&e.to_string()),
        // A valid plan always forecasts; the error is only a safety net.
        Ok(p) => match engine::forecast(&p) {
            Ok(f) => {
                let page = stakeholder_html(&p, &f);
                plan.try_set(Some(p));
                page
            }
            Err(errors) => {
                link_problem_html(&errors.first().map(ToString::to_string).unwrap_or_default())
            }
        },
    }
}

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
    spawn_local(async move {
        let page = page(share_link::open(&payload).await, plan);
        html.try_set(page);
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

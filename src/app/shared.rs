//! The stakeholder view a share link opens: markup from
//! [`crate::report::stakeholder_html`] (or, for a broken or hostile link,
//! [`crate::report::link_problem_html`]) and one delegated click handler for "Save a
//! copy to my projects" and "Print".

use super::export::{clicked, print, say};
use super::share_link;
use super::state::new_id;
use super::Store;
use crate::data::DataError;
use crate::engine;
use crate::model::Project;
use crate::report::{link_problem_html, stakeholder_html};
use crate::route::{navigate, Route, Section};
use crate::share::ShareError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Opens the plan in a share link's payload, read-only.
#[component]
pub fn SharedView(
    /// The encoded plan from the link.
    payload: String,
) -> impl IntoView {
    let store = Store::get();
    let html = RwSignal::new(r#"<p class="muted" role="status">Opening the plan…</p>"#.to_owned());
    let plan = StoredValue::new(None::<Project>);
    spawn_local(async move {
        let page = match share_link::open(&payload).await {
            Err(e) => link_problem_html(&e),
            Ok(p) => match engine::forecast(&p) {
                Ok(f) => {
                    let page = stakeholder_html(&p, &f);
                    plan.try_set_value(Some(p));
                    page
                }
                Err(errors) => link_problem_html(&ShareError::Data(DataError::Invalid(
                    errors.first().map(ToString::to_string).unwrap_or_default(),
                ))),
            },
        };
        html.try_set(page);
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, host)) = clicked(&ev) else {
            return;
        };
        match (action.as_str(), plan.get_value()) {
            ("save", Some(mut copy)) => {
                // A new id: a saved copy never replaces a project.
                copy.id = new_id();
                let id = copy.id.clone();
                store.add_project(copy);
                say(&host, "Saved to your projects.");
                navigate(&Route::Project {
                    id,
                    section: Section::Overview,
                });
            }
            ("print", _) => print(),
            _ => {}
        }
    };
    view! { <div class="shared" inner_html=html on:click=on_click></div> }
}

//! The portfolio page: every project and idea of the workspace ranked by the same
//! simulation, the ideas' form and the ranking settings, from
//! [`crate::markup::portfolio`]. Ideas and settings are saved under their own storage
//! key; a promoted idea becomes a project in the store.

use super::markup_host::{working, Host, Target};
use super::project::debounced;
use super::state::today;
use super::Store;
use crate::html::Html;
use crate::markup::portfolio;
use crate::model::validate::validate_workspace;
use crate::model::Workspace;
use crate::storage;
use leptos::prelude::*;

/// The portfolio page.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    let store = Store::get();
    let loaded = storage::load_portfolio();
    // Ideas that could not be read are kept as they are: nothing is written over them.
    let unreadable = loaded.as_ref().err().map(|u| u.error.to_string());
    let writable = unreadable.is_none();
    let extras = RwSignal::new(loaded.ok().flatten().unwrap_or_default());
    let revision = RwSignal::new(0.0);
    let workspace = Memo::new(move |_| {
        let mut ws = extras.get();
        ws.projects = store.projects.get();
        Some(ws)
    });
    let errors = Memo::new(move |_| {
        workspace.with(|ws| ws.as_ref().map(validate_workspace).unwrap_or_default())
    });
    let save = move |ws: Workspace| {
        if writable {
            store.storage_error.set(storage::save_portfolio(&ws).err());
        }
        extras.set(ws);
        revision.update(|r| *r += 1.0);
    };
    let target = Target {
        edit: Callback::new(move |(path, raw): (String, String)| {
            let mut ws = extras.get_untracked();
            portfolio::edit(&mut ws, &path, &raw)?;
            save(ws);
            Ok(())
        }),
        act: Callback::new(move |(action, arg): (String, String)| {
            let Some(mut ws) = workspace.get_untracked() else {
                return Ok(());
            };
            let before = ws.projects.len();
            portfolio::act(&mut ws, &action, &arg)?;
            for promoted in ws.projects.drain(before..) {
                store.add_project(promoted);
            }
            ws.projects.clear();
            save(ws);
            Ok(())
        }),
        stamp: revision.into(),
        errors: errors.into(),
    };
    let today = today();
    let ideas = Signal::derive(move || {
        workspace.with(|ws| match ws {
            Some(ws) => errors.with(|e| portfolio::ideas(ws, e, today)),
            None => Html::new(),
        })
    });
    let ranked = debounced(workspace, portfolio::ranking);
    let ranking = Signal::derive(move || ranked.get().unwrap_or_else(working));
    view! {
        <section class="portfolio">
            <h1>"Portfolio"</h1>
            <p class="muted">
                "Every project and idea is valued by the same simulation as its forecast: schedule, cost, risks "
                "and the feasibility gate decide when the benefit starts and whether it comes at all."
            </p>
            {unreadable.map(|e| view! {
                <p class="banner banner--warning" role="alert">
                    "The saved ideas could not be read (" {e} "), so they are left untouched and changes here are not saved."
                </p>
            })}
            <Host html=ranking target=target editable=false keep_typing=false state=None />
            <Host html=ideas target=target editable=true keep_typing=true state=None />
        </section>
    }
}

//! The portfolio page: every project and idea of the workspace ranked by the same
//! simulation, the ideas' form and the ranking settings, from
//! [`crate::markup::portfolio`]. Ideas and settings are saved under their own storage
//! key; a promoted idea becomes a project in the store.

use super::markup_host::{working, Host, Target};
use super::shell::KeptDownload;
use super::state::today;
use super::Store;
use crate::html::Html;
use crate::markup::portfolio;
use crate::model::validate::validate_workspace;
use crate::model::Workspace;
use crate::storage::{self, StorageError};
use leptos::prelude::*;

/// Why a change on the portfolio page was not applied.
const CHANGED_ELSEWHERE: &str = "The portfolio was changed in another tab. That version is shown here, and your last change in this tab was not applied.";

/// The portfolio page.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    let store = Store::get();
    let loaded = storage::load_portfolio();
    // Ideas that could not be read are kept as they are: nothing is written over them.
    let unreadable = loaded.as_ref().err().cloned();
    let writable = unreadable.is_none();
    let stored = StoredValue::new(loaded.unwrap_or_default());
    let extras = RwSignal::new(stored.with_value(|p| p.workspace.clone()));
    let revision = RwSignal::new(0.0);
    // What another tab saved replaces this tab's copy, as for projects.
    let reload = move || {
        if let Ok(newer) = storage::load_portfolio() {
            extras.set(newer.workspace.clone());
            stored.set_value(newer);
            revision.update(|r| *r += 1.0);
        }
    };
    if writable {
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().as_deref() == Some(storage::PORTFOLIO_KEY) {
                reload();
            }
        });
        on_cleanup(move || handle.remove());
    }
    let workspace = Memo::new(move |_| {
        let mut ws = extras.get();
        ws.projects = store.projects.get();
        Some(ws)
    });
    let errors = Memo::new(move |_| {
        workspace.with(|ws| ws.as_ref().map(validate_workspace).unwrap_or_default())
    });
    // Saves the ideas and settings unless another tab saved them first: then that
    // version is shown and this change is dropped (false).
    let save = move |ws: Workspace| {
        if writable {
            let mut portfolio = stored.get_value();
            portfolio.workspace = ws.clone();
            match storage::save_portfolio(&mut portfolio) {
                Ok(()) => {
                    stored.set_value(portfolio);
                    store.storage_error.set(None);
                }
                Err(StorageError::Changed) => {
                    reload();
                    store.note.set(Some(CHANGED_ELSEWHERE.into()));
                    return false;
                }
                Err(e) => store.storage_error.set(Some(e)),
            }
        }
        extras.set(ws);
        revision.update(|r| *r += 1.0);
        true
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
            let promoted: Vec<_> = ws.projects.drain(before..).collect();
            ws.projects.clear();
            // The idea leaves the stored portfolio before it becomes a project, so a
            // tab that has not seen the portfolio's latest version promotes nothing.
            if save(ws) {
                for project in promoted {
                    store.add_project(project);
                }
            }
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
    let ranked =
        super::worker::computed(workspace, portfolio::RANKING.job, portfolio::RANKING.render);
    let ranking = Signal::derive(move || ranked.get().unwrap_or_else(working));
    view! {
        <section class="portfolio">
            <h1>"Portfolio"</h1>
            <p class="muted">
                "Every project and idea is valued by the same simulation as its forecast: schedule, cost, risks "
                "and the feasibility gate decide when the benefit starts and whether it comes at all."
            </p>
            {unreadable.map(|kept| view! {
                <p class="banner banner--warning" role="alert">
                    "The saved ideas could not be read (" {kept.error.to_string()} "), so they are left untouched and changes here are not saved. "
                    <KeptDownload kept=kept />
                </p>
            })}
            <Host html=ranking target=target editable=false keep_typing=false state=None />
            <Host html=ideas target=target editable=true keep_typing=true state=None />
        </section>
    }
}

//! The start page: saved projects with their headline forecast, new, template, import,
//! open a link, duplicate, rename and delete with undo. The markup comes from
//! [`crate::markup::start`]; this file carries out its actions on the store.

use super::markup_host::{Host, Target};
use super::state::{new_id, today};
use super::{worker, Store};
use crate::data::{import_project, import_untrusted};
use crate::form::EditError;
use crate::format::{money, shown_date};
use crate::jobs::{Answer, Job};
use crate::markup::changed;
use crate::markup::start::{card_text, forms, link_payload, list, project_name, StartView};
use crate::model::{Date, Project};
use crate::route::{navigate, Route, Section};
use leptos::prelude::*;

/// A project's card line and the edit it was computed for.
type Card = (String, u64, String);

/// Asks the engine's worker for the cards of projects that have none for their latest
/// edit; it answers one card at a time.
fn card_forecasts(store: Store) -> ReadSignal<Vec<Card>> {
    let (cards, set_cards) = signal(Vec::<Card>::new());
    let lane = worker::lane(move |answer, _| {
        let Answer::Cards(done) = answer else { return };
        let fresh: Vec<Card> = store.projects.with_untracked(|ps| {
            done.into_iter()
                .filter_map(|card| {
                    let p = ps.iter().find(|p| p.id == card.id)?;
                    let figures = card
                        .p80
                        .map(|(finish, cost)| (shown_date(finish), money(cost, &p.currency)))
                        .ok_or(());
                    Some((card.id, card.updated_at.to_bits(), card_text(p, figures)))
                })
                .collect()
        });
        set_cards.try_update(|c| {
            c.retain(|old| !fresh.iter().any(|new| new.0 == old.0));
            c.extend(fresh);
        });
    });
    Effect::new(move |_| {
        let missing: Vec<Project> = store.projects.with(|ps| {
            cards.with_untracked(|done| {
                ps.iter()
                    .filter(|p| {
                        !done
                            .iter()
                            .any(|c| c.0 == p.id && c.1 == p.updated_at.to_bits())
                    })
                    .cloned()
                    .collect()
            })
        });
        if !missing.is_empty() {
            worker::ask(lane, Job::Cards(missing));
        }
    });
    cards
}

/// Adds `project` to the store and opens it: on its Tasks section while it has none
/// (the first thing to fill in), otherwise on its Overview.
fn open_new(store: Store, project: Project) {
    let id = project.id.clone();
    let section = if project.tasks.is_empty() {
        Section::Tasks
    } else {
        Section::Overview
    };
    store.add_project(project);
    navigate(&Route::Project { id, section });
}

/// Lists saved projects and creates new ones.
#[component]
pub fn StartPage() -> impl IntoView {
    let store = Store::get();
    let deleted = RwSignal::new(None::<Project>);
    let cards = card_forecasts(store);
    let html = Signal::derive(move || {
        store.projects.with(|projects| {
            let edited: Vec<String> = projects
                .iter()
                .map(|p| {
                    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(p.updated_at));
                    Date::from_ymd(at.get_full_year() as i32, at.get_month() + 1, at.get_date())
                        .map(shown_date)
                        .unwrap_or_default()
                })
                .collect();
            let cards: Vec<(String, String)> = cards.with(|c| {
                c.iter()
                    .map(|(id, _, text)| (id.clone(), text.clone()))
                    .collect()
            });
            deleted.with(|d| {
                list(&StartView {
                    projects,
                    cards: &cards,
                    deleted: d.as_ref().map(|p| p.name.as_str()),
                    edited: &edited,
                })
            })
        })
    });
    // Templates come from the engine's worker, which holds their text.
    let templates = worker::lane(move |answer, _| {
        if let Answer::Text(file) = answer {
            if let Ok(project) = import_project(&file) {
                open_new(store, project);
            }
        }
    });
    let act = move |(action, arg): (String, String)| {
        match action.as_str() {
            "create" => open_new(store, Project::new(new_id(), project_name(&arg)?, today())),
            "template" => worker::ask(templates, Job::Template(arg, new_id(), today())),
            "open-link" => navigate(&Route::Shared(link_payload(&arg)?.to_owned())),
            "import-file" => {
                let mut project =
                    import_untrusted(&arg).map_err(|e| format!("could not be imported: {e}"))?;
                project.id = new_id();
                open_new(store, project);
            }
            "duplicate" => {
                let mut copy = store.project(&arg).ok_or_else(String::new)?;
                copy.id = new_id();
                copy.name = format!("{} (copy)", copy.name);
                store.add_project(copy);
            }
            "rename" => {
                let current = store.project(&arg).ok_or_else(String::new)?.name;
                let answer = window()
                    .prompt_with_message_and_default("New name for the project", &current)
                    .ok()
                    .flatten();
                if let Some(name) = answer
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty())
                {
                    store.update_project(&arg, move |p| p.name = name);
                }
            }
            "delete" => {
                deleted.set(store.project(&arg));
                store.delete_project(&arg);
            }
            "undo" => {
                if let Some(p) = deleted.get_untracked() {
                    store.restore_project(p);
                }
                deleted.set(None);
            }
            "dismiss" => deleted.set(None),
            _ => return changed(false),
        }
        Ok(())
    };
    let target = Target {
        edit: Callback::new(|_: (String, String)| Err(EditError::UnknownPath)),
        act: Callback::new(act),
        stamp: Signal::stored(0.0),
        errors: Signal::stored(Vec::new()),
    };
    view! {
        <section class="start">
            <h1>"Your projects"</h1>
            <Host html=html target=target editable=false keep_typing=false state=None />
            <Host html=Signal::stored(forms()) target=target editable=false keep_typing=false state=None />
        </section>
    }
}

//! The start page: saved projects with their headline forecast, new, template, import,
//! duplicate, rename and delete with undo.

use super::browser::read_file;
use super::state::{new_id, today};
use super::Store;
use crate::data::import_untrusted;
use crate::engine;
use crate::format::money;
use crate::model::Project;
use crate::route::{navigate, Route, Section};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::time::Duration;

/// P80 finish and cost of a project, as shown on its card.
#[derive(Clone, Debug, PartialEq)]
struct CardForecast {
    updated_at: u64,
    text: String,
}

/// Lists saved projects and creates new ones.
#[component]
pub fn StartPage() -> impl IntoView {
    let store = Store::get();
    let has_projects = Memo::new(move |_| store.projects.with(|ps| !ps.is_empty()));
    let deleted = RwSignal::new(None::<Project>);
    view! {
        <section class="start">
            <h1>"Your projects"</h1>
            <UndoDelete deleted=deleted />
            {move || if has_projects.get() {
                view! { <ProjectList deleted=deleted /> }.into_any()
            } else {
                EmptyState().into_any()
            }}
            <div class="start__actions">
                <NewProjectForm />
                <super::templates::TemplatePicker />
                <ImportForm />
            </div>
        </section>
    }
}

/// What the page says before any project exists.
#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <div class="empty-state">
            <p>
                "Yardstick forecasts how long a machine-learning project will take, what it will cost "
                "and how risky it is, with Monte Carlo simulation instead of single-point guesses."
            </p>
            <p>
                "It models what makes ML projects different — dirty data, models that may never reach "
                "the accuracy you need, and stage gates from MVP to maturity."
            </p>
        </div>
    }
}

/// Forecasts each project's card one at a time, so the page stays responsive. Every
/// step is a timer that may fire after the page has moved on, so it only touches
/// reactive values that still exist.
fn card_forecasts(store: Store) -> ReadSignal<HashMap<String, CardForecast>> {
    let (cards, set_cards) = signal(HashMap::<String, CardForecast>::new());
    let step = StoredValue::new(None::<Box<dyn Fn() + Send + Sync>>);
    let schedule = move |delay: u64| {
        set_timeout(
            move || {
                step.try_with_value(|s| {
                    if let Some(s) = s {
                        s()
                    }
                });
            },
            Duration::from_millis(delay),
        )
    };
    step.set_value(Some(Box::new(move || {
        let next = store.projects.with_untracked(|ps| {
            cards.try_with_untracked(|done| {
                ps.iter()
                    .find(|p| {
                        done.get(&p.id)
                            .is_none_or(|c| c.updated_at != p.updated_at.to_bits())
                    })
                    .cloned()
            })
        });
        let Some(Some(p)) = next else { return };
        let text = match engine::forecast(&p) {
            Ok(f) if !p.tasks.is_empty() => {
                format!("P80: {} · {}", f.finish.p80, money(f.cost.p80, &p.currency))
            }
            Ok(_) => "No tasks yet".to_owned(),
            Err(_) => "Needs fixes before it can be forecast".to_owned(),
        };
        let card = CardForecast {
            updated_at: p.updated_at.to_bits(),
            text,
        };
        if set_cards
            .try_update(|c| c.insert(p.id.clone(), card))
            .is_some()
        {
            schedule(10);
        }
    })));
    Effect::new(move |_| {
        store.projects.track();
        schedule(50);
    });
    cards
}

/// The saved projects, newest edit first.
#[component]
fn ProjectList(deleted: RwSignal<Option<Project>>) -> impl IntoView {
    let store = Store::get();
    let cards = card_forecasts(store);
    view! {
        <ul class="project-list">
            {move || store.projects.get().into_iter().map(|p: Project| {
                    let id = p.id.clone();
                    let href = Route::Project { id: id.clone(), section: Section::Overview }.href();
                    let tasks = p.tasks.len();
                    let edited = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(p.updated_at)).to_locale_date_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED);
                    let forecast_id = id.clone();
                    let forecast = move || cards.with(|c| c.get(&forecast_id).map(|c| c.text.clone())).unwrap_or_else(|| "Forecasting…".into());
                    let (dup_id, ren_id, del_id) = (id.clone(), id.clone(), id.clone());
                    let name = p.name.clone();
                    let duplicate = move |_| {
                        if let Some(mut copy) = store.project(&dup_id) {
                            copy.id = new_id();
                            copy.name = format!("{} (copy)", copy.name);
                            store.add_project(copy);
                        }
                    };
                    let rename = move |_| {
                        let current = store.project(&ren_id).map(|p| p.name).unwrap_or_default();
                        if let Ok(Some(new_name)) = window().prompt_with_message_and_default("New name for the project", &current) {
                            let new_name = new_name.trim().to_owned();
                            if !new_name.is_empty() {
                                store.update_project(&ren_id, move |p| p.name = new_name);
                            }
                        }
                    };
                    let delete = move |_| {
                        deleted.set(store.project(&del_id));
                        store.delete_project(&del_id);
                    };
                    view! {
                        <li class="project-card">
                            <a class="project-card__name" href=href>{p.name.clone()}</a>
                            <span class="project-card__forecast">{forecast}</span>
                            <span class="project-card__meta">
                                {format!("{tasks} task{} · edited {edited}", if tasks == 1 { "" } else { "s" })}
                            </span>
                            <span class="project-card__actions">
                                <button type="button" class="link-button" aria-label=format!("Duplicate {name}") on:click=duplicate>"Duplicate"</button>
                                <button type="button" class="link-button" aria-label=format!("Rename {name}") on:click=rename>"Rename"</button>
                                <button type="button" class="link-button button--danger" aria-label=format!("Delete {name}") on:click=delete>"Delete"</button>
                            </span>
                        </li>
                    }
                }).collect_view()}
        </ul>
    }
}

/// "Deleted X — Undo" after a delete.
#[component]
fn UndoDelete(deleted: RwSignal<Option<Project>>) -> impl IntoView {
    let store = Store::get();
    let undo = move |_| {
        if let Some(p) = deleted.get_untracked() {
            store.restore_project(p);
            deleted.set(None);
        }
    };
    move || {
        deleted.get().map(|p| {
            view! {
                <div class="toast" role="status">
                    {format!("Deleted “{}”.", p.name)}
                    <button type="button" class="button" on:click=undo>"Undo"</button>
                    <button type="button" class="link-button" aria-label="Dismiss" on:click=move |_| deleted.set(None)>"✕"</button>
                </div>
            }
        })
    }
}

/// Asks for a name and opens the new project.
#[component]
fn NewProjectForm() -> impl IntoView {
    let store = Store::get();
    let (name, set_name) = signal(String::new());
    let (error, set_error) = signal(None::<&'static str>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = name.get_untracked().trim().to_owned();
        if chosen.is_empty() {
            set_error.set(Some("Give the project a name."));
            return;
        }
        let project = Project::new(new_id(), chosen, today());
        let id = project.id.clone();
        store.add_project(project);
        set_name.set(String::new());
        set_error.set(None);
        navigate(&Route::Project {
            id,
            section: Section::Overview,
        });
    };
    view! {
        <form class="new-project" on:submit=create novalidate>
            <h2>"New project"</h2>
            <label for="new-project-name">"Project name"</label>
            <div class="new-project__row">
                <input
                    id="new-project-name"
                    type="text"
                    maxlength="200"
                    placeholder="e.g. Demand forecast for the bike shop"
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby="new-project-error"
                    prop:value=name
                    on:input=move |ev| set_name.set(event_target_value(&ev))
                />
                <button type="submit" class="button button--primary">"Create project"</button>
            </div>
            <p id="new-project-error" class="field-error" role="status">{move || error.get()}</p>
        </form>
    }
}

/// Imports a project from a JSON file or opens a share link.
#[component]
fn ImportForm() -> impl IntoView {
    let store = Store::get();
    let message = RwSignal::new(None::<String>);
    let link = RwSignal::new(String::new());
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            match read_file(&file)
                .await
                .and_then(|text| import_untrusted(&text).map_err(|e| e.to_string()))
            {
                Ok(mut project) => {
                    project.id = new_id();
                    let id = project.id.clone();
                    store.add_project(project);
                    message.set(None);
                    navigate(&Route::Project {
                        id,
                        section: Section::Overview,
                    });
                }
                Err(e) => message.set(Some(format!(
                    "“{}” could not be imported: {e}",
                    file.name()
                ))),
            }
        });
    };
    let open_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = link.get_untracked();
        match text.split_once("#s=") {
            Some((_, payload)) => navigate(&Route::Shared(payload.trim().to_owned())),
            None => message.set(Some(
                "That is not a Yardstick share link: it has no “#s=” part.".into(),
            )),
        }
    };
    view! {
        <div class="import">
            <h2>"Import"</h2>
            <label for="import-file">"Project file (JSON)"</label>
            <input id="import-file" type="file" accept=".json,application/json" aria-describedby="import-message" on:change=on_file />
            <form class="new-project__row" on:submit=open_link>
                <label class="visually-hidden" for="open-link">"Share link"</label>
                <input id="open-link" type="url" placeholder="Paste a share link" aria-describedby="import-message"
                    prop:value=link on:input=move |ev| link.set(event_target_value(&ev)) />
                <button type="submit" class="button">"Open link"</button>
            </form>
            <p id="import-message" class="field-error" role="status">{move || message.get()}</p>
        </div>
    }
}

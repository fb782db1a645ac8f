//! The start page: saved projects, a new project, and the empty state.

use super::state::{new_id, today};
use super::Store;
use crate::model::Project;
use crate::route::{navigate, Route, Section};
use leptos::prelude::*;

/// Lists saved projects and creates new ones.
#[component]
pub fn StartPage() -> impl IntoView {
    let store = Store::get();
    let has_projects = move || store.projects.with(|ps| !ps.is_empty());
    view! {
        <section class="start">
            <h1>"Your projects"</h1>
            <Show when=has_projects fallback=EmptyState>
                <ProjectList />
            </Show>
            <NewProjectForm />
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

/// The saved projects, newest edit first.
#[component]
fn ProjectList() -> impl IntoView {
    let store = Store::get();
    view! {
        <ul class="project-list">
            <For
                each=move || store.projects.get()
                key=|p| (p.id.clone(), p.updated_at.to_bits())
                children=move |p: Project| {
                    let href = Route::Project { id: p.id.clone(), section: Section::Overview }.href();
                    let tasks = p.tasks.len();
                    view! {
                        <li class="project-card">
                            <a class="project-card__name" href=href>{p.name.clone()}</a>
                            <span class="project-card__meta">
                                {format!("{tasks} task{}", if tasks == 1 { "" } else { "s" })}
                            </span>
                        </li>
                    }
                }
            />
        </ul>
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

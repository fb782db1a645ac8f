//! The template picker: realistic, complete example projects to start from.

use super::state::{new_id, today};
use super::Store;
use crate::model::templates::{template, templates};
use crate::route::{navigate, Route, Section};
use leptos::prelude::*;

/// One button per template; a click creates the project and opens it.
#[component]
pub fn TemplatePicker() -> impl IntoView {
    let store = Store::get();
    view! {
        <div class="templates">
            <h2>"Start from a template"</h2>
            <ul class="template-list">
                {templates().into_iter().map(|t| {
                    let key = t.key;
                    let open = move |_| {
                        if let Some(project) = template(key, new_id(), today()) {
                            let id = project.id.clone();
                            store.add_project(project);
                            navigate(&Route::Project { id, section: Section::Overview });
                        }
                    };
                    view! {
                        <li>
                            <button type="button" class="button template-button" on:click=open>{t.name}</button>
                            <span class="muted">{t.summary}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

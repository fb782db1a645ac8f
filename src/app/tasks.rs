//! The Tasks section: the editable table of tasks and bulk paste, from
//! [`crate::markup::tasks`].

use super::markup_host::MarkupHost;
use crate::markup::tasks;
use leptos::prelude::*;

/// The tasks table with its add and paste controls.
#[component]
pub fn TasksSection() -> impl IntoView {
    view! { <MarkupHost render=tasks::tasks act=tasks::act editable=true /> }
}

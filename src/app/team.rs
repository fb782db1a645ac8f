//! The Team & budget section: roles, fixed costs and calendar, from
//! [`crate::markup::team`].

use super::markup_host::MarkupHost;
use crate::markup::team;
use leptos::prelude::*;

/// Roles, fixed costs and calendar.
#[component]
pub fn TeamSection() -> impl IntoView {
    view! { <MarkupHost render=team::team act=team::act editable=true /> }
}

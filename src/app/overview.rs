//! The Overview section, from [`crate::markup::overview`].

use super::markup_host::MarkupHost;
use crate::markup::overview;
use leptos::prelude::*;

/// The Overview section.
#[component]
pub fn OverviewSection() -> impl IntoView {
    view! { <MarkupHost render=overview::overview /> }
}

//! The Factors section: the questionnaire (with what each answer adds, once computed)
//! and the factor → phase table, from [`crate::markup::factors`].

use super::markup_host::{MarkupHost, SlowMarkup};
use crate::markup::factors;
use leptos::prelude::*;

/// The questionnaire and the factor table.
#[component]
pub fn FactorsSection() -> impl IntoView {
    view! {
        <SlowMarkup render=factors::questionnaire quick=factors::questions editable=true />
        <MarkupHost render=factors::table editable=true />
    }
}

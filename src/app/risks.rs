//! The Risks section: the live forecast line, the probability × impact matrix (its cells
//! filter the register), exposure, mitigation worth, and the editable gate, catalogue
//! and register. All markup comes from [`crate::markup::risks`].

use super::markup_host::{MarkupHost, SlowMarkup};
use crate::markup::risks;
use leptos::prelude::*;

/// The Risks section.
#[component]
pub fn RisksSection() -> impl IntoView {
    let state = RwSignal::new(String::new());
    view! {
        <p class="muted">
            "Each trial, each risk fires with its probability and adds its sampled extra effort and cost; "
            "an adopted mitigation changes both and adds its own cost and effort."
        </p>
        <MarkupHost render=risks::forecast_line />
        <MarkupHost render=risks::analysis state=state />
        <h3>"Mitigation worth"</h3>
        <SlowMarkup render=risks::worth />
        <MarkupHost render=risks::register act=risks::act editable=true state=state />
    }
}

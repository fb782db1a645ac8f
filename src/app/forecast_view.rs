//! The Forecast section: the settings form and everything drawn from the forecast, from
//! [`crate::markup::forecast`].

use super::markup_host::MarkupHost;
use crate::markup::forecast;
use leptos::prelude::*;

/// The whole Forecast section.
#[component]
pub fn ForecastSection() -> impl IntoView {
    view! {
        <MarkupHost render=forecast::settings editable=true />
        <MarkupHost render=forecast::body />
    }
}

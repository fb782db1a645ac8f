//! Draws a chart: the SVG markup comes from [`crate::chart`], where every position and
//! label is computed (and escaped) by pure, tested code.

use leptos::prelude::*;

/// An SVG chart from markup built by [`crate::chart`].
#[component]
pub fn Chart(
    /// SVG markup from one of the `crate::chart::*_svg` functions.
    svg: String,
) -> impl IntoView {
    view! { <div class="chart-box" inner_html=svg></div> }
}

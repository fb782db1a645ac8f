//! SVG charts: histogram, S-curve, tornado and uncertainty Gantt. Geometry comes from
//! [`crate::chart`]; these components only draw it. Each chart has a text description
//! for screen readers, and colours come from CSS so dark mode and print work.

use crate::chart::{histogram_bars, line_path, ticks, Scale};
use crate::engine::{Bin, CurvePoint, Driver, TaskForecast};
use crate::format::{compact, percent};
use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;

/// A vertical marker on a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub value: f64,
    pub label: String,
    pub class: &'static str,
}

fn x_axis(scale: Scale, lo: f64, hi: f64, unit: &str) -> impl IntoView {
    let y = H - BOTTOM;
    let unit = unit.to_owned();
    view! {
        <g class="chart__axis">
            <line x1=LEFT y1=y x2=W - RIGHT y2=y />
            {ticks(lo, hi, 6).into_iter().map(|t| {
                let x = scale.map(t);
                view! {
                    <line x1=x y1=y x2=x y2=y + 4.0 />
                    <text x=x y=y + 16.0 text-anchor="middle">{compact(t)}</text>
                }
            }).collect_view()}
            <text class="chart__axis-label" x=(LEFT + W - RIGHT) / 2.0 y=H - 4.0 text-anchor="middle">{unit}</text>
        </g>
    }
}

fn markers(scale: Scale, markers: Vec<Marker>) -> impl IntoView {
    markers
        .into_iter()
        .map(|m| {
            let x = scale.map(m.value);
            view! {
                <g class=format!("chart__marker {}", m.class)>
                    <line x1=x y1=TOP x2=x y2=H - BOTTOM />
                    <text x=x + 3.0 y=TOP + 10.0>{m.label}</text>
                </g>
            }
        })
        .collect_view()
}

/// A histogram of simulated outcomes with markers such as P50 and P80.
#[component]
pub fn Histogram(
    /// The bins from the forecast.
    bins: Vec<Bin>,
    /// What the x axis measures, with its unit.
    #[prop(into)]
    unit: String,
    /// Vertical markers.
    markers_at: Vec<Marker>,
    /// A sentence describing the chart for screen readers.
    description: String,
) -> impl IntoView {
    let lo = bins.first().map_or(0.0, |b| b.from);
    let hi = bins.last().map_or(1.0, |b| b.to);
    let tallest = bins.iter().map(|b| b.share).fold(0.0, f64::max);
    let x = Scale::new((lo, hi), (LEFT, W - RIGHT));
    let y = Scale::new((0.0, tallest.max(1e-9)), (H - BOTTOM, TOP));
    let triples: Vec<_> = bins.iter().map(|b| (b.from, b.to, b.share)).collect();
    let bars = histogram_bars(&triples, &x, &y);
    let label = description.clone();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <title>{description}</title>
            <g class="chart__bars">
                {bars.into_iter().map(|r| view! {
                    <rect x=r.x y=r.y width=(r.width - 1.0).max(0.5) height=r.height />
                }).collect_view()}
            </g>
            {x_axis(x, lo, hi, &unit)}
            {markers(x, markers_at)}
        </svg>
    }
}

/// The cumulative probability of finishing at or below each value.
#[component]
pub fn SCurve(
    /// The S-curve points from the forecast.
    points: Vec<CurvePoint>,
    /// What the x axis measures, with its unit.
    #[prop(into)]
    unit: String,
    /// Vertical markers (targets).
    markers_at: Vec<Marker>,
    /// A sentence describing the chart for screen readers.
    description: String,
) -> impl IntoView {
    let lo = points.first().map_or(0.0, |p| p.value);
    let hi = points.last().map_or(1.0, |p| p.value);
    let lo = markers_at.iter().map(|m| m.value).fold(lo, f64::min);
    let hi = markers_at.iter().map(|m| m.value).fold(hi, f64::max);
    let x = Scale::new((lo, hi), (LEFT, W - RIGHT));
    let y = Scale::new((0.0, 1.0), (H - BOTTOM, TOP));
    let path = line_path(
        &points
            .iter()
            .map(|p| (p.value, p.probability))
            .collect::<Vec<_>>(),
        &x,
        &y,
    );
    let label = description.clone();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <title>{description}</title>
            <g class="chart__axis">
                {[0.0, 0.5, 0.8, 1.0].into_iter().map(|p| {
                    let yy = y.map(p);
                    view! {
                        <line class="chart__grid" x1=LEFT y1=yy x2=W - RIGHT y2=yy />
                        <text x=LEFT - 4.0 y=yy + 4.0 text-anchor="end">{percent(p)}</text>
                    }
                }).collect_view()}
            </g>
            <path class="chart__line" d=path />
            {x_axis(x, lo, hi, &unit)}
            {markers(x, markers_at)}
        </svg>
    }
}

/// The inputs whose uncertainty moves the result most, as horizontal bars of rank
/// correlation.
#[component]
pub fn Tornado(
    /// Drivers sorted by strength.
    drivers: Vec<Driver>,
    /// A sentence describing the chart for screen readers.
    description: String,
) -> impl IntoView {
    let row = 26.0;
    let label_w = 220.0;
    let height = TOP + row * drivers.len().max(1) as f64 + 8.0;
    let x = Scale::new((-1.0, 1.0), (label_w, W - RIGHT));
    let mid = x.map(0.0);
    let label = description.clone();
    view! {
        <svg class="chart chart--tornado" viewBox=format!("0 0 {W} {height}") role="img" aria-label=label>
            <title>{description}</title>
            <line class="chart__axis-line" x1=mid y1=TOP - 4.0 x2=mid y2=height - 4.0 />
            {drivers.into_iter().enumerate().map(|(i, d)| {
                let y = TOP + row * i as f64;
                let end = x.map(d.rho.clamp(-1.0, 1.0));
                let (bx, bw) = if end >= mid { (mid, end - mid) } else { (end, mid - end) };
                let name: String = d.name.chars().take(32).collect();
                view! {
                    <text x=label_w - 6.0 y=y + 15.0 text-anchor="end">{name}</text>
                    <rect class={if d.rho >= 0.0 { "chart__bar--up" } else { "chart__bar--down" }}
                        x=bx y=y + 3.0 width=bw.max(1.0) height=row - 8.0 />
                    <text x={if d.rho >= 0.0 { end + 4.0 } else { end - 4.0 }} y=y + 15.0
                        text-anchor={if d.rho >= 0.0 { "start" } else { "end" }}>{format!("{:.2}", d.rho)}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// Tasks on a working-day axis: a solid bar from P50 start to P50 finish, a lighter
/// extension to the P80 finish, and the task's criticality.
#[component]
pub fn Gantt(
    /// Per-task forecasts.
    tasks: Vec<TaskForecast>,
    /// A sentence describing the chart for screen readers.
    description: String,
) -> impl IntoView {
    let row = 22.0;
    let label_w = 220.0;
    let crit_w = 48.0;
    let axis_h = 28.0;
    let height = TOP + row * tasks.len().max(1) as f64 + axis_h;
    let hi = tasks.iter().map(|t| t.finish_p80).fold(1.0, f64::max);
    let x = Scale::new((0.0, hi), (label_w, W - RIGHT - crit_w));
    let base = height - axis_h;
    let label = description.clone();
    view! {
        <svg class="chart chart--gantt" viewBox=format!("0 0 {W} {height}") role="img" aria-label=label>
            <title>{description}</title>
            <text class="chart__axis-label" x=W - RIGHT y=TOP - 2.0 text-anchor="end">"critical"</text>
            {tasks.into_iter().enumerate().map(|(i, t)| {
                let y = TOP + row * i as f64;
                let s = x.map(t.start_p50);
                let f50 = x.map(t.finish_p50.max(t.start_p50));
                let f80 = x.map(t.finish_p80.max(t.finish_p50));
                let name: String = t.name.chars().take(32).collect();
                let critical = if t.criticality >= 0.5 { "chart__bar--critical" } else { "chart__bar--p50" };
                view! {
                    <text x=label_w - 6.0 y=y + 14.0 text-anchor="end">{name}</text>
                    <rect class="chart__bar--p80" x=s y=y + 4.0 width=(f80 - s).max(1.0) height=row - 8.0 />
                    <rect class=critical x=s y=y + 4.0 width=(f50 - s).max(1.0) height=row - 8.0 />
                    <text x=W - RIGHT y=y + 14.0 text-anchor="end">{percent(t.criticality)}</text>
                }
            }).collect_view()}
            <g class="chart__axis">
                <line x1=label_w y1=base x2=W - RIGHT - crit_w y2=base />
                {ticks(0.0, hi, 6).into_iter().map(|t| {
                    let xx = x.map(t);
                    view! { <text x=xx y=base + 14.0 text-anchor="middle">{compact(t)}</text> }
                }).collect_view()}
                <text class="chart__axis-label" x=(label_w + W - RIGHT - crit_w) / 2.0 y=height - 2.0 text-anchor="middle">"working days from start"</text>
            </g>
        </svg>
    }
}

//! The Progress section's track record: the history of every project in this browser
//! goes to the worker with the open project, which draws the record and, when the box
//! is ticked, runs the forecast with it.

use super::markup_host::{working, Host, HostProps, Target};
use super::project::ProjectCtx;
use super::{worker, Store};
use crate::engine::calibration::{finished_ratio, history, reference_class};
use crate::markup::progress::{Tracked, TRACK_RECORD};
use leptos::prelude::*;

/// The Overview's line on the reference class of the browser's finished projects
/// (docs/MODEL.md R160), once there are enough of them.
#[component]
pub fn ReferenceClassLine() -> impl IntoView {
    let store = Store::get();
    let ctx = ProjectCtx::get();
    move || {
        let confidence = ctx.read(0.8, |p| p.settings.confidence);
        let finished: Vec<f64> = store
            .projects
            .with(|ps| ps.iter().filter_map(finished_ratio).collect());
        reference_class(&finished, confidence).map(|rc| {
            let pct = |x: f64| format!("{}%", (x * 100.0).round());
            view! {
                <p class="reference-class">
                    {format!(
                        "Reference class: {} finished projects in this browser. To be right with {} confidence the way they were, add {} to a plan's estimate.",
                        rc.n,
                        pct(confidence),
                        pct(rc.uplift.max(0.0)),
                    )}
                </p>
            }
        })
    }
}

/// The track record, with its "forecast with our track record" switch.
#[component]
pub fn TrackRecord() -> impl IntoView {
    let store = Store::get();
    let ctx = ProjectCtx::get();
    let with_record = RwSignal::new(false);
    let tracked = Memo::new(move |_| {
        let project = ctx.project.get()?;
        // The open project as it is now, with every other stored project.
        let history = store.projects.with(|ps| {
            history(
                ps.iter()
                    .filter(|p| p.id != project.id)
                    .chain(std::iter::once(&project)),
            )
        });
        Some(Tracked {
            project,
            history,
            with_record: with_record.get(),
        })
    });
    let result = worker::computed(tracked, TRACK_RECORD.job, TRACK_RECORD.render);
    let html = Signal::derive(move || result.get().unwrap_or_else(working));
    view! {
        <p class="check-row">
            <label>
                <input
                    type="checkbox"
                    id="with-track-record"
                    on:change=move |ev| with_record.set(event_target_checked(&ev))
                />
                " Forecast with our track record"
            </label>
        </p>
        {Host(HostProps {
            html,
            target: Target::project(None),
            editable: false,
            keep_typing: false,
            state: None,
        })}
    }
}

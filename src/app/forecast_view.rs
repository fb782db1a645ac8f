//! The Forecast section: settings, the percentile table, histograms, S-curves with
//! targets, the tornado of top drivers, stage forecasts and the uncertainty Gantt.

use super::charts::Chart;
use super::fields::NumberField;
use super::project::ProjectCtx;
use crate::chart::{gantt_svg, histogram_svg, s_curve_svg, tornado_svg, GanttBar, Marker};
use crate::engine::calendar::Calendar;
use crate::engine::{Forecast, Summary};
use crate::format::{days, money, percent, thousands};
use crate::model::{Date, Project, SimSettings};
use leptos::prelude::*;

/// The whole Forecast section.
#[component]
pub fn ForecastSection() -> impl IntoView {
    let ctx = ProjectCtx::get();
    view! {
        <Settings />
        {move || match ctx.forecast.get() {
            None => view! { <p class="muted" role="status">"Running the simulation…"</p> }.into_any(),
            Some(Err(errors)) => view! { <super::overview::Problems errors=errors /> }.into_any(),
            Some(Ok(f)) => {
                let project = ctx.project.get_untracked();
                project.map(|p| view! { <ForecastBody f=f p=p /> }.into_any()).unwrap_or_else(|| ().into_any())
            }
        }}
    }
}

/// Trials, seed, confidence and targets.
#[component]
fn Settings() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let setting =
        move |f: fn(&SimSettings) -> f64| Signal::derive(move || ctx.read(0.0, |p| f(&p.settings)));
    let target_raw = RwSignal::new(ctx.read(String::new(), |p| {
        p.settings
            .target_date
            .map(|d| d.to_string())
            .unwrap_or_default()
    }));
    let target_error = RwSignal::new(None::<String>);
    view! {
        <div class="form-grid form-grid--compact">
            <NumberField label="Trials" visible_label=true value=setting(|s| f64::from(s.trials))
                error=ctx.error_signal("settings.trials".into())
                on_change=move |v: f64| ctx.update(move |p| p.settings.trials = v.clamp(0.0, f64::from(u32::MAX)) as u32) />
            <NumberField label="Seed" visible_label=true value=setting(|s| s.seed as f64)
                on_change=move |v: f64| ctx.update(move |p| p.settings.seed = v.clamp(0.0, 9.0e15) as u64) />
            <NumberField label="Confidence (%)" visible_label=true value=setting(|s| (s.confidence * 100.0).round())
                error=ctx.error_signal("settings.confidence".into())
                on_change=move |v: f64| ctx.update(move |p| p.settings.confidence = v / 100.0) />
            <div class="field">
                <label class="field__label" for="target-date">"Target date"</label>
                <input id="target-date" type="date" aria-describedby="target-date-error"
                    prop:value=target_raw
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        target_raw.set(text.clone());
                        if text.trim().is_empty() {
                            target_error.set(None);
                            ctx.update(|p| p.settings.target_date = None);
                        } else {
                            match Date::parse(&text) {
                                Ok(d) => { target_error.set(None); ctx.update(move |p| p.settings.target_date = Some(d)); }
                                Err(e) => target_error.set(Some(e.to_string())),
                            }
                        }
                    } />
                <span id="target-date-error" class="field-error" role="status">{move || target_error.get()}</span>
            </div>
            <NumberField label="Target budget" visible_label=true
                value=setting(|s| s.target_budget.unwrap_or(0.0))
                error=ctx.error_signal("settings.target_budget".into())
                on_change=move |v: f64| ctx.update(move |p| p.settings.target_budget = (v > 0.0).then_some(v)) />
        </div>
    }
}

fn summary_cells(s: &Summary, show: impl Fn(f64) -> String) -> impl IntoView {
    [s.mean, s.p10, s.p50, s.p80, s.p90, s.p95]
        .into_iter()
        .map(|v| view! { <td class="num">{show(v)}</td> })
        .collect_view()
}

/// The percentile table: the forecast's key numbers as text.
#[component]
pub fn PercentileTable(f: Forecast, currency: String) -> impl IntoView {
    let d = &f.finish;
    let dates = [d.mean, d.p10, d.p50, d.p80, d.p90, d.p95];
    let cur = currency.clone();
    view! {
        <table class="data-table percentile-table">
            <caption>{format!("Forecast from {} trials", thousands(f64::from(f.trials)))}</caption>
            <thead><tr>
                <th scope="col">"Measure"</th><th scope="col">"Mean"</th><th scope="col">"P10"</th>
                <th scope="col">"P50"</th><th scope="col">"P80"</th><th scope="col">"P90"</th>
                <th scope="col">"P95"</th><th scope="col">"Sum of most likely"</th>
            </tr></thead>
            <tbody>
                <tr><th scope="row">"Effort (person-days)"</th>{summary_cells(&f.effort, thousands)}<td class="num">{thousands(f.plan.effort)}</td></tr>
                <tr><th scope="row">"Duration (working days)"</th>{summary_cells(&f.duration, thousands)}<td class="num">{thousands(f.plan.duration)}</td></tr>
                <tr><th scope="row">"Finish date"</th>
                    {dates.into_iter().map(|d| view! { <td class="num">{d.to_string()}</td> }).collect_view()}
                    <td class="num">{f.plan.finish.to_string()}</td></tr>
                <tr><th scope="row">{format!("Cost ({currency})")}</th>{summary_cells(&f.cost, thousands)}<td class="num">{thousands(f.plan.cost)}</td></tr>
            </tbody>
        </table>
        <p class="muted">{format!(
            "Contingency for P{:.0}: {} and {} on top of the sum-of-most-likely plan.",
            f.contingency.confidence * 100.0, days(f.contingency.duration_buffer), money(f.contingency.cost_buffer, &cur)
        )}</p>
    }
}

/// Everything drawn from one forecast.
#[component]
fn ForecastBody(f: Forecast, p: Project) -> impl IntoView {
    let currency = p.currency.clone();
    let cal = Calendar::new(&p, f.duration.max + 30.0);
    let target_days = p
        .settings
        .target_date
        .and_then(|d| cal.working_days_through(d));
    let pct = |m: f64, label, kind| Marker {
        value: m,
        label,
        kind,
    };
    let mut duration_marks = vec![
        pct(f.duration.p50, "P50", "p50"),
        pct(f.duration.p80, "P80", "p80"),
    ];
    let mut curve_marks = Vec::new();
    if let Some(t) = target_days {
        duration_marks.push(pct(t, "target", "target"));
        curve_marks.push(pct(t, "target", "target"));
    }
    let mut cost_marks = vec![pct(f.cost.p50, "P50", "p50"), pct(f.cost.p80, "P80", "p80")];
    let mut cost_curve_marks = Vec::new();
    if let Some(b) = p.settings.target_budget {
        cost_marks.push(pct(b, "budget", "target"));
        cost_curve_marks.push(pct(b, "budget", "target"));
    }
    let target_text = match (f.probability_by_target_date, p.settings.target_date) {
        (Some(pr), Some(d)) => format!("{} chance to finish by {d}.", percent(pr)),
        _ => "Set a target date to see the chance of meeting it.".into(),
    };
    let budget_text = match (f.probability_within_budget, p.settings.target_budget) {
        (Some(pr), Some(b)) => format!(
            "{} chance to stay within {}.",
            percent(pr),
            money(b, &currency)
        ),
        _ => "Set a target budget to see the chance of staying within it.".into(),
    };
    let bins = |bs: &[crate::engine::Bin]| {
        bs.iter()
            .map(|b| (b.from, b.to, b.share))
            .collect::<Vec<_>>()
    };
    let curve = |cs: &[crate::engine::CurvePoint]| {
        cs.iter()
            .map(|c| (c.value, c.probability))
            .collect::<Vec<_>>()
    };
    let drivers = |ds: &[crate::engine::Driver]| {
        ds.iter()
            .take(8)
            .map(|d| (d.name.clone(), d.rho))
            .collect::<Vec<_>>()
    };
    let gantt: Vec<GanttBar> = f
        .tasks
        .iter()
        .map(|t| GanttBar {
            name: t.name.clone(),
            start_p50: t.start_p50,
            finish_p50: t.finish_p50,
            finish_p80: t.finish_p80,
            criticality: t.criticality,
        })
        .collect();
    let charts = [
        (
            "Duration: how often each outcome came up",
            histogram_svg(
                &bins(&f.duration_histogram),
                "working days",
                &duration_marks,
                &format!(
                    "Histogram of duration: P50 {} and P80 {} working days.",
                    thousands(f.duration.p50),
                    thousands(f.duration.p80)
                ),
            ),
            None,
        ),
        (
            "Duration: chance to finish within",
            s_curve_svg(
                &curve(&f.duration_curve),
                "working days",
                &curve_marks,
                &format!("S-curve of duration. {target_text}"),
            ),
            Some(target_text.clone()),
        ),
        (
            "Cost: how often each outcome came up",
            histogram_svg(
                &bins(&f.cost_histogram),
                &currency,
                &cost_marks,
                &format!(
                    "Histogram of cost: P50 {} and P80 {}.",
                    money(f.cost.p50, &currency),
                    money(f.cost.p80, &currency)
                ),
            ),
            None,
        ),
        (
            "Cost: chance to stay within",
            s_curve_svg(
                &curve(&f.cost_curve),
                &currency,
                &cost_curve_marks,
                &format!("S-curve of cost. {budget_text}"),
            ),
            Some(budget_text.clone()),
        ),
    ];
    let tornadoes = [
        (
            "Duration drivers",
            tornado_svg(
                &drivers(&f.sensitivity.duration),
                &driver_text("duration", &f.sensitivity.duration),
            ),
        ),
        (
            "Cost drivers",
            tornado_svg(
                &drivers(&f.sensitivity.cost),
                &driver_text("cost", &f.sensitivity.cost),
            ),
        ),
    ];
    view! {
        <PercentileTable f=f.clone() currency=currency.clone() />
        <div class="chart-grid">
            {charts.into_iter().map(|(caption, svg, note)| view! {
                <figure>
                    <figcaption>{caption}</figcaption>
                    <Chart svg=svg />
                    {note.map(|n| view! { <p class="chart-note">{n}</p> })}
                </figure>
            }).collect_view()}
        </div>
        <h3>"What drives the uncertainty"</h3>
        <p class="muted">{format!("Rank correlation with duration and cost (from {} trials); longer bars matter more.", thousands(f64::from(f.sensitivity.trials)))}</p>
        <div class="chart-grid">
            {tornadoes.into_iter().map(|(caption, svg)| view! {
                <figure><figcaption>{caption}</figcaption><Chart svg=svg /></figure>
            }).collect_view()}
        </div>
        <StageTable f=f.clone() currency=currency.clone() />
        <h3>"Schedule"</h3>
        <p class="muted">"Bars run from the P50 start to the P50 finish; the lighter part reaches the P80 finish. Red bars are on the critical path in at least half the trials."</p>
        <figure class="chart-wide">
            <Chart svg=gantt_svg(&gantt, &format!("Uncertainty Gantt chart of {} tasks.", gantt.len())) />
        </figure>
    }
}

fn driver_text(what: &str, drivers: &[crate::engine::Driver]) -> String {
    let names: Vec<String> = drivers
        .iter()
        .take(3)
        .map(|d| format!("{} ({:.2})", d.name, d.rho))
        .collect();
    if names.is_empty() {
        format!("No input moves the {what}.")
    } else {
        format!("Top {what} drivers: {}.", names.join(", "))
    }
}

/// Cumulative forecasts through each stage.
#[component]
pub fn StageTable(f: Forecast, currency: String) -> impl IntoView {
    view! {
        <table class="data-table">
            <caption>"Forecast through each stage (cumulative)"</caption>
            <thead><tr>
                <th scope="col">"Through"</th><th scope="col">"Tasks"</th>
                <th scope="col">"P50 finish"</th><th scope="col">"P80 finish"</th>
                <th scope="col">"P50 cost"</th><th scope="col">"P80 cost"</th>
            </tr></thead>
            <tbody>
                {f.stages.into_iter().map(|s| view! {
                    <tr>
                        <th scope="row">{s.stage.label()}</th>
                        <td class="num">{s.tasks}</td>
                        <td class="num">{s.finish.p50.to_string()}</td>
                        <td class="num">{s.finish.p80.to_string()}</td>
                        <td class="num">{money(s.cost.p50, &currency)}</td>
                        <td class="num">{money(s.cost.p80, &currency)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

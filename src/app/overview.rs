//! The Overview section: the headline forecast against the sum-of-most-likely plan, the
//! feasibility gate, the stages, the top drivers, and anything that needs fixing.

use super::forecast_view::StageTable;
use super::project::ProjectCtx;
use crate::engine::{risk_exposures, Forecast};
use crate::format::{days, money, percent};
use crate::model::validate::FieldError;
use crate::model::Project;
use leptos::prelude::*;

/// The Overview section.
#[component]
pub fn OverviewSection() -> impl IntoView {
    let ctx = ProjectCtx::get();
    view! {
        {move || match ctx.forecast.get() {
            None => view! { <p class="muted" role="status">"Running the simulation…"</p> }.into_any(),
            Some(Err(errors)) => view! { <Problems errors=errors /> }.into_any(),
            Some(Ok(f)) => match ctx.project.get_untracked() {
                Some(p) if !p.tasks.is_empty() => view! { <Headline f=f p=p /> }.into_any(),
                _ => view! { <EmptyPlan /> }.into_any(),
            },
        }}
    }
}

#[component]
fn EmptyPlan() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let tasks = super::workspace::section_href(&ctx.id(), crate::route::Section::Tasks);
    view! {
        <p>"This project has no tasks yet. " <a href=tasks>"Add tasks"</a>
            " with three-point estimates and the forecast appears here."</p>
    }
}

/// The headline and its supporting figures.
#[component]
fn Headline(f: Forecast, p: Project) -> impl IntoView {
    let c = p.currency.clone();
    let conf = (p.settings.confidence * 100.0).round();
    let conf_finish = f.contingency.finish;
    let gap_days = f.contingency.duration_buffer;
    let gap_cost = f.contingency.cost_buffer;
    let gate = f.gate.clone();
    let drivers: Vec<_> = f.sensitivity.duration.iter().take(3).cloned().collect();
    view! {
        <div class="headline" role="group" aria-label="Headline forecast">
            <p class="headline__main">
                <strong>{format!("{conf:.0}% chance")}</strong>
                " to finish by "
                <strong class="headline__date">{conf_finish.to_string()}</strong>
                " for "
                <strong class="headline__cost">{money(f.contingency.cost, &c)}</strong>
                " or less."
            </p>
            <p class="headline__plan">
                {format!(
                    "The sum-of-most-likely plan says {} for {}: {} and {} short of P{conf:.0}.",
                    f.plan.finish, money(f.plan.cost, &c), days(gap_days), money(gap_cost, &c)
                )}
            </p>
        </div>
        <dl class="kpis">
            <div><dt>"P50 finish"</dt><dd>{f.finish.p50.to_string()}</dd></div>
            <div><dt>"P80 finish"</dt><dd class="kpi-p80-finish">{f.finish.p80.to_string()}</dd></div>
            <div><dt>"P50 cost"</dt><dd>{money(f.cost.p50, &c)}</dd></div>
            <div><dt>"P80 cost"</dt><dd class="kpi-p80-cost">{money(f.cost.p80, &c)}</dd></div>
            <div><dt>"P80 effort"</dt><dd>{format!("{:.0} person-days", f.effort.p80)}</dd></div>
        </dl>
        {gate.enabled.then(|| view! {
            <div class="callout" role="note">
                <h3>"Feasibility gate"</h3>
                <p>{format!(
                    "In {} of trials the model does not reach the minimum performance by the end of the MVP's evaluation and the project stops there, having spent {} on average. Over all trials the expected spend is {}. The figures above are for the project going ahead.",
                    percent(gate.stop_rate), money(gate.mean_cost_if_stopped, &c), money(gate.expected_cost, &c)
                )}</p>
            </div>
        })}
        <StageTable f=f.clone() currency=c.clone() />
        <RiskSummary p=p.clone() />
        <h3>"Top drivers of the finish date"</h3>
        <ol class="drivers">
            {drivers.into_iter().map(|d| view! { <li>{format!("{} (rank correlation {:.2})", d.name, d.rho)}</li> }).collect_view()}
        </ol>
    }
}

/// The risks the simulation includes, largest expected cost first.
#[component]
fn RiskSummary(p: Project) -> impl IntoView {
    let exposures = risk_exposures(&p);
    (!exposures.is_empty()).then(|| {
        let adopted = |id| p.risks.iter().any(|r| r.id == id && r.mitigation.adopted);
        view! {
            <table class="data-table">
                <caption>"Risks included in the forecast, by expected cost"</caption>
                <thead><tr>
                    <th scope="col">"Risk"</th><th scope="col">"Chance"</th>
                    <th scope="col">"Expected extra days"</th><th scope="col">"Expected cost"</th>
                    <th scope="col">"Mitigation adopted"</th>
                </tr></thead>
                <tbody>
                    {exposures.iter().map(|e| view! {
                        <tr>
                            <th scope="row">{e.title.clone()}</th>
                            <td class="num">{percent(e.probability)}</td>
                            <td class="num">{format!("{:.1}", e.exposure_days)}</td>
                            <td class="num">{money(e.exposure_cost, &p.currency)}</td>
                            <td>{if adopted(e.id) { "yes" } else { "no" }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    })
}

/// The list of problems that stop the forecast, each naming its field.
#[component]
pub fn Problems(errors: Vec<FieldError>) -> impl IntoView {
    view! {
        <div class="callout callout--error" role="alert">
            <h3>"The forecast needs a few fixes"</h3>
            <ul>
                {errors.into_iter().take(20).map(|e| view! { <li><code>{e.path}</code>": " {e.message}</li> }).collect_view()}
            </ul>
        </div>
    }
}

//! The stakeholder view of a share link: the plan read-only, laid out for someone who
//! has never seen Yardstick, with "Save a copy to my projects".

use super::forecast_view::{PercentileTable, StageTable};
use super::overview::Headline;
use super::shell::Problem;
use super::state::new_id;
use super::Store;
use crate::engine::{self, risk_exposures};
use crate::format::{money, percent, plain, thousands};
use crate::model::{FactorKind, FactorLevel, Project};
use crate::route::{navigate, Route, Section};
use crate::share;
use leptos::prelude::*;

/// Opens a share link's payload, or explains why it cannot.
#[component]
pub fn SharedView(
    /// The encoded plan from the link.
    payload: String,
) -> impl IntoView {
    match share::decode(&payload) {
        Ok(project) => view! { <SharedPlan project=project /> }.into_any(),
        Err(e) => view! {
            <Problem title="This link cannot be opened">
                {format!("The plan in this link could not be read: {e}. Ask the sender for a new link or for the plan as a JSON file.")}
            </Problem>
        }
        .into_any(),
    }
}

#[component]
fn SharedPlan(project: Project) -> impl IntoView {
    let store = Store::get();
    let saved = RwSignal::new(false);
    let to_save = project.clone();
    let save = move |_| {
        let mut copy = to_save.clone();
        copy.id = new_id();
        let id = copy.id.clone();
        store.add_project(copy);
        saved.set(true);
        navigate(&Route::Project { id, section: Section::Overview });
    };
    let forecast = engine::forecast(&project);
    let c = project.currency.clone();
    view! {
        <article class="shared">
            <div class="shared__bar">
                <p>"A plan shared with you. It is read-only here; save a copy to change it."</p>
                <button type="button" class="button button--primary" on:click=save disabled=saved>"Save a copy to my projects"</button>
            </div>
            <h1>{project.name.clone()}</h1>
            {(!project.description.is_empty()).then(|| view! { <p class="shared__description">{project.description.clone()}</p> })}
            {match forecast {
                Err(errors) => view! { <super::overview::Problems errors=errors /> }.into_any(),
                Ok(f) => view! {
                    <Headline f=f.clone() p=project.clone() />
                    <h2>"Forecast"</h2>
                    <PercentileTable f=f.clone() currency=c.clone() />
                    <h2>"Stages"</h2>
                    <StageTable f=f currency=c.clone() />
                }.into_any(),
            }}
            <TopRisks project=project.clone() />
            <Budget project=project.clone() />
            <Assumptions project=project />
        </article>
    }
}

#[component]
fn TopRisks(project: Project) -> impl IntoView {
    let exposures: Vec<_> = risk_exposures(&project).into_iter().take(8).collect();
    let c = project.currency.clone();
    view! {
        <h2>"Top risks"</h2>
        {if exposures.is_empty() {
            view! { <p>"No risks are registered."</p> }.into_any()
        } else {
            view! {
                <table class="data-table">
                    <caption>"Risks by expected cost (probability × impact)"</caption>
                    <thead><tr><th scope="col">"Risk"</th><th scope="col">"Probability"</th><th scope="col">"Expected days"</th><th scope="col">"Expected cost"</th><th scope="col">"Mitigation"</th></tr></thead>
                    <tbody>
                        {exposures.into_iter().map(|e| {
                            let r = project.risks.iter().find(|r| r.id == e.id).cloned();
                            let mitigation = r.map(|r| {
                                let state = if r.mitigation.adopted { "adopted" } else { "proposed" };
                                if r.mitigation.description.is_empty() { String::new() } else { format!("{} ({state})", r.mitigation.description) }
                            }).unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{e.title}</th>
                                    <td class="num">{percent(e.probability)}</td>
                                    <td class="num">{thousands(e.exposure_days)}</td>
                                    <td class="num">{money(e.exposure_cost, &c)}</td>
                                    <td>{mitigation}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
fn Budget(project: Project) -> impl IntoView {
    let c = project.currency.clone();
    view! {
        <h2>"Team and budget"</h2>
        <table class="data-table">
            <caption>"Team"</caption>
            <thead><tr><th scope="col">"Role"</th><th scope="col">"Headcount (FTE)"</th><th scope="col">"Day rate"</th></tr></thead>
            <tbody>
                {project.team.iter().map(|r| view! {
                    <tr><th scope="row">{r.name.clone()}</th><td class="num">{plain(r.headcount)}</td><td class="num">{money(r.day_rate, &c)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        {(!project.fixed_costs.is_empty()).then(|| view! {
            <table class="data-table">
                <caption>"Fixed costs"</caption>
                <thead><tr><th scope="col">"Item"</th><th scope="col">"Stage"</th><th scope="col">"Amount"</th></tr></thead>
                <tbody>
                    {project.fixed_costs.iter().map(|f| view! {
                        <tr><th scope="row">{f.name.clone()}</th><td>{f.stage.label()}</td><td class="num">{money(f.amount, &c)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

#[component]
fn Assumptions(project: Project) -> impl IntoView {
    let answered: Vec<(FactorKind, FactorLevel)> = FactorKind::ALL
        .into_iter()
        .map(|k| (k, project.factor_level(k)))
        .filter(|(_, l)| *l != FactorLevel::No)
        .collect();
    view! {
        <h2>"Assumptions and method"</h2>
        <ul>
            <li>{format!("Work starts on {} with {} working days a week and {} holidays.", project.start_date, project.working_days_per_week, project.holidays.len())}</li>
            <li>{format!("{} tasks, each estimated as optimistic, most likely and pessimistic effort in person-days.", project.tasks.len())}</li>
            {answered.into_iter().map(|(k, l)| view! { <li>{format!("{} — {}", k.label(), l.label())}</li> }).collect_view()}
            <li>{format!("Monte Carlo simulation with {} trials (seed {}): efforts, complexity multipliers and risks are sampled in every trial; the schedule honours dependencies and team capacity.", thousands(f64::from(project.settings.trials)), project.settings.seed)}</li>
            {project.gate.enabled.then(|| view! { <li>{format!("Feasibility gate: {} chance that the model reaches the minimum performance by the end of the MVP's evaluation; otherwise the project stops there.", percent(project.gate.probability))}</li> })}
        </ul>
    }
}

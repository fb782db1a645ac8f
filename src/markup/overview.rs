//! The Overview section's markup: the headline forecast against the sum-of-most-likely
//! plan, the key figures, the feasibility gate, the stages, the risks included and the
//! top drivers (drawn from the forecast in the engine's worker,
//! [`crate::markup::ForecastParts`]), or what needs fixing first; and the bridge from
//! the plan to the confidence level ([`BRIDGE`], drawn there too).

use super::forecast::{refining, shown, stage_table};
use crate::chart::waterfall_svg;
use crate::engine::{risk_exposures, risks_without_tasks, Bridge, Forecast};
use crate::format::{compact, days, fixed, money, percent, thousands};
use crate::html;
use crate::html::Html;
use crate::jobs::{Job, Part};
use crate::markup::{drawn, Slow, View};
use crate::model::Project;
use crate::report::{gate_sentence, if_gate_passed};
use crate::route::{Route, Section};

/// The headline sentence and the plan it is compared with.
pub fn headline(p: &Project, f: &Forecast) -> Html {
    let c = &p.currency;
    let conf = fixed((p.settings.confidence * 100.0).round(), 0);
    html!(
        r#"<div class="headline" role="group" aria-label="Headline forecast"><p class="headline__main"><strong>{0}% chance</strong> to finish by <strong class="headline__date">{1}</strong> for <strong class="headline__cost">{2}</strong> or less{7}.</p>{8}<p class="headline__plan">The sum-of-most-likely plan says {3} for {4}: {5} and {6} short of P{0}.</p></div>"#,
        conf,
        f.contingency.finish,
        money(f.contingency.cost, c),
        f.plan.finish,
        money(f.plan.cost, c),
        days(f.contingency.duration_buffer),
        money(f.contingency.cost_buffer, c),
        if_gate_passed(f),
        gate_sentence(f)
            .map(|s| html!(r#"<p class="headline__gate">{}</p>"#, s))
            .unwrap_or_default(),
    )
}

/// The key figures.
pub fn kpis(p: &Project, f: &Forecast) -> Html {
    let c = &p.currency;
    html!(
        r#"<dl class="kpis"><div><dt><abbr title="The median: half of the simulated trials finish by then, or cost no more">P50</abbr> finish</dt><dd>{}</dd></div><div><dt><abbr title="The 80th percentile: 80% of the simulated trials finish by then, or cost no more">P80</abbr> finish</dt><dd class="kpi-p80-finish">{}</dd></div><div><dt>P50 cost</dt><dd>{}</dd></div><div><dt>P80 cost</dt><dd class="kpi-p80-cost">{}</dd></div><div><dt>P80 effort</dt><dd>{} person-days</dd></div></dl>"#,
        f.finish.p50,
        f.finish.p80,
        money(f.cost.p50, c),
        money(f.cost.p80, c),
        fixed(f.effort.p80, 0)
    )
}

/// What the feasibility gate does to the forecast (empty when it is off).
pub fn gate(p: &Project, f: &Forecast) -> Html {
    let g = &f.gate;
    if !g.enabled {
        return Html::new();
    }
    let c = &p.currency;
    html!(
        r#"<div class="callout" role="note"><h3>Feasibility gate</h3><p>In {} of trials the model does not reach the minimum performance by the end of the MVP's evaluation and the project stops there, having spent {} on average. Over all trials the expected spend is {}. The figures above are for the project going ahead.</p></div>"#,
        percent(g.stop_rate),
        money(g.mean_cost_if_stopped, c),
        money(g.expected_cost, c)
    )
}

/// The risks the simulation includes, largest expected cost first (empty without risks).
pub fn risk_summary(p: &Project) -> Html {
    let rows: Html = risk_exposures(p)
        .iter()
        .map(|e| {
            let adopted = p
                .risks
                .iter()
                .any(|r| r.id == e.id && r.mitigation_in_effect());
            html!(
                r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                e.title,
                percent(e.probability),
                fixed(e.exposure_days, 1),
                money(e.exposure_cost, &p.currency),
                if adopted { "yes" } else { "no" }
            )
        })
        .collect();
    if rows.is_empty() {
        return rows;
    }
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table"><caption>Risks included in the forecast, by expected cost</caption><thead><tr><th scope="col">Risk</th><th scope="col">Chance</th><th scope="col">Expected extra days</th><th scope="col">Expected cost</th><th scope="col">Mitigation adopted</th></tr></thead><tbody>{}</tbody></table></div>"#,
        rows
    )
}

/// What the forecast cannot show as the person may expect (empty when nothing).
pub fn warnings(p: &Project) -> Html {
    let items: Html = risks_without_tasks(p)
        .iter()
        .map(|(r, phase)| {
            html!(
                "<li>The risk “{}” is aimed at {}, which has no tasks: its extra effort and cost are counted, but it cannot delay the finish. Aim it at a phase or task with work, or add a task to {}.</li>",
                r.title,
                phase.label(),
                phase.label()
            )
        })
        .collect();
    if items.is_empty() {
        return items;
    }
    html!(
        r#"<div class="callout" role="note"><h3>Warnings</h3><ul>{}</ul></div>"#,
        items
    )
}

/// The whole section, drawn from the forecast.
pub fn overview(v: &View) -> Html {
    shown(v, |parts| &parts.overview)
}

/// The whole section from a forecast of `p` (drawn in the engine's worker).
pub fn draw(p: &Project, f: &Forecast) -> Html {
    if p.tasks.is_empty() {
        return html!(
            r##"<p>This project has no tasks yet. Add tasks with three-point estimates in the Tasks section and the forecast appears here.</p>"##
        );
    }
    let drivers: Html = f
        .sensitivity
        .duration
        .iter()
        .take(3)
        .map(|d| html!("<li>{} (rank correlation {})</li>", d.name, fixed(d.rho, 2)))
        .collect();
    html!(
        r#"{}{}{}{}{}{}{}<h3>Top drivers of the finish date</h3><ol class="drivers">{}</ol>"#,
        refining(p, f),
        headline(p, f),
        warnings(p),
        kpis(p, f),
        gate(p, f),
        stage_table(f, &p.currency),
        risk_summary(p),
        drivers
    )
}

/// The bridge, drawn in the engine's worker.
pub const BRIDGE: Slow = Slow {
    job: |p| Job::Draw(Part::Bridge, p.clone()),
    render: drawn,
};

/// Where the confidence level's extra days and money come from: the bridge from the
/// sum-of-most-likely plan, step by step, as two waterfalls and a table whose rows name
/// the section that sets each step, as a link when `linked` (drawn in the engine's
/// worker).
pub fn bridge(p: &Project, b: &Bridge, linked: bool) -> Html {
    let conf = fixed((b.confidence * 100.0).round(), 0);
    let total = format!("P{conf}");
    let step_days: Vec<(String, f64)> = b.steps.iter().map(|s| (s.label.clone(), s.days)).collect();
    let step_cost: Vec<(String, f64)> = b.steps.iter().map(|s| (s.label.clone(), s.cost)).collect();
    let rows: Html = b
        .steps
        .iter()
        .map(|s| {
            let link = Section::from_slug(&s.section).map(|section| {
                if !linked {
                    return html!("{}", section.label());
                }
                let href = Route::Project {
                    id: p.id.clone(),
                    section,
                }
                .href();
                html!(r#"<a href="{}">{}</a>"#, href, section.label())
            });
            html!(
                r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                s.label,
                signed_days(s.days),
                signed_money(s.cost, &p.currency),
                link.unwrap_or_default()
            )
        })
        .collect();
    let without = b
        .without_correlation
        .map(|w| {
            html!(
                r#"<p class="bridge__without">Without the correlation set on the Forecast section, P{} would be {} working days and {}.</p>"#,
                conf,
                days(w.days),
                money(w.cost, &p.currency)
            )
        })
        .unwrap_or_default();
    html!(
        r#"<section class="bridge" aria-labelledby="bridge-title"><h3 id="bridge-title">From the plan to P{0}</h3><p class="muted">Each step switches one source of uncertainty on, in this order, on the same random numbers ({1} trials each); the steps add up to the difference.</p><div class="chart-box">{2}</div><div class="chart-box">{3}</div><div class="table-scroll" tabindex="0"><table class="data-table bridge-table"><caption>The bridge from the sum-of-most-likely plan to P{0}</caption><thead><tr><th scope="col">Step</th><th scope="col">Working days</th><th scope="col">Cost</th><th scope="col">Set in</th></tr></thead><tbody><tr><th scope="row">Sum-of-most-likely plan</th><td class="num">{4}</td><td class="num">{5}</td><td></td></tr>{6}<tr class="bridge__total"><th scope="row">P{0}</th><td class="num">{7}</td><td class="num">{8}</td><td></td></tr></tbody></table></div>{9}</section>"#,
        conf,
        thousands(f64::from(b.trials)),
        waterfall_svg(
            ("Plan", b.plan.days),
            &step_days,
            (&total, b.total.days),
            |v| fixed(v, 0),
            "Working days from the plan to the confidence level, step by step"
        ),
        waterfall_svg(
            ("Plan", b.plan.cost),
            &step_cost,
            (&total, b.total.cost),
            compact,
            "Cost from the plan to the confidence level, step by step"
        ),
        days(b.plan.days),
        money(b.plan.cost, &p.currency),
        rows,
        days(b.total.days),
        money(b.total.cost, &p.currency),
        without
    )
}

/// Money with its sign (`+EUR 1,200`, `−EUR 300`).
fn signed_money(value: f64, currency: &str) -> String {
    if value >= 0.0 {
        format!("+{}", money(value, currency))
    } else {
        format!("−{}", money(-value, currency))
    }
}

/// Working days with their sign (`+3.5`, `−2.0`).
fn signed_days(value: f64) -> String {
    if value >= 0.0 {
        format!("+{}", days(value))
    } else {
        format!("−{}", days(-value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forecast;
    use crate::markup::test_support::view;
    use crate::markup::ForecastParts;
    use crate::model::templates::bike_shop;
    use crate::model::Date;

    #[test]
    fn the_bridge_adds_up_from_the_plan_to_p80_and_links_each_step_to_its_section() {
        let mut p = bike_shop("p".into(), Date::from_ymd(2026, 1, 5).unwrap());
        p.settings.trials = 2_000;
        let b = crate::engine::bridge(&p).unwrap();
        let html = BRIDGE.html_now(&p).unwrap();
        assert_eq!(html, bridge(&p, &b, true));
        assert!(html.contains("From the plan to P80"));
        let rows = html.split("<tbody>").nth(1).unwrap();
        assert_eq!(
            rows.matches("<tr").count(),
            b.steps.len() + 2,
            "the plan, each step and P80"
        );
        for s in &b.steps {
            assert!(
                html.contains(&format!(r##"href="#/p/p/{}""##, s.section)),
                "{}",
                s.section
            );
        }
        let sum: f64 = b.plan.days + b.steps.iter().map(|s| s.days).sum::<f64>();
        assert!((sum - b.total.days).abs() < 1e-6);
        assert_eq!(html.matches("chart--waterfall").count(), 2);
        // The stakeholder view names the sections without linking to a project the
        // viewer does not hold.
        let shared = bridge(&p, &b, false);
        assert!(!shared.contains("href=") && shared.contains("<td>Risks</td>"));
    }

    #[test]
    fn the_overview_states_the_headline_figures_and_lists_every_risk() {
        let mut p = bike_shop("p".into(), Date::from_ymd(2026, 1, 5).unwrap());
        p.settings.trials = 2_000;
        let f = forecast(&p).unwrap();
        let html = overview(&view(&p, Some(&ForecastParts::draw(&p, &f))));
        assert_eq!(html, draw(&p, &f), "drawn in the worker, shown as it is");
        assert!(html.contains(&format!(
            r#"<strong class="headline__date">{}</strong>"#,
            f.contingency.finish
        )));
        assert!(html.contains(&format!(
            r#"<dd class="kpi-p80-finish">{}</dd>"#,
            f.finish.p80
        )));
        assert!(html.contains("sum-of-most-likely plan says"));
        assert_eq!(p.gate.enabled, html.contains("Feasibility gate"));
        let risks = html.split("Risks included in the forecast").nth(1).unwrap();
        assert_eq!(
            risks.matches("<tr><th scope=\"row\">").count(),
            p.risks.len()
        );
        assert_eq!(html.matches("<li>").count(), 3);
    }

    #[test]
    fn a_risk_on_a_phase_without_tasks_is_explained() {
        // Protects finding 6 of #13: such a risk added cost but no delay, silently.
        let mut p = bike_shop("p".into(), Date::from_ymd(2026, 1, 5).unwrap());
        assert_eq!(warnings(&p).as_str(), "");
        p.tasks
            .retain(|t| t.phase != crate::model::Phase::Deployment);
        let aimed = p
            .risks
            .iter()
            .filter(|r| {
                r.target == crate::model::RiskTarget::Phase(crate::model::Phase::Deployment)
            })
            .count();
        assert!(aimed > 0, "the template has a risk on Deployment");
        let html = warnings(&p);
        assert_eq!(
            html.matches("which has no tasks").count(),
            aimed,
            "{}",
            html.as_str()
        );
        assert!(html.contains("is aimed at Deployment"));
    }

    #[test]
    fn an_empty_plan_says_what_to_do() {
        let p = Project::new("p", "P", Date::from_ymd(2026, 1, 5).unwrap());
        let f = forecast(&p).unwrap();
        assert!(draw(&p, &f).contains("no tasks yet"));
    }
}

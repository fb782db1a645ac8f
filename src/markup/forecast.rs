//! The Forecast section's markup: the simulation settings form, the percentile table,
//! histograms, S-curves with target lines, tornadoes of the top drivers, the stage
//! table and the uncertainty Gantt; plus the tables the Overview shares, the Tasks
//! section's live line and what every part drawn from the forecast shows while there
//! is none ([`ready`]). The figures and charts are drawn in the engine's worker
//! (`draw_…`, [`crate::markup::ForecastParts`]) and the joint confidence too
//! ([`JOINT`]).

use crate::chart::{
    gantt_svg, histogram_svg, s_curve_svg, tornado_svg, GanttBar, GanttLine, Marker, XAxis,
};
use crate::engine::calendar::Calendar;
use crate::engine::{Driver, Forecast, Summary};
use crate::form::{render_fields, seed_field, trials_field, Field, Kind, Value};
use crate::format::{
    compact, days, fixed, grouped, money, parse_money, percent, shown_date, thousands,
};
use crate::html;
use crate::html::Html;
use crate::jobs::{Job, Part};
use crate::markup::{drawn, ForecastParts, Slow, View};
use crate::model::validate::FieldError;
use crate::model::Project;
use crate::model::{Date, SimSettings};
use crate::{num_field, percent_field};

/// Trials, seed, confidence and targets.
pub static SETTINGS_FIELDS: &[Field<SimSettings>] = &[
    trials_field::<SimSettings>("Trials"),
    seed_field::<SimSettings>(),
    percent_field!("confidence", "Confidence (%)", confidence),
    Field {
        key: "target_date",
        label: "Target date (leave empty for none)",
        kind: Kind::Date,
        get: |s| Value::Text(s.target_date.map(|d| d.to_string()).unwrap_or_default()),
        set: |s, v| {
            let text = v.text();
            s.target_date = match text.trim() {
                "" => None,
                t => Some(Date::parse(t).map_err(|_| "Enter a date.")?),
            };
            Ok(())
        },
    },
    Field {
        key: "target_budget",
        label: "Target budget (leave empty for none)",
        kind: Kind::MaybeMoney,
        get: |s| Value::Text(s.target_budget.map(grouped).unwrap_or_default()),
        set: |s, v| {
            let text = v.text();
            s.target_budget = match text.trim() {
                "" => None,
                t => match parse_money(t)? {
                    b if b > 0.0 => Some(b),
                    _ => return Err("A target budget is above 0: leave the box empty for none."),
                },
            };
            Ok(())
        },
    },
    num_field!(
        "correlation.within_phase",
        "Rank correlation within a phase (0–0.95)",
        correlation.within_phase
    ),
    num_field!(
        "correlation.within_role",
        "Rank correlation within a role (0–0.95)",
        correlation.within_role
    ),
];

/// The settings form.
pub fn settings(v: &View) -> Html {
    html!(
        r#"<div class="form-grid form-grid--compact">{}</div><p class="muted settings-note">Rank correlation makes estimates move together: 0 treats every task as independent; 0.2–0.3 is a common choice when tasks of one phase or one role share causes (dirty data slows every data task). It widens P80 and P90, never the plan.</p>"#,
        render_fields(
            SETTINGS_FIELDS,
            &v.project.settings,
            "settings",
            v.project,
            v.errors
        )
    )
}

/// The problems that stop the forecast, each naming its field (at most 20).
pub fn problems(errors: &[FieldError]) -> Html {
    let items: Html = errors
        .iter()
        .take(20)
        .map(|e| html!("<li><code>{}</code>: {}</li>", e.path, e.message))
        .collect();
    html!(
        r#"<div class="callout callout--error" role="alert"><h3>The forecast needs a few fixes</h3><ul>{}</ul></div>"#,
        items
    )
}

/// A quiet note while the forecast is a preview (empty once it has all its trials):
/// end-to-end tests wait for `.refining` to go.
pub fn refining(p: &Project, f: &Forecast) -> Html {
    if f.trials >= p.settings.trials {
        return Html::new();
    }
    html!(
        r#"<p class="muted refining" role="status">Refining: these figures come from the first {} trials; all {} follow in a moment.</p>"#,
        thousands(f64::from(f.trials)),
        thousands(f64::from(p.settings.trials))
    )
}

/// One line with the forecast's headline figures, shown beside the inputs that move them
/// (the Tasks section), so that an edit shows its effect in place.
pub fn live_line(v: &View) -> Html {
    match ready(v) {
        Ok(parts) => Html::drawn(parts.live_line.clone()),
        Err(_) if !v.errors.is_empty() => html!(
            r#"<p class="live-forecast muted" role="status">The forecast waits for the fixes marked below.</p>"#
        ),
        Err(why) => why,
    }
}

/// The live line's figures from a forecast (drawn in the engine's worker).
pub fn draw_live_line(p: &Project, f: &Forecast) -> Html {
    html!(
        r#"<p class="live-forecast" role="status">Forecast: <abbr title="The median: half of the simulated trials finish by then, or cost no more">P50</abbr> finish <strong>{}</strong>, <abbr title="The 80th percentile: 80% of the simulated trials finish by then, or cost no more">P80</abbr> finish <strong class="live-forecast__p80">{}</strong>; P80 cost <strong>{}</strong>.</p>"#,
        f.finish.p50,
        f.finish.p80,
        money(f.cost.p80, &p.currency)
    )
}

/// Whether both targets are set, so that the joint confidence has something to show.
pub fn has_targets(p: &Project) -> bool {
    p.settings.target_date.is_some() && p.settings.target_budget.is_some()
}

/// What the joint confidence needs: both targets.
pub fn joint_note() -> Html {
    html!(
        r#"<p class="muted joint-note">Set both a target date and a target budget to see the chance of meeting both at once (the joint confidence).</p>"#
    )
}

/// The joint confidence, drawn in the engine's worker.
pub const JOINT: Slow = Slow {
    job: |p| Job::Draw(Part::Joint, p.clone()),
    render: drawn,
};

/// The joint confidence of date and budget: the chance of meeting both targets beside
/// each alone, the trials' finish against cost with the target box, and for later
/// dates the smallest budget that keeps the chosen confidence (drawn in the worker).
pub fn joint(p: &Project, f: &Forecast) -> Html {
    let (Some(date), Some(budget), Some(j)) = (
        p.settings.target_date,
        p.settings.target_budget,
        f.joint.as_ref(),
    ) else {
        return joint_note();
    };
    let cal = Calendar::new(p, f.duration.max + 30.0);
    // A date past the calendar's end is after every trial (as the engine reads it).
    let target_days = cal.working_days_through(date).unwrap_or(f64::INFINITY);
    let points: Vec<(f64, f64)> = j.scatter.iter().map(|s| (s.days, s.cost)).collect();
    let conf = percent(p.settings.confidence);
    // A row where the budget changes: later dates needing the same budget add nothing.
    let mut previous = None;
    let frontier: Html = j
        .frontier
        .iter()
        .filter(|pt| previous.replace(pt.cost) != Some(pt.cost))
        .map(|pt| {
            html!(
                r#"<tr><td>{}</td><td class="num">{}</td></tr>"#,
                pt.finish,
                money(pt.cost, &p.currency)
            )
        })
        .collect();
    html!(
        r#"<section class="joint" aria-labelledby="joint-title"><h3 id="joint-title">Date and budget together</h3><p class="joint__probability" role="status">The chance of finishing by <strong>{0}</strong> <em>and</em> within <strong>{1}</strong>: <strong class="joint__value">{2}</strong> (by the date alone {3}; within the budget alone {4}).</p><div class="chart-box">{5}</div><div class="table-scroll" tabindex="0"><table class="data-table frontier-table"><caption>Smallest budget for a {6} chance of meeting both, by finish date (each date from which a smaller budget suffices)</caption><thead><tr><th scope="col">Finish by</th><th scope="col">Budget</th></tr></thead><tbody>{7}</tbody></table></div></section>"#,
        date,
        money(budget, &p.currency),
        percent(j.probability),
        f.probability_by_target_date.map(percent).unwrap_or_default(),
        f.probability_within_budget.map(percent).unwrap_or_default(),
        crate::chart::scatter_svg(&points, Some((target_days, budget)), "working days from the start", compact, "Each dot a simulated trial: its finish against its cost; the shaded box meets both targets"),
        conf,
        frontier
    )
}

/// The parts drawn from the forecast, or why there are none yet: the problems that
/// stop it, or a note while it runs.
pub fn ready<'a>(v: &View<'a>) -> Result<&'a ForecastParts, Html> {
    if !v.errors.is_empty() {
        return Err(problems(v.errors));
    }
    v.forecast
        .ok_or_else(|| html!(r#"<p class="muted" role="status">Running the simulation…</p>"#))
}

/// The part `part` picks from those drawn from the forecast, or why there is none yet.
pub fn shown(v: &View, part: fn(&ForecastParts) -> &String) -> Html {
    ready(v).map_or_else(|why| why, |parts| Html::drawn(part(parts).clone()))
}

fn summary_cells(s: &Summary) -> Html {
    [s.mean, s.p10, s.p50, s.p80, s.p90, s.p95]
        .iter()
        .map(|&v| html!(r#"<td class="num">{}</td>"#, thousands(v)))
        .collect()
}

/// The percentile table: the forecast's key numbers as text, and the contingency.
pub fn percentile_table(f: &Forecast, currency: &str) -> Html {
    let d = &f.finish;
    let dates: Html = [d.mean, d.p10, d.p50, d.p80, d.p90, d.p95]
        .iter()
        .map(|d| html!(r#"<td class="num">{}</td>"#, d))
        .collect();
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table percentile-table"><caption>Forecast from {} trials</caption><thead><tr><th scope="col">Measure</th><th scope="col">Mean</th><th scope="col">P10</th><th scope="col">P50</th><th scope="col">P80</th><th scope="col">P90</th><th scope="col">P95</th><th scope="col">Sum of most likely</th></tr></thead><tbody><tr><th scope="row">Effort (person-days)</th>{}<td class="num">{}</td></tr><tr><th scope="row">Duration (working days)</th>{}<td class="num">{}</td></tr><tr><th scope="row">Finish date</th>{}<td class="num">{}</td></tr><tr><th scope="row">Cost ({})</th>{}<td class="num">{}</td></tr></tbody></table></div><p class="muted">Contingency for P{}: {} and {} on top of the sum-of-most-likely plan.</p>"#,
        thousands(f64::from(f.trials)),
        summary_cells(&f.effort),
        thousands(f.plan.effort),
        summary_cells(&f.duration),
        thousands(f.plan.duration),
        dates,
        f.plan.finish,
        currency,
        summary_cells(&f.cost),
        thousands(f.plan.cost),
        fixed(f.contingency.confidence * 100.0, 0),
        days(f.contingency.duration_buffer),
        money(f.contingency.cost_buffer, currency),
    )
}

/// Cumulative forecasts through each stage.
pub fn stage_table(f: &Forecast, currency: &str) -> Html {
    let rows: Html = f
        .stages
        .iter()
        .map(|s| {
            html!(
                r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                s.stage.label(),
                s.tasks,
                s.finish.p50,
                s.finish.p80,
                money(s.cost.p50, currency),
                money(s.cost.p80, currency)
            )
        })
        .collect();
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table"><caption>Forecast through each stage (cumulative)</caption><thead><tr><th scope="col">Through</th><th scope="col">Tasks</th><th scope="col">P50 finish</th><th scope="col">P80 finish</th><th scope="col">P50 cost</th><th scope="col">P80 cost</th></tr></thead><tbody>{}</tbody></table></div>"#,
        rows
    )
}

fn figure(caption: &str, svg: Html, note: Option<&str>) -> Html {
    let note: Html = note
        .map(|n| html!(r#"<p class="chart-note">{}</p>"#, n))
        .unwrap_or_default();
    html!(
        r#"<figure><figcaption>{}</figcaption><div class="chart-box">{}</div>{}</figure>"#,
        caption,
        svg,
        note
    )
}

fn driver_text(what: &str, drivers: &[Driver]) -> String {
    let names: Vec<String> = drivers
        .iter()
        .take(3)
        .map(|d| format!("{} ({})", d.name, fixed(d.rho, 2)))
        .collect();
    if names.is_empty() {
        format!("No input moves the {what}.")
    } else {
        format!("Top {what} drivers: {}.", names.join(", "))
    }
}

fn marker(value: f64, label: &'static str, kind: &'static str) -> Marker {
    Marker { value, label, kind }
}

/// Everything drawn from the forecast.
pub fn body(v: &View) -> Html {
    shown(v, |parts| &parts.body)
}

/// Everything drawn from one forecast (in the engine's worker).
pub fn draw_body(p: &Project, f: &Forecast) -> Html {
    body_figures(p, f) + glossary()
}

/// What the Forecast section's terms mean (drawn in the worker with the body).
fn glossary() -> Html {
    html!(
        r#"<details class="glossary" id="glossary"><summary>What the terms mean</summary><dl><dt>P50, P80, P90</dt><dd>Percentiles of the simulated trials: P80 is the date (or cost) that 80% of the trials meet, so a plan at P80 is met four times in five. P50 is the median.</dd><dt>Trials and seed</dt><dd>Each trial is one possible run of the project, drawn from the estimates and risks. The seed fixes the random draws: the same plan and seed always give the same numbers; another seed gives slightly different ones.</dd><dt>Confidence</dt><dd>The percentile the plan is quoted at (80% by default: P80).</dd><dt>Rank correlation</dt><dd>How much the estimates of tasks in one phase, or of one role, run late together (0: independently; 0.95: almost always together).</dd><dt>Feasibility gate</dt><dd>The go / no-go review at the end of the MVP's Evaluation (Risks section): with its chance, a trial's model misses the minimum performance and the project stops there.</dd><dt>Thompson's factors</dt><dd>The Factors section's questions about what makes ML work harder (new data, new methods…): each “Yes” about doubles the affected phases' effort, after Thompson's rule of thumb.</dd></dl></details>"#
    )
}

/// The percentile table, the charts and the tables of the body.
fn body_figures(p: &Project, f: &Forecast) -> Html {
    let currency = &p.currency;
    let cal = Calendar::new(p, f.duration.max + 30.0);
    let target_days = p
        .settings
        .target_date
        .and_then(|d| cal.working_days_through(d));
    let mut duration_marks = vec![
        marker(f.duration.p50, "P50", "p50"),
        marker(f.duration.p80, "P80", "p80"),
    ];
    let mut curve_marks = Vec::new();
    if let Some(t) = target_days {
        duration_marks.push(marker(t, "target", "target"));
        curve_marks.push(marker(t, "target", "target"));
    }
    let mut cost_marks = vec![
        marker(f.cost.p50, "P50", "p50"),
        marker(f.cost.p80, "P80", "p80"),
    ];
    let mut cost_curve_marks = Vec::new();
    if let Some(b) = p.settings.target_budget {
        cost_marks.push(marker(b, "budget", "target"));
        cost_curve_marks.push(marker(b, "budget", "target"));
    }
    let target_text = match (f.probability_by_target_date, p.settings.target_date) {
        (Some(pr), Some(d)) => format!("{} chance to finish by {}.", percent(pr), shown_date(d)),
        _ => "Set a target date to see the chance of meeting it.".into(),
    };
    let budget_text = match (f.probability_within_budget, p.settings.target_budget) {
        (Some(pr), Some(b)) => format!(
            "{} chance to stay within {}.",
            percent(pr),
            money(b, currency)
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
    let drivers = |ds: &[Driver]| {
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
    let lines = gantt_lines(p, f, &cal);
    let mut out = refining(p, f) + percentile_table(f, currency);
    out.push_trusted(r#"<div class="chart-grid">"#);
    out += figure(
        "Duration: how often each outcome came up",
        histogram_svg(
            &bins(&f.duration_histogram),
            XAxis::Dates(&cal, "finish date"),
            &duration_marks,
            &format!(
                "Histogram of duration: P50 {} and P80 {} working days.",
                thousands(f.duration.p50),
                thousands(f.duration.p80)
            ),
        ),
        None,
    );
    out += figure(
        "Duration: chance to finish within",
        s_curve_svg(
            &curve(&f.duration_curve),
            XAxis::Dates(&cal, "finish date"),
            &curve_marks,
            &format!("S-curve of duration. {target_text}"),
        ),
        Some(&target_text),
    );
    out += figure(
        "Cost: how often each outcome came up",
        histogram_svg(
            &bins(&f.cost_histogram),
            currency,
            &cost_marks,
            &format!(
                "Histogram of cost: P50 {} and P80 {}.",
                money(f.cost.p50, currency),
                money(f.cost.p80, currency)
            ),
        ),
        None,
    );
    out += figure(
        "Cost: chance to stay within",
        s_curve_svg(
            &curve(&f.cost_curve),
            currency,
            &cost_curve_marks,
            &format!("S-curve of cost. {budget_text}"),
        ),
        Some(&budget_text),
    );
    out += html!(
        r#"</div><h3>What drives the uncertainty</h3><p class="muted">Rank correlation with duration and cost (from {} trials); longer bars matter more.</p><div class="chart-grid">"#,
        thousands(f64::from(f.sensitivity.trials))
    );
    out += figure(
        "Duration drivers",
        tornado_svg(
            &drivers(&f.sensitivity.duration),
            &driver_text("duration", &f.sensitivity.duration),
        ),
        None,
    );
    out += figure(
        "Cost drivers",
        tornado_svg(
            &drivers(&f.sensitivity.cost),
            &driver_text("cost", &f.sensitivity.cost),
        ),
        None,
    );
    out.push_trusted("</div>");
    out += stage_table(f, currency);
    out += html!(
        r#"<h3>Schedule</h3><p class="muted">Bars run from the P50 start to the P50 finish; the lighter part reaches the P80 finish. Red bars are on the critical path in at least half the trials (the first 5,000 at most).</p><figure class="chart-wide"><div class="chart-box">{}</div></figure>"#,
        gantt_svg(
            &gantt,
            &lines,
            XAxis::Dates(&cal, "date"),
            &format!("Uncertainty Gantt chart of {} tasks.", gantt.len())
        )
    );
    out += milestone_table(p, f);
    out
}

/// The plan's milestones with the P50 and P80 dates of their stage's end.
fn milestone_table(p: &Project, f: &Forecast) -> Html {
    let rows: Html = p
        .plan
        .milestones
        .iter()
        .filter_map(|m| {
            let stage = f.stages.iter().find(|s| s.stage == m.stage)?;
            Some(html!(
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                m.name,
                m.stage.label(),
                stage.finish.p50,
                stage.finish.p80
            ))
        })
        .collect();
    if rows.is_empty() {
        return Html::new();
    }
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table milestone-table"><caption>Milestones: the end of their stage</caption><thead><tr><th scope="col">Milestone</th><th scope="col">Stage</th><th scope="col">P50 date</th><th scope="col">P80 date</th></tr></thead><tbody>{}</tbody></table></div>"#,
        rows
    )
}

/// The Gantt's lines: each milestone at its stage's P50 end, and the status date.
fn gantt_lines(p: &Project, f: &Forecast, cal: &Calendar) -> Vec<GanttLine> {
    let mut lines: Vec<GanttLine> = p
        .plan
        .milestones
        .iter()
        .filter_map(|m| {
            let stage = f.stages.iter().find(|s| s.stage == m.stage)?;
            Some(GanttLine {
                at: stage.duration.p50,
                label: format!("{} (P50 {})", m.name, shown_date(stage.finish.p50)),
                kind: "milestone",
            })
        })
        .collect();
    if let Some(status) = p.tracking.status_date {
        if let Some(at) = cal.working_days_through(status.add_days(-1)) {
            lines.push(GanttLine {
                at,
                label: format!("status date {}", shown_date(status)),
                kind: "today",
            });
        }
    }
    lines
}

crate::impl_runs!(SimSettings);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_joint_confidence_needs_both_targets_and_shows_the_box_and_the_frontier() {
        let mut p = crate::markup::test_support::shop();
        p.settings.target_date = None;
        assert!(JOINT
            .html_now(&p)
            .unwrap()
            .contains("Set both a target date"));
        let f0 = crate::engine::forecast(&p).unwrap();
        p.settings.target_date = Some(f0.finish.p50);
        p.settings.target_budget = Some(f0.cost.p50);
        let f = crate::engine::forecast(&p).unwrap();
        let j = f.joint.as_ref().expect("both targets set");
        let html = JOINT.html_now(&p).unwrap();
        assert_eq!(html, joint(&p, &f));
        assert!(html.contains(&format!(
            r#"<strong class="joint__value">{}</strong>"#,
            percent(j.probability)
        )));
        assert_eq!(html.matches("<circle").count(), j.scatter.len());
        assert!(html.contains("chart__target"));
        let rows = html
            .split("<tbody>")
            .nth(1)
            .unwrap()
            .matches("<tr>")
            .count();
        let mut budgets: Vec<f64> = j.frontier.iter().map(|pt| pt.cost).collect();
        budgets.dedup();
        assert_eq!(rows, budgets.len(), "one row per change of budget");
    }

    #[test]
    fn the_live_line_names_p50_and_p80_or_waits_for_fixes() {
        let p = crate::markup::test_support::shop();
        let f = crate::engine::forecast(&p).unwrap();
        let parts = ForecastParts::draw(&p, &f);
        let line = live_line(&crate::markup::test_support::view(&p, Some(&parts)));
        assert_eq!(line, draw_live_line(&p, &f));
        assert!(
            line.contains(&f.finish.p80.to_string()),
            "{}",
            line.as_str()
        );
        assert!(line.contains(&f.finish.p50.to_string()));
        let errors = crate::model::validate::validate(&p);
        assert!(errors.is_empty());
        let wrong = [crate::model::validate::FieldError {
            path: "tasks[0].name".into(),
            message: "x".into(),
        }];
        let view = View {
            errors: &wrong,
            ..crate::markup::test_support::view(&p, Some(&parts))
        };
        assert!(live_line(&view).contains("waits for the fixes"));
    }
    use crate::engine::forecast;
    use crate::markup::edit;
    use crate::markup::test_support::{shop, view};
    use crate::model::Stage;

    #[test]
    fn settings_edit_by_path_and_clear_targets() {
        let mut p = shop();
        edit(&mut p, "settings.trials", "20000").unwrap();
        assert_eq!(p.settings.trials, 20_000);
        edit(&mut p, "settings.confidence", "90").unwrap();
        assert!((p.settings.confidence - 0.9).abs() < 1e-12);
        edit(&mut p, "settings.target_date", "2026-12-01").unwrap();
        assert!(p.settings.target_date.is_some());
        edit(&mut p, "settings.target_date", " ").unwrap();
        assert_eq!(p.settings.target_date, None);
        edit(&mut p, "settings.target_budget", "EUR 250,000").unwrap();
        assert_eq!(p.settings.target_budget, Some(250_000.0));
        // No target is an empty box, never 0: 0 is refused at the field.
        assert!(edit(&mut p, "settings.target_budget", "0").is_err());
        assert!(edit(&mut p, "settings.target_budget", "250 thousand").is_err());
        assert_eq!(p.settings.target_budget, Some(250_000.0));
        edit(&mut p, "settings.target_budget", " ").unwrap();
        assert_eq!(p.settings.target_budget, None);
        let html = settings(&crate::markup::test_support::view(&p, None));
        assert!(html.contains(r#"id="f-settings-target-budget" data-path="settings.target_budget" aria-describedby="f-settings-target-budget-error" aria-invalid="false" type="text" inputmode="decimal" autocomplete="off" value=""><span class="field__unit" aria-hidden="true">EUR</span>"#), "an empty box with the currency beside it");
    }

    #[test]
    fn the_body_shows_every_chart_and_the_key_numbers_as_text() {
        let mut p = shop();
        p.settings.target_date = Some(Date::from_ymd(2026, 9, 1).unwrap());
        p.settings.target_budget = Some(300_000.0);
        let f = forecast(&p).unwrap();
        let html = body(&view(&p, Some(&ForecastParts::draw(&p, &f))));
        // Every term the section uses is explained beside it.
        for term in [
            "<dt>P50, P80, P90</dt>",
            "<dt>Trials and seed</dt>",
            "<dt>Rank correlation</dt>",
            "<dt>Feasibility gate</dt>",
            "<dt>Thompson's factors</dt>",
        ] {
            assert!(html.as_str().contains(term), "{term}");
        }
        assert_eq!(
            html,
            draw_body(&p, &f),
            "drawn in the worker, shown as it is"
        );
        assert_eq!(
            html.matches("<svg").count(),
            7,
            "four distributions, two tornadoes, one Gantt"
        );
        assert!(html.contains(&f.finish.p80.to_string()));
        assert!(html.contains(&thousands(f.cost.p80)));
        assert!(html.contains("chance to finish by 2026-09-01"));
        assert!(html.contains("chance to stay within"));
        assert!(!p.plan.milestones.is_empty());
        assert_eq!(
            html.matches("<tr><th scope=\"row\">").count(),
            4 + f.stages.len() + p.plan.milestones.len(),
            "percentiles, stages and milestones"
        );
        let mvp = f.stages.iter().find(|s| s.stage == Stage::Mvp).unwrap();
        assert!(html.contains(&format!(
            "<td>MVP</td><td>{}</td><td>{}</td>",
            mvp.finish.p50, mvp.finish.p80
        )));
        assert!(html.contains("chart__marker--milestone"));
        assert!(
            html.contains(">finish date<"),
            "the duration charts read dates"
        );
    }

    #[test]
    fn errors_come_before_numbers_and_are_escaped() {
        let p = shop();
        let parts = ForecastParts::draw(&p, &forecast(&p).unwrap());
        let errors = vec![FieldError::new("tasks[0].name", "Bad <name>.")];
        let view = View {
            project: &p,
            errors: &errors,
            forecast: Some(&parts),
            state: "",
        };
        let html = body(&view);
        assert!(html.contains("The forecast needs a few fixes"));
        assert!(html.contains("<code>tasks[0].name</code>: Bad &lt;name&gt;."));
        assert!(
            !html.contains("<svg"),
            "no numbers while the plan has problems"
        );
        let empty = View {
            errors: &[],
            forecast: None,
            ..view
        };
        assert!(body(&empty).contains("Running the simulation"));
    }
}

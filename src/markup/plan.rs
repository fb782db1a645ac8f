//! The Requirements & plan section's markup: business requirements with the technical
//! figures they imply (peak load, instances, serving mode, from `engine::sizing`), and
//! the plan items — success metrics, stage-gate milestones with go / no-go criteria,
//! monitoring and the A/B test plan.

use crate::engine::abtest;
use crate::engine::sizing::{self, Mode};
use crate::form::{header_row, render_fields, render_row, set_field, set_in, split_indexed};
use crate::form::{maybe_number, maybe_shown, EditError, Field, Kind, Value};
use crate::format::{fixed, money, percent, thousands};
use crate::html;
use crate::html::Html;
use crate::jobs::{Job, Part};
use crate::markup::team::{parse_stage, stage_value};
use crate::markup::{changed, drawn, stage_choices, Outcome, Slow, View};
use crate::model::validate::FieldError;
use crate::model::{
    AbTest, CanaryStep, Freshness, Milestone, MonitoringItem, PlanItems, Project, Requirements,
    Stage, Task,
};
use crate::{money_field, num_field, percent_field, text_field};

const FRESHNESS: [(Freshness, &str); 3] = [
    (Freshness::RealTime, "Real time"),
    (Freshness::Hourly, "Hourly"),
    (Freshness::Daily, "Daily"),
];

fn freshness_choices(_: &Project) -> Vec<(String, String)> {
    FRESHNESS
        .iter()
        .enumerate()
        .map(|(i, (_, label))| (i.to_string(), (*label).to_owned()))
        .collect()
}

/// The requirements' fields.
pub static REQUIREMENT_FIELDS: &[Field<Requirements>] = &[
    num_field!(
        "requests_per_day",
        "Inference requests per day",
        requests_per_day
    ),
    num_field!("peak_to_average", "Peak-to-average ratio", peak_to_average),
    num_field!("users", "Users", users),
    num_field!("latency_p95_ms", "Latency target, p95 (ms)", latency_p95_ms),
    Field {
        key: "freshness",
        label: "Prediction freshness",
        kind: Kind::Choice(freshness_choices),
        get: |r| {
            let i = FRESHNESS.iter().position(|f| f.0 == r.freshness);
            Value::Text(i.unwrap_or(0).to_string())
        },
        set: |r, v| {
            let i = v
                .text()
                .parse::<usize>()
                .ok()
                .filter(|&i| i < FRESHNESS.len());
            r.freshness = FRESHNESS[i.ok_or("Choose one of the options.")?].0;
            Ok(())
        },
    },
    num_field!(
        "model_time_ms",
        "Model time per request (ms)",
        model_time_ms
    ),
    text_field!("metric", "Performance metric", Text, metric),
    num_field!(
        "minimum_performance",
        "Minimum performance",
        minimum_performance
    ),
    percent_field!(
        "target_utilisation",
        "Target utilisation of an instance (%)",
        target_utilisation
    ),
    money_field!(
        "instance_cost_per_hour",
        "Cost per instance-hour",
        instance_cost_per_hour
    ),
    money_field!(
        "monitoring_cost_per_year",
        "Monitoring per year",
        monitoring_cost_per_year
    ),
    money_field!(
        "retraining_cost_per_year",
        "Retraining per year",
        retraining_cost_per_year
    ),
    crate::plain_field!(
        Check,
        Bool,
        flag,
        "run_cost_from_sizing",
        "Use this run cost in the value model",
        run_cost_from_sizing
    ),
];

/// One line per entry of a list of texts.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The plan items' free-text fields.
pub static PLAN_FIELDS: &[Field<PlanItems>] = &[
    Field {
        key: "success_metrics",
        label: "Success metrics (one per line; the first is the north star)",
        kind: Kind::LongText,
        get: |p| Value::Text(p.success_metrics.join("\n")),
        set: |p, v| {
            p.success_metrics = lines(&v.text());
            Ok(())
        },
    },
    text_field!(
        "monitoring",
        "Monitoring in production",
        LongText,
        monitoring
    ),
    text_field!(
        "experiment",
        "A/B or canary test plan",
        LongText,
        experiment
    ),
];

/// An optional number: empty means none.
/// The stored A/B test's fields (`plan.ab_test.…`).
pub static AB_FIELDS: &[Field<AbTest>] = &[
    text_field!("metric", "Metric tested", Text, metric),
    num_field!("baseline", "Baseline (a rate 0–1, or a mean)", baseline),
    num_field!("mde", "Smallest effect worth detecting", mde),
    crate::plain_field!(
        Check,
        Bool,
        flag,
        "relative",
        "Effect relative to the baseline",
        relative
    ),
    num_field!("alpha", "Significance level α", alpha),
    num_field!("power", "Power", power),
    crate::plain_field!(Check, Bool, flag, "two_sided", "Two-sided test", two_sided),
    percent_field!(
        "traffic_share",
        "Share of traffic in the test (%)",
        traffic_share
    ),
    Field {
        key: "daily_traffic",
        label: "Users or requests a day",
        kind: Kind::MaybeNumber,
        get: |t| maybe_shown(t.daily_traffic),
        set: |t, v| {
            t.daily_traffic = maybe_number(v)?;
            Ok(())
        },
    },
    Field {
        key: "sd",
        label: "Standard deviation (a mean only; empty for a rate)",
        kind: Kind::MaybeNumber,
        get: |t| maybe_shown(t.sd),
        set: |t, v| {
            t.sd = maybe_number(v)?;
            Ok(())
        },
    },
];

/// A canary step's fields, as table cells (`#` is its number).
pub static CANARY_FIELDS: &[Field<CanaryStep>] = &[
    percent_field!("share", "Traffic share of step # (%)", share),
    num_field!("days", "Days of step #", days),
];

/// A checkbox per monitoring item, kept in `plan.monitoring_checked`.
macro_rules! monitoring_field {
    ($item:ident, $key:literal, $label:literal) => {
        Field {
            key: $key,
            label: $label,
            kind: Kind::Check,
            get: |p: &PlanItems| Value::Bool(p.monitoring_checked.contains(&MonitoringItem::$item)),
            set: |p: &mut PlanItems, v| {
                p.monitoring_checked.retain(|m| *m != MonitoringItem::$item);
                if v.flag() {
                    p.monitoring_checked.push(MonitoringItem::$item);
                }
                Ok(())
            },
        }
    };
}

/// The monitoring plan's checklist.
pub static MONITORING_FIELDS: &[Field<PlanItems>] = &[
    monitoring_field!(
        DataDrift,
        "monitoring_checked.data-drift",
        "Data drift: the inputs stop looking like the training data"
    ),
    monitoring_field!(
        ConceptDrift,
        "monitoring_checked.concept-drift",
        "Concept drift: the relation the model learned changes"
    ),
    monitoring_field!(
        Failures,
        "monitoring_checked.failures",
        "Server and software failures: errors, latency, outages"
    ),
    monitoring_field!(
        FallbackActions,
        "monitoring_checked.fallback-actions",
        "Fallback actions: what answers when the model cannot"
    ),
    monitoring_field!(
        RetrainingTriggers,
        "monitoring_checked.retraining-triggers",
        "Retraining triggers: when and on what data to retrain"
    ),
];

/// A milestone's fields, as table cells (`#` is its number).
pub static MILESTONE_FIELDS: &[Field<Milestone>] = &[
    text_field!("name", "Name of milestone #", Text, name),
    Field {
        key: "stage",
        label: "Stage of milestone #",
        kind: Kind::Choice(stage_choices),
        get: |m| stage_value(m.stage),
        set: |m, v| {
            m.stage = parse_stage(v)?;
            Ok(())
        },
    },
    text_field!(
        "criteria",
        "Go / no-go criteria of milestone #",
        LongText,
        criteria
    ),
];

/// Applies typed text to a plan item (`milestones[1].criteria`, `monitoring`).
pub fn edit(plan: &mut PlanItems, path: &str, raw: &str) -> Result<(), EditError> {
    if let Some(key) = path.strip_prefix("ab_test.") {
        return set_field(AB_FIELDS, &mut plan.ab_test, key, raw);
    }
    if path.starts_with("monitoring_checked.") {
        return set_field(MONITORING_FIELDS, plan, path, raw);
    }
    match split_indexed(path) {
        Some(("milestones", i, key)) => set_in(MILESTONE_FIELDS, &mut plan.milestones, i, key, raw),
        Some(("canary", i, key)) => set_in(CANARY_FIELDS, &mut plan.canary, i, key, raw),
        Some(_) => Err(EditError::UnknownPath),
        None => set_field(PLAN_FIELDS, plan, path, raw),
    }
}

/// The actions of the sizing's and the experiment's offers, which the engine's worker
/// carries out ([`offer_act`]): their code stays out of the page.
pub const OFFER_ACTIONS: [&str; 4] = [
    "add-implied",
    "add-ab-test",
    "add-canary",
    "add-monitoring-checked",
];

/// Carries out `add-implied` (argument: the task's key: the task the architecture
/// implies joins the plan, unless one of that name is there), `add-ab-test` and
/// `add-canary` (the stored experiment as a wait task, once) and
/// `add-monitoring-checked` (the checked monitoring items not yet in the plan).
pub fn offer_act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    let wait = match action {
        "add-ab-test" => Some(abtest::experiment_wait_task(p)),
        "add-canary" => Some(abtest::canary_wait_task(p)),
        "add-monitoring-checked" => {
            let tasks = sizing::monitoring_tasks(p);
            return changed(
                !tasks.is_empty() && {
                    p.tasks.extend(tasks);
                    true
                },
            );
        }
        _ => None,
    };
    if let Some(task) = wait {
        let task =
            task.map_err(|errors| errors.first().map_or(String::new(), |e| e.message.clone()))?;
        if abtest::already_added(p, &task) {
            return Err(format!("“{}” is in the plan already.", task.name));
        }
        p.tasks.push(task);
        return Ok(());
    }
    let spec = match action {
        "add-implied" => sizing::size(&p.requirements)
            .ok()
            .and_then(|s| s.implied_tasks.into_iter().find(|t| t.key == arg)),
        _ => None,
    };
    let spec = spec.ok_or_else(String::new)?;
    if p.tasks
        .iter()
        .any(|t| t.name.eq_ignore_ascii_case(spec.name))
    {
        return Err(format!("“{}” is in the plan already.", spec.name));
    }
    let task = spec.to_task(p);
    p.tasks.push(task);
    Ok(())
}

/// Carries out `add-milestone`, `remove-milestone`, `add-canary-step` and
/// `remove-canary-step` (argument: index).
pub fn act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    let milestones = &mut p.plan.milestones;
    match (action, arg.parse::<usize>()) {
        ("add-milestone", _) => {
            milestones.push(Milestone {
                name: "New milestone".into(),
                stage: Stage::Mvp,
                criteria: String::new(),
            });
            Ok(())
        }
        ("remove-milestone", Ok(i)) if i < milestones.len() => {
            milestones.remove(i);
            Ok(())
        }
        ("add-canary-step", _) => {
            let canary = &mut p.plan.canary;
            let last = canary.last().copied().unwrap_or(CanaryStep {
                share: 0.01,
                days: 1.0,
            });
            canary.push(CanaryStep {
                share: (last.share * 2.0).min(1.0),
                days: last.days,
            });
            Ok(())
        }
        ("remove-canary-step", Ok(i)) if i < p.plan.canary.len() => {
            p.plan.canary.remove(i);
            Ok(())
        }
        _ => changed(false),
    }
}

/// The serving sizing, drawn in the engine's worker.
pub const SIZING: Slow = Slow {
    job: |p| Job::Draw(Part::Sizing, p.clone()),
    render: drawn,
};

/// The serving sizing: peak load, mode with its reason, instances and the queue at
/// peak, fallback, storage, the running cost, and the work the architecture implies,
/// each with a button that adds it to the plan (or a note that a task of that name is
/// there); or why the requirements cannot be sized yet.
pub fn sizing_panel(p: &Project) -> Html {
    let r = &p.requirements;
    let s = match sizing::size(r) {
        Ok(s) => s,
        Err(errors) => {
            return html!(
                r#"<p class="callout" role="status">The serving cannot be sized yet: {}</p>"#,
                errors.first().map_or("", |e| e.message.as_str())
            )
        }
    };
    let c = &p.currency;
    let peak = if s.peak_rps < 10.0 {
        fixed(s.peak_rps, 1)
    } else {
        thousands(s.peak_rps)
    };
    let queue = s
        .queueing
        .as_ref()
        .map(|q| {
            html!(
                r#"<tr><th scope="row">At peak (M/M/c)</th><td>{} the load at {} utilisation; a request waits with probability {}; p95 wait {} ms, p95 response {} ms (target {} ms)</td></tr>"#,
                if q.servers == 1 {
                    "1 instance carries".to_owned()
                } else {
                    format!("{} instances carry", thousands(f64::from(q.servers)))
                },
                percent(q.utilisation),
                percent(q.wait_probability),
                fixed(q.wait_p95_ms, 0),
                fixed(q.response_p95_ms, 0),
                fixed(r.latency_p95_ms, 0)
            )
        })
        .unwrap_or_default();
    let spare = if s.mode == Mode::Batch {
        " (no spare: a failed run is repeated)"
    } else {
        " (N+1: one spare)"
    };
    let fallback = if s.fallback.needed {
        html!("Needed: {}", s.fallback.reason)
    } else {
        html!("{}", s.fallback.reason)
    };
    let implied: Html = s
        .implied_tasks
        .iter()
        .map(|t| {
            offer(
                p,
                "add-implied",
                t.key,
                t.name,
                t.role,
                t.effort.most_likely,
            )
        })
        .collect();
    html!(
        r#"<section class="sizing" aria-labelledby="sizing-title"><h3 id="sizing-title">Serving architecture</h3><p class="callout" role="status">Peak load about <strong>{0}</strong> requests per second. Serving: <strong class="sizing__mode">{1}</strong>. {2}</p><div class="table-scroll" tabindex="0"><table class="data-table sizing-table"><caption class="visually-hidden">The serving sizing</caption><tbody><tr><th scope="row">Instances</th><td><strong class="sizing__instances">{3}</strong>{4}</td></tr>{5}<tr><th scope="row">Fallback</th><td>{6}</td></tr><tr><th scope="row">Storage or queue</th><td>{7}</td></tr><tr><th scope="row">Instance-hours a year</th><td>{8} ({9})</td></tr><tr><th scope="row">Running cost a year</th><td><strong class="sizing__run-cost">{10}</strong>: instances, monitoring and retraining{11}</td></tr></tbody></table></div><h4>Work this architecture implies</h4><ul class="offer-list">{12}</ul></section>"#,
        peak,
        s.mode.label(),
        s.reason,
        thousands(f64::from(s.instances)),
        spare,
        queue,
        fallback,
        s.storage.description(),
        thousands(s.instance_hours_per_year),
        money(s.instance_cost_per_year, c),
        money(s.annual_run_cost, c),
        if r.run_cost_from_sizing {
            "; the value model uses it as the run cost"
        } else {
            ""
        },
        implied
    )
}

/// The experiment, drawn in the engine's worker.
pub const EXPERIMENT: Slow = Slow {
    job: |p| Job::Draw(Part::Experiment, p.clone()),
    render: drawn,
};

/// The stored A/B test, canary roll-out and monitoring checklist as forms.
pub fn experiment(v: &View) -> Html {
    let (p, errors) = (v.project, v.errors);
    let mut out = html!(
        r#"<h3>Testing in production</h3><p class="muted">Size the A/B test that shows the model's gain, the canary roll-out before it, and the monitoring that keeps it healthy; each can join the plan as a task.</p><h4>A/B test</h4><div class="form-grid form-grid--compact">"#
    );
    out += render_fields(AB_FIELDS, &p.plan.ab_test, "plan.ab_test", p, errors);
    out += html!(
        r#"</div><h4>Canary roll-out</h4><div class="table-scroll" tabindex="0"><table class="edit-table canary-table"><caption class="visually-hidden">Canary steps: traffic share and days</caption>"#
    );
    out += header_row(&["Step", "Traffic share (%)", "Days", ""]);
    out.push_trusted("<tbody>");
    for (i, step) in p.plan.canary.iter().enumerate() {
        out += html!(
            r#"<tr><th scope="row">{0}</th>{1}<td class="row-actions"><button type="button" class="icon-button button--danger" data-action="remove-canary-step" data-arg="{2}" aria-label="Remove step {0}">✕</button></td></tr>"#,
            i + 1,
            render_row(
                CANARY_FIELDS,
                step,
                &format!("plan.canary[{i}]"),
                &(i + 1).to_string(),
                p,
                errors
            ),
            i
        );
    }
    out += html!(
        r#"</tbody></table></div><p><button type="button" class="button" data-action="add-canary-step">Add step</button></p><h4>Monitoring plan</h4><div class="checklist">"#
    );
    out += render_fields(MONITORING_FIELDS, &p.plan, "plan", p, errors);
    out.push_trusted("</div>");
    out
}

/// What the experiment comes to: the A/B test's sample and days, the canary's days,
/// each as a wait task to add (or a note that it is there, or what is missing), and
/// the checked monitoring items to add.
pub fn experiment_panel(p: &Project) -> Html {
    let test = &p.plan.ab_test;
    let ab = match abtest::size(test) {
        Ok(size) => {
            let days = size
                .days
                .map(|d| {
                    html!(
                        ", about <strong class=\"ab__days\">{}</strong> days at the traffic given",
                        thousands(d as f64)
                    )
                })
                .unwrap_or_else(|| html!("; enter the daily traffic to see how long it runs"));
            html!(
                r#"<p class="callout" role="status">The A/B test needs <strong class="ab__per-arm">{}</strong> per arm ({} in all){}.</p>"#,
                thousands(size.per_arm as f64),
                thousands(size.total as f64),
                days
            )
        }
        Err(errors) => html!(
            r#"<p class="callout" role="status">The A/B test cannot be sized yet: {}</p>"#,
            errors.first().map_or("", |e| e.message.as_str())
        ),
    };
    let ab_task = wait_offer(p, abtest::experiment_wait_task(p), "add-ab-test");
    let canary = wait_offer(p, abtest::canary_wait_task(p), "add-canary");
    let todo = sizing::monitoring_tasks(p);
    let monitoring = if todo.is_empty() {
        html!(
            r#"<p class="muted">Check monitoring items above to add their tasks; checked items already in the plan are not added twice.</p>"#
        )
    } else {
        let names: Html = todo.iter().map(|t| html!("<li>{}</li>", t.name)).collect();
        html!(
            r#"<ul>{}</ul><p><button type="button" class="button" data-action="add-monitoring-checked">Add the checked monitoring tasks</button></p>"#,
            names
        )
    };
    html!(
        r#"<section class="experiment" aria-label="What the experiment comes to">{}<h4>As tasks</h4><ul class="offer-list">{}{}</ul>{}</section>"#,
        ab,
        ab_task,
        canary,
        monitoring
    )
}

/// A wait task offered to the plan with its working days, or why not yet.
fn wait_offer(p: &Project, task: Result<Task, Vec<FieldError>>, action: &str) -> Html {
    match task {
        Ok(task) => {
            let e = &task.effort;
            let control = if abtest::already_added(p, &task) {
                html!(r#"<span class="offer__added">In the plan</span>"#)
            } else {
                html!(
                    r#"<button type="button" class="button" data-action="{}">Add to plan</button>"#,
                    action
                )
            };
            html!(
                r#"<li class="offer"><span>{} <span class="muted">(a wait in {}: {}, {} or {} working days)</span></span>{}</li>"#,
                task.name,
                task.stage.label(),
                fixed(e.optimistic, 1),
                fixed(e.most_likely, 1),
                fixed(e.pessimistic, 1),
                control
            )
        }
        Err(errors) => html!(
            r#"<li class="offer"><span class="muted">{}</span></li>"#,
            errors.first().map_or("", |e| e.message.as_str())
        ),
    }
}

/// One task offered to the plan: a button that adds it, or a note that it is there.
fn offer(p: &Project, action: &str, key: &str, name: &str, role: &str, days: f64) -> Html {
    let there = p.tasks.iter().any(|t| t.name.eq_ignore_ascii_case(name));
    let control = if there {
        html!(r#"<span class="offer__added">In the plan</span>"#)
    } else {
        html!(
            r#"<button type="button" class="button" data-action="{}" data-arg="{}">Add to plan</button>"#,
            action,
            key
        )
    };
    html!(
        r#"<li class="offer"><span>{} <span class="muted">({}, about {} person-days)</span></span>{}</li>"#,
        name,
        role,
        fixed(days, 0),
        control
    )
}

/// The requirements form.
pub fn requirements(v: &View) -> Html {
    let (p, errors) = (v.project, v.errors);
    let r = &p.requirements;
    let mut out = html!(r#"<h3>Requirements</h3><div class="form-grid">"#);
    out += render_fields(REQUIREMENT_FIELDS, r, "requirements", p, errors);
    out.push_trusted("</div>");
    out
}

/// The plan items: success metrics, monitoring and experiment notes, milestones.
pub fn plan(v: &View) -> Html {
    let (p, errors) = (v.project, v.errors);
    let mut out = html!(r#"<h3>Plan</h3><div class="form-grid">"#);
    out += render_fields(PLAN_FIELDS, &p.plan, "plan", p, errors);
    out += html!(
        r#"</div><h3>Milestones</h3><div class="table-scroll" tabindex="0"><table class="edit-table"><caption class="visually-hidden">Milestones and their go / no-go criteria</caption>"#
    );
    out += header_row(&["Milestone", "Stage", "Go / no-go criteria", ""]);
    out.push_trusted("<tbody>");
    for (i, m) in p.plan.milestones.iter().enumerate() {
        out += html!(
            r#"<tr>{}<td class="row-actions"><button type="button" class="icon-button button--danger" data-action="remove-milestone" data-arg="{}" aria-label="Remove milestone {}">✕</button></td></tr>"#,
            render_row(
                MILESTONE_FIELDS,
                m,
                &format!("plan.milestones[{i}]"),
                &(i + 1).to_string(),
                p,
                errors
            ),
            i,
            i + 1
        );
    }
    out + html!(
        r#"</tbody></table></div><p><button type="button" class="button" data-action="add-milestone">Add milestone</button></p>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::edit as edit_project;
    use crate::markup::test_support::{shop, view};
    use crate::model::TaskKind;

    #[test]
    fn requirements_and_plan_items_edit_by_path() {
        let mut p = shop();
        edit_project(&mut p, "requirements.requests_per_day", "86400").unwrap();
        edit_project(&mut p, "requirements.peak_to_average", "3").unwrap();
        assert_eq!(sizing::peak_rps(&p.requirements), 3.0);
        edit_project(&mut p, "requirements.freshness", "0").unwrap();
        assert_eq!(p.requirements.freshness, Freshness::RealTime);
        edit_project(
            &mut p,
            "plan.success_metrics",
            "Stock-outs -20%\n\n Waste -10% ",
        )
        .unwrap();
        assert_eq!(
            p.plan.success_metrics,
            vec!["Stock-outs -20%", "Waste -10%"]
        );
        assert!(act(&mut p, "add-milestone", "").is_ok());
        let last = p.plan.milestones.len() - 1;
        edit_project(
            &mut p,
            &format!("plan.milestones[{last}].criteria"),
            "MAPE < 25%",
        )
        .unwrap();
        assert_eq!(p.plan.milestones[last].criteria, "MAPE < 25%");
        edit_project(&mut p, &format!("plan.milestones[{last}].stage"), "1").unwrap();
        assert_eq!(p.plan.milestones[last].stage, Stage::Growth);
        assert!(act(&mut p, "remove-milestone", &last.to_string()).is_ok());
        assert!(edit_project(&mut p, "plan.milestones[99].name", "x").is_err());
    }

    #[test]
    fn the_panel_shows_the_engine_sizing_or_why_not() {
        let mut p = shop();
        p.requirements = Requirements {
            requests_per_day: 86_400.0,
            peak_to_average: 3.0,
            freshness: Freshness::RealTime,
            instance_cost_per_hour: 0.5,
            ..Requirements::default()
        };
        let s = sizing::size(&p.requirements).unwrap();
        let text = SIZING.html_now(&p).unwrap();
        assert_eq!(text, sizing_panel(&p));
        assert!(
            text.contains("<strong>3.0</strong> requests per second"),
            "{}",
            text.as_str()
        );
        assert!(text.contains(r#"Serving: <strong class="sizing__mode">Online</strong>. Predictions are needed within 200 ms"#), "{}", text.as_str());
        assert!(text.contains(&format!(
            r#"<strong class="sizing__instances">{}</strong> (N+1"#,
            s.instances
        )));
        assert!(text.contains(&money(s.annual_run_cost, &p.currency)));
        assert_eq!(
            text.matches(r#"data-action="add-implied""#).count(),
            s.implied_tasks.len()
        );
        p.requirements.freshness = Freshness::Daily;
        assert!(sizing_panel(&p).contains(r#"<strong class="sizing__mode">Batch</strong>"#));
        p.requirements.freshness = Freshness::RealTime;
        p.requirements.model_time_ms = 500.0;
        let text = sizing_panel(&p);
        assert!(
            text.contains(
                "cannot be sized yet: The latency target (200 ms) is below the model time"
            ),
            "{}",
            text.as_str()
        );
    }

    #[test]
    fn the_experiment_is_edited_by_path_and_joins_the_plan_as_waits() {
        let mut p = shop();
        edit_project(&mut p, "plan.ab_test.metric", "Stock-outs").unwrap();
        edit_project(&mut p, "plan.ab_test.baseline", "0.1").unwrap();
        edit_project(&mut p, "plan.ab_test.mde", "0.02").unwrap();
        edit_project(&mut p, "plan.ab_test.traffic_share", "100").unwrap();
        let panel = EXPERIMENT.html_now(&p).unwrap();
        assert!(
            panel.contains(r#"<strong class="ab__per-arm">3,841</strong> per arm"#),
            "{}",
            panel.as_str()
        );
        assert!(panel.contains("enter the daily traffic"));
        assert!(offer_act(&mut p, "add-ab-test", "")
            .unwrap_err()
            .contains("daily traffic"));
        edit_project(&mut p, "plan.ab_test.daily_traffic", "300").unwrap();
        assert_eq!(p.plan.ab_test.daily_traffic, Some(300.0));
        let panel = experiment_panel(&p);
        assert!(
            panel.contains(r#"<strong class="ab__days">26</strong> days"#),
            "{}",
            panel.as_str()
        );
        let n = p.tasks.len();
        offer_act(&mut p, "add-ab-test", "").unwrap();
        let wait = &p.tasks[n];
        assert_eq!((wait.kind, wait.stage), (TaskKind::Wait, Stage::Maturity));
        assert_eq!(wait.name, "A/B test: Stock-outs");
        assert!(offer_act(&mut p, "add-ab-test", "")
            .unwrap_err()
            .contains("already"));
        assert!(experiment_panel(&p).contains("In the plan"));
        // The canary, edited and added.
        edit_project(&mut p, "plan.canary[0].days", "2").unwrap();
        assert_eq!(p.plan.canary[0].days, 2.0);
        act(&mut p, "add-canary-step", "").unwrap();
        assert_eq!(p.plan.canary.len(), 5);
        act(&mut p, "remove-canary-step", "4").unwrap();
        offer_act(&mut p, "add-canary", "").unwrap();
        assert_eq!(p.tasks[n + 1].name, "Canary roll-out");
        // Checked monitoring items join once.
        edit_project(&mut p, "plan.monitoring_checked.data-drift", "true").unwrap();
        edit_project(&mut p, "plan.monitoring_checked.failures", "true").unwrap();
        edit_project(&mut p, "plan.monitoring_checked.failures", "false").unwrap();
        assert_eq!(p.plan.monitoring_checked, vec![MonitoringItem::DataDrift]);
        assert!(experiment_panel(&p).contains(r#"data-action="add-monitoring-checked""#));
        offer_act(&mut p, "add-monitoring-checked", "").unwrap();
        assert_eq!(p.tasks.len(), n + 3);
        assert!(offer_act(&mut p, "add-monitoring-checked", "").is_err());
        assert!(crate::model::validate::validate(&p).is_empty());
        let form = experiment(&view(&p, None));
        assert!(form.contains(r#"data-path="plan.ab_test.daily_traffic""#));
        assert!(form.contains(r#"data-path="plan.canary[3].share""#));
        assert!(form.contains(r#"data-path="plan.monitoring_checked.data-drift""#));
    }

    #[test]
    fn an_implied_task_joins_the_plan_once() {
        let mut p = shop();
        p.requirements.requests_per_day = 86_400.0;
        p.requirements.freshness = Freshness::RealTime;
        let n = p.tasks.len();
        let first = sizing::size(&p.requirements).unwrap().implied_tasks[0];
        offer_act(&mut p, "add-implied", first.key).unwrap();
        assert_eq!(p.tasks.len(), n + 1);
        assert_eq!(p.tasks[n].name, first.name);
        // It follows the plan's last task of the latest earlier phase, in its stage or
        // before: the MVP's evaluation.
        let before = p.tasks[..n]
            .iter()
            .filter(|t| t.phase < first.phase && t.stage <= first.stage)
            .max_by_key(|t| t.phase)
            .unwrap();
        assert_eq!(before.phase, crate::model::Phase::Evaluation);
        assert_eq!(p.tasks[n].depends_on, vec![before.id]);
        assert!(offer_act(&mut p, "add-implied", first.key)
            .unwrap_err()
            .contains("already"));
        assert!(sizing_panel(&p).contains("In the plan"));
        assert!(offer_act(&mut p, "add-implied", "nothing").is_err());
        assert!(
            crate::model::validate::validate(&p).is_empty(),
            "added tasks are valid"
        );
    }

    #[test]
    fn the_section_shows_every_milestone_and_the_requirements() {
        let p = shop();
        let html = plan(&view(&p, None));
        assert_eq!(
            html.matches(r#"data-action="remove-milestone""#).count(),
            p.plan.milestones.len()
        );
        let form = requirements(&view(&p, None));
        assert!(form.contains(r#"data-path="requirements.latency_p95_ms""#));
        assert!(form.contains(r#"data-path="requirements.run_cost_from_sizing""#));
    }
}

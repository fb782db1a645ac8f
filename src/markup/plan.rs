//! The Requirements & plan section's markup: business requirements with the technical
//! figures they imply (peak load, instances, serving mode, from `engine::sizing`), and
//! the plan items — success metrics, stage-gate milestones with go / no-go criteria,
//! monitoring and the A/B test plan.

use crate::engine::sizing::{self, Mode};
use crate::form::{header_row, render_fields, render_row, set_field, set_in, split_indexed};
use crate::form::{EditError, Field, Kind, Value};
use crate::format::{fixed, thousands};
use crate::html;
use crate::html::Html;
use crate::markup::team::{parse_stage, stage_value};
use crate::markup::{changed, stage_choices, Outcome, View};
use crate::model::{Freshness, Milestone, PlanItems, Project, Requirements, Stage};
use crate::{num_field, text_field};

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
    match split_indexed(path) {
        Some(("milestones", i, key)) => set_in(MILESTONE_FIELDS, &mut plan.milestones, i, key, raw),
        Some(_) => Err(EditError::UnknownPath),
        None => set_field(PLAN_FIELDS, plan, path, raw),
    }
}

/// Carries out `add-milestone` and `remove-milestone` (argument: index).
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
        _ => changed(false),
    }
}

/// The serving sizing in one callout: peak load, instances and mode with its reason,
/// or why the requirements cannot be sized yet.
fn sizing_callout(r: &Requirements) -> Html {
    let peak = sizing::peak_rps(r);
    let peak = if peak < 10.0 {
        fixed(peak, 1)
    } else {
        thousands(peak)
    };
    match sizing::size(r) {
        Ok(s) => html!(
            r#"<p class="callout" role="status">Peak load about <strong>{}</strong> requests per second, needing <strong>{}</strong> model instances{}. Serving: {}. {}</p>"#,
            peak,
            thousands(f64::from(s.instances)),
            if s.mode == Mode::Batch {
                ""
            } else {
                " (one of them spare)"
            },
            s.mode.label().to_ascii_lowercase(),
            s.reason
        ),
        Err(errors) => html!(
            r#"<p class="callout" role="status">Peak load about <strong>{}</strong> requests per second. The serving cannot be sized yet: {}</p>"#,
            peak,
            errors.first().map_or("", |e| e.message.as_str())
        ),
    }
}

/// The whole section.
pub fn plan(v: &View) -> Html {
    let (p, errors) = (v.project, v.errors);
    let r = &p.requirements;
    let mut out = html!(r#"<h3>Requirements</h3><div class="form-grid">"#);
    out += render_fields(REQUIREMENT_FIELDS, r, "requirements", p, errors);
    out.push_trusted("</div>");
    out += sizing_callout(r);
    out += html!(r#"<h3>Plan</h3><div class="form-grid">"#);
    out += render_fields(PLAN_FIELDS, &p.plan, "plan", p, errors);
    out += html!(
        r#"</div><h3>Milestones</h3><div class="table-scroll"><table class="edit-table"><caption class="visually-hidden">Milestones and their go / no-go criteria</caption>"#
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
    fn the_callout_shows_the_engine_sizing_or_why_not() {
        let mut r = Requirements {
            requests_per_day: 86_400.0,
            peak_to_average: 3.0,
            freshness: Freshness::RealTime,
            ..Requirements::default()
        };
        let text = sizing_callout(&r).as_str().to_owned();
        assert!(
            text.contains("<strong>3.0</strong> requests per second"),
            "{text}"
        );
        assert!(
            text.contains(
                "(one of them spare). Serving: online. Predictions are needed within 200 ms"
            ),
            "{text}"
        );
        r.freshness = Freshness::Daily;
        assert!(sizing_callout(&r).as_str().contains("Serving: batch."));
        r.freshness = Freshness::RealTime;
        r.model_time_ms = 500.0;
        let text = sizing_callout(&r).as_str().to_owned();
        assert!(
            text.contains(
                "cannot be sized yet: The latency target (200 ms) is below the model time"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_section_shows_every_milestone_and_the_sizing() {
        let p = shop();
        let html = plan(&view(&p, None));
        assert_eq!(
            html.matches(r#"data-action="remove-milestone""#).count(),
            p.plan.milestones.len()
        );
        assert!(html.contains("requests per second"));
        assert!(html.contains(r#"data-path="requirements.latency_p95_ms""#));
    }
}

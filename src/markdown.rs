//! The Markdown plan: a GitHub-flavoured document a stakeholder can read anywhere
//! (GitHub, Confluence and Notion imports).
//!
//! Every piece of user text passes through [`escape`], so a task called `a | b` or
//! `<script>` can neither break a table nor inject markup, and no link is ever made from
//! user text.

use crate::engine::{risk_exposures, Forecast, Summary};
use crate::format::{money, percent, thousands};
use crate::model::{FactorKind, FactorLevel, Freshness, Project, RiskTarget};
use std::fmt::Write;

/// Escapes user text for inline Markdown and table cells: backslash-escapes every
/// character with meaning in CommonMark or GFM, turns line breaks into spaces, and
/// writes `<`, `>` and `&` as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '"' | '\'' | ':' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = row(&header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    out.push_str(&row(&header
        .iter()
        .map(|_| "---".to_owned())
        .collect::<Vec<_>>()));
    for r in rows {
        out.push_str(&row(&r));
    }
    out
}

fn summary_row(name: &str, s: &Summary, plan: f64, show: impl Fn(f64) -> String) -> Vec<String> {
    let mut r = vec![name.to_owned()];
    r.extend(
        [s.mean, s.p10, s.p50, s.p80, s.p90, s.p95]
            .into_iter()
            .map(&show),
    );
    r.push(show(plan));
    r
}

/// The whole plan as Markdown.
pub fn plan(project: &Project, f: &Forecast) -> String {
    let c = &project.currency;
    let mut md = String::new();
    let conf = (project.settings.confidence * 100.0).round();
    let _ = writeln!(md, "# {}\n", escape(&project.name));
    if !project.description.trim().is_empty() {
        let _ = writeln!(md, "{}\n", escape(&project.description));
    }

    md.push_str("## Summary\n\n");
    let _ = writeln!(
        md,
        "- **{conf:.0}% chance to finish by {} for {} or less.**",
        f.contingency.finish,
        escape(&money(f.contingency.cost, c))
    );
    let _ = writeln!(
        md,
        "- The sum\\-of\\-most\\-likely plan says {} for {}; the contingency needed for P{conf:.0} is {} working days and {}.",
        f.plan.finish,
        escape(&money(f.plan.cost, c)),
        thousands(f.contingency.duration_buffer),
        escape(&money(f.contingency.cost_buffer, c))
    );
    if f.gate.enabled {
        let _ = writeln!(
            md,
            "- Feasibility gate: {} chance that the model never reaches the minimum performance; the project then stops after the MVP's evaluation, having spent {} on average. Expected spend over all outcomes: {}.",
            percent(f.gate.stop_rate),
            escape(&money(f.gate.mean_cost_if_stopped, c)),
            escape(&money(f.gate.expected_cost, c))
        );
    }
    if let (Some(p), Some(d)) = (f.probability_by_target_date, project.settings.target_date) {
        let _ = writeln!(
            md,
            "- Chance to finish by the target date {d}: {}.",
            percent(p)
        );
    }
    if let (Some(p), Some(b)) = (f.probability_within_budget, project.settings.target_budget) {
        let _ = writeln!(
            md,
            "- Chance to stay within the target budget of {}: {}.",
            escape(&money(b, c)),
            percent(p)
        );
    }
    md.push('\n');

    md.push_str("## Forecast\n\n");
    let dates = [
        f.finish.mean,
        f.finish.p10,
        f.finish.p50,
        f.finish.p80,
        f.finish.p90,
        f.finish.p95,
        f.plan.finish,
    ];
    let mut date_row = vec!["Finish date".to_owned()];
    date_row.extend(dates.iter().map(ToString::to_string));
    md.push_str(&table(
        &[
            "Measure",
            "Mean",
            "P10",
            "P50",
            "P80",
            "P90",
            "P95",
            "Sum of most likely",
        ],
        [
            summary_row(
                "Effort (person\\-days)",
                &f.effort,
                f.plan.effort,
                thousands,
            ),
            summary_row(
                "Duration (working days)",
                &f.duration,
                f.plan.duration,
                thousands,
            ),
            date_row,
            summary_row(
                &format!("Cost ({})", escape(c)),
                &f.cost,
                f.plan.cost,
                thousands,
            ),
        ],
    ));
    let _ = writeln!(
        md,
        "\nFrom {} Monte Carlo trials (seed {}).\n",
        thousands(f64::from(f.trials)),
        f.seed
    );

    md.push_str("## Stage plan\n\n");
    md.push_str(&table(
        &[
            "Through",
            "Tasks",
            "P50 finish",
            "P80 finish",
            "P50 cost",
            "P80 cost",
        ],
        f.stages.iter().map(|s| {
            vec![
                s.stage.label().to_owned(),
                s.tasks.to_string(),
                s.finish.p50.to_string(),
                s.finish.p80.to_string(),
                thousands(s.cost.p50),
                thousands(s.cost.p80),
            ]
        }),
    ));
    md.push('\n');

    md.push_str("## Tasks\n\n");
    md.push_str(&table(
        &[
            "\\#",
            "Task",
            "Phase",
            "Stage",
            "Role",
            "Optimistic",
            "Most likely",
            "Pessimistic",
            "After",
            "Critical",
        ],
        project.tasks.iter().map(|t| {
            let crit = f
                .tasks
                .iter()
                .find(|x| x.id == t.id)
                .map_or(0.0, |x| x.criticality);
            vec![
                t.id.to_string(),
                escape(&t.name),
                t.phase.label().replace('&', "&amp;"),
                t.stage.label().to_owned(),
                escape(project.role(t.role).map_or("?", |r| r.name.as_str())),
                crate::format::plain(t.effort.optimistic),
                crate::format::plain(t.effort.most_likely),
                crate::format::plain(t.effort.pessimistic),
                t.depends_on
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                percent(crit),
            ]
        }),
    ));
    md.push('\n');

    md.push_str("## Risks by exposure\n\n");
    let exposures = risk_exposures(project);
    if exposures.is_empty() {
        md.push_str("No risks are registered.\n\n");
    } else {
        md.push_str(&table(
            &[
                "Risk",
                "Category",
                "Probability",
                "Impact (days)",
                "Exposure (days)",
                "Exposure (money)",
                "Mitigation",
                "Adopted",
            ],
            exposures.iter().filter_map(|e| {
                let r = project.risks.iter().find(|r| r.id == e.id)?;
                Some(vec![
                    escape(&r.title),
                    escape(&r.category),
                    percent(e.probability),
                    thousands(e.impact_days),
                    thousands(e.exposure_days),
                    thousands(e.exposure_cost),
                    escape(&r.mitigation.description),
                    if r.mitigation.adopted { "yes" } else { "no" }.to_owned(),
                ])
            }),
        ));
        md.push('\n');
    }

    md.push_str("## Complexity factors\n\n");
    md.push_str(&table(
        &["Factor", "Answer", "Phases it multiplies"],
        FactorKind::ALL.iter().map(|&k| {
            let level = project.factor_level(k);
            let phases = project
                .factor_rules
                .iter()
                .find(|r| r.factor == k)
                .map(|r| {
                    r.phases
                        .iter()
                        .map(|p| p.label().replace('&', "&amp;"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            vec![escape(k.label()), level_text(level).to_owned(), phases]
        }),
    ));
    md.push('\n');

    md.push_str("## Team and budget\n\n");
    md.push_str(&table(
        &["Role", "Headcount (FTE)", "Day rate"],
        project.team.iter().map(|r| {
            vec![
                escape(&r.name),
                crate::format::plain(r.headcount),
                thousands(r.day_rate),
            ]
        }),
    ));
    if !project.fixed_costs.is_empty() {
        md.push('\n');
        md.push_str(&table(
            &["Fixed cost", "Stage", "Amount"],
            project.fixed_costs.iter().map(|fc| {
                vec![
                    escape(&fc.name),
                    fc.stage.label().to_owned(),
                    thousands(fc.amount),
                ]
            }),
        ));
    }
    md.push('\n');

    let rq = &project.requirements;
    md.push_str("## Requirements\n\n");
    let _ = writeln!(
        md,
        "- Inference requests per day: {}",
        thousands(rq.requests_per_day)
    );
    let _ = writeln!(
        md,
        "- Peak to average traffic: {}",
        crate::format::plain(rq.peak_to_average)
    );
    let _ = writeln!(
        md,
        "- Latency target (p95): {} ms",
        thousands(rq.latency_p95_ms)
    );
    let _ = writeln!(
        md,
        "- Prediction freshness: {}",
        freshness_text(rq.freshness)
    );
    if !rq.metric.trim().is_empty() {
        let _ = writeln!(
            md,
            "- Minimum predictive performance: {} ≥ {}",
            escape(&rq.metric),
            crate::format::plain(rq.minimum_performance)
        );
    }
    md.push('\n');

    md.push_str("## Method and assumptions\n\n");
    let _ = writeln!(
        md,
        "- Start date {}, {} working days a week, {} holidays.",
        project.start_date,
        project.working_days_per_week,
        project.holidays.len()
    );
    md.push_str("- Each task's effort is a three\\-point estimate in person\\-days, sampled from its distribution (PERT by default) in every trial.\n");
    md.push_str("- Complexity factors multiply the effort of the phases they affect by an uncertain amount (\"Yes\" about ×2, \"Some\" about ×1\\.3).\n");
    md.push_str("- Risks fire with their probability and add sampled extra effort and cost; adopted mitigations change probability and impact and add their own cost.\n");
    md.push_str("- The schedule honours finish\\-to\\-start dependencies and team capacity: a role works on at most as many tasks at once as its headcount.\n");
    md.push_str(
        "- Cost is effort × role day rate plus fixed costs, risk costs and mitigation costs.\n",
    );
    let _ = writeln!(
        md,
        "\n*Generated by Yardstick {}.*",
        env!("CARGO_PKG_VERSION")
    );
    md
}

fn level_text(level: FactorLevel) -> &'static str {
    level.label()
}

fn freshness_text(f: Freshness) -> &'static str {
    match f {
        Freshness::RealTime => "real time",
        Freshness::Hourly => "hourly",
        Freshness::Daily => "daily",
    }
}

/// Where a risk lands, in words.
pub fn target_text(project: &Project, target: RiskTarget) -> String {
    match target {
        RiskTarget::Phase(p) => p.label().to_owned(),
        RiskTarget::Task(id) => project
            .task(id)
            .map_or_else(|| format!("task {id}"), |t| t.name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup_and_table_breakers() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(
            escape("[x](http://e)"),
            "\\[x\\]\\(http\\:\\/\\/e\\)".replace("\\/", "/")
        );
        assert_eq!(escape("line\nbreak"), "line break");
        assert_eq!(escape("`code` *b* _i_"), "\\`code\\` \\*b\\* \\_i\\_");
    }
}

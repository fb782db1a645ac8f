//! The Risks section's markup: the register as a table with one row per risk (its
//! probability, impact, status, whether its mitigation is in effect, and its expected
//! extra effort and cost), each row opening to the risk's whole form below it; the
//! catalogue to add from, the feasibility gate, the 5×5 probability × impact matrix,
//! the live forecast line and the mitigation-worth table (both drawn in the engine's
//! worker, the worth in words that never read negative); and the section's actions
//! (add from the catalogue, add a blank risk, remove one).

use crate::engine::analysis::{MitigationWorth, IMPACT_EDGES, PROBABILITY_EDGES};
use crate::engine::{risk_exposures, Forecast, RiskExposure};
use crate::form::{chosen, control_id, header_row, render_fields, Field, Kind, Value};
use crate::format::{days, money, percent, shortest};
use crate::html;
use crate::html::Html;
use crate::jobs::{Checked, Job};
use crate::markup::{changed, drawn, Outcome, Slow, View};
use crate::model::templates::{catalogue_risk, risk_catalogue};
use crate::model::{
    FeasibilityGate, GateOutcome, Id, Mitigation, Phase, Project, Risk, RiskStatus, RiskTarget,
    ScheduleUnit, ThreePoint,
};
use crate::{check_field, money_field, num_field, percent_field, text_field};

/// Each status: its code, its name in the register, and its choice in the form.
const STATUSES: [(RiskStatus, &str, &str, &str); 4] = [
    (RiskStatus::Open, "open", "Open", "Open"),
    (
        RiskStatus::Mitigated,
        "mitigated",
        "Mitigated",
        "Mitigated: mitigation done",
    ),
    (
        RiskStatus::Closed,
        "closed",
        "Closed",
        "Closed: cannot happen",
    ),
    (
        RiskStatus::Occurred,
        "occurred",
        "Occurred",
        "Occurred: has happened",
    ),
];

fn status_choices(_: &Project) -> Vec<(String, String)> {
    STATUSES
        .iter()
        .map(|s| (s.1.to_owned(), s.3.to_owned()))
        .collect()
}

fn target_code(target: RiskTarget) -> String {
    match target {
        RiskTarget::Phase(ph) => format!("p{}", ph.index()),
        RiskTarget::Task(id) => format!("t{id}"),
        RiskTarget::Role(id) => format!("r{id}"),
    }
}

fn target_choices(p: &Project) -> Vec<(String, String)> {
    let phases = Phase::ALL.iter().map(|&ph| {
        (
            target_code(RiskTarget::Phase(ph)),
            format!("Phase: {}", ph.label()),
        )
    });
    let tasks = p.tasks.iter().map(|t| {
        (
            target_code(RiskTarget::Task(t.id)),
            format!("Task {}: {}", t.id, t.name),
        )
    });
    let roles = p.team.iter().map(|r| {
        (
            target_code(RiskTarget::Role(r.id)),
            format!("Role: {}'s tasks", r.name),
        )
    });
    phases.chain(tasks).chain(roles).collect()
}

/// A target as the "Also lands on" box writes it: a phase by name, a task as `#id`, a
/// role as `role id`.
fn target_text(target: RiskTarget) -> String {
    match target {
        RiskTarget::Phase(ph) => ph.label().to_owned(),
        RiskTarget::Task(id) => format!("#{id}"),
        RiskTarget::Role(id) => format!("role {id}"),
    }
}

/// Reads the further targets of a risk driver: phases by name, tasks by name or
/// number (`#5`), roles by name or as `role 2`, separated by commas or semicolons;
/// each name whole or a beginning only one of its kind has, ignoring case.
pub fn parse_targets(p: &Project, text: &str) -> Result<Vec<RiskTarget>, &'static str> {
    let mut out = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let lower = part.to_ascii_lowercase();
        let starts = |name: &str| name.to_ascii_lowercase().starts_with(&lower);
        let exact = |name: &str| name.eq_ignore_ascii_case(part);
        let phases: Vec<Phase> = Phase::ALL
            .into_iter()
            .filter(|ph| starts(ph.label()))
            .collect();
        let role_id = lower
            .strip_prefix("role ")
            .and_then(|id| id.trim().parse::<Id>().ok());
        let roles: Vec<Id> = p
            .team
            .iter()
            .filter(|r| exact(&r.name) || Some(r.id) == role_id)
            .map(|r| r.id)
            .collect();
        let target = match (&phases[..], &roles[..]) {
            ([ph], _) => RiskTarget::Phase(*ph),
            ([], [id]) => RiskTarget::Role(*id),
            ([], []) => match super::tasks::parse_after(&p.tasks, part)?[..] {
                [id] => RiskTarget::Task(id),
                _ => return Err("Write one phase, task or role between commas."),
            },
            _ => return Err("That name fits more than one phase or role: write more of it."),
        };
        out.push(target);
    }
    Ok(out)
}

fn unit_choices(_: &Project) -> Vec<(String, String)> {
    vec![
        (
            "0".to_owned(),
            "Person-days, shared over the targets".to_owned(),
        ),
        ("1".to_owned(), "Percent of each target's effort".to_owned()),
    ]
}

/// Number of leading [`RISK_FIELDS`] that describe the risk itself.
const ABOUT: usize = 8;
/// Number of [`RISK_FIELDS`] after those that describe its impact.
const IMPACT: usize = 6;

/// Every editable field of a risk, in card order: about, impact, mitigation.
pub static RISK_FIELDS: &[Field<Risk>] = &[
    text_field!("title", "Title", Text, title),
    text_field!("category", "Category", Text, category),
    text_field!("owner", "Owner", Text, owner),
    Field {
        key: "status",
        label: "Status",
        kind: Kind::Choice(status_choices),
        get: |r| {
            let code = STATUSES
                .iter()
                .find(|s| s.0 == r.status)
                .map_or("open", |s| s.1);
            Value::Text(code.to_owned())
        },
        set: |r, v| {
            let code = v.text();
            let found = STATUSES.iter().find(|s| s.1 == code);
            r.status = found.ok_or("Choose one of the statuses.")?.0;
            Ok(())
        },
    },
    percent_field!("probability", "Probability (%)", probability),
    Field {
        key: "target",
        label: "Extra effort lands on",
        kind: Kind::Choice(target_choices),
        get: |r| Value::Text(target_code(r.target)),
        set: |r, v| {
            let code = v.text();
            let parsed = match code.split_at_checked(1) {
                Some(("p", i)) => i
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| Phase::ALL.get(i))
                    .map(|&ph| RiskTarget::Phase(ph)),
                Some(("t", id)) => id.parse().ok().map(RiskTarget::Task),
                Some(("r", id)) => id.parse().ok().map(RiskTarget::Role),
                _ => None,
            };
            r.target = parsed.ok_or("Choose a phase or a task.")?;
            Ok(())
        },
    },
    Field {
        key: "more_targets",
        label: "Also lands on (phases, tasks or roles, by name)",
        kind: Kind::Text,
        get: |r| {
            let names: Vec<String> = r.more_targets.iter().map(|&t| target_text(t)).collect();
            Value::Text(names.join(", "))
        },
        // Names need the project: `markup::edit` reads them with `parse_targets`.
        set: |_, _| Err("Write phases, tasks or roles by name."),
    },
    Field {
        key: "schedule_unit",
        label: "Extra effort as",
        kind: Kind::Choice(unit_choices),
        get: |r| {
            Value::Text(
                if r.schedule_unit == ScheduleUnit::Percent {
                    "1"
                } else {
                    "0"
                }
                .to_owned(),
            )
        },
        set: |r, v| {
            r.schedule_unit = match v.text().as_str() {
                "0" => ScheduleUnit::Days,
                "1" => ScheduleUnit::Percent,
                _ => return Err("Choose one of the options."),
            };
            Ok(())
        },
    },
    num_field!(
        "schedule_impact.optimistic",
        "Extra effort, best case (person-days or %)",
        schedule_impact.optimistic
    ),
    num_field!(
        "schedule_impact.most_likely",
        "Extra effort, most likely (person-days or %)",
        schedule_impact.most_likely
    ),
    num_field!(
        "schedule_impact.pessimistic",
        "Extra effort, worst case (person-days or %)",
        schedule_impact.pessimistic
    ),
    money_field!(
        "cost_impact.optimistic",
        "Extra cost, best case",
        cost_impact.optimistic
    ),
    money_field!(
        "cost_impact.most_likely",
        "Extra cost, most likely",
        cost_impact.most_likely
    ),
    money_field!(
        "cost_impact.pessimistic",
        "Extra cost, worst case",
        cost_impact.pessimistic
    ),
    text_field!(
        "mitigation.description",
        "Mitigation",
        LongText,
        mitigation.description
    ),
    money_field!("mitigation.cost", "Mitigation cost", mitigation.cost),
    num_field!(
        "mitigation.effort",
        "Mitigation effort (person-days)",
        mitigation.effort
    ),
    percent_field!(
        "mitigation.probability_after",
        "Probability once mitigated (%)",
        mitigation.probability_after
    ),
    percent_field!(
        "mitigation.impact_reduction",
        "Impact removed if it still fires (%)",
        mitigation.impact_reduction
    ),
    check_field!(
        "mitigation.adopted",
        "Adopt the mitigation in the plan: its cost and effort are spent, its chance and impact apply",
        mitigation.adopted
    ),
];

/// The feasibility gate's fields.
pub static GATE_FIELDS: &[Field<FeasibilityGate>] = &[
    check_field!(
        "enabled",
        "Go / no-go gate at the end of the MVP's Evaluation",
        enabled
    ),
    percent_field!(
        "probability",
        "Chance the model reaches the minimum performance (%)",
        probability
    ),
    Field {
        key: "outcome",
        label: "Once evaluated, the gate was",
        kind: Kind::Choice(outcome_choices),
        get: |g| Value::Text((g.outcome as usize).to_string()),
        set: |g, v| {
            g.outcome = chosen(v, &GateOutcome::ALL)?;
            Ok(())
        },
    },
];

fn outcome_choices(_: &Project) -> Vec<(String, String)> {
    ["Not evaluated yet", "Passed", "Failed"]
        .iter()
        .enumerate()
        .map(|(i, label)| (i.to_string(), (*label).to_owned()))
        .collect()
}

/// A 5×5 matrix cell: probability bucket and impact bucket, each 1–5.
pub type Cell = (u8, u8);

/// Reads a cell code such as `"34"` (probability 3, impact 4).
pub fn parse_cell(code: &str) -> Option<Cell> {
    let mut digits = code.chars().map(|c| c.to_digit(10));
    match (digits.next(), digits.next(), digits.next()) {
        (Some(Some(p @ 1..=5)), Some(Some(i @ 1..=5)), None) => Some((p as u8, i as u8)),
        _ => None,
    }
}

/// Carries out a button of the section: `add-catalogue` (argument: catalogue key),
/// `add-risk`, `remove-risk` (argument: index).
pub fn act(project: &mut Project, action: &str, arg: &str) -> Outcome {
    match action {
        "add-catalogue" => {
            let entry = catalogue_risk(arg).ok_or_else(String::new)?;
            let id = project.next_risk_id();
            project.risks.push(entry.to_risk(id));
            Ok(())
        }
        "add-risk" => {
            let id = project.next_risk_id();
            project.risks.push(Risk {
                id,
                title: format!("New risk {id}"),
                category: "Other".into(),
                probability: 0.2,
                schedule_impact: ThreePoint::new(2.0, 5.0, 10.0),
                target: RiskTarget::Phase(Phase::Modelling),
                more_targets: Vec::new(),
                schedule_unit: ScheduleUnit::Days,
                cost_impact: ThreePoint::default(),
                owner: String::new(),
                status: RiskStatus::Open,
                mitigation: Mitigation {
                    probability_after: 0.2,
                    ..Mitigation::default()
                },
            });
            Ok(())
        }
        "remove-risk" => match arg.parse::<usize>() {
            Ok(i) if i < project.risks.len() => {
                project.risks.remove(i);
                Ok(())
            }
            _ => changed(false),
        },
        _ => changed(false),
    }
}

/// The editable part: gate, catalogue and register (only the risks in the selected
/// matrix cell, when one is selected): a table with one row per risk, each opening to
/// its whole form.
pub fn register(v: &View) -> Html {
    let (p, errors, filter) = (v.project, v.errors, parse_cell(v.state));
    let mut out = html!(
        r#"<h3>Feasibility gate</h3><p class="muted">In a trial where the model never reaches the minimum performance, the project stops after the MVP's Evaluation: what was spent is spent, and later work does not happen.</p><div class="form-grid">"#
    );
    out += render_fields(GATE_FIELDS, &p.gate, "gate", p, errors);
    out += html!(
        r#"</div><h3>Register</h3><p class="button-row"><button type="button" class="button" data-action="add-risk" data-focus="{}">Add a blank risk</button></p>"#,
        format!(
            "#{}",
            control_id(&format!("risks[{}].title", p.risks.len()))
        )
    );
    out += catalogue_html(p);
    let exposures = risk_exposures(p);
    if let Some((pb, ib)) = filter {
        out += html!(
            r#"<p class="callout" role="status">Showing the risks with {} probability and {} impact. <button type="button" class="link-button" data-action="state" data-arg="">Show all risks</button></p>"#,
            PROBABILITY_NAMES[pb as usize - 1],
            IMPACT_NAMES[ib as usize - 1]
        );
    }
    if p.risks.is_empty() {
        return out
            + html!(
                r#"<p class="muted">No risks yet. Add the ones that could hit this project from the catalogue above.</p>"#
            );
    }
    let shown: Vec<(usize, &Risk, Option<&RiskExposure>)> = p
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r, exposures.iter().find(|e| e.id == r.id)))
        .filter(|(_, _, e)| {
            filter.is_none_or(|cell| {
                e.is_some_and(|e| (e.probability_bucket, e.impact_bucket) == cell)
            })
        })
        .collect();
    out += html!(
        r#"<p class="muted risk-table__note">Open a risk's row to edit all its fields. <strong>Status</strong> is where the risk stands (Occurred: it fires in every trial; Closed: in none); <strong>Mitigation</strong> says whether the plan pays for its mitigation (a risk whose status is Mitigated has its mitigation in effect). The expected extra effort and cost are the chance it fires times its mean impact, with the status and an adopted mitigation taken into account; they are never negative.</p><div class="table-scroll risk-table-box"><table class="data-table risk-table" data-refresh><caption class="visually-hidden">The risk register, one row per risk</caption>{}<tbody>"#,
        header_row(&[
            "Risk",
            "Probability",
            "Extra effort if it fires",
            "Extra cost if it fires",
            "Lands on",
            "Status",
            "Mitigation",
            "Expected extra effort",
            "Expected extra cost",
        ])
    );
    for (at, &(i, r, e)) in shown.iter().enumerate() {
        // Where focus goes when this risk is removed: the next row's, the row above's
        // button, or the add button.
        let after = shown
            .get(at + 1)
            .or_else(|| at.checked_sub(1).and_then(|a| shown.get(a)))
            .map_or_else(
                || r#"[data-action="add-risk"]"#.to_owned(),
                |(_, n, _)| format!("#risk-{}-toggle", n.id),
            );
        out += risk_row(v, i, r, e, &after);
    }
    out + html!("</tbody></table></div>")
}

/// A risk's row in the register (its button opens the row below with the whole form)
/// and that row, closed.
fn risk_row(v: &View, i: usize, r: &Risk, e: Option<&RiskExposure>, after: &str) -> Html {
    let (p, errors, c) = (v.project, v.errors, &v.project.currency);
    let prefix = format!("risks[{i}]");
    let impact = &r.schedule_impact;
    let effort = if r.schedule_unit == ScheduleUnit::Percent {
        format!("{}% of the work", shortest(impact.most_likely))
    } else {
        days(impact.most_likely)
    };
    let status = STATUSES
        .iter()
        .find(|s| s.0 == r.status)
        .map_or("Open", |s| s.2);
    let mitigation = match (r.mitigation.adopted, r.status == RiskStatus::Mitigated) {
        (_, true) => "In effect (status Mitigated)",
        (true, false) => "Adopted",
        (false, false) => "Not adopted",
    };
    let (exp_days, exp_cost) = e.map_or((0.0, 0.0), |e| (e.exposure_days, e.exposure_cost));
    let note = if r.status == RiskStatus::Mitigated {
        html!(
            r#"<p class="callout">This risk's status is Mitigated, so its mitigation counts as adopted whether or not the box below is ticked. Set the status back to Open to weigh the mitigation with the box.</p>"#
        )
    } else {
        Html::new()
    };
    html!(
        r#"<tr class="risk-row"><th scope="row"><button type="button" class="disclosure" id="risk-{0}-toggle" aria-expanded="false" aria-controls="risk-{0}-form">{1}. {2}</button></th><td class="num" data-label="Probability">{3}</td><td class="num" data-label="Extra effort if it fires">{4}</td><td class="num" data-label="Extra cost if it fires">{5}</td><td data-label="Lands on">{6}</td><td data-label="Status">{7}</td><td data-label="Mitigation">{8}</td><td class="num" data-label="Expected extra effort">{9}</td><td class="num" data-label="Expected extra cost">{10}</td></tr><tr class="risk-detail" id="risk-{0}-form" hidden><td colspan="9"><div class="risk-form"><p class="risk-form__group">The risk</p><div class="form-grid">{11}</div><p class="risk-form__group">Impact if it fires</p><div class="form-grid">{12}</div><p class="risk-form__group">Mitigation</p>{13}<div class="form-grid">{14}</div><p><button type="button" class="button button--danger" data-action="remove-risk" data-arg="{15}" data-focus="{16}">Remove risk {1}<span class="visually-hidden">: {2}</span></button></p></div></td></tr>"#,
        r.id,
        i + 1,
        r.title,
        percent(r.probability),
        effort,
        money(r.cost_impact.most_likely, c),
        target_label(p, r.target, r.more_targets.len()),
        status,
        mitigation,
        days(exp_days),
        money(exp_cost, c),
        render_fields(&RISK_FIELDS[..ABOUT], r, &prefix, p, errors),
        render_fields(&RISK_FIELDS[ABOUT..ABOUT + IMPACT], r, &prefix, p, errors),
        note,
        render_fields(&RISK_FIELDS[ABOUT + IMPACT..], r, &prefix, p, errors),
        i,
        after,
    )
}

/// Where a risk lands, short: a phase's name, a task's or a role's, and how many more.
fn target_label(p: &Project, target: RiskTarget, more: usize) -> String {
    let first = match target {
        RiskTarget::Phase(ph) => ph.label().to_owned(),
        RiskTarget::Task(id) => p
            .task(id)
            .map_or_else(|| format!("Task {id}"), |t| t.name.clone()),
        RiskTarget::Role(id) => p
            .role(id)
            .map_or_else(|| format!("Role {id}"), |r| format!("{}'s tasks", r.name)),
    };
    if more == 0 {
        first
    } else {
        format!("{first} and {more} more")
    }
}

fn catalogue_html(p: &Project) -> Html {
    let items: Html = risk_catalogue()
        .iter()
        .map(|c| {
            let present = p.risks.iter().any(|r| r.title == c.title);
            html!(
                r#"<li><button type="button" class="button" data-action="add-catalogue" data-arg="{0}">Add<span class="visually-hidden"> {1}</span></button> <strong>{1}</strong>{2} <span class="muted">({3}, {4} likely)</span><br>{5}</li>"#,
                c.key,
                c.title,
                if present { " (in the register)" } else { "" },
                c.category,
                percent(c.probability),
                c.explanation
            )
        })
        .collect();
    html!(
        r#"<details class="catalogue" id="catalogue"><summary>Add a risk from the ML risk catalogue</summary><ul class="catalogue-list">{}</ul></details>"#,
        items
    )
}

/// Names of the probability rows, rare (1) to almost certain (5).
pub const PROBABILITY_NAMES: [&str; 5] =
    ["rare", "unlikely", "possible", "likely", "almost certain"];
/// Names of the impact columns, minor (1) to severe (5).
pub const IMPACT_NAMES: [&str; 5] = ["minor", "moderate", "major", "serious", "severe"];

/// The range a bucket covers, from its edges: `"10–30%"`, `"under 10%"`, `"70% or more"`.
fn bucket_range(edges: &[f64; 4], bucket: usize) -> String {
    let pct = |v: f64| shortest((v * 100.0).round());
    match bucket {
        1 => format!("under {}%", pct(edges[0])),
        5 => format!("{}% or more", pct(edges[3])),
        b => format!("{}–{}%", pct(edges[b - 2]), pct(edges[b - 1])),
    }
}

/// The 5×5 matrix, whose cells are buttons that filter the register.
pub fn analysis(v: &View) -> Html {
    let exposures = risk_exposures(v.project);
    if exposures.is_empty() {
        return Html::new();
    }
    matrix(&exposures, parse_cell(v.state))
}

/// The 5×5 matrix of risk counts; each cell is a button that selects it.
fn matrix(exposures: &[RiskExposure], filter: Option<Cell>) -> Html {
    let mut out = html!(
        r#"<h3>Probability × impact</h3><p class="muted">Impact is the expected money if the risk fires, as a share of the sum-of-most-likely plan's cost. Select a cell to show only its risks in the register.</p><div class="table-scroll" tabindex="0"><table class="risk-matrix"><caption class="visually-hidden">Number of risks by probability and impact</caption><thead><tr><th scope="col">Probability</th>"#
    );
    for (i, name) in IMPACT_NAMES.iter().enumerate() {
        out += html!(
            r#"<th scope="col">{}<br><span class="muted">{}</span></th>"#,
            name,
            bucket_range(&IMPACT_EDGES, i + 1)
        );
    }
    out.push_trusted("</tr></thead><tbody>");
    for pb in (1..=5u8).rev() {
        out += html!(
            r#"<tr><th scope="row">{}<br><span class="muted">{}</span></th>"#,
            PROBABILITY_NAMES[pb as usize - 1],
            bucket_range(&PROBABILITY_EDGES, pb as usize)
        );
        for ib in 1..=5u8 {
            out += matrix_cell(exposures, (pb, ib), filter == Some((pb, ib)));
        }
        out.push_trusted("</tr>");
    }
    out + html!("</tbody></table></div>")
}

/// A cell of the matrix: how many risks it holds, as a button that selects it.
fn matrix_cell(exposures: &[RiskExposure], (pb, ib): Cell, selected: bool) -> Html {
    let n = exposures
        .iter()
        .filter(|e| e.probability_bucket == pb && e.impact_bucket == ib)
        .count();
    let heat = match pb * ib {
        0..=4 => "low",
        5..=9 => "medium",
        10..=14 => "high",
        _ => "severe",
    };
    let label = format!(
        "{n} {} with {} probability and {} impact",
        if n == 1 { "risk" } else { "risks" },
        PROBABILITY_NAMES[pb as usize - 1],
        IMPACT_NAMES[ib as usize - 1]
    );
    let (disabled, count) = if n == 0 {
        (html!(" disabled"), String::new())
    } else {
        (Html::new(), n.to_string())
    };
    html!(
        r#"<td class="heat-{}"><button type="button" class="matrix-cell" data-action="state" data-arg="{}{}" aria-pressed="{}" aria-label="{}"{}>{}</button></td>"#,
        heat,
        pb,
        ib,
        selected,
        label,
        disabled,
        count
    )
}

/// One live line above the register: the forecast with the risks as they stand now
/// (drawn from the forecast; nothing while there is none).
pub fn forecast_line(v: &View) -> Html {
    v.forecast
        .map(|parts| Html::drawn(parts.risks_line.clone()))
        .unwrap_or_default()
}

/// The live line from a forecast of `p` (drawn in the engine's worker).
pub fn draw_forecast_line(p: &Project, f: &Forecast) -> Html {
    let gate = if f.gate.enabled {
        html!(
            " The gate stops the project in <strong>{}</strong> of trials.",
            percent(f.gate.stop_rate)
        )
    } else {
        Html::new()
    };
    html!(
        r#"<p class="risk-forecast" role="status">With the register as it stands: <abbr title="The 80th percentile: 80% of the simulated trials finish by then, or cost no more">P80</abbr> finish <strong class="risk-forecast__finish">{}</strong>, P80 cost <strong class="risk-forecast__cost">{}</strong>.{}</p>"#,
        f.finish.p80,
        money(f.cost.p80, &p.currency),
        gate
    )
}

/// What each mitigation is worth, from the with-versus-without simulations (slow:
/// two simulations per mitigation; drawn in the engine's worker).
pub const WORTH: Slow = Slow {
    job: |p| Job::MitigationWorth(p.clone()),
    render: drawn,
};

/// The mitigation-worth table, or what stops the simulations.
pub fn worth(p: &Project, worth: Checked<Vec<MitigationWorth>>) -> Html {
    match worth {
        Ok(worth) => worth_html(p, &worth),
        Err(_) => html!(
            r#"<p class="muted">Fix the problems listed on the Overview to see what each mitigation is worth.</p>"#
        ),
    }
}

fn worth_html(p: &Project, worth: &[MitigationWorth]) -> Html {
    if worth.is_empty() {
        return html!(
            r#"<p class="muted">No risk has a mitigation yet: describe one in the register to see what it is worth.</p>"#
        );
    }
    let c = &p.currency;
    let mut out = html!(
        r#"<p class="muted worth-note">Each mitigation is weighed by running the same simulation with and without it. <strong>Finish</strong> is the mean change of the finish date: “later” means the mitigation's own effort takes more days than the risk's impact it removes. <strong>Net</strong> is what is saved on impacts less what the mitigation costs: “costs … more” means it costs more than it saves.</p><div class="table-scroll" tabindex="0" role="region" aria-label="Mitigation worth, scrolls sideways"><table class="data-table worth-table"><caption>Mitigation worth: the same simulation with and without each mitigation</caption><thead><tr><th scope="col">Risk</th><th scope="col">Adopted</th><th scope="col">Finish</th><th scope="col">Saved on impacts</th><th scope="col">Mitigation cost</th><th scope="col">Net</th><th scope="col">Verdict</th></tr></thead><tbody>"#
    );
    for w in worth {
        out += html!(
            r#"<tr><th scope="row">{}</th><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="{}">{}</td></tr>"#,
            w.title,
            if w.adopted { "Yes" } else { "No" },
            sooner_or_later(w.saving_days),
            money(w.gross_saving, c),
            money(w.mitigation_cost, c),
            net_words(w.net_worth, c),
            if w.pays_for_itself { "pays" } else { "costs" },
            if w.pays_for_itself {
                "✓ Pays for itself"
            } else {
                "Costs more than it saves"
            }
        );
    }
    out + html!("</tbody></table></div>")
}

/// Days saved in words that cannot read negative: `"2.5 days sooner"`, `"1.0 day
/// later"`, `"no change"` (under a twentieth of a day either way).
pub fn sooner_or_later(saved: f64) -> String {
    if !saved.is_finite() || saved.abs() < 0.05 {
        "no change".to_owned()
    } else if saved > 0.0 {
        format!("{} sooner", days(saved))
    } else {
        format!("{} later", days(-saved))
    }
}

/// A net worth in words: `"saves EUR 1,200"`, `"costs EUR 300 more"`.
fn net_words(net: f64, c: &str) -> String {
    if net < 0.0 {
        format!("costs {} more", money(-net, c))
    } else {
        format!("saves {}", money(net, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::edit;
    use crate::markup::test_support::shop;

    use crate::model::validate::validate;

    fn view<'a>(p: &'a Project, state: &'a str) -> View<'a> {
        View {
            project: p,
            errors: &[],
            forecast: None,
            state,
        }
    }

    #[test]
    fn a_risk_becomes_a_driver_of_phases_tasks_and_roles_by_name() {
        let mut p = shop();
        let role = p.team[0].clone();
        let task = p.tasks[4].clone();
        let text = format!(
            "modell, {}, role {}; #{}",
            role.name.to_uppercase(),
            role.id,
            task.id
        );
        // The role by name and by number is one target listed twice: refused by validation.
        edit(&mut p, "risks[0].more_targets", &text).unwrap();
        assert_eq!(
            p.risks[0].more_targets,
            vec![
                RiskTarget::Phase(Phase::Modelling),
                RiskTarget::Role(role.id),
                RiskTarget::Role(role.id),
                RiskTarget::Task(task.id)
            ]
        );
        assert!(validate(&p)
            .iter()
            .any(|e| e.path.starts_with("risks[0].more_targets")));
        edit(
            &mut p,
            "risks[0].more_targets",
            &format!("Modelling, {}", task.name),
        )
        .unwrap();
        assert!(validate(&p).is_empty(), "{:?}", validate(&p));
        edit(&mut p, "risks[0].schedule_unit", "1").unwrap();
        assert_eq!(p.risks[0].schedule_unit, ScheduleUnit::Percent);
        assert!(edit(&mut p, "risks[0].more_targets", "no such thing").is_err());
        assert!(
            edit(&mut p, "risks[0].more_targets", "data").is_err(),
            "two phases start so"
        );
        let html = register(&view(&p, ""));
        assert!(
            html.contains(&format!(r#"value="Modelling, #{}""#, task.id)),
            "{}",
            html.as_str()
        );
        assert!(html.contains(&format!(r#"<option value="r{}">"#, role.id)));
    }

    #[test]
    fn every_risk_field_is_edited_by_its_path() {
        let mut p = shop();
        edit(&mut p, "risks[0].probability", "45").unwrap();
        assert!((p.risks[0].probability - 0.45).abs() < 1e-12);
        edit(&mut p, "risks[0].cost_impact.pessimistic", "12000").unwrap();
        assert_eq!(p.risks[0].cost_impact.pessimistic, 12000.0);
        edit(&mut p, "risks[0].mitigation.adopted", "true").unwrap();
        assert!(p.risks[0].mitigation.adopted);
        edit(&mut p, "risks[0].status", "occurred").unwrap();
        assert_eq!(p.risks[0].status, RiskStatus::Occurred);
        let task = p.tasks[2].id;
        edit(&mut p, "risks[0].target", &format!("t{task}")).unwrap();
        assert_eq!(p.risks[0].target, RiskTarget::Task(task));
        edit(&mut p, "risks[0].target", "p3").unwrap();
        assert_eq!(p.risks[0].target, RiskTarget::Phase(Phase::Modelling));
        edit(&mut p, "gate.probability", "60").unwrap();
        assert!((p.gate.probability - 0.6).abs() < 1e-12);
        assert!(edit(&mut p, "risks[0].target", "x9").is_err());
        assert!(edit(&mut p, "risks[99].title", "x").is_err());
        assert!(edit(&mut p, "nothing.here", "x").is_err());
    }

    #[test]
    fn every_field_path_is_one_the_validator_uses() {
        // A control whose path the validator never reports would never show its error.
        let mut p = shop();
        for r in &mut p.risks {
            r.title = String::new();
            r.probability = 2.0;
            r.schedule_impact = ThreePoint::new(-1.0, -1.0, -1.0);
            r.cost_impact = ThreePoint::new(-1.0, -1.0, -1.0);
            r.mitigation.cost = -1.0;
            r.mitigation.effort = -1.0;
            r.mitigation.probability_after = 2.0;
            r.mitigation.impact_reduction = 2.0;
        }
        let paths: Vec<String> = validate(&p).into_iter().map(|e| e.path).collect();
        for f in RISK_FIELDS
            .iter()
            .filter(|f| matches!(f.kind, Kind::Number | Kind::Percent))
        {
            let path = format!("risks[0].{}", f.key);
            assert!(paths.contains(&path), "{path} is validated");
        }
        assert!(paths.contains(&"risks[0].title".to_owned()));
    }

    #[test]
    fn actions_add_from_the_catalogue_and_remove() {
        let mut p = shop();
        let before = p.risks.len();
        assert!(act(&mut p, "add-catalogue", "drift").is_ok());
        assert_eq!(p.risks.len(), before + 1);
        let added = p.risks.last().unwrap();
        assert_eq!(added.title, catalogue_risk("drift").unwrap().title);
        assert!(
            p.risks.iter().filter(|r| r.id == added.id).count() == 1,
            "a fresh id"
        );
        assert!(act(&mut p, "add-catalogue", "no-such-risk").is_err());
        assert!(act(&mut p, "add-risk", "").is_ok());
        assert!(validate(&p).is_empty(), "a blank risk is valid as added");
        assert!(act(&mut p, "remove-risk", "0").is_ok());
        assert_eq!(p.risks.len(), before + 1);
        assert!(act(&mut p, "remove-risk", "99").is_err());
    }

    #[test]
    fn the_matrix_counts_every_risk_once_and_filters_the_register() {
        let p = shop();
        let html = analysis(&view(&p, ""));
        let counted: usize = html
            .split("class=\"matrix-cell\"")
            .skip(1)
            .filter_map(|cell| {
                let text = cell.split('>').nth(1)?.split('<').next()?;
                text.parse::<usize>().ok()
            })
            .sum();
        assert_eq!(counted, p.risks.len());
        assert_eq!(html.matches("data-action=\"state\"").count(), 25);
        let first = risk_exposures(&p)[0].clone();
        let cell = (first.probability_bucket, first.impact_bucket);
        let code = format!("{}{}", cell.0, cell.1);
        let register = register(&view(&p, &code));
        let shown = register.matches("class=\"risk-row\"").count();
        let expected = risk_exposures(&p)
            .iter()
            .filter(|e| (e.probability_bucket, e.impact_bucket) == cell)
            .count();
        assert_eq!(shown, expected);
        assert!(
            shown < p.risks.len(),
            "the filter hides some of the bike shop's risks"
        );
        assert!(register.contains("Show all risks"));
        assert_eq!(
            super::register(&view(&p, ""))
                .matches("class=\"risk-row\"")
                .count(),
            p.risks.len()
        );
    }

    #[test]
    fn cells_parse_and_bucket_ranges_follow_the_edges() {
        assert_eq!(parse_cell("34"), Some((3, 4)));
        assert_eq!(parse_cell("06"), None);
        assert_eq!(parse_cell("345"), None);
        assert_eq!(bucket_range(&PROBABILITY_EDGES, 1), "under 10%");
        assert_eq!(bucket_range(&PROBABILITY_EDGES, 3), "30–50%");
        assert_eq!(bucket_range(&PROBABILITY_EDGES, 5), "70% or more");
    }

    #[test]
    fn user_text_is_escaped_everywhere() {
        let mut p = shop();
        p.risks[0].title = "<img src=x onerror=alert(1)>".into();
        p.risks[0].mitigation.description = "</textarea><script>".into();
        let all = register(&view(&p, "")) + analysis(&view(&p, ""));
        assert!(!all.contains("<img"));
        assert!(!all.contains("<script"));
        assert!(all.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn the_register_is_a_table_with_one_row_per_risk_each_opening_to_its_form() {
        let mut p = shop();
        p.risks[1].title = "<b>Bold</b> & \"quoted\"".into();
        p.risks[2].status = RiskStatus::Mitigated;
        let html = register(&view(&p, ""));
        let html = html.as_str();
        assert_eq!(
            html.matches(r#"<tr class="risk-row">"#).count(),
            p.risks.len()
        );
        for (i, r) in p.risks.iter().enumerate() {
            let button = format!(
                r#"id="risk-{0}-toggle" aria-expanded="false" aria-controls="risk-{0}-form""#,
                r.id
            );
            assert!(html.contains(&button), "risk {i}'s disclosure button");
            let form = format!(r#"<tr class="risk-detail" id="risk-{}-form" hidden>"#, r.id);
            let at = html.find(&form).expect("its form row, closed");
            let title = control_id(&format!("risks[{i}].title"));
            let next = html[at + form.len()..]
                .find(r#"<tr class="risk-row">"#)
                .map_or(html.len(), |n| at + form.len() + n);
            assert!(
                html[at..next].contains(&format!(r#"id="{title}""#)),
                "risk {i}'s fields are in its own row"
            );
        }
        assert!(!html.contains("<b>Bold"));
        assert!(html.contains("2. &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</button>"));
        // The status and the adoption box cannot be confused: the row says which counts.
        let mitigated = p
            .risks
            .iter()
            .filter(|r| r.status == RiskStatus::Mitigated)
            .count();
        assert!(mitigated >= 1);
        assert_eq!(
            html.matches("its mitigation counts as adopted whether or not the box")
                .count(),
            mitigated
        );
        assert_eq!(
            html.matches("In effect (status Mitigated)").count(),
            mitigated
        );
        // Removing a risk moves focus to the next row's button, or the last's to the one above.
        let last = p.risks.len() - 1;
        assert!(html.contains(&format!(
            r##"data-arg="0" data-focus="#risk-{}-toggle""##,
            p.risks[1].id
        )));
        assert!(html.contains(&format!(
            r##"data-arg="{last}" data-focus="#risk-{}-toggle""##,
            p.risks[last - 1].id
        )));
        // Adding a blank risk focuses its title, in the row that will hold it.
        assert!(html.contains(&format!(
            r##"data-action="add-risk" data-focus="#f-risks-{}-title""##,
            p.risks.len()
        )));
    }

    #[test]
    fn days_saved_read_as_sooner_or_later_never_negative() {
        assert_eq!(sooner_or_later(2.5), "2.5 days sooner");
        assert_eq!(sooner_or_later(-2.5), "2.5 days later");
        assert_eq!(sooner_or_later(-1.0), "1.0 day later");
        assert_eq!(sooner_or_later(0.01), "no change");
        assert_eq!(sooner_or_later(f64::NAN), "no change");
        assert_eq!(net_words(-300.0, "EUR"), "costs EUR 300 more");
        assert_eq!(net_words(1200.0, "EUR"), "saves EUR 1,200");
    }

    #[test]
    fn worth_marks_mitigations_that_pay_for_themselves() {
        let p = shop();
        let worth = crate::engine::mitigation_worth(&p).unwrap();
        assert!(!worth.is_empty());
        let html = WORTH.html_now(&p).unwrap();
        assert_eq!(html, worth_html(&p, &worth));
        let pays = worth.iter().filter(|w| w.pays_for_itself).count();
        assert_eq!(html.matches("✓ Pays for itself").count(), pays);
        assert_eq!(
            html.matches("Costs more than it saves").count(),
            worth.len() - pays
        );
    }
}

//! The Team & budget section's markup: roles with headcount and day rate, fixed costs
//! by stage, and the calendar (currency, start date, working week, holidays); and its
//! actions (add or remove a role or a cost).

use crate::form::{header_row, render_fields, render_row, Field, Kind, Value};
use crate::format::money;
use crate::html;
use crate::html::Html;
use crate::markup::{changed, stage_choices, Outcome, View};
use crate::model::{Date, FixedCost, Project, Role, Stage};
use crate::{money_field, num_field, text_field};

/// A stage as a select's code.
pub fn stage_value(stage: Stage) -> Value {
    Value::Text(stage.index().to_string())
}

/// The stage a select's code names.
pub fn parse_stage(v: Value) -> Result<Stage, &'static str> {
    v.text()
        .parse::<usize>()
        .ok()
        .and_then(|i| Stage::ALL.get(i).copied())
        .ok_or("Choose a stage.")
}

/// A role's fields, as table cells.
pub static ROLE_FIELDS: &[Field<Role>] = &[
    text_field!("name", "Name of role #", Text, name),
    num_field!(
        "headcount",
        "Headcount of role # in full-time equivalents",
        headcount
    ),
    money_field!("day_rate", "Day rate of role #", day_rate),
];

/// A fixed cost's fields, as table cells.
pub static COST_FIELDS: &[Field<FixedCost>] = &[
    text_field!("name", "Cost item #", Text, name),
    money_field!("amount", "Amount of cost item #", amount),
    Field {
        key: "stage",
        label: "Stage of cost item #",
        kind: Kind::Choice(stage_choices),
        get: |c| stage_value(c.stage),
        set: |c, v| {
            c.stage = parse_stage(v)?;
            Ok(())
        },
    },
];

/// The project's calendar and currency.
pub static CALENDAR_FIELDS: &[Field<Project>] = &[
    Field {
        key: "currency",
        label: "Currency (ISO code)",
        kind: Kind::Text,
        get: |p| Value::Text(p.currency.clone()),
        set: |p, v| {
            p.currency = v.text().trim().to_ascii_uppercase();
            Ok(())
        },
    },
    Field {
        key: "start_date",
        label: "Start date",
        kind: Kind::Date,
        get: |p| Value::Text(p.start_date.to_string()),
        set: |p, v| {
            p.start_date = Date::parse(v.text().trim()).map_err(|_| "Enter a date.")?;
            Ok(())
        },
    },
    Field {
        key: "working_days_per_week",
        label: "Working days per week",
        kind: Kind::Number,
        get: |p| Value::Num(f64::from(p.working_days_per_week)),
        set: |p, v| {
            p.working_days_per_week = v.num().clamp(0.0, 255.0) as u8;
            Ok(())
        },
    },
    Field {
        key: "holidays",
        label: "Holidays (one date per line, YYYY-MM-DD)",
        kind: Kind::LongText,
        get: |p| {
            let lines: Vec<String> = p.holidays.iter().map(Date::to_string).collect();
            Value::Text(lines.join("\n"))
        },
        set: |p, v| {
            p.holidays = v
                .text()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(Date::parse)
                .collect::<Result<_, _>>()
                .map_err(|_| "Write each date as YYYY-MM-DD, one per line.")?;
            Ok(())
        },
    },
];

/// Carries out `add-role`, `remove-role` (argument: index; refused while tasks use
/// it), `add-cost` and `remove-cost` (argument: index).
pub fn act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    let index = arg.parse::<usize>().ok();
    match (action, index) {
        ("add-role", _) => {
            let id = p.next_role_id();
            p.team.push(Role {
                id,
                name: "New role".into(),
                headcount: 1.0,
                day_rate: 800.0,
            });
            Ok(())
        }
        ("remove-role", Some(i)) if i < p.team.len() => {
            let id = p.team[i].id;
            if p.tasks.iter().any(|t| t.role == id) {
                return Err("Reassign this role's tasks before removing it.".into());
            }
            p.team.remove(i);
            Ok(())
        }
        ("add-cost", _) => {
            p.fixed_costs.push(FixedCost {
                name: "New cost".into(),
                amount: 0.0,
                stage: Stage::Mvp,
            });
            Ok(())
        }
        ("remove-cost", Some(i)) if i < p.fixed_costs.len() => {
            p.fixed_costs.remove(i);
            Ok(())
        }
        _ => changed(false),
    }
}

/// The whole section.
pub fn team(v: &View) -> Html {
    let mut out = roles(v);
    out += costs(v);
    out += html!(
        r#"<h3>Calendar and currency</h3><div class="form-grid">{}</div>"#,
        render_fields(CALENDAR_FIELDS, v.project, "", v.project, v.errors)
    );
    out
}

/// The roles' table, each role with the number of tasks it does.
fn roles(v: &View) -> Html {
    let (p, errors) = (v.project, v.errors);
    let mut out = html!(
        r#"<h3>Team</h3><p class="muted">A role works on at most as many tasks at once as its headcount allows; 0.5 means half a person, so its tasks take twice as long.</p><div class="table-scroll" tabindex="0"><table class="edit-table"><caption class="visually-hidden">Team roles</caption>"#
    );
    out += header_row(&["Role", "Headcount (FTE)", "Day rate", "Tasks", ""]);
    out.push_trusted("<tbody>");
    for (i, r) in p.team.iter().enumerate() {
        let used = p.tasks.iter().filter(|t| t.role == r.id).count();
        let remove = if used > 0 {
            html!(r#" disabled title="Reassign its tasks first""#)
        } else {
            Html::new()
        };
        out += html!(
            r#"<tr>{}<td class="num">{}</td><td class="row-actions"><button type="button" class="icon-button button--danger" data-action="remove-role" data-arg="{}" aria-label="Remove role {}"{}>✕</button></td></tr>"#,
            render_row(ROLE_FIELDS, r, &format!("team[{i}]"), &r.name, p, errors),
            used,
            i,
            r.name,
            remove
        );
    }
    out + html!(
        r#"</tbody></table></div><p><button type="button" class="button" data-action="add-role">Add role</button></p>"#
    )
}

/// The fixed costs' table and their total.
fn costs(v: &View) -> Html {
    let (p, errors) = (v.project, v.errors);
    let mut out = html!(
        r#"<h3>Fixed costs</h3><p class="muted">Data purchases, licences, infrastructure: costs that do not depend on effort.</p><div class="table-scroll" tabindex="0"><table class="edit-table"><caption class="visually-hidden">Fixed costs</caption>"#
    );
    out += header_row(&["Item", "Amount", "Stage", ""]);
    out.push_trusted("<tbody>");
    for (i, c) in p.fixed_costs.iter().enumerate() {
        let n = (i + 1).to_string();
        out += html!(
            r#"<tr>{}<td class="row-actions"><button type="button" class="icon-button button--danger" data-action="remove-cost" data-arg="{}" aria-label="Remove cost item {}">✕</button></td></tr>"#,
            render_row(COST_FIELDS, c, &format!("fixed_costs[{i}]"), &n, p, errors),
            i,
            n
        );
    }
    let total: f64 = p.fixed_costs.iter().map(|c| c.amount).sum();
    out + html!(
        r#"</tbody></table></div><p><button type="button" class="button" data-action="add-cost">Add cost</button> Total: {}</p>"#,
        money(total, &p.currency)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::edit;
    use crate::markup::test_support::shop;

    fn view(p: &Project) -> Html {
        team(&View {
            project: p,
            errors: &[],
            forecast: None,
            state: "",
        })
    }

    #[test]
    fn team_costs_and_calendar_edit_by_path() {
        let mut p = shop();
        edit(&mut p, "team[1].day_rate", "950").unwrap();
        assert_eq!(p.team[1].day_rate, 950.0);
        edit(&mut p, "fixed_costs[0].stage", "2").unwrap();
        assert_eq!(p.fixed_costs[0].stage, Stage::Maturity);
        edit(&mut p, "currency", " usd ").unwrap();
        assert_eq!(p.currency, "USD");
        edit(&mut p, "start_date", "2027-02-01").unwrap();
        assert_eq!(p.start_date, Date::from_ymd(2027, 2, 1).unwrap());
        edit(&mut p, "holidays", "2027-02-03\n\n 2027-02-04 ").unwrap();
        assert_eq!(p.holidays.len(), 2);
        let before = p.holidays.clone();
        assert!(edit(&mut p, "holidays", "2027-02-30").is_err());
        assert_eq!(p.holidays, before, "a bad date changes nothing");
        edit(&mut p, "working_days_per_week", "4").unwrap();
        assert_eq!(p.working_days_per_week, 4);
    }

    #[test]
    fn a_role_with_tasks_cannot_be_removed() {
        let mut p = shop();
        let used = p.tasks[0].role;
        let i = p.team.iter().position(|r| r.id == used).unwrap();
        assert!(act(&mut p, "remove-role", &i.to_string()).is_err());
        assert!(act(&mut p, "add-role", "").is_ok());
        let last = p.team.len() - 1;
        assert!(act(&mut p, "remove-role", &last.to_string()).is_ok());
        let costs = p.fixed_costs.len();
        assert!(act(&mut p, "add-cost", "").is_ok());
        assert!(act(&mut p, "remove-cost", "0").is_ok());
        assert_eq!(p.fixed_costs.len(), costs);
        let html = view(&p);
        assert!(html.contains("Reassign its tasks first"));
    }

    #[test]
    fn every_row_is_rendered_with_named_controls() {
        let p = shop();
        let html = view(&p);
        assert_eq!(
            html.matches("data-action=\"remove-role\"").count(),
            p.team.len()
        );
        assert_eq!(
            html.matches("data-action=\"remove-cost\"").count(),
            p.fixed_costs.len()
        );
        let name = Html::text(&p.team[0].name);
        assert!(html.contains(&format!("Day rate of role {}", name.as_str())));
        assert!(html.contains(r#"type="date""#));
    }
}

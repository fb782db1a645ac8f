//! The Tasks section's markup: the editable table of tasks (name, phase, stage, role,
//! three-point effort, distribution, dependencies) and bulk paste from a spreadsheet;
//! and its actions (add, move, remove, paste).

use crate::form::{header_row, render_row, Field, Kind, Value};
use crate::markup::{changed, stage_choices, Outcome, View};
use crate::model::{Distribution, Id, Phase, Project, Role, Stage, Task, ThreePoint};
use crate::{num_field, paste, text_field};

fn phase_choices(_: &Project) -> Vec<(String, String)> {
    Phase::ALL
        .iter()
        .map(|p| (p.index().to_string(), p.label().to_owned()))
        .collect()
}

fn role_choices(p: &Project) -> Vec<(String, String)> {
    p.team
        .iter()
        .map(|r| (r.id.to_string(), r.name.clone()))
        .collect()
}

fn distribution_choices(_: &Project) -> Vec<(String, String)> {
    Distribution::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| (i.to_string(), d.label().to_owned()))
        .collect()
}

/// Reads a list of task numbers such as "1, 3 #4".
pub fn parse_ids(text: &str) -> Result<Vec<Id>, &'static str> {
    text.split([',', ' ', ';'])
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_start_matches('#').parse::<Id>())
        .collect::<Result<_, _>>()
        .map_err(|_| "Write the numbers of the tasks that must finish first, e.g. 1, 3.")
}

fn index_of(v: Value, len: usize) -> Result<usize, &'static str> {
    v.text()
        .parse::<usize>()
        .ok()
        .filter(|&i| i < len)
        .ok_or("Choose one of the options.")
}

/// A task's fields, as table cells (`#` is the task's number).
pub static TASK_FIELDS: &[Field<Task>] = &[
    text_field!("name", "Name of task #", Text, name),
    Field {
        key: "phase",
        label: "Phase of task #",
        kind: Kind::Choice(phase_choices),
        get: |t| Value::Text(t.phase.index().to_string()),
        set: |t, v| {
            t.phase = Phase::ALL[index_of(v, Phase::ALL.len())?];
            Ok(())
        },
    },
    Field {
        key: "stage",
        label: "Stage of task #",
        kind: Kind::Choice(stage_choices),
        get: |t| Value::Text(t.stage.index().to_string()),
        set: |t, v| {
            t.stage = Stage::ALL[index_of(v, Stage::ALL.len())?];
            Ok(())
        },
    },
    Field {
        key: "role",
        label: "Role for task #",
        kind: Kind::Choice(role_choices),
        get: |t| Value::Text(t.role.to_string()),
        set: |t, v| {
            t.role = v.text().parse().map_err(|_| "Choose a role.")?;
            Ok(())
        },
    },
    num_field!(
        "effort.optimistic",
        "Optimistic effort of task #, person-days",
        effort.optimistic
    ),
    num_field!(
        "effort.most_likely",
        "Most likely effort of task #, person-days",
        effort.most_likely
    ),
    num_field!(
        "effort.pessimistic",
        "Pessimistic effort of task #, person-days",
        effort.pessimistic
    ),
    Field {
        key: "distribution",
        label: "Distribution of task #",
        kind: Kind::Choice(distribution_choices),
        get: |t| {
            let i = Distribution::ALL.iter().position(|d| *d == t.distribution);
            Value::Text(i.unwrap_or(0).to_string())
        },
        set: |t, v| {
            t.distribution = Distribution::ALL[index_of(v, Distribution::ALL.len())?];
            Ok(())
        },
    },
    Field {
        key: "depends_on",
        label: "Task # starts after tasks",
        kind: Kind::Text,
        get: |t| {
            let ids: Vec<String> = t.depends_on.iter().map(Id::to_string).collect();
            Value::Text(ids.join(", "))
        },
        set: |t, v| {
            t.depends_on = parse_ids(&v.text())?;
            Ok(())
        },
    },
];

/// Appends a task, creating a role by name (or a first role) when needed; a new
/// task takes its phase and stage from the last one unless given.
pub fn add_task(
    p: &mut Project,
    name: String,
    effort: ThreePoint,
    phase: Option<Phase>,
    stage: Option<Stage>,
    role: Option<&str>,
) {
    let role_id = match role {
        Some(name) => match p.team.iter().find(|r| r.name.eq_ignore_ascii_case(name)) {
            Some(r) => r.id,
            None => push_role(p, name),
        },
        None => match p.team.first() {
            Some(r) => r.id,
            None => push_role(p, "Data scientist"),
        },
    };
    let last = p.tasks.last();
    let task = Task {
        id: p.next_task_id(),
        name,
        phase: phase
            .or(last.map(|t| t.phase))
            .unwrap_or(Phase::BusinessUnderstanding),
        stage: stage.or(last.map(|t| t.stage)).unwrap_or(Stage::Mvp),
        role: role_id,
        effort,
        distribution: Distribution::Pert,
        depends_on: Vec::new(),
        actual: None,
    };
    p.tasks.push(task);
}

fn push_role(p: &mut Project, name: &str) -> Id {
    let id = p.next_role_id();
    p.team.push(Role {
        id,
        name: name.to_owned(),
        headcount: 1.0,
        day_rate: 800.0,
    });
    id
}

/// Carries out `add-task`, `up`, `down`, `remove` (argument: index) and `paste`
/// (argument: the pasted rows; every problem is reported and nothing is added unless
/// every row is good).
pub fn act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    let index = arg.parse::<usize>().ok().filter(|&i| i < p.tasks.len());
    match (action, index) {
        ("add-task", _) => {
            add_task(
                p,
                "New task".into(),
                ThreePoint::new(2.0, 3.0, 5.0),
                None,
                None,
                None,
            );
            Ok(())
        }
        ("up", Some(i)) => changed(
            i > 0 && {
                p.tasks.swap(i, i - 1);
                true
            },
        ),
        ("down", Some(i)) => changed(
            i + 1 < p.tasks.len() && {
                p.tasks.swap(i, i + 1);
                true
            },
        ),
        ("remove", Some(i)) => {
            let id = p.tasks.remove(i).id;
            for t in &mut p.tasks {
                t.depends_on.retain(|d| *d != id);
            }
            Ok(())
        }
        ("paste", _) => {
            let rows = paste::parse(arg).map_err(|errors| {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                lines.join("\n")
            })?;
            for r in rows {
                add_task(p, r.name, r.effort, r.phase, r.stage, r.role.as_deref());
            }
            Ok(())
        }
        _ => changed(false),
    }
}

/// The whole section.
pub fn tasks(v: &View) -> String {
    let (p, errors) = (v.project, v.errors);
    let mut out = String::from(
        r#"<p class="muted">Efforts are in person-days: optimistic, most likely and pessimistic, for the plain case — the Factors section adds the ML difficulty. “After” lists the numbers (#) of tasks that must finish first.</p><div class="table-scroll"><table class="task-table"><caption class="visually-hidden">Tasks</caption>"#,
    );
    out += &header_row(&[
        "#",
        "Task",
        "Phase",
        "Stage",
        "Role",
        "Optimistic",
        "Most likely",
        "Pessimistic",
        "Distribution",
        "After",
        "",
    ]);
    out += "<tbody>";
    for (i, t) in p.tasks.iter().enumerate() {
        let id = t.id;
        out += &format!(
            r#"<tr><th scope="row">{id}</th>{}<td class="row-actions"><button type="button" class="icon-button" data-action="up" data-arg="{i}" aria-label="Move task {id} up">↑</button><button type="button" class="icon-button" data-action="down" data-arg="{i}" aria-label="Move task {id} down">↓</button><button type="button" class="icon-button button--danger" data-action="remove" data-arg="{i}" aria-label="Remove task {id}">✕</button></td></tr>"#,
            render_row(
                TASK_FIELDS,
                t,
                &format!("tasks[{i}]"),
                &id.to_string(),
                p,
                errors
            )
        );
    }
    out += r#"</tbody></table></div><p><button type="button" class="button button--primary" data-action="add-task">Add task</button></p><details class="bulk-paste" id="bulk-paste"><summary>Paste rows from a spreadsheet</summary><p class="muted">One task per row: name, optimistic, most likely, pessimistic, and optionally phase, stage and role. Copy the cells in your spreadsheet and paste them here.</p><label for="paste-text">Rows to add</label><textarea id="paste-text" rows="6" aria-describedby="paste-text-error"></textarea><p id="paste-text-error" class="field-error paste-error" role="status"></p><button type="button" class="button" data-action="paste" data-source="paste-text">Add these tasks</button></details>"#;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::edit;
    use crate::markup::test_support::{shop, view};

    use crate::model::Date;

    #[test]
    fn task_numbers_are_read_from_commas_spaces_and_hashes() {
        assert_eq!(parse_ids("1, 3 #4"), Ok(vec![1, 3, 4]));
        assert_eq!(parse_ids(""), Ok(vec![]));
        assert!(parse_ids("1, x").is_err());
    }

    #[test]
    fn adding_a_task_to_an_empty_project_creates_a_role_for_it() {
        let mut p = Project::new("p", "P", Date::from_days(0));
        let e = ThreePoint::new(1.0, 2.0, 3.0);
        add_task(&mut p, "A".into(), e, None, None, Some("Data engineer"));
        add_task(&mut p, "B".into(), e, None, None, Some("data engineer"));
        assert_eq!(p.team.len(), 1, "roles are matched by name, ignoring case");
        assert_eq!(p.tasks[0].role, p.team[0].id);
        assert_eq!(p.tasks[1].id, 2);
    }

    #[test]
    fn task_fields_edit_by_path() {
        let mut p = shop();
        edit(&mut p, "tasks[2].effort.pessimistic", "40").unwrap();
        assert_eq!(p.tasks[2].effort.pessimistic, 40.0);
        edit(&mut p, "tasks[2].phase", "3").unwrap();
        assert_eq!(p.tasks[2].phase, Phase::Modelling);
        edit(&mut p, "tasks[2].distribution", "3").unwrap();
        assert_eq!(p.tasks[2].distribution, Distribution::Fixed);
        edit(&mut p, "tasks[2].depends_on", "1, #2").unwrap();
        assert_eq!(p.tasks[2].depends_on, vec![1, 2]);
        assert!(edit(&mut p, "tasks[2].depends_on", "one").is_err());
        assert!(edit(&mut p, "tasks[2].phase", "9").is_err());
    }

    #[test]
    fn moving_removing_and_pasting_tasks() {
        let mut p = shop();
        let (a, b) = (p.tasks[0].id, p.tasks[1].id);
        assert!(act(&mut p, "down", "0").is_ok());
        assert_eq!((p.tasks[0].id, p.tasks[1].id), (b, a));
        assert!(
            act(&mut p, "up", "0").is_err(),
            "the first task cannot move up"
        );
        let n = p.tasks.len();
        let last = (n - 1).to_string();
        assert!(act(&mut p, "down", &last).is_err());
        let removed = p.tasks[0].id;
        act(&mut p, "remove", "0").unwrap();
        assert!(p.tasks.iter().all(|t| !t.depends_on.contains(&removed)));
        let err = act(&mut p, "paste", "Good, 1, 2, 3\nBad, x, 2, 3").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert_eq!(
            p.tasks.len(),
            n - 1,
            "nothing is added unless every row is good"
        );
        act(
            &mut p,
            "paste",
            "Label data\t3\t5\t8\tData preparation\tMVP\tAnnotator",
        )
        .unwrap();
        assert_eq!(p.tasks.len(), n);
        assert!(p.team.iter().any(|r| r.name == "Annotator"));
    }

    #[test]
    fn the_table_names_every_control_by_task_number() {
        let p = shop();
        let html = tasks(&view(&p, None));
        let id = p.tasks[9].id;
        assert!(html.contains(&format!(
            ">Pessimistic effort of task {id}, person-days</label>"
        )));
        assert_eq!(
            html.matches(r#"data-action="remove""#).count(),
            p.tasks.len()
        );
        assert!(html.contains(r#"data-source="paste-text""#));
    }
}

//! The Tasks section's markup: the editable table of tasks (name, phase, stage, role,
//! three-point effort, distribution, dependencies), bulk paste from a spreadsheet and
//! import from a file (CSV or MS Project XML, [`crate::files`]); and its actions (add,
//! move, remove; the paste and the import, which the engine's worker carries out).

use crate::form::{header_row, render_row, Field, Kind, Value};
use crate::format::fixed;
use crate::html;
use crate::html::Html;
use crate::markup::{changed, stage_choices, Outcome, View};
use crate::model::{
    Distribution, Id, Phase, Project, Role, Stage, Task, TaskKind, TaskState, ThreePoint,
};
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

fn kind_choices(_: &Project) -> Vec<(String, String)> {
    vec![
        ("0".to_owned(), "Work".to_owned()),
        ("1".to_owned(), "Wait (working days, no effort)".to_owned()),
    ]
}

fn distribution_choices(_: &Project) -> Vec<(String, String)> {
    Distribution::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| (i.to_string(), d.label().to_owned()))
        .collect()
}

/// Reads the tasks a task starts after: numbers ("1, 3 #4") or names, each whole or a
/// beginning only one task's name has, ignoring case ("Data inventory, 5"), separated
/// by commas or semicolons; or one task's whole name, commas and all.
pub fn parse_after(tasks: &[Task], text: &str) -> Result<Vec<Id>, &'static str> {
    const SAME: &str =
        "More than one task's name starts like that: write more of it, or its number.";
    let whole = text.trim().to_ascii_lowercase();
    let named: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.name.to_ascii_lowercase() == whole)
        .collect();
    match named[..] {
        [t] => return Ok(vec![t.id]),
        [_, _, ..] => return Err(SAME),
        [] => {}
    }
    let mut ids = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let numbers = part.split_whitespace().map(|s| s.trim_start_matches('#'));
        if let Ok(found) = numbers.map(str::parse::<Id>).collect::<Result<Vec<_>, _>>() {
            ids.extend(found);
            continue;
        }
        let lower = part.to_ascii_lowercase();
        let named = |t: &&Task| t.name.to_ascii_lowercase() == lower;
        let starting = |t: &&Task| t.name.to_ascii_lowercase().starts_with(&lower);
        let exact: Vec<&Task> = tasks.iter().filter(named).collect();
        let id = match exact[..] {
            [t] => t.id,
            [_, _, ..] => return Err(SAME),
            [] => match tasks.iter().filter(starting).collect::<Vec<_>>()[..] {
                [t] => t.id,
                [] => return Err(
                    "Write the numbers or names of the tasks that must finish first, e.g. 1, 3.",
                ),
                _ => return Err(SAME),
            },
        };
        ids.push(id);
    }
    Ok(ids)
}

fn index_of(v: Value, len: usize) -> Result<usize, &'static str> {
    v.text()
        .parse::<usize>()
        .ok()
        .filter(|&i| i < len)
        .ok_or("Choose one of the options.")
}

/// How many of [`TASK_FIELDS`] come before the progress columns (name, estimate,
/// After).
const AFTER_COLUMN: usize = 5;

/// A task's fields, as table cells (`#` is the task's number): the name, the estimate
/// and the dependencies first, as people fill them in.
pub static TASK_FIELDS: &[Field<Task>] = &[
    text_field!("name", "Name of task #", Text, name),
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
        key: "depends_on",
        label: "Task # starts after tasks (numbers or names)",
        kind: Kind::Suggest("task-names"),
        get: |t| {
            let ids: Vec<String> = t.depends_on.iter().map(Id::to_string).collect();
            Value::Text(ids.join(", "))
        },
        set: |t, v| {
            // Names need the other tasks: `markup::edit` reads them with `parse_after`.
            t.depends_on = parse_after(&[], &v.text())?;
            Ok(())
        },
    },
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
        key: "kind",
        label: "Kind of task # (work or a wait)",
        kind: Kind::Choice(kind_choices),
        get: |t| Value::Text(if t.kind == TaskKind::Wait { "1" } else { "0" }.to_owned()),
        set: |t, v| {
            t.kind = match v.text().as_str() {
                "0" => TaskKind::Work,
                "1" => TaskKind::Wait,
                _ => return Err("Choose one of the options."),
            };
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
        kind: Default::default(),
        depends_on: Vec::new(),
        ..Default::default()
    };
    p.tasks.push(task);
}

pub(crate) fn push_role(p: &mut Project, name: &str) -> Id {
    let id = p.next_role_id();
    p.team.push(Role {
        id,
        name: name.to_owned(),
        headcount: 1.0,
        day_rate: 800.0,
    });
    id
}

/// Carries out `add-task`, `up`, `down` and `remove` (argument: index). (The paste
/// form's `paste` goes to the engine's worker, which carries out [`paste`].)
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
        _ => changed(false),
    }
}

/// Adds the pasted rows as tasks ([`crate::paste`]): every problem is reported with its
/// line and nothing is added unless every row is good; rows with progress need the
/// status date, which a done task finishes on. The engine's worker carries it out
/// (`jobs::act`), so that reading rows costs the page's wasm nothing.
pub fn paste(p: &mut Project, rows: &str) -> Outcome {
    let rows = paste::parse(rows).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        lines.join("\n")
    })?;
    let first = p.tasks.len();
    let status_date = p.tracking.status_date;
    let mut afters = Vec::new();
    for r in rows {
        if !r.state.is_not_started() && status_date.is_none() {
            return Err(format!("line {}: a task with progress needs the status date: start tracking in the Progress section first", r.line));
        }
        add_task(p, r.name, r.effort, r.phase, r.stage, r.role.as_deref());
        let t = p.tasks.last_mut().ok_or_else(String::new)?;
        t.finished = status_date.filter(|_| r.state == TaskState::Done);
        t.remaining = (r.state == TaskState::InProgress).then(|| r.remaining.unwrap_or(r.effort));
        (t.state, t.actual) = (r.state, r.actual);
        afters.push((r.line, r.after));
    }
    // Dependencies may name any task, the pasted ones included.
    let mut problems = Vec::new();
    for (k, (line, after)) in afters.iter().enumerate() {
        let Some(after) = after else { continue };
        match parse_after(&p.tasks, after) {
            Ok(ids) => p.tasks[first + k].depends_on = ids,
            Err(message) => problems.push(format!("line {line}: {message}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// What the section says above the grid.
const INTRO: &str = "Efforts are in person-days: optimistic, most likely and pessimistic, for the plain case — the Factors section adds the ML difficulty. A wait (an A/B test running, an approval) takes working days and no one's effort. “After” lists the tasks that must finish first, by number (#) or name. Enter moves down a column; in the last row it adds a task.";

/// Where a new row's name is: the Add task button and Enter in the last row focus it.
const NEW_ROW: &str = ".task-table tbody tr:last-child input";

/// The whole section.
pub fn tasks(v: &View) -> Html {
    let (p, errors) = (v.project, v.errors);
    if p.tasks.is_empty() {
        return html!(
            r#"<p class="muted">{}</p><p class="empty-note">No tasks yet: add the first, or paste rows from a spreadsheet.</p><p><button type="button" class="button button--primary" data-action="add-task" data-focus="{}">Add task</button></p>{}"#,
            INTRO,
            NEW_ROW,
            paste_form() + import_form()
        );
    }
    let mut out = html!(
        r#"<p class="muted">{}</p><div class="table-scroll table-scroll--grid"><table class="task-table" data-grid="add-task" data-focus="{}"><caption class="visually-hidden">Tasks</caption>"#,
        INTRO,
        NEW_ROW
    );
    let tracked = super::progress::tracking(p);
    let mut titles = vec![
        "#",
        "Task",
        "Optimistic",
        "Most likely",
        "Pessimistic",
        "After",
    ];
    if tracked {
        titles.extend(super::progress::PROGRESS_TITLES);
    }
    titles.extend(["Phase", "Stage", "Role", "Distribution", "Kind", ""]);
    out += header_row(&titles);
    out.push_trusted("<tbody>");
    for (i, t) in p.tasks.iter().enumerate() {
        let id = t.id;
        out += html!(
            r#"<tr><th scope="row">{0}</th>{2}<td class="row-actions"><button type="button" class="icon-button" data-action="up" data-arg="{1}" aria-label="Move task {0} up">↑</button><button type="button" class="icon-button" data-action="down" data-arg="{1}" aria-label="Move task {0} down">↓</button><button type="button" class="icon-button button--danger" data-action="remove" data-arg="{1}" aria-label="Remove task {0}">✕</button></td></tr>"#,
            id,
            i,
            {
                let (prefix, name) = (format!("tasks[{i}]"), id.to_string());
                let row = |fields| render_row(fields, t, &prefix, &name, p, errors);
                let (first, rest) = TASK_FIELDS.split_at(AFTER_COLUMN);
                let progress = if tracked {
                    row(super::progress::PROGRESS_FIELDS)
                } else {
                    Html::new()
                };
                row(first) + progress + row(rest)
            }
        );
    }
    let names: Html = p
        .tasks
        .iter()
        .map(|t| html!(r#"<option value="{}">#{}</option>"#, t.name, t.id))
        .collect();
    out += html!(
        r#"</tbody></table></div><datalist id="task-names">{}</datalist><p><button type="button" class="button button--primary" data-action="add-task" data-focus="{}">Add task</button></p>"#,
        names,
        NEW_ROW
    );
    out += totals(p);
    out += paste_form();
    out += import_form();
    out
}

/// Import from a file: the tasks' CSV (as the Export section writes it) or MS Project
/// XML, previewed by the worker before anything changes.
fn import_form() -> Html {
    html!(
        r#"<details class="bulk-paste" id="tasks-file"><summary>Import tasks from a file (CSV or MS Project XML)</summary><p class="muted">A CSV with a header row — #, Name, Optimistic, Most likely, Pessimistic, Phase, Stage, Role, After, progress, Distribution, Kind, as the Export section writes it — or an MS Project XML file (MSPDI). A task named as one of the plan's changes it; the others are added. “After” gives the file's own task numbers (#, or the row's place among the tasks) or names. You see what will change first; bad rows are listed with their row numbers and nothing is imported until they are fixed.</p><label for="tasks-file-input">CSV or MS Project XML file</label> <input id="tasks-file-input" type="file" accept=".csv,.xml,text/csv,application/xml,text/xml" data-file-action="tasks-file-preview" aria-describedby="tasks-file-input-error"><p id="tasks-file-input-error" class="field-error" role="status"></p></details>"#
    )
}

/// Bulk paste from a spreadsheet.
fn paste_form() -> Html {
    html!(
        r#"<details class="bulk-paste" id="bulk-paste"><summary>Paste rows from a spreadsheet</summary><p class="muted">One task per row: name, optimistic, most likely, pessimistic, and optionally phase, stage, role, the tasks it starts after (numbers or names, separated by commas), and its progress: status (Not started, In progress, Done), actual effort, and the effort remaining (one number or three). A done task finishes on the status date. Copy the cells in your spreadsheet and paste them here.</p><label for="paste-text">Rows to add</label><textarea id="paste-text" rows="6"></textarea><button type="button" class="button" data-action="paste" data-source="paste-text">Add these tasks</button></details>"#
    )
}

/// The plain three-point effort summed by phase, by stage and by role.
fn totals(p: &Project) -> Html {
    if p.tasks.is_empty() {
        return Html::new();
    }
    // Waits are calendar time, not effort.
    let work = || p.tasks.iter().filter(|t| t.kind == TaskKind::Work);
    let of = |pick: &dyn Fn(&Task) -> bool| work().filter(|t| pick(t)).collect();
    let phases: Vec<(String, Vec<&Task>)> = Phase::ALL
        .iter()
        .map(|&ph| (ph.label().to_owned(), of(&|t| t.phase == ph)))
        .collect();
    let stages = Stage::ALL
        .iter()
        .map(|&st| (st.label().to_owned(), of(&|t| t.stage == st)))
        .collect();
    let roles = p
        .team
        .iter()
        .map(|r| (r.name.clone(), of(&|t| t.role == r.id)))
        .collect();
    html!(
        r#"<details class="totals" id="task-totals"><summary>Totals by phase, stage and role (person-days, before factors and risks)</summary><div class="totals__grid">{}{}{}</div></details>"#,
        totals_table("By phase", phases),
        totals_table("By stage", stages),
        totals_table("By role", roles)
    )
}

/// One table of totals: a row per group that has tasks.
fn totals_table(title: &str, groups: Vec<(String, Vec<&Task>)>) -> Html {
    let rows: Html = groups
        .iter()
        .filter(|(_, tasks)| !tasks.is_empty())
        .map(|(name, tasks)| {
            let sum =
                |f: fn(&ThreePoint) -> f64| fixed(tasks.iter().map(|t| f(&t.effort)).sum(), 1);
            html!(
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                name,
                tasks.len(),
                sum(|e| e.optimistic),
                sum(|e| e.most_likely),
                sum(|e| e.pessimistic)
            )
        })
        .collect();
    html!(
        r#"<table class="data-table totals-table"><caption>{}</caption><thead><tr><th scope="col">Group</th><th scope="col">Tasks</th><th scope="col">Optimistic</th><th scope="col">Most likely</th><th scope="col">Pessimistic</th></tr></thead><tbody>{}</tbody></table>"#,
        title,
        rows
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::edit;
    use crate::markup::test_support::{shop, view};

    use crate::model::Date;

    #[test]
    fn task_numbers_are_read_from_commas_spaces_and_hashes() {
        assert_eq!(parse_after(&[], "1, 3 #4"), Ok(vec![1, 3, 4]));
        assert_eq!(parse_after(&[], ""), Ok(vec![]));
        assert!(parse_after(&[], "1, x").is_err());
    }

    #[test]
    fn dependencies_are_read_by_name_or_by_unique_beginning() {
        let p = shop();
        let (first, third) = (p.tasks[0].id, p.tasks[2].id);
        // A whole name, commas and all, in any case.
        let whole = p.tasks[2].name.to_uppercase();
        assert!(whole.contains(','));
        assert_eq!(parse_after(&p.tasks, &whole), Ok(vec![third]));
        let start: String = p.tasks[0].name.chars().take(11).collect();
        assert_eq!(
            parse_after(&p.tasks, &format!("{start}; 4 #5")),
            Ok(vec![first, 4, 5])
        );
        assert!(parse_after(&p.tasks, "no such task").is_err());
        // Two names start alike: the person is asked for more.
        let mut r = shop();
        r.tasks[0].name = "Label batch A".into();
        r.tasks[1].name = "Label batch B".into();
        let shared = parse_after(&r.tasks, "label batch").unwrap_err();
        assert!(shared.contains("More than one"), "{shared}");
        assert_eq!(
            parse_after(&r.tasks, "label batch b"),
            Ok(vec![r.tasks[1].id])
        );
        // Two tasks of one name: the person is asked for the number.
        r.tasks[2].name = "Label batch B".into();
        assert!(parse_after(&r.tasks, "label batch b").is_err());
        assert!(parse_after(&r.tasks, "1, label batch b").is_err());
        let mut q = shop();
        let path = "tasks[5].depends_on";
        edit(&mut q, path, &p.tasks[2].name).unwrap();
        assert_eq!(q.tasks[5].depends_on, vec![third]);
        assert!(edit(&mut q, path, "no such task").is_err());
        assert_eq!(
            q.tasks[5].depends_on,
            vec![third],
            "a bad entry changes nothing"
        );
    }

    #[test]
    fn pasted_rows_may_name_the_tasks_they_start_after() {
        let mut p = shop();
        let n = p.tasks.len();
        let rows = "Label images\t3\t5\t8\tData preparation\tMVP\tAnnotator\t1, 2\n\
                    Train on labels\t2\t3\t5\t\t\t\tLabel images";
        paste(&mut p, rows).unwrap();
        assert_eq!(p.tasks.len(), n + 2);
        assert_eq!(p.tasks[n].depends_on, vec![1, 2]);
        assert_eq!(p.tasks[n + 1].depends_on, vec![p.tasks[n].id]);
        let mut q = shop();
        let err = paste(&mut q, "A\t1\t2\t3\nB\t1\t2\t3\t\t\t\tnowhere").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }

    #[test]
    fn pasted_progress_needs_the_status_date_and_makes_valid_tasks() {
        let rows = "Done one\t1\t2\t3\t\t\t\t\tDone\t2.5\n\
                    Under way\t2\t3\t5\t\t\t\t\tIn progress\t1\n\
                    Later\t1\t1\t1";
        let mut p = shop();
        let err = paste(&mut p, rows).unwrap_err();
        assert!(
            err.starts_with("line 1:") && err.contains("status date"),
            "{err}"
        );
        let mut p = shop();
        crate::markup::progress::act(&mut p, "start-tracking", "2026-03-02").unwrap();
        let n = p.tasks.len();
        paste(&mut p, rows).unwrap();
        let (done, started, later) = (&p.tasks[n], &p.tasks[n + 1], &p.tasks[n + 2]);
        assert_eq!((done.state, done.actual), (TaskState::Done, Some(2.5)));
        assert_eq!(done.finished, p.tracking.status_date);
        assert_eq!(started.state, TaskState::InProgress);
        assert_eq!(
            started.remaining,
            Some(started.effort),
            "the estimate remains"
        );
        assert_eq!((started.actual, started.finished), (Some(1.0), None));
        assert!(later.state.is_not_started());
        assert_eq!(crate::model::validate::validate(&p), vec![]);
    }

    #[test]
    fn totals_sum_the_plain_effort_by_phase_stage_and_role() {
        let p = shop();
        let html = totals(&p);
        let ml: f64 = p.tasks.iter().map(|t| t.effort.most_likely).sum();
        let mvp: f64 = p
            .tasks
            .iter()
            .filter(|t| t.stage == Stage::Mvp)
            .map(|t| t.effort.most_likely)
            .sum();
        assert!(
            html.contains(&format!("<td>{}</td>", fixed(mvp, 1))),
            "{}",
            html.as_str()
        );
        for role in &p.team {
            assert!(html.contains(&format!(r#"<th scope="row">{}</th>"#, role.name)));
        }
        assert!(mvp < ml);
        assert!(totals(&Project::new("p", "P", Date::from_days(0))).is_empty());
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
        let err = paste(&mut p, "Good, 1, 2, 3\nBad, x, 2, 3").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert_eq!(
            p.tasks.len(),
            n - 1,
            "nothing is added unless every row is good"
        );
        paste(
            &mut p,
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

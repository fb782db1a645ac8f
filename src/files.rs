//! Files other planning tools read and write: the tasks as CSV (out and in), the
//! forecast's tables as CSV, the plan as MS Project XML (MSPDI, out and in), the
//! milestones' P50 and P80 dates as iCalendar, and a chart as a standalone SVG.
//!
//! Writers and readers are pure Rust and run in the engine's worker (`jobs`), except
//! [`svg::standalone`], which the page runs on a chart it shows. An import reads a file
//! into [`Row`]s (its own reader per format), then one plan for both formats
//! ([`plan`]): each row changes the task of the plan with the same name (ignoring case)
//! or is added; "After" refers to the file's own task numbers (a CSV's `#` column, or
//! its rows counted from 1 without one; an MSPDI task's UID) or to names, first those
//! in the file, then the plan's. The preview lists every addition, every change and
//! every refused row with its line; nothing is applied while any row is refused, and
//! applying is one edit (docs/MODEL.md R166).

pub mod csv_tasks;
pub mod ics;
pub mod mspdi;
pub mod svg;
pub mod xml;

use crate::html;
use crate::html::Html;
use crate::model::validate::{validate, MAX_DEPENDENCIES, MAX_TASKS};
use crate::model::{
    Date, Distribution, Id, Phase, Project, Stage, Task, TaskKind, TaskState, ThreePoint,
};

/// The texts of the files the Export section offers, in the order of its buttons
/// ([`crate::report::FILES`], which gives their names and media types): tasks CSV,
/// forecast CSV, per-task forecast CSV, MSPDI, iCalendar. `stamp` is the time the
/// calendar's events were made (milliseconds since the Unix epoch).
pub fn exports(p: &Project, f: &crate::engine::Forecast, stamp: f64) -> Vec<String> {
    vec![
        csv_tasks::write(p),
        csv_tasks::forecast(p, f),
        csv_tasks::task_figures(p, f),
        mspdi::write(p, f),
        ics::write(p, f, stamp),
    ]
}

/// A task the file refers to: by its number in the file, or by name.
#[derive(Clone, Debug, PartialEq)]
pub enum Ref {
    Number(Id),
    Name(String),
}

/// A task's progress as a file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub state: TaskState,
    pub actual: Option<f64>,
    pub remaining: Option<ThreePoint>,
    pub finished: Option<Date>,
}

/// One task as a file gives it; what the file leaves out is `None` (kept on a task
/// that is changed, the default on one that is added).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The line (an MSPDI task's) or row (a CSV's, the header being 1) it is on.
    pub line: usize,
    /// Its number in the file, which "After" refers to.
    pub number: Id,
    pub name: String,
    pub effort: ThreePoint,
    pub distribution: Option<Distribution>,
    pub kind: Option<TaskKind>,
    pub phase: Option<Phase>,
    pub stage: Option<Stage>,
    pub role: Option<String>,
    /// `None` when the file has no dependency column.
    pub after: Option<Vec<Ref>>,
    pub progress: Option<Progress>,
}

/// A problem with the file, at its line (0: the file as a whole).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// What reading a file gives: the rows read, notes (what was read in a way the person
/// should know), the rows refused with their problems, and the numbers of the refused
/// rows (a reference to one is not a second problem).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Read {
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
    pub problems: Vec<Problem>,
    pub refused: Vec<Id>,
}

impl Read {
    /// A file that could not be read at all.
    pub fn failed(problem: Problem) -> Self {
        Self {
            problems: vec![problem],
            ..Self::default()
        }
    }
}

/// What an import would do.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// "CSV" or "MS Project XML".
    pub format: &'static str,
    pub rows: usize,
    /// (line, name) of each task added.
    pub added: Vec<(usize, String)>,
    /// (line, name, what changes) of each task changed.
    pub changed: Vec<(usize, String, Vec<&'static str>)>,
    /// Rows that stand as the plan has them already.
    pub same: usize,
    pub notes: Vec<String>,
    pub problems: Vec<Problem>,
    /// The plan with the file applied (the plan as it was while there are problems).
    pub project: Project,
}

/// Reads `text` as MSPDI when it starts like XML, else as CSV.
fn read(text: &str) -> (&'static str, Read) {
    if text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .starts_with('<')
    {
        ("MS Project XML", mspdi::read(text))
    } else {
        ("CSV", csv_tasks::read(text))
    }
}

/// What importing the file `text` into `p` would do.
pub fn plan(p: &Project, text: &str) -> Plan {
    let (format, read) = read(text);
    let mut out = Plan {
        format,
        rows: 0,
        added: Vec::new(),
        changed: Vec::new(),
        same: 0,
        notes: Vec::new(),
        problems: Vec::new(),
        project: p.clone(),
    };
    let Read {
        rows,
        notes,
        problems,
        refused,
    } = read;
    out.notes = notes;
    out.problems = problems;
    out.rows = rows.len() + out.problems.len();
    if rows.is_empty() && out.problems.is_empty() {
        out.problems.push(Problem::at(0, "The file has no tasks."));
        return out;
    }
    if rows.len() > MAX_TASKS {
        out.problems.push(Problem::at(
            0,
            format!(
                "The file has {} tasks; a plan holds at most {MAX_TASKS}.",
                rows.len()
            ),
        ));
        return out;
    }
    let mut changed = p.clone();
    let problems = &mut out.problems;
    // Each row's task: the plan's task of the same name, or a new one.
    let fold = |s: &str| s.trim().to_lowercase();
    let mut targets: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    for (k, r) in rows.iter().enumerate() {
        if rows[..k].iter().any(|q| q.number == r.number) {
            problems.push(Problem::at(
                r.line,
                format!(
                    "the number {} is given to another task of the file too",
                    r.number
                ),
            ));
        }
        let name = fold(&r.name);
        let same: Vec<usize> = (0..p.tasks.len())
            .filter(|&i| fold(&p.tasks[i].name) == name)
            .collect();
        match same[..] {
            [i] if targets.contains(&Some(i)) => problems.push(Problem::at(
                r.line,
                format!("another row changes the task “{}” too", r.name.trim()),
            )),
            [i] => {
                targets.push(Some(i));
                continue;
            }
            [_, _, ..] => problems.push(Problem::at(
                r.line,
                format!(
                    "the plan has more than one task named “{}”: rename them first",
                    r.name.trim()
                ),
            )),
            [] => {}
        }
        targets.push(None);
    }
    // Ids: a changed task keeps its own; an added one takes its number in the file
    // when no task has it, else the next free id.
    let mut ids: Vec<Id> = Vec::with_capacity(rows.len());
    let mut used: Vec<Id> = p.tasks.iter().map(|t| t.id).collect();
    for (r, target) in rows.iter().zip(&targets) {
        let id = match target {
            Some(i) => p.tasks[*i].id,
            None if r.number > 0 && !used.contains(&r.number) => r.number,
            None => used.iter().max().map_or(1, |m| m.saturating_add(1)),
        };
        used.push(id);
        ids.push(id);
    }
    let status_date = p.tracking.status_date;
    let mut indices = Vec::with_capacity(rows.len());
    for ((r, target), &id) in rows.iter().zip(&targets).zip(&ids) {
        let before = target.map(|i| p.tasks[i].clone());
        let mut t = before.clone().unwrap_or_else(|| Task {
            id,
            phase: r.phase.unwrap_or_default(),
            stage: r.stage.unwrap_or_default(),
            ..Task::default()
        });
        t.name = r.name.trim().to_owned();
        t.effort = r.effort;
        if let Some(d) = r.distribution {
            t.distribution = d;
        }
        if let Some(k) = r.kind {
            t.kind = k;
        }
        if let Some(ph) = r.phase {
            t.phase = ph;
        }
        if let Some(s) = r.stage {
            t.stage = s;
        }
        match (&r.role, &before) {
            (Some(role), _) => t.role = role_id(&mut changed, role),
            (None, None) => {
                t.role = match changed.team.first() {
                    Some(role) => role.id,
                    None => role_id(&mut changed, "Data scientist"),
                }
            }
            (None, Some(_)) => {}
        }
        if let Some(pr) = &r.progress {
            if !pr.state.is_not_started() && status_date.is_none() && pr.finished.is_none() {
                problems.push(Problem::at(
                    r.line,
                    "a task with progress needs the status date: start tracking in the Progress section first",
                ));
            }
            t.state = pr.state;
            t.actual = pr.actual;
            t.remaining =
                (pr.state == TaskState::InProgress).then(|| pr.remaining.unwrap_or(r.effort));
            t.finished = (pr.state == TaskState::Done)
                .then(|| pr.finished.or(status_date))
                .flatten();
        }
        match target {
            Some(i) => {
                changed.tasks[*i] = t;
                indices.push(*i);
            }
            None => {
                changed.tasks.push(t);
                indices.push(changed.tasks.len() - 1);
            }
        }
    }
    // Dependencies, once every task of the file has its id.
    for (k, r) in rows.iter().enumerate() {
        let Some(after) = &r.after else { continue };
        if after.len() > MAX_DEPENDENCIES {
            problems.push(Problem::at(
                r.line,
                format!("a task starts after at most {MAX_DEPENDENCIES} others"),
            ));
            continue;
        }
        let mut deps = Vec::with_capacity(after.len());
        for a in after {
            match resolve(a, &rows, &ids, p) {
                Err(_) if matches!(a, Ref::Number(n) if refused.contains(n)) => {}
                Ok(id) if id == ids[k] => {
                    problems.push(Problem::at(r.line, "a task cannot start after itself"));
                }
                Ok(id) => {
                    if !deps.contains(&id) {
                        deps.push(id);
                    }
                }
                Err(why) => problems.push(Problem::at(r.line, why)),
            }
        }
        changed.tasks[indices[k]].depends_on = deps;
    }
    if !problems.is_empty() {
        problems.sort_by_key(|pr| pr.line);
        return out;
    }
    let problems = &mut out.problems;
    // What validation finds that it did not find before, at the row it comes from.
    let already = validate(p);
    for e in validate(&changed) {
        if already.contains(&e) {
            continue;
        }
        let index = e
            .path
            .strip_prefix("tasks[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|i| i.parse::<usize>().ok());
        let line = index
            .and_then(|i| indices.iter().position(|&x| x == i))
            .map_or(0, |k| rows[k].line);
        problems.push(Problem::at(line, e.message));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|pr| pr.line);
        return out;
    }
    for ((r, target), &i) in rows.iter().zip(&targets).zip(&indices) {
        let now = &changed.tasks[i];
        match target {
            None => out.added.push((r.line, now.name.clone())),
            Some(j) => {
                let what = differences(&p.tasks[*j], now, p, &changed);
                if what.is_empty() {
                    out.same += 1;
                } else {
                    out.changed.push((r.line, now.name.clone(), what));
                }
            }
        }
    }
    out.project = changed;
    out
}

/// The id of the task `a` names.
fn resolve(a: &Ref, rows: &[Row], ids: &[Id], p: &Project) -> Result<Id, String> {
    match a {
        Ref::Number(n) => rows
            .iter()
            .position(|r| r.number == *n)
            .map(|k| ids[k])
            .ok_or_else(|| format!("no task of the file is numbered {n}")),
        Ref::Name(name) => {
            let folded = name.trim().to_lowercase();
            let in_file: Vec<usize> = (0..rows.len())
                .filter(|&k| rows[k].name.trim().to_lowercase() == folded)
                .collect();
            match in_file[..] {
                [k] => return Ok(ids[k]),
                [_, _, ..] => {
                    return Err(format!(
                        "more than one task of the file is named “{}”: use its number",
                        name.trim()
                    ))
                }
                [] => {}
            }
            let in_plan: Vec<&Task> = p
                .tasks
                .iter()
                .filter(|t| t.name.trim().to_lowercase() == folded)
                .collect();
            match in_plan[..] {
                [t] => Ok(t.id),
                [] => Err(format!("no task is named “{}”", name.trim())),
                _ => Err(format!(
                    "more than one task is named “{}”: use its number",
                    name.trim()
                )),
            }
        }
    }
}

/// The id of the role named `name` (ignoring case), added to the team when new.
fn role_id(p: &mut Project, name: &str) -> Id {
    let name = name.trim();
    match p
        .team
        .iter()
        .find(|r| r.name.to_lowercase() == name.to_lowercase())
    {
        Some(r) => r.id,
        None => crate::markup::tasks::push_role(p, name),
    }
}

/// What differs between a task before and after, in words.
fn differences(a: &Task, b: &Task, pa: &Project, pb: &Project) -> Vec<&'static str> {
    let role = |p: &Project, t: &Task| {
        p.team
            .iter()
            .find(|r| r.id == t.role)
            .map(|r| r.name.clone())
    };
    [
        (a.name != b.name, "name"),
        (a.effort != b.effort, "estimate"),
        (a.distribution != b.distribution, "distribution"),
        (a.kind != b.kind, "kind"),
        (a.phase != b.phase, "phase"),
        (a.stage != b.stage, "stage"),
        (role(pa, a) != role(pb, b), "role"),
        (a.depends_on != b.depends_on, "after"),
        (
            (a.state, a.actual, a.remaining, a.finished)
                != (b.state, b.actual, b.remaining, b.finished),
            "progress",
        ),
    ]
    .into_iter()
    .filter(|(differs, _)| *differs)
    .map(|(_, what)| what)
    .collect()
}

/// The most rows of each list the preview shows.
const SHOWN: usize = 100;

/// The preview of importing `text` into `p`: what is added and changed, or every
/// refused row with its line; with an Apply button when something would change.
pub fn preview(p: &Project, text: &str) -> Html {
    let plan = plan(p, text);
    let mut out = html!(
        r#"<div class="file-import" id="file-import"><h3>Preview of the import ({})</h3>"#,
        plan.format
    );
    let place = |line: usize| match (line, plan.format) {
        (0, _) => String::new(),
        (l, "CSV") => format!("Row {l}: "),
        (l, _) => format!("Line {l}: "),
    };
    if !plan.problems.is_empty() {
        let items: Html = plan
            .problems
            .iter()
            .take(SHOWN)
            .map(|pr| html!("<li>{}{}</li>", place(pr.line), pr.message))
            .collect();
        out += html!(
            r#"<div class="callout callout--error" role="alert"><p>Nothing was imported: {} to fix in the file first.</p><ul class="file-problems">{}</ul></div>"#,
            match plan.problems.len() {
                1 => "one problem".to_owned(),
                n => format!("{n} problems"),
            },
            items
        );
        return out + html!("</div>");
    }
    out += html!(
        r#"<p class="file-summary" role="status">Tasks read: {}. To add: {}; to change: {}; already as the file says: {}.</p>"#,
        plan.rows,
        plan.added.len(),
        plan.changed.len(),
        plan.same
    );
    if !plan.notes.is_empty() {
        let notes: Html = plan.notes.iter().map(|n| html!("<li>{}</li>", n)).collect();
        out += html!(r#"<ul class="muted">{}</ul>"#, notes);
    }
    if plan.added.is_empty() && plan.changed.is_empty() {
        return out
            + html!(r#"<p>Nothing to apply: every task stands as the file says.</p></div>"#);
    }
    let where_ = if plan.format == "CSV" { "Row" } else { "Line" };
    let mut rows: Html = plan
        .added
        .iter()
        .take(SHOWN)
        .map(|(line, name)| html!("<tr><td>{}</td><td>{}</td><td>Added</td></tr>", line, name))
        .collect();
    rows += plan
        .changed
        .iter()
        .take(SHOWN)
        .map(|(line, name, what)| {
            html!(
                "<tr><td>{}</td><td>{}</td><td>Changed: {}</td></tr>",
                line,
                name,
                what.join(", ")
            )
        })
        .collect::<Html>();
    out + html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table file-changes"><caption>What the import does</caption><thead><tr><th scope="col">{}</th><th scope="col">Task</th><th scope="col">What</th></tr></thead><tbody>{}</tbody></table></div><p class="button-row"><button type="button" class="button button--primary" data-action="tasks-file-apply" data-arg="{}">Apply the import</button></p><p class="muted">Applying is one edit: Undo puts the tasks back as they were.</p></div>"#,
        where_,
        rows,
        crate::format::shortest(p.updated_at)
    )
}

/// The plan with the file applied, or why not.
///
/// # Errors
/// The file has problems, or nothing would change.
pub fn apply(p: &Project, text: &str) -> Result<Project, String> {
    let plan = plan(p, text);
    if let Some(first) = plan.problems.first() {
        return Err(format!(
            "The file cannot be imported: line {}: {}",
            first.line, first.message
        ));
    }
    if plan.added.is_empty() && plan.changed.is_empty() {
        return Err("Nothing to apply: every task stands as the file says.".into());
    }
    Ok(plan.project)
}

//! The tasks as CSV, out and in, and the forecast's tables as CSV.
//!
//! Written as RFC 4180: a header row, comma separators, CRLF line ends, a field in
//! double quotes (quotes doubled) when it holds a comma, a quote or a line end, a
//! byte-order mark first so that spreadsheets read UTF-8. Numbers are written with a
//! point and no grouping, dates as ISO 8601. A text cell that a spreadsheet would run
//! as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
//! leading `'`, which the reader takes off again.
//!
//! The tasks' columns ([`COLUMNS`]) are the bulk paste's (name, optimistic, most
//! likely, pessimistic, phase, stage, role, after, status, actual, remaining) with the
//! task's number first and its finish date, distribution and kind last. The reader
//! finds columns by their header (any order, any case; "ID" and "Task" read as `#`
//! and the name, "Predecessors" and "Depends on" as "After"), needs a name and a most
//! likely effort (optimistic and pessimistic default to it), and refuses each bad row
//! with its row number (the header is row 1) through [`crate::csv`]'s limits.

use super::{Problem, Progress, Read, Ref, Row};
use crate::csv::Reader;
use crate::engine::{Forecast, Summary};
use crate::format::shortest;
use crate::model::{Date, Distribution, Id, Phase, Project, Stage, TaskKind, TaskState};

/// The tasks file's header.
pub const COLUMNS: [&str; 17] = [
    "#",
    "Name",
    "Optimistic",
    "Most likely",
    "Pessimistic",
    "Phase",
    "Stage",
    "Role",
    "After",
    "Status",
    "Actual",
    "Remaining optimistic",
    "Remaining most likely",
    "Remaining pessimistic",
    "Finished",
    "Distribution",
    "Kind",
];

/// A text cell, kept from running as a formula.
fn text_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// Appends one record: each field quoted when it needs to be.
fn record(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

fn number(v: f64) -> String {
    shortest(v)
}

/// The plan's tasks as CSV.
pub fn write(p: &Project) -> String {
    let mut out = String::from("\u{FEFF}");
    record(&mut out, &COLUMNS.map(str::to_owned));
    for t in &p.tasks {
        let role = p.role(t.role).map(|r| r.name.as_str()).unwrap_or_default();
        let after: Vec<String> = t.depends_on.iter().map(Id::to_string).collect();
        let tracked = !t.state.is_not_started();
        let remaining = t.remaining.filter(|_| t.state == TaskState::InProgress);
        let opt = |v: Option<f64>| v.map(number).unwrap_or_default();
        record(
            &mut out,
            &[
                t.id.to_string(),
                text_cell(&t.name),
                number(t.effort.optimistic),
                number(t.effort.most_likely),
                number(t.effort.pessimistic),
                t.phase.label().to_owned(),
                t.stage.label().to_owned(),
                text_cell(role),
                after.join(", "),
                if tracked {
                    t.state.label().to_owned()
                } else {
                    String::new()
                },
                opt(t.actual.filter(|_| tracked)),
                opt(remaining.map(|r| r.optimistic)),
                opt(remaining.map(|r| r.most_likely)),
                opt(remaining.map(|r| r.pessimistic)),
                t.finished
                    .filter(|_| t.state == TaskState::Done)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                t.distribution.label().to_owned(),
                match t.kind {
                    TaskKind::Work => "Work",
                    TaskKind::Wait => "Wait",
                }
                .to_owned(),
            ],
        );
    }
    out
}

/// The percentiles of a summary, mean first.
fn figures(s: &Summary) -> [f64; 6] {
    [s.mean, s.p10, s.p50, s.p80, s.p90, s.p95]
}

/// The forecast's table: effort, working days, finish date and cost, for the whole
/// plan and through each stage, as mean and percentiles.
pub fn forecast(p: &Project, f: &Forecast) -> String {
    let mut out = String::from("\u{FEFF}");
    let head = [
        "Through", "Measure", "Unit", "Mean", "P10", "P50", "P80", "P90", "P95",
    ];
    record(&mut out, &head.map(str::to_owned));
    let mut block = |through: &str,
                     effort: &Summary,
                     duration: &Summary,
                     finish: &crate::engine::DateSummary,
                     cost: &Summary| {
        for (measure, unit, s) in [
            ("Effort", "person-days", effort),
            ("Duration", "working days", duration),
            ("Cost", p.currency.as_str(), cost),
        ] {
            let mut row = vec![through.to_owned(), measure.to_owned(), text_cell(unit)];
            row.extend(figures(s).map(number));
            record(&mut out, &row);
        }
        let mut row = vec![through.to_owned(), "Finish".to_owned(), "date".to_owned()];
        row.extend(
            [
                finish.mean,
                finish.p10,
                finish.p50,
                finish.p80,
                finish.p90,
                finish.p95,
            ]
            .map(|d: Date| d.to_string()),
        );
        record(&mut out, &row);
    };
    block("Whole plan", &f.effort, &f.duration, &f.finish, &f.cost);
    for s in &f.stages {
        block(s.stage.label(), &s.effort, &s.duration, &s.finish, &s.cost);
    }
    out
}

/// Each task's figures from the forecast: criticality, P50 and P80 start and finish
/// (working days from the start and dates) and mean effort.
pub fn task_figures(p: &Project, f: &Forecast) -> String {
    let cal = crate::engine::calendar::Calendar::new(p, f.duration.max + 1.0);
    let mut out = String::from("\u{FEFF}");
    let head = [
        "#",
        "Task",
        "Criticality",
        "Start P50 (working day)",
        "Start P80 (working day)",
        "Finish P50 (working day)",
        "Finish P80 (working day)",
        "Start P50",
        "Start P80",
        "Finish P50",
        "Finish P80",
        "Mean effort (person-days)",
    ];
    record(&mut out, &head.map(str::to_owned));
    for t in &f.tasks {
        record(
            &mut out,
            &[
                t.id.to_string(),
                text_cell(&t.name),
                number(t.criticality),
                number(t.start_p50),
                number(t.start_p80),
                number(t.finish_p50),
                number(t.finish_p80),
                t.start_date_p50.to_string(),
                cal.start_date(t.start_p80).to_string(),
                t.finish_date_p50.to_string(),
                t.finish_date_p80.to_string(),
                number(t.mean_effort),
            ],
        );
    }
    out
}

/// The columns a header names, by what they hold.
#[derive(Default)]
struct Columns {
    number: Option<usize>,
    name: Option<usize>,
    optimistic: Option<usize>,
    most_likely: Option<usize>,
    pessimistic: Option<usize>,
    phase: Option<usize>,
    stage: Option<usize>,
    role: Option<usize>,
    after: Option<usize>,
    status: Option<usize>,
    actual: Option<usize>,
    remaining: [Option<usize>; 3],
    finished: Option<usize>,
    distribution: Option<usize>,
    kind: Option<usize>,
}

/// A header's words: ASCII letters and digits, lower case, `#` as "number".
fn words(header: &str) -> String {
    header
        .replace('#', " number ")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Columns {
    fn of(header: &[String]) -> Self {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let slot = match words(h).as_str() {
                "number" | "id" | "task number" | "task id" | "uid" => &mut c.number,
                "name" | "task" | "task name" | "title" => &mut c.name,
                "optimistic" | "min" | "best case" => &mut c.optimistic,
                "most likely" | "likely" | "estimate" | "effort" | "duration" => &mut c.most_likely,
                "pessimistic" | "max" | "worst case" => &mut c.pessimistic,
                "phase" => &mut c.phase,
                "stage" => &mut c.stage,
                "role" | "resource" | "resource names" => &mut c.role,
                "after" | "predecessors" | "depends on" | "dependencies" => &mut c.after,
                "status" | "state" => &mut c.status,
                "actual" | "actual effort" => &mut c.actual,
                "remaining optimistic" => &mut c.remaining[0],
                "remaining most likely" | "remaining" => &mut c.remaining[1],
                "remaining pessimistic" => &mut c.remaining[2],
                "finished" | "finish date" | "done on" => &mut c.finished,
                "distribution" => &mut c.distribution,
                "kind" | "type" => &mut c.kind,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c
    }
}

/// A text cell as written, without the `'` that kept it from running as a formula.
fn untext(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

fn by_label<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str, cell: &str) -> Option<T> {
    let cell = cell.trim().to_lowercase();
    all.iter().copied().find(|&v| {
        let l = label(v).to_lowercase();
        l == cell || (cell.len() >= 3 && l.starts_with(&cell))
    })
}

/// The tasks a CSV file gives (see the module's documentation).
pub fn read(text: &str) -> Read {
    let mut reader = match Reader::new(text) {
        Ok(reader) => reader,
        Err(e) => return Read::failed(Problem::at(0, e.to_string())),
    };
    let header = match reader.next() {
        None => return Read::failed(Problem::at(0, "The file is empty.")),
        Some(Err(e)) => return Read::failed(Problem::at(1, e.to_string())),
        Some(Ok(header)) => header,
    };
    let c = Columns::of(&header);
    let (Some(name_at), Some(likely_at)) = (c.name, c.most_likely) else {
        return Read::failed(Problem::at(
            1,
            "the first row must name the columns, among them “Name” and “Most likely” (as the Export section's tasks CSV does)",
        ));
    };
    let mut notes = Vec::new();
    let unread: Vec<&str> = header
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            !h.trim().is_empty()
                && ![
                    c.number,
                    c.name,
                    c.optimistic,
                    c.most_likely,
                    c.pessimistic,
                    c.phase,
                    c.stage,
                    c.role,
                    c.after,
                    c.status,
                    c.actual,
                    c.remaining[0],
                    c.remaining[1],
                    c.remaining[2],
                    c.finished,
                    c.distribution,
                    c.kind,
                ]
                .contains(&Some(*i))
        })
        .map(|(_, h)| h.as_str())
        .collect();
    if !unread.is_empty() {
        notes.push(format!("Columns not read: {}.", unread.join(", ")));
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut refused = Vec::new();
    let mut count: Id = 0;
    while let Some(record) = reader.next() {
        let line = reader.row();
        let cells = match record {
            Ok(cells) => cells,
            Err(e) => {
                problems.push(Problem::at(line, e.to_string()));
                break;
            }
        };
        count = count.saturating_add(1);
        if rows.len() + problems.len() > crate::model::validate::MAX_TASKS {
            problems.push(Problem::at(
                line,
                format!(
                    "a plan holds at most {} tasks",
                    crate::model::validate::MAX_TASKS
                ),
            ));
            break;
        }
        match row(&c, &cells, line, count, name_at, likely_at) {
            Ok(r) => rows.push(r),
            Err(message) => {
                problems.push(Problem::at(line, message));
                let number = c.number.and_then(|k| cells.get(k));
                refused.push(match number {
                    Some(n) => n.trim().trim_start_matches('#').parse().unwrap_or(0),
                    None => count,
                });
            }
        }
    }
    Read {
        rows,
        notes,
        problems,
        refused,
    }
}

/// One row's task, or what is wrong with it.
fn row(
    c: &Columns,
    cells: &[String],
    line: usize,
    position: Id,
    name_at: usize,
    likely_at: usize,
) -> Result<Row, String> {
    let cell = |k: Option<usize>| {
        k.and_then(|k| cells.get(k))
            .map(|s| untext(s.trim()))
            .filter(|s| !s.is_empty())
    };
    let name = cell(Some(name_at)).ok_or("the task has no name")?;
    let effort = |k: Option<usize>, what: &str| -> Result<Option<f64>, String> {
        cell(k)
            .map(|v| match crate::format::read_number(v) {
                Ok(x) if x >= 0.0 => Ok(x),
                Ok(_) => Err(format!("the {what} effort cannot be negative")),
                Err(_) => Err(format!("the {what} effort “{v}” is not a number")),
            })
            .transpose()
    };
    let m = effort(Some(likely_at), "most likely")?.ok_or("the task has no most likely effort")?;
    let o = effort(c.optimistic, "optimistic")?.unwrap_or(m);
    let pe = effort(c.pessimistic, "pessimistic")?.unwrap_or(m);
    if !(o <= m && m <= pe) {
        return Err("efforts must be in order: optimistic ≤ most likely ≤ pessimistic".into());
    }
    let number = match cell(c.number) {
        None if c.number.is_some() => return Err("the task has no number (#)".into()),
        None => position,
        Some(v) => v
            .trim_start_matches('#')
            .parse::<Id>()
            .map_err(|_| format!("the number “{v}” is not a whole number"))?,
    };
    let phase = cell(c.phase)
        .map(|v| by_label(&Phase::ALL, Phase::label, v).ok_or(format!("“{v}” is not a phase")))
        .transpose()?;
    let stage = cell(c.stage)
        .map(|v| {
            by_label(&Stage::ALL, Stage::label, v)
                .ok_or(format!("“{v}” is not a stage (MVP, Growth or Maturity)"))
        })
        .transpose()?;
    let distribution = cell(c.distribution)
        .map(|v| {
            by_label(&Distribution::ALL, Distribution::label, v).ok_or(format!(
                "“{v}” is not a distribution (PERT, Triangular, Uniform or Fixed)"
            ))
        })
        .transpose()?;
    let kind = cell(c.kind)
        .map(|v| match v.to_lowercase().as_str() {
            "work" => Ok(TaskKind::Work),
            "wait" => Ok(TaskKind::Wait),
            _ => Err(format!("“{v}” is not a kind (Work or Wait)")),
        })
        .transpose()?;
    let after = c.after.map(|_| refs(cell(c.after).unwrap_or_default()));
    let progress_cells: Vec<String> = [c.status, c.actual]
        .into_iter()
        .chain(c.remaining)
        .map(|k| cell(k).unwrap_or_default().to_owned())
        .collect();
    let progress = if progress_cells.iter().all(String::is_empty) && cell(c.finished).is_none() {
        None
    } else {
        let (state, actual, remaining) =
            crate::paste::progress(&progress_cells, 0, line).map_err(|e| e.message)?;
        let finished = cell(c.finished)
            .map(|v| {
                Date::parse(v)
                    .map_err(|_| format!("the finish date “{v}” is not a date (YYYY-MM-DD)"))
            })
            .transpose()?;
        if finished.is_some() && state != TaskState::Done {
            return Err("only a done task has a finish date".into());
        }
        Some(Progress {
            state,
            actual,
            remaining,
            finished,
        })
    };
    Ok(Row {
        line,
        number,
        name: name.to_owned(),
        effort: crate::model::ThreePoint::new(o, m, pe),
        distribution,
        kind,
        phase,
        stage,
        role: cell(c.role).map(str::to_owned),
        after,
        progress,
    })
}

/// The tasks an "After" cell names: the whole cell when it is no list of numbers and
/// has no separator, else each part between commas or semicolons, a number (`#`
/// allowed) or a name.
fn refs(cell: &str) -> Vec<Ref> {
    cell.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| match part.trim_start_matches('#').parse::<Id>() {
            Ok(n) => Ref::Number(n),
            Err(_) => Ref::Name(part.to_owned()),
        })
        .collect()
}

//! Progress from a tracker: a CSV exported from Jira, Linear or GitHub Projects (or any
//! sheet with such columns) read into the tasks' states, actual efforts and finish
//! dates, by the rules of docs/MODEL.md R161. The engine's worker reads the file
//! ([`crate::csv`]), matches its rows to tasks, draws the preview ([`preview`]) and,
//! once the person confirms, makes the changed project ([`apply`]): none of it is in
//! the page's wasm, which sends the text and takes back a project file.
//!
//! **Columns** are recognised by their header's words (ASCII letters and digits, any
//! case; `#` reads as "number"):
//! * the task's number: "Issue key", "Key", "ID", "Issue ID", "#", "Number",
//!   "Task ID", "Task number";
//! * its name: "Summary", "Title", "Name", "Task", "Task name";
//! * its status: "Status", "State" (required);
//! * time spent: "Time Spent" and "Σ Time Spent" (Jira), "Spent", "Actual",
//!   "Actual effort", "Actual time", "Effort spent", "Logged", "Time logged",
//!   "Work logged", each with or without a unit among its words (see below);
//! * the day it finished: "Resolved", "Resolution date", "Resolved at", "Completed",
//!   "Completed at", "Completed date", "Done at", "Done date", "Date done",
//!   "Finished", "Finished at", "Finish date", "Closed at", "Closed date".
//!
//! The first column of each kind is read ("Σ Time Spent" before "Time Spent": it
//! counts the sub-tasks' time); every other column is listed as not read.
//!
//! **Units** of time spent: a unit word in the header — "seconds"/"secs"/"s",
//! "minutes"/"mins"/"m", "hours"/"hrs"/"h", "days"/"d"/"person-days" — is the
//! column's unit ("Time spent (h)", "Actual hours"); without one, Jira's "Time Spent"
//! and "Σ Time Spent" are in seconds (as Jira exports them) and every other name is in
//! person-days. A cell may carry its own units, as Jira writes durations: "1w 2d 3h
//! 30m", "2.5h", "90m" (w = 5 days, d = 1 day). A person-day is [`HOURS_PER_DAY`]
//! hours. A time spent over [`MAX_EFFORT_DAYS`] person-days is refused.

use crate::csv::{CsvError, Reader};
use crate::engine::calibration::role_key as fold;
use crate::format::plain;
use crate::html;
use crate::html::Html;
use crate::model::validate::MAX_EFFORT_DAYS;
use crate::model::{Date, Id, Project, Task, TaskKind, TaskState};

/// Working hours in a person-day, for time spent in hours, minutes or seconds.
pub const HOURS_PER_DAY: f64 = 8.0;

/// The most entries of each list the preview shows; it counts the rest.
const SHOWN: usize = 50;

/// The longest cell text the preview quotes, in characters.
const QUOTED: usize = 80;

/// The unit of a time spent column.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl Unit {
    /// How many of the unit make a person-day.
    fn per_day(self) -> f64 {
        match self {
            Unit::Seconds => 3_600.0 * HOURS_PER_DAY,
            Unit::Minutes => 60.0 * HOURS_PER_DAY,
            Unit::Hours => HOURS_PER_DAY,
            Unit::Days => 1.0,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Unit::Seconds => "seconds, 28,800 a person-day",
            Unit::Minutes => "minutes, 480 a person-day",
            Unit::Hours => "hours, 8 a person-day",
            Unit::Days => "person-days",
        }
    }

    /// The unit a word names, in a header or after a number in a cell.
    fn of(word: &str) -> Option<Unit> {
        Some(match word {
            "seconds" | "second" | "secs" | "sec" | "s" => Unit::Seconds,
            "minutes" | "minute" | "mins" | "min" | "m" => Unit::Minutes,
            "hours" | "hour" | "hrs" | "hr" | "h" => Unit::Hours,
            "days" | "day" | "d" | "pd" => Unit::Days,
            _ => return None,
        })
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Key,
    Name,
    Status,
    /// Time spent in this unit; `true` for Jira's "Σ Time Spent".
    Spent(Unit, bool),
    Finished,
}

/// A header's words: lower case, split at anything but ASCII letters and digits; a
/// leading "Σ" (Jira's sums) is the word "σ".
fn words(header: &str) -> Vec<String> {
    let header = header.trim_start();
    let sum = header.starts_with('Σ').then(|| "σ".to_owned());
    sum.into_iter()
        .chain(
            header
                .replace('#', " number ")
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase),
        )
        .collect()
}

/// What a column with this header holds, if it is one the import reads.
fn kind(header: &str) -> Option<Kind> {
    let words = words(header);
    let joined = words.join(" ");
    match joined.as_str() {
        "issue key" | "key" | "id" | "issue id" | "number" | "task id" | "task number" => {
            return Some(Kind::Key)
        }
        "summary" | "title" | "name" | "task" | "task name" => return Some(Kind::Name),
        "status" | "state" => return Some(Kind::Status),
        "resolved" | "resolution date" | "resolved at" | "completed" | "completed at"
        | "completed date" | "done at" | "done date" | "date done" | "finished" | "finished at"
        | "finish date" | "closed at" | "closed date" => return Some(Kind::Finished),
        _ => {}
    }
    let sum = words.first().is_some_and(|w| w == "σ");
    let mut unit = None;
    let base: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip(usize::from(sum))
        .filter(|w| match Unit::of(w) {
            Some(u) => {
                unit = Some(u);
                false
            }
            None => !matches!(*w, "in" | "person"),
        })
        .collect();
    let jira = base == ["time", "spent"];
    let known = jira
        || matches!(
            base[..],
            ["spent"]
                | ["actual"]
                | ["actual", "effort" | "time"]
                | ["effort", "spent"]
                | ["logged"]
                | ["time" | "work", "logged"]
        );
    let unit = unit.or(jira.then_some(Unit::Seconds));
    known.then(|| Kind::Spent(unit.unwrap_or(Unit::Days), sum && jira))
}

/// The columns read: each kind's index and header.
#[derive(Default)]
struct Columns {
    key: Option<(usize, String)>,
    name: Option<(usize, String)>,
    status: Option<(usize, String)>,
    spent: Option<(usize, String, Unit, bool)>,
    finished: Option<(usize, String)>,
    /// The headers of the columns not read.
    ignored: Vec<String>,
}

impl Columns {
    fn of(headers: &[String]) -> Self {
        let mut c = Columns::default();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim();
            let take = |slot: &mut Option<(usize, String)>| {
                slot.get_or_insert_with(|| (i, h.to_owned()));
            };
            match kind(h) {
                Some(Kind::Key) => take(&mut c.key),
                Some(Kind::Name) => take(&mut c.name),
                Some(Kind::Status) => take(&mut c.status),
                Some(Kind::Finished) => take(&mut c.finished),
                Some(Kind::Spent(unit, sum))
                    if c.spent.as_ref().is_none_or(|(.., was_sum)| sum && !was_sum) =>
                {
                    c.spent = Some((i, h.to_owned(), unit, sum));
                }
                _ => {}
            }
        }
        let read = [
            c.key.as_ref().map(|k| k.0),
            c.name.as_ref().map(|k| k.0),
            c.status.as_ref().map(|k| k.0),
            c.spent.as_ref().map(|k| k.0),
            c.finished.as_ref().map(|k| k.0),
        ];
        c.ignored = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !read.contains(&Some(*i)) && !h.trim().is_empty())
            .map(|(_, h)| h.trim().to_owned())
            .collect();
        c
    }
}

/// A row's cells in the columns read.
struct Row {
    /// The row as a spreadsheet numbers it (the header is row 1).
    row: usize,
    key: String,
    name: String,
    status: String,
    spent: String,
    finished: String,
}

impl Row {
    /// How the preview names the row: its name, else its key.
    fn label(&self) -> String {
        let text = if self.name.trim().is_empty() {
            &self.key
        } else {
            &self.name
        };
        quote(text)
    }
}

/// `text` trimmed and cut to [`QUOTED`] characters.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > QUOTED {
        let cut: String = text.chars().take(QUOTED - 1).collect();
        format!("{cut}…")
    } else {
        text.to_owned()
    }
}

/// The tasks with their names folded for comparing, once for every row.
struct Names<'a> {
    tasks: &'a [Task],
    folded: Vec<String>,
}

impl<'a> Names<'a> {
    fn of(tasks: &'a [Task]) -> Self {
        let folded = tasks.iter().map(|t| fold(&t.name)).collect();
        Self { tasks, folded }
    }

    /// The task a row names: by number, when the key cell is a task's number (`12` or
    /// `#12`) and the row's name is empty or fits that task; otherwise by name, whole
    /// or a beginning only one task's name has, compared as role names are (trimmed,
    /// inner whitespace as one space, lower case: MODEL.md R157).
    fn find(&self, key: &str, name: &str) -> Result<usize, String> {
        let (tasks, folded) = (self.tasks, &self.folded);
        let name = fold(name);
        let fits = |k: usize| folded[k].starts_with(&name);
        let number = key.trim().trim_start_matches('#').trim().parse::<Id>().ok();
        let numbered = number.and_then(|n| tasks.iter().position(|t| t.id == n));
        if let Some(k) = numbered.filter(|&k| fits(k)) {
            return Ok(k);
        }
        if name.is_empty() {
            return Err(match number {
                Some(n) => format!("no task has number {n}"),
                None => "the row names no task".to_owned(),
            });
        }
        let exact: Vec<usize> = (0..tasks.len()).filter(|&k| folded[k] == name).collect();
        let found = if exact.is_empty() {
            (0..tasks.len()).filter(|&k| fits(k)).collect()
        } else {
            exact
        };
        match (&found[..], numbered) {
            ([k], _) => Ok(*k),
            ([], Some(k)) => Err(format!(
                "task #{} is “{}”, and no task has this name",
                tasks[k].id,
                quote(&tasks[k].name)
            )),
            ([], None) => Err("no task has this name or number".to_owned()),
            _ => Err(
                "more than one task’s name starts like this: give the task’s number in an ID column"
                    .to_owned(),
            ),
        }
    }
}

/// A time spent cell in person-days (`None` when empty): a number in the column's
/// unit, or a duration with units of its own ("1w 2d 3h 30m").
fn spent(cell: &str, unit: Unit) -> Result<Option<f64>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let bad = || format!("time spent “{}” is not a number or a duration", quote(cell));
    let days = if cell.chars().any(|c| c.is_ascii_alphabetic()) {
        duration(cell).ok_or_else(bad)?
    } else {
        crate::format::read_number(cell).map_err(|_| bad())? / unit.per_day()
    };
    if !(0.0..=MAX_EFFORT_DAYS).contains(&days) {
        return Err(format!(
            "time spent “{}” is negative or more than 100,000 person-days",
            quote(cell)
        ));
    }
    Ok(Some(days))
}

/// A duration such as "1w 2d 3h 30m" in person-days (w = 5 days).
fn duration(cell: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = cell.trim();
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let amount = crate::format::read_number(&rest[..number_end]).ok()?;
        rest = rest[number_end..].trim_start();
        let unit_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let word = rest[..unit_end].to_ascii_lowercase();
        total += match word.as_str() {
            "w" | "wk" | "wks" | "week" | "weeks" => amount * 5.0,
            w => amount / Unit::of(w)?.per_day(),
        };
        rest = rest[unit_end..].trim_start();
    }
    Some(total).filter(|t: &f64| t.is_finite())
}

/// A finish date cell (`None` when empty): `YYYY-MM-DD`, with a time after it or not
/// (as Linear and GitHub write them), or Jira's `12/Mar/26 3:45 PM`.
fn day(cell: &str) -> Result<Option<Date>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let iso = || {
        let head = cell.get(..10)?;
        let tail = &cell[10..];
        (tail.is_empty() || tail.starts_with(['T', ' '])).then_some(())?;
        Date::parse(head).ok()
    };
    let jira = || {
        let mut parts = cell.splitn(3, '/');
        let d: u32 = parts.next()?.parse().ok()?;
        let month = parts.next()?.to_ascii_lowercase();
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let m = MONTHS.iter().position(|x| *x == month)? + 1;
        let year = parts.next()?.split(' ').next()?;
        let y: i32 = year.parse().ok()?;
        let y = match year.len() {
            2 => 2000 + y,
            4 => y,
            _ => return None,
        };
        Date::from_ymd(y, u32::try_from(m).ok()?, d)
    };
    iso().or_else(jira).map(Some).ok_or_else(|| {
        format!(
            "finish date “{}” is not a date (write it as 2026-03-12)",
            quote(cell)
        )
    })
}

/// What one row does.
enum Outcome {
    /// The task at this index becomes `task`; `notes` say what was assumed.
    Change {
        index: usize,
        task: Box<Task>,
        notes: Vec<String>,
    },
    /// The row names no task, or more than one.
    Unmatched(String),
    /// Its status is none that R161 reads.
    UnknownStatus,
    /// A cell could not be read, or its date cannot be.
    Problem(String),
}

/// A row's change to a task (R161), or why it cannot be made.
fn change(
    p: &Project,
    t: &Task,
    state: TaskState,
    time: Option<f64>,
    finished: Option<Date>,
    status_date: Date,
) -> Result<(Task, Vec<String>), String> {
    let mut new = t.clone();
    let mut notes = Vec::new();
    let time = match (t.kind, time) {
        (TaskKind::Wait, Some(_)) => {
            notes.push("a wait: time spent is not read (its actual is working days)".into());
            None
        }
        (_, time) => time,
    };
    new.state = state;
    match state {
        TaskState::NotStarted => {
            if time.is_some_and(|x| x > 0.0) {
                notes.push("time spent is not read: the task has not started".into());
            }
            (new.actual, new.remaining, new.finished) = (None, None, None);
        }
        TaskState::InProgress => {
            new.finished = None;
            new.actual = time.or(t.actual);
            if new.remaining.is_none() {
                let e = t.effort;
                notes.push(format!(
                    "remaining: its estimate, {}–{}–{} (correct it in the Tasks grid)",
                    plain(e.optimistic),
                    plain(e.most_likely),
                    plain(e.pessimistic)
                ));
                new.remaining = Some(e);
            }
        }
        TaskState::Done => {
            new.remaining = None;
            new.actual = Some(match time.or(t.actual) {
                Some(a) => a,
                None => {
                    notes.push(format!(
                        "no time spent in the file: actual set to its most likely estimate, {} (the track record counts it as on estimate)",
                        plain(t.effort.most_likely)
                    ));
                    t.effort.most_likely
                }
            });
            new.finished = Some(match finished {
                Some(d) if d < p.start_date => {
                    return Err(format!(
                        "finished {d}, before the project starts ({})",
                        p.start_date
                    ))
                }
                Some(d) if d > status_date => {
                    return Err(format!(
                        "finished {d}, after the status date ({status_date}): move the status date on first"
                    ))
                }
                Some(d) => d,
                None => match t.finished.filter(|_| t.state == TaskState::Done) {
                    Some(d) => d,
                    None => {
                        notes.push("finished: the status date".into());
                        status_date
                    }
                },
            });
        }
    }
    Ok((new, notes))
}

/// What a CSV would do to a project.
struct Plan {
    columns: Columns,
    /// Rows read (blank rows and rows with every read cell empty not counted).
    rows: usize,
    /// The changes to apply, by row: row, task index, the task after, notes.
    changes: Vec<(usize, usize, Task, Vec<String>)>,
    /// Matched rows that change nothing.
    same: usize,
    /// Rows that name no task (or several): row, its label, why.
    unmatched: Vec<(usize, String, String)>,
    /// Tasks named by several rows, none of which is applied: task index, rows.
    twice: Vec<(usize, Vec<usize>)>,
    /// Statuses none of R161's words: the status, its rows.
    unknown: Vec<(String, Vec<usize>)>,
    /// Rows with a cell that cannot be read: row, its label, why.
    problems: Vec<(usize, String, String)>,
}

/// Reads the CSV against the project: the plan, or why there is none.
fn plan(p: &Project, csv: &str) -> Result<Plan, String> {
    let status_date = p
        .tracking
        .status_date
        .ok_or("Start tracking first: a status date is needed before progress can be imported.")?;
    let mut records = Reader::new(csv).map_err(|e| e.to_string())?;
    let headers = records
        .next()
        .ok_or("The text is empty: paste a CSV with a header row.")?
        .map_err(|e| e.to_string())?;
    let columns = Columns::of(&headers);
    let Some(status_at) = columns.status.as_ref().map(|c| c.0) else {
        return Err(
            "No status column: the header needs a column named “Status” (or “State”).".into(),
        );
    };
    if columns.key.is_none() && columns.name.is_none() {
        return Err("No column names the tasks: the header needs an “ID” or “Issue key” column, or a “Summary”, “Title” or “Name” column.".into());
    }
    let mut rows = Vec::new();
    while let Some(record) = records.next() {
        let record = record.map_err(|e: CsvError| e.to_string())?;
        let cell = |at: Option<usize>| {
            at.and_then(|k| record.get(k))
                .map_or_else(String::new, |c| c.trim().to_owned())
        };
        let row = Row {
            row: records.row(),
            key: cell(columns.key.as_ref().map(|c| c.0)),
            name: cell(columns.name.as_ref().map(|c| c.0)),
            status: cell(Some(status_at)),
            spent: cell(columns.spent.as_ref().map(|c| c.0)),
            finished: cell(columns.finished.as_ref().map(|c| c.0)),
        };
        let fields = [&row.key, &row.name, &row.status, &row.spent, &row.finished];
        if fields.iter().any(|f| !f.is_empty()) {
            rows.push(row);
        }
    }
    let unit = columns.spent.as_ref().map_or(Unit::Days, |c| c.2);
    let names = Names::of(&p.tasks);
    let mut outcomes = Vec::new();
    for row in &rows {
        let outcome = match names.find(&row.key, &row.name) {
            Err(why) => Outcome::Unmatched(why),
            Ok(index) => match TaskState::from_status(&row.status) {
                None => Outcome::UnknownStatus,
                Some(state) => {
                    let read = spent(&row.spent, unit).and_then(|time| {
                        let finished = day(&row.finished)?;
                        change(p, &p.tasks[index], state, time, finished, status_date)
                    });
                    match read {
                        Ok((task, notes)) => Outcome::Change {
                            index,
                            task: Box::new(task),
                            notes,
                        },
                        Err(why) => Outcome::Problem(why),
                    }
                }
            },
        };
        outcomes.push(outcome);
    }
    let mut plan = Plan {
        columns,
        rows: rows.len(),
        changes: Vec::new(),
        same: 0,
        unmatched: Vec::new(),
        twice: Vec::new(),
        unknown: Vec::new(),
        problems: Vec::new(),
    };
    // Every task's rows, to find the tasks named twice.
    let mut by_task: Vec<Vec<usize>> = vec![Vec::new(); p.tasks.len()];
    for (row, outcome) in rows.iter().zip(&outcomes) {
        if let Outcome::Change { index, .. } = outcome {
            by_task[*index].push(row.row);
        }
    }
    for (row, outcome) in rows.iter().zip(outcomes) {
        match outcome {
            Outcome::Change { index, .. } if by_task[index].len() > 1 => {
                if by_task[index][0] == row.row {
                    plan.twice.push((index, by_task[index].clone()));
                }
            }
            Outcome::Change { index, task, .. } if *task == p.tasks[index] => plan.same += 1,
            Outcome::Change { index, task, notes } => {
                plan.changes.push((row.row, index, *task, notes));
            }
            Outcome::Unmatched(why) => plan.unmatched.push((row.row, row.label(), why)),
            Outcome::UnknownStatus => {
                let status = quote(&row.status);
                match plan.unknown.iter_mut().find(|(s, _)| *s == status) {
                    Some((_, rows)) => rows.push(row.row),
                    None => plan.unknown.push((status, vec![row.row])),
                }
            }
            Outcome::Problem(why) => plan.problems.push((row.row, row.label(), why)),
        }
    }
    Ok(plan)
}

/// The project with the import's changes, when it has any to make.
pub fn apply(p: &Project, csv: &str) -> Option<Project> {
    let plan = plan(p, csv).ok()?;
    if plan.changes.is_empty() {
        return None;
    }
    let mut changed = p.clone();
    for (_, index, task, _) in plan.changes {
        changed.tasks[index] = task;
    }
    Some(changed)
}

/// Row numbers: "row 4", "rows 4, 9 and 12".
fn row_list(rows: &[usize]) -> String {
    let mut words: Vec<String> = rows.iter().take(SHOWN).map(usize::to_string).collect();
    if rows.len() > SHOWN {
        words.push(format!("{} more", rows.len() - SHOWN));
    }
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("rows {} and {last}", rest.join(", ")),
        _ => format!("row {}", words.concat()),
    }
}

/// "… and 12 more" after a list cut at [`SHOWN`] entries.
fn more(n: usize) -> Html {
    if n > SHOWN {
        html!(r#"<li class="muted">… and {} more</li>"#, n - SHOWN)
    } else {
        Html::new()
    }
}

/// A task as the preview names it: "#3 Data inventory".
fn task_label(t: &Task) -> String {
    format!("#{} {}", t.id, quote(&t.name))
}

/// "5 person-days", "1 person-day", or "—" for none.
fn effort(x: Option<f64>) -> String {
    match x {
        None => "—".to_owned(),
        Some(1.0) => "1 person-day".to_owned(),
        Some(x) => format!("{} person-days", plain(x)),
    }
}

/// "before → after", or just the value when it does not change.
fn from_to(before: &str, after: &str) -> String {
    if before == after {
        after.to_owned()
    } else {
        format!("{before} → {after}")
    }
}

/// What the import reads, before anything is pasted.
fn help() -> Html {
    html!(
        r#"<div class="tracker-help muted"><p>Export the issues from your tracker as CSV (Jira: Export → CSV; Linear: Export issues; GitHub Projects: Export view) and paste it or choose the file. Nothing changes until you confirm the preview.</p><ul><li>Rows are matched to tasks by number (an “ID”, “Key” or “#” column holding 12 or #12) or by name (“Summary”, “Title” or “Name”: the whole name, or a beginning only one task has; case and spacing do not matter).</li><li>“Status”: Done, Closed, Resolved, Finished or Complete… mark a task done; In Progress, In Review, Doing or Started mark it in progress; To Do, Todo, Backlog, Open or Not started mark it not started. Other statuses are listed and not applied.</li><li>Time spent becomes the actual effort: Jira’s “Time Spent” or “Σ Time Spent” in seconds; a column such as “Time spent (h)” or “Actual hours” in hours (8 a person-day); “Actual” or “Actual days” in person-days; or durations like 1d 4h.</li><li>A done task finishes on the day in a “Resolved”, “Completed at” or “Done date” column, else on the status date.</li></ul></div>"#
    )
}

/// The preview of an import, in a `div.tracker-preview` (the page hides it while the
/// import's form is not shown): what will change, and every row that will not, with why;
/// the apply button (carrying the edit time of the project it was drawn from) when
/// there is something to apply. Without a CSV, what the import reads.
pub fn preview(p: &Project, csv: &str) -> Html {
    html!(
        r#"<div class="tracker-preview">{}</div>"#,
        preview_body(p, csv)
    )
}

fn preview_body(p: &Project, csv: &str) -> Html {
    if csv.trim().is_empty() {
        return help();
    }
    let plan = match plan(p, csv) {
        Ok(plan) => plan,
        Err(why) => {
            return html!(
                r#"<p class="callout callout--error" role="alert">{}</p>"#,
                why
            )
        }
    };
    let c = &plan.columns;
    let mut out = html!(r#"<h3>Preview of the import</h3>"#);
    let counts = [
        ("change a task", plan.changes.len()),
        ("already stand as the file says", plan.same),
        ("match no task", plan.unmatched.len()),
        (
            "name a task another row names too",
            plan.twice.iter().map(|(_, rows)| rows.len()).sum(),
        ),
        (
            "have a status that is not read",
            plan.unknown.iter().map(|(_, rows)| rows.len()).sum(),
        ),
        ("have a cell that cannot be read", plan.problems.len()),
    ];
    let counts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what}: {n}"))
        .collect();
    out += html!(
        r#"<p class="tracker-summary">Rows read: {} ({}).</p>"#,
        plan.rows,
        counts.join("; ")
    );
    let mut read: Vec<String> = Vec::new();
    if let Some((_, h)) = &c.key {
        read.push(format!("numbers from “{}”", quote(h)));
    }
    if let Some((_, h)) = &c.name {
        read.push(format!("names from “{}”", quote(h)));
    }
    if let Some((_, h)) = &c.status {
        read.push(format!("statuses from “{}”", quote(h)));
    }
    match &c.spent {
        Some((_, h, unit, _)) => {
            read.push(format!("time spent from “{}” ({})", quote(h), unit.label()));
        }
        None => read.push("no time spent column".into()),
    }
    match &c.finished {
        Some((_, h)) => read.push(format!("finish dates from “{}”", quote(h))),
        None => read.push(format!(
            "no finish date column: done tasks finish on the status date, {}",
            p.tracking
                .status_date
                .map(|d| d.to_string())
                .unwrap_or_default()
        )),
    }
    out += html!(r#"<p class="muted">Read: {}.</p>"#, read.join("; "));
    if plan.changes.is_empty() {
        out += html!(
            r#"<p class="tracker-nothing">Nothing to change: every task the file names stands as it says.</p>"#
        );
    } else {
        let rows: Html = plan
            .changes
            .iter()
            .map(|(row, index, new, notes)| {
                let old = &p.tasks[*index];
                let day = |t: &Task| t.finished.map_or_else(|| "—".to_owned(), |d| d.to_string());
                html!(
                    r#"<tr><td>{}</td><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                    *row,
                    task_label(old),
                    from_to(old.state.label(), new.state.label()),
                    from_to(&effort(old.actual), &effort(new.actual)),
                    from_to(&day(old), &day(new)),
                    notes.join("; ")
                )
            })
            .collect();
        out += html!(
            r#"<div class="table-scroll" tabindex="0"><table class="data-table tracker-changes"><caption>What will change</caption><thead><tr><th scope="col">Row</th><th scope="col">Task</th><th scope="col">Status</th><th scope="col">Actual</th><th scope="col">Finished</th><th scope="col">Notes</th></tr></thead><tbody>{}</tbody></table></div><p class="button-row"><button type="button" class="button button--primary" data-action="import-apply" data-arg="{}">Apply these changes</button></p><p class="muted">Applying is one edit: Undo puts the tasks back as they were.</p>"#,
            rows,
            crate::format::shortest(p.updated_at)
        );
    }
    if !plan.unmatched.is_empty() {
        let items: Html = plan
            .unmatched
            .iter()
            .take(SHOWN)
            .map(|(row, label, why)| html!(r#"<li>Row {}: “{}”: {}.</li>"#, *row, label, why))
            .collect();
        out += html!(
            r#"<h4>Rows that match no task</h4><ul class="tracker-unmatched">{}{}</ul>"#,
            items,
            more(plan.unmatched.len())
        );
    }
    if !plan.twice.is_empty() {
        let items: Html = plan
            .twice
            .iter()
            .take(SHOWN)
            .map(|(index, rows)| {
                html!(
                    r#"<li>{}: {}. None of them is applied: keep one row per task.</li>"#,
                    task_label(&p.tasks[*index]),
                    row_list(rows)
                )
            })
            .collect();
        out += html!(
            r#"<h4>Tasks matched twice</h4><ul class="tracker-twice">{}{}</ul>"#,
            items,
            more(plan.twice.len())
        );
    }
    if !plan.unknown.is_empty() {
        let items: Html = plan
            .unknown
            .iter()
            .take(SHOWN)
            .map(|(status, rows)| {
                html!(
                    r#"<li>“{}” on {}</li>"#,
                    if status.is_empty() {
                        "(empty)"
                    } else {
                        status.as_str()
                    },
                    row_list(rows)
                )
            })
            .collect();
        out += html!(
            r#"<h4>Statuses not read</h4><p class="muted">These rows are not applied. Done, Closed, Resolved, Finished or Complete… mark a task done; In Progress, In Review, Doing or Started in progress; To Do, Todo, Backlog, Open or Not started not started.</p><ul class="tracker-unknown">{}{}</ul>"#,
            items,
            more(plan.unknown.len())
        );
    }
    if !plan.problems.is_empty() {
        let items: Html = plan
            .problems
            .iter()
            .take(SHOWN)
            .map(|(row, label, why)| html!(r#"<li>Row {}: “{}”: {}.</li>"#, *row, label, why))
            .collect();
        out += html!(
            r#"<h4>Rows not applied</h4><ul class="tracker-problems">{}{}</ul>"#,
            items,
            more(plan.problems.len())
        );
    }
    if !c.ignored.is_empty() {
        let names: Vec<String> = c
            .ignored
            .iter()
            .take(SHOWN)
            .map(|h| format!("“{}”", quote(h)))
            .collect();
        let rest = c.ignored.len().saturating_sub(SHOWN);
        let names = if rest > 0 {
            format!("{} and {rest} more", names.join(", "))
        } else {
            names.join(", ")
        };
        out += html!(
            r#"<p class="muted tracker-ignored">Columns not read: {}.</p>"#,
            names
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::templates::bike_shop;
    use crate::model::validate::validate;
    use crate::model::ThreePoint;

    fn status_date() -> Date {
        Date::from_ymd(2026, 3, 2).unwrap()
    }

    /// The bike shop, started on 2026-01-05 and tracked since 2026-03-02.
    fn shop() -> Project {
        let mut p = bike_shop("p".into(), Date::from_ymd(2026, 1, 5).unwrap());
        p.tracking.status_date = Some(status_date());
        p
    }

    fn plan_of(p: &Project, csv: &str) -> Plan {
        plan(p, csv).unwrap()
    }

    /// A Jira export: Σ Time Spent in seconds, a resolution date, columns not read.
    const JIRA: &str = "Summary,Issue key,Issue id,Status,Assignee,Time Spent,Σ Time Spent,Resolved\r\n\
        Stakeholder interviews and business case,ML-1,10001,Done,Ana,28800,36000,20/Jan/26 4:10 PM\r\n\
        Success metrics,ML-2,10002,Closed,Ana,,,\r\n\
        Data inventory: sales,ML-3,10003,In Progress,Bo,14400,14400,\r\n\
        Write the press release,ML-9,10009,To Do,Bo,,,\r\n\
        \"Exploratory analysis of sales history\",ML-4,10004,Won't Do,Bo,,,\r\n";

    #[test]
    fn headers_are_recognised_by_their_words_with_units() {
        let k = |h| kind(h);
        assert_eq!(k("Issue key"), Some(Kind::Key));
        assert_eq!(k(" # "), Some(Kind::Key));
        assert_eq!(k("Task #"), Some(Kind::Key));
        assert_eq!(k("TITLE"), Some(Kind::Name));
        assert_eq!(k("Status"), Some(Kind::Status));
        assert_eq!(k("Completed at"), Some(Kind::Finished));
        assert_eq!(k("Time Spent"), Some(Kind::Spent(Unit::Seconds, false)));
        assert_eq!(k("Σ Time Spent"), Some(Kind::Spent(Unit::Seconds, true)));
        assert_eq!(k("Time spent (h)"), Some(Kind::Spent(Unit::Hours, false)));
        assert_eq!(k("Actual hours"), Some(Kind::Spent(Unit::Hours, false)));
        assert_eq!(k("Hours spent"), Some(Kind::Spent(Unit::Hours, false)));
        assert_eq!(k("Actual"), Some(Kind::Spent(Unit::Days, false)));
        assert_eq!(
            k("Actual effort (person-days)"),
            Some(Kind::Spent(Unit::Days, false))
        );
        assert_eq!(
            k("Time spent in minutes"),
            Some(Kind::Spent(Unit::Minutes, false))
        );
        assert_eq!(k("Σ Actual"), Some(Kind::Spent(Unit::Days, false)));
        for other in ["Assignee", "Estimate", "Σ Original Estimate", "Hours", ""] {
            assert_eq!(k(other), None, "{other}");
        }
    }

    #[test]
    fn time_spent_converts_to_person_days() {
        assert_eq!(spent("28800", Unit::Seconds), Ok(Some(1.0)));
        assert_eq!(spent("12", Unit::Hours), Ok(Some(1.5)));
        assert_eq!(spent("2,5", Unit::Days), Ok(Some(2.5)));
        assert_eq!(spent("90", Unit::Minutes), Ok(Some(0.1875)));
        assert_eq!(spent(" ", Unit::Days), Ok(None));
        // A cell's own units win over the column's.
        assert_eq!(spent("1w 2d 4h", Unit::Seconds), Ok(Some(7.5)));
        assert_eq!(spent("2.5h", Unit::Days), Ok(Some(0.3125)));
        assert_eq!(spent("30m", Unit::Days), Ok(Some(0.0625)));
        assert!(spent("-3", Unit::Days).is_err());
        assert!(spent("lots", Unit::Days).is_err());
        assert!(spent("3 parsecs", Unit::Days).is_err());
        assert!(spent("1e9", Unit::Days).is_err());
        assert!(spent("h", Unit::Days).is_err());
    }

    #[test]
    fn finish_dates_read_iso_and_jira_forms() {
        let d = Date::from_ymd(2026, 3, 12);
        assert_eq!(day("2026-03-12"), Ok(d));
        assert_eq!(day("2026-03-12T10:20:30.000Z"), Ok(d));
        assert_eq!(day("2026-03-12 15:45"), Ok(d));
        assert_eq!(day("12/Mar/26 3:45 PM"), Ok(d));
        assert_eq!(day("12/mar/2026"), Ok(d));
        assert_eq!(day(""), Ok(None));
        for bad in [
            "03/12/2026",
            "2026-3-12",
            "yesterday",
            "31/Feb/26",
            "2026-03-12x",
        ] {
            assert!(day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rows_match_by_number_or_by_name() {
        let p = shop();
        let t = Names::of(&p.tasks);
        assert_eq!(t.find("#3", ""), Ok(2));
        assert_eq!(t.find("3", "data inventory"), Ok(2));
        assert_eq!(t.find("ML-3", "  DATA   inventory: sales, stock"), Ok(2));
        // A number whose task has another name: the name decides (an issue number
        // in a tracker is not a task's number).
        assert_eq!(t.find("3", "Baseline forecasts"), Ok(8));
        assert!(t
            .find("3", "Nothing like it")
            .unwrap_err()
            .contains("task #3"));
        assert!(t.find("99", "").unwrap_err().contains("number 99"));
        assert!(t.find("", "").is_err());
        // "Steering and reporting" begins two tasks' names.
        assert!(t
            .find("", "Steering and reporting")
            .unwrap_err()
            .contains("more than one"));
        assert_eq!(t.find("", "steering and reporting (growth)"), Ok(21));
    }

    #[test]
    fn a_jira_export_previews_its_changes_and_every_row_it_cannot_apply() {
        let p = shop();
        let plan = plan_of(&p, JIRA);
        assert_eq!(plan.rows, 5);
        assert_eq!(plan.columns.spent.as_ref().unwrap().1, "Σ Time Spent");
        assert_eq!(plan.columns.name.as_ref().unwrap().1, "Summary");
        assert_eq!(plan.columns.key.as_ref().unwrap().1, "Issue key");
        assert_eq!(plan.columns.ignored, ["Issue id", "Assignee", "Time Spent"]);
        let changed: Vec<(usize, usize)> = plan.changes.iter().map(|c| (c.0, c.1)).collect();
        assert_eq!(changed, [(2, 0), (3, 1), (4, 2)]);
        // Row 2: 36,000 seconds is 1.25 person-days, finished on the resolution date.
        let done = &plan.changes[0].2;
        assert_eq!(done.state, TaskState::Done);
        assert_eq!(done.actual, Some(1.25));
        assert_eq!(done.finished, Date::from_ymd(2026, 1, 20));
        // Row 3: no time spent and no date: the most likely estimate and the status date.
        let assumed = &plan.changes[1];
        assert_eq!(assumed.2.actual, Some(p.tasks[1].effort.most_likely));
        assert_eq!(assumed.2.finished, Some(status_date()));
        assert_eq!(assumed.3.len(), 2, "{:?}", assumed.3);
        // Row 4: in progress with the time so far, and the estimate as what remains.
        let started = &plan.changes[2].2;
        assert_eq!(started.state, TaskState::InProgress);
        assert_eq!(started.actual, Some(0.5));
        assert_eq!(started.remaining, Some(p.tasks[2].effort));
        assert_eq!(plan.unmatched.len(), 1);
        assert_eq!(plan.unmatched[0].0, 5);
        assert_eq!(plan.unknown, [("Won't Do".to_owned(), vec![6])]);
        let html = preview(&p, JIRA);
        for text in [
            "Apply these changes",
            "Not started → Done",
            "— → 1.25 person-days",
            "Write the press release",
            "Won&#39;t Do",
            "Columns not read: “Issue id”, “Assignee”, “Time Spent”.",
            "finished: the status date",
        ] {
            assert!(html.contains(text), "{text}: {}", html.as_str());
        }
    }

    #[test]
    fn applying_makes_valid_progress_and_changes_nothing_else() {
        let p = shop();
        let after = apply(&p, JIRA).unwrap();
        assert_eq!(validate(&after), vec![]);
        assert_eq!(after.tasks[0].state, TaskState::Done);
        assert_eq!(after.tasks[0].actual, Some(1.25));
        assert_eq!(after.tasks[0].finished, Date::from_ymd(2026, 1, 20));
        assert_eq!(after.tasks[2].state, TaskState::InProgress);
        assert_eq!(
            after.tasks[3], p.tasks[3],
            "an unknown status changes nothing"
        );
        assert_eq!(after.tasks[4..], p.tasks[4..]);
        assert_eq!(
            (after.tracking.clone(), after.team.clone()),
            (p.tracking.clone(), p.team.clone())
        );
        // Once applied, the same file changes nothing, and applying it gives no file.
        let again = plan_of(&after, JIRA);
        assert!(again.changes.is_empty());
        assert_eq!(again.same, 3);
        assert_eq!(apply(&after, JIRA), None);
        assert!(preview(&after, JIRA).contains("Nothing to change"));
    }

    #[test]
    fn a_task_named_twice_is_not_changed_and_the_rows_are_listed() {
        let p = shop();
        let csv = "ID,Status\n4,Done\n#4,In progress\n5,Done\n";
        let plan = plan_of(&p, csv);
        assert_eq!(plan.twice, [(3, vec![2, 3])]);
        assert_eq!(plan.changes.len(), 1);
        assert!(preview(&p, csv).contains("rows 2 and 3"));
    }

    #[test]
    fn dates_outside_the_tracked_span_and_unreadable_cells_are_not_applied() {
        let p = shop();
        let csv = "Name,Status,Actual hours,Completed at\n\
                   Stakeholder interviews,Done,16,2026-03-09\n\
                   Success metrics,Done,16,2025-12-01\n\
                   Data inventory,Done,lots,2026-02-02\n\
                   Exploratory analysis,Done,16,someday\n\
                   Buyer review,Done,16,2026-02-02\n";
        let plan = plan_of(&p, csv);
        let why: Vec<&str> = plan.problems.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(why.len(), 4, "{why:?}");
        assert!(why[0].contains("after the status date"));
        assert!(why[1].contains("before the project starts"));
        assert!(why[2].contains("“lots”"));
        assert!(why[3].contains("“someday”"));
        assert_eq!(plan.changes.len(), 1);
        assert_eq!(plan.changes[0].2.actual, Some(2.0));
    }

    #[test]
    fn states_move_both_ways_and_waits_keep_their_days() {
        let mut p = shop();
        p.tasks[0].state = TaskState::Done;
        p.tasks[0].actual = Some(4.0);
        p.tasks[0].finished = Date::from_ymd(2026, 2, 2);
        p.tasks[1].state = TaskState::InProgress;
        p.tasks[1].remaining = Some(ThreePoint::exactly(1.0));
        p.tasks[2].kind = TaskKind::Wait;
        let csv = "#,Status,Time spent (d)\n1,Done,\n2,To do,3\n3,Done,7\n1,\n";
        let plan = plan_of(&p, csv);
        // Task 1 is done already with its actual and date: its row changes nothing.
        assert_eq!(plan.same, 1);
        let back = &plan.changes[0];
        assert_eq!(back.1, 1);
        assert_eq!(
            (back.2.state, back.2.actual, back.2.remaining),
            (TaskState::NotStarted, None, None)
        );
        assert!(back.3[0].contains("not started"));
        let wait = &plan.changes[1].2;
        assert_eq!(wait.actual, Some(p.tasks[2].effort.most_likely));
        assert!(plan.changes[1].3[0].contains("a wait"));
        assert_eq!(plan.unknown, [(String::new(), vec![5])]);
        let mut done = apply(&p, csv).unwrap();
        assert_eq!(validate(&done), vec![]);
        // From done back to in progress: the total so far stays as the time spent.
        done.tasks[0].state = TaskState::Done;
        let reopened = apply(&done, "ID,Status\n1,Doing").unwrap();
        assert_eq!(reopened.tasks[0].actual, Some(4.0));
        assert_eq!(reopened.tasks[0].remaining, Some(p.tasks[0].effort));
        assert_eq!(validate(&reopened), vec![]);
    }

    #[test]
    fn what_cannot_be_read_at_all_says_why() {
        let p = shop();
        let message = |csv: &str| preview(&p, csv).as_str().to_owned();
        assert!(message("Name,Owner\nA,B").contains("No status column"));
        assert!(message("Status,Owner\nDone,B").contains("No column names the tasks"));
        assert!(message("Name,Status\n\"A,Done").contains("not closed"));
        let long = format!("Name,Status\n{}", "x,Done\n".repeat(6_000));
        assert!(message(&long).contains("more than 5,000 rows"));
        assert!(message("  ").contains("Export the issues"));
        let mut off = shop();
        off.tracking.status_date = None;
        assert!(message_of(&off, "Name,Status\nA,Done").contains("Start tracking first"));
        assert_eq!(apply(&off, JIRA), None);
    }

    fn message_of(p: &Project, csv: &str) -> String {
        preview(p, csv).as_str().to_owned()
    }

    #[test]
    fn long_lists_are_cut_and_counted() {
        let p = shop();
        let mut csv = String::from("Name,Status,Priority\n");
        for i in 0..120 {
            csv.push_str(&format!("Nothing {i},Done,High\n"));
        }
        let html = message_of(&p, &csv);
        assert!(html.contains("… and 70 more"), "{html}");
        assert_eq!(html.matches("<li>Row").count(), SHOWN);
        assert_eq!(row_list(&[4]), "row 4");
        assert_eq!(row_list(&[4, 9, 12]), "rows 4, 9 and 12");
        let many: Vec<usize> = (1..=60).collect();
        assert!(row_list(&many).ends_with("50 and 10 more"));
    }

    #[test]
    fn the_largest_csv_against_the_largest_plan_is_read_and_its_lists_cut() {
        let mut p = shop();
        let template = p.tasks[0].clone();
        p.tasks = (1..=crate::model::validate::MAX_TASKS as Id)
            .map(|id| Task {
                id,
                name: format!("Task {id:03}"),
                depends_on: Vec::new(),
                ..template.clone()
            })
            .collect();
        let mut csv = String::from("ID,Name,Status,Time spent (h)\n");
        for r in 0..crate::csv::MAX_ROWS {
            let n = r % 600 + 1;
            csv += &format!("{n},Task {n:03},Done,8\n");
        }
        let plan = plan_of(&p, &csv);
        assert_eq!(plan.rows, crate::csv::MAX_ROWS);
        assert_eq!(plan.twice.len(), 500, "every task is named more than once");
        assert!(plan.changes.is_empty());
        assert_eq!(
            plan.unmatched.len(),
            100 * 8,
            "numbers 501 to 600, eight times"
        );
        let html = preview(&p, &csv);
        assert_eq!(html.matches("<li>Row").count(), SHOWN);
        assert!(html.len() < 100_000, "{} bytes", html.len());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_text_previews_and_applies_to_a_valid_project_or_to_nothing(
                text in "[\"\r\n,;a-z0-9#: \tΣ]{0,120}",
                header in prop::sample::select(vec![
                    "", "Name,Status\n", "ID,Status,Time spent (h),Resolved\n",
                ]),
            ) {
                let p = shop();
                let csv = format!("{header}{text}");
                let _ = preview(&p, &csv);
                if let Some(after) = apply(&p, &csv) {
                    prop_assert_eq!(validate(&after), vec![]);
                }
            }
        }
    }
}

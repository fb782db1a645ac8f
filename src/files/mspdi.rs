//! The plan as MS Project XML (MSPDI, namespace `http://schemas.microsoft.com/project`),
//! out and in (docs/MODEL.md R167).
//!
//! **Out.** One task per task of the plan, in order (its UID is the task's number),
//! under the project's summary task (UID 0), then one milestone per milestone of the
//! plan, and the project's calendar (its working week, 8:00–17:00 with an hour's
//! break, and its holidays). A task's `Start` and `Finish` are its P50 start and P50
//! finish dates, its `Duration` the working days from the one through the other, so
//! that the three agree as MS Project reads them; it is manually scheduled
//! (`Manual`), so that MS Project keeps those dates, and constrained to start no
//! earlier than its P50 start, so that a tool that schedules it itself (ProjectLibre)
//! gets the same dates. The P80 finish is the task's `Deadline` (MS Project flags a
//! task that runs past it) and, with the P80 start, custom fields Start1 and Finish1.
//! The three-point estimate is in Duration1–3 (with the PERT names MS Project gives
//! them), phase, stage, role, distribution and kind in Text1–5, each named by the
//! file's extended attribute definitions. Predecessors are finish-to-start links with
//! no lag. A milestone sits at its stage's P50 finish with its P80 finish as deadline.
//!
//! **In.** The tasks of any MSPDI file: summary tasks, blank rows, the project's own
//! task and milestones of no duration are left out (and said so); a task's estimate is
//! its Duration1–3 when the file names them as Yardstick does and they are in order,
//! else its `Duration` as an exact estimate, in working days of the file's
//! `MinutesPerDay` (480 without one); predecessors come from `PredecessorLink`, every
//! link read as finish-to-start (other types and lags are said so); phase, stage,
//! role, distribution and kind from text fields named as Yardstick names them.

use super::xml::{self, escape};
use super::{Problem, Read, Ref, Row};
use crate::engine::calendar::{working_days_through, Calendar};
use crate::engine::Forecast;
use crate::format::shortest;
use crate::model::{Date, Distribution, Id, Phase, Project, Stage, TaskKind, ThreePoint};

/// MSPDI's namespace.
pub const NAMESPACE: &str = "http://schemas.microsoft.com/project";

/// Minutes in a working day, as the file says.
const MINUTES_PER_DAY: f64 = 480.0;

/// The custom fields Yardstick writes: field id, field name, alias.
const FIELDS: [(u32, &str, &str); 10] = [
    (188_743_783, "Duration1", "Optimistic Duration"),
    (188_743_784, "Duration2", "Expected Duration"),
    (188_743_785, "Duration3", "Pessimistic Duration"),
    (188_743_732, "Start1", "P80 Start"),
    (188_743_733, "Finish1", "P80 Finish"),
    (188_743_731, "Text1", "Phase"),
    (188_743_734, "Text2", "Stage"),
    (188_743_737, "Text3", "Role"),
    (188_743_740, "Text4", "Distribution"),
    (188_743_743, "Text5", "Kind"),
];

/// Working days as an MSPDI duration (`PT…H…M…S`, 8 hours a day).
fn duration(days: f64) -> String {
    let seconds = (days.max(0.0) * MINUTES_PER_DAY * 60.0 * 1000.0).round() / 1000.0;
    let hours = (seconds / 3600.0).floor();
    let minutes = ((seconds - hours * 3600.0) / 60.0).floor();
    let rest = ((seconds - hours * 3600.0 - minutes * 60.0) * 1000.0).round() / 1000.0;
    format!(
        "PT{}H{}M{}S",
        shortest(hours),
        shortest(minutes),
        shortest(rest)
    )
}

fn at(date: Date, time: &str) -> String {
    format!("{date}T{time}")
}

/// Appends `<name>value</name>` with the value escaped.
fn el(out: &mut String, name: &str, value: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape(value));
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn attribute(out: &mut String, field: u32, value: &str, is_duration: bool) {
    out.push_str("<ExtendedAttribute>");
    el(out, "FieldID", &field.to_string());
    el(out, "Value", value);
    if is_duration {
        el(out, "DurationFormat", "7");
    }
    out.push_str("</ExtendedAttribute>");
}

/// A task of the file: its UID, ID, name, dates, duration, predecessors and fields.
struct Written<'a> {
    uid: Id,
    id: usize,
    name: &'a str,
    level: u8,
    start: String,
    finish: String,
    days: f64,
    summary: bool,
    milestone: bool,
    deadline: Option<Date>,
    after: &'a [Id],
    fields: Vec<(u32, String, bool)>,
}

fn task(out: &mut String, t: &Written) {
    out.push_str("<Task>");
    el(out, "UID", &t.uid.to_string());
    el(out, "ID", &t.id.to_string());
    el(out, "Name", t.name);
    el(out, "Type", "1");
    el(out, "IsNull", "0");
    el(out, "OutlineNumber", &t.id.to_string());
    el(out, "OutlineLevel", &t.level.to_string());
    el(out, "Start", &t.start);
    el(out, "Finish", &t.finish);
    el(out, "Duration", &duration(t.days));
    el(out, "DurationFormat", "7");
    el(out, "Milestone", if t.milestone { "1" } else { "0" });
    el(out, "Summary", if t.summary { "1" } else { "0" });
    if !t.summary {
        el(out, "ConstraintType", "4");
        el(out, "ConstraintDate", &t.start);
    }
    if let Some(d) = t.deadline {
        el(out, "Deadline", &at(d, "17:00:00"));
    }
    for pred in t.after {
        out.push_str("<PredecessorLink>");
        el(out, "PredecessorUID", &pred.to_string());
        el(out, "Type", "1");
        el(out, "CrossProject", "0");
        el(out, "LinkLag", "0");
        el(out, "LagFormat", "7");
        out.push_str("</PredecessorLink>");
    }
    for (field, value, is_duration) in &t.fields {
        attribute(out, *field, value, *is_duration);
    }
    if !t.summary {
        el(out, "Manual", "1");
    }
    out.push_str("</Task>\n");
}

/// Working days from `start` through `finish` (0 when it finishes before it starts).
fn span(p: &Project, start: Date, finish: Date) -> f64 {
    if finish < start {
        0.0
    } else {
        working_days_through(p, finish) - working_days_through(p, start) + 1.0
    }
}

/// The plan and its forecast as an MSPDI file.
pub fn write(p: &Project, f: &Forecast) -> String {
    let cal = Calendar::new(p, f.duration.max + 1.0);
    let finish = f.finish.p50;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    out.push_str(&format!("<Project xmlns=\"{NAMESPACE}\">\n"));
    el(&mut out, "SaveVersion", "14");
    el(
        &mut out,
        "Name",
        &format!("{}.xml", crate::report::file_stem(&p.name)),
    );
    el(&mut out, "Title", &p.name);
    el(&mut out, "ScheduleFromStart", "1");
    el(&mut out, "StartDate", &at(p.start_date, "08:00:00"));
    el(&mut out, "FinishDate", &at(finish, "17:00:00"));
    el(&mut out, "CurrencyCode", &p.currency);
    el(&mut out, "CalendarUID", "1");
    el(&mut out, "DefaultStartTime", "08:00:00");
    el(&mut out, "DefaultFinishTime", "17:00:00");
    el(&mut out, "MinutesPerDay", "480");
    let week = u32::from(p.working_days_per_week.clamp(1, 7));
    el(&mut out, "MinutesPerWeek", &(480 * week).to_string());
    el(&mut out, "DaysPerMonth", "20");
    out.push_str("\n<ExtendedAttributes>");
    for (id, name, alias) in FIELDS {
        out.push_str("<ExtendedAttribute>");
        el(&mut out, "FieldID", &id.to_string());
        el(&mut out, "FieldName", name);
        el(&mut out, "Alias", alias);
        out.push_str("</ExtendedAttribute>");
    }
    out.push_str("</ExtendedAttributes>\n<Calendars><Calendar>");
    el(&mut out, "UID", "1");
    el(&mut out, "Name", "Standard");
    el(&mut out, "IsBaseCalendar", "1");
    out.push_str("<WeekDays>");
    // MSPDI numbers days from Sunday (1); the plan's week runs from Monday.
    for day_type in 1..=7u32 {
        let weekday = (day_type + 5) % 7;
        out.push_str("<WeekDay>");
        el(&mut out, "DayType", &day_type.to_string());
        if weekday < week {
            el(&mut out, "DayWorking", "1");
            out.push_str("<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>");
        } else {
            el(&mut out, "DayWorking", "0");
        }
        out.push_str("</WeekDay>");
    }
    for h in &p.holidays {
        out.push_str("<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>");
        el(&mut out, "FromDate", &at(*h, "00:00:00"));
        el(&mut out, "ToDate", &at(*h, "23:59:00"));
        out.push_str("</TimePeriod></WeekDay>");
    }
    out.push_str("</WeekDays></Calendar></Calendars>\n<Tasks>\n");
    task(
        &mut out,
        &Written {
            uid: 0,
            id: 0,
            name: &p.name,
            level: 0,
            start: at(p.start_date, "08:00:00"),
            finish: at(finish, "17:00:00"),
            days: span(p, p.start_date, finish),
            summary: true,
            milestone: false,
            deadline: None,
            after: &[],
            fields: Vec::new(),
        },
    );
    for (k, t) in p.tasks.iter().enumerate() {
        let Some(tf) = f.tasks.iter().find(|x| x.id == t.id) else {
            continue;
        };
        let (start, end) = (tf.start_date_p50, tf.finish_date_p50);
        let role = p.role(t.role).map(|r| r.name.clone()).unwrap_or_default();
        let e = t.effort;
        task(
            &mut out,
            &Written {
                uid: t.id,
                id: k + 1,
                name: &t.name,
                level: 1,
                start: at(start, "08:00:00"),
                finish: if end < start {
                    at(start, "08:00:00")
                } else {
                    at(end, "17:00:00")
                },
                days: span(p, start, end),
                summary: false,
                milestone: false,
                deadline: Some(tf.finish_date_p80),
                after: &t.depends_on,
                fields: vec![
                    (FIELDS[0].0, duration(e.optimistic), true),
                    (FIELDS[1].0, duration(e.most_likely), true),
                    (FIELDS[2].0, duration(e.pessimistic), true),
                    (
                        FIELDS[3].0,
                        at(cal.start_date(tf.start_p80), "08:00:00"),
                        false,
                    ),
                    (FIELDS[4].0, at(tf.finish_date_p80, "17:00:00"), false),
                    (FIELDS[5].0, t.phase.label().to_owned(), false),
                    (FIELDS[6].0, t.stage.label().to_owned(), false),
                    (FIELDS[7].0, role, false),
                    (FIELDS[8].0, t.distribution.label().to_owned(), false),
                    (FIELDS[9].0, kind_label(t.kind).to_owned(), false),
                ],
            },
        );
    }
    let mut uid = p.tasks.iter().map(|t| t.id).max().unwrap_or(0);
    for m in &p.plan.milestones {
        let Some(s) = f.stages.iter().find(|s| s.stage == m.stage && s.tasks > 0) else {
            continue;
        };
        uid = uid.saturating_add(1);
        let when = at(s.finish.p50, "17:00:00");
        task(
            &mut out,
            &Written {
                uid,
                id: usize::try_from(uid).unwrap_or(usize::MAX),
                name: &m.name,
                level: 1,
                start: when.clone(),
                finish: when,
                days: 0.0,
                summary: false,
                milestone: true,
                deadline: Some(s.finish.p80),
                after: &[],
                fields: vec![(FIELDS[6].0, m.stage.label().to_owned(), false)],
            },
        );
    }
    out.push_str("</Tasks>\n</Project>\n");
    out
}

fn kind_label(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Work => "Work",
        TaskKind::Wait => "Wait",
    }
}

/// Reads an MSPDI duration (`PT8H0M0S`, `P1DT4H`, …) as minutes.
fn minutes(text: &str, per_day: f64) -> Option<f64> {
    let rest = text.trim().strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut total = 0.0;
    for (part, units) in [
        (date, &[('W', per_day * 5.0), ('D', per_day)][..]),
        (time, &[('H', 60.0), ('M', 1.0), ('S', 1.0 / 60.0)][..]),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let (_, per) = units.iter().find(|(u, _)| *u == c)?;
            let value: f64 = crate::format::read_number(&number).ok()?;
            total += value * per;
            number.clear();
        }
        if !number.is_empty() {
            return None;
        }
    }
    Some(total).filter(|t| t.is_finite())
}

/// The tasks of an MSPDI file (see the module's documentation).
pub fn read(text: &str) -> Read {
    let root = match xml::parse(text) {
        Ok(root) => root,
        Err(e) => return Read::failed(Problem::at(e.line, e.message)),
    };
    if root.name != "Project" {
        return Read::failed(Problem::at(
            root.line,
            format!(
                "this is not an MS Project XML file: its root is <{}>, not <Project>",
                root.name
            ),
        ));
    }
    let per_day = root
        .text_of("MinutesPerDay")
        .and_then(|m| crate::format::read_number(m).ok())
        .filter(|m| *m > 0.0 && *m <= 1440.0)
        .unwrap_or(MINUTES_PER_DAY);
    // The custom fields the file names as Yardstick does.
    let mut named: Vec<(String, &str)> = Vec::new();
    if let Some(defs) = root.child("ExtendedAttributes") {
        for d in defs.all("ExtendedAttribute") {
            let (Some(id), Some(alias)) = (d.text_of("FieldID"), d.text_of("Alias")) else {
                continue;
            };
            if let Some((_, _, ours)) = FIELDS
                .iter()
                .find(|(fid, _, a)| fid.to_string() == id && a.eq_ignore_ascii_case(alias))
            {
                named.push((id.to_owned(), ours));
            }
        }
    }
    let Some(tasks) = root.child("Tasks") else {
        return Read::failed(Problem::at(root.line, "the file has no <Tasks>"));
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let (mut summaries, mut milestones, mut other_links, mut lags) = (0, 0, 0, 0);
    let mut left_out: Vec<Id> = Vec::new();
    let mut links: Vec<Vec<Id>> = Vec::new();
    for t in tasks.all("Task") {
        let flag = |name: &str| matches!(t.text_of(name), Some("1" | "true"));
        let Some(uid) = t.text_of("UID").and_then(|u| u.parse::<Id>().ok()) else {
            problems.push(Problem::at(t.line, "a task without a whole-number UID"));
            continue;
        };
        let name = t.text_of("Name").unwrap_or_default();
        let days = match t.text_of("Duration") {
            None | Some("") => Some(0.0),
            Some(d) => minutes(d, per_day).map(|m| m / per_day),
        };
        if flag("IsNull") || flag("Summary") || uid == 0 {
            summaries += usize::from(!flag("IsNull"));
            left_out.push(uid);
            continue;
        }
        if flag("Milestone") && days == Some(0.0) {
            milestones += 1;
            left_out.push(uid);
            continue;
        }
        if name.is_empty() {
            problems.push(Problem::at(
                t.line,
                format!("the task with UID {uid} has no name"),
            ));
            continue;
        }
        let Some(days) = days else {
            problems.push(Problem::at(
                t.line,
                format!(
                    "the duration “{}” of “{name}” is not one MS Project writes (PT8H0M0S)",
                    t.text_of("Duration").unwrap_or_default()
                ),
            ));
            continue;
        };
        let field = |ours: &str| {
            let id = named.iter().find(|(_, o)| *o == ours).map(|(id, _)| id)?;
            t.all("ExtendedAttribute")
                .find(|a| a.text_of("FieldID") == Some(id.as_str()))
                .and_then(|a| a.text_of("Value"))
                .filter(|v| !v.is_empty())
        };
        let three: Option<Vec<f64>> = [FIELDS[0].2, FIELDS[1].2, FIELDS[2].2]
            .iter()
            .map(|ours| {
                field(ours)
                    .and_then(|v| minutes(v, per_day))
                    .map(|m| m / per_day)
            })
            .collect();
        let effort = match three.as_deref() {
            Some(&[o, m, p]) if o <= m && m <= p => ThreePoint::new(o, m, p),
            _ => ThreePoint::exactly(days),
        };
        let by = |ours: &str| field(ours).map(str::to_lowercase);
        let mut after = Vec::new();
        for l in t.all("PredecessorLink") {
            let Some(pred) = l
                .text_of("PredecessorUID")
                .and_then(|u| u.parse::<Id>().ok())
            else {
                continue;
            };
            if !matches!(l.text_of("Type"), None | Some("1")) {
                other_links += 1;
            }
            let lag = l.text_of("LinkLag").map(crate::format::read_number);
            if matches!(lag, Some(Ok(v)) if v != 0.0) {
                lags += 1;
            }
            after.push(pred);
        }
        links.push(after);
        rows.push(Row {
            line: t.line,
            number: uid,
            name: name.to_owned(),
            effort,
            distribution: by("Distribution").and_then(|v| {
                Distribution::ALL
                    .into_iter()
                    .find(|d| d.label().to_lowercase() == v)
            }),
            kind: by("Kind").and_then(|v| match v.as_str() {
                "wait" => Some(TaskKind::Wait),
                "work" => Some(TaskKind::Work),
                _ => None,
            }),
            phase: by("Phase").and_then(|v| {
                Phase::ALL
                    .into_iter()
                    .find(|p| p.label().to_lowercase() == v)
            }),
            stage: by("Stage").and_then(|v| {
                Stage::ALL
                    .into_iter()
                    .find(|s| s.label().to_lowercase() == v)
            }),
            role: field("Role").map(str::to_owned),
            after: None,
            progress: None,
        });
    }
    let mut dropped = 0;
    for (r, after) in rows.iter_mut().zip(links) {
        let kept: Vec<Ref> = after
            .into_iter()
            .filter(|pred| {
                let out = left_out.contains(pred);
                dropped += usize::from(out);
                !out
            })
            .map(Ref::Number)
            .collect();
        r.after = Some(kept);
    }
    let mut notes = Vec::new();
    for (n, what) in [
        (summaries, "summary tasks left out (their work is in their sub-tasks)"),
        (milestones, "milestones of no duration left out"),
        (dropped, "links to a task left out dropped"),
        (other_links, "links of another type (start-to-start, finish-to-finish, start-to-finish) read as finish-to-start"),
        (lags, "links with a lag read without it"),
    ] {
        if n > 0 {
            notes.push(format!("{n} {what}."));
        }
    }
    Read {
        rows,
        notes,
        problems,
        refused: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_back_as_written() {
        for days in [0.0, 0.5, 1.0, 2.25, 3.0, 10.0, 1.0 / 3.0] {
            let text = duration(days);
            let back = minutes(&text, MINUTES_PER_DAY).unwrap() / MINUTES_PER_DAY;
            assert!((back - days).abs() < 1e-6, "{days} → {text} → {back}");
        }
        assert_eq!(duration(2.5), "PT20H0M0S");
        assert_eq!(minutes("P1DT4H", 480.0), Some(720.0));
        assert_eq!(minutes("PT1.5H30M", 480.0), Some(120.0));
        assert_eq!(minutes("8 hours", 480.0), None);
        assert_eq!(minutes("PT8X", 480.0), None);
    }

    fn file(tasks: &str) -> String {
        format!("<?xml version=\"1.0\"?><Project xmlns=\"{NAMESPACE}\"><MinutesPerDay>420</MinutesPerDay><Tasks>{tasks}</Tasks></Project>")
    }

    #[test]
    fn a_foreign_file_reads_its_tasks_durations_and_links() {
        let text = file(
            "<Task><UID>0</UID><Name>Project</Name><Summary>1</Summary></Task>\
             <Task><UID>1</UID><Name>Phase</Name><Summary>1</Summary></Task>\
             <Task><UID>2</UID><Name>Gather &amp; clean</Name><Duration>PT14H0M0S</Duration><Unknown><Deep/></Unknown></Task>\
             <Task><UID>3</UID><Name>Model</Name><Duration>PT21H0M0S</Duration>\
               <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>3</Type><LinkLag>4800</LinkLag></PredecessorLink>\
               <PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>\
             <Task><UID>4</UID><Name>Go live</Name><Duration>PT0H0M0S</Duration><Milestone>1</Milestone></Task>",
        );
        let Read {
            rows,
            notes,
            problems,
            ..
        } = read(&text);
        assert_eq!(problems, []);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Gather & clean");
        assert_eq!(rows[0].effort, ThreePoint::exactly(2.0));
        assert_eq!(rows[1].effort, ThreePoint::exactly(3.0));
        assert_eq!(rows[1].after, Some(vec![Ref::Number(2)]));
        let notes = notes.join(" ");
        for says in [
            "2 summary tasks",
            "1 milestones",
            "1 links to a task left out",
            "another type",
            "lag",
        ] {
            assert!(notes.contains(says), "{notes}");
        }
    }

    #[test]
    fn bad_files_are_refused_with_their_lines() {
        let bad = read(&file("<Task><UID>1</UID>\n<Name>A</Name><Duration>two days</Duration></Task>\n<Task><UID>x</UID></Task>")).problems;
        let lines: Vec<usize> = bad.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3]);
        assert!(bad[0].message.contains("two days"));
        assert!(read("<html><body/></html>").problems[0]
            .message
            .contains("not an MS Project"));
        assert!(read("<Project>\n<Tasks>").problems[0]
            .message
            .contains("cut short"));
    }
}

//! Files for other tools (`yardstick::files`): the tasks' CSV and MS Project XML go out
//! and come back as the same tasks, bad rows are refused with their lines, hostile text
//! survives every format, and the iCalendar file keeps RFC 5545's rules.
#![cfg(not(target_arch = "wasm32"))]

use yardstick::engine::{forecast_with, Forecast};
use yardstick::files::{self, csv_tasks, ics, mspdi, xml};
use yardstick::model::templates::{bike_shop, template, templates};
use yardstick::model::{Date, Project, Task, TaskKind, TaskState, ThreePoint};

fn start() -> Date {
    Date::from_ymd(2026, 1, 5).unwrap()
}

fn blank() -> Project {
    Project::new("blank", "Blank", start())
}

fn forecast(p: &Project) -> Forecast {
    forecast_with(p, 2_000, 7).unwrap()
}

/// A task as a comparison sees it: everything but the role's id, with its role's name.
fn seen(p: &Project, t: &Task) -> String {
    let role = p
        .team
        .iter()
        .find(|r| r.id == t.role)
        .map(|r| r.name.as_str());
    format!(
        "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        t.id,
        t.name,
        t.effort,
        t.distribution,
        t.kind,
        t.phase,
        t.stage,
        role,
        t.depends_on,
        t.state,
        t.actual,
        t.remaining,
        t.finished
    )
}

fn tasks_of(p: &Project) -> Vec<String> {
    p.tasks.iter().map(|t| seen(p, t)).collect()
}

/// Every template, and the bike shop with progress, waits and odd distributions.
fn plans() -> Vec<Project> {
    let mut plans: Vec<Project> = templates()
        .iter()
        .map(|t| template(t.key, "t".into(), start()).unwrap())
        .collect();
    let mut p = bike_shop("b".into(), start());
    p.tracking.status_date = Some(Date::from_ymd(2026, 2, 2).unwrap());
    p.tasks[0].state = TaskState::Done;
    p.tasks[0].actual = Some(4.5);
    p.tasks[0].finished = Some(Date::from_ymd(2026, 1, 20).unwrap());
    p.tasks[1].state = TaskState::InProgress;
    p.tasks[1].actual = Some(1.0);
    p.tasks[1].remaining = Some(ThreePoint::new(1.0, 2.0, 4.0));
    p.tasks[2].kind = TaskKind::Wait;
    p.tasks[3].distribution = yardstick::model::Distribution::Triangular;
    p.tasks[4].distribution = yardstick::model::Distribution::Uniform;
    p.tasks[5].effort = ThreePoint::new(0.25, 1.0 / 3.0, 2.75);
    plans.push(p);
    plans
}

/// A blank project with the plan's team and status date, for importing into.
fn receiver(p: &Project) -> Project {
    let mut b = blank();
    b.tracking.status_date = p.tracking.status_date;
    b
}

#[test]
fn csv_export_then_import_gives_the_same_tasks() {
    for p in plans() {
        let text = csv_tasks::write(&p);
        let plan = files::plan(&receiver(&p), &text);
        assert!(plan.problems.is_empty(), "{}: {:?}", p.name, plan.problems);
        assert_eq!(plan.added.len(), p.tasks.len());
        let back = files::apply(&receiver(&p), &text).unwrap();
        assert_eq!(tasks_of(&back), tasks_of(&p), "{}", p.name);
        // Every role a task names came back, by name.
        for t in &p.tasks {
            let role = &p.team.iter().find(|r| r.id == t.role).unwrap().name;
            assert!(back.team.iter().any(|r| &r.name == role));
        }
        // Importing the same file again changes nothing.
        let again = files::plan(&back, &text);
        assert_eq!(
            (again.added.len(), again.changed.len(), again.same),
            (0, 0, p.tasks.len())
        );
    }
}

#[test]
fn csv_import_changes_tasks_by_name_and_adds_the_rest() {
    let p = bike_shop("b".into(), start());
    let first = p.tasks[0].name.clone();
    let text = format!(
        "Name,Optimistic,Most likely,Pessimistic,After\r\n{first},1,2,3,\r\nNew work,1,1,2,\"{}\"\r\n",
        first.to_uppercase()
    );
    let plan = files::plan(&p, &text);
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.changed.len(), 1);
    assert!(plan.changed[0].2.contains(&"estimate"));
    assert_eq!(plan.added, vec![(3, "New work".to_owned())]);
    let back = plan.project;
    assert_eq!(back.tasks.len(), p.tasks.len() + 1);
    assert_eq!(back.tasks[0].effort, ThreePoint::new(1.0, 2.0, 3.0));
    // "After" named a task of the file (the first row, whatever its case).
    assert_eq!(back.tasks.last().unwrap().depends_on, vec![p.tasks[0].id]);
}

#[test]
fn bad_csv_rows_are_refused_with_their_row_numbers_and_nothing_changes() {
    let p = bike_shop("b".into(), start());
    let text =
        "#,Name,Optimistic,Most likely,Pessimistic,Phase,Stage,After,Status,Distribution\r\n\
                1,Good,1,2,3,Modelling,MVP,,,\r\n\
                2,,1,2,3,,,,,\r\n\
                3,Backwards,5,2,1,,,,,\r\n\
                4,Words,a,2,3,,,,,\r\n\
                5,Phase,1,2,3,Nowhere,,,,\r\n\
                6,After,1,2,3,,,99,,\r\n\
                7,Status,1,2,3,,,,Parked,\r\n\
                8,\"Quoted, with a\r\nline end\",1,2,3,,Later,,,\r\n\
                9,Self,1,2,3,,,9,,\r\n\
                10,Shape,1,2,3,,,,,Lognormal\r\n\
                1,Twice,1,2,3,,,,,\r\n";
    let plan = files::plan(&p, text);
    let lines: Vec<usize> = plan.problems.iter().map(|pr| pr.line).collect();
    assert_eq!(
        lines,
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        "{:?}",
        plan.problems
    );
    for (pr, says) in plan.problems.iter().zip([
        "no name",
        "in order",
        "not a number",
        "“Nowhere” is not a phase",
        "no task of the file is numbered 99",
        "“Parked” is not a status",
        "“Later” is not a stage",
        "after itself",
        "not a distribution",
        "number 1 is given to another task",
    ]) {
        assert!(pr.message.contains(says), "{pr:?}");
    }
    assert_eq!(plan.project, p, "nothing is applied");
    assert!(files::apply(&p, text).is_err());
    // The preview lists them with their rows and offers nothing to apply.
    let preview = String::from(files::preview(&p, text));
    assert!(preview.contains("Row 8: “Parked” is not a status"));
    assert!(!preview.contains("tasks-file-apply"));
    // A file without the columns it needs, or cut short, says so.
    assert!(files::plan(&p, "Task,Hours\r\nA,3\r\n").problems[0]
        .message
        .contains("Most likely"));
    assert!(files::plan(&p, "Name,Most likely\r\n\"A,1\r\n").problems[0]
        .message
        .contains("not closed"));
    // A cycle is found by validation and put at its row.
    let cycle = "#,Name,Most likely,After\r\n1,A,1,2\r\n2,B,1,1\r\n";
    let plan = files::plan(&blank(), cycle);
    assert_eq!(plan.problems.len(), 1);
    assert_eq!(plan.problems[0].line, 3);
    assert!(
        plan.problems[0].message.contains("circle"),
        "{:?}",
        plan.problems
    );
}

#[test]
fn mspdi_export_then_import_gives_the_same_tasks_durations_and_links() {
    for p in plans() {
        let f = forecast(&p);
        let text = mspdi::write(&p, &f);
        let root = xml::parse(&text).expect("well-formed");
        assert_eq!(root.attribute("xmlns"), Some(mspdi::NAMESPACE));
        let mut b = receiver(&p);
        b.tasks.clear();
        let back = files::apply(&b, &text).unwrap();
        // Progress does not travel in MSPDI; durations go through PT…H…M…S with
        // milliseconds, so efforts agree to 1e-6 days.
        assert_eq!(back.tasks.len(), p.tasks.len());
        let close = |x: f64, y: f64| (x - y).abs() < 1e-6;
        for (a, b) in back.tasks.iter().zip(&p.tasks) {
            let role = |q: &Project, t: &Task| {
                q.team
                    .iter()
                    .find(|r| r.id == t.role)
                    .map(|r| r.name.clone())
            };
            assert_eq!(
                (
                    a.id,
                    &a.name,
                    &a.depends_on,
                    a.distribution,
                    a.kind,
                    a.phase,
                    a.stage
                ),
                (
                    b.id,
                    &b.name,
                    &b.depends_on,
                    b.distribution,
                    b.kind,
                    b.phase,
                    b.stage
                )
            );
            assert_eq!(role(&back, a), role(&p, b));
            let (ea, eb) = (a.effort, b.effort);
            assert!(
                close(ea.optimistic, eb.optimistic)
                    && close(ea.most_likely, eb.most_likely)
                    && close(ea.pessimistic, eb.pessimistic),
                "{ea:?} {eb:?}"
            );
        }
        // Each task's dates are its P50 start and finish, its deadline the P80 finish.
        let tasks = root.child("Tasks").unwrap();
        for tf in &f.tasks {
            let t = tasks
                .all("Task")
                .find(|t| t.text_of("UID") == Some(&tf.id.to_string()))
                .unwrap();
            assert!(t
                .text_of("Start")
                .unwrap()
                .starts_with(&tf.start_date_p50.to_string()));
            assert_eq!(
                t.text_of("Deadline").unwrap(),
                format!("{}T17:00:00", tf.finish_date_p80)
            );
        }
    }
}

/// Text that breaks formats that are not careful.
const HOSTILE: &str =
    "=HYPERLINK(\"x\") \"quoted\", <tag> & 'single'; back\\slash\r\nnew line\ttab é 😀 \u{202E}";

#[test]
fn hostile_text_survives_every_format() {
    let mut p = bike_shop("id with spaces/&\"".into(), start());
    p.name = HOSTILE.into();
    for t in &mut p.tasks {
        t.name = format!("{HOSTILE} {}", t.id);
    }
    p.team[0].name = HOSTILE.into();
    p.plan.milestones[0].name = HOSTILE.into();
    p.plan.milestones[0].criteria = HOSTILE.into();
    // CSV and MSPDI: the same names back.
    let csv = csv_tasks::write(&p);
    let back = files::apply(&blank(), &csv).unwrap();
    assert_eq!(tasks_of(&back), tasks_of(&p));
    let f = forecast(&p);
    let xml_text = mspdi::write(&p, &f);
    let back = files::apply(&blank(), &xml_text).unwrap();
    let names: Vec<&str> = back.tasks.iter().map(|t| t.name.as_str()).collect();
    let want: Vec<String> = p.tasks.iter().map(|t| t.name.trim().to_owned()).collect();
    assert_eq!(names, want);
    assert!(back.team.iter().any(|r| r.name == HOSTILE.trim()));
    assert_eq!(
        xml::parse(&xml_text).unwrap().text_of("Title"),
        Some(HOSTILE.trim())
    );
    // The forecast tables: read back by the CSV reader, the names are whole.
    for table in [csv_tasks::task_figures(&p, &f), csv_tasks::forecast(&p, &f)] {
        let rows: Vec<Vec<String>> = yardstick::csv::Reader::new(&table)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let width = rows[0].len();
        assert!(rows.iter().all(|r| r.len() == width));
    }
    let figures = csv_tasks::task_figures(&p, &f);
    let rows: Vec<Vec<String>> = yardstick::csv::Reader::new(&figures)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[1][1], format!("'{HOSTILE} {}", p.tasks[0].id));
    // iCalendar: unfolded and unescaped, the summary is the milestone's name.
    let cal = ics::write(&p, &f, 1.0e12);
    let unfolded = cal.replace("\r\n ", "");
    let summary = unfolded
        .split("\r\n")
        .find(|l| l.starts_with("SUMMARY:"))
        .unwrap();
    let text = unescape(&summary["SUMMARY:".len()..]);
    assert_eq!(
        text,
        format!("{} (P50)", HOSTILE.replace("\r\n", "\n").replace('\t', " "))
    );
}

/// RFC 5545 TEXT unescaped.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_calendar_keeps_rfc_5545() {
    let mut p = bike_shop("b".into(), start());
    p.plan.milestones[0].name = format!("{} {}", "Long milestone name".repeat(6), HOSTILE);
    let f = forecast(&p);
    let cal = ics::write(&p, &f, 1_767_225_600_000.0);
    assert!(cal.ends_with("END:VCALENDAR\r\n"));
    // Every line ends in CRLF, no bare LF or CR, at most 75 octets.
    for l in cal.split_terminator("\r\n") {
        assert!(!l.contains(['\n', '\r']), "{l:?}");
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    let unfolded = cal.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split_terminator("\r\n").collect();
    // BEGIN and END nest; each event has its required properties once.
    let mut stack = Vec::new();
    let mut events = 0;
    let mut props: Vec<&str> = Vec::new();
    for l in &lines {
        if let Some(what) = l.strip_prefix("BEGIN:") {
            stack.push(what);
            props.clear();
        } else if let Some(what) = l.strip_prefix("END:") {
            assert_eq!(stack.pop(), Some(what));
            if what == "VEVENT" {
                events += 1;
                for need in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
                    assert_eq!(props.iter().filter(|p| **p == need).count(), 1, "{need}");
                }
            }
        } else {
            let name = l.split([':', ';']).next().unwrap();
            props.push(name);
            // Unescaped separators never appear in TEXT values.
            if name == "SUMMARY" || name == "DESCRIPTION" {
                let value = &l[name.len() + 1..];
                let bare = value
                    .replace("\\\\", "")
                    .replace("\\;", "")
                    .replace("\\,", "");
                assert!(!bare.contains([';', ',']), "{l}");
            }
        }
    }
    assert!(stack.is_empty());
    assert_eq!(events, 2 * p.plan.milestones.len());
    assert!(lines.contains(&"DTSTAMP:20260101T000000Z"));
    let reached = f
        .stages
        .iter()
        .find(|s| s.stage == p.plan.milestones[0].stage)
        .unwrap();
    let p80 = reached.finish.p80.to_string().replace('-', "");
    assert!(lines.contains(&format!("DTSTART;VALUE=DATE:{p80}").as_str()));
    // UIDs are unique and stable.
    let uids: Vec<&&str> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    let mut unique = uids.clone();
    unique.dedup();
    assert_eq!(unique.len(), uids.len());
    assert_eq!(cal, ics::write(&p, &f, 1_767_225_600_000.0));
}

#[test]
fn the_forecast_tables_carry_the_forecast() {
    let p = bike_shop("b".into(), start());
    let f = forecast(&p);
    let table = csv_tasks::forecast(&p, &f);
    assert!(table.starts_with("\u{FEFF}Through,Measure,Unit,Mean,P10,P50,P80,P90,P95\r\n"));
    assert!(table.contains(&format!(
        "Whole plan,Finish,date,{},{},{},{},{},{}\r\n",
        f.finish.mean, f.finish.p10, f.finish.p50, f.finish.p80, f.finish.p90, f.finish.p95
    )));
    assert!(table.contains(&format!(
        "Whole plan,Cost,EUR,{}",
        yardstick::format::shortest(f.cost.mean)
    )));
    let per_task = csv_tasks::task_figures(&p, &f);
    assert_eq!(per_task.matches("\r\n").count(), f.tasks.len() + 1);
    let t = &f.tasks[0];
    assert!(per_task.contains(&format!(",{},{},", t.start_date_p50, {
        let cal = yardstick::engine::calendar::Calendar::new(&p, f.duration.max + 1.0);
        cal.start_date(t.start_p80)
    })));
    // The Export section gets all five files, in its buttons' order.
    let texts = files::exports(&p, &f, 0.0);
    assert_eq!(texts.len(), yardstick::report::FILES.len());
    assert_eq!(texts[0], csv_tasks::write(&p));
    assert!(texts[3].contains(mspdi::NAMESPACE));
    assert!(texts[4].starts_with("BEGIN:VCALENDAR\r\n"));
}

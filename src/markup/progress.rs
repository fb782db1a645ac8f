//! The Progress section: the status date the forecast runs from, where the work
//! stands, the baseline and the recorded statuses (docs/MODEL.md §28), drawn in the
//! worker as the drift and burn-up charts; the team's track record (§29), also drawn
//! in the worker from the history the page gathers from every project; and the task
//! grid's progress columns.
//!
//! The section's view state holds today's date (`YYYY-MM-DD`), which the page knows and
//! these builders do not: "Start tracking" and "Status today" use it.

use crate::chart::{lines_svg, Series};
use crate::engine::calibration::{
    reference_class, track_record, History, Ratios, Resampling, Source,
};
use crate::engine::forecast::ENGINE_VERSION;
use crate::engine::Forecast;
use crate::form::{chosen, maybe_number, maybe_shown, render_fields, Field, Kind, Value};
use crate::format::{days, money, percent, plain, shortest, shown_date};
use crate::html;
use crate::html::Html;
use crate::jobs::{Job, Part};
use crate::markup::forecast::shown;
use crate::markup::{changed, drawn, Outcome, Slow, View};
use crate::model::{Date, Project, Snapshot, Task, TaskKind, TaskState, ThreePoint, Tracking};
use serde::{Deserialize, Serialize};

fn state_choices(_: &Project) -> Vec<(String, String)> {
    TaskState::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| (i.to_string(), s.label().to_owned()))
        .collect()
}

/// Sets one value of the remaining estimate: the first value typed fills all three,
/// an empty one clears the estimate.
fn set_remaining(
    t: &mut Task,
    v: Value,
    pick: fn(&mut ThreePoint) -> &mut f64,
) -> Result<(), &'static str> {
    match maybe_number(v)? {
        None => t.remaining = None,
        Some(x) => *pick(t.remaining.get_or_insert(ThreePoint::exactly(x))) = x,
    }
    Ok(())
}

/// A field over one value of a task's remaining estimate.
macro_rules! remaining_field {
    ($value:ident, $label:literal) => {
        Field {
            key: concat!("remaining.", stringify!($value)),
            label: $label,
            kind: Kind::MaybeNumber,
            get: |t| maybe_shown(t.remaining.map(|r| r.$value)),
            set: |t, v| set_remaining(t, v, |r| &mut r.$value),
        }
    };
}

/// A task's progress, as the task grid's extra cells once tracking has started.
pub static PROGRESS_FIELDS: &[Field<Task>] = &[
    Field {
        key: "state",
        label: "Status of task #",
        kind: Kind::Choice(state_choices),
        get: |t| Value::Text((t.state as usize).to_string()),
        set: |t, v| {
            let state = chosen(v, &TaskState::ALL)?;
            // Back to not started clears the progress; in progress starts from the
            // estimate as what remains.
            match state {
                TaskState::NotStarted => (t.actual, t.remaining, t.finished) = (None, None, None),
                TaskState::InProgress => {
                    t.finished = None;
                    t.remaining.get_or_insert(t.effort);
                }
                TaskState::Done => t.remaining = None,
            }
            t.state = state;
            Ok(())
        },
    },
    Field {
        key: "actual",
        label: "Actual effort of task # so far, person-days",
        kind: Kind::MaybeNumber,
        get: |t| maybe_shown(t.actual),
        set: |t, v| {
            t.actual = maybe_number(v)?;
            Ok(())
        },
    },
    Field {
        key: "finished",
        label: "Day task # finished",
        kind: Kind::Date,
        get: |t| Value::Text(t.finished.map(|d| d.to_string()).unwrap_or_default()),
        set: |t, v| {
            t.finished = match v.text().trim() {
                "" => None,
                d => Some(Date::parse(d).map_err(|_| "Enter a date.")?),
            };
            Ok(())
        },
    },
    remaining_field!(optimistic, "Optimistic remaining effort of task #"),
    remaining_field!(most_likely, "Most likely remaining effort of task #"),
    remaining_field!(pessimistic, "Pessimistic remaining effort of task #"),
];

/// The grid's column titles of [`PROGRESS_FIELDS`].
pub const PROGRESS_TITLES: [&str; 6] = [
    "Status",
    "Actual",
    "Finished",
    "Left: optimistic",
    "Left: most likely",
    "Left: pessimistic",
];

/// The status date.
pub static TRACKING_FIELDS: &[Field<Tracking>] = &[Field {
    key: "status_date",
    label: "Status date: the forecast runs from this day",
    kind: Kind::Date,
    get: |t| Value::Text(t.status_date.map(|d| d.to_string()).unwrap_or_default()),
    set: |t, v| {
        t.status_date = Some(Date::parse(v.text().trim()).map_err(|_| "Enter a date.")?);
        Ok(())
    },
}];

/// Whether the project tracks progress (its status date is set).
pub fn tracking(p: &Project) -> bool {
    p.tracking.status_date.is_some()
}

/// Effort done so far: the actuals of done work and the spent effort of work in
/// progress (MODEL.md R156).
pub fn done_effort(p: &Project) -> f64 {
    p.tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Work && !t.state.is_not_started())
        .filter_map(|t| t.actual)
        .filter(|a| a.is_finite())
        .fold(0.0, |sum, a| sum + a)
}

/// The snapshot of `f` at the status date, when the project is tracked and `f` is the
/// final forecast of every trial.
pub fn snapshot(p: &Project, f: &Forecast) -> Option<Snapshot> {
    let date = p.tracking.status_date?;
    (f.trials >= p.settings.trials).then(|| Snapshot {
        date,
        engine: ENGINE_VERSION,
        p50_finish: f.finish.p50,
        p80_finish: f.finish.p80,
        p50_cost: f.cost.p50,
        p80_cost: f.cost.p80,
        done_effort: done_effort(p),
        p50_effort: f.effort.p50,
    })
}

/// A snapshot as a button's argument, and back.
fn snapshot_arg(s: &Snapshot) -> String {
    [
        s.date.to_string(),
        s.engine.to_string(),
        s.p50_finish.to_string(),
        s.p80_finish.to_string(),
        shortest(s.p50_cost),
        shortest(s.p80_cost),
        shortest(s.done_effort),
        shortest(s.p50_effort),
    ]
    .join(" ")
}

fn parse_snapshot(arg: &str) -> Option<Snapshot> {
    let f: Vec<&str> = arg.split(' ').collect();
    let [date, engine, p50f, p80f, p50c, p80c, done, p50e] = f.as_slice() else {
        return None;
    };
    let day = |s: &str| Date::parse(s).ok();
    let num = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite());
    Some(Snapshot {
        date: day(date)?,
        engine: engine.parse().ok()?,
        p50_finish: day(p50f)?,
        p80_finish: day(p80f)?,
        p50_cost: num(p50c)?,
        p80_cost: num(p80c)?,
        done_effort: num(done)?,
        p50_effort: num(p50e)?,
    })
}

/// Carries out the section's buttons: `start-tracking` and `status-today` (argument:
/// today's date), `stop-tracking`, `baseline` and `record` (argument: the snapshot),
/// `clear-baseline`.
pub fn act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    let t = &mut p.tracking;
    match action {
        "start-tracking" | "status-today" => {
            let today = Date::parse(arg).map_err(|_| "That is not a date.".to_owned())?;
            changed(t.status_date.replace(today) != Some(today))
        }
        "stop-tracking" if p.tasks.iter().any(|t| !t.state.is_not_started()) => Err(
            "Tasks have progress: set them back to “Not started” before you stop tracking.".into(),
        ),
        "stop-tracking" => changed(t.status_date.take().is_some()),
        "baseline" | "record" => {
            let s = parse_snapshot(arg)
                .ok_or("The forecast is still refining: try again in a moment.")?;
            if action == "baseline" {
                t.baseline = Some(s);
            } else {
                t.record(s);
            }
            Ok(())
        }
        "clear-baseline" => changed(t.baseline.take().is_some()),
        _ => Err(String::new()),
    }
}

/// The status date's form and its buttons, or, before tracking, the invitation to
/// start (its own part, so that typing in it never waits for the figures below).
pub fn status_form(v: &View) -> Html {
    let p = v.project;
    let today = Date::parse(v.state)
        .map(|d| d.to_string())
        .unwrap_or_default();
    if !tracking(p) {
        return html!(
            r#"<p>Once work has started, record where it stands: each task not started, in progress (with the effort that remains) or done (with its actual effort and the day it finished). The forecast then runs from the status date, done work is fact, and a baseline shows how the forecast has moved.</p><p><button type="button" class="button button--primary" data-action="start-tracking" data-arg="{}">Start tracking today</button></p>"#,
            today.to_string()
        );
    }
    html!(
        r#"<div class="form-grid">{}</div><p class="button-row"><button type="button" class="button" data-action="status-today" data-arg="{}">Status date today</button><button type="button" class="button" data-action="stop-tracking">Stop tracking</button></p><p class="muted">Set the status of each task in the Tasks section (its status, actual and remaining columns).</p>"#,
        render_fields(TRACKING_FIELDS, &p.tracking, "tracking", p, v.errors),
        today.to_string()
    )
}

/// Where the work stands and the buttons that keep the forecast (drawn in the worker
/// with every forecast), or why there is no forecast yet.
pub fn status(v: &View) -> Html {
    if !tracking(v.project) {
        return Html::new();
    }
    shown(v, |parts| &parts.progress)
}

/// Counts and effort by state, and the buttons whose arguments are the snapshot of
/// `f` (a preview's buttons wait for the final numbers).
pub fn draw_status(p: &Project, f: &Forecast) -> Html {
    if !tracking(p) {
        return Html::new();
    }
    let work: Vec<&Task> = p
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Work)
        .collect();
    let count = |s: TaskState| work.iter().filter(|t| t.state == s).count();
    let left: f64 = work
        .iter()
        .filter_map(|t| match t.state {
            TaskState::NotStarted => Some(t.effort.most_likely),
            TaskState::InProgress => Some(t.remaining?.most_likely),
            TaskState::Done => None,
        })
        .fold(0.0, |sum, x| sum + x);
    let mut out = html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table progress-table"><caption>Where the work stands</caption><thead><tr><th scope="col">Done</th><th scope="col">In progress</th><th scope="col">Not started</th><th scope="col">Effort spent</th><th scope="col">Effort left (most likely)</th></tr></thead><tbody><tr><td>{}</td><td>{}</td><td>{}</td><td>{} person-days</td><td>{} person-days</td></tr></tbody></table></div>"#,
        count(TaskState::Done),
        count(TaskState::InProgress),
        count(TaskState::NotStarted),
        plain(done_effort(p)),
        plain(left)
    );
    let Some(snap) = snapshot(p, f) else {
        return out
            + html!(
                r#"<p class="muted refining" role="status">Refining the forecast: the baseline and statuses keep its final numbers.</p>"#
            );
    };
    out += html!(
        r#"<p class="button-row"><button type="button" class="button" data-action="record" data-arg="{0}">Record this status</button><button type="button" class="button" data-action="baseline" data-arg="{0}">{1}</button></p><p class="muted">“Record this status” keeps this forecast for the drift chart; “Set baseline” keeps it as the plan everything is compared with.</p>"#,
        snapshot_arg(&snap),
        if p.tracking.baseline.is_some() {
            "Set the baseline again"
        } else {
            "Set baseline"
        }
    );
    out
}

/// The tracker import's controls while the project is tracked: the CSV as text or as a
/// file, and the preview button. The worker draws the rest ([`crate::tracker`]).
pub fn import_form(v: &View) -> Html {
    if !tracking(v.project) {
        return Html::new();
    }
    html!(
        r#"<h3>Import progress from a tracker</h3><label for="tracker-csv">CSV from Jira, Linear or GitHub Projects</label><textarea id="tracker-csv" rows="5"></textarea><button type="button" class="button" data-action="import-preview" data-source="tracker-csv">Preview</button> <label for="tracker-file">or a CSV file</label> <input id="tracker-file" type="file" accept=".csv,text/csv" data-file-action="import-preview" aria-describedby="tracker-file-error"><p id="tracker-file-error" class="field-error" role="status"></p>"#
    )
}

/// The drift of the forecast since the baseline and the burn-up (drawn in the worker).
pub const DRIFT: Slow = Slow {
    job: |p| Job::Draw(Part::Progress, p.clone()),
    render: drawn,
};

/// Working days between two dates, signed, by calendar days × 5/7 would be wrong with
/// holidays: the drift is in calendar days, which people read from a calendar.
fn slip(from: Date, to: Date) -> f64 {
    f64::from(to.days() - from.days())
}

/// The drift chart, the burn-up and the table of snapshots.
pub fn drift(p: &Project, f: Option<&Forecast>) -> Html {
    let t = &p.tracking;
    let Some(base) = t.baseline.as_ref() else {
        return html!(
            r#"<h3>Drift since the baseline</h3><p class="muted">No baseline yet: “Set baseline” keeps the current forecast as the plan to compare with.</p>"#
        );
    };
    let mut out = html!(r#"<h3>Drift since the baseline</h3>"#);
    let points = |pick: &dyn Fn(&Snapshot) -> f64| -> Vec<(f64, f64)> {
        t.snapshots
            .iter()
            .map(|s| (slip(base.date, s.date), pick(s)))
            .collect()
    };
    if t.snapshots.is_empty() {
        out += html!(
            r#"<p class="muted">Record a status to see how the forecast moves against the baseline.</p>"#
        );
    } else {
        let finish = [
            Series {
                kind: "p50",
                label: "P50 finish".into(),
                points: points(&|s| slip(base.p50_finish, s.p50_finish)),
            },
            Series {
                kind: "p80",
                label: "P80 finish".into(),
                points: points(&|s| slip(base.p80_finish, s.p80_finish)),
            },
        ];
        out += lines_svg(
            &finish,
            "days since the baseline",
            "days later than the baseline",
            "Finish dates against the baseline, by status date",
        );
        let cost = [
            Series {
                kind: "p50",
                label: "P50 cost".into(),
                points: points(&|s| s.p50_cost - base.p50_cost),
            },
            Series {
                kind: "p80",
                label: "P80 cost".into(),
                points: points(&|s| s.p80_cost - base.p80_cost),
            },
        ];
        out += lines_svg(
            &cost,
            "days since the baseline",
            &format!("{} over the baseline", p.currency),
            "Cost against the baseline, by status date",
        );
        let burn = [
            Series {
                kind: "done",
                label: "Effort done".into(),
                points: points(&|s| s.done_effort),
            },
            Series {
                kind: "p50",
                label: "P50 total effort".into(),
                points: points(&|s| s.p50_effort),
            },
        ];
        out += html!(r#"<h3>Burn-up</h3>"#);
        out += lines_svg(
            &burn,
            "days since the baseline",
            "person-days",
            "Effort done against the forecast total, by status date",
        );
    }
    let row = |label: &str, s: &Snapshot| {
        html!(
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            label,
            s.p50_finish,
            s.p80_finish,
            money(s.p50_cost, &p.currency),
            money(s.p80_cost, &p.currency),
            plain(s.done_effort),
            s.engine
        )
    };
    let mut rows = row(&format!("Baseline ({})", shown_date(base.date)), base);
    for s in &t.snapshots {
        rows += row(&shown_date(s.date), s);
    }
    out += html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table"><caption>Baseline and recorded statuses</caption><thead><tr><th scope="col">Status</th><th scope="col">P50 finish</th><th scope="col">P80 finish</th><th scope="col">P50 cost</th><th scope="col">P80 cost</th><th scope="col">Effort done</th><th scope="col">Engine</th></tr></thead><tbody>{}</tbody></table></div>"#,
        rows
    );
    if let Some(f) = f {
        out += html!(
            r#"<p>Now: P80 finish {} ({} against the baseline), P80 cost {} ({} against the baseline).</p>"#,
            f.finish.p80,
            signed_days(slip(base.p80_finish, f.finish.p80)),
            money(f.cost.p80, &p.currency),
            signed_money(f.cost.p80 - base.p80_cost, &p.currency)
        );
    }
    out
}

/// "+12 days", "−3 days", "on the day".
pub fn signed_days(d: f64) -> String {
    match d {
        d if d > 0.0 => format!("+{}", days(d)),
        d if d < 0.0 => format!("−{}", days(-d)),
        _ => "on the day".to_owned(),
    }
}

/// "+EUR 1,200", "−EUR 300", "no change".
pub fn signed_money(x: f64, currency: &str) -> String {
    match x {
        x if x > 0.0 => format!("+{}", money(x, currency)),
        x if x < 0.0 => format!("−{}", money(-x, currency)),
        _ => "no change".to_owned(),
    }
}

/// What the track record part is drawn from: the project, the history of every
/// project in the browser, and whether to forecast with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tracked {
    pub project: Project,
    pub history: History,
    pub with_record: bool,
}

/// The track record (drawn in the worker, which also runs the forecast with it).
pub const TRACK_RECORD: Slow<Tracked> = Slow {
    job: |t| Job::TrackRecord(Box::new(t.clone())),
    render: drawn,
};

fn ratios_row(name: &str, r: &Ratios) -> Html {
    html!(
        r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>"#,
        name,
        r.n,
        shortest_ratio(r.median),
        shortest_ratio(r.p80)
    )
}

fn shortest_ratio(r: f64) -> String {
    format!("×{}", crate::format::fixed(r, 2))
}

/// The track record's markup: the sentence, per role, the reference class and, with
/// `with`, the forecast with the track record beside the plain one.
pub fn track_record_html(
    t: &Tracked,
    plain_forecast: Option<&Forecast>,
    with: Option<&Forecast>,
) -> Html {
    let record = track_record(&t.history.records);
    let mut out = html!(r#"<h3>Our track record</h3>"#);
    match &record.overall {
        None => {
            out += html!(
                r#"<p class="muted">No done task with an actual effort yet, in this project or any other in this browser. Mark tasks done with their actual effort to learn how your estimates run.</p>"#
            );
        }
        Some(all) => {
            out += html!(
                r#"<p class="track-record__sentence">{}</p>"#,
                all.sentence()
            );
            let mut rows = ratios_row("All roles", all);
            for (role, r) in &record.roles {
                rows += ratios_row(role, r);
            }
            let bins: Vec<(f64, f64, f64)> = all
                .histogram
                .iter()
                .map(|b| (b.from, b.to, b.share))
                .collect();
            out += crate::chart::histogram_svg(
                &bins,
                "actual ÷ most likely effort",
                &[],
                "How done tasks' actual effort compared with their most likely estimate",
            );
            out += html!(
                r#"<div class="table-scroll" tabindex="0"><table class="data-table"><caption>Actual ÷ most likely effort of done tasks, in every project in this browser</caption><thead><tr><th scope="col">Role</th><th scope="col">Tasks</th><th scope="col">Median</th><th scope="col">P80</th></tr></thead><tbody>{}</tbody></table></div>"#,
                rows
            );
        }
    }
    let c = t.project.settings.confidence;
    out += match reference_class(&t.history.finished, c) {
        Some(rc) => html!(
            r#"<p>Reference class: {} finished projects in this browser. To be right with {} confidence the way they were, add {} to a plan’s estimate.</p>"#,
            rc.n,
            percent(c),
            percent(rc.uplift.max(0.0))
        ),
        None => html!(
            r#"<p class="muted">A reference class needs at least three finished projects (every task done) in this browser.</p>"#
        ),
    };
    if t.with_record {
        let sources = Resampling::of(&t.history.records);
        let prior = t
            .project
            .team
            .iter()
            .any(|r| sources.of_role(&r.name).1 == Source::Prior);
        if prior {
            out += html!(
                r#"<p class="muted">Fewer than five done tasks are on record, so open tasks are drawn from a wide prior (actual ÷ estimate between about ×0.4 and ×2.7).</p>"#
            );
        }
        out += match (plain_forecast, with) {
            (Some(a), Some(b)) => html!(
                r#"<div class="table-scroll" tabindex="0"><table class="data-table track-record__compare"><caption>The forecast with our track record</caption><thead><tr><th scope="col">Forecast</th><th scope="col">P50 finish</th><th scope="col">P80 finish</th><th scope="col">P80 cost</th></tr></thead><tbody><tr><th scope="row">Plain forecast</th><td>{}</td><td>{}</td><td>{}</td></tr><tr><th scope="row">With our track record</th><td>{}</td><td>{}</td><td>{}</td></tr></tbody></table></div>"#,
                a.finish.p50,
                a.finish.p80,
                money(a.cost.p80, &t.project.currency),
                b.finish.p50,
                b.finish.p80,
                money(b.cost.p80, &t.project.currency)
            ),
            _ => Html::new(),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::edit;
    use crate::markup::test_support::{shop, view};

    #[test]
    fn progress_fields_edit_by_path_and_a_state_change_keeps_the_task_valid() {
        let mut p = shop();
        act(&mut p, "start-tracking", "2026-03-02").unwrap();
        edit(&mut p, "tasks[0].state", "1").unwrap();
        assert_eq!(p.tasks[0].state, TaskState::InProgress);
        assert_eq!(
            p.tasks[0].remaining,
            Some(p.tasks[0].effort),
            "starts from the estimate"
        );
        edit(&mut p, "tasks[0].remaining.most_likely", "3").unwrap();
        assert_eq!(p.tasks[0].remaining.unwrap().most_likely, 3.0);
        edit(&mut p, "tasks[0].remaining.most_likely", "").unwrap();
        assert_eq!(p.tasks[0].remaining, None);
        edit(&mut p, "tasks[0].remaining.optimistic", "2").unwrap();
        assert_eq!(p.tasks[0].remaining, Some(ThreePoint::exactly(2.0)));
        edit(&mut p, "tasks[0].state", "2").unwrap();
        edit(&mut p, "tasks[0].actual", "4,5").unwrap();
        edit(&mut p, "tasks[0].finished", "2026-02-27").unwrap();
        assert_eq!(crate::model::validate::validate(&p), vec![]);
        assert!(edit(&mut p, "tasks[0].actual", "lots").is_err());
        edit(&mut p, "tasks[0].state", "0").unwrap();
        assert_eq!((p.tasks[0].actual, p.tasks[0].finished), (None, None));
        edit(&mut p, "tracking.status_date", "2026-04-01").unwrap();
        assert_eq!(p.tracking.status_date, Date::from_ymd(2026, 4, 1));
    }

    #[test]
    fn tracking_starts_stops_and_keeps_a_baseline_and_statuses() {
        let mut p = shop();
        let html = status_form(&View {
            state: "2026-03-02",
            ..view(&p, None)
        });
        assert!(html.contains("data-action=\"start-tracking\" data-arg=\"2026-03-02\""));
        act(&mut p, "start-tracking", "2026-03-02").unwrap();
        let f = crate::engine::forecast(&p).unwrap();
        let html = draw_status(&p, &f);
        let arg = html
            .split("data-action=\"baseline\" data-arg=\"")
            .nth(1)
            .unwrap();
        let arg = &arg[..arg.find('"').unwrap()];
        act(&mut p, "baseline", arg).unwrap();
        let base = p.tracking.baseline.unwrap();
        assert_eq!((base.p80_finish, base.p80_cost), (f.finish.p80, f.cost.p80));
        act(&mut p, "record", arg).unwrap();
        act(&mut p, "record", arg).unwrap();
        assert_eq!(
            p.tracking.snapshots.len(),
            1,
            "one snapshot per status date"
        );
        assert!(act(&mut p, "record", "").is_err());
        let preview = crate::engine::forecast_with(&p, 1_000, 1).unwrap();
        assert!(
            draw_status(&p, &preview).contains("refining"),
            "a preview keeps nothing"
        );
        p.tasks[0].state = TaskState::Done;
        assert!(act(&mut p, "stop-tracking", "").is_err());
        p.tasks[0].state = TaskState::NotStarted;
        act(&mut p, "stop-tracking", "").unwrap();
        assert_eq!(p.tracking.status_date, None);
        let drawn = drift(&p, Some(&f));
        assert!(
            drawn.contains("<svg") && drawn.contains("on the day"),
            "{drawn:?}"
        );
    }
}

//! Hostile data from links and files (issue #14): dates outside the plan range,
//! revisions that would wrap, vanishing headcounts, and inputs sized to make reading
//! or validation work or allocate in proportion to them.
#![cfg(not(target_arch = "wasm32"))]

use yardstick::data::{export_project, import_untrusted, project_json, DataError};
use yardstick::format::thousands;
use yardstick::model::templates::bike_shop;
use yardstick::model::validate::{
    trial_work, validate, MAX_DEPENDENCIES, MAX_ERRORS, MAX_TASKS, MAX_WORK,
};
use yardstick::model::{Date, Project, Revision, Risk, Task};
use yardstick::share::{decode, encode, unpack, ShareError, FORMAT_V1};

fn plan() -> Project {
    bike_shop("p".into(), Date::from_ymd(2026, 1, 5).unwrap())
}

fn refusal(result: Result<Project, ShareError>) -> String {
    match result {
        Err(ShareError::Data(DataError::Invalid(message))) => message,
        other => panic!("expected a validation refusal, got {other:?}"),
    }
}

/// A format-2 link whose start date is in year 10000 is refused, naming the field and
/// the range, instead of opening a plan that cannot be stored and read back.
#[test]
fn a_link_with_a_start_date_in_year_10000_is_refused_with_the_range() {
    let mut p = plan();
    p.start_date = Date::from_days(Date::from_ymd(9999, 12, 31).unwrap().days() + 1);
    assert_eq!(p.start_date.ymd().0, 10_000);
    let message = refusal(decode(&encode(&p)));
    assert!(message.starts_with("start_date: "), "{message}");
    assert!(
        message.contains("between 1900-01-01 and 2200-12-31"),
        "{message}"
    );
}

/// Holidays and target dates out of the range are refused from links just as the
/// start date is.
#[test]
fn links_with_a_holiday_or_target_date_out_of_range_are_refused() {
    let mut p = plan();
    p.holidays = vec![p.start_date, Date::from_ymd(2201, 1, 1).unwrap()];
    assert!(refusal(decode(&encode(&p))).starts_with("holidays[1]: "));
    let mut p = plan();
    p.settings.target_date = Some(Date::from_ymd(1899, 12, 31).unwrap());
    assert!(refusal(decode(&encode(&p))).starts_with("settings.target_date: "));
}

/// A project file with a date outside the range is refused on import, naming the
/// field, for every dated field.
#[test]
fn files_with_dates_out_of_range_are_refused_naming_the_field() {
    let far = |y| Date::from_ymd(y, 6, 1).unwrap();
    type SetDate = fn(&mut Project, Date);
    let cases: [(&str, SetDate); 3] = [
        ("start_date", |p, d| p.start_date = d),
        ("holidays[0]", |p, d| p.holidays = vec![d]),
        ("settings.target_date", |p, d| {
            p.settings.target_date = Some(d)
        }),
    ];
    for (path, set) in cases {
        for year in [1850, 2250, 9999] {
            let mut p = plan();
            set(&mut p, far(year));
            match import_untrusted(&export_project(&p)) {
                Err(DataError::Invalid(message)) => {
                    assert!(message.starts_with(&format!("{path}: ")), "{message}")
                }
                other => panic!("{path} in {year}: {other:?}"),
            }
        }
    }
    assert!(validate(&plan()).is_empty());
}

/// An idea's start date is held to the same range as a project's.
#[test]
fn an_idea_starting_out_of_range_is_refused() {
    let idea = yardstick::model::Idea::new("i", "Idea", Date::from_ymd(2201, 1, 1).unwrap());
    let paths: Vec<String> = yardstick::model::validate::validate_idea(&idea)
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(paths, ["start_date"]);
}

/// A file claiming the last possible revision is imported at a fresh one, so the next
/// save cannot wrap to 0 and switch the two-tab guard off; a format-1 link likewise.
#[test]
fn an_imported_revision_of_u64_max_starts_fresh() {
    let mut p = plan();
    p.revision = Revision::new(u64::MAX);
    let file = export_project(&p);
    assert!(file.contains("\"revision\": 18446744073709551615"));
    let imported = import_untrusted(&file).expect("the file imports");
    assert_eq!(imported.revision, Revision::FRESH);
    assert_eq!(imported.revision.next(), 1);
    let linked = unpack(FORMAT_V1, project_json(&p).as_bytes()).expect("the link opens");
    assert_eq!(linked.revision, Revision::FRESH);
}

/// A headcount below a twentieth of a person (5e-324 forecast 0 days) is refused, and
/// the smallest allowed one passes.
#[test]
fn a_vanishing_headcount_is_refused() {
    let mut p = plan();
    for bad in [5e-324, 0.049, 0.0, -1.0, f64::NAN] {
        p.team[0].headcount = bad;
        let paths: Vec<String> = validate(&p).into_iter().map(|e| e.path).collect();
        assert_eq!(paths, ["team[0].headcount"], "{bad}");
    }
    p.team[0].headcount = yardstick::model::validate::MIN_HEADCOUNT;
    assert!(validate(&p).is_empty());
}

/// A 6.8 KB link listing about a million repeated predecessors is refused on their
/// count while the link is read, before a list of them is built or validated.
#[test]
fn a_small_link_with_a_million_predecessors_is_refused_on_the_count() {
    let mut p = plan();
    p.tasks[1].depends_on = vec![p.tasks[0].id; 1_000_000];
    let link = encode(&p);
    assert!(link.len() < 10_000, "{} characters", link.len());
    match decode(&link) {
        Err(ShareError::Data(DataError::Malformed(message))) => {
            assert!(message.contains("more predecessors"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // Lists longer than a valid plan has are refused the same way.
    let mut p = plan();
    let task = p.tasks[0].clone();
    p.tasks = vec![task; MAX_TASKS + 1];
    match decode(&encode(&p)) {
        Err(ShareError::Data(DataError::Malformed(message))) => {
            assert!(message.contains("a list longer"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

/// Validation of a plan far over its limits reports each list on the list itself,
/// never item by item, and never more than MAX_ERRORS problems.
#[test]
fn validation_of_hostile_sizes_is_bounded_by_the_limits() {
    let mut p = plan();
    let first = p.tasks[0].id;
    for t in &mut p.tasks {
        t.depends_on = vec![first; 1_000_000];
    }
    let errors = validate(&p);
    assert!(errors.len() <= MAX_ERRORS, "{}", errors.len());
    assert_eq!(errors[0].path, "tasks[0].depends_on");
    assert!(
        errors[0].message.contains("1000000 predecessors"),
        "{}",
        errors[0]
    );
    assert!(errors.iter().all(|e| !e.path.contains("depends_on[")));

    // Within the limits, a plan wrong everywhere still stops at MAX_ERRORS.
    let mut p = plan();
    let task = p.tasks[0].clone();
    p.tasks = (0..MAX_TASKS as u32)
        .map(|i| Task {
            id: i + 1,
            depends_on: (1_000..1_000 + MAX_DEPENDENCIES as u32).collect(),
            ..task.clone()
        })
        .collect();
    assert_eq!(validate(&p).len(), MAX_ERRORS);
    match import_untrusted(&export_project(&p)) {
        Err(DataError::Invalid(message)) => {
            assert!(
                message.ends_with(&format!("(and at least {} more problems)", MAX_ERRORS - 1)),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_plan_at_the_size_limits_gets_only_the_trials_that_fit_the_work_limit() {
    // 500 tasks, each after up to 100 earlier ones, and 200 risks: at a million trials
    // this froze the page for minutes; now the trials field says how many fit.
    let mut p = plan();
    let task = p.tasks[0].clone();
    p.tasks = (1..=MAX_TASKS as u32)
        .map(|id| Task {
            id,
            depends_on: (id.saturating_sub(MAX_DEPENDENCIES as u32).max(1)..id).collect(),
            ..task.clone()
        })
        .collect();
    let risk = p.risks[0].clone();
    p.risks = (1..=200).map(|id| Risk { id, ..risk.clone() }).collect();
    p.settings.trials = 1_000_000;
    let errors = validate(&p);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "settings.trials");
    let most = (MAX_WORK / trial_work(&p)).floor();
    assert!(most > 50_000.0 && most < 100_000.0, "{most}");
    assert!(
        errors[0].message.contains(&thousands(most)),
        "{}",
        errors[0].message
    );
    p.settings.trials = most as u32;
    assert!(validate(&p).is_empty());
    p.settings.trials += 1;
    assert_eq!(validate(&p).len(), 1);
    // The templates keep every trial count the page offers.
    let mut shop = plan();
    shop.settings.trials = 1_000_000;
    assert!(validate(&shop).is_empty());
}

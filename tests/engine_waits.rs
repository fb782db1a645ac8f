//! Wait tasks (docs/MODEL.md §24): calendar time that holds its successors but takes
//! no one's time, adds no effort and costs nothing, and the experiment's wait tasks.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{fixed, project, task};
use yardstick::data;
use yardstick::engine::abtest::{already_added, canary_wait_task, experiment_wait_task};
use yardstick::engine::sizing::monitoring_tasks;
use yardstick::engine::{forecast, Forecast};
use yardstick::model::templates::bike_shop;
use yardstick::model::validate::validate;
use yardstick::model::{
    Distribution, FactorAnswer, FactorKind, FactorLevel, FixedCost, MonitoringItem, Phase, Project,
    Risk, RiskTarget, ScheduleUnit, Stage, Task, TaskKind, ThreePoint,
};

fn wait(id: u32, days: f64, deps: &[u32]) -> Task {
    Task {
        kind: TaskKind::Wait,
        name: format!("Wait {id}"),
        ..fixed(id, days, deps)
    }
}

fn run(p: &Project) -> Forecast {
    forecast(p).expect("a valid plan")
}

/// Every trial's value is exactly `x` (min and max both).
fn exactly(s: &yardstick::engine::Summary, x: f64) {
    assert_eq!((s.min, s.max), (x, x), "{s:?}");
}

#[test]
fn a_wait_holds_its_successor_by_exactly_its_duration() {
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 3.0, &[]), wait(2, 5.0, &[1]), fixed(3, 2.0, &[2])];
    let f = run(&p);
    exactly(&f.duration, 10.0);
    exactly(&f.effort, 5.0);
    exactly(&f.cost, 2_500.0);
    let after = f.tasks.iter().find(|t| t.id == 3).unwrap();
    assert_eq!((after.start_p50, after.finish_p50), (8.0, 10.0));
    let held = f.tasks.iter().find(|t| t.id == 2).unwrap();
    assert_eq!(
        (held.start_p50, held.finish_p50, held.mean_effort),
        (3.0, 8.0, 0.0)
    );
    assert_eq!(held.criticality, 1.0, "the wait is on the critical path");
    assert_eq!(
        (f.plan.duration, f.plan.effort, f.plan.cost),
        (10.0, 5.0, 2_500.0)
    );
}

#[test]
fn a_wait_takes_no_ones_time() {
    // One person, two 4-day tasks and a 3-day wait, all independent: the person does
    // the tasks one after the other (8 days) while the wait runs beside them. Were the
    // wait the person's, the plan would take 11 days.
    let mut p = project(1.0);
    p.tasks = vec![wait(1, 3.0, &[]), fixed(2, 4.0, &[]), fixed(3, 4.0, &[])];
    let f = run(&p);
    exactly(&f.duration, 8.0);
    let finishes: Vec<f64> = f.tasks.iter().map(|t| t.finish_p50).collect();
    assert_eq!(finishes, [3.0, 4.0, 8.0]);
    // Its role is not read: a wait names a role that is not on the team.
    p.tasks[0].role = 99;
    assert!(validate(&p).is_empty());
    exactly(&run(&p).duration, 8.0);
    p.tasks[1].role = 99;
    let paths: Vec<String> = validate(&p).into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["tasks[1].role"], "a work task still needs a role");
}

#[test]
fn a_wait_adds_no_effort_or_labour_but_fixed_costs_count() {
    let mut p = project(1.0);
    p.tasks = vec![
        fixed(1, 2.0, &[]),
        Task {
            stage: Stage::Maturity,
            ..wait(2, 7.0, &[1])
        },
    ];
    p.fixed_costs.push(FixedCost {
        name: "Test tooling".into(),
        amount: 1_000.0,
        stage: Stage::Maturity,
    });
    let f = run(&p);
    exactly(&f.effort, 2.0);
    exactly(&f.cost, 2.0 * 500.0 + 1_000.0);
    exactly(&f.duration, 9.0);
    let mvp = &f.stages[0];
    exactly(&mvp.duration, 2.0);
    exactly(&mvp.cost, 1_000.0);
    let maturity = &f.stages[2];
    exactly(&maturity.duration, 9.0);
    assert_eq!((f.plan.effort, f.plan.cost), (2.0, 2_000.0));
}

#[test]
fn factors_do_not_stretch_a_wait_but_risks_aimed_at_it_delay_it() {
    let mut p = project(1.0);
    p.tasks = vec![wait(1, 5.0, &[]), fixed(2, 1.0, &[1])];
    p.factors.push(FactorAnswer {
        factor: FactorKind::ComplexData,
        level: FactorLevel::Yes,
    });
    // The work task is stretched (ComplexData's phases include Modelling); the wait
    // (Modelling too) ends at 5 in every trial, and the work fills the rest.
    let f = run(&p);
    assert_eq!((f.tasks[0].finish_p50, f.tasks[0].finish_p80), (5.0, 5.0));
    assert!(f.effort.max > 1.2, "the factor is drawn: {:?}", f.effort);
    for (d, e) in [
        (f.duration.min, f.effort.min),
        (f.duration.max, f.effort.max),
    ] {
        assert!((d - 5.0 - e).abs() < 1e-12, "{d} {e}");
    }
    // A risk that always fires with 2 extra days and 100 of money delays the wait by
    // 2 days; it adds no effort, and its days cost no labour.
    let mut risk = Risk {
        id: 1,
        title: "Approval is late".into(),
        category: "Data".into(),
        probability: 1.0,
        schedule_impact: ThreePoint::exactly(2.0),
        target: RiskTarget::Task(1),
        more_targets: Vec::new(),
        schedule_unit: ScheduleUnit::Days,
        cost_impact: ThreePoint::exactly(100.0),
        owner: String::new(),
        status: Default::default(),
        mitigation: Default::default(),
    };
    p.factors.clear();
    p.risks.push(risk.clone());
    let f = run(&p);
    exactly(&f.duration, 8.0);
    exactly(&f.effort, 1.0);
    exactly(&f.cost, 500.0 + 100.0);
    // An adopted mitigation's effort aimed at a wait is work done beside it: effort
    // and cost at the team's mean rate, no delay.
    risk.mitigation.effort = 3.0;
    risk.mitigation.adopted = true;
    risk.mitigation.probability_after = 1.0;
    p.risks = vec![risk];
    let f = run(&p);
    exactly(&f.duration, 8.0);
    exactly(&f.effort, 4.0);
    exactly(&f.cost, 4.0 * 500.0 + 100.0);
}

#[test]
fn a_phase_risk_does_not_spread_over_a_wait() {
    let mut p = project(1.0);
    p.tasks = vec![
        Task {
            phase: Phase::Evaluation,
            ..wait(1, 5.0, &[])
        },
        fixed(2, 1.0, &[1]),
    ];
    p.risks.push(Risk {
        id: 1,
        title: "Evaluation drags".into(),
        category: "Model".into(),
        probability: 1.0,
        schedule_impact: ThreePoint::exactly(4.0),
        target: RiskTarget::Phase(Phase::Evaluation),
        more_targets: Vec::new(),
        schedule_unit: ScheduleUnit::Days,
        cost_impact: ThreePoint::exactly(0.0),
        owner: String::new(),
        status: Default::default(),
        mitigation: Default::default(),
    });
    // The phase has no work task, so the risk is unplaced: effort and cost, no delay.
    let f = run(&p);
    exactly(&f.duration, 6.0);
    exactly(&f.effort, 5.0);
    exactly(&f.cost, 2_500.0);
}

#[test]
fn a_pert_wait_drives_duration_not_cost() {
    let mut p = project(1.0);
    p.tasks = vec![
        task(1, ThreePoint::new(2.0, 4.0, 8.0), Distribution::Pert, &[]),
        Task {
            kind: TaskKind::Wait,
            ..task(
                2,
                ThreePoint::new(5.0, 10.0, 20.0),
                Distribution::Pert,
                &[1],
            )
        },
    ];
    let f = run(&p);
    let driver = |list: &[yardstick::engine::Driver]| {
        list.iter().find(|d| d.name == "Task 2").map(|d| d.rho)
    };
    assert!(driver(&f.sensitivity.duration).unwrap() > 0.5);
    assert_eq!(driver(&f.sensitivity.cost), None);
    assert!(f.effort.max <= 8.0, "{:?}", f.effort);
}

/// The bike shop with an A/B test sized at 300 users a day.
fn with_traffic() -> Project {
    let mut p = bike_shop("b".into(), engine_support::monday());
    p.settings.trials = 5_000;
    p.plan.ab_test.metric = "Overstock".into();
    p.plan.ab_test.daily_traffic = Some(300.0);
    p
}

#[test]
fn an_ab_test_wait_moves_the_maturity_finish_and_not_the_effort() {
    let p = with_traffic();
    let ab = experiment_wait_task(&p).unwrap();
    // 3,841 per arm, 7,682 users at 300 a day: 26 days, 18.57 working days.
    let m = 26.0 * 5.0 / 7.0;
    assert_eq!(ab.name, "A/B test: Overstock");
    assert_eq!(
        (ab.kind, ab.stage, ab.phase),
        (TaskKind::Wait, Stage::Maturity, Phase::Evaluation)
    );
    assert_eq!(ab.effort, ThreePoint::new(m / 1.25, m, m / 0.75));
    assert!(!ab.depends_on.is_empty());
    for id in &ab.depends_on {
        assert_eq!(p.task(*id).unwrap().phase, Phase::Deployment);
    }
    let mut with = p.clone();
    with.tasks.push(ab.clone());
    assert!(already_added(&with, &ab) && !already_added(&p, &ab));
    // The same plan with the wait at zero length has the same draws (one more task in
    // both), so its effort is the same trial for trial.
    let mut zero = with.clone();
    zero.tasks.last_mut().unwrap().effort = ThreePoint::exactly(0.0);
    let (f_with, f_zero, f_without) = (run(&with), run(&zero), run(&p));
    assert_eq!(f_with.effort, f_zero.effort);
    assert_eq!(f_with.cost, f_zero.cost);
    let maturity = |f: &Forecast| f.stages[2].duration.p50;
    assert!(maturity(&f_with) > maturity(&f_zero) + 5.0);
    assert!(maturity(&f_with) > maturity(&f_without) + 5.0);
    assert_eq!(
        f_with.stages[0].duration, f_zero.stages[0].duration,
        "the MVP does not move"
    );
    assert_eq!(f_with.plan.effort, f_without.plan.effort);
    assert_eq!(f_with.plan.cost, f_without.plan.cost);
    assert!(f_with.plan.duration > f_without.plan.duration);
    let noise = (f_with.effort.mean - f_without.effort.mean).abs() / f_without.effort.mean;
    assert!(noise < 0.01, "effort moved by {noise}");
}

#[test]
fn the_experiment_tasks_are_refused_at_the_stored_paths() {
    let mut p = with_traffic();
    p.plan.ab_test.daily_traffic = None;
    let paths = |r: Result<Task, Vec<yardstick::model::validate::FieldError>>| {
        r.unwrap_err()
            .into_iter()
            .map(|e| e.path)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        paths(experiment_wait_task(&p)),
        ["plan.ab_test.daily_traffic"]
    );
    p.plan.ab_test.baseline = 1.5;
    assert_eq!(paths(experiment_wait_task(&p)), ["plan.ab_test.baseline"]);
    let messages: Vec<String> = validate(&p).into_iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        ["plan.ab_test.baseline: The baseline rate must be above 0% and below 100%."]
    );
    p.plan.ab_test.baseline = 0.1;
    p.plan.canary[1].share = 0.001;
    p.plan.monitoring_checked = vec![MonitoringItem::Failures, MonitoringItem::Failures];
    let messages: Vec<String> = validate(&p).into_iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        [
            "plan.canary[1].share: A step's share of traffic must not be less than the step before's.",
            "plan.monitoring_checked[1]: This monitoring item is checked twice.",
        ]
    );
    assert_eq!(paths(canary_wait_task(&p)), ["plan.canary[1].share"]);
    p.plan.canary.clear();
    assert_eq!(paths(canary_wait_task(&p)), ["plan.canary"]);
}

#[test]
fn the_canary_wait_lasts_its_steps_in_working_days() {
    let p = with_traffic();
    let c = canary_wait_task(&p).unwrap();
    let m = 6.0 * 5.0 / 7.0;
    assert_eq!(
        (c.name.as_str(), c.kind, c.stage),
        ("Canary roll-out", TaskKind::Wait, Stage::Maturity)
    );
    assert_eq!(c.effort, ThreePoint::new(m, m, 1.5 * m));
}

#[test]
fn checked_monitoring_items_become_tasks_once() {
    let mut p = with_traffic();
    p.plan.monitoring_checked = vec![
        MonitoringItem::RetrainingTriggers,
        MonitoringItem::DataDrift,
    ];
    let tasks = monitoring_tasks(&p);
    let names: Vec<&str> = tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Data drift monitoring: live inputs against the training data",
            "Retraining triggers and their thresholds"
        ]
    );
    let next = p.next_task_id();
    assert_eq!(
        tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
        [next, next + 1]
    );
    assert!(tasks.iter().all(|t| t.kind == TaskKind::Work));
    p.tasks.push(tasks[0].clone());
    let rest = monitoring_tasks(&p);
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].name, tasks[1].name);
    p.tasks.extend(rest);
    assert!(monitoring_tasks(&p).is_empty());
    assert!(validate(&p).is_empty());
}

#[test]
fn a_project_stored_before_waits_opens_with_work_tasks_and_the_default_experiment() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/bike-shop.json"
    ))
    .unwrap();
    assert!(!text.contains("\"kind\":\"wait\"") && !text.contains("ab_test"));
    let p = data::import_project(&text).unwrap();
    assert!(p.tasks.iter().all(|t| t.kind == TaskKind::Work));
    assert_eq!(p.plan.canary, yardstick::model::DEFAULT_CANARY.to_vec());
    assert_eq!(p.plan.ab_test, Default::default());
    assert!(p.plan.monitoring_checked.is_empty());
    assert!(validate(&p).is_empty());
}

#[test]
fn a_correlated_wait_moves_with_its_phase_and_never_with_a_role() {
    // R140 with R115: the role an A/B test's wait carries (the team's first, a
    // placeholder) does not tie its duration to that role's estimating errors.
    let mut p = bike_shop(
        "w".into(),
        yardstick::model::Date::from_ymd(2027, 1, 4).unwrap(),
    );
    p.settings.trials = 5_000;
    p.settings.correlation.within_role = 0.6;
    let mut w = wait(100, 10.0, &[26]);
    w.effort = ThreePoint::new(5.0, 10.0, 30.0);
    w.distribution = Distribution::Pert;
    w.role = p.team[1].id;
    p.tasks.push(w);
    assert_eq!(validate(&p), vec![]);
    let with_role = run(&p);
    p.tasks.last_mut().unwrap().role = 0;
    assert_eq!(run(&p), with_role, "the wait's role is not read");
}

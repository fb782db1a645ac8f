//! Following a project as it runs (docs/MODEL.md §28): done tasks are facts, tasks in
//! progress forecast their remaining effort, nothing is scheduled before the status
//! date, and the gate's outcome replaces its probability once evaluated.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{monday, project, task};
use yardstick::engine::{forecast, simulate, Forecast, SimOptions};
use yardstick::model::templates::bike_shop;
use yardstick::model::validate::validate;
use yardstick::model::{
    Date, Distribution, FactorAnswer, FactorKind, FactorLevel, GateOutcome, Phase, Project, Risk,
    RiskTarget, Task, TaskState, ThreePoint,
};

fn run(p: &Project) -> Forecast {
    assert_eq!(validate(p), vec![], "the test plan is valid");
    forecast(p).expect("a valid plan")
}

fn uncertain(id: u32, deps: &[u32]) -> Task {
    task(id, ThreePoint::new(2.0, 4.0, 9.0), Distribution::Pert, deps)
}

fn day(offset: i32) -> Date {
    monday().add_days(offset)
}

fn done(mut t: Task, actual: f64, finished: Date) -> Task {
    t.state = TaskState::Done;
    t.actual = Some(actual);
    t.finished = Some(finished);
    t
}

fn in_progress(mut t: Task, spent: f64, remaining: ThreePoint) -> Task {
    t.state = TaskState::InProgress;
    t.actual = Some(spent);
    t.remaining = Some(remaining);
    t
}

#[test]
fn a_plan_with_every_task_done_forecasts_exactly_its_actual_finish_and_cost() {
    let mut p = project(2.0);
    // Finished on Wednesday 7 and Friday 16 January (working days 3 and 10).
    p.tasks = vec![
        done(uncertain(1, &[]), 3.5, day(2)),
        done(uncertain(2, &[1]), 6.25, day(11)),
    ];
    p.tracking.status_date = Some(day(14));
    let f = run(&p);
    for s in [&f.duration, &f.effort, &f.cost] {
        assert_eq!(s.min, s.max, "nothing varies: {s:?}");
    }
    assert_eq!(f.duration.min, 10.0);
    assert_eq!((f.finish.p10, f.finish.p95), (day(11), day(11)));
    assert_eq!(f.effort.min, 9.75);
    assert_eq!(f.cost.min, 9.75 * 500.0);
    assert_eq!((f.plan.duration, f.plan.cost), (10.0, 9.75 * 500.0));
}

#[test]
fn a_done_task_no_longer_varies_and_its_factors_and_risks_are_past() {
    let mut p = project(1.0);
    // Finished on Friday 9 January: working day 4, so it ends at time 5.
    p.tasks = vec![done(uncertain(1, &[]), 5.0, day(4)), uncertain(2, &[1])];
    p.tracking.status_date = Some(day(7));
    p.factors = vec![FactorAnswer {
        factor: FactorKind::ComplexData,
        level: FactorLevel::Yes,
    }];
    p.risks = vec![Risk {
        probability: 1.0,
        schedule_impact: ThreePoint::exactly(10.0),
        target: RiskTarget::Task(1),
        ..yardstick::model::templates::risk_catalogue()[0].to_risk(1)
    }];
    let f = run(&p);
    let first = f.tasks.iter().find(|t| t.id == 1).unwrap();
    assert_eq!((first.start_p50, first.finish_p50), (5.0, 5.0));
    assert_eq!(first.finish_date_p50, day(4));
    assert_eq!(first.mean_effort, 5.0, "no factor, no risk on a done task");
    let task_1 = yardstick::engine::DriverRef::Task(1);
    assert!(f.sensitivity.duration.iter().all(|d| d.input != task_1));
}

#[test]
fn nothing_is_scheduled_before_the_status_date() {
    let mut p = project(1.5);
    p.tasks = (1..=6)
        .map(|i| uncertain(i, if i > 3 { &[1] } else { &[] }))
        .collect();
    p.tasks[0] = done(p.tasks[0].clone(), 4.0, day(3));
    // Status Monday 19 January: working day 10.
    p.tracking.status_date = Some(day(14));
    let sim = simulate(
        &p,
        &SimOptions {
            trials: 2_000,
            seed: 3,
            detail: true,
        },
    )
    .unwrap();
    let detail = sim.detail.as_ref().unwrap();
    let first = sim.plan.task_id.iter().position(|&id| id == 1).unwrap();
    for k in (0..sim.plan.n).filter(|&k| k != first) {
        let starts = &detail.start[k * detail.rows..(k + 1) * detail.rows];
        let earliest = starts.iter().copied().fold(f32::INFINITY, f32::min);
        assert!(
            earliest >= 10.0,
            "task {} starts at {earliest}",
            sim.plan.task_id[k]
        );
    }
    // The same plan before tracking starts at 0.
    p.tracking.status_date = None;
    p.tasks[0] = uncertain(1, &[]);
    let before = run(&p);
    assert!(before.tasks.iter().any(|t| t.start_p50 < 10.0));
}

#[test]
fn a_task_in_progress_adds_its_spent_effort_to_its_remaining_from_the_status_date() {
    let mut p = project(1.0);
    p.tasks = vec![in_progress(
        uncertain(1, &[]),
        3.0,
        ThreePoint::exactly(2.0),
    )];
    p.tracking.status_date = Some(day(9)); // Wednesday 14 January: working day 7.
    let f = run(&p);
    assert_eq!((f.duration.min, f.duration.max), (9.0, 9.0));
    assert_eq!((f.effort.min, f.effort.max), (5.0, 5.0));
    assert_eq!(f.cost.min, 2_500.0);
    assert_eq!(f.plan.effort, 5.0);
    assert_eq!(f.finish.p50, day(10), "Friday 16 January");
}

#[test]
fn a_started_task_goes_first_and_its_predecessors_no_longer_hold_it() {
    let mut p = project(1.0);
    // Task 2 depends on 1, but it has started (someone began early).
    p.tasks = vec![
        task(1, ThreePoint::exactly(4.0), Distribution::Fixed, &[]),
        in_progress(
            task(2, ThreePoint::exactly(9.0), Distribution::Fixed, &[1]),
            1.0,
            ThreePoint::exactly(2.0),
        ),
    ];
    p.tracking.status_date = Some(day(0));
    let f = run(&p);
    let started = f.tasks.iter().find(|t| t.id == 2).unwrap();
    assert_eq!((started.start_p50, started.finish_p50), (0.0, 2.0));
    let other = f.tasks.iter().find(|t| t.id == 1).unwrap();
    assert_eq!((other.start_p50, other.finish_p50), (2.0, 6.0));
}

#[test]
fn the_gates_outcome_replaces_its_probability() {
    let mut p = bike_shop("b".into(), monday());
    p.gate.enabled = true;
    p.gate.probability = 0.5;
    let pending = run(&p);
    assert!(pending.gate.stop_rate > 0.4 && pending.gate.stop_rate < 0.6);
    p.gate.outcome = GateOutcome::Passed;
    let passed = run(&p);
    assert_eq!(passed.gate.stop_rate, 0.0);
    assert_eq!(passed.cost, pending.cost, "the same trials, none stopped");
    p.gate.outcome = GateOutcome::Failed;
    let failed = run(&p);
    assert_eq!(failed.gate.stop_rate, 1.0);
    assert!(failed.gate.expected_cost < pending.gate.expected_cost);
}

#[test]
fn a_phase_risk_falls_on_work_not_started_then_on_work_in_progress_and_never_on_done_work() {
    let phase_risk = |id| Risk {
        probability: 1.0,
        schedule_impact: ThreePoint::exactly(6.0),
        cost_impact: ThreePoint::exactly(0.0),
        target: RiskTarget::Phase(Phase::Modelling),
        ..yardstick::model::templates::risk_catalogue()[0].to_risk(id)
    };
    let fixed = |id, days| task(id, ThreePoint::exactly(days), Distribution::Fixed, &[]);
    let mut p = project(3.0);
    p.tracking.status_date = Some(day(7));
    p.risks = vec![phase_risk(1)];
    // Not started and in progress: the not-started task takes all six days.
    p.tasks = vec![
        fixed(1, 4.0),
        in_progress(fixed(2, 4.0), 1.0, ThreePoint::exactly(3.0)),
    ];
    let f = run(&p);
    assert_eq!(f.effort.min, 4.0 + 6.0 + 1.0 + 3.0);
    assert_eq!(f.tasks[0].mean_effort, 10.0);
    // Only in progress: the remaining work takes them.
    p.tasks = vec![in_progress(fixed(2, 4.0), 1.0, ThreePoint::exactly(3.0))];
    let f = run(&p);
    assert_eq!(f.effort.min, 1.0 + 3.0 + 6.0);
    // From Monday 12 January, working day 5.
    assert_eq!(f.duration.min, 5.0 + 9.0);
    // Only done: the risk is past.
    p.tasks = vec![done(fixed(2, 4.0), 5.0, day(3))];
    let f = run(&p);
    assert_eq!((f.effort.min, f.effort.max), (5.0, 5.0));
}

#[test]
fn factors_stretch_only_the_work_not_started() {
    let mut p = project(3.0);
    p.factor_rules.iter_mut().for_each(|r| {
        r.yes = ThreePoint::exactly(2.0);
        r.phases = vec![Phase::Modelling];
    });
    p.factors = vec![FactorAnswer {
        factor: FactorKind::ComplexData,
        level: FactorLevel::Yes,
    }];
    let fixed = |id, days| task(id, ThreePoint::exactly(days), Distribution::Fixed, &[]);
    p.tracking.status_date = Some(day(0));
    p.tasks = vec![
        fixed(1, 4.0),
        in_progress(fixed(2, 4.0), 0.0, ThreePoint::exactly(3.0)),
    ];
    let f = run(&p);
    assert_eq!(f.effort.min, 8.0 + 3.0);
    assert_eq!(f.effort.max, 8.0 + 3.0);
}

#[test]
fn a_half_done_bike_shop_moves_later_when_actuals_ran_over() {
    let plain = bike_shop("b".into(), monday());
    let mut p = plain.clone();
    let before = run(&plain);
    // The first five tasks done one after the other at 40% over their most likely
    // effort, each finishing that many working days after the one before.
    let (mut finish, mut worked) = (monday(), 0.0);
    for t in p.tasks.iter_mut().take(5) {
        let actual = t.effort.most_likely * 1.4;
        worked += actual;
        while yardstick::engine::calendar::working_days_through(&plain, finish) < worked.ceil() {
            finish = finish.add_days(1);
        }
        t.state = TaskState::Done;
        t.actual = Some(actual);
        t.finished = Some(finish);
    }
    p.tracking.status_date = Some(finish.add_days(1));
    let after = run(&p);
    assert!(
        after.finish.p80 > before.finish.p80,
        "{:?} {:?}",
        after.finish,
        before.finish
    );
}

#[test]
fn the_forecast_with_our_track_record_draws_only_recorded_ratios_or_the_prior() {
    use yardstick::engine::calibration::{prior, Record, Resampling};
    use yardstick::engine::plan::Plan;
    let mut p = project(1.0);
    p.tasks = vec![uncertain(1, &[])];
    let options = SimOptions {
        trials: 4_000,
        seed: 9,
        detail: false,
    };
    let efforts = |record: &Resampling| {
        let sim = yardstick::engine::sim::run(Plan::compile_tracked(&p, record), &options);
        let mut seen = sim.effort.clone();
        seen.sort_by(f64::total_cmp);
        seen.dedup();
        seen
    };
    let records: Vec<Record> = [1.1, 1.2, 1.3, 1.4, 1.5]
        .iter()
        .map(|&ratio| Record {
            role: "data scientist ".into(),
            ratio,
        })
        .collect();
    let expected: Vec<f64> = [1.1, 1.2, 1.3, 1.4, 1.5].iter().map(|r| 4.0 * r).collect();
    assert_eq!(efforts(&Resampling::of(&records)), expected);
    let from_prior: Vec<f64> = prior().iter().map(|r| 4.0 * r).collect();
    assert_eq!(efforts(&Resampling::of(&records[..4])), from_prior);
}

#[test]
fn actuals_forty_percent_over_move_the_bike_shop_later_and_its_track_record_later_still() {
    use yardstick::engine::calibration::{history, track_record, Resampling};
    use yardstick::engine::forecast::ForecastRun;
    let start = Date::from_ymd(2026, 12, 7).unwrap();
    let mut p = bike_shop("b".into(), start);
    let before = run(&p);
    p.tracking.status_date = Some(start.add_days(70));
    for t in p.tasks.iter_mut().take(5) {
        t.state = TaskState::Done;
        t.actual = Some(t.effort.most_likely * 1.4);
        t.finished = Some(start.add_days(60));
    }
    let tracked = run(&p);
    let h = history([&p]);
    assert_eq!(
        track_record(&h.records).overall.unwrap().sentence(),
        "Actual effort ran 40% high (n = 5) against the most likely estimates."
    );
    let record = Resampling::of(&h.records);
    let with = ForecastRun::tracked(&p, &record, p.settings.trials, p.settings.seed)
        .unwrap()
        .finish();
    assert!(tracked.finish.p80 > before.finish.p80);
    assert!(with.finish.p80 > tracked.finish.p80);
}

#[test]
fn a_task_in_progress_moves_with_its_phase_when_estimates_are_correlated() {
    let mut p = project(3.0);
    p.settings.correlation.within_phase = 0.9;
    p.tracking.status_date = Some(day(0));
    p.tasks = vec![
        uncertain(1, &[]),
        in_progress(uncertain(2, &[]), 1.0, ThreePoint::new(2.0, 4.0, 9.0)),
    ];
    let sim = simulate(
        &p,
        &SimOptions {
            trials: 4_000,
            seed: 5,
            detail: true,
        },
    )
    .unwrap();
    let d = sim.detail.as_ref().unwrap();
    let row = |id: u32| {
        let k = sim.plan.task_id.iter().position(|&t| t == id).unwrap();
        (0..d.rows)
            .map(|t| f64::from(d.finish[k * d.rows + t] - d.start[k * d.rows + t]))
            .collect::<Vec<f64>>()
    };
    let (a, b) = (row(1), row(2));
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    let (ma, mb) = (mean(&a), mean(&b));
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let var = |x: &[f64], m: f64| x.iter().map(|v| (v - m) * (v - m)).sum::<f64>();
    let r = cov / (var(&a, ma) * var(&b, mb)).sqrt();
    assert!(r > 0.8, "the phase's factor moves both: r = {r}");
}

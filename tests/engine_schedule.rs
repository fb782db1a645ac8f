//! Scheduling with dependencies and team capacity, critical paths, the calendar,
//! cumulative stages, determinism, and a cross-check against a naive simulator.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use support::{fixed, monday, project, task};
use yardstick::engine::rng::Rng;
use yardstick::engine::{forecast, forecast_with};
use yardstick::model::{Date, Distribution, Phase, Project, Role, Stage, ThreePoint};

fn four_fives(headcount: f64) -> f64 {
    let mut p = project(headcount);
    p.tasks = (1..=4).map(|id| fixed(id, 5.0, &[])).collect();
    let f = forecast(&p).expect("valid");
    assert_eq!(
        f.duration.p10, f.duration.p95,
        "a fixed plan has one outcome"
    );
    f.duration.p50
}

#[test]
fn capacity_limits_parallel_work_as_worked_out_by_hand() {
    // Protects the capacity rule (people's worth of work per day): four independent
    // 5-day tasks take 20 days with one person, 10 with two, 5 with four, and 40 with
    // half a person.
    assert_eq!(four_fives(1.0), 20.0);
    assert_eq!(four_fives(2.0), 10.0);
    assert_eq!(four_fives(4.0), 5.0);
    assert_eq!(four_fives(0.5), 40.0);
    // 1.5 FTE = one full-time and one half-time person: the half-timer takes the
    // second task (0–10) while the full-timer does the first, third and fourth (0–15).
    assert_eq!(four_fives(1.5), 15.0);
    // 2.5 FTE: two full-timers take two tasks each but the half-timer takes the third
    // (0–10): 10 days, as with two people.
    assert_eq!(four_fives(2.5), 10.0);
}

#[test]
fn dependencies_chain_tasks_and_make_them_all_critical() {
    // Protects finish-to-start dependencies and the criticality index of a chain.
    let mut p = project(4.0);
    p.tasks = vec![fixed(1, 5.0, &[]), fixed(2, 3.0, &[1]), fixed(3, 2.0, &[2])];
    let f = forecast(&p).expect("valid");
    assert_eq!(f.duration.p50, 10.0);
    for t in &f.tasks {
        assert_eq!(t.criticality, 1.0, "{}", t.name);
    }
    assert_eq!(f.tasks[1].start_p50, 5.0);
    assert_eq!(f.tasks[2].finish_p80, 10.0);
}

#[test]
fn only_the_longer_of_two_parallel_tasks_is_critical() {
    // Protects the critical-path trace: a 5-day and a 3-day task in parallel.
    let mut p = project(2.0);
    p.tasks = vec![fixed(1, 5.0, &[]), fixed(2, 3.0, &[])];
    let f = forecast(&p).expect("valid");
    assert_eq!(f.duration.p50, 5.0);
    assert_eq!(f.tasks[0].criticality, 1.0);
    assert_eq!(f.tasks[1].criticality, 0.0);
}

#[test]
fn waiting_for_a_busy_role_is_on_the_critical_path() {
    // Protects resource-driven criticality: with one person, both tasks are critical.
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 5.0, &[]), fixed(2, 3.0, &[])];
    let f = forecast(&p).expect("valid");
    assert_eq!(f.duration.p50, 8.0);
    assert!(f.tasks.iter().all(|t| t.criticality == 1.0));
}

#[test]
fn criticality_counts_the_first_five_thousand_trials_exactly() {
    // Protects R83: the criticality index counts the detail trials, so a longer run of
    // the same seed (whose first trials are the same) gives the same indexes; they are
    // whole counts of 5,000; and some are strictly between 0 and 1 on this plan.
    let p = yardstick::model::templates::bike_shop("c".into(), monday());
    let long = forecast_with(&p, 20_000, 11).expect("valid");
    let short = forecast_with(&p, 5_000, 11).expect("valid");
    let shares = |f: &yardstick::engine::Forecast| -> Vec<f64> {
        f.tasks.iter().map(|t| t.criticality).collect()
    };
    assert_eq!(shares(&long), shares(&short));
    assert!(shares(&long)
        .iter()
        .all(|&c| (c * 5_000.0).fract() == 0.0 && (0.0..=1.0).contains(&c)));
    assert!(shares(&long).iter().any(|&c| c > 0.0 && c < 1.0));
    // Every other output differs between the two runs: they are not the same run.
    assert_ne!(long.duration, short.duration);
}

#[test]
fn finish_dates_follow_the_working_week_and_holidays() {
    // Protects the calendar: 7 working days from Monday 5 January 2026 with Wednesday 7
    // a holiday end on Wednesday 14 January; with a 6-day week (Saturdays work) on
    // Tuesday 13 January.
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 7.0, &[])];
    p.holidays = vec![Date::parse("2026-01-07").expect("date")];
    let f = forecast(&p).expect("valid");
    assert_eq!(f.finish.p50.to_string(), "2026-01-14");
    p.working_days_per_week = 6;
    let f = forecast(&p).expect("valid");
    assert_eq!(f.finish.p50.to_string(), "2026-01-13");
    assert_eq!(monday().weekday(), 0);
}

#[test]
fn target_date_and_budget_probabilities_are_shares_of_trials() {
    // Protects the target probabilities on a plan with a known outcome.
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 10.0, &[])];
    p.settings.target_date = Some(Date::parse("2026-01-16").expect("date"));
    p.settings.target_budget = Some(4_999.0);
    let f = forecast(&p).expect("valid");
    assert_eq!(f.probability_by_target_date, Some(1.0));
    assert_eq!(f.probability_within_budget, Some(0.0));
    p.settings.target_date = Some(Date::parse("2026-01-15").expect("date"));
    assert_eq!(
        forecast(&p).expect("valid").probability_by_target_date,
        Some(0.0)
    );
}

#[test]
fn stages_are_cumulative_and_include_predecessors() {
    // Protects "through MVP / Growth / Maturity": a Growth task that an MVP task depends
    // on counts through MVP.
    let mut p = project(1.0);
    let mut helper = fixed(1, 2.0, &[]);
    helper.stage = Stage::Growth;
    let mvp = fixed(2, 3.0, &[1]);
    let mut growth = fixed(3, 4.0, &[2]);
    growth.stage = Stage::Growth;
    let mut maturity = fixed(4, 5.0, &[3]);
    maturity.stage = Stage::Maturity;
    p.tasks = vec![helper, mvp, growth, maturity];
    let f = forecast(&p).expect("valid");
    let p50: Vec<f64> = f.stages.iter().map(|s| s.duration.p50).collect();
    assert_eq!(p50, vec![5.0, 9.0, 14.0]);
    let effort: Vec<f64> = f.stages.iter().map(|s| s.effort.p50).collect();
    assert_eq!(effort, vec![5.0, 9.0, 14.0]);
    assert_eq!(f.stages[2].cost, f.cost);
}

#[test]
fn the_same_seed_gives_the_same_forecast_and_another_seed_does_not() {
    // Protects reproducibility of share links and the CLI.
    let p = yardstick::model::templates::bike_shop("b".into(), monday());
    let a = forecast_with(&p, 5_000, 11).expect("valid");
    let b = forecast_with(&p, 5_000, 11).expect("valid");
    assert_eq!(a, b);
    let c = forecast_with(&p, 5_000, 12).expect("valid");
    assert_ne!(a.duration, c.duration);
}

#[test]
fn the_bike_shop_forecast_is_wider_than_its_single_point_plan() {
    // Protects the planning-fallacy gap the overview headlines.
    let p = yardstick::model::templates::bike_shop("b".into(), monday());
    let f = forecast_with(&p, 10_000, 1).expect("valid");
    assert!(f.duration.p80 > f.plan.duration && f.cost.p80 > f.plan.cost);
    assert!(f.contingency.duration_buffer > 0.0 && f.contingency.cost_buffer > 0.0);
    assert!(f.gate.enabled && (f.gate.stop_rate - 0.2).abs() < 0.03);
    assert!(f.gate.expected_cost < f.cost.mean);
    assert!(!f.sensitivity.duration.is_empty());
    assert_eq!(f.stages.len(), 3);
    assert_eq!(
        f.duration_histogram.iter().map(|b| b.count).sum::<u32>(),
        10_000
    );
}

// ---------------------------------------------------------------------------------
// An independent, deliberately naive simulator: tasks are scheduled by repeatedly
// picking, among tasks whose predecessors are done, the one first in (stage, phase,
// list) order, onto the role's least-loaded person. Efforts are triangular or uniform
// with closed-form inverse CDFs, drawn from a different generator.

fn naive_sample(tp: ThreePoint, d: Distribution, u: f64) -> f64 {
    let (a, m, b) = (tp.optimistic, tp.most_likely, tp.pessimistic);
    match d {
        Distribution::Uniform => a + u * (b - a),
        Distribution::Triangular => {
            let fc = (m - a) / (b - a);
            if u < fc {
                a + (u * (b - a) * (m - a)).sqrt()
            } else {
                b - ((1.0 - u) * (b - a) * (b - m)).sqrt()
            }
        }
        _ => m,
    }
}

/// The speeds of a role's people: ⌊h⌋ full-time people and a part-time one for the
/// fraction (one person of speed h below 1).
fn naive_people(headcount: f64) -> Vec<f64> {
    let whole = headcount.floor() as usize;
    let mut speeds = vec![1.0; whole];
    if headcount > whole as f64 {
        speeds.push(headcount - whole as f64);
    }
    speeds
}

/// Earliest starts with unlimited people and most-likely efforts, by fixed-point
/// iteration (no topological order needed).
fn naive_earliest_starts(p: &Project) -> Vec<f64> {
    let pos = |id: u32| p.tasks.iter().position(|t| t.id == id).expect("known");
    let mut es = vec![0.0; p.tasks.len()];
    for _ in 0..p.tasks.len() {
        for (i, t) in p.tasks.iter().enumerate() {
            es[i] = t
                .depends_on
                .iter()
                .map(|&d| es[pos(d)] + p.tasks[pos(d)].effort.most_likely)
                .fold(0.0, f64::max);
        }
    }
    es
}

fn naive_durations(p: &Project, trials: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let es = naive_earliest_starts(p);
    let mut out = Vec::with_capacity(trials);
    for _ in 0..trials {
        let efforts: Vec<f64> = p
            .tasks
            .iter()
            .map(|t| naive_sample(t.effort, t.distribution, rng.next_f64()))
            .collect();
        let mut finish: Vec<Option<f64>> = vec![None; p.tasks.len()];
        let speeds: Vec<Vec<f64>> = p.team.iter().map(|r| naive_people(r.headcount)).collect();
        let mut free: Vec<Vec<f64>> = speeds.iter().map(|s| vec![0.0; s.len()]).collect();
        for _ in 0..p.tasks.len() {
            let ready = (0..p.tasks.len())
                .filter(|&i| finish[i].is_none())
                .filter(|&i| {
                    p.tasks[i].depends_on.iter().all(|d| {
                        let j = p.tasks.iter().position(|t| t.id == *d).expect("known");
                        finish[j].is_some()
                    })
                })
                .min_by(|&i, &j| {
                    let (a, b) = (&p.tasks[i], &p.tasks[j]);
                    (a.stage, es[i], a.phase, i)
                        .partial_cmp(&(b.stage, es[j], b.phase, j))
                        .expect("finite")
                })
                .expect("a ready task");
            let t = &p.tasks[ready];
            let earliest = t
                .depends_on
                .iter()
                .map(|d| {
                    finish[p.tasks.iter().position(|x| x.id == *d).expect("known")].unwrap_or(0.0)
                })
                .fold(0.0, f64::max);
            let r = p.team.iter().position(|r| r.id == t.role).expect("role");
            // The person who finishes it first; then the one free earliest; then the first.
            let end_with = |x: usize| earliest.max(free[r][x]) + efforts[ready] / speeds[r][x];
            let person = (0..free[r].len())
                .min_by(|&x, &y| {
                    (end_with(x), free[r][x], x)
                        .partial_cmp(&(end_with(y), free[r][y], y))
                        .expect("finite")
                })
                .expect("a person");
            let end = end_with(person);
            free[r][person] = end;
            finish[ready] = Some(end);
        }
        out.push(finish.iter().map(|f| f.unwrap_or(0.0)).fold(0.0, f64::max));
    }
    out
}

#[test]
fn the_engine_agrees_with_a_naive_simulator() {
    // Protects the optimised scheduler against an independent implementation: the
    // mean and P80 of duration agree within 1.5% (Monte Carlo noise is about 0.3%).
    let mut p = project(1.0);
    p.team.push(Role {
        id: 2,
        name: "Engineer".into(),
        headcount: 1.5,
        day_rate: 600.0,
    });
    // (id, phase, role, (optimistic, most likely, pessimistic), distribution, after)
    type Row = (
        u32,
        Phase,
        u32,
        (f64, f64, f64),
        Distribution,
        &'static [u32],
    );
    let spec: [Row; 7] = [
        (
            1,
            Phase::BusinessUnderstanding,
            1,
            (2.0, 3.0, 6.0),
            Distribution::Triangular,
            &[],
        ),
        (
            2,
            Phase::DataUnderstanding,
            2,
            (3.0, 5.0, 9.0),
            Distribution::Uniform,
            &[1],
        ),
        (
            3,
            Phase::DataPreparation,
            2,
            (4.0, 6.0, 12.0),
            Distribution::Triangular,
            &[2],
        ),
        (
            4,
            Phase::DataPreparation,
            1,
            (2.0, 4.0, 5.0),
            Distribution::Triangular,
            &[1],
        ),
        (
            5,
            Phase::Modelling,
            1,
            (5.0, 8.0, 15.0),
            Distribution::Triangular,
            &[3, 4],
        ),
        (
            6,
            Phase::Deployment,
            2,
            (3.0, 4.0, 8.0),
            Distribution::Uniform,
            &[5],
        ),
        (
            7,
            Phase::Deployment,
            2,
            (1.0, 2.0, 3.0),
            Distribution::Triangular,
            &[4],
        ),
    ];
    p.tasks = spec
        .iter()
        .map(|&(id, phase, role, (a, m, b), d, deps)| {
            let mut t = task(id, ThreePoint::new(a, m, b), d, deps);
            t.phase = phase;
            t.role = role;
            t
        })
        .collect();
    let f = forecast_with(&p, 100_000, 5).expect("valid");
    let mut naive = naive_durations(&p, 100_000, 99);
    naive.sort_by(f64::total_cmp);
    let naive_mean = naive.iter().sum::<f64>() / naive.len() as f64;
    let naive_p80 = naive[80_000 - 1];
    assert!(
        (f.duration.mean / naive_mean - 1.0).abs() < 0.015,
        "{} vs {naive_mean}",
        f.duration.mean
    );
    assert!(
        (f.duration.p80 / naive_p80 - 1.0).abs() < 0.015,
        "{} vs {naive_p80}",
        f.duration.p80
    );
}

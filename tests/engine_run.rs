//! A forecast run in slices (`ForecastRun`): whatever the slices, its final forecast is
//! `forecast_with`'s bit for bit, and a preview after `t` trials is the forecast of
//! `t` trials.
#![cfg(not(target_arch = "wasm32"))]

use yardstick::engine::{forecast_with, generate_bench_plan, Forecast, ForecastRun};
use yardstick::model::Project;

/// More trials than the detail rows (5,000) and not a whole number of blocks.
const TRIALS: u32 = 6_001;
const SEED: u64 = 9;

fn json(f: &Forecast) -> String {
    serde_json::to_string(f).expect("a forecast serialises")
}

fn plan() -> Project {
    generate_bench_plan(30, 3, 8, 5)
}

#[test]
fn finishing_after_many_small_steps_gives_forecast_with_exactly() {
    let p = plan();
    let whole = json(&forecast_with(&p, TRIALS, SEED).expect("valid"));
    let mut run = ForecastRun::new(&p, TRIALS, SEED).expect("valid");
    assert_eq!(run.total_trials(), TRIALS);
    let mut steps = 0;
    // Uneven slices, some not whole blocks.
    while !run.step([1, 64, 100, 500][steps % 4]) {
        steps += 1;
    }
    assert_eq!(run.done_trials(), TRIALS);
    assert_eq!(json(&run.finish()), whole);
    // Finishing before any step runs every trial.
    let run = ForecastRun::new(&p, TRIALS, SEED).expect("valid");
    assert_eq!(json(&run.finish()), whole);
}

#[test]
fn steps_run_whole_blocks_and_stop_at_the_end() {
    let mut run = ForecastRun::new(&plan(), 1_000, SEED).expect("valid");
    assert!(!run.step(0));
    assert_eq!(run.done_trials(), 0);
    assert!(!run.step(1));
    assert_eq!(run.done_trials(), 64);
    assert!(!run.step(65));
    assert_eq!(run.done_trials(), 192);
    assert!(run.step(u32::MAX));
    assert_eq!(run.done_trials(), 1_000);
    assert!(run.step(64));
    assert_eq!(run.done_trials(), 1_000);
}

#[test]
fn a_preview_after_every_trial_is_the_final_forecast() {
    let mut run = ForecastRun::new(&plan(), TRIALS, SEED).expect("valid");
    run.step(TRIALS);
    let preview = run.preview();
    assert_eq!(json(&preview), json(&run.finish()));
}

#[test]
fn a_preview_of_a_prefix_is_the_forecast_of_that_many_trials() {
    let p = plan();
    let mut run = ForecastRun::new(&p, TRIALS, SEED).expect("valid");
    let empty = run.preview();
    assert_eq!(empty.trials, 0);
    // Fewer and more trials than the detail rows.
    for slice in [1_000, 4_500] {
        run.step(slice);
        let done = run.done_trials();
        let preview = run.preview();
        assert_eq!(preview.trials, done);
        let direct = forecast_with(&p, done, SEED).expect("valid");
        assert_eq!(json(&preview), json(&direct), "after {done} trials");
    }
    assert_eq!(
        json(&run.finish()),
        json(&forecast_with(&p, TRIALS, SEED).expect("valid"))
    );
}

#[test]
fn an_invalid_plan_is_refused_with_its_field_errors() {
    let mut p = plan();
    p.working_days_per_week = 0;
    assert!(ForecastRun::new(&p, TRIALS, SEED).is_err());
}

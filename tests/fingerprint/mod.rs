//! Fingerprints of forecasts, for the tests that the engine gives the same numbers bit
//! for bit natively (`tests/engine_determinism.rs`) and in WebAssembly
//! (`tests/browser.rs`), whose trial loop takes a different path (128-bit SIMD).
//!
//! A fingerprint is the 64-bit FNV-1a hash of the forecast's JSON, whose numbers are
//! written in the shortest form that reads back to the same bits. The expected values
//! are in `tests/fixtures/forecast-fingerprints.txt`; when the engine's numbers change
//! on purpose, the native test prints the new lines.

use yardstick::engine::bench::half_done;
use yardstick::engine::{forecast_with, generate_bench_plan};
use yardstick::model::templates::bike_shop;
use yardstick::model::{Correlation, Date, Project};

const EXPECTED: &str = include_str!("../fixtures/forecast-fingerprints.txt");

/// Trials and seed of every case.
const TRIALS: u32 = 20_000;
const SEED: u64 = 42;

/// The plans compared: generated plans (one- and two-slot roles, one and two
/// predecessors, risks on tasks and phases, the gate, correlated estimates, half the
/// tasks done) and the bike shop template.
pub fn cases() -> Vec<(&'static str, Project)> {
    let start = Date::from_ymd(2026, 3, 2).expect("a real date");
    let mut correlated = generate_bench_plan(50, 3, 10, 7);
    correlated.settings.correlation = Correlation {
        within_phase: 0.3,
        within_role: 0.2,
    };
    vec![
        (
            "generated_50_tasks_10_risks",
            generate_bench_plan(50, 3, 10, 7),
        ),
        (
            "generated_80_tasks_6_roles",
            generate_bench_plan(80, 6, 20, 11),
        ),
        ("bike_shop", bike_shop("fingerprint".into(), start)),
        ("generated_50_tasks_correlated", correlated),
        (
            "generated_50_tasks_half_done",
            half_done(generate_bench_plan(50, 3, 10, 7)),
        ),
    ]
}

/// The fingerprint of a project's forecast, as 16 hex digits.
pub fn fingerprint(project: &Project) -> String {
    let forecast = forecast_with(project, TRIALS, SEED).expect("the case is a valid plan");
    let json = serde_json::to_string(&forecast).expect("a forecast serialises");
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The expected fingerprint of a case.
pub fn expected(case: &str) -> Option<&'static str> {
    EXPECTED.lines().find_map(|line| {
        let (name, hash) = line.split_once(' ')?;
        (name == case).then_some(hash.trim())
    })
}

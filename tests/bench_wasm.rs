//! The engine benchmark in WebAssembly (headless Chromium): prints one line per case,
//! `bench <case> wasm_ms=<median>`. Run through `scripts/bench.sh`, which runs the same
//! cases natively and prints the ratio; it is a measurement, never a pass/fail test.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use yardstick::engine::{forecast_with, generate_bench_plan};

wasm_bindgen_test_configure!(run_in_browser);

const TRIALS: u32 = 50_000;
const WARM_UP: usize = 3;
const TIMED: usize = 15;

#[wasm_bindgen_test]
fn bench_engine() {
    let clock = web_sys::window()
        .and_then(|w| w.performance())
        .expect("the page has a performance clock");
    let cases = [
        (
            "plan50_risks10_trials50k",
            generate_bench_plan(50, 3, 10, 7),
        ),
        ("plan50_norisk_trials50k", generate_bench_plan(50, 3, 0, 7)),
    ];
    for (name, project) in &cases {
        let mut times = Vec::with_capacity(TIMED);
        for i in 0..WARM_UP + TIMED {
            let started = clock.now();
            let forecast = forecast_with(project, TRIALS, 42).expect("the generated plan is valid");
            let elapsed = clock.now() - started;
            std::hint::black_box(&forecast);
            if i >= WARM_UP {
                times.push(elapsed);
            }
        }
        times.sort_unstable_by(f64::total_cmp);
        console_log!("bench {name} wasm_ms={:.2}", times[times.len() / 2]);
    }
}

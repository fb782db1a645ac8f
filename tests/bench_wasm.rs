//! The engine benchmark in WebAssembly (headless Chromium): prints one line per case,
//! `bench <case> wasm_ms=<median> fastest_ms=<fastest>`. Run through
//! `scripts/bench.sh`, which runs the same cases natively and prints the ratio of the
//! medians; it is a measurement, never a pass/fail test. (On a busy machine the
//! fastest run is the steadier figure for comparing two builds.)
//! It then prints where the time of the first case goes, `phase compile_ms=… trials_ms=…
//! statistics_ms=…` (medians), which `scripts/bench.sh` leaves out.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use yardstick::engine::plan::Plan;
use yardstick::engine::{bench_cases, forecast, forecast_with, sim, SimOptions};

wasm_bindgen_test_configure!(run_in_browser);

const TRIALS: u32 = 50_000;
const WARM_UP: usize = 3;
const TIMED: usize = 15;

#[wasm_bindgen_test]
fn bench_engine() {
    let clock = web_sys::window()
        .and_then(|w| w.performance())
        .expect("the page has a performance clock");
    let median = |times: &mut Vec<f64>| {
        times.sort_unstable_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let cases = bench_cases();
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
        let median = median(&mut times);
        console_log!(
            "bench {name} wasm_ms={median:.2} fastest_ms={:.2}",
            times[0]
        );
    }
    let project = &cases[0].1;
    let options = SimOptions {
        trials: TRIALS,
        seed: 42,
        detail: true,
    };
    let mut phases = [(); 3].map(|()| Vec::with_capacity(TIMED));
    for i in 0..WARM_UP + TIMED {
        let t0 = clock.now();
        let plan = Plan::compile(project);
        let t1 = clock.now();
        let run = sim::run(plan, &options);
        let t2 = clock.now();
        std::hint::black_box(forecast::build(project, run, 42));
        let t3 = clock.now();
        if i >= WARM_UP {
            for (phase, time) in phases.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2]) {
                phase.push(time);
            }
        }
    }
    let [compile, trials, statistics] = phases.each_mut().map(median);
    console_log!(
        "phase compile_ms={compile:.2} trials_ms={trials:.2} statistics_ms={statistics:.2}"
    );
}

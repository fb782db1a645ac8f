//! Native benchmark of the forecast engine: prints one line per case,
//! `bench <case> native_ms=<median>`, and nothing else on stdout.
//!
//! Each case of [`bench_cases`] (generated plans) is forecast at 50,000 trials —
//! the whole pipeline the page runs, statistics included — three times to warm up and
//! then fifteen timed times, and reports the median.

use std::time::Instant;
use yardstick::engine::{bench_cases, forecast_with, generate_bench_plan};

const TRIALS: u32 = 50_000;
const WARM_UP: usize = 3;
const TIMED: usize = 15;

fn median_ms(project: &yardstick::model::Project) -> Result<f64, String> {
    let mut times = Vec::with_capacity(TIMED);
    for i in 0..WARM_UP + TIMED {
        let started = Instant::now();
        let forecast = forecast_with(project, TRIALS, 42).map_err(|e| format!("{e:?}"))?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(&forecast);
        if i >= WARM_UP {
            times.push(elapsed);
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn main() {
    if std::env::var_os("BENCH_BREAKDOWN").is_some() {
        breakdown();
    }
    let cases = bench_cases();
    for (name, project) in &cases {
        match median_ms(project) {
            Ok(ms) => println!("bench {name} native_ms={ms:.2}"),
            Err(e) => {
                eprintln!("bench {name} failed: {e}");
                std::process::exit(1);
            }
        }
    }
}

/// Where the time goes (to stderr), when BENCH_BREAKDOWN is set.
fn breakdown() {
    use yardstick::engine::{forecast, plan::Plan, sim, SimOptions};
    let p = generate_bench_plan(50, 3, 10, 7);
    let (mut compile, mut run, mut build) = (0.0, 0.0, 0.0);
    let reps = 10;
    for _ in 0..reps {
        let t = Instant::now();
        let plan = Plan::compile(&p);
        compile += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let s = sim::run(
            plan,
            &SimOptions {
                trials: TRIALS,
                seed: 42,
                detail: true,
            },
        );
        run += t.elapsed().as_secs_f64();
        let t = Instant::now();
        std::hint::black_box(forecast::build(&p, s, 42));
        build += t.elapsed().as_secs_f64();
    }
    let ms = |x: f64| x * 1000.0 / reps as f64;
    eprintln!(
        "compile {:.2} ms, run {:.2} ms, build {:.2} ms",
        ms(compile),
        ms(run),
        ms(build)
    );
}

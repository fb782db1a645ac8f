//! The engine's sampling against closed forms: PERT, triangular and uniform means and
//! percentiles, sums of independent tasks, and an all-fixed plan.
//!
//! Monte Carlo tolerances are stated per test as a multiple of the standard error.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use support::{fixed, project, task};
use yardstick::engine::{forecast, simulate, SimOptions};
use yardstick::model::{Distribution, ThreePoint};

fn one_task(tp: ThreePoint, d: Distribution, trials: u32) -> yardstick::engine::Forecast {
    let mut p = project(1.0);
    p.tasks.push(task(1, tp, d, &[]));
    p.settings.trials = trials;
    forecast(&p).expect("valid plan")
}

#[test]
fn pert_mean_is_a_plus_four_m_plus_b_over_six() {
    // Protects the PERT-beta sampler: mean (2 + 4·4 + 12) / 6 = 5. The standard
    // deviation is about 1.7, so the standard error at 200,000 trials is 0.004; allow 0.03.
    let f = one_task(ThreePoint::new(2.0, 4.0, 12.0), Distribution::Pert, 200_000);
    assert!((f.effort.mean - 5.0).abs() < 0.03, "mean {}", f.effort.mean);
    assert!(f.effort.min >= 2.0 && f.effort.max <= 12.0);
    // A skewed PERT has its median between the mode and the mean.
    assert!(
        f.effort.p50 > 4.0 && f.effort.p50 < 5.0,
        "median {}",
        f.effort.p50
    );
}

#[test]
fn triangular_mean_and_percentiles_match_closed_forms() {
    // Protects the triangular inverse CDF: Tri(0, 5, 10) has mean 5, median 5 and
    // P10 = sqrt(0.1 · 10 · 5) ≈ 2.236; quantile standard errors are below 0.02 here.
    let f = one_task(
        ThreePoint::new(0.0, 5.0, 10.0),
        Distribution::Triangular,
        100_000,
    );
    assert!((f.effort.mean - 5.0).abs() < 0.04, "{}", f.effort.mean);
    assert!((f.effort.p50 - 5.0).abs() < 0.05, "{}", f.effort.p50);
    assert!(
        (f.effort.p10 - 5f64.sqrt()).abs() < 0.05,
        "{}",
        f.effort.p10
    );
}

#[test]
fn uniform_mean_and_percentiles_match_closed_forms() {
    // Protects the uniform sampler: U(2, 8) has mean 5, P80 = 6.8 and P95 = 7.7.
    let f = one_task(
        ThreePoint::new(2.0, 5.0, 8.0),
        Distribution::Uniform,
        100_000,
    );
    assert!((f.effort.mean - 5.0).abs() < 0.03, "{}", f.effort.mean);
    assert!((f.effort.p80 - 6.8).abs() < 0.04, "{}", f.effort.p80);
    assert!((f.effort.p95 - 7.7).abs() < 0.04, "{}", f.effort.p95);
}

#[test]
fn a_serial_chain_adds_means_and_variances() {
    // Protects the sum of independent tasks: for a chain, duration = sum of efforts, so
    // its mean and variance are the sums of the tasks' (PERT variance = (μ−a)(b−μ)/7).
    let mut p = project(1.0);
    let tps = [
        ThreePoint::new(1.0, 2.0, 6.0),
        ThreePoint::new(3.0, 5.0, 10.0),
        ThreePoint::new(2.0, 2.5, 4.0),
    ];
    for (i, tp) in tps.iter().enumerate() {
        let deps: Vec<u32> = if i == 0 { vec![] } else { vec![i as u32] };
        p.tasks
            .push(task(i as u32 + 1, *tp, Distribution::Pert, &deps));
    }
    let sim = simulate(
        &p,
        &SimOptions {
            trials: 200_000,
            seed: 3,
            detail: false,
        },
    )
    .expect("valid");
    let n = sim.duration.len() as f64;
    let mean = sim.duration.iter().sum::<f64>() / n;
    let var = sim.duration.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let (mut want_mean, mut want_var) = (0.0, 0.0);
    for tp in tps {
        let mu = (tp.optimistic + 4.0 * tp.most_likely + tp.pessimistic) / 6.0;
        want_mean += mu;
        want_var += (mu - tp.optimistic) * (tp.pessimistic - mu) / 7.0;
    }
    // Standard error of the mean ≈ 0.003; of the variance about 0.5% of it.
    assert!((mean - want_mean).abs() < 0.02, "{mean} vs {want_mean}");
    assert!((var / want_var - 1.0).abs() < 0.03, "{var} vs {want_var}");
}

#[test]
fn a_fixed_only_plan_gives_exact_numbers() {
    // Protects exactness: no uncertainty means every percentile equals the plan.
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 3.0, &[]), fixed(2, 4.5, &[1]), fixed(3, 2.5, &[2])];
    p.fixed_costs.push(yardstick::model::FixedCost {
        name: "Licence".into(),
        amount: 1_000.0,
        stage: yardstick::model::Stage::Mvp,
    });
    let f = forecast(&p).expect("valid");
    for s in [&f.duration, &f.effort] {
        for v in [s.mean, s.min, s.p10, s.p50, s.p80, s.p90, s.p95, s.max] {
            assert_eq!(v, 10.0);
        }
    }
    assert_eq!(f.cost.p10, 6_000.0);
    assert_eq!(f.cost.p95, 6_000.0);
    assert_eq!(f.plan.duration, 10.0);
    assert_eq!(f.plan.cost, 6_000.0);
    assert_eq!(f.contingency.duration_buffer, 0.0);
    assert_eq!(f.contingency.cost_buffer, 0.0);
    // Ten working days from Monday 5 January end on Friday 16 January.
    assert_eq!(f.finish.p80.to_string(), "2026-01-16");
}

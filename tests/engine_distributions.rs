//! The engine's sampling against closed forms: PERT, triangular and uniform means and
//! percentiles, sums of independent tasks, and an all-fixed plan; and PERT's quantiles
//! (tails included), means and the longest of n equal tasks against the exact Beta
//! distribution, computed here by numerical integration.
//!
//! Monte Carlo tolerances are stated per test as a multiple of the standard error.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use support::{fixed, project, task};
use yardstick::engine::dist::{Sampler, Tables};
use yardstick::engine::rng::Rng;
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

/// The exact Beta(α, β) distribution on [0, 1], for PERT's α = 1 + 4(m − a)/(b − a) and
/// β = 1 + 4(b − m)/(b − a): masses by adaptive Simpson integration of the density, and
/// quantiles by bisection on them, independent of the engine's tables and series.
struct Beta {
    alpha: f64,
    beta: f64,
    total: f64,
}

impl Beta {
    fn pert(a: f64, m: f64, b: f64) -> Self {
        let r = (m - a) / (b - a);
        let (alpha, beta) = (1.0 + 4.0 * r, 1.0 + 4.0 * (1.0 - r));
        let total = end_mass(alpha, beta, 0.5) + end_mass(beta, alpha, 0.5);
        Self { alpha, beta, total }
    }

    /// Whether X ≤ x has a probability below p, decided on the side of x where the
    /// mass is small so that tail probabilities keep their relative precision.
    fn below(&self, x: f64, p: f64) -> bool {
        if x <= 0.5 {
            end_mass(self.alpha, self.beta, x) / self.total < p
        } else {
            end_mass(self.beta, self.alpha, 1.0 - x) / self.total > 1.0 - p
        }
    }

    /// The p-quantile, by bisection.
    fn quantile(&self, p: f64) -> f64 {
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..64 {
            let mid = 0.5 * (lo + hi);
            if self.below(mid, p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }
}

/// ∫₀ˣ t^(α−1) (1 − t)^(β−1) dt for x ≤ 1/2, with t = z⁴ so that the integrand is smooth
/// at 0 even when α is close to 1.
fn end_mass(alpha: f64, beta: f64, x: f64) -> f64 {
    let f = |z: f64| {
        let t = z.powi(4);
        4.0 * z.powf(4.0 * alpha - 1.0) * (1.0 - t).powf(beta - 1.0)
    };
    let top = x.powf(0.25);
    let (fa, fm, fb) = (f(0.0), f(top / 2.0), f(top));
    let whole = top / 6.0 * (fa + 4.0 * fm + fb);
    simpson(&f, 0.0, top, [fa, fm, fb], whole, 1e-13 * whole, 50)
}

/// Adaptive Simpson integration of `f` on [a, b] to absolute error `eps`.
fn simpson(
    f: &dyn Fn(f64) -> f64,
    a: f64,
    b: f64,
    v: [f64; 3],
    whole: f64,
    eps: f64,
    depth: u32,
) -> f64 {
    let m = 0.5 * (a + b);
    let (fl, fr) = (f(0.5 * (a + m)), f(0.5 * (m + b)));
    let left = (m - a) / 6.0 * (v[0] + 4.0 * fl + v[1]);
    let right = (b - m) / 6.0 * (v[1] + 4.0 * fr + v[2]);
    let delta = left + right - whole;
    if depth == 0 || delta.abs() <= 15.0 * eps {
        return left + right + delta / 15.0;
    }
    simpson(f, a, m, [v[0], fl, v[1]], left, eps / 2.0, depth - 1)
        + simpson(f, m, b, [v[1], fr, v[2]], right, eps / 2.0, depth - 1)
}

/// The PERT sampler of (a, m, b) and the tables it reads.
fn pert_sampler(a: f64, m: f64, b: f64) -> (Sampler, Tables) {
    let mut tables = Tables::new();
    let s = tables.sampler(&ThreePoint::new(a, m, b), Distribution::Pert);
    (s, tables)
}

/// Shapes with the mode in the middle, skewed either way and at either end.
const SHAPES: [(f64, f64, f64); 6] = [
    (1.0, 1.0, 5.0),
    (1.0, 4.0, 5.0),
    (0.0, 1.0, 10.0),
    (2.0, 3.0, 4.0),
    (0.0, 0.0, 10.0),
    (3.0, 12.0, 12.0),
];

#[test]
fn the_reference_beta_quantiles_match_closed_forms() {
    // Protects the reference the tail tests rely on: Beta(1, 5) has the quantile
    // 1 − (1 − p)^(1/5), and Beta(3, 3) is symmetric with its median at 1/2.
    let b15 = Beta::pert(0.0, 0.0, 1.0);
    for p in [1e-6f64, 0.001, 0.3, 0.9, 0.999, 0.999_999] {
        let want = -((-p).ln_1p() / 5.0).exp_m1();
        let got = b15.quantile(p);
        assert!(
            (got - want).abs() <= 1e-9 * want.min(1.0 - want),
            "{p}: {got} vs {want}"
        );
    }
    let b33 = Beta::pert(0.0, 0.5, 1.0);
    assert!((b33.quantile(0.5) - 0.5).abs() < 1e-14);
    assert!((b33.quantile(0.001) + b33.quantile(0.999) - 1.0).abs() < 1e-14);
}

#[test]
fn pert_tail_quantiles_match_the_exact_beta_quantiles() {
    // Protects the tails of PERT sampling: the value drawn at p = 0.1%, 1%, 99% and 99.9%
    // is the exact Beta quantile to within 0.05% of its distance from the nearer end of
    // the range (the strictest scale-free measure; a table running straight to the end
    // in its last 1/512 of probability was 15-65% off at 0.1% and 99.9%).
    for (a, m, b) in SHAPES {
        let (s, tables) = pert_sampler(a, m, b);
        let exact = Beta::pert(a, m, b);
        for p in [0.001, 0.01, 0.99, 0.999] {
            let x = exact.quantile(p);
            let want = a + (b - a) * x;
            let got = s.sample(p, &tables.values);
            let scale = (b - a) * x.min(1.0 - x);
            let error = (got - want) / scale;
            assert!(
                error.abs() < 5e-4,
                "({a}, {m}, {b}) p={p}: {got} vs {want} ({:+.4}%)",
                100.0 * error
            );
        }
    }
}

#[test]
fn the_longest_of_n_equal_pert_tasks_has_the_exact_p95() {
    // Protects the upper tail that decides the finish of parallel work: the longest of n
    // independent tasks is at most x with probability F(x)^n, so its P95 is the task's
    // quantile at 0.95^(1/n). For (1, 1, 5) that is 1 + 4(1 − (1 − 0.95^(1/n))^(1/5)),
    // which a table running straight to the end put 7.6% (n = 40) and 14% (n = 100) high.
    let (s, tables) = pert_sampler(1.0, 1.0, 5.0);
    let exact = Beta::pert(1.0, 1.0, 5.0);
    for n in [40.0, 100.0] {
        let p = 0.95f64.powf(1.0 / n);
        let want = 1.0 + 4.0 * exact.quantile(p);
        let got = s.sample(p, &tables.values);
        assert!((got / want - 1.0).abs() < 1e-3, "n={n}: {got} vs {want}");
    }
}

#[test]
fn the_longest_of_40_sampled_pert_tasks_has_the_exact_p95() {
    // Protects the same tail through the per-trial path (`fill_bits`), by Monte Carlo:
    // the P95 of the longest of 40 sampled (1, 1, 5) tasks over 100,000 trials. Its
    // standard error is about 0.003 (0.08%); allow 0.3%, far below the 7.6% of old.
    let (s, tables) = pert_sampler(1.0, 1.0, 5.0);
    let trials = 100_000;
    let mut rng = Rng::new(13);
    let mut longest = vec![f64::NEG_INFINITY; trials];
    let (scale, mut out) = (vec![1.0; trials], vec![0.0; trials]);
    for _ in 0..40 {
        let words: Vec<u64> = (0..trials).map(|_| rng.next_u64()).collect();
        s.fill_bits(&words, 0, &scale, &mut out, &tables.values);
        for (l, &v) in longest.iter_mut().zip(&out) {
            *l = l.max(v);
        }
    }
    longest.sort_by(f64::total_cmp);
    let got = longest[trials * 95 / 100];
    let want = 1.0 + 4.0 * Beta::pert(1.0, 1.0, 5.0).quantile(0.95f64.powf(1.0 / 40.0));
    assert!((got / want - 1.0).abs() < 3e-3, "{got} vs {want}");
}

#[test]
fn a_single_pert_task_has_the_pert_mean_to_a_hundredth_of_a_percent() {
    // Protects the mean (a + 4m + b)/6 of a PERT task to within 0.01%, without Monte
    // Carlo noise: the mean of the sampler over 2^21 evenly spaced uniforms (the
    // midpoint rule, exact on the table's linear pieces). A table running straight to
    // the ends made a (1, 1, 5) task 0.1% too long.
    let n: u64 = 1 << 21;
    let words: Vec<u64> = (0..n).map(|k| (k << 11) + (1 << 10)).collect();
    let (scale, mut out) = (vec![1.0; n as usize], vec![0.0; n as usize]);
    for (a, m, b) in SHAPES {
        let (s, tables) = pert_sampler(a, m, b);
        s.fill_bits(&words, 0, &scale, &mut out, &tables.values);
        let mean = out.iter().sum::<f64>() / n as f64;
        let want = (a + 4.0 * m + b) / 6.0;
        assert!(
            (mean / want - 1.0).abs() < 1e-4,
            "({a}, {m}, {b}): {mean} vs {want} ({:+.4}%)",
            100.0 * (mean / want - 1.0)
        );
    }
}

#[test]
fn pert_samples_rise_with_the_uniform_and_stay_in_the_range() {
    // Protects inverse-CDF sampling (the rank of a sample is the rank of its uniform,
    // which the sensitivity analysis relies on) and the range: over a sweep of 32-bit
    // uniforms that includes both ends and the neighbourhood of every power of two from
    // either end, each value is finite, within [a, b] and no smaller than the one before.
    let mut bits: Vec<u32> = (0..=u32::MAX / 40_503).map(|k| k * 40_503).collect();
    for e in 0..32 {
        for d in 0..3u32 {
            let p = 1u32 << e;
            bits.extend([
                p.wrapping_sub(d),
                p + d,
                (p + d).wrapping_neg(),
                p.wrapping_sub(d).wrapping_neg(),
            ]);
        }
    }
    bits.extend([0, 1, u32::MAX - 1, u32::MAX]);
    bits.sort_unstable();
    bits.dedup();
    let words: Vec<u64> = bits.iter().map(|&b| u64::from(b)).collect();
    let (scale, mut out) = (vec![1.0; words.len()], vec![0.0; words.len()]);
    for (a, m, b) in SHAPES {
        let (s, tables) = pert_sampler(a, m, b);
        s.fill_bits(&words, 0, &scale, &mut out, &tables.values);
        for (k, w) in out.windows(2).enumerate() {
            assert!(
                w[0].is_finite() && w[0] >= a && w[0] <= b,
                "({a}, {m}, {b}) {}: {}",
                bits[k],
                w[0]
            );
            assert!(
                w[1] >= w[0],
                "({a}, {m}, {b}) at bits {}: {} then {}",
                bits[k],
                w[0],
                w[1]
            );
        }
        assert_eq!(out[0], a);
        assert!(out[out.len() - 1] < b);
    }
}

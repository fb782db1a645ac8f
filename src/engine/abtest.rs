//! Test-in-production sizing (docs/MODEL.md §23): how many users (or requests) each
//! arm of an A/B test needs to detect a minimum effect, how many days that takes at
//! the given traffic, and how long a canary roll-out's steps take.
//!
//! Sample sizes use the normal approximation. For a rate (two proportions, the
//! pooled variance under the null hypothesis):
//!
//! n = ⌈(z_α·√(2·p̄·(1 − p̄)) + z_β·√(p₁(1 − p₁) + p₂(1 − p₂)))² / δ²⌉, p̄ = (p₁ + p₂) / 2,
//!
//! and for a mean with standard deviation σ: n = ⌈2·σ²·(z_α + z_β)² / δ²⌉, where
//! z_α = Φ⁻¹(1 − α/2) (two-sided) or Φ⁻¹(1 − α) (one-sided), z_β = Φ⁻¹(power), δ the
//! effect (absolute, or the baseline × a relative effect) and p₂ = p₁ + δ. A negative
//! bracket (a very low power) counts as zero, and n is at least 1. [`normal_quantile`]
//! is Wichura's algorithm AS 241 (PPND16, about 16 digits).
//!
//! Bad input is refused with a [`FieldError`] at the input's name (`baseline`, `mde`,
//! `alpha`, `power`, `traffic_share`, `daily_traffic`, `sd`; `steps[2].share` for a
//! canary), never answered with NaN; the checks of single inputs are the model's
//! ([`validate_ab_test`], [`validate_canary_steps`]), which a project's validation
//! also runs on its stored test.
//!
//! A project's stored test and canary plan become wait tasks in the Maturity stage
//! ([`experiment_wait_task`], [`canary_wait_task`]; docs/MODEL.md R144–R145), refused
//! at the stored paths (`plan.ab_test.baseline`, `plan.canary[1].share`).

use super::dist::ln;
use crate::format::shortest;
use crate::model::validate::{
    validate_ab_test, validate_canary_steps, FieldError, MAX_DEPENDENCIES,
};
use crate::model::{Distribution, Phase, Project, Stage, Task, TaskKind, ThreePoint};
use serde::Serialize;

pub use crate::model::experiment::{AbTest, CanaryStep, DEFAULT_CANARY, MAX_CANARY_STEPS};

/// Largest sample per arm worked out; a smaller effect is refused as undetectable.
pub const MAX_PER_ARM: f64 = 1e15;

/// The size of an A/B test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AbTestSize {
    /// Users or requests each arm needs.
    pub per_arm: u64,
    /// Both arms together.
    pub total: u64,
    /// Days until both arms have their sample at the daily traffic (rounded up).
    pub days: Option<u64>,
    /// The effect in the metric's units, δ.
    pub effect: f64,
    /// The treatment's rate or mean the test is powered for, baseline + δ.
    pub treatment: f64,
    pub z_alpha: f64,
    pub z_beta: f64,
}

/// Φ⁻¹(p), the standard normal quantile, for p in (0, 1) (Wichura's AS 241; ±∞ at 0
/// and 1, NaN outside). The coefficients are written as published, so that they can
/// be checked against the paper digit for digit.
#[allow(clippy::excessive_precision)]
pub fn normal_quantile(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return match p {
            0.0 => f64::NEG_INFINITY,
            1.0 => f64::INFINITY,
            _ => f64::NAN,
        };
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q
            * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r
                + 67265.770927008700853)
                * r
                + 45921.953931549871457)
                * r
                + 13731.693765509461125)
                * r
                + 1971.5909503065514427)
                * r
                + 133.14166789178437745)
                * r
                + 3.387132872796366608)
            / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r
                + 39307.89580009271061)
                * r
                + 21213.794301586595867)
                * r
                + 5394.1960214247511077)
                * r
                + 687.1870074920579083)
                * r
                + 42.313330701600911252)
                * r
                + 1.0);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let mut r = (-ln(tail)).sqrt();
    let value = if r <= 5.0 {
        r -= 1.6;
        (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r
            + 0.24178072517745061177)
            * r
            + 1.27045825245236838258)
            * r
            + 3.64784832476320460504)
            * r
            + 5.7694972214606914055)
            * r
            + 4.6303378461565452959)
            * r
            + 1.42343711074968357734)
            / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r
                + 0.0151986665636164571966)
                * r
                + 0.14810397642748007459)
                * r
                + 0.68976733498510000455)
                * r
                + 1.6763848301838038494)
                * r
                + 2.05319162663775882187)
                * r
                + 1.0)
    } else {
        r -= 5.0;
        (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r
            + 0.0012426609473880784386)
            * r
            + 0.026532189526576123093)
            * r
            + 0.29656057182850489123)
            * r
            + 1.7848265399172913358)
            * r
            + 5.4637849111641143699)
            * r
            + 6.6579046435011037772)
            / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r
                + 1.8463183175100546818e-5)
                * r
                + 7.868691311456132591e-4)
                * r
                + 0.0148753612908506148525)
                * r
                + 0.13692988092273580531)
                * r
                + 0.59983220655588793769)
                * r
                + 1.0)
    };
    if q < 0.0 {
        -value
    } else {
        value
    }
}

/// Sizes an A/B test, or says which inputs stop it.
pub fn size(t: &AbTest) -> Result<AbTestSize, Vec<FieldError>> {
    let errors = validate_ab_test(t);
    if !errors.is_empty() {
        return Err(errors);
    }
    let effect = if t.relative {
        t.baseline * t.mde
    } else {
        t.mde
    };
    let treatment = t.baseline + effect;
    let z_alpha = normal_quantile(if t.two_sided {
        1.0 - t.alpha / 2.0
    } else {
        1.0 - t.alpha
    });
    let z_beta = normal_quantile(t.power);
    let bracket = match t.sd {
        None => {
            let (p1, p2) = (t.baseline, treatment);
            let pooled = (p1 + p2) / 2.0;
            z_alpha * (2.0 * pooled * (1.0 - pooled)).sqrt()
                + z_beta * (p1 * (1.0 - p1) + p2 * (1.0 - p2)).sqrt()
        }
        Some(sd) => (z_alpha + z_beta) * sd * std::f64::consts::SQRT_2,
    };
    let exact = bracket.max(0.0).powi(2) / (effect * effect);
    if !(exact <= MAX_PER_ARM) {
        return Err(vec![FieldError::new(
            "mde",
            format!(
                "The effect is too small to detect: each arm would need more than {} users.",
                shortest(MAX_PER_ARM)
            ),
        )]);
    }
    let per_arm = (exact.ceil() as u64).max(1);
    let total = 2 * per_arm;
    let days = t
        .daily_traffic
        .map(|daily| days_for(total as f64, daily * t.traffic_share));
    Ok(AbTestSize {
        per_arm,
        total,
        days,
        effect,
        treatment,
        z_alpha,
        z_beta,
    })
}

/// ⌈needed / per_day⌉, at least 1.
fn days_for(needed: f64, per_day: f64) -> u64 {
    let days = (needed / per_day).ceil();
    if days.is_finite() && days >= 1.0 {
        days as u64
    } else {
        1
    }
}

/// A step of a worked-out canary plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CanaryStage {
    pub share: f64,
    pub days: f64,
    /// Days from the start of the roll-out to the start of this step.
    pub starts_after: f64,
    /// Requests the new model sees in this step, at the daily traffic.
    pub requests: Option<f64>,
}

/// A canary roll-out's steps and its length.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CanaryPlan {
    pub steps: Vec<CanaryStage>,
    /// The sum of the steps' days.
    pub total_days: f64,
}

/// Works out a canary roll-out: shares in (0, 1] that never fall, durations of zero
/// days or more, 1 to [`MAX_CANARY_STEPS`] steps.
pub fn canary(steps: &[CanaryStep], daily: Option<f64>) -> Result<CanaryPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    if steps.is_empty() || steps.len() > MAX_CANARY_STEPS {
        errors.push(FieldError::new(
            "steps",
            format!("A canary plan has 1 to {MAX_CANARY_STEPS} steps."),
        ));
        return Err(errors);
    }
    if let Some(d) = daily {
        if !(d > 0.0 && d.is_finite()) {
            errors.push(FieldError::new(
                "daily_traffic",
                "The daily traffic must be a number above zero.",
            ));
        }
    }
    errors.extend(validate_canary_steps("steps", steps));
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut start = 0.0;
    let stages = steps
        .iter()
        .map(|s| {
            let stage = CanaryStage {
                share: s.share,
                days: s.days,
                starts_after: start,
                requests: daily.map(|d| d * s.share * s.days),
            };
            start += s.days;
            stage
        })
        .collect();
    Ok(CanaryPlan {
        steps: stages,
        total_days: start,
    })
}

/// How far the daily traffic may run from its estimate, either way, in the A/B
/// test's wait: the optimistic duration is at traffic 25% higher, the pessimistic at
/// 25% lower (docs/MODEL.md R144).
pub const TRAFFIC_SPREAD: f64 = 0.25;

/// How much longer than planned a canary roll-out may take (a step held, or repeated
/// after a roll-back): its wait's pessimistic duration is 1.5 × the planned days.
pub const CANARY_OVERRUN: f64 = 1.5;

/// Calendar days (tests and roll-outs run every day) as working days of the project's
/// week.
fn working_days(p: &Project, calendar_days: f64) -> f64 {
    calendar_days * f64::from(p.working_days_per_week) / 7.0
}

/// A wait task for `project` in the Maturity stage: the next free id, the first role
/// (not read), PERT, after every Deployment task that no other Deployment task
/// depends on (the model must be live), at most [`MAX_DEPENDENCIES`] of them.
fn wait_task(project: &Project, name: String, phase: Phase, days: ThreePoint) -> Task {
    let deployment: Vec<&Task> = project
        .tasks
        .iter()
        .filter(|t| t.phase == Phase::Deployment)
        .collect();
    let depends_on = deployment
        .iter()
        .filter(|t| !deployment.iter().any(|s| s.depends_on.contains(&t.id)))
        .map(|t| t.id)
        .take(MAX_DEPENDENCIES)
        .collect();
    Task {
        id: project.next_task_id(),
        name,
        phase,
        stage: Stage::Maturity,
        role: project.team.first().map_or(0, |r| r.id),
        effort: days,
        distribution: Distribution::Pert,
        kind: TaskKind::Wait,
        depends_on,
        ..Default::default()
    }
}

/// Puts `errors` of an input under `prefix` (`plan.ab_test.baseline`).
fn under(prefix: &str, errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError::new(format!("{prefix}.{}", e.path), e.message))
        .collect()
}

/// The project's stored A/B test as a wait task (docs/MODEL.md R144): “A/B test:
/// metric” in Evaluation, Maturity, lasting the sized days at the daily traffic as
/// working days, with [`TRAFFIC_SPREAD`] either way. Refused at `plan.ab_test.*`
/// when the test cannot be sized or has no daily traffic.
pub fn experiment_wait_task(project: &Project) -> Result<Task, Vec<FieldError>> {
    let test = &project.plan.ab_test;
    let sized = size(test).map_err(|e| under("plan.ab_test", e))?;
    let Some(days) = sized.days else {
        return Err(vec![FieldError::new(
            "plan.ab_test.daily_traffic",
            "Enter the daily traffic to work out how long the test runs.",
        )]);
    };
    let m = working_days(project, days as f64);
    let metric = test.metric.trim();
    let name = if metric.is_empty() {
        "A/B test".to_owned()
    } else {
        format!("A/B test: {metric}")
    };
    let spread = ThreePoint::new(m / (1.0 + TRAFFIC_SPREAD), m, m / (1.0 - TRAFFIC_SPREAD));
    Ok(wait_task(project, name, Phase::Evaluation, spread))
}

/// The project's stored canary roll-out as a wait task (docs/MODEL.md R145):
/// “Canary roll-out” in Deployment, Maturity, lasting the steps' days as working
/// days, up to [`CANARY_OVERRUN`] times as long. Refused at `plan.canary` (no steps)
/// or `plan.canary[i].*`.
pub fn canary_wait_task(project: &Project) -> Result<Task, Vec<FieldError>> {
    let plan = canary(&project.plan.canary, None).map_err(|e| {
        e.into_iter()
            .map(|e| {
                let path = e.path.replacen("steps", "plan.canary", 1);
                FieldError::new(path, e.message)
            })
            .collect::<Vec<_>>()
    })?;
    let m = working_days(project, plan.total_days);
    let days = ThreePoint::new(m, m, m * CANARY_OVERRUN);
    Ok(wait_task(
        project,
        "Canary roll-out".into(),
        Phase::Deployment,
        days,
    ))
}

/// Whether `project` already has a task like `task` (same kind and name, ignoring
/// case and surrounding spaces): what the page checks to say “added”.
pub fn already_added(project: &Project, task: &Task) -> bool {
    let name = task.name.trim();
    project
        .tasks
        .iter()
        .any(|t| t.kind == task.kind && t.name.trim().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(baseline: f64, mde: f64) -> AbTest {
        AbTest {
            baseline,
            mde,
            ..AbTest::default()
        }
    }

    fn mean(sd: f64, mde: f64) -> AbTest {
        AbTest {
            baseline: 100.0,
            mde,
            sd: Some(sd),
            ..AbTest::default()
        }
    }

    fn per_arm(t: &AbTest) -> u64 {
        size(t).unwrap().per_arm
    }

    fn paths(t: &AbTest) -> Vec<String> {
        size(t).unwrap_err().into_iter().map(|e| e.path).collect()
    }

    #[test]
    fn the_normal_quantile_matches_reference_values() {
        // Φ⁻¹ to 17 digits (Python's statistics.NormalDist().inv_cdf, an independent
        // AS 241, agrees with these to the last digit).
        let known = [
            (0.975, 1.959_963_984_540_054),
            (0.8, 0.841_621_233_572_914_3),
            (0.95, 1.644_853_626_951_472_2),
            (0.99, 2.326_347_874_040_840_8),
            (0.999, 3.090_232_306_167_813_5),
            (0.9, 1.281_551_565_544_600_4),
            (0.3, -0.524_400_512_708_040_7),
            (0.02425, -1.972_961_051_311_884_5),
            (1e-10, -6.361_340_902_404_056),
            (1e-300, -37.047_096_299_361_2),
            (0.5, 0.0),
        ];
        for (p, z) in known {
            let got = normal_quantile(p);
            assert!(
                (got - z).abs() <= 4.0 * f64::EPSILON * z.abs().max(1.0),
                "{p}: {got} vs {z}"
            );
            // 1 − p is rounded, so away from the far tails the mirror image agrees to a
            // few units in the last place.
            if p >= 0.01 {
                let mirror = normal_quantile(1.0 - p);
                assert!(
                    (mirror + got).abs() <= 8.0 * f64::EPSILON * z.abs().max(1.0),
                    "{p}"
                );
            }
        }
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(1.5).is_nan() && normal_quantile(f64::NAN).is_nan());
        // Increasing across the three branches' joins.
        let mut last = f64::NEG_INFINITY;
        for i in 1..2_000 {
            let z = normal_quantile(f64::from(i) / 2_000.0);
            assert!(z > last);
            last = z;
        }
    }

    #[test]
    fn two_proportions_give_the_pooled_normal_approximation() {
        // The known answer: 10% → 12%, α = 0.05 two-sided, power 0.8.
        assert_eq!(per_arm(&rate(0.1, 0.02)), 3_841);
        // The same effect as a relative one: 20% of 10%.
        let relative = AbTest {
            relative: true,
            ..rate(0.1, 0.2)
        };
        let s = size(&relative).unwrap();
        assert_eq!(s.per_arm, 3_841);
        assert!((s.treatment - 0.12).abs() < 1e-15);
        // One-sided needs fewer (3,025.3 → 3,026).
        let one_sided = AbTest {
            two_sided: false,
            ..rate(0.1, 0.02)
        };
        assert_eq!(per_arm(&one_sided), 3_026);
        // More cases of the same formula, each worked independently to the decimals:
        // 5% → 6%: 8,157.73; 20% → 25% at power 0.9: 1,463.71; 50% → 60%: 387.34;
        // 10% → 11% at α = 0.01, power 0.9: 27,963.34; a fall, 30% → 25%: 1,250.72.
        let cases = [
            (0.05, 0.01, 0.05, 0.8, 8_158),
            (0.2, 0.05, 0.05, 0.9, 1_464),
            (0.5, 0.1, 0.05, 0.8, 388),
            (0.1, 0.01, 0.01, 0.9, 27_964),
            (0.3, -0.05, 0.05, 0.8, 1_251),
        ];
        for (baseline, mde, alpha, power, n) in cases {
            let t = AbTest {
                alpha,
                power,
                ..rate(baseline, mde)
            };
            assert_eq!(per_arm(&t), n, "{baseline} {mde}");
        }
    }

    #[test]
    fn a_continuous_metric_uses_its_standard_deviation() {
        // d = 0.5, α = 0.05 two-sided, power 0.8: 62.79 per group (statsmodels'
        // NormalIndPower; Lehr's rule 16/d² = 64 rounds the constant up), so 63.
        assert_eq!(per_arm(&mean(1.0, 0.5)), 63);
        assert_eq!(per_arm(&mean(1.0, 0.2)), 393); // 392.44
        let t = AbTest {
            power: 0.9,
            ..mean(10.0, 2.0)
        };
        assert_eq!(per_arm(&t), 526); // 525.37
        let t = AbTest {
            two_sided: false,
            ..mean(1.0, 0.5)
        };
        assert_eq!(per_arm(&t), 50); // 49.46
                                     // Relative: 0.5% of a mean of 100 is 0.5.
        let t = AbTest {
            relative: true,
            ..mean(1.0, 0.005)
        };
        assert_eq!(per_arm(&t), 63);
    }

    #[test]
    fn the_days_follow_the_traffic_in_the_test() {
        // 2 × 3,841 = 7,682 users at 1,000 a day, half of them in the test: 15.4 → 16.
        let t = AbTest {
            daily_traffic: Some(1_000.0),
            traffic_share: 0.5,
            ..rate(0.1, 0.02)
        };
        let s = size(&t).unwrap();
        assert_eq!((s.total, s.days), (7_682, Some(16)));
        let t = AbTest {
            daily_traffic: Some(1e9),
            ..t
        };
        assert_eq!(size(&t).unwrap().days, Some(1), "at least a day");
        assert_eq!(size(&rate(0.1, 0.02)).unwrap().days, None);
    }

    #[test]
    fn a_tiny_power_still_asks_for_one_user() {
        let t = AbTest {
            alpha: 0.9,
            power: 0.05,
            two_sided: false,
            ..rate(0.1, 0.05)
        };
        assert_eq!(per_arm(&t), 1);
    }

    #[test]
    fn bad_input_is_refused_at_its_field() {
        for b in [0.0, 1.0, -0.1, 1.2, f64::NAN] {
            assert_eq!(paths(&rate(b, 0.01)), ["baseline"], "{b}");
        }
        let e = size(&rate(0.9, 0.2)).unwrap_err();
        assert_eq!(e[0].path, "mde");
        assert_eq!(
            e[0].message,
            "An effect of 0.2 on a baseline of 0.9 gives a rate of 1.1, outside 0 to 1: the effect is larger than the baseline allows."
        );
        assert_eq!(paths(&rate(0.1, -0.1)), ["mde"], "a fall to 0%");
        assert_eq!(paths(&rate(0.1, 0.0)), ["mde"]);
        assert_eq!(paths(&rate(0.1, f64::INFINITY)), ["mde"]);
        assert_eq!(paths(&rate(0.1, 1e-9)), ["mde"], "too small to detect");
        for x in [0.0, 1.0, -1.0, f64::NAN] {
            let t = AbTest {
                alpha: x,
                power: x,
                ..rate(0.1, 0.02)
            };
            assert_eq!(paths(&t), ["alpha", "power"], "{x}");
        }
        let t = AbTest {
            traffic_share: 0.0,
            daily_traffic: Some(-5.0),
            ..rate(0.1, 0.02)
        };
        assert_eq!(paths(&t), ["traffic_share", "daily_traffic"]);
        assert_eq!(paths(&mean(0.0, 1.0)), ["sd"]);
        assert_eq!(paths(&mean(f64::NAN, 1.0)), ["sd"]);
        let t = AbTest {
            baseline: f64::NAN,
            ..mean(1.0, 1.0)
        };
        assert_eq!(paths(&t), ["baseline"]);
        // A relative effect on a mean of zero is no effect.
        let t = AbTest {
            baseline: 0.0,
            relative: true,
            ..mean(1.0, 0.1)
        };
        assert_eq!(paths(&t), ["mde"]);
    }

    #[test]
    fn a_canary_plan_adds_up_its_steps() {
        let plan = canary(&DEFAULT_CANARY, Some(10_000.0)).unwrap();
        assert_eq!(plan.total_days, 6.0);
        let starts: Vec<f64> = plan.steps.iter().map(|s| s.starts_after).collect();
        assert_eq!(starts, [0.0, 1.0, 2.0, 4.0]);
        assert_eq!(plan.steps[2].requests, Some(5_000.0));
        assert_eq!(
            canary(&DEFAULT_CANARY, None).unwrap().steps[0].requests,
            None
        );
        let errors = |steps: &[CanaryStep], daily| -> Vec<String> {
            canary(steps, daily)
                .unwrap_err()
                .into_iter()
                .map(|e| e.path)
                .collect()
        };
        assert_eq!(errors(&[], None), ["steps"]);
        assert_eq!(
            errors(
                &[CanaryStep {
                    share: 0.1,
                    days: 1.0
                }; 21],
                None
            ),
            ["steps"]
        );
        let falling = [
            CanaryStep {
                share: 0.5,
                days: 1.0,
            },
            CanaryStep {
                share: 0.1,
                days: f64::NAN,
            },
            CanaryStep {
                share: 0.0,
                days: -1.0,
            },
        ];
        assert_eq!(
            errors(&falling, Some(0.0)),
            [
                "daily_traffic",
                "steps[1].share",
                "steps[1].days",
                "steps[2].share",
                "steps[2].days"
            ]
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Mostly a plausible value in `lo..hi`, sometimes any number at all.
        fn number(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
            prop_oneof![
                3 => lo..hi,
                1 => prop_oneof![
                    any::<f64>(),
                    -1.0..2.0,
                    Just(0.0),
                    Just(1.0),
                    Just(f64::NAN),
                ],
            ]
        }

        proptest! {
            /// Any input is refused at a named field or sized with finite numbers.
            #[test]
            fn a_test_is_refused_or_sized_without_nan(
                baseline in number(0.001, 0.999), mde in number(-0.5, 0.5),
                alpha in number(1e-6, 0.999), power in number(1e-6, 0.999999),
                share in number(0.001, 1.0), daily in number(1.0, 1e9),
                sd in prop::option::of(number(1e-3, 1e3)), relative: bool, two_sided: bool,
            ) {
                let t = AbTest {
                    baseline, mde, relative, alpha, power, two_sided,
                    traffic_share: share, daily_traffic: Some(daily), sd,
                    ..AbTest::default()
                };
                match size(&t) {
                    Err(errors) => prop_assert!(!errors.is_empty()),
                    Ok(s) => {
                        prop_assert!(s.per_arm >= 1 && s.days.unwrap() >= 1);
                        prop_assert!(s.effect.is_finite() && s.treatment.is_finite());
                        prop_assert!(s.z_alpha.is_finite() && s.z_beta.is_finite());
                    }
                }
            }
        }
    }
}

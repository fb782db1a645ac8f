//! Correlated estimates (docs/MODEL.md §19) against their closed forms: the rank
//! correlation achieved between two tasks equals the setting — for two tasks sharing
//! one common factor of the normal-score copula, Spearman's ρ_s = (6/π)·asin(ρ/2) with
//! ρ = 2·sin(π·setting/6), which is the setting itself — whatever their distributions;
//! tasks that share nothing stay independent; each task keeps its own distribution; and
//! a phase whose tasks move together has a wider P80.
//!
//! The tests read each task's effort from its finish: every task has a person of its
//! own, no predecessor and starts at 0. Rank correlations are over 8 seeds × 5,000
//! detail trials = 40,000 pairs, whose standard error is below (1 − ρ_s²)/√40,000 ≤
//! 0.005; the tolerance is 0.015 (three standard errors).
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use support::{project, task};
use yardstick::engine::{forecast, simulate, SimOptions};
use yardstick::model::{Correlation, Distribution, Phase, Project, Role, ThreePoint};

/// Average ranks (1-based, ties share the mean rank).
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..xs.len()).collect();
    idx.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && xs[idx[j + 1]] == xs[idx[i]] {
            j += 1;
        }
        for &k in &idx[i..=j] {
            r[k] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let mean = (n + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mean) * (b - mean);
        sxx += (a - mean) * (a - mean);
        syy += (b - mean) * (b - mean);
    }
    sxy / (sxx * syy).sqrt()
}

/// Two tasks, each with a person of its own: (phase, role) of each, and the setting.
fn pair(a: (Phase, u32), b: (Phase, u32), within_phase: f64, within_role: f64) -> Project {
    let mut p = project(2.0);
    p.team.push(Role {
        id: 2,
        name: "Data engineer".into(),
        headcount: 2.0,
        day_rate: 400.0,
    });
    let mut t1 = task(1, ThreePoint::new(2.0, 4.0, 12.0), Distribution::Pert, &[]);
    let mut t2 = task(
        2,
        ThreePoint::new(1.0, 2.0, 9.0),
        Distribution::Triangular,
        &[],
    );
    (t1.phase, t1.role) = a;
    (t2.phase, t2.role) = b;
    p.tasks = vec![t1, t2];
    p.settings.correlation = Correlation {
        within_phase,
        within_role,
    };
    p
}

/// The rank correlation of the two tasks' efforts over 8 seeds' detail trials.
fn achieved(p: &Project) -> f64 {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for seed in 1..=8 {
        let sim = simulate(
            p,
            &SimOptions {
                trials: 5_000,
                seed,
                detail: true,
            },
        )
        .expect("a valid plan");
        let d = sim.detail.expect("detail was asked for");
        // Internal order: the tasks are independent, in list order.
        x.extend(d.finish[..d.rows].iter().map(|&f| f64::from(f)));
        y.extend(d.finish[d.rows..2 * d.rows].iter().map(|&f| f64::from(f)));
    }
    spearman(&x, &y)
}

/// Spearman's ρ_s of two tasks whose normal scores have correlation `rho`.
fn rank_of_normal(rho: f64) -> f64 {
    6.0 / std::f64::consts::PI * (rho / 2.0).asin()
}

/// The normal-score correlation of a setting: 2·sin(π·setting/6).
fn normal_of_rank(setting: f64) -> f64 {
    2.0 * (std::f64::consts::PI * setting / 6.0).sin()
}

#[test]
fn two_tasks_of_one_phase_reach_the_phase_setting() {
    // Protects the phase factor and the rank-to-normal map: expected ρ_s =
    // (6/π)·asin(ρ/2) with ρ = 2·sin(π·0.5/6) = 0.5176, i.e. exactly 0.5, for a PERT
    // and a triangular task of different roles.
    let expected = rank_of_normal(normal_of_rank(0.5));
    assert!((expected - 0.5).abs() < 1e-12);
    let got = achieved(&pair(
        (Phase::Modelling, 1),
        (Phase::Modelling, 2),
        0.5,
        0.0,
    ));
    assert!((got - expected).abs() < 0.015, "achieved {got}");
}

#[test]
fn two_tasks_of_one_role_reach_the_role_setting() {
    // Protects the role factor: different phases, one role, within_role 0.3 → 0.3.
    let got = achieved(&pair(
        (Phase::DataPreparation, 2),
        (Phase::Deployment, 2),
        0.4,
        0.3,
    ));
    assert!((got - 0.3).abs() < 0.015, "achieved {got}");
}

#[test]
fn a_shared_phase_and_role_add_their_normal_correlations() {
    // Protects the sum of the two factors: ρ = 2 sin(π·0.3/6) + 2 sin(π·0.2/6) =
    // 0.3129 + 0.2091 = 0.5219, so ρ_s = (6/π)·asin(0.2610) = 0.5042.
    let expected = rank_of_normal(normal_of_rank(0.3) + normal_of_rank(0.2));
    assert!((expected - 0.5042).abs() < 1e-4);
    let got = achieved(&pair(
        (Phase::Modelling, 1),
        (Phase::Modelling, 1),
        0.3,
        0.2,
    ));
    assert!((got - expected).abs() < 0.015, "achieved {got}");
}

#[test]
fn tasks_that_share_neither_phase_nor_role_stay_independent() {
    // Protects the grouping: another phase and another role share no factor.
    let got = achieved(&pair(
        (Phase::Modelling, 1),
        (Phase::Evaluation, 2),
        0.6,
        0.3,
    ));
    assert!(got.abs() < 0.015, "achieved {got}");
}

#[test]
fn each_task_keeps_its_own_distribution() {
    // Protects the copula's margins: the normal score goes back through Φ, so a task's
    // effort quantiles are those of its own PERT (2, 4, 12) with or without
    // correlation; standard errors at 100,000 trials are below 0.01, allow 0.03.
    let mut p = pair((Phase::Modelling, 1), (Phase::Modelling, 2), 0.0, 0.0);
    p.tasks.truncate(1);
    p.settings.trials = 100_000;
    let independent = forecast(&p).unwrap();
    p.settings.correlation.within_phase = 0.9;
    let correlated = forecast(&p).unwrap();
    for (a, b) in [
        (independent.effort.mean, correlated.effort.mean),
        (independent.effort.p50, correlated.effort.p50),
        (independent.effort.p80, correlated.effort.p80),
        (independent.effort.p95, correlated.effort.p95),
    ] {
        assert!((a - b).abs() < 0.03, "{a} against {b}");
    }
}

#[test]
fn a_phase_that_moves_together_has_a_wider_p80() {
    // Protects what correlation is for: ten tasks of one phase in a chain, PERT
    // (2, 4, 12) each; independent, the sum's spread shrinks like √10, correlated
    // (0.5) it does not, so P80 rises and P10 falls while the mean stays (sums of the
    // same margins). The gap is several days, far above the noise at 20,000 trials.
    let mut p = project(1.0);
    for id in 1..=10u32 {
        let deps: Vec<u32> = (id > 1).then_some(id - 1).into_iter().collect();
        p.tasks.push(task(
            id,
            ThreePoint::new(2.0, 4.0, 12.0),
            Distribution::Pert,
            &deps,
        ));
    }
    let independent = forecast(&p).unwrap();
    p.settings.correlation.within_phase = 0.5;
    let correlated = forecast(&p).unwrap();
    assert!(
        correlated.duration.p80 > independent.duration.p80 + 2.0,
        "{} against {}",
        correlated.duration.p80,
        independent.duration.p80
    );
    assert!(correlated.duration.p10 < independent.duration.p10 - 2.0);
    assert!((correlated.duration.mean - independent.duration.mean).abs() < 0.3);
}

#[test]
fn settings_out_of_range_are_refused_at_their_field() {
    // Protects validation: each setting 0–0.95, and their sum at most 0.95 (reported
    // on within_role), so every task keeps a spread of its own.
    let paths = |phase: f64, role: f64| {
        let mut p = pair((Phase::Modelling, 1), (Phase::Modelling, 2), phase, role);
        p.settings.correlation = Correlation {
            within_phase: phase,
            within_role: role,
        };
        yardstick::model::validate::validate(&p)
            .into_iter()
            .map(|e| e.path)
            .collect::<Vec<_>>()
    };
    assert!(paths(0.5, 0.45).is_empty());
    assert_eq!(paths(0.6, 0.5), ["settings.correlation.within_role"]);
    assert_eq!(paths(1.2, 0.0), ["settings.correlation.within_phase"]);
    assert_eq!(paths(0.0, f64::NAN), ["settings.correlation.within_role"]);
    assert_eq!(paths(-0.1, 0.0), ["settings.correlation.within_phase"]);
}

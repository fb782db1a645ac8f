//! Joint confidence (docs/MODEL.md §20) against a direct count over the trials, and
//! the bridge from the plan to the confidence level (§21): its steps add up to the
//! confidence-level duration and cost minus the plan's, for every template, and it
//! ends where the forecast does.
#![cfg(not(target_arch = "wasm32"))]

use yardstick::engine::calendar::Calendar;
use yardstick::engine::{bridge, forecast, simulate, SimOptions};
use yardstick::model::templates::{template, templates};
use yardstick::model::{Correlation, Date, Project};

fn start() -> Date {
    Date::from_ymd(2026, 3, 2).expect("a real date")
}

/// Every template, with fewer trials (the tests run unoptimised).
fn all_templates(trials: u32) -> Vec<Project> {
    templates()
        .iter()
        .map(|t| {
            let mut p = template(t.key, "t".into(), start()).expect("a template");
            p.settings.trials = trials;
            p
        })
        .collect()
}

#[test]
fn joint_probability_is_a_direct_count_and_never_above_either_target() {
    // Protects R116: the share of trials within both targets, counted here from the
    // same run's trials; and, being a share of a subset, at most each single share.
    for mut p in all_templates(5_000) {
        let f0 = forecast(&p).unwrap();
        // Targets near the middle of the spread, so that all four outcomes occur.
        p.settings.target_budget = Some(f0.cost.p50);
        p.settings.target_date = Some(f0.finish.p50);
        let f = forecast(&p).unwrap();
        let joint = f.joint.as_ref().expect("both targets are set");
        let sim = simulate(
            &p,
            &SimOptions {
                trials: p.settings.trials,
                seed: p.settings.seed,
                detail: false,
            },
        )
        .unwrap();
        let cal = Calendar::new(&p, f.duration.max.max(f.plan.duration) + 2.0);
        let days = cal.working_days_through(f0.finish.p50).unwrap();
        let both = (0..sim.trials)
            .filter(|&t| sim.duration[t] <= days && sim.cost[t] <= f0.cost.p50)
            .count();
        assert_eq!(
            joint.probability,
            both as f64 / sim.trials as f64,
            "{}",
            p.name
        );
        assert!(joint.probability <= f.probability_by_target_date.unwrap());
        assert!(joint.probability <= f.probability_within_budget.unwrap());
        assert!(joint.probability > 0.0 && joint.probability < 1.0);

        // R117: each frontier point's budget gives the confidence jointly with its
        // date, and the next lower cost of a trial by that date would not.
        let need = (p.settings.confidence * sim.trials as f64 - 1e-9).ceil() as usize;
        assert!(!joint.frontier.is_empty());
        for pair in joint.frontier.windows(2) {
            assert!(pair[0].finish < pair[1].finish);
            assert!(
                pair[1].cost <= pair[0].cost,
                "later dates need no more money"
            );
        }
        for point in &joint.frontier {
            let by_date: Vec<f64> = (0..sim.trials)
                .filter(|&t| sim.duration[t] <= point.days)
                .map(|t| sim.cost[t])
                .collect();
            let within = by_date.iter().filter(|&&c| c <= point.cost).count();
            let below = by_date.iter().filter(|&&c| c < point.cost).count();
            assert!(within >= need && below < need, "{}: {point:?}", p.name);
        }
        // R118: at most 500 points, trials evenly spread, in trial order.
        assert_eq!(joint.scatter.len(), 500);
        assert_eq!(joint.scatter[1].days, sim.duration[10]);
        assert_eq!(joint.scatter[499].cost, sim.cost[4_990]);
    }
}

#[test]
fn no_joint_figures_without_both_targets() {
    let mut p = all_templates(2_000).remove(0);
    p.settings.target_date = None;
    p.settings.target_budget = Some(1e6);
    assert!(forecast(&p).unwrap().joint.is_none());
}

#[test]
fn the_bridge_adds_up_to_the_forecast_for_every_template() {
    // Protects R119–R123: the steps sum to the confidence-level duration and cost minus
    // the plan's (within rounding), the last run is the forecast's (same trials and
    // seed), and each step names its section.
    for mut p in all_templates(4_000) {
        p.settings.correlation = Correlation {
            within_phase: 0.3,
            within_role: 0.1,
        };
        let f = forecast(&p).unwrap();
        let b = bridge(&p).unwrap();
        assert_eq!(b.trials, p.settings.trials);
        assert_eq!(b.plan.days, f.plan.duration);
        assert_eq!(b.plan.cost, f.plan.cost);
        assert_eq!(b.total.days, f.contingency.duration, "{}", p.name);
        assert_eq!(b.total.cost, f.contingency.cost, "{}", p.name);
        let days: f64 = b.steps.iter().map(|s| s.days).sum();
        let cost: f64 = b.steps.iter().map(|s| s.cost).sum();
        let tol = |x: f64| 1e-9 * x.abs().max(1.0);
        assert!((days - (f.contingency.duration - f.plan.duration)).abs() < tol(days));
        assert!((cost - (f.contingency.cost - f.plan.cost)).abs() < tol(cost));
        // The order of R120, with one step per active factor and per risk.
        assert_eq!(b.steps[0].section, "tasks");
        let sections: Vec<&str> = b.steps.iter().map(|s| s.section.as_str()).collect();
        let at = |s: &str| sections.iter().position(|x| *x == s).unwrap();
        assert!(at("forecast") < at("team"));
        assert_eq!(
            sections.iter().filter(|s| **s == "risks").count(),
            p.risks.len()
        );
        // Capacity and merging move dates, never money.
        assert_eq!(b.steps[at("team")].cost, 0.0);
        // P80 without correlation is the forecast with it switched off.
        let mut off = p.clone();
        off.settings.correlation = Correlation::default();
        let f_off = forecast(&off).unwrap();
        let w = b
            .without_correlation
            .expect("the project has a correlation");
        assert_eq!(
            (w.days, w.cost),
            (f_off.contingency.duration, f_off.contingency.cost)
        );
    }
}

#[test]
fn a_plan_of_one_chain_without_risks_has_no_merging() {
    // Protects the chain reading (R121): when the plan is one chain of tasks of one
    // person, the whole schedule is the chain, so "capacity and merging" adds nothing.
    let mut p = all_templates(2_000).remove(0);
    p.risks.clear();
    p.team.truncate(1);
    let role = p.team[0].id;
    p.team[0].headcount = 1.0;
    let mut previous: Option<u32> = None;
    for t in &mut p.tasks {
        t.role = role;
        t.depends_on = previous.into_iter().collect();
        previous = Some(t.id);
    }
    let b = bridge(&p).unwrap();
    let merge = b.steps.iter().find(|s| s.section == "team").unwrap();
    assert!(merge.days.abs() < 1e-9 * b.total.days, "{merge:?}");
    assert!(b.steps[0].days > 0.0, "spread widens P80: {:?}", b.steps[0]);
}

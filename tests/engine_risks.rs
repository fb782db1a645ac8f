//! Risks, mitigations and the feasibility gate in the simulation, and the risk
//! analyses: exposure, the 5×5 matrix, mitigation worth and factor impacts.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use support::{fixed, project};
use yardstick::engine::analysis::{bucket, IMPACT_EDGES, PROBABILITY_EDGES};
use yardstick::engine::{factor_impacts, forecast, mitigation_worth, risk_exposures};
use yardstick::model::{
    FactorAnswer, FactorKind, FactorLevel, Mitigation, Phase, Project, Risk, RiskStatus,
    RiskTarget, ScheduleUnit, Stage, ThreePoint,
};

fn risk(probability: f64, days: f64, money: f64, target: RiskTarget) -> Risk {
    Risk {
        id: 1,
        title: "Data quality".into(),
        category: "Data".into(),
        probability,
        schedule_impact: ThreePoint::exactly(days),
        target,
        more_targets: Vec::new(),
        schedule_unit: ScheduleUnit::Days,
        cost_impact: ThreePoint::exactly(money),
        owner: String::new(),
        status: RiskStatus::Open,
        mitigation: Mitigation::default(),
    }
}

/// One 10-day task at 500 a day: 10 days and 5,000 without risks.
fn base() -> Project {
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 10.0, &[])];
    p
}

#[test]
fn a_certain_risk_adds_exactly_its_impact() {
    // Protects risk firing: probability 1 adds 5 days (at 500) and 2,000 to every trial.
    let mut p = base();
    p.risks.push(risk(1.0, 5.0, 2_000.0, RiskTarget::Task(1)));
    let f = forecast(&p).expect("valid");
    assert_eq!((f.duration.p10, f.duration.p95), (15.0, 15.0));
    assert_eq!((f.cost.p10, f.cost.p95), (9_500.0, 9_500.0));
    assert_eq!(f.effort.p50, 15.0);
}

#[test]
fn an_impossible_risk_changes_nothing() {
    // Protects probability 0: the forecast equals the one without the risk.
    let mut p = base();
    p.tasks[0] = yardstick::model::Task {
        effort: ThreePoint::new(5.0, 10.0, 20.0),
        distribution: yardstick::model::Distribution::Pert,
        ..p.tasks[0].clone()
    };
    let without = forecast(&p).expect("valid");
    p.risks.push(risk(0.0, 5.0, 2_000.0, RiskTarget::Task(1)));
    let with = forecast(&p).expect("valid");
    assert_eq!(with.duration, without.duration);
    assert_eq!(with.cost, without.cost);
    assert_eq!(with.tasks, without.tasks);
}

#[test]
fn an_adopted_mitigation_changes_probability_impact_and_cost_as_specified() {
    // Protects mitigation semantics: probability_after 1 with a 50% impact reduction
    // halves the impact; its cost (300) and effort (1 day at 500) are always added.
    let mut p = base();
    let mut r = risk(0.3, 4.0, 1_000.0, RiskTarget::Task(1));
    r.mitigation = Mitigation {
        description: "Profile the data early".into(),
        cost: 300.0,
        effort: 1.0,
        probability_after: 1.0,
        impact_reduction: 0.5,
        adopted: true,
    };
    p.risks.push(r);
    let f = forecast(&p).expect("valid");
    // 10 + 1 (mitigation) + 2 (half of 4) days; 13 × 500 + 300 + 500 (half of 1,000).
    assert_eq!((f.duration.p10, f.duration.p95), (13.0, 13.0));
    assert_eq!((f.cost.p10, f.cost.p95), (7_300.0, 7_300.0));
    // Probability after 0: only the mitigation's own cost and effort remain.
    p.risks[0].mitigation.probability_after = 0.0;
    let f = forecast(&p).expect("valid");
    assert_eq!((f.duration.p50, f.cost.p50), (11.0, 5_800.0));
}

#[test]
fn closed_risks_never_fire_and_occurred_risks_always_do() {
    // Protects the status field's effect on the simulation.
    let mut p = base();
    p.risks.push(risk(0.5, 5.0, 0.0, RiskTarget::Task(1)));
    p.risks[0].status = RiskStatus::Closed;
    assert_eq!(forecast(&p).expect("valid").duration.p95, 10.0);
    p.risks[0].status = RiskStatus::Occurred;
    assert_eq!(forecast(&p).expect("valid").duration.p10, 15.0);
}

#[test]
fn a_phase_risk_is_spread_in_proportion_to_effort() {
    // Protects the spread rule: 8 extra days over tasks of 10 and 30 days (two people)
    // make them 12 and 36; a phase with no tasks adds effort and cost but no time.
    let mut p = project(2.0);
    p.tasks = vec![fixed(1, 10.0, &[]), fixed(2, 30.0, &[])];
    p.risks
        .push(risk(1.0, 8.0, 0.0, RiskTarget::Phase(Phase::Modelling)));
    let f = forecast(&p).expect("valid");
    assert_eq!(f.duration.p50, 36.0);
    assert_eq!(f.effort.p50, 48.0);
    p.risks[0].target = RiskTarget::Phase(Phase::Deployment);
    let f = forecast(&p).expect("valid");
    assert_eq!(
        (f.duration.p50, f.effort.p50, f.cost.p50),
        (30.0, 48.0, 24_000.0)
    );
}

#[test]
fn the_gate_stops_trials_at_its_probability_and_spends_only_work_before_it() {
    // Protects the feasibility gate: with p = 0.7 about 30% of trials stop (standard
    // error 0.0014 at 100,000 trials; allow 0.01), and a stopped trial spends only the
    // MVP work up to the end of Evaluation (10 days = 5,000), not the Growth task.
    let mut p = project(1.0);
    let mut eval = fixed(1, 10.0, &[]);
    eval.phase = Phase::Evaluation;
    let mut later = fixed(2, 20.0, &[1]);
    later.stage = Stage::Growth;
    later.phase = Phase::Deployment;
    p.tasks = vec![eval, later];
    p.gate.enabled = true;
    p.gate.probability = 0.7;
    p.settings.trials = 100_000;
    let f = forecast(&p).expect("valid");
    assert!(
        (f.gate.stop_rate - 0.3).abs() < 0.01,
        "{}",
        f.gate.stop_rate
    );
    assert_eq!(f.gate.mean_cost_if_stopped, 5_000.0);
    assert_eq!(f.gate.mean_duration_if_stopped, 10.0);
    // The forecast if it goes ahead is the whole project.
    assert_eq!(f.duration.p50, 30.0);
    let want = 0.7 * 15_000.0 + 0.3 * 5_000.0;
    assert!(
        (f.gate.expected_cost - want).abs() < 0.01 * want,
        "{}",
        f.gate.expected_cost
    );
}

#[test]
fn exposure_is_probability_times_expected_impact() {
    // Protects exposure arithmetic: schedule PERT (2, 5, 14) has mean 6 days, cost PERT
    // (0, 1,000, 5,000) mean 1,500; at 500 a day the impact is 4,500 and p = 0.4.
    let mut p = base();
    let mut r = risk(0.4, 0.0, 0.0, RiskTarget::Task(1));
    r.schedule_impact = ThreePoint::new(2.0, 5.0, 14.0);
    r.cost_impact = ThreePoint::new(0.0, 1_000.0, 5_000.0);
    p.risks.push(r);
    let mut small = risk(0.05, 0.0, 10.0, RiskTarget::Phase(Phase::Evaluation));
    small.id = 2;
    p.risks.push(small);
    let e = risk_exposures(&p);
    assert_eq!(e[0].id, 1, "sorted by exposure");
    assert!((e[0].impact_days - 6.0).abs() < 1e-9);
    assert!((e[0].impact_cost - 4_500.0).abs() < 1e-9);
    assert!((e[0].exposure_days - 2.4).abs() < 1e-9);
    assert!((e[0].exposure_cost - 1_800.0).abs() < 1e-9);
    // p = 0.4 is in the 30–50% row; 4,500 of a 5,000 plan is in the ≥ 25% column.
    assert_eq!((e[0].probability_bucket, e[0].impact_bucket), (3, 5));
    assert_eq!((e[1].probability_bucket, e[1].impact_bucket), (1, 1));
    assert_eq!(bucket(0.7, &PROBABILITY_EDGES), 5);
    assert_eq!(bucket(0.0, &IMPACT_EDGES), 1);
}

#[test]
fn a_cheap_mitigation_of_a_likely_risk_pays_for_itself_and_a_dear_one_does_not() {
    // Protects mitigation worth: same seed with and without the mitigation.
    let mut p = base();
    let mut r = risk(0.8, 10.0, 5_000.0, RiskTarget::Task(1));
    r.mitigation = Mitigation {
        description: "Agree data-quality rules".into(),
        cost: 500.0,
        effort: 0.0,
        probability_after: 0.1,
        impact_reduction: 0.0,
        adopted: false,
    };
    p.risks.push(r);
    let w = mitigation_worth(&p).expect("valid");
    assert_eq!(w.len(), 1);
    // Expected saving ≈ 0.7 × (5,000 + 10 × 500) = 7,000 against a 500 cost.
    assert!(w[0].pays_for_itself);
    assert!(
        (w[0].gross_saving - 7_000.0).abs() < 250.0,
        "{}",
        w[0].gross_saving
    );
    assert!(
        (w[0].saving_days - 7.0).abs() < 0.35,
        "{}",
        w[0].saving_days
    );
    assert_eq!(w[0].mitigation_cost, 500.0);
    p.risks[0].mitigation.cost = 50_000.0;
    let w = mitigation_worth(&p).expect("valid");
    assert!(!w[0].pays_for_itself && w[0].net_worth < 0.0);
}

#[test]
fn a_yes_factor_adds_to_p50_and_p80() {
    // Protects "what each factor adds": unclean data (Yes ≈ ×2) on a data-preparation
    // task adds roughly its effort again; unanswered factors are not listed.
    let mut p = base();
    p.tasks[0].phase = Phase::DataPreparation;
    p.factors.push(FactorAnswer {
        factor: FactorKind::UncleanData,
        level: FactorLevel::Yes,
    });
    let impacts = factor_impacts(&p).expect("valid");
    assert_eq!(impacts.len(), 1);
    let i = &impacts[0];
    assert_eq!(i.factor, FactorKind::UncleanData);
    assert!(
        i.duration_p50_added > 8.0 && i.duration_p50_added < 12.0,
        "{}",
        i.duration_p50_added
    );
    assert!(i.duration_p80_added > i.duration_p50_added);
    assert!(i.cost_p50_added > 4_000.0);
}

#[test]
fn risks_and_factors_appear_among_the_sensitivity_drivers() {
    // Protects the tornado: an uncertain risk and a factor are ranked with the tasks.
    let mut p = base();
    p.tasks[0].phase = Phase::DataPreparation;
    p.factors.push(FactorAnswer {
        factor: FactorKind::UncleanData,
        level: FactorLevel::Yes,
    });
    p.risks.push(risk(0.5, 20.0, 0.0, RiskTarget::Task(1)));
    let f = forecast(&p).expect("valid");
    let kinds: Vec<_> = f.sensitivity.duration.iter().map(|d| d.input).collect();
    assert!(
        kinds.contains(&yardstick::engine::DriverRef::Risk(1)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&yardstick::engine::DriverRef::Factor(
            FactorKind::UncleanData
        )),
        "{kinds:?}"
    );
    assert!(f
        .sensitivity
        .duration
        .iter()
        .all(|d| d.rho > 0.0 && d.rho <= 1.0));
}

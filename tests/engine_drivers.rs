//! Risk drivers (docs/MODEL.md R146–R148): one risk aimed at several phases, tasks or a
//! role's tasks, with an impact in days or as a percentage of each target's effort.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use support::{fixed, project, task};
use yardstick::data::{import_project, project_json};
use yardstick::engine::{forecast, risk_exposures, simulate, SimOptions, Simulation};
use yardstick::model::validate::validate;
use yardstick::model::{
    Distribution, Mitigation, Phase, Project, Risk, RiskStatus, RiskTarget, Role, ScheduleUnit,
    TaskKind, ThreePoint,
};

fn risk(probability: f64, impact: ThreePoint, targets: &[RiskTarget], unit: ScheduleUnit) -> Risk {
    Risk {
        id: 3,
        title: "Driver".into(),
        category: "Data".into(),
        probability,
        schedule_impact: impact,
        target: targets[0],
        more_targets: targets[1..].to_vec(),
        schedule_unit: unit,
        cost_impact: ThreePoint::new(0.0, 100.0, 400.0),
        owner: String::new(),
        status: RiskStatus::Open,
        mitigation: Mitigation::default(),
    }
}

/// Seven uncertain tasks, one in each phase, each done alone by its own role (id =
/// task id), with no predecessors: each task runs from 0 to its effort.
fn seven_phases() -> Project {
    let mut p = project(1.0);
    p.team.clear();
    for (i, &phase) in Phase::ALL.iter().enumerate() {
        let id = i as u32 + 1;
        p.team.push(Role {
            id,
            name: format!("Role {id}"),
            headcount: 1.0,
            day_rate: 100.0 * f64::from(id),
        });
        let mut t = task(
            id,
            ThreePoint::new(5.0, 10.0, 20.0),
            Distribution::Pert,
            &[],
        );
        t.phase = phase;
        t.role = id;
        p.tasks.push(t);
    }
    p
}

fn run(p: &Project) -> Simulation {
    let options = SimOptions {
        trials: 2_000,
        seed: 11,
        detail: true,
    };
    simulate(p, &options).expect("valid")
}

/// Each project task's finish (= its effort here) in each recorded trial.
fn finishes(sim: &Simulation) -> Vec<Vec<f32>> {
    let d = sim.detail.as_ref().expect("detail");
    let mut out = vec![Vec::new(); sim.plan.n];
    for (k, &i) in sim.plan.original.iter().enumerate() {
        out[i as usize] = d.finish[k * d.rows..(k + 1) * d.rows].to_vec();
    }
    out
}

#[test]
fn a_percentage_driver_on_three_phases_moves_exactly_those_phases_tasks() {
    // Protects R146–R147, the issue's "done when": the three targeted phases' tasks grow
    // by one percentage per firing, the same for all three; every other task's effort
    // is identical trial for trial.
    let base = seven_phases();
    let mut p = base.clone();
    let targets = [
        RiskTarget::Phase(Phase::DataPreparation),
        RiskTarget::Phase(Phase::Modelling),
        RiskTarget::Phase(Phase::Deployment),
    ];
    p.risks.push(risk(
        0.5,
        ThreePoint::new(10.0, 30.0, 80.0),
        &targets,
        ScheduleUnit::Percent,
    ));
    let (before, after) = (finishes(&run(&base)), finishes(&run(&p)));
    let hit = [2usize, 3, 5];
    for i in (0..7).filter(|i| !hit.contains(i)) {
        assert_eq!(before[i], after[i], "task {} moved", i + 1);
    }
    let (mut fired, mut quiet) = (0, 0);
    for t in 0..before[0].len() {
        let ratios = hit.map(|i| f64::from(after[i][t]) / f64::from(before[i][t]));
        if ratios[0] == 1.0 {
            quiet += 1;
            assert_eq!(ratios, [1.0; 3], "trial {t}: all or none");
            continue;
        }
        fired += 1;
        let growth = ratios[0] - 1.0;
        assert!(
            (0.1 - 1e-5..=0.8 + 1e-5).contains(&growth),
            "trial {t}: {growth}"
        );
        for r in ratios {
            assert!((r - ratios[0]).abs() < 1e-5, "trial {t}: one percentage");
        }
    }
    assert!(fired > 800 && quiet > 800, "{fired} fired, {quiet} did not");
}

#[test]
fn a_percentage_adds_effort_at_the_target_rate_and_delays_a_wait_for_free() {
    // Protects R147: 50% of a 10-day task at 500 a day adds 5 days and 2,500; 50% of a
    // 4-day wait after it adds 2 working days and nothing else.
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 10.0, &[]), fixed(2, 4.0, &[1])];
    p.tasks[1].kind = TaskKind::Wait;
    let mut r = risk(
        1.0,
        ThreePoint::exactly(50.0),
        &[RiskTarget::Task(1), RiskTarget::Task(2)],
        ScheduleUnit::Percent,
    );
    r.cost_impact = ThreePoint::exactly(0.0);
    p.risks.push(r);
    let f = forecast(&p).expect("valid");
    assert_eq!((f.duration.p10, f.duration.p95), (21.0, 21.0));
    assert_eq!((f.effort.p10, f.effort.p95), (15.0, 15.0));
    assert_eq!((f.cost.p10, f.cost.p95), (7_500.0, 7_500.0));
}

#[test]
fn a_days_driver_over_several_targets_shares_its_days_like_a_phase_risk() {
    // Protects R147: extra days aimed at a phase and a task of another phase are shared
    // in proportion to effort, as today's phase risk shares them over one phase holding
    // the same tasks; so each trial's effort and cost are the same.
    let mut apart = seven_phases();
    apart.tasks.truncate(3);
    let mut together = apart.clone();
    together.tasks[2].phase = Phase::DataUnderstanding;
    let impact = ThreePoint::new(2.0, 6.0, 15.0);
    apart.risks.push(risk(
        0.4,
        impact,
        &[
            RiskTarget::Phase(Phase::DataUnderstanding),
            RiskTarget::Task(3),
        ],
        ScheduleUnit::Days,
    ));
    together.risks.push(risk(
        0.4,
        impact,
        &[RiskTarget::Phase(Phase::DataUnderstanding)],
        ScheduleUnit::Days,
    ));
    let (a, b) = (run(&apart), run(&together));
    let close = |x: &[f64], y: &[f64]| x.iter().zip(y).all(|(x, y)| (x - y).abs() < 1e-9 * y);
    assert!(close(&a.effort, &b.effort));
    assert!(close(&a.cost, &b.cost));
    assert_ne!(
        a.effort,
        run(&seven_phases_three()).effort,
        "the risk fires"
    );
}

fn seven_phases_three() -> Project {
    let mut p = seven_phases();
    p.tasks.truncate(3);
    p
}

#[test]
fn a_role_target_spreads_over_that_roles_work_tasks_only() {
    // Protects R146: a role target is the role's work tasks; the others do not move.
    let mut p = seven_phases();
    p.tasks[4].role = 2;
    let base = p.clone();
    p.risks.push(risk(
        1.0,
        ThreePoint::exactly(6.0),
        &[RiskTarget::Role(2)],
        ScheduleUnit::Days,
    ));
    let (before, after) = (finishes(&run(&base)), finishes(&run(&p)));
    for i in [0usize, 2, 3, 5, 6] {
        assert_eq!(before[i], after[i], "task {} moved", i + 1);
    }
    let (a, b) = (run(&base), run(&p));
    for (x, y) in a.effort.iter().zip(&b.effort) {
        assert!((y - x - 6.0).abs() < 1e-9);
    }
}

#[test]
fn a_plain_risk_is_stored_and_forecast_as_before() {
    // Protects compatibility: a plain risk writes no new field, a stored risk without
    // them reads as days on its one target, and gives the same forecast.
    let mut p = seven_phases();
    p.risks.push(risk(
        0.5,
        ThreePoint::new(1.0, 3.0, 9.0),
        &[RiskTarget::Phase(Phase::Modelling)],
        ScheduleUnit::Days,
    ));
    let json = project_json(&p);
    assert!(!json.contains("more_targets") && !json.contains("schedule_unit"));
    let read = import_project(&json).expect("reads");
    assert_eq!(read.risks, p.risks);
    let mut driver = p.clone();
    driver.risks[0].schedule_unit = ScheduleUnit::Percent;
    driver.risks[0].more_targets = vec![RiskTarget::Role(1)];
    let json = project_json(&driver);
    assert!(
        json.contains(r#""more_targets":[{"kind":"role","id":1}]"#),
        "{json}"
    );
    assert!(json.contains(r#""schedule_unit":"percent""#));
    assert_eq!(import_project(&json).expect("reads").risks, driver.risks);
    assert_eq!(forecast(&read).unwrap(), forecast(&p).unwrap());
}

#[test]
fn exposure_of_a_percentage_driver_is_its_share_of_the_targets_effort() {
    // Protects R148: 20% of most-likely efforts 10 (rate 100) and 10 (rate 200) is
    // 4 days costing 600, plus the cost impact's PERT mean (0 + 400 + 400) / 6.
    let mut p = seven_phases();
    p.risks.push(risk(
        0.5,
        ThreePoint::exactly(20.0),
        &[RiskTarget::Task(1), RiskTarget::Role(2)],
        ScheduleUnit::Percent,
    ));
    let e = &risk_exposures(&p)[0];
    assert!((e.impact_days - 4.0).abs() < 1e-12);
    assert!(
        (e.impact_cost - (600.0 + 800.0 / 6.0)).abs() < 1e-9,
        "{}",
        e.impact_cost
    );
}

#[test]
fn driver_targets_and_percentages_are_validated_with_their_paths() {
    // Protects R7's additions: targets exist and are listed once, a percentage is at
    // most 1,000, and a wait takes extra days only as a risk's one target.
    let mut p = seven_phases();
    p.tasks[6].kind = TaskKind::Wait;
    p.risks.push(risk(
        0.5,
        ThreePoint::new(0.0, 10.0, 1_001.0),
        &[
            RiskTarget::Role(99),
            RiskTarget::Task(77),
            RiskTarget::Role(99),
            RiskTarget::Phase(Phase::Modelling),
        ],
        ScheduleUnit::Percent,
    ));
    p.risks.push(Risk {
        id: 4,
        ..risk(
            0.5,
            ThreePoint::exactly(2.0),
            &[RiskTarget::Phase(Phase::Modelling), RiskTarget::Task(7)],
            ScheduleUnit::Days,
        )
    });
    let errors = validate(&p);
    let at = |path: &str| {
        errors
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.message.clone())
            .unwrap_or_else(|| panic!("nothing at {path}: {errors:?}"))
    };
    assert_eq!(
        at("risks[0].target"),
        "The risk targets role 99, which does not exist."
    );
    assert_eq!(
        at("risks[0].more_targets[0]"),
        "The risk targets task 77, which does not exist."
    );
    assert_eq!(
        at("risks[0].more_targets[1]"),
        "This target is listed twice."
    );
    assert_eq!(
        at("risks[0].schedule_impact.pessimistic"),
        "This must be between 0 and 1000."
    );
    assert!(at("risks[1].more_targets[0]").starts_with("A wait takes extra days only"));
    assert_eq!(errors.len(), 5, "{errors:?}");
    // The same wait with a percentage, or alone with days, is fine.
    p.risks.remove(0);
    p.risks[0].schedule_unit = ScheduleUnit::Percent;
    assert!(validate(&p).is_empty());
    p.risks[0].schedule_unit = ScheduleUnit::Days;
    p.risks[0].target = RiskTarget::Task(7);
    p.risks[0].more_targets.clear();
    assert!(validate(&p).is_empty());
}

//! The rules a planner must be able to defend (docs/MODEL.md): capacity counts
//! people's worth of work and never lengthens a plan when it grows, a ready task
//! does not wait behind a later one, factors of a phase cannot explode, and risks say
//! what they do.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use proptest::prelude::*;
use support::{fixed, project, task};
use yardstick::engine::sim::MAX_PHASE_MULTIPLIER;
use yardstick::engine::{forecast, simulate, SimOptions};
use yardstick::model::templates;
use yardstick::model::{
    Distribution, FactorAnswer, FactorKind, FactorLevel, Mitigation, Phase, Project, Risk,
    RiskStatus, RiskTarget, Role, ScheduleUnit, ThreePoint,
};

/// The duration of every trial of a plan (seed 11, 512 trials).
fn trial_durations(p: &Project) -> Vec<f64> {
    let options = SimOptions {
        trials: 512,
        seed: 11,
        detail: false,
    };
    simulate(p, &options).expect("valid").duration
}

fn fixed_duration(p: &Project) -> f64 {
    let d = trial_durations(p);
    assert!(d.iter().all(|&x| x == d[0]), "a fixed plan has one outcome");
    d[0]
}

#[test]
fn a_part_time_person_never_slows_a_role_down() {
    // Protects finding 1 of #13: a chain of three 10-day tasks took 40 working days at
    // headcount 1.5 against 30 at 1.0, and two parallel 10-day tasks 12 at 2.5
    // against 10 at 2.0. A fraction is a part-time person who only adds capacity.
    let chain = |h: f64| {
        let mut p = project(h);
        p.tasks = vec![
            fixed(1, 10.0, &[]),
            fixed(2, 10.0, &[1]),
            fixed(3, 10.0, &[2]),
        ];
        fixed_duration(&p)
    };
    assert_eq!(chain(1.0), 30.0);
    assert_eq!(chain(1.5), 30.0);
    let pair = |h: f64| {
        let mut p = project(h);
        p.tasks = vec![fixed(1, 10.0, &[]), fixed(2, 10.0, &[])];
        fixed_duration(&p)
    };
    assert_eq!(pair(1.0), 20.0);
    // A task is one person's work: the half-timer's 0–20 is no sooner than the
    // full-timer's 10–20 (the tie goes to whoever has been free longer), so 20 days.
    assert_eq!(pair(1.5), 20.0);
    assert_eq!(pair(2.0), 10.0);
    assert_eq!(pair(2.5), 10.0);
    // A part-timer who can finish a short task before the full-timer is free does.
    let mut p = project(1.5);
    p.tasks = vec![fixed(1, 10.0, &[]), fixed(2, 2.0, &[])];
    assert_eq!(fixed_duration(&p), 10.0);
}

#[test]
fn a_ready_task_does_not_wait_behind_one_that_is_not_ready() {
    // Protects finding 2 of #13 (idle capacity): a data scientist's Modelling task
    // ready at once waited behind an earlier-phase task that is only ready on day 10,
    // taking 20 working days where 15 suffice. The priority order now takes the
    // earliest start with unlimited people before the phase.
    let mut p = project(1.0);
    p.team.push(Role {
        id: 2,
        name: "Data engineer".into(),
        headcount: 1.0,
        day_rate: 500.0,
    });
    let mut access = fixed(1, 10.0, &[]);
    (access.phase, access.role) = (Phase::BusinessUnderstanding, 2);
    let mut explore = fixed(2, 5.0, &[1]);
    explore.phase = Phase::DataUnderstanding;
    let baseline = fixed(3, 5.0, &[]);
    p.tasks = vec![access, explore, baseline];
    assert_eq!(fixed_duration(&p), 15.0);
}

/// A project whose every factor is answered at `level`, with one fixed 10-day task in
/// each phase.
fn every_factor(level: FactorLevel) -> Project {
    let mut p = project(10.0);
    p.tasks = Phase::ALL
        .iter()
        .enumerate()
        .map(|(i, &phase)| {
            let mut t = fixed(i as u32 + 1, 10.0, &[]);
            t.phase = phase;
            t
        })
        .collect();
    p.factors = FactorKind::ALL
        .iter()
        .map(|&factor| FactorAnswer { factor, level })
        .collect();
    p
}

#[test]
fn factors_of_a_phase_add_their_excess_and_stay_within_eight_times() {
    // Protects finding 3 of #13: k "Yes" answers on a phase multiplied it by about
    // 2^k (Modelling takes six in the default table: ×64). Now a phase's multiplier
    // is 1 + Σ(mᵢ − 1), at most ×8: Modelling's six "Yes" give about ×7.
    let f = forecast(&every_factor(FactorLevel::Yes)).expect("valid");
    let modelling = f
        .tasks
        .iter()
        .find(|t| t.name == "Task 4")
        .expect("the modelling task");
    assert!(
        (modelling.mean_effort / 10.0 - 7.0).abs() < 0.05,
        "{}",
        modelling.mean_effort
    );
    let factors_on = |phase: Phase| {
        yardstick::model::default_factor_rules()
            .iter()
            .filter(|r| r.phases.contains(&phase))
            .count() as f64
    };
    for t in &f.tasks {
        let phase = Phase::ALL[t.name[5..].parse::<usize>().expect("number") - 1];
        let expected = (1.0 + factors_on(phase)).min(MAX_PHASE_MULTIPLIER);
        assert!(
            (t.mean_effort / 10.0 - expected).abs() < 0.05,
            "{phase:?}: {} against ×{expected}",
            t.mean_effort
        );
        assert!(t.mean_effort <= 10.0 * MAX_PHASE_MULTIPLIER);
    }
    let shown = yardstick::engine::phase_multipliers(&every_factor(FactorLevel::Yes));
    assert_eq!(shown[3], (Phase::Modelling, 7.0));
    assert_eq!(shown[4], (Phase::Evaluation, 5.0));
    // A table that puts all nine factors on one phase still stops at ×8.
    let mut p = every_factor(FactorLevel::Yes);
    for r in &mut p.factor_rules {
        r.phases = vec![Phase::Evaluation];
    }
    assert_eq!(yardstick::engine::phase_multipliers(&p)[4].1, 8.0);
    let f = forecast(&p).expect("valid");
    let evaluation = f.tasks[4].mean_effort;
    assert!(evaluation <= 80.0 && evaluation > 75.0, "{evaluation}");
    assert!(f.effort.max <= 10.0 * (6.0 + MAX_PHASE_MULTIPLIER) + 1e-9);
}

#[test]
fn the_bike_shop_with_every_factor_yes_stays_within_eight_times_its_plain_effort() {
    // Protects finding 3 of #13 on the template: all nine "Yes" forecast a mean effort
    // of 3,560 person-days against 190 with none; no phase may grow more than ×8.
    let mut p = templates::bike_shop("b".into(), support::monday());
    p.factors.clear();
    let plain = forecast(&p).expect("valid").effort.mean;
    p.factors = FactorKind::ALL
        .iter()
        .map(|&factor| FactorAnswer {
            factor,
            level: FactorLevel::Yes,
        })
        .collect();
    let all_yes = forecast(&p).expect("valid").effort.mean;
    assert!(all_yes < 8.0 * plain, "{all_yes} against {plain}");
    assert!(all_yes > 3.0 * plain, "{all_yes} against {plain}");
}

/// A one-task plan with a risk that always fires and adds 10 days, and a mitigation
/// that halves its impact.
fn risky(status: RiskStatus, adopted: bool) -> Project {
    let mut p = project(1.0);
    p.tasks = vec![fixed(1, 10.0, &[])];
    p.risks = vec![Risk {
        id: 1,
        title: "Dirty data".into(),
        category: "Data".into(),
        probability: 1.0,
        schedule_impact: ThreePoint::exactly(10.0),
        target: RiskTarget::Task(1),
        more_targets: Vec::new(),
        schedule_unit: ScheduleUnit::Days,
        cost_impact: ThreePoint::exactly(0.0),
        owner: String::new(),
        status,
        mitigation: Mitigation {
            description: "Profile the data first".into(),
            cost: 0.0,
            effort: 0.0,
            probability_after: 1.0,
            impact_reduction: 0.5,
            adopted,
        },
    }];
    p
}

#[test]
fn a_mitigated_risk_has_its_mitigation_in_effect() {
    // Protects finding 6 of #13: status "mitigated" without "adopted" silently did
    // nothing. A mitigated risk counts its mitigation as adopted.
    assert_eq!(fixed_duration(&risky(RiskStatus::Open, false)), 20.0);
    assert_eq!(fixed_duration(&risky(RiskStatus::Open, true)), 15.0);
    assert_eq!(fixed_duration(&risky(RiskStatus::Mitigated, false)), 15.0);
    assert_eq!(fixed_duration(&risky(RiskStatus::Mitigated, true)), 15.0);
    assert_eq!(fixed_duration(&risky(RiskStatus::Closed, true)), 10.0);
}

/// A random plan: up to 9 tasks of 3 roles of 1–3 people (or half a person), sampled
/// efforts, random earlier predecessors, phases and stages; and a role to grow.
fn random_plan() -> impl Strategy<Value = (Project, usize)> {
    let tasks = prop::collection::vec(
        (
            (0.5f64..10.0, 0.0f64..10.0, 0.0f64..20.0),
            0usize..3,
            0usize..7,
            0usize..3,
            any::<u16>(),
            prop::bool::ANY,
        ),
        1..10,
    );
    let headcounts = prop::collection::vec(prop::sample::select(vec![0.5, 1.0, 2.0, 3.0]), 3);
    (tasks, headcounts, 0usize..3).prop_map(|(rows, heads, grow)| {
        let mut p = project(heads[0]);
        for (i, &h) in heads.iter().enumerate().skip(1) {
            p.team.push(Role {
                id: i as u32 + 1,
                name: format!("Role {i}"),
                headcount: h,
                day_rate: 400.0,
            });
        }
        p.tasks = rows
            .iter()
            .enumerate()
            .map(|(i, &((a, d1, d2), role, phase, stage, deps, sampled))| {
                let id = i as u32 + 1;
                let preds: Vec<u32> = (1..id).filter(|&j| deps >> (j % 16) & 1 == 1).collect();
                let effort = ThreePoint::new(a, a + d1, a + d1 + d2);
                let dist = if sampled {
                    Distribution::Pert
                } else {
                    Distribution::Fixed
                };
                let mut t = task(id, effort, dist, &preds);
                t.role = role as u32 + 1;
                t.phase = Phase::ALL[phase];
                t.stage = yardstick::model::Stage::ALL[stage];
                t
            })
            .collect();
        (p, grow)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn more_people_never_lengthen_any_trial(
        (p, role) in random_plan(),
        extra in 1u32..3,
        fraction in 0.05f64..0.95,
    ) {
        // Protects monotone capacity (MODEL.md): in a team of whole people (a role of
        // under one person is one slower person), adding whole people to a role, or
        // a part-time person, never lengthens any trial, compared trial by trial on the
        // same random numbers.
        let before = trial_durations(&p);
        let whole = p.team[role].headcount.max(1.0);
        for grown in [whole + f64::from(extra), whole + fraction] {
            let mut more = p.clone();
            more.team[role].headcount = grown;
            let after = trial_durations(&more);
            for (t, (b, a)) in before.iter().zip(&after).enumerate() {
                prop_assert!(a <= b, "headcount {grown}, trial {t}: {a} > {b}");
            }
        }
    }
}

#[test]
fn one_more_person_never_lengthens_the_plan_where_a_non_delay_rule_would() {
    // Protects the choice documented in MODEL.md: a rule that never lets a person idle
    // while a task is ready makes this plan two days longer when role A gains a
    // person (15 → 17 working days). The serial rule never lengthens it.
    let roles = ["A", "B", "C", "D"];
    let plan = |a: f64| {
        let mut p = project(a);
        for (i, name) in roles.iter().enumerate().skip(1) {
            p.team.push(Role {
                id: i as u32 + 1,
                name: (*name).into(),
                headcount: 1.0,
                day_rate: 500.0,
            });
        }
        let on = |mut t: yardstick::model::Task, role: u32| {
            t.role = role;
            t
        };
        p.tasks = vec![
            on(fixed(1, 2.0, &[]), 1),
            on(fixed(2, 2.0, &[]), 1),
            on(fixed(3, 3.0, &[2]), 2),
            on(fixed(4, 3.0, &[]), 4),
            on(fixed(5, 2.0, &[4]), 2),
            on(fixed(6, 10.0, &[5]), 3),
        ];
        fixed_duration(&p)
    };
    let (one, two) = (plan(1.0), plan(2.0));
    assert_eq!((one, two), (19.0, 17.0));
}

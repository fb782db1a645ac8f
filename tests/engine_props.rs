//! Property tests over random small valid plans: no NaN or infinity ever reaches the
//! forecast, and the same seed always gives the same forecast.
#![cfg(not(target_arch = "wasm32"))]

#[path = "engine_support.rs"]
mod support;

use proptest::prelude::*;
use support::{project, task};
use yardstick::engine::{forecast_with, mitigation_worth, risk_exposures};
use yardstick::model::{
    Distribution, Mitigation, Phase, Project, Risk, RiskStatus, RiskTarget, Role, ScheduleUnit,
    Stage, ThreePoint,
};

/// Every number in the serialised value is finite: serde_json writes non-finite floats
/// as null, so a null anywhere but the optional figures (target probabilities, ROI
/// when nothing costs anything, payback when most trials never pay back) is a failure.
fn assert_all_finite(v: &serde_json::Value, path: &str) {
    match v {
        serde_json::Value::Null => {
            assert!(
                path.ends_with("probability_by_target_date")
                    || path.ends_with("probability_within_budget")
                    || path.ends_with("value.roi")
                    || path.ends_with("value.payback_months_p50")
                    || path.ends_with("joint"),
                "null (a non-finite number) at {path}"
            );
        }
        serde_json::Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{path}"),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| assert_all_finite(x, &format!("{path}[{i}]"))),
        serde_json::Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| assert_all_finite(x, &format!("{path}.{k}"))),
        _ => {}
    }
}

fn three_point() -> impl Strategy<Value = ThreePoint> {
    (0.0f64..20.0, 0.0f64..20.0, 0.0f64..40.0)
        .prop_map(|(a, d1, d2)| ThreePoint::new(a, a + d1, a + d1 + d2))
}

fn plan() -> impl Strategy<Value = Project> {
    let tasks = prop::collection::vec(
        (
            three_point(),
            0usize..4,
            0usize..7,
            0usize..3,
            0u32..3,
            any::<u8>(),
        ),
        0..9,
    );
    let risks = prop::collection::vec(
        (
            0.0f64..=1.0,
            three_point(),
            0usize..8,
            any::<bool>(),
            0.0f64..=1.0,
        ),
        0..4,
    );
    (tasks, risks, 0.05f64..3.0, any::<bool>(), 0.0f64..=1.0).prop_map(
        |(tasks, risks, head, gate, gate_p)| {
            let mut p = project(head);
            p.team.push(Role {
                id: 2,
                name: "Engineer".into(),
                headcount: 0.5,
                day_rate: 0.0,
            });
            for (i, (tp, d, phase, stage, role, deps)) in tasks.into_iter().enumerate() {
                let id = i as u32 + 1;
                // Depend only on earlier tasks, chosen by the bits of `deps`, so there is no cycle.
                let before: Vec<u32> = (1..id).filter(|j| deps & (1 << (j % 8)) != 0).collect();
                let mut t = task(id, tp, Distribution::ALL[d], &before);
                t.phase = Phase::ALL[phase];
                t.stage = Stage::ALL[stage];
                t.role = 1 + role.min(1);
                p.tasks.push(t);
            }
            let n = p.tasks.len() as u32;
            for (i, (prob, tp, target, adopted, reduction)) in risks.into_iter().enumerate() {
                p.risks.push(Risk {
                    id: i as u32 + 1,
                    title: format!("Risk {i}"),
                    category: "Data".into(),
                    probability: prob,
                    schedule_impact: tp,
                    target: if target < 7 || n == 0 {
                        RiskTarget::Phase(Phase::ALL[target.min(6)])
                    } else {
                        RiskTarget::Task(1 + (i as u32 % n))
                    },
                    more_targets: Vec::new(),
                    schedule_unit: ScheduleUnit::Days,
                    cost_impact: ThreePoint::new(0.0, 100.0, 1_000.0),
                    owner: String::new(),
                    status: RiskStatus::ALL_FOR_TESTS[i % 4],
                    mitigation: Mitigation {
                        description: "m".into(),
                        cost: 10.0,
                        effort: 1.0,
                        probability_after: prob / 2.0,
                        impact_reduction: reduction,
                        adopted,
                    },
                });
            }
            p.gate.enabled = gate;
            p.gate.probability = gate_p;
            p.settings.target_budget = Some(10_000.0);
            p
        },
    )
}

trait AllStatuses {
    const ALL_FOR_TESTS: [RiskStatus; 4];
}
impl AllStatuses for RiskStatus {
    const ALL_FOR_TESTS: [RiskStatus; 4] = [
        RiskStatus::Open,
        RiskStatus::Mitigated,
        RiskStatus::Closed,
        RiskStatus::Occurred,
    ];
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn forecasts_of_random_plans_are_finite_and_reproducible(p in plan(), seed in any::<u64>()) {
        // Protects the "numbers are honest" promise and determinism on odd plans
        // (empty, zero-width, zero-rate, all-fixed, gate at 0 or 1).
        prop_assert_eq!(yardstick::model::validate::validate(&p), vec![]);
        let f = forecast_with(&p, 1_000, seed).expect("valid");
        assert_all_finite(&serde_json::to_value(&f).expect("serialises"), "forecast");
        prop_assert_eq!(&f, &forecast_with(&p, 1_000, seed).expect("valid"));
        prop_assert!(f.duration.p10 <= f.duration.p50 && f.duration.p50 <= f.duration.p95);
        prop_assert!(f.gate.stop_rate >= 0.0 && f.gate.stop_rate <= 1.0);
        assert_all_finite(&serde_json::to_value(risk_exposures(&p)).expect("serialises"), "exposures");
        let mut small = p.clone();
        small.settings.trials = 1_000;
        assert_all_finite(&serde_json::to_value(mitigation_worth(&small).expect("valid")).expect("serialises"), "worth");
    }
}

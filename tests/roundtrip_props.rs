//! Property tests over generated projects, every field filled with arbitrary values:
//! the exported JSON file imports back to exactly the same project, and so does the
//! compact text inside a share link (less the id, revision and edit time, which links
//! leave out).
//!
//! The compact text is exact for every finite number. The JSON file is exact for the
//! numbers the page writes (what people type: up to 15 significant digits, between 1e-8
//! and 1e14), which serde_json's default parser reads with one correctly rounded
//! division or multiplication; for
//! arbitrary doubles it can be one unit in the last place off, and its exact mode
//! (`float_roundtrip`) costs 7.8 KB gzipped of wasm, which the size budget does not
//! have room for.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use yardstick::data::{export_project, import_project};
use yardstick::model::*;
use yardstick::share::compact;

/// Any finite number, from subnormals to huge, both zeros included.
fn any_num() -> BoxedStrategy<f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |x| x.is_finite()),
        -1e6f64..1e6,
        Just(0.0),
        Just(-0.0),
        (0u32..1000).prop_map(|n| f64::from(n) / 10.0),
    ]
    .boxed()
}

/// A number as a person types it: up to 15 significant digits, from 1e-8 to below
/// 1e14 in size (money is capped at 1e12), or zero.
fn typed_num() -> BoxedStrategy<f64> {
    prop_oneof![
        (1u32..=15, any::<u64>(), -8i32..=13, any::<bool>()).prop_map(|(digits, m, lead, neg)| {
            let m = m % 10u64.pow(digits);
            let x: f64 = format!("{m}e{}", lead - digits as i32 + 1).parse().unwrap();
            if neg {
                -x
            } else {
                x
            }
        }),
        Just(0.0),
        Just(-0.0),
        (0u32..1000).prop_map(|n| f64::from(n) / 10.0),
    ]
    .boxed()
}

thread_local! {
    /// Which numbers the strategies below generate.
    static TYPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn num() -> BoxedStrategy<f64> {
    if TYPED.with(|t| t.get()) {
        typed_num()
    } else {
        any_num()
    }
}

/// Any text: control characters, backslashes, escapes and newlines included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z \\\\n\\n|<>&\"-]{0,12}",
        Just(String::new()),
        Just("\\e".to_owned()),
    ]
}

fn three() -> impl Strategy<Value = ThreePoint> {
    (num(), num(), num()).prop_map(|(a, m, b)| ThreePoint::new(a, m, b))
}

fn date() -> impl Strategy<Value = Date> {
    (-25_000i32..80_000).prop_map(Date::from_days)
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

fn task() -> impl Strategy<Value = Task> {
    (
        (any::<u32>(), text(), pick(&Phase::ALL), pick(&Stage::ALL)),
        (
            any::<u32>(),
            three(),
            pick(&Distribution::ALL),
            pick(&TaskKind::ALL),
        ),
        (
            prop::collection::vec(any::<u32>(), 0..4),
            prop::option::of(num()),
            pick(&TaskState::ALL),
            prop::option::of(three()),
            prop::option::of(date()),
        ),
    )
        .prop_map(
            |(
                (id, name, phase, stage),
                (role, effort, distribution, kind),
                (depends_on, actual, state, remaining, finished),
            )| {
                Task {
                    id,
                    name,
                    phase,
                    stage,
                    role,
                    effort,
                    distribution,
                    kind,
                    depends_on,
                    actual,
                    state,
                    remaining,
                    finished,
                }
            },
        )
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    (
        (date(), any::<u32>(), date(), date()),
        (num(), num(), num(), num()),
    )
        .prop_map(
            |(
                (date, engine, p50_finish, p80_finish),
                (p50_cost, p80_cost, done_effort, p50_effort),
            )| {
                Snapshot {
                    date,
                    engine,
                    p50_finish,
                    p80_finish,
                    p50_cost,
                    p80_cost,
                    done_effort,
                    p50_effort,
                }
            },
        )
}

fn tracking() -> impl Strategy<Value = Tracking> {
    (
        prop::option::of(date()),
        prop::option::of(snapshot()),
        prop::collection::vec(snapshot(), 0..3),
    )
        .prop_map(|(status_date, baseline, snapshots)| Tracking {
            status_date,
            baseline,
            snapshots,
        })
}

fn role() -> impl Strategy<Value = Role> {
    (any::<u32>(), text(), num(), num()).prop_map(|(id, name, headcount, day_rate)| Role {
        id,
        name,
        headcount,
        day_rate,
    })
}

const STATUSES: [RiskStatus; 4] = [
    RiskStatus::Open,
    RiskStatus::Mitigated,
    RiskStatus::Closed,
    RiskStatus::Occurred,
];

/// A risk: sometimes a catalogue entry, perhaps with some fields changed, so that both
/// ways of writing a risk are exercised.
fn risk() -> impl Strategy<Value = Risk> {
    let catalogue = templates::risk_catalogue();
    let n = catalogue.len();
    (
        (any::<u32>(), 0..n * 2, text(), text(), num()),
        (
            three(),
            three(),
            any::<bool>(),
            pick(&Phase::ALL),
            any::<u32>(),
        ),
        (text(), pick(&STATUSES), text(), num(), num()),
        (num(), num(), any::<bool>(), 0u8..4),
        (0u8..4, any::<u32>(), any::<bool>()),
    )
        .prop_map(
            move |(
                (id, entry, title, category, probability),
                (schedule, cost, phase_target, phase, task),
                (owner, status, description, m_cost, m_effort),
                (after, reduction, adopted, keep),
                (driver, role, percent),
            )| {
                let mut r = match catalogue.get(entry) {
                    Some(e) => e.to_risk(id),
                    None => Risk {
                        id,
                        title,
                        category,
                        probability,
                        schedule_impact: schedule,
                        target: RiskTarget::Phase(phase),
                        more_targets: Vec::new(),
                        schedule_unit: ScheduleUnit::Days,
                        cost_impact: cost,
                        owner: String::new(),
                        status,
                        mitigation: Mitigation::default(),
                    },
                };
                if keep == 0 || entry >= n {
                    r.target = if phase_target {
                        RiskTarget::Phase(phase)
                    } else {
                        RiskTarget::Task(task)
                    };
                    r.owner = owner;
                    r.mitigation = Mitigation {
                        description,
                        cost: m_cost,
                        effort: m_effort,
                        probability_after: after,
                        impact_reduction: reduction,
                        adopted,
                    };
                }
                // Risk drivers: a role as the one target, or further targets.
                match driver {
                    1 => r.target = RiskTarget::Role(role),
                    2 => r.more_targets = vec![RiskTarget::Task(task), RiskTarget::Role(role)],
                    _ => {}
                }
                if percent {
                    r.schedule_unit = ScheduleUnit::Percent;
                }
                r
            },
        )
}

fn factor_rule() -> impl Strategy<Value = FactorRule> {
    (
        pick(&FactorKind::ALL),
        prop::collection::vec(pick(&Phase::ALL), 0..8),
        three(),
        three(),
    )
        .prop_map(|(factor, phases, some, yes)| FactorRule {
            factor,
            phases,
            some,
            yes,
        })
}

const BENEFITS: [BenefitKind; 5] = [
    BenefitKind::Revenue,
    BenefitKind::CostSaving,
    BenefitKind::CycleTime,
    BenefitKind::PeopleIntensity,
    BenefitKind::CustomerExperience,
];
const FRESHNESS: [Freshness; 3] = [Freshness::RealTime, Freshness::Hourly, Freshness::Daily];

fn value_model() -> impl Strategy<Value = ValueModel> {
    (
        three(),
        pick(&BENEFITS),
        (num(), num(), num()),
        (num(), num(), num()),
    )
        .prop_map(
            |(annual_benefit, kind, (ramp, horizon, discount), (run, data, error))| ValueModel {
                annual_benefit,
                kind,
                ramp_up_months: ramp,
                horizon_years: horizon,
                discount_rate: discount,
                run_cost_per_year: run,
                data_cost: data,
                error_cost_per_year: error,
            },
        )
}

fn requirements() -> impl Strategy<Value = Requirements> {
    (
        (num(), num(), num(), num()),
        (pick(&FRESHNESS), num(), text(), num()),
        (num(), num(), num(), num(), any::<bool>()),
    )
        .prop_map(
            |(
                (rpd, peak, users, latency),
                (freshness, model_time, metric, minimum),
                (utilisation, hourly, monitoring, retraining, from_sizing),
            )| {
                Requirements {
                    requests_per_day: rpd,
                    peak_to_average: peak,
                    users,
                    latency_p95_ms: latency,
                    freshness,
                    model_time_ms: model_time,
                    metric,
                    minimum_performance: minimum,
                    target_utilisation: utilisation,
                    instance_cost_per_hour: hourly,
                    monitoring_cost_per_year: monitoring,
                    retraining_cost_per_year: retraining,
                    run_cost_from_sizing: from_sizing,
                }
            },
        )
}

fn plan_items() -> impl Strategy<Value = PlanItems> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(
            (text(), pick(&Stage::ALL), text()).prop_map(|(name, stage, criteria)| Milestone {
                name,
                stage,
                criteria,
            }),
            0..3,
        ),
        text(),
        text(),
        ab_test(),
        prop::collection::vec(
            (num(), num()).prop_map(|(share, days)| CanaryStep { share, days }),
            0..4,
        ),
        prop::collection::vec(pick(&MonitoringItem::ALL), 0..4),
    )
        .prop_map(
            |(success_metrics, milestones, monitoring, experiment, ab_test, canary, checked)| {
                PlanItems {
                    success_metrics,
                    milestones,
                    monitoring,
                    experiment,
                    ab_test,
                    canary,
                    monitoring_checked: checked,
                }
            },
        )
}

fn ab_test() -> impl Strategy<Value = AbTest> {
    (
        (text(), num(), num(), any::<bool>(), num()),
        (num(), any::<bool>(), num()),
        (prop::option::of(num()), prop::option::of(num())),
    )
        .prop_map(
            |(
                (metric, baseline, mde, relative, alpha),
                (power, two_sided, traffic_share),
                (daily_traffic, sd),
            )| AbTest {
                metric,
                baseline,
                mde,
                relative,
                alpha,
                power,
                two_sided,
                traffic_share,
                daily_traffic,
                sd,
            },
        )
}

fn settings() -> impl Strategy<Value = SimSettings> {
    (
        any::<u32>(),
        any::<u64>(),
        num(),
        prop::option::of(date()),
        prop::option::of(num()),
        (num(), num()),
    )
        .prop_map(
            |(trials, seed, confidence, target_date, target_budget, (phase, role))| SimSettings {
                trials,
                seed,
                confidence,
                target_date,
                target_budget,
                correlation: Correlation {
                    within_phase: phase,
                    within_role: role,
                },
            },
        )
}

prop_compose! {
    fn project()(
        (id, name, description, currency) in ("[a-z0-9]{1,12}", text(), text(), text()),
        (start_date, working_days_per_week, holidays) in
            (date(), any::<u8>(), prop::collection::vec(date(), 0..4)),
        (tasks, team) in (prop::collection::vec(task(), 0..6), prop::collection::vec(role(), 0..4)),
        fixed_costs in prop::collection::vec(
            (text(), num(), pick(&Stage::ALL))
                .prop_map(|(name, amount, stage)| FixedCost { name, amount, stage }),
            0..3,
        ),
        factors in prop::collection::vec(
            (pick(&FactorKind::ALL), pick(&FactorLevel::ALL))
                .prop_map(|(factor, level)| FactorAnswer { factor, level }),
            0..5,
        ),
        factor_rules in prop_oneof![
            Just(default_factor_rules()),
            prop::collection::vec(factor_rule(), 0..4),
        ],
        risks in prop::collection::vec(risk(), 0..5),
        gate in (any::<bool>(), num(), pick(&GateOutcome::ALL))
            .prop_map(|(enabled, probability, outcome)| FeasibilityGate { enabled, probability, outcome }),
        (value, requirements, plan, settings) in
            (value_model(), requirements(), plan_items(), settings()),
        (updated_at, revision) in (num(), any::<u64>()),
        tracking in tracking(),
    ) -> Project {
        Project {
            id, name, description, currency, start_date, working_days_per_week, holidays,
            tasks, team, fixed_costs, factors, factor_rules, risks, gate, value,
            requirements, plan, settings, tracking, scenarios: Vec::new(), updated_at,
            revision: Revision::new(revision),
        }
    }
}

fn json_round_trip(p: Project) -> Result<(), TestCaseError> {
    let back = import_project(&export_project(&p));
    prop_assert_eq!(back.as_ref(), Ok(&p));
    let bits = |p: &Project| -> Vec<u64> {
        p.tasks
            .iter()
            .map(|t| t.effort.optimistic.to_bits())
            .collect()
    };
    prop_assert_eq!(bits(back.as_ref().unwrap()), bits(&p));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A project written as a share link's compact text reads back exactly, every
    /// float bit for bit.
    #[test]
    fn compact_link_text_reads_back_as_the_same_project(p in project()) {
        let mut expected = p.clone();
        expected.id = compact::SHARED_ID.into();
        expected.updated_at = 0.0;
        expected.revision = Revision::FRESH;
        let back = compact::read(&compact::write(&p));
        prop_assert_eq!(back.as_ref(), Ok(&expected));
        let signs = |p: &Project| -> Vec<bool> {
            p.tasks.iter().map(|t| t.effort.optimistic.is_sign_negative()).collect()
        };
        prop_assert_eq!(signs(back.as_ref().unwrap()), signs(&p));
    }
}

/// A project exported as a JSON file imports back exactly (numbers as people type
/// them; see the module comment).
#[test]
fn json_export_then_import_is_the_same_project() {
    TYPED.with(|t| t.set(true));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(400));
    let result = runner.run(&project(), json_round_trip);
    TYPED.with(|t| t.set(false));
    result.unwrap();
}

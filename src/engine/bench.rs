//! Generated plans of any size for benchmarks and tests: realistic shapes (tasks flow
//! through the phases of each stage, stages follow each other, roles share the work,
//! risks land on phases and tasks), reproducible from a seed.

use super::rng::Rng;
use crate::model::{
    Correlation, Date, Distribution, FactorAnswer, FactorKind, FactorLevel, FixedCost, Mitigation,
    Phase, Project, Risk, RiskTarget, Role, ScheduleUnit, Stage, Task, ThreePoint,
};

const ROLE_NAMES: [&str; 6] = [
    "Data scientist",
    "Data engineer",
    "ML engineer",
    "Software engineer",
    "Domain expert",
    "Project manager",
];

/// The benchmark's cases, each a name and a plan (`bench_native` and the wasm bench
/// in `tests/bench_wasm.rs` run these, at 50,000 trials): 50 tasks with three roles,
/// with 10 risks, without risks, with 10 risks and correlated estimates (0.3
/// within a phase, 0.2 within a role, docs/MODEL.md §19), and with 10 risks and half
/// its tasks done ([`half_done`], §28).
pub fn bench_cases() -> Vec<(&'static str, Project)> {
    let mut correlated = generate_bench_plan(50, 3, 10, 7);
    correlated.settings.correlation = Correlation {
        within_phase: 0.3,
        within_role: 0.2,
    };
    vec![
        (
            "plan50_risks10_trials50k",
            generate_bench_plan(50, 3, 10, 7),
        ),
        ("plan50_norisk_trials50k", generate_bench_plan(50, 3, 0, 7)),
        ("plan50_risks10_corr_trials50k", correlated),
        (
            "plan50_half_done_trials50k",
            half_done(generate_bench_plan(50, 3, 10, 7)),
        ),
    ]
}

/// The plan with the first half of its tasks (in list order, so every predecessor of
/// one of them is among them) done at 1.2 × their most likely effort, 150 days after
/// the start, and the status date 200 days after the start.
pub fn half_done(mut p: Project) -> Project {
    let (finished, status) = (p.start_date.add_days(150), p.start_date.add_days(200));
    p.tracking.status_date = Some(status);
    let half = p.tasks.len() / 2;
    for t in p.tasks.iter_mut().take(half) {
        t.state = crate::model::TaskState::Done;
        t.actual = Some(t.effort.most_likely * 1.2);
        t.finished = Some(finished);
    }
    p
}

/// A plan with `tasks` tasks, `roles` roles and `risks` risks, all fixed by `seed`.
///
/// Half the tasks are MVP, 30% Growth and the rest Maturity; within a stage tasks run
/// through the seven phases in order, each depending on one or two tasks of the
/// previous phase of its stage, and the first phase of a stage depends on the last
/// phase of the stage before. Two factors are answered, the gate is enabled at 0.8.
pub fn generate_bench_plan(tasks: usize, roles: usize, risks: usize, seed: u64) -> Project {
    let mut rng = Rng::new(seed ^ 0x5EED_BE4C_0000_0001);
    let start = Date::from_ymd(2026, 1, 5).unwrap_or(Date::from_days(20_458));
    let mut p = Project::new("bench", format!("Generated plan ({tasks} tasks)"), start);
    p.holidays = ["2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25"]
        .iter()
        .filter_map(|d| Date::parse(d).ok())
        .collect();
    let roles = roles.max(1);
    for r in 0..roles {
        p.team.push(Role {
            id: r as u32 + 1,
            name: ROLE_NAMES
                .get(r)
                .map_or_else(|| format!("Role {}", r + 1), |s| (*s).to_owned()),
            headcount: [2.0, 1.5, 1.0, 0.5][r % 4],
            day_rate: 600.0 + 100.0 * (r % 5) as f64,
        });
    }
    let stage_counts = {
        let mvp = tasks.div_ceil(2);
        let growth = (tasks * 3) / 10;
        [mvp, growth, tasks - mvp - growth]
    };
    let mut id = 1u32;
    let mut previous_stage_last: Vec<u32> = Vec::new();
    for (s, &count) in stage_counts.iter().enumerate() {
        let stage = Stage::ALL[s];
        // Spread the stage's tasks over the phases in order.
        let mut by_phase: Vec<Vec<u32>> = vec![Vec::new(); 7];
        for i in 0..count {
            let phase = (i * 7) / count.max(1);
            let phase_enum = Phase::ALL[phase.min(6)];
            let a = 2.0 + (rng.next_f64() * 6.0).floor();
            let m = a * (1.2 + 0.6 * rng.next_f64());
            let b = m * (1.5 + 1.5 * rng.next_f64());
            let distribution = match rng.next_u64() % 10 {
                0 => Distribution::Triangular,
                1 => Distribution::Fixed,
                2 => Distribution::Uniform,
                _ => Distribution::Pert,
            };
            let earlier: Vec<u32> = by_phase[..phase.min(6)]
                .iter()
                .rev()
                .find(|v| !v.is_empty())
                .cloned()
                .unwrap_or_default();
            let mut depends_on = Vec::new();
            if earlier.is_empty() {
                depends_on.extend(previous_stage_last.iter().copied().take(2));
            } else {
                let first = earlier[(rng.next_u64() % earlier.len() as u64) as usize];
                depends_on.push(first);
                if earlier.len() > 1 && rng.next_f64() < 0.5 {
                    let second = earlier[(rng.next_u64() % earlier.len() as u64) as usize];
                    if second != first {
                        depends_on.push(second);
                    }
                }
            }
            p.tasks.push(Task {
                id,
                name: format!("{} task {}", phase_enum.label(), id),
                phase: phase_enum,
                stage,
                role: (rng.next_u64() % roles as u64) as u32 + 1,
                effort: ThreePoint::new(a, m, b),
                distribution,
                kind: Default::default(),
                depends_on,
                ..Default::default()
            });
            by_phase[phase.min(6)].push(id);
            id += 1;
        }
        if let Some(last) = by_phase.iter().rev().find(|v| !v.is_empty()) {
            previous_stage_last = last.clone();
        }
    }
    p.factors = vec![
        FactorAnswer {
            factor: FactorKind::UncleanData,
            level: FactorLevel::Yes,
        },
        FactorAnswer {
            factor: FactorKind::ComplexData,
            level: FactorLevel::Some,
        },
    ];
    p.fixed_costs = vec![
        FixedCost {
            name: "Cloud compute".into(),
            amount: 12_000.0,
            stage: Stage::Mvp,
        },
        FixedCost {
            name: "Data licence".into(),
            amount: 20_000.0,
            stage: Stage::Growth,
        },
    ];
    let task_count = p.tasks.len() as u64;
    for r in 0..risks {
        let target = if r % 3 == 2 && task_count > 0 {
            RiskTarget::Task((rng.next_u64() % task_count) as u32 + 1)
        } else {
            RiskTarget::Phase(Phase::ALL[(rng.next_u64() % 7) as usize])
        };
        let days = 2.0 + (rng.next_f64() * 10.0).floor();
        p.risks.push(Risk {
            id: r as u32 + 1,
            title: format!("Risk {}", r + 1),
            category: "Generated".into(),
            probability: 0.1 + 0.4 * rng.next_f64(),
            schedule_impact: ThreePoint::new(days * 0.5, days, days * 2.5),
            target,
            more_targets: Vec::new(),
            schedule_unit: ScheduleUnit::Days,
            cost_impact: ThreePoint::new(0.0, 1_000.0 * days, 3_000.0 * days),
            owner: String::new(),
            status: Default::default(),
            mitigation: Mitigation {
                description: "Generated mitigation".into(),
                cost: 2_000.0,
                effort: 1.0,
                probability_after: 0.05,
                impact_reduction: 0.3,
                adopted: r % 2 == 0,
            },
        });
    }
    p.gate.enabled = true;
    p.gate.probability = 0.8;
    p
}

//! A validated [`Project`] compiled into flat arrays for the trial loop.
//!
//! Tasks are renumbered into scheduling order (a topological order of the
//! finish-to-start dependencies that prefers earlier stages, then earlier starts with
//! unlimited people and most-likely efforts, then earlier phases, then list order), so
//! the hot loop walks arrays front to back and every predecessor of a task has a
//! smaller number. Each role becomes its people (slots), each with its speed.
//!
//! Everything a trial needs but that does not change between trials — samplers,
//! predecessor lists, role slots, rates, risk targets, the gate's tasks — is computed
//! here once.
//!
//! A wait task (docs/MODEL.md §24) is compiled so that the trial loop needs no case of
//! its own: it gets a private slot of speed 1 at rate 0 (so it starts when its
//! predecessors finish and costs nothing), the neutral phase entry 7 in its
//! [`TaskRec`] (so no factor or phase risk stretches it), and the sums' unread entry 3
//! as its stage there (so its days are not effort). Phase risks do not spread over it,
//! and a mitigation's effort aimed at it is unplaced.

use super::calendar;
use super::calibration::Resampling;
use super::copula::{Loadings, PHASE_FACTORS};
use super::dist::{QuantileTables, Sampler, Tables};
use crate::model::{
    Distribution, FactorKind, GateOutcome, Phase, Project, RiskStatus, RiskTarget, ScheduleUnit,
    Stage, Task, TaskKind, TaskState, ThreePoint,
};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Marks "no task" in index arrays.
pub const NONE: u32 = u32::MAX;

/// The per-phase entry that no factor and no risk touches (phases are 0–6).
pub const NEUTRAL_PHASE: u8 = 7;

/// The schedule's sum that is never read (stages are 0–2): a wait's days go there.
pub const NO_SUM: u8 = 3;

/// Where a risk's extra effort goes.
#[derive(Clone, Debug)]
pub enum Target {
    /// One task (internal index).
    Task(u32),
    /// Spread over the tasks (internal indices) of a phase in proportion to their effort
    /// as sampled with factors, before any risk impact.
    Spread { phase: u8, tasks: Vec<u32> },
    /// Several tasks (internal indices, in scheduling order): a risk driver's
    /// (docs/MODEL.md R146). Extra days are shared in proportion to the tasks' effort as
    /// sampled with factors; a percentage is added to each task's.
    Share(Vec<u32>),
    /// A phase with no tasks (or a days driver with no work task): effort and cost are
    /// added, the schedule is not touched.
    Unplaced,
}

/// A risk as the trial loop sees it.
#[derive(Clone, Debug)]
pub struct PlanRisk {
    pub id: u32,
    pub title: String,
    /// Chance it fires in a trial (after status and mitigation).
    pub probability: f64,
    /// Extra person-days when it fires (already scaled by any impact reduction).
    pub schedule: Sampler,
    /// Extra money when it fires (already scaled by any impact reduction).
    pub cost: Sampler,
    pub target: Target,
    /// Whether `schedule` is a percentage of each target task's effort (else days).
    pub percent: bool,
    /// The stage whose cumulative forecast first includes this risk.
    pub stage: u8,
    /// Whether its cost counts as spent when the gate stops a project with no task
    /// started in its target (true only for unplaced risks in phases up to Evaluation).
    pub unplaced_before_gate: bool,
}

/// An active complexity factor.
#[derive(Clone, Debug)]
pub struct PlanFactor {
    pub kind: FactorKind,
    /// Position in [`FactorKind::ALL`], which fixes its place in the random stream.
    pub slot: usize,
    pub multiplier: Sampler,
    /// Bit `p` set when the factor inflates phase `p`.
    pub phase_mask: u8,
}

/// One task as the hot loop reads it: everything in one record, so a trial walks one
/// contiguous array.
///
/// Most tasks have at most two predecessors and a role with at most two slots; for
/// them `pred` and `slot` hold those, padded with [`Plan::n`] (a task that finishes at
/// 0) and [`Plan::total_slots`] (a slot that is never free), so the scheduler needs no
/// loops. The others (`general`) are scheduled from the full ranges.
#[derive(Clone, Copy, Debug)]
pub struct TaskRec {
    pub sampler: Sampler,
    pub pred: [u32; 2],
    pub slot: [u32; 2],
    pub general: bool,
    /// The task's phase, for its factor multiplier and phase-risk growth; for a wait
    /// [`NEUTRAL_PHASE`], whose multiplier and growth are always 1.
    pub phase: u8,
    /// Which of the schedule's sums takes the task's effort and cost: its need stage,
    /// or for a wait [`NO_SUM`], which is never read.
    pub need_stage: u8,
    pub pred_lo: u32,
    pub pred_hi: u32,
    pub slot_lo: u32,
    pub slot_hi: u32,
    /// Working days per person-day of effort of `slot[0]` and `slot[1]` (the second
    /// repeats the first when the role has one person).
    pub dpe: [f64; 2],
    pub rate: f64,
}

/// Everything the trial loop needs, in flat arrays indexed by internal task number.
#[derive(Clone)]
pub struct Plan {
    /// The hot loop's view of each task.
    pub recs: Vec<TaskRec>,
    pub n: usize,
    /// Project task index of each internal task.
    pub original: Vec<u32>,
    pub task_id: Vec<u32>,
    pub sampler: Vec<Sampler>,
    /// True when the task's effort is uncertain (so its draw can drive the outcome).
    pub uncertain: Vec<bool>,
    /// True for a wait: calendar time with no effort, no role and no cost.
    pub wait: Vec<bool>,
    pub most_likely: Vec<f64>,
    pub phase: Vec<u8>,
    pub stage: Vec<u8>,
    /// The earliest stage whose cumulative forecast includes this task: its own stage
    /// or that of any task that (transitively) depends on it, whichever is earlier.
    pub need_stage: Vec<u8>,
    /// For each stage s, the tasks needed through s that no other task needed through
    /// s depends on, in scheduling order: the latest finish of the tasks needed through
    /// s is the latest finish of these.
    pub stage_sinks: [Vec<u32>; 3],
    /// Predecessors of task k are `preds[pred_start[k]..pred_start[k + 1]]`.
    pub pred_start: Vec<u32>,
    pub preds: Vec<u32>,
    /// Role slots (people) of task k are `slot_first[k]..slot_first[k] + slot_count[k]`:
    /// the role's full-time people, then its part-time person if it has one.
    pub slot_first: Vec<u32>,
    pub slot_count: Vec<u32>,
    pub total_slots: usize,
    /// Working days per person-day of effort of each slot: 1 / the person's speed
    /// (0 for a done task's private slot).
    pub slot_dpe: Vec<f64>,
    /// When each slot is first free: the status date's offset (0 before tracking),
    /// or for a done task's private slot its finish (docs/MODEL.md §28).
    pub slot_start: Vec<f64>,
    /// Where each task stands on the status date.
    pub state: Vec<TaskState>,
    /// Effort spent so far on the tasks in progress, by the stage that first needs
    /// each (certain: it is in every trial's effort, and its cost in the cost).
    pub spent_effort: [f64; 3],
    pub spent_cost: [f64; 3],
    pub rate: Vec<f64>,
    /// Deterministic extra effort from adopted mitigations, per task.
    pub mitigation_effort: Vec<f64>,
    /// Mitigation effort that has no task to land on, priced at `mean_rate`.
    pub mitigation_unplaced: f64,
    /// Money of adopted mitigations (always spent).
    pub mitigation_money: f64,
    /// Headcount-weighted mean day rate of the team.
    pub mean_rate: f64,
    pub fixed_by_stage: [f64; 3],
    pub factors: Vec<PlanFactor>,
    pub risks: Vec<PlanRisk>,
    pub tables: QuantileTables,
    /// Gate probability of passing, when the gate is enabled.
    pub gate: Option<f64>,
    /// Tasks whose finish marks the gate (internal indices).
    pub gate_tasks: Vec<u32>,
    /// How the tasks' draws are correlated; `None` when they are independent.
    pub correlation: Option<PlanCorrelation>,
    /// The single-point plan's critical chain, when a run should also report each
    /// trial's duration along it (the bridge's steps before capacity and merging);
    /// empty otherwise.
    pub chain: Vec<ChainLink>,
}

/// The correlation of the tasks' draws (docs/MODEL.md §19).
#[derive(Clone, Debug)]
pub struct PlanCorrelation {
    pub loadings: Loadings,
    /// Common factors drawn per trial: the seven phases, then the team's roles.
    pub factors: usize,
    /// The factor of each internal task's role ([`NONE`] for a role not on the team,
    /// which validation refuses).
    pub role_factor: Vec<u32>,
}

/// A task of the single-point plan's critical chain and the working days per
/// person-day of the person who did it there.
#[derive(Clone, Copy, Debug)]
pub struct ChainLink {
    pub task: u32,
    pub dpe: f64,
}

fn stage_of(s: Stage) -> u8 {
    s.index() as u8
}

impl Plan {
    /// Compiles a project that has passed validation. Inputs that validation would
    /// reject are still handled without panicking (unknown ids are ignored).
    pub fn compile(project: &Project) -> Self {
        Self::compile_with(project, None)
    }

    /// Compiles with one factor treated as answered "No" (for "what each factor adds").
    pub fn compile_with(project: &Project, without_factor: Option<FactorKind>) -> Self {
        Self::build(project, without_factor, None)
    }

    /// Compiles for the forecast with the team's track record (docs/MODEL.md R159):
    /// every open work task's effort is its most likely estimate times a ratio
    /// resampled from its role's record, before factors and risks as usual.
    pub fn compile_tracked(project: &Project, record: &Resampling) -> Self {
        Self::build(project, None, Some(record))
    }

    fn build(
        project: &Project,
        without_factor: Option<FactorKind>,
        record: Option<&Resampling>,
    ) -> Self {
        let tasks = &project.tasks;
        let n = tasks.len();
        let index_of: HashMap<u32, usize> =
            tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        // Tracking (docs/MODEL.md §28): nothing starts before the status date, and a
        // started task's predecessors no longer hold it.
        let origin = project.tracking.status_date.map_or(0.0, |d| {
            calendar::working_days_through(project, d.add_days(-1))
        });
        let deps: Vec<Vec<usize>> = tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let listed = if t.state.is_not_started() {
                    t.depends_on.as_slice()
                } else {
                    &[]
                };
                let mut d: Vec<usize> = listed
                    .iter()
                    .filter_map(|id| index_of.get(id).copied())
                    .filter(|&j| j != i)
                    .collect();
                crate::sort::sort_by(&mut d, |a, b| a < b);
                d.dedup();
                d
            })
            .collect();

        let order = priority_order(tasks, &deps);
        let planned: Vec<ThreePoint> = tasks.iter().map(planned_effort).collect();
        let mut internal = vec![0u32; n];
        for (k, &i) in order.iter().enumerate() {
            internal[i] = k as u32;
        }

        let team = Team::of(project);
        let (mean_rate, mut total_slots) = (team.mean_rate, team.slot_dpe.len());
        // A task whose role is unknown gets a private slot of speed 1 at the mean rate.
        let mut tables = Tables::new();
        let mut plan = Plan {
            recs: Vec::with_capacity(n),
            n,
            original: order.iter().map(|&i| i as u32).collect(),
            task_id: Vec::with_capacity(n),
            sampler: Vec::with_capacity(n),
            uncertain: Vec::with_capacity(n),
            wait: Vec::with_capacity(n),
            most_likely: Vec::with_capacity(n),
            phase: Vec::with_capacity(n),
            stage: Vec::with_capacity(n),
            need_stage: vec![0; n],
            stage_sinks: Default::default(),
            pred_start: Vec::with_capacity(n + 1),
            preds: Vec::new(),
            slot_first: Vec::with_capacity(n),
            slot_count: Vec::with_capacity(n),
            total_slots: 0,
            slot_dpe: team.slot_dpe.clone(),
            slot_start: vec![origin; team.slot_dpe.len()],
            state: Vec::with_capacity(n),
            spent_effort: [0.0; 3],
            spent_cost: [0.0; 3],
            rate: Vec::with_capacity(n),
            mitigation_effort: vec![0.0; n],
            mitigation_unplaced: 0.0,
            mitigation_money: 0.0,
            mean_rate,
            fixed_by_stage: [0.0; 3],
            factors: Vec::new(),
            risks: Vec::new(),
            tables: QuantileTables::default(),
            gate: None,
            gate_tasks: Vec::new(),
            correlation: None,
            chain: Vec::new(),
        };
        plan.pred_start.push(0);
        for &i in &order {
            let t = &tasks[i];
            plan.task_id.push(t.id);
            let done = t.state == TaskState::Done;
            let distribution = if done {
                Distribution::Fixed
            } else {
                t.distribution
            };
            let role_name = project.role(t.role).map_or("", |r| r.name.as_str());
            let s = match record {
                Some(r) if !done && t.kind == TaskKind::Work => {
                    tables.resampled(finite(planned[i].most_likely), r.of_role(role_name).0)
                }
                _ => tables.sampler(&planned[i], distribution),
            };
            plan.uncertain.push(!matches!(s, Sampler::Fixed(_)));
            let wait = t.kind == TaskKind::Wait;
            plan.wait.push(wait);
            plan.state.push(t.state);
            plan.sampler.push(s);
            plan.most_likely.push(finite(planned[i].most_likely));
            plan.phase.push(t.phase.index() as u8);
            plan.stage.push(stage_of(t.stage));
            let k = internal[i];
            for &j in &deps[i] {
                // Only edges from earlier tasks: drops cycle-closing edges of invalid input.
                if internal[j] < k {
                    plan.preds.push(internal[j]);
                }
            }
            plan.pred_start.push(plan.preds.len() as u32);
            let role = team.roles.iter().find(|r| r.id == t.role);
            let rate = match role {
                _ if wait => 0.0,
                Some(r) => r.rate,
                None => mean_rate,
            };
            let (first, count) = match role {
                Some(r) if !wait && !done => (r.first, r.count),
                _ => {
                    // A wait, a done task or a role that is not on the team: a private
                    // slot. A done task's takes no time and is first free when the
                    // task finished, so the task ends exactly then.
                    let first = total_slots as u32;
                    total_slots += 1;
                    plan.slot_dpe.push(if done { 0.0 } else { 1.0 });
                    plan.slot_start.push(match t.finished {
                        Some(day) if done => calendar::working_days_through(project, day),
                        _ => origin,
                    });
                    (first, 1)
                }
            };
            plan.slot_first.push(first);
            plan.slot_count.push(count);
            plan.rate.push(rate);
        }
        plan.total_slots = total_slots;

        // Cumulative-stage membership: walk backwards so successors are done first.
        let mut need: Vec<u8> = plan.stage.clone();
        for k in (0..n).rev() {
            let (a, b) = (plan.pred_start[k] as usize, plan.pred_start[k + 1] as usize);
            for idx in a..b {
                let p = plan.preds[idx] as usize;
                need[p] = need[p].min(need[k]);
            }
        }
        plan.need_stage = need;
        // A task is a sink through stage s unless a task needed through s depends on it.
        let mut feeds = vec![3u8; n];
        for k in 0..n {
            let (a, b) = (plan.pred_start[k] as usize, plan.pred_start[k + 1] as usize);
            for &p in &plan.preds[a..b] {
                feeds[p as usize] = feeds[p as usize].min(plan.need_stage[k]);
            }
        }
        for (s, sinks) in plan.stage_sinks.iter_mut().enumerate() {
            let s = s as u8;
            sinks.extend(
                (0..n)
                    .filter(|&k| plan.need_stage[k].min(2) <= s && feeds[k] > s)
                    .map(|k| k as u32),
            );
        }

        // What the tasks in progress have spent so far.
        for k in (0..n).filter(|&k| plan.state[k] == TaskState::InProgress && !plan.wait[k]) {
            let spent = finite(tasks[plan.original[k] as usize].actual.unwrap_or(0.0)).max(0.0);
            let s = plan.need_stage[k].min(2) as usize;
            plan.spent_effort[s] += spent;
            plan.spent_cost[s] += spent * plan.rate[k];
        }

        // Work tasks per phase, for risks that target a phase: those not started, those
        // in progress, and whether any is done (docs/MODEL.md R153).
        let mut by_phase: Vec<Vec<u32>> = vec![Vec::new(); Phase::ALL.len()];
        let mut in_progress: Vec<Vec<u32>> = vec![Vec::new(); Phase::ALL.len()];
        let mut phase_done = [false; 7];
        for k in (0..n).filter(|&k| !plan.wait[k]) {
            let ph = plan.phase[k] as usize;
            match plan.state[k] {
                TaskState::NotStarted => by_phase[ph].push(k as u32),
                TaskState::InProgress => in_progress[ph].push(k as u32),
                TaskState::Done => phase_done[ph] = true,
            }
        }

        for c in &project.fixed_costs {
            plan.fixed_by_stage[c.stage.index()] += finite(c.amount).max(0.0);
        }

        // Complexity factors.
        for (slot, &kind) in FactorKind::ALL.iter().enumerate() {
            if Some(kind) == without_factor {
                continue;
            }
            let level = project.factor_level(kind);
            let Some(rule) = project.factor_rules.iter().find(|r| r.factor == kind) else {
                continue;
            };
            let Some(range) = rule.multiplier(level) else {
                continue;
            };
            let mask = rule.phases.iter().fold(0u8, |m, p| m | (1 << p.index()));
            let multiplier = tables.sampler(&range, Distribution::Pert);
            plan.factors.push(PlanFactor {
                kind,
                slot,
                multiplier,
                phase_mask: mask,
            });
        }

        // Risks and adopted mitigations.
        for r in &project.risks {
            let m = &r.mitigation;
            let adopted = r.mitigation_in_effect();
            let percent = r.schedule_unit == ScheduleUnit::Percent;
            let is_done = |k: u32| plan.state[k as usize] == TaskState::Done;
            // Whether everything the risk lands on is done, so it can no longer fire.
            let mut past = false;
            let target = match (r.is_plain(), r.target) {
                (true, RiskTarget::Task(id)) => match index_of.get(&id) {
                    Some(&i) => {
                        past = is_done(internal[i]);
                        Target::Task(internal[i])
                    }
                    None => Target::Unplaced,
                },
                (true, RiskTarget::Phase(ph)) => {
                    let (list, started) = (&by_phase[ph.index()], &in_progress[ph.index()]);
                    past = list.is_empty() && started.is_empty() && phase_done[ph.index()];
                    if !list.is_empty() {
                        Target::Spread {
                            phase: ph.index() as u8,
                            tasks: list.clone(),
                        }
                    } else if !started.is_empty() {
                        Target::Share(started.clone())
                    } else {
                        Target::Unplaced
                    }
                }
                _ => {
                    // A risk driver: its tasks not done, in scheduling order; extra days
                    // only on work.
                    let targeted = project.targeted_tasks(r);
                    let mut list: Vec<u32> = targeted
                        .iter()
                        .map(|&i| internal[i])
                        .filter(|&k| !is_done(k) && (percent || !plan.wait[k as usize]))
                        .collect();
                    crate::sort::sort_by(&mut list, |a, b| a < b);
                    past = list.is_empty() && targeted.iter().any(|&i| is_done(internal[i]));
                    if list.is_empty() && !percent {
                        Target::Unplaced
                    } else {
                        Target::Share(list)
                    }
                }
            };
            let stage = match &target {
                Target::Task(k) => plan.need_stage[*k as usize],
                Target::Spread { tasks, .. } | Target::Share(tasks) => tasks
                    .iter()
                    .map(|&k| plan.need_stage[k as usize])
                    .min()
                    .unwrap_or(0),
                Target::Unplaced => 0,
            };
            if adopted {
                plan.mitigation_money += finite(m.cost).max(0.0);
                let effort = finite(m.effort).max(0.0);
                // Mitigation effort is certain, so it is spread over a phase in proportion
                // to the most likely efforts (equally when those are all zero).
                match &target {
                    Target::Task(k) if plan.wait[*k as usize] || is_done(*k) => {
                        plan.mitigation_unplaced += effort
                    }
                    Target::Task(k) => plan.mitigation_effort[*k as usize] += effort,
                    Target::Spread { tasks: list, .. } | Target::Share(list) => {
                        // Work tasks only (a phase's are all work; a driver's may name waits).
                        let list: Vec<u32> = list
                            .iter()
                            .copied()
                            .filter(|&k| !plan.wait[k as usize])
                            .collect();
                        let total: f64 = list.iter().map(|&k| plan.most_likely[k as usize]).sum();
                        if list.is_empty() {
                            plan.mitigation_unplaced += effort;
                        }
                        for &k in &list {
                            let share = if total > 0.0 {
                                plan.most_likely[k as usize] / total
                            } else {
                                1.0 / list.len() as f64
                            };
                            plan.mitigation_effort[k as usize] += effort * share;
                        }
                    }
                    Target::Unplaced => plan.mitigation_unplaced += effort,
                }
            }
            let probability = match r.status {
                _ if past => 0.0,
                RiskStatus::Closed => 0.0,
                RiskStatus::Occurred => 1.0,
                RiskStatus::Open | RiskStatus::Mitigated if adopted => m.probability_after,
                RiskStatus::Open | RiskStatus::Mitigated => r.probability,
            };
            let keep = if adopted {
                1.0 - finite(m.impact_reduction).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let scale = |tp: &crate::model::ThreePoint| {
                crate::model::ThreePoint::new(
                    finite(tp.optimistic) * keep,
                    finite(tp.most_likely) * keep,
                    finite(tp.pessimistic) * keep,
                )
            };
            let unplaced_before_gate = r
                .targets()
                .any(|t| matches!(t, RiskTarget::Phase(ph) if ph <= Phase::Evaluation));
            plan.risks.push(PlanRisk {
                id: r.id,
                title: r.title.clone(),
                probability: finite(probability).clamp(0.0, 1.0),
                schedule: tables.sampler(&scale(&r.schedule_impact), Distribution::Pert),
                cost: tables.sampler(&scale(&r.cost_impact), Distribution::Pert),
                target,
                percent,
                stage,
                unplaced_before_gate,
            });
        }

        // The feasibility gate: the end of the MVP's Evaluation tasks, or failing those
        // the MVP's tasks up to Evaluation, or failing those all MVP tasks.
        if project.gate.enabled && project.gate.outcome != GateOutcome::Passed {
            plan.gate = Some(match project.gate.outcome {
                GateOutcome::Failed => 0.0,
                _ => finite(project.gate.probability).clamp(0.0, 1.0),
            });
            let mvp = |k: usize| plan.stage[k] == 0;
            let eval = Phase::Evaluation.index() as u8;
            let mut g: Vec<u32> = (0..n)
                .filter(|&k| mvp(k) && plan.phase[k] == eval)
                .map(|k| k as u32)
                .collect();
            if g.is_empty() {
                g = (0..n)
                    .filter(|&k| mvp(k) && plan.phase[k] <= eval)
                    .map(|k| k as u32)
                    .collect();
            }
            if g.is_empty() {
                g = (0..n).filter(|&k| mvp(k)).map(|k| k as u32).collect();
            }
            plan.gate_tasks = g;
        }

        let c = &project.settings.correlation;
        plan.correlation = Loadings::of(c.within_phase, c.within_role).map(|loadings| {
            // A wait's role is not read (R140): it moves with its phase's factor only.
            let role_factor = order
                .iter()
                .map(|&i| {
                    let t = &tasks[i];
                    team.roles
                        .iter()
                        .position(|r| r.id == t.role && t.kind != TaskKind::Wait)
                        .map_or(NONE, |r| (PHASE_FACTORS + r) as u32)
                })
                .collect();
            PlanCorrelation {
                loadings,
                factors: PHASE_FACTORS + team.roles.len(),
                role_factor,
            }
        });

        plan.tables = tables.values;
        plan.recs = (0..n)
            .map(|k| {
                let preds =
                    &plan.preds[plan.pred_start[k] as usize..plan.pred_start[k + 1] as usize];
                let (first, count) = (plan.slot_first[k], plan.slot_count[k]);
                TaskRec {
                    sampler: plan.sampler[k],
                    pred: [
                        preds.first().copied().unwrap_or(n as u32),
                        preds.get(1).copied().unwrap_or(n as u32),
                    ],
                    slot: [
                        first,
                        if count > 1 {
                            first + 1
                        } else {
                            total_slots as u32
                        },
                    ],
                    general: preds.len() > 2 || count > 2,
                    phase: if plan.wait[k] || !plan.state[k].is_not_started() {
                        NEUTRAL_PHASE
                    } else {
                        plan.phase[k]
                    },
                    need_stage: if plan.wait[k] {
                        NO_SUM
                    } else {
                        plan.need_stage[k]
                    },
                    pred_lo: plan.pred_start[k],
                    pred_hi: plan.pred_start[k + 1],
                    slot_lo: plan.slot_first[k],
                    slot_hi: plan.slot_first[k] + plan.slot_count[k],
                    dpe: [
                        plan.slot_dpe[first as usize],
                        plan.slot_dpe[(first + count.min(2) - 1) as usize],
                    ],
                    rate: plan.rate[k],
                }
            })
            .collect();
        plan
    }
}

/// The effort a task is forecast with: its estimate before it starts, its remaining
/// effort while in progress, its actual effort once done (docs/MODEL.md §28; missing
/// values, which validation refuses, read as no effort).
fn planned_effort(t: &Task) -> ThreePoint {
    match t.state {
        TaskState::NotStarted => t.effort,
        TaskState::InProgress => t.remaining.unwrap_or_default(),
        TaskState::Done => ThreePoint::exactly(t.actual.unwrap_or(0.0)),
    }
}

/// Done tasks first, then those in progress, then the rest.
fn started_rank(state: TaskState) -> u8 {
    match state {
        TaskState::Done => 0,
        TaskState::InProgress => 1,
        TaskState::NotStarted => 2,
    }
}

/// `x` when finite, else 0 (validation rejects non-finite input; this only keeps
/// unvalidated input from poisoning the arithmetic).
pub fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// One role's people as the scheduler sees them.
struct RoleSlots {
    id: u32,
    first: u32,
    count: u32,
    rate: f64,
}

/// The team as slots: each role's people in one list, with each slot's working days
/// per person-day of effort.
struct Team {
    roles: Vec<RoleSlots>,
    slot_dpe: Vec<f64>,
    /// Headcount-weighted mean day rate.
    mean_rate: f64,
}

impl Team {
    /// A role of headcount h is one person of speed h when h < 1; otherwise ⌊h⌋
    /// full-time people of speed 1 and, when h has a fraction φ, one part-time person
    /// of speed φ after them. (The first role with an id wins over later duplicates,
    /// which validation rejects.)
    fn of(project: &Project) -> Self {
        let mut team = Team {
            roles: Vec::new(),
            slot_dpe: Vec::new(),
            mean_rate: 0.0,
        };
        let (mut rate_weight, mut head_total) = (0.0, 0.0);
        for r in &project.team {
            if team.roles.iter().any(|s| s.id == r.id) {
                continue;
            }
            let h = if r.headcount.is_finite() && r.headcount > 0.0 {
                r.headcount.min(1000.0)
            } else {
                1.0
            };
            let rate = finite(r.day_rate).max(0.0);
            let first = team.slot_dpe.len() as u32;
            let whole = h.floor();
            team.slot_dpe
                .extend(std::iter::repeat_n(1.0, whole as usize));
            let part = h - whole;
            if part > 0.0 {
                team.slot_dpe.push(1.0 / part);
            }
            team.roles.push(RoleSlots {
                id: r.id,
                first,
                count: team.slot_dpe.len() as u32 - first,
                rate,
            });
            rate_weight += rate * h;
            head_total += h;
        }
        if head_total > 0.0 {
            team.mean_rate = rate_weight / head_total;
        }
        team
    }
}

/// The scheduling order: Kahn's algorithm taking, among the tasks whose predecessors
/// are all placed, the smallest (progress, stage, earliest start, phase, list
/// position), where progress puts done tasks first and those in progress next, and
/// the earliest start is that with unlimited people and most-likely efforts (of the
/// effort each task is forecast with, [`planned_effort`]). A cycle
/// (rejected by validation) leaves tasks out; they are appended in list order so that
/// nothing panics.
fn priority_order(tasks: &[crate::model::Task], deps: &[Vec<usize>]) -> Vec<usize> {
    let n = tasks.len();
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, d) in deps.iter().enumerate() {
        for &j in d {
            successors[j].push(i);
        }
    }
    let ml: Vec<f64> = tasks
        .iter()
        .map(|t| finite(planned_effort(t).most_likely).max(0.0))
        .collect();
    let mut es = vec![0.0f64; n];
    let mut indegree: Vec<usize> = deps.iter().map(Vec::len).collect();
    // Earliest starts are final when a task is taken, since its predecessors are
    // placed; the key compares their bit patterns, whose order is that of the values
    // for numbers ≥ 0.
    let key = |i: usize, es: &[f64]| {
        Reverse((
            started_rank(tasks[i].state),
            tasks[i].stage.index(),
            es[i].to_bits(),
            tasks[i].phase.index(),
            i,
        ))
    };
    let mut heap: BinaryHeap<_> = (0..n)
        .filter(|&i| indegree[i] == 0)
        .map(|i| key(i, &es))
        .collect();
    let mut order: Vec<usize> = Vec::with_capacity(n);
    while let Some(Reverse((_, _, _, _, i))) = heap.pop() {
        order.push(i);
        let finish = es[i] + ml[i];
        for &s in &successors[i] {
            es[s] = es[s].max(finish);
            indegree[s] -= 1;
            if indegree[s] == 0 {
                heap.push(key(s, &es));
            }
        }
    }
    if order.len() < n {
        let mut placed = vec![false; n];
        for &i in &order {
            placed[i] = true;
        }
        order.extend((0..n).filter(|&i| !placed[i]));
    }
    order
}

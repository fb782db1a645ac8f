//! The Monte Carlo trial loop: sample, apply factors and risks, schedule with
//! dependencies and team capacity, apply the feasibility gate, and record each trial.
//!
//! The loop allocates nothing: all buffers are made once per run and reused. Each trial
//! draws 32-bit uniform numbers in a fixed order — all nine factors (used or not) and
//! the gate from five words, then one per task (two tasks per word) — and each risk
//! draws two (fires?, how badly?) from its own stream keyed by its id — so that two runs on
//! the same seed that differ in one input share every other draw ("common random
//! numbers"), which makes with/without comparisons precise.
//!
//! Scheduling is serial list scheduling: tasks in the plan's priority order (see
//! [`super::plan`]) start at the later of their predecessors' latest finish and the
//! earliest free slot of their role. A role with headcount h has max(1, ⌈h⌉) slots, each
//! working at speed h / ⌈h⌉ (so half an FTE takes twice as long). Each task remembers
//! what set its start — a predecessor, or the task that last held its slot — and the
//! critical path is traced back along those links from the last task to finish.

use super::dist::{Sampler, TO_UNIT_32};
use super::plan::{Plan, Target, TaskRec, NONE};
use super::rng::Rng;
use crate::model::FactorKind;

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimOptions {
    pub trials: u32,
    pub seed: u64,
    /// Whether to record per-task times and input draws for the Gantt and the
    /// sensitivity analysis (on the first [`DETAIL_TRIALS`] trials).
    pub detail: bool,
}

/// Trials whose per-task times and input draws are kept for per-task percentiles and
/// rank correlations: a deterministic subsample (the first trials of the run, which are
/// an unbiased sample like any other), to keep memory and time within budget.
pub const DETAIL_TRIALS: usize = 5_000;

/// What drives an input of the sensitivity analysis.
#[derive(Clone, Debug, PartialEq)]
pub enum InputKind {
    /// A task's effort draw (project task index).
    Task(usize),
    Factor(FactorKind),
    /// A risk (project risk index).
    Risk(usize),
}

/// Per-task times and input scores of the first trials.
pub struct Detail {
    /// Trials recorded.
    pub rows: usize,
    /// Start and finish (working days) of internal task k in trial t at `k * rows + t`.
    pub start: Vec<f32>,
    pub finish: Vec<f32>,
    pub inputs: Vec<InputKind>,
    /// Score of input i in trial t at `i * rows + t`: a number in [0, 1] whose
    /// rank is the rank of the input's effect (the uniform draw behind it; for a risk,
    /// the mid-rank of "did not fire" or a rank within "fired").
    pub scores: Vec<f32>,
}

/// Everything one run produced, trial by trial.
pub struct Simulation {
    pub plan: Plan,
    pub trials: usize,
    /// The whole project as if it goes ahead (ignoring the gate), per trial.
    pub duration: Vec<f64>,
    pub effort: Vec<f64>,
    pub cost: Vec<f64>,
    /// Whether the feasibility gate was passed (always true when it is disabled).
    pub passed: Vec<bool>,
    /// What was actually spent with the gate applied: equal to the whole project when
    /// the gate passed, the work done up to the gate when it failed.
    pub spent_duration: Vec<f64>,
    pub spent_effort: Vec<f64>,
    pub spent_cost: Vec<f64>,
    /// Cumulative "through stage s" values per trial, as if the project goes ahead.
    pub stage_duration: [Vec<f64>; 3],
    pub stage_effort: [Vec<f64>; 3],
    pub stage_cost: [Vec<f64>; 3],
    /// Trials in which each internal task was on the critical path.
    pub critical: Vec<u32>,
    pub detail: Option<Detail>,
}

/// Reusable schedule buffers.
struct Buffers {
    start: Box<[f64]>,
    finish: Box<[f64]>,
    /// The task that held the slot before task k took it ([`NONE`] if none).
    slot_prev: Box<[u32]>,
    slot_free: Box<[f64]>,
    slot_last: Box<[u32]>,
}

impl Buffers {
    fn new(plan: &Plan) -> Self {
        Self {
            start: vec![0.0; plan.n].into(),
            finish: vec![0.0; plan.n].into(),
            slot_prev: vec![NONE; plan.n].into(),
            slot_free: vec![0.0; plan.total_slots].into(),
            slot_last: vec![NONE; plan.total_slots].into(),
        }
    }
}

/// Cumulative "through stage s" figures of one trial's tasks.
struct StageSums {
    duration: [f64; 3],
    effort: [f64; 3],
    cost: [f64; 3],
    last: u32,
}

#[inline(always)]
fn fmax(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Finalises each task's effort as `base × grow[phase] + add`, writes it back into
/// `effort`, schedules the tasks and sums them cumulatively by stage. The loop keeps
/// to selects rather than data-dependent branches; what set each start is recovered
/// afterwards by [`trace_critical`].
#[inline(always)]
fn schedule(
    plan: &Plan,
    effort: &mut [f64],
    grow: &[f64; 8],
    add: &[f64],
    b: &mut Buffers,
) -> StageSums {
    b.slot_free.fill(0.0);
    b.slot_last.fill(NONE);
    let preds = &plan.preds[..];
    let slot_free = &mut b.slot_free[..];
    let slot_last = &mut b.slot_last[..];
    let start = &mut b.start[..];
    let finish = &mut b.finish[..];
    let slot_prev = &mut b.slot_prev[..];
    let (mut d0, mut d1, mut d2) = (0.0f64, 0.0f64, 0.0f64);
    let (mut e0, mut e1, mut e2) = (0.0f64, 0.0f64, 0.0f64);
    let (mut c0, mut c1, mut c2) = (0.0f64, 0.0f64, 0.0f64);
    let mut last = NONE;
    for (k, rec) in plan.recs.iter().enumerate() {
        let e = effort[k] * grow[rec.phase as usize & 7] + add[k];
        effort[k] = e;
        let mut ready = 0.0f64;
        for &p in &preds[rec.pred_lo as usize..rec.pred_hi as usize] {
            ready = fmax(ready, finish[p as usize]);
        }
        let (lo, hi) = (rec.slot_lo as usize, rec.slot_hi as usize);
        let mut best = lo;
        let mut free = slot_free[lo];
        for (s, &candidate) in slot_free[lo..hi].iter().enumerate().skip(1) {
            let better = candidate < free;
            free = if better { candidate } else { free };
            best = if better { lo + s } else { best };
        }
        let s0 = fmax(ready, free);
        let f = s0 + e * rec.days_per_effort;
        start[k] = s0;
        finish[k] = f;
        slot_prev[k] = slot_last[best];
        slot_free[best] = f;
        slot_last[best] = k as u32;
        let later = f > d2 || last == NONE;
        last = if later { k as u32 } else { last };
        d2 = fmax(d2, f);
        let c = e * rec.rate;
        e2 += e;
        c2 += c;
        // Weights are 1 or 0: whether the task counts through MVP / through Growth.
        e0 += e * rec.w0;
        c0 += c * rec.w0;
        e1 += e * rec.w1;
        c1 += c * rec.w1;
        d0 = fmax(d0, f * rec.w0);
        d1 = fmax(d1, f * rec.w1);
    }
    StageSums {
        duration: [d0, d1, d2],
        effort: [e0, e1, e2],
        cost: [c0, c1, c2],
        last,
    }
}

/// Counts the critical path of the last schedule: from the last task to finish, back
/// through the predecessor whose finish set its start, or else the task that held its
/// role slot until then.
#[inline(always)]
fn trace_critical(recs: &[TaskRec], preds: &[u32], b: &Buffers, last: u32, critical: &mut [u32]) {
    let mut k = last;
    let mut guard = recs.len();
    while k != NONE && guard > 0 {
        guard -= 1;
        let ku = k as usize;
        critical[ku] += 1;
        let s = b.start[ku];
        if !(s > 0.0) {
            break;
        }
        let rec = &recs[ku];
        let pred = preds[rec.pred_lo as usize..rec.pred_hi as usize]
            .iter()
            .copied()
            .find(|&p| b.finish[p as usize] == s);
        k = match pred {
            Some(p) => p,
            None => {
                let prev = b.slot_prev[ku];
                if prev != NONE && b.finish[prev as usize] == s {
                    prev
                } else {
                    NONE
                }
            }
        };
    }
}

/// The single-point plan: most-likely efforts, no factors, risks or mitigations.
pub struct PointPlan {
    pub effort: f64,
    pub duration: f64,
    pub cost: f64,
}

/// Schedules the most-likely efforts once.
pub fn point_plan(plan: &Plan) -> PointPlan {
    let mut b = Buffers::new(plan);
    let mut effort = plan.most_likely.clone();
    let add = vec![0.0; plan.n];
    let sums = schedule(plan, &mut effort, &[1.0; 8], &add, &mut b);
    let fixed: f64 = plan.fixed_by_stage.iter().sum();
    PointPlan {
        effort: sums.effort[2],
        duration: sums.duration[2],
        cost: sums.cost[2] + fixed,
    }
}

/// Runs the trials of a compiled plan.
pub fn run(plan: Plan, options: &SimOptions) -> Simulation {
    let trials = options.trials.max(1) as usize;
    let n = plan.n;
    let nr = plan.risks.len();
    let mut rng = Rng::new(options.seed);
    // Each risk draws from its own stream, keyed by its id, so that adding, removing or
    // editing a risk leaves every other draw of the run unchanged.
    let mut risk_rngs: Vec<Rng> = plan
        .risks
        .iter()
        .map(|r| Rng::new(options.seed ^ (u64::from(r.id) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    let risk_rngs = &mut risk_rngs[..];
    let mut b = Buffers::new(&plan);
    let mut effort = vec![0.0f64; n];
    let mut add = vec![0.0f64; n];
    let mut risk_cost = vec![0.0f64; nr];
    let mut risk_unplaced = vec![0.0f64; nr];
    let mut critical = vec![0u32; n];

    let mut out_duration = vec![0.0f64; trials];
    let mut out_effort = vec![0.0f64; trials];
    let mut out_cost = vec![0.0f64; trials];
    let mut passed = vec![false; trials];
    let mut spent_duration = vec![0.0f64; trials];
    let mut spent_effort = vec![0.0f64; trials];
    let mut spent_cost = vec![0.0f64; trials];
    let mut stage_duration: [Vec<f64>; 3] = std::array::from_fn(|_| vec![0.0f64; trials]);
    let mut stage_effort: [Vec<f64>; 3] = std::array::from_fn(|_| vec![0.0f64; trials]);
    let mut stage_cost: [Vec<f64>; 3] = std::array::from_fn(|_| vec![0.0f64; trials]);

    let mut detail = options.detail.then(|| {
        let rows = trials.min(DETAIL_TRIALS);
        let mut inputs: Vec<InputKind> = plan
            .original
            .iter()
            .map(|&i| InputKind::Task(i as usize))
            .collect();
        inputs.extend(plan.factors.iter().map(|f| InputKind::Factor(f.kind)));
        inputs.extend((0..nr).map(InputKind::Risk));
        Detail {
            rows,
            start: vec![0.0; rows * n],
            finish: vec![0.0; rows * n],
            scores: vec![0.0; rows * inputs.len()],
            inputs,
        }
    });
    let detail_rows = detail.as_ref().map_or(0, |d| d.rows);

    let tables = &plan.tables[..];
    let recs = &plan.recs[..];
    let preds = &plan.preds[..];
    let gate_tasks = &plan.gate_tasks[..];
    let effort = &mut effort[..];
    let add = &mut add[..];
    let risk_cost = &mut risk_cost[..];
    let risk_unplaced = &mut risk_unplaced[..];
    let critical_counts = &mut critical[..];
    let o_duration = &mut out_duration[..];
    let o_effort = &mut out_effort[..];
    let o_cost = &mut out_cost[..];
    let o_passed = &mut passed[..];
    let o_spent_duration = &mut spent_duration[..];
    let o_spent_effort = &mut spent_effort[..];
    let o_spent_cost = &mut spent_cost[..];
    let o_stage_duration = stage_duration.each_mut().map(|v| &mut v[..]);
    let o_stage_effort = stage_effort.each_mut().map(|v| &mut v[..]);
    let o_stage_cost = stage_cost.each_mut().map(|v| &mut v[..]);
    let (d_start, d_finish, d_scores) = match detail.as_mut() {
        Some(d) => (&mut d.start[..], &mut d.finish[..], &mut d.scores[..]),
        None => (&mut [][..], &mut [][..], &mut [][..]),
    };
    let mitigation_effort = &plan.mitigation_effort[..];
    let mitigation_unplaced_cost = plan.mitigation_unplaced * plan.mean_rate;
    let mut factor_u = [0.0f64; FactorKind::ALL.len() + 1];
    let f = plan.fixed_by_stage;
    let fixed_through = [f[0], f[0] + f[1], f[0] + f[1] + f[2]];
    let mitigation_cost_total = plan.mitigation_money + mitigation_unplaced_cost;

    for t in 0..trials {
        let record = t < detail_rows;
        // Five words give the nine factor draws and the gate draw (32 bits each).
        for pair in factor_u.chunks_mut(2) {
            let w = rng.next_u64();
            pair[0] = f64::from((w >> 32) as u32) * TO_UNIT_32;
            if let Some(second) = pair.get_mut(1) {
                *second = f64::from(w as u32) * TO_UNIT_32;
            }
        }
        let gate_u = factor_u[FactorKind::ALL.len()];
        let mut phase_mult = [1.0f64; 8];
        for f in &plan.factors {
            let m = f.multiplier.sample(factor_u[f.slot], tables);
            for (p, pm) in phase_mult.iter_mut().enumerate().take(7) {
                if f.phase_mask & (1 << p) != 0 {
                    *pm *= m;
                }
            }
        }

        // Sample every task's effort with its phase's factor multiplier: one random
        // word gives two tasks their 32-bit draws.
        for (c, pair) in recs.chunks(2).enumerate() {
            let w = rng.next_u64();
            let k = 2 * c;
            let halves = [(w >> 32) as u32, w as u32];
            for (j, rec) in pair.iter().enumerate() {
                let bits = halves[j & 1];
                effort[k + j] =
                    rec.sampler.sample_bits(bits, tables) * phase_mult[rec.phase as usize & 7];
                if record {
                    let u = f64::from(bits) * TO_UNIT_32;
                    let score = if matches!(rec.sampler, Sampler::Fixed(_)) {
                        0.5
                    } else {
                        u as f32
                    };
                    d_scores[(k + j) * detail_rows + t] = score;
                }
            }
        }
        if record {
            for (i, f) in plan.factors.iter().enumerate() {
                d_scores[(n + i) * detail_rows + t] = factor_u[f.slot] as f32;
            }
        }

        // Risks: task impacts go to `add`; phase impacts grow the phase's tasks.
        add.copy_from_slice(mitigation_effort);
        let mut grow = [1.0f64; 8];
        let risk_base = n + plan.factors.len();
        for (ri, r) in plan.risks.iter().enumerate() {
            let w = risk_rngs[ri].next_u64();
            let u_fire = f64::from((w >> 32) as u32) * TO_UNIT_32;
            let u_size = f64::from(w as u32) * TO_UNIT_32;
            risk_cost[ri] = 0.0;
            risk_unplaced[ri] = 0.0;
            let fired = u_fire < r.probability;
            if fired {
                let extra = r.schedule.sample(u_size, tables);
                risk_cost[ri] = r.cost.sample(u_size, tables);
                match &r.target {
                    Target::Task(k) => add[*k as usize] += extra,
                    Target::Spread { phase, tasks } => {
                        // The phase's effort as sampled, before any risk impact.
                        let total: f64 = tasks.iter().map(|&k| effort[k as usize]).sum();
                        if total > 0.0 {
                            grow[*phase as usize & 7] += extra / total;
                        } else {
                            let each = extra / tasks.len() as f64;
                            for &k in tasks {
                                add[k as usize] += each;
                            }
                        }
                    }
                    Target::Unplaced => risk_unplaced[ri] = extra,
                }
            }
            if record {
                {
                    let p = r.probability;
                    let certain_size =
                        matches!((r.schedule, r.cost), (Sampler::Fixed(_), Sampler::Fixed(_)));
                    let score = if !fired {
                        (1.0 - p) / 2.0
                    } else if certain_size {
                        1.0 - p / 2.0
                    } else {
                        (1.0 - p) + p * u_size
                    };
                    d_scores[(risk_base + ri) * detail_rows + t] = score as f32;
                }
            }
        }

        let sums = schedule(&plan, effort, &grow, add, &mut b);

        // Money and effort outside the tasks, added to every stage that includes them.
        let st_dur = sums.duration;
        let mut st_eff = sums.effort;
        let mut st_cost = sums.cost;
        for s in 0..3 {
            st_cost[s] += fixed_through[s] + mitigation_cost_total;
            st_eff[s] += plan.mitigation_unplaced;
        }
        for (ri, r) in plan.risks.iter().enumerate() {
            let (c, e) = (
                risk_cost[ri] + risk_unplaced[ri] * plan.mean_rate,
                risk_unplaced[ri],
            );
            for s in r.stage as usize..3 {
                st_cost[s] += c;
                st_eff[s] += e;
            }
        }
        let (duration, total_effort, total_cost) = (st_dur[2], st_eff[2], st_cost[2]);

        trace_critical(recs, preds, &b, sums.last, critical_counts);

        let pass = match plan.gate {
            None => true,
            Some(p) => gate_u < p,
        };
        if pass {
            o_spent_duration[t] = duration;
            o_spent_effort[t] = total_effort;
            o_spent_cost[t] = total_cost;
        } else {
            let g = gate_tasks
                .iter()
                .fold(0.0f64, |m, &k| fmax(m, b.finish[k as usize]));
            let mut se = plan.mitigation_unplaced;
            let mut sc = plan.fixed_by_stage[0] + plan.mitigation_money + mitigation_unplaced_cost;
            for (k, rec) in recs.iter().enumerate() {
                let (s, f) = (b.start[k], b.finish[k]);
                let frac = if f <= g {
                    1.0
                } else if s >= g {
                    0.0
                } else {
                    (g - s) / (f - s)
                };
                se += effort[k] * frac;
                sc += effort[k] * rec.rate * frac;
            }
            for (ri, r) in plan.risks.iter().enumerate() {
                let spent = match &r.target {
                    Target::Task(k) => b.start[*k as usize] < g,
                    Target::Spread { tasks, .. } => tasks.iter().any(|&k| b.start[k as usize] < g),
                    Target::Unplaced => r.unplaced_before_gate,
                };
                if spent {
                    sc += risk_cost[ri] + risk_unplaced[ri] * plan.mean_rate;
                    se += risk_unplaced[ri];
                }
            }
            o_spent_duration[t] = g;
            o_spent_effort[t] = se;
            o_spent_cost[t] = sc;
        }
        o_passed[t] = pass;
        o_duration[t] = duration;
        o_effort[t] = total_effort;
        o_cost[t] = total_cost;
        for s in 0..3 {
            o_stage_duration[s][t] = st_dur[s];
            o_stage_effort[s][t] = st_eff[s];
            o_stage_cost[s][t] = st_cost[s];
        }
        if record {
            for k in 0..n {
                d_start[k * detail_rows + t] = b.start[k] as f32;
                d_finish[k * detail_rows + t] = b.finish[k] as f32;
            }
        }
    }

    Simulation {
        plan,
        trials,
        duration: out_duration,
        effort: out_effort,
        cost: out_cost,
        passed,
        spent_duration,
        spent_effort,
        spent_cost,
        stage_duration,
        stage_effort,
        stage_cost,
        critical,
        detail,
    }
}

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
//! Trials are run in blocks of [`BLOCK`]: the block's draws are made in trial order (so
//! the streams are the same as one trial at a time), then each task is sampled for the
//! whole block at once (its distribution chosen once per block, its table kept hot),
//! then the risks, and only then is each trial scheduled on its own.
//!
//! Scheduling is serial list scheduling: tasks in the plan's priority order (see
//! [`super::plan`]) start at the later of their predecessors' latest finish and the
//! earliest free slot of their role. A role with headcount h has max(1, ⌈h⌉) slots, each
//! working at speed h / ⌈h⌉ (so half an FTE takes twice as long). Each task remembers
//! what set its start — the first predecessor to finish last, or else the task that
//! last held its slot — and the critical path is traced back along those links from
//! the last task to finish.

use super::dist::{Sampler, TO_UNIT_32};
use super::plan::{Plan, Target, NONE};
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
    /// Cumulative "through MVP" and "through Growth" values per trial, as if the project
    /// goes ahead (through Maturity is the whole project: `duration`, `effort`, `cost`).
    pub stage_duration: [Vec<f64>; 2],
    pub stage_effort: [Vec<f64>; 2],
    pub stage_cost: [Vec<f64>; 2],
    /// Trials in which each internal task was on the critical path.
    pub critical: Vec<u32>,
    pub detail: Option<Detail>,
}

/// Trials whose random draws, samples and risks are prepared together (see the module
/// notes).
const BLOCK: usize = 64;
/// Draws of the factors and the gate at the start of every trial.
const FACTOR_DRAWS: usize = FactorKind::ALL.len() + 1;
/// Entries of the per-phase arrays (phases are 0..7; entry 7 stays neutral).
const PHASES: usize = 8;

/// Reusable schedule buffers of one trial.
struct Buffers {
    start: Box<[f64]>,
    finish: Box<[f64]>,
    /// The task whose finish set task k's start: the first predecessor to finish
    /// last, or else the task that held its role slot until then ([`NONE`] if none).
    link: Box<[u32]>,
    slot_free: Box<[f64]>,
    slot_last: Box<[u32]>,
}

impl Buffers {
    fn new(plan: &Plan) -> Self {
        Self {
            start: vec![0.0; plan.n].into(),
            finish: vec![0.0; plan.n].into(),
            link: vec![NONE; plan.n].into(),
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
/// `effort`, schedules the tasks and sums them cumulatively by stage, linking each task
/// to what set its start for [`trace_critical`].
// Index loops on purpose: at opt-level "z" iterator adapters such as `skip` are not
// always inlined, and a call per role slot costs more than the bounds check.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn schedule(
    plan: &Plan,
    effort: &mut [f64],
    grow: &[f64],
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
    let link = &mut b.link[..];
    let grow = &grow[..PHASES];
    let (mut d0, mut d1, mut d2) = (0.0f64, 0.0f64, 0.0f64);
    let (mut e0, mut e1, mut e2) = (0.0f64, 0.0f64, 0.0f64);
    let (mut c0, mut c1, mut c2) = (0.0f64, 0.0f64, 0.0f64);
    let mut last = NONE;
    for (k, rec) in plan.recs.iter().enumerate() {
        let e = effort[k] * grow[rec.phase as usize & 7] + add[k];
        effort[k] = e;
        let (mut ready, mut from) = (0.0f64, NONE);
        for &p in &preds[rec.pred_lo as usize..rec.pred_hi as usize] {
            let f = finish[p as usize];
            if f > ready {
                ready = f;
                from = p;
            }
        }
        let (lo, hi) = (rec.slot_lo as usize, rec.slot_hi as usize);
        let mut best = lo;
        let mut free = slot_free[lo];
        for s in lo + 1..hi {
            let candidate = slot_free[s];
            if candidate < free {
                free = candidate;
                best = s;
            }
        }
        let by_slot = free > ready;
        let s0 = if by_slot { free } else { ready };
        let f = s0 + e * rec.days_per_effort;
        start[k] = s0;
        finish[k] = f;
        link[k] = if by_slot { slot_last[best] } else { from };
        slot_free[best] = f;
        slot_last[best] = k as u32;
        if f > d2 || last == NONE {
            last = k as u32;
        }
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
/// along the links of [`Buffers`] (the predecessor whose finish set its start, or else
/// the task that held its role slot until then) to a task that started at 0.
fn trace_critical(b: &Buffers, last: u32, critical: &mut [u32]) {
    let (start, link) = (&b.start[..], &b.link[..]);
    let mut k = last;
    let mut guard = link.len();
    while k != NONE && guard > 0 {
        guard -= 1;
        let ku = k as usize;
        critical[ku] += 1;
        if !(start[ku] > 0.0) {
            break;
        }
        k = link[ku];
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
    let sums = schedule(plan, &mut effort, &[1.0; PHASES], &add, &mut b);
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
    let lanes = BLOCK.min(trials);
    let mut rng = Rng::new(options.seed);
    // Each risk draws from its own stream, keyed by its id, so that adding, removing or
    // editing a risk leaves every other draw of the run unchanged.
    let mut risk_rngs: Vec<Rng> = plan
        .risks
        .iter()
        .map(|r| Rng::new(options.seed ^ (u64::from(r.id) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    let mut bufs = Buffers::new(&plan);
    // The block's draws, task-major: factors and gate (`FACTOR_DRAWS` per trial), then
    // one word per two tasks; one sampled row at a time.
    let pairs = n.div_ceil(2);
    let mut factor_u = vec![0.0f64; FACTOR_DRAWS * lanes];
    let mut words = vec![0u64; pairs * lanes];
    let mut row = vec![0.0f64; lanes];
    // The block's trials, trial-major: efforts, extra efforts, phase multipliers and
    // growth, and each risk's money and unplaced effort.
    let mut effort = vec![0.0f64; lanes * n];
    let mut add = vec![0.0f64; lanes * n];
    let mut phase_mult = vec![1.0f64; lanes * PHASES];
    let mut grow = vec![1.0f64; lanes * PHASES];
    let mut risk_cost = vec![0.0f64; lanes * nr];
    let mut risk_unplaced = vec![0.0f64; lanes * nr];
    let mut critical = vec![0u32; n];

    let mut out_duration = vec![0.0f64; trials];
    let mut out_effort = vec![0.0f64; trials];
    let mut out_cost = vec![0.0f64; trials];
    let mut passed = vec![false; trials];
    let mut spent_duration = vec![0.0f64; trials];
    let mut spent_effort = vec![0.0f64; trials];
    let mut spent_cost = vec![0.0f64; trials];
    let mut stage_duration: [Vec<f64>; 2] = std::array::from_fn(|_| vec![0.0f64; trials]);
    let mut stage_effort: [Vec<f64>; 2] = std::array::from_fn(|_| vec![0.0f64; trials]);
    let mut stage_cost: [Vec<f64>; 2] = std::array::from_fn(|_| vec![0.0f64; trials]);

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
    let (d_start, d_finish, d_scores) = match detail.as_mut() {
        Some(d) => (&mut d.start[..], &mut d.finish[..], &mut d.scores[..]),
        None => (&mut [][..], &mut [][..], &mut [][..]),
    };

    let tables = &plan.tables[..];
    let recs = &plan.recs[..];
    let gate_tasks = &plan.gate_tasks[..];
    let mitigation_effort = &plan.mitigation_effort[..];
    let mitigation_unplaced_cost = plan.mitigation_unplaced * plan.mean_rate;
    let f = plan.fixed_by_stage;
    let fixed_through = [f[0], f[0] + f[1], f[0] + f[1] + f[2]];
    let mitigation_cost_total = plan.mitigation_money + mitigation_unplaced_cost;
    let risk_base = n + plan.factors.len();

    // The loop works on slices: at opt-level "z" indexing a `Vec` directly can be left
    // as a call.
    let factor_u = &mut factor_u[..];
    let words = &mut words[..];
    let row = &mut row[..];
    let effort = &mut effort[..];
    let add = &mut add[..];
    let phase_mult = &mut phase_mult[..];
    let grow = &mut grow[..];
    let risk_cost = &mut risk_cost[..];
    let risk_unplaced = &mut risk_unplaced[..];
    let risk_rngs = &mut risk_rngs[..];
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
    let mut t0 = 0;
    while t0 < trials {
        let bl = lanes.min(trials - t0);
        // Trials of this block whose details are recorded.
        let rec_n = detail_rows.saturating_sub(t0).min(bl);

        // Draws in trial order: five words give the nine factor draws and the gate
        // draw (32 bits each), then one word gives two tasks their 32-bit draws.
        for b in 0..bl {
            for j in 0..FACTOR_DRAWS.div_ceil(2) {
                let w = rng.next_u64();
                factor_u[2 * j * lanes + b] = f64::from((w >> 32) as u32) * TO_UNIT_32;
                if 2 * j + 1 < FACTOR_DRAWS {
                    factor_u[(2 * j + 1) * lanes + b] = f64::from(w as u32) * TO_UNIT_32;
                }
            }
            for c in 0..pairs {
                words[c * lanes + b] = rng.next_u64();
            }
        }
        phase_mult.fill(1.0);
        for (i, fac) in plan.factors.iter().enumerate() {
            let u = &factor_u[fac.slot * lanes..][..bl];
            for b in 0..bl {
                let m = fac.multiplier.sample(u[b], tables);
                let pm = &mut phase_mult[b * PHASES..][..PHASES];
                for (p, pm) in pm.iter_mut().enumerate().take(7) {
                    if fac.phase_mask & (1 << p) != 0 {
                        *pm *= m;
                    }
                }
            }
            for b in 0..rec_n {
                d_scores[(n + i) * detail_rows + t0 + b] = u[b] as f32;
            }
        }

        // Every task's effort with its phase's factor multiplier, one task at a time.
        for (k, rec) in recs.iter().enumerate() {
            let shift = if k & 1 == 0 { 32 } else { 0 };
            let w = &words[(k / 2) * lanes..][..bl];
            rec.sampler.fill_bits(w, shift, &mut row[..bl], tables);
            let ph = rec.phase as usize & 7;
            for b in 0..bl {
                effort[b * n + k] = row[b] * phase_mult[b * PHASES + ph];
            }
            let fixed = matches!(rec.sampler, Sampler::Fixed(_));
            for b in 0..rec_n {
                let u = f64::from((w[b] >> shift) as u32) * TO_UNIT_32;
                d_scores[k * detail_rows + t0 + b] = if fixed { 0.5 } else { u as f32 };
            }
        }

        // Risks: task impacts go to `add`; phase impacts grow the phase's tasks.
        for b in 0..bl {
            add[b * n..][..n].copy_from_slice(mitigation_effort);
        }
        grow.fill(1.0);
        for (ri, r) in plan.risks.iter().enumerate() {
            let rng = &mut risk_rngs[ri];
            let certain_size =
                matches!((r.schedule, r.cost), (Sampler::Fixed(_), Sampler::Fixed(_)));
            let p = r.probability;
            for b in 0..bl {
                let w = rng.next_u64();
                let u_fire = f64::from((w >> 32) as u32) * TO_UNIT_32;
                let u_size = f64::from(w as u32) * TO_UNIT_32;
                let (mut money, mut unplaced) = (0.0, 0.0);
                let fired = u_fire < p;
                if fired {
                    let extra = r.schedule.sample(u_size, tables);
                    money = r.cost.sample(u_size, tables);
                    let (eff, add) = (&effort[b * n..][..n], &mut add[b * n..][..n]);
                    match &r.target {
                        Target::Task(k) => add[*k as usize] += extra,
                        Target::Spread { phase, tasks } => {
                            // The phase's effort as sampled, before any risk impact.
                            let total: f64 = tasks.iter().map(|&k| eff[k as usize]).sum();
                            if total > 0.0 {
                                grow[b * PHASES + (*phase as usize & 7)] += extra / total;
                            } else {
                                let each = extra / tasks.len() as f64;
                                for &k in tasks {
                                    add[k as usize] += each;
                                }
                            }
                        }
                        Target::Unplaced => unplaced = extra,
                    }
                }
                risk_cost[b * nr + ri] = money;
                risk_unplaced[b * nr + ri] = unplaced;
                if b < rec_n {
                    let score = if !fired {
                        (1.0 - p) / 2.0
                    } else if certain_size {
                        1.0 - p / 2.0
                    } else {
                        (1.0 - p) + p * u_size
                    };
                    d_scores[(risk_base + ri) * detail_rows + t0 + b] = score as f32;
                }
            }
        }

        for b in 0..bl {
            let t = t0 + b;
            let effort = &mut effort[b * n..][..n];
            let sums = schedule(
                &plan,
                effort,
                &grow[b * PHASES..][..PHASES],
                &add[b * n..][..n],
                &mut bufs,
            );
            let risk_cost = &risk_cost[b * nr..][..nr];
            let risk_unplaced = &risk_unplaced[b * nr..][..nr];

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

            trace_critical(&bufs, sums.last, critical_counts);

            let pass = match plan.gate {
                None => true,
                Some(p) => factor_u[FactorKind::ALL.len() * lanes + b] < p,
            };
            if pass {
                o_spent_duration[t] = duration;
                o_spent_effort[t] = total_effort;
                o_spent_cost[t] = total_cost;
            } else {
                let (start, finish) = (&bufs.start[..], &bufs.finish[..]);
                let g = gate_tasks
                    .iter()
                    .fold(0.0f64, |m, &k| fmax(m, finish[k as usize]));
                let mut se = plan.mitigation_unplaced;
                let mut sc =
                    plan.fixed_by_stage[0] + plan.mitigation_money + mitigation_unplaced_cost;
                for (k, rec) in recs.iter().enumerate() {
                    let (s, f) = (start[k], finish[k]);
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
                        Target::Task(k) => start[*k as usize] < g,
                        Target::Spread { tasks, .. } => {
                            tasks.iter().any(|&k| start[k as usize] < g)
                        }
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
            for s in 0..2 {
                o_stage_duration[s][t] = st_dur[s];
                o_stage_effort[s][t] = st_eff[s];
                o_stage_cost[s][t] = st_cost[s];
            }
            if b < rec_n {
                for k in 0..n {
                    d_start[k * detail_rows + t] = bufs.start[k] as f32;
                    d_finish[k * detail_rows + t] = bufs.finish[k] as f32;
                }
            }
        }
        t0 += bl;
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

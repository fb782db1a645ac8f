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
//! Trials are run in blocks of 64 (`LANES`), side by side: the block's draws are made in
//! trial order (so the streams are the same as one trial at a time), then each task is
//! sampled for the whole block at once, then the risks, and then the tasks are
//! scheduled one at a time, each in every trial of the block. The buffers are
//! task-major (one row of 64 values per task), so the inner loops run over
//! independent trials with the task's constants loaded once.
//!
//! A [`Run`] makes the blocks a slice at a time (for a caller that yields between
//! slices); since every stream is read in trial order, the first `t` trials of a run
//! are those of a run of `t` trials, and [`Run::prefix`] gives them.
//!
//! Scheduling is serial list scheduling (docs/MODEL.md states every rule): tasks in the
//! plan's priority order (see [`super::plan`]) go to the person of their role who
//! would finish them first — among equals the one free earliest, then the first — and
//! start at the later of their predecessors' latest finish and that person's free
//! time. A role of headcount h is ⌊h⌋ full-time people and, for a fraction φ, one
//! part-time person of speed φ (below one, a single person of speed h). With whole
//! people the rule is monotone: more people never lengthen a trial. Each task remembers
//! what set its start — the first predecessor to finish last, or else the task that
//! last held its slot — and the critical path is traced back along those links from
//! the first task with no successor to finish last (for all trials of a block at once,
//! one bit per trial). Criticality counts the first [`DETAIL_TRIALS`] trials only, so
//! the blocks after them keep no links.
//!
//! A phase's factor multiplier adds the excess of each factor that affects it,
//! 1 + Σ(mᵢ − 1), at most [`MAX_PHASE_MULTIPLIER`].
//!
//! In WebAssembly the common scheduling case (at most two predecessors and two role
//! slots) and the stages' latest finishes run two trials at a time with 128-bit SIMD
//! (`simd`), as do the rows of samples (see [`super::dist`]); natively they are the
//! scalar loops. Both do the same IEEE operations lane by lane, so they give the same
//! numbers bit for bit, which `tests/browser.rs` checks against the native engine.

use super::copula::{score_row, CORRELATION_KEY};
use super::dist::{Sampler, TO_UNIT_32};
use super::plan::{ChainLink, Plan, Target, TaskRec, NONE, NO_SUM};
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
/// rank correlations, and whose critical paths are counted: a deterministic subsample (the first trials of the run, which are
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
    /// Effort (person-days, factors and risks included) of internal task k summed
    /// over the recorded trials (0 for a wait).
    pub effort_sum: Vec<f64>,
    pub inputs: Vec<InputKind>,
    /// Score of input i in trial t at `i * rows + t`: a number in [0, 1] whose
    /// rank is the rank of the input's effect (the uniform draw behind it; for a risk,
    /// the mid-rank of "did not fire" or a rank within "fired").
    pub scores: Vec<f32>,
}

impl Detail {
    /// Records the start and finish times and the efforts of the block's first `n`
    /// trials (from `t0`).
    // Index loops on purpose, as in `schedule`.
    #[allow(clippy::needless_range_loop)]
    fn record_times(&mut self, plan: &Plan, blk: &Block, t0: usize, n: usize) {
        for (k, task) in blk.tasks.iter().enumerate() {
            if !plan.wait[k] {
                let grow = &blk.grow[plan.recs[k].phase as usize & 7];
                let mut sum = 0.0;
                for b in 0..n {
                    sum += task.effort[b] * grow[b] + task.add[b];
                }
                self.effort_sum[k] += sum;
            }
            let at = k * self.rows + t0;
            for (d, &x) in self.start[at..at + n].iter_mut().zip(&task.start) {
                *d = x as f32;
            }
            for (d, &x) in self.finish[at..at + n].iter_mut().zip(&task.finish) {
                *d = x as f32;
            }
        }
    }
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
    /// Trials, of the first [`DETAIL_TRIALS`], in which each internal task was on the
    /// critical path.
    pub critical: Vec<u32>,
    /// Each trial's working days along the plan's critical chain ([`Plan::chain`]);
    /// empty when the plan has none.
    pub chain_duration: Vec<f64>,
    pub detail: Option<Detail>,
}

/// Trials run side by side (see the module notes); one bit each in a `u64`.
const LANES: usize = 64;
/// One value per trial of a block.
type Lanes<T> = [T; LANES];
/// Draws of the factors and the gate at the start of every trial.
const FACTOR_DRAWS: usize = FactorKind::ALL.len() + 1;
/// Entries of the per-phase arrays (phases are 0..7; entry 7 stays neutral).
const PHASES: usize = 8;
/// The largest combined factor multiplier of a phase: Thompson's "double it" three
/// times over, whatever the answers and the factor table.
pub const MAX_PHASE_MULTIPLIER: f64 = 8.0;
/// Finish times of a predecessor that does not exist.
const NO_FINISH: Lanes<f64> = [0.0; LANES];

/// One task's values in every trial of a block.
#[derive(Clone, Copy)]
struct TaskLanes {
    /// Sampled effort with factors, before risks.
    effort: Lanes<f64>,
    /// Extra effort from mitigations and risks.
    add: Lanes<f64>,
    start: Lanes<f64>,
    finish: Lanes<f64>,
    /// The task whose finish set this task's start: the first predecessor to finish
    /// last, or else the task that held its role slot until then ([`NONE`] if none).
    link: Lanes<u32>,
}

/// One role slot in every trial of a block: when it is free and who held it last.
#[derive(Clone, Copy)]
struct SlotLanes {
    free: Lanes<f64>,
    last: Lanes<u32>,
}

/// Effort and cost of the tasks first needed through one stage, in every trial of a
/// block.
#[derive(Clone, Copy)]
struct StageLanes {
    effort: Lanes<f64>,
    cost: Lanes<f64>,
}

/// What the common scheduling case (`pairs`) takes: the task's record and number, its
/// row, its two predecessors' finishes, its phase's growth, its role's two slots and its
/// stage's sums.
type PairArgs<'a> = (
    &'a TaskRec,
    u32,
    &'a mut TaskLanes,
    [&'a Lanes<f64>; 2],
    &'a Lanes<f64>,
    [&'a mut SlotLanes; 2],
    &'a mut StageLanes,
);

/// Reusable buffers of one block of trials, task-major.
struct Block {
    /// The block's draws: one word per two factors (the gate last), then one word per
    /// two tasks.
    factor_words: Vec<Lanes<u64>>,
    words: Vec<Lanes<u64>>,
    /// The correlation stream's words (two factors per word), and each common
    /// factor's normal score (none when the tasks are independent).
    corr_words: Vec<Lanes<u64>>,
    common: Vec<Lanes<f64>>,
    /// Each phase's factor multiplier.
    phase_mult: [Lanes<f64>; PHASES],
    tasks: Vec<TaskLanes>,
    slots: Vec<SlotLanes>,
    /// Growth of each phase's effort from risks spread over the phase.
    grow: [Lanes<f64>; PHASES],
    /// Sums by the stage that first needs each task (not cumulative), and the unread
    /// sum of the waits ([`NO_SUM`]).
    stages: [StageLanes; 4],
    /// Each risk's money and unplaced effort.
    risk_cost: Vec<Lanes<f64>>,
    risk_unplaced: Vec<Lanes<f64>>,
    /// The money and unplaced effort of the risks that fired, by stage.
    risk_stages: [StageLanes; 3],
    /// Tasks on the critical path, one bit per trial.
    on_path: Vec<u64>,
    /// Tasks whose extra effort a risk changed in the last block (all before the
    /// first): only their rows are set back to the mitigation effort.
    changed: Vec<bool>,
}

const NO_SUMS: StageLanes = StageLanes {
    effort: [0.0; LANES],
    cost: [0.0; LANES],
};

impl Block {
    fn new(plan: &Plan) -> Self {
        let task = TaskLanes {
            effort: [0.0; LANES],
            add: [0.0; LANES],
            start: [0.0; LANES],
            finish: [0.0; LANES],
            link: [NONE; LANES],
        };
        let nr = plan.risks.len();
        let common = plan.correlation.as_ref().map_or(0, |c| c.factors);
        Self {
            factor_words: vec![[0; LANES]; FACTOR_DRAWS.div_ceil(2)],
            words: vec![[0; LANES]; plan.n.div_ceil(2)],
            corr_words: vec![[0; LANES]; common.div_ceil(2)],
            common: vec![[0.0; LANES]; common],
            phase_mult: [[1.0; LANES]; PHASES],
            tasks: vec![task; plan.n],
            slots: vec![
                SlotLanes {
                    free: [0.0; LANES],
                    last: [NONE; LANES],
                };
                plan.total_slots
            ],
            grow: [[1.0; LANES]; PHASES],
            stages: [NO_SUMS; 4],
            risk_cost: vec![[0.0; LANES]; nr],
            risk_unplaced: vec![[0.0; LANES]; nr],
            risk_stages: [NO_SUMS; 3],
            on_path: vec![0; plan.n],
            changed: vec![true; plan.n],
        }
    }
}

/// The later of two times (never negative), compared by their bit patterns, whose
/// order is that of the values for numbers ≥ 0: WebAssembly engines turn a float
/// select into a branch, which mispredicts on random data; an integer select does not.
#[inline(always)]
fn later(a: f64, b: f64) -> f64 {
    f64::from_bits(a.to_bits().max(b.to_bits()))
}

/// `b` if `pick`, else `a`, by mask rather than by a select (see [`later`]).
#[inline(always)]
fn choose(a: f64, b: f64, pick: bool) -> f64 {
    let mask = u64::from(pick).wrapping_neg();
    f64::from_bits(a.to_bits() ^ ((a.to_bits() ^ b.to_bits()) & mask))
}

#[inline(always)]
fn fmax(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Schedules the tasks of every trial of the block with efforts
/// `effort × grow[phase] + add`, linking each task to what set its start, and sums
/// effort and cost by the stage that first needs each task.
// Index loops on purpose: at opt-level "z" iterator adapters are not always inlined,
// and a call per trial costs more than a bounds check.
#[allow(clippy::needless_range_loop)]
fn schedule(plan: &Plan, blk: &mut Block, links: bool) {
    let preds = &plan.preds[..];
    let grow = &blk.grow;
    let tasks = &mut blk.tasks[..];
    let slots = &mut blk.slots[..];
    for (slot, &at) in slots.iter_mut().zip(&plan.slot_start) {
        *slot = SlotLanes {
            free: [at; LANES],
            last: [NONE; LANES],
        };
    }
    blk.stages = [NO_SUMS; 4];
    // Stand-in for the missing second slot of a one-person role: never free.
    let mut never_free = SlotLanes {
        free: [f64::INFINITY; LANES],
        last: [NONE; LANES],
    };
    for (k, rec) in plan.recs.iter().enumerate() {
        let (done, rest) = tasks.split_at_mut(k);
        let task = &mut rest[0];
        let grow = &grow[rec.phase as usize & 7];
        let sum = &mut blk.stages[(rec.need_stage as usize).min(NO_SUM as usize)];
        let (rate, kk) = (rec.rate, k as u32);
        if !rec.general {
            // At most two predecessors and two slots, padded so that no loop is
            // needed: the padding finishes at 0 and is never free, so it never wins.
            let [p0, p1] = rec.pred;
            let f0 = done.get(p0 as usize).map_or(&NO_FINISH, |t| &t.finish);
            let f1 = done.get(p1 as usize).map_or(&NO_FINISH, |t| &t.finish);
            let [s0, s1] = rec.slot;
            let (r0, r1) = if s1 == s0 + 1 && (s1 as usize) < slots.len() {
                let (a, b) = slots.split_at_mut(s1 as usize);
                (&mut a[s0 as usize], &mut b[0])
            } else {
                (&mut slots[s0 as usize], &mut never_free)
            };
            // Only a role with a part-time person compares candidates' finishes; with
            // people of one speed the one free earliest is the same choice, cheaper.
            // Links (what set each start) only where the critical path is traced.
            let args = (rec, kk, task, [f0, f1], grow, [r0, r1], sum);
            match (rec.dpe[0] == rec.dpe[1], links) {
                (true, true) => pairs::pairs::<false, true>(args),
                (true, false) => pairs::pairs::<false, false>(args),
                (false, true) => pairs::pairs::<true, true>(args),
                (false, false) => pairs::pairs::<true, false>(args),
            }
        } else {
            let ps = &preds[rec.pred_lo as usize..rec.pred_hi as usize];
            let (lo, hi) = (rec.slot_lo as usize, rec.slot_hi as usize);
            let dpe = &plan.slot_dpe[lo..hi];
            for b in 0..LANES {
                let e = task.effort[b] * grow[b] + task.add[b];
                let (mut ready, mut from) = (0.0f64, NONE);
                for &p in ps {
                    let f = done[p as usize].finish[b];
                    if f > ready {
                        ready = f;
                        from = p;
                    }
                }
                let (best, start, finish) = assign(&slots[lo..hi], dpe, b, ready, e);
                let chosen = &mut slots[lo + best];
                task.start[b] = start;
                task.finish[b] = finish;
                task.link[b] = if chosen.free[b] > ready {
                    chosen.last[b]
                } else {
                    from
                };
                chosen.free[b] = finish;
                chosen.last[b] = kk;
                sum.effort[b] += e;
                sum.cost[b] += e * rate;
            }
        }
    }
}

/// The person of a role (its slots, with their working days per person-day) who takes
/// a task of effort `e` ready at `ready` in trial `b`: the one who would finish it
/// first; among equals, the one free earliest; among those, the first. Returns the
/// slot's position in the role, the start and the finish.
#[inline(always)]
fn assign(slots: &[SlotLanes], dpe: &[f64], b: usize, ready: f64, e: f64) -> (usize, f64, f64) {
    let (mut best, mut best_free) = (0, f64::INFINITY);
    let (mut start, mut finish) = (f64::INFINITY, f64::INFINITY);
    for (i, (slot, &d)) in slots.iter().zip(dpe).enumerate() {
        let free = slot.free[b];
        let s = later(ready, free);
        let f = s + e * d;
        if f < finish || (f == finish && free < best_free) {
            (best, best_free, start, finish) = (i, free, s, f);
        }
    }
    (best, start, finish)
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use scalar as pairs;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd as pairs;

/// Adds what stopped trial `b` spent on the tasks before the gate at `g`, task by task
/// in order, to its effort `se` and cost `sc`: of each task the share done by then,
/// the part before the gate when the task straddles it (so f > s), else all or none.
#[inline(always)]
fn spent_before_gate(
    plan: &Plan,
    tasks: &[TaskLanes],
    grow: &[Lanes<f64>; PHASES],
    b: usize,
    g: f64,
    se: &mut f64,
    sc: &mut f64,
) {
    for (k, rec) in plan.recs.iter().enumerate() {
        if plan.wait[k] {
            continue;
        }
        let task = &tasks[k];
        let (s, f) = (task.start[b], task.finish[b]);
        let frac = if (s < g) & (g < f) {
            (g - s) / (f - s)
        } else {
            choose(0.0, 1.0, f <= g)
        };
        let e = task.effort[b] * grow[rec.phase as usize & 7][b] + task.add[b];
        *se += e * frac;
        *sc += e * rec.rate * frac;
    }
}

/// The scalar loops of the common scheduling case and of the stages' latest finishes
/// (the native engine's; WebAssembly runs [`simd`]'s).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod scalar {
    use super::super::plan::{Plan, NONE};
    use super::{later, spent_before_gate, Lanes, PairArgs, TaskLanes, LANES, PHASES};

    /// `d[b] = later(d[b], f[b])` in every trial of a block.
    // Index loops on purpose, as in `schedule`.
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn later_row(d: &mut Lanes<f64>, f: &Lanes<f64>) {
        for b in 0..LANES {
            d[b] = later(d[b], f[b]);
        }
    }

    /// Adds what each stopped trial `at[j]` (whose gate time is `gate[j]`) spent on the
    /// tasks before the gate, task by task in order, to its effort `se[j]` and cost
    /// `sc[j]`.
    #[inline(always)]
    pub(super) fn gate_spending(
        plan: &Plan,
        tasks: &[TaskLanes],
        grow: &[Lanes<f64>; PHASES],
        (at, gate): (&[usize], &[f64]),
        (se, sc): (&mut [f64], &mut [f64]),
    ) {
        for j in 0..at.len().min(gate.len()).min(se.len()).min(sc.len()) {
            spent_before_gate(plan, tasks, grow, at[j], gate[j], &mut se[j], &mut sc[j]);
        }
    }

    /// The trials of a block whose task number is `v`, one bit each.
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn lanes_equal(row: &Lanes<u32>, v: u32) -> u64 {
        let mut bits = 0;
        for b in 0..LANES {
            bits |= u64::from(row[b] == v) << b;
        }
        bits
    }

    /// The two-predecessor, two-slot case of [`super::schedule`] in every trial of the
    /// block. `PART_TIME`: the role's two people differ in speed, so their candidate
    /// finishes are compared; otherwise the one free earliest takes the task, which is
    /// the same choice.
    // Index loops on purpose, as in `schedule`.
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn pairs<const PART_TIME: bool, const LINKS: bool>(
        (rec, k, task, [f0, f1], grow, [r0, r1], sum): PairArgs,
    ) {
        let [p0, p1] = rec.pred;
        let ([d0, d1], rate) = (rec.dpe, rec.rate);
        for b in 0..LANES {
            let e = task.effort[b] * grow[b] + task.add[b];
            let (x0, x1) = (f0[b], f1[b]);
            let from0 = if x0 > 0.0 { p0 } else { NONE };
            let from = if x1 > x0 { p1 } else { from0 };
            let ready = later(x0, x1);
            let (free0, free1) = (r0.free[b], r1.free[b]);
            let second = if PART_TIME {
                let (c0, c1) = (later(ready, free0) + e * d0, later(ready, free1) + e * d1);
                // Non-short-circuit operators: no branch on random data.
                (c1 < c0) | ((c1 == c0) & (free1 < free0))
            } else {
                free1 < free0
            };
            let slot = if second { &mut *r1 } else { &mut *r0 };
            let (ready_bits, free_bits) = (ready.to_bits(), slot.free[b].to_bits());
            let s = f64::from_bits(ready_bits.max(free_bits));
            let d = if PART_TIME {
                // By mask: a select here becomes a branch on random data.
                let pick = u64::from(second).wrapping_neg();
                f64::from_bits(d0.to_bits() ^ ((d0.to_bits() ^ d1.to_bits()) & pick))
            } else {
                d0
            };
            let f = s + e * d;
            task.start[b] = s;
            task.finish[b] = f;
            // All ones when the slot came free after the task was ready (the times'
            // bit patterns are below 2^63). Choosing the link by mask rather than by
            // a select keeps WebAssembly engines from branching on it.
            if LINKS {
                let by_slot = (ready_bits.wrapping_sub(free_bits) as i64 >> 63) as u32;
                task.link[b] = from ^ ((from ^ slot.last[b]) & by_slot);
                slot.last[b] = k;
            }
            slot.free[b] = f;
            sum.effort[b] += e;
            sum.cost[b] += e * rate;
        }
    }
}

/// WebAssembly's 128-bit SIMD for the trial loop.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::super::plan::{Plan, NONE};
    use super::{spent_before_gate, Lanes, PairArgs, TaskLanes, LANES, PHASES};
    use core::arch::wasm32::*;

    /// Where pair `i` of a row starts: trials 2i and 2i + 1, wrapped into the row (the
    /// loops only ask for pairs in it), so no access can leave its row.
    #[inline(always)]
    fn pair(i: usize) -> usize {
        2 * (i % (LANES / 2))
    }

    /// Trials 2i and 2i + 1 of a row.
    #[inline(always)]
    fn load(x: &Lanes<f64>, i: usize) -> v128 {
        // SAFETY: the 16 bytes read are the row's two values from `pair(i)` (see there);
        // a v128 load needs no alignment.
        unsafe { v128_load(x.as_ptr().add(pair(i)).cast()) }
    }

    #[inline(always)]
    fn store(x: &mut Lanes<f64>, i: usize, v: v128) {
        // SAFETY: as in `load`, for the 16 bytes written.
        unsafe { v128_store(x.as_mut_ptr().add(pair(i)).cast(), v) }
    }

    /// Trials 2i and 2i + 1 of a row of task numbers, in the low two 32-bit lanes.
    #[inline(always)]
    fn load_ids(x: &Lanes<u32>, i: usize) -> v128 {
        // SAFETY: as in `load`, for the 8 bytes read.
        unsafe { v128_load64_zero(x.as_ptr().add(pair(i)).cast()) }
    }

    #[inline(always)]
    fn store_ids(x: &mut Lanes<u32>, i: usize, v: v128) {
        // SAFETY: as in `load`, for the 8 bytes written.
        unsafe { v128_store64_lane::<0>(v, x.as_mut_ptr().add(pair(i)).cast()) }
    }

    /// The masks of two 64-bit lanes as the masks of the low two 32-bit lanes.
    #[inline(always)]
    fn narrow(m: v128) -> v128 {
        i32x4_shuffle::<0, 2, 0, 2>(m, m)
    }

    /// Trial `b0`'s and `b1`'s values of a row.
    #[inline(always)]
    fn two(row: &Lanes<f64>, b0: usize, b1: usize) -> v128 {
        f64x2(row[b0 % LANES], row[b1 % LANES])
    }

    /// [`super::scalar`]'s `gate_spending`, two stopped trials at a time: lane by lane
    /// the same operations in the same order (the part before the gate is divided out
    /// in both lanes and kept where the task straddles the gate, without a branch on
    /// random data).
    #[inline(always)]
    pub(super) fn gate_spending(
        plan: &Plan,
        tasks: &[TaskLanes],
        grow: &[Lanes<f64>; PHASES],
        (at, gate): (&[usize], &[f64]),
        (se, sc): (&mut [f64], &mut [f64]),
    ) {
        let n = at.len().min(gate.len()).min(se.len()).min(sc.len());
        let one = f64x2_splat(1.0);
        for i in 0..n / 2 {
            let j = 2 * i;
            let (b0, b1) = (at[j], at[j + 1]);
            let g = f64x2(gate[j], gate[j + 1]);
            let (mut e_sum, mut c_sum) = (f64x2(se[j], se[j + 1]), f64x2(sc[j], sc[j + 1]));
            for (k, rec) in plan.recs.iter().enumerate() {
                if plan.wait[k] {
                    continue;
                }
                let task = &tasks[k];
                let (s, f) = (two(&task.start, b0, b1), two(&task.finish, b0, b1));
                let part = f64x2_div(f64x2_sub(g, s), f64x2_sub(f, s));
                let whole = v128_and(f64x2_le(f, g), one);
                let straddles = v128_and(f64x2_lt(s, g), f64x2_lt(g, f));
                let frac = v128_bitselect(part, whole, straddles);
                let grow = &grow[rec.phase as usize & 7];
                let e = f64x2_add(
                    f64x2_mul(two(&task.effort, b0, b1), two(grow, b0, b1)),
                    two(&task.add, b0, b1),
                );
                e_sum = f64x2_add(e_sum, f64x2_mul(e, frac));
                let cost = f64x2_mul(e, f64x2_splat(rec.rate));
                c_sum = f64x2_add(c_sum, f64x2_mul(cost, frac));
            }
            (se[j], se[j + 1]) = (
                f64x2_extract_lane::<0>(e_sum),
                f64x2_extract_lane::<1>(e_sum),
            );
            (sc[j], sc[j + 1]) = (
                f64x2_extract_lane::<0>(c_sum),
                f64x2_extract_lane::<1>(c_sum),
            );
        }
        if n % 2 == 1 {
            let j = n - 1;
            spent_before_gate(
                plan,
                tasks,
                grow,
                at[j] % LANES,
                gate[j],
                &mut se[j],
                &mut sc[j],
            );
        }
    }

    /// The trials of a block whose task number is `v`, one bit each: sixteen at a
    /// time, their comparisons narrowed to bytes.
    #[inline(always)]
    pub(super) fn lanes_equal(row: &Lanes<u32>, v: u32) -> u64 {
        let v = u32x4_splat(v);
        let mut bits = 0;
        for i in 0..LANES / 16 {
            // SAFETY: the 64 bytes read are the row's values 16i to 16i + 15.
            let eq = |j: usize| unsafe {
                i32x4_eq(v128_load(row.as_ptr().add(16 * i + 4 * j).cast()), v)
            };
            let low = i16x8_narrow_i32x4(eq(0), eq(1));
            let high = i16x8_narrow_i32x4(eq(2), eq(3));
            bits |= u64::from(i8x16_bitmask(i8x16_narrow_i16x8(low, high))) << (16 * i);
        }
        bits
    }

    /// `d[b] = later(d[b], f[b])` in every trial of a block, two at a time: the
    /// larger by value, which for the non-negative times here is the larger bit
    /// pattern that the scalar `later` takes.
    #[inline(always)]
    pub(super) fn later_row(d: &mut Lanes<f64>, f: &Lanes<f64>) {
        for i in 0..LANES / 2 {
            store(d, i, f64x2_pmax(load(d, i), load(f, i)));
        }
    }

    /// The two-predecessor, two-slot case of [`super::schedule`], two trials at a
    /// time: the scalar loop's operations lane by lane. IEEE arithmetic is exact per
    /// lane, and the comparisons that replace the scalar loop's bit-pattern maxima
    /// agree with them on the non-negative times here, so the results are the same
    /// bit for bit (a browser test compares them with the native engine's).
    /// `PART_TIME`: the role's two people differ in speed, so their candidate finishes
    /// are compared. `LINKS`: what set each start is recorded (for the critical path).
    /// (Not inlined: four copies in `schedule` would make it one large
    /// function, which Chromium runs slower.)
    #[inline(never)]
    pub(super) fn pairs<const PART_TIME: bool, const LINKS: bool>(
        (rec, k, task, [f0, f1], grow, [r0, r1], sum): PairArgs,
    ) {
        let (dpe0, dpe1) = (f64x2_splat(rec.dpe[0]), f64x2_splat(rec.dpe[1]));
        let rate = f64x2_splat(rec.rate);
        let [p0, p1] = rec.pred.map(|p| u32x4_splat(p));
        let (k, none, zero) = (u32x4_splat(k), u32x4_splat(NONE), f64x2_splat(0.0));
        for i in 0..LANES / 2 {
            let e = f64x2_add(
                f64x2_mul(load(&task.effort, i), load(grow, i)),
                load(&task.add, i),
            );
            let (x0, x1) = (load(f0, i), load(f1, i));
            let second_later = f64x2_gt(x1, x0);
            let from0 = v128_bitselect(p0, none, narrow(f64x2_gt(x0, zero)));
            let from = v128_bitselect(p1, from0, narrow(second_later));
            let ready = v128_bitselect(x1, x0, second_later);
            let (free0, free1) = (load(&r0.free, i), load(&r1.free, i));
            let (second, s, f) = if PART_TIME {
                let s0 = v128_bitselect(free0, ready, f64x2_lt(ready, free0));
                let s1 = v128_bitselect(free1, ready, f64x2_lt(ready, free1));
                let c0 = f64x2_add(s0, f64x2_mul(e, dpe0));
                let c1 = f64x2_add(s1, f64x2_mul(e, dpe1));
                let tie = v128_and(f64x2_eq(c1, c0), f64x2_lt(free1, free0));
                let second = v128_or(f64x2_lt(c1, c0), tie);
                let s = v128_bitselect(s1, s0, second);
                (second, s, v128_bitselect(c1, c0, second))
            } else {
                let second = f64x2_lt(free1, free0);
                let free = v128_bitselect(free1, free0, second);
                let s = v128_bitselect(free, ready, f64x2_lt(ready, free));
                (second, s, f64x2_add(s, f64x2_mul(e, dpe0)))
            };
            store(&mut task.start, i, s);
            store(&mut task.finish, i, f);
            if LINKS {
                let free = v128_bitselect(free1, free0, second);
                let by_slot = f64x2_lt(ready, free);
                let (last0, last1) = (load_ids(&r0.last, i), load_ids(&r1.last, i));
                let second_ids = narrow(second);
                let last = v128_bitselect(last1, last0, second_ids);
                store_ids(
                    &mut task.link,
                    i,
                    v128_bitselect(last, from, narrow(by_slot)),
                );
                store_ids(&mut r0.last, i, v128_bitselect(last0, k, second_ids));
                store_ids(&mut r1.last, i, v128_bitselect(k, last1, second_ids));
            }
            store(&mut r0.free, i, v128_bitselect(free0, f, second));
            store(&mut r1.free, i, v128_bitselect(f, free1, second));
            let effort = f64x2_add(load(&sum.effort, i), e);
            store(&mut sum.effort, i, effort);
            let cost = f64x2_add(load(&sum.cost, i), f64x2_mul(e, rate));
            store(&mut sum.cost, i, cost);
        }
    }
}

/// Cumulative "through stage s" figures of a block's trials.
struct StageSums {
    duration: [Lanes<f64>; 3],
    effort: [Lanes<f64>; 3],
    cost: [Lanes<f64>; 3],
    /// The first task with no successors to finish last ([`NONE`] without tasks).
    last: Lanes<u32>,
}

/// The cumulative stage figures of the block's last schedule. The latest finish of
/// the tasks needed through a stage is that of the ones nothing needed through the
/// stage depends on (see [`Plan::stage_sinks`]).
#[allow(clippy::needless_range_loop)]
fn stage_sums(plan: &Plan, blk: &Block) -> StageSums {
    let tasks = &blk.tasks[..];
    let mut sums = StageSums {
        duration: [[0.0; LANES]; 3],
        effort: [0, 1, 2].map(|s| blk.stages[s].effort),
        cost: [0, 1, 2].map(|s| blk.stages[s].cost),
        last: [NONE; LANES],
    };
    for s in 1..3 {
        for b in 0..LANES {
            sums.effort[s][b] += sums.effort[s - 1][b];
            sums.cost[s][b] += sums.cost[s - 1][b];
        }
    }
    for (d, sinks) in sums.duration.iter_mut().zip(&plan.stage_sinks) {
        for &k in sinks {
            pairs::later_row(d, &tasks[k as usize].finish);
        }
    }
    let (top, last) = (&sums.duration[2], &mut sums.last);
    for &k in plan.stage_sinks[2].iter().rev() {
        let f = &tasks[k as usize].finish;
        for b in 0..LANES {
            last[b] = if f[b] == top[b] { k } else { last[b] };
        }
    }
    sums
}

/// Trials on a task's path above which [`trace_critical`] moves the trials that share
/// a link together rather than one at a time.
const GROUPED: u32 = 4;

/// Counts the critical paths of the first `trials` trials of the block: in each, from
/// the last task to finish back along the links of [`Block`] (the predecessor whose
/// finish set its start, or else the task that held its role slot until then) to a
/// task that started at 0. All trials are walked at once, from the last task to the
/// first, with one bit per trial marking the tasks on its path.
fn trace_critical(blk: &mut Block, last: &Lanes<u32>, trials: usize, critical: &mut [u32]) {
    let (link, on_path) = (&blk.tasks[..], &mut blk.on_path[..]);
    on_path.fill(0);
    for (b, &k) in last.iter().enumerate().take(trials) {
        if let Some(m) = on_path.get_mut(k as usize) {
            *m |= 1 << b;
        }
    }
    for k in (0..on_path.len()).rev() {
        let mut m = on_path[k];
        critical[k] += m.count_ones();
        let row = &link[k].link;
        while m != 0 {
            let next = row[m.trailing_zeros() as usize];
            // A task on the path of many trials mostly links to the same few tasks:
            // then all the trials that link where this one does go at once.
            let same = if m.count_ones() > GROUPED {
                m & pairs::lanes_equal(row, next)
            } else {
                m & m.wrapping_neg()
            };
            m &= !same;
            // A task that started at 0 has no link ([`NONE`]).
            if (next as usize) < k {
                on_path[next as usize] |= same;
            }
        }
    }
}

/// The single-point plan: most-likely efforts, no factors, risks or mitigations.
pub struct PointPlan {
    pub effort: f64,
    pub duration: f64,
    pub cost: f64,
}

/// Schedules the most-likely efforts once (in every trial of a block, reading one).
pub fn point_plan(plan: &Plan) -> PointPlan {
    let mut blk = Block::new(plan);
    for (t, &m) in blk.tasks.iter_mut().zip(&plan.most_likely) {
        t.effort = [m; LANES];
    }
    schedule(plan, &mut blk, true);
    let s = stage_sums(plan, &blk);
    let fixed: f64 = plan.fixed_by_stage.iter().sum();
    let spent: [f64; 2] = [plan.spent_effort, plan.spent_cost].map(|x| x.iter().sum());
    PointPlan {
        effort: s.effort[2][0] + spent[0],
        duration: s.duration[2][0],
        cost: s.cost[2][0] + fixed + spent[1],
    }
}

/// The single-point plan's critical chain (R54 on the plan of R62), in priority
/// order, each task with the working days per person-day of the person who did it
/// there: the first of its role's people with whom it finishes exactly when it did
/// (the role's first person for a task of no effort).
pub fn point_chain(plan: &Plan) -> Vec<ChainLink> {
    let mut blk = Block::new(plan);
    for (t, &m) in blk.tasks.iter_mut().zip(&plan.most_likely) {
        t.effort = [m; LANES];
    }
    schedule(plan, &mut blk, true);
    let last = stage_sums(plan, &blk).last[0];
    let mut chain = Vec::new();
    let mut k = last;
    while let Some(task) = blk.tasks.get(k as usize) {
        let (first, count) = (plan.slot_first[k as usize], plan.slot_count[k as usize]);
        let speeds = &plan.slot_dpe[first as usize..(first + count) as usize];
        let m = plan.most_likely[k as usize];
        let dpe = speeds
            .iter()
            .copied()
            .find(|&d| task.start[0] + m * d == task.finish[0])
            .unwrap_or(speeds.first().copied().unwrap_or(1.0));
        chain.push(ChainLink { task: k, dpe });
        let next = task.link[0];
        // Links point to earlier tasks; anything else ends the walk.
        k = if next < k { next } else { NONE };
    }
    chain.reverse();
    chain
}

/// How many 32-bit draws `d` have `d × 2^-32 < p`: the draw is below p exactly when
/// it is below this count, a test without a conversion to float.
fn draws_below(p: f64) -> u64 {
    // p × 2^32 is exact; a whole number t counts the draws 0..t.
    (p.clamp(0.0, 1.0) * (1u64 << 32) as f64).ceil() as u64
}

/// The row of words holding draw `i` of two-per-word draws, and its shift (the first
/// draw of a word is its high half).
#[inline(always)]
fn half_word(words: &[Lanes<u64>], i: usize) -> (&Lanes<u64>, u32) {
    (&words[i / 2], if i.is_multiple_of(2) { 32 } else { 0 })
}

/// Draws the block's random words in trial order: per trial five words give the nine
/// factor draws and the gate draw (32 bits each), then one word gives two tasks their
/// 32-bit draws. When the tasks are correlated, the correlation stream gives each
/// common factor (phases, then roles) a 32-bit draw, two per word, in trial order,
/// and each factor's normal score.
fn draw(blk: &mut Block, rng: &mut Rng, corr_rng: &mut Rng, trials: usize) {
    let (factor_words, words) = (&mut blk.factor_words[..], &mut blk.words[..]);
    for b in 0..trials {
        for fw in factor_words.iter_mut() {
            fw[b] = rng.next_u64();
        }
        for w in words.iter_mut() {
            w[b] = rng.next_u64();
        }
    }
    if blk.common.is_empty() {
        return;
    }
    for b in 0..trials {
        for w in blk.corr_words.iter_mut() {
            w[b] = corr_rng.next_u64();
        }
    }
    for (g, common) in blk.common.iter_mut().enumerate() {
        let (w, shift) = half_word(&blk.corr_words, g);
        score_row(w, shift, common);
    }
}

/// The rows of one recorded input's scores and where the block's trials start in them.
struct ScoreRows<'a> {
    scores: &'a mut [f32],
    /// Trials recorded in all.
    rows: usize,
    /// The block's first trial, and how many of its trials are recorded.
    t0: usize,
    n: usize,
}

impl ScoreRows<'_> {
    /// The recorded trials of the block for input `i` (none once past the recorded
    /// trials).
    #[inline(always)]
    fn of(&mut self, i: usize) -> &mut [f32] {
        if self.n == 0 {
            return &mut [];
        }
        &mut self.scores[i * self.rows + self.t0..][..self.n]
    }
}

/// Samples the factors and then every task's effort with its phase's factor
/// multiplier, one task at a time for the whole block. A phase's multiplier adds the
/// excess of each factor that affects it, 1 + Σ(mᵢ − 1), and is at most
/// [`MAX_PHASE_MULTIPLIER`].
#[allow(clippy::needless_range_loop)]
fn sample(plan: &Plan, blk: &mut Block, rec: &mut ScoreRows) {
    let tables = &plan.tables;
    let n = plan.n;
    let mut multiplier = [0.0f64; LANES];
    blk.phase_mult.fill([1.0; LANES]);
    for (i, fac) in plan.factors.iter().enumerate() {
        let (w, shift) = half_word(&blk.factor_words, fac.slot);
        // The multipliers as a row (times 1, which changes no value).
        fac.multiplier
            .fill_bits(w, shift, &[1.0; LANES], &mut multiplier, tables);
        for (p, pm) in blk.phase_mult.iter_mut().enumerate() {
            if fac.phase_mask & (1 << p) != 0 {
                for b in 0..LANES {
                    pm[b] += multiplier[b] - 1.0;
                }
            }
        }
        for (score, &w) in rec.of(n + i).iter_mut().zip(w) {
            *score = (f64::from((w >> shift) as u32) * TO_UNIT_32) as f32;
        }
    }
    if !plan.factors.is_empty() {
        for p in 0..PHASES {
            let pm = &mut blk.phase_mult[p];
            for b in 0..LANES {
                pm[b] = if pm[b] > MAX_PHASE_MULTIPLIER {
                    MAX_PHASE_MULTIPLIER
                } else {
                    pm[b]
                };
            }
        }
    }
    let (words, tasks) = (&blk.words[..], &mut blk.tasks[..]);
    // A correlated task's draws (its own, moved by its phase's and role's factors).
    let mut moved = [0u64; LANES];
    const NO_FACTOR: Lanes<f64> = [0.0; LANES];
    for (k, task) in plan.recs.iter().enumerate() {
        let (mut w, mut shift) = (&words[k / 2], if k & 1 == 0 { 32 } else { 0 });
        let ph = task.phase as usize & 7;
        if let Some(c) = plan.correlation.as_ref().filter(|_| plan.uncertain[k]) {
            // The task's own phase (R115), also for a wait or a started task, whose
            // record's phase is the neutral entry.
            let phase = blk.common.get(plan.phase[k] as usize).unwrap_or(&NO_FACTOR);
            let role = blk
                .common
                .get(c.role_factor[k] as usize)
                .unwrap_or(&NO_FACTOR);
            c.loadings.draw_row(w, shift, phase, role, &mut moved);
            (w, shift) = (&moved, 0);
        }
        task.sampler
            .fill_bits(w, shift, &blk.phase_mult[ph], &mut tasks[k].effort, tables);
        let fixed = matches!(task.sampler, Sampler::Fixed(_));
        for (score, &w) in rec.of(k).iter_mut().zip(w) {
            let u = f64::from((w >> shift) as u32) * TO_UNIT_32;
            *score = if fixed { 0.5 } else { u as f32 };
        }
    }
}

/// Mitigation effort and the risks: each risk's draws for the block in trial order,
/// then only the trials in which it fires (one bit each): task impacts go to `add`,
/// phase impacts grow the phase's tasks, a risk driver's go to its tasks' `add` (one
/// percentage of each task's effort, or its days shared by effort), and money and
/// unplaced effort go to every stage that includes the risk.
// Index loops on purpose, as in `schedule`.
#[allow(clippy::needless_range_loop)]
fn apply_risks(plan: &Plan, blk: &mut Block, rngs: &mut [Rng], trials: usize, rec: &mut ScoreRows) {
    let tables = &plan.tables;
    let changed = &mut blk.changed[..];
    for ((t, &m), changed) in blk
        .tasks
        .iter_mut()
        .zip(&plan.mitigation_effort)
        .zip(&mut *changed)
    {
        if *changed {
            t.add = [m; LANES];
            *changed = false;
        }
    }
    blk.grow.fill([1.0; LANES]);
    blk.risk_stages = [NO_SUMS; 3];
    let rngs = &mut rngs[..];
    let mut size_bits = [0u32; LANES];
    let (risk_cost, risk_unplaced) = (&mut blk.risk_cost[..], &mut blk.risk_unplaced[..]);
    let tasks = &mut blk.tasks[..];
    for (ri, r) in plan.risks.iter().enumerate() {
        let p = r.probability;
        let below = draws_below(p);
        let mut rng = rngs[ri].clone();
        let mut fired = 0u64;
        for b in 0..trials {
            let w = rng.next_u64();
            size_bits[b] = w as u32;
            fired |= u64::from((w >> 32) < below) << b;
        }
        rngs[ri] = rng;
        let (cost, unplaced) = (&mut risk_cost[ri], &mut risk_unplaced[ri]);
        *cost = [0.0; LANES];
        *unplaced = [0.0; LANES];
        let mut m = fired;
        // Whether a phase-spread risk shared its days evenly (its phase had no effort).
        let mut even = false;
        while m != 0 {
            let b = m.trailing_zeros() as usize;
            m &= m - 1;
            // The values at u = bits × 2^-32, read from the bits (see `sample_bits`).
            let extra = r.schedule.sample_bits(size_bits[b], tables);
            cost[b] = r.cost.sample_bits(size_bits[b], tables);
            match &r.target {
                Target::Task(k) => tasks[*k as usize].add[b] += extra,
                Target::Spread { phase, tasks: list } => {
                    // The phase's effort as sampled, before any risk impact.
                    let mut total = 0.0;
                    for &k in list {
                        total += tasks[k as usize].effort[b];
                    }
                    if total > 0.0 {
                        blk.grow[*phase as usize & 7][b] += extra / total;
                    } else {
                        even = true;
                        let each = extra / list.len() as f64;
                        for &k in list {
                            tasks[k as usize].add[b] += each;
                        }
                    }
                }
                Target::Share(list) if r.percent => {
                    // One percentage for every target, of its effort before any risk.
                    let share = extra / 100.0;
                    for &k in list {
                        let task = &mut tasks[k as usize];
                        task.add[b] += share * task.effort[b];
                    }
                }
                Target::Share(list) => {
                    let mut total = 0.0;
                    for &k in list {
                        total += tasks[k as usize].effort[b];
                    }
                    for &k in list {
                        let task = &mut tasks[k as usize];
                        task.add[b] += if total > 0.0 {
                            extra * (task.effort[b] / total)
                        } else {
                            extra / list.len() as f64
                        };
                    }
                }
                Target::Unplaced => unplaced[b] = extra,
            }
            for s in r.stage as usize..3 {
                let st = &mut blk.risk_stages[s];
                st.cost[b] += cost[b] + unplaced[b] * plan.mean_rate;
                st.effort[b] += unplaced[b];
            }
        }
        if fired != 0 {
            let list = match &r.target {
                Target::Task(k) => std::slice::from_ref(k),
                Target::Spread { tasks: list, .. } if even => list,
                Target::Share(list) => list,
                _ => &[],
            };
            for &k in list {
                changed[k as usize] = true;
            }
        }
        let certain_size = matches!((r.schedule, r.cost), (Sampler::Fixed(_), Sampler::Fixed(_)));
        for (b, score) in rec
            .of(plan.n + plan.factors.len() + ri)
            .iter_mut()
            .enumerate()
        {
            *score = if fired >> b & 1 == 0 {
                (1.0 - p) / 2.0
            } else if certain_size {
                1.0 - p / 2.0
            } else {
                (1.0 - p) + p * f64::from(size_bits[b]) * TO_UNIT_32
            } as f32;
        }
    }
}

/// The per-trial results of a run.
struct Outputs {
    duration: Vec<f64>,
    effort: Vec<f64>,
    cost: Vec<f64>,
    passed: Vec<bool>,
    spent_duration: Vec<f64>,
    spent_effort: Vec<f64>,
    spent_cost: Vec<f64>,
    stage_duration: [Vec<f64>; 2],
    stage_effort: [Vec<f64>; 2],
    stage_cost: [Vec<f64>; 2],
    chain_duration: Vec<f64>,
}

impl Outputs {
    /// Room for `trials` trials, none recorded: each block's rows are appended (not
    /// written over zeros, which would cost a pass over every output).
    fn new(trials: usize, chain: bool) -> Self {
        let v = || Vec::with_capacity(trials);
        Self {
            chain_duration: if chain { v() } else { Vec::new() },
            duration: v(),
            effort: v(),
            cost: v(),
            passed: Vec::with_capacity(trials),
            spent_duration: v(),
            spent_effort: v(),
            spent_cost: v(),
            stage_duration: [v(), v()],
            stage_effort: [v(), v()],
            stage_cost: [v(), v()],
        }
    }

    /// Records the block's `trials` trials from `t0`: money and effort outside the
    /// tasks are added to every stage that includes them, and what was spent is the
    /// whole project except in the trials stopped at the gate (one bit each), where it
    /// is the work done up to the gate.
    #[allow(clippy::needless_range_loop)]
    fn record(&mut self, plan: &Plan, blk: &Block, sums: &StageSums, t0: usize, trials: usize) {
        let through = |f: [f64; 3]| [f[0], f[0] + f[1], f[0] + f[1] + f[2]];
        let fixed_through = through(plan.fixed_by_stage);
        let (sunk_effort, sunk_cost) = (through(plan.spent_effort), through(plan.spent_cost));
        let mitigation_unplaced_cost = plan.mitigation_unplaced * plan.mean_rate;
        let mitigation_cost_total = plan.mitigation_money + mitigation_unplaced_cost;
        let (mut st_cost, mut st_eff) = (sums.cost, sums.effort);
        for s in 0..3 {
            let fixed = fixed_through[s] + mitigation_cost_total + sunk_cost[s];
            let certain = plan.mitigation_unplaced + sunk_effort[s];
            let risk = &blk.risk_stages[s];
            for b in 0..LANES {
                st_cost[s][b] = st_cost[s][b] + fixed + risk.cost[b];
                st_eff[s][b] = st_eff[s][b] + certain + risk.effort[b];
            }
        }
        let ([d0, d1], [e0, e1], [c0, c1]) = (
            &mut self.stage_duration,
            &mut self.stage_effort,
            &mut self.stage_cost,
        );
        let rows = [
            (&mut self.duration, &sums.duration[2]),
            (&mut self.effort, &st_eff[2]),
            (&mut self.cost, &st_cost[2]),
            (d0, &sums.duration[0]),
            (e0, &st_eff[0]),
            (c0, &st_cost[0]),
            (d1, &sums.duration[1]),
            (e1, &st_eff[1]),
            (c1, &st_cost[1]),
            (&mut self.spent_duration, &sums.duration[2]),
            (&mut self.spent_effort, &st_eff[2]),
            (&mut self.spent_cost, &st_cost[2]),
        ];
        for (v, row) in rows {
            v.extend_from_slice(&row[..trials]);
        }
        let mut stopped = 0u64;
        if let Some(p) = plan.gate {
            let (w, shift) = half_word(&blk.factor_words, FactorKind::ALL.len());
            let below = draws_below(p);
            for b in 0..trials {
                stopped |= u64::from(u64::from((w[b] >> shift) as u32) >= below) << b;
            }
        }
        let mut passed = [false; LANES];
        for (b, passed) in passed.iter_mut().enumerate() {
            *passed = stopped >> b & 1 == 0;
        }
        self.passed.extend_from_slice(&passed[..trials]);
        if !plan.chain.is_empty() {
            // Each trial's sum in the chain's order, link by link over the row.
            let (tasks, grow) = (&blk.tasks[..], &blk.grow);
            let mut sums = [0.0f64; LANES];
            for link in &plan.chain {
                let (k, dpe) = (link.task as usize, link.dpe);
                let (task, grow) = (&tasks[k], &grow[plan.recs[k].phase as usize & 7]);
                for b in 0..LANES {
                    let e = task.effort[b] * grow[b] + task.add[b];
                    sums[b] += e * dpe;
                }
            }
            self.chain_duration.extend_from_slice(&sums[..trials]);
        }
        // The stopped trials (in trial order), each with the gate's time and what was
        // spent: first the mitigations and fixed costs, then the tasks in order, then
        // the risks in order.
        let (tasks, grow) = (&blk.tasks[..], &blk.grow);
        let (mut at, mut count) = ([0usize; LANES], 0);
        let (mut gate, mut se, mut sc) = ([0.0f64; LANES], [0.0f64; LANES], [0.0f64; LANES]);
        while stopped != 0 {
            let b = stopped.trailing_zeros() as usize;
            stopped &= stopped - 1;
            at[count] = b;
            gate[count] = plan
                .gate_tasks
                .iter()
                .fold(0.0f64, |m, &k| fmax(m, tasks[k as usize].finish[b]));
            se[count] = plan.mitigation_unplaced + sunk_effort[2];
            sc[count] = plan.fixed_by_stage[0]
                + plan.mitigation_money
                + mitigation_unplaced_cost
                + sunk_cost[2];
            count += 1;
        }
        let (at, gate) = (&at[..count], &gate[..count]);
        let (se, sc) = (&mut se[..count], &mut sc[..count]);
        pairs::gate_spending(plan, tasks, grow, (at, gate), (&mut *se, &mut *sc));
        let (risk_cost, risk_unplaced) = (&blk.risk_cost[..], &blk.risk_unplaced[..]);
        for j in 0..count {
            let (b, g, t) = (at[j], gate[j], t0 + at[j]);
            for (ri, r) in plan.risks.iter().enumerate() {
                let spent = match &r.target {
                    Target::Task(k) => tasks[*k as usize].start[b] < g,
                    Target::Spread { tasks: list, .. } | Target::Share(list) => {
                        list.iter().any(|&k| tasks[k as usize].start[b] < g)
                    }
                    Target::Unplaced => r.unplaced_before_gate,
                };
                if spent {
                    sc[j] += risk_cost[ri][b] + risk_unplaced[ri][b] * plan.mean_rate;
                    se[j] += risk_unplaced[ri][b];
                }
            }
            self.spent_duration[t] = g;
            self.spent_effort[t] = se[j];
            self.spent_cost[t] = sc[j];
        }
    }
}

/// Runs the trials of a compiled plan.
pub fn run(plan: Plan, options: &SimOptions) -> Simulation {
    Run::new(plan, options).finish()
}

/// A run of trials made in slices of whole blocks: [`Run::step`] runs the next
/// trials, [`Run::prefix`] gives the trials run so far and [`Run::finish`] the whole
/// run. Every trial's draws come from streams read in trial order, so the first `t`
/// trials of a run are those of a run of `t` trials, whatever the slices.
pub struct Run {
    plan: Plan,
    trials: usize,
    /// Trials run so far (a multiple of [`LANES`] until the last block).
    done: usize,
    rng: Rng,
    /// The correlation stream (read only when the tasks are correlated).
    corr_rng: Rng,
    /// Each risk's own stream.
    risk_rngs: Vec<Rng>,
    blk: Block,
    critical: Vec<u32>,
    out: Outputs,
    detail: Option<Detail>,
}

impl Run {
    /// A run of `options.trials` trials (at least one), none run yet.
    pub fn new(plan: Plan, options: &SimOptions) -> Self {
        let trials = options.trials.max(1) as usize;
        let n = plan.n;
        // Each risk draws from its own stream, keyed by its id, so that adding, removing
        // or editing a risk leaves every other draw of the run unchanged.
        let risk_rngs: Vec<Rng> = plan
            .risks
            .iter()
            .map(|r| {
                Rng::new(options.seed ^ (u64::from(r.id) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            })
            .collect();
        let detail = options.detail.then(|| {
            let rows = trials.min(DETAIL_TRIALS);
            let mut inputs: Vec<InputKind> = plan
                .original
                .iter()
                .map(|&i| InputKind::Task(i as usize))
                .collect();
            inputs.extend(plan.factors.iter().map(|f| InputKind::Factor(f.kind)));
            inputs.extend((0..plan.risks.len()).map(InputKind::Risk));
            Detail {
                rows,
                start: vec![0.0; rows * n],
                finish: vec![0.0; rows * n],
                effort_sum: vec![0.0; n],
                scores: vec![0.0; rows * inputs.len()],
                inputs,
            }
        });
        Self {
            blk: Block::new(&plan),
            critical: vec![0; n],
            out: Outputs::new(trials, !plan.chain.is_empty()),
            rng: Rng::new(options.seed),
            corr_rng: Rng::new(options.seed ^ CORRELATION_KEY),
            risk_rngs,
            detail,
            trials,
            done: 0,
            plan,
        }
    }

    /// Trials run so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Trials of the whole run.
    pub fn trials(&self) -> usize {
        self.trials
    }

    /// The compiled plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Runs up to `max_trials` more trials, rounded up to whole blocks of [`LANES`];
    /// true when every trial has run.
    ///
    /// Never inlined: the trial loop stays one function of its own whatever calls it.
    /// Inlined into a single caller (as LTO did when only `forecast_with` ran trials),
    /// it became part of one large function that Chromium ran about 30% slower.
    #[inline(never)]
    pub fn step(&mut self, max_trials: usize) -> bool {
        let stop = self
            .done
            .saturating_add(max_trials.next_multiple_of(LANES))
            .min(self.trials);
        while self.done < stop {
            self.block();
        }
        self.done == self.trials
    }

    /// Runs the next block of trials.
    fn block(&mut self) {
        let (plan, blk, t0) = (&self.plan, &mut self.blk, self.done);
        // Trials in this block; the lanes after them compute leftovers nobody reads.
        let bl = LANES.min(self.trials - t0);
        let (rows, scores) = match self.detail.as_mut() {
            Some(d) => (d.rows, &mut d.scores[..]),
            None => (0, &mut [][..]),
        };
        // The block's trials whose details are recorded.
        let rec_n = rows.saturating_sub(t0).min(bl);
        let mut rec = ScoreRows {
            scores,
            rows,
            t0,
            n: rec_n,
        };
        draw(blk, &mut self.rng, &mut self.corr_rng, bl);
        sample(plan, blk, &mut rec);
        apply_risks(plan, blk, &mut self.risk_rngs, bl, &mut rec);
        // The block's trials whose critical paths are counted (R83): only they need
        // the links of what set each start.
        let traced = DETAIL_TRIALS.saturating_sub(t0).min(bl);
        schedule(plan, blk, traced > 0);
        let sums = stage_sums(plan, blk);
        if traced > 0 {
            trace_critical(blk, &sums.last, traced, &mut self.critical);
        }
        if let Some(d) = self.detail.as_mut().filter(|_| rec_n > 0) {
            d.record_times(plan, blk, t0, rec_n);
        }
        self.out.record(plan, blk, &sums, t0, bl);
        self.done = t0 + bl;
    }

    /// The trials run so far as a [`Simulation`]: the same, bit for bit, as a run of
    /// that many trials on the same seed (no trials before the first step).
    pub fn prefix(&self) -> Simulation {
        let t = self.done;
        let out = &self.out;
        let head = |v: &[f64]| v[..t].to_vec();
        let detail = self.detail.as_ref().map(|d| {
            // Recorded rows are laid out `i * rows + trial`; keep each row's first ones.
            let rows = t.min(d.rows);
            let rows_of = |v: &[f32]| -> Vec<f32> {
                v.chunks(d.rows.max(1))
                    .flat_map(|row| &row[..rows])
                    .copied()
                    .collect()
            };
            Detail {
                rows,
                start: rows_of(&d.start),
                finish: rows_of(&d.finish),
                effort_sum: d.effort_sum.clone(),
                inputs: d.inputs.clone(),
                scores: rows_of(&d.scores),
            }
        });
        Simulation {
            plan: self.plan.clone(),
            trials: t,
            duration: head(&out.duration),
            effort: head(&out.effort),
            cost: head(&out.cost),
            passed: out.passed[..t].to_vec(),
            spent_duration: head(&out.spent_duration),
            spent_effort: head(&out.spent_effort),
            spent_cost: head(&out.spent_cost),
            stage_duration: out.stage_duration.each_ref().map(|v| head(v)),
            stage_effort: out.stage_effort.each_ref().map(|v| head(v)),
            stage_cost: out.stage_cost.each_ref().map(|v| head(v)),
            critical: self.critical.clone(),
            chain_duration: out.chain_duration[..t.min(out.chain_duration.len())].to_vec(),
            detail,
        }
    }

    /// Runs the trials not run yet and returns the whole run.
    pub fn finish(mut self) -> Simulation {
        self.step(self.trials);
        let out = self.out;
        Simulation {
            plan: self.plan,
            trials: self.trials,
            duration: out.duration,
            effort: out.effort,
            cost: out.cost,
            passed: out.passed,
            spent_duration: out.spent_duration,
            spent_effort: out.spent_effort,
            spent_cost: out.spent_cost,
            stage_duration: out.stage_duration,
            stage_effort: out.stage_effort,
            stage_cost: out.stage_cost,
            critical: self.critical,
            chain_duration: out.chain_duration,
            detail: self.detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_below_agrees_with_the_float_comparison() {
        // Protects the integer test of whether a risk fires (and the gate passes):
        // the same decision as `draw × 2^-32 < p` for every draw near the threshold.
        for p in [
            0.0,
            1e-12,
            0.1,
            0.25,
            0.5,
            0.8,
            1.0 - 1e-12,
            1.0,
            0.3 + 1e-9,
        ] {
            let below = draws_below(p);
            let centre = (p * 4_294_967_296.0) as i64;
            for d in (centre - 3).max(0)..(centre + 3).min(u32::MAX as i64) {
                let d = d as u32;
                assert_eq!(
                    u64::from(d) < below,
                    f64::from(d) * TO_UNIT_32 < p,
                    "p={p} draw={d}"
                );
            }
        }
    }
}

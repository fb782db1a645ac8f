//! The forecast the page shows: percentiles, charts, targets, contingency, criticality,
//! the uncertainty Gantt, sensitivity drivers, cumulative stages, the gate and the value.
//!
//! Built from a [`Simulation`]. No output is fully sorted: every percentile, S-curve
//! point and histogram comes from counting passes over the unsorted trials (see
//! [`super::stats::quantiles`]). Per-task times, criticality and sensitivity use the
//! run's first [`DETAIL_TRIALS`] trials (see [`super::sim`]).
//!
//! Because the gate's draw is independent of everything else, the distribution of the
//! whole project over all trials is exactly its distribution given that the gate is
//! passed: `effort`, `duration`, `cost`, `finish` and `stages` are "if it goes ahead",
//! and [`GateForecast`] adds the stop rate and what is spent overall.

use super::calendar::Calendar;
use super::calibration::Resampling;
use super::plan::Plan;
use super::sim::{point_plan, InputKind, Run, SimOptions, Simulation, DETAIL_TRIALS};
use super::stats::{
    clean, describe, histogram_within, mean, quantiles_within, rank_correlation, share_at_most,
    Bin, CentredRanks, CurvePoint, Summary,
};
use super::value::{self, Outcomes, ValueForecast};
use crate::model::validate::{validate, FieldError};
use crate::model::{Date, FactorKind, Id, Project, Stage, TaskKind};
use serde::{Deserialize, Serialize};

/// Dates matching a [`Summary`] of durations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateSummary {
    pub mean: Date,
    pub p10: Date,
    pub p50: Date,
    pub p80: Date,
    pub p90: Date,
    pub p95: Date,
}

impl DateSummary {
    fn of(s: &Summary, cal: &Calendar) -> Self {
        Self {
            mean: cal.finish_date(s.mean),
            p10: cal.finish_date(s.p10),
            p50: cal.finish_date(s.p50),
            p80: cal.finish_date(s.p80),
            p90: cal.finish_date(s.p90),
            p95: cal.finish_date(s.p95),
        }
    }
}

/// The single-point plan: sum of most-likely efforts, scheduled without factors, risks
/// or mitigations — the figure a planning-fallacy estimate would give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanFigure {
    /// Person-days.
    pub effort: f64,
    /// Working days.
    pub duration: f64,
    pub finish: Date,
    /// Labour at day rates plus fixed costs.
    pub cost: f64,
}

/// What it takes to be `confidence` sure, against the single-point plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contingency {
    pub confidence: f64,
    /// Working days at that confidence.
    pub duration: f64,
    pub finish: Date,
    pub cost: f64,
    /// Working days to add to the plan (never negative).
    pub duration_buffer: f64,
    /// Money to add to the plan (never negative).
    pub cost_buffer: f64,
    /// Chance of delivering by `finish` counting the feasibility gate: the share of
    /// trials that pass the gate and finish by that date (equal to the chance of
    /// finishing by it when the gate is off).
    pub delivered: f64,
}

/// One task's place in the forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskForecast {
    pub id: Id,
    pub name: String,
    /// Share of the detail trials in which the task is on the critical path (0–1).
    pub criticality: f64,
    /// Working days from the project start.
    pub start_p50: f64,
    pub start_p80: f64,
    pub finish_p50: f64,
    pub finish_p80: f64,
    pub start_date_p50: Date,
    pub finish_date_p50: Date,
    pub finish_date_p80: Date,
    /// Mean sampled effort in person-days (factors and risks included).
    pub mean_effort: f64,
}

/// What kind of input a sensitivity driver is. In JSON it reads
/// `{"kind": "task", "id": 3}`; in the worker's compact replies, which cannot name
/// fields, it is a plain enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub enum DriverRef {
    Task(Id),
    Factor(FactorKind),
    Risk(Id),
}

/// [`DriverRef`] as JSON writes it.
#[derive(Serialize, Deserialize)]
#[serde(
    remote = "DriverRef",
    rename_all = "snake_case",
    tag = "kind",
    content = "id"
)]
enum TaggedDriverRef {
    Task(Id),
    Factor(FactorKind),
    Risk(Id),
}

impl Serialize for DriverRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            TaggedDriverRef::serialize(self, s)
        } else {
            DriverRef::serialize(self, s)
        }
    }
}

impl<'de> Deserialize<'de> for DriverRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            TaggedDriverRef::deserialize(d)
        } else {
            DriverRef::deserialize(d)
        }
    }
}

/// One input's rank correlation with an output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub input: DriverRef,
    pub name: String,
    /// Spearman's rho (−1 to 1).
    pub rho: f64,
}

/// Inputs ranked by how strongly they move duration and cost (largest |rho| first;
/// inputs with rho = 0, such as fixed tasks, are left out).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    pub duration: Vec<Driver>,
    pub cost: Vec<Driver>,
    /// Trials the correlations were computed on.
    pub trials: u32,
}

/// Cumulative forecast through one stage: its tasks, those of earlier stages and every
/// predecessor of those.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageForecast {
    pub stage: Stage,
    pub tasks: u32,
    pub duration: Summary,
    pub finish: DateSummary,
    pub effort: Summary,
    pub cost: Summary,
}

/// The go / no-go gate at the end of the MVP's Evaluation phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GateForecast {
    pub enabled: bool,
    /// Probability of passing, as entered.
    pub probability: f64,
    /// Share of trials stopped at the gate.
    pub stop_rate: f64,
    /// Mean money spent over all trials, stopped ones included.
    pub expected_cost: f64,
    /// Mean effort spent over all trials, stopped ones included.
    pub expected_effort: f64,
    /// Mean money spent in stopped trials (0 when none stopped).
    pub mean_cost_if_stopped: f64,
    /// Mean working days until the stop in stopped trials (0 when none stopped).
    pub mean_duration_if_stopped: f64,
}

/// Everything the forecast page shows for one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The version of the engine's rules that made these numbers ([`ENGINE_VERSION`]).
    pub engine: u32,
    pub trials: u32,
    pub seed: u64,
    /// Person-days.
    pub effort: Summary,
    /// Working days from the start.
    pub duration: Summary,
    pub finish: DateSummary,
    /// In the project's currency.
    pub cost: Summary,
    pub duration_histogram: Vec<Bin>,
    pub duration_curve: Vec<CurvePoint>,
    pub cost_histogram: Vec<Bin>,
    pub cost_curve: Vec<CurvePoint>,
    /// Chance to finish on or before `settings.target_date`.
    pub probability_by_target_date: Option<f64>,
    /// Chance to cost at most `settings.target_budget`.
    pub probability_within_budget: Option<f64>,
    pub plan: PlanFigure,
    pub contingency: Contingency,
    /// In the project's task order.
    pub tasks: Vec<TaskForecast>,
    pub sensitivity: Sensitivity,
    /// Through MVP, through Growth, through Maturity.
    pub stages: Vec<StageForecast>,
    pub gate: GateForecast,
    /// What the project is worth: NPV, payback and ROI (see [`super::value`]).
    pub value: ValueForecast,
    /// Joint confidence of the target date and budget, when both are set.
    // Always written (null without both targets): the worker's replies cannot skip fields.
    pub joint: Option<Joint>,
}

/// Joint confidence (JCL) of finishing by the target date **and** within the target
/// budget (docs/MODEL.md §20).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Joint {
    /// Share of trials that finish by the target date and cost at most the budget.
    pub probability: f64,
    /// For later and later dates from the confidence-level finish, the smallest budget
    /// that gives `settings.confidence` jointly with the date.
    pub frontier: Vec<FrontierPoint>,
    /// At most [`SCATTER_POINTS`] trials, evenly spread over the run, for a chart of
    /// finish against cost.
    pub scatter: Vec<ScatterPoint>,
}

/// A date and the smallest budget that, with it, gives the chosen joint confidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrontierPoint {
    pub finish: Date,
    /// Working days through `finish`.
    pub days: f64,
    pub cost: f64,
}

/// One trial's duration (working days) and cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScatterPoint {
    pub days: f64,
    pub cost: f64,
}

/// Most points of [`Joint::scatter`].
pub const SCATTER_POINTS: usize = 500;
/// Steps from the confidence-level duration to the longest trial at which the
/// frontier is read (21 durations, before equal dates are merged).
pub const FRONTIER_STEPS: usize = 20;

/// The version of the rules in docs/MODEL.md that the engine follows. It moves whenever
/// a rule changes the numbers for the same plan and seed.
pub const ENGINE_VERSION: u32 = 5;

/// A forecast made in slices, for a caller that must yield between them (a Web
/// Worker that drops a job when the plan changes): [`ForecastRun::step`] runs the next
/// trials, [`ForecastRun::preview`] forecasts the trials run so far, and
/// [`ForecastRun::finish`] gives what [`super::forecast_with`] gives, bit for bit.
///
/// The trials run in blocks of 64, each drawing from the streams in trial order, so the
/// first `t` trials are those of a run of `t` trials: a preview after `t` trials is
/// `forecast_with(project, t, seed)`, and the slices never change the numbers.
pub struct ForecastRun {
    project: Project,
    run: Run,
    seed: u64,
}

impl ForecastRun {
    /// Validates the project and prepares a forecast of `trials` trials (at least one)
    /// on `seed`, none run yet.
    pub fn new(project: &Project, trials: u32, seed: u64) -> Result<Self, Vec<FieldError>> {
        Self::of_plan(project, trials, seed, Plan::compile)
    }

    /// As [`ForecastRun::new`], with the team's track record (docs/MODEL.md R159).
    pub fn tracked(
        project: &Project,
        record: &Resampling,
        trials: u32,
        seed: u64,
    ) -> Result<Self, Vec<FieldError>> {
        Self::of_plan(project, trials, seed, |p| Plan::compile_tracked(p, record))
    }

    fn of_plan(
        project: &Project,
        trials: u32,
        seed: u64,
        compile: impl FnOnce(&Project) -> Plan,
    ) -> Result<Self, Vec<FieldError>> {
        let errors = validate(project);
        if !errors.is_empty() {
            return Err(errors);
        }
        let options = SimOptions {
            trials,
            seed,
            detail: true,
        };
        Ok(Self {
            run: Run::new(compile(project), &options),
            project: project.clone(),
            seed,
        })
    }

    /// Runs up to `max_trials` more trials, rounded up to whole blocks of 64; true when
    /// every trial has run.
    pub fn step(&mut self, max_trials: u32) -> bool {
        self.run.step(max_trials as usize)
    }

    /// Trials run so far.
    pub fn done_trials(&self) -> u32 {
        self.run.done() as u32
    }

    /// Trials of the whole forecast.
    pub fn total_trials(&self) -> u32 {
        self.run.trials() as u32
    }

    /// The forecast of the trials run so far (all zero before the first step). It
    /// copies those trials and computes every statistic, about as costly as
    /// [`ForecastRun::finish`]'s statistics.
    pub fn preview(&self) -> Forecast {
        build(&self.project, self.run.prefix(), self.seed)
    }

    /// Runs the trials not run yet and returns the forecast of them all.
    pub fn finish(self) -> Forecast {
        build(&self.project, self.run.finish(), self.seed)
    }
}

/// Builds the forecast of a finished simulation.
pub fn build(project: &Project, sim: Simulation, seed: u64) -> Forecast {
    let n_trials = sim.trials;
    let plan_point = point_plan(&sim.plan);
    let mut scratch = Vec::new();

    let confidence = if project.settings.confidence.is_finite() {
        project.settings.confidence.clamp(0.01, 0.99)
    } else {
        0.8
    };
    let (duration, conf_duration, duration_curve) =
        describe(&sim.duration, confidence, &mut scratch);
    let (cost, conf_cost, cost_curve) = describe(&sim.cost, confidence, &mut scratch);
    let effort = Summary::of(&sim.effort, &mut scratch);

    let max_days = duration.max.max(plan_point.duration);
    let cal = Calendar::new(project, clean(max_days) + 2.0);

    let probability_by_target_date =
        project
            .settings
            .target_date
            .map(|d| match cal.working_days_through(d) {
                Some(days) => share_at_most(&sim.duration, days),
                None => 1.0,
            });
    let conf_finish = cal.finish_date(conf_duration);
    let delivered = delivered_by(&sim, cal.working_days_through(conf_finish));
    let probability_within_budget = project
        .settings
        .target_budget
        .map(|b| share_at_most(&sim.cost, b));
    let joint = match (project.settings.target_date, project.settings.target_budget) {
        (Some(date), Some(budget)) => Some(joint(
            &sim,
            &cal,
            cal.working_days_through(date),
            budget,
            confidence,
            (conf_duration, duration.max),
        )),
        _ => None,
    };

    let tasks = task_forecasts(project, &sim, &cal);
    let sensitivity = sensitivity(project, &sim);

    let stages = Stage::ALL
        .iter()
        .map(|&stage| {
            let s = stage.index();
            // Through the last stage is the whole project, already summarised.
            let last = s + 1 == Stage::ALL.len();
            let dur = if last {
                duration.clone()
            } else {
                Summary::of(&sim.stage_duration[s], &mut scratch)
            };
            StageForecast {
                stage,
                tasks: sim
                    .plan
                    .need_stage
                    .iter()
                    .filter(|&&ns| ns as usize <= s)
                    .count() as u32,
                finish: DateSummary::of(&dur, &cal),
                duration: dur,
                effort: if last {
                    effort.clone()
                } else {
                    Summary::of(&sim.stage_effort[s], &mut scratch)
                },
                cost: if last {
                    cost.clone()
                } else {
                    Summary::of(&sim.stage_cost[s], &mut scratch)
                },
            }
        })
        .collect();

    let value = value::forecast(
        project,
        &Outcomes {
            duration: &sim.duration,
            spent: &sim.spent_cost,
            passed: &sim.passed,
        },
        seed,
    );
    // The stopped trials' count and sums in one pass, in trial order.
    let (mut stops, mut cost_stopped, mut duration_stopped) = (0usize, -0.0, -0.0);
    for t in 0..n_trials {
        if !sim.passed[t] {
            stops += 1;
            cost_stopped += sim.spent_cost[t];
            duration_stopped += sim.spent_duration[t];
        }
    }
    let if_stopped = |sum: f64| {
        if stops == 0 {
            0.0
        } else {
            clean(sum / stops as f64)
        }
    };
    let gate = GateForecast {
        enabled: project.gate.enabled,
        probability: clean(project.gate.probability),
        stop_rate: stops as f64 / n_trials.max(1) as f64,
        expected_cost: mean(&sim.spent_cost),
        expected_effort: mean(&sim.spent_effort),
        mean_cost_if_stopped: if_stopped(cost_stopped),
        mean_duration_if_stopped: if_stopped(duration_stopped),
    };

    Forecast {
        engine: ENGINE_VERSION,
        trials: n_trials as u32,
        seed,
        finish: DateSummary::of(&duration, &cal),
        duration_histogram: histogram_within(&sim.duration, duration.min, duration.max),
        duration_curve,
        cost_histogram: histogram_within(&sim.cost, cost.min, cost.max),
        cost_curve,
        effort,
        duration,
        cost,
        probability_by_target_date,
        probability_within_budget,
        plan: PlanFigure {
            effort: clean(plan_point.effort),
            duration: clean(plan_point.duration),
            finish: cal.finish_date(plan_point.duration),
            cost: clean(plan_point.cost),
        },
        contingency: Contingency {
            confidence,
            duration: conf_duration,
            finish: conf_finish,
            cost: conf_cost,
            duration_buffer: clean((conf_duration - plan_point.duration).max(0.0)),
            cost_buffer: clean((conf_cost - plan_point.cost).max(0.0)),
            delivered,
        },
        tasks,
        sensitivity,
        stages,
        gate,
        value,
        joint,
    }
}

/// Joint confidence (docs/MODEL.md R116–R118): the share of trials within both
/// targets (`days`: working days through the target date, `None` past the calendar,
/// which every trial meets), the frontier from the confidence-level duration to the
/// longest trial, and the scatter.
fn joint(
    sim: &Simulation,
    cal: &Calendar,
    days: Option<f64>,
    budget: f64,
    confidence: f64,
    (from, to): (f64, f64),
) -> Joint {
    let n = sim.trials.max(1);
    let days = days.unwrap_or(f64::INFINITY);
    let (duration, cost) = (&sim.duration[..], &sim.cost[..sim.duration.len()]);
    let mut within = 0usize;
    for t in 0..duration.len() {
        within += usize::from((duration[t] <= days) & (cost[t] <= budget));
    }
    // The nearest rank of the confidence among all trials (R70).
    let rank = ((confidence * n as f64 - 1e-9).ceil().max(1.0) as usize).min(n);
    let mut frontier: Vec<FrontierPoint> = Vec::new();
    let mut costs = Vec::with_capacity(duration.len());
    for i in 0..=FRONTIER_STEPS {
        let d = from + (to - from) * i as f64 / FRONTIER_STEPS as f64;
        let finish = cal.finish_date(d);
        if frontier.last().is_some_and(|p| p.finish == finish) {
            continue;
        }
        let through = cal.working_days_through(finish).unwrap_or(f64::INFINITY);
        costs.clear();
        costs.extend(
            (0..duration.len())
                .filter(|&t| duration[t] <= through)
                .map(|t| cost[t]),
        );
        if costs.len() >= rank {
            let (_, &mut c, _) = costs.select_nth_unstable_by(rank - 1, f64::total_cmp);
            frontier.push(FrontierPoint {
                finish,
                days: clean(through),
                cost: clean(c),
            });
        }
    }
    let points = n.min(SCATTER_POINTS);
    let scatter = (0..points)
        .map(|i| {
            let t = i * n / points;
            ScatterPoint {
                days: clean(duration.get(t).copied().unwrap_or(0.0)),
                cost: clean(cost.get(t).copied().unwrap_or(0.0)),
            }
        })
        .collect();
    Joint {
        probability: within as f64 / n as f64,
        frontier,
        scatter,
    }
}

/// The share of trials that pass the gate and take at most `days` working days (all
/// days when the calendar reaches no further).
fn delivered_by(sim: &Simulation, days: Option<f64>) -> f64 {
    let days = days.unwrap_or(f64::INFINITY);
    let (duration, passed) = (&sim.duration[..], &sim.passed[..sim.duration.len()]);
    // An index loop and a branch-free count: the size-optimised WebAssembly calls
    // iterator adapters per element.
    let mut count = 0usize;
    for t in 0..duration.len() {
        count += usize::from(passed[t] & (duration[t] <= days));
    }
    count as f64 / sim.trials.max(1) as f64
}

/// Copies `xs` into `out` (of the same length) in double precision and returns the
/// smallest and largest value.
fn widen(xs: &[f32], out: &mut [f64]) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (o, &x) in out.iter_mut().zip(xs) {
        let x = f64::from(x);
        *o = x;
        lo = if x < lo { x } else { lo };
        hi = if x > hi { x } else { hi };
    }
    (lo, hi)
}

fn task_forecasts(project: &Project, sim: &Simulation, cal: &Calendar) -> Vec<TaskForecast> {
    let plan = &sim.plan;
    // Criticality counts the detail trials' critical paths (docs/MODEL.md R83).
    let traced = sim.trials.clamp(1, DETAIL_TRIALS) as f64;
    let mut internal_of = vec![0usize; plan.n];
    for (k, &i) in plan.original.iter().enumerate() {
        internal_of[i as usize] = k;
    }
    let (mut col, mut scratch) = (Vec::new(), Vec::new());
    project
        .tasks
        .iter()
        .enumerate()
        .map(|(i, task)| {
            let k = internal_of.get(i).copied().unwrap_or(0);
            let (mut s50, mut s80, mut f50, mut f80) = (0.0, 0.0, 0.0, 0.0);
            let mut mean_effort = 0.0;
            if let Some(d) = &sim.detail {
                let starts = &d.start[k * d.rows..(k + 1) * d.rows];
                let finishes = &d.finish[k * d.rows..(k + 1) * d.rows];
                // Each column is widened once, its range found in the same pass.
                col.resize(d.rows, 0.0);
                let (lo, hi) = widen(starts, &mut col);
                let q = quantiles_within(&col, lo, hi, &[0.5, 0.8], &mut scratch);
                (s50, s80) = (q[0], q[1]);
                let (lo, hi) = widen(finishes, &mut col);
                let q = quantiles_within(&col, lo, hi, &[0.5, 0.8], &mut scratch);
                (f50, f80) = (q[0], q[1]);
                mean_effort = d.effort_sum[k] / d.rows.max(1) as f64;
            }
            TaskForecast {
                id: task.id,
                name: task.name.clone(),
                criticality: clean(f64::from(sim.critical.get(k).copied().unwrap_or(0)) / traced),
                start_p50: clean(s50),
                start_p80: clean(s80),
                finish_p50: clean(f50),
                finish_p80: clean(f80),
                start_date_p50: cal.start_date(s50),
                finish_date_p50: cal.finish_date(f50),
                finish_date_p80: cal.finish_date(f80),
                mean_effort: clean(mean_effort),
            }
        })
        .collect()
}

fn sensitivity(project: &Project, sim: &Simulation) -> Sensitivity {
    let Some(d) = &sim.detail else {
        return Sensitivity::default();
    };
    let rows = d.rows.min(DETAIL_TRIALS);
    let dur = CentredRanks::of(&sim.duration[..rows]);
    let cost = CentredRanks::of(&sim.cost[..rows]);
    let mut by_duration = Vec::new();
    let mut by_cost = Vec::new();
    for (i, input) in d.inputs.iter().enumerate() {
        let scores = &d.scores[i * d.rows..i * d.rows + rows];
        let (rd, mut rc) = rank_correlation(scores, &dur, &cost);
        let (input, name) = match *input {
            InputKind::Task(ti) => {
                let t = &project.tasks[ti];
                if t.kind == TaskKind::Wait {
                    // A wait's length moves no cost: any correlation is noise.
                    rc = 0.0;
                }
                (DriverRef::Task(t.id), t.name.clone())
            }
            InputKind::Factor(f) => (DriverRef::Factor(f), factor_name(f).to_owned()),
            InputKind::Risk(ri) => {
                let r = &project.risks[ri];
                (DriverRef::Risk(r.id), r.title.clone())
            }
        };
        if rd != 0.0 {
            by_duration.push(Driver {
                input,
                name: name.clone(),
                rho: rd,
            });
        }
        if rc != 0.0 {
            by_cost.push(Driver {
                input,
                name,
                rho: rc,
            });
        }
    }
    let order = |a: &Driver, b: &Driver| a.rho.abs() > b.rho.abs();
    crate::sort::sort_by(&mut by_duration, order);
    crate::sort::sort_by(&mut by_cost, order);
    Sensitivity {
        duration: by_duration,
        cost: by_cost,
        trials: rows as u32,
    }
}

/// A short name for a factor, for charts.
pub fn factor_name(f: FactorKind) -> &'static str {
    match f {
        FactorKind::ComplexData => "Complex data",
        FactorKind::BigData => "Big data",
        FactorKind::ComplexPlatform => "Complex platform",
        FactorKind::UncleanData => "Unclean data",
        FactorKind::EthicsPrivacy => "Ethics, security, privacy",
        FactorKind::ManyModels => "Many models",
        FactorKind::UnstructuredData => "Unstructured data",
        FactorKind::ComplicatedEvaluation => "Complicated evaluation",
        FactorKind::HeavyDocumentation => "Heavy documentation",
    }
}

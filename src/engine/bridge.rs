//! The bridge from the single-point plan to the confidence-level (P80) duration and
//! cost (docs/MODEL.md §21): estimate spread, each complexity factor, correlation,
//! capacity and merging, and each risk, in that order, each in days and money.
//!
//! Each step is measured by switching it on, on top of the steps before it, on the
//! same seed: every run draws the same random numbers for what it shares with the
//! others (common random numbers, R17), so a step's figure is its own effect, not
//! noise. The runs before "capacity and merging" read each trial's duration along the
//! plan's critical chain (the tasks the single-point plan's finish waits for, with the
//! people who did them there); from that step on, the whole schedule's. The steps are
//! differences of consecutive runs, so they add up to the last run minus the plan, and
//! the last run is the project itself: with the forecast's trials, the bridge ends at
//! the forecast's confidence-level duration and cost.
//!
//! A run per step is a whole simulation; [`BridgeRun`] makes them one at a time for a
//! worker that yields between them.

use super::forecast::factor_name;
use super::plan::Plan;
use super::sim::{point_chain, point_plan, run, SimOptions, Simulation};
use super::stats::{clean, quantiles_select};
use crate::model::validate::{trial_work, validate, FieldError, MAX_WORK};
use crate::model::{Correlation, FactorKind, FactorLevel, Project};
use serde::{Deserialize, Serialize};

/// Fewest trials of each run, whatever the work budget (as for §17's analyses).
pub const MIN_BRIDGE_TRIALS: u32 = 1_000;

/// A duration in working days and a cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub days: f64,
    pub cost: f64,
}

/// One step of the bridge: what switching it on adds at the confidence level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BridgeStep {
    pub label: String,
    /// The section of the page that sets it: "tasks", "factors", "forecast" (the
    /// correlation setting), "team" or "risks".
    pub section: String,
    pub days: f64,
    pub cost: f64,
}

/// The single-point plan, the steps and where they end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bridge {
    /// Trials of each run (the project's own, unless the work budget lowers them).
    pub trials: u32,
    pub confidence: f64,
    /// The single-point plan's duration and cost (R62).
    pub plan: Figure,
    pub steps: Vec<BridgeStep>,
    /// The confidence-level duration and cost of the last run: the plan plus the steps.
    pub total: Figure,
    /// The confidence-level duration and cost of the project with its correlation
    /// switched off (everything else on), when it has one.
    pub without_correlation: Option<Figure>,
}

/// How a run's duration is read.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    /// Along the plan's critical chain.
    Chain,
    /// The whole schedule.
    Schedule,
}

/// A step still to be run: its label and section, the project it runs (`None`: the
/// previous step's run, read again) and how its duration is read.
struct Pending {
    label: String,
    section: &'static str,
    project: Option<Project>,
    read: Read,
}

/// Validates the project and builds its whole bridge.
pub fn bridge(project: &Project) -> Result<Bridge, Vec<FieldError>> {
    let mut run = BridgeRun::new(project)?;
    while !run.step() {}
    Ok(run.finish())
}

/// [`bridge`] one run at a time.
pub struct BridgeRun {
    chain: Vec<super::plan::ChainLink>,
    options: SimOptions,
    confidence: f64,
    pending: Vec<Pending>,
    /// The next pending step.
    next: usize,
    /// The last run (for a step that reads it again).
    last: Option<Simulation>,
    previous: Figure,
    /// The project without its correlation, when it has one.
    uncorrelated: Option<Project>,
    out: Bridge,
}

/// The confidence-level quantile of each trial's value (R70).
fn at(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let mut v = xs.to_vec();
    quantiles_select(&mut v, &[q])[0]
}

fn figure(sim: &Simulation, read: Read, q: f64) -> Figure {
    let days = match read {
        Read::Chain => &sim.chain_duration,
        Read::Schedule => &sim.duration,
    };
    Figure {
        days: at(days, q),
        cost: at(&sim.cost, q),
    }
}

impl BridgeRun {
    /// Validates the project and lays out its steps; nothing is run yet.
    pub fn new(project: &Project) -> Result<Self, Vec<FieldError>> {
        let errors = validate(project);
        if !errors.is_empty() {
            return Err(errors);
        }
        let confidence = project.settings.confidence.clamp(0.01, 0.99);
        let plan = Plan::compile(project);
        let point = point_plan(&plan);
        let chain = point_chain(&plan);

        // The start: every task's spread, nothing else.
        let mut current = project.clone();
        current.factors.clear();
        current.risks.clear();
        current.settings.correlation = Correlation::default();
        let mut pending = vec![Pending {
            label: "Estimate spread".into(),
            section: "tasks",
            project: Some(current.clone()),
            read: Read::Chain,
        }];
        for kind in FactorKind::ALL {
            let level = project.factor_level(kind);
            let active = level != FactorLevel::No
                && project
                    .factor_rules
                    .iter()
                    .any(|r| r.factor == kind && r.multiplier(level).is_some());
            if active {
                current
                    .factors
                    .extend(project.factors.iter().filter(|a| a.factor == kind));
                pending.push(Pending {
                    label: factor_name(kind).into(),
                    section: "factors",
                    project: Some(current.clone()),
                    read: Read::Chain,
                });
            }
        }
        let correlated = !project.settings.correlation.is_off();
        if correlated {
            current.settings.correlation = project.settings.correlation;
            pending.push(Pending {
                label: "Correlation".into(),
                section: "forecast",
                project: Some(current.clone()),
                read: Read::Chain,
            });
        }
        pending.push(Pending {
            label: "Capacity and merging".into(),
            section: "team",
            project: None,
            read: Read::Schedule,
        });
        for r in &project.risks {
            current.risks.push(r.clone());
            pending.push(Pending {
                label: r.title.clone(),
                section: "risks",
                project: Some(current.clone()),
                read: Read::Schedule,
            });
        }
        let uncorrelated = correlated.then(|| {
            let mut p = project.clone();
            p.settings.correlation = Correlation::default();
            p
        });

        let runs = pending.iter().filter(|p| p.project.is_some()).count() + usize::from(correlated);
        let budget = MAX_WORK / (runs.max(1) as f64 * trial_work(project).max(1.0));
        let fit = (budget.floor().min(f64::from(u32::MAX)) as u32).max(MIN_BRIDGE_TRIALS);
        let options = SimOptions {
            trials: project.settings.trials.clamp(1, fit),
            seed: project.settings.seed,
            detail: false,
        };
        let plan_figure = Figure {
            days: clean(point.duration),
            cost: clean(point.cost),
        };
        Ok(Self {
            chain,
            confidence,
            pending,
            next: 0,
            last: None,
            previous: plan_figure,
            uncorrelated,
            out: Bridge {
                trials: options.trials,
                confidence,
                plan: plan_figure,
                steps: Vec::new(),
                total: plan_figure,
                without_correlation: None,
            },
            options,
        })
    }

    fn simulate(&self, project: &Project) -> Simulation {
        let mut plan = Plan::compile(project);
        plan.chain.clone_from(&self.chain);
        run(plan, &self.options)
    }

    /// Runs the next step (or, after the steps, the project without its correlation);
    /// true when all is done.
    pub fn step(&mut self) -> bool {
        if let Some(step) = self.pending.get(self.next) {
            if let Some(p) = &step.project {
                self.last = Some(self.simulate(p));
            }
            let now = self
                .last
                .as_ref()
                .map_or(self.previous, |sim| figure(sim, step.read, self.confidence));
            self.out.steps.push(BridgeStep {
                label: step.label.clone(),
                section: step.section.into(),
                days: clean(now.days - self.previous.days),
                cost: clean(now.cost - self.previous.cost),
            });
            self.previous = now;
            self.out.total = now;
            self.next += 1;
        } else if let Some(p) = self.uncorrelated.take() {
            let sim = self.simulate(&p);
            self.out.without_correlation = Some(figure(&sim, Read::Schedule, self.confidence));
        }
        self.next >= self.pending.len() && self.uncorrelated.is_none()
    }

    /// The bridge of the steps run so far (all of them once [`BridgeRun::step`] said so).
    pub fn finish(self) -> Bridge {
        self.out
    }
}

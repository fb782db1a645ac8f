//! The plan a user builds: projects, tasks, team, complexity factors, risks, value, and
//! the workspace of projects and ideas around them.
//!
//! Plain serialisable data with no behaviour beyond defaults and lookups. Every type
//! here is part of the stored and shared format, so field names are a compatibility
//! promise: add fields with `#[serde(default)]`, and change anything else only together
//! with a numbered migration in `crate::data`. Model types hold no signals and never
//! touch the browser.

/// Gives a fieldless enum its list of values, `ALL` (in declaration order, so
/// `value as usize` is its position), and its serde form: the name given for each
/// value. One small deserializer, [`variant_position`], serves every such enum, which
/// keeps serde's per-enum visitors out of the wasm.
macro_rules! named_values {
    ($t:ident { $($v:ident = $name:literal),+ $(,)? }) => {
        impl $t {
            /// Every value, in declaration order.
            pub const ALL: [$t; [$($name),+].len()] = [$($t::$v),+];
        }

        const _: () = {
            let mut i = 0;
            while i < $t::ALL.len() {
                assert!($t::ALL[i] as usize == i, "ALL must follow the declaration order");
                i += 1;
            }
        };

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(match self {
                    $($t::$v => $name),+
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::model::variant_position(d, &[$($name),+]).map(|i| $t::ALL[i])
            }
        }
    };
}

mod date;
pub mod experiment;
pub mod factors;
pub mod scenario;
pub mod templates;
pub mod tracking;
pub mod validate;
pub mod workspace;

pub use date::{Date, DateError};
pub use experiment::{AbTest, CanaryStep, MonitoringItem, DEFAULT_CANARY};
pub use factors::{default_factor_rules, FactorAnswer, FactorKind, FactorLevel, FactorRule};
pub use scenario::{Scenario, ScenarioError, MAX_SCENARIOS};
pub use tracking::{GateOutcome, Snapshot, TaskState, Tracking};
pub use workspace::{CriteriaWeights, Idea, IdeaSize, PortfolioSettings, Ratings, Workspace};

use serde::{Deserialize, Serialize};

/// The schema version written into every stored or exported envelope.
/// Version 2 added [`Project::revision`]; version 3 tracking ([`Project::tracking`],
/// [`Task::state`], [`FeasibilityGate::outcome`]) and reads a task's `actual` as
/// progress.
pub const SCHEMA_VERSION: u32 = 3;

/// Reads one of `names` and returns its position; anything else is serde's usual
/// "unknown variant" error, listing the names.
fn variant_position<'de, D: serde::Deserializer<'de>>(
    d: D,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    struct Names(&'static [&'static str]);
    impl serde::de::Visitor<'_> for Names {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a name")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
            let found = self.0.iter().position(|n| *n == v);
            found.ok_or_else(|| E::unknown_variant(v, self.0))
        }
    }
    d.deserialize_str(Names(names))
}

/// Identifier of a task or role within one project.
pub type Id = u32;

/// CRISP-DM phases plus operations, in the order work normally flows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    #[default]
    BusinessUnderstanding,
    DataUnderstanding,
    DataPreparation,
    Modelling,
    Evaluation,
    Deployment,
    Monitoring,
}

named_values!(Phase {
    BusinessUnderstanding = "business_understanding",
    DataUnderstanding = "data_understanding",
    DataPreparation = "data_preparation",
    Modelling = "modelling",
    Evaluation = "evaluation",
    Deployment = "deployment",
    Monitoring = "monitoring",
});

impl Phase {
    /// The phase's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Phase::BusinessUnderstanding => "Business understanding",
            Phase::DataUnderstanding => "Data understanding",
            Phase::DataPreparation => "Data preparation",
            Phase::Modelling => "Modelling",
            Phase::Evaluation => "Evaluation",
            Phase::Deployment => "Deployment",
            Phase::Monitoring => "Monitoring & maintenance",
        }
    }

    /// Position in [`Phase::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Delivery stages from the "maximum ROI" guide; forecasts are read cumulatively.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    #[default]
    Mvp,
    Growth,
    Maturity,
}

named_values!(Stage {
    Mvp = "mvp",
    Growth = "growth",
    Maturity = "maturity",
});

impl Stage {
    /// The stage's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Mvp => "MVP",
            Stage::Growth => "Growth",
            Stage::Maturity => "Maturity",
        }
    }

    /// Position in [`Stage::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How a task's effort is spread between its optimistic and pessimistic values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Distribution {
    /// Beta-PERT with mean (a + 4m + b) / 6.
    #[default]
    Pert,
    Triangular,
    Uniform,
    /// Always the most likely value.
    Fixed,
}

named_values!(Distribution {
    Pert = "pert",
    Triangular = "triangular",
    Uniform = "uniform",
    Fixed = "fixed",
});

impl Distribution {
    /// The distribution's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Distribution::Pert => "PERT",
            Distribution::Triangular => "Triangular",
            Distribution::Uniform => "Uniform",
            Distribution::Fixed => "Fixed",
        }
    }
}

/// What a task is: work done by a role, or a wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TaskKind {
    /// Effort in person-days, done by the task's role (every task before waits existed).
    #[default]
    Work,
    /// Calendar time with no effort (an A/B test running, an approval, a vendor's
    /// turnaround): its three-point estimate is a duration in working days; it holds
    /// its successors but takes no one's time and costs nothing (docs/MODEL.md §24).
    Wait,
}

named_values!(TaskKind {
    Work = "work",
    Wait = "wait",
});

/// A three-point estimate: optimistic ≤ most likely ≤ pessimistic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThreePoint {
    pub optimistic: f64,
    pub most_likely: f64,
    pub pessimistic: f64,
}

impl ThreePoint {
    /// A three-point estimate from its three values.
    pub const fn new(optimistic: f64, most_likely: f64, pessimistic: f64) -> Self {
        Self {
            optimistic,
            most_likely,
            pessimistic,
        }
    }

    /// A degenerate estimate with all three values equal.
    pub const fn exactly(value: f64) -> Self {
        Self::new(value, value, value)
    }
}

/// One unit of work, done by one role, or a wait.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: Id,
    pub name: String,
    pub phase: Phase,
    pub stage: Stage,
    /// The [`Role::id`] of the role that does it (a wait's is not read).
    pub role: Id,
    /// Effort in person-days; a wait's duration in working days.
    pub effort: ThreePoint,
    #[serde(default)]
    pub distribution: Distribution,
    /// Work (the default, so tasks stored before waits existed are work) or a wait.
    #[serde(default)]
    pub kind: TaskKind,
    /// Finish-to-start predecessors, by [`Task::id`].
    #[serde(default)]
    pub depends_on: Vec<Id>,
    /// Where it stands on the status date (not started when absent).
    #[serde(default, skip_serializing_if = "TaskState::is_not_started")]
    pub state: TaskState,
    /// Actual effort in person-days (a wait's: working days): all of it once done,
    /// what was spent so far while in progress.
    #[serde(default)]
    pub actual: Option<f64>,
    /// While in progress: the effort (a wait's duration) still to do, from the status
    /// date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<ThreePoint>,
    /// Once done: the day it finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<Date>,
}

/// A kind of person on the team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub id: Id,
    pub name: String,
    /// Full-time equivalents; fractional values are allowed.
    pub headcount: f64,
    /// Cost of one person-day, in the project's currency.
    pub day_rate: f64,
}

/// A one-off cost that does not depend on effort (data purchase, licences, hardware).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixedCost {
    pub name: String,
    pub amount: f64,
    pub stage: Stage,
}

/// Where a risk's schedule impact lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum RiskTarget {
    /// The work tasks of a phase.
    Phase(Phase),
    /// One task (work or wait).
    Task(Id),
    /// The work tasks done by a role ([`Role::id`]).
    Role(Id),
}

/// What a risk's schedule impact measures (docs/MODEL.md R146).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScheduleUnit {
    /// Extra person-days (a wait's: working days), spread over the targets (every risk
    /// before risk drivers).
    #[default]
    Days,
    /// A percentage of each targeted task's sampled effort (a risk driver).
    Percent,
}

named_values!(ScheduleUnit {
    Days = "days",
    Percent = "percent",
});

impl ScheduleUnit {
    /// Whether it is [`ScheduleUnit::Days`], the default, which is not written.
    pub fn is_days(&self) -> bool {
        *self == ScheduleUnit::Days
    }
}

/// Where a risk stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RiskStatus {
    #[default]
    Open,
    Mitigated,
    Closed,
    Occurred,
}

named_values!(RiskStatus {
    Open = "open",
    Mitigated = "mitigated",
    Closed = "closed",
    Occurred = "occurred",
});

/// What a risk's owner can do about it, and whether the plan includes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mitigation {
    pub description: String,
    /// One-off money spent on the mitigation.
    pub cost: f64,
    /// Person-days the mitigation itself takes.
    pub effort: f64,
    /// Probability of the risk once mitigated.
    pub probability_after: f64,
    /// Share of the impact removed when the risk still fires (0–1).
    pub impact_reduction: f64,
    pub adopted: bool,
}

/// An entry in the risk register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    pub id: Id,
    pub title: String,
    pub category: String,
    /// Chance the risk fires in a given run of the project (0–1).
    pub probability: f64,
    /// Extra effort when it fires: person-days, or with [`Risk::schedule_unit`]
    /// `Percent` a percentage of each targeted task's effort.
    pub schedule_impact: ThreePoint,
    /// The first (usually the only) target.
    pub target: RiskTarget,
    /// Further targets beside [`Risk::target`] (a risk driver's; none when absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_targets: Vec<RiskTarget>,
    /// What [`Risk::schedule_impact`] measures (days when absent).
    #[serde(default, skip_serializing_if = "ScheduleUnit::is_days")]
    pub schedule_unit: ScheduleUnit,
    /// Extra money when it fires.
    pub cost_impact: ThreePoint,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub status: RiskStatus,
    #[serde(default)]
    pub mitigation: Mitigation,
}

impl Risk {
    /// Whether the mitigation is in effect: adopted in the plan, or the risk is marked
    /// mitigated (which says the mitigation has been carried out).
    pub fn mitigation_in_effect(&self) -> bool {
        self.mitigation.adopted || self.status == RiskStatus::Mitigated
    }

    /// Every target: [`Risk::target`], then [`Risk::more_targets`].
    pub fn targets(&self) -> impl Iterator<Item = RiskTarget> + '_ {
        std::iter::once(self.target).chain(self.more_targets.iter().copied())
    }

    /// Whether the risk is a plain one, as before risk drivers: one phase or task
    /// target and an impact in days (docs/MODEL.md R43, R146).
    pub fn is_plain(&self) -> bool {
        self.more_targets.is_empty()
            && self.schedule_unit.is_days()
            && !matches!(self.target, RiskTarget::Role(_))
    }
}

/// The go / no-go decision: does the model reach the minimum performance by the end
/// of the MVP's Evaluation phase?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeasibilityGate {
    pub enabled: bool,
    /// Probability that the model reaches the minimum performance (0–1).
    pub probability: f64,
    /// Once evaluated, passed or failed; until then the probability decides.
    #[serde(default, skip_serializing_if = "GateOutcome::is_pending")]
    pub outcome: GateOutcome,
}

impl Default for FeasibilityGate {
    fn default() -> Self {
        Self {
            enabled: false,
            probability: 0.8,
            outcome: GateOutcome::Pending,
        }
    }
}

/// What kind of benefit the project delivers (Thompson's list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BenefitKind {
    #[default]
    Revenue,
    CostSaving,
    CycleTime,
    PeopleIntensity,
    CustomerExperience,
}

named_values!(BenefitKind {
    Revenue = "revenue",
    CostSaving = "cost_saving",
    CycleTime = "cycle_time",
    PeopleIntensity = "people_intensity",
    CustomerExperience = "customer_experience",
});

/// The money side of a project, used for prioritisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueModel {
    /// Benefit per year at full adoption.
    pub annual_benefit: ThreePoint,
    pub kind: BenefitKind,
    pub ramp_up_months: f64,
    pub horizon_years: f64,
    /// Annual discount rate (0.08 = 8%).
    pub discount_rate: f64,
    pub run_cost_per_year: f64,
    pub data_cost: f64,
    pub error_cost_per_year: f64,
}

impl Default for ValueModel {
    fn default() -> Self {
        Self {
            annual_benefit: ThreePoint::default(),
            kind: BenefitKind::default(),
            ramp_up_months: 6.0,
            horizon_years: 3.0,
            discount_rate: 0.08,
            run_cost_per_year: 0.0,
            data_cost: 0.0,
            error_cost_per_year: 0.0,
        }
    }
}

/// How fresh predictions must be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Freshness {
    RealTime,
    Hourly,
    #[default]
    Daily,
}

named_values!(Freshness {
    RealTime = "real_time",
    Hourly = "hourly",
    Daily = "daily",
});

/// Business requirements translated into technical ones, and what serving them costs
/// (see `engine::sizing`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Requirements {
    pub requests_per_day: f64,
    pub peak_to_average: f64,
    pub users: f64,
    pub latency_p95_ms: f64,
    pub freshness: Freshness,
    pub model_time_ms: f64,
    pub metric: String,
    pub minimum_performance: f64,
    /// Busiest share of its time a model instance may be kept busy at peak (0–1].
    #[serde(default = "default_utilisation")]
    pub target_utilisation: f64,
    /// Cost of one model instance for an hour, in the project's currency.
    #[serde(default)]
    pub instance_cost_per_hour: f64,
    /// Monitoring and alerting per year (tools, on-call), in the project's currency.
    #[serde(default)]
    pub monitoring_cost_per_year: f64,
    /// Retraining per year (compute, labelling, review), in the project's currency.
    #[serde(default)]
    pub retraining_cost_per_year: f64,
    /// Whether the value model's run cost is the sizing's annual run cost instead of
    /// [`ValueModel::run_cost_per_year`].
    #[serde(default)]
    pub run_cost_from_sizing: bool,
}

/// The default [`Requirements::target_utilisation`].
pub const DEFAULT_UTILISATION: f64 = 0.7;

fn default_utilisation() -> f64 {
    DEFAULT_UTILISATION
}

impl Default for Requirements {
    fn default() -> Self {
        Self {
            requests_per_day: 0.0,
            peak_to_average: 3.0,
            users: 0.0,
            latency_p95_ms: 200.0,
            freshness: Freshness::default(),
            model_time_ms: 20.0,
            metric: String::new(),
            minimum_performance: 0.0,
            target_utilisation: DEFAULT_UTILISATION,
            instance_cost_per_hour: 0.0,
            monitoring_cost_per_year: 0.0,
            retraining_cost_per_year: 0.0,
            run_cost_from_sizing: false,
        }
    }
}

/// A stage gate with its go / no-go criteria.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub name: String,
    pub stage: Stage,
    pub criteria: String,
}

/// Success metrics, milestones, monitoring and experiment plans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanItems {
    pub success_metrics: Vec<String>,
    pub milestones: Vec<Milestone>,
    /// The monitoring plan in words.
    pub monitoring: String,
    /// The experiment plan in words.
    pub experiment: String,
    /// The A/B test's inputs, sized by `engine::abtest`.
    #[serde(default)]
    pub ab_test: AbTest,
    /// The canary roll-out's steps (0 to 20; none means no canary is planned).
    #[serde(default = "experiment::default_canary")]
    pub canary: Vec<CanaryStep>,
    /// The monitoring checklist's checked items, each at most once.
    #[serde(default)]
    pub monitoring_checked: Vec<MonitoringItem>,
}

impl Default for PlanItems {
    fn default() -> Self {
        Self {
            success_metrics: Vec::new(),
            milestones: Vec::new(),
            monitoring: String::new(),
            experiment: String::new(),
            ab_test: AbTest::default(),
            canary: experiment::default_canary(),
            monitoring_checked: Vec::new(),
        }
    }
}

/// How the forecast is run and read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimSettings {
    pub trials: u32,
    pub seed: u64,
    /// Confidence used for the headline and the contingency (0.8 = P80).
    pub confidence: f64,
    pub target_date: Option<Date>,
    pub target_budget: Option<f64>,
    /// How strongly task estimates move together (both 0, independent, when absent).
    #[serde(default, skip_serializing_if = "Correlation::is_off")]
    pub correlation: Correlation,
}

/// How strongly the estimates of tasks move together, as Spearman rank correlations
/// between two tasks' efforts: `within_phase` for two tasks of one phase,
/// `within_role` for two tasks of one role (docs/MODEL.md §19). Each is 0 to
/// [`Correlation::MAX`], and so is their sum, so that every task keeps a spread of its
/// own; 0 and 0 is the engine's rule before correlation existed: independent tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Correlation {
    #[serde(default)]
    pub within_phase: f64,
    #[serde(default)]
    pub within_role: f64,
}

impl Correlation {
    /// The largest setting, and the largest sum of the two.
    pub const MAX: f64 = 0.95;

    /// Whether the tasks are independent (both settings 0).
    pub fn is_off(&self) -> bool {
        self.within_phase == 0.0 && self.within_role == 0.0
    }
}

impl SimSettings {
    /// Default number of Monte Carlo trials.
    pub const DEFAULT_TRIALS: u32 = 50_000;
    /// Fewest trials the page accepts.
    pub const MIN_TRIALS: u32 = 1_000;
    /// Most trials the page accepts.
    pub const MAX_TRIALS: u32 = 1_000_000;
}

impl Default for SimSettings {
    fn default() -> Self {
        Self {
            trials: Self::DEFAULT_TRIALS,
            seed: 1,
            confidence: 0.8,
            target_date: None,
            target_budget: None,
            correlation: Correlation::default(),
        }
    }
}

/// How many times a project has been saved (stored as a plain number). Its only
/// arithmetic is [`Revision::next`], which saturates, so counting saves can never wrap
/// back to a revision older than one another tab has seen. A project that arrives from
/// a file, a link or a copy starts again at [`Revision::FRESH`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Revision(u64);

impl Revision {
    /// The revision of a project never saved yet.
    pub const FRESH: Self = Self(0);

    /// The revision numbered `n`.
    pub const fn new(n: u64) -> Self {
        Self(n)
    }

    /// The number of saves it counts.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The revision after one more save; the last one stays the last.
    #[must_use]
    pub const fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl PartialEq<u64> for Revision {
    fn eq(&self, other: &u64) -> bool {
        self.0 == *other
    }
}

/// One ML project (or a candidate use case) and everything needed to forecast it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISO 4217 code, e.g. "EUR".
    pub currency: String,
    pub start_date: Date,
    /// Working days per week, counted from Monday (5 = Monday to Friday).
    pub working_days_per_week: u8,
    #[serde(default)]
    pub holidays: Vec<Date>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub team: Vec<Role>,
    #[serde(default)]
    pub fixed_costs: Vec<FixedCost>,
    #[serde(default)]
    pub factors: Vec<FactorAnswer>,
    #[serde(default = "default_factor_rules")]
    pub factor_rules: Vec<FactorRule>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub gate: FeasibilityGate,
    #[serde(default)]
    pub value: ValueModel,
    #[serde(default)]
    pub requirements: Requirements,
    #[serde(default)]
    pub plan: PlanItems,
    #[serde(default)]
    pub settings: SimSettings,
    /// The status date, the tasks' progress is on the tasks; the baseline and the
    /// snapshots of each recorded status.
    #[serde(default, skip_serializing_if = "Tracking::is_off")]
    pub tracking: Tracking,
    /// Named what-ifs, each a copy of the plan as it would be (at most
    /// [`MAX_SCENARIOS`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
    /// Milliseconds since the Unix epoch of the last edit.
    #[serde(default)]
    pub updated_at: f64,
    /// How many times the project has been saved: a tab writes only when the stored
    /// revision is the one it last saw, so it never overwrites another tab's newer edit.
    pub revision: Revision,
}

impl Project {
    /// An empty project with sensible defaults, starting on `start_date`.
    pub fn new(id: impl Into<String>, name: impl Into<String>, start_date: Date) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            currency: "EUR".into(),
            start_date,
            working_days_per_week: 5,
            holidays: Vec::new(),
            tasks: Vec::new(),
            team: Vec::new(),
            fixed_costs: Vec::new(),
            factors: Vec::new(),
            factor_rules: default_factor_rules(),
            risks: Vec::new(),
            gate: FeasibilityGate::default(),
            value: ValueModel::default(),
            requirements: Requirements::default(),
            plan: PlanItems::default(),
            settings: SimSettings::default(),
            tracking: Tracking::default(),
            scenarios: Vec::new(),
            updated_at: 0.0,
            revision: Revision::default(),
        }
    }

    /// The role with this id.
    pub fn role(&self, id: Id) -> Option<&Role> {
        self.team.iter().find(|r| r.id == id)
    }

    /// The task with this id.
    pub fn task(&self, id: Id) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// The positions in [`Project::tasks`] of the tasks a risk's targets name (R146):
    /// a task target's task (work or wait), and the work tasks of a phase or role
    /// target; each once, in list order.
    pub fn targeted_tasks(&self, risk: &Risk) -> Vec<usize> {
        (0..self.tasks.len())
            .filter(|&i| {
                let t = &self.tasks[i];
                let work = t.kind == TaskKind::Work;
                risk.targets().any(|target| match target {
                    RiskTarget::Task(id) => t.id == id,
                    RiskTarget::Phase(ph) => work && t.phase == ph,
                    RiskTarget::Role(id) => work && t.role == id,
                })
            })
            .collect()
    }

    /// The answer given for a factor (No when unanswered).
    pub fn factor_level(&self, factor: FactorKind) -> FactorLevel {
        self.factors
            .iter()
            .find(|a| a.factor == factor)
            .map_or(FactorLevel::No, |a| a.level)
    }

    /// An id not yet used by any task.
    pub fn next_task_id(&self) -> Id {
        free_id(self.tasks.iter().map(|t| t.id))
    }

    /// An id not yet used by any role.
    pub fn next_role_id(&self) -> Id {
        free_id(self.team.iter().map(|r| r.id))
    }

    /// An id not yet used by any risk.
    pub fn next_risk_id(&self) -> Id {
        free_id(self.risks.iter().map(|r| r.id))
    }
}

/// An id none of `used` has: one more than the largest, or when that is [`Id::MAX`],
/// the smallest free id from 1 (a list never holds every id), so it never wraps to an
/// id in use.
fn free_id(used: impl Iterator<Item = Id> + Clone) -> Id {
    match used.clone().max() {
        None => 1,
        Some(max) => max.checked_add(1).unwrap_or_else(|| {
            (1..Id::MAX)
                .find(|id| used.clone().all(|u| u != *id))
                .unwrap_or(0)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Debug;

    /// The stored name of every value is what serde's `rename_all = "snake_case"` wrote
    /// before (for idea sizes: the variant's own name), and it reads back.
    fn names_round_trip<T>(all: &[T], snake: bool)
    where
        T: Debug + PartialEq + Serialize + for<'de> Deserialize<'de>,
    {
        for value in all {
            let debug = format!("{value:?}");
            let mut expected = String::new();
            for (i, ch) in debug.chars().enumerate() {
                if snake && ch.is_ascii_uppercase() && i > 0 {
                    expected.push('_');
                }
                expected.push(if snake { ch.to_ascii_lowercase() } else { ch });
            }
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(json, format!("\"{expected}\""));
            assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value);
        }
        let err = serde_json::from_str::<T>("\"nonsense\"").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("unknown variant `nonsense`, expected one of"));
        assert!(serde_json::from_str::<T>("3").is_err());
    }

    #[test]
    fn a_new_id_never_wraps_to_one_in_use() {
        // Protects task, role and risk ids from a duplicate after id u32::MAX.
        let mut p = Project::new("p", "P", Date::from_days(0));
        assert_eq!(p.next_task_id(), 1);
        let task = |id| Task {
            id,
            name: "T".into(),
            phase: Phase::Modelling,
            stage: Stage::Mvp,
            role: 1,
            effort: ThreePoint::new(1.0, 2.0, 3.0),
            distribution: Distribution::Pert,
            kind: TaskKind::Work,
            depends_on: Vec::new(),
            ..Default::default()
        };
        p.tasks = [7, 1].map(task).to_vec();
        assert_eq!(p.next_task_id(), 8);
        p.tasks = [Id::MAX, 1, 3, 2, 5].map(task).to_vec();
        assert_eq!(p.next_task_id(), 4);
        p.team = vec![Role {
            id: Id::MAX,
            name: "R".into(),
            headcount: 1.0,
            day_rate: 1.0,
        }];
        assert_eq!(p.next_role_id(), 1);
    }

    #[test]
    fn the_revision_count_saturates_instead_of_wrapping() {
        // Protects the two-tab guard: the revision after the last one is never 0.
        let last = Revision::new(u64::MAX);
        assert_eq!(last.next(), last);
        assert!(last.next() > Revision::new(u64::MAX - 1));
        assert_eq!(Revision::FRESH.next(), 1);
        assert_eq!(
            serde_json::to_string(&last).unwrap(),
            "18446744073709551615"
        );
    }

    #[test]
    fn named_values_keep_their_stored_names() {
        names_round_trip(&FactorKind::ALL, true);
        names_round_trip(&FactorLevel::ALL, true);
        names_round_trip(&Phase::ALL, true);
        names_round_trip(&Stage::ALL, true);
        names_round_trip(&Distribution::ALL, true);
        names_round_trip(&RiskStatus::ALL, true);
        names_round_trip(&BenefitKind::ALL, true);
        names_round_trip(&Freshness::ALL, true);
        names_round_trip(&IdeaSize::ALL, false);
        let names = TaskKind::ALL.map(|k| serde_json::to_string(&k).unwrap());
        assert_eq!(names.join(" "), r#""work" "wait""#);
        let names = ScheduleUnit::ALL.map(|u| serde_json::to_string(&u).unwrap());
        assert_eq!(names.join(" "), r#""days" "percent""#);
        assert_eq!(
            serde_json::from_str::<ScheduleUnit>(r#""percent""#).unwrap(),
            ScheduleUnit::Percent
        );
        let names = MonitoringItem::ALL.map(|i| serde_json::to_string(&i).unwrap());
        assert_eq!(
            names.join(" "),
            r#""data-drift" "concept-drift" "failures" "fallback-actions" "retraining-triggers""#
        );
    }
}

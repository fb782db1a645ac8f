//! The plan for testing in production, as stored: the A/B test's inputs, the canary
//! roll-out's steps and which items of the monitoring checklist are checked.
//!
//! `engine::abtest` sizes the test and the roll-out from these and makes each a wait
//! task (docs/MODEL.md §23–§24); `engine::sizing` turns checked monitoring items into
//! tasks. Every field has a default, so projects stored before these existed load.

use serde::{Deserialize, Serialize};

/// An A/B test to size: a rate (`sd` is `None`) or a mean with standard deviation `sd`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbTest {
    /// The business metric the arms are compared on (“conversion”), for the task's
    /// name; the sizing does not read it.
    #[serde(default)]
    pub metric: String,
    /// The control's rate (0–1) or, for a continuous metric, its mean.
    pub baseline: f64,
    /// The smallest effect worth detecting: a difference in the metric's units, or a
    /// share of the baseline when `relative`.
    pub mde: f64,
    pub relative: bool,
    /// Significance level (the false-positive rate), in (0, 1).
    pub alpha: f64,
    /// Chance of detecting an effect of the minimum size, in (0, 1).
    pub power: f64,
    pub two_sided: bool,
    /// Share of all traffic that enters the test, split evenly between the two arms.
    pub traffic_share: f64,
    /// Users or requests per calendar day, to work out the days the test takes.
    pub daily_traffic: Option<f64>,
    /// Standard deviation of a continuous metric; `None` for a rate.
    pub sd: Option<f64>,
}

impl Default for AbTest {
    fn default() -> Self {
        Self {
            metric: String::new(),
            baseline: 0.1,
            mde: 0.02,
            relative: false,
            alpha: 0.05,
            power: 0.8,
            two_sided: true,
            traffic_share: 1.0,
            daily_traffic: None,
            sd: None,
        }
    }
}

/// Most steps a canary plan may have.
pub const MAX_CANARY_STEPS: usize = 20;

/// One step of a canary roll-out: the share of traffic on the new model, and how many
/// calendar days it stays there before the next step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CanaryStep {
    pub share: f64,
    pub days: f64,
}

/// A usual canary: 1% for a day, 5% for a day, 25% for two days, 50% for two days,
/// then everyone.
pub const DEFAULT_CANARY: [CanaryStep; 4] = [
    CanaryStep {
        share: 0.01,
        days: 1.0,
    },
    CanaryStep {
        share: 0.05,
        days: 1.0,
    },
    CanaryStep {
        share: 0.25,
        days: 2.0,
    },
    CanaryStep {
        share: 0.5,
        days: 2.0,
    },
];

/// The stored canary plan of a project that has none yet: [`DEFAULT_CANARY`].
pub fn default_canary() -> Vec<CanaryStep> {
    DEFAULT_CANARY.to_vec()
}

/// An item of the monitoring plan's checklist (`engine::sizing::MONITORING_CHECKLIST`
/// says what each watches for and the task it becomes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MonitoringItem {
    DataDrift,
    ConceptDrift,
    Failures,
    FallbackActions,
    RetrainingTriggers,
}

named_values!(MonitoringItem {
    DataDrift = "data-drift",
    ConceptDrift = "concept-drift",
    Failures = "failures",
    FallbackActions = "fallback-actions",
    RetrainingTriggers = "retraining-triggers",
});

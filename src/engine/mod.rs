//! The Monte Carlo forecasting engine: plain Rust, no browser types, deterministic for a
//! given seed and bit-identical natively and in WebAssembly.
//!
//! The pipeline is [`validate`] → [`plan::Plan`]
//! (flat arrays) → [`sim::run`] (trials) → [`forecast::build`] (statistics). Randomness
//! comes only from the seed passed in; transcendental functions come from
//! [`dist`]'s own basic-arithmetic implementations, never from the platform's maths
//! library, so every target computes the same bits.
//!
//! Entry points: [`forecast()`] for the page (its [`Forecast::value`] is the project's
//! [`value`] summary), [`simulate`] for per-trial results, [`portfolio()`] to rank a
//! workspace's projects and ideas, and [`analysis`] for what each factor adds, risk
//! exposure and what each mitigation is worth; [`sizing::size`] sizes a project's
//! serving (mode, instances, run cost, implied tasks) and [`abtest::size`] an A/B
//! test, both without simulation; [`abtest::experiment_wait_task`],
//! [`abtest::canary_wait_task`] and [`sizing::monitoring_tasks`] make the stored
//! experiment's tasks. [`ForecastRun`] makes the same forecast
//! as [`forecast_with`] in slices of trials (a worker yields between them, drops a
//! superseded job and shows a preview of the trials so far); `forecast_with` is one
//! run through it, so both give the same numbers.

// Comparisons are often written `!(x > 0.0)` on purpose: unlike `x <= 0.0`, that is
// also true for NaN, which is how the engine keeps a stray NaN from slipping through.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod abtest;
pub mod analysis;
pub mod bench;
pub mod bridge;
pub mod calendar;
pub mod calibration;
pub mod copula;
pub mod dist;
pub mod forecast;
pub mod plan;
pub mod portfolio;
pub mod rng;
pub mod sim;
pub mod sizing;
pub mod stats;
pub mod value;

pub use analysis::{
    factor_impacts, mitigation_worth, phase_multipliers, risk_exposures, risks_without_tasks,
    FactorImpact, MitigationWorth, RiskExposure,
};
pub use bench::{bench_cases, generate_bench_plan};
pub use bridge::{bridge, Bridge, BridgeRun, BridgeStep, Figure};
pub use forecast::{
    Contingency, DateSummary, Driver, DriverRef, Forecast, ForecastRun, FrontierPoint,
    GateForecast, Joint, PlanFigure, ScatterPoint, Sensitivity, StageForecast, TaskForecast,
    ENGINE_VERSION,
};
pub use portfolio::{criteria_score, portfolio, EntryKind, Portfolio, PortfolioEntry, Quadrant};
pub use sim::{SimOptions, Simulation};
pub use stats::{Bin, CurvePoint, Summary};
pub use value::ValueForecast;

use crate::model::validate::{validate, FieldError};
use crate::model::Project;

/// Validates the project and forecasts it with its own trials and seed.
pub fn forecast(project: &Project) -> Result<Forecast, Vec<FieldError>> {
    forecast_with(project, project.settings.trials, project.settings.seed)
}

/// Validates the project and forecasts it with the given trials and seed (trials are
/// clamped to at least 1; the page's limits are enforced by validation of the settings).
pub fn forecast_with(
    project: &Project,
    trials: u32,
    seed: u64,
) -> Result<Forecast, Vec<FieldError>> {
    Ok(ForecastRun::new(project, trials, seed)?.finish())
}

/// Validates the project and runs its trials, returning every trial's results.
pub fn simulate(project: &Project, options: &SimOptions) -> Result<Simulation, Vec<FieldError>> {
    let errors = validate(project);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(sim::run(plan::Plan::compile(project), options))
}

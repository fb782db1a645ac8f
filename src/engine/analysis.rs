//! Analyses built on the engine: what each complexity factor adds to the forecast, risk
//! exposure with its 5×5 matrix, and what each mitigation is worth.
//!
//! The with/without comparisons run the same seed twice. Because every trial draws its
//! random numbers in a fixed order whatever the inputs (see [`super::sim`]), the two
//! runs differ only by the input in question, so differences are far less noisy than
//! two independent forecasts would be. They use at most [`ANALYSIS_TRIALS`] trials each
//! to keep the page responsive.

use super::dist::Sampler;
use super::plan::{finite, Plan};
use super::sim::{run, SimOptions, Simulation, MAX_PHASE_MULTIPLIER};
use super::stats::{clean, mean, quantiles_select};
use crate::model::validate::{trial_work, validate, FieldError, MAX_WORK};
use crate::model::{
    FactorKind, FactorLevel, Id, Phase, Project, Risk, RiskStatus, RiskTarget, ScheduleUnit, Task,
    TaskKind, ThreePoint,
};
use serde::{Deserialize, Serialize};

/// Most trials of each run in a with/without comparison.
pub const ANALYSIS_TRIALS: u32 = 10_000;

/// Fewest trials of each run of an analysis, whatever the work budget.
pub const MIN_ANALYSIS_TRIALS: u32 = 1_000;

/// The runs of an analysis of `runs` simulations: the project's trials, at most
/// [`ANALYSIS_TRIALS`], and for a large plan at most what keeps the whole analysis
/// within the forecast's work limit ([`MAX_WORK`]), though never below
/// [`MIN_ANALYSIS_TRIALS`].
fn analysis_options(project: &Project, runs: usize) -> SimOptions {
    let budget = MAX_WORK / (runs.max(1) as f64 * trial_work(project).max(1.0));
    let fit = (budget.floor().min(f64::from(ANALYSIS_TRIALS)) as u32).max(MIN_ANALYSIS_TRIALS);
    SimOptions {
        trials: project.settings.trials.clamp(1, ANALYSIS_TRIALS.min(fit)),
        seed: project.settings.seed,
        detail: false,
    }
}

fn check(project: &Project) -> Result<(), Vec<FieldError>> {
    let errors = validate(project);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What one answered factor adds to the forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorImpact {
    pub factor: FactorKind,
    pub level: FactorLevel,
    /// Working days the factor adds to P50 and P80 of duration.
    pub duration_p50_added: f64,
    pub duration_p80_added: f64,
    /// Money the factor adds to P50 and P80 of cost.
    pub cost_p50_added: f64,
    pub cost_p80_added: f64,
}

fn p50_p80(xs: &[f64]) -> (f64, f64) {
    let mut v = xs.to_vec();
    let q = quantiles_select(&mut v, &[0.5, 0.8]);
    (q[0], q[1])
}

/// Each phase's combined factor multiplier at the most likely values, in
/// [`Phase::ALL`] order: 1 + Σ(mode − 1) over the answered factors that affect it, at
/// most [`MAX_PHASE_MULTIPLIER`] (the trial loop applies the same rule to each trial's
/// sampled multipliers).
pub fn phase_multipliers(project: &Project) -> Vec<(Phase, f64)> {
    Phase::ALL
        .iter()
        .map(|&phase| {
            let excess: f64 = project
                .factor_rules
                .iter()
                .filter(|r| r.phases.contains(&phase))
                .filter_map(|r| r.multiplier(project.factor_level(r.factor)))
                .map(|m| finite(m.most_likely) - 1.0)
                .sum();
            (phase, (1.0 + excess).min(MAX_PHASE_MULTIPLIER))
        })
        .collect()
}

/// The risks aimed at a phase that has no task (with that phase): when one fires, its
/// extra effort and cost are counted, but there is no task to delay, so it cannot
/// move the finish.
pub fn risks_without_tasks(project: &Project) -> Vec<(&crate::model::Risk, Phase)> {
    project
        .risks
        .iter()
        .filter_map(|r| match r.target {
            RiskTarget::Phase(phase)
                if r.more_targets.is_empty()
                    && !project
                        .tasks
                        .iter()
                        .any(|t| t.phase == phase && t.kind == TaskKind::Work) =>
            {
                Some((r, phase))
            }
            _ => None,
        })
        .collect()
}

/// For every factor answered Some or Yes, the difference between the forecast with all
/// factors and the forecast with that one factor answered No (same seed, at most
/// [`ANALYSIS_TRIALS`] trials). The factors of a phase add their excess up to a cap
/// (see [`phase_multipliers`]) and phases overlap in the schedule, so the individual
/// figures need not add up to the combined effect.
pub fn factor_impacts(project: &Project) -> Result<Vec<FactorImpact>, Vec<FieldError>> {
    check(project)?;
    let active: Vec<FactorKind> = FactorKind::ALL
        .into_iter()
        .filter(|&kind| {
            let level = project.factor_level(kind);
            project
                .factor_rules
                .iter()
                .any(|r| r.factor == kind && r.multiplier(level).is_some())
        })
        .collect();
    let options = analysis_options(project, 1 + active.len());
    let base = run(Plan::compile(project), &options);
    let (bd50, bd80) = p50_p80(&base.duration);
    let (bc50, bc80) = p50_p80(&base.cost);
    let mut out = Vec::new();
    for kind in active {
        let level = project.factor_level(kind);
        let without = run(Plan::compile_with(project, Some(kind)), &options);
        let (d50, d80) = p50_p80(&without.duration);
        let (c50, c80) = p50_p80(&without.cost);
        out.push(FactorImpact {
            factor: kind,
            level,
            duration_p50_added: clean(bd50 - d50),
            duration_p80_added: clean(bd80 - d80),
            cost_p50_added: clean(bc50 - c50),
            cost_p80_added: clean(bc80 - c80),
        });
    }
    Ok(out)
}

/// Upper edges of the probability buckets 1–4 of the risk matrix (bucket 5 is the rest):
/// below 10%, 10–30%, 30–50%, 50–70%, 70% and above.
pub const PROBABILITY_EDGES: [f64; 4] = [0.1, 0.3, 0.5, 0.7];
/// Upper edges of the impact buckets 1–4, as a share of the single-point plan's cost
/// (bucket 5 is the rest): below 1%, 1–3%, 3–10%, 10–25%, 25% and above.
pub const IMPACT_EDGES: [f64; 4] = [0.01, 0.03, 0.10, 0.25];

/// Bucket 1–5 of a value against four ascending upper edges.
pub fn bucket(value: f64, edges: &[f64; 4]) -> u8 {
    1 + edges.iter().filter(|&&e| value >= e).count() as u8
}

/// One risk's expected consequences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskExposure {
    pub id: Id,
    pub title: String,
    /// Chance it fires after status and any adopted mitigation.
    pub probability: f64,
    /// Mean extra person-days if it fires.
    pub impact_days: f64,
    /// Mean money if it fires: its cost impact plus its extra days at the day rate of
    /// the work it lands on.
    pub impact_cost: f64,
    /// probability × impact_days.
    pub exposure_days: f64,
    /// probability × impact_cost.
    pub exposure_cost: f64,
    /// Matrix row, 1 (rare) to 5 (almost certain); see [`PROBABILITY_EDGES`].
    pub probability_bucket: u8,
    /// Matrix column, 1 (minor) to 5 (severe); see [`IMPACT_EDGES`].
    pub impact_bucket: u8,
}

/// The team's headcount-weighted mean day rate (0 without a team).
fn mean_rate(project: &Project) -> f64 {
    let team: f64 = project.team.iter().map(|r| finite(r.headcount)).sum();
    if team > 0.0 {
        project
            .team
            .iter()
            .map(|r| finite(r.headcount) * finite(r.day_rate))
            .sum::<f64>()
            / team
    } else {
        0.0
    }
}

/// Whether `target` is a wait task.
fn aims_at_wait(project: &Project, target: RiskTarget) -> bool {
    matches!(target, RiskTarget::Task(id) if project.task(id).is_some_and(|t| t.kind == TaskKind::Wait))
}

/// Day rate at which a risk's extra days are paid: for a plain risk aimed at a task,
/// the task's role (0 for a wait, whose extra days are no one's work); otherwise (a
/// phase, or a risk driver, R146) the most-likely-effort-weighted mean rate of the
/// targeted work tasks, or the team's headcount-weighted mean rate when there are none.
fn target_rate(project: &Project, r: &Risk) -> f64 {
    match r.target {
        RiskTarget::Task(_) if r.is_plain() && aims_at_wait(project, r.target) => 0.0,
        RiskTarget::Task(id) if r.is_plain() => project
            .task(id)
            .and_then(|t| project.role(t.role))
            .map_or(mean_rate(project), |role| finite(role.day_rate)),
        _ => work_rate(project, targeted_work(project, r)),
    }
}

/// The most-likely-effort-weighted mean day rate of some work tasks (equal weights
/// when their most-likely efforts sum to 0), or the team's headcount-weighted mean
/// rate when there are none.
fn work_rate(project: &Project, tasks: Vec<&Task>) -> f64 {
    let rate_of = |role: Id| project.role(role).map(|r| finite(r.day_rate));
    let mean_rate = mean_rate(project);
    let weight: f64 = tasks.iter().map(|t| finite(t.effort.most_likely)).sum();
    if tasks.is_empty() {
        mean_rate
    } else if weight > 0.0 {
        tasks
            .iter()
            .map(|t| finite(t.effort.most_likely) * rate_of(t.role).unwrap_or(mean_rate))
            .sum::<f64>()
            / weight
    } else {
        tasks
            .iter()
            .map(|t| rate_of(t.role).unwrap_or(mean_rate))
            .sum::<f64>()
            / tasks.len() as f64
    }
}

/// The work tasks a risk's targets name, in list order (R146).
fn targeted_work<'p>(project: &'p Project, r: &Risk) -> Vec<&'p Task> {
    project
        .targeted_tasks(r)
        .into_iter()
        .map(|i| &project.tasks[i])
        .filter(|t| t.kind == TaskKind::Work)
        .collect()
}

/// Day rate of a mitigation's effort: the target's ([`target_rate`]), except that
/// effort aimed at a plain risk's wait is unplaced, at the team's mean rate.
fn mitigation_rate(project: &Project, r: &Risk) -> f64 {
    if r.is_plain() && aims_at_wait(project, r.target) {
        mean_rate(project)
    } else {
        target_rate(project, r)
    }
}

/// A firing risk's mean extra days and the labour they cost (R109, R146): a plain
/// risk's days at its target's rate; a days driver's at its targeted work tasks'
/// rate; a percentage driver's, the percentage of each targeted task's most-likely
/// effort (a wait's most-likely days) at that task's rate (0 for a wait).
fn impact(project: &Project, r: &Risk, keep: f64) -> (f64, f64) {
    let mean = pert_mean(&r.schedule_impact) * keep;
    match r.schedule_unit {
        ScheduleUnit::Days => (mean, mean * target_rate(project, r)),
        ScheduleUnit::Percent => {
            let mean_rate = mean_rate(project);
            project
                .targeted_tasks(r)
                .into_iter()
                .map(|i| &project.tasks[i])
                .fold((0.0, 0.0), |(days, labour), t| {
                    let d = mean / 100.0 * finite(t.effort.most_likely);
                    let rate = match t.kind {
                        TaskKind::Wait => 0.0,
                        TaskKind::Work => project
                            .role(t.role)
                            .map_or(mean_rate, |role| finite(role.day_rate)),
                    };
                    (days + d, labour + d * rate)
                })
        }
    }
}

fn pert_mean(tp: &ThreePoint) -> f64 {
    finite(Sampler::mean_of(tp, crate::model::Distribution::Pert))
}

/// Exposure of every risk, largest expected money first (then days, then id), with its
/// cell in the 5×5 probability × impact matrix. Pure arithmetic, no simulation.
pub fn risk_exposures(project: &Project) -> Vec<RiskExposure> {
    let plan_cost: f64 = project
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Work)
        .map(|t| {
            finite(t.effort.most_likely) * project.role(t.role).map_or(0.0, |r| finite(r.day_rate))
        })
        .sum::<f64>()
        + project
            .fixed_costs
            .iter()
            .map(|c| finite(c.amount))
            .sum::<f64>();
    let reference = plan_cost.max(1.0);
    let mut out: Vec<RiskExposure> = project
        .risks
        .iter()
        .map(|r| {
            let m = &r.mitigation;
            let adopted = r.mitigation_in_effect();
            let probability = match r.status {
                RiskStatus::Closed => 0.0,
                RiskStatus::Occurred => 1.0,
                _ if adopted => finite(m.probability_after),
                _ => finite(r.probability),
            }
            .clamp(0.0, 1.0);
            let keep = if adopted {
                1.0 - finite(m.impact_reduction).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let (impact_days, labour) = impact(project, r, keep);
            let impact_cost = pert_mean(&r.cost_impact) * keep + labour;
            RiskExposure {
                id: r.id,
                title: r.title.clone(),
                probability,
                impact_days: clean(impact_days),
                impact_cost: clean(impact_cost),
                exposure_days: clean(probability * impact_days),
                exposure_cost: clean(probability * impact_cost),
                probability_bucket: bucket(probability, &PROBABILITY_EDGES),
                impact_bucket: bucket(impact_cost / reference, &IMPACT_EDGES),
            }
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        b.exposure_cost
            .total_cmp(&a.exposure_cost)
            .then(b.exposure_days.total_cmp(&a.exposure_days))
            .then(a.id.cmp(&b.id))
            .is_lt()
    });
    out
}

/// What one mitigation is worth: the same seed run with and without it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MitigationWorth {
    pub risk_id: Id,
    pub title: String,
    /// Whether the plan currently adopts it.
    pub adopted: bool,
    /// Mean working days if the project goes ahead, without and with the mitigation.
    pub mean_duration_without: f64,
    pub mean_duration_with: f64,
    /// Mean money spent (gate stops included), without and with the mitigation.
    pub mean_cost_without: f64,
    pub mean_cost_with: f64,
    /// Working days saved on average (negative when the mitigation's own effort costs
    /// more time than it saves).
    pub saving_days: f64,
    /// Money the mitigation itself costs: its cost plus its effort at the target's rate.
    pub mitigation_cost: f64,
    /// Expected money saved on risk impacts, before paying for the mitigation.
    pub gross_saving: f64,
    /// gross_saving − mitigation_cost (= mean_cost_without − mean_cost_with).
    pub net_worth: f64,
    pub pays_for_itself: bool,
}

fn has_mitigation(r: &crate::model::Risk) -> bool {
    let m = &r.mitigation;
    !m.description.trim().is_empty()
        || m.cost > 0.0
        || m.effort > 0.0
        || m.impact_reduction > 0.0
        || m.probability_after != r.probability
}

fn means(sim: &Simulation) -> (f64, f64) {
    (mean(&sim.duration), mean(&sim.spent_cost))
}

/// With-versus-without comparison for every risk that has a mitigation (same seed, at
/// most [`ANALYSIS_TRIALS`] trials per run; all other risks stay as they are).
pub fn mitigation_worth(project: &Project) -> Result<Vec<MitigationWorth>, Vec<FieldError>> {
    let mut worth = WorthRun::new(project)?;
    while !worth.step() {}
    Ok(worth.finish())
}

/// [`mitigation_worth`] one risk at a time (two simulations each), for a worker that
/// yields between risks and drops a superseded job.
pub struct WorthRun {
    project: Project,
    options: SimOptions,
    /// The next risk to look at.
    next: usize,
    done: Vec<MitigationWorth>,
}

impl WorthRun {
    /// Validates the project; no risk is worked out yet.
    pub fn new(project: &Project) -> Result<Self, Vec<FieldError>> {
        check(project)?;
        Ok(Self {
            options: analysis_options(
                project,
                2 * project.risks.iter().filter(|r| has_mitigation(r)).count(),
            ),
            project: project.clone(),
            next: 0,
            done: Vec::new(),
        })
    }

    /// Works out the next risk that has a mitigation; true when every risk is done.
    pub fn step(&mut self) -> bool {
        while let Some(r) = self.project.risks.get(self.next) {
            let i = self.next;
            self.next += 1;
            if has_mitigation(r) {
                let worth = worth_of(&self.project, i, &self.options);
                self.done.push(worth);
                break;
            }
        }
        self.next >= self.project.risks.len()
    }

    /// The worth of every mitigation worked out, in the register's order.
    pub fn finish(self) -> Vec<MitigationWorth> {
        self.done
    }
}

/// What the mitigation of risk `i` is worth.
fn worth_of(project: &Project, i: usize, options: &SimOptions) -> MitigationWorth {
    let r = &project.risks[i];
    let mut variant = project.clone();
    variant.risks[i].mitigation.adopted = true;
    let (dur_with, cost_with) = means(&run(Plan::compile(&variant), options));
    variant.risks[i].mitigation.adopted = false;
    if variant.risks[i].status == RiskStatus::Mitigated {
        variant.risks[i].status = RiskStatus::Open;
    }
    let (dur_without, cost_without) = means(&run(Plan::compile(&variant), options));
    let m = &r.mitigation;
    let mitigation_cost = finite(m.cost) + finite(m.effort) * mitigation_rate(project, r);
    let net = cost_without - cost_with;
    MitigationWorth {
        risk_id: r.id,
        title: r.title.clone(),
        adopted: r.mitigation_in_effect(),
        mean_duration_without: clean(dur_without),
        mean_duration_with: clean(dur_with),
        mean_cost_without: clean(cost_without),
        mean_cost_with: clean(cost_with),
        saving_days: clean(dur_without - dur_with),
        mitigation_cost: clean(mitigation_cost),
        gross_saving: clean(net + mitigation_cost),
        net_worth: clean(net),
        pays_for_itself: net > 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::generate_bench_plan;
    use crate::model::templates::bike_shop;
    use crate::model::Date;

    #[test]
    fn a_large_plan_gets_fewer_analysis_trials_and_a_template_all_of_them() {
        let shop = bike_shop("p".into(), Date::from_days(20_458));
        assert_eq!(analysis_options(&shop, 20).trials, ANALYSIS_TRIALS);
        let mut big = generate_bench_plan(500, 3, 200, 7);
        big.settings.trials = 50_000;
        // 400 runs of mitigation worth: the work limit leaves each far fewer trials
        // than 10,000, but never fewer than 1,000.
        let runs = 400;
        let trials = analysis_options(&big, runs).trials;
        assert!(trials < ANALYSIS_TRIALS, "{trials}");
        assert!(
            f64::from(trials) * runs as f64 * trial_work(&big) <= MAX_WORK
                || trials == MIN_ANALYSIS_TRIALS,
            "{trials}"
        );
        assert!(trials >= MIN_ANALYSIS_TRIALS);
        // A plan's own trials are never exceeded.
        let mut few = shop;
        few.settings.trials = 1_500;
        assert_eq!(analysis_options(&few, 1).trials, 1_500);
    }
}

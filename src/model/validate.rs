//! Field-level validation of a [`Project`]: the gate every plan passes before the
//! engine runs it, and the defence against untrusted input from links and files.
//!
//! [`validate`] never panics and reports the problems it finds (the first
//! [`MAX_ERRORS`]), each with a stable `path` naming the field, so the page can show the
//! message beside the control.
//!
//! Its work is bounded by the limits, not by the input: a list longer than its limit
//! is reported on the list itself and its items are not looked at, and validation
//! stops once it has [`MAX_ERRORS`] problems.
//!
//! # Path scheme
//!
//! Paths use the serialised field names, with list elements addressed by their position
//! in the list (zero-based), exactly as they appear in the exported JSON:
//!
//! * `name`, `currency`, `working_days_per_week`, `start_date`, `holidays[2]`,
//!   `settings.target_date` (every date must lie in the years [`Date::FIRST_YEAR`] to
//!   [`Date::LAST_YEAR`])
//! * `tasks[3].name`, `tasks[3].effort.optimistic`, `tasks[3].role`,
//!   `tasks[3].depends_on[1]`, `tasks[3].depends_on` (cycles), `tasks[3].id`
//! * `team[0].headcount`, `team[0].day_rate`
//! * `risks[1].probability`, `risks[1].schedule_impact.pessimistic`,
//!   `risks[1].mitigation.impact_reduction`, `risks[1].target`,
//!   `risks[1].more_targets[0]`, `risks[1].more_targets` (too many)
//! * `factor_rules[4].yes.most_likely`, `factors[2].factor`
//! * `fixed_costs[0].amount`, `gate.probability`, `settings.trials`,
//!   `settings.correlation.within_phase`, `settings.correlation.within_role` (also
//!   where their sum is too large), `value.discount_rate`, `requirements.latency_p95_ms`,
//!   `plan.milestones[0].criteria`
//! * the serving sizing's problems ([`validate_sizing`], also part of a project's when
//!   `requirements.run_cost_from_sizing` is on) at the requirements' paths:
//!   `requirements.requests_per_day`, `requirements.peak_to_average`,
//!   `requirements.model_time_ms`, `requirements.latency_p95_ms`,
//!   `requirements.target_utilisation`, `requirements.instance_cost_per_hour`,
//!   `requirements.monitoring_cost_per_year`, `requirements.retraining_cost_per_year`
//! * the stored experiment: `plan.ab_test.baseline` (and every input
//!   [`validate_ab_test`] names), `plan.canary[1].share`, `plan.canary[1].days`,
//!   `plan.canary` (too many steps), `plan.monitoring_checked[2]` (checked twice)
//! * the scenarios: `scenarios` (too many), `scenarios[1].name`,
//!   `scenarios[1].plan.scenarios` (a scenario's own); a file's scenario plans at
//!   `scenarios[1].plan.tasks[0].name` and so on ([`validate_scenario_plans`])
//!
//! A whole list that is too long is reported on the list itself (`tasks`).
//!
//! Ideas ([`validate_idea`]) use the same scheme (`feasibility`, `cost.pessimistic`,
//! `ratings.impact`); a workspace ([`validate_workspace`]) puts each project's and idea's
//! paths under `projects[2].` and `ideas[0].` (`projects[2].tasks[0].name`) and adds
//! `portfolio.trials` and `portfolio.weights.impact`.

use super::experiment::MAX_CANARY_STEPS;
use super::{
    AbTest, CanaryStep, Correlation, Date, Freshness, Idea, MonitoringItem, Project, Requirements,
    Risk, RiskTarget, ScheduleUnit, SimSettings, Task, TaskKind, TaskState, ThreePoint, Tracking,
    ValueModel, Workspace, MAX_SCENARIOS,
};
use crate::format::shortest;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Most tasks a project may have.
pub const MAX_TASKS: usize = 500;
/// Most roles a project may have.
pub const MAX_ROLES: usize = 50;
/// Most risks a project may have.
pub const MAX_RISKS: usize = 200;
/// Most targets one risk may have ([`Risk::target`] and its further targets).
pub const MAX_RISK_TARGETS: usize = 50;
/// Largest percentage of a risk driver's schedule impact (R146).
pub const MAX_RISK_PERCENT: f64 = 1_000.0;
/// Most fixed costs a project may have.
pub const MAX_FIXED_COSTS: usize = 200;
/// Most holidays a project may list.
pub const MAX_HOLIDAYS: usize = 2_000;
/// Most predecessors one task may have.
pub const MAX_DEPENDENCIES: usize = 100;
/// Most success metrics or milestones in the plan items.
pub const MAX_PLAN_ITEMS: usize = 100;
/// Longest name, title, owner or category, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest description or free text, in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// Largest effort of one task or one risk impact, in person-days.
pub const MAX_EFFORT_DAYS: f64 = 100_000.0;
/// Largest amount of money in any single field.
pub const MAX_MONEY: f64 = 1e12;
/// Smallest headcount of one role: a twentieth of a full-time person (two hours a
/// week). Anything smaller is a typing slip, and a tiny positive headcount (5e-324)
/// would make the schedule's arithmetic meaningless.
pub const MIN_HEADCOUNT: f64 = 0.05;
/// Largest headcount of one role.
pub const MAX_HEADCOUNT: f64 = 100.0;
/// Largest complexity multiplier.
pub const MAX_MULTIPLIER: f64 = 10.0;
/// Most projects a workspace document may hold.
pub const MAX_PROJECTS: usize = 100;
/// Most ideas a workspace document may hold.
pub const MAX_IDEAS: usize = 200;
/// Most problems one validation reports: it stops looking after these, so that hostile
/// input costs no more work than a plan at its limits.
pub const MAX_ERRORS: usize = 100;
/// Most work one forecast may take: trials × [`trial_work`], in units of about a
/// nanosecond of the engine natively (measured on the benchmark's 2-core machine, where
/// a task costs about 20 per trial, a dependency 1 and a risk 10), so that any valid
/// forecast runs in about 5 s natively and 10 s in a browser on a mid-range laptop.
pub const MAX_WORK: f64 = 5e9;

/// The work of one trial of `p` (see [`MAX_WORK`]).
pub fn trial_work(p: &Project) -> f64 {
    let dependencies: usize = p.tasks.iter().map(|t| t.depends_on.len()).sum();
    (20 * p.tasks.len() + dependencies + 10 * p.risks.len()) as f64
}

/// Most model instances the serving sizing works out (`engine::sizing`): the peak
/// load over the target utilisation may not need more.
pub const MAX_INSTANCES: f64 = 100_000.0;

/// The problems that keep `engine::sizing` from sizing the serving of `r`, at the
/// requirements' paths: traffic must be above zero, the peak at least the average,
/// the model time above zero, the target utilisation in (0, 1], the load within
/// [`MAX_INSTANCES`], the costs zero or more (up to [`MAX_MONEY`]), and for real-time
/// predictions the latency target at least the model time. Every number must be finite.
pub fn validate_sizing(r: &Requirements) -> Vec<FieldError> {
    let mut v = Validator::default();
    let positive = |v: &mut Validator, path: &str, x: f64, max: f64, what: &str| {
        if !v.number(path, x, 0.0, max) {
            false
        } else if x == 0.0 {
            v.push(
                path,
                format!("Enter the {what} (above zero) to size the serving."),
            );
            false
        } else {
            true
        }
    };
    let traffic = positive(
        &mut v,
        "requirements.requests_per_day",
        r.requests_per_day,
        1e12,
        "inference requests per day",
    );
    let model = positive(
        &mut v,
        "requirements.model_time_ms",
        r.model_time_ms,
        1e9,
        "model time per request",
    );
    let peak = v.number("requirements.peak_to_average", r.peak_to_average, 0.0, 1e6);
    let peak = peak
        && {
            let at_least_average = r.peak_to_average >= 1.0;
            if !at_least_average {
                v.push(
                "requirements.peak_to_average",
                "The peak is never below the average: the peak-to-average ratio must be 1 or more to size the serving.",
            );
            }
            at_least_average
        };
    let utilisation = v.utilisation(r.target_utilisation);
    if traffic && model && peak && utilisation {
        let load = r.requests_per_day * r.peak_to_average / 86_400.0 * r.model_time_ms / 1000.0;
        if load / r.target_utilisation > MAX_INSTANCES {
            v.push(
                "requirements.requests_per_day",
                format!(
                    "At this load the serving needs more than {} model instances at the target utilisation; check the traffic and the model time.",
                    crate::format::thousands(MAX_INSTANCES)
                ),
            );
        }
    }
    v.costs(r);
    let latency = v.number("requirements.latency_p95_ms", r.latency_p95_ms, 0.0, 1e9);
    if latency && model && r.freshness == Freshness::RealTime && r.latency_p95_ms < r.model_time_ms
    {
        v.push(
            "requirements.latency_p95_ms",
            format!(
                "The latency target ({} ms) is below the model time per request ({} ms), so no number of instances can meet it: plan a faster model, caching or precomputed predictions.",
                shortest(r.latency_p95_ms),
                shortest(r.model_time_ms)
            ),
        );
    }
    v.errors
}

/// What keeps the serving from being sized though the project is valid, at the
/// requirements' fields ([`validate_sizing`]), once any requirement differs from a new
/// project's. None of it stops the forecast; the page shows it beside the inputs.
pub fn sizing_advice(p: &Project) -> Vec<FieldError> {
    if p.requirements == Requirements::default() {
        Vec::new()
    } else {
        validate_sizing(&p.requirements)
    }
}

/// Whether `x` lies strictly between 0 and 1.
fn open_unit(x: f64) -> bool {
    x > 0.0 && x < 1.0
}

/// The problems that keep `engine::abtest` from sizing the A/B test `t`, at the
/// inputs' names (`baseline`, `mde`, `alpha`, `power`, `traffic_share`,
/// `daily_traffic`, `sd`, `metric`); a project's are under `plan.ab_test.`. The one
/// problem only the sizing finds is an effect too small to detect.
pub fn validate_ab_test(t: &AbTest) -> Vec<FieldError> {
    let mut v = Validator::default();
    v.text("metric", &t.metric, MAX_NAME_CHARS);
    if !open_unit(t.alpha) {
        v.push(
            "alpha",
            "The significance level must be between 0 and 1 (exclusive), such as 0.05.",
        );
    }
    if !open_unit(t.power) {
        v.push(
            "power",
            "The power must be between 0 and 1 (exclusive), such as 0.8.",
        );
    }
    if !(t.traffic_share > 0.0 && t.traffic_share <= 1.0) {
        v.push(
            "traffic_share",
            "The share of traffic in the test must be above 0% and at most 100%.",
        );
    }
    if let Some(daily) = t.daily_traffic {
        if !(daily > 0.0 && daily.is_finite()) {
            v.push(
                "daily_traffic",
                "The daily traffic must be a number above zero.",
            );
        }
    }
    let rate = t.sd.is_none();
    let baseline_ok = if rate {
        open_unit(t.baseline)
    } else {
        t.baseline.is_finite()
    };
    if !baseline_ok {
        let message = if rate {
            "The baseline rate must be above 0% and below 100%."
        } else {
            "The baseline mean must be a number."
        };
        v.push("baseline", message);
    }
    if let Some(sd) = t.sd {
        if !(sd > 0.0 && sd.is_finite()) {
            v.push("sd", "The standard deviation must be a number above zero.");
        }
    }
    let effect = if t.relative {
        t.baseline * t.mde
    } else {
        t.mde
    };
    let treatment = t.baseline + effect;
    if !(effect.is_finite() && effect != 0.0) {
        v.push(
            "mde",
            "The minimum detectable effect must be a number other than zero.",
        );
    } else if rate && baseline_ok && !open_unit(treatment) {
        v.push(
            "mde",
            format!(
                "An effect of {} on a baseline of {} gives a rate of {}, outside 0 to 1: the effect is larger than the baseline allows.",
                shortest(effect),
                shortest(t.baseline),
                shortest(treatment)
            ),
        );
    }
    v.errors
}

/// The problems of a canary roll-out's steps, at `{list}[i].share` and
/// `{list}[i].days`: each share in (0, 1] and not below the step before's, each
/// step 0 to 365 days. (How many steps a plan may have is its caller's rule.)
pub fn validate_canary_steps(list: &str, steps: &[CanaryStep]) -> Vec<FieldError> {
    let mut v = Validator::default();
    let mut before = 0.0;
    for (i, s) in steps.iter().enumerate() {
        if !(s.share > 0.0 && s.share <= 1.0) {
            v.push(
                format!("{list}[{i}].share"),
                "A step's share of traffic must be above 0% and at most 100%.",
            );
        } else if s.share < before {
            v.push(
                format!("{list}[{i}].share"),
                "A step's share of traffic must not be less than the step before's.",
            );
        } else {
            before = s.share;
        }
        if !(s.days >= 0.0 && s.days <= 365.0) {
            v.push(
                format!("{list}[{i}].days"),
                "A step lasts from 0 to 365 days.",
            );
        }
    }
    v.errors
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// Where the problem is; see the module documentation for the scheme.
    pub path: String,
    /// What is wrong, in a sentence a user can act on.
    pub message: String,
}

impl FieldError {
    /// An error at `path` saying `message`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// True when [`validate`] finds nothing wrong.
pub fn is_valid(project: &Project) -> bool {
    validate(project).is_empty()
}

/// Every problem in the project, in a stable order (empty when the project is valid).
pub fn validate(project: &Project) -> Vec<FieldError> {
    let mut v = Validator::default();
    v.project(project);
    v.errors
}

/// The problems that put a project beyond the size limits (lists longer than they may
/// be), which make any work on it unbounded. A stored project with one of these is kept
/// aside, like a broken value, rather than opened; any other problem is shown at its
/// field and keeps the project editable.
pub fn beyond_limits(p: &Project) -> Vec<FieldError> {
    let mut v = Validator::default();
    v.count("holidays", p.holidays.len(), MAX_HOLIDAYS, "holidays");
    v.count("tasks", p.tasks.len(), MAX_TASKS, "tasks");
    v.count("team", p.team.len(), MAX_ROLES, "roles");
    v.count("risks", p.risks.len(), MAX_RISKS, "risks");
    v.count(
        "fixed_costs",
        p.fixed_costs.len(),
        MAX_FIXED_COSTS,
        "fixed costs",
    );
    for (i, t) in p.tasks.iter().enumerate().take(MAX_TASKS) {
        let path = format!("tasks[{i}].depends_on");
        v.count(&path, t.depends_on.len(), MAX_DEPENDENCIES, "predecessors");
    }
    if v.within("scenarios", p.scenarios.len(), MAX_SCENARIOS, "scenarios") {
        for (i, s) in p.scenarios.iter().enumerate() {
            v.nested(&format!("scenarios[{i}].plan"), beyond_limits(&s.plan));
        }
    }
    v.errors
}

/// Every problem in the plans of a project's scenarios, at `scenarios[i].plan.…`: what
/// a file's scenarios must pass before they are taken in.
pub fn validate_scenario_plans(p: &Project) -> Vec<FieldError> {
    let mut v = Validator::default();
    for (i, s) in p.scenarios.iter().enumerate().take(MAX_SCENARIOS) {
        v.nested(&format!("scenarios[{i}].plan"), validate(&s.plan));
    }
    v.errors
}

/// Every problem in an idea, with paths as for a project (`name`, `cost.optimistic`,
/// `feasibility`, `value.horizon_years`, `ratings.impact`).
pub fn validate_idea(idea: &Idea) -> Vec<FieldError> {
    let mut v = Validator::default();
    v.idea(idea);
    v.errors
}

/// Every problem in a workspace: each project's and idea's errors under
/// `projects[i].` and `ideas[i].`, ids shared between any two of them, and the
/// portfolio settings (`portfolio.trials`, `portfolio.weights.impact`).
pub fn validate_workspace(workspace: &Workspace) -> Vec<FieldError> {
    let mut v = Validator::default();
    v.workspace(workspace);
    v.errors
}

#[derive(Default)]
struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if !self.full() {
            self.errors.push(FieldError::new(path, message));
        }
    }

    /// Whether [`MAX_ERRORS`] problems have been found: loops over items stop then.
    fn full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    /// Reports a list longer than `max` on the list itself; true when it is within
    /// `max` and so its items may be looked at.
    fn within(&mut self, path: &str, len: usize, max: usize, what: &str) -> bool {
        self.count(path, len, max, what);
        len <= max
    }

    fn name(&mut self, path: &str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.push(path, format!("The {what} must not be empty."));
        }
        self.text(path, value, MAX_NAME_CHARS);
    }

    fn text(&mut self, path: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.push(
                path,
                format!("This text is {n} characters long; the limit is {max}."),
            );
        }
    }

    /// A finite number within `min..=max`.
    fn number(&mut self, path: &str, value: f64, min: f64, max: f64) -> bool {
        if !value.is_finite() {
            self.push(path, "This must be a number.");
            false
        } else if value < min || value > max {
            let message = if value < min && min == 0.0 {
                "This must not be negative.".to_owned()
            } else {
                format!(
                    "This must be between {} and {}.",
                    shortest(min),
                    shortest(max)
                )
            };
            self.push(path, message);
            false
        } else {
            true
        }
    }

    fn probability(&mut self, path: &str, value: f64) {
        if !value.is_finite() || !(0.0..=1.0).contains(&value) {
            self.push(path, "A probability must be between 0 and 1 (0% to 100%).");
        }
    }

    /// A three-point estimate with each value in `min..=max` and ordered.
    fn three_point(&mut self, path: &str, tp: &ThreePoint, min: f64, max: f64) {
        let a = self.number(&format!("{path}.optimistic"), tp.optimistic, min, max);
        let m = self.number(&format!("{path}.most_likely"), tp.most_likely, min, max);
        let b = self.number(&format!("{path}.pessimistic"), tp.pessimistic, min, max);
        if a && m && tp.optimistic > tp.most_likely {
            self.push(
                format!("{path}.optimistic"),
                "The optimistic value must not be more than the most likely value.",
            );
        }
        if m && b && tp.most_likely > tp.pessimistic {
            self.push(
                format!("{path}.pessimistic"),
                "The pessimistic value must not be less than the most likely value.",
            );
        }
    }

    fn count(&mut self, path: &str, len: usize, max: usize, what: &str) {
        if len > max {
            self.push(path, format!("There are {len} {what}; the limit is {max}."));
        }
    }

    fn project(&mut self, p: &Project) {
        self.name("id", &p.id, "project id");
        self.name("name", &p.name, "project name");
        self.text("description", &p.description, MAX_TEXT_CHARS);
        self.currency(&p.currency);
        if !(1..=7).contains(&p.working_days_per_week) {
            self.push(
                "working_days_per_week",
                "Working days per week must be between 1 and 7.",
            );
        }
        self.count("holidays", p.holidays.len(), MAX_HOLIDAYS, "holidays");
        self.dates(p);
        let tasks = self.within("tasks", p.tasks.len(), MAX_TASKS, "tasks");
        let team = self.within("team", p.team.len(), MAX_ROLES, "roles");
        let risks = self.within("risks", p.risks.len(), MAX_RISKS, "risks");
        let costs = self.within(
            "fixed_costs",
            p.fixed_costs.len(),
            MAX_FIXED_COSTS,
            "fixed costs",
        );
        if team {
            self.team(p);
        }
        if tasks && team {
            self.tasks(p);
        }
        self.tracking(p);
        self.scenarios(p);
        self.factors(p);
        if risks && tasks {
            self.risks(p);
        }
        let costs = if costs { p.fixed_costs.as_slice() } else { &[] };
        for (i, c) in costs.iter().enumerate() {
            self.name(&format!("fixed_costs[{i}].name"), &c.name, "cost name");
            self.number(
                &format!("fixed_costs[{i}].amount"),
                c.amount,
                0.0,
                MAX_MONEY,
            );
        }
        self.probability("gate.probability", p.gate.probability);
        self.value(&p.value);
        self.requirements(p);
        self.plan(p);
        self.settings(p);
        if !p.updated_at.is_finite() {
            self.push("updated_at", "The last-edited time must be a number.");
        }
    }

    /// Every date the project holds: the start, each holiday and the target date.
    fn dates(&mut self, p: &Project) {
        self.date("start_date", p.start_date);
        if p.holidays.len() <= MAX_HOLIDAYS {
            for (i, h) in p.holidays.iter().enumerate() {
                if self.full() {
                    break;
                }
                self.date(&format!("holidays[{i}]"), *h);
            }
        }
        if let Some(target) = p.settings.target_date {
            self.date("settings.target_date", target);
        }
    }

    /// A date in the one range every plan date must be in.
    fn date(&mut self, path: &str, date: Date) {
        if !date.in_plan_range() {
            self.push(
                path,
                format!(
                    "Dates must be between {}-01-01 and {}-12-31.",
                    Date::FIRST_YEAR,
                    Date::LAST_YEAR
                ),
            );
        }
    }

    fn team(&mut self, p: &Project) {
        let mut seen = HashSet::new();
        for (i, r) in p.team.iter().enumerate() {
            if self.full() {
                return;
            }
            if !seen.insert(r.id) {
                self.push(
                    format!("team[{i}].id"),
                    format!("Another role already has id {}.", r.id),
                );
            }
            self.name(&format!("team[{i}].name"), &r.name, "role name");
            let path = format!("team[{i}].headcount");
            if !(MIN_HEADCOUNT..=MAX_HEADCOUNT).contains(&r.headcount) {
                self.push(
                    path,
                    format!(
                        "Headcount must be between {} and {} (full-time people).",
                        shortest(MIN_HEADCOUNT),
                        shortest(MAX_HEADCOUNT)
                    ),
                );
            }
            self.number(&format!("team[{i}].day_rate"), r.day_rate, 0.0, MAX_MONEY);
        }
    }

    fn tasks(&mut self, p: &Project) {
        let mut index_of: HashMap<u32, usize> = HashMap::new();
        for (i, t) in p.tasks.iter().enumerate() {
            if index_of.insert(t.id, i).is_some() {
                self.push(
                    format!("tasks[{i}].id"),
                    format!("Another task already has id {}.", t.id),
                );
            }
        }
        let roles: HashSet<u32> = p.team.iter().map(|r| r.id).collect();
        let mut deps_within = true;
        for (i, t) in p.tasks.iter().enumerate() {
            if self.full() {
                return;
            }
            self.name(&format!("tasks[{i}].name"), &t.name, "task name");
            if t.kind == TaskKind::Work && !roles.contains(&t.role) {
                self.push(
                    format!("tasks[{i}].role"),
                    format!(
                        "Task “{}” is assigned to role {}, which is not on the team.",
                        short(&t.name),
                        t.role
                    ),
                );
            }
            self.three_point(
                &format!("tasks[{i}].effort"),
                &t.effort,
                0.0,
                MAX_EFFORT_DAYS,
            );
            self.progress(p, i, t);
            let within = self.within(
                &format!("tasks[{i}].depends_on"),
                t.depends_on.len(),
                MAX_DEPENDENCIES,
                "predecessors",
            );
            deps_within &= within;
            let listed = if within { t.depends_on.as_slice() } else { &[] };
            let mut deps = HashSet::new();
            for (j, d) in listed.iter().enumerate() {
                if self.full() {
                    return;
                }
                let path = format!("tasks[{i}].depends_on[{j}]");
                if *d == t.id {
                    self.push(
                        path,
                        format!("Task “{}” cannot depend on itself.", short(&t.name)),
                    );
                } else if !index_of.contains_key(d) {
                    self.push(
                        path,
                        format!(
                            "Task “{}” depends on task {d}, which does not exist.",
                            short(&t.name)
                        ),
                    );
                } else if !deps.insert(*d) {
                    self.push(
                        path,
                        format!("Task “{}” lists predecessor {d} twice.", short(&t.name)),
                    );
                }
            }
        }
        if !deps_within {
            return;
        }
        if let Some(cycle) = find_cycle(p, &index_of) {
            let names: Vec<String> = cycle
                .iter()
                .map(|&i| format!("“{}”", short(&p.tasks[i].name)))
                .collect();
            let first = cycle[0];
            self.push(
                format!("tasks[{first}].depends_on"),
                format!(
                    "These tasks depend on each other in a circle: {} → {}.",
                    names.join(" → "),
                    names[0]
                ),
            );
        }
    }

    /// A task's progress (docs/MODEL.md §28): what each state needs and refuses, and
    /// its dates against the start and the status date.
    fn progress(&mut self, p: &Project, i: usize, t: &Task) {
        let at = |field: &str| format!("tasks[{i}].{field}");
        let name = short(&t.name);
        if let Some(actual) = t.actual {
            self.number(&at("actual"), actual, 0.0, MAX_EFFORT_DAYS);
        }
        match t.state {
            TaskState::NotStarted => {
                if t.actual.is_some() {
                    self.push(
                        at("actual"),
                        format!("Task “{name}” has not started, so it has no actual effort: mark it in progress or done, or clear the actual."),
                    );
                }
            }
            TaskState::InProgress => match &t.remaining {
                Some(r) => self.three_point(&at("remaining"), r, 0.0, MAX_EFFORT_DAYS),
                None => self.push(
                    at("remaining"),
                    format!("Task “{name}” is in progress: give the effort that remains (optimistic, most likely, pessimistic)."),
                ),
            },
            TaskState::Done => {
                if t.actual.is_none() {
                    self.push(
                        at("actual"),
                        format!("Task “{name}” is done: give its actual effort."),
                    );
                }
                if t.remaining.is_some() {
                    self.push(
                        at("remaining"),
                        format!("Task “{name}” is done, so nothing remains: clear the remaining effort."),
                    );
                }
            }
        }
        match (t.state, t.finished) {
            (TaskState::Done, None) => self.push(
                at("finished"),
                format!("Task “{name}” is done: give the day it finished."),
            ),
            (TaskState::Done, Some(day)) => {
                self.date(&at("finished"), day);
                if day < p.start_date {
                    self.push(
                        at("finished"),
                        format!(
                            "Task “{name}” cannot finish before the project starts ({}).",
                            p.start_date
                        ),
                    );
                } else if p.tracking.status_date.is_some_and(|s| day > s) {
                    self.push(
                        at("finished"),
                        format!("Task “{name}” finished after the status date: move the status date on, or correct the day."),
                    );
                }
            }
            (_, Some(_)) => self.push(
                at("finished"),
                format!("Task “{name}” is not done, so it has no finish date."),
            ),
            (_, None) => {}
        }
        if t.state != TaskState::NotStarted && p.tracking.status_date.is_none() {
            self.push(
                at("state"),
                format!("Task “{name}” has progress: set the status date it stands at."),
            );
        }
    }

    /// The status date, and the baseline's and snapshots' figures.
    fn tracking(&mut self, p: &Project) {
        let t = &p.tracking;
        if let Some(day) = t.status_date {
            self.date("tracking.status_date", day);
            if day < p.start_date {
                self.push(
                    "tracking.status_date",
                    format!(
                        "The status date cannot be before the project starts ({}).",
                        p.start_date
                    ),
                );
            }
        }
        if self.within(
            "tracking.snapshots",
            t.snapshots.len(),
            Tracking::MAX_SNAPSHOTS,
            "snapshots",
        ) {
            let all = t
                .baseline
                .iter()
                .map(|s| ("tracking.baseline".to_owned(), s));
            let each = t
                .snapshots
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("tracking.snapshots[{i}]"), s));
            for (path, s) in all.chain(each) {
                for (field, day) in [
                    ("date", s.date),
                    ("p50_finish", s.p50_finish),
                    ("p80_finish", s.p80_finish),
                ] {
                    self.date(&format!("{path}.{field}"), day);
                }
                for (field, value, max) in [
                    ("p50_cost", s.p50_cost, MAX_MONEY),
                    ("p80_cost", s.p80_cost, MAX_MONEY),
                    (
                        "done_effort",
                        s.done_effort,
                        MAX_EFFORT_DAYS * MAX_TASKS as f64,
                    ),
                    ("p50_effort", s.p50_effort, f64::MAX),
                ] {
                    self.number(&format!("{path}.{field}"), value, 0.0, max);
                }
            }
        }
    }

    fn factors(&mut self, p: &Project) {
        let mut seen = HashSet::new();
        for (i, a) in p.factors.iter().enumerate() {
            if self.full() {
                return;
            }
            if !seen.insert(a.factor) {
                self.push(
                    format!("factors[{i}].factor"),
                    "This factor is answered twice.",
                );
            }
        }
        let mut seen = HashSet::new();
        for (i, r) in p.factor_rules.iter().enumerate() {
            if self.full() {
                return;
            }
            if !seen.insert(r.factor) {
                self.push(
                    format!("factor_rules[{i}].factor"),
                    "This factor has two rules.",
                );
            }
            let mut phases = HashSet::new();
            if r.phases.iter().any(|ph| !phases.insert(*ph)) {
                self.push(
                    format!("factor_rules[{i}].phases"),
                    "A phase is listed twice.",
                );
            }
            for (level, tp) in [("some", &r.some), ("yes", &r.yes)] {
                let path = format!("factor_rules[{i}].{level}");
                for (field, x) in [
                    ("optimistic", tp.optimistic),
                    ("most_likely", tp.most_likely),
                    ("pessimistic", tp.pessimistic),
                ] {
                    if !(1.0..=MAX_MULTIPLIER).contains(&x) {
                        self.push(
                            format!("{path}.{field}"),
                            format!(
                                "A factor only adds difficulty: its multiplier must be at least 1 and at most {}.",
                                shortest(MAX_MULTIPLIER)
                            ),
                        );
                    }
                }
                if tp.optimistic.is_finite()
                    && tp.most_likely.is_finite()
                    && tp.pessimistic.is_finite()
                {
                    if tp.optimistic > tp.most_likely {
                        self.push(
                            format!("{path}.optimistic"),
                            "The optimistic value must not be more than the most likely value.",
                        );
                    }
                    if tp.most_likely > tp.pessimistic {
                        self.push(
                            format!("{path}.pessimistic"),
                            "The pessimistic value must not be less than the most likely value.",
                        );
                    }
                }
            }
        }
    }

    /// A risk's targets (R7, R146): each exists and is listed once; a wait takes
    /// extra days only as a risk's one target.
    fn risk_targets(&mut self, p: &Project, i: usize, r: &Risk) {
        let more = r.more_targets.len();
        self.count(
            &format!("risks[{i}].more_targets"),
            more,
            MAX_RISK_TARGETS - 1,
            "further targets",
        );
        if more >= MAX_RISK_TARGETS {
            return;
        }
        let several = more > 0;
        for (j, target) in r.targets().enumerate() {
            let path = match j {
                0 => format!("risks[{i}].target"),
                j => format!("risks[{i}].more_targets[{}]", j - 1),
            };
            if r.targets().take(j).any(|t| t == target) {
                self.push(path, "This target is listed twice.");
                continue;
            }
            match target {
                RiskTarget::Phase(_) => {}
                RiskTarget::Task(id) => match p.task(id) {
                    None => self.push(
                        path,
                        format!("The risk targets task {id}, which does not exist."),
                    ),
                    Some(t)
                        if t.kind == TaskKind::Wait
                            && several
                            && r.schedule_unit == ScheduleUnit::Days =>
                    {
                        self.push(
                            path,
                            "A wait takes extra days only as a risk's one target: aim the \
                             risk at the wait alone, or give its impact as a percentage.",
                        )
                    }
                    Some(_) => {}
                },
                RiskTarget::Role(id) => {
                    if p.role(id).is_none() {
                        self.push(
                            path,
                            format!("The risk targets role {id}, which does not exist."),
                        );
                    }
                }
            }
        }
    }

    fn risks(&mut self, p: &Project) {
        let mut seen = HashSet::new();
        for (i, r) in p.risks.iter().enumerate() {
            if self.full() {
                return;
            }
            if !seen.insert(r.id) {
                self.push(
                    format!("risks[{i}].id"),
                    format!("Another risk already has id {}.", r.id),
                );
            }
            self.name(&format!("risks[{i}].title"), &r.title, "risk title");
            self.text(&format!("risks[{i}].category"), &r.category, MAX_NAME_CHARS);
            self.text(&format!("risks[{i}].owner"), &r.owner, MAX_NAME_CHARS);
            self.probability(&format!("risks[{i}].probability"), r.probability);
            let most = match r.schedule_unit {
                ScheduleUnit::Days => MAX_EFFORT_DAYS,
                ScheduleUnit::Percent => MAX_RISK_PERCENT,
            };
            self.three_point(
                &format!("risks[{i}].schedule_impact"),
                &r.schedule_impact,
                0.0,
                most,
            );
            self.three_point(
                &format!("risks[{i}].cost_impact"),
                &r.cost_impact,
                0.0,
                MAX_MONEY,
            );
            self.risk_targets(p, i, r);
            let m = &r.mitigation;
            self.text(
                &format!("risks[{i}].mitigation.description"),
                &m.description,
                MAX_TEXT_CHARS,
            );
            self.number(
                &format!("risks[{i}].mitigation.cost"),
                m.cost,
                0.0,
                MAX_MONEY,
            );
            self.number(
                &format!("risks[{i}].mitigation.effort"),
                m.effort,
                0.0,
                MAX_EFFORT_DAYS,
            );
            self.probability(
                &format!("risks[{i}].mitigation.probability_after"),
                m.probability_after,
            );
            if !m.impact_reduction.is_finite() || !(0.0..=1.0).contains(&m.impact_reduction) {
                self.push(
                    format!("risks[{i}].mitigation.impact_reduction"),
                    "The impact reduction must be between 0 and 1 (0% to 100%).",
                );
            }
        }
    }

    fn value(&mut self, v: &ValueModel) {
        self.three_point("value.annual_benefit", &v.annual_benefit, 0.0, MAX_MONEY);
        self.number("value.ramp_up_months", v.ramp_up_months, 0.0, 120.0);
        self.number("value.horizon_years", v.horizon_years, 0.0, 50.0);
        self.number("value.discount_rate", v.discount_rate, 0.0, 1.0);
        self.number(
            "value.run_cost_per_year",
            v.run_cost_per_year,
            0.0,
            MAX_MONEY,
        );
        self.number("value.data_cost", v.data_cost, 0.0, MAX_MONEY);
        self.number(
            "value.error_cost_per_year",
            v.error_cost_per_year,
            0.0,
            MAX_MONEY,
        );
    }

    fn currency(&mut self, code: &str) {
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            self.push(
                "currency",
                "The currency must be a three-letter ISO code such as EUR.",
            );
        }
    }

    fn idea(&mut self, idea: &Idea) {
        self.name("id", &idea.id, "idea id");
        self.name("name", &idea.name, "idea name");
        self.text("description", &idea.description, MAX_TEXT_CHARS);
        self.currency(&idea.currency);
        self.date("start_date", idea.start_date);
        if let Some(cost) = &idea.cost {
            self.three_point("cost", cost, 0.0, MAX_MONEY);
            if cost.most_likely.is_finite() && cost.most_likely <= 0.0 {
                self.push(
                    "cost.most_likely",
                    "The most likely cost must be more than 0.",
                );
            }
        }
        self.number("day_rate", idea.day_rate, 0.0, MAX_MONEY);
        self.probability("feasibility", idea.feasibility);
        self.value(&idea.value);
        let r = &idea.ratings;
        for (field, rating) in [
            ("impact", r.impact),
            ("data_readiness", r.data_readiness),
            ("cost", r.cost),
            ("error_cost", r.error_cost),
            ("ethics_risk", r.ethics_risk),
            ("strategic_fit", r.strategic_fit),
        ] {
            if !(1..=5).contains(&rating) {
                self.push(format!("ratings.{field}"), "A rating must be from 1 to 5.");
            }
        }
    }

    /// Errors of one part of a workspace, with the part's path in front.
    /// The scenarios' names and count, and that none holds scenarios of its own. Their
    /// plans are checked where they come from a file ([`validate_scenario_plans`]) and
    /// before each is forecast, so a scenario never stops the plan's forecast.
    fn scenarios(&mut self, p: &Project) {
        if self.within("scenarios", p.scenarios.len(), MAX_SCENARIOS, "scenarios") {
            for (i, s) in p.scenarios.iter().enumerate() {
                let path = format!("scenarios[{i}].name");
                self.name(&path, &s.name, "scenario name");
                self.text(&path, &s.name, MAX_NAME_CHARS);
                if !s.plan.scenarios.is_empty() {
                    self.push(
                        format!("scenarios[{i}].plan.scenarios"),
                        "A scenario holds no scenarios of its own.",
                    );
                }
            }
        }
    }

    fn nested(&mut self, prefix: &str, errors: Vec<FieldError>) {
        for e in errors {
            self.push(format!("{prefix}.{}", e.path), e.message);
        }
    }

    fn workspace(&mut self, ws: &Workspace) {
        let projects = self.within("projects", ws.projects.len(), MAX_PROJECTS, "projects");
        let ideas = self.within("ideas", ws.ideas.len(), MAX_IDEAS, "ideas");
        let projects = if projects {
            ws.projects.as_slice()
        } else {
            &[]
        };
        let ideas = if ideas { ws.ideas.as_slice() } else { &[] };
        let mut seen = HashSet::new();
        for (i, p) in projects.iter().enumerate() {
            if self.full() {
                return;
            }
            if !seen.insert(p.id.as_str()) {
                self.push(
                    format!("projects[{i}].id"),
                    "Another project already has this id.",
                );
            }
            self.nested(&format!("projects[{i}]"), validate(p));
        }
        for (i, idea) in ideas.iter().enumerate() {
            if self.full() {
                return;
            }
            if !seen.insert(idea.id.as_str()) {
                self.push(
                    format!("ideas[{i}].id"),
                    "Another project or idea already has this id.",
                );
            }
            self.nested(&format!("ideas[{i}]"), validate_idea(idea));
        }
        let s = &ws.portfolio;
        if !(SimSettings::MIN_TRIALS..=SimSettings::MAX_TRIALS).contains(&s.trials) {
            self.push(
                "portfolio.trials",
                format!(
                    "Trials must be between {} and {}.",
                    SimSettings::MIN_TRIALS,
                    SimSettings::MAX_TRIALS
                ),
            );
        }
        let w = &s.weights;
        let weights = [
            ("impact", w.impact),
            ("data_readiness", w.data_readiness),
            ("cost", w.cost),
            ("error_cost", w.error_cost),
            ("ethics_risk", w.ethics_risk),
            ("strategic_fit", w.strategic_fit),
        ];
        let mut all_valid = true;
        for (field, weight) in weights {
            all_valid &= self.number(&format!("portfolio.weights.{field}"), weight, 0.0, 100.0);
        }
        if all_valid && weights.iter().map(|w| w.1).sum::<f64>() <= 0.0 {
            self.push(
                "portfolio.weights",
                "At least one criterion must have a weight above 0.",
            );
        }
    }

    fn requirements(&mut self, p: &Project) {
        let r = &p.requirements;
        self.number(
            "requirements.requests_per_day",
            r.requests_per_day,
            0.0,
            1e12,
        );
        self.number("requirements.peak_to_average", r.peak_to_average, 0.0, 1e6);
        self.number("requirements.users", r.users, 0.0, 1e12);
        self.number("requirements.latency_p95_ms", r.latency_p95_ms, 0.0, 1e9);
        self.number("requirements.model_time_ms", r.model_time_ms, 0.0, 1e9);
        self.text("requirements.metric", &r.metric, MAX_NAME_CHARS);
        if !r.minimum_performance.is_finite() {
            self.push("requirements.minimum_performance", "This must be a number.");
        }
        self.utilisation(r.target_utilisation);
        self.costs(r);
        // The NPV then depends on the sizing, so it must be computable; a field
        // already reported above is not reported twice.
        if r.run_cost_from_sizing {
            for e in validate_sizing(r) {
                if !self.errors.iter().any(|seen| seen.path == e.path) {
                    self.push(e.path, e.message);
                }
            }
        }
    }

    /// The serving's costs: money, zero or more.
    fn costs(&mut self, r: &Requirements) {
        for (path, x) in [
            (
                "requirements.instance_cost_per_hour",
                r.instance_cost_per_hour,
            ),
            (
                "requirements.monitoring_cost_per_year",
                r.monitoring_cost_per_year,
            ),
            (
                "requirements.retraining_cost_per_year",
                r.retraining_cost_per_year,
            ),
        ] {
            self.number(path, x, 0.0, MAX_MONEY);
        }
    }

    /// A target utilisation in (0, 1]; false (and reported) otherwise.
    fn utilisation(&mut self, u: f64) -> bool {
        let good = u > 0.0 && u <= 1.0;
        if !good {
            self.push(
                "requirements.target_utilisation",
                "The target utilisation must be above 0% and at most 100%.",
            );
        }
        good
    }

    fn plan(&mut self, p: &Project) {
        let plan = &p.plan;
        let metrics = self.within(
            "plan.success_metrics",
            plan.success_metrics.len(),
            MAX_PLAN_ITEMS,
            "success metrics",
        );
        let milestones = self.within(
            "plan.milestones",
            plan.milestones.len(),
            MAX_PLAN_ITEMS,
            "milestones",
        );
        if metrics {
            for (i, s) in plan.success_metrics.iter().enumerate() {
                self.text(&format!("plan.success_metrics[{i}]"), s, MAX_TEXT_CHARS);
            }
        }
        if milestones {
            for (i, m) in plan.milestones.iter().enumerate() {
                self.name(
                    &format!("plan.milestones[{i}].name"),
                    &m.name,
                    "milestone name",
                );
                self.text(
                    &format!("plan.milestones[{i}].criteria"),
                    &m.criteria,
                    MAX_TEXT_CHARS,
                );
            }
        }
        self.text("plan.monitoring", &plan.monitoring, MAX_TEXT_CHARS);
        self.text("plan.experiment", &plan.experiment, MAX_TEXT_CHARS);
        self.nested("plan.ab_test", validate_ab_test(&plan.ab_test));
        if self.within(
            "plan.canary",
            plan.canary.len(),
            MAX_CANARY_STEPS,
            "canary steps",
        ) {
            for e in validate_canary_steps("plan.canary", &plan.canary) {
                self.push(e.path, e.message);
            }
        }
        let mut checked = HashSet::new();
        let items = &plan.monitoring_checked;
        let all = MonitoringItem::ALL.len();
        let listed = if self.within("plan.monitoring_checked", items.len(), all, "items") {
            items.as_slice()
        } else {
            &[]
        };
        for (i, item) in listed.iter().enumerate() {
            if !checked.insert(*item) {
                self.push(
                    format!("plan.monitoring_checked[{i}]"),
                    "This monitoring item is checked twice.",
                );
            }
        }
    }

    fn settings(&mut self, p: &Project) {
        let s = &p.settings;
        if !(SimSettings::MIN_TRIALS..=SimSettings::MAX_TRIALS).contains(&s.trials) {
            self.push(
                "settings.trials",
                format!(
                    "Trials must be between {} and {}.",
                    SimSettings::MIN_TRIALS,
                    SimSettings::MAX_TRIALS
                ),
            );
        } else if f64::from(s.trials) * trial_work(p) > MAX_WORK {
            let most = (MAX_WORK / trial_work(p)).floor().max(0.0);
            self.push(
                "settings.trials",
                format!(
                    "A plan of this size can run at most {} trials (the forecast must finish in seconds): {} tasks, {} dependencies and {} risks.",
                    crate::format::thousands(most),
                    p.tasks.len(),
                    p.tasks.iter().map(|t| t.depends_on.len()).sum::<usize>(),
                    p.risks.len()
                ),
            );
        }
        if !s.confidence.is_finite() || !(0.01..=0.99).contains(&s.confidence) {
            self.push(
                "settings.confidence",
                "The confidence must be between 1% and 99%.",
            );
        }
        if let Some(b) = s.target_budget {
            self.number("settings.target_budget", b, 0.0, MAX_MONEY);
        }
        let c = &s.correlation;
        let max = Correlation::MAX;
        let phase = self.number(
            "settings.correlation.within_phase",
            c.within_phase,
            0.0,
            max,
        );
        let role = self.number("settings.correlation.within_role", c.within_role, 0.0, max);
        if phase && role && c.within_phase + c.within_role > max {
            self.push(
                "settings.correlation.within_role",
                format!(
                    "Within a phase and within a role together must be at most {}: every task keeps some spread of its own.",
                    shortest(max)
                ),
            );
        }
    }
}

/// A task name cut to a readable length for messages.
fn short(name: &str) -> String {
    let mut s: String = name.chars().take(60).collect();
    if name.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// One dependency cycle as task indices in dependency order, if there is any.
///
/// Unknown and self dependencies are ignored here (they are reported separately). An
/// iterative depth-first search keeps deep chains from exhausting the stack.
fn find_cycle(p: &Project, index_of: &HashMap<u32, usize>) -> Option<Vec<usize>> {
    let n = p.tasks.len();
    let deps: Vec<Vec<usize>> = p
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.depends_on
                .iter()
                .filter_map(|d| index_of.get(d).copied())
                .filter(|&j| j != i)
                .collect()
        })
        .collect();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match state[dep] {
                    0 => {
                        state[dep] = 1;
                        stack.push((dep, 0));
                    }
                    1 => {
                        // The path from `dep` to `node` plus the edge back is a cycle; list it
                        // so that each task is followed by one it depends on, then reverse
                        // to read in the order work would flow.
                        let from = stack.iter().position(|&(t, _)| t == dep).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].iter().map(|&(t, _)| t).collect();
                        cycle.reverse();
                        return Some(cycle);
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Role, Task};

    #[test]
    fn sizing_advice_is_at_the_fields_once_requirements_are_entered() {
        let mut p = plan();
        assert_eq!(
            sizing_advice(&p),
            vec![],
            "a new project's requirements ask nothing"
        );
        let paths =
            |p: &Project| -> Vec<String> { sizing_advice(p).into_iter().map(|e| e.path).collect() };
        p.requirements.freshness = Freshness::RealTime;
        assert_eq!(paths(&p), ["requirements.requests_per_day"], "zero traffic");
        p.requirements.requests_per_day = 10_000.0;
        p.requirements.latency_p95_ms = 10.0;
        p.requirements.model_time_ms = 30.0;
        p.requirements.peak_to_average = 0.5;
        assert_eq!(
            paths(&p),
            [
                "requirements.peak_to_average",
                "requirements.latency_p95_ms"
            ]
        );
        assert_eq!(validate(&p), vec![], "none of it stops the forecast");
    }

    fn plan() -> Project {
        let mut p = Project::new("p1", "Test", Date::from_ymd(2026, 1, 5).unwrap());
        p.team.push(Role {
            id: 1,
            name: "Data scientist".into(),
            headcount: 1.0,
            day_rate: 800.0,
        });
        for (id, deps) in [(1, vec![]), (2, vec![1]), (3, vec![2])] {
            p.tasks.push(Task {
                id,
                name: format!("Task {id}"),
                phase: crate::model::Phase::Modelling,
                stage: crate::model::Stage::Mvp,
                role: 1,
                effort: ThreePoint::new(1.0, 2.0, 4.0),
                distribution: Default::default(),
                kind: Default::default(),
                depends_on: deps,
                ..Default::default()
            });
        }
        p
    }

    fn paths(p: &Project) -> Vec<String> {
        validate(p).into_iter().map(|e| e.path).collect()
    }

    #[test]
    fn a_sound_plan_has_no_errors() {
        // Protects against false alarms on an ordinary plan.
        assert_eq!(validate(&plan()), vec![]);
        assert!(is_valid(&plan()));
    }

    #[test]
    fn a_cycle_is_reported_naming_every_task_in_it() {
        // Protects the promise that a cycle is a clear error naming the tasks.
        let mut p = plan();
        p.tasks[0].depends_on.push(3);
        let errors = validate(&p);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert!(e.path.ends_with(".depends_on"), "{e:?}");
        for name in ["Task 1", "Task 2", "Task 3"] {
            assert!(e.message.contains(name), "{e:?} should name {name}");
        }
    }

    #[test]
    fn each_kind_of_bad_task_field_is_reported_at_its_path() {
        // Protects field-level messages for the task table.
        let mut p = plan();
        p.tasks[0].name = "  ".into();
        p.tasks[1].effort = ThreePoint::new(3.0, 2.0, 1.0);
        p.tasks[2].effort.pessimistic = f64::NAN;
        p.tasks[2].role = 9;
        p.tasks[0].depends_on = vec![1, 42];
        let got = paths(&p);
        for want in [
            "tasks[0].name",
            "tasks[1].effort.optimistic",
            "tasks[1].effort.pessimistic",
            "tasks[2].effort.pessimistic",
            "tasks[2].role",
            "tasks[0].depends_on[0]",
            "tasks[0].depends_on[1]",
        ] {
            assert!(got.contains(&want.to_owned()), "missing {want} in {got:?}");
        }
        let mut p = plan();
        p.tasks[0].effort = ThreePoint::new(-1.0, 2.0, 3.0);
        assert_eq!(paths(&p), vec!["tasks[0].effort.optimistic"]);
    }

    #[test]
    fn bad_team_risk_and_settings_values_are_reported() {
        // Protects validation of every numeric input the engine relies on.
        let mut p = plan();
        p.team[0].headcount = 0.0;
        p.team.push(Role {
            id: 1,
            name: "Dup".into(),
            headcount: 1.0,
            day_rate: f64::INFINITY,
        });
        p.settings.trials = 10;
        p.settings.confidence = 1.5;
        p.working_days_per_week = 0;
        p.gate.probability = -0.1;
        p.risks.push(crate::model::Risk {
            id: 1,
            title: "Bad".into(),
            category: "Data".into(),
            probability: 1.2,
            schedule_impact: ThreePoint::new(1.0, 2.0, 3.0),
            target: crate::model::RiskTarget::Task(77),
            more_targets: Vec::new(),
            schedule_unit: crate::model::ScheduleUnit::Days,
            cost_impact: ThreePoint::new(0.0, 0.0, 0.0),
            owner: String::new(),
            status: Default::default(),
            mitigation: crate::model::Mitigation {
                impact_reduction: 2.0,
                ..Default::default()
            },
        });
        p.factor_rules[0].yes.most_likely = 0.0;
        let got = paths(&p);
        for want in [
            "team[0].headcount",
            "team[1].id",
            "team[1].day_rate",
            "settings.trials",
            "settings.confidence",
            "working_days_per_week",
            "gate.probability",
            "risks[0].probability",
            "risks[0].target",
            "risks[0].mitigation.impact_reduction",
            "factor_rules[0].yes.most_likely",
        ] {
            assert!(got.contains(&want.to_owned()), "missing {want} in {got:?}");
        }
    }

    #[test]
    fn oversized_input_is_rejected() {
        // Protects the page against untrusted files that would blow it up.
        let mut p = plan();
        p.name = "x".repeat(MAX_NAME_CHARS + 1);
        p.description = "y".repeat(MAX_TEXT_CHARS + 1);
        let t = p.tasks[0].clone();
        for i in 0..MAX_TASKS {
            let mut t = t.clone();
            t.id = 100 + i as u32;
            p.tasks.push(t);
        }
        let got = paths(&p);
        for want in ["name", "description", "tasks"] {
            assert!(got.contains(&want.to_owned()), "missing {want} in {got:?}");
        }
    }

    #[test]
    fn duplicate_task_ids_and_self_dependencies_are_reported() {
        // Protects the id uniqueness the engine's lookups depend on.
        let mut p = plan();
        p.tasks[2].id = 2;
        p.tasks[0].depends_on = vec![1];
        let got = paths(&p);
        assert!(got.contains(&"tasks[2].id".to_owned()), "{got:?}");
        assert!(
            got.contains(&"tasks[0].depends_on[0]".to_owned()),
            "{got:?}"
        );
    }

    #[test]
    fn bad_idea_fields_are_reported_at_their_paths() {
        // Protects the light idea form: each bad value is named where the user typed it.
        let mut idea = crate::model::Idea::new("i", "Idea", Date::from_days(0));
        assert_eq!(validate_idea(&idea), vec![]);
        idea.name = " ".into();
        idea.currency = "eur".into();
        idea.cost = Some(ThreePoint::new(0.0, 0.0, 10.0));
        idea.feasibility = 1.5;
        idea.day_rate = -1.0;
        idea.value.horizon_years = f64::NAN;
        idea.ratings.impact = 0;
        idea.ratings.ethics_risk = 6;
        let got: Vec<String> = validate_idea(&idea).into_iter().map(|e| e.path).collect();
        for want in [
            "name",
            "currency",
            "cost.most_likely",
            "feasibility",
            "day_rate",
            "value.horizon_years",
            "ratings.impact",
            "ratings.ethics_risk",
        ] {
            assert!(got.contains(&want.to_owned()), "missing {want} in {got:?}");
        }
    }

    #[test]
    fn workspace_errors_name_the_project_or_idea_they_belong_to() {
        // Protects nested paths, ids unique across projects and ideas, and the settings.
        let mut ws = crate::model::Workspace::default();
        ws.projects.push(plan());
        let mut broken = plan();
        broken.id = "p2".into();
        broken.tasks[1].effort.optimistic = -1.0;
        ws.projects.push(broken);
        let mut idea = crate::model::Idea::new("p1", "Clash", Date::from_days(0));
        idea.feasibility = -0.5;
        ws.ideas.push(idea);
        ws.portfolio.trials = 5;
        ws.portfolio.weights = crate::model::CriteriaWeights {
            impact: 0.0,
            data_readiness: 0.0,
            cost: 0.0,
            error_cost: 0.0,
            ethics_risk: 0.0,
            strategic_fit: 0.0,
        };
        let got: Vec<String> = validate_workspace(&ws)
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(
            got,
            vec![
                "projects[1].tasks[1].effort.optimistic",
                "ideas[0].id",
                "ideas[0].feasibility",
                "portfolio.trials",
                "portfolio.weights",
            ]
        );
        ws.portfolio.weights.cost = f64::INFINITY;
        assert!(validate_workspace(&ws)
            .iter()
            .any(|e| e.path == "portfolio.weights.cost"));
    }
}

//! Serving sizing (docs/MODEL.md §22): from a project's requirements, the peak load,
//! how to serve (batch, online or streaming) and why, the model instances needed, what
//! happens when the model fails, the storage or queue the mode implies, the annual run
//! cost, and the work the architecture implies, as tasks a plan can take.
//!
//! Pure and deterministic, no simulation. Online and streaming serving are sized with
//! the M/M/c queue: requests arrive as a Poisson stream at the peak rate λ, each takes
//! an exponential model time of mean s on one of c instances, so the offered load is
//! A = λ·s Erlangs; a request waits with the probability C(c, A) of Erlang's C formula
//! and its wait W has P(W > t) = C·e^{−(c − A)t/s}. The p95 response time is taken as
//! the wait's 95th percentile plus the model time. The smallest c that keeps the
//! utilisation A / c within the target and the p95 response time within the latency
//! target is found by stepping c up from the utilisation's bound, and one instance
//! more (N+1) survives the loss of one. The logarithm is [`super::dist::ln`], so the
//! numbers are the same natively and in WebAssembly.
//!
//! [`size`] refuses requirements it cannot size (no traffic, a latency target below
//! the model time, …) with the validator's messages at the requirements' paths
//! ([`validate_sizing`]). [`value_run_cost`] is the run cost the value model uses:
//! the sizing's annual run cost when `requirements.run_cost_from_sizing` is on.
//! [`MONITORING_CHECKLIST`] is the monitoring plan's checklist, each item with the
//! task it becomes.

use super::dist::ln;
use super::stats::clean;
use crate::format::thousands;
use crate::model::validate::{validate_sizing, FieldError};
use crate::model::{Distribution, Freshness, Phase, Project, Requirements, Stage, Task};
use crate::model::{Id, MonitoringItem, ThreePoint};
use serde::Serialize;

/// Seconds in a day: requests per day over this are the average rate.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// Hours in a year of always-on serving.
pub const HOURS_PER_YEAR: f64 = 8_760.0;
/// The response-time percentile the latency target is read at.
pub const LATENCY_QUANTILE: f64 = 0.95;
/// Real-time predictions with a latency target of at least this many milliseconds…
pub const STREAMING_LATENCY_MS: f64 = 1_000.0;
/// …and a peak of at least this many requests a second are served from a stream.
pub const STREAMING_PEAK_RPS: f64 = 100.0;
/// Share of the interval between batch runs (a day or an hour) a run has to finish,
/// and is billed for.
pub const BATCH_WINDOW_SHARE: f64 = 0.25;
/// Slack below which a ratio counts as a whole number when rounded up, so that a load
/// exactly at the target in decimal (1.4 / 0.7) is not rounded up by binary rounding.
const ROUNDING_SLACK: f64 = 1e-9;

/// How predictions reach the people or systems that use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Computed on a schedule and stored for lookup.
    Batch,
    /// A service answers each request as it comes.
    Online,
    /// Events flow through a queue and are scored as they arrive.
    Streaming,
}

impl Mode {
    /// The mode's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Batch => "Batch",
            Mode::Online => "Online",
            Mode::Streaming => "Streaming",
        }
    }
}

/// What answers when the model cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FallbackKind {
    /// The store keeps serving the last good batch.
    LastBatch,
    /// A simple rule or default answers the request.
    RuleBased,
    /// Events wait in the queue and are replayed; late ones get a rule-based answer.
    Replay,
}

/// Whether a fallback has to be built, which kind, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fallback {
    pub needed: bool,
    pub kind: FallbackKind,
    pub reason: &'static str,
}

/// The storage or queue a mode implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    /// A table or key-value store of the latest predictions.
    PredictionStore,
    /// An online feature store or cache for request-time features.
    FeatureStore,
    /// A message queue or log holding events until they are scored.
    Queue,
}

impl Storage {
    /// What it is, in one sentence.
    pub fn description(self) -> &'static str {
        match self {
            Storage::PredictionStore => "A table or key-value store of the latest predictions, keyed for lookup.",
            Storage::FeatureStore => "An online feature store or cache, so that a request reads its features in milliseconds instead of computing them.",
            Storage::Queue => "A message queue or log that holds events until they are scored, and a sink for the results.",
        }
    }
}

/// The M/M/c figures at peak for the instances that carry the load (the spare of N+1
/// left out).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Queueing {
    /// Instances carrying the load, c.
    pub servers: u32,
    /// A / c.
    pub utilisation: f64,
    /// Erlang C: the probability that a request waits.
    pub wait_probability: f64,
    /// The 95th percentile of the wait, in milliseconds.
    pub wait_p95_ms: f64,
    /// The p95 wait plus the model time, in milliseconds.
    pub response_p95_ms: f64,
}

/// A task the architecture or the monitoring plan implies, before it joins a plan.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TaskSpec {
    /// Stable name of the kind of work (`prediction-service`, `load-test`).
    pub key: &'static str,
    pub name: &'static str,
    pub phase: Phase,
    pub stage: Stage,
    /// The role that usually does it, matched by name against the team.
    pub role: &'static str,
    /// Default three-point effort in person-days.
    pub effort: ThreePoint,
}

impl TaskSpec {
    const fn new(
        key: &'static str,
        name: &'static str,
        phase: Phase,
        stage: Stage,
        role: &'static str,
        effort: (f64, f64, f64),
    ) -> Self {
        Self {
            key,
            name,
            phase,
            stage,
            role,
            effort: ThreePoint::new(effort.0, effort.1, effort.2),
        }
    }

    /// The task as it joins `project`: the next free id, PERT, after the plan's last
    /// task (in the plan's order) of the latest phase before its own among the tasks of
    /// a stage no later than its own (none if there is none), done by the team's role of this name (case and
    /// surrounding spaces ignored), else the first role with "engineer" in its name,
    /// else the first role (0 on an empty team, which validation then asks to choose).
    pub fn to_task(&self, project: &Project) -> Task {
        let team = &project.team;
        let named = |want: &str| {
            team.iter()
                .find(|r| r.name.trim().eq_ignore_ascii_case(want))
        };
        let engineer = || {
            team.iter()
                .find(|r| r.name.to_ascii_lowercase().contains("engineer"))
        };
        let role: Id = named(self.role)
            .or_else(engineer)
            .or(team.first())
            .map_or(0, |r| r.id);
        Task {
            id: project.next_task_id(),
            name: self.name.to_owned(),
            phase: self.phase,
            stage: self.stage,
            role,
            effort: self.effort,
            distribution: Distribution::Pert,
            kind: Default::default(),
            depends_on: project
                .tasks
                .iter()
                .filter(|t| t.phase < self.phase && t.stage <= self.stage)
                .max_by_key(|t| t.phase)
                .map(|t| t.id)
                .into_iter()
                .collect(),
            ..Default::default()
        }
    }
}

/// The serving sizing of a set of requirements.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sizing {
    /// Peak requests per second.
    pub peak_rps: f64,
    pub mode: Mode,
    /// Why this mode, in one sentence.
    pub reason: String,
    /// Offered load at peak in Erlangs (busy instances): peak rate × model time.
    pub load: f64,
    /// Model instances to run: N+1 for online and streaming, the batch run's otherwise.
    pub instances: u32,
    /// The queue at peak (online and streaming only).
    pub queueing: Option<Queueing>,
    pub fallback: Fallback,
    pub storage: Storage,
    /// Instance-hours billed in a year.
    pub instance_hours_per_year: f64,
    /// Instance-hours × cost per instance-hour.
    pub instance_cost_per_year: f64,
    /// Instances plus monitoring plus retraining, per year.
    pub annual_run_cost: f64,
    /// The work this architecture implies, in plan order.
    pub implied_tasks: Vec<TaskSpec>,
}

/// Peak requests per second: requests per day × peak-to-average / 86,400 (0 when that
/// is not a number or negative).
pub fn peak_rps(r: &Requirements) -> f64 {
    clean(r.requests_per_day * r.peak_to_average / SECONDS_PER_DAY).max(0.0)
}

/// The serving mode for `r` at peak rate `peak`, and why, in one sentence.
pub fn mode(r: &Requirements, peak: f64) -> (Mode, String) {
    match r.freshness {
        Freshness::Daily | Freshness::Hourly => {
            let age = if r.freshness == Freshness::Daily {
                "a day"
            } else {
                "an hour"
            };
            (
                Mode::Batch,
                format!("Predictions may be up to {age} old, so computing them on a schedule and storing them for lookup is the simplest and cheapest way to serve them."),
            )
        }
        Freshness::RealTime
            if r.latency_p95_ms >= STREAMING_LATENCY_MS && peak >= STREAMING_PEAK_RPS =>
        {
            (
                Mode::Streaming,
                format!(
                    "Predictions are needed as events arrive but may take {} ms, and at {} requests a second a queue evens out the load, so events are scored from a stream.",
                    thousands(r.latency_p95_ms),
                    thousands(peak)
                ),
            )
        }
        Freshness::RealTime => (
            Mode::Online,
            format!(
                "Predictions are needed within {} ms of each request, so a prediction service answers each request as it comes.",
                thousands(r.latency_p95_ms)
            ),
        ),
    }
}

/// Erlang's C formula: the probability that a request waits in an M/M/c queue with
/// `servers` instances and an offered load of `load` Erlangs (1 when the queue is not
/// stable, `load` ≥ `servers`). Computed through Erlang B's recursion, which stays
/// within [0, 1] for any number of servers.
pub fn erlang_c(servers: u32, load: f64) -> f64 {
    from_erlang_b(erlang_b(servers, load), servers, load)
}

/// Erlang's B formula by its recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)).
fn erlang_b(servers: u32, load: f64) -> f64 {
    (1..=servers).fold(1.0, |b, k| next_erlang_b(b, k, load))
}

fn next_erlang_b(b: f64, k: u32, load: f64) -> f64 {
    load * b / (f64::from(k) + load * b)
}

/// C = B / (1 − ρ(1 − B)) with ρ = A / c.
fn from_erlang_b(b: f64, servers: u32, load: f64) -> f64 {
    if !(load < f64::from(servers)) {
        return 1.0;
    }
    let rho = load / f64::from(servers);
    b / (1.0 - rho * (1.0 - b))
}

/// The `q`-quantile of the wait in an M/M/c queue, in units of the mean model time:
/// 0 when the chance of waiting is at most 1 − q, else ln(C / (1 − q)) / (c − A)
/// (infinite when the queue is not stable).
pub fn wait_quantile(servers: u32, load: f64, q: f64) -> f64 {
    wait_from_c(erlang_c(servers, load), servers, load, q)
}

fn wait_from_c(c: f64, servers: u32, load: f64, q: f64) -> f64 {
    let tail = 1.0 - q;
    if !(load < f64::from(servers)) {
        f64::INFINITY
    } else if c <= tail {
        0.0
    } else {
        ln(c / tail) / (f64::from(servers) - load)
    }
}

/// ⌈x⌉ with [`ROUNDING_SLACK`], at least 1.
fn whole_up(x: f64) -> u32 {
    (x - ROUNDING_SLACK).ceil().max(1.0) as u32
}

/// Sizes the serving of `r`, or says at the requirements' paths why it cannot.
pub fn size(r: &Requirements) -> Result<Sizing, Vec<FieldError>> {
    let errors = validate_sizing(r);
    if !errors.is_empty() {
        return Err(errors);
    }
    let peak = peak_rps(r);
    let model_s = r.model_time_ms / 1000.0;
    let load = peak * model_s;
    let (mode, reason) = mode(r, peak);
    let (instances, queueing, hours) = if mode == Mode::Batch {
        let work = r.requests_per_day * model_s;
        let window = SECONDS_PER_DAY * BATCH_WINDOW_SHARE;
        let n = whole_up(work / (window * r.target_utilisation));
        (n, None, f64::from(n) * HOURS_PER_YEAR * BATCH_WINDOW_SHARE)
    } else {
        let q = queue(
            load,
            r.model_time_ms,
            r.latency_p95_ms,
            r.target_utilisation,
        );
        let n = q.servers + 1;
        (n, Some(q), f64::from(n) * HOURS_PER_YEAR)
    };
    let instance_cost = hours * r.instance_cost_per_hour;
    Ok(Sizing {
        peak_rps: peak,
        mode,
        reason,
        load,
        instances,
        queueing,
        fallback: fallback(mode),
        storage: storage(mode),
        instance_hours_per_year: hours,
        instance_cost_per_year: instance_cost,
        annual_run_cost: instance_cost + r.monitoring_cost_per_year + r.retraining_cost_per_year,
        implied_tasks: implied_tasks(mode),
    })
}

/// The smallest c with A / c ≤ the target utilisation, c > A, and the p95 wait plus
/// the model time within the latency target. Stepping c up ends: the chance of waiting
/// falls to zero as c grows, and then the response time is the model time, which
/// validation keeps within the target.
fn queue(load: f64, model_ms: f64, latency_ms: f64, utilisation: f64) -> Queueing {
    let mut servers = whole_up(load / utilisation).max(load.floor() as u32 + 1);
    let mut b = erlang_b(servers, load);
    loop {
        let c = from_erlang_b(b, servers, load);
        let wait = wait_from_c(c, servers, load, LATENCY_QUANTILE) * model_ms;
        if wait + model_ms <= latency_ms {
            return Queueing {
                servers,
                utilisation: load / f64::from(servers),
                wait_probability: c,
                wait_p95_ms: wait,
                response_p95_ms: wait + model_ms,
            };
        }
        servers += 1;
        b = next_erlang_b(b, servers, load);
    }
}

fn fallback(mode: Mode) -> Fallback {
    match mode {
        Mode::Batch => Fallback {
            needed: false,
            kind: FallbackKind::LastBatch,
            reason: "Not as a separate mechanism: when a run fails, the store keeps serving the last good batch while the run is repeated.",
        },
        Mode::Online => Fallback {
            needed: true,
            kind: FallbackKind::RuleBased,
            reason: "Each request waits for its answer, so when the model is down, slow or out of bounds a simple rule or default must answer instead.",
        },
        Mode::Streaming => Fallback {
            needed: true,
            kind: FallbackKind::Replay,
            reason: "When the model is down, events wait in the queue and are replayed once it is back; events past their deadline get a rule-based answer.",
        },
    }
}

fn storage(mode: Mode) -> Storage {
    match mode {
        Mode::Batch => Storage::PredictionStore,
        Mode::Online => Storage::FeatureStore,
        Mode::Streaming => Storage::Queue,
    }
}

/// The work a mode implies: serving, its storage or queue, the fallback when one is
/// needed, monitoring and alerting, the retraining pipeline and a load test.
pub fn implied_tasks(mode: Mode) -> Vec<TaskSpec> {
    use Phase::{DataPreparation, Deployment, Monitoring};
    use Stage::{Growth, Mvp};
    let (serving, store, fallback, load_test) = match mode {
        Mode::Batch => (
            TaskSpec::new(
                "batch-pipeline",
                "Batch scoring pipeline and schedule",
                Deployment,
                Mvp,
                "ML engineer",
                (3.0, 6.0, 12.0),
            ),
            TaskSpec::new(
                "prediction-store",
                "Prediction store and lookup",
                Deployment,
                Mvp,
                "Data engineer",
                (2.0, 4.0, 8.0),
            ),
            None,
            TaskSpec::new(
                "load-test",
                "Load test: a full-volume batch run",
                Deployment,
                Mvp,
                "ML engineer",
                (1.0, 2.0, 4.0),
            ),
        ),
        Mode::Online => (
            TaskSpec::new(
                "prediction-service",
                "Prediction service (API) with N+1 instances",
                Deployment,
                Mvp,
                "ML engineer",
                (5.0, 10.0, 20.0),
            ),
            TaskSpec::new(
                "feature-store",
                "Online feature store or cache",
                DataPreparation,
                Growth,
                "Data engineer",
                (5.0, 10.0, 20.0),
            ),
            Some(TaskSpec::new(
                "fallback",
                "Rule-based fallback when the model is down or slow",
                Deployment,
                Mvp,
                "Software engineer",
                (2.0, 4.0, 8.0),
            )),
            TaskSpec::new(
                "load-test",
                "Load test at peak traffic",
                Deployment,
                Mvp,
                "Software engineer",
                (2.0, 3.0, 6.0),
            ),
        ),
        Mode::Streaming => (
            TaskSpec::new(
                "stream-scoring",
                "Stream scoring service with N+1 instances",
                Deployment,
                Mvp,
                "ML engineer",
                (5.0, 10.0, 20.0),
            ),
            TaskSpec::new(
                "queue",
                "Message queue, consumers and result sink",
                Deployment,
                Mvp,
                "Data engineer",
                (3.0, 6.0, 12.0),
            ),
            Some(TaskSpec::new(
                "fallback",
                "Replay and a rule-based answer for late events",
                Deployment,
                Mvp,
                "Software engineer",
                (2.0, 5.0, 10.0),
            )),
            TaskSpec::new(
                "load-test",
                "Load test at peak traffic",
                Deployment,
                Mvp,
                "Software engineer",
                (2.0, 3.0, 6.0),
            ),
        ),
    };
    let mut tasks = vec![serving, store];
    tasks.extend(fallback);
    tasks.push(TaskSpec::new(
        "monitoring",
        "Monitoring and alerting",
        Monitoring,
        Mvp,
        "ML engineer",
        (3.0, 5.0, 10.0),
    ));
    tasks.push(TaskSpec::new(
        "retraining-pipeline",
        "Retraining pipeline",
        Monitoring,
        Growth,
        "ML engineer",
        (5.0, 10.0, 20.0),
    ));
    tasks.push(load_test);
    tasks
}

/// The run cost per year the value model uses: the sizing's annual run cost when
/// `requirements.run_cost_from_sizing` is on and the requirements can be sized
/// (validation makes sure of that for a project it passes), else
/// `value.run_cost_per_year`.
pub fn value_run_cost(p: &Project) -> f64 {
    let manual = p.value.run_cost_per_year;
    if !p.requirements.run_cost_from_sizing {
        return manual;
    }
    size(&p.requirements).map_or(manual, |s| s.annual_run_cost)
}

/// One item of the monitoring plan's checklist (the "maximum ROI" guide's §12: data
/// or concepts shift, servers break, software has bugs, and plans of action are
/// needed as fallbacks), with the task it becomes when checked.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    /// The item as a project stores it when checked (`plan.monitoring_checked`).
    pub item: MonitoringItem,
    pub label: &'static str,
    /// What it watches for, in one sentence.
    pub explanation: &'static str,
    pub task: TaskSpec,
}

/// The monitoring checklist, in the order the page lists it.
pub const MONITORING_CHECKLIST: [ChecklistItem; 5] = {
    use Phase::Monitoring;
    use Stage::{Growth, Mvp};
    [
        ChecklistItem {
            item: MonitoringItem::DataDrift,
            label: "Data drift",
            explanation: "The inputs shift away from the training data (new customers, products, sensors or seasons).",
            task: TaskSpec::new("data-drift", "Data drift monitoring: live inputs against the training data", Monitoring, Mvp, "ML engineer", (2.0, 4.0, 8.0)),
        },
        ChecklistItem {
            item: MonitoringItem::ConceptDrift,
            label: "Concept drift",
            explanation: "The link between inputs and outcomes changes, so accuracy decays; live performance is tracked as labels arrive.",
            task: TaskSpec::new("concept-drift", "Live performance tracking against incoming labels", Monitoring, Growth, "Data scientist", (3.0, 5.0, 10.0)),
        },
        ChecklistItem {
            item: MonitoringItem::Failures,
            label: "Server and software failures",
            explanation: "Servers break and software has undetected bugs; health checks and alerts on errors and latency catch them.",
            task: TaskSpec::new("failures", "Health checks and alerts on errors and latency", Monitoring, Mvp, "ML engineer", (2.0, 3.0, 6.0)),
        },
        ChecklistItem {
            item: MonitoringItem::FallbackActions,
            label: "Fallback actions",
            explanation: "Plans of action, automated or not, for when something goes wrong: switch to the fallback, roll the model back.",
            task: TaskSpec::new("fallback-actions", "Runbook and automatic switch to the fallback", Monitoring, Mvp, "ML engineer", (1.0, 3.0, 5.0)),
        },
        ChecklistItem {
            item: MonitoringItem::RetrainingTriggers,
            label: "Retraining triggers",
            explanation: "What starts a retraining: a schedule, a drift threshold or a drop in live performance.",
            task: TaskSpec::new("retraining-triggers", "Retraining triggers and their thresholds", Monitoring, Growth, "Data scientist", (1.0, 2.0, 4.0)),
        },
    ]
};

/// The tasks of the monitoring checklist's checked items (in checklist order) that
/// the plan does not have yet ([`super::abtest::already_added`]), with successive free
/// ids, as [`TaskSpec::to_task`] makes them.
pub fn monitoring_tasks(project: &Project) -> Vec<Task> {
    let mut with = project.clone();
    let checked = &project.plan.monitoring_checked;
    let mut out = Vec::new();
    for item in MONITORING_CHECKLIST
        .iter()
        .filter(|i| checked.contains(&i.item))
    {
        let task = item.task.to_task(&with);
        if !super::abtest::already_added(&with, &task) {
            with.tasks.push(task.clone());
            out.push(task);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::templates::bike_shop;
    use crate::model::validate::validate;
    use crate::model::Date;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    fn real_time(requests_per_day: f64, model_time_ms: f64, latency_p95_ms: f64) -> Requirements {
        Requirements {
            requests_per_day,
            peak_to_average: 1.0,
            freshness: Freshness::RealTime,
            model_time_ms,
            latency_p95_ms,
            ..Requirements::default()
        }
    }

    fn paths(r: &Requirements) -> Vec<String> {
        size(r).unwrap_err().into_iter().map(|e| e.path).collect()
    }

    #[test]
    fn erlang_c_matches_its_closed_form() {
        // Exact values from C = (Aᶜ/c!)(c/(c−A)) / (Σ_{k<c} Aᵏ/k! + (Aᶜ/c!)(c/(c−A))),
        // worked in rational arithmetic: 1/3 for two servers and one Erlang, 4/9 for
        // three servers and two.
        assert!(close(erlang_c(2, 1.0), 1.0 / 3.0, 1e-15));
        assert!(close(erlang_c(3, 2.0), 4.0 / 9.0, 1e-15));
        // M/M/1: the chance of waiting is the utilisation.
        assert!(close(erlang_c(1, 0.06), 0.06, 1e-15));
        // The textbook call-centre case, 10 Erlangs on 11 to 15 agents: 68.2%, 44.9%,
        // 28.5%, 17.4%, 10.2% wait.
        let known = [
            (11, 0.682_118_204_689_332_4),
            (12, 0.449_388_224_298_270_9),
            (13, 0.285_270_453_036_492_95),
            (14, 0.174_131_933_595_049_83),
            (15, 0.102_042_367_007_988_01),
        ];
        for (c, p) in known {
            assert!(
                close(erlang_c(c, 10.0), p, 1e-13),
                "{c}: {}",
                erlang_c(c, 10.0)
            );
        }
        // An unstable queue always waits; no servers, no answers.
        assert_eq!(erlang_c(10, 10.0), 1.0);
        assert_eq!(erlang_c(3, 7.5), 1.0);
        assert_eq!(erlang_c(0, 0.5), 1.0);
        // Thousands of servers stay within [0, 1] (the direct formula overflows).
        let big = erlang_c(5_000, 4_900.0);
        assert!(big > 0.0 && big < 1.0, "{big}");
    }

    #[test]
    fn the_wait_quantile_follows_the_exponential_tail() {
        // c = 2, A = 1: P(W > t) = e^(−t)/3 in model times, so P95 = ln(20/3).
        assert!(close(
            wait_quantile(2, 1.0, 0.95),
            (20.0f64 / 3.0).ln(),
            1e-14
        ));
        // At most 5% wait: the p95 wait is zero.
        assert_eq!(wait_quantile(20, 10.0, 0.95), 0.0);
        assert!(close(
            wait_quantile(15, 10.0, 0.95),
            (0.102_042_367_007_988_01f64 / 0.05).ln() / 5.0,
            1e-12
        ));
        assert_eq!(wait_quantile(10, 10.0, 0.95), f64::INFINITY);
    }

    #[test]
    fn a_light_online_load_needs_one_instance_and_a_spare() {
        // 3 requests a second of 20 ms: 0.06 Erlangs; M/M/1 waits 6% of the time, p95
        // wait = ln(0.06/0.05)/0.94 × 20 ms.
        let r = Requirements {
            requests_per_day: 86_400.0,
            peak_to_average: 3.0,
            freshness: Freshness::RealTime,
            ..Requirements::default()
        };
        let s = size(&r).unwrap();
        assert_eq!(s.peak_rps, 3.0);
        assert_eq!(s.mode, Mode::Online);
        assert!(close(s.load, 0.06, 1e-15));
        assert_eq!(s.instances, 2);
        let q = s.queueing.unwrap();
        assert_eq!(q.servers, 1);
        let wait = (0.06f64 / 0.05).ln() / 0.94 * 20.0;
        assert!(close(q.wait_p95_ms, wait, 1e-13), "{}", q.wait_p95_ms);
        assert!(close(q.response_p95_ms, wait + 20.0, 1e-13));
        assert_eq!(s.instance_hours_per_year, 2.0 * 8_760.0);
    }

    #[test]
    fn the_latency_target_can_need_more_instances_than_the_utilisation() {
        // 100 requests a second of 100 ms: 10 Erlangs. At 100% utilisation 11 servers
        // suffice for the load, but the p95 response (wait + 100 ms) is 361, 210, 158
        // and 131 ms on 11 to 14 servers: a 150 ms target needs 14, plus a spare.
        let mut r = real_time(8_640_000.0, 100.0, 150.0);
        r.target_utilisation = 1.0;
        let s = size(&r).unwrap();
        let q = s.queueing.as_ref().unwrap();
        assert_eq!((q.servers, s.instances), (14, 15));
        let wait = (0.174_131_933_595_049_83f64 / 0.05).ln() / 4.0 * 100.0;
        assert!(close(q.wait_p95_ms, wait, 1e-12));
        // One fewer misses the target.
        assert!(wait_quantile(13, 10.0, 0.95) * 100.0 + 100.0 > 150.0);
        // At 70% the utilisation binds first: ⌈10 / 0.7⌉ = 15 servers.
        r.target_utilisation = 0.7;
        assert_eq!(size(&r).unwrap().queueing.unwrap().servers, 15);
        // A load exactly at the target is not rounded up: 1.4 Erlangs at 70% is 2.
        let mut r = real_time(86_400.0 * 14.0, 100.0, 10_000.0);
        r.target_utilisation = 0.7;
        assert_eq!(size(&r).unwrap().queueing.unwrap().servers, 2);
    }

    #[test]
    fn batch_runs_have_a_quarter_of_their_interval() {
        // The bike shop: 80,000 forecasts a day of 5 ms is 400 instance-seconds, far
        // within one instance's 6-hour window; billed 2,190 hours a year.
        let mut p = bike_shop("b".into(), Date::from_days(20_000));
        p.requirements.instance_cost_per_hour = 2.0;
        p.requirements.monitoring_cost_per_year = 5_000.0;
        p.requirements.retraining_cost_per_year = 3_000.0;
        let s = size(&p.requirements).unwrap();
        assert_eq!(s.mode, Mode::Batch);
        assert_eq!(s.instances, 1);
        assert_eq!(s.queueing, None);
        assert_eq!(s.instance_hours_per_year, 2_190.0);
        assert_eq!(s.instance_cost_per_year, 4_380.0);
        assert_eq!(s.annual_run_cost, 12_380.0);
        assert!(!s.fallback.needed);
        assert_eq!(s.fallback.kind, FallbackKind::LastBatch);
        assert_eq!(s.storage, Storage::PredictionStore);
        // 10⁸ a day of 10 ms: 10⁶ s of work over 21,600 s × 0.7 → 66.1 → 67.
        let r = Requirements {
            requests_per_day: 1e8,
            model_time_ms: 10.0,
            freshness: Freshness::Hourly,
            ..Requirements::default()
        };
        assert_eq!(size(&r).unwrap().instances, 67);
    }

    #[test]
    fn the_mode_follows_freshness_latency_and_volume() {
        let mut r = real_time(86_400.0, 20.0, 200.0);
        assert_eq!(mode(&r, 1.0).0, Mode::Online);
        r.latency_p95_ms = 2_000.0;
        assert_eq!(mode(&r, 99.0).0, Mode::Online, "too little volume");
        let (m, reason) = mode(&r, 100.0);
        assert_eq!(m, Mode::Streaming);
        assert!(
            reason.contains("2,000 ms") && reason.contains("100 requests"),
            "{reason}"
        );
        r.freshness = Freshness::Hourly;
        let (m, reason) = mode(&r, 1e6);
        assert_eq!(m, Mode::Batch);
        assert!(reason.contains("up to an hour old"), "{reason}");
        // Every reason is one sentence.
        for f in Freshness::ALL {
            r.freshness = f;
            let reason = mode(&r, 500.0).1;
            assert_eq!(reason.matches(". ").count(), 0, "{reason}");
            assert!(reason.ends_with('.'));
        }
        // Streaming sizes with the same queue, falls back by replay, and needs a queue.
        let s = size(&real_time(86_400.0 * 200.0, 50.0, 1_500.0)).unwrap();
        assert_eq!(s.mode, Mode::Streaming);
        assert_eq!(
            (s.fallback.needed, s.fallback.kind),
            (true, FallbackKind::Replay)
        );
        assert_eq!(s.storage, Storage::Queue);
        assert!(s.queueing.is_some());
    }

    #[test]
    fn each_mode_implies_its_work() {
        let keys = |m| implied_tasks(m).iter().map(|t| t.key).collect::<Vec<_>>();
        assert_eq!(
            keys(Mode::Online),
            [
                "prediction-service",
                "feature-store",
                "fallback",
                "monitoring",
                "retraining-pipeline",
                "load-test"
            ]
        );
        assert_eq!(
            keys(Mode::Batch),
            [
                "batch-pipeline",
                "prediction-store",
                "monitoring",
                "retraining-pipeline",
                "load-test"
            ]
        );
        assert_eq!(
            keys(Mode::Streaming),
            [
                "stream-scoring",
                "queue",
                "fallback",
                "monitoring",
                "retraining-pipeline",
                "load-test"
            ]
        );
        for m in [Mode::Batch, Mode::Online, Mode::Streaming] {
            for t in implied_tasks(m) {
                let e = t.effort;
                assert!(
                    0.0 < e.optimistic
                        && e.optimistic <= e.most_likely
                        && e.most_likely <= e.pessimistic
                );
            }
        }
    }

    #[test]
    fn an_implied_task_joins_the_plan_with_a_role_from_the_team() {
        let mut p = bike_shop("b".into(), Date::from_days(20_000));
        let spec = implied_tasks(Mode::Online)[2]; // the fallback, a software engineer's
        let task = spec.to_task(&p);
        assert_eq!(task.id, p.next_task_id());
        assert_eq!(p.role(task.role).unwrap().name, "Software engineer");
        assert_eq!((task.phase, task.stage), (Phase::Deployment, Stage::Mvp));
        // After the MVP's last evaluation task (the go / no-go review), not after the
        // last task of any earlier phase (the MVP's steering, which starts on day one).
        let after = |task: &Task| p.task(task.depends_on[0]).map(|t| t.name.clone());
        assert_eq!(
            after(&task).as_deref(),
            Some("Go / no-go review of pilot forecasts with buyers")
        );
        let store = implied_tasks(Mode::Online)[1].to_task(&p); // data preparation, growth
        assert_eq!(
            after(&store).as_deref(),
            Some("Add weather and local events data")
        );
        p.tasks.push(task);
        assert!(validate(&p).is_empty(), "{:?}", validate(&p));
        // No role of that name: the first engineer, else the first role.
        let spec = MONITORING_CHECKLIST[1].task; // a data scientist's
        p.team.retain(|r| r.name != "Data scientist");
        let engineer = p
            .team
            .iter()
            .find(|r| r.name.contains("engineer"))
            .unwrap()
            .id;
        assert_eq!(spec.to_task(&p).role, engineer);
        p.team
            .retain(|r| !r.name.to_ascii_lowercase().contains("engineer"));
        assert_eq!(spec.to_task(&p).role, p.team[0].id);
        p.team.clear();
        assert_eq!(spec.to_task(&p).role, 0);
    }

    #[test]
    fn the_monitoring_checklist_covers_the_guide() {
        let items: Vec<MonitoringItem> = MONITORING_CHECKLIST.iter().map(|i| i.item).collect();
        assert_eq!(items, MonitoringItem::ALL);
        for item in MONITORING_CHECKLIST {
            assert_eq!(item.task.phase, Phase::Monitoring);
            let stored = serde_json::to_string(&item.item).unwrap();
            assert_eq!(stored, format!("\"{}\"", item.task.key));
            assert!(item.explanation.ends_with('.'));
        }
    }

    #[test]
    fn bad_requirements_are_refused_at_their_fields() {
        let good = real_time(86_400.0, 20.0, 200.0);
        assert!(size(&good).is_ok());
        let mut r = good.clone();
        r.requests_per_day = 0.0;
        let e = size(&r).unwrap_err();
        assert_eq!(e[0].path, "requirements.requests_per_day");
        assert!(e[0].message.contains("above zero"), "{}", e[0].message);
        r.requests_per_day = -5.0;
        assert_eq!(paths(&r), ["requirements.requests_per_day"]);
        r = good.clone();
        r.latency_p95_ms = 10.0;
        let e = size(&r).unwrap_err();
        assert_eq!(e[0].path, "requirements.latency_p95_ms");
        assert!(e[0]
            .message
            .starts_with("The latency target (10 ms) is below the model time per request (20 ms)"));
        // A batch serves from the store: the latency target does not bind the model.
        r.freshness = Freshness::Daily;
        assert!(size(&r).is_ok());
        r = good.clone();
        r.peak_to_average = 0.5;
        let e = size(&r).unwrap_err();
        assert_eq!(e[0].path, "requirements.peak_to_average");
        assert!(e[0].message.contains("1 or more"), "{}", e[0].message);
        assert_eq!(e.len(), 1);
        r = good.clone();
        r.model_time_ms = 0.0;
        assert_eq!(paths(&r), ["requirements.model_time_ms"]);
        r = good.clone();
        r.instance_cost_per_hour = -1.0;
        assert_eq!(paths(&r), ["requirements.instance_cost_per_hour"]);
        for u in [0.0, -0.1, 1.01, f64::NAN] {
            r = good.clone();
            r.target_utilisation = u;
            assert_eq!(paths(&r), ["requirements.target_utilisation"]);
        }
        r = good.clone();
        r.requests_per_day = f64::NAN;
        r.latency_p95_ms = f64::INFINITY;
        let e = size(&r).unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e.iter().all(|e| e.message == "This must be a number."));
        // More than 100,000 instances of load is refused rather than counted.
        r = good.clone();
        r.requests_per_day = 1e12;
        r.model_time_ms = 1_000.0;
        r.latency_p95_ms = 5_000.0;
        let e = size(&r).unwrap_err();
        assert_eq!(e[0].path, "requirements.requests_per_day");
        assert!(e[0].message.contains("100,000"), "{}", e[0].message);
    }

    #[test]
    fn the_switch_makes_the_sizing_the_value_models_run_cost() {
        let mut p = bike_shop("b".into(), Date::from_days(20_000));
        p.settings.trials = 2_000;
        let manual = p.value.run_cost_per_year;
        p.requirements.instance_cost_per_hour = 3.0;
        p.requirements.monitoring_cost_per_year = 6_000.0;
        p.requirements.retraining_cost_per_year = 10_000.0;
        assert_eq!(value_run_cost(&p), manual, "off by default");
        let before = crate::engine::forecast(&p).unwrap();
        p.requirements.run_cost_from_sizing = true;
        let sized = size(&p.requirements).unwrap().annual_run_cost;
        assert_eq!(sized, 2_190.0 * 3.0 + 16_000.0);
        assert_ne!(sized, manual);
        assert_eq!(value_run_cost(&p), sized);
        let switched = crate::engine::forecast(&p).unwrap();
        // The same NPV as typing the sizing's cost in by hand, and not the old one.
        let mut typed = p.clone();
        typed.requirements.run_cost_from_sizing = false;
        typed.value.run_cost_per_year = sized;
        let by_hand = crate::engine::forecast(&typed).unwrap();
        assert_eq!(switched.value, by_hand.value);
        assert_ne!(switched.value.npv.mean, before.value.npv.mean);
        assert_eq!(switched.cost, before.cost, "the build is untouched");
        // With the switch on the sizing must work: the project says where it does not.
        p.requirements.requests_per_day = 0.0;
        let errors = validate(&p);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "requirements.requests_per_day");
        assert!(crate::engine::forecast(&p).is_err());
        p.requirements.run_cost_from_sizing = false;
        assert!(validate(&p).is_empty());
        // A field already reported is not reported twice.
        p.requirements.run_cost_from_sizing = true;
        p.requirements.requests_per_day = f64::NAN;
        let errors = validate(&p);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn the_new_fields_are_validated_whatever_the_switch() {
        let mut p = bike_shop("b".into(), Date::from_days(20_000));
        p.requirements.target_utilisation = 0.0;
        p.requirements.instance_cost_per_hour = -1.0;
        p.requirements.monitoring_cost_per_year = f64::NAN;
        p.requirements.retraining_cost_per_year = 2e12;
        let found: Vec<String> = validate(&p).into_iter().map(|e| e.path).collect();
        assert_eq!(
            found,
            [
                "requirements.target_utilisation",
                "requirements.instance_cost_per_hour",
                "requirements.monitoring_cost_per_year",
                "requirements.retraining_cost_per_year"
            ]
        );
    }

    #[test]
    fn an_old_project_without_the_new_fields_loads_with_their_defaults() {
        let old = r#"{"requests_per_day":100,"peak_to_average":2,"users":1,"latency_p95_ms":200,"freshness":"daily","model_time_ms":5,"metric":"","minimum_performance":0}"#;
        let r: Requirements = serde_json::from_str(old).unwrap();
        assert_eq!(r.target_utilisation, 0.7);
        assert_eq!(r.instance_cost_per_hour, 0.0);
        assert!(!r.run_cost_from_sizing);
        assert_eq!(
            Requirements {
                requests_per_day: 100.0,
                peak_to_average: 2.0,
                users: 1.0,
                model_time_ms: 5.0,
                ..Requirements::default()
            },
            r
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Mostly a plausible value in `lo..hi`, sometimes any number at all.
        fn number(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
            prop_oneof![
                3 => lo..hi,
                1 => prop_oneof![
                    any::<f64>(),
                    Just(0.0),
                    Just(f64::NAN),
                    Just(f64::INFINITY),
                    (0u32..2_000).prop_map(|n| f64::from(n) / 10.0),
                ],
            ]
        }

        proptest! {
            /// Whatever the requirements, the sizing is refused at a field or every
            /// figure is finite, the instances meet both targets, and one fewer would
            /// not.
            #[test]
            fn the_sizing_is_a_refusal_or_finite_and_minimal(
                rpd in number(1.0, 1e9), peak in number(1.0, 10.0),
                model in number(0.1, 5_000.0), latency in number(1.0, 20_000.0),
                util in number(0.05, 1.0), cost in number(0.0, 10.0), fresh in 0usize..3,
            ) {
                let r = Requirements {
                    requests_per_day: rpd,
                    peak_to_average: peak,
                    model_time_ms: model,
                    latency_p95_ms: latency,
                    target_utilisation: util,
                    instance_cost_per_hour: cost,
                    freshness: Freshness::ALL[fresh],
                    ..Requirements::default()
                };
                match size(&r) {
                    Err(errors) => {
                        prop_assert!(!errors.is_empty());
                        prop_assert!(errors.iter().all(|e| e.path.starts_with("requirements.")));
                    }
                    Ok(s) => {
                        prop_assert!(s.instances >= 1);
                        for x in [s.peak_rps, s.load, s.instance_hours_per_year, s.annual_run_cost] {
                            prop_assert!(x.is_finite());
                        }
                        if let Some(q) = &s.queueing {
                            prop_assert!(q.response_p95_ms <= r.latency_p95_ms);
                            prop_assert!(q.utilisation <= r.target_utilisation + 1e-9);
                            prop_assert!(q.wait_probability.is_finite());
                            let fewer = q.servers - 1;
                            if fewer > 0 && f64::from(fewer) > s.load
                                && s.load / f64::from(fewer) <= r.target_utilisation - 1e-9
                            {
                                let wait = wait_quantile(fewer, s.load, LATENCY_QUANTILE);
                                prop_assert!(wait * r.model_time_ms + r.model_time_ms > r.latency_p95_ms);
                            }
                        }
                    }
                }
            }
        }
    }
}

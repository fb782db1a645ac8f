//! Serving sizing (docs/MODEL.md §21): from a project's requirements, the peak load,
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
use crate::model::{Id, ThreePoint};
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

    /// The task as it joins `project`: the next free id, PERT, no predecessors, done
    /// by the team's role of this name (case and surrounding spaces ignored), else the
    /// first role with "engineer" in its name, else the first role (0 on an empty team,
    /// which validation then asks to choose).
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
            depends_on: Vec::new(),
            actual: None,
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
    pub key: &'static str,
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
            key: "data-drift",
            label: "Data drift",
            explanation: "The inputs shift away from the training data (new customers, products, sensors or seasons).",
            task: TaskSpec::new("data-drift", "Data drift monitoring: live inputs against the training data", Monitoring, Mvp, "ML engineer", (2.0, 4.0, 8.0)),
        },
        ChecklistItem {
            key: "concept-drift",
            label: "Concept drift",
            explanation: "The link between inputs and outcomes changes, so accuracy decays; live performance is tracked as labels arrive.",
            task: TaskSpec::new("concept-drift", "Live performance tracking against incoming labels", Monitoring, Growth, "Data scientist", (3.0, 5.0, 10.0)),
        },
        ChecklistItem {
            key: "failures",
            label: "Server and software failures",
            explanation: "Servers break and software has undetected bugs; health checks and alerts on errors and latency catch them.",
            task: TaskSpec::new("failures", "Health checks and alerts on errors and latency", Monitoring, Mvp, "ML engineer", (2.0, 3.0, 6.0)),
        },
        ChecklistItem {
            key: "fallback-actions",
            label: "Fallback actions",
            explanation: "Plans of action, automated or not, for when something goes wrong: switch to the fallback, roll the model back.",
            task: TaskSpec::new("fallback-actions", "Runbook and automatic switch to the fallback", Monitoring, Mvp, "ML engineer", (1.0, 3.0, 5.0)),
        },
        ChecklistItem {
            key: "retraining-triggers",
            label: "Retraining triggers",
            explanation: "What starts a retraining: a schedule, a drift threshold or a drop in live performance.",
            task: TaskSpec::new("retraining-triggers", "Retraining triggers and their thresholds", Monitoring, Growth, "Data scientist", (1.0, 2.0, 4.0)),
        },
    ]
};

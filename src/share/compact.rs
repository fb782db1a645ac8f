//! The compact plan text inside format-`2` and `3` links: every field of a project in a fixed
//! order, one per line, with nothing written for a value equal to its default.
//!
//! One layout function, `layout`, describes the order of the fields; a `Codec`
//! either writes them or reads them back, so the writer and the reader cannot drift
//! apart. Rules:
//!
//! - Each field ends with a newline. In text, `\` is written `\\` and a newline `\n`.
//! - Text fields come first, then all other fields, in layout order within each part
//!   (prose compresses better without numbers in between); the first line counts the
//!   text fields.
//! - An empty field means "the default": the value a new project has (`Project::new`),
//!   a list's position for ids (the `i`-th item's default id is `i + 1`), or, for a
//!   risk copied from the catalogue, the catalogue entry (named by its position in
//!   the catalogue, from 1). An empty text that is not the default is written `\e`.
//! - Numbers are written as Rust prints them (the shortest text that reads back to the
//!   same `f64`, from [`shortest`]; the seed as the signed 64-bit number with the same
//!   bits), enums by their position in the model's list of values, dates as days (the
//!   start since 1970-01-01, others since the start), lists as a count followed by
//!   their items. A task's phase, stage and predecessors default to those of the task
//!   before it (its predecessor by default is that task; `-` means none); a risk owner
//!   who is a role on the team is written `\` and the role's position.
//! - The project's id, revision and edit time are not sent: whoever opens the link
//!   saves a copy with its own.
//! - Fields added after format `2` was first written make up an optional tail at the
//!   end of the non-text part: written only when one of them differs from its default,
//!   read only when the link has more fields, so a link written before they existed
//!   opens with their defaults. The tail is a row of groups, each inside the one
//!   before and written when it or a later group differs from its defaults: first the
//!   serving costs of the requirements (target utilisation, cost per instance-hour,
//!   monitoring and retraining per year, and the switch that makes them the value
//!   model's run cost); then the correlation settings (`within_phase`,
//!   `within_role`); then, when the plan has a wait task or a stored experiment other
//!   than the default, the positions of the wait tasks, the A/B test (its metric is the
//!   one text field of a tail, after every other text), the canary steps and the
//!   checked monitoring items' positions; then, when a risk is a risk driver (several
//!   targets, a role target or an impact in percent), each risk's schedule unit and
//!   its whole target list when that is more than its one target field says; then,
//!   when the project tracks progress (format `3`), the status date (a flag, then the
//!   date), the gate's outcome, the positions of the tasks with progress and for each
//!   its state, remaining effort (a flag, then three numbers) and finish date (a flag,
//!   then the date; the actual effort is a task field already), the baseline (a flag,
//!   then a snapshot) and the snapshots (a list); a snapshot is its date, engine
//!   version, P50 and P80 finish (dates), P50 and P80 cost, done effort and P50 effort.
//!
//! Reading is strict: a missing, extra or unreadable field is an error, never a guess
//! (the codec keeps the first one and reads on with defaults, which keeps the layout
//! free of error plumbing).
//! The default project, the default factor table and the risk catalogue are part of
//! this format: changing any of them changes what existing links mean, so it needs a
//! new format character (a fixture test of a stored link fails if one changes).

use crate::data::DataError;
use crate::format::shortest;
use crate::model::experiment::MAX_CANARY_STEPS;
use crate::model::templates::risk_catalogue;
use crate::model::validate::{
    MAX_DEPENDENCIES, MAX_FIXED_COSTS, MAX_HOLIDAYS, MAX_PLAN_ITEMS, MAX_RISKS, MAX_RISK_TARGETS,
    MAX_ROLES, MAX_TASKS,
};
use crate::model::{
    default_factor_rules, BenefitKind, Date, Distribution, FactorAnswer, FactorKind, FactorLevel,
    FactorRule, FixedCost, Freshness, GateOutcome, Milestone, MonitoringItem, Phase, Project, Risk,
    RiskStatus, RiskTarget, Role, ScheduleUnit, Snapshot, Stage, Task, TaskKind, TaskState,
    ThreePoint, Tracking, DEFAULT_CANARY,
};
use std::str::Split;

/// The id every project read from a link gets until it is saved.
pub const SHARED_ID: &str = "shared";

/// Writes the project as compact text.
pub fn write(project: &Project) -> String {
    let mut codec = Codec::default();
    layout(&mut codec, &mut project.clone());
    let [texts, values] = codec.out;
    format!("{}\n{texts}{values}", codec.texts)
}

/// Reads a project from compact text (not yet validated).
pub fn read(text: &str) -> Result<Project, DataError> {
    let (count, rest) = text.split_once('\n').unwrap_or_default();
    let count = small(count).map_or(usize::MAX, |n| n as usize);
    let texts = rest.split('\n');
    let mut values = texts.clone();
    let mut codec = Codec::default();
    if count == 0 || values.nth(count - 1).is_some() {
        codec.fields = Some([texts, values]);
    } else {
        codec.fail("fewer fields than a plan has");
    }
    let mut project = Project::new(SHARED_ID, "", Date::from_days(0));
    layout(&mut codec, &mut project);
    if let Some([_, values]) = &mut codec.fields {
        if (values.next(), values.next(), codec.texts) != (Some(""), None, count) {
            codec.fail("more fields than a plan has");
        }
    }
    match codec.error {
        Some(what) => Err(DataError::Malformed(format!("the compact plan has {what}"))),
        None => Ok(project),
    }
}

/// Writes fields (`fields` is `None`) or reads them; text fields and all others go to
/// (or come from) separate parts. Reading keeps the first problem in `error`.
#[derive(Default)]
struct Codec<'a> {
    out: [String; 2],
    /// Text fields written or read so far.
    texts: usize,
    fields: Option<[Split<'a, char>; 2]>,
    error: Option<&'static str>,
}

const TEXT: usize = 0;
const VALUE: usize = 1;

impl<'a> Codec<'a> {
    fn reading(&self) -> bool {
        self.fields.is_some() || self.error.is_some()
    }

    fn fail(&mut self, what: &'static str) {
        self.error.get_or_insert(what);
    }

    /// Writes `text` as the next field of `part`, or reads that field; `None` when
    /// writing, or when reading past the end (which is recorded).
    fn field(&mut self, part: usize, text: String) -> Option<&'a str> {
        self.texts += usize::from(part == TEXT);
        match &mut self.fields {
            _ if self.error.is_some() => None,
            None => {
                self.out[part].push_str(&text);
                self.out[part].push('\n');
                None
            }
            Some(fields) => {
                let f = fields[part].next();
                if f.is_none() {
                    self.fail("fewer fields than a plan has");
                }
                f
            }
        }
    }

    /// A number; empty means `base` (compared by bits, so that `-0.0` survives).
    fn num(&mut self, x: &mut f64, base: f64) {
        let text = if x.to_bits() == base.to_bits() {
            String::new()
        } else {
            shortest(*x)
        };
        if let Some(f) = self.field(VALUE, text) {
            *x = match f {
                "" => base,
                f => f.parse().unwrap_or_else(|_| {
                    self.fail("an unreadable number");
                    base
                }),
            };
        }
    }

    /// An optional number; empty means `None`.
    fn opt(&mut self, x: &mut Option<f64>) {
        let mut v = x.unwrap_or(f64::NAN);
        self.num(&mut v, f64::NAN);
        *x = Some(v).filter(|v| !v.is_nan() || !self.reading() && x.is_some());
    }

    /// A whole number in `lo..=hi`; empty means `base`.
    fn int(&mut self, x: i64, base: i64, lo: i64, hi: i64) -> i64 {
        let text = if x == base {
            String::new()
        } else {
            x.to_string()
        };
        match self.field(VALUE, text) {
            None => x,
            Some("") => base,
            Some(f) => match f.parse() {
                Ok(v) if (lo..=hi).contains(&v) => v,
                _ => {
                    self.fail("an unreadable or impossible number");
                    base
                }
            },
        }
    }

    fn u32(&mut self, x: &mut u32, base: u32) {
        *x = self.int(i64::from(*x), i64::from(base), 0, i64::from(u32::MAX)) as u32;
    }

    fn three(&mut self, tp: &mut ThreePoint, base: ThreePoint) {
        self.num(&mut tp.optimistic, base.optimistic);
        self.num(&mut tp.most_likely, base.most_likely);
        self.num(&mut tp.pessimistic, base.pessimistic);
    }

    /// A date, written as days after `base`.
    fn date(&mut self, d: &mut Date, base: Date) {
        let b = i64::from(base.days());
        let (lo, hi) = (i64::from(i32::MIN) - b, i64::from(i32::MAX) - b);
        let days = b + self.int(i64::from(d.days()) - b, 0, lo, hi);
        *d = Date::from_days(days as i32);
    }

    /// Whether the optional tail follows: when writing, `present`; when reading,
    /// whether the non-text part has a field left before its final newline.
    fn tail(&mut self, present: bool) -> bool {
        match &self.fields {
            _ if self.error.is_some() => false,
            None => present,
            Some([_, values]) => {
                let mut rest = values.clone();
                rest.next().is_some() && rest.next().is_some()
            }
        }
    }

    fn flag(&mut self, b: &mut bool, base: bool) {
        *b = self.int(i64::from(*b), i64::from(base), 0, 1) == 1;
    }

    /// One of `all` (an enum's values in declaration order), written as its position.
    fn pick<T: Copy>(&mut self, all: &[T], x: usize, base: usize) -> T {
        all[self.int(x as i64, base as i64, 0, all.len() as i64 - 1) as usize]
    }

    fn text(&mut self, s: &mut String, base: &str) {
        self.text_or_name(s, base, &[]);
    }

    /// A text that may be one of `names`, written then as `\` and its position.
    fn text_or_name(&mut self, s: &mut String, base: &str, names: &[&str]) {
        let text = match s.as_str() {
            t if t == base => String::new(),
            "" => "\\e".to_owned(),
            t => match names.iter().position(|n| *n == t) {
                Some(i) => format!("\\{i}"),
                None => t.replace('\\', "\\\\").replace('\n', "\\n"),
            },
        };
        let Some(f) = self.field(TEXT, text) else {
            return;
        };
        let name = f.strip_prefix('\\').and_then(small);
        *s = match (f, name.and_then(|i| names.get(i as usize))) {
            ("", _) => base.to_owned(),
            (_, Some(name)) => (*name).to_owned(),
            _ => unescape(f).unwrap_or_else(|| {
                self.fail("an unknown escape");
                String::new()
            }),
        };
    }

    /// A list: its length, then each item (made from `blank` when reading), which is
    /// given the item before it. Reading refuses a length over `max` (the most a valid
    /// plan has) before reading any item, allocates one item at a time and stops at the
    /// first problem.
    fn list<T>(
        &mut self,
        items: &mut Vec<T>,
        max: usize,
        blank: impl Fn() -> T,
        mut each: impl FnMut(&mut Self, &mut T, Option<&T>, u32),
    ) {
        let n = self.int(items.len() as i64, 0, 0, i64::from(u32::MAX)) as u32;
        if self.reading() && n as usize > max {
            self.fail("a list longer than a valid plan has");
        }
        if !self.reading() {
            for i in 0..items.len() {
                let (before, rest) = items.split_at_mut(i);
                each(self, &mut rest[0], before.last(), i as u32);
            }
            return;
        }
        items.clear();
        for i in 0..n {
            if self.error.is_some() {
                return;
            }
            let mut item = blank();
            each(self, &mut item, items.last(), i);
            items.push(item);
        }
    }

    /// Small numbers (ids, phases) joined by spaces in one field; `-` when there are
    /// none but `base` has some. Reading counts them first and refuses more than `max`
    /// before anything is allocated for them.
    fn ids(&mut self, xs: &mut Vec<u32>, max: usize, base: Vec<u32>) {
        let text = match xs.as_slice() {
            xs if *xs == *base => String::new(),
            [] => "-".to_owned(),
            xs => xs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
        };
        *xs = match self.field(VALUE, text) {
            None => return,
            Some("") => base,
            Some("-") => Vec::new(),
            Some(f) if f.split(' ').nth(max).is_some() => {
                self.fail("more predecessors or phases than a valid plan has");
                Vec::new()
            }
            Some(f) => f
                .split(' ')
                .map(small)
                .collect::<Option<_>>()
                .unwrap_or_else(|| {
                    self.fail("an unreadable list");
                    Vec::new()
                }),
        };
    }
}

/// A whole number from `0` to `u32::MAX` (one parser for every count, id and position).
fn small(text: &str) -> Option<u32> {
    text.parse::<i64>().ok().and_then(|n| u32::try_from(n).ok())
}

fn unescape(field: &str) -> Option<String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'e' => {}
            _ => return None,
        }
    }
    Some(out)
}

fn blank_task() -> Task {
    Task {
        id: 0,
        name: String::new(),
        phase: Phase::BusinessUnderstanding,
        stage: Stage::Mvp,
        role: 0,
        effort: ThreePoint::default(),
        distribution: Distribution::Pert,
        kind: Default::default(),
        depends_on: Vec::new(),
        ..Default::default()
    }
}

fn blank_risk() -> Risk {
    Risk {
        id: 0,
        title: String::new(),
        category: String::new(),
        probability: 0.0,
        schedule_impact: ThreePoint::default(),
        target: RiskTarget::Phase(Phase::BusinessUnderstanding),
        more_targets: Vec::new(),
        schedule_unit: ScheduleUnit::Days,
        cost_impact: ThreePoint::default(),
        owner: String::new(),
        status: RiskStatus::Open,
        mitigation: Default::default(),
    }
}

/// The order of every field of a project.
fn layout(c: &mut Codec, p: &mut Project) {
    let d = Project::new(SHARED_ID, "", Date::from_days(0));
    c.text(&mut p.name, "");
    c.text(&mut p.description, "");
    c.text(&mut p.currency, &d.currency);
    c.date(&mut p.start_date, d.start_date);
    let start = p.start_date;
    p.working_days_per_week = c.int(
        i64::from(p.working_days_per_week),
        i64::from(d.working_days_per_week),
        0,
        255,
    ) as u8;
    c.list(
        &mut p.holidays,
        MAX_HOLIDAYS,
        || start,
        |c, h, _, _| c.date(h, start),
    );

    let (s, ds) = (&mut p.settings, &d.settings);
    c.u32(&mut s.trials, ds.trials);
    // The seed travels as the signed number with the same bits.
    s.seed = c.int(s.seed as i64, ds.seed as i64, i64::MIN, i64::MAX) as u64;
    c.num(&mut s.confidence, ds.confidence);
    let mut target = s
        .target_date
        .map(|t| f64::from(t.days()) - f64::from(start.days()));
    c.opt(&mut target);
    s.target_date = match target {
        Some(t) if t.fract() == 0.0 && t.abs() < 1e7 => Some(start.add_days(t as i32)),
        Some(_) => {
            c.fail("an impossible date");
            None
        }
        None => None,
    };
    c.opt(&mut s.target_budget);

    let blank_role = || Role {
        id: 0,
        name: String::new(),
        headcount: 1.0,
        day_rate: 0.0,
    };
    c.list(&mut p.team, MAX_ROLES, blank_role, |c, r, _, i| {
        c.u32(&mut r.id, i + 1);
        c.text(&mut r.name, "");
        c.num(&mut r.headcount, 1.0);
        c.num(&mut r.day_rate, 0.0);
    });

    c.list(&mut p.tasks, MAX_TASKS, blank_task, |c, t, before, i| {
        let first = blank_task();
        let prev = before.unwrap_or(&first);
        c.u32(&mut t.id, i + 1);
        c.text(&mut t.name, "");
        t.phase = c.pick(&Phase::ALL, t.phase as usize, prev.phase as usize);
        t.stage = c.pick(&Stage::ALL, t.stage as usize, prev.stage as usize);
        c.u32(&mut t.role, 1);
        c.three(&mut t.effort, ThreePoint::default());
        t.distribution = c.pick(
            &Distribution::ALL,
            t.distribution as usize,
            Distribution::Pert as usize,
        );
        c.ids(
            &mut t.depends_on,
            MAX_DEPENDENCIES,
            before.map(|b| vec![b.id]).unwrap_or_default(),
        );
        c.opt(&mut t.actual);
    });

    let blank_cost = || FixedCost {
        name: String::new(),
        amount: 0.0,
        stage: Stage::Mvp,
    };
    c.list(
        &mut p.fixed_costs,
        MAX_FIXED_COSTS,
        blank_cost,
        |c, f, _, _| {
            c.text(&mut f.name, "");
            c.num(&mut f.amount, 0.0);
            f.stage = c.pick(&Stage::ALL, f.stage as usize, Stage::Mvp as usize);
        },
    );

    let blank_answer = || FactorAnswer {
        factor: FactorKind::ComplexData,
        level: FactorLevel::No,
    };
    c.list(
        &mut p.factors,
        FactorKind::ALL.len(),
        blank_answer,
        |c, a, _, _| {
            a.factor = c.pick(
                &FactorKind::ALL,
                a.factor as usize,
                FactorKind::ComplexData as usize,
            );
            a.level = c.pick(
                &FactorLevel::ALL,
                a.level as usize,
                FactorLevel::No as usize,
            );
        },
    );
    factor_rules(c, &mut p.factor_rules);

    let roles: Vec<&str> = p.team.iter().map(|r| r.name.as_str()).collect();
    c.list(&mut p.risks, MAX_RISKS, blank_risk, |c, r, _, i| {
        risk(c, r, i, &roles)
    });

    c.flag(&mut p.gate.enabled, d.gate.enabled);
    c.num(&mut p.gate.probability, d.gate.probability);

    let (v, dv) = (&mut p.value, &d.value);
    c.three(&mut v.annual_benefit, dv.annual_benefit);
    v.kind = c.pick(&BenefitKind::ALL, v.kind as usize, dv.kind as usize);
    for (x, base) in [
        (&mut v.ramp_up_months, dv.ramp_up_months),
        (&mut v.horizon_years, dv.horizon_years),
        (&mut v.discount_rate, dv.discount_rate),
        (&mut v.run_cost_per_year, dv.run_cost_per_year),
        (&mut v.data_cost, dv.data_cost),
        (&mut v.error_cost_per_year, dv.error_cost_per_year),
    ] {
        c.num(x, base);
    }

    let (r, dr) = (&mut p.requirements, &d.requirements);
    for (x, base) in [
        (&mut r.requests_per_day, dr.requests_per_day),
        (&mut r.peak_to_average, dr.peak_to_average),
        (&mut r.users, dr.users),
        (&mut r.latency_p95_ms, dr.latency_p95_ms),
    ] {
        c.num(x, base);
    }
    r.freshness = c.pick(&Freshness::ALL, r.freshness as usize, dr.freshness as usize);
    c.num(&mut r.model_time_ms, dr.model_time_ms);
    c.text(&mut r.metric, &dr.metric);
    c.num(&mut r.minimum_performance, dr.minimum_performance);

    let plan = &mut p.plan;
    c.list(
        &mut plan.success_metrics,
        MAX_PLAN_ITEMS,
        String::new,
        |c, m, _, _| c.text(m, ""),
    );
    c.list(
        &mut plan.milestones,
        MAX_PLAN_ITEMS,
        Milestone::default,
        |c, m, _, _| {
            c.text(&mut m.name, "");
            m.stage = c.pick(&Stage::ALL, m.stage as usize, Stage::Mvp as usize);
            c.text(&mut m.criteria, "");
        },
    );
    c.text(&mut plan.monitoring, "");
    c.text(&mut plan.experiment, "");

    // The optional tail (see the module's rules).
    let (r, dr) = (&mut p.requirements, &d.requirements);
    let costs = |r: &crate::model::Requirements| {
        [
            r.target_utilisation,
            r.instance_cost_per_hour,
            r.monitoring_cost_per_year,
            r.retraining_cost_per_year,
        ]
    };
    let customised = costs(r).map(f64::to_bits) != costs(dr).map(f64::to_bits)
        || r.run_cost_from_sizing != dr.run_cost_from_sizing;
    // By bits, so that −0.0 travels like any other value.
    let c_bits = [
        p.settings.correlation.within_phase,
        p.settings.correlation.within_role,
    ];
    let correlated = c_bits.iter().any(|x| x.to_bits() != 0);
    let experiment = p.tasks.iter().any(|t| t.kind == TaskKind::Wait)
        || p.plan.ab_test != d.plan.ab_test
        || p.plan.canary != d.plan.canary
        || !p.plan.monitoring_checked.is_empty();
    let drivers = p.risks.iter().any(|r| !r.is_plain());
    let tracked = tracks_progress(p);
    let r = &mut p.requirements;
    if c.tail(customised || correlated || experiment || drivers || tracked) {
        for (x, base) in [
            (&mut r.target_utilisation, dr.target_utilisation),
            (&mut r.instance_cost_per_hour, dr.instance_cost_per_hour),
            (&mut r.monitoring_cost_per_year, dr.monitoring_cost_per_year),
            (&mut r.retraining_cost_per_year, dr.retraining_cost_per_year),
        ] {
            c.num(x, base);
        }
        c.flag(&mut r.run_cost_from_sizing, dr.run_cost_from_sizing);
        if c.tail(correlated || experiment || drivers || tracked) {
            let corr = &mut p.settings.correlation;
            c.num(&mut corr.within_phase, 0.0);
            c.num(&mut corr.within_role, 0.0);
            if c.tail(experiment || drivers || tracked) {
                waits_and_experiment(c, p);
                if c.tail(drivers || tracked) {
                    risk_drivers(c, &mut p.risks);
                    if c.tail(tracked) {
                        tracking(c, p);
                    }
                }
            }
        }
    }
}

/// Whether the project carries progress: a status date, a baseline or snapshots, a
/// gate outcome, or a task with a state, remaining effort or finish date. Such a
/// project is written as format `3` (see [`crate::share`]).
pub fn tracks_progress(p: &Project) -> bool {
    !p.tracking.is_off() || !p.gate.outcome.is_pending() || p.tasks.iter().any(has_progress)
}

fn has_progress(t: &Task) -> bool {
    !t.state.is_not_started() || t.remaining.is_some() || t.finished.is_some()
}

/// A date that may be absent: a flag, then the date after `base`.
fn opt_date(c: &mut Codec, d: &mut Option<Date>, base: Date) {
    let mut present = d.is_some();
    c.flag(&mut present, false);
    if present {
        let mut day = d.unwrap_or(base);
        c.date(&mut day, base);
        *d = Some(day);
    } else {
        *d = None;
    }
}

fn snapshot(c: &mut Codec, s: &mut Snapshot, start: Date) {
    c.date(&mut s.date, start);
    c.u32(&mut s.engine, 0);
    c.date(&mut s.p50_finish, start);
    c.date(&mut s.p80_finish, start);
    for x in [
        &mut s.p50_cost,
        &mut s.p80_cost,
        &mut s.done_effort,
        &mut s.p50_effort,
    ] {
        c.num(x, 0.0);
    }
}

/// The last tail: the status date, the gate's outcome, the tasks' progress, the
/// baseline and the snapshots.
fn tracking(c: &mut Codec, p: &mut Project) {
    let start = p.start_date;
    opt_date(c, &mut p.tracking.status_date, start);
    p.gate.outcome = c.pick(&GateOutcome::ALL, p.gate.outcome as usize, 0);
    let mut with: Vec<u32> = (0..p.tasks.len() as u32)
        .filter(|&i| has_progress(&p.tasks[i as usize]))
        .collect();
    c.ids(&mut with, MAX_TASKS, Vec::new());
    for i in with {
        let Some(t) = p.tasks.get_mut(i as usize) else {
            c.fail("progress of a task that does not exist");
            return;
        };
        t.state = c.pick(&TaskState::ALL, t.state as usize, 0);
        let mut remains = t.remaining.is_some();
        c.flag(&mut remains, false);
        if remains {
            let mut r = t.remaining.unwrap_or_default();
            c.three(&mut r, ThreePoint::default());
            t.remaining = Some(r);
        }
        opt_date(c, &mut t.finished, start);
    }
    let mut baselined = p.tracking.baseline.is_some();
    c.flag(&mut baselined, false);
    let blank = || Snapshot {
        date: start,
        engine: 0,
        p50_finish: start,
        p80_finish: start,
        p50_cost: 0.0,
        p80_cost: 0.0,
        done_effort: 0.0,
        p50_effort: 0.0,
    };
    if baselined {
        let mut b = p.tracking.baseline.unwrap_or_else(blank);
        snapshot(c, &mut b, start);
        p.tracking.baseline = Some(b);
    }
    c.list(
        &mut p.tracking.snapshots,
        Tracking::MAX_SNAPSHOTS,
        blank,
        |c, s, _, _| snapshot(c, s, start),
    );
}

/// The second tail: which tasks are waits, the A/B test, the canary steps and the
/// checked monitoring items.
fn waits_and_experiment(c: &mut Codec, p: &mut Project) {
    let mut waits: Vec<u32> = (0..p.tasks.len() as u32)
        .filter(|&i| p.tasks[i as usize].kind == TaskKind::Wait)
        .collect();
    c.ids(&mut waits, MAX_TASKS, Vec::new());
    for i in waits {
        match p.tasks.get_mut(i as usize) {
            Some(t) => t.kind = TaskKind::Wait,
            None => c.fail("a wait that is not a task"),
        }
    }
    let (t, d) = (&mut p.plan.ab_test, crate::model::AbTest::default());
    c.text(&mut t.metric, &d.metric);
    c.num(&mut t.baseline, d.baseline);
    c.num(&mut t.mde, d.mde);
    c.flag(&mut t.relative, d.relative);
    c.num(&mut t.alpha, d.alpha);
    c.num(&mut t.power, d.power);
    c.flag(&mut t.two_sided, d.two_sided);
    c.num(&mut t.traffic_share, d.traffic_share);
    c.opt(&mut t.daily_traffic);
    c.opt(&mut t.sd);
    let zero = crate::model::CanaryStep {
        share: 0.0,
        days: 0.0,
    };
    c.list(
        &mut p.plan.canary,
        MAX_CANARY_STEPS,
        || zero,
        |c, step, _, i| {
            let base = DEFAULT_CANARY.get(i as usize).unwrap_or(&zero);
            c.num(&mut step.share, base.share);
            c.num(&mut step.days, base.days);
        },
    );
    let checked = &mut p.plan.monitoring_checked;
    let mut positions: Vec<u32> = checked.iter().map(|&m| m as u32).collect();
    c.ids(&mut positions, MonitoringItem::ALL.len(), Vec::new());
    *checked = positions
        .iter()
        .filter_map(|&i| MonitoringItem::ALL.get(i as usize).copied())
        .collect();
    if checked.len() != positions.len() {
        c.fail("an unknown monitoring item");
    }
}

/// The factor → phase table: one flag when it is the default table, else every rule.
fn factor_rules(c: &mut Codec, rules: &mut Vec<FactorRule>) {
    let defaults = default_factor_rules();
    let mut custom = *rules != defaults;
    c.flag(&mut custom, false);
    if !custom {
        *rules = defaults;
        return;
    }
    let base = &defaults[0];
    let blank = || FactorRule {
        factor: FactorKind::ComplexData,
        phases: Vec::new(),
        some: base.some,
        yes: base.yes,
    };
    c.list(rules, FactorKind::ALL.len(), blank, |c, r, _, _| {
        r.factor = c.pick(
            &FactorKind::ALL,
            r.factor as usize,
            FactorKind::ComplexData as usize,
        );
        let mut phases: Vec<u32> = r.phases.iter().map(|p| p.index() as u32).collect();
        c.ids(&mut phases, Phase::ALL.len(), Vec::new());
        r.phases = phases
            .into_iter()
            .filter_map(|i| {
                let phase = Phase::ALL.get(i as usize).copied();
                if phase.is_none() {
                    c.fail("an unknown phase");
                }
                phase
            })
            .collect();
        c.three(&mut r.some, base.some);
        c.three(&mut r.yes, base.yes);
    });
}

/// A risk, written against the catalogue entry with the same title when there is one.
fn risk(c: &mut Codec, r: &mut Risk, i: u32, roles: &[&str]) {
    let catalogue = risk_catalogue();
    let entry = catalogue
        .iter()
        .position(|e| e.title == r.title)
        .map_or(0, |e| e + 1);
    let entry = c.int(entry as i64, 0, 0, catalogue.len() as i64) as usize;
    let base = match entry {
        0 => Risk {
            id: i + 1,
            ..blank_risk()
        },
        n => catalogue[n - 1].to_risk(i + 1),
    };
    c.u32(&mut r.id, base.id);
    c.text(&mut r.title, &base.title);
    c.text(&mut r.category, &base.category);
    c.num(&mut r.probability, base.probability);
    c.three(&mut r.schedule_impact, base.schedule_impact);
    target(c, &mut r.target, base.target);
    c.three(&mut r.cost_impact, base.cost_impact);
    c.text_or_name(&mut r.owner, &base.owner, roles);
    r.status = c.pick(&RiskStatus::ALL, r.status as usize, base.status as usize);
    let (m, bm) = (&mut r.mitigation, &base.mitigation);
    c.text(&mut m.description, &bm.description);
    c.num(&mut m.cost, bm.cost);
    c.num(&mut m.effort, bm.effort);
    c.num(&mut m.probability_after, bm.probability_after);
    c.num(&mut m.impact_reduction, bm.impact_reduction);
    c.flag(&mut m.adopted, bm.adopted);
}

/// Where a risk lands: a phase's position, or `t` and a task id. A role target
/// (`r` and a role id) travels in the drivers' tail only, so this field leaves it out.
fn target(c: &mut Codec, t: &mut RiskTarget, base: RiskTarget) {
    let text = match *t {
        t if t == base => String::new(),
        RiskTarget::Role(_) => String::new(),
        t => target_token(t),
    };
    let Some(f) = c.field(VALUE, text) else {
        return;
    };
    *t = match (f, read_target(f)) {
        ("", _) => base,
        (_, Some(t @ (RiskTarget::Phase(_) | RiskTarget::Task(_)))) => t,
        _ => {
            c.fail("an unreadable risk target");
            base
        }
    };
}

/// A target as text: a phase's position, `t` and a task id, or `r` and a role id.
fn target_token(t: RiskTarget) -> String {
    match t {
        RiskTarget::Phase(p) => p.index().to_string(),
        RiskTarget::Task(id) => format!("t{id}"),
        RiskTarget::Role(id) => format!("r{id}"),
    }
}

/// The target a token of [`target_token`] stands for.
fn read_target(f: &str) -> Option<RiskTarget> {
    match f.split_at_checked(1) {
        Some(("t", id)) => small(id).map(RiskTarget::Task),
        Some(("r", id)) => small(id).map(RiskTarget::Role),
        _ => small(f)
            .and_then(|i| Phase::ALL.get(i as usize))
            .map(|&p| RiskTarget::Phase(p)),
    }
}

/// The third tail: each risk's schedule unit and, when it has more than one target or
/// a role target, all its targets as tokens joined by spaces (empty otherwise: the
/// risk's one target is in its own field).
fn risk_drivers(c: &mut Codec, risks: &mut [Risk]) {
    for r in risks {
        r.schedule_unit = c.pick(&ScheduleUnit::ALL, r.schedule_unit as usize, 0);
        let listed = !r.more_targets.is_empty() || matches!(r.target, RiskTarget::Role(_));
        let text = match listed {
            true => r.targets().map(target_token).collect::<Vec<_>>().join(" "),
            false => String::new(),
        };
        match c.field(VALUE, text) {
            None | Some("") => {}
            Some(f) if f.split(' ').nth(MAX_RISK_TARGETS).is_some() => {
                c.fail("more risk targets than a valid plan has")
            }
            Some(f) => match f.split(' ').map(read_target).collect::<Option<Vec<_>>>() {
                Some(list) => {
                    r.target = list[0];
                    r.more_targets = list[1..].to_vec();
                }
                None => c.fail("an unreadable risk target"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::templates::{bike_shop, template, templates};
    use crate::model::CanaryStep;
    use crate::model::Revision;

    fn shared(mut p: Project) -> Project {
        p.id = SHARED_ID.into();
        p.updated_at = 0.0;
        p.revision = Revision::FRESH;
        p
    }

    #[test]
    fn every_template_reads_back_exactly() {
        for info in templates() {
            let p = template(info.key, "x".into(), Date::from_days(20_000)).unwrap();
            assert_eq!(read(&write(&p)), Ok(shared(p)), "{}", info.key);
        }
    }

    #[test]
    fn defaults_and_catalogue_text_are_not_written() {
        let p = bike_shop("x".into(), Date::from_days(20_000));
        let text = write(&p);
        assert!(
            !text.contains("Profile the data in the first weeks"),
            "{text}"
        );
        assert!(
            text.contains("\n1\n"),
            "the first catalogue risk by position"
        );
        let empty = write(&Project::new("x", "", Date::from_days(0)));
        let fields = empty.strip_prefix("6\n").expect("six text fields");
        assert!(fields.chars().all(|c| c == '\n'), "{empty:?}");
    }

    #[test]
    fn awkward_values_survive() {
        let mut p = bike_shop("x".into(), Date::from_days(-3));
        p.name = "back\\slash\nnew line \\n \\e".into();
        p.plan.monitoring = "\n".into();
        p.risks[0].mitigation.description.clear();
        p.risks[1].title = "A risk of my own".into();
        p.risks[1].target = RiskTarget::Task(3);
        p.tasks[0].effort.optimistic = -0.0;
        p.tasks[0].actual = Some(0.1 + 0.2);
        p.settings.seed = u64::MAX;
        p.factor_rules[2].phases.clear();
        p.factor_rules[4].yes.pessimistic = 3.75;
        assert_eq!(read(&write(&p)), Ok(shared(p.clone())));
        let back = read(&write(&p)).unwrap();
        assert!(back.tasks[0].effort.optimistic.is_sign_negative());
    }

    #[test]
    fn the_serving_costs_travel_in_a_tail_that_older_links_lack() {
        let mut p = bike_shop("x".into(), Date::from_days(20_000));
        let before = write(&p);
        p.requirements.instance_cost_per_hour = 0.5;
        p.requirements.run_cost_from_sizing = true;
        let after = write(&p);
        assert_eq!(after, format!("{before}\n0.5\n\n\n1\n"));
        assert_eq!(read(&after), Ok(shared(p.clone())));
        // A link written before the tail existed opens with its defaults.
        let old = read(&before).unwrap();
        assert_eq!(old.requirements.target_utilisation, 0.7);
        assert!(!old.requirements.run_cost_from_sizing);
        // Only the default utilisation changed: the tail is written and read back.
        p.requirements = crate::model::Requirements {
            target_utilisation: 0.5,
            ..p.requirements.clone()
        };
        p.requirements.instance_cost_per_hour = 0.0;
        p.requirements.run_cost_from_sizing = false;
        assert_eq!(read(&write(&p)), Ok(shared(p.clone())));
        assert!(read(&format!("{before}0.5\n")).is_err(), "a short tail");
        assert!(read(&format!("{before}x\n\n\n\n\n")).is_err(), "unreadable");
    }

    #[test]
    fn waits_and_the_experiment_travel_in_a_second_tail() {
        let mut p = bike_shop("x".into(), Date::from_days(20_000));
        let before = write(&p);
        p.requirements.instance_cost_per_hour = 0.5;
        let costs_only = write(&p);
        p.tasks[2].kind = TaskKind::Wait;
        p.tasks[5].kind = TaskKind::Wait;
        p.plan.ab_test.metric = "Overstock\nrate".into();
        p.plan.ab_test.daily_traffic = Some(1234.5);
        p.plan.ab_test.sd = Some(2.0);
        p.plan.ab_test.two_sided = false;
        p.plan.canary = vec![CanaryStep {
            share: 0.1,
            days: 3.0,
        }];
        p.plan.monitoring_checked = vec![MonitoringItem::Failures, MonitoringItem::DataDrift];
        let after = write(&p);
        assert_eq!(read(&after), Ok(shared(p.clone())));
        // Links written before either tail, or with the first tail only, open with
        // work tasks and the default experiment.
        for old in [before, costs_only] {
            let old = read(&old).unwrap();
            assert!(old.tasks.iter().all(|t| t.kind == TaskKind::Work));
            assert_eq!(old.plan.canary, DEFAULT_CANARY.to_vec());
            assert_eq!(old.plan.ab_test, crate::model::AbTest::default());
            assert!(old.plan.monitoring_checked.is_empty());
        }
        // A wait alone writes the first tail's defaults and the second tail.
        let mut q = bike_shop("x".into(), Date::from_days(20_000));
        q.tasks[0].kind = TaskKind::Wait;
        assert_eq!(read(&write(&q)), Ok(shared(q.clone())));
        // The second tail: wait position 0, nine A/B numbers by default, the default
        // canary's four steps, no monitoring item. A position past the tasks is an error.
        let text = write(&q);
        let tail = format!("0\n{}4\n{}", "\n".repeat(9), "\n".repeat(9));
        assert!(text.ends_with(&tail), "{text:?}");
        let head = &text[..text.len() - tail.len()];
        let beyond = format!("{head}{}{}", q.tasks.len(), &tail[1..]);
        assert!(read(&beyond).is_err());
        assert!(read(&format!("{head}0 1{}", &tail[1..])).is_ok());
    }

    #[test]
    fn risk_drivers_travel_in_a_third_tail() {
        let mut p = bike_shop("x".into(), Date::from_days(20_000));
        p.tasks[2].kind = TaskKind::Wait;
        let before = write(&p);
        let n = p.risks.len();
        assert!(n >= 3);
        // A role as the one target, several targets, and a percentage.
        let role = p.team[0].id;
        p.risks[0].target = RiskTarget::Role(role);
        p.risks[1].more_targets = vec![
            RiskTarget::Task(p.tasks[2].id),
            RiskTarget::Role(role),
            RiskTarget::Phase(Phase::Monitoring),
        ];
        p.risks[1].schedule_unit = ScheduleUnit::Percent;
        p.risks[2].schedule_unit = ScheduleUnit::Percent;
        let after = write(&p);
        assert_eq!(read(&after), Ok(shared(p.clone())));
        // The link without drivers is the new one's beginning: old links are unchanged,
        // and they open with plain risks.
        let head = &before[..before.len() - 1];
        assert!(after.starts_with(head), "{before:?}\n{after:?}");
        assert!(read(&before).unwrap().risks.iter().all(Risk::is_plain));
        let t2 = p.tasks[2].id;
        let tail = format!(
            "\nr{role}\n1\n{} t{t2} r{role} 6\n1\n{}",
            target_token(p.risks[1].target),
            "\n".repeat(2 * (n - 3) + 1)
        );
        assert!(after.ends_with(&tail), "{after:?}");
        // A driver alone writes the earlier tails' defaults, and reads back.
        let mut q = bike_shop("x".into(), Date::from_days(20_000));
        q.risks[0].more_targets = vec![RiskTarget::Phase(Phase::Evaluation)];
        assert_eq!(read(&write(&q)), Ok(shared(q.clone())));
        // An unreadable target list is an error.
        let bad = after.replace(&format!("r{role} 6\n"), "x9 6\n");
        assert!(read(&bad).is_err());
    }

    #[test]
    fn damaged_text_is_an_error_not_a_guess() {
        let good = write(&bike_shop("x".into(), Date::from_days(20_000)));
        let half: String = good.chars().take(good.chars().count() / 2).collect();
        assert!(read(&half).is_err(), "cut short");
        assert!(read(&format!("{good}extra\n")).is_err(), "too long");
        assert!(read(&good.replacen("\n365\n", "\nsoon\n", 1)).is_err());
        assert!(
            read(&good.replacen("\n\\0\n", "\n\\9\n", 1)).is_err(),
            "no such role"
        );
        assert!(read("name\n\\q\n").is_err(), "unknown escape");
        assert!(read("").is_err());
        // The holiday count of an empty plan (after the count line, six texts, the
        // start date and the working week) claims far more items than there are fields.
        let empty = write(&Project::new("x", "", Date::from_days(0)));
        let mut fields: Vec<&str> = empty.split('\n').collect();
        fields[9] = "99999999999";
        assert!(read(&fields.join("\n")).is_err());
        fields[9] = "";
        assert!(read(&fields.join("\n")).is_ok());
    }
}

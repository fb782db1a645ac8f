//! What a project is worth, trial by trial: net present value over the value model's
//! horizon, from the simulated delivery, build cost and feasibility gate.
//!
//! # Conventions
//!
//! * Time is in months from the project's start date. The horizon is
//!   `round(12 × horizon_years)` months from the start (not from delivery), so a late
//!   delivery loses benefit months as well as discounting them.
//! * Delivery is the trial's finish (the whole project, as simulated), turned into
//!   months through the project's calendar: the end of the finish day, counted in
//!   calendar days from the start date, over 365.25 / 12 days a month.
//! * Adoption ramps up linearly from 0 at delivery to 1 `ramp_up_months` later (a step
//!   at delivery when there is no ramp-up). Benefit and the cost of ML errors scale
//!   with adoption (errors happen when the model is used); the run cost is paid in
//!   full from delivery. Month m (the interval (m − 1, m]) earns
//!   `annual_benefit / 12 × A_m` where `A_m` is the integral of adoption over the month.
//! * Discounting is monthly: a month's cash flow is counted at the month's end and
//!   divided by (1 + r)^(m / 12), r being the annual discount rate (so twelve months of
//!   1 at r give the same as the textbook annuity at the monthly rate (1 + r)^(1/12) − 1).
//!   The powers are computed with [`super::dist`]'s portable `exp` and `ln`, so the
//!   numbers are bit-identical natively and in WebAssembly.
//! * The build cost (what the trial spent, labour, fixed costs, risks and mitigations
//!   included) and the cost of data are paid at the start, undiscounted — the
//!   conservative convention for an investment.
//! * The run cost per year is `value.run_cost_per_year`, or the serving sizing's annual
//!   run cost when `requirements.run_cost_from_sizing` is on
//!   ([`super::sizing::value_run_cost`]).
//! * A trial that fails the feasibility gate delivers nothing: no benefit, no run or
//!   error cost, and its NPV is minus what was spent up to the gate and the data.
//! * The annual benefit is drawn once per trial, PERT over its three points, from its
//!   own stream keyed by the seed ([`CommonDraws`]), so the engine's other draws are
//!   untouched.
//!
//! Outputs: the NPV's summary and histogram, P(NPV > 0), expected present values of
//! benefit and cost, ROI (expected NPV over the expected present value of all costs)
//! and the discounted payback time: the first moment the cumulative discounted cash
//! flow reaches zero, interpolated within its month, "never" when it does not within
//! the horizon.

use super::calendar::Calendar;
use super::dist::{exp, ln, Tables, TO_UNIT_32};
use super::rng::Rng;
use super::stats::{clean, histogram, mean, quantiles, rank_index, Bin, Summary};
use crate::model::{Distribution, Project, ValueModel};
use serde::{Deserialize, Serialize};

/// Calendar days in an average month.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Longest horizon in months (the validation limit of 50 years).
const MAX_MONTHS: usize = 600;

/// Mixed into the seed for the value stream, so it differs from the engine's streams.
const STREAM_KEY: u64 = 0x5641_4C55_455F_4E50;

/// One 64-bit word per trial from the value stream of a seed: the high 32 bits draw
/// the benefit, the low 32 bits the feasibility gate when a portfolio decides it. Trial
/// t gets the same word in every project run on the same seed, which is what lets a
/// portfolio compare projects on common random numbers.
pub struct CommonDraws {
    words: Vec<u64>,
}

impl CommonDraws {
    /// The first `trials` words of the value stream of `seed`.
    pub fn new(seed: u64, trials: usize) -> Self {
        let mut rng = Rng::new(seed ^ STREAM_KEY);
        Self {
            words: (0..trials).map(|_| rng.next_u64()).collect(),
        }
    }

    /// The uniform number in [0, 1) that draws trial t's benefit.
    #[inline(always)]
    pub fn benefit(&self, t: usize) -> f64 {
        self.words
            .get(t)
            .map_or(0.5, |w| f64::from((w >> 32) as u32) * TO_UNIT_32)
    }

    /// The uniform number in [0, 1) that decides trial t's gate in a portfolio.
    pub fn gate(&self, t: usize) -> f64 {
        self.words
            .get(t)
            .map_or(0.5, |&w| f64::from(w as u32) * TO_UNIT_32)
    }
}

/// What the simulation says about each trial, as the value engine needs it.
pub struct Outcomes<'a> {
    /// Working days from the start to the finish (as if the project goes ahead).
    pub duration: &'a [f64],
    /// Money spent: the whole build when the gate was passed, up to the gate otherwise.
    pub spent: &'a [f64],
    pub passed: &'a [bool],
}

/// Every trial's value figures.
pub struct ValueTrials {
    pub npv: Vec<f64>,
    /// Present value of the benefit.
    pub benefit: Vec<f64>,
    /// Present value of every cost: build, data, run and errors.
    pub cost: Vec<f64>,
    /// Months until the cumulative discounted cash flow reaches zero (infinite: never).
    pub payback: Vec<f64>,
    /// Months from the start to delivery (as if the project goes ahead).
    pub delivery: Vec<f64>,
}

/// The value summary the page and the portfolio show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ValueForecast {
    /// NPV over all trials; `npv.mean` is the expected NPV.
    pub npv: Summary,
    pub npv_histogram: Vec<Bin>,
    /// Share of trials with NPV above zero.
    pub probability_positive: f64,
    /// Mean present value of the benefit (failed trials count as 0).
    pub expected_benefit: f64,
    /// Mean present value of all costs: build as spent, data, run and errors.
    pub expected_cost: f64,
    /// Expected NPV over expected cost; `None` when nothing costs anything.
    pub roi: Option<f64>,
    /// Median discounted payback in months from the start; `None` when more than half
    /// of the trials never pay back within the horizon.
    pub payback_months_p50: Option<f64>,
    /// Share of trials that never pay back within the horizon.
    pub never_pays_back: f64,
    /// Median months from the start to delivery (as if the project goes ahead).
    pub delivery_months_p50: f64,
    pub horizon_months: u32,
}

/// What a trial's cash flows take from its delivery month alone (the same for every
/// trial delivered on the same day): the discounted adoption-months and service months
/// of the ramp-up, the first month at full adoption (`tail_from`) and the sum of the
/// discount factors from there to the horizon (`tail`); nothing when delivery is at or
/// beyond the horizon (`within` false).
#[derive(Clone, Copy)]
struct Delivery {
    d: f64,
    within: bool,
    adoption: f64,
    service: f64,
    tail_from: usize,
    tail: f64,
}

/// The per-project constants of the cash-flow arithmetic.
struct Flows {
    months: usize,
    ramp: f64,
    /// Discount factor at the end of month m, for m in 0..=months.
    discount: Vec<f64>,
    /// Sum of the discount factors of months 1..=m.
    cumulative: Vec<f64>,
    /// Sum of k × (discount factor of month k) over months 1..=m.
    weighted: Vec<f64>,
}

impl Flows {
    fn new(v: &ValueModel) -> Self {
        let months = if v.horizon_years.is_finite() {
            (v.horizon_years * 12.0)
                .round()
                .clamp(0.0, MAX_MONTHS as f64) as usize
        } else {
            0
        };
        let r = if v.discount_rate.is_finite() {
            v.discount_rate.max(0.0)
        } else {
            0.0
        };
        let log_rate = ln(1.0 + r);
        let discount: Vec<f64> = (0..=months)
            .map(|m| exp(-(m as f64 / 12.0) * log_rate))
            .collect();
        let mut cumulative = Vec::with_capacity(months + 1);
        let mut weighted = Vec::with_capacity(months + 1);
        let (mut sum, mut moment) = (0.0, 0.0);
        cumulative.push(0.0);
        weighted.push(0.0);
        for (k, &d) in discount.iter().enumerate().skip(1) {
            sum += d;
            moment += k as f64 * d;
            cumulative.push(sum);
            weighted.push(moment);
        }
        Self {
            months,
            ramp: if v.ramp_up_months.is_finite() {
                v.ramp_up_months.max(0.0)
            } else {
                0.0
            },
            discount,
            cumulative,
            weighted,
        }
    }

    /// Adoption integrated from 0 to `t` for delivery at `d`.
    #[inline(always)]
    fn adoption_to(&self, d: f64, t: f64) -> f64 {
        if t <= d {
            0.0
        } else if t < d + self.ramp {
            (t - d) * (t - d) / (2.0 * self.ramp)
        } else {
            t - d - self.ramp / 2.0
        }
    }

    /// The months with partial adoption or partial service after delivery at `d`: the
    /// first month that is not wholly before delivery and the last one before full
    /// adoption, clamped to the horizon (empty when delivery is beyond it).
    #[inline(always)]
    fn ramp_months(&self, d: f64) -> std::ops::RangeInclusive<usize> {
        // (A float converts to 0 when it is negative.)
        let first = (d.floor() as usize).saturating_add(1);
        let last = ((d + self.ramp).ceil() as usize).min(self.months);
        first..=last
    }

    /// The ramp-up's figures for delivery at `d` months (see [`Delivery`]).
    ///
    /// Constant work: inside the ramp-up, a month that starts after delivery and ends
    /// before full adoption adopts `(2m − 2d − 1) / 2R`, so those months sum from the
    /// running sums of v_m and m·v_m; only the month of delivery and the month adoption
    /// becomes full are worked out on their own.
    // Slices and index loops on purpose: at opt-level "z", indexing a `Vec` and
    // iterator adapters can be left as calls.
    #[allow(clippy::needless_range_loop)]
    fn delivery(&self, d: f64) -> Delivery {
        if !(d < self.months as f64) {
            return Delivery {
                d,
                within: false,
                adoption: 0.0,
                service: 0.0,
                tail_from: 0,
                tail: 0.0,
            };
        }
        let (v, c, w) = (&self.discount[..], &self.cumulative[..], &self.weighted[..]);
        let ramp = self.ramp_months(d);
        let (first, last) = (*ramp.start(), *ramp.end());
        let tail_from = last.max(first - 1);
        let (mut adoption, mut service) = (0.0, 0.0);
        if last >= first {
            adoption += self.adoption_to(d, first as f64) * v[first];
            service += (first as f64 - d) * v[first];
            // Months first+1 ..= inner start after delivery and end before full adoption.
            let inner = ((d + self.ramp).floor() as usize).clamp(first, last);
            if inner > first {
                let (sum, moment) = (c[inner] - c[first], w[inner] - w[first]);
                adoption += (2.0 * moment - (2.0 * d + 1.0) * sum) / (2.0 * self.ramp);
            }
            for m in inner + 1..=last {
                let a = self.adoption_to(d, m as f64) - self.adoption_to(d, (m - 1) as f64);
                adoption += a * v[m];
            }
            service += c[last] - c[first];
        }
        Delivery {
            d,
            within: true,
            adoption,
            service,
            tail_from,
            tail: c[self.months] - c[tail_from],
        }
    }

    /// For a delivery (see [`Flows::delivery`]): the discounted adoption-months
    /// (Σ A_m v_m) and discounted service months (Σ U_m v_m) over the horizon, and the
    /// months until the cumulative discounted cash flow first reaches zero, starting
    /// from `-upfront`, with monthly flow `net_benefit × A_m − run × U_m` (infinite
    /// when it does not within the horizon).
    ///
    /// The flow's sign changes at most once in the ramp-up (from negative to positive),
    /// so the cash flow crosses zero there exactly when it is at or above zero at its
    /// end; only then are its months walked one by one to find where.
    fn cash_flows(
        &self,
        at: &Delivery,
        upfront: f64,
        net_benefit: f64,
        run: f64,
    ) -> (f64, f64, f64) {
        let owed = upfront > 0.0;
        if !at.within {
            return (0.0, 0.0, if owed { f64::INFINITY } else { 0.0 });
        }
        let (d, adoption, service, tail) = (at.d, at.adoption, at.service, at.tail);
        let payback = if !owed {
            0.0
        } else {
            let cum = net_benefit * adoption - run * service - upfront;
            if cum >= 0.0 {
                self.ramp_payback(d, upfront, net_benefit, run)
            } else {
                self.full_payback(cum, at.tail_from, net_benefit - run)
            }
        };
        (adoption + tail, service + tail, payback)
    }

    /// The payback month within the ramp-up, walking its months: the first month whose
    /// positive flow takes the cumulative flow from `-upfront` to zero or above.
    fn ramp_payback(&self, d: f64, upfront: f64, net_benefit: f64, run: f64) -> f64 {
        let (v, mut cum) = (&self.discount[..], -upfront);
        for m in self.ramp_months(d) {
            let (lo, hi) = ((m - 1) as f64, m as f64);
            let a = self.adoption_to(d, hi) - self.adoption_to(d, lo);
            let u = positive(hi - d) - positive(lo - d);
            let flow = (net_benefit * a - run * u) * v[m];
            if cum + flow >= 0.0 && flow > 0.0 {
                return lo + -cum / flow;
            }
            cum += flow;
        }
        // Rounding put the end of the ramp-up a hair above zero: it pays back then.
        *self.ramp_months(d).end() as f64
    }

    /// The payback month when, from month `tail_from` on, every month is at full
    /// adoption with flow `full × v_m` and the cumulative flow so far is `cum` (< 0).
    fn full_payback(&self, cum: f64, tail_from: usize, full: f64) -> f64 {
        if !(full > 0.0) {
            return f64::INFINITY;
        }
        // The first month m with cum + full × (C_m − C_tail) ≥ 0.
        let (v, c) = (&self.discount[..], &self.cumulative[..]);
        let target = c[tail_from] - cum / full;
        let m = c[tail_from..=self.months].partition_point(|&x| x < target) + tail_from;
        if m > self.months || m == 0 {
            return f64::INFINITY;
        }
        let before = cum + full * (c[m - 1] - c[tail_from]);
        let flow = full * v[m];
        (m - 1) as f64 + (-before / flow).clamp(0.0, 1.0)
    }
}

/// `x` if above zero, else 0. (`f64::max` is a function call in WebAssembly, which
/// has no instruction with its treatment of NaN.)
#[inline(always)]
fn positive(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Months from the start to the end of working day `day`.
fn months_through(cal: &Calendar, start_days: i32, day: usize) -> f64 {
    let elapsed = cal.day(day).days() - start_days + 1;
    f64::from(elapsed.max(0)) / DAYS_PER_MONTH
}

/// Every trial's NPV and its parts, for a validated project and its simulated
/// outcomes; `draws` must cover every trial.
pub fn trials(project: &Project, outcomes: &Outcomes, draws: &CommonDraws) -> ValueTrials {
    let v = &project.value;
    let flows = Flows::new(v);
    let n = outcomes
        .duration
        .len()
        .min(outcomes.spent.len())
        .min(outcomes.passed.len());
    let longest = outcomes
        .duration
        .iter()
        .fold(0.0, |m, &x| if x > m { x } else { m });
    let cal = Calendar::new(project, clean(longest) + 2.0);
    let start_days = project.start_date.days();
    let mut tables = Tables::new();
    let sampler = tables.sampler(&v.annual_benefit, Distribution::Pert);
    let per_month = |x: f64| clean(x).max(0.0) / 12.0;
    let (error, run) = (
        per_month(v.error_cost_per_year),
        per_month(super::sizing::value_run_cost(project)),
    );
    let data = clean(v.data_cost).max(0.0);
    // Written by index rather than pushed: a push is a call in the size-optimised wasm.
    let mut out = ValueTrials {
        npv: vec![0.0; n],
        benefit: vec![0.0; n],
        cost: vec![0.0; n],
        payback: vec![0.0; n],
        delivery: vec![0.0; n],
    };
    // Months to delivery and the ramp-up's figures: 0 for no working days, else those
    // of the working day the work finishes on, worked out once per day.
    let none = flows.delivery(0.0);
    let mut by_day: Vec<Option<Delivery>> = vec![None; cal.days_listed()];
    for t in 0..n {
        let days = outcomes.duration[t];
        let at = if days > 0.0 {
            let day = cal.finish_day(days);
            *by_day[day]
                .get_or_insert_with(|| flows.delivery(months_through(&cal, start_days, day)))
        } else {
            none
        };
        let d = at.d;
        let upfront = positive(clean(outcomes.spent[t])) + data;
        let (benefit, cost, payback) = if outcomes.passed[t] {
            let b = sampler.sample(draws.benefit(t), &tables.values) / 12.0;
            let (adoption, service, payback) = flows.cash_flows(&at, upfront, b - error, run);
            (
                b * adoption,
                upfront + error * adoption + run * service,
                payback,
            )
        } else {
            let never = if upfront > 0.0 { f64::INFINITY } else { 0.0 };
            (0.0, upfront, never)
        };
        out.npv[t] = clean(benefit - cost);
        out.benefit[t] = clean(benefit);
        out.cost[t] = clean(cost);
        out.payback[t] = payback;
        out.delivery[t] = d;
    }
    out
}

/// The summary of every trial's value figures.
pub fn summarise(project: &Project, t: &ValueTrials) -> ValueForecast {
    let mut scratch = Vec::new();
    let n = t.npv.len();
    let npv = Summary::of(&t.npv, &mut scratch);
    let expected_cost = mean(&t.cost);
    // The finite paybacks, in trial order (written by index: see `trials`).
    let mut paid_back = vec![0.0; n];
    let mut kept = 0;
    for &p in &t.payback {
        if p.is_finite() {
            paid_back[kept] = p;
            kept += 1;
        }
    }
    paid_back.truncate(kept);
    let never = n - paid_back.len();
    // The median over all trials with "never" above every month: a month when the
    // median rank falls among the trials that pay back.
    let r = rank_index(0.5, n);
    let payback_months_p50 = (n > 0 && r < paid_back.len()).then(|| {
        let q = (r + 1) as f64 / paid_back.len() as f64;
        quantiles(&paid_back, &[q], &mut scratch)[0]
    });
    ValueForecast {
        npv_histogram: histogram(&t.npv),
        probability_positive: share(t.npv.iter().filter(|&&x| x > 0.0).count(), n),
        expected_benefit: mean(&t.benefit),
        roi: (expected_cost > 0.0).then(|| clean(npv.mean / expected_cost)),
        expected_cost,
        npv,
        payback_months_p50,
        never_pays_back: share(never, n),
        delivery_months_p50: quantiles(&t.delivery, &[0.5], &mut scratch)[0],
        horizon_months: Flows::new(&project.value).months as u32,
    }
}

fn share(count: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        count as f64 / n as f64
    }
}

/// The value forecast of a validated project from its simulated outcomes, drawing the
/// benefit from the value stream of `seed`.
pub fn forecast(project: &Project, outcomes: &Outcomes, seed: u64) -> ValueForecast {
    let draws = CommonDraws::new(seed, outcomes.duration.len());
    summarise(project, &trials(project, outcomes, &draws))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, ThreePoint};

    /// A value model with a fixed benefit.
    fn model(benefit: f64, years: f64, rate: f64, ramp: f64) -> ValueModel {
        ValueModel {
            annual_benefit: ThreePoint::exactly(benefit),
            ramp_up_months: ramp,
            horizon_years: years,
            discount_rate: rate,
            ..ValueModel::default()
        }
    }

    /// A project with no tasks on a seven-day week, so working days are calendar days.
    fn project(v: ValueModel) -> Project {
        let mut p = Project::new("v", "Value", Date::from_ymd(2026, 1, 5).unwrap());
        p.working_days_per_week = 7;
        p.value = v;
        p
    }

    fn run(p: &Project, duration: f64, spent: f64, passed: bool) -> ValueTrials {
        let n = 3;
        trials(
            p,
            &Outcomes {
                duration: &vec![duration; n],
                spent: &vec![spent; n],
                passed: &vec![passed; n],
            },
            &CommonDraws::new(1, n),
        )
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
    }

    #[test]
    fn fixed_benefit_and_cost_from_day_one_give_the_textbook_npv() {
        // Protects the discounting convention: an annuity of B/12 a month for 12H
        // months at the monthly rate (1 + r)^(1/12) − 1, minus the upfront cost.
        let (b, c, r, years) = (120_000.0, 50_000.0, 0.08, 3.0);
        let p = project(model(b, years, r, 0.0));
        let got = run(&p, 0.0, c, true);
        let v = (1.0f64 + r).powf(-1.0 / 12.0);
        let n = 36.0;
        let annuity = v * (1.0 - v.powf(n)) / (1.0 - v);
        close(got.npv[0], b / 12.0 * annuity - c);
        // Whole years of B at year ends would give less: monthly flows arrive earlier.
        let yearly: f64 = (1..=3).map(|y| b / (1.0 + r).powi(y)).sum();
        assert!(got.benefit[0] > yearly);
        assert_eq!(got.payback[0], got.payback[1]);
    }

    #[test]
    fn a_late_delivery_loses_months_and_discounts_the_rest() {
        // Protects delivery timing: on a seven-day week, 61 working days end 61
        // calendar days in, so the benefit runs from 61 / (365.25 / 12) months.
        let (b, r) = (120_000.0, 0.05);
        let p = project(model(b, 2.0, r, 0.0));
        let got = run(&p, 61.0, 0.0, true);
        let d = 61.0 / DAYS_PER_MONTH;
        let v = |m: f64| (1.0f64 + r).powf(-m / 12.0);
        let first = d.ceil();
        let mut want = b / 12.0 * (first - d) * v(first);
        for m in first as u32 + 1..=24 {
            want += b / 12.0 * v(f64::from(m));
        }
        close(got.benefit[0], want);
        close(got.delivery[0], d);
    }

    #[test]
    fn a_gate_that_always_fails_leaves_only_the_cost() {
        // Protects "no value when the model never works": NPV is minus what was spent.
        let mut v = model(500_000.0, 5.0, 0.1, 3.0);
        v.data_cost = 7_000.0;
        v.run_cost_per_year = 20_000.0;
        let p = project(v);
        let got = run(&p, 100.0, 30_000.0, false);
        assert!(got.npv.iter().all(|&x| x == -37_000.0));
        assert!(got.benefit.iter().all(|&x| x == 0.0));
        let f = summarise(&p, &got);
        assert_eq!(f.probability_positive, 0.0);
        assert_eq!(f.never_pays_back, 1.0);
        assert_eq!(f.payback_months_p50, None);
        assert_eq!(f.roi, Some(-1.0));
    }

    #[test]
    fn with_no_discounting_the_sums_are_plain() {
        // Protects r = 0: three years of benefit, run and error cost without discount,
        // with a twelve-month ramp that forgoes half a year of benefit and errors.
        let mut v = model(100_000.0, 3.0, 0.0, 12.0);
        v.run_cost_per_year = 10_000.0;
        v.error_cost_per_year = 4_000.0;
        v.data_cost = 5_000.0;
        let p = project(v);
        let got = run(&p, 0.0, 60_000.0, true);
        close(got.benefit[0], 100_000.0 * 2.5);
        close(got.cost[0], 60_000.0 + 5_000.0 + 30_000.0 + 4_000.0 * 2.5);
        close(got.npv[0], 250_000.0 - 105_000.0);
    }

    #[test]
    fn a_linear_ramp_earns_the_triangle_month_by_month() {
        // Protects the ramp arithmetic: with a 12-month ramp from day one, month m
        // earns (2m − 1) / 24 of a full month, so year one earns half a year.
        let p = project(model(120_000.0, 1.0, 0.0, 12.0));
        let got = run(&p, 0.0, 0.0, true);
        let want: f64 = (1..=12)
            .map(|m| 10_000.0 * f64::from(2 * m - 1) / 24.0)
            .sum();
        close(got.benefit[0], want);
        close(want, 60_000.0);
        // A ramp of 6 months then full: half a month lost per ramp month on average.
        let p = project(model(120_000.0, 1.0, 0.0, 6.0));
        close(run(&p, 0.0, 0.0, true).benefit[0], 120_000.0 - 30_000.0);
    }

    #[test]
    fn payback_is_interpolated_within_its_month() {
        // Protects the payback definition: 10,000 a month repays 25,000 after 2.5
        // months without discounting; never when the run cost eats the benefit.
        let mut v = model(120_000.0, 2.0, 0.0, 0.0);
        let p = project(v.clone());
        close(run(&p, 0.0, 25_000.0, true).payback[0], 2.5);
        v.ramp_up_months = 2.0;
        // Ramp months earn 1/4 and 3/4 of a month: 2,500 + 7,500, then 10,000 a month.
        close(
            run(&project(v.clone()), 0.0, 25_000.0, true).payback[0],
            3.5,
        );
        v.run_cost_per_year = 120_000.0;
        assert!(run(&project(v), 0.0, 25_000.0, true).payback[0].is_infinite());
    }

    #[test]
    fn the_constant_time_sums_match_a_walk_over_every_month() {
        // Protects the closed forms in `cash_flows`: month by month over the whole
        // horizon, with adoption A(m) − A(m − 1) and service U_m, the sums and the
        // payback come out the same.
        for ramp in [0.0, 0.4, 1.0, 2.5, 6.0, 13.0] {
            for years in [1.0, 3.0] {
                let flows = Flows::new(&model(0.0, years, 0.09, ramp));
                for step in 0..80 {
                    let d = f64::from(step) * 0.47;
                    for (upfront, net, run) in [
                        (0.0, 1.0, 0.0),
                        (40.0, 9.0, 1.5),
                        (5.0, 30.0, 2.0),
                        (9e9, 1.0, 0.0),
                    ] {
                        let (adoption, service, payback) =
                            flows.cash_flows(&flows.delivery(d), upfront, net, run);
                        let (mut a_sum, mut u_sum, mut cum, mut walked) =
                            (0.0, 0.0, -upfront, None);
                        if upfront <= 0.0 {
                            walked = Some(0.0);
                        }
                        for m in 1..=flows.months {
                            let (lo, hi) = ((m - 1) as f64, m as f64);
                            let a = flows.adoption_to(d, hi) - flows.adoption_to(d, lo);
                            let u = (hi - d).max(0.0) - (lo - d).max(0.0);
                            let vm = flows.discount[m];
                            a_sum += a * vm;
                            u_sum += u * vm;
                            let flow = (net * a - run * u) * vm;
                            if walked.is_none() && cum + flow >= 0.0 && flow > 0.0 {
                                walked = Some(lo + -cum / flow);
                            }
                            cum += flow;
                        }
                        let what = format!("d {d}, ramp {ramp}, years {years}, upfront {upfront}");
                        assert!((adoption - a_sum).abs() < 1e-9, "adoption: {what}");
                        assert!((service - u_sum).abs() < 1e-9, "service: {what}");
                        match walked {
                            Some(w) => assert!(
                                (payback - w).abs() < 1e-9,
                                "payback {payback} vs {w}: {what}"
                            ),
                            None => assert!(payback.is_infinite(), "payback {payback}: {what}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn delivery_after_the_horizon_earns_nothing() {
        // Protects the horizon: it is counted from the start, not from delivery.
        let mut v = model(1e6, 1.0, 0.05, 0.0);
        v.run_cost_per_year = 1e5;
        let p = project(v);
        let got = run(&p, 400.0, 10.0, true);
        assert_eq!(got.benefit[0], 0.0);
        assert_eq!(got.npv[0], -10.0);
        assert!(got.payback[0].is_infinite());
    }

    #[test]
    fn the_benefit_draw_follows_its_pert_range() {
        // Protects the benefit sampling: its mean is the PERT mean (a + 4m + b) / 6.
        let p = project(ValueModel {
            annual_benefit: ThreePoint::new(60_000.0, 120_000.0, 300_000.0),
            horizon_years: 1.0,
            discount_rate: 0.0,
            ramp_up_months: 0.0,
            ..ValueModel::default()
        });
        let n = 20_000;
        let got = trials(
            &p,
            &Outcomes {
                duration: &vec![0.0; n],
                spent: &vec![0.0; n],
                passed: &vec![true; n],
            },
            &CommonDraws::new(9, n),
        );
        let want = (60_000.0 + 4.0 * 120_000.0 + 300_000.0) / 6.0;
        // The PERT sd here is about 40,000; five standard errors of the mean.
        assert!((mean(&got.benefit) - want).abs() < 5.0 * 40_000.0 / (n as f64).sqrt());
        let f = summarise(&p, &got);
        assert!(f.npv.p10 < f.npv.p50 && f.npv.p50 < f.npv.p90);
        assert_eq!(f.probability_positive, 1.0);
        assert_eq!(f.payback_months_p50, Some(0.0));
    }
}

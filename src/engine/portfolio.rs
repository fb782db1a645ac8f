//! Prioritisation across a workspace: every project and idea valued by the same
//! simulation, ranked by expected NPV, compared pair by pair, placed on the
//! impact-vs-cost quadrants, and ideas also scored on weighted criteria.
//!
//! # Common random numbers
//!
//! Every entry runs the workspace's trials on the workspace's seed, and what entries
//! share is drawn per trial index from one stream ([`CommonDraws`]): in trial t every
//! entry gets the same uniform number for its benefit (its percentile within its own
//! range) and for its feasibility gate (it passes when that number is below its
//! probability). Entries are therefore compared "under the same luck": an entry with
//! a higher gate probability passes in every trial a lower one does, and a change to
//! one entry leaves every other entry's numbers exactly as they were. (To decide the
//! gate here, each entry is simulated with its gate at probability 0, which makes the
//! engine report both the full cost and the cost up to the gate for every trial.)
//! Tasks, factors and risks draw from the engine's own stream for the same seed.
//!
//! `beats[i][j]` is the share of trials in which entry i's NPV is above entry j's,
//! ties counting half, so `beats[i][j] + beats[j][i] = 1`. The work is
//! O(entries² × trials).
//!
//! # Quadrants
//!
//! Impact is an entry's expected present value of benefit, cost its expected present
//! value of all costs (so NPV = impact − cost). The lines are at the mean impact and
//! the mean cost of the entries: above the mean impact and at or below the mean cost
//! is a quick win, above both a big bet, below both a fill-in, and low impact at high
//! cost a money pit.
//!
//! # Weighted criteria
//!
//! [`criteria_score`] turns an idea's 1–5 ratings into 0–100: each criterion scores
//! (r − 1) / 4 when more is better (impact, data readiness, strategic fit) and
//! (5 − r) / 4 when more is worse (cost, cost of errors, ethics risk), averaged with
//! the weights.

use super::calendar::Calendar;
use super::plan::Plan;
use super::sim::{self, SimOptions};
use super::stats::{clean, quantiles};
use super::value::{self, CommonDraws, Outcomes, ValueForecast};
use crate::model::validate::{validate_workspace, FieldError};
use crate::model::{CriteriaWeights, Date, GateOutcome, Project, Ratings, Workspace};
use serde::{Deserialize, Serialize};

/// Whether an entry is a project or an idea.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Project,
    Idea,
}

/// Where an entry sits on the impact-vs-cost chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    QuickWin,
    BigBet,
    FillIn,
    MoneyPit,
}

impl Quadrant {
    /// Every quadrant: top left, top right, bottom left, bottom right.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::QuickWin,
        Quadrant::BigBet,
        Quadrant::FillIn,
        Quadrant::MoneyPit,
    ];

    /// The quadrant of an entry with this impact and cost, given the lines.
    pub fn of(impact: f64, cost: f64, impact_line: f64, cost_line: f64) -> Self {
        match (impact > impact_line, cost > cost_line) {
            (true, false) => Quadrant::QuickWin,
            (true, true) => Quadrant::BigBet,
            (false, false) => Quadrant::FillIn,
            (false, true) => Quadrant::MoneyPit,
        }
    }

    /// The quadrant's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "Quick wins",
            Quadrant::BigBet => "Big bets",
            Quadrant::FillIn => "Fill-ins",
            Quadrant::MoneyPit => "Money pits",
        }
    }

    /// BEM modifier for class names, e.g. `chart__bubble--quick-win`.
    pub fn class(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "quick-win",
            Quadrant::BigBet => "big-bet",
            Quadrant::FillIn => "fill-in",
            Quadrant::MoneyPit => "money-pit",
        }
    }
}

/// One project or idea in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioEntry {
    pub id: String,
    pub name: String,
    pub kind: EntryKind,
    /// 1 for the highest expected NPV.
    pub rank: u32,
    pub currency: String,
    pub value: ValueForecast,
    /// Build cost at P80 if it goes ahead (the forecast's cost).
    pub cost_p80: f64,
    /// Working days to finish at P80, and the date.
    pub duration_p80: f64,
    pub finish_p80: Date,
    pub quadrant: Quadrant,
    /// The weighted-criteria score (0–100) of an idea; `None` for a project.
    pub criteria_score: Option<f64>,
}

/// The ranked portfolio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Portfolio {
    pub trials: u32,
    pub seed: u64,
    /// Best expected NPV first (ties keep workspace order: projects, then ideas).
    pub entries: Vec<PortfolioEntry>,
    /// `beats[i][j]`: probability that entry i's NPV beats entry j's, in `entries`
    /// order (ties count half; 0.5 on the diagonal).
    pub beats: Vec<Vec<f64>>,
    /// The quadrant lines: mean impact (expected benefit) and mean expected cost.
    pub impact_line: f64,
    pub cost_line: f64,
    /// The entries' currency when they all use the same one; `None` when they differ
    /// (their money is then not comparable) or there are no entries.
    pub currency: Option<String>,
}

/// An idea's weighted-criteria score from 0 (worst on every criterion) to 100.
pub fn criteria_score(r: &Ratings, w: &CriteriaWeights) -> f64 {
    let up = |x: u8| f64::from(x.clamp(1, 5) - 1) / 4.0;
    let down = |x: u8| 1.0 - up(x);
    let parts = [
        (w.impact, up(r.impact)),
        (w.data_readiness, up(r.data_readiness)),
        (w.cost, down(r.cost)),
        (w.error_cost, down(r.error_cost)),
        (w.ethics_risk, down(r.ethics_risk)),
        (w.strategic_fit, up(r.strategic_fit)),
    ];
    let total: f64 = parts.iter().map(|p| clean(p.0).max(0.0)).sum();
    if !(total > 0.0) {
        return 0.0;
    }
    clean(100.0 * parts.iter().map(|p| clean(p.0).max(0.0) * p.1).sum::<f64>() / total)
}

/// One entry before ranking, with its trials' NPVs for the pairwise comparison.
struct Valued {
    entry: PortfolioEntry,
    npv: Vec<f64>,
}

/// Simulates one validated project on the portfolio's common draws.
fn value_of(
    project: &Project,
    kind: EntryKind,
    criteria_score: Option<f64>,
    options: &SimOptions,
    draws: &CommonDraws,
) -> Valued {
    // The gate's recorded outcome replaces its probability once evaluated (R155).
    let gate = match (project.gate.enabled, project.gate.outcome) {
        (false, _) | (true, GateOutcome::Passed) => None,
        (true, GateOutcome::Failed) => Some(0.0),
        (true, GateOutcome::Pending) => Some(project.gate.probability),
    };
    let mut stopped = project.clone();
    stopped.gate.probability = 0.0;
    let sim = sim::run(Plan::compile(&stopped), options);
    let passed: Vec<bool> = (0..sim.trials)
        .map(|t| gate.is_none_or(|p| draws.gate(t) < p))
        .collect();
    let spent: Vec<f64> = (0..sim.trials)
        .map(|t| {
            if passed[t] {
                sim.cost[t]
            } else {
                sim.spent_cost[t]
            }
        })
        .collect();
    let outcomes = Outcomes {
        duration: &sim.duration,
        spent: &spent,
        passed: &passed,
    };
    let trials = value::trials(project, &outcomes, draws);
    let mut scratch = Vec::new();
    let q = |xs: &[f64], scratch: &mut Vec<f64>| quantiles(xs, &[0.8], scratch)[0];
    let duration_p80 = q(&sim.duration, &mut scratch);
    let cal = Calendar::new(project, duration_p80 + 2.0);
    Valued {
        entry: PortfolioEntry {
            id: project.id.clone(),
            name: project.name.clone(),
            kind,
            rank: 0,
            currency: project.currency.clone(),
            value: value::summarise(project, &trials),
            cost_p80: q(&sim.cost, &mut scratch),
            duration_p80,
            finish_p80: cal.finish_date(duration_p80),
            quadrant: Quadrant::FillIn,
            criteria_score,
        },
        npv: trials.npv,
    }
}

/// Validates the workspace and ranks its projects and ideas (see the module notes).
pub fn portfolio(ws: &Workspace) -> Result<Portfolio, Vec<FieldError>> {
    let errors = validate_workspace(ws);
    if !errors.is_empty() {
        return Err(errors);
    }
    let settings = &ws.portfolio;
    let options = SimOptions {
        trials: settings.trials.max(1),
        seed: settings.seed,
        detail: false,
    };
    let draws = CommonDraws::new(settings.seed, options.trials as usize);
    let mut valued: Vec<Valued> = ws
        .projects
        .iter()
        .map(|p| value_of(p, EntryKind::Project, None, &options, &draws))
        .chain(ws.ideas.iter().map(|idea| {
            let score = criteria_score(&idea.ratings, &settings.weights);
            let project = idea.to_project(idea.id.clone());
            value_of(&project, EntryKind::Idea, Some(score), &options, &draws)
        }))
        .collect();
    crate::sort::sort_by(&mut valued, |a, b| {
        a.entry.value.npv.mean > b.entry.value.npv.mean
    });

    let n = valued.len();
    let per = |f: fn(&ValueForecast) -> f64| {
        if n == 0 {
            0.0
        } else {
            clean(valued.iter().map(|v| f(&v.entry.value)).sum::<f64>() / n as f64)
        }
    };
    let impact_line = per(|v| v.expected_benefit);
    let cost_line = per(|v| v.expected_cost);
    for (i, v) in valued.iter_mut().enumerate() {
        v.entry.rank = i as u32 + 1;
        let value = &v.entry.value;
        v.entry.quadrant = Quadrant::of(
            value.expected_benefit,
            value.expected_cost,
            impact_line,
            cost_line,
        );
    }
    let beats = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        0.5
                    } else {
                        beat_share(&valued[i].npv, &valued[j].npv)
                    }
                })
                .collect()
        })
        .collect();
    let currency = valued
        .first()
        .map(|v| v.entry.currency.clone())
        .filter(|c| valued.iter().all(|v| &v.entry.currency == c));
    Ok(Portfolio {
        trials: options.trials,
        seed: settings.seed,
        entries: valued.into_iter().map(|v| v.entry).collect(),
        beats,
        impact_line,
        cost_line,
        currency,
    })
}

/// Share of trials in which `a` is above `b`, ties counting half.
fn beat_share(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.5;
    }
    let mut twice = 0usize;
    for (x, y) in a[..n].iter().zip(&b[..n]) {
        twice += usize::from(x > y) * 2 + usize::from(x == y);
    }
    twice as f64 / (2 * n) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_gate_outcome_replaces_its_probability() {
        // R100 with R155: a passed gate delivers in every trial, a failed one in none.
        let start = Date::from_ymd(2026, 1, 5).unwrap();
        let figures = |gate: crate::model::FeasibilityGate| {
            let mut p = crate::model::templates::bike_shop("a".into(), start);
            p.gate = gate;
            let mut ws = Workspace {
                projects: vec![p],
                ..Workspace::default()
            };
            ws.portfolio.trials = 2_000;
            super::super::portfolio(&ws).unwrap().entries[0]
                .value
                .clone()
        };
        let base = crate::model::templates::bike_shop("a".into(), start).gate;
        assert!(base.enabled && base.probability < 1.0);
        let with = |enabled, probability, outcome| crate::model::FeasibilityGate {
            enabled,
            probability,
            outcome,
        };
        assert_eq!(
            figures(with(true, base.probability, GateOutcome::Passed)),
            figures(with(false, base.probability, GateOutcome::Pending))
        );
        assert_eq!(
            figures(with(true, base.probability, GateOutcome::Failed)),
            figures(with(true, 0.0, GateOutcome::Pending))
        );
        assert_ne!(
            figures(with(true, base.probability, GateOutcome::Pending)),
            figures(with(false, base.probability, GateOutcome::Pending))
        );
    }

    #[test]
    fn criteria_scores_run_from_worst_to_best() {
        // Protects the documented score: 0 when worst everywhere, 100 when best, and
        // weights that only count in proportion.
        let w = CriteriaWeights::default();
        let best = Ratings {
            impact: 5,
            data_readiness: 5,
            cost: 1,
            error_cost: 1,
            ethics_risk: 1,
            strategic_fit: 5,
        };
        let worst = Ratings {
            impact: 1,
            data_readiness: 1,
            cost: 5,
            error_cost: 5,
            ethics_risk: 5,
            strategic_fit: 1,
        };
        assert_eq!(criteria_score(&best, &w), 100.0);
        assert_eq!(criteria_score(&worst, &w), 0.0);
        assert_eq!(criteria_score(&Ratings::default(), &w), 50.0);
        let only_impact = CriteriaWeights {
            impact: 3.0,
            data_readiness: 0.0,
            cost: 0.0,
            error_cost: 0.0,
            ethics_risk: 0.0,
            strategic_fit: 0.0,
        };
        let r = Ratings { impact: 4, ..worst };
        assert_eq!(criteria_score(&r, &only_impact), 75.0);
    }

    #[test]
    fn quadrants_follow_the_lines() {
        // Protects the chart's quadrant names: high impact at low cost is a quick win.
        assert_eq!(Quadrant::of(2.0, 1.0, 1.5, 1.5), Quadrant::QuickWin);
        assert_eq!(Quadrant::of(2.0, 2.0, 1.5, 1.5), Quadrant::BigBet);
        assert_eq!(Quadrant::of(1.0, 1.0, 1.5, 1.5), Quadrant::FillIn);
        assert_eq!(Quadrant::of(1.0, 2.0, 1.5, 1.5), Quadrant::MoneyPit);
    }

    #[test]
    fn ties_count_half_in_the_pairwise_share() {
        // Protects beats[i][j] + beats[j][i] = 1.
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [0.0, 2.0, 5.0, 4.0];
        assert_eq!(beat_share(&a, &b), 0.5);
        assert_eq!(beat_share(&a, &b) + beat_share(&b, &a), 1.0);
        assert_eq!(beat_share(&[2.0], &[1.0]), 1.0);
    }
}

//! The workspace document: the user's projects, the candidate use cases that are only
//! ideas so far, and how the portfolio is ranked.
//!
//! Ideas live beside projects, never inside a [`Project`], so project files stay as
//! they are. An idea is scored by the same simulation as a project: [`Idea::to_project`]
//! turns it into a skeleton project (the same one a promotion creates), which the
//! engine forecasts like any other.
//!
//! # From a rough size to a plan
//!
//! | Size | Most likely effort | Team  | Roughly                      |
//! |------|--------------------|-------|------------------------------|
//! | S    | 40 person-days     | 1 FTE | two months for one person    |
//! | M    | 100 person-days    | 1 FTE | five months for one person   |
//! | L    | 250 person-days    | 2 FTE | six to seven months for two  |
//! | XL   | 500 person-days    | 3 FTE | eight to nine months for three |
//!
//! S follows Thompson's advice for a job "small enough that you can do it yourself in a
//! few weeks": double it (about 20 days becomes 40); anything over 20 days "is a lot
//! bigger than that", hence the steps up. The sizes bracket the templates (100–330
//! person-days). The effort is split over the CRISP-DM phases
//! ([`PHASE_SHARES`]: business understanding 5%, data understanding 10%, data
//! preparation 25%, modelling 25%, evaluation 10%, deployment 15%, monitoring 10%), one
//! task per phase and team member, phases in sequence, members of a phase in parallel;
//! phases up to evaluation are the MVP, deployment is Growth and monitoring Maturity.
//! Each task's estimate is PERT with optimistic ½× and pessimistic 2½× its most likely
//! value ([`SIZE_SPREAD`]: ML work runs long far more often than short). Because tasks
//! are drawn independently, the total's spread is narrower than one task's.
//!
//! A cost range, when given, replaces the team's day rate: the rate becomes the most
//! likely cost over the size's most likely effort, and the tasks take the range's shape
//! (optimistic : most likely : pessimistic), so the most likely build costs what the
//! range says while the size still sets the time. Data readiness (rated 1–5) answers
//! Thompson's unclean-data factor: 1–2 "Yes", 3 "Some", 4–5 "No". The feasibility
//! probability becomes the project's feasibility gate.

use super::{
    Date, FactorAnswer, FactorKind, FactorLevel, Phase, Project, Role, Stage, Task, ThreePoint,
    ValueModel,
};
use serde::{Deserialize, Serialize};

/// How big an idea roughly is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IdeaSize {
    S,
    #[default]
    M,
    L,
    XL,
}

named_values!(IdeaSize {
    S = "S",
    M = "M",
    L = "L",
    XL = "XL",
});

impl IdeaSize {
    /// The size's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            IdeaSize::S => "S",
            IdeaSize::M => "M",
            IdeaSize::L => "L",
            IdeaSize::XL => "XL",
        }
    }

    /// Most likely total effort in person-days (see the module notes).
    pub fn effort_days(self) -> f64 {
        match self {
            IdeaSize::S => 40.0,
            IdeaSize::M => 100.0,
            IdeaSize::L => 250.0,
            IdeaSize::XL => 500.0,
        }
    }

    /// People working on it at once.
    pub fn team(self) -> u32 {
        match self {
            IdeaSize::S | IdeaSize::M => 1,
            IdeaSize::L => 2,
            IdeaSize::XL => 3,
        }
    }
}

/// Share of the effort in each phase, in [`Phase::ALL`] order (sums to 1).
pub const PHASE_SHARES: [f64; 7] = [0.05, 0.10, 0.25, 0.25, 0.10, 0.15, 0.10];

/// Optimistic and pessimistic effort of a sized task, as multiples of its most likely.
pub const SIZE_SPREAD: (f64, f64) = (0.5, 2.5);

/// An idea's ratings from 1 (low) to 5 (high) on the prioritisation criteria. For
/// impact, data readiness and strategic fit more is better; for cost, cost of errors
/// and ethics risk more is worse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratings {
    pub impact: u8,
    /// Also answers the unclean-data factor when the idea is simulated.
    pub data_readiness: u8,
    pub cost: u8,
    pub error_cost: u8,
    pub ethics_risk: u8,
    pub strategic_fit: u8,
}

impl Default for Ratings {
    fn default() -> Self {
        Self {
            impact: 3,
            data_readiness: 3,
            cost: 3,
            error_cost: 3,
            ethics_risk: 3,
            strategic_fit: 3,
        }
    }
}

/// How much each criterion counts in the weighted score (any non-negative numbers;
/// only their proportions matter).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriteriaWeights {
    pub impact: f64,
    pub data_readiness: f64,
    pub cost: f64,
    pub error_cost: f64,
    pub ethics_risk: f64,
    pub strategic_fit: f64,
}

impl Default for CriteriaWeights {
    fn default() -> Self {
        Self {
            impact: 1.0,
            data_readiness: 1.0,
            cost: 1.0,
            error_cost: 1.0,
            ethics_risk: 1.0,
            strategic_fit: 1.0,
        }
    }
}

/// A candidate use case with rough numbers (or none yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Idea {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISO 4217 code, e.g. "EUR".
    pub currency: String,
    /// When the work could start.
    pub start_date: Date,
    #[serde(default)]
    pub size: IdeaSize,
    /// One-off build cost; when set it replaces the day rate (see the module notes).
    #[serde(default)]
    pub cost: Option<ThreePoint>,
    /// Blended cost of one person-day, used when there is no cost range.
    pub day_rate: f64,
    /// Probability that the model reaches the minimum performance (0–1).
    pub feasibility: f64,
    /// Benefit range and the rest of the money side, as for a project.
    #[serde(default)]
    pub value: ValueModel,
    #[serde(default)]
    pub ratings: Ratings,
}

impl Idea {
    /// A new idea of size M with neutral ratings and no numbers yet.
    pub fn new(id: impl Into<String>, name: impl Into<String>, start_date: Date) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            currency: "EUR".into(),
            start_date,
            size: IdeaSize::default(),
            cost: None,
            day_rate: 700.0,
            feasibility: 0.7,
            value: ValueModel::default(),
            ratings: Ratings::default(),
        }
    }

    /// The unclean-data answer implied by the data readiness rating.
    pub fn unclean_data(&self) -> FactorLevel {
        match self.ratings.data_readiness {
            0..=2 => FactorLevel::Yes,
            3 => FactorLevel::Some,
            _ => FactorLevel::No,
        }
    }

    /// The skeleton project the idea stands for: what it is simulated as, and what a
    /// promotion creates (see the module notes for the mapping).
    pub fn to_project(&self, id: impl Into<String>) -> Project {
        let mut p = Project::new(id, self.name.clone(), self.start_date);
        p.description = self.description.clone();
        p.currency = self.currency.clone();
        let effort = self.size.effort_days();
        let (day_rate, (lo, hi)) = match self.cost {
            Some(c) if c.most_likely > 0.0 => (
                c.most_likely / effort,
                (c.optimistic / c.most_likely, c.pessimistic / c.most_likely),
            ),
            _ => (self.day_rate, SIZE_SPREAD),
        };
        let team = self.size.team();
        p.team.push(Role {
            id: 1,
            name: "ML team".into(),
            headcount: f64::from(team),
            day_rate,
        });
        let mut previous: Vec<u32> = Vec::new();
        for (phase, share) in Phase::ALL.into_iter().zip(PHASE_SHARES) {
            let stage = match phase {
                Phase::Deployment => Stage::Growth,
                Phase::Monitoring => Stage::Maturity,
                _ => Stage::Mvp,
            };
            let m = effort * share / f64::from(team);
            let first = p.next_task_id();
            for part in 1..=team {
                let name = if team == 1 {
                    phase.label().to_owned()
                } else {
                    format!("{} (part {part} of {team})", phase.label())
                };
                p.tasks.push(Task {
                    id: first + part - 1,
                    name,
                    phase,
                    stage,
                    role: 1,
                    effort: ThreePoint::new(m * lo, m, m * hi),
                    distribution: Default::default(),
                    kind: Default::default(),
                    depends_on: previous.clone(),
                    ..Default::default()
                });
            }
            previous = (first..first + team).collect();
        }
        let level = self.unclean_data();
        if level != FactorLevel::No {
            p.factors.push(FactorAnswer {
                factor: FactorKind::UncleanData,
                level,
            });
        }
        p.gate.enabled = true;
        p.gate.probability = self.feasibility;
        p.value = self.value.clone();
        p
    }
}

/// How the portfolio is simulated and how ideas are scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioSettings {
    /// Trials per project or idea; every one runs on the same seed and trials.
    pub trials: u32,
    pub seed: u64,
    #[serde(default)]
    pub weights: CriteriaWeights,
}

impl Default for PortfolioSettings {
    fn default() -> Self {
        Self {
            trials: 20_000,
            seed: 1,
            weights: CriteriaWeights::default(),
        }
    }
}

/// Everything the user has: projects, ideas and how they are ranked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub ideas: Vec<Idea>,
    #[serde(default)]
    pub portfolio: PortfolioSettings,
}

impl Workspace {
    /// Replaces the idea with this id by the project it stands for (same id), placed
    /// after the other projects; the promoted project, or `None` if there is no such idea.
    pub fn promote(&mut self, idea_id: &str) -> Option<&Project> {
        let i = self.ideas.iter().position(|idea| idea.id == idea_id)?;
        let idea = self.ideas.remove(i);
        self.projects.push(idea.to_project(idea.id.clone()));
        self.projects.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::validate;

    fn idea(size: IdeaSize) -> Idea {
        let mut i = Idea::new("i1", "Invoice matching", Date::from_days(20_000));
        i.size = size;
        i
    }

    fn total_most_likely(p: &Project) -> f64 {
        p.tasks.iter().map(|t| t.effort.most_likely).sum()
    }

    #[test]
    fn phase_shares_add_up_to_the_whole() {
        // Protects the size mapping: the phases split the whole effort, nothing more.
        assert!((PHASE_SHARES.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn every_size_becomes_a_valid_plan_with_its_effort_and_team() {
        // Protects the documented size table and that a promoted idea is a valid project.
        for size in IdeaSize::ALL {
            let p = idea(size).to_project("p");
            assert_eq!(validate(&p), vec![], "{size:?}");
            assert!((total_most_likely(&p) - size.effort_days()).abs() < 1e-9);
            assert_eq!(p.tasks.len(), 7 * size.team() as usize);
            assert_eq!(p.team[0].headcount, f64::from(size.team()));
            assert!(p.gate.enabled && p.gate.probability == 0.7);
            for stage in Stage::ALL {
                assert!(p.tasks.iter().any(|t| t.stage == stage), "{size:?}");
            }
        }
    }

    #[test]
    fn a_cost_range_sets_the_rate_and_the_shape() {
        // Protects the cost-range rule: the most likely build costs the range's most likely.
        let mut i = idea(IdeaSize::L);
        i.cost = Some(ThreePoint::new(100_000.0, 200_000.0, 500_000.0));
        let p = i.to_project("p");
        let rate = p.team[0].day_rate;
        assert!((total_most_likely(&p) * rate - 200_000.0).abs() < 1e-6);
        let t = &p.tasks[0].effort;
        assert!((t.optimistic / t.most_likely - 0.5).abs() < 1e-12);
        assert!((t.pessimistic / t.most_likely - 2.5).abs() < 1e-12);
    }

    #[test]
    fn data_readiness_answers_the_unclean_data_factor() {
        // Protects the readiness → factor mapping in the module notes.
        let mut i = idea(IdeaSize::S);
        for (rating, level) in [
            (1, FactorLevel::Yes),
            (2, FactorLevel::Yes),
            (3, FactorLevel::Some),
            (4, FactorLevel::No),
            (5, FactorLevel::No),
        ] {
            i.ratings.data_readiness = rating;
            let p = i.to_project("p");
            assert_eq!(p.factor_level(FactorKind::UncleanData), level);
        }
    }

    #[test]
    fn promotion_moves_the_idea_into_the_projects() {
        // Protects promotion: the idea leaves the list and its plan joins the projects.
        let mut ws = Workspace::default();
        ws.ideas.push(idea(IdeaSize::M));
        let promoted = ws.promote("i1").cloned().expect("the idea exists");
        assert_eq!(promoted.id, "i1");
        assert_eq!(promoted.name, "Invoice matching");
        assert!(ws.ideas.is_empty());
        assert_eq!(ws.projects, vec![promoted]);
        assert!(ws.promote("i1").is_none());
    }
}

//! Scenarios: named what-ifs inside a project (docs/MODEL.md §30). A scenario is a whole
//! copy of the plan with its change made, so any edit can be a scenario: the plan saved
//! under a name before it is edited, one more person in a role, a stage dropped, every
//! mitigation adopted. Scenarios travel in the project's JSON file; share links carry
//! the plan alone.

use super::{Id, Project, RiskTarget, Stage};
use serde::{Deserialize, Serialize};

/// Most scenarios a project keeps.
pub const MAX_SCENARIOS: usize = 5;

/// A named what-if: the plan as it would be.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    /// The plan of the scenario; it holds no scenarios of its own.
    pub plan: Box<Project>,
}

/// Why a what-if cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("A project keeps at most {MAX_SCENARIOS} scenarios: remove one first.")]
    Full,
    #[error("There is no such role in the team.")]
    NoRole,
    #[error("The role has the most people a role may have (100).")]
    RoleFull,
    #[error("Without that stage the plan would have no tasks.")]
    NothingLeft,
    #[error("No risk has a mitigation to adopt that is not adopted already.")]
    NothingToAdopt,
    #[error("There is no such scenario.")]
    NoScenario,
}

impl Project {
    /// The plan alone: a copy without its scenarios.
    pub fn plan_only(&self) -> Project {
        let mut plan = self.clone();
        plan.scenarios.clear();
        plan
    }

    /// Adds `plan` (the plan as it would be) as a scenario named `name`.
    pub fn add_scenario(&mut self, name: &str, plan: Project) -> Result<(), ScenarioError> {
        if self.scenarios.len() >= MAX_SCENARIOS {
            return Err(ScenarioError::Full);
        }
        let mut plan = plan;
        plan.scenarios.clear();
        self.scenarios.push(Scenario {
            name: name.trim().to_owned(),
            plan: Box::new(plan),
        });
        Ok(())
    }

    /// The plan with one more person in role `role` (headcount + 1, at most the limit).
    pub fn with_one_more(&self, role: Id) -> Result<(Project, String), ScenarioError> {
        let mut plan = self.plan_only();
        let r = plan
            .team
            .iter_mut()
            .find(|r| r.id == role)
            .ok_or(ScenarioError::NoRole)?;
        if r.headcount + 1.0 > crate::model::validate::MAX_HEADCOUNT {
            return Err(ScenarioError::RoleFull);
        }
        r.headcount += 1.0;
        let name = format!("One more {}", r.name.trim());
        Ok((plan, name))
    }

    /// The plan without the tasks of `stage`: links to them, risk targets on them and
    /// the stage's milestones go too; a risk left with no target goes.
    pub fn without_stage(&self, stage: Stage) -> Result<(Project, String), ScenarioError> {
        let mut plan = self.plan_only();
        let gone: Vec<Id> = plan
            .tasks
            .iter()
            .filter(|t| t.stage == stage)
            .map(|t| t.id)
            .collect();
        plan.tasks.retain(|t| t.stage != stage);
        if plan.tasks.is_empty() {
            return Err(ScenarioError::NothingLeft);
        }
        for t in &mut plan.tasks {
            t.depends_on.retain(|d| !gone.contains(d));
        }
        let kept =
            |target: &RiskTarget| !matches!(target, RiskTarget::Task(id) if gone.contains(id));
        plan.risks.retain_mut(|r| {
            let mut targets: Vec<RiskTarget> = r.targets().filter(|t| kept(t)).collect();
            if targets.is_empty() {
                return false;
            }
            r.target = targets.remove(0);
            r.more_targets = targets;
            true
        });
        plan.plan.milestones.retain(|m| m.stage != stage);
        Ok((plan, format!("Without the {} stage", stage.label())))
    }

    /// The plan with every risk's mitigation adopted (where one is described or costs
    /// or changes something).
    pub fn with_mitigations_adopted(&self) -> Result<(Project, String), ScenarioError> {
        let mut plan = self.plan_only();
        let mut adopted = 0;
        for r in &mut plan.risks {
            let m = &r.mitigation;
            let has_one = !m.description.trim().is_empty()
                || m.cost > 0.0
                || m.effort > 0.0
                || m.impact_reduction > 0.0
                || m.probability_after < r.probability;
            if has_one && !m.adopted {
                r.mitigation.adopted = true;
                adopted += 1;
            }
        }
        if adopted == 0 {
            return Err(ScenarioError::NothingToAdopt);
        }
        Ok((plan, "Every mitigation adopted".to_owned()))
    }

    /// Makes scenario `i` the plan; the plan takes its place as a scenario named
    /// “Plan before <name>”, so nothing is lost. The project keeps its id, name,
    /// revision and scenarios.
    pub fn promote(&mut self, i: usize) -> Result<(), ScenarioError> {
        let scenario = self
            .scenarios
            .get(i)
            .ok_or(ScenarioError::NoScenario)?
            .clone();
        let before = self.plan_only();
        let (id, name, revision, updated_at) = (
            self.id.clone(),
            self.name.clone(),
            self.revision,
            self.updated_at,
        );
        let scenarios = std::mem::take(&mut self.scenarios);
        *self = *scenario.plan;
        self.id = id;
        self.name = name;
        self.revision = revision;
        self.updated_at = updated_at;
        self.scenarios = scenarios;
        self.scenarios[i] = Scenario {
            name: format!("Plan before “{}”", scenario.name),
            plan: Box::new(before),
        };
        Ok(())
    }
}

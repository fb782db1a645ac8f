//! Pure HTML builders for the workspace's data-driven sections, and the one edit path
//! from a form control's `data-path` to the project.
//!
//! A section is a list of parts, each a plain [`Render`] function of a [`View`] (the
//! project, its validation errors, the parts drawn from its forecast and the section's
//! own view state, such as a selected matrix cell) and, for parts with buttons, an
//! [`Act`] function. Forms are lists of [`crate::form::Field`] descriptors. Every part
//! returns [`crate::html::Html`], built with [`crate::html!`], so a person's text (names,
//! the currency, messages that quote them) is always escaped. The page only inserts the
//! markup and forwards events, so everything here is tested natively.
//!
//! Parts drawn from a forecast ([`ForecastParts`]) and parts drawn from other
//! simulations ([`Slow`] with [`drawn`]) are built in the engine's worker, by the same
//! builders, and reach the page as finished markup.

pub mod factors;
pub mod forecast;
pub mod overview;
pub mod plan;
pub mod portfolio;
pub mod progress;
pub mod risks;
pub mod scenarios;
pub mod start;
pub mod tasks;
pub mod team;
pub mod value;

use crate::engine::Forecast;
use crate::form::{set_field, set_in, split_group, split_indexed, EditError};
use crate::html::Html;
use crate::jobs::{Answer, Job};
use crate::model::validate::FieldError;
use crate::model::{Project, Stage};
use serde::{Deserialize, Serialize};

/// What a part of a section is drawn from.
pub struct View<'a> {
    pub project: &'a Project,
    /// Every validation problem of the project, by field path.
    pub errors: &'a [FieldError],
    /// The parts drawn from the latest forecast, when the project could be forecast.
    pub forecast: Option<&'a ForecastParts>,
    /// The section's view state, set by `data-action="state"` buttons (e.g. `"34"`).
    pub state: &'a str,
}

/// Builds a part's markup.
pub type Render = fn(&View) -> Html;

/// The markup of every part drawn from one forecast of a project (a preview's or the
/// final one's). The engine's worker draws them when it answers a forecast, so neither
/// the forecast's data nor the drawing code (charts included) is in the page's wasm;
/// the page shows each as it is, or what it waits for ([`forecast::ready`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastParts {
    /// The Overview section.
    pub overview: String,
    /// The Tasks section's live line.
    pub live_line: String,
    /// The Forecast section's tables and charts.
    pub body: String,
    /// The Risks section's line with the register as it stands.
    pub risks_line: String,
    /// The Value & priority section's summary.
    pub value: String,
    /// The Progress section's state of the work and its buttons (empty untracked).
    pub progress: String,
}

impl ForecastParts {
    /// Draws every part from `f`, a forecast of `p`.
    pub fn draw(p: &Project, f: &Forecast) -> Self {
        Self {
            overview: overview::draw(p, f).into(),
            live_line: forecast::draw_live_line(p, f).into(),
            body: forecast::draw_body(p, f).into(),
            risks_line: risks::draw_forecast_line(p, f).into(),
            value: value::draw_summary(p, f).into(),
            progress: progress::draw_status(p, f).into(),
        }
    }
}

/// A part whose markup needs simulations, which the engine's worker runs: `job` asks
/// for them, `render` builds the markup from the document (a project, the workspace)
/// and the answer (`None` for an answer of another kind).
pub struct Slow<S = Project> {
    pub job: fn(&S) -> Job,
    pub render: fn(&S, Answer) -> Option<Html>,
}

impl<S> Clone for Slow<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Slow<S> {}

/// The markup of a part the worker drew (an [`Answer::Html`]: a [`crate::jobs::Part`],
/// the questionnaire with the factor impacts, mitigation worth, the portfolio's ranking).
pub fn drawn<S>(_: &S, answer: Answer) -> Option<Html> {
    match answer {
        Answer::Html(markup) => Some(Html::drawn(markup)),
        _ => None,
    }
}

impl<S> Slow<S> {
    /// The markup with the simulations run here and now (tests, the command line).
    pub fn html_now(&self, doc: &S) -> Option<Html> {
        (self.render)(doc, crate::jobs::run(&(self.job)(doc))?)
    }
}

/// What an action did: `Ok` when it changed the project; `Err` with a message for the
/// person when it could not (an empty message when there was simply nothing to do).
pub type Outcome = Result<(), String>;

/// Carries out a part's `data-action` button with its `data-arg` (or, for a button
/// with `data-source`, the value of that control) on a copy of the project.
pub type Act = fn(&mut Project, &str, &str) -> Outcome;

/// `Ok` when something changed, otherwise an empty `Err`.
pub fn changed(yes: bool) -> Outcome {
    if yes {
        Ok(())
    } else {
        Err(String::new())
    }
}

/// The stages as select options, coded by position.
pub fn stage_choices(_: &Project) -> Vec<(String, String)> {
    Stage::ALL
        .iter()
        .map(|s| (s.index().to_string(), s.label().to_owned()))
        .collect()
}

/// Applies what a person typed into the control at `path` (as the validator names
/// fields: `risks[2].probability`, `gate.enabled`).
pub fn edit(project: &mut Project, path: &str, raw: &str) -> Result<(), EditError> {
    if let Some((list, index, key)) = split_indexed(path) {
        return match list {
            "factor_rules" => set_in(
                factors::RULE_FIELDS,
                &mut project.factor_rules,
                index,
                key,
                raw,
            ),
            "tasks" if key == "depends_on" => {
                let after = tasks::parse_after(&project.tasks, raw).map_err(EditError::Invalid)?;
                let task = project.tasks.get_mut(index).ok_or(EditError::UnknownPath)?;
                task.depends_on = after;
                Ok(())
            }
            "tasks" if progress::PROGRESS_FIELDS.iter().any(|f| f.key == key) => set_in(
                progress::PROGRESS_FIELDS,
                &mut project.tasks,
                index,
                key,
                raw,
            ),
            "tasks" => set_in(tasks::TASK_FIELDS, &mut project.tasks, index, key, raw),
            "risks" if key == "more_targets" => {
                let targets = risks::parse_targets(project, raw).map_err(EditError::Invalid)?;
                let risk = project.risks.get_mut(index).ok_or(EditError::UnknownPath)?;
                risk.more_targets = targets;
                Ok(())
            }
            "risks" => set_in(risks::RISK_FIELDS, &mut project.risks, index, key, raw),
            "team" => set_in(team::ROLE_FIELDS, &mut project.team, index, key, raw),
            "fixed_costs" => set_in(team::COST_FIELDS, &mut project.fixed_costs, index, key, raw),
            "scenarios" => set_in(
                scenarios::SCENARIO_FIELDS,
                &mut project.scenarios,
                index,
                key,
                raw,
            ),
            _ => Err(EditError::UnknownPath),
        };
    }
    match split_group(path) {
        Some(("factor", index)) => {
            factors::set_answer(project, index, raw).map_err(EditError::Invalid)
        }
        Some(("value", key)) => set_field(value::VALUE_FIELDS, &mut project.value, key, raw),
        Some(("requirements", key)) => set_field(
            plan::REQUIREMENT_FIELDS,
            &mut project.requirements,
            key,
            raw,
        ),
        Some(("plan", rest)) => plan::edit(&mut project.plan, rest, raw),
        Some(("gate", key)) => set_field(risks::GATE_FIELDS, &mut project.gate, key, raw),
        Some(("tracking", key)) => {
            set_field(progress::TRACKING_FIELDS, &mut project.tracking, key, raw)
        }
        Some(("settings", key)) => {
            set_field(forecast::SETTINGS_FIELDS, &mut project.settings, key, raw)
        }
        Some(_) => Err(EditError::UnknownPath),
        None => set_field(team::CALENDAR_FIELDS, project, path, raw),
    }
}

/// Shared by the section modules' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{ForecastParts, View};
    use crate::model::templates::bike_shop;
    use crate::model::{Date, Project};

    /// The bike shop template, starting 2026-01-05, with few trials for quick tests.
    pub fn shop() -> Project {
        let mut p = bike_shop("p".into(), Date::from_ymd(2026, 1, 5).unwrap());
        p.settings.trials = 2_000;
        p
    }

    /// A view of `project` with the parts drawn from this forecast, no errors and no
    /// view state.
    pub fn view<'a>(project: &'a Project, forecast: Option<&'a ForecastParts>) -> View<'a> {
        View {
            project,
            errors: &[],
            forecast,
            state: "",
        }
    }
}

//! The open project, provided by context to the workspace's sections: its current value,
//! its validation errors, and the parts drawn from its forecast, which the engine's
//! worker re-runs and draws shortly after every edit.

use super::{worker, Store};
use crate::jobs::{Answer, Job};
use crate::markup::ForecastParts;
use crate::model::validate::{validate, FieldError};
use crate::model::Project;
use leptos::prelude::*;

/// The open project's reactive handle.
#[derive(Clone, Copy)]
pub struct ProjectCtx {
    store: Store,
    id: StoredValue<String>,
    /// The project as it is now (`None` once deleted).
    pub project: Memo<Option<Project>>,
    /// Every validation problem, by field path.
    pub errors: Memo<Vec<FieldError>>,
    /// The parts drawn from the latest forecast (a preview of fewer trials until the
    /// final one comes), or the errors that stopped it.
    pub forecast: ReadSignal<Option<Result<ForecastParts, Vec<FieldError>>>>,
}

impl ProjectCtx {
    /// Creates the handle for project `id` and starts its live forecast.
    pub fn new(id: String) -> Self {
        let store = Store::get();
        let id = StoredValue::new(id);
        let project = Memo::new(move |_| id.with_value(|id| store.project(id)));
        let errors =
            Memo::new(move |_| project.with(|p| p.as_ref().map(validate).unwrap_or_default()));
        let forecast = worker::computed(
            project,
            |p| Job::Forecast(p.clone()),
            |_, answer| match answer {
                Answer::Forecast(f) => Some(f.map(|f| *f)),
                _ => None,
            },
        );
        Self {
            store,
            id,
            project,
            errors,
            forecast,
        }
    }

    /// The handle provided by the workspace.
    pub fn get() -> Self {
        expect_context::<ProjectCtx>()
    }

    /// Reads something from the project (tracked); `default` once it is gone.
    pub fn read<R>(&self, default: R, f: impl FnOnce(&Project) -> R) -> R {
        self.project.with(|p| p.as_ref().map(f).unwrap_or(default))
    }

    /// Changes the project and saves it.
    pub fn update(&self, change: impl FnOnce(&mut Project)) {
        let store = self.store;
        self.id.with_value(|id| store.update_project(id, change));
    }
}

//! The open project, provided by context to the workspace's sections: its current value,
//! its validation errors, and its forecast, re-run shortly after every edit.

use super::Store;
use crate::engine::{self, Forecast};
use crate::model::validate::{validate, FieldError};
use crate::model::Project;
use leptos::prelude::*;
use std::time::Duration;

/// How long the forecast waits after the last edit before re-running.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The open project's reactive handle.
#[derive(Clone, Copy)]
pub struct ProjectCtx {
    store: Store,
    id: StoredValue<String>,
    /// The project as it is now (`None` once deleted).
    pub project: Memo<Option<Project>>,
    /// Every validation problem, by field path.
    pub errors: Memo<Vec<FieldError>>,
    /// The latest forecast, or the errors that stopped it.
    pub forecast: ReadSignal<Option<Result<Forecast, Vec<FieldError>>>>,
}

/// A result computed from a document (the project, the workspace) a moment after it
/// stops changing, so typing never waits for the engine. Reads `None` until the first
/// run.
pub fn debounced<S, T>(source: Memo<Option<S>>, compute: fn(&S) -> T) -> ReadSignal<Option<T>>
where
    S: Clone + PartialEq + Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let (result, set_result) = signal(None);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let Some(p) = source.get() else { return };
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        // The timer may fire after the workspace has closed: only set what still exists.
        let handle = set_timeout_with_handle(
            move || {
                if !set_result.is_disposed() {
                    set_result.try_set(Some(compute(&p)));
                }
            },
            DEBOUNCE,
        )
        .ok();
        pending.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    });
    result
}

impl ProjectCtx {
    /// Creates the handle for project `id` and starts its live forecast.
    pub fn new(id: String) -> Self {
        let store = Store::get();
        let id = StoredValue::new(id);
        let project = Memo::new(move |_| id.with_value(|id| store.project(id)));
        let errors =
            Memo::new(move |_| project.with(|p| p.as_ref().map(validate).unwrap_or_default()));
        let forecast = debounced(project, engine::forecast);
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

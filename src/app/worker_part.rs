//! Actions the engine's worker carries out on the open project, so that their code
//! stays out of the page's wasm ([`crate::jobs::act`]): the Tasks section's bulk paste
//! and file import (CSV or MS Project XML), the Progress section's tracker import, the
//! Scenarios section's what-ifs and the Requirements & plan section's offers. A section's buttons send the action with
//! the project as it is; the worker answers markup (a preview, or why an edit could not
//! be made), shown in a [`WorkerPart`] below the section's form, or the changed
//! project's file, which replaces the open project as one undoable edit when it was
//! made from the project as it still is.

use super::markup_host::{Host, HostProps, Target};
use super::project::ProjectCtx;
use super::worker;
use crate::data::import_project;
use crate::html::Html;
use crate::jobs::{Answer, Job};
use crate::markup::{changed, plan, scenarios, tasks, Outcome};
use crate::model::Project;
use leptos::prelude::*;
use std::cell::RefCell;

thread_local! {
    /// The lane of the worker part on show (one section is shown at a time), and the
    /// imported file's text (the tracker's CSV, or the tasks' file).
    static PART: RefCell<(u32, String)> = RefCell::default();
}

/// Asks the worker to carry out `action` with `arg` on `project`.
fn ask(project: &Project, action: &str, arg: String) {
    let lane = PART.with_borrow(|part| part.0);
    worker::ask(lane, Job::Act(project.clone(), action.to_owned(), arg));
}

/// The imported file's text, kept for applying what was previewed.
fn csv() -> String {
    PART.with_borrow(|part| part.1.clone())
}

/// Carries out the actions the worker makes: `paste` (argument: the rows),
/// `import-preview` and `tasks-file-preview` (argument: the tracker's CSV, pasted or
/// the chosen file's text; the tasks' CSV or MSPDI file) and `import-apply` and
/// `tasks-file-apply` (argument: the edit time of the project the preview was drawn
/// from; when the project changed since, it is previewed again instead), and the
/// scenarios' actions ([`scenarios::ACTIONS`]) and the Requirements & plan section's
/// offers ([`plan::OFFER_ACTIONS`]). None changes the project here: the worker answers.
pub fn worker_act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    match action {
        "paste" => ask(p, action, arg.to_owned()),
        "import-preview" | "tasks-file-preview" => {
            PART.with_borrow_mut(|part| part.1 = arg.to_owned());
            ask(p, action, arg.to_owned());
        }
        "import-apply" if arg.parse() == Ok(p.updated_at) => ask(p, action, csv()),
        "import-apply" => ask(p, "import-preview", csv()),
        "tasks-file-apply" if arg.parse() == Ok(p.updated_at) => ask(p, action, csv()),
        "tasks-file-apply" => ask(p, "tasks-file-preview", csv()),
        a if scenarios::ACTIONS.contains(&a) || plan::OFFER_ACTIONS.contains(&a) => {
            ask(p, action, arg.to_owned())
        }
        _ => return changed(false),
    }
    changed(false)
}

/// The Tasks section's actions: the paste and the file import in the worker, the
/// rest here.
pub fn tasks_act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    match action {
        "paste" | "tasks-file-preview" => worker_act(p, action, arg),
        _ => tasks::act(p, action, arg),
    }
}

/// What the worker answers the section's actions. With `preview`, the tracker import's
/// preview of its CSV is asked for at once (what the import reads, until a CSV is
/// given) and again after the import is applied; otherwise an applied edit clears it.
#[component]
pub fn WorkerPart(#[prop(optional)] preview: bool) -> impl IntoView {
    let ctx = ProjectCtx::get();
    let (shown, show) = signal(None::<Html>);
    let again = move || {
        if let (true, Some(p)) = (preview, ctx.project.get_untracked()) {
            ask(&p, "import-preview", csv());
        }
    };
    let lane = worker::lane(move |answer, _| match answer {
        Answer::Html(markup) => show.set(Some(Html::drawn(markup))),
        Answer::Text(file) => {
            if let (Ok(changed), Some(now)) = (import_project(&file), ctx.project.get_untracked()) {
                if changed.updated_at == now.updated_at {
                    ctx.update(move |p| *p = changed);
                }
            }
            show.set(None);
            again();
        }
        _ => {}
    });
    PART.with_borrow_mut(|part| *part = (lane, String::new()));
    again();
    Host(HostProps {
        html: Signal::derive(move || shown.get().unwrap_or_default()),
        target: Target::project(Some(worker_act)),
        editable: false,
        keep_typing: false,
        state: None,
    })
}

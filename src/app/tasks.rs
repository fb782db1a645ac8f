//! The Tasks section: an editable table of the plan's tasks, and bulk paste from a
//! spreadsheet.

use super::fields::{NumberField, SelectField, TextField};
use super::project::ProjectCtx;
use crate::model::{Distribution, Id, Phase, Project, Role, Stage, Task, ThreePoint};
use crate::paste;
use leptos::prelude::*;

/// The tasks table with its add and paste controls.
#[component]
pub fn TasksSection() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let ids = Memo::new(move |_| {
        ctx.read(Vec::new(), |p| {
            p.tasks.iter().map(|t| t.id).collect::<Vec<Id>>()
        })
    });
    let add = move |_| {
        ctx.update(|p| {
            add_task(
                p,
                "New task".into(),
                ThreePoint::new(2.0, 3.0, 5.0),
                None,
                None,
                None,
            )
        })
    };
    view! {
        <p class="muted">
            "Efforts are in person-days: optimistic, most likely and pessimistic. "
            "“After” lists the numbers (#) of tasks that must finish first."
        </p>
        <div class="table-scroll">
            <table class="task-table">
                <caption class="visually-hidden">"Tasks"</caption>
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">"Task"</th>
                        <th scope="col">"Phase"</th>
                        <th scope="col">"Stage"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Optimistic"</th>
                        <th scope="col">"Most likely"</th>
                        <th scope="col">"Pessimistic"</th>
                        <th scope="col">"Distribution"</th>
                        <th scope="col">"After"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || ids.get().into_iter().map(|id| view! { <TaskRow id=id /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p><button type="button" class="button button--primary" on:click=add>"Add task"</button></p>
        <BulkPaste />
    }
}

/// Appends a task, creating a role by name (or a first role) when needed.
fn add_task(
    p: &mut Project,
    name: String,
    effort: ThreePoint,
    phase: Option<Phase>,
    stage: Option<Stage>,
    role: Option<&str>,
) {
    let role_id = match role {
        Some(name) => match p.team.iter().find(|r| r.name.eq_ignore_ascii_case(name)) {
            Some(r) => r.id,
            None => push_role(p, name),
        },
        None => match p.team.first() {
            Some(r) => r.id,
            None => push_role(p, "Data scientist"),
        },
    };
    let last = p.tasks.last();
    let task = Task {
        id: p.next_task_id(),
        name,
        phase: phase
            .or(last.map(|t| t.phase))
            .unwrap_or(Phase::BusinessUnderstanding),
        stage: stage.or(last.map(|t| t.stage)).unwrap_or(Stage::Mvp),
        role: role_id,
        effort,
        distribution: Distribution::Pert,
        depends_on: Vec::new(),
        actual: None,
    };
    p.tasks.push(task);
}

fn push_role(p: &mut Project, name: &str) -> Id {
    let id = p.next_role_id();
    p.team.push(Role {
        id,
        name: name.to_owned(),
        headcount: 1.0,
        day_rate: 800.0,
    });
    id
}

/// Reads a list of task numbers such as "1, 3 4".
fn parse_ids(text: &str) -> Result<Vec<Id>, String> {
    text.split([',', ' ', ';'])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.trim_start_matches('#')
                .parse::<Id>()
                .map_err(|_| format!("“{s}” is not a task number."))
        })
        .collect()
}

fn ids_text(ids: &[Id]) -> String {
    ids.iter().map(Id::to_string).collect::<Vec<_>>().join(", ")
}

/// One editable row of the tasks table.
#[component]
fn TaskRow(id: Id) -> impl IntoView {
    let ctx = ProjectCtx::get();
    let index = Memo::new(move |_| ctx.read(None, |p| p.tasks.iter().position(|t| t.id == id)));
    let task = move || ctx.read(None, |p| p.task(id).cloned());
    let field = move |f: fn(&Task) -> f64| Signal::derive(move || task().map_or(0.0, |t| f(&t)));
    let err = move |suffix: &'static str| {
        Signal::derive(move || {
            index
                .get()
                .and_then(|i| ctx.error_at(&format!("tasks[{i}].{suffix}")))
        })
    };
    let edit = move |change: Box<dyn FnOnce(&mut Task)>| {
        ctx.update(move |p| {
            if let Some(t) = p.tasks.iter_mut().find(|t| t.id == id) {
                change(t);
            }
        })
    };
    let name = Signal::derive(move || task().map(|t| t.name).unwrap_or_default());
    let phase_options = Signal::derive(|| {
        Phase::ALL
            .iter()
            .map(|p| (format!("{}", p.index()), p.label().to_owned()))
            .collect()
    });
    let stage_options = Signal::derive(|| {
        Stage::ALL
            .iter()
            .map(|s| (format!("{}", s.index()), s.label().to_owned()))
            .collect()
    });
    let dist_options = Signal::derive(|| {
        Distribution::ALL
            .iter()
            .enumerate()
            .map(|(i, d)| (i.to_string(), d.label().to_owned()))
            .collect()
    });
    let role_options = Signal::derive(move || {
        ctx.read(Vec::new(), |p| {
            p.team
                .iter()
                .map(|r| (r.id.to_string(), r.name.clone()))
                .collect()
        })
    });
    let deps_raw = RwSignal::new(task().map(|t| ids_text(&t.depends_on)).unwrap_or_default());
    let deps_error = RwSignal::new(None::<String>);
    let deps_id = super::fields::unique_id("deps");
    let deps_error_id = format!("{deps_id}-error");
    let deps_message = Signal::derive(move || deps_error.get().or_else(|| err("depends_on").get()));
    let move_by = move |delta: isize| {
        ctx.update(move |p| {
            if let Some(i) = p.tasks.iter().position(|t| t.id == id) {
                let j = i as isize + delta;
                if j >= 0 && (j as usize) < p.tasks.len() {
                    p.tasks.swap(i, j as usize);
                }
            }
        })
    };
    let remove = move |_| {
        ctx.update(move |p| {
            p.tasks.retain(|t| t.id != id);
            for t in &mut p.tasks {
                t.depends_on.retain(|d| *d != id);
            }
        })
    };
    view! {
        <tr>
            <th scope="row">{id}</th>
            <td><TextField label=format!("Name of task {id}") value=name error=err("name")
                on_change=move |v: String| edit(Box::new(move |t| t.name = v))/></td>
            <td><SelectField label=format!("Phase of task {id}") options=phase_options
                value=Signal::derive(move || task().map(|t| t.phase.index().to_string()).unwrap_or_default())
                on_change=move |v: String| { if let Some(ph) = v.parse::<usize>().ok().and_then(|i| Phase::ALL.get(i).copied()) { edit(Box::new(move |t| t.phase = ph)) } }/></td>
            <td><SelectField label=format!("Stage of task {id}") options=stage_options
                value=Signal::derive(move || task().map(|t| t.stage.index().to_string()).unwrap_or_default())
                on_change=move |v: String| { if let Some(st) = v.parse::<usize>().ok().and_then(|i| Stage::ALL.get(i).copied()) { edit(Box::new(move |t| t.stage = st)) } }/></td>
            <td><SelectField label=format!("Role for task {id}") options=role_options error=err("role")
                value=Signal::derive(move || task().map(|t| t.role.to_string()).unwrap_or_default())
                on_change=move |v: String| { if let Ok(r) = v.parse::<Id>() { edit(Box::new(move |t| t.role = r)) } }/></td>
            <td><NumberField label=format!("Optimistic effort of task {id}, person-days") class="field--narrow"
                value=field(|t| t.effort.optimistic) error=err("effort.optimistic")
                on_change=move |v: f64| edit(Box::new(move |t| t.effort.optimistic = v))/></td>
            <td><NumberField label=format!("Most likely effort of task {id}, person-days") class="field--narrow"
                value=field(|t| t.effort.most_likely) error=err("effort.most_likely")
                on_change=move |v: f64| edit(Box::new(move |t| t.effort.most_likely = v))/></td>
            <td><NumberField label=format!("Pessimistic effort of task {id}, person-days") class="field--narrow"
                value=field(|t| t.effort.pessimistic) error=err("effort.pessimistic")
                on_change=move |v: f64| edit(Box::new(move |t| t.effort.pessimistic = v))/></td>
            <td><SelectField label=format!("Distribution of task {id}") options=dist_options
                value=Signal::derive(move || task().and_then(|t| Distribution::ALL.iter().position(|d| *d == t.distribution)).unwrap_or(0).to_string())
                on_change=move |v: String| { if let Some(d) = v.parse::<usize>().ok().and_then(|i| Distribution::ALL.get(i).copied()) { edit(Box::new(move |t| t.distribution = d)) } }/></td>
            <td>
                <div class="field field--text field--narrow">
                    <label class="visually-hidden" for=deps_id.clone()>{format!("Task {id} starts after tasks")}</label>
                    <input id=deps_id type="text" inputmode="numeric" placeholder="—"
                        aria-invalid=move || deps_message.get().is_some().to_string()
                        aria-describedby=deps_error_id.clone()
                        prop:value=deps_raw
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            deps_raw.set(text.clone());
                            match parse_ids(&text) {
                                Ok(ids) => { deps_error.set(None); edit(Box::new(move |t| t.depends_on = ids)); }
                                Err(e) => deps_error.set(Some(e)),
                            }
                        }/>
                    <span id=deps_error_id class="field-error" role="status">{move || deps_message.get()}</span>
                </div>
            </td>
            <td class="row-actions">
                <button type="button" class="icon-button" aria-label=format!("Move task {id} up") on:click=move |_| move_by(-1)>"↑"</button>
                <button type="button" class="icon-button" aria-label=format!("Move task {id} down") on:click=move |_| move_by(1)>"↓"</button>
                <button type="button" class="icon-button button--danger" aria-label=format!("Remove task {id}") on:click=remove>"✕"</button>
            </td>
        </tr>
    }
}

/// Pastes rows copied from a spreadsheet as new tasks.
#[component]
fn BulkPaste() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<String>::new());
    let add = move |_| match paste::parse(&text.get_untracked()) {
        Ok(rows) => {
            let count = rows.len();
            ctx.update(move |p| {
                for r in rows {
                    add_task(p, r.name, r.effort, r.phase, r.stage, r.role.as_deref());
                }
            });
            errors.set(Vec::new());
            if count > 0 {
                text.set(String::new());
            }
        }
        Err(es) => errors.set(es.iter().map(ToString::to_string).collect()),
    };
    view! {
        <details class="bulk-paste">
            <summary>"Paste rows from a spreadsheet"</summary>
            <p class="muted">
                "One task per row: name, optimistic, most likely, pessimistic, and optionally "
                "phase, stage and role. Copy the cells in your spreadsheet and paste them here."
            </p>
            <label for="bulk-paste-text">"Rows to add"</label>
            <textarea id="bulk-paste-text" rows="6" aria-describedby="bulk-paste-errors"
                prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <ul id="bulk-paste-errors" class="field-error" role="status">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
            <button type="button" class="button" on:click=add>"Add these tasks"</button>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_numbers_are_read_from_commas_spaces_and_hashes() {
        assert_eq!(parse_ids("1, 3 #4"), Ok(vec![1, 3, 4]));
        assert_eq!(parse_ids(""), Ok(vec![]));
        assert!(parse_ids("1, x").is_err());
    }

    #[test]
    fn adding_a_task_to_an_empty_project_creates_a_role_for_it() {
        let mut p = Project::new("p", "P", crate::model::Date::from_days(0));
        add_task(
            &mut p,
            "A".into(),
            ThreePoint::new(1.0, 2.0, 3.0),
            None,
            None,
            Some("Data engineer"),
        );
        add_task(
            &mut p,
            "B".into(),
            ThreePoint::new(1.0, 2.0, 3.0),
            None,
            None,
            Some("data engineer"),
        );
        assert_eq!(p.team.len(), 1, "roles are matched by name, ignoring case");
        assert_eq!(p.tasks[0].role, p.team[0].id);
        assert_eq!(p.tasks[1].id, 2);
    }
}

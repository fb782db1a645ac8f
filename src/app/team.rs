//! The Team & budget section: roles with headcount and day rate, fixed costs, and the
//! calendar (currency, start date, working week, holidays).

use super::fields::{NumberField, TextField};
use super::project::ProjectCtx;
use crate::format::money;
use crate::model::{Date, FixedCost, Id, Role, Stage};
use leptos::prelude::*;

/// Roles, fixed costs and calendar.
#[component]
pub fn TeamSection() -> impl IntoView {
    view! {
        <RolesTable />
        <FixedCostsTable />
        <CalendarFields />
    }
}

#[component]
fn RolesTable() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let ids = Memo::new(move |_| {
        ctx.read(Vec::new(), |p| {
            p.team.iter().map(|r| r.id).collect::<Vec<Id>>()
        })
    });
    let add = move |_| {
        ctx.update(|p| {
            let id = p.next_role_id();
            p.team.push(Role {
                id,
                name: "New role".into(),
                headcount: 1.0,
                day_rate: 800.0,
            });
        })
    };
    view! {
        <h3>"Team"</h3>
        <p class="muted">
            "A role works on at most as many tasks at once as its headcount allows; "
            "0.5 means half a person, so its tasks take twice as long."
        </p>
        <div class="table-scroll">
            <table class="edit-table">
                <caption class="visually-hidden">"Team roles"</caption>
                <thead><tr>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Headcount (FTE)"</th>
                    <th scope="col">"Day rate"</th>
                    <th scope="col">"Tasks"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {move || ids.get().into_iter().map(|id| view! { <RoleRow id=id /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p><button type="button" class="button" on:click=add>"Add role"</button></p>
    }
}

#[component]
fn RoleRow(id: Id) -> impl IntoView {
    let ctx = ProjectCtx::get();
    let index = Memo::new(move |_| ctx.read(None, |p| p.team.iter().position(|r| r.id == id)));
    let role = move || ctx.read(None, |p| p.role(id).cloned());
    let err = move |suffix: &'static str| {
        Signal::derive(move || {
            index
                .get()
                .and_then(|i| ctx.error_at(&format!("team[{i}].{suffix}")))
        })
    };
    let edit = move |change: Box<dyn FnOnce(&mut Role)>| {
        ctx.update(move |p| {
            if let Some(r) = p.team.iter_mut().find(|r| r.id == id) {
                change(r);
            }
        })
    };
    let used = move || ctx.read(0, |p| p.tasks.iter().filter(|t| t.role == id).count());
    let remove =
        move |_: leptos::ev::MouseEvent| ctx.update(move |p| p.team.retain(|r| r.id != id));
    view! {
        <tr>
            <td><TextField label="Role name" value=Signal::derive(move || role().map(|r| r.name).unwrap_or_default())
                error=err("name") on_change=move |v: String| edit(Box::new(move |r| r.name = v)) /></td>
            <td><NumberField label="Headcount in full-time equivalents" class="field--narrow"
                value=Signal::derive(move || role().map_or(0.0, |r| r.headcount)) error=err("headcount")
                on_change=move |v: f64| edit(Box::new(move |r| r.headcount = v)) /></td>
            <td><NumberField label="Day rate" class="field--narrow"
                value=Signal::derive(move || role().map_or(0.0, |r| r.day_rate)) error=err("day_rate")
                on_change=move |v: f64| edit(Box::new(move |r| r.day_rate = v)) /></td>
            <td>{used}</td>
            <td class="row-actions">
                <button type="button" class="icon-button button--danger"
                    aria-label=move || format!("Remove role {}", role().map(|r| r.name).unwrap_or_default())
                    disabled=move || { used() > 0 }
                    title=move || { if used() > 0 { "Reassign its tasks first" } else { "" } }
                    on:click=remove>"✕"</button>
            </td>
        </tr>
    }
}

#[component]
fn FixedCostsTable() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let count = Memo::new(move |_| ctx.read(0, |p| p.fixed_costs.len()));
    let currency = move || ctx.read(String::new(), |p| p.currency.clone());
    let total = move || ctx.read(0.0, |p| p.fixed_costs.iter().map(|c| c.amount).sum::<f64>());
    let add = move |_| {
        ctx.update(|p| {
            p.fixed_costs.push(FixedCost {
                name: "New cost".into(),
                amount: 0.0,
                stage: Stage::Mvp,
            })
        })
    };
    view! {
        <h3>"Fixed costs"</h3>
        <p class="muted">"Data purchases, licences, infrastructure: costs that do not depend on effort."</p>
        <div class="table-scroll">
            <table class="edit-table">
                <caption class="visually-hidden">"Fixed costs"</caption>
                <thead><tr>
                    <th scope="col">"Item"</th>
                    <th scope="col">"Amount"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {move || (0..count.get()).map(|i| {
                        let item = move || ctx.read(None, |p| p.fixed_costs.get(i).cloned());
                        let edit = move |change: Box<dyn FnOnce(&mut FixedCost)>| ctx.update(move |p| {
                            if let Some(c) = p.fixed_costs.get_mut(i) { change(c) }
                        });
                        view! {
                            <tr>
                                <td><TextField label="Cost item" value=Signal::derive(move || item().map(|c| c.name).unwrap_or_default())
                                    error=ctx.error_signal(format!("fixed_costs[{i}].name"))
                                    on_change=move |v: String| edit(Box::new(move |c| c.name = v)) /></td>
                                <td><NumberField label="Amount" class="field--narrow"
                                    value=Signal::derive(move || item().map_or(0.0, |c| c.amount))
                                    error=ctx.error_signal(format!("fixed_costs[{i}].amount"))
                                    on_change=move |v: f64| edit(Box::new(move |c| c.amount = v)) /></td>
                                <td class="row-actions"><button type="button" class="icon-button button--danger"
                                    aria-label=format!("Remove cost item {}", i + 1)
                                    on:click=move |_| ctx.update(move |p| { if i < p.fixed_costs.len() { p.fixed_costs.remove(i); } })>"✕"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p>
            <button type="button" class="button" on:click=add>"Add cost"</button>
            " Total: " {move || money(total(), &currency())}
        </p>
    }
}

#[component]
fn CalendarFields() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let start_raw = RwSignal::new(ctx.read(String::new(), |p| p.start_date.to_string()));
    let start_error = RwSignal::new(None::<String>);
    let holidays_raw = RwSignal::new(ctx.read(String::new(), |p| {
        p.holidays
            .iter()
            .map(Date::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }));
    let holidays_error = RwSignal::new(None::<String>);
    view! {
        <h3>"Calendar and currency"</h3>
        <div class="form-grid">
            <TextField label="Currency (ISO code)" visible_label=true
                value=Signal::derive(move || ctx.read(String::new(), |p| p.currency.clone()))
                error=ctx.error_signal("currency".into())
                on_change=move |v: String| ctx.update(move |p| p.currency = v.trim().to_ascii_uppercase()) />
            <div class="field">
                <label class="field__label" for="start-date">"Start date"</label>
                <input id="start-date" type="date" aria-describedby="start-date-error"
                    aria-invalid=move || start_error.get().is_some().to_string()
                    prop:value=start_raw
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        start_raw.set(text.clone());
                        match Date::parse(&text) {
                            Ok(d) => { start_error.set(None); ctx.update(move |p| p.start_date = d); }
                            Err(e) => start_error.set(Some(e.to_string())),
                        }
                    } />
                <span id="start-date-error" class="field-error" role="status">{move || start_error.get()}</span>
            </div>
            <NumberField label="Working days per week" visible_label=true
                value=Signal::derive(move || ctx.read(5.0, |p| f64::from(p.working_days_per_week)))
                error=ctx.error_signal("working_days_per_week".into())
                on_change=move |v: f64| ctx.update(move |p| p.working_days_per_week = v.clamp(0.0, 255.0) as u8) />
            <div class="field">
                <label class="field__label" for="holidays">"Holidays (one date per line, YYYY-MM-DD)"</label>
                <textarea id="holidays" rows="4" aria-describedby="holidays-error"
                    aria-invalid=move || holidays_error.get().is_some().to_string()
                    prop:value=holidays_raw
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        holidays_raw.set(text.clone());
                        let parsed: Result<Vec<Date>, _> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(Date::parse).collect();
                        match parsed {
                            Ok(days) => { holidays_error.set(None); ctx.update(move |p| p.holidays = days); }
                            Err(e) => holidays_error.set(Some(e.to_string())),
                        }
                    }></textarea>
                <span id="holidays-error" class="field-error" role="status">{move || holidays_error.get()}</span>
            </div>
        </div>
    }
}

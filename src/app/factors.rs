//! The Factors section: Thompson's "double your estimate" questionnaire, what each
//! answer adds to P50 and P80, and the editable factor → phase table.

use super::fields::NumberField;
use super::project::{debounced, ProjectCtx};
use crate::engine::factor_impacts;
use crate::engine::forecast::factor_name;
use crate::format::{days, money};
use crate::model::{FactorAnswer, FactorKind, FactorLevel, Phase, ThreePoint};
use leptos::prelude::*;

/// The questionnaire and the factor table.
#[component]
pub fn FactorsSection() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let impacts = debounced(ctx.project, factor_impacts);
    view! {
        <p class="muted">
            "Each factor that applies multiplies the effort of the phases it affects by an uncertain "
            "amount: “Yes” about ×2 (Thompson's rule), “Some” about ×1.3. The figures show what "
            "each answer adds to the P50 and P80 forecast."
        </p>
        <ol class="factor-list">
            {FactorKind::ALL.into_iter().map(|f| view! { <FactorQuestion factor=f impacts=impacts /> }).collect_view()}
        </ol>
        <FactorTable />
    }
}

#[component]
fn FactorQuestion(
    factor: FactorKind,
    impacts: ReadSignal<
        Option<Result<Vec<crate::engine::FactorImpact>, Vec<crate::model::validate::FieldError>>>,
    >,
) -> impl IntoView {
    let ctx = ProjectCtx::get();
    let level = move || ctx.read(FactorLevel::No, |p| p.factor_level(factor));
    let set_level = move |l: FactorLevel| {
        ctx.update(move |p| {
            p.factors.retain(|a| a.factor != factor);
            if l != FactorLevel::No {
                p.factors.push(FactorAnswer { factor, level: l });
                p.factors.sort_unstable_by_key(|a| a.factor);
            }
        })
    };
    let name = format!("factor-{factor:?}");
    let heading_id = format!("{name}-q");
    let currency = move || ctx.read(String::new(), |p| p.currency.clone());
    let impact = move || {
        impacts.with(|r| match r {
            Some(Ok(list)) => list.iter().find(|i| i.factor == factor).map(|i| {
                format!(
                    "Adds {} to P50 and {} to P80 duration; {} to P50 and {} to P80 cost.",
                    days(i.duration_p50_added),
                    days(i.duration_p80_added),
                    money(i.cost_p50_added, &currency()),
                    money(i.cost_p80_added, &currency())
                )
            }),
            _ => None,
        })
    };
    view! {
        <li class="factor">
            <fieldset class="factor__question" aria-describedby=format!("{name}-why")>
                <legend id=heading_id>{factor.label()}</legend>
                <p id=format!("{name}-why") class="factor__why">{factor.explanation()}</p>
                <div class="segmented">
                    {FactorLevel::ALL.into_iter().map(|l| {
                        let id = format!("{name}-{l:?}");
                        view! {
                            <input type="radio" id=id.clone() name=name.clone() value=l.label()
                                prop:checked=move || level() == l
                                on:change=move |_| set_level(l) />
                            <label for=id>{l.label()}</label>
                        }
                    }).collect_view()}
                </div>
                <p class="factor__impact" aria-live="polite">{impact}</p>
            </fieldset>
        </li>
    }
}

/// The editable table of which phases each factor affects and by how much.
#[component]
fn FactorTable() -> impl IntoView {
    let ctx = ProjectCtx::get();
    let rows = move || ctx.read(0, |p| p.factor_rules.len());
    view! {
        <details class="factor-table">
            <summary>"Factor table: phases affected and multipliers"</summary>
            <div class="table-scroll">
                <table class="edit-table">
                    <caption class="visually-hidden">"Which phases each factor multiplies, and by how much"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Factor"</th>
                            {Phase::ALL.into_iter().map(|p| view! { <th scope="col" class="rotate">{p.label()}</th> }).collect_view()}
                            <th scope="col">"“Some” low / mode / high"</th>
                            <th scope="col">"“Yes” low / mode / high"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || (0..rows()).map(|i| view! { <FactorRuleRow index=i /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn FactorRuleRow(index: usize) -> impl IntoView {
    let ctx = ProjectCtx::get();
    let rule = move || ctx.read(None, |p| p.factor_rules.get(index).cloned());
    let factor_name = move || rule().map(|r| factor_name(r.factor)).unwrap_or_default();
    let toggle = move |phase: Phase| {
        ctx.update(move |p| {
            if let Some(r) = p.factor_rules.get_mut(index) {
                if let Some(pos) = r.phases.iter().position(|x| *x == phase) {
                    r.phases.remove(pos);
                } else {
                    r.phases.push(phase);
                    r.phases.sort_unstable();
                }
            }
        })
    };
    let multiplier = move |yes: bool, part: usize| {
        let value = Signal::derive(move || {
            rule().map_or(0.0, |r| {
                let tp = if yes { r.yes } else { r.some };
                [tp.optimistic, tp.most_likely, tp.pessimistic][part]
            })
        });
        let level = if yes { "yes" } else { "some" };
        let field = ["optimistic", "most_likely", "pessimistic"][part];
        let label = format!(
            "{} multiplier when “{}”, {}",
            factor_name(),
            if yes { "Yes" } else { "Some" },
            ["low", "mode", "high"][part]
        );
        view! {
            <NumberField label=label class="field--tiny" value=value
                error=ctx.error_signal(format!("factor_rules[{index}].{level}.{field}"))
                on_change=move |v: f64| ctx.update(move |p| {
                    if let Some(r) = p.factor_rules.get_mut(index) {
                        let tp: &mut ThreePoint = if yes { &mut r.yes } else { &mut r.some };
                        match part { 0 => tp.optimistic = v, 1 => tp.most_likely = v, _ => tp.pessimistic = v }
                    }
                }) />
        }
    };
    view! {
        <tr>
            <th scope="row">{factor_name}</th>
            {Phase::ALL.into_iter().map(|phase| view! {
                <td class="center">
                    <input type="checkbox"
                        aria-label=move || format!("{} affects {}", factor_name(), phase.label())
                        prop:checked=move || rule().is_some_and(|r| r.phases.contains(&phase))
                        on:change=move |_| toggle(phase) />
                </td>
            }).collect_view()}
            <td><div class="triple">{multiplier(false, 0)}{multiplier(false, 1)}{multiplier(false, 2)}</div></td>
            <td><div class="triple">{multiplier(true, 0)}{multiplier(true, 1)}{multiplier(true, 2)}</div></td>
        </tr>
    }
}

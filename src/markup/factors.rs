//! The Factors section's markup: Thompson's "double your estimate" questionnaire (each
//! factor explained in the seed's words, with what its answer adds to P50 and P80, which
//! the engine's worker draws) and the editable factor → phase table with its
//! multiplier ranges.

use crate::engine::forecast::factor_name;
use crate::engine::{phase_multipliers, FactorImpact};
use crate::form::{render_row, Field, Kind, Value};
use crate::format::{days, fixed, money};
use crate::html;
use crate::html::Html;
use crate::jobs::Job;
use crate::markup::{drawn, Slow, View};
use crate::model::{FactorAnswer, FactorKind, FactorLevel, FactorRule, Phase, Project};
use crate::num_field;

/// Sets the answer to factor number `index` (in [`FactorKind::ALL`]) from a level's
/// label (`No`, `Some`, `Yes`).
pub fn set_answer(p: &mut Project, index: &str, level: &str) -> Result<(), &'static str> {
    let factor = index
        .parse::<usize>()
        .ok()
        .and_then(|i| FactorKind::ALL.get(i).copied())
        .ok_or("No such factor.")?;
    let level = FactorLevel::ALL
        .into_iter()
        .find(|l| l.label() == level)
        .ok_or("Answer No, Some or Yes.")?;
    p.factors.retain(|a| a.factor != factor);
    if level != FactorLevel::No {
        p.factors.push(FactorAnswer { factor, level });
        crate::sort::sort_by(&mut p.factors, |a, b| a.factor < b.factor);
    }
    Ok(())
}

/// The questionnaire, with what each answer adds when the factor impacts are known.
pub fn questionnaire_html(p: &Project, impacts: Option<&[FactorImpact]>) -> Html {
    let mut out = html!(
        r#"<p class="muted">Estimate tasks for the plain case: the factors add the ML difficulty, so nothing is counted twice. Each factor that applies adds to the effort of the phases it affects by an uncertain amount: “Yes” about ×2 (Thompson's rule of thumb: work that meets an ML difficulty takes about twice the plain estimate), “Some” about ×1.3. A phase's factors add up — 1 + the sum of each multiplier minus 1 — and never make it more than ×8. The figures show what each answer adds to the P50 and P80 forecast.</p>"#
    );
    out += combined_html(p);
    out += html!(r#"<ol class="factor-list">"#);
    for (i, factor) in FactorKind::ALL.into_iter().enumerate() {
        let level = p.factor_level(factor);
        let radios: Html = FactorLevel::ALL
            .into_iter()
            .map(|l| {
                let checked = if l == level {
                    html!(" checked")
                } else {
                    Html::new()
                };
                html!(
                    r#"<input type="radio" id="factor-{0}-{1}" name="factor-{0}" value="{1}" data-path="factor.{0}"{2}><label for="factor-{0}-{1}">{1}</label>"#,
                    i,
                    l.label(),
                    checked
                )
            })
            .collect();
        let impact = impacts
            .and_then(|list| list.iter().find(|x| x.factor == factor))
            .map(|x| {
                Html::text(&format!(
                    "Adds {} to P50 and {} to P80 duration; {} to P50 and {} to P80 cost.",
                    days(x.duration_p50_added),
                    days(x.duration_p80_added),
                    money(x.cost_p50_added, &p.currency),
                    money(x.cost_p80_added, &p.currency)
                ))
            })
            .unwrap_or_default();
        out += html!(
            r#"<li class="factor"><fieldset class="factor__question" aria-describedby="factor-{0}-why"><legend>{1}</legend><p id="factor-{0}-why" class="factor__why">{2}</p><div class="segmented">{3}</div><p class="factor__impact" aria-live="polite">{4}</p></fieldset></li>"#,
            i,
            factor.label(),
            factor.explanation(),
            radios,
            impact
        );
    }
    out + html!("</ol>")
}

/// Each phase's combined multiplier at the most likely values.
fn combined_html(p: &Project) -> Html {
    let cells: Html = phase_multipliers(p)
        .iter()
        .map(|(phase, m)| {
            html!(
                r#"<tr><th scope="row">{}</th><td class="num">×{}</td></tr>"#,
                phase.label(),
                fixed(*m, 2)
            )
        })
        .collect();
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table phase-multipliers"><caption>Combined factor multiplier by phase (most likely)</caption><thead><tr><th scope="col">Phase</th><th scope="col">Multiplier</th></tr></thead><tbody>{}</tbody></table></div>"#,
        cells
    )
}

/// The questionnaire without the impact figures (shown until they are computed).
pub fn questions(v: &View) -> Html {
    questionnaire_html(v.project, None)
}

/// The questionnaire with what each answer adds (slow: runs the factor analysis;
/// drawn in the engine's worker).
pub const QUESTIONNAIRE: Slow = Slow {
    job: |p| Job::FactorImpacts(p.clone()),
    render: drawn,
};

/// The checkbox of phase `$i` (named `$phase`, as [`Phase::label`] names it).
macro_rules! phase_field {
    ($i:literal, $key:literal, $phase:literal) => {
        Field {
            key: $key,
            label: concat!("# affects ", $phase),
            kind: Kind::Check,
            get: |r| Value::Bool(r.phases.contains(&Phase::ALL[$i])),
            set: |r, v| {
                let phase = Phase::ALL[$i];
                r.phases.retain(|p| *p != phase);
                if v.flag() {
                    r.phases.push(phase);
                    crate::sort::sort_by(&mut r.phases, |a, b| a < b);
                }
                Ok(())
            },
        }
    };
}

/// A factor rule's fields: the phases it affects, then the "Some" and "Yes"
/// multiplier ranges (`#` is the factor's name).
pub static RULE_FIELDS: &[Field<FactorRule>] = &[
    phase_field!(0, "phase.0", "Business understanding"),
    phase_field!(1, "phase.1", "Data understanding"),
    phase_field!(2, "phase.2", "Data preparation"),
    phase_field!(3, "phase.3", "Modelling"),
    phase_field!(4, "phase.4", "Evaluation"),
    phase_field!(5, "phase.5", "Deployment"),
    phase_field!(6, "phase.6", "Monitoring & maintenance"),
    num_field!(
        "some.optimistic",
        "# multiplier when “Some”, low",
        some.optimistic
    ),
    num_field!(
        "some.most_likely",
        "# multiplier when “Some”, mode",
        some.most_likely
    ),
    num_field!(
        "some.pessimistic",
        "# multiplier when “Some”, high",
        some.pessimistic
    ),
    num_field!(
        "yes.optimistic",
        "# multiplier when “Yes”, low",
        yes.optimistic
    ),
    num_field!(
        "yes.most_likely",
        "# multiplier when “Yes”, mode",
        yes.most_likely
    ),
    num_field!(
        "yes.pessimistic",
        "# multiplier when “Yes”, high",
        yes.pessimistic
    ),
];

/// The editable table of which phases each factor affects and by how much.
pub fn table(v: &View) -> Html {
    let p = v.project;
    let mut head = html!(r#"<thead><tr><th scope="col">Factor</th>"#);
    for phase in Phase::ALL {
        head += html!(r#"<th scope="col">{}</th>"#, phase.label());
    }
    head += html!(
        r#"<th scope="col" colspan="3">“Some” low / mode / high</th><th scope="col" colspan="3">“Yes” low / mode / high</th></tr></thead>"#
    );
    let rows: Html = p
        .factor_rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let name = factor_name(r.factor);
            let cells = render_row(
                RULE_FIELDS,
                r,
                &format!("factor_rules[{i}]"),
                name,
                p,
                v.errors,
            );
            html!(r#"<tr><th scope="row">{}</th>{}</tr>"#, name, cells)
        })
        .collect();
    html!(
        r#"<details class="factor-table" id="factor-table"><summary>Factor table: phases affected and multipliers</summary><div class="table-scroll" tabindex="0"><table class="edit-table"><caption class="visually-hidden">Which phases each factor multiplies, and by how much</caption>{}<tbody>{}</tbody></table></div></details>"#,
        head,
        rows
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::edit;
    use crate::markup::test_support::{shop, view};

    #[test]
    fn answers_are_set_and_cleared_by_path() {
        let mut p = shop();
        edit(&mut p, "factor.1", "Yes").unwrap();
        assert_eq!(p.factor_level(FactorKind::ALL[1]), FactorLevel::Yes);
        edit(&mut p, "factor.1", "No").unwrap();
        assert_eq!(p.factor_level(FactorKind::ALL[1]), FactorLevel::No);
        assert!(p.factors.iter().all(|a| a.factor != FactorKind::ALL[1]));
        assert!(edit(&mut p, "factor.9", "Yes").is_err());
        assert!(edit(&mut p, "factor.1", "Maybe").is_err());
    }

    #[test]
    fn the_rule_table_edits_phases_and_multipliers() {
        let mut p = shop();
        let had = p.factor_rules[0].phases.contains(&Phase::Deployment);
        edit(&mut p, "factor_rules[0].phase.5", &(!had).to_string()).unwrap();
        assert_eq!(p.factor_rules[0].phases.contains(&Phase::Deployment), !had);
        edit(&mut p, "factor_rules[0].yes.pessimistic", "3.5").unwrap();
        assert_eq!(p.factor_rules[0].yes.pessimistic, 3.5);
        let html = table(&view(&p, None));
        let name = factor_name(p.factor_rules[0].factor);
        assert!(html.contains(&format!("{name} affects Deployment<")));
        for (field, phase) in RULE_FIELDS.iter().zip(Phase::ALL) {
            assert_eq!(
                field.label,
                format!("# affects {}", phase.label()),
                "every checkbox is named by its phase"
            );
        }
    }

    #[test]
    fn every_factor_is_asked_with_its_explanation_and_impact() {
        let p = shop();
        let quick = questions(&view(&p, None));
        assert_eq!(quick.matches(r#"type="radio""#).count(), 27);
        assert_eq!(
            quick.matches(" checked").count(),
            9,
            "one answer per factor"
        );
        assert!(!quick.contains("Adds "));
        let full = QUESTIONNAIRE.html_now(&p).unwrap();
        let answered = p
            .factors
            .iter()
            .filter(|a| a.level != FactorLevel::No)
            .count();
        assert!(answered > 0);
        assert_eq!(
            full.matches("Adds ").count(),
            answered,
            "every answered factor shows what it adds"
        );
    }
}

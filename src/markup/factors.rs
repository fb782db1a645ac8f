//! The Factors section's markup: Thompson's "double your estimate" questionnaire (each
//! factor explained in the seed's words, with what its answer adds to P50 and P80) and
//! the editable factor → phase table with its multiplier ranges.

use crate::chart::escape;
use crate::engine::forecast::factor_name;
use crate::engine::{factor_impacts, phase_multipliers, FactorImpact};
use crate::form::{render_row, Field, Kind, Value};
use crate::format::{days, fixed, money};
use crate::markup::View;
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

fn questionnaire_html(p: &Project, impacts: Option<&[FactorImpact]>) -> String {
    let mut out = String::from(
        r#"<p class="muted">Estimate tasks for the plain case: the factors add the ML difficulty, so nothing is counted twice. Each factor that applies adds to the effort of the phases it affects by an uncertain amount: “Yes” about ×2 (Thompson's rule), “Some” about ×1.3. A phase's factors add up — 1 + the sum of each multiplier minus 1 — and never make it more than ×8. The figures show what each answer adds to the P50 and P80 forecast.</p>"#,
    );
    out += &combined_html(p);
    out += r#"<ol class="factor-list">"#;
    for (i, factor) in FactorKind::ALL.into_iter().enumerate() {
        let level = p.factor_level(factor);
        let radios: String = FactorLevel::ALL
            .into_iter()
            .map(|l| {
                let label = l.label();
                format!(
                    r#"<input type="radio" id="factor-{i}-{label}" name="factor-{i}" value="{label}" data-path="factor.{i}"{}><label for="factor-{i}-{label}">{label}</label>"#,
                    if l == level { " checked" } else { "" }
                )
            })
            .collect();
        let impact = impacts
            .and_then(|list| list.iter().find(|x| x.factor == factor))
            .map(|x| {
                escape(&format!(
                    "Adds {} to P50 and {} to P80 duration; {} to P50 and {} to P80 cost.",
                    days(x.duration_p50_added),
                    days(x.duration_p80_added),
                    money(x.cost_p50_added, &p.currency),
                    money(x.cost_p80_added, &p.currency)
                ))
            })
            .unwrap_or_default();
        out += &format!(
            r#"<li class="factor"><fieldset class="factor__question" aria-describedby="factor-{i}-why"><legend>{}</legend><p id="factor-{i}-why" class="factor__why">{}</p><div class="segmented">{radios}</div><p class="factor__impact" aria-live="polite">{impact}</p></fieldset></li>"#,
            escape(factor.label()),
            escape(factor.explanation())
        );
    }
    out + "</ol>"
}

/// Each phase's combined multiplier at the most likely values.
fn combined_html(p: &Project) -> String {
    let cells: String = phase_multipliers(p)
        .iter()
        .map(|(phase, m)| {
            format!(
                r#"<tr><th scope="row">{}</th><td class="num">×{}</td></tr>"#,
                escape(phase.label()),
                fixed(*m, 2)
            )
        })
        .collect();
    format!(
        r#"<table class="data-table phase-multipliers"><caption>Combined factor multiplier by phase (most likely)</caption><thead><tr><th scope="col">Phase</th><th scope="col">Multiplier</th></tr></thead><tbody>{cells}</tbody></table>"#
    )
}

/// The questionnaire without the impact figures (shown until they are computed).
pub fn questions(v: &View) -> String {
    questionnaire_html(v.project, None)
}

/// The questionnaire with what each answer adds (slow: runs the factor analysis).
pub fn questionnaire(p: &Project) -> String {
    questionnaire_html(p, factor_impacts(p).ok().as_deref())
}

macro_rules! phase_field {
    ($i:literal, $key:literal) => {
        Field {
            key: $key,
            label: concat!("# affects phase ", $i),
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
    phase_field!(0, "phase.0"),
    phase_field!(1, "phase.1"),
    phase_field!(2, "phase.2"),
    phase_field!(3, "phase.3"),
    phase_field!(4, "phase.4"),
    phase_field!(5, "phase.5"),
    phase_field!(6, "phase.6"),
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
pub fn table(v: &View) -> String {
    let p = v.project;
    let mut head = String::from(r#"<thead><tr><th scope="col">Factor</th>"#);
    for phase in Phase::ALL {
        head += &format!(r#"<th scope="col">{}</th>"#, phase.label());
    }
    head += r#"<th scope="col" colspan="3">“Some” low / mode / high</th><th scope="col" colspan="3">“Yes” low / mode / high</th></tr></thead>"#;
    let rows: String = p
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
            // The phase checkboxes are named by phase, not by number.
            let cells = Phase::ALL
                .iter()
                .enumerate()
                .fold(cells, |html, (n, phase)| {
                    html.replace(
                        &format!("{name} affects phase {n}<"),
                        &format!("{name} affects {}<", phase.label()),
                    )
                });
            format!(r#"<tr><th scope="row">{name}</th>{cells}</tr>"#)
        })
        .collect();
    format!(
        r#"<details class="factor-table" id="factor-table"><summary>Factor table: phases affected and multipliers</summary><div class="table-scroll"><table class="edit-table"><caption class="visually-hidden">Which phases each factor multiplies, and by how much</caption>{head}<tbody>{rows}</tbody></table></div></details>"#
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
        assert!(
            !html.contains("affects phase"),
            "every checkbox is named by its phase"
        );
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
        let full = questionnaire(&p);
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

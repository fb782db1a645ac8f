//! The Scenarios section's markup: the what-ifs kept with the project (made from the
//! plan in one click, renamed, promoted to be the plan, removed) and their comparison
//! with the plan, forecast on the plan's trials and seed and drawn in the engine's
//! worker (docs/MODEL.md §30).

use crate::chart::{curves_svg, Series, XAxis};
use crate::engine::calendar::Calendar;
use crate::engine::Forecast;
use crate::form::{render_row, Field};
use crate::format::{money, thousands};
use crate::html;
use crate::html::Html;
use crate::jobs::{Checked, Job, Part};
use crate::markup::{drawn, forecast::problems, stage_choices, Outcome, Slow, View};
use crate::model::{Project, Stage};
use crate::text_field;

/// A scenario's name, as a table cell.
pub static SCENARIO_FIELDS: &[Field<crate::model::Scenario>] =
    &[text_field!("name", "Name of scenario #", Text, name)];

/// The team's roles as a select's choices.
fn role_choices(p: &Project) -> Html {
    p.team
        .iter()
        .map(|r| html!(r#"<option value="{}">{}</option>"#, r.id, r.name))
        .collect()
}

/// The what-ifs to make and the scenarios kept, with their names to edit.
pub fn list(v: &View) -> Html {
    let p = v.project;
    // The last stage first: dropping it is the usual question.
    let stages: Html = stage_choices(p)
        .into_iter()
        .rev()
        .map(|(code, label)| html!(r#"<option value="{}">{}</option>"#, code, label))
        .collect();
    let out = html!(
        r#"<p class="muted">A scenario is a copy of the plan with a change: compare it with the plan below, and make it the plan if it wins. Scenarios are saved with the project and travel in its JSON file; a share link carries the plan alone. At most {}.</p><div class="what-ifs"><form class="what-if" novalidate><label for="scenario-name">Save the plan as it is now, to compare later edits with</label><span class="what-if__row"><input id="scenario-name" type="text" maxlength="200" placeholder="e.g. The bid as sent" aria-describedby="scenario-name-error"><button type="submit" class="button" data-action="save-scenario" data-source="scenario-name">Save as a scenario</button></span><span id="scenario-name-error" class="field-error" role="status"></span></form><div class="what-if"><label for="scenario-role">One more person in a role</label><span class="what-if__row"><select id="scenario-role" aria-describedby="scenario-role-error">{}</select><button type="button" class="button" data-action="one-more" data-source="scenario-role">Add the scenario</button></span><span id="scenario-role-error" class="field-error" role="status"></span></div><div class="what-if"><label for="scenario-stage">The plan without a stage</label><span class="what-if__row"><select id="scenario-stage" aria-describedby="scenario-stage-error">{}</select><button type="button" class="button" data-action="drop-stage" data-source="scenario-stage">Add the scenario</button></span><span id="scenario-stage-error" class="field-error" role="status"></span></div><div class="what-if"><span class="what-if__label">Every risk's mitigation adopted</span><span class="what-if__row"><button type="button" class="button" data-action="adopt-all">Add the scenario</button></span></div></div>"#,
        crate::model::MAX_SCENARIOS,
        role_choices(p),
        stages
    );
    if p.scenarios.is_empty() {
        return out;
    }
    let rows: Html = p
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            html!(
                r#"<tr><th scope="row">{0}</th>{1}<td class="row-actions"><button type="button" class="button" data-action="promote" data-arg="{2}">Make it the plan</button> <button type="button" class="icon-button button--danger" data-action="remove-scenario" data-arg="{2}" aria-label="Remove scenario {0}">✕</button></td></tr>"#,
                i + 1,
                render_row(
                    SCENARIO_FIELDS,
                    s,
                    &format!("scenarios[{i}]"),
                    &(i + 1).to_string(),
                    p,
                    v.errors
                ),
                i
            )
        })
        .collect();
    out + html!(
        r#"<div class="table-scroll" tabindex="0"><table class="edit-table scenario-table"><caption>Scenarios kept with the project</caption><thead><tr><th scope="col">#</th><th scope="col">Name</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>{}</tbody></table></div>"#,
        rows
    )
}

/// The section's actions, which the engine's worker carries out ([`act`]).
pub const ACTIONS: [&str; 6] = [
    "save-scenario",
    "one-more",
    "drop-stage",
    "adopt-all",
    "promote",
    "remove-scenario",
];

/// Carries out `save-scenario` (argument: the name), `one-more` (a role id),
/// `drop-stage` (a stage's code), `adopt-all`, `promote` and `remove-scenario` (an
/// index).
pub fn act(p: &mut Project, action: &str, arg: &str) -> Outcome {
    let made = match action {
        "save-scenario" => {
            if !crate::model::validate::validate(p).is_empty() {
                return Err("Fix the plan's problems before saving it as a scenario.".into());
            }
            let name = arg.trim();
            let name = if name.is_empty() {
                format!("Scenario {}", p.scenarios.len() + 1)
            } else {
                name.to_owned()
            };
            Ok((p.plan_only(), name))
        }
        "one-more" => arg
            .parse()
            .map_err(|_| "Choose a role.".to_owned())
            .and_then(|role| p.with_one_more(role).map_err(|e| e.to_string())),
        "drop-stage" => arg
            .parse::<usize>()
            .ok()
            .and_then(|i| Stage::ALL.get(i).copied())
            .ok_or_else(|| "Choose a stage.".to_owned())
            .and_then(|stage| p.without_stage(stage).map_err(|e| e.to_string())),
        "adopt-all" => p.with_mitigations_adopted().map_err(|e| e.to_string()),
        "promote" | "remove-scenario" => {
            let i = arg
                .parse::<usize>()
                .ok()
                .filter(|&i| i < p.scenarios.len())
                .ok_or("There is no such scenario.")?;
            if action == "promote" {
                p.promote(i).map_err(|e| e.to_string())?;
            } else {
                p.scenarios.remove(i);
            }
            return Ok(());
        }
        _ => return Err(String::new()),
    };
    let (plan, name) = made?;
    p.add_scenario(&name, plan).map_err(|e| e.to_string())
}

/// The comparison, drawn in the engine's worker.
pub const COMPARISON: Slow = Slow {
    job: |p| Job::Draw(Part::Scenarios, p.clone()),
    render: drawn,
};

/// The plan and each scenario side by side: P50 and P80 finish and cost and the
/// expected NPV, from the plan's trials and seed, with their S-curves overlaid.
/// `plan` is the plan's own forecast.
pub fn comparison(p: &Project, plan: Checked<Box<Forecast>>) -> Html {
    if p.scenarios.is_empty() {
        return html!(r#"<p class="muted">Add a scenario above to see it beside the plan.</p>"#);
    }
    let plan = match plan {
        Ok(f) => f,
        Err(errors) => return problems(&errors),
    };
    let runs: Vec<(&str, Checked<Forecast>)> = p
        .scenarios
        .iter()
        .map(|s| {
            let mut copy = (*s.plan).clone();
            copy.settings.trials = p.settings.trials;
            copy.settings.seed = p.settings.seed;
            (s.name.as_str(), crate::engine::forecast(&copy))
        })
        .collect();
    let c = &p.currency;
    let row = |name: Html, f: &Forecast| {
        html!(
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            name,
            f.finish.p50,
            f.finish.p80,
            money(f.cost.p50, c),
            money(f.cost.p80, c),
            money(f.value.npv.mean, c)
        )
    };
    let mut rows = row(html!("The plan"), &plan);
    let mut finish = vec![curve("s0", "The plan", &plan.duration_curve)];
    let mut cost = vec![curve("s0", "The plan", &plan.cost_curve)];
    for (i, (name, run)) in runs.iter().enumerate() {
        match run {
            Ok(f) => {
                rows += row(html!("{}", name), f);
                if i < SERIES.len() - 1 {
                    finish.push(curve(SERIES[i + 1], name, &f.duration_curve));
                    cost.push(curve(SERIES[i + 1], name, &f.cost_curve));
                }
            }
            Err(errors) => {
                rows += html!(
                    r#"<tr><th scope="row">{}</th><td colspan="5">Cannot be forecast: {}</td></tr>"#,
                    name,
                    errors.first().map_or("", |e| e.message.as_str())
                )
            }
        }
    }
    let needed = runs
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .map(|f| f.duration.max)
        .fold(plan.duration.max, f64::max);
    let cal = Calendar::new(p, needed + 30.0);
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table scenario-comparison"><caption>The plan and its scenarios, from {} trials on seed {}</caption><thead><tr><th scope="col">Scenario</th><th scope="col">P50 finish</th><th scope="col">P80 finish</th><th scope="col">P50 cost</th><th scope="col">P80 cost</th><th scope="col">Expected NPV</th></tr></thead><tbody>{}</tbody></table></div><div class="chart-grid"><figure><figcaption>Chance to finish by each date</figcaption><div class="chart-box">{}</div></figure><figure><figcaption>Chance to stay within each cost</figcaption><div class="chart-box">{}</div></figure></div>"#,
        thousands(f64::from(p.settings.trials)),
        p.settings.seed,
        rows,
        curves_svg(
            &finish,
            XAxis::Dates(&cal, "finish date"),
            "S-curves of the finish date of the plan and each scenario"
        ),
        curves_svg(
            &cost,
            XAxis::Numbers(c),
            "S-curves of the cost of the plan and each scenario"
        )
    )
}

/// The series' classes, the plan's first.
const SERIES: [&str; 6] = ["s0", "s1", "s2", "s3", "s4", "s5"];

fn curve(kind: &'static str, label: &str, points: &[crate::engine::CurvePoint]) -> Series {
    Series {
        kind,
        label: label.to_owned(),
        points: points.iter().map(|c| (c.value, c.probability)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::test_support::{shop, view};

    #[test]
    fn what_ifs_are_made_renamed_promoted_and_removed() {
        let mut p = shop();
        let role = p.team[0].id;
        act(&mut p, "one-more", &role.to_string()).unwrap();
        act(&mut p, "drop-stage", "2").unwrap();
        act(&mut p, "save-scenario", "  The bid  ").unwrap();
        let names: Vec<&str> = p.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                format!("One more {}", p.team[0].name).as_str(),
                "Without the Maturity stage",
                "The bid"
            ]
        );
        crate::markup::edit(&mut p, "scenarios[2].name", "As sent").unwrap();
        assert_eq!(p.scenarios[2].name, "As sent");
        let html = list(&view(&p, None));
        assert!(html.contains(r#"data-path="scenarios[2].name""#));
        assert_eq!(html.matches(r#"data-action="promote""#).count(), 3);
        let headcount = p.team[0].headcount;
        act(&mut p, "promote", "0").unwrap();
        assert_eq!(p.team[0].headcount, headcount + 1.0);
        act(&mut p, "remove-scenario", "0").unwrap();
        assert_eq!(p.scenarios.len(), 2);
        assert!(act(&mut p, "remove-scenario", "7").is_err());
        assert!(act(&mut p, "one-more", "x").is_err());
        p.tasks[0].name.clear();
        assert!(act(&mut p, "save-scenario", "x")
            .unwrap_err()
            .contains("problems"));
    }

    #[test]
    fn the_comparison_shows_each_scenario_beside_the_plan_on_the_same_trials() {
        let mut p = shop();
        p.settings.trials = 2_000;
        assert!(COMPARISON.html_now(&p).unwrap().contains("Add a scenario"));
        let role = p.team[0].id;
        act(&mut p, "one-more", &role.to_string()).unwrap();
        p.scenarios[0].plan.settings.trials = 10;
        p.scenarios[0].name = "<b>More</b>".into();
        let html = COMPARISON.html_now(&p).unwrap();
        let mut more = p.scenarios[0].plan.as_ref().clone();
        more.settings.trials = 2_000;
        let f = crate::engine::forecast(&more).unwrap();
        let plan = crate::engine::forecast(&p.plan_only()).unwrap();
        for date in [plan.finish.p80, f.finish.p80] {
            assert!(html.contains(&format!("<td>{date}</td>")), "{date}");
        }
        assert!(html.contains("&lt;b&gt;More&lt;/b&gt;") && !html.contains("<b>More"));
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(
            html.matches("chart__series--s1").count(),
            4,
            "a line and a swatch a chart"
        );
    }
}

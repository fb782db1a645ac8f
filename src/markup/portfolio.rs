//! The portfolio page's markup: every project and idea of the workspace ranked by the
//! same simulation (expected NPV, its spread, P(NPV > 0), ROI, payback, P80 cost and
//! finish), the "probability A beats B" matrix, the impact-vs-cost bubble chart, the
//! ideas' light form with their weighted-criteria ratings, and the ranking settings;
//! and its actions (add, remove and promote ideas). The ranking, the matrix and the
//! chart are drawn in the engine's worker ([`RANKING`]).

use crate::chart::{bubble_svg, portfolio_bubbles, shorten};
use crate::engine::{EntryKind, Portfolio, PortfolioEntry};
use crate::form::{render_fields, set_field, set_in, split_group, split_indexed};
use crate::form::{seed_field, trials_field, EditError, Field, Kind, Value};
use crate::format::{fixed, money, percent, thousands};
use crate::html;
use crate::html::Html;
use crate::jobs::{Checked, Job};
use crate::markup::forecast::problems;
use crate::markup::value::payback_text;
use crate::markup::{changed, drawn, Outcome, Slow};
use crate::model::validate::FieldError;
use crate::model::{Date, Idea, IdeaSize, PortfolioSettings, Project, ThreePoint, Workspace};
use crate::{num_field, percent_field, text_field};

fn size_choices(_: &Project) -> Vec<(String, String)> {
    IdeaSize::ALL
        .iter()
        .map(|s| (s.label().to_owned(), s.label().to_owned()))
        .collect()
}

fn rating_choices(_: &Project) -> Vec<(String, String)> {
    (1..=5).map(|r| (r.to_string(), r.to_string())).collect()
}

fn rating(v: Value) -> Result<u8, &'static str> {
    v.text()
        .parse::<u8>()
        .ok()
        .filter(|r| (1..=5).contains(r))
        .ok_or("Rate from 1 to 5.")
}

macro_rules! rating_field {
    ($key:literal, $label:literal, $f:ident) => {
        Field {
            key: $key,
            label: $label,
            kind: Kind::Choice(rating_choices),
            get: |i| Value::Text(i.ratings.$f.to_string()),
            set: |i, v| {
                i.ratings.$f = rating(v)?;
                Ok(())
            },
        }
    };
}

/// The build-cost range of an idea: all three at zero means "no range, use the size
/// and the day rate".
macro_rules! cost_field {
    ($key:literal, $label:literal, $f:ident) => {
        Field {
            key: $key,
            label: $label,
            kind: Kind::Number,
            get: |i| Value::Num(i.cost.map_or(0.0, |c| c.$f)),
            set: |i, v| {
                let mut range = i.cost.unwrap_or_default();
                range.$f = v.num();
                i.cost = (range != ThreePoint::default()).then_some(range);
                Ok(())
            },
        }
    };
}

/// Number of leading [`IDEA_FIELDS`] that give the idea's numbers; the rest are its
/// ratings.
const NUMBERS: usize = 10;

/// An idea's fields: its rough numbers, then its 1–5 ratings.
pub static IDEA_FIELDS: &[Field<Idea>] = &[
    text_field!("name", "Name", Text, name),
    num_field!(
        "value.annual_benefit.optimistic",
        "Annual benefit, low",
        value.annual_benefit.optimistic
    ),
    num_field!(
        "value.annual_benefit.most_likely",
        "Annual benefit, most likely",
        value.annual_benefit.most_likely
    ),
    num_field!(
        "value.annual_benefit.pessimistic",
        "Annual benefit, high",
        value.annual_benefit.pessimistic
    ),
    Field {
        key: "size",
        label: "Rough size",
        kind: Kind::Choice(size_choices),
        get: |i| Value::Text(i.size.label().to_owned()),
        set: |i, v| {
            let code = v.text();
            let found = IdeaSize::ALL.into_iter().find(|s| s.label() == code);
            i.size = found.ok_or("Choose S, M, L or XL.")?;
            Ok(())
        },
    },
    num_field!("day_rate", "Day rate", day_rate),
    cost_field!("cost.optimistic", "Build cost, low (optional)", optimistic),
    cost_field!(
        "cost.most_likely",
        "Build cost, most likely (optional)",
        most_likely
    ),
    cost_field!(
        "cost.pessimistic",
        "Build cost, high (optional)",
        pessimistic
    ),
    percent_field!(
        "feasibility",
        "Chance the model is good enough (%)",
        feasibility
    ),
    rating_field!("ratings.impact", "Impact (1–5)", impact),
    rating_field!(
        "ratings.data_readiness",
        "Data readiness (1–5)",
        data_readiness
    ),
    rating_field!("ratings.cost", "Cost (1–5, 5 = most expensive)", cost),
    rating_field!("ratings.error_cost", "Cost of errors (1–5)", error_cost),
    rating_field!("ratings.ethics_risk", "Ethics risk (1–5)", ethics_risk),
    rating_field!(
        "ratings.strategic_fit",
        "Strategic fit (1–5)",
        strategic_fit
    ),
];

/// How the portfolio is simulated and how the criteria are weighted.
pub static SETTINGS_FIELDS: &[Field<PortfolioSettings>] = &[
    trials_field::<PortfolioSettings>("Trials per entry"),
    seed_field::<PortfolioSettings>(),
    num_field!("weights.impact", "Weight of impact", weights.impact),
    num_field!(
        "weights.data_readiness",
        "Weight of data readiness",
        weights.data_readiness
    ),
    num_field!("weights.cost", "Weight of cost", weights.cost),
    num_field!(
        "weights.error_cost",
        "Weight of cost of errors",
        weights.error_cost
    ),
    num_field!(
        "weights.ethics_risk",
        "Weight of ethics risk",
        weights.ethics_risk
    ),
    num_field!(
        "weights.strategic_fit",
        "Weight of strategic fit",
        weights.strategic_fit
    ),
];

/// Applies typed text to an idea (`ideas[0].feasibility`) or a setting
/// (`portfolio.weights.cost`).
pub fn edit(ws: &mut Workspace, path: &str, raw: &str) -> Result<(), EditError> {
    match (split_indexed(path), split_group(path)) {
        (Some(("ideas", i, key)), _) => set_in(IDEA_FIELDS, &mut ws.ideas, i, key, raw),
        (None, Some(("portfolio", key))) => set_field(SETTINGS_FIELDS, &mut ws.portfolio, key, raw),
        _ => Err(EditError::UnknownPath),
    }
}

/// An id no project or idea of the workspace uses.
fn fresh_id(ws: &Workspace) -> String {
    (1..)
        .map(|n| format!("idea-{n}"))
        .find(|id| ws.ideas.iter().all(|i| &i.id != id) && ws.projects.iter().all(|p| &p.id != id))
        .unwrap_or_default()
}

/// Carries out `add-idea` (argument: today's date, the idea's start), `remove-idea`
/// and `promote` (argument: index; the idea becomes a project with the same id).
pub fn act(ws: &mut Workspace, action: &str, arg: &str) -> Outcome {
    let index = arg.parse::<usize>().ok().filter(|&i| i < ws.ideas.len());
    match (action, index) {
        ("add-idea", _) => {
            let start = Date::parse(arg).map_err(|e| e.to_string())?;
            let id = fresh_id(ws);
            let n = ws.ideas.len() + 1;
            ws.ideas.push(Idea::new(id, format!("Idea {n}"), start));
            Ok(())
        }
        ("remove-idea", Some(i)) => {
            ws.ideas.remove(i);
            Ok(())
        }
        ("promote", Some(i)) => {
            let id = ws.ideas[i].id.clone();
            changed(ws.promote(&id).is_some())
        }
        _ => changed(false),
    }
}

/// The ideas' form and the ranking settings; `today` starts new ideas.
pub fn ideas(ws: &Workspace, errors: &[FieldError], today: Date) -> Html {
    let blank = Project::new("", "", today);
    let mut out = html!(
        r#"<h2>Ideas</h2><p class="muted">Candidate use cases with rough numbers: a benefit range and a size (or a cost range) are enough to rank them with the same simulation; the 1–5 ratings give the weighted-criteria score for ideas with no numbers yet.</p><p><button type="button" class="button" data-action="add-idea" data-arg="{}">Add an idea</button></p>"#,
        today.to_string()
    );
    for (i, idea) in ws.ideas.iter().enumerate() {
        let prefix = format!("ideas[{i}]");
        out += html!(
            r#"<fieldset class="risk-card idea-card"><legend>{0}</legend><div class="form-grid">{1}</div><p class="risk-card__group">Ratings for the weighted score</p><div class="form-grid form-grid--compact">{2}</div><p class="button-row"><button type="button" class="button" data-action="promote" data-arg="{3}" aria-label="Promote {0} to a project">Promote to a project</button> <button type="button" class="button button--danger" data-action="remove-idea" data-arg="{3}" aria-label="Remove idea {0}">Remove idea</button></p></fieldset>"#,
            idea.name,
            render_fields(&IDEA_FIELDS[..NUMBERS], idea, &prefix, &blank, errors),
            render_fields(&IDEA_FIELDS[NUMBERS..], idea, &prefix, &blank, errors),
            i,
        );
    }
    out += html!(
        r#"<h2>Ranking settings</h2><div class="form-grid form-grid--compact">{}</div>"#,
        render_fields(SETTINGS_FIELDS, &ws.portfolio, "portfolio", &blank, errors)
    );
    out
}

/// An entry's name: a link to a project's value section, or an idea marked as one.
fn entry_name(e: &PortfolioEntry) -> Html {
    match e.kind {
        EntryKind::Project => html!(
            r#"<a href="{}">{}</a>"#,
            format!("#/p/{}/value", e.id),
            e.name
        ),
        EntryKind::Idea => html!(r#"{} <span class="muted">(idea)</span>"#, e.name),
    }
}

/// An entry's row; its quadrant only when there are entries to compare it with (the
/// lines sit at the entries' means, so a lone entry lies on both).
fn ranked_row(e: &PortfolioEntry, compared: bool) -> Html {
    let m = |x: f64| money(x, &e.currency);
    html!(
        r#"<tr><td class="num">{}</td><th scope="row">{}</th><td class="num">{}</td><td class="num">{} to {}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td><td class="num">{}</td></tr>"#,
        e.rank,
        entry_name(e),
        m(e.value.npv.mean),
        m(e.value.npv.p10),
        m(e.value.npv.p90),
        percent(e.value.probability_positive),
        e.value
            .roi
            .map_or_else(|| "—".to_owned(), |r| format!("{}%", fixed(r * 100.0, 0))),
        payback_text(&e.value),
        m(e.cost_p80),
        e.finish_p80,
        if compared { e.quadrant.label() } else { "—" },
        e.criteria_score
            .map_or_else(|| "—".to_owned(), |s| fixed(s, 0)),
    )
}

fn ranked_table(pf: &Portfolio) -> Html {
    let compared = pf.entries.len() > 1;
    let rows: Html = pf.entries.iter().map(|e| ranked_row(e, compared)).collect();
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table ranking-table"><caption>Projects and ideas ranked by expected net present value</caption><thead><tr><th scope="col">Rank</th><th scope="col">Name</th><th scope="col">Expected NPV</th><th scope="col">NPV P10 to P90</th><th scope="col">P(NPV &gt; 0)</th><th scope="col">ROI</th><th scope="col">Payback</th><th scope="col">P80 cost</th><th scope="col">P80 finish</th><th scope="col">Quadrant</th><th scope="col">Criteria score</th></tr></thead><tbody>{}</tbody></table></div>"#,
        rows
    )
}

fn beats_table(pf: &Portfolio) -> Html {
    let names: Vec<String> = pf.entries.iter().map(|e| shorten(&e.name, 24)).collect();
    let head: Html = names
        .iter()
        .map(|n| html!(r#"<th scope="col">{}</th>"#, n))
        .collect();
    let rows: Html = pf
        .beats
        .iter()
        .zip(&names)
        .enumerate()
        .map(|(i, (row, name))| {
            let cells: Html = row
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    if i == j {
                        html!(r#"<td class="center">—</td>"#)
                    } else {
                        html!(r#"<td class="num">{}</td>"#, percent(*p))
                    }
                })
                .collect();
            html!(r#"<tr><th scope="row">{}</th>{}</tr>"#, name, cells)
        })
        .collect();
    html!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table beats-table"><caption>Probability that the row's NPV beats the column's (same simulated luck for all)</caption><thead><tr><th scope="col">Row beats column</th>{}</tr></thead><tbody>{}</tbody></table></div>"#,
        head,
        rows
    )
}

/// The ranking, the pairwise matrix and the bubble chart (slow: the worker simulates
/// every entry, and draws them).
pub const RANKING: Slow<Workspace> = Slow {
    job: |ws| Job::Portfolio(ws.clone()),
    render: drawn,
};

/// The ranking from the portfolio (or the problems that stopped it).
pub fn ranking(ws: &Workspace, pf: Checked<Portfolio>) -> Html {
    if ws.projects.is_empty() && ws.ideas.is_empty() {
        return html!(
            r#"<p>There is nothing to rank yet: create projects (the templates are a quick start) or add ideas below.</p>"#
        );
    }
    let pf = match pf {
        Ok(pf) => pf,
        Err(errors) => return problems(&errors),
    };
    let currency = pf.currency.clone().unwrap_or_default();
    let note = if pf.currency.is_none() {
        html!(
            r#"<p class="callout">The projects use different currencies, so their money is not comparable; set one currency to rank them fairly.</p>"#
        )
    } else {
        Html::new()
    };
    let trials = html!(
        r#"<p class="muted">From {} trials per entry on seed {}, the same simulated luck for every entry. A project's own page uses its own trials and seed, so its P80 cost and finish can differ a little from these.</p>"#,
        thousands(f64::from(pf.trials)),
        pf.seed
    );
    if pf.entries.len() == 1 {
        return html!(
            r#"{}{}{}<p class="callout">With one entry there is nothing to compare yet: add a project or an idea to see which beats which and where each stands on impact and cost.</p>"#,
            note,
            ranked_table(&pf),
            trials
        );
    }
    let chart = bubble_svg(
        &portfolio_bubbles(&pf),
        pf.impact_line,
        pf.cost_line,
        &currency,
        &format!(
            "Impact against cost of {} projects and ideas, split into quick wins, big bets, fill-ins and money pits at the mean impact and mean cost.",
            pf.entries.len()
        ),
    );
    html!(
        r#"{}{}{}<h2>Probability A beats B</h2>{}<h2>Impact and cost</h2><p class="muted">Impact is the expected present value of the benefit, cost the expected present value of every cost; a bubble's size is the chance its NPV is positive. The quadrant lines sit at the mean impact and the mean cost of the entries, as in the table's Quadrant column.</p><figure class="chart-wide"><div class="chart-box">{}</div></figure>"#,
        note,
        ranked_table(&pf),
        trials,
        beats_table(&pf),
        chart
    )
}

crate::impl_runs!(PortfolioSettings);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::templates::{bike_shop, churn};

    fn start() -> Date {
        Date::from_ymd(2026, 1, 5).unwrap()
    }

    fn workspace() -> Workspace {
        let mut ws = Workspace {
            projects: vec![bike_shop("a".into(), start()), churn("b".into(), start())],
            ..Workspace::default()
        };
        ws.portfolio.trials = 2_000;
        ws
    }

    #[test]
    fn ideas_are_added_edited_promoted_and_removed() {
        let mut ws = workspace();
        act(&mut ws, "add-idea", "2026-03-02").unwrap();
        act(&mut ws, "add-idea", "2026-03-02").unwrap();
        assert_ne!(ws.ideas[0].id, ws.ideas[1].id);
        assert!(act(&mut ws, "add-idea", "not a date").is_err());
        edit(&mut ws, "ideas[0].size", "XL").unwrap();
        assert_eq!(ws.ideas[0].size, IdeaSize::XL);
        edit(&mut ws, "ideas[0].ratings.impact", "5").unwrap();
        assert_eq!(ws.ideas[0].ratings.impact, 5);
        assert!(edit(&mut ws, "ideas[0].ratings.impact", "6").is_err());
        edit(&mut ws, "ideas[0].cost.most_likely", "50000").unwrap();
        assert_eq!(ws.ideas[0].cost.map(|c| c.most_likely), Some(50_000.0));
        edit(&mut ws, "ideas[0].cost.most_likely", "0").unwrap();
        assert_eq!(ws.ideas[0].cost, None, "a range of zeros means no range");
        edit(&mut ws, "portfolio.weights.cost", "3").unwrap();
        assert_eq!(ws.portfolio.weights.cost, 3.0);
        let id = ws.ideas[1].id.clone();
        act(&mut ws, "promote", "1").unwrap();
        assert_eq!(ws.ideas.len(), 1);
        assert_eq!(ws.projects.last().map(|p| p.id.clone()), Some(id));
        act(&mut ws, "remove-idea", "0").unwrap();
        assert!(ws.ideas.is_empty());
        assert!(act(&mut ws, "remove-idea", "0").is_err());
    }

    #[test]
    fn the_ranking_lists_every_entry_in_order_with_the_pairwise_matrix() {
        let mut ws = workspace();
        act(&mut ws, "add-idea", "2026-03-02").unwrap();
        let html = RANKING.html_now(&ws).unwrap();
        let pf = crate::engine::portfolio(&ws).unwrap();
        let table = html.split("ranking-table").nth(1).unwrap();
        let mut last = 0;
        for e in &pf.entries {
            let at = table
                .find(&*Html::text(&e.name))
                .expect("every entry is listed");
            assert!(at > last, "entries appear in rank order");
            last = at;
        }
        let beats = html.split("beats-table").nth(1).unwrap();
        assert_eq!(
            beats.matches("<tr><th scope=\"row\">").count(),
            pf.entries.len()
        );
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains("(idea)"));
    }

    #[test]
    fn one_entry_is_ranked_without_a_comparison_and_quadrants_match_the_chart() {
        let mut ws = workspace();
        ws.projects.truncate(1);
        let html = RANKING.html_now(&ws).unwrap();
        assert!(html.contains("With one entry there is nothing to compare yet"));
        assert!(!html.contains("beats-table") && !html.contains("<svg"));
        assert!(!html.contains(">Fill-ins<") && html.contains("<td>—</td>"));
        assert!(
            html.contains("can differ a little"),
            "the trials are stated"
        );
        // With several, each entry's quadrant in the table is its bubble's on the chart.
        let ws = workspace();
        let html = RANKING.html_now(&ws).unwrap();
        let pf = crate::engine::portfolio(&ws).unwrap();
        for e in &pf.entries {
            assert!(html.contains(&format!("<td>{}</td>", e.quadrant.label())));
            assert!(html.contains(&format!("chart__bubble--{}", e.quadrant.class())));
        }
    }

    #[test]
    fn an_empty_or_invalid_workspace_says_so() {
        assert!(RANKING
            .html_now(&Workspace::default())
            .unwrap()
            .contains("nothing to rank"));
        let mut ws = workspace();
        ws.portfolio.trials = 1;
        assert!(RANKING
            .html_now(&ws)
            .unwrap()
            .contains("The forecast needs a few fixes"));
    }

    #[test]
    fn the_ideas_form_escapes_names_and_carries_paths() {
        let mut ws = workspace();
        act(&mut ws, "add-idea", "2026-03-02").unwrap();
        ws.ideas[0].name = "<b>x</b>".into();
        let html = ideas(&ws, &[], start());
        assert!(!html.contains("<b>x"));
        assert!(html.contains(r#"data-path="ideas[0].ratings.ethics_risk""#));
        assert!(html.contains(r#"data-path="portfolio.weights.strategic_fit""#));
        assert!(html.contains(r#"data-arg="2026-01-05""#));
    }
}

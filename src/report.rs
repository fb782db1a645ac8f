//! The plan as a document for people who have never seen Yardstick, built once and
//! written two ways: as HTML for the stakeholder view, the Export preview and print
//! (here), and as GitHub-flavoured Markdown ([`crate::markdown`]).
//!
//! [`plan`] lays out the sections (summary, forecast, stage plan, tasks, risks by
//! exposure, factors, team and budget, requirements, method and assumptions) through a
//! [`Doc`]; each writer escapes every piece of text marked as the user's. The page's
//! views around the document ([`stakeholder_html`], [`export_html`],
//! [`link_problem_html`]) are pure markup builders too: their buttons carry
//! `data-action` attributes for one delegated click handler, and nothing here runs
//! script or sets a style.

use crate::chart::escape;
use crate::engine::{risk_exposures, Forecast, Summary};
use crate::format::{money, percent, plain, thousands};
use crate::model::{FactorKind, Freshness, Project};
use crate::share::{ShareError, LONG_LINK_CHARS};

/// A piece of text in the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Text {
    /// Written by Yardstick: labels, numbers, dates.
    Ours(String),
    /// Typed by a person (or read from a link): always escaped.
    User(String),
    /// Written by Yardstick and emphasised.
    Strong(String),
}

fn ours(text: impl Into<String>) -> Text {
    Text::Ours(text.into())
}

fn user(text: &str) -> Text {
    Text::User(text.to_owned())
}

/// A writer of the document's blocks.
pub trait Doc {
    /// The document's title (the project's name).
    fn title(&mut self, text: &str);
    /// A section heading.
    fn heading(&mut self, text: &str);
    /// The one sentence a reader must see: chance, date and cost.
    fn headline(&mut self, parts: &[Text]);
    fn paragraph(&mut self, parts: &[Text]);
    fn bullets(&mut self, items: &[Vec<Text>]);
    /// A table; bit `i` of `numeric` marks column `i` as numbers.
    fn table(&mut self, caption: &str, head: &[&str], numeric: u32, rows: &[Vec<Text>]);
}

fn summary_row(name: &str, s: &Summary, plan: f64) -> Vec<Text> {
    let mut row = vec![ours(name)];
    row.extend(
        [s.mean, s.p10, s.p50, s.p80, s.p90, s.p95, plan]
            .into_iter()
            .map(|v| ours(thousands(v))),
    );
    row
}

/// The whole plan, section by section.
pub fn plan(p: &Project, f: &Forecast, doc: &mut dyn Doc) {
    let c = &p.currency;
    let m = |x: f64| Text::User(money(x, c));
    let conf = format!("{:.0}", p.settings.confidence * 100.0);
    doc.title(&p.name);
    if !p.description.trim().is_empty() {
        doc.paragraph(&[user(&p.description)]);
    }

    doc.heading("Summary");
    doc.headline(&[
        Text::Strong(format!("{conf}% chance")),
        ours(" to finish by "),
        Text::Strong(f.contingency.finish.to_string()),
        ours(" for "),
        Text::Strong(money(f.contingency.cost, c)),
        ours(" or less."),
    ]);
    let mut summary = vec![vec![
        ours(format!(
            "The sum-of-most-likely plan says {} for ",
            f.plan.finish
        )),
        m(f.plan.cost),
        ours(format!(
            "; the contingency needed for P{conf} is {} working days and ",
            thousands(f.contingency.duration_buffer)
        )),
        m(f.contingency.cost_buffer),
        ours("."),
    ]];
    if f.gate.enabled {
        summary.push(vec![
            ours(format!(
                "Feasibility gate: {} chance that the model never reaches the minimum performance; the project then stops after the MVP's evaluation, having spent ",
                percent(f.gate.stop_rate)
            )),
            m(f.gate.mean_cost_if_stopped),
            ours(" on average. Expected spend over all outcomes: "),
            m(f.gate.expected_cost),
            ours("."),
        ]);
    }
    if let (Some(chance), Some(d)) = (f.probability_by_target_date, p.settings.target_date) {
        summary.push(vec![ours(format!(
            "Chance to finish by the target date {d}: {}.",
            percent(chance)
        ))]);
    }
    if let (Some(chance), Some(b)) = (f.probability_within_budget, p.settings.target_budget) {
        summary.push(vec![
            ours("Chance to stay within the target budget of "),
            m(b),
            ours(format!(": {}.", percent(chance))),
        ]);
    }
    doc.bullets(&summary);

    doc.heading("Forecast");
    let d = &f.finish;
    let mut dates = vec![ours("Finish date")];
    dates.extend(
        [d.mean, d.p10, d.p50, d.p80, d.p90, d.p95, f.plan.finish]
            .iter()
            .map(|d| ours(d.to_string())),
    );
    let mut cost = summary_row("", &f.cost, f.plan.cost);
    cost[0] = Text::User(format!("Cost ({c})"));
    doc.table(
        &format!("Forecast from {} trials", thousands(f64::from(f.trials))),
        &[
            "Measure",
            "Mean",
            "P10",
            "P50",
            "P80",
            "P90",
            "P95",
            "Sum of most likely",
        ],
        !1,
        &[
            summary_row("Effort (person-days)", &f.effort, f.plan.effort),
            summary_row("Duration (working days)", &f.duration, f.plan.duration),
            dates,
            cost,
        ],
    );
    doc.paragraph(&[ours(format!(
        "From {} Monte Carlo trials (seed {}).",
        thousands(f64::from(f.trials)),
        f.seed
    ))]);

    doc.heading("Stage plan");
    let stages: Vec<Vec<Text>> = f
        .stages
        .iter()
        .map(|s| {
            vec![
                ours(s.stage.label()),
                ours(s.tasks.to_string()),
                ours(s.finish.p50.to_string()),
                ours(s.finish.p80.to_string()),
                ours(thousands(s.cost.p50)),
                ours(thousands(s.cost.p80)),
            ]
        })
        .collect();
    doc.table(
        "Forecast through each stage (cumulative)",
        &[
            "Through",
            "Tasks",
            "P50 finish",
            "P80 finish",
            "P50 cost",
            "P80 cost",
        ],
        !1,
        &stages,
    );
    if !p.plan.milestones.is_empty() {
        let rows: Vec<Vec<Text>> = p
            .plan
            .milestones
            .iter()
            .map(|ms| vec![user(&ms.name), ours(ms.stage.label()), user(&ms.criteria)])
            .collect();
        doc.table(
            "Stage gates",
            &["Milestone", "Stage", "Go / no-go criteria"],
            0,
            &rows,
        );
    }

    doc.heading("Tasks");
    let tasks: Vec<Vec<Text>> = p
        .tasks
        .iter()
        .map(|t| {
            let critical = f
                .tasks
                .iter()
                .find(|x| x.id == t.id)
                .map_or(0.0, |x| x.criticality);
            let after: Vec<String> = t.depends_on.iter().map(ToString::to_string).collect();
            vec![
                ours(t.id.to_string()),
                user(&t.name),
                ours(t.phase.label()),
                ours(t.stage.label()),
                user(p.role(t.role).map_or("?", |r| r.name.as_str())),
                ours(plain(t.effort.optimistic)),
                ours(plain(t.effort.most_likely)),
                ours(plain(t.effort.pessimistic)),
                ours(after.join(", ")),
                ours(percent(critical)),
            ]
        })
        .collect();
    doc.table(
        "Tasks, with effort in person-days and the share of trials in which each is critical",
        &[
            "#",
            "Task",
            "Phase",
            "Stage",
            "Role",
            "Optimistic",
            "Most likely",
            "Pessimistic",
            "After",
            "Critical",
        ],
        0b10_1110_0001,
        &tasks,
    );

    doc.heading("Risks by exposure");
    let risks: Vec<Vec<Text>> = risk_exposures(p)
        .iter()
        .filter_map(|e| {
            let r = p.risks.iter().find(|r| r.id == e.id)?;
            Some(vec![
                user(&r.title),
                user(&r.category),
                ours(percent(e.probability)),
                ours(thousands(e.impact_days)),
                ours(thousands(e.exposure_days)),
                ours(thousands(e.exposure_cost)),
                user(&r.mitigation.description),
                ours(if r.mitigation.adopted { "yes" } else { "no" }),
            ])
        })
        .collect();
    if risks.is_empty() {
        doc.paragraph(&[ours("No risks are registered.")]);
    } else {
        doc.table(
            &format!("Risks by expected cost (probability × impact), in {c}"),
            &[
                "Risk",
                "Category",
                "Probability",
                "Impact (days)",
                "Exposure (days)",
                "Exposure (money)",
                "Mitigation",
                "Adopted",
            ],
            0b11_1100,
            &risks,
        );
    }

    doc.heading("Complexity factors");
    let factors: Vec<Vec<Text>> = FactorKind::ALL
        .iter()
        .map(|&k| {
            let phases: Vec<&str> = p
                .factor_rules
                .iter()
                .find(|r| r.factor == k)
                .map(|r| r.phases.iter().map(|ph| ph.label()).collect())
                .unwrap_or_default();
            vec![
                ours(k.label()),
                ours(p.factor_level(k).label()),
                ours(phases.join(", ")),
            ]
        })
        .collect();
    doc.table(
        "Complexity factors and the phases they multiply",
        &["Factor", "Answer", "Phases it multiplies"],
        0,
        &factors,
    );

    doc.heading("Team and budget");
    let team: Vec<Vec<Text>> = p
        .team
        .iter()
        .map(|r| {
            vec![
                user(&r.name),
                ours(plain(r.headcount)),
                ours(thousands(r.day_rate)),
            ]
        })
        .collect();
    doc.table(
        &format!("Team (day rates in {c})"),
        &["Role", "Headcount (FTE)", "Day rate"],
        0b110,
        &team,
    );
    if !p.fixed_costs.is_empty() {
        let costs: Vec<Vec<Text>> = p
            .fixed_costs
            .iter()
            .map(|fc| {
                vec![
                    user(&fc.name),
                    ours(fc.stage.label()),
                    ours(thousands(fc.amount)),
                ]
            })
            .collect();
        doc.table(
            &format!("Fixed costs in {c}"),
            &["Fixed cost", "Stage", "Amount"],
            0b100,
            &costs,
        );
    }

    doc.heading("Requirements");
    let rq = &p.requirements;
    let freshness = match rq.freshness {
        Freshness::RealTime => "real time",
        Freshness::Hourly => "hourly",
        Freshness::Daily => "daily",
    };
    let mut requirements = vec![
        vec![ours(format!(
            "Inference requests per day: {}",
            thousands(rq.requests_per_day)
        ))],
        vec![ours(format!(
            "Peak to average traffic: {}",
            plain(rq.peak_to_average)
        ))],
        vec![ours(format!(
            "Latency target (p95): {} ms",
            thousands(rq.latency_p95_ms)
        ))],
        vec![ours(format!("Prediction freshness: {freshness}"))],
    ];
    if !rq.metric.trim().is_empty() {
        requirements.push(vec![
            ours("Minimum predictive performance: "),
            user(&rq.metric),
            ours(format!(" ≥ {}", plain(rq.minimum_performance))),
        ]);
    }
    for metric in &p.plan.success_metrics {
        requirements.push(vec![ours("Success metric: "), user(metric)]);
    }
    doc.bullets(&requirements);

    doc.heading("Method and assumptions");
    let mut method: Vec<Vec<Text>> = [
        format!(
            "Start date {}, {} working days a week, {} holidays.",
            p.start_date,
            p.working_days_per_week,
            p.holidays.len()
        ),
        "Each task's effort is a three-point estimate in person-days, sampled from its distribution (PERT by default) in every trial.".into(),
        "Complexity factors multiply the effort of the phases they affect by an uncertain amount (\"Yes\" about ×2, \"Some\" about ×1.3).".into(),
        "Risks fire with their probability and add sampled extra effort and cost; adopted mitigations change probability and impact and add their own cost.".into(),
        "The schedule honours finish-to-start dependencies and team capacity: a role works on at most as many tasks at once as its headcount.".into(),
        "Cost is effort × role day rate plus fixed costs, risk costs and mitigation costs.".into(),
    ]
    .into_iter()
    .map(|s| vec![Text::Ours(s)])
    .collect();
    if f.gate.enabled {
        method.push(vec![ours(format!(
            "Feasibility gate: a {} chance that the model reaches the minimum performance by the end of the MVP's evaluation; otherwise the project stops there.",
            percent(p.gate.probability)
        ))]);
    }
    doc.bullets(&method);
    doc.paragraph(&[ours(format!(
        "Generated by Yardstick {}.",
        env!("CARGO_PKG_VERSION")
    ))]);
}

/// Writes the document as HTML, every piece of text escaped.
#[derive(Default)]
pub struct Html(pub String);

impl Html {
    fn parts(&mut self, parts: &[Text]) {
        for part in parts {
            match part {
                Text::Ours(t) | Text::User(t) => self.0.push_str(&escape(t)),
                Text::Strong(t) => {
                    self.0.push_str("<strong>");
                    self.0.push_str(&escape(t));
                    self.0.push_str("</strong>");
                }
            }
        }
    }

    fn tag(&mut self, open: &str, parts: &[Text], close: &str) {
        self.0.push_str(open);
        self.parts(parts);
        self.0.push_str(close);
    }
}

impl Doc for Html {
    fn title(&mut self, text: &str) {
        self.tag("<h1>", &[user(text)], "</h1>");
    }

    fn heading(&mut self, text: &str) {
        self.tag("<h2>", &[ours(text)], "</h2>");
    }

    fn headline(&mut self, parts: &[Text]) {
        self.tag(r#"<p class="headline__main">"#, parts, "</p>");
    }

    fn paragraph(&mut self, parts: &[Text]) {
        self.tag("<p>", parts, "</p>");
    }

    fn bullets(&mut self, items: &[Vec<Text>]) {
        self.0.push_str("<ul>");
        for item in items {
            self.tag("<li>", item, "</li>");
        }
        self.0.push_str("</ul>");
    }

    fn table(&mut self, caption: &str, head: &[&str], numeric: u32, rows: &[Vec<Text>]) {
        let class = |i: usize| {
            if numeric >> i & 1 == 1 {
                r#" class="num""#
            } else {
                ""
            }
        };
        self.tag(
            r#"<div class="table-scroll"><table class="data-table"><caption>"#,
            &[ours(caption)],
            "</caption><thead><tr>",
        );
        for (i, h) in head.iter().enumerate() {
            let open = format!(r#"<th scope="col"{}>"#, class(i));
            self.tag(&open, &[ours(*h)], "</th>");
        }
        self.0.push_str("</tr></thead><tbody>");
        for row in rows {
            self.0.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let open = match i {
                    0 => r#"<th scope="row">"#.to_owned(),
                    i => format!("<td{}>", class(i)),
                };
                let close = if i == 0 { "</th>" } else { "</td>" };
                self.tag(&open, std::slice::from_ref(cell), close);
            }
            self.0.push_str("</tr>");
        }
        self.0.push_str("</tbody></table></div>");
    }
}

/// The plan as an HTML `<article>`.
pub fn plan_html(p: &Project, f: &Forecast) -> String {
    let mut html = Html(r#"<article class="report">"#.to_owned());
    plan(p, f, &mut html);
    html.0.push_str("</article>");
    html.0
}

/// A button for the delegated click handler.
fn button(action: &str, label: &str, primary: bool) -> String {
    let class = if primary {
        "button button--primary"
    } else {
        "button"
    };
    format!(r#"<button type="button" class="{class}" data-action="{action}">{label}</button>"#)
}

/// The page a share link opens: a bar saying what it is, with "Save a copy to my
/// projects" and "Print", above the plan.
pub fn stakeholder_html(p: &Project, f: &Forecast) -> String {
    format!(
        r#"<div class="shared__bar no-print" role="region" aria-label="Shared plan"><p>A plan shared with you through a link. It is read-only here: save a copy to change it. Nothing was sent to a server.</p><p class="button-row">{}{}</p><p class="status" role="status"></p></div>{}"#,
        button("save", "Save a copy to my projects", true),
        button("print", "Print", false),
        plan_html(p, f),
    )
}

/// What a broken or hostile link shows instead of a plan.
pub fn link_problem_html(error: &ShareError) -> String {
    format!(
        r##"<section class="problem" aria-labelledby="problem-title"><h1 id="problem-title">This link cannot be opened</h1><p>{}.</p><p>Ask the sender for a new link, or for the plan as a JSON file to import.</p><p><a href="#/">Back to your projects</a></p></section>"##,
        escape(&capitalise(error.to_string()))
    )
}

/// The sentence with its first letter in capitals (error messages are ASCII-led).
fn capitalise(mut text: String) -> String {
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// A file name made from a project name: lower-case ASCII letters, digits and dashes.
pub fn file_stem(name: &str) -> String {
    let lower: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem: Vec<&str> = lower.split('-').filter(|s| !s.is_empty()).collect();
    match stem.join("-") {
        s if s.is_empty() => "yardstick-plan".into(),
        s => s.chars().take(60).collect(),
    }
}

/// The Export section: the share link (or `None` while it is being made), Markdown,
/// JSON and print, above a preview of the document they carry.
pub fn export_html(p: &Project, f: &Forecast, link: Option<&str>) -> String {
    let share = match link {
        None => r#"<p class="muted" role="status">Making the link…</p>"#.to_owned(),
        Some(link) => {
            let n = link.chars().count();
            let warning = if n > LONG_LINK_CHARS {
                format!(
                    r#"<p class="callout" role="alert">This link is {} characters long: some mail and chat tools cut links this long. Send the JSON file instead. {}</p>"#,
                    thousands(n as f64),
                    button("download-json", "Download JSON", false)
                )
            } else {
                String::new()
            };
            format!(
                r#"<div class="share-row"><label class="visually-hidden" for="share-link">Share link</label><input id="share-link" type="text" readonly value="{}">{}</div><p class="muted share-length">The link is {} characters long.</p>{warning}"#,
                escape(link),
                button("copy-link", "Copy link", true),
                thousands(n as f64),
            )
        }
    };
    format!(
        r#"<div class="export__controls no-print"><h3>Share link</h3><p class="muted">The whole plan travels inside the link, after the #, so it never reaches a server. Whoever opens it sees the same numbers (the seed travels too), read-only, and can save a copy.</p>{share}<h3>Markdown, JSON and print</h3><p class="muted">The Markdown plan suits GitHub, Confluence or Notion; the JSON file is the complete project, which Yardstick imports again.</p><p class="button-row">{}{}{}{}</p><p class="status" role="status"></p></div><h3 class="no-print">Preview</h3>{}"#,
        button("copy-markdown", "Copy Markdown", false),
        button("download-markdown", "Download Markdown", false),
        button("download-json", "Download JSON", false),
        button("print", "Print", false),
        plan_html(p, f),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forecast_with;
    use crate::model::templates::bike_shop;
    use crate::model::Date;

    fn hostile() -> (Project, Forecast) {
        let mut p = bike_shop("x".into(), Date::from_days(20_600));
        p.name = "<script>alert(1)</script>".into();
        p.description = "\" onmouseover=\"x & <b>".into();
        p.tasks[0].name = "<img src=x onerror=alert(2)>".into();
        p.team[0].name = "</td></tr></table><h1>".into();
        p.risks[0].title = "<iframe>".into();
        p.fixed_costs[0].name = "'quoted' & <i>".into();
        p.plan.milestones[0].criteria = "<a href=javascript:x>".into();
        let f = forecast_with(&p, 2_000, 5).expect("valid plan");
        (p, f)
    }

    #[test]
    fn user_text_is_escaped_everywhere_in_the_html() {
        let (p, f) = hostile();
        for html in [
            stakeholder_html(&p, &f),
            export_html(&p, &f, Some("http://x/#s=2\"><script>")),
        ] {
            for raw in [
                "<script", "<img", "<iframe", "<b>", "<i>", "<a ", "<h1><", "\" on",
            ] {
                assert!(!html.contains(raw), "{raw} got through");
            }
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"));
            assert!(html.contains("&#39;quoted&#39; &amp; &lt;i&gt;"));
        }
    }

    #[test]
    fn the_stakeholder_view_has_the_headline_and_every_section() {
        let p = bike_shop("x".into(), Date::from_days(20_600));
        let f = forecast_with(&p, 2_000, 5).expect("valid plan");
        let html = stakeholder_html(&p, &f);
        let headline = format!(
            r#"<p class="headline__main"><strong>80% chance</strong> to finish by <strong>{}</strong> for <strong>{}</strong> or less.</p>"#,
            f.contingency.finish,
            money(f.contingency.cost, "EUR")
        );
        assert!(html.contains(&headline), "{html}");
        assert!(
            html.contains(&f.plan.finish.to_string()),
            "the sum-of-most-likely plan"
        );
        for section in [
            "Summary",
            "Forecast",
            "Stage plan",
            "Risks by exposure",
            "Team and budget",
            "Method and assumptions",
        ] {
            assert!(html.contains(&format!("<h2>{section}</h2>")), "{section}");
        }
        assert!(html.contains(r#"data-action="save""#));
        assert!(
            html.contains("Cloud compute and storage (MVP)"),
            "fixed costs"
        );
        assert_eq!(
            html.matches("<table").count(),
            html.matches("</table>").count()
        );
        // Risks are listed by expected cost, largest first.
        let exposures = risk_exposures(&p);
        let first = html.find(&escape(&exposures[0].title)).unwrap();
        let last = html
            .find(&escape(&exposures[exposures.len() - 1].title))
            .unwrap();
        assert!(first < last);
    }

    #[test]
    fn every_table_row_has_as_many_cells_as_its_header() {
        let (p, f) = hostile();
        let html = plan_html(&p, &f);
        for table in html.split("<table").skip(1) {
            let table = &table[..table.find("</table>").unwrap()];
            let head = table
                .split("</thead>")
                .next()
                .unwrap()
                .matches("<th ")
                .count();
            for row in table.split("<tbody>").nth(1).unwrap().split("</tr>") {
                if !row.contains("<tr>") {
                    continue;
                }
                assert_eq!(
                    row.matches("<th ").count() + row.matches("<td").count(),
                    head
                );
            }
        }
    }

    #[test]
    fn a_long_link_gets_a_warning_with_the_json_file() {
        let p = bike_shop("x".into(), Date::from_days(20_600));
        let f = forecast_with(&p, 2_000, 5).expect("valid plan");
        let short = export_html(&p, &f, Some("http://x/#s=2abc"));
        assert!(short.contains("The link is 16 characters long."));
        assert!(!short.contains("role=\"alert\""));
        let long = format!("http://x/#s=2{}", "A".repeat(LONG_LINK_CHARS));
        let html = export_html(&p, &f, Some(&long));
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("8,013 characters long"));
        assert!(export_html(&p, &f, None).contains("Making the link"));
    }

    #[test]
    fn file_stems_are_safe_and_never_empty() {
        assert_eq!(
            file_stem("Bike shop: demand forecast!"),
            "bike-shop-demand-forecast"
        );
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("???"), "yardstick-plan");
        assert_eq!(file_stem(&"x".repeat(100)).len(), 60);
    }

    #[test]
    fn a_broken_link_names_what_is_wrong() {
        let html = link_problem_html(&ShareError::BadEncoding);
        assert!(html.contains("<h1 id=\"problem-title\">This link cannot be opened</h1>"));
        assert!(html.contains("The link is damaged"));
    }
}

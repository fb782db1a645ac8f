//! The plan as a document for people who have never seen Yardstick, built once and
//! written two ways: as HTML for the stakeholder view, the Export preview and print
//! (here), and as GitHub-flavoured Markdown ([`crate::markdown`]).
//!
//! [`plan`] lays out the sections (summary, forecast, stage plan, tasks, risks by
//! exposure, factors, team and budget, requirements, method and assumptions) through
//! one writer that escapes every piece of a person's text for the format. The page's
//! views around the document ([`stakeholder_html`], [`export_html`],
//! [`link_problem_html`]) are pure markup builders too: their buttons carry
//! `data-action` attributes for one delegated click handler, and nothing here runs
//! script or sets a style.

use crate::chart::escape;
use crate::engine::{risk_exposures, Forecast, Summary};
use crate::format::{fixed, money, percent, plain, thousands};
use crate::markdown;
use crate::markup::value::payback_text;
use crate::model::{FactorKind, Freshness, Project};
use crate::share::LONG_LINK_CHARS;
use std::fmt::Display;

/// Writes the document's blocks as Markdown (`md`) or HTML. Text typed by a person
/// goes through [`Doc::user`], which escapes it for the format; Yardstick's own text
/// (labels, numbers, dates, amounts in the validated three-letter currency) holds no
/// markup, so Markdown takes it as it is and HTML escapes it anyway.
struct Doc {
    md: bool,
    out: String,
    /// Whether a list is open (closed by the next block).
    in_list: bool,
    /// The open table's number columns and columns of the person's text, as bits.
    numeric: u32,
    user_cells: u32,
}

impl Doc {
    fn put(&mut self, md: &str, html: &str) {
        self.out.push_str(if self.md { md } else { html });
    }

    fn user(&mut self, text: &str) {
        let escaped = if self.md {
            markdown::escape(text)
        } else {
            escape(text)
        };
        self.out.push_str(&escaped);
    }

    fn ours(&mut self, text: &str) {
        if self.md {
            self.out.push_str(text);
        } else {
            self.out.push_str(&escape(text));
        }
    }

    /// Closes an open list before the next block.
    fn block(&mut self) {
        if std::mem::take(&mut self.in_list) {
            self.put("\n", "</ul>");
        }
    }

    fn title(&mut self, text: &str) {
        self.put("# ", "<h1>");
        self.user(text);
        self.put("\n\n", "</h1>");
    }

    fn heading(&mut self, text: &str) {
        self.block();
        self.put("## ", "<h2>");
        self.ours(text);
        self.put("\n\n", "</h2>");
    }

    /// A paragraph of the person's text (`user`) or of ours.
    fn paragraph(&mut self, text: &str, user: bool) {
        self.block();
        self.put("", "<p>");
        if user {
            self.user(text);
        } else {
            self.ours(text);
        }
        self.put("\n\n", "</p>");
    }

    /// The one sentence a reader must see: chance, date and cost.
    fn headline(&mut self, text: &str) {
        self.put("**", r#"<p class="headline__main"><strong>"#);
        self.ours(text);
        self.put("**\n\n", "</strong></p>");
    }

    /// A list item of our text, then (when not empty) the person's text and ours again.
    fn bullet(&mut self, before: &str, user: &str, after: &str) {
        if !std::mem::replace(&mut self.in_list, true) {
            self.put("", "<ul>");
        }
        self.put("- ", "<li>");
        self.ours(before);
        self.user(user);
        self.ours(after);
        self.put("\n", "</li>");
    }

    /// Starts a table; bit `i` of `numeric` marks column `i` as numbers, of `user` as
    /// the person's text (for the rows that follow).
    fn table(&mut self, caption: &str, head: &[&str], numeric: u32, user: u32) {
        self.block();
        (self.numeric, self.user_cells) = (numeric, user);
        self.put(
            "",
            r#"<div class="table-scroll"><table class="data-table"><caption>"#,
        );
        if !self.md {
            self.ours(caption);
        }
        self.put("", "</caption><thead><tr>");
        for (i, h) in head.iter().enumerate() {
            let class = if numeric >> i & 1 == 1 {
                r#" class="num""#
            } else {
                ""
            };
            self.put("| ", &format!(r#"<th scope="col"{class}>"#));
            self.ours(h);
            self.put(" ", "</th>");
        }
        self.put("|\n", "</tr></thead><tbody>");
        if self.md {
            for i in 0..head.len() {
                self.out.push_str(if numeric >> i & 1 == 1 {
                    "| ---: "
                } else {
                    "| --- "
                });
            }
            self.out.push_str("|\n");
        }
    }

    /// A row of the open table; the first cell heads the row.
    fn row(&mut self, cells: &[&dyn Display]) {
        self.put("", "<tr>");
        for (i, cell) in cells.iter().enumerate() {
            let open = match i {
                0 => r#"<th scope="row">"#,
                i if self.numeric >> i & 1 == 1 => r#"<td class="num">"#,
                _ => "<td>",
            };
            self.put("| ", open);
            let text = cell.to_string();
            if self.user_cells >> i & 1 == 1 {
                self.user(&text);
            } else {
                self.ours(&text);
            }
            self.put(" ", if i == 0 { "</th>" } else { "</td>" });
        }
        self.put("|\n", "</tr>");
    }

    fn table_end(&mut self) {
        self.put("\n", "</tbody></table></div>");
    }
}

/// A row of a summary's mean, percentiles and the sum-of-most-likely figure.
fn summary_row(doc: &mut Doc, name: &dyn Display, s: &Summary, plan: f64) {
    let [a, b, c, d, e, f, g] = [s.mean, s.p10, s.p50, s.p80, s.p90, s.p95, plan].map(thousands);
    doc.row(&[name, &a, &b, &c, &d, &e, &f, &g]);
}

/// What the headline's chance assumes when a feasibility gate is set: the project
/// going ahead (empty without a gate).
pub fn if_gate_passed(f: &Forecast) -> &'static str {
    if f.gate.enabled {
        " if the model passes the feasibility gate"
    } else {
        ""
    }
}

/// The headline's chance counting the gate, in one sentence (none without a gate).
pub fn gate_sentence(f: &Forecast) -> Option<String> {
    f.gate.enabled.then(|| {
        format!(
            "Counting the gate, which stops {} of trials, the chance of delivering by {} is {}.",
            percent(f.gate.stop_rate),
            f.contingency.finish,
            percent(f.contingency.delivered)
        )
    })
}

/// The whole plan, section by section, as Markdown (`md`) or HTML.
pub fn plan(p: &Project, f: &Forecast, md: bool) -> String {
    let mut doc = Doc {
        md,
        out: String::new(),
        in_list: false,
        numeric: 0,
        user_cells: 0,
    };
    let c = &p.currency;
    let m = |x: f64| money(x, c);
    let conf = fixed(p.settings.confidence * 100.0, 0);
    doc.title(&p.name);
    if !p.description.trim().is_empty() {
        doc.paragraph(&p.description, true);
    }

    doc.heading("Summary");
    doc.headline(&format!(
        "{conf}% chance to finish by {} for {} or less{}.",
        f.contingency.finish,
        m(f.contingency.cost),
        if_gate_passed(f)
    ));
    if let Some(sentence) = gate_sentence(f) {
        doc.paragraph(&sentence, false);
    }
    doc.bullet(
        &format!(
            "The sum-of-most-likely plan says {} for {}; the contingency needed for P{conf} is {} working days and {}.",
            f.plan.finish,
            m(f.plan.cost),
            thousands(f.contingency.duration_buffer),
            m(f.contingency.cost_buffer)
        ),
        "",
        "",
    );
    if f.gate.enabled {
        doc.bullet(
            &format!(
                "Feasibility gate: {} chance that the model never reaches the minimum performance; the project then stops after the MVP's evaluation, having spent {} on average. Expected spend over all outcomes: {}.",
                percent(f.gate.stop_rate),
                m(f.gate.mean_cost_if_stopped),
                m(f.gate.expected_cost)
            ),
            "",
            "",
        );
    }
    if let (Some(chance), Some(d)) = (f.probability_by_target_date, p.settings.target_date) {
        doc.bullet(
            &format!(
                "Chance to finish by the target date {d}: {}.",
                percent(chance)
            ),
            "",
            "",
        );
    }
    if let (Some(chance), Some(b)) = (f.probability_within_budget, p.settings.target_budget) {
        doc.bullet(
            &format!(
                "Chance to stay within the target budget of {}: {}.",
                m(b),
                percent(chance)
            ),
            "",
            "",
        );
    }

    if p.value.annual_benefit.pessimistic > 0.0 {
        let val = &f.value;
        let roi = val.roi.map_or_else(String::new, |r| {
            format!(", a return on investment of {}%", fixed(r * 100.0, 0))
        });
        doc.bullet(
            &format!(
                "Value over {} months from the start: expected net present value {} (P10 {}, P90 {}), a {} chance it is positive{roi}; payback {}.",
                val.horizon_months,
                m(val.npv.mean),
                m(val.npv.p10),
                m(val.npv.p90),
                percent(val.probability_positive),
                payback_text(val)
            ),
            "",
            "",
        );
    }

    doc.heading("Forecast");
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
        0,
    );
    summary_row(&mut doc, &"Effort (person-days)", &f.effort, f.plan.effort);
    summary_row(
        &mut doc,
        &"Duration (working days)",
        &f.duration,
        f.plan.duration,
    );
    let d = &f.finish;
    doc.row(&[
        &"Finish date",
        &d.mean,
        &d.p10,
        &d.p50,
        &d.p80,
        &d.p90,
        &d.p95,
        &f.plan.finish,
    ]);
    summary_row(&mut doc, &format!("Cost ({c})"), &f.cost, f.plan.cost);
    doc.table_end();
    doc.paragraph(
        &format!(
            "From {} Monte Carlo trials (seed {}).",
            thousands(f64::from(f.trials)),
            f.seed
        ),
        false,
    );

    doc.heading("Stage plan");
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
        0,
    );
    for s in &f.stages {
        doc.row(&[
            &s.stage.label(),
            &s.tasks,
            &s.finish.p50,
            &s.finish.p80,
            &thousands(s.cost.p50),
            &thousands(s.cost.p80),
        ]);
    }
    doc.table_end();
    if !p.plan.milestones.is_empty() {
        doc.table(
            "Stage gates",
            &["Milestone", "Stage", "Go / no-go criteria"],
            0,
            0b101,
        );
        for ms in &p.plan.milestones {
            doc.row(&[&ms.name, &ms.stage.label(), &ms.criteria]);
        }
        doc.table_end();
    }

    doc.heading("Tasks");
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
        0b1_0010,
    );
    for t in &p.tasks {
        let critical = f
            .tasks
            .iter()
            .find(|x| x.id == t.id)
            .map_or(0.0, |x| x.criticality);
        let after: Vec<String> = t.depends_on.iter().map(ToString::to_string).collect();
        doc.row(&[
            &t.id,
            &t.name,
            &t.phase.label(),
            &t.stage.label(),
            &p.role(t.role).map_or("?", |r| r.name.as_str()),
            &plain(t.effort.optimistic),
            &plain(t.effort.most_likely),
            &plain(t.effort.pessimistic),
            &after.join(", "),
            &percent(critical),
        ]);
    }
    doc.table_end();

    doc.heading("Risks by exposure");
    let exposures = risk_exposures(p);
    if exposures.is_empty() {
        doc.paragraph("No risks are registered.", false);
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
            0b100_0011,
        );
        for (e, r) in exposures
            .iter()
            .filter_map(|e| Some((e, p.risks.iter().find(|r| r.id == e.id)?)))
        {
            doc.row(&[
                &r.title,
                &r.category,
                &percent(e.probability),
                &thousands(e.impact_days),
                &thousands(e.exposure_days),
                &thousands(e.exposure_cost),
                &r.mitigation.description,
                &if r.mitigation_in_effect() {
                    "yes"
                } else {
                    "no"
                },
            ]);
        }
        doc.table_end();
    }

    doc.heading("Complexity factors");
    doc.table(
        "Complexity factors and the phases they multiply",
        &["Factor", "Answer", "Phases it multiplies"],
        0,
        0,
    );
    for k in FactorKind::ALL {
        let phases: Vec<&str> = p
            .factor_rules
            .iter()
            .find(|r| r.factor == k)
            .map(|r| r.phases.iter().map(|ph| ph.label()).collect())
            .unwrap_or_default();
        doc.row(&[&k.label(), &p.factor_level(k).label(), &phases.join(", ")]);
    }
    doc.table_end();

    doc.heading("Team and budget");
    doc.table(
        &format!("Team (day rates in {c})"),
        &["Role", "Headcount (FTE)", "Day rate"],
        0b110,
        1,
    );
    for r in &p.team {
        doc.row(&[&r.name, &plain(r.headcount), &thousands(r.day_rate)]);
    }
    doc.table_end();
    if !p.fixed_costs.is_empty() {
        doc.table(
            &format!("Fixed costs in {c}"),
            &["Fixed cost", "Stage", "Amount"],
            0b100,
            1,
        );
        for fc in &p.fixed_costs {
            doc.row(&[&fc.name, &fc.stage.label(), &thousands(fc.amount)]);
        }
        doc.table_end();
    }

    doc.heading("Requirements");
    let rq = &p.requirements;
    let freshness = match rq.freshness {
        Freshness::RealTime => "real time",
        Freshness::Hourly => "hourly",
        Freshness::Daily => "daily",
    };
    for line in [
        format!(
            "Inference requests per day: {}",
            thousands(rq.requests_per_day)
        ),
        format!("Peak to average traffic: {}", plain(rq.peak_to_average)),
        format!("Latency target (p95): {} ms", thousands(rq.latency_p95_ms)),
        format!("Prediction freshness: {freshness}"),
    ] {
        doc.bullet(&line, "", "");
    }
    if !rq.metric.trim().is_empty() {
        doc.bullet(
            "Minimum predictive performance: ",
            &rq.metric,
            &format!(" ≥ {}", plain(rq.minimum_performance)),
        );
    }
    for metric in &p.plan.success_metrics {
        doc.bullet("Success metric: ", metric, "");
    }

    doc.heading("Method and assumptions");
    doc.bullet(
        &format!(
            "Start date {}, {} working days a week, {} holidays.",
            p.start_date,
            p.working_days_per_week,
            p.holidays.len()
        ),
        "",
        "",
    );
    for line in [
        "Each task's effort is a three-point estimate in person-days for the plain case, sampled from its distribution (PERT by default) in every trial.",
        "Complexity factors add the ML difficulty to the phases they affect, each by an uncertain amount (\"Yes\" about ×2, \"Some\" about ×1.3); a phase's factors add their excess (1 + the sum of each multiplier minus 1), at most ×8.",
        "Risks fire with their probability and add sampled extra effort and cost; adopted mitigations (and those of risks marked mitigated) change probability and impact and add their own cost.",
        "The schedule honours finish-to-start dependencies and team capacity: a role has one person per whole headcount and a part-time person for a fraction; each task is one person's work, taken in priority order by the person who would finish it first.",
        "Cost is effort × role day rate plus fixed costs, risk costs and mitigation costs.",
    ] {
        doc.bullet(line, "", "");
    }
    if f.gate.enabled {
        doc.bullet(
            &format!(
                "Feasibility gate: a {} chance that the model reaches the minimum performance by the end of the MVP's evaluation; otherwise the project stops there.",
                percent(p.gate.probability)
            ),
            "",
            "",
        );
    }
    doc.paragraph(
        &format!(
            "Generated by Yardstick {} with engine rules version {} (docs/MODEL.md).",
            env!("CARGO_PKG_VERSION"),
            f.engine
        ),
        false,
    );
    doc.out
}

/// The plan as an HTML `<article>`.
pub fn plan_html(p: &Project, f: &Forecast) -> String {
    format!(r#"<article class="report">{}</article>"#, plan(p, f, false))
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
        r#"<div class="shared__bar no-print" role="region" aria-label="Shared plan"><p>A plan shared with you through a link. It is read-only here: save a copy to change it. Nothing was sent to a server.</p><p class="button-row">{}{}</p></div>{}"#,
        button("save", "Save a copy to my projects", true),
        button("print", "Print", false),
        plan_html(p, f),
    )
}

/// What a broken or hostile link shows instead of a plan, given why.
pub fn link_problem_html(error: &str) -> String {
    format!(
        r##"<section class="problem" aria-labelledby="problem-title"><h1 id="problem-title">This link cannot be opened</h1><p>{}.</p><p>Ask the sender for a new link, or for the plan as a JSON file to import.</p><p><a href="#/">Back to your projects</a></p></section>"##,
        escape(&capitalise(error.to_owned()))
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

/// The Export section: the share link (empty while it is being made; `!` and a reason
/// when it cannot be made), Markdown,
/// JSON and print, above a preview of the document they carry.
pub fn export_html(p: &Project, f: &Forecast, link: &str) -> String {
    let share = match link {
        "" => r#"<p class="muted" role="status">Making the link…</p>"#.to_owned(),
        _ if link.starts_with('!') => format!(
            r#"<p class="callout" role="alert">{} {}</p>"#,
            escape(&link[1..]),
            button("download-json", "Download JSON", false)
        ),
        link => {
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
        r#"<div class="export__controls no-print"><h3>Share link</h3><p class="muted">The whole plan travels inside the link, after the #, so it never reaches a server. Whoever opens it sees the same numbers (the seed travels too), read-only, and can save a copy.</p>{share}<h3>Markdown, JSON and print</h3><p class="muted">The Markdown plan suits GitHub, Confluence or Notion; the JSON file is the complete project, which Yardstick imports again.</p><p class="button-row">{}{}{}{}</p><p id="export-status" class="status" role="status"></p></div><h3 class="no-print">Preview</h3>{}"#,
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
            export_html(&p, &f, "http://x/#s=2\"><script>"),
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
    fn the_summary_states_the_value_once_a_benefit_is_entered() {
        let mut p = bike_shop("v".into(), Date::from_days(20_600));
        let f = forecast_with(&p, 2_000, 5).expect("valid plan");
        let md = plan(&p, &f, true);
        let line = md
            .lines()
            .find(|l| l.starts_with("- Value over 36 months from the start:"))
            .expect("a value line");
        assert!(
            line.contains(&money(f.value.npv.mean, &p.currency)),
            "{line}"
        );
        assert!(
            line.contains(&percent(f.value.probability_positive)),
            "{line}"
        );
        assert!(line.contains(&payback_text(&f.value)), "{line}");

        p.value.annual_benefit = crate::model::ThreePoint::default();
        let f = forecast_with(&p, 2_000, 5).expect("valid plan");
        assert!(!plan(&p, &f, true).contains("net present value"));
    }

    #[test]
    fn the_stakeholder_view_has_the_headline_and_every_section() {
        let p = bike_shop("x".into(), Date::from_days(20_600));
        let f = forecast_with(&p, 2_000, 5).expect("valid plan");
        let html = stakeholder_html(&p, &f);
        let headline = format!(
            r#"<p class="headline__main"><strong>80% chance to finish by {} for {} or less if the model passes the feasibility gate.</strong></p>"#,
            f.contingency.finish,
            money(f.contingency.cost, "EUR")
        );
        assert!(html.contains(&headline), "{html}");
        // The headline counts the gate (finding 5 of #13): the chance of delivering by
        // the date is the share of trials that pass the gate and finish by it.
        let delivered = f.contingency.delivered;
        assert!(delivered < 0.8 * 0.9 && delivered > 0.5, "{delivered}");
        let gate = format!(
            "the chance of delivering by {} is {}.",
            f.contingency.finish,
            percent(delivered)
        );
        assert!(html.contains(&gate), "{html}");
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
        let short = export_html(&p, &f, "http://x/#s=2abc");
        assert!(short.contains("The link is 16 characters long."));
        assert!(!short.contains("role=\"alert\""));
        let long = format!("http://x/#s=2{}", "A".repeat(LONG_LINK_CHARS));
        let html = export_html(&p, &f, &long);
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("8,013 characters long"));
        assert!(export_html(&p, &f, "").contains("Making the link"));
        let refused = export_html(&p, &f, "!No <compression> here.");
        assert!(refused.contains("No &lt;compression&gt; here. <button"));
        assert!(!refused.contains("share-link"));
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
        let html = link_problem_html(&crate::share::ShareError::BadEncoding.to_string());
        assert!(html.contains("<h1 id=\"problem-title\">This link cannot be opened</h1>"));
        assert!(html.contains("The link is damaged"));
    }
}

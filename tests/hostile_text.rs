//! Hostile text in every string field of a project, of an idea and of the start page's
//! inputs changes only the text of what Yardstick writes, never its markup: every
//! section builder, the start page, the portfolio page, the stakeholder view, the
//! Export section, the tracker import's preview of a CSV holding that text, the
//! Tasks section's file import's preview and problems, a paste's
//! problem and the Markdown plan are rendered twice, once with plain text and
//! once with hostile text in the same fields, and their elements and attributes must
//! be the same, tag for tag. The hostile text carries markers (`<x-evil>`, a quote
//! followed by ` onmouseover=`, `javascript:` links, e-mail addresses, bidirectional
//! overrides) that must never come out raw.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use yardstick::engine::{forecast_with, Forecast};
use yardstick::format::money;
use yardstick::jobs::{act, Answer};
use yardstick::markdown;
use yardstick::markup::start::{card_text, forms, list, StartView};
use yardstick::markup::{factors, forecast, overview, plan, portfolio, risks, tasks, team};
use yardstick::markup::{value, ForecastParts, Render, View};
use yardstick::model::templates::bike_shop;
use yardstick::model::validate::{validate, validate_workspace};
use yardstick::model::{Date, Idea, Project, Workspace};
use yardstick::report::{bridge_markdown, export_html, link_problem_html, plan_html};
use yardstick::report::{stakeholder_html, with_section};

/// What every hostile field holds after its own tag: markup, attribute breakers, an
/// entity, links of several schemes and bidirectional or zero-width characters.
const MARKERS: &str = concat!(
    "<x-evil a=1>\" onmouseover=x ' onfocus=y &lt;x-ent&gt; </textarea><!-- ",
    "<a href=javascript:alert(1)>j</a> alice@example.com xmpp:bob@x.y ",
    "www.evil.example https://evil.example \u{202E}\u{2066}\u{200B}\u{FEFF}"
);

/// Whether `c` is a bidirectional override or a zero-width character, which must never
/// reach the page or the Markdown from user text.
fn invisible(c: char) -> bool {
    let ranges = [
        '\u{202A}'..='\u{202E}',
        '\u{2066}'..='\u{2069}',
        '\u{200B}'..='\u{200F}',
    ];
    c == '\u{FEFF}' || ranges.iter().any(|r| r.contains(&c))
}

/// Texts of the start page that the page computes: the card line of a project and the
/// date of its last edit.
struct StartTexts {
    card: String,
    edited: String,
}

/// The bike shop template with `text(tag)` in every string field (each field has its
/// own tag) and `currency` as its currency.
fn project(text: &dyn Fn(&str) -> String, currency: &str) -> Project {
    let mut p = bike_shop(text("id"), Date::from_ymd(2026, 1, 5).unwrap());
    p.settings.trials = 1_000;
    p.name = text("name");
    p.description = text("description");
    p.currency = currency.into();
    for (i, t) in p.tasks.iter_mut().enumerate() {
        t.name = text(&format!("task{i}"));
    }
    for (i, r) in p.team.iter_mut().enumerate() {
        r.name = text(&format!("role{i}"));
    }
    for (i, c) in p.fixed_costs.iter_mut().enumerate() {
        c.name = text(&format!("cost{i}"));
    }
    for (i, r) in p.risks.iter_mut().enumerate() {
        r.title = text(&format!("risk{i}"));
        r.category = text(&format!("category{i}"));
        r.owner = text(&format!("owner{i}"));
        r.mitigation.description = text(&format!("mitigation{i}"));
    }
    p.requirements.metric = text("metric");
    p.requirements.requests_per_day = 86_400.0;
    p.plan.ab_test.metric = text("abmetric");
    p.plan.ab_test.daily_traffic = Some(300.0);
    p.plan.success_metrics = vec![text("success0"), text("success1")];
    for (i, m) in p.plan.milestones.iter_mut().enumerate() {
        m.name = text(&format!("milestone{i}"));
        m.criteria = text(&format!("criteria{i}"));
    }
    p.plan.monitoring = text("monitoring");
    p.plan.experiment = text("experiment");
    p
}

/// An idea with `text(tag)` in every string field.
fn idea(text: &dyn Fn(&str) -> String, currency: &str) -> Idea {
    let mut idea = Idea::new(
        text("idea-id"),
        text("idea"),
        Date::from_ymd(2026, 3, 2).unwrap(),
    );
    idea.description = text("idea-description");
    idea.currency = currency.into();
    idea.value.annual_benefit.most_likely = 200_000.0;
    idea.value.annual_benefit.pessimistic = 400_000.0;
    idea
}

/// The bridge of `p` as if its currency were valid (as [`forecast_of`]).
fn bridge_of(p: &Project) -> yardstick::engine::Bridge {
    let mut valid = p.clone();
    valid.currency = "XEV".into();
    yardstick::engine::bridge(&valid).expect("the plan is valid but for its currency")
}

/// The forecast of `p` as if its currency were valid: a stored project is rendered
/// with the forecast the page last had, whatever its currency says now.
fn forecast_of(p: &Project) -> Forecast {
    let mut valid = p.clone();
    valid.currency = "XEV".into();
    forecast_with(&valid, 1_000, 7).expect("the plan is valid but for its currency")
}

/// Every page and section as HTML, by name, for project `p` (and its forecast `f`).
fn pages(p: &Project, f: &Forecast, ws: &Workspace, start: &StartTexts) -> Vec<(String, String)> {
    let errors = validate(p);
    // What the engine's worker draws from the forecast, as the page shows it.
    let drawn = ForecastParts::draw(p, f);
    let mut out: Vec<(String, String)> = Vec::new();
    for (view_name, errors, forecast) in [
        ("forecast", &[][..], Some(&drawn)),
        ("errors", &errors[..], Some(&drawn)),
        ("waiting", &[][..], None),
    ] {
        let view = View {
            project: p,
            errors,
            forecast,
            state: "",
        };
        let sections: [(&str, Render); 17] = [
            ("overview", overview::overview),
            ("tasks", tasks::tasks),
            ("factors-questions", factors::questions),
            ("factors-table", factors::table),
            ("team", team::team),
            ("risks-line", risks::forecast_line),
            ("risks-analysis", risks::analysis),
            ("risks-register", risks::register),
            ("value-form", value::form),
            ("value-summary", value::summary),
            ("plan", plan::plan),
            ("plan-requirements", plan::requirements),
            ("plan-experiment", plan::experiment),
            ("tasks-live", forecast::live_line),
            ("forecast-settings", forecast::settings),
            ("forecast-body", forecast::body),
            ("risks-register-cell", |v| {
                risks::register(&View { state: "11", ..*v })
            }),
        ];
        for (name, render) in sections {
            out.push((format!("{name} ({view_name})"), render(&view).into()));
        }
    }
    let today = Date::from_ymd(2026, 1, 5).unwrap();
    let ws_errors = validate_workspace(ws);
    let start_view = StartView {
        projects: std::slice::from_ref(p),
        cards: &[(p.id.clone(), start.card.clone())],
        deleted: Some(&p.name),
        edited: std::slice::from_ref(&start.edited),
    };
    let link = format!("https://x.example/#s=2{}", p.name);
    let more: [(&str, String); 16] = [
        ("sizing", plan::SIZING.html_now(p).unwrap().into()),
        ("experiment", plan::EXPERIMENT.html_now(p).unwrap().into()),
        ("bridge", overview::bridge(p, &bridge_of(p), true).into()),
        ("joint", forecast::joint(p, f).into()),
        (
            "factors-questionnaire",
            factors::QUESTIONNAIRE.html_now(p).unwrap().into(),
        ),
        ("risks-worth", risks::WORTH.html_now(p).unwrap().into()),
        ("start-list", list(&start_view).into()),
        ("start-forms", forms().into()),
        (
            "portfolio-ideas",
            portfolio::ideas(ws, &ws_errors, today).into(),
        ),
        (
            "portfolio-ranking",
            portfolio::RANKING.html_now(ws).unwrap().into(),
        ),
        (
            "stakeholder",
            stakeholder_html(plan_html(p, Some(f))).into(),
        ),
        (
            "stakeholder-text",
            stakeholder_html(plan_html(p, None)).into(),
        ),
        ("export", export_html(&link).into()),
        (
            "export-refused",
            export_html(&format!("!{}", p.name)).into(),
        ),
        ("export-making", export_html("").into()),
        ("link-problem", link_problem_html(&p.description).into()),
    ];
    out.extend(more.into_iter().map(|(n, h)| (n.to_owned(), h)));
    out.extend(worker_parts(p));
    out
}

/// A CSV cell, quoted.
fn cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The parts the worker draws for the sections' actions: the tracker import's help and
/// its preview of a CSV whose cells, a header among them, hold the project's text (rows
/// that change tasks, name a task twice, match none or have a status not read), and a
/// paste's problem quoting a cell.
fn worker_parts(p: &Project) -> Vec<(String, String)> {
    let mut tracked = p.clone();
    tracked.tracking.status_date = Some(p.start_date.add_days(60));
    let text = cell(&p.description);
    let mut csv = format!("Issue key,Summary,Status,Time spent (h),{text}\n");
    for t in &p.tasks[..3] {
        csv += &format!("X-1,{},Done,8,{text}\n", cell(&t.name));
    }
    for _ in 0..2 {
        csv += &format!("X-2,{},In progress,4,\n", cell(&p.tasks[3].name));
    }
    csv += &format!("X-3,{},Done,,\n", cell(&p.name));
    csv += &format!("X-4,{},{text},,\n", cell(&p.tasks[4].name));
    csv += &format!("X-5,{},Done,{text},\n", cell(&p.tasks[5].name));
    let html = |answer| match answer {
        Answer::Html(markup) => markup,
        other => panic!("markup, not {other:?}"),
    };
    let bad_cell = p.name.replace(['\n', '\r', '\t'], " ");
    let preview = html(act(&tracked, "import-preview", &csv));
    for part in [
        "What will change",
        "Tasks matched twice",
        "Rows that match no task",
        "Statuses not read",
        "Rows not applied",
        "Columns not read",
    ] {
        assert!(preview.contains(part), "{part}: {preview}");
    }
    vec![
        (
            "tracker-help".into(),
            html(act(&tracked, "import-preview", "")),
        ),
        ("tracker-preview".into(), preview),
        (
            "paste-problem".into(),
            html(act(p, "paste", &format!("A\t{bad_cell}\t2\t3"))),
        ),
        (
            "file-import-preview".into(),
            html(act(
                &Project::new("blank", "Blank", p.start_date),
                "tasks-file-preview",
                &yardstick::files::csv_tasks::write(p),
            )),
        ),
        (
            "file-import-problem".into(),
            html(act(
                p,
                "tasks-file-preview",
                &format!(
                    "Name,Most likely,Phase\r\n{},2,{}\r\n",
                    cell(&p.tasks[0].name),
                    cell(&bad_cell)
                ),
            )),
        ),
    ]
}

/// One tag of the markup: its name (`/p` for a closing tag) and its attributes' names.
#[derive(Debug, PartialEq)]
struct Tag {
    name: String,
    attributes: Vec<String>,
}

/// The tags of `html` in order, and the values of their `href`s. Panics on a `<` that
/// starts no tag (escaped text never holds one).
fn tags(html: &str) -> (Vec<Tag>, Vec<String>) {
    let (mut tags, mut hrefs) = (Vec::new(), Vec::new());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let body = &rest[at + 1..];
        let (closing, body) = match body.strip_prefix('/') {
            Some(b) => ("/", b),
            None => ("", body),
        };
        let end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len());
        assert!(end > 0, "a stray `<` in the markup: {body:.60}");
        let (attributes, after) = attributes(&body[end..]);
        let mut names = Vec::new();
        for (name, value) in attributes {
            if name == "href" {
                hrefs.push(value);
            }
            names.push(name);
        }
        tags.push(Tag {
            name: format!("{closing}{}", body[..end].to_ascii_lowercase()),
            attributes: names,
        });
        rest = after;
    }
    (tags, hrefs)
}

/// The attributes (name, value) of a tag's remainder, and the text after the tag.
fn attributes(mut s: &str) -> (Vec<(String, String)>, &str) {
    let mut found = Vec::new();
    loop {
        s = s.trim_start();
        if let Some(after) = s.strip_prefix("/>").or_else(|| s.strip_prefix('>')) {
            return (found, after);
        }
        let end = s
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(s.len());
        assert!(
            end > 0,
            "an unclosed tag or a stray character in one: {s:.60}"
        );
        let name = s[..end].to_ascii_lowercase();
        s = &s[end..];
        let mut value = "";
        if let Some(v) = s.strip_prefix('=') {
            (value, s) = attribute_value(v);
        }
        found.push((name, value.to_owned()));
    }
}

/// An attribute's value (quoted or not) and the text after it.
fn attribute_value(v: &str) -> (&str, &str) {
    match v.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = v[1..].find(q).expect("a closing quote") + 1;
            (&v[1..close], &v[close + 1..])
        }
        _ => v.split_at(
            v.find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(v.len()),
        ),
    }
}

/// Markers that must never come out raw from the page's markup.
const RAW: [&str; 7] = [
    "<x-evil",
    "\" onmouseover",
    "' onfocus",
    "&lt;x-ent",
    "</textarea><!--",
    "<!--",
    "javascript:alert(1)>",
];

/// Asserts that `hostile` has the markup of `plain` and lets none of the `raw` markers
/// out.
fn assert_same_markup(page: &str, plain: &str, hostile: &str, raw: &[&str]) {
    for raw in raw {
        assert!(!hostile.contains(raw), "{page}: `{raw}` got through");
    }
    let ((a, _), (b, hrefs)) = (tags(plain), tags(hostile));
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "{page}: tag {i} differs");
    }
    assert_eq!(a.len(), b.len(), "{page}: the number of tags differs");
    for href in hrefs {
        assert!(
            href.starts_with('#'),
            "{page}: a link out of the app: {href}"
        );
    }
    if let Some(c) = hostile.chars().find(|&c| invisible(c)) {
        panic!("{page}: U+{:04X} got through", u32::from(c));
    }
}

/// The Markdown plan rendered as GitHub renders it: GFM with autolinks, tables and
/// strikethrough (raw HTML would show as a comment).
fn gfm(md: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    comrak::markdown_to_html(md, &options)
}

/// Plain text for the field tagged `tag`.
fn plain(tag: &str) -> String {
    format!("{tag} plain text")
}

/// Renders everything for the plain and the hostile texts and compares them.
fn check(hostile: &dyn Fn(&str) -> String, currency: &str) {
    // The plain project's currency is valid exactly when the hostile one's is.
    let plain_currency = if currency == "XEV" { "XEV" } else { "bad" };
    let (pp, hp) = (project(&plain, plain_currency), project(hostile, currency));
    let (pf, hf) = (forecast_of(&pp), forecast_of(&hp));
    let ws = |p: &Project, text: &dyn Fn(&str) -> String, currency: &str| {
        let mut ws = Workspace {
            projects: vec![p.clone()],
            ideas: vec![idea(text, currency)],
            ..Workspace::default()
        };
        ws.portfolio.trials = 1_000;
        ws
    };
    let start = |p: &Project, f: &Forecast, edited: String| StartTexts {
        card: card_text(
            p,
            Ok((f.finish.p80.to_string(), money(f.cost.p80, &p.currency))),
        ),
        edited,
    };
    let plain_pages = pages(
        &pp,
        &pf,
        &ws(&pp, &plain, plain_currency),
        &start(&pp, &pf, plain("edited")),
    );
    let hostile_pages = pages(
        &hp,
        &hf,
        &ws(&hp, hostile, currency),
        &start(&hp, &hf, hostile("edited")),
    );
    for ((name, plain_html), (_, hostile_html)) in plain_pages.iter().zip(&hostile_pages) {
        assert_same_markup(name, plain_html, hostile_html, &RAW);
    }
    // The Markdown as the worker writes it: with the bridge before the method.
    let with_bridge = |p: &Project, f: &Forecast| {
        with_section(&markdown::plan(p, f), &bridge_markdown(p, &bridge_of(p)))
    };
    let md = with_bridge(&hp, &hf);
    if let Some(c) = md.chars().find(|&c| invisible(c)) {
        panic!("Markdown: U+{:04X} got through", u32::from(c));
    }
    // Quotes are harmless in the rendered text, which holds no attribute of ours.
    let without_code = |html: String| html.replace("<code>@</code>", "@");
    assert_same_markup(
        "Markdown (as GitHub renders it)",
        &without_code(gfm(&with_bridge(&pp, &pf))),
        &without_code(gfm(&md)),
        &["<x-evil", "&lt;x-ent", "<!--", "<a "],
    );
}

/// The markers after the field's tag.
fn marked(tag: &str) -> String {
    format!("{tag} {MARKERS}")
}

#[test]
fn a_hostile_currency_changes_no_markup() {
    check(&plain, "<A HREF=HTTPS://EVIL.EXAMPLE/>PAY</A>");
    check(&plain, &marked("currency"));
}

#[test]
fn marked_text_in_every_field_changes_no_markup() {
    check(&marked, "XEV");
    check(&marked, &marked("currency"));
}

/// Characters with a meaning in HTML or Markdown.
const SPECIAL: &str = "<>&\"'`|\\*_[]()#@:.!~-\n";

/// Words that start markup, entities, links or hidden text.
const WORDS: [&str; 13] = [
    "<x-evil>",
    "javascript:",
    "www.",
    "http://",
    "mailto:",
    "&amp;",
    "&#60;",
    "]]>",
    "</svg>",
    "{}",
    "\u{202E}",
    "\u{200F}",
    "\u{FEFF}",
];

/// Pieces of hostile text: markup and Markdown syntax, scheme-like words, and any
/// character at all.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(SPECIAL.chars().collect::<Vec<_>>()).prop_map(String::from),
        prop::sample::select(WORDS.to_vec()).prop_map(str::to_owned),
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn any_hostile_text_in_every_field_changes_no_markup(
        pieces in prop::collection::vec(fragment(), 1..8),
        hostile_currency in any::<bool>(),
    ) {
        let extra: String = pieces.concat();
        let text = move |tag: &str| format!("{tag} {extra}<x-evil>\" onmouseover=x");
        let currency = if hostile_currency { text("currency") } else { "XEV".into() };
        check(&text, &currency);
    }
}

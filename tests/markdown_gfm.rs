//! The Markdown plan, read back as GitHub reads it (GFM with tables and extended
//! autolinks, through `comrak`): its tables keep their shape, and user text can neither
//! break them nor inject markup, headings or links of any scheme.
#![cfg(not(target_arch = "wasm32"))]

use comrak::nodes::{AstNode, NodeValue};
use comrak::{parse_document, Arena, Options};
use yardstick::engine::{forecast_with, generate_bench_plan};
use yardstick::markdown;

/// A realistic plan whose user text is as hostile as a person could type, with
/// addresses and web links that GFM would turn into links.
fn hostile_plan() -> yardstick::model::Project {
    let mut p = generate_bench_plan(12, 3, 4, 7);
    p.name = "Bike | shop <script>alert(1)</script> [click](javascript:x)".into();
    p.description = "# not a heading\n| not | a | table |\n<img src=x onerror=y>".into();
    p.tasks[0].name = "pipe | in name".into();
    p.tasks[1].name = "`code` and **bold** and <b>html</b>".into();
    p.tasks[2].name = "line\nbreak | and \\ backslash".into();
    p.tasks[3].name = "mail alice@example.com or xmpp:bob@x.y".into();
    p.tasks[4].name = "see www.evil.example and https://evil.example/x".into();
    p.team[0].name = "[link](http://evil.example)".into();
    p.team[1].name = "mailto:carol@example.org (ftp://x.y)".into();
    p.risks[0].title = "risk | with <i>tags</i>".into();
    p.risks[0].mitigation.description = "![img](http://x/y.png)".into();
    p.risks[1].title = "owner: dave.o'neil+ml@corp.example.co.uk".into();
    p.requirements.metric = "F1 on www.example.com".into();
    p.plan.success_metrics = vec!["ping ops@example.com".into(), "a\u{202E}b\u{200B}c".into()];
    p
}

fn gfm() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options
}

/// What the document reads as: the cells of every table row, raw HTML and links found,
/// the headings' text, and every run of adjacent text as the reader sees it.
#[derive(Default)]
struct Read {
    tables: Vec<Vec<usize>>,
    html: usize,
    links: usize,
    headings: Vec<String>,
    texts: Vec<String>,
}

fn read(md: &str) -> Read {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &gfm());
    let mut read = Read::default();
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Table(_) => read
                .tables
                .push(node.children().map(|row| row.children().count()).collect()),
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => read.html += 1,
            NodeValue::Link(_) | NodeValue::Image(_) => read.links += 1,
            NodeValue::Heading(_) => read.headings.push(plain_text(node)),
            _ => {}
        }
        read.texts.extend(text_runs(node));
    }
    read
}

/// The text of a node's inlines, code spans included.
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    node.descendants()
        .filter_map(|n| match &n.data.borrow().value {
            NodeValue::Text(t) => Some(t.to_string()),
            NodeValue::Code(c) => Some(c.literal.clone()),
            _ => None,
        })
        .collect()
}

/// The runs of adjacent text among a node's children, each as one string: GitHub
/// looks for e-mail addresses in such runs after escapes are resolved.
fn text_runs<'a>(node: &'a AstNode<'a>) -> Vec<String> {
    let mut runs = vec![String::new()];
    for child in node.children() {
        match &child.data.borrow().value {
            NodeValue::Text(t) => runs.last_mut().into_iter().for_each(|r| r.push_str(t)),
            _ => runs.push(String::new()),
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Whether `text` holds what GFM's extended e-mail autolink takes for an address:
/// letters, digits or `.+-_` before an `@`, and after it dot-separated labels of
/// letters, digits, `-` or `_`, at least one dot, not ending in `-` or `_`.
fn has_address(text: &str) -> bool {
    let local = |c: char| c.is_ascii_alphanumeric() || ".+-_".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
    text.match_indices('@').any(|(at, _)| {
        let before = text[..at].chars().next_back().is_some_and(local);
        let after: String = text[at + 1..].chars().take_while(|&c| domain(c)).collect();
        let after = after.trim_end_matches('.');
        before && after.contains('.') && !after.ends_with(['-', '_']) && !after.starts_with('.')
    })
}

#[test]
fn every_table_row_has_as_many_cells_as_its_header() {
    let p = hostile_plan();
    let f = forecast_with(&p, 2_000, 3).expect("the plan is valid");
    let tables = read(&markdown::plan(&p, &f)).tables;
    assert!(
        tables.len() >= 6,
        "forecast, stages, tasks, risks, factors, team: {tables:?}"
    );
    for rows in &tables {
        let header = rows[0];
        assert!(header >= 3);
        assert!(rows.iter().all(|&n| n == header), "ragged table {rows:?}");
    }
    let tasks_table = tables
        .iter()
        .find(|r| r.len() == p.tasks.len() + 1 && r[0] == 10);
    assert!(tasks_table.is_some(), "one row per task in the tasks table");
}

#[test]
fn user_text_injects_no_html_links_or_headings() {
    let p = hostile_plan();
    let f = forecast_with(&p, 2_000, 3).expect("the plan is valid");
    let md = markdown::plan(&p, &f);
    let read = read(&md);
    assert_eq!(read.html, 0, "no raw HTML reaches the document");
    assert_eq!(read.links, 0, "no link or image is made from user text");
    assert_eq!(
        read.headings[0],
        p.name.replace('\n', " "),
        "the title reads as typed"
    );
    for h in &read.headings[1..] {
        assert!(
            !h.contains("not a heading"),
            "the description made a heading"
        );
    }
    for expected in [
        "Summary",
        "Forecast",
        "Stage plan",
        "Tasks",
        "Risks by exposure",
        "Complexity factors",
        "Team and budget",
        "Requirements",
        "Method and assumptions",
    ] {
        assert!(
            read.headings.iter().any(|h| h == expected),
            "missing section {expected}"
        );
    }
}

#[test]
fn no_text_reads_as_an_e_mail_address_to_github() {
    // GitHub (cmark-gfm) finds addresses, `mailto:` and `xmpp:` ones included, in the
    // text as read, so a backslash before the `.` does not stop it; comrak happens to
    // leave those alone, so the rule is checked here on every run of text.
    assert!(has_address("alice@example.com") && has_address("xmpp:bob@x.y"));
    assert!(!has_address("alice@") && !has_address("@example.com") && !has_address("a@b"));
    let p = hostile_plan();
    let f = forecast_with(&p, 2_000, 3).expect("the plan is valid");
    let md = markdown::plan(&p, &f);
    for text in read(&md).texts {
        assert!(!has_address(&text), "GitHub would link {text:?}");
    }
    assert!(
        md.contains("alice`@`example\\.com"),
        "an address still reads as one"
    );
}

#[test]
fn bidirectional_and_zero_width_characters_do_not_reach_the_document() {
    // A right-to-left override would make a success metric read as something else.
    let p = hostile_plan();
    let f = forecast_with(&p, 2_000, 3).expect("the plan is valid");
    let md = markdown::plan(&p, &f);
    assert!(md.contains("Success metric: abc"));
    assert!(!md.contains(['\u{202E}', '\u{200B}']));
}

#[test]
fn the_numbers_in_the_document_are_the_forecast_s() {
    let p = hostile_plan();
    let f = forecast_with(&p, 2_000, 3).expect("the plan is valid");
    let md = markdown::plan(&p, &f);
    assert!(md.contains(&f.contingency.finish.to_string()));
    assert!(md.contains(&f.finish.p80.to_string()));
    // No number written as Rust writes a non-finite float ("inference" is a word).
    let words: Vec<&str> = md.split(|c: char| !c.is_alphanumeric()).collect();
    assert!(!words.iter().any(|w| *w == "NaN" || *w == "inf"));
}

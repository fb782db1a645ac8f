//! The Markdown plan, read back with a CommonMark/GFM parser: its tables keep their
//! shape and user text can neither break them nor inject markup or links.
#![cfg(not(target_arch = "wasm32"))]

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use yardstick::engine::{forecast_with, generate_bench_plan};
use yardstick::markdown;

/// A realistic plan whose user text is as hostile as a person could type.
fn hostile_plan() -> yardstick::model::Project {
    let mut p = generate_bench_plan(12, 3, 4, 7);
    p.name = "Bike | shop <script>alert(1)</script> [click](javascript:x)".into();
    p.description = "# not a heading\n| not | a | table |\n<img src=x onerror=y>".into();
    p.tasks[0].name = "pipe | in name".into();
    p.tasks[1].name = "`code` and **bold** and <b>html</b>".into();
    p.tasks[2].name = "line\nbreak | and \\ backslash".into();
    p.team[0].name = "[link](http://evil.example)".into();
    p.risks[0].title = "risk | with <i>tags</i>".into();
    p.risks[0].mitigation.description = "![img](http://x/y.png)".into();
    p
}

/// Every table in the document as rows of cell counts, plus whether any raw HTML or
/// link came through.
fn read(md: &str) -> (Vec<Vec<usize>>, usize, usize, Vec<String>) {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES);
    let mut tables = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    let mut cells = 0;
    let mut html = 0;
    let mut links = 0;
    let mut headings = Vec::new();
    let mut in_heading = false;
    for event in parser {
        match event {
            Event::Start(Tag::Table(_)) => rows = Vec::new(),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut rows)),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(cells),
            Event::Start(Tag::TableCell) => cells += 1,
            Event::Html(_) | Event::InlineHtml(_) => html += 1,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links += 1,
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) if in_heading => {
                if let Some(h) = headings.last_mut() {
                    h.push_str(&t);
                }
            }
            _ => {}
        }
    }
    (tables, html, links, headings)
}

#[test]
fn every_table_row_has_as_many_cells_as_its_header() {
    let p = hostile_plan();
    let f = forecast_with(&p, 2_000, 3).expect("the plan is valid");
    let (tables, _, _, _) = read(&markdown::plan(&p, &f));
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
    let (_, html, links, headings) = read(&md);
    assert_eq!(html, 0, "no raw HTML reaches the document");
    assert_eq!(links, 0, "no link or image is made from user text");
    assert_eq!(
        headings[0],
        p.name.replace('\n', " "),
        "the title reads as typed"
    );
    for h in &headings[1..] {
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
            headings.iter().any(|h| h == expected),
            "missing section {expected}"
        );
    }
}

#[test]
fn the_numbers_in_the_document_are_the_forecast_s() {
    let p = hostile_plan();
    let f = forecast_with(&p, 2_000, 3).expect("the plan is valid");
    let md = markdown::plan(&p, &f);
    assert!(md.contains(&f.contingency.finish.to_string()));
    assert!(md.contains(&f.finish.p80.to_string()));
    assert!(!md.contains("NaN") && !md.contains("inf"));
}

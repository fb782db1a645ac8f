//! A chart as a standalone SVG file: the chart's markup as the browser serialises it
//! (`XMLSerializer`, which writes the SVG namespace), with an XML declaration and the
//! charts' style sheet inside, its colours those of the light theme, so that it
//! renders the same in an image viewer, an editor or a slide.
//!
//! The page runs this (its chart buttons, `app::markup_host`); [`STYLE`] is kept in
//! step with `style/main.css` by a test: every chart rule there has its twin here.

/// The charts' rules from `style/main.css`, with the light theme's colours.
pub const STYLE: &str = "svg{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;background:#ffffff}\
.chart{font-size:13px}\
.chart--tornado,.chart--gantt{font-size:12px}\
.chart text{fill:#1c1e21}\
.chart__axis line,.chart__axis-line{stroke:#55595f;stroke-width:1}\
.chart__grid{stroke:#d4d6da !important;stroke-dasharray:2 3}\
.chart__axis-label{fill:#55595f !important}\
.chart__bars rect{fill:#1f5fbf}\
.chart__line{fill:none;stroke:#1f5fbf;stroke-width:2.5}\
.chart__marker line{stroke-width:1.5;stroke-dasharray:4 3}\
.chart__marker--p50 line{stroke:#6b7280}\
.chart__marker--p80 line{stroke:#c2410c}\
.chart__marker--target line{stroke:#b3261e;stroke-dasharray:none}\
.chart__marker--milestone line{stroke:#1c1e21;stroke-dasharray:2 3}\
.chart__marker--today line{stroke:#1f5fbf;stroke-width:2;stroke-dasharray:none}\
.chart__bar--up{fill:#c2410c}\
.chart__bar--down{fill:#1f5fbf}\
.chart__bar--total{fill:#55595f}\
.chart__dots circle{fill:#1f5fbf;fill-opacity:0.45}\
.chart--lines{max-width:44rem}\
.chart__series circle{fill:#1f5fbf}\
.chart__series--p80 .chart__line,.chart__series--done .chart__line{stroke:#c2410c}\
.chart__series--p80 circle,.chart__series--done circle{fill:#c2410c}\
.chart__series--p80 text,.chart__series--done text{fill:#c2410c}\
.chart__series--p50 text{fill:#1f5fbf}\
.chart__series--s1 .chart__line{stroke:#c2410c}\
.chart__series--s2 .chart__line{stroke:#6b7280;stroke-dasharray:6 3}\
.chart__series--s3 .chart__line{stroke:#1b6e3a}\
.chart__series--s4 .chart__line{stroke:#b3261e;stroke-dasharray:2 3}\
.chart__series--s5 .chart__line{stroke:#1c1e21;stroke-dasharray:8 3 2 3}\
.chart__target{fill:#1b6e3a;fill-opacity:0.12;stroke:#1b6e3a;stroke-dasharray:4 3}\
.chart__bar--p50{fill:#1f5fbf}\
.chart__bar--critical{fill:#b3261e}\
.chart__bar--p80{fill:#1f5fbf;opacity:0.3}\
.chart__bubble circle{fill-opacity:0.75;stroke:#ffffff;stroke-width:1.5}\
.chart__bubble--quick-win circle{fill:#1b6e3a}\
.chart__bubble--big-bet circle{fill:#1f5fbf}\
.chart__bubble--fill-in circle{fill:#6b7280}\
.chart__bubble--money-pit circle{fill:#b3261e}\
.chart__split line{stroke:#d4d6da;stroke-dasharray:4 4}\
.chart__break-even{stroke:#55595f;stroke-dasharray:2 6}\
.chart__quadrant,.chart__break-even-label{fill:#55595f}";

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The standalone file of a chart serialised as XML (`svg`: one `<svg>` element).
pub fn standalone(svg: &str) -> String {
    let svg = svg.trim();
    // The end of the opening tag: the first `>` outside a quoted value.
    let mut quote = None;
    let end = svg.char_indices().find_map(|(i, c)| {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
        None
    });
    let Some(end) = end.filter(|_| svg.starts_with("<svg")) else {
        return String::new();
    };
    let (open, rest) = svg.split_at(end);
    let self_closed = open.ends_with('/');
    let open = open.trim_end_matches('/');
    let xmlns = if open.contains("xmlns=") {
        String::new()
    } else {
        format!(r#" xmlns="{SVG_NS}""#)
    };
    let body = if self_closed {
        "</svg>".to_owned()
    } else {
        rest[1..].to_owned()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{open}{xmlns}><style>{STYLE}</style>{body}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::xml;

    #[test]
    fn a_chart_becomes_a_well_formed_svg_with_its_namespace_and_style() {
        let chart = crate::chart::histogram_svg(
            &[(0.0, 1.0, 0.5), (1.0, 2.0, 1.0)],
            "days & <nights>",
            &[],
            "A \"chart\" of days & <nights>",
        );
        let drawn = String::from(chart);
        let svg_at = drawn.find("<svg").unwrap();
        let file = standalone(&drawn[svg_at..]);
        assert!(file.starts_with("<?xml"));
        let root = xml::parse(&file).unwrap();
        assert_eq!(root.name, "svg");
        assert_eq!(root.attribute("xmlns"), Some(SVG_NS));
        assert_eq!(root.children[0].name, "style");
        assert!(root.children[0]
            .text
            .contains(".chart__bars rect{fill:#1f5fbf}"));
        assert_eq!(
            root.text_of("title"),
            Some("A \"chart\" of days & <nights>")
        );
        // An element that already names its namespace keeps it once.
        let once = standalone(r#"<svg xmlns="http://www.w3.org/2000/svg" a=">"/>"#);
        assert_eq!(once.matches("xmlns=").count(), 1);
        assert!(xml::parse(&once).is_ok());
        assert_eq!(standalone("<div>not a chart</div>"), "");
    }

    #[test]
    fn every_chart_rule_of_the_style_sheet_has_its_standalone_twin() {
        let css = include_str!("../../style/main.css");
        let compact = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(", ", ",")
        };
        let style = compact(STYLE);
        for line in css.lines() {
            let is_chart_rule = line.starts_with(".chart ")
                || line.starts_with(".chart{")
                || line.starts_with(".chart__")
                || line.starts_with(".chart--");
            if !is_chart_rule {
                continue;
            }
            let selector = compact(line.split('{').next().unwrap());
            assert!(
                style.contains(&format!("{selector}{{")),
                "style/main.css has `{selector}`: add it to files::svg::STYLE"
            );
        }
    }
}

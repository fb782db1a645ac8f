//! Charts as SVG markup: scales, tick values, path data and the markup of every chart,
//! computed without a browser, so every position on a chart is unit tested here.
//!
//! The markup is [`Html`] built with [`html!`]: labels, names and units are escaped
//! like all text. Every chart shows simulation results, so every chart is drawn in the
//! engine's worker (see [`crate::jobs`]) and none of this is in the page's wasm.

use crate::engine::calendar::Calendar;
use crate::engine::portfolio::{Portfolio, Quadrant};
use crate::format::{compact, fixed, percent, shortest};
use crate::html;
use crate::html::Html;
use crate::model::Date;

/// Maps a data interval onto a pixel interval, linearly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Scale {
    /// A scale from `domain` to `range`; an empty domain is widened so it maps sanely.
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        let (mut lo, mut hi) = domain;
        if !lo.is_finite() || !hi.is_finite() {
            lo = 0.0;
            hi = 1.0;
        }
        if hi <= lo {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.05 };
            lo -= pad;
            hi += pad;
        }
        Self {
            domain: (lo, hi),
            range,
        }
    }

    /// The pixel position of a data value.
    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        let v = if value.is_finite() { value } else { d0 };
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Round tick values covering `[lo, hi]`, about `count` of them (1, 2 or 5 × 10ⁿ apart).
pub fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo || count == 0 {
        return vec![if lo.is_finite() { lo } else { 0.0 }];
    }
    let raw = (hi - lo) / count as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() * step;
    let mut out = Vec::new();
    let mut v = first;
    while v <= hi + step * 1e-9 && out.len() < 100 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// How a chart's x axis reads working days or other numbers.
#[derive(Clone, Copy)]
pub enum XAxis<'a> {
    /// Round numbers under a unit ("working days", "EUR").
    Numbers(&'a str),
    /// Working days from the start shown as dates of the project's calendar, under a
    /// title ("finish date").
    Dates(&'a Calendar, &'a str),
}

impl<'a> From<&'a str> for XAxis<'a> {
    fn from(unit: &'a str) -> Self {
        XAxis::Numbers(unit)
    }
}

impl<'a> From<&'a String> for XAxis<'a> {
    fn from(unit: &'a String) -> Self {
        XAxis::Numbers(unit)
    }
}

impl XAxis<'_> {
    /// The ticks between `lo` and `hi`: positions and their labels.
    fn ticks(self, lo: f64, hi: f64) -> Vec<(f64, String)> {
        match self {
            XAxis::Numbers(_) => ticks(lo, hi, 6)
                .into_iter()
                .map(|t| (t, compact(t)))
                .collect(),
            XAxis::Dates(cal, _) => date_ticks(cal, lo, hi, 6),
        }
    }

    fn label(&self) -> &str {
        match self {
            XAxis::Numbers(unit) | XAxis::Dates(_, unit) => unit,
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Where a date sits on a working-day axis: the working days before it, which is where
/// work starting that day starts (`None` beyond the calendar's table).
fn working_days_before(cal: &Calendar, date: Date) -> Option<f64> {
    cal.working_days_through(date.add_days(-1))
}

/// Date ticks for working days `lo..=hi` of `cal`, at most `count` of them (one at
/// least where the range holds a tick date): Mondays a week or two apart (“8 Mar”), or
/// the first of every 1, 2, 3, 6 or 12 months (“Mar”, with the year at the first tick
/// and in January: “Jan 2028”), the finest step that gives at most `count`. Each sits
/// where work starting that day starts.
pub fn date_ticks(cal: &Calendar, lo: f64, hi: f64, count: usize) -> Vec<(f64, String)> {
    if !lo.is_finite() || !hi.is_finite() || hi < lo {
        return Vec::new();
    }
    let (first, last) = (cal.start_date(lo.max(0.0)), cal.finish_date(hi));
    let place = |dates: Vec<Date>| -> Vec<(f64, Date)> {
        dates
            .into_iter()
            .filter_map(|d| Some((working_days_before(cal, d)?, d)))
            .filter(|&(x, _)| x >= lo && x <= hi)
            .collect()
    };
    let span = last.days() - first.days();
    for weeks in [1, 2] {
        if span / (7 * weeks) + 1 > count as i32 {
            continue;
        }
        let monday = first.add_days((7 - first.weekday() as i32) % 7);
        let dates = (0..=count as i32)
            .map(|i| monday.add_days(i * 7 * weeks))
            .take_while(|d| *d <= last)
            .collect();
        return place(dates)
            .into_iter()
            .enumerate()
            .map(|(i, (x, d))| {
                let (y, m, day) = d.ymd();
                let month = MONTHS[(m - 1) as usize];
                let label = if i == 0 {
                    format!("{day} {month} {y}")
                } else {
                    format!("{day} {month}")
                };
                (x, label)
            })
            .collect();
    }
    let month_index = |d: Date| {
        let (y, m, _) = d.ymd();
        y * 12 + m as i32 - 1
    };
    let (from, to) = (month_index(first), month_index(last));
    let step = [1, 2, 3, 6, 12]
        .into_iter()
        .find(|step| (to - from) / step < count as i32)
        .unwrap_or(((to - from) / count.max(1) as i32 / 12 + 1) * 12);
    let start = from.div_euclid(step) * step;
    let dates = (0..)
        .map(|i| start + i * step)
        .take_while(|&k| k <= to)
        .filter_map(|k| Date::from_ymd(k.div_euclid(12), (k.rem_euclid(12) + 1) as u32, 1))
        .filter(|d| *d >= first)
        .collect();
    place(dates)
        .into_iter()
        .enumerate()
        .map(|(i, (x, d))| {
            let (y, m, _) = d.ymd();
            let label = if step >= 12 {
                y.to_string()
            } else if i == 0 || m == 1 {
                format!("{} {y}", MONTHS[(m - 1) as usize])
            } else {
                MONTHS[(m - 1) as usize].to_owned()
            };
            (x, label)
        })
        .collect()
}

/// A rectangle in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Bars of a histogram: `bins` are (from, to, share) and share is scaled to the tallest.
pub fn histogram_bars(bins: &[(f64, f64, f64)], x: &Scale, y: &Scale) -> Vec<Rect> {
    bins.iter()
        .map(|&(from, to, share)| {
            let left = x.map(from);
            let right = x.map(to);
            let top = y.map(share);
            let bottom = y.map(0.0);
            Rect {
                x: left.min(right),
                y: top.min(bottom),
                width: (right - left).abs().max(0.5),
                height: (bottom - top).abs(),
            }
        })
        .collect()
}

/// SVG path data through the points, in order.
pub fn line_path(points: &[(f64, f64)], x: &Scale, y: &Scale) -> String {
    let mut d = String::new();
    for (i, &(px, py)) in points.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        d.push_str(&format!(
            "{cmd}{},{}",
            fixed(x.map(px), 1),
            fixed(y.map(py), 1)
        ));
    }
    d
}

/// At most `max` characters of `text`, with an ellipsis when it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

/// A vertical marker on a chart (P50, P80, a target).
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub value: f64,
    pub label: &'static str,
    /// BEM modifier of the marker's class, e.g. `p80` → `chart__marker--p80`.
    pub kind: &'static str,
}

/// Opens a chart `height` pixels tall; `class` is the chart's BEM modifier class. A
/// button before it downloads the chart as a standalone SVG (`app::markup_host`, with
/// [`crate::files::svg::standalone`]), named after its description.
fn open(height: f64, description: &str, class: &str) -> Html {
    html!(
        r#"<button type="button" class="chart-download no-print" data-action="download-svg" data-arg="{4}" aria-label="Download the chart as SVG: {3}">SVG</button><svg class="chart {}" viewBox="0 0 {} {}" role="img" aria-label="{3}"><title>{3}</title>"#,
        class,
        shortest(W),
        shortest(height),
        description,
        crate::report::file_stem(description)
    )
}

fn x_axis(x: &Scale, lo: f64, hi: f64, axis: XAxis) -> Html {
    x_axis_at(x, lo, hi, axis, H)
}

/// The x axis of a chart `height` pixels tall.
fn x_axis_at(x: &Scale, lo: f64, hi: f64, axis: XAxis, height: f64) -> Html {
    let y = height - BOTTOM;
    let (axis_y, tick_end, tick_label_y) = (shortest(y), shortest(y + 4.0), shortest(y + 16.0));
    let mut svg = html!(
        r#"<g class="chart__axis"><line x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>"#,
        shortest(LEFT),
        axis_y,
        shortest(W - RIGHT)
    );
    for (t, label) in axis.ticks(lo, hi) {
        svg += html!(
            r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text>"#,
            fixed(x.map(t), 1),
            axis_y,
            tick_end,
            tick_label_y,
            label
        );
    }
    svg + html!(
        r#"<text class="chart__axis-label" x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
        shortest((LEFT + W - RIGHT) / 2.0),
        shortest(height - 4.0),
        axis.label()
    )
}

/// Height of a row of marker labels, and the rough width of one character of them.
const LABEL_ROW: f64 = 12.0;
const LABEL_CHAR: f64 = 7.0;

fn markers(x: &Scale, markers: &[Marker]) -> Html {
    // Labels that would overlap one already placed move down a row, next to their line.
    let mut svg = Html::new();
    let mut placed: Vec<(f64, f64, f64)> = Vec::with_capacity(markers.len());
    for m in markers {
        let px = x.map(m.value);
        let at = fixed(px, 1);
        let (from, to) = (
            px + 3.0,
            px + 3.0 + m.label.chars().count() as f64 * LABEL_CHAR,
        );
        let mut y = TOP - 2.0;
        while placed
            .iter()
            .any(|&(a, b, row)| row == y && from < b + 4.0 && a < to + 4.0)
        {
            y += LABEL_ROW;
        }
        placed.push((from, to, y));
        svg += html!(
            r#"<g class="chart__marker chart__marker--{0}"><line x1="{1}" y1="{2}" x2="{1}" y2="{3}"/><text x="{4}" y="{5}">{6}</text></g>"#,
            m.kind,
            at,
            shortest(TOP),
            shortest(H - BOTTOM),
            fixed(from, 1),
            shortest(y),
            m.label
        );
    }
    svg
}

/// A histogram of `(from, to, share)` bins with vertical markers, as SVG markup.
pub fn histogram_svg<'a>(
    bins: &[(f64, f64, f64)],
    axis: impl Into<XAxis<'a>>,
    marks: &[Marker],
    description: &str,
) -> Html {
    let lo = bins.first().map_or(0.0, |b| b.0);
    let hi = bins.last().map_or(1.0, |b| b.1);
    let tallest = bins.iter().map(|b| b.2).fold(0.0, f64::max);
    let x = Scale::new((lo, hi), (LEFT, W - RIGHT));
    let y = Scale::new((0.0, tallest.max(1e-9)), (H - BOTTOM, TOP));
    let mut svg = open(H, description, "chart--histogram");
    svg.push_trusted(r#"<g class="chart__bars">"#);
    for r in histogram_bars(bins, &x, &y) {
        svg += html!(
            r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#,
            fixed(r.x, 1),
            fixed(r.y, 1),
            fixed((r.width - 1.0).max(0.5), 1),
            fixed(r.height, 1)
        );
    }
    svg.push_trusted("</g>");
    svg += x_axis(&x, lo, hi, axis.into());
    svg += markers(&x, marks);
    svg.push_trusted("</svg>");
    svg
}

/// A horizontal grid line at `py` from `left` to the plot's right edge, labelled at its
/// left end.
fn grid_line(left: f64, py: f64, label: &str) -> Html {
    html!(
        r#"<line class="chart__grid" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/><text x="{3}" y="{4}" text-anchor="end">{5}</text>"#,
        shortest(left),
        fixed(py, 1),
        shortest(W - RIGHT),
        shortest(left - 4.0),
        fixed(py + 4.0, 1),
        label
    )
}

/// A cumulative-probability curve through `(value, probability)` points, as SVG markup.
pub fn s_curve_svg<'a>(
    points: &[(f64, f64)],
    axis: impl Into<XAxis<'a>>,
    marks: &[Marker],
    description: &str,
) -> Html {
    let lo = marks
        .iter()
        .map(|m| m.value)
        .fold(points.first().map_or(0.0, |p| p.0), f64::min);
    let hi = marks
        .iter()
        .map(|m| m.value)
        .fold(points.last().map_or(1.0, |p| p.0), f64::max);
    let x = Scale::new((lo, hi), (LEFT, W - RIGHT));
    let y = Scale::new((0.0, 1.0), (H - BOTTOM, TOP));
    let mut svg = open(H, description, "chart--curve");
    svg.push_trusted(r#"<g class="chart__axis">"#);
    for p in [0.0, 0.5, 0.8, 1.0] {
        svg += grid_line(LEFT, y.map(p), &percent(p));
    }
    svg.push_trusted("</g>");
    svg += html!(
        r#"<path class="chart__line" d="{}"/>"#,
        line_path(points, &x, &y)
    );
    svg += x_axis(&x, lo, hi, axis.into());
    svg += markers(&x, marks);
    svg.push_trusted("</svg>");
    svg
}

/// Cumulative-probability curves of several series through `(value, probability)`
/// points on one axis (the plan and its scenarios), each in its series' class, with a
/// legend below the chart, as markup.
pub fn curves_svg(series: &[Series], axis: XAxis, description: &str) -> Html {
    let all = || series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let lo = all()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let hi = all()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let x = Scale::new((lo, hi), (LEFT, W - RIGHT));
    let y = Scale::new((0.0, 1.0), (H - BOTTOM, TOP));
    let mut svg = open(H, description, "chart--curves");
    svg.push_trusted(r#"<g class="chart__axis">"#);
    for p in [0.0, 0.5, 0.8, 1.0] {
        svg += grid_line(LEFT, y.map(p), &percent(p));
    }
    svg.push_trusted("</g>");
    for s in series {
        svg += html!(
            r#"<g class="chart__series chart__series--{}"><path class="chart__line" d="{}"/></g>"#,
            s.kind,
            line_path(&s.points, &x, &y)
        );
    }
    svg += x_axis(&x, lo, hi, axis);
    svg.push_trusted("</svg>");
    let legend: Html = series
        .iter()
        .map(|s| {
            html!(
                r#"<li><span class="legend__swatch chart__series--{}" aria-hidden="true"></span>{}</li>"#,
                s.kind,
                s.label
            )
        })
        .collect();
    svg + html!(r#"<ul class="legend">{}</ul>"#, legend)
}

/// Horizontal bars of rank correlation in [-1, 1], labelled, as SVG markup.
pub fn tornado_svg(drivers: &[(String, f64)], description: &str) -> Html {
    let row = 26.0;
    let label_w = 220.0;
    let height = TOP + row * drivers.len().max(1) as f64 + 8.0;
    let x = Scale::new((-1.0, 1.0), (label_w, W - RIGHT - 36.0));
    let mid = x.map(0.0);
    let mut svg = open(height, description, "chart--tornado");
    svg += html!(
        r#"<line class="chart__axis-line" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>"#,
        fixed(mid, 1),
        shortest(TOP - 4.0),
        shortest(height - 4.0)
    );
    for (i, (name, rho)) in drivers.iter().enumerate() {
        let y = TOP + row * i as f64;
        let rho = if rho.is_finite() {
            rho.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let end = x.map(rho);
        let (bx, bw) = if end >= mid {
            (mid, end - mid)
        } else {
            (end, mid - end)
        };
        let label = shorten(name, 30);
        let (class, tx, anchor) = if rho >= 0.0 {
            ("up", end + 4.0, "start")
        } else {
            ("down", end - 4.0, "end")
        };
        svg += html!(
            r#"<text x="{0}" y="{1}" text-anchor="end">{2}</text><rect class="chart__bar--{3}" x="{4}" y="{5}" width="{6}" height="{7}"/><text x="{8}" y="{1}" text-anchor="{9}">{10}</text>"#,
            fixed(label_w - 6.0, 1),
            fixed(y + 15.0, 1),
            label,
            class,
            fixed(bx, 1),
            fixed(y + 3.0, 1),
            fixed(bw.max(1.0), 1),
            fixed(row - 8.0, 1),
            fixed(tx, 1),
            anchor,
            fixed(rho, 2)
        );
    }
    svg.push_trusted("</svg>");
    svg
}

/// A horizontal waterfall: a first bar from 0 to `start`, one floating bar per step
/// (from the running total to the running total plus the step; `up` or `down` by its
/// sign), and a last bar from 0 to the end. Each row is labelled on the left and its
/// value written beside the bar with `value`.
pub fn waterfall_svg(
    start: (&str, f64),
    steps: &[(String, f64)],
    end: (&str, f64),
    value: fn(f64) -> String,
    description: &str,
) -> Html {
    let row = 24.0;
    let label_w = 250.0;
    let rows = steps.len() + 2;
    let height = TOP + row * rows as f64 + 8.0;
    let mut running = start.1;
    let mut bars = vec![(start.0.to_owned(), 0.0, start.1, "total")];
    for (label, delta) in steps {
        let to = running + delta;
        bars.push((
            label.clone(),
            running,
            to,
            if *delta >= 0.0 { "up" } else { "down" },
        ));
        running = to;
    }
    bars.push((end.0.to_owned(), 0.0, end.1, "total"));
    let hi = bars.iter().map(|b| b.1.max(b.2)).fold(0.0, f64::max);
    let lo = bars.iter().map(|b| b.1.min(b.2)).fold(0.0, f64::min);
    let x = Scale::new((lo, hi), (label_w, W - RIGHT - 90.0));
    let mut svg = open(height, description, "chart--waterfall");
    for (i, (label, from, to, class)) in bars.iter().enumerate() {
        let y = TOP + row * i as f64;
        let (a, b) = (x.map(from.min(*to)), x.map(from.max(*to)));
        let shown = if *class == "total" { *to } else { to - from };
        svg += html!(
            r#"<text x="{0}" y="{1}" text-anchor="end">{2}</text><rect class="chart__bar--{3}" x="{4}" y="{5}" width="{6}" height="{7}"/><text x="{8}" y="{1}">{9}</text>"#,
            fixed(label_w - 6.0, 1),
            fixed(y + 15.0, 1),
            shorten(label, 30),
            class,
            fixed(a, 1),
            fixed(y + 3.0, 1),
            fixed((b - a).max(1.0), 1),
            fixed(row - 8.0, 1),
            fixed(b + 4.0, 1),
            value(shown)
        );
    }
    svg.push_trusted("</svg>");
    svg
}

/// A scatter of `(x, y)` points with the box `x ≤ target.0, y ≤ target.1` (when both
/// are set) shaded, as SVG markup: `x_unit` names the x axis, `y_label` writes a y tick.
pub fn scatter_svg(
    points: &[(f64, f64)],
    target: Option<(f64, f64)>,
    x_unit: &str,
    y_label: fn(f64) -> String,
    description: &str,
) -> Html {
    // The data's range, widened to the target unless it lies at infinity.
    let both = |f: fn(&(f64, f64)) -> f64, pick: fn(f64, f64) -> f64, start: f64| {
        let data = points.iter().map(f).fold(start, pick);
        target
            .map(|t| f(&t))
            .filter(|v| v.is_finite())
            .map_or(data, |v| pick(data, v))
    };
    let (x_lo, x_hi) = (
        both(|p| p.0, f64::min, f64::INFINITY),
        both(|p| p.0, f64::max, 0.0),
    );
    let (y_lo, y_hi) = (
        both(|p| p.1, f64::min, f64::INFINITY),
        both(|p| p.1, f64::max, 0.0),
    );
    let left = 72.0;
    let x = Scale::new((x_lo, x_hi), (left, W - RIGHT));
    let y = Scale::new((y_lo, y_hi), (H - BOTTOM, TOP));
    let mut svg = open(H, description, "chart--scatter");
    if let Some((tx, ty)) = target {
        let bx = if tx.is_finite() {
            x.map(tx).clamp(left, W - RIGHT)
        } else {
            W - RIGHT
        };
        let by = if ty.is_finite() {
            y.map(ty).clamp(TOP, H - BOTTOM)
        } else {
            TOP
        };
        svg += html!(
            r#"<rect class="chart__target" x="{}" y="{}" width="{}" height="{}"/>"#,
            shortest(left),
            fixed(by, 1),
            fixed(bx - left, 1),
            fixed(H - BOTTOM - by, 1)
        );
    }
    svg.push_trusted(r#"<g class="chart__axis">"#);
    for t in ticks(y.domain.0, y.domain.1, 4) {
        svg += grid_line(left, y.map(t), &y_label(t));
    }
    svg.push_trusted(r#"</g><g class="chart__dots">"#);
    for &(px, py) in points {
        svg += html!(
            r#"<circle cx="{}" cy="{}" r="2"/>"#,
            fixed(x.map(px), 1),
            fixed(y.map(py), 1)
        );
    }
    svg.push_trusted("</g>");
    svg += x_axis(&x, x.domain.0, x.domain.1, x_unit.into());
    svg.push_trusted("</svg>");
    svg
}

/// One line of [`lines_svg`]: its points, a label for its legend and a BEM modifier
/// (`p50` → `chart__series--p50`).
pub struct Series {
    pub kind: &'static str,
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// Lines through each series' points (a dot at each, so one point shows too), with a
/// legend, y grid lines labelled with `y_unit` and a zero line, as SVG markup.
pub fn lines_svg(series: &[Series], x_unit: &str, y_unit: &str, description: &str) -> Html {
    let all = || series.iter().flat_map(|s| s.points.iter());
    let range = |f: fn(&(f64, f64)) -> f64| {
        let (lo, hi) = all()
            .map(f)
            .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if hi > lo {
            (lo, hi)
        } else {
            (lo - 5.0, hi + 5.0)
        }
    };
    let ((x_lo, x_hi), (y_lo, y_hi)) = (range(|p| p.0), range(|p| p.1));
    let left = 72.0;
    let x = Scale::new((x_lo, x_hi), (left, W - RIGHT));
    let y = Scale::new((y_lo, y_hi), (H - BOTTOM, TOP + LABEL_ROW));
    let mut svg = open(H, description, "chart--lines");
    svg.push_trusted(r#"<g class="chart__axis">"#);
    for t in ticks(y_lo, y_hi, 4) {
        svg += grid_line(left, y.map(t), &compact(t));
    }
    svg += html!(
        r#"<text class="chart__axis-label" x="{}" y="{}">{}</text></g>"#,
        shortest(left),
        shortest(TOP),
        y_unit
    );
    // The legend at the top right, the last series rightmost.
    let width = |s: &Series| LABEL_CHAR * (s.label.chars().count() + 2) as f64 + 16.0;
    let mut legend_x = W - RIGHT - series.iter().map(width).sum::<f64>();
    for s in series {
        svg += html!(
            r#"<g class="chart__series chart__series--{}"><path class="chart__line" d="{}"/>"#,
            s.kind,
            line_path(&s.points, &x, &y)
        );
        for &(px, py) in &s.points {
            svg += html!(
                r#"<circle cx="{}" cy="{}" r="3"/>"#,
                fixed(x.map(px), 1),
                fixed(y.map(py), 1)
            );
        }
        svg += html!(
            r#"<text x="{}" y="{}">— {}</text></g>"#,
            fixed(legend_x, 1),
            shortest(TOP),
            s.label
        );
        legend_x += width(s);
    }
    svg += x_axis(&x, x_lo, x_hi, x_unit.into());
    svg.push_trusted("</svg>");
    svg
}

/// One bar of the uncertainty Gantt: working days from the start.
#[derive(Clone, Debug, PartialEq)]
pub struct GanttBar {
    pub name: String,
    pub start_p50: f64,
    pub finish_p50: f64,
    pub finish_p80: f64,
    pub criticality: f64,
}

/// A dated line across the Gantt: a milestone at its P50 date, or the status date.
#[derive(Clone, Debug, PartialEq)]
pub struct GanttLine {
    /// Working days from the start.
    pub at: f64,
    pub label: String,
    /// BEM modifier of the line's class: `milestone` or `today`.
    pub kind: &'static str,
}

/// Tasks on a working-day axis: a solid bar to the P50 finish, a light extension to the
/// P80 finish, critical tasks marked, criticality printed on the right; milestones and
/// the status date as labelled vertical lines; the axis in `axis` (dates or days).
pub fn gantt_svg(bars: &[GanttBar], lines: &[GanttLine], axis: XAxis, description: &str) -> Html {
    let row = 22.0;
    let label_w = 220.0;
    let crit_w = 48.0;
    let axis_h = 30.0;
    // Each line's label has a row of its own above the bars.
    let head = TOP + 6.0 + LABEL_ROW * lines.len() as f64;
    let height = head + row * bars.len().max(1) as f64 + axis_h;
    let hi = bars
        .iter()
        .map(|b| b.finish_p80)
        .chain(lines.iter().map(|l| l.at))
        .fold(1.0, f64::max);
    let x = Scale::new((0.0, hi), (label_w, W - RIGHT - crit_w));
    let base = height - axis_h;
    let mut svg = open(height, description, "chart--gantt");
    svg += html!(
        r#"<text class="chart__axis-label" x="{}" y="{}" text-anchor="end">critical</text>"#,
        shortest(W - RIGHT),
        shortest(TOP)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = head + row * i as f64;
        let s = x.map(b.start_p50);
        let f50 = x.map(b.finish_p50.max(b.start_p50));
        let f80 = x.map(b.finish_p80.max(b.finish_p50));
        let label = shorten(&b.name, 30);
        let kind = if b.criticality >= 0.5 {
            "critical"
        } else {
            "p50"
        };
        svg += html!(
            r#"<text x="{0}" y="{1}" text-anchor="end">{2}</text><rect class="chart__bar--p80" x="{3}" y="{4}" width="{5}" height="{6}"/><rect class="chart__bar--{7}" x="{3}" y="{4}" width="{8}" height="{6}"/><text x="{9}" y="{1}" text-anchor="end">{10}</text>"#,
            fixed(label_w - 6.0, 1),
            fixed(y + 14.0, 1),
            label,
            fixed(s, 1),
            fixed(y + 4.0, 1),
            fixed((f80 - s).max(1.0), 1),
            fixed(row - 8.0, 1),
            kind,
            fixed((f50 - s).max(1.0), 1),
            shortest(W - RIGHT),
            percent(b.criticality)
        );
    }
    for (i, l) in lines.iter().enumerate() {
        // The label reads leftwards from lines in the right half, so it stays inside.
        let px = x.map(l.at);
        let (tx, anchor) = if px > (label_w + W - RIGHT - crit_w) / 2.0 {
            (px - 3.0, "end")
        } else {
            (px + 3.0, "start")
        };
        svg += html!(
            r#"<g class="chart__marker chart__marker--{0}"><line x1="{1}" y1="{2}" x2="{1}" y2="{3}"/><text x="{4}" y="{5}" text-anchor="{6}">{7}</text></g>"#,
            l.kind,
            fixed(px, 1),
            fixed(TOP + 10.0 + LABEL_ROW * i as f64 - 9.0, 1),
            fixed(base, 1),
            fixed(tx, 1),
            fixed(TOP + 10.0 + LABEL_ROW * i as f64, 1),
            anchor,
            shorten(&l.label, 40)
        );
    }
    svg += html!(
        r#"<g class="chart__axis"><line x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>"#,
        shortest(label_w),
        fixed(base, 1),
        shortest(W - RIGHT - crit_w)
    );
    let tick_y = fixed(base + 14.0, 1);
    for (t, label) in axis.ticks(0.0, hi) {
        svg += html!(
            r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text>"#,
            fixed(x.map(t), 1),
            fixed(base, 1),
            fixed(base + 4.0, 1),
            tick_y,
            label
        );
    }
    svg + html!(
        r#"<text class="chart__axis-label" x="{}" y="{}" text-anchor="middle">{}</text></g></svg>"#,
        fixed((label_w + W - RIGHT - crit_w) / 2.0, 1),
        fixed(height - 2.0, 1),
        axis.label()
    )
}

/// One project or idea on the impact-vs-cost chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Bubble {
    pub label: String,
    /// Expected present value of all costs.
    pub cost: f64,
    /// Expected present value of the benefit.
    pub impact: f64,
    /// Probability that the NPV is positive (0–1): sets the bubble's area.
    pub confidence: f64,
    pub quadrant: Quadrant,
}

/// The bubbles of a ranked portfolio, in ranking order.
pub fn portfolio_bubbles(p: &Portfolio) -> Vec<Bubble> {
    p.entries
        .iter()
        .map(|e| Bubble {
            label: e.name.clone(),
            cost: e.value.expected_cost,
            impact: e.value.expected_benefit,
            confidence: e.value.probability_positive,
            quadrant: e.quadrant,
        })
        .collect()
}

/// Height of the impact-vs-cost chart.
const BUBBLE_H: f64 = 400.0;
/// Left margin of the impact-vs-cost chart, room for the money ticks.
const BUBBLE_LEFT: f64 = 72.0;

/// The bubble chart's scales: both axes from 0 to a little above the largest value or
/// line, so every bubble and both quadrant lines are inside.
pub fn bubble_scales(bubbles: &[Bubble], impact_line: f64, cost_line: f64) -> (Scale, Scale) {
    let top =
        |xs: &mut dyn Iterator<Item = f64>| xs.filter(|v| v.is_finite()).fold(0.0, f64::max) * 1.15;
    let x_hi = top(&mut bubbles.iter().map(|b| b.cost).chain([cost_line]));
    let y_hi = top(&mut bubbles.iter().map(|b| b.impact).chain([impact_line]));
    (
        Scale::new((0.0, x_hi), (BUBBLE_LEFT, W - RIGHT)),
        Scale::new((0.0, y_hi), (BUBBLE_H - BOTTOM, TOP)),
    )
}

/// Impact (expected benefit) against cost, both present values in `currency`: one
/// bubble per entry (area by the probability of a positive NPV), the quadrant lines,
/// the four quadrants named, and the break-even diagonal where NPV = 0.
pub fn bubble_svg(
    bubbles: &[Bubble],
    impact_line: f64,
    cost_line: f64,
    currency: &str,
    description: &str,
) -> Html {
    let (x, y) = bubble_scales(bubbles, impact_line, cost_line);
    let mut svg = open(BUBBLE_H, description, "chart--bubble");
    svg += bubble_guides(&x, &y, impact_line, cost_line);
    svg += bubble_axis(&y, currency);
    let (lo, hi) = x.domain;
    svg += x_axis_at(
        &x,
        lo,
        hi,
        XAxis::Numbers(&format!("Expected cost, present value ({currency})")),
        BUBBLE_H,
    );
    svg += bubbles.iter().map(|b| bubble(&x, &y, b)).collect();
    svg.push_trusted("</svg>");
    svg
}

/// The break-even diagonal, the quadrant lines and the quadrants' names.
fn bubble_guides(x: &Scale, y: &Scale, impact_line: f64, cost_line: f64) -> Html {
    let (x0, x1, y0, y1) = (BUBBLE_LEFT, W - RIGHT, BUBBLE_H - BOTTOM, TOP);
    // The break-even diagonal, as far as both axes reach, named a third of the way up.
    let even = x.domain.1.min(y.domain.1);
    let mut svg = html!(
        r#"<line class="chart__break-even" x1="{}" y1="{}" x2="{}" y2="{}"/><text class="chart__break-even-label" x="{}" y="{}">NPV = 0</text>"#,
        fixed(x.map(0.0), 1),
        fixed(y.map(0.0), 1),
        fixed(x.map(even), 1),
        fixed(y.map(even), 1),
        fixed(x.map(even / 3.0) + 6.0, 1),
        fixed(y.map(even / 3.0) + 14.0, 1)
    );
    svg += html!(
        r#"<g class="chart__split"><line x1="{0}" y1="{1}" x2="{0}" y2="{2}"/><line x1="{3}" y1="{4}" x2="{5}" y2="{4}"/></g>"#,
        fixed(x.map(cost_line), 1),
        shortest(y1),
        shortest(y0),
        shortest(x0),
        fixed(y.map(impact_line), 1),
        shortest(x1)
    );
    for (q, qx, qy, anchor) in [
        (Quadrant::QuickWin, x0 + 6.0, y1 + 12.0, "start"),
        (Quadrant::BigBet, x1 - 6.0, y1 + 12.0, "end"),
        (Quadrant::FillIn, x0 + 6.0, y0 - 6.0, "start"),
        (Quadrant::MoneyPit, x1 - 6.0, y0 - 6.0, "end"),
    ] {
        svg += html!(
            r#"<text class="chart__quadrant chart__quadrant--{}" x="{}" y="{}" text-anchor="{}">{}</text>"#,
            q.class(),
            fixed(qx, 1),
            fixed(qy, 1),
            anchor,
            q.label()
        );
    }
    svg
}

/// The y axis of the bubble chart: money ticks and the benefit's label.
fn bubble_axis(y: &Scale, currency: &str) -> Html {
    let (x0, y0, y1) = (BUBBLE_LEFT, BUBBLE_H - BOTTOM, TOP);
    let left = shortest(x0);
    let mut svg = html!(
        r#"<g class="chart__axis"><line x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>"#,
        left,
        shortest(y0),
        shortest(y1)
    );
    // Zero is left to the x axis's label at the corner.
    for t in ticks(y.domain.0, y.domain.1, 5)
        .into_iter()
        .filter(|&t| t != 0.0)
    {
        let py = y.map(t);
        svg += html!(
            r#"<line x1="{0}" y1="{1}" x2="{2}" y2="{1}"/><text x="{3}" y="{4}" text-anchor="end">{5}</text>"#,
            fixed(x0 - 4.0, 1),
            fixed(py, 1),
            left,
            fixed(x0 - 6.0, 1),
            fixed(py + 4.0, 1),
            compact(t)
        );
    }
    svg + html!(
        r#"<text class="chart__axis-label" x="14" y="{0}" text-anchor="middle" transform="rotate(-90 14 {0})">Expected benefit, present value ({1})</text></g>"#,
        fixed((y0 + y1) / 2.0, 1),
        currency
    )
}

/// One bubble with its name beside it (on its left near the right edge).
fn bubble(x: &Scale, y: &Scale, b: &Bubble) -> Html {
    let (px, py) = (x.map(b.cost), y.map(b.impact));
    let share = if b.confidence.is_finite() {
        b.confidence.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let r = 5.0 + 13.0 * share.sqrt();
    let (tx, anchor) = if px > W - RIGHT - 150.0 {
        (px - r - 3.0, "end")
    } else {
        (px + r + 3.0, "start")
    };
    html!(
        r#"<g class="chart__bubble chart__bubble--{}"><circle cx="{}" cy="{}" r="{}"><title>{}: {} chance of a positive NPV</title></circle><text x="{}" y="{}" text-anchor="{}">{}</text></g>"#,
        b.quadrant.class(),
        fixed(px, 1),
        fixed(py, 1),
        fixed(r, 1),
        b.label,
        percent(share),
        fixed(tx, 1),
        fixed(py + 4.0, 1),
        anchor,
        shorten(&b.label, 24)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scatter_draws_every_point_and_the_target_box() {
        let points = [(10.0, 100.0), (20.0, 300.0), (30.0, 200.0)];
        let svg = scatter_svg(&points, Some((25.0, 250.0)), "days", compact, "s");
        assert_eq!(svg.matches("<circle").count(), 3);
        let x = Scale::new((10.0, 30.0), (72.0, W - RIGHT));
        let y = Scale::new((100.0, 300.0), (H - BOTTOM, TOP));
        let target = format!(
            r#"<rect class="chart__target" x="72" y="{}" width="{}""#,
            fixed(y.map(250.0), 1),
            fixed(x.map(25.0) - 72.0, 1)
        );
        assert!(svg.contains(&target), "{}", svg.as_str());
        assert_eq!(
            scatter_svg(&points, None, "days", compact, "s")
                .matches("chart__target")
                .count(),
            0
        );
        // A target at infinity covers the whole width, and the data keeps its range.
        let far = scatter_svg(&points, Some((f64::INFINITY, 250.0)), "days", compact, "s");
        let width = format!(r#"width="{}""#, fixed(W - RIGHT - 72.0, 1));
        assert!(far.contains(&width), "{}", far.as_str());
        assert!(!far.contains("NaN") && !far.contains("inf"));
    }

    #[test]
    fn a_waterfall_floats_each_step_from_the_running_total() {
        let steps = [("Spread".to_owned(), 30.0), ("Risk".to_owned(), -10.0)];
        let svg = waterfall_svg(
            ("Plan", 100.0),
            &steps,
            ("P80", 120.0),
            |v| fixed(v, 0),
            "d",
        );
        let x = Scale::new((0.0, 130.0), (250.0, W - RIGHT - 90.0));
        // The spread's bar runs from 100 to 130, the risk's back from 130 to 120.
        let spread = format!(
            r#"class="chart__bar--up" x="{}" y="41.0" width="{}""#,
            fixed(x.map(100.0), 1),
            fixed(x.map(130.0) - x.map(100.0), 1)
        );
        assert!(svg.contains(&spread), "{}", svg.as_str());
        let risk = format!(r#"class="chart__bar--down" x="{}""#, fixed(x.map(120.0), 1));
        assert!(svg.contains(&risk));
        assert!(svg.contains(">-10</text>") && svg.contains(">120</text>"));
        assert_eq!(svg.matches("chart__bar--total").count(), 2);
    }

    #[test]
    fn a_scale_maps_its_ends_and_middle() {
        let s = Scale::new((10.0, 20.0), (0.0, 100.0));
        assert_eq!(s.map(10.0), 0.0);
        assert_eq!(s.map(15.0), 50.0);
        assert_eq!(s.map(20.0), 100.0);
        let flipped = Scale::new((0.0, 1.0), (200.0, 0.0));
        assert_eq!(flipped.map(0.25), 150.0);
    }

    #[test]
    fn a_degenerate_domain_still_maps_to_finite_pixels() {
        for domain in [(5.0, 5.0), (0.0, 0.0), (f64::NAN, 1.0)] {
            let s = Scale::new(domain, (0.0, 100.0));
            assert!(s.map(5.0).is_finite(), "{domain:?}");
            assert!(s.map(f64::INFINITY).is_finite());
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_domain() {
        assert_eq!(
            ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(13.0, 47.0, 4), vec![20.0, 30.0, 40.0]);
        assert_eq!(ticks(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
        assert_eq!(ticks(3.0, 3.0, 4), vec![3.0]);
    }

    #[test]
    fn histogram_bars_stand_on_the_axis_and_scale_with_share() {
        let x = Scale::new((0.0, 10.0), (0.0, 100.0));
        let y = Scale::new((0.0, 0.5), (50.0, 0.0));
        let bars = histogram_bars(&[(0.0, 5.0, 0.5), (5.0, 10.0, 0.25)], &x, &y);
        assert_eq!(
            bars[0],
            Rect {
                x: 0.0,
                y: 0.0,
                width: 50.0,
                height: 50.0
            }
        );
        assert_eq!(
            bars[1],
            Rect {
                x: 50.0,
                y: 25.0,
                width: 50.0,
                height: 25.0
            }
        );
    }

    #[test]
    fn line_paths_move_then_draw() {
        let s = Scale::new((0.0, 1.0), (0.0, 10.0));
        assert_eq!(
            line_path(&[(0.0, 0.0), (1.0, 1.0)], &s, &s),
            "M0.0,0.0L10.0,10.0"
        );
        assert_eq!(line_path(&[], &s, &s), "");
    }

    #[test]
    fn long_labels_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("short", 30), "short");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }

    #[test]
    fn chart_text_is_escaped_so_user_names_cannot_inject_markup() {
        let svg = tornado_svg(&[("<script>&\"x\"".into(), 0.5)], "drivers <b>");
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;&amp;&quot;x&quot;"));
        let bars = vec![GanttBar {
            name: "</svg><img>".into(),
            start_p50: 0.0,
            finish_p50: 2.0,
            finish_p80: 3.0,
            criticality: 1.0,
        }];
        let g = gantt_svg(&bars, &[], "days".into(), "g");
        assert_eq!(g.matches("<svg").count(), 1);
        assert_eq!(g.matches("</svg>").count(), 1);
        assert!(!g.contains("<img>"));
    }

    #[test]
    fn marker_labels_that_would_overlap_take_the_next_row() {
        let bins = [(0.0, 100.0, 1.0)];
        let mark = |value, label| Marker {
            value,
            label,
            kind: "p50",
        };
        let label_y = |svg: &str, label: &str| {
            let end = svg.find(&format!(">{label}</text>")).unwrap();
            let y_at = svg[..end].rfind(" y=\"").unwrap() + 4;
            svg[y_at..end].split('"').next().unwrap().to_owned()
        };
        let close = histogram_svg(&bins, "d", &[mark(50.0, "budget"), mark(51.0, "P50")], "h");
        assert_ne!(label_y(&close, "budget"), label_y(&close, "P50"));
        let apart = histogram_svg(&bins, "d", &[mark(10.0, "budget"), mark(90.0, "P50")], "h");
        assert_eq!(label_y(&apart, "budget"), label_y(&apart, "P50"));
    }

    #[test]
    fn charts_hold_one_shape_per_datum_and_no_non_finite_numbers() {
        let bins = [(0.0, 1.0, 0.2), (1.0, 2.0, 0.5), (2.0, 3.0, 0.3)];
        let marks = [Marker {
            value: 1.5,
            label: "P50",
            kind: "p50",
        }];
        let h = histogram_svg(&bins, "days", &marks, "d");
        assert_eq!(h.matches("<rect").count(), 3);
        assert!(h.contains("chart__marker--p50"));
        let c = s_curve_svg(&[(0.0, 0.0), (f64::NAN, 0.5), (2.0, 1.0)], "days", &[], "c");
        for s in [&h, &c] {
            assert!(!s.contains("NaN") && !s.contains("inf"), "{}", s.as_str());
        }
        let g = gantt_svg(
            &[GanttBar {
                name: "a".into(),
                start_p50: 0.0,
                finish_p50: 2.0,
                finish_p80: 3.0,
                criticality: 0.9,
            }],
            &[],
            "days".into(),
            "g",
        );
        assert!(g.contains("chart__bar--critical"));
        assert!(g.contains(">90%<"));
    }

    fn calendar(start: Date) -> Calendar {
        let p = crate::model::Project::new("p", "P", start);
        Calendar::new(&p, 2_000.0)
    }

    #[test]
    fn date_ticks_fall_on_month_starts_or_mondays_where_work_of_that_day_starts() {
        // Monday 4 January 2027, five working days a week.
        let cal = calendar(Date::from_ymd(2027, 1, 4).unwrap());
        // About a year: every second or third month, the year at the first tick and in
        // January, each where the first working day of that month starts.
        let t = date_ticks(&cal, 0.0, 260.0, 6);
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Mar 2027", "May", "Jul", "Sep", "Nov"]);
        // 1 March 2027 is a Monday: 8 weeks of 5 working days lie before it.
        assert_eq!(t[0].0, 40.0);
        for ((x, _), month) in t.iter().zip([3, 5, 7, 9, 11]) {
            // The month's first working day: 1 May 2027 is a Saturday.
            let d = cal.start_date(*x);
            assert_eq!(d.ymd().1, month);
            assert!(d.ymd().2 <= 3 && d.weekday() < 5, "{d}");
            assert!(cal.start_date(*x - 1.0).ymd().1 != month, "{d}");
        }
        // Three weeks: Mondays, a week apart, the first with its year.
        let t = date_ticks(&cal, 0.0, 15.0, 6);
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["4 Jan 2027", "11 Jan", "18 Jan"]);
        assert_eq!(t.iter().map(|t| t.0).collect::<Vec<_>>(), [0.0, 5.0, 10.0]);
        // Ten years: whole years.
        let t = date_ticks(&cal, 0.0, 2_000.0, 6);
        assert!(t.iter().all(|(_, l)| l.len() == 4), "{t:?}");
        assert!(t.len() <= 6 && t.len() >= 3);
        // Nothing to show for a range that is not one.
        assert!(date_ticks(&cal, 5.0, f64::NAN, 6).is_empty());
    }

    #[test]
    fn the_gantt_reads_dates_and_draws_milestones_and_the_status_date() {
        let cal = calendar(Date::from_ymd(2027, 1, 4).unwrap());
        let bars = [GanttBar {
            name: "a".into(),
            start_p50: 0.0,
            finish_p50: 60.0,
            finish_p80: 70.0,
            criticality: 1.0,
        }];
        let lines = [
            GanttLine {
                at: 60.0,
                label: "MVP <review>".into(),
                kind: "milestone",
            },
            GanttLine {
                at: 20.0,
                label: "status date".into(),
                kind: "today",
            },
        ];
        let g = gantt_svg(&bars, &lines, XAxis::Dates(&cal, "date"), "g");
        for text in [
            ">Feb 2027<",
            ">Mar<",
            "chart__marker--milestone",
            "chart__marker--today",
            "MVP &lt;review&gt;",
            ">date<",
        ] {
            assert!(g.contains(text), "missing {text}: {}", g.as_str());
        }
        assert!(!g.contains(">working days from start<"));
    }

    fn bubble(label: &str, cost: f64, impact: f64, quadrant: Quadrant) -> Bubble {
        Bubble {
            label: label.into(),
            cost,
            impact,
            confidence: 0.64,
            quadrant,
        }
    }

    #[test]
    fn the_bubble_chart_names_its_quadrants_and_axes_with_units() {
        // Protects the chart's reading aids: quadrant names, money units on both axes.
        let svg = bubble_svg(
            &[bubble("A", 100.0, 300.0, Quadrant::QuickWin)],
            200.0,
            150.0,
            "EUR",
            "Impact against cost",
        );
        for text in [
            ">Quick wins<",
            ">Big bets<",
            ">Fill-ins<",
            ">Money pits<",
            "Expected cost, present value (EUR)",
            "Expected benefit, present value (EUR)",
            "NPV = 0",
            "chart__bubble--quick-win",
            ">A: 64% chance of a positive NPV<",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert_eq!(svg.matches("<circle").count(), 1);
    }

    #[test]
    fn bubbles_sit_at_their_cost_and_impact() {
        // Protects the geometry: a bubble at zero cost touches the y axis, the largest
        // impact is inside the top, and the quadrant lines are where they were asked.
        let bubbles = [
            bubble("cheap", 0.0, 400.0, Quadrant::QuickWin),
            bubble("dear", 300.0, 100.0, Quadrant::MoneyPit),
        ];
        let (x, y) = bubble_scales(&bubbles, 250.0, 150.0);
        assert_eq!(x.map(0.0), BUBBLE_LEFT);
        assert!(y.map(400.0) > TOP && y.map(400.0) < BUBBLE_H - BOTTOM);
        let svg = bubble_svg(&bubbles, 250.0, 150.0, "EUR", "d");
        assert!(svg.contains(&format!(
            "cx=\"{:.1}\" cy=\"{:.1}\"",
            x.map(0.0),
            y.map(400.0)
        )));
        assert!(svg.contains(&format!("x1=\"{:.1}\"", x.map(150.0))));
        assert!(svg.contains(&format!("y1=\"{:.1}\"", y.map(250.0))));
        let empty = bubble_svg(&[], 0.0, 0.0, "EUR", "none yet");
        assert!(
            !empty.contains("NaN") && !empty.contains("inf"),
            "{}",
            empty.as_str()
        );
    }

    #[test]
    fn bubble_labels_and_currency_are_escaped() {
        // Protects against markup in project names or a hostile currency code.
        let svg = bubble_svg(
            &[bubble("<img src=x>&", f64::NAN, 5.0, Quadrant::FillIn)],
            1.0,
            1.0,
            "<b>",
            "<script>",
        );
        assert!(!svg.contains("<img") && !svg.contains("<b>") && !svg.contains("<script>"));
        assert!(svg.contains("&lt;img src=x&gt;&amp;"));
        assert!(!svg.contains("NaN"));
    }
}

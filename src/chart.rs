//! Chart geometry: scales, tick values and SVG path data, computed without a browser.
//!
//! The SVG components in `app::charts` only lay out what these functions return, so
//! every position on a chart is unit tested here.

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
        d.push_str(&format!("{cmd}{:.1},{:.1}", x.map(px), y.map(py)));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

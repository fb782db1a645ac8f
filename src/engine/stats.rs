//! Summary statistics of simulated samples: means, percentiles, histograms, S-curves
//! and rank correlations, all guaranteed finite.
//!
//! Percentiles use the nearest-rank definition: Pq is the smallest sample with at least
//! q of the samples at or below it (the ⌈q·n⌉-th smallest). They are found with
//! selection rather than a full sort where only a few are needed.

use serde::Serialize;

/// `x` if finite, else 0: the last guard before a number leaves the engine.
pub fn clean(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// Mean of the samples (0 for none).
pub fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    clean(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Sorts floats ascending with an LSD radix sort on their bits (six passes of 11 bits),
/// which is several times faster than a comparison sort for the 50,000-sample arrays of
/// a forecast. Negative numbers sort before positive ones; NaN (never produced by the
/// engine) sorts last.
pub fn radix_sort(xs: &mut [f64]) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    let n = xs.len();
    if n < 256 {
        xs.sort_unstable_by(f64::total_cmp);
        return;
    }
    // Order-preserving keys: flip all bits of negatives, only the sign bit of positives.
    let key = |x: f64| {
        let b = x.to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | (1 << 63)
        }
    };
    let mut a: Vec<u64> = xs.iter().map(|&x| key(x)).collect();
    let mut tmp = vec![0u64; n];
    let mut counts = vec![0usize; BUCKETS];
    let mut shift = 0;
    while shift < 64 {
        counts.fill(0);
        for &k in &a {
            counts[((k >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
        // A pass where every key has the same digit changes nothing.
        if counts.contains(&n) {
            shift += BITS;
            continue;
        }
        let mut total = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = total;
            total += here;
        }
        for &k in &a {
            let d = ((k >> shift) as usize) & (BUCKETS - 1);
            tmp[counts[d]] = k;
            counts[d] += 1;
        }
        std::mem::swap(&mut a, &mut tmp);
        shift += BITS;
    }
    for (x, &k) in xs.iter_mut().zip(&a) {
        *x = f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k });
    }
}

/// Position of the nearest-rank q-quantile in a sorted array of `n` samples.
pub fn rank_index(q: f64, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let k = (q.clamp(0.0, 1.0) * n as f64 - 1e-9).ceil();
    (k.max(1.0) as usize - 1).min(n - 1)
}

/// Nearest-rank quantile of an already sorted slice.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    sorted
        .get(rank_index(q, sorted.len()))
        .copied()
        .map_or(0.0, clean)
}

/// Several quantiles at once by repeated selection; reorders `xs`.
pub fn quantiles_select<T: Copy + PartialOrd + Into<f64>>(xs: &mut [T], qs: &[f64]) -> Vec<f64> {
    let n = xs.len();
    if n == 0 {
        return vec![0.0; qs.len()];
    }
    let mut idx: Vec<(usize, usize)> = qs
        .iter()
        .enumerate()
        .map(|(i, &q)| (rank_index(q, n), i))
        .collect();
    // Largest first, each selection narrowing the slice for the next one.
    idx.sort_unstable_by_key(|&(k, _)| std::cmp::Reverse(k));
    let mut out = vec![0.0; qs.len()];
    let mut hi = n;
    let mut prev: Option<(usize, f64)> = None;
    for (k, i) in idx {
        if let Some((pk, pv)) = prev {
            if pk == k {
                out[i] = pv;
                continue;
            }
        }
        let slice = &mut xs[..hi];
        let (_, v, _) = slice.select_nth_unstable_by(k, |a, b| {
            a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
        });
        let v: f64 = (*v).into();
        out[i] = clean(v);
        prev = Some((k, clean(v)));
        hi = k + 1;
    }
    out
}

/// The headline statistics of one output.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub mean: f64,
    pub min: f64,
    pub p10: f64,
    pub p50: f64,
    pub p80: f64,
    pub p90: f64,
    pub p95: f64,
    pub max: f64,
}

/// The quantiles a [`Summary`] reports, in field order after the mean.
pub const SUMMARY_QS: [f64; 7] = [0.0, 0.10, 0.50, 0.80, 0.90, 0.95, 1.0];

impl Summary {
    /// Summary of samples, reordering a copy held in `scratch`.
    pub fn of(xs: &[f64], scratch: &mut Vec<f64>) -> Self {
        scratch.clear();
        scratch.extend_from_slice(xs);
        let q = quantiles_select(scratch, &SUMMARY_QS);
        Self {
            mean: mean(xs),
            min: q[0],
            p10: q[1],
            p50: q[2],
            p80: q[3],
            p90: q[4],
            p95: q[5],
            max: q[6],
        }
    }

    /// Summary of samples that are already sorted.
    pub fn of_sorted(sorted: &[f64]) -> Self {
        let q = |x| quantile_sorted(sorted, x);
        Self {
            mean: mean(sorted),
            min: q(0.0),
            p10: q(0.10),
            p50: q(0.50),
            p80: q(0.80),
            p90: q(0.90),
            p95: q(0.95),
            max: q(1.0),
        }
    }
}

/// One bar of a histogram.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bin {
    /// Lower edge (inclusive).
    pub from: f64,
    /// Upper edge (exclusive, except for the last bin).
    pub to: f64,
    pub count: u32,
    /// Share of all samples in this bin.
    pub share: f64,
    /// Share of all samples at or below this bin's upper edge.
    pub cumulative: f64,
}

/// One point of an S-curve: the probability of a value at or below `value`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub value: f64,
    pub probability: f64,
}

/// Bins in every histogram.
pub const BINS: usize = 30;
/// Points on every S-curve (every 2%, from the minimum to the maximum).
pub const CURVE_POINTS: usize = 51;

/// Histogram of sorted samples in [`BINS`] equal bins from the minimum to the maximum.
pub fn histogram(sorted: &[f64]) -> Vec<Bin> {
    let n = sorted.len();
    if n == 0 {
        return Vec::new();
    }
    let (lo, hi) = (clean(sorted[0]), clean(sorted[n - 1]));
    if !(hi > lo) {
        return vec![Bin {
            from: lo,
            to: hi,
            count: n as u32,
            share: 1.0,
            cumulative: 1.0,
        }];
    }
    let width = (hi - lo) / BINS as f64;
    let mut bins = Vec::with_capacity(BINS);
    let mut i = 0;
    for b in 0..BINS {
        let from = lo + width * b as f64;
        let to = if b + 1 == BINS {
            hi
        } else {
            lo + width * (b + 1) as f64
        };
        let start = i;
        if b + 1 == BINS {
            i = n;
        } else {
            i += sorted[i..].partition_point(|&x| x < to);
        }
        let count = i - start;
        bins.push(Bin {
            from,
            to,
            count: count as u32,
            share: count as f64 / n as f64,
            cumulative: i as f64 / n as f64,
        });
    }
    bins
}

/// S-curve of sorted samples: the value at each 2% step of probability.
pub fn s_curve(sorted: &[f64]) -> Vec<CurvePoint> {
    if sorted.is_empty() {
        return Vec::new();
    }
    (0..CURVE_POINTS)
        .map(|i| {
            let p = i as f64 / (CURVE_POINTS - 1) as f64;
            CurvePoint {
                value: quantile_sorted(sorted, p),
                probability: p,
            }
        })
        .collect()
}

/// Share of samples at or below `limit`.
pub fn share_at_most(xs: &[f64], limit: f64) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.iter().filter(|&&x| x <= limit).count() as f64 / xs.len() as f64
}

/// Ranks (1-based, ties averaged) of the samples, centred to mean zero.
pub fn centred_ranks(xs: &[f64]) -> Vec<f64> {
    let n = xs.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| xs[a as usize].total_cmp(&xs[b as usize]));
    let mut ranks = vec![0.0; n];
    let centre = (n as f64 + 1.0) / 2.0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && xs[order[j] as usize] == xs[order[i] as usize] {
            j += 1;
        }
        let r = (i + 1 + j) as f64 / 2.0 - centre;
        for &o in &order[i..j] {
            ranks[o as usize] = r;
        }
        i = j;
    }
    ranks
}

/// Pearson correlations of `scores` (values in [0, 1] ranked like the input) with two
/// outputs given as centred ranks: Spearman's rho with the input's ranks replaced by
/// their uniform draws, whose ranks they are up to sampling noise. 0 when either side
/// is constant.
pub fn rank_correlation(scores: &[f32], a: &[f64], b: &[f64]) -> (f64, f64) {
    let n = scores.len().min(a.len()).min(b.len());
    if n < 2 {
        return (0.0, 0.0);
    }
    let (scores, a, b) = (&scores[..n], &a[..n], &b[..n]);
    let m = scores.iter().map(|&x| f64::from(x)).sum::<f64>() / n as f64;
    let (mut sxa, mut sxb, mut sxx) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let dx = f64::from(scores[i]) - m;
        sxa += dx * a[i];
        sxb += dx * b[i];
        sxx += dx * dx;
    }
    let saa: f64 = a.iter().map(|y| y * y).sum();
    let sbb: f64 = b.iter().map(|y| y * y).sum();
    let rho = |sxy: f64, syy: f64| {
        if !(sxx > 1e-12) || !(syy > 0.0) {
            0.0
        } else {
            clean((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
        }
    };
    (rho(sxa, saa), rho(sxb, sbb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_of_one_to_a_hundred() {
        // Protects the percentile definition the page documents.
        let mut xs: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let q = quantiles_select(&mut xs, &[0.1, 0.5, 0.8, 0.95, 0.0, 1.0]);
        assert_eq!(q, vec![10.0, 50.0, 80.0, 95.0, 1.0, 100.0]);
        let sorted: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(Summary::of_sorted(&sorted).p80, 80.0);
        assert_eq!(Summary::of(&sorted, &mut Vec::new()).p90, 90.0);
    }

    #[test]
    fn radix_sort_agrees_with_a_comparison_sort() {
        // Protects the fast sort behind every percentile, histogram and S-curve.
        let mut rng = super::super::rng::Rng::new(9);
        let mut xs: Vec<f64> = (0..5_000)
            .map(|i| (rng.next_f64() - 0.3) * f64::from(i % 97))
            .collect();
        xs.extend([0.0, -0.0, 1e300, -1e300, 5e-324]);
        let mut want = xs.clone();
        want.sort_by(f64::total_cmp);
        radix_sort(&mut xs);
        assert_eq!(
            xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            want.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn histogram_counts_every_sample_once() {
        // Protects histogram totals and the cumulative share reaching 1.
        let sorted: Vec<f64> = (0..1000).map(|i| f64::from(i) / 10.0).collect();
        let h = histogram(&sorted);
        assert_eq!(h.len(), BINS);
        assert_eq!(h.iter().map(|b| b.count).sum::<u32>(), 1000);
        assert_eq!(h.last().map(|b| b.cumulative), Some(1.0));
        assert_eq!(histogram(&[3.0, 3.0]).len(), 1);
    }

    #[test]
    fn rank_correlation_sees_monotone_and_independent_relations() {
        // Protects the sensitivity measure: a monotone input has rho near 1.
        let xs: Vec<f32> = (0..1000).map(|i| (i as f32 + 0.5) / 1000.0).collect();
        let ys: Vec<f64> = xs.iter().map(|&x| f64::from(x).powi(3)).collect();
        let rev: Vec<f64> = ys.iter().rev().copied().collect();
        let (up, down) = rank_correlation(&xs, &centred_ranks(&ys), &centred_ranks(&rev));
        assert!(up > 0.999, "{up}");
        assert!(down < -0.999, "{down}");
        let flat = vec![0.5f32; 1000];
        assert_eq!(
            rank_correlation(&flat, &centred_ranks(&ys), &centred_ranks(&rev)),
            (0.0, 0.0)
        );
    }
}

//! Summary statistics of simulated samples: means, percentiles, histograms, S-curves
//! and rank correlations, all guaranteed finite.
//!
//! Percentiles use the nearest-rank definition: Pq is the smallest sample with at least
//! q of the samples at or below it (the ⌈q·n⌉-th smallest). They are found exactly by
//! counting the samples into buckets and sorting only the few buckets that hold the
//! wanted ranks ([`quantiles`]), never by sorting a whole output. Ranks for rank
//! correlations are found the same way ([`CentredRanks`]), and the minimum, maximum
//! and mean of an output come from one pass. In WebAssembly the counting and gathering
//! passes find two samples' buckets at a time with 128-bit SIMD (the same buckets).

use serde::{Deserialize, Serialize};

/// `x` if finite, else 0: the last guard before a number leaves the engine.
#[inline(always)]
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

/// Sorts floats ascending (by `total_cmp`): the one comparison sort of the statistics.
pub fn sort_floats(xs: &mut [f64]) {
    xs.sort_unstable_by(f64::total_cmp);
}

/// The smallest and largest value and the sum, in one pass (infinities and 0 for an
/// empty slice).
fn min_max_sum(xs: &[f64]) -> (f64, f64, f64) {
    let (mut lo, mut hi, mut sum) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
    for &x in xs {
        if x < lo {
            lo = x;
        }
        if x > hi {
            hi = x;
        }
        sum += x;
    }
    (lo, hi, sum)
}

/// The bucket of `x` among `buckets` equal buckets from `lo`, `scale` buckets per unit:
/// never decreasing with `x`. Converts through `i32` because a float-to-`usize`
/// conversion costs several times as many instructions natively.
#[inline(always)]
fn bucket_of(x: f64, lo: f64, scale: f64, buckets: usize) -> usize {
    ((((x - lo) * scale) as i32).max(0) as usize).min(buckets - 1)
}

/// The buckets of two samples (see [`bucket_of`]).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn buckets_of(xs: &[f64; 2], lo: f64, scale: f64, buckets: usize) -> [usize; 2] {
    xs.map(|x| bucket_of(x, lo, scale, buckets))
}

/// The buckets of two samples (see [`bucket_of`]) with WebAssembly's 128-bit SIMD:
/// lane by lane the same subtraction, product and saturating conversion, and the same
/// clamping in 32 bits (no bucket count here reaches 2^31).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn buckets_of(xs: &[f64; 2], lo: f64, scale: f64, buckets: usize) -> [usize; 2] {
    use core::arch::wasm32::*;
    // SAFETY: the 16 bytes read are `xs`; a v128 load needs no alignment.
    let x = unsafe { v128_load(xs.as_ptr().cast()) };
    let t =
        i32x4_trunc_sat_f64x2_zero(f64x2_mul(f64x2_sub(x, f64x2_splat(lo)), f64x2_splat(scale)));
    let top = i32x4_splat(buckets.saturating_sub(1).min(i32::MAX as usize) as i32);
    let j = i32x4_min(i32x4_max(t, i32x4_splat(0)), top);
    [
        i32x4_extract_lane::<0>(j) as usize,
        i32x4_extract_lane::<1>(j) as usize,
    ]
}

/// Mean from a sum of `n` samples (0 for none).
fn mean_of_sum(sum: f64, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        clean(sum / n as f64)
    }
}

/// Exact nearest-rank quantiles of unsorted samples, without sorting them: one pass
/// counts the samples into equal-width buckets between the minimum and the maximum,
/// the buckets holding the wanted ranks are found from the counts, a second pass
/// copies only those buckets' samples into `scratch`, and only they are sorted. The
/// bucket of a sample never decreases with its value, so the k-th smallest sample is
/// the right one of its bucket.
pub fn quantiles(xs: &[f64], qs: &[f64], scratch: &mut Vec<f64>) -> Vec<f64> {
    let (lo, hi, _) = min_max_sum(xs);
    quantiles_within(xs, lo, hi, qs, scratch)
}

/// For each bucket j of `buckets` (see [`bucket_of`]), how many samples fall in the
/// buckets before it; the last entry is the number of samples.
fn samples_below(xs: &[f64], lo: f64, scale: f64, buckets: usize) -> Vec<u32> {
    let mut below_v = vec![0u32; buckets + 1];
    let below = &mut below_v[..];
    // Two samples at a time (see [`buckets_of`]).
    let (pairs, rest) = xs.as_chunks::<2>();
    for pair in pairs {
        let [j0, j1] = buckets_of(pair, lo, scale, buckets);
        below[j0 + 1] += 1;
        below[j1 + 1] += 1;
    }
    for &x in rest {
        below[bucket_of(x, lo, scale, buckets) + 1] += 1;
    }
    for j in 1..=buckets {
        below[j] += below[j - 1];
    }
    below_v
}

/// [`quantiles`] of samples whose smallest and largest values are `lo` and `hi`.
pub fn quantiles_within(
    xs: &[f64],
    lo: f64,
    hi: f64,
    qs: &[f64],
    scratch: &mut Vec<f64>,
) -> Vec<f64> {
    let n = xs.len();
    let mut out = vec![0.0; qs.len()];
    if n == 0 {
        return out;
    }
    if lo == hi {
        // All samples are equal.
        out.fill(clean(lo));
        return out;
    }
    // About sixteen samples a bucket; one bucket (a plain sort) when the range is not
    // finite.
    let span = hi - lo;
    let (buckets, scale) = if span > 0.0 && span.is_finite() {
        let b = (n / 16).clamp(1, 4096);
        (b, b as f64 / span)
    } else {
        (1, 0.0)
    };
    // (Vectors are indexed through slices: at opt-level "z" indexing a `Vec` directly
    // can be left as a call.)
    let below_v = samples_below(xs, lo, scale, buckets);
    let below = &below_v[..];
    // The bucket of each wanted rank, and where each wanted bucket goes in `scratch`.
    let mut cursor_v = vec![u32::MAX; buckets];
    let cursor = &mut cursor_v[..];
    let ranks: Vec<(usize, usize)> = qs
        .iter()
        .map(|&q| {
            let r = rank_index(q, n);
            let j = below
                .partition_point(|&c| c as usize <= r)
                .clamp(1, buckets)
                - 1;
            cursor[j] = 0;
            (r, j)
        })
        .collect();
    let mut total = 0u32;
    for (j, c) in cursor.iter_mut().enumerate() {
        if *c != u32::MAX {
            *c = total;
            total += below[j + 1] - below[j];
        }
    }
    scratch.clear();
    scratch.resize(total as usize, 0.0);
    let scratch = &mut scratch[..];
    let mut keep = |x: f64, j: usize| {
        let c = &mut cursor[j];
        if *c != u32::MAX {
            scratch[*c as usize] = x;
            *c += 1;
        }
    };
    let (pairs, rest) = xs.as_chunks::<2>();
    for pair in pairs {
        let [j0, j1] = buckets_of(pair, lo, scale, buckets);
        keep(pair[0], j0);
        keep(pair[1], j1);
    }
    for &x in rest {
        keep(x, bucket_of(x, lo, scale, buckets));
    }
    // Each cursor now points at the end of its bucket's samples.
    for (j, &end) in cursor.iter().enumerate() {
        if end != u32::MAX {
            let len = below[j + 1] - below[j];
            sort_floats(&mut scratch[(end - len) as usize..end as usize]);
        }
    }
    for (o, &(r, j)) in out.iter_mut().zip(&ranks) {
        let first = (cursor[j] - (below[j + 1] - below[j])) as usize;
        *o = clean(scratch[first + (r - below[j] as usize)]);
    }
    out
}

/// Several quantiles at once (see [`quantiles`]); `xs` is left as it is.
pub fn quantiles_select(xs: &mut [f64], qs: &[f64]) -> Vec<f64> {
    quantiles(xs, qs, &mut Vec::new())
}

/// The headline statistics of one output.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// Summary of unsorted samples (`scratch` is working memory).
    pub fn of(xs: &[f64], scratch: &mut Vec<f64>) -> Self {
        let (lo, hi, sum) = min_max_sum(xs);
        let q = quantiles_within(xs, lo, hi, &SUMMARY_QS, scratch);
        Self::from_quantiles(mean_of_sum(sum, xs.len()), &q)
    }

    /// The summary with this mean and the quantiles at [`SUMMARY_QS`].
    pub fn from_quantiles(mean: f64, q: &[f64]) -> Self {
        Self {
            mean,
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub value: f64,
    pub probability: f64,
}

/// Bins in every histogram.
pub const BINS: usize = 30;
/// Points on every S-curve (every 2%, from the minimum to the maximum).
pub const CURVE_POINTS: usize = 51;

/// Histogram of samples (in any order) in [`BINS`] equal bins from the minimum to the
/// maximum.
pub fn histogram(xs: &[f64]) -> Vec<Bin> {
    let (lo, hi, _) = min_max_sum(xs);
    histogram_within(xs, clean(lo), clean(hi))
}

/// [`histogram`] of samples whose smallest and largest values are `lo` and `hi` (as a
/// [`Summary`] gives them).
pub fn histogram_within(xs: &[f64], lo: f64, hi: f64) -> Vec<Bin> {
    let n = xs.len();
    if n == 0 {
        return Vec::new();
    }
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
    // Bin b runs from edge(b) (inclusive) to edge(b + 1); the first bin also takes
    // anything below edge(1), the last anything from edge(BINS − 1) up.
    let edge = |b: usize| lo + width * b as f64;
    let scale = 1.0 / width;
    let mut counts = [0u32; BINS];
    for &x in xs {
        let mut j = bucket_of(x, lo, scale, BINS);
        while j > 0 && x < edge(j) {
            j -= 1;
        }
        while j + 1 < BINS && x >= edge(j + 1) {
            j += 1;
        }
        counts[j] += 1;
    }
    let mut below = 0;
    (0..BINS)
        .map(|b| {
            let count = counts[b] as usize;
            below += count;
            Bin {
                from: edge(b),
                to: if b + 1 == BINS { hi } else { edge(b + 1) },
                count: count as u32,
                share: count as f64 / n as f64,
                cumulative: below as f64 / n as f64,
            }
        })
        .collect()
}

/// Probabilities of the S-curve's points: every 2% from 0 to 1.
pub fn curve_probabilities() -> Vec<f64> {
    (0..CURVE_POINTS)
        .map(|i| i as f64 / (CURVE_POINTS - 1) as f64)
        .collect()
}

/// Summary, the quantile at `confidence` and the S-curve of one output's samples (in
/// any order), from one call of [`quantiles`].
pub fn describe(
    xs: &[f64],
    confidence: f64,
    scratch: &mut Vec<f64>,
) -> (Summary, f64, Vec<CurvePoint>) {
    let ps = curve_probabilities();
    let mut qs = SUMMARY_QS.to_vec();
    qs.push(confidence);
    qs.extend_from_slice(&ps);
    let (lo, hi, sum) = min_max_sum(xs);
    let q = quantiles_within(xs, lo, hi, &qs, scratch);
    let at = SUMMARY_QS.len();
    let curve = if xs.is_empty() {
        Vec::new()
    } else {
        ps.iter()
            .zip(&q[at + 1..])
            .map(|(&probability, &value)| CurvePoint { value, probability })
            .collect()
    };
    (
        Summary::from_quantiles(mean_of_sum(sum, xs.len()), &q[..at]),
        q[at],
        curve,
    )
}

/// Share of samples at or below `limit`.
pub fn share_at_most(xs: &[f64], limit: f64) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.iter().filter(|&&x| x <= limit).count() as f64 / xs.len() as f64
}

/// Ranks (1-based, ties averaged) of samples, centred to mean zero, with their sum of
/// squares.
pub struct CentredRanks {
    pub ranks: Vec<f64>,
    pub sum_squares: f64,
}

impl CentredRanks {
    /// A sample equal to the samples at sorted positions i..j (0-based, j exclusive)
    /// has rank (i + 1 + j) / 2. Found without sorting the samples: they are counted
    /// into about one bucket each between the minimum and the maximum (as in
    /// [`quantiles`]), each bucket is sorted, and a sample's rank is its bucket's start
    /// plus its place within the bucket.
    pub fn of(xs: &[f64]) -> Self {
        let n = xs.len();
        let centre = (n as f64 + 1.0) / 2.0;
        let (lo, hi, _) = min_max_sum(xs);
        let span = hi - lo;
        let (buckets, scale) = if span > 0.0 && span.is_finite() {
            (n, n as f64 / span)
        } else {
            (1, 0.0)
        };
        let below_v = samples_below(xs, lo, scale, buckets);
        let below = &below_v[..];
        let mut sorted_v = vec![0.0; n];
        let sorted = &mut sorted_v[..];
        let mut cursor = below[..buckets].to_vec();
        for &x in xs {
            let c = &mut cursor[bucket_of(x, lo, scale, buckets)];
            sorted[*c as usize] = x;
            *c += 1;
        }
        for j in 0..buckets {
            let bucket = &mut sorted[below[j] as usize..below[j + 1] as usize];
            if bucket.len() > 1 {
                sort_floats(bucket);
            }
        }
        let mut sum_squares = 0.0;
        let ranks = xs
            .iter()
            .map(|&x| {
                let j = bucket_of(x, lo, scale, buckets);
                let first = below[j] as usize;
                let same = &sorted[first..below[j + 1] as usize];
                let i = first + same.partition_point(|&v| v < x);
                let end = i + same[i - first..].partition_point(|&v| v <= x);
                let r = (i + 1 + end) as f64 / 2.0 - centre;
                sum_squares += r * r;
                r
            })
            .collect();
        Self { ranks, sum_squares }
    }
}

/// Pearson correlations of `scores` (values in [0, 1] ranked like the input) with two
/// outputs given as centred ranks: Spearman's rho with the input's ranks replaced by
/// their uniform draws, whose ranks they are up to sampling noise. 0 when either side
/// is constant. One pass: the ranks sum to zero, so the scores need not be centred
/// for the cross products.
pub fn rank_correlation(scores: &[f32], a: &CentredRanks, b: &CentredRanks) -> (f64, f64) {
    let n = scores.len().min(a.ranks.len()).min(b.ranks.len());
    if n < 2 {
        return (0.0, 0.0);
    }
    let (scores, ra, rb) = (&scores[..n], &a.ranks[..n], &b.ranks[..n]);
    let (mut sx, mut sxx, mut sxa, mut sxb) = (0.0, 0.0, 0.0, 0.0);
    for i in 0..n {
        let x = f64::from(scores[i]);
        sx += x;
        sxx += x * x;
        sxa += x * ra[i];
        sxb += x * rb[i];
    }
    let vxx = sxx - sx * sx / n as f64;
    let rho = |sxy: f64, syy: f64| {
        if !(vxx > 1e-12) || !(syy > 0.0) {
            0.0
        } else {
            clean((sxy / (vxx * syy).sqrt()).clamp(-1.0, 1.0))
        }
    };
    (rho(sxa, a.sum_squares), rho(sxb, b.sum_squares))
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
    fn bucketed_quantiles_agree_with_a_full_sort() {
        // Protects the counting selection behind every percentile: exact nearest ranks,
        // with ties, skew, constant and tiny inputs.
        let mut rng = super::super::rng::Rng::new(11);
        let qs: Vec<f64> = (0..=100).map(|i| f64::from(i) / 100.0).collect();
        for n in [1usize, 2, 15, 17, 100, 5_000, 50_000] {
            let xs = awkward_samples(&mut rng, n);
            let mut sorted = xs.clone();
            sort_floats(&mut sorted);
            let got = quantiles(&xs, &qs, &mut Vec::new());
            for (&q, &g) in qs.iter().zip(&got) {
                assert_eq!(g, quantile_sorted(&sorted, q), "n={n} q={q}");
            }
            assert_eq!(histogram(&xs), histogram(&sorted));
        }
    }

    /// Samples with ties, heavy skew and a repeated constant, in equal thirds.
    fn awkward_samples(rng: &mut super::super::rng::Rng, n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| match i % 3 {
                0 => (rng.next_f64() * 10.0).floor(),
                1 => rng.next_f64().powi(6) * 1e4,
                _ => 7.0,
            })
            .collect()
    }

    #[test]
    fn bucketed_ranks_agree_with_ranks_from_a_full_sort() {
        // Protects the exact average ranks behind every sensitivity figure: ties,
        // skew, constant and tiny inputs.
        let mut rng = super::super::rng::Rng::new(5);
        for n in [1usize, 2, 3, 17, 1000, 5000] {
            let xs = awkward_samples(&mut rng, n);
            let mut sorted = xs.clone();
            sort_floats(&mut sorted);
            let centre = (n as f64 + 1.0) / 2.0;
            let got = CentredRanks::of(&xs);
            for (&x, &r) in xs.iter().zip(&got.ranks) {
                let i = sorted.partition_point(|&v| v < x);
                let j = sorted.partition_point(|&v| v <= x);
                assert_eq!(r, (i + 1 + j) as f64 / 2.0 - centre, "n={n} x={x}");
            }
            let ss: f64 = got.ranks.iter().map(|r| r * r).sum();
            assert!((got.sum_squares - ss).abs() <= 1e-9 * ss.max(1.0));
        }
        assert_eq!(CentredRanks::of(&[4.0; 9]).ranks, vec![0.0; 9]);
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
        let (up, down) = rank_correlation(&xs, &CentredRanks::of(&ys), &CentredRanks::of(&rev));
        assert!(up > 0.999, "{up}");
        assert!(down < -0.999, "{down}");
        let flat = vec![0.5f32; 1000];
        assert_eq!(
            rank_correlation(&flat, &CentredRanks::of(&ys), &CentredRanks::of(&rev)),
            (0.0, 0.0)
        );
    }
}

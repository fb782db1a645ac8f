//! Sampling effort, impacts and multipliers from three-point estimates (a, m, b).
//!
//! Every sample is drawn by inverse CDF from one uniform number u = w / 2^32 of 32 random
//! bits w, so the rank of a sample equals the rank of its uniform (which the sensitivity
//! analysis relies on) and runs that differ in one input share all other draws. An
//! estimate whose b − a is not above 0 is fixed at m; otherwise:
//!
//! * **Fixed**: m. **Uniform**: a + u(b − a). **Triangular**: with c = (m − a)/(b − a),
//!   a + √(u(b − a)(m − a)) if u < c, else b − √((1 − u)(b − a)(b − m)).
//! * **PERT**: a + (b − a)X with X ~ Beta(α, β), α = 1 + 4(m − a)/(b − a) and
//!   β = 1 + 4(b − m)/(b − a) (so α + β = 6 and the mean is (a + 4m + b)/6). Beta has no
//!   closed-form inverse CDF, so each shape r = (m − a)/(b − a) gets three tables, built
//!   once, that hold X in steps of 1/65,535: the value is a + (b − a)/65,535 × steps.
//!
//! **Main table** (1/64 ≤ u ≤ 63/64, that is 2^26 ≤ w ≤ 2^32 − 2^26). Q_i for
//! i = 0..=512 is X's quantile at i/512 in whole steps (16 bits: 1 KB a shape, so that
//! the trial loop's reads of a 50-task plan's tables stay in the fastest cache). It is
//! found from the density x^(α−1)(1 − x)^(β−1), evaluated at the midpoints of 4,096 equal
//! cells of [0, 1] and summed cell by cell; the sums are inverted at i/512 of the total,
//! linearly within the cell where they reach it, and rounded. The two seams with the end
//! tables, Q_8 and Q_504, are instead the end tables' exact values at 1/64 and 63/64
//! rounded toward the middle, so that values never decrease from an end table into the
//! main table. A draw reads i = ⌊w / 2^23⌋ and f = (w mod 2^23) / 2^23
//! (u = (i + f)/512) and takes Q_i + f(Q_{i+1} − Q_i) steps: within 0.012% of the range
//! of the exact quantile.
//!
//! **End tables** (the outer 1/64 of probability at each end). The tail count is c = w
//! below the main table (u < 1/64) and c = 2^32 − w above it (u > 63/64), so the tail
//! probability is s = c / 2^32. The lower table holds D_m, the steps of X's quantile
//! from 0 at probability s_m, and the upper table the steps of 1 − X from 1 at tail
//! probability s_m (the same rule with α and β swapped); the value is D steps above a,
//! or 65,535 − D steps (D below b). Each holds 417 points, at s_m = 2^(e−32)(1 + j/16) for
//! m = 16e + j (e = 0..=25, j = 0..=15) and s_416 = 1/64: 16 for each halving of s from
//! 1/64 down to 2^−32. A draw with c > 0 writes c = 2^e(1 + (j + g)/16), where e is the
//! position of c's leading bit, j the next 4 bits and g the rest as a fraction, and
//! takes D_m + g(D_{m+1} − D_m) (linear in s between points); c = 0 gives 0.
//!
//! D_m is the exact quantile from the series of the Beta distribution near its end:
//! with t = (α·B(α, β)·s)^(1/α), the quantile is x = t·Σ_{n<32} h_n tⁿ, where
//! h_n is the coefficient of xⁿ in S(x)^(−(n+1)/α), divided by n + 1, and
//! S(x) = α·Σ_k C(β − 1, k)(−x)^k/(α + k). (Near 0 the CDF is x^α·S(x)/(α·B(α, β)), so
//! t = x·S(x)^(1/α), and Lagrange inversion gives the h_n; for s ≤ 1/64 the 32 terms
//! give the quantile to about 1e-15, and the interpolation between points is within
//! 0.012% of the distance from the end.) D_m = 65,535·x, stored as a 32-bit float.
//!
//! The power is computed as t = exp((ln α + ln B(α, β) + (e − 32)·ln 2)/α) ×
//! exp(ln(1 + j/16)/α), with ln B(α, β) = ln Γ(α) + ln Γ(β) − ln Γ(α + β) and ln Γ from
//! Stirling's series (`ln_gamma`). Every logarithm and exponential comes from this
//! module's own `ln` and `exp`, which use only +, −, × and ÷ (exact in IEEE 754), so
//! tables — and therefore every forecast — are bit-identical natively and in WebAssembly.
//!
//! A row of samples (one estimate, many draws: [`Sampler::fill_bits`]) is made two
//! draws at a time with 128-bit SIMD in WebAssembly (`simd`) and by the scalar loop
//! natively (`scalar`): the same IEEE operations lane by lane, so the same values.

use crate::model::{Distribution, ThreePoint};
use std::sync::Arc;

/// Intervals in a PERT main table.
pub const TABLE_INTERVALS: usize = 512;
/// Entries of a stored main table: the quantile at each interval's edges.
const TABLE_LEN: usize = TABLE_INTERVALS + 1;
/// A stored quantile q in [0, 1] is `round(q × QUANTILE_STEPS)`.
const QUANTILE_STEPS: f64 = u16::MAX as f64;
/// Cells of the density grid a main table is integrated from.
const GRID_CELLS: usize = 4096;
/// Main-table intervals at each end whose probability the end tables take instead.
const END_INTERVALS: usize = 8;
/// Draws w below this (u < 1/64) read the lower end table, and draws above its negation
/// (u > 63/64) the upper one.
const END_BITS: u32 = (END_INTERVALS as u32) << 23;
/// Halvings of the tail probability an end table covers: from 1/64 down to 2^-32.
const OCTAVES: usize = END_BITS.trailing_zeros() as usize;
/// Bits of a tail count below its leading one that pick the point within an octave.
const OCTAVE_BITS: u32 = 4;
/// Points of an end table per octave.
const OCTAVE_STEPS: usize = 1 << OCTAVE_BITS;
/// Entries of an end table: `OCTAVE_STEPS` per octave and one at 1/64.
const END_LEN: usize = OCTAVES * OCTAVE_STEPS + 1;
/// Terms of the series of a quantile near an end.
const SERIES_TERMS: usize = 32;

// The high and low parts of ln 2 used for exact range reduction (the fdlibm values,
// written out in full on purpose).
#[allow(clippy::excessive_precision)]
const LN2_HI: f64 = 6.931_471_803_691_238_2e-1;
#[allow(clippy::excessive_precision)]
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
const LN2: f64 = std::f64::consts::LN_2;

/// Natural logarithm of a positive finite number, from basic arithmetic only.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let mut x = x;
    let mut e: i64 = 0;
    if x < f64::MIN_POSITIVE {
        x *= 18_014_398_509_481_984.0; // 2^54
        e -= 54;
    }
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(f) with f = (m − 1)/(m + 1), |f| ≤ 0.172: the odd series to f^25.
    let f = (m - 1.0) / (m + 1.0);
    let s = f * f;
    let mut poly = 0.0;
    let mut j = INV_ODD.len();
    while j > 0 {
        j -= 1;
        poly = poly * s + INV_ODD[j];
    }
    let ef = e as f64;
    ef * LN2_HI + (2.0 * f * poly + ef * LN2_LO)
}

/// 1 / (2j + 1) for j = 0..13.
const INV_ODD: [f64; 13] = {
    let mut t = [0.0; 13];
    let mut j = 0;
    while j < 13 {
        t[j] = 1.0 / (2 * j + 1) as f64;
        j += 1;
    }
    t
};

/// 1 / k! for k = 0..15.
const INV_FACT: [f64; 16] = {
    let mut t = [1.0; 16];
    let mut k = 1;
    while k < 16 {
        t[k] = t[k - 1] / k as f64;
        k += 1;
    }
    t
};

/// e to the power `x`, from basic arithmetic only.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let k = (x / LN2 + 0.5).floor();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series to r^15 by Horner's rule; |r| ≤ 0.35, far below one ulp.
    let mut sum = 0.0;
    let mut i = INV_FACT.len();
    while i > 0 {
        i -= 1;
        sum = sum * r + INV_FACT[i];
    }
    let k = k as i32;
    scale_by_pow2(sum, k)
}

/// `x × 2^k` without leaving the normal range in one step.
fn scale_by_pow2(mut x: f64, mut k: i32) -> f64 {
    while k > 1000 {
        x *= f64::from_bits(((1000 + 1023) as u64) << 52);
        k -= 1000;
    }
    while k < -1000 {
        x *= f64::from_bits(((-1000i32 + 1023) as u64) << 52);
        k += 1000;
    }
    x * f64::from_bits(((k + 1023) as u64) << 52)
}

/// Precomputed `ln x` and `ln (1 − x)` at the midpoints of the density grid, shared by
/// every PERT table of a run.
pub struct LnGrid {
    ln_x: Vec<f64>,
    ln_1mx: Vec<f64>,
}

impl LnGrid {
    /// The grid's logarithms (a few thousand `ln` calls).
    pub fn new() -> Self {
        let (mut ln_x, mut ln_1mx) = (
            Vec::with_capacity(GRID_CELLS),
            Vec::with_capacity(GRID_CELLS),
        );
        for j in 0..GRID_CELLS {
            let x = (j as f64 + 0.5) / GRID_CELLS as f64;
            ln_x.push(ln(x));
            ln_1mx.push(ln(1.0 - x));
        }
        Self { ln_x, ln_1mx }
    }
}

impl Default for LnGrid {
    fn default() -> Self {
        Self::new()
    }
}

/// The mode's position r in [0, 1] (the middle if it is not a number).
fn mode_position(r: f64) -> f64 {
    if r.is_finite() {
        r.clamp(0.0, 1.0)
    } else {
        0.5
    }
}

/// Quantiles of the standard PERT-beta on [0, 1] whose mode is at `r`, at probabilities
/// i / [`TABLE_INTERVALS`]: shape α = 1 + 4r, β = 1 + 4(1 − r).
pub fn pert_table(r: f64, grid: &LnGrid) -> Vec<f64> {
    let r = mode_position(r);
    let (a1, b1) = (4.0 * r, 4.0 * (1.0 - r));
    // Cumulative mass at the cell edges (midpoint rule, so no endpoint singularity).
    let mut cdf = Vec::with_capacity(GRID_CELLS + 1);
    let mut density = Vec::with_capacity(GRID_CELLS);
    cdf.push(0.0);
    let mut total = 0.0;
    for j in 0..GRID_CELLS {
        let d = exp(a1 * grid.ln_x[j] + b1 * grid.ln_1mx[j]);
        density.push(d);
        total += d;
        cdf.push(total);
    }
    let mut table = Vec::with_capacity(TABLE_INTERVALS + 1);
    table.push(0.0);
    let mut j = 0;
    for i in 1..TABLE_INTERVALS {
        let target = total * (i as f64 / TABLE_INTERVALS as f64);
        while j + 1 < GRID_CELLS && cdf[j + 1] < target {
            j += 1;
        }
        let within = if density[j] > 0.0 {
            ((target - cdf[j]) / density[j]).clamp(0.0, 1.0)
        } else {
            0.0
        };
        table.push(((j as f64 + within) / GRID_CELLS as f64).clamp(0.0, 1.0));
    }
    table.push(1.0);
    table
}

/// ½ ln(2π), for Stirling's series.
#[allow(clippy::excessive_precision)]
const HALF_LN_2PI: f64 = 9.189_385_332_046_727_4e-1;

/// ln Γ(x) for x ≥ 1: Γ(x) = Γ(x + 8) / (x(x + 1)…(x + 7)), and Stirling's series to
/// the z⁻⁹ term at z = x + 8 ≥ 9 (whose next term is below 1e-13).
fn ln_gamma(x: f64) -> f64 {
    let product = (0..8).fold(1.0, |p, k| p * (x + f64::from(k)));
    let z = x + 8.0;
    let (w, w2) = (1.0 / z, 1.0 / (z * z));
    let series = w
        * (1.0 / 12.0
            - w2 * (1.0 / 360.0 - w2 * (1.0 / 1260.0 - w2 * (1.0 / 1680.0 - w2 / 1188.0))));
    (z - 0.5) * ln(z) - z + HALF_LN_2PI + series - ln(product)
}

/// Coefficients h of the quantile of Beta(α, β) near 0: x = t·(h₀ + h₁t + h₂t² + …) at
/// probability p, where t = (α·B(α, β)·p)^(1/α).
///
/// Near 0 the CDF is x^α·S(x)/(α·B(α, β)) with S(x) = α·Σ_k C(β − 1, k)(−x)^k/(α + k),
/// so t = x·S(x)^(1/α), and Lagrange inversion gives h_n: the coefficient of xⁿ in
/// S(x)^(−(n+1)/α), divided by n + 1.
fn inverse_series(alpha: f64, beta: f64) -> [f64; SERIES_TERMS] {
    let mut s = [0.0; SERIES_TERMS];
    // C(β − 1, k)(−1)^k, from k = 0.
    let mut binomial = 1.0;
    for (k, sk) in s.iter_mut().enumerate() {
        let k = k as f64;
        *sk = alpha * binomial / (alpha + k);
        binomial *= (k + 1.0 - beta) / (k + 1.0);
    }
    std::array::from_fn(|n| {
        let terms = (n + 1) as f64;
        power_coefficient(&s, -terms / alpha, n) / terms
    })
}

/// The coefficient of xⁿ in S(x)^c for a series S with S(0) = 1, by J. C. P. Miller's
/// recurrence p_k = (1/k)·Σ_{i=1..k} ((c + 1)i − k)·s_i·p_{k−i}, p₀ = 1.
fn power_coefficient(s: &[f64], c: f64, n: usize) -> f64 {
    let mut p = vec![1.0];
    for k in 1..=n {
        let sum: f64 = (1..=k)
            .map(|i| ((c + 1.0) * i as f64 - k as f64) * s[i] * p[k - i])
            .sum();
        p.push(sum / k as f64);
    }
    p[n]
}

/// An end table: the distance of Beta(α, β)'s quantile from 0 at every end-table
/// probability s = 2^(e − 32)·(1 + j/16), point m = 16e + j, in quantile steps.
fn end_table(alpha: f64, beta: f64) -> Vec<f64> {
    let h = inverse_series(alpha, beta);
    let ln_scale = ln(alpha) + ln_gamma(alpha) + ln_gamma(beta) - ln_gamma(alpha + beta);
    // t = (α·B(α, β)·s)^(1/α) is a power of 2 (by octave) times a power of 1 + j/16.
    let octave: Vec<f64> = (0..=OCTAVES)
        .map(|e| exp((ln_scale + (e as f64 - 32.0) * LN2) / alpha))
        .collect();
    let within: Vec<f64> = (0..OCTAVE_STEPS)
        .map(|j| exp(ln(1.0 + j as f64 / OCTAVE_STEPS as f64) / alpha))
        .collect();
    (0..END_LEN)
        .map(|m| {
            let t = octave[m / OCTAVE_STEPS] * within[m % OCTAVE_STEPS];
            t * h.iter().rev().fold(0.0, |sum, &c| sum * t + c) * QUANTILE_STEPS
        })
        .collect()
}

/// How to turn a uniform number into a value of one three-point estimate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sampler {
    /// Always this value.
    Fixed(f64),
    /// Uniform on [lo, lo + width).
    Uniform { lo: f64, width: f64 },
    /// Triangular with its closed-form inverse CDF.
    Triangular {
        lo: f64,
        hi: f64,
        fc: f64,
        left: f64,
        right: f64,
    },
    /// PERT-beta read from the tables of shape number `shape` of [`QuantileTables`]:
    /// `lo + step × q` for a quantile q in steps, where `step` is the range divided by
    /// `QUANTILE_STEPS`.
    Pert { lo: f64, step: f64, shape: u32 },
    /// `scale` times one of `len` recorded ratios from `at` in
    /// [`QuantileTables::ratios`] (sorted), the `⌊u × len⌋`-th: resampling the team's
    /// track record (docs/MODEL.md R159).
    Resampled { scale: f64, at: u32, len: u32 },
}

/// Most PERT shapes remembered between runs before the memory is cleared (more than
/// a valid plan has: 500 tasks, 200 risks with two estimates each, 9 factors).
const CACHE_LIMIT: usize = 1_024;

/// A shape's lower and then upper end table, in quantile steps.
type EndTables = [f32; 2 * END_LEN];

/// The PERT tables of some shapes, as samplers read them: shape k's main table is
/// `main[k × TABLE_LEN..]` (one block, as the trial loop reads it) and its end tables
/// are `ends[k]`, shared with the cache rather than copied (see the module's
/// introduction).
#[derive(Clone, Debug, Default)]
pub struct QuantileTables {
    main: Vec<u16>,
    ends: Vec<Arc<EndTables>>,
    /// The ratio sets of [`Sampler::Resampled`], one after another.
    pub ratios: Vec<f64>,
}

impl QuantileTables {
    /// The tables of the PERT shape with mode at `r`.
    fn of_shape(r: f64, grid: &LnGrid) -> Self {
        let r = mode_position(r);
        let mut main: Vec<u16> = pert_table(r, grid)
            .iter()
            .map(|&q| (q * QUANTILE_STEPS).round() as u16)
            .collect();
        let (alpha, beta) = (1.0 + 4.0 * r, 1.0 + 4.0 * (1.0 - r));
        let (lower, upper) = (end_table(alpha, beta), end_table(beta, alpha));
        // The seams: the end tables' points at 1/64, rounded toward the middle.
        let seam = |table: &[f64]| table[END_LEN - 1].ceil();
        main[END_INTERVALS] = seam(&lower) as u16;
        main[TABLE_INTERVALS - END_INTERVALS] = (QUANTILE_STEPS - seam(&upper)) as u16;
        let ends = std::array::from_fn(|i| match i.checked_sub(END_LEN) {
            None => lower[i] as f32,
            Some(i) => upper[i] as f32,
        });
        Self {
            main,
            ends: vec![Arc::new(ends)],
            ratios: Vec::new(),
        }
    }

    /// Adds the shapes of `other` after these.
    fn append(&mut self, other: &Self) {
        self.main.extend_from_slice(&other.main);
        self.ends.extend(other.ends.iter().cloned());
    }

    /// Shape k's main table and its two end tables.
    #[inline(always)]
    fn shape(&self, k: u32) -> Option<(&[u16; TABLE_LEN], &EndTables)> {
        let k = k as usize;
        let main = self.main.get(k * TABLE_LEN..(k + 1) * TABLE_LEN)?;
        let ends: &EndTables = self.ends.get(k)?;
        Some((main.try_into().ok()?, ends))
    }
}

/// The shared logarithm grid (made on first use) and the tables by shape.
type TableCache = (Option<LnGrid>, Vec<(u64, QuantileTables)>);

thread_local! {
    /// The shared logarithm grid (made on first use) and the PERT tables by shape (the
    /// bits of r), kept between runs: a table is a pure function of its shape, so
    /// reusing one changes no result, and re-running a forecast after an edit rebuilds
    /// only the shapes that changed. Looked up by a linear search, which for a plan's
    /// few hundred shapes costs less than a hash map's code.
    static TABLE_CACHE: std::cell::RefCell<TableCache> =
        const { std::cell::RefCell::new((None, Vec::new())) };
}

/// Appends the tables of the PERT shape with mode at `r` to `out`, from the cache if
/// possible.
fn append_shape(r: f64, out: &mut QuantileTables) {
    TABLE_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let (grid, tables) = &mut *cache;
        let key = r.to_bits();
        if let Some((_, t)) = tables.iter().find(|(k, _)| *k == key) {
            out.append(t);
            return;
        }
        if tables.len() >= CACHE_LIMIT {
            tables.clear();
        }
        let t = QuantileTables::of_shape(r, grid.get_or_insert_with(LnGrid::new));
        out.append(&t);
        tables.push((key, t));
    })
}

/// Quantile tables of a run, deduplicated by shape.
#[derive(Default)]
pub struct Tables {
    /// The tables of every shape so far, which the samplers read.
    pub values: QuantileTables,
    /// The shapes (the bits of r) in the order of their tables.
    shapes: Vec<u64>,
}

impl Tables {
    /// No tables yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A sampler of `scale` times one of `ratios` (sorted, not empty), each equally
    /// likely.
    pub fn resampled(&mut self, scale: f64, ratios: &[f64]) -> Sampler {
        let at = self.values.ratios.len() as u32;
        self.values.ratios.extend_from_slice(ratios);
        Sampler::Resampled {
            scale,
            at,
            len: ratios.len() as u32,
        }
    }

    /// The sampler for a validated three-point estimate.
    pub fn sampler(&mut self, tp: &ThreePoint, dist: Distribution) -> Sampler {
        let (a, m, b) = (tp.optimistic, tp.most_likely, tp.pessimistic);
        let width = b - a;
        if dist == Distribution::Fixed || !(width > 0.0) {
            return Sampler::Fixed(m);
        }
        match dist {
            Distribution::Fixed => Sampler::Fixed(m),
            Distribution::Uniform => Sampler::Uniform { lo: a, width },
            Distribution::Triangular => Sampler::Triangular {
                lo: a,
                hi: b,
                fc: (m - a) / width,
                left: width * (m - a),
                right: width * (b - m),
            },
            Distribution::Pert => Sampler::Pert {
                lo: a,
                step: width / QUANTILE_STEPS,
                shape: self.shape(((m - a) / width).clamp(0.0, 1.0)),
            },
        }
    }

    /// The number of the shape with mode at `r`, whose tables are added if new.
    fn shape(&mut self, r: f64) -> u32 {
        let key = r.to_bits();
        let found = self.shapes.iter().position(|&k| k == key);
        found.unwrap_or_else(|| {
            append_shape(r, &mut self.values);
            self.shapes.push(key);
            self.shapes.len() - 1
        }) as u32
    }
}

/// 2^-32: turns 32 random bits into a uniform number in [0, 1).
pub const TO_UNIT_32: f64 = 1.0 / (1u64 << 32) as f64;
/// 2^-23: turns the 23 bits below a main-table index into the fraction within its interval.
const TO_FRACTION: f64 = 1.0 / (1u64 << 23) as f64;
/// Bits of a tail count (normalised to its leading one at bit 31) below the point within
/// the octave.
const OCTAVE_FRACTION_BITS: u32 = 31 - OCTAVE_BITS;
/// Turns those bits into the fraction between two points of an end table.
const TO_OCTAVE_FRACTION: f64 = 1.0 / (1u64 << OCTAVE_FRACTION_BITS) as f64;
/// Draws w with w − `END_BITS` (wrapping) at most this read the main table.
const MAIN_SPAN: u32 = 0u32.wrapping_sub(2 * END_BITS);

/// X in quantile steps at u = `bits` × 2^-32 (see the module's introduction).
#[inline(always)]
fn pert_steps(bits: u32, main: &[u16; TABLE_LEN], ends: &EndTables) -> f64 {
    if bits.wrapping_sub(END_BITS) <= MAIN_SPAN {
        let i = (bits >> 23) as usize;
        let frac = f64::from(bits & ((1 << 23) - 1)) * TO_FRACTION;
        let (q0, q1) = (f64::from(main[i]), f64::from(main[i + 1]));
        q0 + frac * (q1 - q0)
    } else {
        end_steps(bits, ends)
    }
}

/// X in quantile steps for a draw in the outer 1/64 of probability at either end.
#[inline(always)]
fn end_steps(bits: u32, ends: &EndTables) -> f64 {
    if bits < 1 << 31 {
        end_distance(bits, &ends[..END_LEN])
    } else {
        QUANTILE_STEPS - end_distance(bits.wrapping_neg(), &ends[END_LEN..])
    }
}

/// The distance from the end, in quantile steps, at tail probability `count` × 2^-32
/// (`count` < 2^26): linear between the end table's two points around it.
#[inline(always)]
fn end_distance(count: u32, table: &[f32]) -> f64 {
    let zeros = count.leading_zeros();
    let Some(normalised) = count.checked_shl(zeros) else {
        return 0.0;
    };
    let octave = (31 - zeros) as usize;
    let point = (normalised >> OCTAVE_FRACTION_BITS) as usize & (OCTAVE_STEPS - 1);
    let m = octave * OCTAVE_STEPS + point;
    let frac = f64::from(normalised & ((1 << OCTAVE_FRACTION_BITS) - 1)) * TO_OCTAVE_FRACTION;
    match table.get(m..m + 2) {
        Some(&[d0, d1]) => {
            let (d0, d1) = (f64::from(d0), f64::from(d1));
            d0 + frac * (d1 - d0)
        }
        _ => 0.0,
    }
}

/// A PERT value at u = `bits` × 2^-32 (the middle of the range if the tables are
/// missing, which a compiled plan never lets happen).
#[inline(always)]
fn pert_value(lo: f64, step: f64, shape: u32, bits: u32, tables: &QuantileTables) -> f64 {
    let steps = match tables.shape(shape) {
        Some((main, ends)) => pert_steps(bits, main, ends),
        None => QUANTILE_STEPS / 2.0,
    };
    lo + step * steps
}

/// One PERT value: `(lo + step × X) × scale` for the draw `bits`.
#[inline(always)]
fn pert_scaled(
    lo: f64,
    step: f64,
    bits: u32,
    scale: f64,
    main: &[u16; TABLE_LEN],
    ends: &EndTables,
) -> f64 {
    (lo + step * pert_steps(bits, main, ends)) * scale
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use scalar::{closed_row, pert_row};
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd::{closed_row, pert_row};

/// The native engine's rows of samples (WebAssembly runs [`simd`]'s).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod scalar {
    use super::{pert_scaled, EndTables, QuantileTables, Sampler, TABLE_LEN};

    /// `out[b] = sampler.sample_bits(bits of words[b]) × scale[b]` (all of one length)
    /// for a sampler with a closed form.
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn closed_row(
        sampler: &Sampler,
        words: &[u64],
        shift: u32,
        scale: &[f64],
        out: &mut [f64],
        tables: &QuantileTables,
    ) {
        if let Sampler::Fixed(v) = *sampler {
            for b in 0..out.len() {
                out[b] = v * scale[b];
            }
        } else {
            for b in 0..out.len() {
                out[b] = sampler.sample_bits((words[b] >> shift) as u32, tables) * scale[b];
            }
        }
    }

    /// `out[b] = (lo + step × X(bits of words[b])) × scale[b]` (all of one length).
    #[allow(clippy::too_many_arguments, clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn pert_row(
        lo: f64,
        step: f64,
        main: &[u16; TABLE_LEN],
        ends: &EndTables,
        words: &[u64],
        shift: u32,
        scale: &[f64],
        out: &mut [f64],
    ) {
        for b in 0..out.len() {
            let bits = (words[b] >> shift) as u32;
            out[b] = pert_scaled(lo, step, bits, scale[b], main, ends);
        }
    }
}

/// WebAssembly's 128-bit SIMD for rows of samples: two draws at a time.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{
        pert_scaled, EndTables, QuantileTables, Sampler, END_BITS, MAIN_SPAN, TABLE_LEN, TO_UNIT_32,
    };
    use core::arch::wasm32::*;

    /// `out[b] = value(u) × scale[b]` for the pairs of draws of a row, where u holds the
    /// pair's uniforms (bits × 2^-32, exact); returns how many values were written.
    #[inline(always)]
    fn closed_pairs(
        words: &[u64],
        shift: u32,
        scale: &[f64],
        out: &mut [f64],
        value: impl Fn(v128) -> v128,
    ) -> usize {
        let n = out.len().min(words.len()).min(scale.len()) & !1;
        let unit = f64x2_splat(TO_UNIT_32);
        // Index loops: at opt-level "z" iterator adapters are not always inlined.
        for i in 0..n / 2 {
            let b = 2 * i;
            // SAFETY: b + 1 < n, which no slice is shorter than; v128 loads and stores
            // need no alignment.
            let (w, s) = unsafe {
                (
                    v128_load(words.as_ptr().add(b).cast()),
                    v128_load(scale.as_ptr().add(b).cast()),
                )
            };
            let bits = u64x2_shr(w, shift);
            let u = f64x2_mul(
                f64x2_convert_low_u32x4(i32x4_shuffle::<0, 2, 0, 2>(bits, bits)),
                unit,
            );
            // SAFETY: as for the loads.
            unsafe { v128_store(out.as_mut_ptr().add(b).cast(), f64x2_mul(value(u), s)) };
        }
        n
    }

    /// The scalar row's values (`sampler.sample_bits(bits) × scale[b]`) for a sampler
    /// with a closed form, two draws at a time: lane by lane the same IEEE operations
    /// (square roots are correctly rounded, and a triangular value computes both sides
    /// and keeps the one the scalar branch takes), so the same values bit for bit.
    #[inline(never)]
    pub(super) fn closed_row(
        sampler: &Sampler,
        words: &[u64],
        shift: u32,
        scale: &[f64],
        out: &mut [f64],
        tables: &QuantileTables,
    ) {
        let done = match *sampler {
            Sampler::Fixed(v) => {
                let v = f64x2_splat(v);
                closed_pairs(words, shift, scale, out, |_| v)
            }
            Sampler::Uniform { lo, width } => {
                let (lo, width) = (f64x2_splat(lo), f64x2_splat(width));
                closed_pairs(words, shift, scale, out, |u| {
                    f64x2_add(lo, f64x2_mul(u, width))
                })
            }
            Sampler::Triangular {
                lo,
                hi,
                fc,
                left,
                right,
            } => {
                let [lo, hi, fc, left, right] = [lo, hi, fc, left, right].map(|x| f64x2_splat(x));
                let one = f64x2_splat(1.0);
                closed_pairs(words, shift, scale, out, |u| {
                    let below = f64x2_add(lo, f64x2_sqrt(f64x2_mul(u, left)));
                    let above = f64x2_sub(hi, f64x2_sqrt(f64x2_mul(f64x2_sub(one, u), right)));
                    v128_bitselect(below, above, f64x2_lt(u, fc))
                })
            }
            Sampler::Pert { .. } | Sampler::Resampled { .. } => 0,
        };
        let n = out.len().min(words.len()).min(scale.len());
        for b in done..n {
            out[b] = sampler.sample_bits((words[b] >> shift) as u32, tables) * scale[b];
        }
    }

    /// Whether a draw reads the main table.
    #[inline(always)]
    fn inner(bits: u32) -> bool {
        bits.wrapping_sub(END_BITS) <= MAIN_SPAN
    }

    /// Main-table entries i and i + 1 of the draw `bits` as the low and high halves of
    /// one word (i = ⌊bits / 2^23⌋ < 512, so both are in the table).
    #[inline(always)]
    fn neighbours(bits: u32, main: &[u16; TABLE_LEN]) -> u32 {
        let i = (bits >> 23) as usize;
        u32::from(main[i]) | u32::from(main[i + 1]) << 16
    }

    /// The scalar row's values two draws at a time, lane by lane the same IEEE
    /// operations on the same numbers: the table entries and the fraction
    /// (bits mod 2^23) × 2^-23 are exact either way (the fraction is made as
    /// 1 + f − 1 from its bits), so the values are the same bit for bit. A pair with a
    /// draw in an end table takes the scalar path for both.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    pub(super) fn pert_row(
        lo: f64,
        step: f64,
        main: &[u16; TABLE_LEN],
        ends: &EndTables,
        words: &[u64],
        shift: u32,
        scale: &[f64],
        out: &mut [f64],
    ) {
        let n = out.len().min(words.len()).min(scale.len());
        let (lo_v, step_v) = (f64x2_splat(lo), f64x2_splat(step));
        let one = f64x2_splat(1.0);
        let (low23, low16) = (u64x2_splat((1 << 23) - 1), u32x4_splat(0xffff));
        // Index loops: at opt-level "z" iterator adapters are not always inlined.
        for i in 0..n / 2 {
            let b = 2 * i;
            let (b0, b1) = ((words[b] >> shift) as u32, (words[b + 1] >> shift) as u32);
            if !(inner(b0) & inner(b1)) {
                out[b] = pert_scaled(lo, step, b0, scale[b], main, ends);
                out[b + 1] = pert_scaled(lo, step, b1, scale[b + 1], main, ends);
                continue;
            }
            let bits = u64x2(u64::from(b0), u64::from(b1));
            let frac = f64x2_sub(v128_or(u64x2_shl(v128_and(bits, low23), 29), one), one);
            let q = u32x4(neighbours(b0, main), neighbours(b1, main), 0, 0);
            let q0 = f64x2_convert_low_u32x4(v128_and(q, low16));
            let q1 = f64x2_convert_low_u32x4(u32x4_shr(q, 16));
            let steps = f64x2_add(q0, f64x2_mul(frac, f64x2_sub(q1, q0)));
            // SAFETY: b + 1 < n, which no slice is shorter than; v128 loads and stores
            // need no alignment.
            let scale = unsafe { v128_load(scale.as_ptr().add(b).cast()) };
            let v = f64x2_mul(f64x2_add(lo_v, f64x2_mul(step_v, steps)), scale);
            // SAFETY: as for the load.
            unsafe { v128_store(out.as_mut_ptr().add(b).cast(), v) };
        }
        for b in n & !1..n {
            out[b] = pert_scaled(lo, step, (words[b] >> shift) as u32, scale[b], main, ends);
        }
    }
}

impl Sampler {
    /// The value at probability `u = bits × 2^-32`: for PERT the same value as
    /// [`Sampler::sample`] of that u, read from the bits without a float-to-integer
    /// conversion.
    #[inline(always)]
    pub fn sample_bits(&self, bits: u32, tables: &QuantileTables) -> f64 {
        match *self {
            Sampler::Pert { lo, step, shape } => pert_value(lo, step, shape, bits, tables),
            _ => self.sample(f64::from(bits) * TO_UNIT_32, tables),
        }
    }

    /// `out[b] = sample_bits(bits of words[b]) × scale[b]` for every b, where the bits
    /// of a word are its 32 bits from `shift`: [`Sampler::sample_bits`] with the choice
    /// of distribution made once for the whole row rather than once per value.
    pub fn fill_bits(
        &self,
        words: &[u64],
        shift: u32,
        scale: &[f64],
        out: &mut [f64],
        tables: &QuantileTables,
    ) {
        let n = out.len().min(words.len()).min(scale.len());
        let (words, scale, out) = (&words[..n], &scale[..n], &mut out[..n]);
        let pert = match *self {
            Sampler::Pert { lo, step, shape } => tables.shape(shape).map(|t| (lo, step, t)),
            _ => None,
        };
        match (*self, pert) {
            (_, Some((lo, step, (main, ends)))) => {
                pert_row(lo, step, main, ends, words, shift, scale, out);
            }
            _ => closed_row(self, words, shift, scale, out, tables),
        }
    }

    /// The value at probability `u` in [0, 1) (PERT reads u to 32 bits, as drawn).
    #[inline(always)]
    pub fn sample(&self, u: f64, tables: &QuantileTables) -> f64 {
        match *self {
            Sampler::Fixed(v) => v,
            Sampler::Uniform { lo, width } => lo + u * width,
            Sampler::Triangular {
                lo,
                hi,
                fc,
                left,
                right,
            } => {
                if u < fc {
                    lo + (u * left).sqrt()
                } else {
                    hi - ((1.0 - u) * right).sqrt()
                }
            }
            Sampler::Pert { lo, step, shape } => {
                pert_value(lo, step, shape, (u / TO_UNIT_32) as u32, tables)
            }
            Sampler::Resampled { scale, at, len } => {
                let i = ((u * f64::from(len)) as u32).min(len.saturating_sub(1));
                scale * tables.ratios.get((at + i) as usize).copied().unwrap_or(1.0)
            }
        }
    }

    /// The distribution's exact mean (for PERT, (a + 4m + b) / 6).
    pub fn mean_of(tp: &ThreePoint, dist: Distribution) -> f64 {
        let (a, m, b) = (tp.optimistic, tp.most_likely, tp.pessimistic);
        match dist {
            Distribution::Fixed => m,
            Distribution::Uniform => (a + b) / 2.0,
            Distribution::Triangular => (a + m + b) / 3.0,
            Distribution::Pert => (a + 4.0 * m + b) / 6.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_and_exp_match_the_platform_to_near_one_ulp() {
        // Protects the accuracy of the portable ln/exp that PERT tables are built from.
        for &x in &[
            1e-300, 1e-10, 0.001, 0.1, 0.5, 0.999, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300,
        ] {
            let (ours, std) = (ln(x), x.ln());
            assert!(
                (ours - std).abs() <= 4.0 * f64::EPSILON * std.abs().max(1.0),
                "ln {x}: {ours} vs {std}"
            );
        }
        for &x in &[-700.0, -33.0, -1.0, -1e-8, 0.0, 0.3, 1.0, 5.5, 100.0, 700.0] {
            let (ours, std) = (exp(x), x.exp());
            assert!(
                ((ours - std) / std).abs() <= 4.0 * f64::EPSILON,
                "exp {x}: {ours} vs {std}"
            );
        }
    }

    #[test]
    fn pert_tables_have_the_pert_mean() {
        // Protects the PERT mean (a + 4m + b) / 6 of table-based sampling, integrated
        // exactly over the table (no Monte Carlo noise): within 0.1% of the width.
        let grid = LnGrid::new();
        for r in [0.0, 0.1, 0.25, 0.5, 0.8, 1.0] {
            let t = pert_table(r, &grid);
            let mean: f64 =
                t.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / TABLE_INTERVALS as f64;
            let want = (1.0 + 4.0 * r) / 6.0;
            assert!((mean - want).abs() < 1e-3, "r={r}: {mean} vs {want}");
            assert!(t.windows(2).all(|w| w[0] <= w[1]), "table must be monotone");
        }
    }

    #[test]
    fn symmetric_pert_has_its_median_in_the_middle() {
        // Protects the shape of the table, not only its mean.
        let t = pert_table(0.5, &LnGrid::new());
        assert!((t[TABLE_INTERVALS / 2] - 0.5).abs() < 1e-6);
        // Beta(3, 3) has its 10th percentile at 0.2466.
        let p10 =
            t[TABLE_INTERVALS / 10] + 0.2 * (t[TABLE_INTERVALS / 10 + 1] - t[TABLE_INTERVALS / 10]);
        assert!((p10 - 0.2466).abs() < 2e-3, "{p10}");
    }

    #[test]
    fn sampling_from_bits_equals_sampling_from_the_uniform() {
        // Protects the fast PERT paths: a row of draws and one draw from its bits must
        // give exactly the value of the uniform they stand for.
        let mut tables = Tables::new();
        let s = tables.sampler(&ThreePoint::new(2.0, 3.0, 9.0), Distribution::Pert);
        let mut rng = super::super::rng::Rng::new(5);
        let words: Vec<u64> = (0..10_000).map(|_| rng.next_u64()).collect();
        let mut row = vec![0.0; words.len()];
        s.fill_bits(
            &words,
            32,
            &vec![1.0; words.len()],
            &mut row,
            &tables.values,
        );
        for (&w, &value) in words.iter().zip(&row) {
            let bits = (w >> 32) as u32;
            let u = f64::from(bits) * TO_UNIT_32;
            assert_eq!(s.sample_bits(bits, &tables.values), value);
            assert_eq!(s.sample(u, &tables.values), value);
        }
    }

    #[test]
    fn main_tables_are_the_grid_quantiles_to_within_half_a_step() {
        // Protects the 16-bit encoding of the main tables: between 1/64 and 63/64 a PERT
        // sample is the unrounded grid table's interpolation to within half a quantile
        // step, and to within a step next to the seams, which are rounded toward the
        // middle.
        let grid = LnGrid::new();
        let mut tables = Tables::new();
        for (a, m, b) in [
            (2.0, 3.0, 9.0),
            (0.0, 0.0, 1.0),
            (10.0, 40.0, 41.0),
            (1.0, 5.0, 9.0),
        ] {
            let s = tables.sampler(&ThreePoint::new(a, m, b), Distribution::Pert);
            let unrounded = pert_table((m - a) / (b - a), &grid);
            for i in 4 * END_INTERVALS..4 * (TABLE_INTERVALS - END_INTERVALS) {
                let pos = i as f64 / 4.0;
                let j = pos as usize;
                let (q0, q1) = (unrounded[j], unrounded[j + 1]);
                let want = a + (b - a) * (q0 + (pos - j as f64) * (q1 - q0));
                let got = s.sample(pos / TABLE_INTERVALS as f64, &tables.values);
                let seam = j == END_INTERVALS || j == TABLE_INTERVALS - END_INTERVALS - 1;
                let steps = if seam { 1.0 } else { 0.5 };
                let tolerance = (b - a) * (steps / QUANTILE_STEPS + 1e-9);
                assert!(
                    (got - want).abs() <= tolerance,
                    "{a} {m} {b} pos={pos}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn ln_gamma_matches_known_values() {
        // Protects B(α, β) of the end tables: Γ(1) = Γ(2) = 1, Γ(6) = 120,
        // Γ(1.5) = √π/2 and Γ(3.5) = 15√π/8.
        let root_pi = std::f64::consts::PI.sqrt();
        for (x, gamma) in [
            (1.0, 1.0),
            (2.0, 1.0),
            (6.0, 120.0),
            (1.5, root_pi / 2.0),
            (3.5, 15.0 * root_pi / 8.0),
        ] {
            let got = ln_gamma(x);
            let want: f64 = f64::ln(gamma);
            assert!((got - want).abs() < 1e-13, "ln Γ({x}) = {got}, not {want}");
        }
    }

    #[test]
    fn end_tables_start_and_end_where_the_main_table_meets_them() {
        // Protects the seam between the tables: a draw just inside an end region is
        // within a quantile step of the main table's edge there, and no larger (lower
        // end) or smaller (upper end) than it.
        let mut tables = Tables::new();
        for (a, m, b) in [(0.0, 1.0, 10.0), (1.0, 1.0, 5.0), (2.0, 3.0, 4.0)] {
            let s = tables.sampler(&ThreePoint::new(a, m, b), Distribution::Pert);
            let step = (b - a) / QUANTILE_STEPS;
            let (inner_lo, outer_lo) = (
                s.sample_bits(END_BITS, &tables.values),
                s.sample_bits(END_BITS - 1, &tables.values),
            );
            assert!(
                outer_lo <= inner_lo && inner_lo - outer_lo < step,
                "{outer_lo} {inner_lo}"
            );
            let (inner_hi, outer_hi) = (
                s.sample_bits(END_BITS.wrapping_neg(), &tables.values),
                s.sample_bits(END_BITS.wrapping_neg() + 1, &tables.values),
            );
            assert!(
                outer_hi >= inner_hi && outer_hi - inner_hi < step,
                "{inner_hi} {outer_hi}"
            );
        }
    }

    #[test]
    fn triangular_and_uniform_quantiles_are_exact() {
        // Protects the closed-form inverse CDFs.
        let mut tables = Tables::new();
        let tp = ThreePoint::new(2.0, 4.0, 10.0);
        let tri = tables.sampler(&tp, Distribution::Triangular);
        assert_eq!(tri.sample(0.25, &tables.values), 4.0);
        assert!(
            (tri.sample(0.5, &tables.values) - (10.0 - (0.5f64 * 8.0 * 6.0).sqrt())).abs() < 1e-12
        );
        let uni = tables.sampler(&tp, Distribution::Uniform);
        assert_eq!(uni.sample(0.5, &tables.values), 6.0);
        let fixed = tables.sampler(&tp, Distribution::Fixed);
        assert_eq!(fixed.sample(0.9, &tables.values), 4.0);
    }
}

//! Correlated estimates (docs/MODEL.md §19): a Gaussian copula made of common factors.
//!
//! Each task's own 32-bit draw becomes a normal score ε; each phase and each role has a
//! common normal factor per trial (F and G, from a stream of their own); the task's
//! score `z = a·F + b·G + e·ε`, with `a² + b² + e² = 1`, goes back through the normal
//! distribution function to a 32-bit draw, at which the task's own sampler is read. So
//! every task keeps its distribution exactly, any setting is a valid correlation (the
//! scores are sums of independent normals), and since ranks survive every monotone map,
//! two tasks sharing one factor have Spearman's rank correlation
//! `(6/π)·asin(ρ/2)` for the scores' correlation `ρ` — which is why a setting, given as
//! the rank correlation a planner wants, becomes `ρ = 2·sin(π·setting/6)`.
//!
//! Everything is basic arithmetic (`ln`, `exp`, `sqrt`, which IEEE 754 rounds exactly)
//! so that every target computes the same bits. Both maps are read from tables of cubic
//! (Hermite) pieces, built once at the first correlated draw from exact functions: the
//! normal score from Acklam's rational approximation of the inverse normal (relative
//! error below 1.2e-9), 64 pieces per octave of the draw's lower half (within 4e-9 of
//! it, 4e-10 away from the seam of his two formulas), and Φ from Hart's (1968)
//! algorithm 5666 as given by West (2005), 128 pieces per unit of `|z|` up to 7 (within
//! 1e-11 of Φ; a 32-bit draw's step is 2.3e-10). The tables are rules of the model
//! (docs/MODEL.md R114, R115), not stand-ins; reading them replaces a division per
//! score (and `ln` and `sqrt` in the tails) and an `exp`, a rational function and a
//! division per Φ.
//!
//! The alternative the issue names, a mixture with a shared draw (each task takes the
//! group's uniform with some probability, else its own), needs no transcendental
//! function but puts a share of trials exactly on the diagonal — tasks at the same
//! quantile — and its rank correlation is the square of its mixing probability rather
//! than a smooth dependence, so it was not implemented. The normal-score construction
//! costs two table readings per uncertain task and trial, in passes over each row of 64
//! trials (see [`Loadings::draw_row`]). On the bench's correlated case (50 tasks, 10
//! risks, 50,000 trials), measured with `scripts/bench.sh` in one session on a busy
//! two-core machine: WebAssembly in Chromium 75.6 ms against 39.9 ms without
//! correlation (with the two functions computed at every draw, 125.8 ms against
//! 37.2 ms); natively 85.5 ms against 63.9 ms (113 ms against 53 ms).

use std::sync::OnceLock;

use super::dist::{ln, TO_UNIT_32};

/// Key of the correlation stream: `S XOR` this (the bytes of "CORRELAT").
pub const CORRELATION_KEY: u64 = 0x434F_5252_454C_4154;

/// The phases' factors come first in a trial's correlation draws, then the roles'.
pub const PHASE_FACTORS: usize = 7;

/// `sin x` for `0 ≤ x ≤ π/6`, by its Taylor series to `x^21`:
/// `x(1 − x²/(2·3)(1 − x²/(4·5)(… (1 − x²/(20·21)))))`.
fn sin_small(x: f64) -> f64 {
    let s = x * x;
    let mut poly = 1.0;
    for j in (1..=10).rev() {
        poly = 1.0 - s * poly / f64::from((2 * j) * (2 * j + 1));
    }
    x * poly
}

/// The correlation of normal scores that gives Spearman's rank correlation `rank`:
/// `2·sin(π·rank/6)` (0 for 0, 1 for 1).
pub fn normal_correlation(rank: f64) -> f64 {
    2.0 * sin_small(std::f64::consts::PI / 6.0 * rank.clamp(0.0, 1.0))
}

// Acklam's coefficients as published.
#[allow(clippy::excessive_precision)]
const A: [f64; 6] = [
    -3.969_683_028_665_376e1,
    2.209_460_984_245_205e2,
    -2.759_285_104_469_687e2,
    1.383_577_518_672_690e2,
    -3.066_479_806_614_716e1,
    2.506_628_277_459_239,
];
const B: [f64; 5] = [
    -5.447_609_879_822_406e1,
    1.615_858_368_580_409e2,
    -1.556_989_798_598_866e2,
    6.680_131_188_771_972e1,
    -1.328_068_155_288_572e1,
];
const C: [f64; 6] = [
    -7.784_894_002_430_293e-3,
    -3.223_964_580_411_365e-1,
    -2.400_758_277_161_838,
    -2.549_732_539_343_734,
    4.374_664_141_464_968,
    2.938_163_982_698_783,
];
const D: [f64; 4] = [
    7.784_695_709_041_462e-3,
    3.224_671_290_700_398e-1,
    2.445_134_137_142_996,
    3.754_408_661_907_416,
];
/// Where Acklam's central region ends.
const P_LOW: f64 = 0.02425;

/// The tails' rational function of `q = sqrt(−2 ln p)`.
#[inline(always)]
fn tail(q: f64) -> f64 {
    (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
        / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
}

/// Acklam's inverse normal at `p` in (0, 1).
fn acklam(p: f64) -> f64 {
    if p < P_LOW {
        tail((-2.0 * ln(p)).sqrt())
    } else if p <= 1.0 - P_LOW {
        central(p)
    } else {
        -tail((-2.0 * ln(1.0 - p)).sqrt())
    }
}

/// The normal scores' table covers the draws `u` of the lower half in the octaves
/// `[2^k, 2^(k+1))`, `k = 16 … 30`.
const SCORE_LOW_OCTAVE: u32 = 16;
/// Intervals per octave: `2^6`.
const SCORE_STEPS_LOG2: u32 = 6;
/// Intervals of the normal scores' table.
pub const SCORE_INTERVALS: usize = 15 << SCORE_STEPS_LOG2;

/// Acklam's inverse normal as cubic coefficients per interval: octave `k`'s interval `i`
/// spans the draws `u0 = 2^k + i × w` to `u1 = u0 + w`, `w = 2^(k−6)`, and takes the
/// Hermite cubic in `t` (`p = (u0 + t × w) × 2^-32`) of `N_a = acklam(u_a × 2^-32)` and
/// its steps `S_a = (w × 2^-32) × 2.506628274631 / exp(−N_a × N_a / 2)` (the slope of
/// the inverse normal is 1/φ): `[N_0, S_0, (3 × (N_1 − N_0) − 2 × S_0) − S_1,
/// (2 × (N_0 − N_1) + S_0) + S_1]` (constant term first). Built once, at the first
/// correlated draw.
pub fn score_table() -> &'static [[f64; 4]; SCORE_INTERVALS] {
    static TABLE: OnceLock<Box<[[f64; 4]; SCORE_INTERVALS]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Box::new([[0.0; 4]; SCORE_INTERVALS]);
        for (j, c) in table.iter_mut().enumerate() {
            let k = SCORE_LOW_OCTAVE + (j >> SCORE_STEPS_LOG2) as u32;
            let w = f64::from(1u32 << (k - SCORE_STEPS_LOG2));
            let u0 = f64::from(1u32 << k) + (j & ((1 << SCORE_STEPS_LOG2) - 1)) as f64 * w;
            let point = |u: f64| {
                let n = acklam(u * TO_UNIT_32);
                (n, w * TO_UNIT_32 * SQRT_2PI / exp_neg(-n * n / 2.0))
            };
            let ((n0, s0), (n1, s1)) = (point(u0), point(u0 + w));
            *c = [
                n0,
                s0,
                (3.0 * (n1 - n0) - 2.0 * s0) - s1,
                (2.0 * (n0 - n1) + s0) + s1,
            ];
        }
        table
    })
}

/// The normal score `N(d)` of a 32-bit draw `d`, from the table of Acklam's inverse
/// normal ([`score_table`]): with `u = d` for `d < 2^31` and `u = 2^32 − 1 − d` (the
/// score negated) above, `u < 2^16` takes Acklam's function itself at
/// `p = (d + 0.5) × 2^-32`; otherwise, with `k` the highest set bit of `u`, `w = 2^(k−6)`,
/// the interval `i = ⌊(u − 2^k) / w⌋` of octave `k` and `t = ((u mod w) + 0.5) / w`,
/// `N = ((c3 t + c2) t + c1) t + c0`.
#[inline(always)]
pub fn normal_score(table: &[[f64; 4]; SCORE_INTERVALS], d: u32) -> f64 {
    let upper = d >> 31;
    let u = d ^ 0u32.wrapping_sub(upper);
    if u < 1 << SCORE_LOW_OCTAVE {
        return acklam(probability(d));
    }
    let k = 31 - u.leading_zeros();
    let shift = k - SCORE_STEPS_LOG2;
    let j = (((k - SCORE_LOW_OCTAVE) << SCORE_STEPS_LOG2)
        | ((u >> shift) & ((1 << SCORE_STEPS_LOG2) - 1))) as usize;
    let t =
        (f64::from(u & ((1 << shift) - 1)) + 0.5) * f64::from_bits(u64::from(1023 - shift) << 52);
    let c = &table[j];
    let n = ((c[3] * t + c[2]) * t + c[1]) * t + c[0];
    // Negated above the middle by flipping the sign bit, which is what `-n` does: a
    // float select on a random sign becomes a branch in WebAssembly engines.
    f64::from_bits(n.to_bits() ^ (u64::from(upper) << 63))
}

/// `p = (d + 0.5) × 2^-32`.
#[inline(always)]
fn probability(d: u32) -> f64 {
    (f64::from(d) + 0.5) * TO_UNIT_32
}

/// Acklam's central region's rational function of `q = p − 0.5`.
#[inline(always)]
fn central(p: f64) -> f64 {
    let q = p - 0.5;
    let r = q * q;
    (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
}

const P: [f64; 7] = [
    3.526_249_659_989_11e-2,
    0.700_383_064_443_688,
    6.373_962_203_531_65,
    33.912_866_078_383,
    112.079_291_497_871,
    221.213_596_169_931,
    220.206_867_912_376,
];
const Q: [f64; 8] = [
    8.838_834_764_831_84e-2,
    1.755_667_163_182_64,
    16.064_177_579_207,
    86.780_732_202_946_1,
    296.564_248_779_674,
    637.333_633_378_831,
    793.826_512_519_948,
    440.413_735_824_752,
];
/// √(2π) as West gives it.
const SQRT_2PI: f64 = 2.506_628_274_631;

/// 1 / i! for i = 0..=13.
const INV_FACT: [f64; 14] = {
    let mut t = [1.0; 14];
    let mut i = 1;
    while i < 14 {
        t[i] = t[i - 1] / i as f64;
        i += 1;
    }
    t
};

/// `e^y` for `−25 ≤ y ≤ 0` (the normal density's `exp(−x²/2)` at the tables' points):
/// with `t = y / ln 2` and `k = trunc(t − 0.5)` (so `|t − k| ≤ 1/2`),
/// `r = (y − k × ln2_hi) − k × ln2_lo`, `e^y = 2^k × Σ_{i=0..13} rⁱ × (1/i!)` (Horner's
/// rule from the highest term, with each `1/i!` computed as `(1/(i−1)!)/i`).
fn exp_neg(y: f64) -> f64 {
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    #[allow(clippy::excessive_precision)]
    const LN2_HI: f64 = 6.931_471_803_691_238_2e-1;
    #[allow(clippy::excessive_precision)]
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let k = (y * INV_LN2 - 0.5) as i64;
    let kf = k as f64;
    let r = (y - kf * LN2_HI) - kf * LN2_LO;
    let sum = INV_FACT.iter().rev().fold(0.0, |sum, f| sum * r + f);
    sum * f64::from_bits(((k + 1023) as u64) << 52)
}

/// Points of Φ's table per unit of `|z|`.
const PHI_STEPS: f64 = 128.0;
/// Intervals of Φ's table: it covers `0 ≤ x < 7`; beyond, the tail (below 1.3e-12) is
/// taken as 0.
const PHI_INTERVALS: usize = 896;

/// Φ's lower tail `T(x) = Φ(−x)` at `x = j / 128` as cubic coefficients per interval:
/// from Hart's algorithm 5666 (West 2005) at the points, `T_j = E_j × P(x_j) / Q(x_j)`
/// with `E_j = exp(−x_j²/2)`, and the density's step `D_j = E_j / 2.506628274631 / 128`
/// (T's slope is −φ), interval `j` takes the Hermite cubic
/// `[T_j, −D_j, (3 × (T_{j+1} − T_j) + 2 × D_j) + D_{j+1}, (2 × (T_j − T_{j+1}) − D_j) − D_{j+1}]`
/// (constant term first). Built once, at the first correlated draw.
pub fn phi_table() -> &'static [[f64; 4]; PHI_INTERVALS] {
    static TABLE: OnceLock<Box<[[f64; 4]; PHI_INTERVALS]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let point = |j: usize| {
            let x = j as f64 / PHI_STEPS;
            let e = exp_neg(-x * x / 2.0);
            let num =
                (((((P[0] * x + P[1]) * x + P[2]) * x + P[3]) * x + P[4]) * x + P[5]) * x + P[6];
            let den = ((((((Q[0] * x + Q[1]) * x + Q[2]) * x + Q[3]) * x + Q[4]) * x + Q[5]) * x
                + Q[6])
                * x
                + Q[7];
            (e * num / den, e / SQRT_2PI / PHI_STEPS)
        };
        let mut table = Box::new([[0.0; 4]; PHI_INTERVALS]);
        let mut left = point(0);
        for (j, c) in table.iter_mut().enumerate() {
            let right = point(j + 1);
            let ((t0, d0), (t1, d1)) = (left, right);
            *c = [
                t0,
                -d0,
                (3.0 * (t1 - t0) + 2.0 * d0) + d1,
                (2.0 * (t0 - t1) - d0) - d1,
            ];
            left = right;
        }
        table
    })
}

/// The normal distribution function Φ(z) from its table ([`phi_table`]): for `x = |z|`
/// and `s = x × 128`, the tail `T = ((c3 t + c2) t + c1) t + c0` with the coefficients
/// of interval `j = ⌊s⌋` and `t = s − j` when `s < 896`, else 0; `Φ(z) = T` for `z ≤ 0`
/// and `1 − T` for `z > 0`. Within 1e-11 of Φ.
#[inline(always)]
pub fn cdf(table: &[[f64; 4]; PHI_INTERVALS], z: f64) -> f64 {
    let s = z.abs() * PHI_STEPS;
    let t = if s < PHI_INTERVALS as f64 {
        let j = s as usize;
        let c = &table[j];
        let t = s - j as f64;
        ((c[3] * t + c[2]) * t + c[1]) * t + c[0]
    } else {
        0.0
    };
    // `1 − T` above 0, else T, chosen by mask (see [`normal_score`]).
    let above = u64::from(z > 0.0).wrapping_neg();
    let (t, flipped) = (t.to_bits(), (1.0 - t).to_bits());
    f64::from_bits(t ^ ((t ^ flipped) & above))
}

/// The 32-bit draw standing for probability `u` in [0, 1]: `⌊u × 2^32⌋`, at most
/// `2^32 − 1`.
#[inline(always)]
pub fn draw_of(u: f64) -> u32 {
    // A float-to-integer conversion truncates (saturating), which is the floor here.
    ((u * 4_294_967_296.0) as u64).min(u64::from(u32::MAX)) as u32
}

/// A project's correlation as loadings: how much of each task's normal score is its
/// phase's factor (`phase`), its role's (`role`) and its own draw (`own`), with
/// `phase² + role² + own² = 1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Loadings {
    pub phase: f64,
    pub role: f64,
    pub own: f64,
}

impl Loadings {
    /// The loadings of the settings (rank correlations `within_phase`, `within_role`),
    /// or `None` when both are 0 (independent tasks, the trial loop unchanged).
    pub fn of(within_phase: f64, within_role: f64) -> Option<Self> {
        let clean = |x: f64| {
            if x.is_finite() {
                x.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let (rp, rr) = (clean(within_phase), clean(within_role));
        if rp == 0.0 && rr == 0.0 {
            return None;
        }
        let (cp, cr) = (normal_correlation(rp), normal_correlation(rr));
        Some(Self {
            phase: cp.sqrt(),
            role: cr.sqrt(),
            own: (1.0 - cp - cr).max(0.0).sqrt(),
        })
    }

    /// A task's new draw from its own draw `d` and its phase's and role's factors.
    #[cfg(test)]
    fn draw(&self, d: u32, phase: f64, role: f64) -> u32 {
        let z = (self.phase * phase + self.role * role) + self.own * normal_score(score_table(), d);
        draw_of(cdf(phi_table(), z))
    }

    /// [`Loadings::draw`] for a row of trials: `out[b]` from the 32 bits of `words[b]`
    /// at `shift` and the factors `phase[b]`, `role[b]`.
    #[inline(always)]
    pub fn draw_row(
        &self,
        words: &[u64; ROW],
        shift: u32,
        phase: &[f64; ROW],
        role: &[f64; ROW],
        out: &mut [u64; ROW],
    ) {
        rows::draw_row(self, words, shift, phase, role, out);
    }
}

/// The normal scores of a row of draws: `out[b] = N(d)` for the 32 bits `d` of
/// `words[b]` at `shift`.
#[inline(always)]
pub fn score_row(words: &[u64; ROW], shift: u32, out: &mut [f64; ROW]) {
    rows::score_row(words, shift, out);
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use scalar as rows;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd as rows;

/// The native engine's rows (WebAssembly runs [`simd`]'s).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod scalar {
    use super::{cdf, draw_of, normal_score, phi_table, score_table, Loadings, ROW};

    /// See [`super::score_row`].
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn score_row(words: &[u64; ROW], shift: u32, out: &mut [f64; ROW]) {
        let scores = score_table();
        for b in 0..ROW {
            out[b] = normal_score(scores, (words[b] >> shift) as u32);
        }
    }

    /// See [`Loadings::draw_row`]. Done in passes over the row — scores, sums, Φ — so
    /// that the processor overlaps many trials' long chains of dependent operations.
    // Index loops on purpose, as in the trial loop.
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn draw_row(
        l: &Loadings,
        words: &[u64; ROW],
        shift: u32,
        phase: &[f64; ROW],
        role: &[f64; ROW],
        out: &mut [u64; ROW],
    ) {
        let mut z = [0.0f64; ROW];
        score_row(words, shift, &mut z);
        for b in 0..ROW {
            z[b] = (l.phase * phase[b] + l.role * role[b]) + l.own * z[b];
        }
        let table = phi_table();
        for b in 0..ROW {
            out[b] = u64::from(draw_of(cdf(table, z[b])));
        }
    }
}

/// WebAssembly's 128-bit SIMD for the rows: two trials at a time, lane by lane the
/// scalar functions' IEEE operations on the same numbers, so the same draws bit for
/// bit (`tests/browser.rs` compares them with the native engine's). Only the table
/// readings are per lane. Floats become integers by `floor` and the bits of
/// `x + 2^52` (exact for whole numbers below 2^52) rather than by a saturating
/// conversion, which Chromium runs as a long sequence (it made the row twice as slow
/// as the scalar one).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{
        normal_score, phi_table, score_table, Loadings, PHI_INTERVALS, PHI_STEPS, ROW,
        SCORE_LOW_OCTAVE, SCORE_STEPS_LOG2,
    };
    use core::arch::wasm32::*;

    /// Trials 2i and 2i + 1 of a row of 64-bit values.
    #[inline(always)]
    fn load<T>(x: &[T; ROW], i: usize) -> v128 {
        const { assert!(size_of::<T>() == 8) };
        // SAFETY: the 16 bytes read are the row's two values from 2 × (i mod ROW/2);
        // a v128 load needs no alignment.
        unsafe { v128_load(x.as_ptr().add(2 * (i % (ROW / 2))).cast()) }
    }

    #[inline(always)]
    fn store<T>(x: &mut [T; ROW], i: usize, v: v128) {
        const { assert!(size_of::<T>() == 8) };
        // SAFETY: as in `load`, for the 16 bytes written.
        unsafe { v128_store(x.as_mut_ptr().add(2 * (i % (ROW / 2))).cast(), v) }
    }

    /// 2^52: a whole number `x` below it is the low bits of `x + 2^52`.
    const TWO_52: f64 = 4_503_599_627_370_496.0;

    /// The vector constants of the rows, made once per row and passed through
    /// [`core::hint::black_box`]: Chromium rebuilds a `v128.const` at every use inside
    /// a loop, whereas values it cannot see through stay in registers (measured: see
    /// the commit that brought this in). Pure constants, so no value changes.
    #[derive(Clone, Copy)]
    struct Consts {
        two_52: v128,
        low32: v128,
        one: v128,
        zero: v128,
        low_octave: v128,
        first: v128,
        rest: v128,
        half_base: v128,
        steps: v128,
        end: v128,
        last: v128,
        to_draw: v128,
        top: v128,
    }

    #[inline(always)]
    fn consts() -> Consts {
        core::hint::black_box(Consts {
            two_52: f64x2_splat(TWO_52),
            low32: u64x2_splat(u64::from(u32::MAX)),
            one: f64x2_splat(1.0),
            zero: f64x2_splat(0.0),
            low_octave: i64x2_splat(1 << SCORE_LOW_OCTAVE),
            first: u64x2_splat((1023 + u64::from(SCORE_LOW_OCTAVE)) << SCORE_STEPS_LOG2),
            rest: u64x2_splat((1 << (52 - SCORE_STEPS_LOG2)) - 1),
            half_base: u64x2_splat(2 * 1023 + u64::from(SCORE_STEPS_LOG2) - 1),
            steps: f64x2_splat(PHI_STEPS),
            end: f64x2_splat(PHI_INTERVALS as f64),
            last: f64x2_splat((PHI_INTERVALS - 1) as f64),
            to_draw: f64x2_splat(4_294_967_296.0),
            top: f64x2_splat(f64::from(u32::MAX)),
        })
    }

    /// The whole numbers `x` (0 ≤ x < 2^32) of two lanes as their 64-bit integers.
    #[inline(always)]
    fn whole(c: &Consts, x: v128) -> v128 {
        v128_and(f64x2_add(x, c.two_52), c.low32)
    }

    /// The cubic `((c3 t + c2) t + c1) t + c0` of each lane's interval (`j` holds the
    /// intervals as 64-bit integers).
    #[inline(always)]
    fn cubic(table: &[[f64; 4]], j: v128, t: v128) -> v128 {
        let (a, b) = (
            &table[u64x2_extract_lane::<0>(j) as usize],
            &table[u64x2_extract_lane::<1>(j) as usize],
        );
        // SAFETY: each load reads 16 bytes of a row of four f64s.
        let (a01, a23, b01, b23) = unsafe {
            (
                v128_load(a.as_ptr().cast()),
                v128_load(a.as_ptr().add(2).cast()),
                v128_load(b.as_ptr().cast()),
                v128_load(b.as_ptr().add(2).cast()),
            )
        };
        let c = f64x2_add(
            f64x2_mul(i64x2_shuffle::<1, 3>(a23, b23), t),
            i64x2_shuffle::<0, 2>(a23, b23),
        );
        let c = f64x2_add(f64x2_mul(c, t), i64x2_shuffle::<1, 3>(a01, b01));
        f64x2_add(f64x2_mul(c, t), i64x2_shuffle::<0, 2>(a01, b01))
    }

    /// The normal scores of a pair of draws (the 32 bits at `shift` of each lane of
    /// `words`), as [`normal_score`] makes them: the octave and interval are the
    /// exponent and the first six bits of the mantissa of `u` as a float, and
    /// `t = ((u mod w) + 0.5) / w` is its remaining bits as a fraction plus `2^(5−k)`,
    /// both exact, as the scalar `t` is. A pair with a draw below the table takes the
    /// scalar function.
    #[inline(always)]
    fn scores(
        c: &Consts,
        table: &[[f64; 4]; super::SCORE_INTERVALS],
        words: v128,
        shift: u32,
    ) -> v128 {
        let low32 = c.low32;
        let d = v128_and(u64x2_shr(words, shift), low32);
        let upper = u64x2_shr(d, 31);
        let u = v128_and(v128_xor(d, i64x2_neg(upper)), low32);
        if v128_any_true(i64x2_lt(u, c.low_octave)) {
            let n = |lane: u64| normal_score(table, lane as u32);
            return f64x2(n(u64x2_extract_lane::<0>(d)), n(u64x2_extract_lane::<1>(d)));
        }
        let bits = f64x2_convert_low_u32x4(i32x4_shuffle::<0, 2, 0, 2>(u, u));
        let j = i64x2_sub(u64x2_shr(bits, 52 - SCORE_STEPS_LOG2), c.first);
        let one = c.one;
        let frac = f64x2_sub(
            v128_or(u64x2_shl(v128_and(bits, c.rest), SCORE_STEPS_LOG2), one),
            one,
        );
        // 2^(5 − k), whose exponent is 1023 + 5 − k for the exponent 1023 + k of u.
        let half = u64x2_shl(i64x2_sub(c.half_base, u64x2_shr(bits, 52)), 52);
        v128_xor(cubic(table, j, f64x2_add(frac, half)), u64x2_shl(upper, 63))
    }

    /// See [`super::score_row`].
    #[inline(never)]
    pub(super) fn score_row(words: &[u64; ROW], shift: u32, out: &mut [f64; ROW]) {
        let (c, table) = (&consts(), score_table());
        for i in 0..ROW / 2 {
            store(out, i, scores(c, table, load(words, i), shift));
        }
    }

    /// See [`Loadings::draw_row`]: the scores and sums of the row, then the draw at Φ
    /// of each sum as [`super::cdf`] and [`super::draw_of`] make it: the cubic of
    /// interval `⌊s⌋` (`s < 896`, whose floor is its truncation), 0 beyond the table,
    /// `1 − T` above 0, and `⌊p × 2^32⌋` clamped to `[0, 2^32 − 1]`, which is the
    /// saturating conversion.
    #[inline(never)]
    pub(super) fn draw_row(
        l: &Loadings,
        words: &[u64; ROW],
        shift: u32,
        phase: &[f64; ROW],
        role: &[f64; ROW],
        out: &mut [u64; ROW],
    ) {
        let (c, scores_table) = (&consts(), score_table());
        let (a, b, e) = (
            f64x2_splat(l.phase),
            f64x2_splat(l.role),
            f64x2_splat(l.own),
        );
        let mut z = [0.0f64; ROW];
        for i in 0..ROW / 2 {
            let own = scores(c, scores_table, load(words, i), shift);
            let common = f64x2_add(f64x2_mul(a, load(phase, i)), f64x2_mul(b, load(role, i)));
            store(&mut z, i, f64x2_add(common, f64x2_mul(e, own)));
        }
        let phi = phi_table();
        let (steps, end, last) = (c.steps, c.end, c.last);
        let (zero, one, to_draw, top) = (c.zero, c.one, c.to_draw, c.top);
        for i in 0..ROW / 2 {
            let z = load(&z, i);
            let s = f64x2_mul(f64x2_abs(z), steps);
            // Beyond the table the interval is any (its value is masked to 0).
            let j = f64x2_floor(f64x2_pmin(s, last));
            let tail = v128_and(cubic(phi, whole(c, j), f64x2_sub(s, j)), f64x2_lt(s, end));
            let p = v128_bitselect(f64x2_sub(one, tail), tail, f64x2_gt(z, zero));
            let x = f64x2_pmax(f64x2_pmin(f64x2_mul(p, to_draw), top), zero);
            store(out, i, whole(c, f64x2_floor(x)));
        }
    }
}

/// The trials of a row ([`super::sim`]'s blocks).
pub const ROW: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    /// A reference Φ: Marsaglia's (2004) series for |z| < 3, else the tail's
    /// continued fraction φ(x)/(x + 1/(x + 2/(x + …))) to 400 terms, with the
    /// platform's exp; accurate to about 1e-15 relative in the tails.
    fn phi_reference(z: f64) -> f64 {
        let pdf = |x: f64| (-x * x / 2.0 - 0.918_938_533_204_672_8_f64).exp();
        if z.abs() < 3.0 {
            let (mut sum, mut term, z2) = (z, z, z * z);
            let mut i = 3.0;
            while sum + term != sum {
                term *= z2 / i;
                sum += term;
                i += 2.0;
            }
            return 0.5 + sum * pdf(z);
        }
        let x = z.abs();
        let mut f = x;
        for k in (1..=400).rev() {
            f = x + f64::from(k) / f;
        }
        let tail = pdf(x) / f;
        if z > 0.0 {
            1.0 - tail
        } else {
            tail
        }
    }

    #[test]
    fn the_normal_function_and_its_inverse_are_accurate() {
        // Protects the copula's two maps: Φ's table to 1e-11 absolute against a series
        // (a 32-bit draw is 2.3e-10), rising throughout, and Acklam's inverse to 1.2e-9
        // relative (in p) through it, in both tails.
        let table = phi_table();
        let mut last = 0.0;
        for i in -900_000..=900_000 {
            let z = f64::from(i) / 100_000.0 + 1.0 / 3.0e6;
            let phi = cdf(table, z);
            assert!(
                (phi - phi_reference(z)).abs() < 1e-11,
                "Φ({z}) = {phi} against {}",
                phi_reference(z)
            );
            assert!(phi >= last, "Φ falls at {z}");
            last = phi;
        }
        for d in [
            0u32,
            1,
            1000,
            1 << 20,
            1 << 26,
            104_000_000,
            1 << 31,
            u32::MAX - 5,
            u32::MAX,
        ] {
            // Two Newton steps on the reference give the exact score.
            let p = (f64::from(d) + 0.5) * TO_UNIT_32;
            let x = acklam(p);
            let mut exact = x;
            for _ in 0..2 {
                let pdf = (-exact * exact / 2.0 - 0.918_938_533_204_672_8_f64).exp();
                exact -= (phi_reference(exact) - p) / pdf;
            }
            assert!(
                (x - exact).abs() <= 1.2e-9 * exact.abs(),
                "d = {d}: {x} against {exact}"
            );
        }
        // The scores' table within 4e-9 of Acklam's function (4e-10 but where his two
        // formulas meet, at p = 0.02425, and part by about 3e-9), rising throughout
        // (across the region edges and the table's octaves).
        let scores = score_table();
        let mut last = f64::NEG_INFINITY;
        for d in (0..=u32::MAX).step_by(4_099).chain([u32::MAX]) {
            let z = normal_score(scores, d);
            let error = (z - acklam(probability(d))).abs();
            assert!(error < 4e-9, "N({d}) = {z}, {error} from Acklam's");
            assert!(z > last, "N falls at {d}");
            last = z;
        }
        // The table's exp against the platform's, over the range it uses.
        for i in 0..=250 {
            let y = -f64::from(i) / 10.0;
            let (mine, platform) = (exp_neg(y), y.exp());
            assert!(
                (mine - platform).abs() <= 4.0 * f64::EPSILON * platform,
                "exp({y})"
            );
        }
    }

    #[test]
    fn settings_become_loadings_of_unit_variance() {
        // Protects the rank-to-normal map and the loadings' sum of squares.
        assert_eq!(Loadings::of(0.0, 0.0), None);
        assert!((normal_correlation(1.0) - 1.0).abs() < 1e-15);
        assert!(
            (normal_correlation(0.5) - 2.0 * (std::f64::consts::PI / 12.0).sin()).abs() < 1e-15
        );
        let l = Loadings::of(0.3, 0.2).unwrap();
        assert!((l.phase * l.phase + l.role * l.role + l.own * l.own - 1.0).abs() < 1e-12);
        assert!((l.phase * l.phase - 2.0 * (0.05 * std::f64::consts::PI).sin()).abs() < 1e-15);
        // The draw map is the identity (to the bit, almost) without factors.
        let own = Loadings {
            phase: 0.0,
            role: 0.0,
            own: 1.0,
        };
        for d in [7u32, 1 << 25, 1 << 31, 3_000_000_000] {
            assert!((i64::from(own.draw(d, 0.3, -1.0)) - i64::from(d)).abs() <= 8);
        }
    }
}

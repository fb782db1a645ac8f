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
//! Everything is basic arithmetic (`ln`, `exp` from [`super::dist`], `sqrt`, which
//! IEEE 754 rounds exactly) so that every target computes the same bits. The inverse
//! normal is Acklam's rational approximation (relative error below 1.2e-9) and the
//! normal distribution function Hart's (1968) algorithm 5666 as given by West (2005),
//! accurate to about 1e-14; both are exact rules of the model, not stand-ins.
//!
//! The alternative the issue names, a mixture with a shared draw (each task takes the
//! group's uniform with some probability, else its own), needs no transcendental
//! function but puts a share of trials exactly on the diagonal — tasks at the same
//! quantile — and its rank correlation is the square of its mixing probability rather
//! than a smooth dependence, so it was not implemented. The normal-score construction
//! costs two maps per uncertain task and trial: measured natively on the bench's
//! correlated case (50 tasks, 10 risks, 50,000 trials) on a busy two-core machine,
//! 117–138 ms against 55–56 ms without correlation (`bench_native`), in passes over
//! each row of 64 trials (see [`Loadings::draw_row`]); a fused loop was about 1.4 times
//! slower.

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

/// The normal score of a 32-bit draw `d`: Acklam's inverse normal at
/// `p = (d + 0.5) × 2^-32`, which is never 0 or 1.
#[inline(always)]
pub fn normal_score(d: u32) -> f64 {
    let p = (f64::from(d) + 0.5) * TO_UNIT_32;
    if p < P_LOW {
        tail((-2.0 * ln(p)).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * ln(1.0 - p)).sqrt())
    }
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
/// Where Hart's rational function gives way to the continued fraction.
const HART_SPLIT: f64 = 7.071_067_811_865_47;
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

/// `e^y` for `−700 ≤ y ≤ 0` (the normal function's `exp(−x²/2)`): with
/// `t = y / ln 2` and `k = trunc(t − 0.5)` (so `|t − k| ≤ 1/2`),
/// `r = (y − k × ln2_hi) − k × ln2_lo`, `e^y = 2^k × Σ_{i=0..13} rⁱ × (1/i!)` (Horner's
/// rule from the highest term, with each `1/i!` computed as `(1/(i−1)!)/i`). Basic arithmetic only, and no call: the trial loop runs it
/// for every correlated draw.
#[inline(always)]
fn exp_neg(y: f64) -> f64 {
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    #[allow(clippy::excessive_precision)]
    const LN2_HI: f64 = 6.931_471_803_691_238_2e-1;
    #[allow(clippy::excessive_precision)]
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let k = (y * INV_LN2 - 0.5) as i64;
    let kf = k as f64;
    let r = (y - kf * LN2_HI) - kf * LN2_LO;
    let f = &INV_FACT;
    // Written out: at opt-level "z" a loop here stays a loop.
    let sum =
        ((((((((((((f[13] * r + f[12]) * r + f[11]) * r + f[10]) * r + f[9]) * r + f[8]) * r
            + f[7])
            * r
            + f[6])
            * r
            + f[5])
            * r
            + f[4])
            * r
            + f[3])
            * r
            + f[2])
            * r
            + f[1])
            * r
            + f[0];
    sum * f64::from_bits(((k + 1023) as u64) << 52)
}

/// Φ, for the tests.
#[cfg(test)]
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs();
    cdf_with(z, exp_neg(-x * x / 2.0))
}

/// The normal distribution function Φ(z), given `e = exp(−z²/2)`: Hart's algorithm 5666 (West 2005): for
/// `x = |z|`, the tail `t = exp(−x²/2) × P(x)/Q(x)` when `x < 7.07106781186547`, else
/// `exp(−x²/2) / (x + 1/(x + 2/(x + 3/(x + 4/(x + 0.65))))) / 2.506628274631`, and 0 when
/// `x > 37`; `Φ(z) = t` for `z ≤ 0` and `1 − t` for `z > 0`.
#[inline(always)]
fn cdf_with(z: f64, e: f64) -> f64 {
    let x = z.abs();
    let t = if x > 37.0 {
        0.0
    } else if x < HART_SPLIT {
        let num = (((((P[0] * x + P[1]) * x + P[2]) * x + P[3]) * x + P[4]) * x + P[5]) * x + P[6];
        let den =
            ((((((Q[0] * x + Q[1]) * x + Q[2]) * x + Q[3]) * x + Q[4]) * x + Q[5]) * x + Q[6]) * x
                + Q[7];
        e * num / den
    } else {
        let mut f = x + 0.65;
        for k in [4.0, 3.0, 2.0, 1.0] {
            f = x + k / f;
        }
        e / f / SQRT_2PI
    };
    if z > 0.0 {
        1.0 - t
    } else {
        t
    }
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
        let z = (self.phase * phase + self.role * role) + self.own * normal_score(d);
        draw_of(normal_cdf(z))
    }

    /// [`Loadings::draw`] for a row of trials: `out[b]` from the 32 bits of `words[b]`
    /// at `shift` and the factors `phase[b]`, `role[b]`. Done in passes over the row —
    /// scores, sums, `exp`, the rest of Φ — so that the processor overlaps many trials'
    /// long chains of dependent operations (one fused loop ran at about a third of the
    /// speed).
    // Index loops on purpose, as in the trial loop.
    #[allow(clippy::needless_range_loop)]
    pub fn draw_row(
        &self,
        words: &[u64; ROW],
        shift: u32,
        phase: &[f64; ROW],
        role: &[f64; ROW],
        out: &mut [u64; ROW],
    ) {
        let mut z = [0.0f64; ROW];
        for b in 0..ROW {
            z[b] = normal_score((words[b] >> shift) as u32);
        }
        for b in 0..ROW {
            z[b] = (self.phase * phase[b] + self.role * role[b]) + self.own * z[b];
        }
        let mut e = [0.0f64; ROW];
        for b in 0..ROW {
            let x = z[b].abs();
            e[b] = exp_neg(-x * x / 2.0);
        }
        for b in 0..ROW {
            out[b] = u64::from(draw_of(cdf_with(z[b], e[b])));
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
        // Protects the copula's two maps: Hart's Φ to 1e-13 absolute against a series,
        // Acklam's inverse to 1.2e-9 relative (in p) through it, in both tails.
        for i in -800..=800 {
            let z = f64::from(i) / 100.0;
            assert!(
                (normal_cdf(z) - phi_reference(z)).abs() < 1e-13,
                "Φ({z}) = {} against {}",
                normal_cdf(z),
                phi_reference(z)
            );
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
            let x = normal_score(d);
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
        // Monotone across Acklam's region edges and Hart's split.
        let mut last = f64::NEG_INFINITY;
        for d in (0..=u32::MAX).step_by(65_537) {
            let z = normal_score(d);
            assert!(z > last);
            last = z;
        }
        assert!(normal_cdf(HART_SPLIT - 1e-12) <= normal_cdf(HART_SPLIT + 1e-12));
        // The inline exp against the platform's, over the range the normal uses.
        for i in 0..=7000 {
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

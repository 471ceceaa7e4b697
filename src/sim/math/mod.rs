//! Integer helpers for the load-flow model. Everything is in parts per million (ppm) or integer
//! units, and the two transcendental functions the model needs (e^-x and a cosine for daily
//! traffic) come from tables built with integer arithmetic, so results are the same on every
//! platform. [`latency`] holds the latency model's formulas (queue wait, percentiles, the wait for
//! a service that is down).
//!
//! This is plain arithmetic beside the shared state (`sim::state`), used by the flow model, the
//! fault effects and the actions; it depends on nothing else in the simulation.

pub mod latency;

use std::sync::OnceLock;

pub const PPM: u64 = 1_000_000;

/// `a * b / c` without overflow, rounding down; `c == 0` gives `u64::MAX`.
#[inline]
pub fn mul_div(a: u64, b: u64, c: u64) -> u64 {
    if c == 0 {
        return u64::MAX;
    }
    // The same exact result either way; 64-bit division is much cheaper when it fits.
    match a.checked_mul(b) {
        Some(product) => product / c,
        None => (a as u128 * b as u128 / c as u128).min(u64::MAX as u128) as u64,
    }
}

/// `x * ppm / 1e6`.
#[inline]
pub fn scale(x: u64, ppm: u64) -> u64 {
    mul_div(x, ppm, PPM)
}

/// The complement of a probability: 1 - p.
#[inline]
pub fn not(p: u64) -> u64 {
    PPM - p.min(PPM)
}

/// Probability that all independent events with these failure chances succeed, as a failure chance.
#[inline]
pub fn any_fails(fail: impl IntoIterator<Item = u64>) -> u64 {
    not(fail.into_iter().fold(PPM, |ok, p| scale(ok, not(p))))
}

/// Steps of e^-x per unit of x.
const EXP_RES: u64 = 256;
/// Beyond x = 16, e^-x is below one part per million.
const EXP_MAX_X: u64 = 16;
/// e^(-1/256) in 2^40 fixed point.
const EXP_STEP_Q40: u128 = 1_095_225_038_176;

fn exp_table() -> &'static [u64] {
    static TABLE: OnceLock<Vec<u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let n = (EXP_MAX_X * EXP_RES) as usize + 1;
        let mut table = Vec::with_capacity(n);
        let mut v: u128 = 1 << 40;
        for _ in 0..n {
            table.push(((v * PPM as u128 + (1 << 39)) >> 40) as u64);
            v = (v * EXP_STEP_Q40) >> 40;
        }
        table
    })
}

/// e^(-num/den) in ppm.
#[inline]
pub fn exp_neg_ratio(num: u64, den: u64) -> u64 {
    if den == 0 {
        return 0;
    }
    let x = mul_div(num, EXP_RES, den);
    exp_table().get(x as usize).copied().unwrap_or(0)
}

/// Chance that a response with exponentially distributed latency of this mean takes longer than
/// `limit` (the share of calls that time out).
#[inline]
pub fn slower_than(mean_us: u64, limit_us: u64) -> u64 {
    if mean_us == 0 {
        return 0;
    }
    exp_neg_ratio(limit_us, mean_us)
}

/// Expected attempts per call with `retries` retries when each attempt fails with chance `p`, and
/// the chance that the call still fails after the last one: (sum of p^i for i in 0..=r, p^(r+1)).
#[inline]
pub fn attempts(p: u64, retries: u32) -> (u64, u64) {
    let mut term = PPM;
    let mut sum = PPM;
    for _ in 0..retries {
        term = scale(term, p);
        sum += term;
    }
    (sum, scale(term, p))
}

/// Cosine of a phase given in ppm of a full turn, in ppm (-1e6..=1e6), by linear interpolation in
/// a 64-step table.
pub fn cos_turn(phase_ppm: u64) -> i64 {
    const COS: [i64; 65] = [
        1000000, 995185, 980785, 956940, 923880, 881921, 831470, 773010, 707107, 634393, 555570,
        471397, 382683, 290285, 195090, 98017, 0, -98017, -195090, -290285, -382683, -471397,
        -555570, -634393, -707107, -773010, -831470, -881921, -923880, -956940, -980785, -995185,
        -1000000, -995185, -980785, -956940, -923880, -881921, -831470, -773010, -707107, -634393,
        -555570, -471397, -382683, -290285, -195090, -98017, 0, 98017, 195090, 290285, 382683,
        471397, 555570, 634393, 707107, 773010, 831470, 881921, 923880, 956940, 980785, 995185,
        1000000,
    ];
    let pos = (phase_ppm % PPM) * 64;
    let i = (pos / PPM) as usize;
    let frac = (pos % PPM) as i64;
    COS[i] + (COS[i + 1] - COS[i]) * frac / PPM as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_table_matches_known_values() {
        assert_eq!(exp_neg_ratio(0, 1), 1_000_000);
        // e^-1 = 0.367879, e^-2 = 0.135335, e^-4.6 ≈ 0.010052
        assert!((exp_neg_ratio(1, 1) as i64 - 367_879).abs() <= 2);
        assert!((exp_neg_ratio(2, 1) as i64 - 135_335).abs() <= 2);
        assert!((exp_neg_ratio(46, 10) as i64 - 10_052).abs() <= 30);
        assert_eq!(exp_neg_ratio(100, 1), 0);
    }

    #[test]
    fn retries_amplify_only_when_failing() {
        // The figures of the retry table in the research notes: p = 0.5, r = 2 → 1.75 attempts.
        assert_eq!(attempts(500_000, 2), (1_750_000, 125_000));
        assert_eq!(attempts(0, 3), (1_000_000, 0));
        assert_eq!(attempts(1_000_000, 3), (4_000_000, 1_000_000));
        let (e, _) = attempts(100_000, 3);
        assert_eq!(e, 1_111_000);
    }

    #[test]
    fn cosine_table_interpolates() {
        assert_eq!(cos_turn(0), 1_000_000);
        assert_eq!(cos_turn(500_000), -1_000_000);
        assert_eq!(cos_turn(250_000), 0);
        assert!((cos_turn(125_000) - 707_107).abs() < 10);
    }

    #[test]
    fn failure_combination() {
        assert_eq!(any_fails([0, 0]), 0);
        assert_eq!(any_fails([500_000, 500_000]), 750_000);
        assert_eq!(any_fails([PPM, 0]), PPM);
    }
}

//! Traffic profiles over time.

use crate::scenario::compiled::ShapeDef;
use crate::sim::math::{PPM, cos_turn, mul_div, scale};

/// The multiplier (ppm) the shapes apply to baseline traffic at this tick.
pub fn traffic_factor(shapes: &[ShapeDef], tick: u64) -> u64 {
    let mut factor = PPM;
    for shape in shapes {
        let f = match *shape {
            ShapeDef::Diurnal {
                amplitude_ppm,
                period,
                peak_at,
            } => {
                let phase = mul_div((tick + period - peak_at % period) % period, PPM, period);
                let swing = cos_turn(phase) * amplitude_ppm as i64 / PPM as i64;
                (PPM as i64 + swing).max(0) as u64
            }
            ShapeDef::Spike {
                at,
                factor_ppm,
                lasting,
            } => {
                if tick >= at && tick < at + lasting {
                    factor_ppm
                } else {
                    PPM
                }
            }
            ShapeDef::Ramp {
                from,
                to,
                factor_ppm,
            } => {
                if tick <= from {
                    PPM
                } else if tick >= to {
                    factor_ppm
                } else {
                    let done = mul_div(tick - from, PPM, to - from);
                    let (lo, hi) = (PPM as i64, factor_ppm as i64);
                    (lo + (hi - lo) * done as i64 / PPM as i64) as u64
                }
            }
            ShapeDef::Peaks {
                every,
                factor_ppm,
                lasting,
            } => {
                if tick % every < lasting {
                    factor_ppm
                } else {
                    PPM
                }
            }
        };
        factor = scale(factor, f);
    }
    factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_combine() {
        let spike = ShapeDef::Spike {
            at: 10,
            factor_ppm: 3 * PPM,
            lasting: 5,
        };
        assert_eq!(traffic_factor(std::slice::from_ref(&spike), 9), PPM);
        assert_eq!(traffic_factor(std::slice::from_ref(&spike), 10), 3 * PPM);
        assert_eq!(traffic_factor(std::slice::from_ref(&spike), 15), PPM);
        let diurnal = ShapeDef::Diurnal {
            amplitude_ppm: 200_000,
            period: 3600,
            peak_at: 900,
        };
        assert_eq!(
            traffic_factor(std::slice::from_ref(&diurnal), 900),
            1_200_000
        );
        assert_eq!(
            traffic_factor(std::slice::from_ref(&diurnal), 2700),
            800_000
        );
        let ramp = ShapeDef::Ramp {
            from: 0,
            to: 100,
            factor_ppm: 2 * PPM,
        };
        assert_eq!(traffic_factor(&[ramp, spike], 50), 1_500_000);
    }
}

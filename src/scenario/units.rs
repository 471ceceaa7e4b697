//! Quantities a facilitator writes as short text (`"5m"`, `"40ms"`, `"3%"`, `"x2"`), held as
//! integers so that the simulation never depends on platform floating point.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Parts per million: the fixed-point scale of [`Percent`] and [`Factor`].
pub const PPM: u64 = 1_000_000;

/// Simulated time in whole seconds (one tick is one second).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(pub u64);

/// A latency or timeout in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Latency(pub u64);

/// A share in parts per million (`"5%"` is 50_000).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(pub u64);

/// A multiplier in parts per million (`"x2"` is 2_000_000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Factor(pub u64);

impl Default for Factor {
    fn default() -> Self {
        Factor(PPM)
    }
}

/// A wall-clock time of day for the scenario's clock (`"09:00"`), in seconds after midnight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(pub u64);

impl Duration {
    pub const fn secs(s: u64) -> Self {
        Duration(s)
    }
    pub const fn mins(m: u64) -> Self {
        Duration(m * 60)
    }
}

impl Percent {
    /// This share applied to `x` (integer arithmetic, rounding down).
    pub fn of(self, x: u64) -> u64 {
        ((x as u128 * self.0 as u128) / PPM as u128) as u64
    }
}

impl Factor {
    pub fn apply(self, x: u64) -> u64 {
        ((x as u128 * self.0 as u128) / PPM as u128) as u64
    }
}

/// Splits `"1h30m"` into (number, unit) pairs; numbers may carry a decimal point.
fn unit_parts(s: &str) -> Option<Vec<(f64, &str)>> {
    let mut parts = Vec::new();
    let mut rest = s.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let number: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        parts.push((number, rest[..unit_len].trim()));
        rest = rest[unit_len..].trim_start();
    }
    Some(parts)
}

/// Sums unit parts into an integer count of `base` units, given each unit's size in `base` units.
/// Rounding is done once, on the total, so `"1.5s"` is exact.
fn sum_units(s: &str, unit_size: impl Fn(&str) -> Option<f64>) -> Option<u64> {
    let mut total = 0.0f64;
    for (n, unit) in unit_parts(s)? {
        total += n * unit_size(unit)?;
    }
    (0.0..1e15).contains(&total).then(|| total.round() as u64)
}

pub fn parse_duration(s: &str) -> Option<Duration> {
    sum_units(s, |u| match u {
        "s" | "sec" | "secs" => Some(1.0),
        "m" | "min" | "mins" => Some(60.0),
        "h" | "hr" | "hrs" => Some(3600.0),
        _ => None,
    })
    .map(Duration)
}

pub fn parse_latency(s: &str) -> Option<Latency> {
    sum_units(s, |u| match u {
        "us" | "µs" => Some(1.0),
        "ms" => Some(1_000.0),
        "s" => Some(1_000_000.0),
        "m" => Some(60_000_000.0),
        _ => None,
    })
    .map(Latency)
}

pub fn parse_percent(s: &str) -> Option<Percent> {
    let number = s.trim().strip_suffix('%')?.trim();
    let value: f64 = number.parse().ok()?;
    (0.0..=100.0)
        .contains(&value)
        .then(|| Percent((value * 10_000.0).round() as u64))
}

pub fn parse_factor(s: &str) -> Option<Factor> {
    let s = s.trim();
    let number = s
        .strip_prefix(['x', '×'])
        .or_else(|| s.strip_suffix(['x', '×']))?;
    let value: f64 = number.trim().parse().ok()?;
    (value.is_finite() && (0.0..=1_000_000.0).contains(&value))
        .then(|| Factor((value * PPM as f64).round() as u64))
}

pub fn parse_clock(s: &str) -> Option<ClockTime> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u64, u64) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(ClockTime(h * 3600 + m * 60))
}

/// Formats seconds as the shortest unit text that parses back (`"1h30m"`, `"45s"`).
pub fn format_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    for (n, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    out
}

/// `mm:ss` (or `h:mm:ss`) since the start of the exercise.
pub fn format_elapsed(secs: u64) -> String {
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

/// `HH:MM:SS` on the scenario's clock.
pub fn format_clock(start: ClockTime, elapsed: u64) -> String {
    let t = (start.0 + elapsed) % 86_400;
    format!("{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

fn format_latency(us: u64) -> String {
    if us.is_multiple_of(1_000_000) && us > 0 {
        format!("{}s", us / 1_000_000)
    } else if us.is_multiple_of(1_000) {
        format!("{}ms", us / 1_000)
    } else {
        format!("{us}us")
    }
}

/// `v / 10^digits` as a decimal without trailing zeros.
fn format_fixed(v: u64, digits: u32) -> String {
    let scale = 10u64.pow(digits);
    let (whole, frac) = (v / scale, v % scale);
    if frac == 0 {
        format!("{whole}")
    } else {
        let frac = format!("{frac:0width$}", width = digits as usize);
        format!("{whole}.{}", frac.trim_end_matches('0'))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}
impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_latency(self.0))
    }
}
impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", format_fixed(self.0, 4))
    }
}
impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "x{}", format_fixed(self.0, 6))
    }
}
impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 3600, self.0 / 60 % 60)
    }
}

/// Implements serde for a unit type that is written as text (or, where it makes sense, a number).
macro_rules! text_unit {
    ($ty:ident, $parse:ident, $expecting:literal, from_int: $from_int:expr, from_float: $from_float:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        $parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        let from_int: fn(u64) -> Option<$ty> = $from_int;
                        from_int(v)
                            .ok_or_else(|| E::invalid_type(de::Unexpected::Unsigned(v), &self))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        match u64::try_from(v) {
                            Ok(v) => self.visit_u64(v),
                            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                        }
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                        let from_float: fn(f64) -> Option<$ty> = $from_float;
                        from_float(v)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

text_unit!(Duration, parse_duration, "a duration such as \"90s\", \"5m\" or \"1h30m\"",
    from_int: |_| None, from_float: |_| None);
text_unit!(Latency, parse_latency, "a latency such as \"40ms\", \"1.5s\" or \"250us\"",
    from_int: |_| None, from_float: |_| None);
text_unit!(Percent, parse_percent, "a percentage such as \"5%\" or \"0.5%\", or a fraction between 0 and 1 such as 0.05",
    from_int: |v| (v <= 1).then_some(Percent(v * PPM)),
    from_float: |v| (0.0..=1.0).contains(&v).then(|| Percent((v * PPM as f64).round() as u64)));
text_unit!(Factor, parse_factor, "a multiplier such as \"x2\" or \"x0.5\", or a plain number such as 2",
    from_int: |v| (v <= 1_000_000).then_some(Factor(v * PPM)),
    from_float: |v| (v.is_finite() && (0.0..=1_000_000.0).contains(&v)).then(|| Factor((v * PPM as f64).round() as u64)));
text_unit!(ClockTime, parse_clock, "a time of day such as \"09:00\"",
    from_int: |_| None, from_float: |_| None);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_compound_units() {
        assert_eq!(parse_duration("90s"), Some(Duration(90)));
        assert_eq!(parse_duration("5m"), Some(Duration(300)));
        assert_eq!(parse_duration("1h30m"), Some(Duration(5400)));
        assert_eq!(parse_duration("1.5m"), Some(Duration(90)));
        assert_eq!(parse_duration("2m 30s"), Some(Duration(150)));
        assert_eq!(parse_duration("5"), None, "a bare number has no unit");
        assert_eq!(parse_duration("5 days"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn latencies_percentages_and_factors() {
        assert_eq!(parse_latency("40ms"), Some(Latency(40_000)));
        assert_eq!(parse_latency("1.5s"), Some(Latency(1_500_000)));
        assert_eq!(parse_latency("250us"), Some(Latency(250)));
        assert_eq!(parse_percent("5%"), Some(Percent(50_000)));
        assert_eq!(parse_percent("0.5%"), Some(Percent(5_000)));
        assert_eq!(parse_percent("150%"), None);
        assert_eq!(parse_percent("5"), None);
        assert_eq!(parse_factor("x2"), Some(Factor(2_000_000)));
        assert_eq!(parse_factor("0.5x"), Some(Factor(500_000)));
        assert_eq!(parse_clock("09:30"), Some(ClockTime(34_200)));
        assert_eq!(parse_clock("25:00"), None);
    }

    #[test]
    fn display_round_trips() {
        for s in ["1h30m", "45s", "2m", "1h"] {
            assert_eq!(parse_duration(s).unwrap().to_string(), s);
        }
        for s in ["40ms", "2s", "250us"] {
            assert_eq!(parse_latency(s).unwrap().to_string(), s);
        }
        for s in ["5%", "0.5%", "12.25%"] {
            assert_eq!(parse_percent(s).unwrap().to_string(), s);
        }
        assert_eq!(format_elapsed(3725), "1:02:05");
        assert_eq!(format_clock(ClockTime(9 * 3600), 90), "09:01:30");
    }
}

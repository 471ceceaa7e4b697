//! The times an incident timeline is written in: a time of day (`14:05`, `14:05:30`, `2:05 PM`,
//! `14:05 UTC`) or an ISO 8601 timestamp (`2021-10-04T15:39:00Z`, `2021-10-04 15:39:00+02:00`).

/// A parsed time cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Seconds after midnight, with no date.
    Clock(u64),
    /// Seconds since 1970-01-01 UTC, and the time of day as written (for the scenario's clock).
    Instant { epoch: i64, of_day: u64 },
}

pub const EXPECTED: &str =
    "write HH:MM, HH:MM:SS or an ISO 8601 timestamp such as 2021-10-04T15:39:00Z";

pub fn parse(text: &str) -> Option<Stamp> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        return instant(t);
    }
    clock(t).map(Stamp::Clock)
}

/// `H:MM[:SS[.fff]]`, optionally `AM`/`PM` and a zone name that every row shares (`UTC`, `Z`).
fn clock(t: &str) -> Option<u64> {
    let lower = t.to_ascii_lowercase();
    let mut rest = lower.trim();
    for zone in ["utc", "gmt", "z"] {
        if let Some(r) = rest.strip_suffix(zone) {
            rest = r.trim_end();
            break;
        }
    }
    let mut half = None;
    for (suffix, pm) in [("am", false), ("a.m.", false), ("pm", true), ("p.m.", true)] {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r.trim_end();
            half = Some(pm);
            break;
        }
    }
    let secs = hms(rest)?;
    match half {
        None => Some(secs),
        Some(pm) => {
            let (h, rem) = (secs / 3600, secs % 3600);
            if !(1..=12).contains(&h) {
                return None;
            }
            let h = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            Some(h * 3600 + rem)
        }
    }
}

/// `HH:MM` or `HH:MM:SS`, seconds possibly with a fraction (dropped).
fn hms(t: &str) -> Option<u64> {
    let parts: Vec<&str> = t.split(':').collect();
    let num = |s: &str, max: u64| -> Option<u64> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|v| *v < max)
    };
    let (h, m, s) = match parts[..] {
        [h, m] => (num(h, 24)?, num(m, 60)?, 0),
        [h, m, s] => {
            let whole = s.split(['.', ',']).next().unwrap_or("");
            if let Some(frac) = s.split_once(['.', ',']).map(|(_, f)| f)
                && (frac.is_empty() || !frac.bytes().all(|c| c.is_ascii_digit()))
            {
                return None;
            }
            (num(h, 24)?, num(m, 60)?, num(whole, 61)?.min(59))
        }
        _ => return None,
    };
    Some(h * 3600 + m * 60 + s)
}

/// `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH[:MM]]`.
fn instant(t: &str) -> Option<Stamp> {
    let (date, rest) = t.split_at(10);
    let y: i64 = date[0..4].parse().ok()?;
    let mo: u32 = date[5..7].parse().ok()?;
    let d: u32 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?.trim();
    // The zone: `Z`, or a signed offset after the time.
    let (time, offset) = if let Some(r) = rest.strip_suffix(['Z', 'z']) {
        (r, 0i64)
    } else if let Some(pos) = rest.rfind(['+', '-']) {
        let (time, zone) = rest.split_at(pos);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (h, m): (i64, i64) = match digits.len() {
            2 => (digits.parse().ok()?, 0),
            4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
            _ => return None,
        };
        if h > 18 || m > 59 {
            return None;
        }
        (time.trim_end(), sign * (h * 3600 + m * 60))
    } else {
        (rest, 0)
    };
    let of_day = hms(time.trim())?;
    let epoch = days_from_civil(y, mo, d) * 86_400 + of_day as i64 - offset;
    Some(Stamp::Instant { epoch, of_day })
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(parse("14:05"), Some(Stamp::Clock(14 * 3600 + 5 * 60)));
        assert_eq!(parse(" 9:05:30 "), Some(Stamp::Clock(9 * 3600 + 330)));
        assert_eq!(parse("09:05:30.250"), Some(Stamp::Clock(9 * 3600 + 330)));
        assert_eq!(parse("14:05 UTC"), Some(Stamp::Clock(14 * 3600 + 300)));
        assert_eq!(parse("2:05 PM"), Some(Stamp::Clock(14 * 3600 + 300)));
        assert_eq!(parse("12:10 am"), Some(Stamp::Clock(600)));
        for bad in [
            "", "14", "24:00", "14:60", "1:2:3:4", "14:05:xx", "13:00 pm", "noon",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_timestamps() {
        let Some(Stamp::Instant { epoch, of_day }) = parse("2021-10-04T15:39:00Z") else {
            panic!()
        };
        assert_eq!(epoch, 1_633_361_940);
        assert_eq!(of_day, 15 * 3600 + 39 * 60);
        let Some(Stamp::Instant { epoch: e2, of_day }) = parse("2021-10-04 17:39:00+02:00") else {
            panic!()
        };
        assert_eq!((e2, of_day), (epoch, 17 * 3600 + 39 * 60));
        assert!(matches!(
            parse("2021-10-04T15:39:00.123-0700"),
            Some(Stamp::Instant { .. })
        ));
        assert!(matches!(
            parse("2021-10-04T15:39"),
            Some(Stamp::Instant { .. })
        ));
        for bad in [
            "2021-13-04T15:39:00Z",
            "2021-02-30T10:00Z",
            "2021-10-04",
            "2021-10-04T25:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}

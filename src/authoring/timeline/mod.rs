//! A real incident's timeline, read from the CSV an incident tool exports or from JSON: rows of
//! time, who, and what they saw, said or did (with an optional `kind`). [`read`] parses it into
//! [`Timeline`], times made relative to the first row; `scaffold` turns that into a drill.

mod columns;
mod kind;
mod time;

use std::fmt;
use std::path::Path;

pub use columns::{ALIASES, Columns, Field};
pub use kind::{Kind, OUTSIDE, WORDS, guess, is_outside};
use time::Stamp;

/// One row of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Seconds after the first row.
    pub at: u64,
    pub who: String,
    pub what: String,
    pub kind: Kind,
    /// The kind was guessed from the text (no `kind` cell).
    pub guessed: bool,
    /// The row's number in the file (1 is the first row after the header).
    pub number: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub rows: Vec<Row>,
    /// The time of day of the first row, in seconds after midnight.
    pub clock_start: u64,
}

/// A timeline that cannot be read, with the file and, where there is one, the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineError {
    pub file: String,
    pub at: Option<Place>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A data row (1 is the first after the header) and, for CSV, its line in the file.
    Row { row: usize, line: Option<u64> },
    /// A line and column of the file (JSON syntax).
    Line { line: usize, column: usize },
}

impl fmt::Display for TimelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            None => write!(f, "`{}`: {}", self.file, self.message),
            Some(Place::Row { row, line: Some(l) }) => {
                write!(f, "`{}`, row {row} (line {l}): {}", self.file, self.message)
            }
            Some(Place::Row { row, line: None }) => {
                write!(f, "`{}`, row {row}: {}", self.file, self.message)
            }
            Some(Place::Line { line, column }) => {
                write!(
                    f,
                    "`{}`, line {line}, column {column}: {}",
                    self.file, self.message
                )
            }
        }
    }
}

impl std::error::Error for TimelineError {}

/// A row as read, before its time and kind are understood.
#[derive(Debug, Clone)]
pub(crate) struct RawRow {
    pub time: String,
    pub who: String,
    pub what: String,
    pub kind: Option<String>,
    pub place: Place,
}

/// Reads a timeline file: JSON when it is named `.json` or starts with `[`, CSV otherwise.
pub fn read(path: &Path, columns: &Columns) -> Result<Timeline, TimelineError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| TimelineError {
        file: file.clone(),
        at: None,
        message: format!("cannot read it: {e}"),
    })?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(TimelineError {
            file,
            at: None,
            message: "it is not UTF-8 text; export the timeline as UTF-8 CSV or JSON".into(),
        });
    };
    parse(&file, &text, columns)
}

/// Parses timeline text; `file` names it in errors.
pub fn parse(file: &str, text: &str, columns: &Columns) -> Result<Timeline, TimelineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json = file.to_ascii_lowercase().ends_with(".json") || text.trim_start().starts_with('[');
    let raw = if json {
        columns::read_json(file, text, columns)?
    } else {
        columns::read_csv(file, text, columns)?
    };
    understand(file, raw)
}

/// Times relative to the first row, kinds read or guessed.
fn understand(file: &str, raw: Vec<RawRow>) -> Result<Timeline, TimelineError> {
    let err = |place: Place, message: String| TimelineError {
        file: file.to_string(),
        at: Some(place),
        message,
    };
    if raw.is_empty() {
        return Err(TimelineError {
            file: file.to_string(),
            at: None,
            message: "it has no rows: a timeline needs at least one row of time, who and what"
                .into(),
        });
    }
    let mut stamps = Vec::with_capacity(raw.len());
    for r in &raw {
        if r.time.trim().is_empty() {
            return Err(err(
                r.place,
                format!("the time is empty; {}", time::EXPECTED),
            ));
        }
        let Some(s) = time::parse(&r.time) else {
            return Err(err(
                r.place,
                format!("`{}` is not a time; {}", r.time.trim(), time::EXPECTED),
            ));
        };
        if r.who.trim().is_empty() {
            return Err(err(
                r.place,
                "`who` is empty: write the person or team (or `customer`, `vendor`…)".into(),
            ));
        }
        if r.what.trim().is_empty() {
            return Err(err(
                r.place,
                "`what` is empty: write what they saw, said or did".into(),
            ));
        }
        stamps.push(s);
    }
    // Every time written the same way: dates on all rows or on none.
    let dated = matches!(stamps[0], Stamp::Instant { .. });
    if let Some(i) = stamps
        .iter()
        .position(|s| matches!(s, Stamp::Instant { .. }) != dated)
    {
        let (has, first) = if dated {
            ("a time of day without a date", "has a date")
        } else {
            ("a date", "has a time of day without one")
        };
        return Err(err(
            raw[i].place,
            format!(
                "`{}` has {has}, but the first row {first}: write every time the same way",
                raw[i].time.trim()
            ),
        ));
    }
    let mut order: Vec<usize> = (0..raw.len()).collect();
    let key = |s: &Stamp| match *s {
        Stamp::Clock(c) => c as i64,
        Stamp::Instant { epoch, .. } => epoch,
    };
    // A timeline of timestamps written newest first (every row at or before the one above it,
    // some before) is read bottom up. Times of day cannot say: 23:50 then 00:10 is past midnight.
    let keys: Vec<i64> = stamps.iter().map(key).collect();
    if dated && keys.windows(2).all(|w| w[1] <= w[0]) && keys.windows(2).any(|w| w[1] < w[0]) {
        order.reverse();
    }
    let mut rows = Vec::with_capacity(raw.len());
    let first = order[0];
    let (start, clock_start) = match stamps[first] {
        Stamp::Clock(c) => (c as i64, c),
        Stamp::Instant { epoch, of_day } => (epoch, of_day),
    };
    let mut day = 0i64;
    let mut prev = start;
    let mut prev_ix = first;
    for &i in &order {
        let r = &raw[i];
        let mut t = keys[i] + day * 86_400;
        if let Stamp::Clock(_) = stamps[i]
            && t < prev
            && prev - t > 12 * 3600
        {
            // A time of day more than 12 hours before the row above: past midnight.
            day += 1;
            t += 86_400;
        }
        if t < prev {
            return Err(err(
                r.place,
                format!(
                    "`{}` is before the row above it (`{}`): put the rows in time order (the first row is time 0)",
                    r.time.trim(),
                    raw[prev_ix].time.trim()
                ),
            ));
        }
        let number = match r.place {
            Place::Row { row, .. } => row,
            Place::Line { .. } => i + 1,
        };
        let (kind, guessed) = match &r.kind {
            Some(k) if !k.trim().is_empty() => match Kind::parse(k) {
                Some(kind) => (kind, false),
                None => {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    return Err(err(
                        r.place,
                        format!(
                            "`{}` is not a kind: write one of {}, or leave it empty to have it guessed",
                            k.trim(),
                            names.join(", ")
                        ),
                    ));
                }
            },
            _ => (guess(&r.who, &r.what), true),
        };
        rows.push(Row {
            at: (t - start) as u64,
            who: one_line(&r.who),
            what: one_line(&r.what),
            kind,
            guessed,
            number,
        });
        prev = t;
        prev_ix = i;
    }
    Ok(Timeline { rows, clock_start })
}

/// Text on one line, runs of white space as one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(file: &str, text: &str) -> Timeline {
        parse(file, text, &Columns::default()).unwrap()
    }

    #[test]
    fn times_of_day_go_past_midnight() {
        let t = read(
            "t.tsv",
            "\u{feff}When\tAuthor\tMessage\n11:50 PM\tops\tdisk alert fired\n12:10 AM\tops\trestarted db\n",
        );
        let at: Vec<u64> = t.rows.iter().map(|r| r.at).collect();
        assert_eq!(at, [0, 1200]);
        assert_eq!(t.clock_start, 23 * 3600 + 50 * 60);
        assert_eq!((t.rows[0].kind, t.rows[1].kind), (Kind::Saw, Kind::Did));
    }

    #[test]
    fn timestamps_written_newest_first_are_read_bottom_up() {
        let t = read(
            "t.csv",
            "timestamp,actor,event\n2021-10-04T16:00:00Z,Bob,Rolled back\n2021-10-04T15:39:00Z,Alice,Noticed errors\n",
        );
        let rows: Vec<(u64, &str, usize)> = t
            .rows
            .iter()
            .map(|r| (r.at, r.who.as_str(), r.number))
            .collect();
        assert_eq!(rows, [(0, "Alice", 2), (21 * 60, "Bob", 1)]);
        assert_eq!(t.clock_start, 15 * 3600 + 39 * 60);
    }

    #[test]
    fn rows_out_of_order_and_mixed_times_are_refused() {
        let e = parse(
            "t.csv",
            "time,who,what\n2021-10-04 10:00,A,x\n10:05,B,y\n",
            &Columns::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "`t.csv`, row 2 (line 3): `10:05` has a time of day without a date, but the first row has a date: write every time the same way"
        );
        let e = parse(
            "t.csv",
            "time,who,what\n10:00,A,x\n10:05,B,y\n09:00,C,z\n",
            &Columns::default(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("`t.csv`, row 3 (line 4): `09:00` is before the row above it")
        );
    }
}

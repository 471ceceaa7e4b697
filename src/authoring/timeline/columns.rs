//! Finding the time, who, what and kind columns of an exported timeline, and reading its rows
//! from CSV or JSON.

use super::{Place, RawRow, TimelineError};

/// Which columns hold what. `None` looks for the usual names: the field's own name, then its
/// aliases (see [`ALIASES`]), case-insensitively, with spaces, `-` and `_` alike.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub time: Option<String>,
    pub who: Option<String>,
    pub what: Option<String>,
    pub kind: Option<String>,
}

/// The names each field is found by when no column is named, in order of preference.
pub const ALIASES: [(Field, &[&str]); 4] = [
    (
        Field::Time,
        &[
            "time",
            "timestamp",
            "ts",
            "datetime",
            "date_time",
            "time_utc",
            "at",
            "when",
            "occurred_at",
            "created_at",
            "date",
        ],
    ),
    (
        Field::Who,
        &[
            "who",
            "author",
            "actor",
            "user",
            "person",
            "team",
            "by",
            "from",
            "owner",
            "name",
            "participant",
            "source",
        ],
    ),
    (
        Field::What,
        &[
            "what",
            "event",
            "description",
            "message",
            "text",
            "summary",
            "details",
            "detail",
            "note",
            "notes",
            "body",
            "content",
            "action",
        ],
    ),
    (
        Field::Kind,
        &["kind", "type", "category", "event_type", "entry_type"],
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Time,
    Who,
    What,
    Kind,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Time => "time",
            Field::Who => "who",
            Field::What => "what",
            Field::Kind => "kind",
        }
    }
    fn option(self) -> &'static str {
        match self {
            Field::Time => "--time-column",
            Field::Who => "--who-column",
            Field::What => "--what-column",
            Field::Kind => "--kind-column",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        ALIASES
            .iter()
            .find(|(f, _)| *f == self)
            .map_or(&[], |(_, a)| a)
    }
}

impl Columns {
    fn named(&self, f: Field) -> Option<&str> {
        match f {
            Field::Time => self.time.as_deref(),
            Field::Who => self.who.as_deref(),
            Field::What => self.what.as_deref(),
            Field::Kind => self.kind.as_deref(),
        }
    }
}

/// Lowercase, with spaces and `-` as `_`.
fn norm(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// The index among `headers` of the column for `f`; `Ok(None)` for a missing optional `kind`.
fn locate(
    file: &str,
    headers: &[String],
    f: Field,
    cols: &Columns,
) -> Result<Option<usize>, TimelineError> {
    let normed: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let listed = headers
        .iter()
        .map(|h| format!("`{}`", h.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let err = |message: String| TimelineError {
        file: file.to_string(),
        at: None,
        message,
    };
    if let Some(name) = cols.named(f) {
        return match normed.iter().position(|h| *h == norm(name)) {
            Some(i) => Ok(Some(i)),
            None => Err(err(format!(
                "it has no column `{name}` (named by {}); its columns are {listed}",
                f.option()
            ))),
        };
    }
    for alias in f.aliases() {
        if let Some(i) = normed.iter().position(|h| h == alias) {
            return Ok(Some(i));
        }
    }
    if f == Field::Kind {
        return Ok(None);
    }
    let tried: Vec<String> = f.aliases().iter().map(|a| format!("`{a}`")).collect();
    Err(err(format!(
        "it has no {} column: none of its columns ({listed}) is called {}; name the column with {}",
        f.name(),
        tried.join(", "),
        f.option()
    )))
}

pub(crate) fn read_csv(
    file: &str,
    text: &str,
    cols: &Columns,
) -> Result<Vec<RawRow>, TimelineError> {
    // Tab-separated exports are common too: a header with tabs and no commas is read as TSV.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_err = |e: csv::Error, row: usize| {
        let line = e.position().map(|p| p.line());
        TimelineError {
            file: file.to_string(),
            at: Some(Place::Row { row, line }),
            message: format!("not readable as CSV: {e}"),
        }
    };
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return Err(TimelineError {
                file: file.to_string(),
                at: None,
                message: format!("its header row is not readable as CSV: {e}"),
            });
        }
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(TimelineError {
            file: file.to_string(),
            at: None,
            message: "it is empty: the first line should name the columns (time, who, what, and optionally kind)".into(),
        });
    }
    let time = locate(file, &headers, Field::Time, cols)?.unwrap_or(0);
    let who = locate(file, &headers, Field::Who, cols)?.unwrap_or(0);
    let what = locate(file, &headers, Field::What, cols)?.unwrap_or(0);
    let kind = locate(file, &headers, Field::Kind, cols)?;
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| csv_err(e, n + 1))?;
        // A blank line in the export is no row.
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let place = Place::Row {
            row: n + 1,
            line: record.position().map(|p| p.line()),
        };
        let needed = [time, who, what].into_iter().chain(kind).max().unwrap_or(0);
        if record.len() <= needed {
            return Err(TimelineError {
                file: file.to_string(),
                at: Some(place),
                message: format!(
                    "it has {} cells, but the header names {} columns: a comma may be missing, or a cell with a comma needs \"quotes\"",
                    record.len(),
                    headers.len()
                ),
            });
        }
        let cell = |i: usize| record.get(i).unwrap_or("").to_string();
        rows.push(RawRow {
            time: cell(time),
            who: cell(who),
            what: cell(what),
            kind: kind.map(cell),
            place,
        });
    }
    Ok(rows)
}

pub(crate) fn read_json(
    file: &str,
    text: &str,
    cols: &Columns,
) -> Result<Vec<RawRow>, TimelineError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| TimelineError {
        file: file.to_string(),
        at: Some(Place::Line {
            line: e.line(),
            column: e.column(),
        }),
        message: format!("not readable as JSON: {e}"),
    })?;
    let serde_json::Value::Array(items) = value else {
        return Err(TimelineError {
            file: file.to_string(),
            at: None,
            message: "a JSON timeline is an array of objects, e.g. [{\"time\": \"14:05\", \"who\": \"Alice\", \"what\": \"Paged for API errors\"}]".into(),
        });
    };
    let mut rows = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let place = Place::Row {
            row: n + 1,
            line: None,
        };
        let at_row = |message: String| TimelineError {
            file: file.to_string(),
            at: Some(place),
            message,
        };
        let serde_json::Value::Object(map) = item else {
            return Err(at_row(
                "it is not an object: each row is {\"time\": …, \"who\": …, \"what\": …}".into(),
            ));
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        let get = |f: Field| -> Result<Option<String>, TimelineError> {
            let Some(i) = locate(file, &keys, f, cols).map_err(|e| at_row(e.message))? else {
                return Ok(None);
            };
            match &map[&keys[i]] {
                serde_json::Value::String(s) => Ok(Some(s.clone())),
                serde_json::Value::Number(x) => Ok(Some(x.to_string())),
                serde_json::Value::Null => Ok(Some(String::new())),
                _ => Err(at_row(format!(
                    "`{}` is not text: write it as a string",
                    keys[i]
                ))),
            }
        };
        rows.push(RawRow {
            time: get(Field::Time)?.unwrap_or_default(),
            who: get(Field::Who)?.unwrap_or_default(),
            what: get(Field::What)?.unwrap_or_default(),
            kind: get(Field::Kind)?,
            place,
        });
    }
    Ok(rows)
}

//! Scenario source files: a RON parser that keeps positions, a serde deserializer that reports
//! every problem it can find (not just the first), and the diagnostics shown to facilitators.
//!
//! ```text
//! let source = SourceFile::new("drills/outage.ron", text);
//! let parsed: Parsed<Scenario> = parse(&source);
//! render_diagnostics(&mut std::io::stderr(), &source, &parsed.diagnostics, true)?;
//! ```
//!
//! Model types opt into positions with [`Spanned<T>`] and into per-item error recovery with
//! [`List<T>`]. Both only get their extra powers from this module's deserializer: with any other
//! deserializer `Spanned` records no position and `List` stops at the first bad item.

mod de;
mod diagnostic;
mod spanned;
mod suggest;
mod syntax;

pub use diagnostic::{Diagnostic, Label, Severity, render_diagnostics};
pub use spanned::{List, Spanned};
pub use suggest::did_you_mean;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A source text with its display name (usually the path as the user typed it).
///
/// `text` is public for reading; replacing it makes [`SourceFile::line_col`] stale, so build a
/// new `SourceFile` instead.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Byte offset where each line starts; the first is always 0.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let newlines = text.match_indices('\n').map(|(i, _)| i + 1);
        let line_starts = std::iter::once(0).chain(newlines).collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based (line, column); the column counts chars, not bytes. Offsets past the end are
    /// clamped to the end, and offsets inside a multi-byte char count as that char.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Number of line starts at or before `offset` is the 1-based line number.
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

/// A byte range into [`SourceFile::text`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Outcome of parsing a document: the value if one could be built (possibly with some list items
/// dropped or unknown fields skipped), and every problem found.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    /// True when any diagnostic is an error, even if a value was built: the document is then
    /// incomplete (an item was dropped or a misspelt field ignored).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse `source` as RON and deserialize it into `T`, collecting as many errors as possible.
///
/// Syntax errors stop before deserialization (a broken tree would only produce misleading
/// follow-up errors), so then `value` is `None` and only syntax errors are reported.
/// Diagnostics are sorted by position.
pub fn parse<T: DeserializeOwned>(source: &SourceFile) -> Parsed<T> {
    let root = match syntax::parse_document(&source.text) {
        Ok(root) => root,
        Err(diagnostics) => {
            return Parsed {
                value: None,
                diagnostics,
            };
        }
    };
    let (value, mut diagnostics) = de::deserialize_document::<T>(&root, &source.text);
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    Parsed { value, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    // A small model in the shape of the real scenario types.

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Scenario {
        name: String,
        #[serde(default)]
        description: Option<String>,
        #[serde(default)]
        minutes: Option<u32>,
        services: List<Service>,
        #[serde(default)]
        faults: List<Fault>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        weights: BTreeMap<String, f64>,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Service {
        name: Spanned<String>,
        kind: ServiceKind,
        replicas: u8,
        #[serde(default)]
        depends_on: Vec<Spanned<String>>,
        #[serde(default, alias = "sev")]
        severity: Option<Level>,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    enum ServiceKind {
        Database,
        LoadBalancer,
        Web { port: u16 },
        Queue(String),
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    enum Level {
        Low,
        High,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Fault {
        target: Spanned<String>,
        kind: FaultKind,
        #[serde(default)]
        at: Option<Minutes>,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    enum FaultKind {
        Crash,
        Slow(f64),
        Partition(String, String),
        OnAction { action: String, by: String },
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Minutes(u32);

    fn source(text: &str) -> SourceFile {
        SourceFile::new("drill.ron", text)
    }

    /// Parses and returns the value with every diagnostic in its short form.
    fn run<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<String>) {
        let src = source(text);
        let parsed = parse::<T>(&src);
        let shorts = parsed.diagnostics.iter().map(|d| d.short(&src)).collect();
        (parsed.value, shorts)
    }

    fn ok<T: DeserializeOwned>(text: &str) -> T {
        let (value, diags) = run::<T>(text);
        assert!(
            diags.is_empty(),
            "unexpected diagnostics for {text:?}:\n{}",
            diags.join("\n")
        );
        value.expect("a value when there are no diagnostics")
    }

    fn errors<T: DeserializeOwned>(text: &str) -> Vec<String> {
        run::<T>(text).1
    }

    const GOOD: &str = r#"// A small drill.
Scenario(
    name: "Checkout outage",
    services: [
        Service(name: "db", kind: Database, replicas: 2),
        (name: "lb", kind: LoadBalancer, replicas: 1, depends_on: ["web"]),
        (name: "web", kind: Web(port: 8080), replicas: 3, depends_on: ["db"]),
    ],
    faults: [
        (target: "db", kind: Crash, at: 5),
        (target: "web", kind: Slow(2.5)),
    ],
)
"#;

    #[test]
    fn line_col_counts_chars_and_clamps() {
        let src = source("ab\ncé\n\nd");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(2), (1, 3), "the newline itself ends line 1");
        assert_eq!(src.line_col(3), (2, 1));
        assert_eq!(src.line_col(6), (2, 3), "é is one column");
        assert_eq!(src.line_col(5), (2, 2), "inside é counts as é");
        assert_eq!(src.line_col(8), (3, 1));
        assert_eq!(src.line_col(9), (4, 1));
        assert_eq!(src.line_col(1000), (4, 2), "clamped to the end");
        assert_eq!(source("").line_col(5), (1, 1));
    }

    #[test]
    fn parses_a_good_document_with_spans() {
        let src = source(GOOD);
        let parsed = parse::<Scenario>(&src);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let scenario = parsed.value.expect("value");
        assert_eq!(scenario.services.len(), 3);
        let names: Vec<&str> = scenario.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["db", "lb", "web"]);
        let db = &scenario.services[0].name;
        assert_eq!(src.line_col(db.span.start), (5, 23));
        assert_eq!(&GOOD[db.span.start..db.span.end], "\"db\"");
        let dep = &scenario.services[1].depends_on[0];
        assert_eq!(src.line_col(dep.span.start), (6, 62));
        let item = &scenario.services[2];
        assert_eq!(
            src.line_col(item.span.start),
            (7, 9),
            "list items know their span"
        );
        assert_eq!(scenario.services[2].kind, ServiceKind::Web { port: 8080 });
        assert_eq!(scenario.faults[0].at, Some(Minutes(5)));
        assert_eq!(scenario.faults[1].kind, FaultKind::Slow(2.5));
        let target = &scenario.faults[1].target;
        assert_eq!(src.line_col(target.span.start), (11, 18));
    }
}

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
mod hole;
pub mod parts;
mod spanned;
mod suggest;
mod syntax;

pub use diagnostic::{Diagnostic, Label, Severity, render_diagnostics};
pub use spanned::{List, Spanned, or_default};
pub use suggest::did_you_mean;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A source text with its display name (usually the path as the user typed it).
///
/// `text` is public for reading; replacing it makes [`SourceFile::line_col`] stale, so build a
/// new `SourceFile` instead.
///
/// A scenario that pulls in parts (see [`parts`]) is one `SourceFile` of several segments: the
/// parts' texts follow the scenario's in `text`, so a span anywhere points into one string, and
/// positions are reported in the file each segment came from.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Byte offset where each line starts; the first is always 0.
    line_starts: Vec<usize>,
    /// The files after the first: where each starts in `text`, and its first line's index.
    segments: Vec<Segment>,
}

#[derive(Clone, Debug)]
struct Segment {
    name: String,
    start: usize,
    first_line: usize,
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
            segments: Vec::new(),
        }
    }

    /// Appends another file's text as a segment of this one; returns where it starts.
    pub fn push_segment(&mut self, name: impl Into<String>, text: &str) -> usize {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
            self.line_starts.push(self.text.len());
        }
        let start = self.text.len();
        let first_line = self.line_starts.partition_point(|&s| s < start);
        if first_line == self.line_starts.len() {
            self.line_starts.push(start);
        }
        self.text.push_str(text);
        let newlines = text.match_indices('\n').map(|(i, _)| start + i + 1);
        self.line_starts.extend(newlines);
        self.segments.push(Segment {
            name: name.into(),
            start,
            first_line,
        });
        start
    }

    /// The first file's text (the whole text unless parts were appended).
    pub fn main_text(&self) -> &str {
        let end = self.segments.first().map_or(self.text.len(), |s| s.start);
        &self.text[..end]
    }

    /// Each file this source holds: its name and byte range in `text`, the first file first.
    pub fn files(&self) -> Vec<(&str, std::ops::Range<usize>)> {
        let mut out = Vec::with_capacity(self.segments.len() + 1);
        let mut starts = self.segments.iter().map(|s| s.start);
        let mut end = starts.next().unwrap_or(self.text.len());
        out.push((self.name.as_str(), 0..end));
        for (i, seg) in self.segments.iter().enumerate() {
            end = self
                .segments
                .get(i + 1)
                .map_or(self.text.len(), |n| n.start);
            out.push((seg.name.as_str(), seg.start..end));
        }
        out
    }

    /// The name of the file the byte at `offset` came from.
    pub fn name_at(&self, offset: usize) -> &str {
        match self.segment_at(offset) {
            Some(seg) => &seg.name,
            None => &self.name,
        }
    }

    fn segment_at(&self, offset: usize) -> Option<&Segment> {
        let n = self.segments.partition_point(|s| s.start <= offset);
        n.checked_sub(1).map(|i| &self.segments[i])
    }

    /// 1-based (line, column) in the file the offset came from; the column counts chars, not bytes. Offsets past the end are
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
        let first = self.segment_at(offset).map_or(0, |s| s.first_line);
        (line - first, column)
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
/// follow-up errors), so then `value` is `None` and only syntax errors are reported, unless each
/// was recovered from without losing anything (a missing comma). Otherwise
/// a bad struct field does not hide the fields after it: the document is re-read without it
/// until no new problem appears (see `de.rs`). `value` is `Some` whenever the document could be
/// built, possibly without broken list items or with optional fields left at their defaults;
/// check [`Parsed::has_errors`]. Diagnostics are sorted by position.
pub fn parse<T: DeserializeOwned>(source: &SourceFile) -> Parsed<T> {
    let (root, mut diagnostics) = syntax::parse_document(&source.text);
    let Some(root) = root else {
        return Parsed {
            value: None,
            diagnostics: sorted(diagnostics),
        };
    };
    let (value, more) = de::deserialize_document::<T>(&root, &source.text);
    diagnostics.extend(more);
    Parsed {
        value,
        diagnostics: sorted(diagnostics),
    }
}

/// Like [`parse`], for a scenario that may name parts: each part's text is appended to `source`
/// (see [`parts`]) and merged in before deserializing. Also returns the parts read.
pub fn parse_with_parts<T: DeserializeOwned>(
    source: &mut SourceFile,
    read: &mut parts::ReadPart,
) -> (Parsed<T>, Vec<(String, String)>) {
    let (root, mut diagnostics) = syntax::parse_document(&source.text);
    let Some(mut root) = root else {
        let parsed = Parsed {
            value: None,
            diagnostics: sorted(diagnostics),
        };
        return (parsed, Vec::new());
    };
    let (read_parts, found) = parts::merge(source, &mut root, read);
    let broken = found.iter().any(Diagnostic::is_error);
    diagnostics.extend(found);
    // A part that failed leaves sections out; checking without them would only blame the gaps.
    let value = if broken {
        None
    } else {
        let (value, more) = de::deserialize_document::<T>(&root, &source.text);
        diagnostics.extend(more);
        value
    };
    let parsed = Parsed {
        value,
        diagnostics: sorted(diagnostics),
    };
    (parsed, read_parts)
}

/// By position, so the report reads top to bottom; whole-file problems first.
fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    diagnostics
}

#[cfg(test)]
mod tests;

/// The top-level value's name (`Scenario` in `Scenario( ... )`, `Commands` in `Commands( ... )`)
/// and whether it is a list, read without deserializing: `check` uses it to tell a scenario from
/// a command file before choosing how to read it. `None` when the file has no readable value.
pub fn top_level_shape(text: &str) -> Option<TopLevel> {
    let (root, _) = syntax::parse_document(text);
    let root = root?;
    Some(match &root.kind {
        syntax::NodeKind::Compound(c) => {
            TopLevel::Compound(c.name.as_ref().map(|n| n.text.clone()))
        }
        syntax::NodeKind::List(items) => TopLevel::List {
            len: items.len(),
            commands: items.first().is_some_and(|first| match &first.kind {
                syntax::NodeKind::Compound(syntax::Compound {
                    body: syntax::Body::Fields(fields),
                    ..
                }) => fields
                    .iter()
                    .any(|f| f.name.text == "at" || f.name.text == "do"),
                _ => false,
            }),
        },
        _ => TopLevel::Other,
    })
}

/// What a file's top-level value is, see [`top_level_shape`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopLevel {
    /// `Name( ... )` or `( ... )`.
    Compound(Option<String>),
    /// `[ ... ]` with this many items; `commands` when the first reads like a scripted command
    /// (it has an `at` or `do` field).
    List {
        len: usize,
        commands: bool,
    },
    Other,
}

/// Each top-level field of a `Name(field: value, …)` document with the span from its name to the
/// end of its value; empty when the document is not such a compound.
pub fn top_level_fields(text: &str) -> Vec<(String, Span)> {
    let (root, _) = syntax::parse_document(text);
    let Some(root) = root else {
        return Vec::new();
    };
    match root.kind {
        syntax::NodeKind::Compound(syntax::Compound {
            body: syntax::Body::Fields(fields),
            ..
        }) => fields
            .into_iter()
            .map(|f| (f.name.text, f.name.span.to(f.value.span)))
            .collect(),
        _ => Vec::new(),
    }
}

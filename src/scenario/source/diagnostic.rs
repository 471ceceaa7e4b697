//! Problems found in a source file, and how they are shown to the person who wrote it.

use std::fmt;
use std::io;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

use super::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A secondary location, such as "first defined here".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Primary location; `None` only for problems with the file as a whole.
    pub span: Option<Span>,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// Secondary locations.
    pub labels: Vec<Label>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Some(span), message)
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Some(span), message)
    }

    /// An error about the file as a whole (no location).
    pub fn file_error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, None, message)
    }

    fn new(severity: Severity, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One line per diagnostic, for tests and logs:
    /// `path:line:col: error: message`, then `  help: ...` and `  note: path:line:col: label`
    /// lines when present.
    pub fn short(&self, source: &SourceFile) -> String {
        let mut out = format!(
            "{}: {}: {}",
            location(source, self.span),
            self.severity,
            self.message
        );
        if let Some(help) = &self.help {
            out.push_str("\n  help: ");
            out.push_str(help);
        }
        for label in &self.labels {
            let at = location(source, Some(label.span));
            out.push_str(&format!("\n  note: {at}: {}", label.message));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)
    }
}

fn location(source: &SourceFile, span: Option<Span>) -> String {
    match span {
        Some(span) => {
            let (line, col) = source.line_col(span.start);
            format!("{}:{line}:{col}", source.name_at(span.start))
        }
        None => source.name.clone(),
    }
}

/// Writes every diagnostic in the rich codespan-reporting form: a header, a
/// `┌─ file:line:col` pointer, the source snippet with labels, and the help as a note.
/// With `color`, ANSI escape codes are written (wrap a terminal's stdout/stderr); without it the
/// output is plain text. Nothing else is written.
pub fn render_diagnostics(
    out: &mut dyn io::Write,
    source: &SourceFile,
    diags: &[Diagnostic],
    color: bool,
) -> io::Result<()> {
    // One codespan file per file the source holds (a scenario and its parts).
    let mut files = SimpleFiles::new();
    let ranges: Vec<_> = source
        .files()
        .into_iter()
        .map(|(name, range)| (files.add(name, &source.text[range.clone()]), range))
        .collect();
    let config = term::Config::default();
    let mut ansi = term::termcolor::Ansi::new(out);
    for diag in diags {
        let rich = to_codespan(source, &ranges, diag);
        let result = if color {
            term::emit_to_write_style(&mut ansi, &config, &files, &rich)
        } else {
            term::emit_to_io_write(ansi.get_mut(), &config, &files, &rich)
        };
        result.map_err(|e| match e {
            codespan_reporting::files::Error::Io(io) => io,
            other => io::Error::other(other.to_string()),
        })?;
    }
    Ok(())
}

type FileRanges = [(usize, std::ops::Range<usize>)];

fn to_codespan(
    source: &SourceFile,
    files: &FileRanges,
    diag: &Diagnostic,
) -> cs::Diagnostic<usize> {
    let severity = match diag.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    if let Some(span) = diag.span {
        let (file, range) = locate(source, files, span);
        labels.push(cs::Label::primary(file, range));
    }
    for label in &diag.labels {
        let (file, range) = locate(source, files, label.span);
        labels.push(cs::Label::secondary(file, range).with_message(&label.message));
    }
    let notes = diag
        .help
        .iter()
        .map(|help| format!("help: {help}"))
        .collect();
    cs::Diagnostic::new(severity)
        .with_message(&diag.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// The file a span starts in, and the span within that file (cut at the file's end).
fn locate(source: &SourceFile, files: &FileRanges, span: Span) -> (usize, std::ops::Range<usize>) {
    let range = safe_range(source, span);
    let (id, file) = files
        .iter()
        .rev()
        .find(|(_, r)| r.start <= range.start)
        .unwrap_or(&files[0]);
    let end = range.end.min(file.end).max(range.start);
    (*id, range.start - file.start..end - file.start)
}

/// Codespan slices the text with label ranges, so clamp spans from any origin onto char
/// boundaries inside the text rather than risk a panic or a lost report.
fn safe_range(source: &SourceFile, span: Span) -> std::ops::Range<usize> {
    let text = &source.text;
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    start..floor(span.end).max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SourceFile {
        SourceFile::new(
            "drill.ron",
            "Scenario(\n    sevrity: 1,\n    sevrity: 2,\n)\n",
        )
    }

    fn unknown_field() -> Diagnostic {
        Diagnostic::error(
            Span::new(14, 21),
            "unknown field `sevrity` in this scenario",
        )
        .with_help("did you mean `severity`?")
    }

    #[test]
    fn short_form_has_location_and_help() {
        let text = unknown_field().short(&sample());
        assert_eq!(
            text,
            "drill.ron:2:5: error: unknown field `sevrity` in this scenario\n  help: did you mean `severity`?"
        );
        let whole = Diagnostic::file_error("the file is empty").short(&sample());
        assert_eq!(whole, "drill.ron: error: the file is empty");
    }

    #[test]
    fn short_form_lists_labels() {
        let diag = Diagnostic::warning(Span::new(30, 37), "field written twice")
            .with_label(Span::new(14, 21), "first written here");
        let text = diag.short(&sample());
        assert_eq!(
            text,
            "drill.ron:3:5: warning: field written twice\n  note: drill.ron:2:5: first written here"
        );
        assert!(!diag.is_error());
    }

    #[test]
    fn renders_plain_text() {
        let mut out = Vec::new();
        let diags = [unknown_field(), Diagnostic::file_error("second problem")];
        render_diagnostics(&mut out, &sample(), &diags, false).expect("render");
        let text = String::from_utf8(out).expect("utf8");
        assert!(
            text.contains("error: unknown field `sevrity` in this scenario"),
            "{text}"
        );
        assert!(text.contains("drill.ron:2:5"), "{text}");
        assert!(text.contains("sevrity: 1,"), "{text}");
        assert!(text.contains("help: did you mean `severity`?"), "{text}");
        assert!(text.contains("error: second problem"), "{text}");
        assert!(!text.contains('\u{1b}'), "plain output has no escape codes");
    }

    #[test]
    fn renders_color_and_survives_bad_spans() {
        let mut out = Vec::new();
        let diags = [
            unknown_field().with_label(Span::new(500, 900), "out of range"),
            Diagnostic::error(Span::new(3, 1), "backwards span"),
        ];
        render_diagnostics(&mut out, &sample(), &diags, true).expect("render");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains('\u{1b}'), "color output has escape codes");
        assert!(text.contains("backwards span"));
    }

    #[test]
    fn clamps_to_char_boundaries() {
        let source = SourceFile::new("x", "é");
        assert_eq!(safe_range(&source, Span::new(1, 2)), 0..2);
    }
}

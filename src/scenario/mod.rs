//! The scenario language: the RON file a facilitator writes, how it is parsed with every error
//! located, checked, and compiled into what the simulation runs.

pub mod catalog;
pub mod check;
pub mod compiled;
pub mod graph;
pub mod model;
pub mod source;
pub mod units;

use std::sync::Arc;

use sha2::{Digest, Sha256};

pub use compiled::Scenario;
use source::{Diagnostic, SourceFile};

/// The scenario the binary runs when none is named.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/retry-storm.ron";
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/retry-storm.ron");

/// A scenario that failed to load, with everything wrong with it.
#[derive(Debug)]
pub struct LoadError {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// Renders every diagnostic for a terminal.
    pub fn render(&self, color: bool) -> String {
        let mut out = Vec::new();
        let _ = source::render_diagnostics(&mut out, &self.source, &self.diagnostics, color);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// A loaded scenario with the warnings found while checking it.
pub struct Loaded {
    pub scenario: Arc<Scenario>,
    pub source: SourceFile,
    pub warnings: Vec<Diagnostic>,
}

/// Parses and checks scenario text. All errors are reported together.
pub fn load_str(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let source = SourceFile::new(name, text);
    let parsed = source::parse::<model::ScenarioFile>(&source);
    let mut diagnostics = parsed.diagnostics;
    let parse_failed = diagnostics.iter().any(Diagnostic::is_error);
    let Some(file) = parsed.value else {
        return Err(LoadError {
            source,
            diagnostics,
        });
    };
    let checked = check::check(&source, file, parse_failed);
    diagnostics.extend(checked.diagnostics);
    // Top to bottom, parse and check problems together; whole-file problems first.
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    match checked.scenario {
        Some(scenario) => Ok(Loaded {
            scenario: Arc::new(scenario),
            source,
            warnings: diagnostics,
        }),
        None => Err(LoadError {
            source,
            diagnostics,
        }),
    }
}

/// Reads and loads a scenario file. A file that cannot be read is reported like any other error.
pub fn load_path(path: &str) -> Result<Loaded, LoadError> {
    match std::fs::read_to_string(path) {
        Ok(text) => load_str(path, &text),
        Err(e) => {
            // A file that exists but is not text needs another fix than a wrong path.
            let (message, help) = if e.kind() == std::io::ErrorKind::InvalidData {
                (
                    format!("`{path}` is not a text file (it is not UTF-8 text)"),
                    "a scenario is plain text: save it as UTF-8 in a text editor",
                )
            } else {
                (
                    format!("cannot read `{path}`: {e}"),
                    "check the path; scenarios usually live under `scenarios/`",
                )
            };
            Err(LoadError {
                source: SourceFile::new(path, ""),
                diagnostics: vec![Diagnostic {
                    severity: source::Severity::Error,
                    span: None,
                    message,
                    help: Some(help.into()),
                    labels: Vec::new(),
                }],
            })
        }
    }
}

/// The embedded default scenario.
pub fn load_default() -> Arc<Scenario> {
    match load_str(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO) {
        Ok(loaded) => loaded.scenario,
        // A test keeps the embedded scenario valid; reaching this is a build defect.
        Err(e) => panic!(
            "the embedded default scenario is invalid:\n{}",
            e.render(false)
        ),
    }
}

/// SHA-256 of the text, as lowercase hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

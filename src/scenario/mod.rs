//! The scenario language: the RON file a facilitator writes, how it is parsed with every error
//! located, checked, and compiled into what the simulation runs.

pub mod catalog;
pub mod check;
pub mod compiled;
pub mod graph;
pub mod model;
pub mod source;
pub mod units;

use std::path::Path;
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

/// Parses and checks scenario text. All errors are reported together. Parts it names are read
/// from beside `name` (see [`source::parts`]).
pub fn load_str(name: &str, text: &str) -> Result<Loaded, LoadError> {
    load_with(name, text, &mut |part| {
        read_part_beside(Path::new(name), part)
    })
}

/// Like [`load_str`], with the scenario's parts read by `read` (from a run file's copies, say).
pub fn load_with(
    name: &str,
    text: &str,
    read: &mut source::parts::ReadPart,
) -> Result<Loaded, LoadError> {
    let mut source = SourceFile::new(name, text);
    let (parsed, parts) = source::parse_with_parts::<model::ScenarioFile>(&mut source, read);
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
        Some(mut scenario) => Ok(Loaded {
            scenario: Arc::new({
                scenario.hash = bundle_hash(text, &parts);
                scenario.parts = parts;
                scenario
            }),
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

/// Reads a part named in the scenario at `scenario`: its path is relative to that file's folder.
pub fn read_part_beside(scenario: &Path, part: &str) -> Result<String, String> {
    let dir = scenario.parent().unwrap_or(Path::new(""));
    match std::fs::read_to_string(dir.join(part)) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            Err("it is not UTF-8 text; save it as UTF-8 in a text editor".into())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("there is no file `{}`", dir.join(part).display()))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// The identity of a scenario with its parts: the text's hash alone when it has none (so run
/// files recorded before parts existed keep theirs), else the hash of all the texts in order.
pub fn bundle_hash(text: &str, parts: &[(String, String)]) -> String {
    if parts.is_empty() {
        return content_hash(text);
    }
    let mut h = Sha256::new();
    h.update(text.as_bytes());
    for (name, part) in parts {
        // Lengths first, so no two different bundles hash the same bytes.
        for s in [name, part] {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash the scenario file at `path` (text `text`) has with its parts as they are on disk
/// now; parts that cannot be read are left out, so the hash then differs from any recording.
pub fn disk_hash(path: &Path, text: &str) -> String {
    let parts: Vec<(String, String)> = source::parts::listed(text)
        .into_iter()
        .filter_map(|name| read_part_beside(path, &name).ok().map(|t| (name, t)))
        .collect();
    bundle_hash(text, &parts)
}

/// SHA-256 of the text, as lowercase hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

//! `firedrill check`: parse and validate scenarios without starting the engine.

use std::process::ExitCode;

use clap::Args;

use crate::scenario::{self, source::Severity};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario files to check.
    #[arg(required = true, value_name = "SCENARIO.ron")]
    pub files: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn main(args: CheckArgs) -> ExitCode {
    let color = super::use_color();
    let mut failed = false;
    for path in &args.files {
        let (source, diagnostics, ok) = match scenario::load_path(path) {
            Ok(loaded) => (loaded.source, loaded.warnings, true),
            Err(e) => (e.source, e.diagnostics, false),
        };
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diagnostics.len() - errors;
        let mut out = Vec::new();
        let _ = scenario::source::render_diagnostics(&mut out, &source, &diagnostics, color);
        crate::errout!("{}", String::from_utf8_lossy(&out));
        if ok && (warnings == 0 || !args.deny_warnings) {
            crate::outln!("{path}: ok ({})", plural(warnings, "warning"));
        } else {
            failed = true;
            crate::outln!(
                "{path}: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

pub(crate) fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

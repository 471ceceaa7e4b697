//! `firedrill list`: the scenario catalogue in the terminal — the shipped library, or the
//! scenarios of a folder.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::CliError;
use crate::scenario::catalog::{self, Entry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Md,
    Json,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// A folder of scenarios to list (default: the library shipped with firedrill).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// `text` for the terminal, `md` for a Markdown table (scenarios/README.md), `json`.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

pub fn run(args: ListArgs) -> super::Outcome {
    let (scenarios, broken) = match &args.dir {
        None => (catalog::shipped(), Vec::new()),
        Some(dir) => catalog::folder(dir)
            .map_err(|e| CliError::new(format!("cannot list `{}`: {e}", dir.display())))?,
    };
    let entries: Vec<Entry> = scenarios.iter().map(|s| Entry::of(s)).collect();
    match args.format {
        ListFormat::Text => crate::out!("{}", text(&entries)),
        ListFormat::Md => crate::out!("{}", catalog::markdown(&entries)),
        ListFormat::Json => {
            let j = serde_json::to_string_pretty(&entries).map_err(CliError::new)?;
            crate::outln!("{j}");
        }
    }
    for (path, errors) in &broken {
        crate::errln!(
            "{path}: not listed, it has {errors} error{} (firedrill check {path})",
            if *errors == 1 { "" } else { "s" }
        );
    }
    if entries.is_empty() && args.dir.is_some() {
        return Err(CliError::new(
            "no scenario found (scenarios are `.ron` files)",
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// One block per scenario: title, then the facts a facilitator picks by.
fn text(entries: &[Entry]) -> String {
    let mut o = String::new();
    for e in entries {
        o.push_str(&format!(
            "{:<9} {}  ({}, {} roles)\n          {}\n          roles: {}\n          teaches: {}\n",
            format!("{:?}", e.difficulty),
            e.title,
            e.length_text(),
            e.roles.len(),
            e.path,
            e.roles.join(", "),
            e.teaches
        ));
        if let Some(m) = &e.modelled_on {
            o.push_str(&format!("          modelled on: {m}\n"));
        }
        o.push('\n');
    }
    o
}

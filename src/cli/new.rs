//! `firedrill new`: a commented starting scenario, or a drill scaffolded from a real incident's
//! timeline.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::CliError;
use super::check::plural;
use crate::authoring::scaffold;
use crate::authoring::templates::Shape;
use crate::authoring::timeline::{self, Columns};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShapeArg {
    /// Two roles and one fault.
    TwoRoles,
    /// A three-tier service (edge → api → database) with a cascade.
    ThreeTier,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The scenario file to write.
    #[arg(value_name = "FILE.ron")]
    pub file: PathBuf,
    /// The starting scenario's shape.
    #[arg(long, value_enum, default_value_t = ShapeArg::TwoRoles)]
    pub shape: ShapeArg,
    /// Scaffold the drill from a real incident's timeline instead: a CSV file (or JSON, an array
    /// of objects) with a row per moment: time, who, what they saw, said or did, and optionally
    /// its kind (saw, said, did, outside, decision).
    #[arg(long, value_name = "TIMELINE", conflicts_with = "shape")]
    pub from_timeline: Option<PathBuf>,
    /// The timeline's column of times (default: `time`, or `timestamp`, `date`…).
    #[arg(long, value_name = "NAME", requires = "from_timeline")]
    pub time_column: Option<String>,
    /// The timeline's column of who (default: `who`, or `author`, `actor`, `user`, `team`…).
    #[arg(long, value_name = "NAME", requires = "from_timeline")]
    pub who_column: Option<String>,
    /// The timeline's column of what happened (default: `what`, or `event`, `description`,
    /// `message`…).
    #[arg(long, value_name = "NAME", requires = "from_timeline")]
    pub what_column: Option<String>,
    /// The timeline's column of kinds (default: `kind` or `type`, if there is one; else each
    /// row's kind is guessed from its text).
    #[arg(long, value_name = "NAME", requires = "from_timeline")]
    pub kind_column: Option<String>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: NewArgs) -> super::Outcome {
    let out = &args.file;
    if let Some(t) = &args.from_timeline
        && crate::fsio::same_file(out, t)
    {
        return Err(CliError::new(format!(
            "`{}` is the timeline being read: writing the scenario there would destroy it; write to another file",
            out.display()
        )));
    }
    // A symbolic link pointing nowhere is something there too.
    if std::fs::symlink_metadata(out).is_ok() && !args.force {
        return Err(CliError::new(format!(
            "`{}` already exists, and `firedrill new` does not overwrite a file; choose another name, or add --force to replace it",
            out.display()
        )));
    }
    let (text, said) = match &args.from_timeline {
        None => {
            let shape = match args.shape {
                ShapeArg::TwoRoles => Shape::TwoRoles,
                ShapeArg::ThreeTier => Shape::ThreeTier,
            };
            let text = shape
                .text()
                .replace("THIS_FILE", &out.display().to_string());
            let said = format!(
                "wrote `{}`: {} ({})\nnext: `firedrill check {} --deny-warnings`, then make it your own; docs/scenario-format.md explains every section",
                out.display(),
                shape.name(),
                shape.describe(),
                out.display()
            );
            (text, said)
        }
        Some(path) => {
            let columns = Columns {
                time: args.time_column.clone(),
                who: args.who_column.clone(),
                what: args.what_column.clone(),
                kind: args.kind_column.clone(),
            };
            let t = timeline::read(path, &columns).map_err(CliError::new)?;
            let s = scaffold::scaffold(&t, &path.display().to_string(), &title(path));
            let guessed = t.rows.iter().filter(|r| r.guessed).count();
            let said = format!(
                "wrote `{}` from {} of `{}`: {}, {}, {}, {}, {}{}\n\
                 next: write the places marked TODO (services, faults, hypotheses); `firedrill check {}` points at each",
                out.display(),
                plural(t.rows.len(), "row"),
                path.display(),
                plural(s.roles, "role"),
                plural(s.facts, "fact"),
                plural(s.injects, "inject"),
                plural(s.actions, "action"),
                plural(s.decisions, "decision point"),
                if guessed > 0 {
                    let whose = if guessed == 1 {
                        "1 row's kind".to_string()
                    } else {
                        format!("{guessed} rows' kinds")
                    };
                    format!(
                        " ({whose} guessed from the text: see the timeline at the top of the file)"
                    )
                } else {
                    String::new()
                },
                out.display()
            );
            (s.text, said)
        }
    };
    crate::fsio::write_atomic(out, text).map_err(|e| CliError::cannot_write(out, e))?;
    crate::outln!("{said}");
    Ok(ExitCode::SUCCESS)
}

/// A title from the timeline's file name: `2021-10-04-outage.csv` → "Drill: 2021 10 04 outage".
fn title(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<&str> = stem
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "Drill".into()
    } else {
        format!("Drill: {}", words.join(" "))
    }
}

//! `firedrill compare`: several runs of one scenario side by side, with an all-bot team on the
//! same seed as a reference line ("par").

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::CliError;
use crate::debrief::{self, compare};
use crate::record::replay;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Html,
    Json,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The run files, all of one scenario; they stay in this order.
    #[arg(value_name = "RUN", required = true)]
    pub runs: Vec<PathBuf>,
    /// Output format (default: from the --out extension, else md).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave out the all-bot reference line.
    #[arg(long)]
    pub no_par: bool,
}

pub fn run(args: CompareArgs) -> super::Outcome {
    if let Some(out) = &args.out {
        let inputs: Vec<(&str, &std::path::Path)> = args
            .runs
            .iter()
            .map(|r| ("one of the run files being compared", r.as_path()))
            .collect();
        super::output_is_not_an_input(out, &inputs)?;
    }
    let mut columns = Vec::new();
    let mut first: Option<(PathBuf, String, String)> = None;
    let mut seeds = Vec::new();
    let mut scenario = None;
    for path in &args.runs {
        let run = super::replay::load_run(path)?;
        let sc = replay::stored_scenario(&run.header)
            .map_err(|e| CliError::new(format!("`{}`: {e}", path.display())))?;
        if let Some((p, title, hash)) = &first {
            if *hash != sc.hash {
                let what = if *title == sc.title {
                    format!(
                        "another version of “{title}” (sha256 {}…, not {}…)",
                        &sc.hash[..12.min(sc.hash.len())],
                        &hash[..12.min(hash.len())]
                    )
                } else {
                    format!("a run of “{}”, not of “{title}”", sc.title)
                };
                return Err(CliError::new(format!(
                    "`{}` is {what} like `{}`: compare runs of one scenario",
                    path.display(),
                    p.display()
                )));
            }
        } else {
            first = Some((path.clone(), sc.title.clone(), sc.hash.clone()));
        }
        // One scenario, one version (checked above): the rows would not line up otherwise.
        let d = debrief::from_run(&run, &sc);
        if !seeds.contains(&d.run.seed) {
            seeds.push(d.run.seed);
        }
        columns.push((path.display().to_string(), d, false));
        scenario.get_or_insert(sc);
    }
    if !args.no_par
        && let Some(sc) = &scenario
    {
        for seed in seeds {
            columns.push(("par".into(), compare::par(sc, seed), true));
        }
    }
    let c = compare::build(&columns);
    let format = args.format.unwrap_or_else(|| {
        match args
            .out
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
        {
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            _ => Format::Md,
        }
    });
    let text = match format {
        Format::Md => compare::markdown(&c),
        Format::Html => compare::html(&c),
        Format::Json => compare::json(&c),
    };
    super::emit(args.out.as_deref(), "comparison", &text)
}

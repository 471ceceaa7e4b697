//! `firedrill debrief`: the post-incident review of a recorded run, as Markdown, a
//! self-contained HTML page, JSON (the debrief and the event log), CSV (a readable timeline) or
//! the raw event log as CSV.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::CliError;
use crate::debrief;
use crate::record::replay;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown, to paste into a postmortem document.
    Md,
    /// One HTML page with SVG charts; no external files or URLs.
    Html,
    /// The debrief model and the event log, for other tools.
    Json,
    /// The run as a readable timeline: time, role, what happened.
    Csv,
    /// The raw event log, one row per event.
    CsvRaw,
}

#[derive(Args, Debug)]
pub struct DebriefArgs {
    /// The run file.
    #[arg(value_name = "RUN")]
    pub run: PathBuf,
    /// Output format (default: from the --out extension, else md).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: DebriefArgs) -> super::Outcome {
    if let Some(out) = &args.out {
        super::output_is_not_an_input(out, &[("the run file being debriefed", &args.run)])?;
    }
    let run = super::replay::load_run(&args.run)?;
    // The debrief describes the run as it was, so it reads the scenario stored with it.
    let scenario = replay::stored_scenario(&run.header).map_err(CliError::new)?;
    let format = args.format.unwrap_or_else(|| {
        match args
            .out
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
        {
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            _ => Format::Md,
        }
    });
    let mut d = debrief::from_run(&run, &scenario);
    // The CSVs are timelines; every other format says what each late clue cost.
    if !matches!(format, Format::Csv | Format::CsvRaw) {
        debrief::clue::compute(&run, &scenario, &mut d);
    }
    let text = match format {
        Format::Md => debrief::markdown::render(&d),
        Format::Html => debrief::html::render(&d),
        Format::Json => debrief::json::render(&d, &run.events),
        Format::Csv => debrief::csv::timeline(&d),
        Format::CsvRaw => debrief::csv::render(&scenario, &run.events),
    };
    super::emit(args.out.as_deref(), "debrief", &text)
}

//! `firedrill rehearse`: many seeded all-bot runs of each scenario, in parallel, with a verdict
//! per scenario. Exits non-zero when any assertion fails, so it can guard a folder of scenarios
//! in CI.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::CliError;
use crate::rehearse::{self, Options, Report};
use crate::scenario;
use crate::scenario::source::{Diagnostic, SourceFile};
use crate::scenario::units::parse_percent;

#[derive(Args, Debug)]
pub struct RehearseArgs {
    /// Scenario files, or folders whose `.ron` files are all rehearsed.
    #[arg(required = true, value_name = "SCENARIO.ron|DIR")]
    pub scenarios: Vec<String>,
    /// All-bot runs per scenario.
    #[arg(long, default_value_t = 200)]
    pub runs: usize,
    /// Runs with sharing switched off, to prove no team diagnoses without it (default: --runs).
    #[arg(long, value_name = "N")]
    pub no_sharing_runs: Option<usize>,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Seed of the first run; run i uses seed + i (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Share of runs an all-bot team must solve ("most seeds").
    #[arg(long, value_name = "PERCENT", default_value = "80%")]
    pub min_solved: String,
    /// Print the reports as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Fails when any scenario does not load or does not pass; each says why in the report.
pub fn run(args: RehearseArgs) -> super::Outcome {
    let min_solved = parse_percent(&args.min_solved)
        .ok_or_else(|| CliError::new("--min-solved takes a percentage such as \"80%\""))?;
    if args.runs == 0 {
        return Err(CliError::new("--runs must be at least 1"));
    }
    let paths = expand(&args.scenarios)?;
    let mut reports: Vec<Report> = Vec::new();
    // Files that did not load, with their problems, so `--json` names every file given.
    let mut unloadable: Vec<serde_json::Value> = Vec::new();
    let mut failed = false;
    for path in &paths {
        let path = match path {
            Ok(p) => p,
            Err(unnamed) => {
                // Its name cannot be written in a report or a run file: say so, go on.
                let shown = unnamed.to_string_lossy();
                let error = format!(
                    "`{shown}`: the file name is not valid UTF-8, so it was not rehearsed; rename it"
                );
                crate::errln!("error: {error}");
                unloadable.push(serde_json::json!({
                    "scenario": shown, "passed": false, "errors": [error],
                }));
                failed = true;
                continue;
            }
        };
        let loaded = match scenario::load_path(path) {
            Ok(l) => l,
            Err(e) => {
                crate::errout!("{}", e.render(super::use_color()));
                crate::errln!("error: `{path}` has problems; fix them and rehearse again");
                let errors: Vec<String> = e
                    .diagnostics
                    .iter()
                    .map(|d| one_line(&e.source, d))
                    .collect();
                unloadable.push(serde_json::json!({
                    "scenario": path, "passed": false, "errors": errors,
                }));
                failed = true;
                continue;
            }
        };
        let sc = loaded.scenario;
        let mut opts = Options::new(&sc, args.runs);
        opts.no_sharing_runs = args.no_sharing_runs.unwrap_or(args.runs);
        opts.jobs = args.jobs.unwrap_or(opts.jobs).max(1);
        opts.first_seed = args.seed.unwrap_or(sc.seed);
        opts.min_solved = min_solved.0 as f64 / 1_000_000.0;
        let bar = progress(path, (opts.runs + opts.no_sharing_runs) as u64);
        let mut report = rehearse::rehearse(&sc, &opts, &|| bar.inc(1));
        bar.finish_and_clear();
        // What `check` warns about belongs in the verdict too.
        let checked = loaded.warnings.iter();
        let check_warnings = checked.map(|d| format!("check: {}", one_line(&loaded.source, d)));
        report.warnings.splice(0..0, check_warnings);
        failed |= !report.passed;
        if !args.json {
            crate::out!("{}", report.render());
        }
        reports.push(report);
    }
    if args.json {
        let mut scenarios = match serde_json::to_value(&reports) {
            Ok(serde_json::Value::Array(v)) => v,
            _ => Vec::new(),
        };
        scenarios.extend(unloadable);
        let out = serde_json::json!({ "passed": !failed, "scenarios": scenarios });
        let s = serde_json::to_string_pretty(&out)
            .map_err(|e| CliError::new(format!("cannot write the report as JSON: {e}")))?;
        crate::outln!("{s}");
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A diagnostic on one line: `file:line:col: message (help)`.
fn one_line(source: &SourceFile, d: &Diagnostic) -> String {
    let at = match d.span {
        Some(span) => {
            let (line, col) = source.line_col(span.start);
            format!("{}:{line}:{col}", source.name)
        }
        None => source.name.clone(),
    };
    match &d.help {
        Some(help) => format!("{at}: {} ({help})", d.message),
        None => format!("{at}: {}", d.message),
    }
}

/// Files as given; folders replaced by their `.ron` files in name order. A file in a folder whose
/// name is not UTF-8 is kept as `Err`, to be reported on its own.
fn expand(args: &[String]) -> Result<Vec<Result<String, PathBuf>>, String> {
    let mut out = Vec::new();
    for a in args {
        let path = Path::new(a);
        if !path.is_dir() {
            out.push(Ok(a.clone()));
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|e| format!("cannot read `{a}`: {e}"))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
            .filter(|p| !crate::scenario::source::parts::is_part_file(p))
            .collect();
        if found.is_empty() {
            return Err(format!("`{a}` holds no `.ron` scenario files"));
        }
        found.sort();
        out.extend(
            found
                .into_iter()
                .map(|p| p.into_os_string().into_string().map_err(PathBuf::from)),
        );
    }
    Ok(out)
}

fn progress(path: &str, total: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} runs, {elapsed} (eta {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(path.to_string());
    bar
}

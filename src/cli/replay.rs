//! `firedrill replay`: re-simulate a recorded run and check that it reproduces exactly.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::record::RunFile;
use crate::record::replay::{self, ScenarioVersion};
use crate::scenario::units::format_elapsed;

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// The run file to replay.
    #[arg(value_name = "RUN")]
    pub run: PathBuf,
    /// Replay against the scenario file as it is now, even if it changed since the run.
    #[arg(long, conflicts_with = "use_recorded")]
    pub use_current: bool,
    /// Replay against the copy of the scenario stored in the run file, whatever is on disk.
    #[arg(long)]
    pub use_recorded: bool,
}

pub fn main(args: ReplayArgs) -> ExitCode {
    let Some(run) = load_run(&args.run) else {
        return ExitCode::FAILURE;
    };
    let version = if args.use_current {
        ScenarioVersion::Current
    } else if args.use_recorded {
        ScenarioVersion::Recorded
    } else {
        ScenarioVersion::Checked
    };
    let resolved = match replay::resolve_scenario(&run.header, version) {
        Ok(r) => r,
        Err(e) => {
            crate::errln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    crate::outln!(
        "replaying {} (seed {}) against {}",
        run.header.scenario.title,
        run.header.seed,
        resolved.describe(&run.header)
    );
    let report = replay::verify(&run, resolved.scenario);
    if report.dropped_commands > 0 {
        crate::outln!(
            "note: {} of {} commands name a role the scenario no longer has; they were left out",
            report.dropped_commands,
            report.commands
        );
    }
    match &report.divergence {
        None => {
            crate::outln!(
                "reproduced: {} ticks ({}), {} events and {} commands match, every checksum verified",
                report.ticks,
                format_elapsed(report.ticks),
                report.events,
                report.commands
            );
            if run.damage.is_some() {
                crate::outln!("(the recording is incomplete; the rest of the run was not checked)");
            }
            ExitCode::SUCCESS
        }
        Some(d) => {
            crate::outln!("does not reproduce: the first difference is at {d}");
            match d.tick {
                0 => crate::outln!("(nothing before it matched)"),
                t => crate::outln!("(ticks 0 to {} matched)", t - 1),
            }
            ExitCode::FAILURE
        }
    }
}

/// Loads a run file, reporting a damaged one and what is kept of it.
pub(crate) fn load_run(path: &std::path::Path) -> Option<RunFile> {
    match RunFile::load(path) {
        Ok(run) => {
            if let Some(d) = &run.damage {
                let kept = match run.last_tick() {
                    Some(t) => format!(
                        "using the {} complete ticks before it (to {})",
                        t + 1,
                        format_elapsed(t)
                    ),
                    None => "no tick before it is complete".into(),
                };
                crate::errln!("warning: `{}`: {d}; {kept}", path.display());
            }
            Some(run)
        }
        Err(e) => {
            crate::errln!("error: `{}`: {e}", path.display());
            None
        }
    }
}

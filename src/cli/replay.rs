//! `firedrill replay`: re-simulate a recorded run and check that it reproduces exactly.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliError;
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

/// Fails when the run does not reproduce (the first difference is the output), or when the file
/// is damaged before its end, so that the replay cannot vouch for all of it.
pub fn run(args: ReplayArgs) -> super::Outcome {
    let run = load_run(&args.run)?;
    let version = if args.use_current {
        ScenarioVersion::Current
    } else if args.use_recorded {
        ScenarioVersion::Recorded
    } else {
        ScenarioVersion::Checked
    };
    let resolved =
        replay::resolve_scenario(&run.header, version, args.run.parent()).map_err(CliError::new)?;
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
    let outcome = match &report.divergence {
        None => {
            print_verified(&run, &report);
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
    };
    // A whole line that does not read means the recording is damaged, not merely cut short by
    // a kill: what follows that line was never checked, so the replay cannot vouch for the run.
    if let Some(d) = run.damage.as_ref().filter(|_| run.damaged()) {
        if let Some((end, _, _)) = run.end() {
            // The whole run was read and checked; what follows its end is not part of it.
            return Err(CliError::new(format!(
                "`{}` goes on after the run ended at tick {end}: line {} (byte {}) and anything after it were added to the recording or damaged it, so this replay cannot vouch for the file",
                args.run.display(),
                d.line,
                d.byte
            )));
        }
        return Err(CliError::new(format!(
            "`{}` is damaged at line {} (byte {}): {}; the rest of the file was not read, so this replay does not cover the whole recording",
            args.run.display(),
            d.line,
            d.byte,
            d.reason
        )));
    }
    Ok(outcome)
}

/// What a replay that found no difference checked: the whole run, or, for a recording that
/// stops before the run ended (a killed run), everything up to where it stops, and no further.
fn print_verified(run: &RunFile, report: &replay::ReplayReport) {
    let counts = counts(run, report);
    match (run.end(), run.last_tick()) {
        (Some(_), _) => crate::outln!(
            "reproduced: {} ticks ({}), {counts}",
            report.ticks,
            format_elapsed(report.ticks)
        ),
        // Damage, not a kill: the error after this says where the file stops being readable.
        (None, Some(last)) if run.damaged() => crate::outln!(
            "reproduced the readable part: ticks 0 to {last} ({}), {counts}",
            format_elapsed(last)
        ),
        (None, Some(last)) => {
            crate::outln!(
                "the recording stops at tick {last} ({}) before the run ended: the run was killed or the file cut short",
                format_elapsed(last)
            );
            crate::outln!(
                "reproduced up to there: ticks 0 to {last}, {counts}; what came after was not recorded, so it was not checked"
            );
        }
        (None, None) => crate::outln!(
            "the recording stops before its first tick: the run was killed or the file cut short, so there was nothing to check"
        ),
    }
}

/// What was compared: people's commands are the replay's input, while bots decide theirs again
/// from what they see, so an all-bot run has no input commands at all, and says so.
fn counts(run: &RunFile, report: &replay::ReplayReport) -> String {
    let all = run
        .events
        .iter()
        .filter(|e| matches!(e.body, crate::sim::log::EventBody::Command { .. }))
        .count();
    let bots = all.saturating_sub(report.commands);
    let (events, people) = (report.events, report.commands);
    match (people, bots) {
        (_, 0) => format!("{events} events and {people} commands match, every checksum verified"),
        (0, b) => format!(
            "{events} events match, every checksum verified; nobody but bots gave commands, so there were none to feed in: the bots decided all {b} of theirs again and each matches"
        ),
        (p, b) => format!(
            "{events} events match, every checksum verified; the {p} people's commands were fed in and the bots decided their {b} again, and each matches"
        ),
    }
}

/// Loads a run file, warning of a damaged one and saying what is kept of it.
pub(crate) fn load_run(path: &std::path::Path) -> Result<RunFile, CliError> {
    let run = RunFile::load(path).map_err(|e| {
        let error = CliError::new(format!("`{}`: {e}", path.display()));
        // A run killed while recording leaves its recording beside the file it was for.
        let mut partial = path.as_os_str().to_os_string();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        if matches!(&e, crate::record::ReadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
            && partial.is_file()
        {
            error.with_note(format!(
                "`{}` holds the recording of a run that was killed before it ended",
                partial.display()
            ))
        } else {
            error
        }
    })?;
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
    Ok(run)
}

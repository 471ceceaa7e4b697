//! `firedrill fork`: a what-if run that shares a recorded run's history up to a tick, then
//! continues with other decisions.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::CliError;
use crate::fsio::AtomicFile;
use crate::record::fork::{self, ForkError};
use crate::record::replay;
use crate::scenario::units::{format_elapsed, parse_duration};
use crate::sim::commands::Actor;

#[derive(Args, Debug)]
pub struct ForkArgs {
    /// The run file to fork.
    #[arg(value_name = "RUN")]
    pub run: PathBuf,
    /// The first tick that is the fork's own: seconds ("720"), a duration ("12m") or elapsed
    /// time ("12:00"). Everything before it is the parent's.
    #[arg(long, value_name = "TICK")]
    pub at: String,
    /// The new decisions: a command file whose commands come at or after the fork point. Without
    /// it, nobody gives a command after the fork point.
    #[arg(long, value_name = "FILE.ron")]
    pub commands: Option<String>,
    /// Write the fork's run file here (default: next to the parent, `NAME-fork-TICK.jsonl`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: ForkArgs) -> super::Outcome {
    let at = parse_tick(&args.at).ok_or_else(|| {
        CliError::new(format!(
            "--at takes a tick in seconds (\"720\"), a duration (\"12m\") or elapsed time (\"12:00\"), not `{}`",
            args.at
        ))
    })?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.run, at));
    let mut inputs = vec![("the run file being forked", args.run.as_path())];
    if let Some(c) = &args.commands {
        inputs.push(("the command file", Path::new(c)));
    }
    super::output_is_not_an_input(&out, &inputs)?;
    let run = super::replay::load_run(&args.run)?;
    // The shared history is the parent's own, so the fork runs the scenario as recorded.
    let scenario = replay::stored_scenario(&run.header).map_err(CliError::new)?;
    let commands = match &args.commands {
        Some(path) => super::run::load_commands(path, &scenario)?,
        None => Vec::new(),
    };
    if let Some(early) = commands.iter().find(|c| c.tick < at) {
        return Err(CliError::new(format!(
            "`{}` has a command at {}, before the fork point ({}): the fork shares everything before it with the parent",
            args.commands.as_deref().unwrap_or_default(),
            format_elapsed(early.tick),
            format_elapsed(at)
        )));
    }
    // Refused before anything is written: the fork keeps the parent's bots, and a replay would
    // take a person's command from a bot's seat for the bot's own.
    let bots: Vec<String> = run.bots().iter().map(|b| b.to_string()).collect();
    if let Some(role) =
        crate::sim::bots::commanding_a_bot(&bots, commands.iter().map(|c| &*c.actor))
    {
        return Err(CliError::new(ForkError::BotSeat(role.to_string())));
    }
    let file = AtomicFile::create(&out).map_err(|e| CliError::cannot_write(&out, e))?;
    let parent = args.run.display().to_string();
    let mut fork =
        fork::start(&run, &parent, scenario.clone(), at, Some(file)).map_err(CliError::new)?;
    for c in commands {
        if let Some(actor) = Actor::parse(&scenario, &c.actor) {
            fork.queue(c.tick, actor, c.command)
                .map_err(CliError::new)?;
        }
    }
    // The fork's file is put in place only once the fork has run to its end.
    fork.run_to_end()
        .and_then(|()| match fork.writer.take() {
            Some(w) => w.into_inner().commit().map_err(ForkError::Write),
            None => Ok(()),
        })
        .map_err(CliError::new)?;
    crate::outln!("{}", fork.describe());
    let outcome = fork.sim.outcome();
    super::run::print_summary(&scenario, &run.header.options(), &outcome);
    crate::outln!("run file: {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Seconds, a duration such as "12m30s", or elapsed time "mm:ss" / "h:mm:ss".
pub(crate) fn parse_tick(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    if text.contains(':') {
        let parts: Vec<u64> = text
            .split(':')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        return match parts[..] {
            [m, s] if s < 60 => Some(m * 60 + s),
            [h, m, s] if m < 60 && s < 60 => Some(h * 3600 + m * 60 + s),
            _ => None,
        };
    }
    parse_duration(text).map(|d| d.0)
}

fn default_out(parent: &Path, at: u64) -> PathBuf {
    let stem = parent
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    parent.with_file_name(format!("{stem}-fork-{at}.jsonl"))
}

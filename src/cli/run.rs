//! `firedrill run`: a headless run to the end.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use super::CliError;
use crate::record::{RunHeader, RunWriter};
use crate::scenario::source::SourceFile;
use crate::scenario::units::{format_clock, format_elapsed};
use crate::scenario::{self, Scenario};
use crate::sim::commands::Actor;
use crate::sim::commands::script;
use crate::sim::{RunOptions, RunOutcome, Sim};

#[derive(Args, Debug, Default)]
pub struct RunArgs {
    /// The scenario to run (default: the built-in one).
    #[arg(value_name = "SCENARIO.ron")]
    pub scenario: Option<String>,
    /// Seed for all randomness (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// A command file: role commands stamped with times.
    #[arg(long, value_name = "FILE.ron")]
    pub commands: Option<String>,
    /// Write the run file here. It is recorded in FILE.partial and renamed FILE when the run ends,
    /// so a killed run leaves FILE as it was and its own recording in FILE.partial.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Do not show the scenario's hints.
    #[arg(long)]
    pub no_hints: bool,
    /// A role the command file plays (repeatable); every other role is played by a bot.
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,
    /// Roles played by bots: `all` (every role `--role` does not name), `none`, or role ids.
    #[arg(long, value_name = "all|none|ROLE,...")]
    pub bots: Option<String>,
    /// Print the true state of every service at this interval (e.g. "1m"), for scenario authors.
    #[arg(long, value_name = "INTERVAL")]
    pub trace: Option<String>,
}

pub fn run(args: RunArgs) -> super::Outcome {
    if let Some(out) = &args.out {
        let mut inputs = Vec::new();
        if let Some(s) = &args.scenario {
            inputs.push(("the scenario", Path::new(s)));
        }
        if let Some(c) = &args.commands {
            inputs.push(("the command file", Path::new(c)));
        }
        super::output_is_not_an_input(out, &inputs)?;
    }
    let scenario = load_scenario(args.scenario.as_deref())?;
    let commands = match &args.commands {
        Some(path) => load_commands(path, &scenario)?,
        None => Vec::new(),
    };
    let mut options = RunOptions::new(args.seed.unwrap_or(scenario.seed));
    options.hints = !args.no_hints;
    options.bots = crate::sim::bots::choose_bots(&scenario, &args.roles, args.bots.as_deref())?;
    if let Some(role) =
        crate::sim::bots::commanding_a_bot(&options.bots, commands.iter().map(|c| &*c.actor))
    {
        let remedy = format!("add `--role {role}` or remove its commands");
        return Err(CliError::new(crate::sim::bots::bot_seat_message(
            role, &remedy,
        )));
    }
    if options.bots.is_empty() && commands.is_empty() {
        crate::errln!(
            "note: nobody plays, every role stays idle (--bots all for a team of bots; --commands FILE --role ID to play a role)"
        );
    }
    let mut sim = Sim::new(scenario.clone(), &options);
    for c in commands {
        if let Some(actor) = Actor::parse(&scenario, &c.actor) {
            sim.queue(c.tick, actor, c.command);
        }
    }
    let mut writer = match &args.out {
        Some(path) => Some(
            RunWriter::create(path, &RunHeader::new(&scenario, &options))
                .map_err(|e| CliError::cannot_write(path, e))?,
        ),
        None => None,
    };
    let trace = match args
        .trace
        .as_deref()
        .map(crate::scenario::units::parse_duration)
    {
        Some(Some(d)) if d.0 > 0 => Some(d.0),
        Some(_) => {
            return Err(CliError::new(
                "--trace takes a duration such as \"1m\" or \"30s\"",
            ));
        }
        None => None,
    };
    if trace.is_some() {
        super::trace::header(&scenario);
    }
    let write_failed = |e: std::io::Error| {
        let shown = args
            .out
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string());
        CliError::new(format!(
            "writing the run file failed: {e}; `{shown}` was left as it was"
        ))
    };
    while sim.step() {
        if let Some(every) = trace
            && (sim.tick() - 1).is_multiple_of(every)
        {
            super::trace::row(&sim);
        }
        if let Some(w) = writer.as_mut() {
            w.tick(&sim).map_err(write_failed)?;
        }
    }
    if let Some(w) = writer.as_mut() {
        w.finish().map_err(write_failed)?;
    }
    let outcome = sim.outcome();
    print_summary(&scenario, &options, &outcome);
    if let Some(path) = &args.out {
        crate::outln!("run file: {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads a scenario, printing its problems; `None` loads the built-in one.
pub(crate) fn load_scenario(path: Option<&str>) -> Result<Arc<Scenario>, CliError> {
    let loaded = match path {
        Some(p) => scenario::load_path(p),
        None => scenario::load_str(scenario::DEFAULT_SCENARIO_NAME, scenario::DEFAULT_SCENARIO),
    };
    match loaded {
        Ok(l) => Ok(l.scenario),
        Err(e) => {
            crate::errout!("{}", e.render(super::use_color()));
            Err(CliError::new(
                "the scenario has problems; fix them and run again (`firedrill check` lists them)",
            ))
        }
    }
}

/// Loads a command file for a scenario, printing its problems, and warning of commands that will
/// be refused or never applied.
pub(crate) fn load_commands(path: &str, sc: &Scenario) -> Result<Vec<script::Stamped>, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::new(format!("cannot read `{path}`: {e}")))?;
    let source = SourceFile::new(path, text);
    match script::load(&source, sc) {
        Ok(c) => {
            // Said before the run, not lost.
            let warnings = crate::sim::commands::lint_commands(&source, sc);
            if !warnings.is_empty() {
                super::print_diagnostics(&source, &warnings);
            }
            Ok(c)
        }
        Err(diags) => {
            super::print_diagnostics(&source, &diags);
            Err(CliError::new(
                "the command file has problems; fix them and run again (`firedrill check` lists them)",
            ))
        }
    }
}

pub(crate) fn print_summary(sc: &Scenario, options: &RunOptions, outcome: &RunOutcome) {
    crate::outln!("{} (seed {})", sc.title, options.seed);
    // In the order they happened, not the simulation's fixed order.
    let mut milestones = outcome.milestones.clone();
    milestones.sort_by_key(|(_, t)| *t);
    for (m, t) in &milestones {
        crate::outln!(
            "  {:<30} {}  ({})",
            m.label(),
            format_elapsed(*t),
            format_clock(sc.clock_start, *t)
        );
    }
    let verdict = if outcome.end.resolved {
        "resolved"
    } else {
        "not resolved"
    };
    crate::outln!(
        "{verdict} at {} — {}",
        format_elapsed(outcome.end.tick),
        outcome.end.reason
    );
}

//! `firedrill run`: a headless run to the end.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

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

pub fn main(args: RunArgs) -> ExitCode {
    if let Some(out) = &args.out {
        let mut inputs = Vec::new();
        if let Some(s) = &args.scenario {
            inputs.push(("the scenario", Path::new(s)));
        }
        if let Some(c) = &args.commands {
            inputs.push(("the command file", Path::new(c)));
        }
        if !super::output_is_not_an_input(out, &inputs) {
            return ExitCode::FAILURE;
        }
    }
    let scenario = match load_scenario(args.scenario.as_deref()) {
        Some(s) => s,
        None => return ExitCode::FAILURE,
    };
    let commands = match &args.commands {
        Some(path) => match load_commands(path, &scenario) {
            Some(c) => c,
            None => return ExitCode::FAILURE,
        },
        None => Vec::new(),
    };
    let mut options = RunOptions::new(args.seed.unwrap_or(scenario.seed));
    options.hints = !args.no_hints;
    options.bots = match crate::sim::bots::choose_bots(&scenario, &args.roles, args.bots.as_deref())
    {
        Ok(b) => b,
        Err(e) => {
            crate::errln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(role) =
        crate::sim::bots::commanding_a_bot(&options.bots, commands.iter().map(|c| &*c.actor))
    {
        let remedy = format!("add `--role {role}` or remove its commands");
        crate::errln!(
            "error: {}",
            crate::sim::bots::bot_seat_message(role, &remedy)
        );
        return ExitCode::FAILURE;
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
        Some(path) => match RunWriter::create(path, &RunHeader::new(&scenario, &options)) {
            Ok(w) => Some(w),
            Err(e) => {
                crate::errln!("error: cannot write `{}`: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let trace = match args
        .trace
        .as_deref()
        .map(crate::scenario::units::parse_duration)
    {
        Some(Some(d)) if d.0 > 0 => Some(d.0),
        Some(_) => {
            crate::errln!("error: --trace takes a duration such as \"1m\" or \"30s\"");
            return ExitCode::FAILURE;
        }
        None => None,
    };
    if trace.is_some() {
        super::trace::header(&scenario);
    }
    while sim.step() {
        if let Some(every) = trace
            && (sim.tick() - 1).is_multiple_of(every)
        {
            super::trace::row(&sim);
        }
        if let Some(w) = writer.as_mut()
            && let Err(e) = w.tick(&sim)
        {
            return write_failed(args.out.as_deref(), &e);
        }
    }
    if let Some(w) = writer.as_mut()
        && let Err(e) = w.finish()
    {
        return write_failed(args.out.as_deref(), &e);
    }
    let outcome = sim.outcome();
    print_summary(&scenario, &options, &outcome);
    if let Some(path) = &args.out {
        crate::outln!("run file: {}", path.display());
    }
    ExitCode::SUCCESS
}

/// Says that the run file could not be written, and that nothing was put in its place.
fn write_failed(path: Option<&Path>, e: &std::io::Error) -> ExitCode {
    let shown = path.map_or_else(String::new, |p| p.display().to_string());
    crate::errln!("error: writing the run file failed: {e}; `{shown}` was left as it was");
    ExitCode::FAILURE
}

/// Loads a scenario, printing its problems; `None` loads the built-in one.
pub(crate) fn load_scenario(path: Option<&str>) -> Option<Arc<Scenario>> {
    let loaded = match path {
        Some(p) => scenario::load_path(p),
        None => scenario::load_str(scenario::DEFAULT_SCENARIO_NAME, scenario::DEFAULT_SCENARIO),
    };
    match loaded {
        Ok(l) => Some(l.scenario),
        Err(e) => {
            crate::errout!("{}", e.render(super::use_color()));
            crate::errln!(
                "error: the scenario has problems; fix them and run again (`firedrill check` lists them)"
            );
            None
        }
    }
}

pub(crate) fn load_commands(path: &str, sc: &Scenario) -> Option<Vec<script::Stamped>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            crate::errln!("error: cannot read `{path}`: {e}");
            return None;
        }
    };
    let source = SourceFile::new(path, text);
    let render = |diags: &[scenario::source::Diagnostic]| {
        let mut out = Vec::new();
        let _ = scenario::source::render_diagnostics(&mut out, &source, diags, super::use_color());
        crate::errout!("{}", String::from_utf8_lossy(&out));
    };
    match script::load(&source, sc) {
        Ok(c) => {
            // Commands that will be refused or never applied: said before the run, not lost.
            let warnings = crate::sim::commands::lint_commands(&source, sc);
            if !warnings.is_empty() {
                render(&warnings);
            }
            Some(c)
        }
        Err(diags) => {
            render(&diags);
            None
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

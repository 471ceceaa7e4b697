//! The `firedrill` command line.

mod check;
mod compare;
mod debrief;
mod error;
mod fork;
mod graph;
mod host;
mod join;
mod list;
mod new;
mod play;
mod rehearse;
mod replay;
mod review;
mod run;
mod trace;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub(crate) use error::{CliError, Outcome};

#[derive(Parser, Debug)]
#[command(
    name = "firedrill",
    version,
    about = "A teaching simulator for incident-response coordination",
    long_about = "firedrill plays out scripted failures in a simulated production system. Trainees take \
roles, each seeing only its own signals; the team diagnoses by sharing what it knows. Every run is \
recorded for replay and debrief.\n\nWithout a command, firedrill opens the trainee console on the \
built-in scenario (or, without a display, runs it headless)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Check scenario and command files without running them; report every problem with its line
    /// and column.
    Check(check::CheckArgs),
    /// Run a scenario headless to the end, applying scripted commands; write the run file.
    Run(run::RunArgs),
    /// Re-simulate a recorded run and check that every event and checksum reproduces.
    Replay(replay::ReplayArgs),
    /// Start a what-if run that shares a recorded run's history up to a tick.
    Fork(fork::ForkArgs),
    /// Write the debrief of a recorded run: Markdown, self-contained HTML, JSON or CSV.
    Debrief(debrief::DebriefArgs),
    /// Several runs of one scenario side by side, with an all-bot team on the same seed as a
    /// reference line: milestones, key facts' way to the commander, hypotheses, decision points.
    Compare(compare::CompareArgs),
    /// Play a scenario in the trainee console (or, with --facilitator, the facilitator console).
    Play(play::PlayArgs),
    /// Open the debrief viewer on a recorded run.
    Review(review::ReviewArgs),
    /// Host a game day: the authoritative simulation that trainees join from their own machines.
    Host(host::HostArgs),
    /// Join a hosted game day in a role.
    Join(join::JoinArgs),
    /// List the scenario library (or a folder's scenarios): title, difficulty, roles, length,
    /// what each teaches and the outage it is modelled on.
    List(list::ListArgs),
    /// Rehearse scenarios with all-bot teams: solvable? needs sharing? everything reachable?
    Rehearse(rehearse::RehearseArgs),
    /// Write a commented starting scenario, or scaffold a drill from a real incident's timeline.
    New(new::NewArgs),
    /// Draw a scenario's service graph as SVG: services, calls, traffic, faults, who sees what.
    Graph(graph::GraphArgs),
}

/// Writes a command's output to `out` (in one piece, renamed into place) and says where, or to
/// standard output without `--out`.
fn emit(out: Option<&std::path::Path>, what: &str, text: &str) -> Outcome {
    match out {
        Some(path) => {
            crate::fsio::write_atomic(path, text).map_err(|e| CliError::cannot_write(path, e))?;
            crate::outln!("{what}: {}", path.display());
        }
        None => crate::out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Some(Cmd::Check(args)) => check::run(args),
        Some(Cmd::Run(args)) => run::run(args),
        Some(Cmd::Replay(args)) => replay::run(args),
        Some(Cmd::Fork(args)) => fork::run(args),
        Some(Cmd::Debrief(args)) => debrief::run(args),
        Some(Cmd::Compare(args)) => compare::run(args),
        Some(Cmd::Rehearse(args)) => rehearse::run(args),
        Some(Cmd::Host(args)) => host::run(args),
        Some(Cmd::Join(args)) => join::run(args),
        Some(Cmd::List(args)) => list::run(args),
        Some(Cmd::Play(args)) => play::run(args),
        Some(Cmd::Review(args)) => review::run(args),
        Some(Cmd::New(args)) => new::run(args),
        Some(Cmd::Graph(args)) => graph::run(args),
        None => play::default_main(),
    };
    error::report(outcome)
}

/// What `play` and `review` say in a build without the `gui` feature.
#[cfg(not(feature = "gui"))]
pub(crate) fn no_gui_message() -> &'static str {
    "this build of firedrill has no GUI (it was built without the `gui` feature); \
     `firedrill run` runs an exercise headless"
}

/// Refuses an output path that names one of the command's inputs (`what` says which, e.g. "the
/// run file being forked"), however it is spelt: writing there would destroy the input.
pub(crate) fn output_is_not_an_input(
    out: &std::path::Path,
    inputs: &[(&str, &std::path::Path)],
) -> Result<(), CliError> {
    match inputs
        .iter()
        .find(|(_, input)| crate::fsio::same_file(out, input))
    {
        Some((what, input)) => {
            let also = if out == *input {
                String::new()
            } else {
                format!(" (`{}`)", input.display())
            };
            Err(CliError::new(format!(
                "--out `{}` is {what}{also}: writing there would destroy it; write to another file",
                out.display()
            )))
        }
        None => Ok(()),
    }
}

/// Whether to colour terminal output.
pub(crate) fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Prints a file's problems on stderr, each with its line, column and the text around it.
pub(crate) fn print_diagnostics(
    source: &crate::scenario::source::SourceFile,
    diagnostics: &[crate::scenario::source::Diagnostic],
) {
    let mut out = Vec::new();
    let _ = crate::scenario::source::render_diagnostics(&mut out, source, diagnostics, use_color());
    crate::errout!("{}", String::from_utf8_lossy(&out));
}

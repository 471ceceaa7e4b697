//! `firedrill check`: parse and validate scenarios and command files without starting the engine.

use std::process::ExitCode;

use clap::Args;

use crate::scenario::source::{self, Diagnostic, Severity, SourceFile, TopLevel};
use crate::scenario::{self, LoadError, Loaded};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario files and command files (`Commands(...)`) to check. A command file is checked
    /// against the nearest scenario before it on the command line (else the first one after it),
    /// or the built-in scenario when none is given.
    #[arg(required = true, value_name = "FILE.ron")]
    pub files: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// What a file on the command line holds, judged by its top-level name.
enum Kind {
    Scenario(Box<Result<Loaded, LoadError>>),
    Commands(SourceFile),
    /// A part shared by scenarios: only its syntax can be checked on its own.
    Part(SourceFile),
}

/// Fails (after listing every problem) when any file has errors, or warnings with
/// `--deny-warnings`.
pub fn run(args: CheckArgs) -> super::Outcome {
    let kinds: Vec<Kind> = args.files.iter().map(|p| classify(p)).collect();
    let mut failed = false;
    for (ix, path) in args.files.iter().enumerate() {
        let mut plays_note = String::new();
        let (source, diagnostics, ok, against) = match &kinds[ix] {
            Kind::Scenario(loaded) => match &**loaded {
                Ok(l) => (l.source.clone(), l.warnings.clone(), true, String::new()),
                Err(e) => (
                    e.source.clone(),
                    e.diagnostics.clone(),
                    false,
                    String::new(),
                ),
            },
            Kind::Part(source) => {
                let diagnostics = source::parts::syntax_errors(&source.text);
                let ok = diagnostics.is_empty();
                plays_note = "\n  a part: its sections are checked with each scenario that names it in `parts`".into();
                (source.clone(), diagnostics, ok, String::new())
            }
            Kind::Commands(source) => {
                let Some((name, scenario)) = scenario_for(&args.files, &kinds, ix) else {
                    failed = true;
                    continue;
                };
                let (diagnostics, ok, roles) = check_commands(source, &scenario);
                let plays = if roles.is_empty() {
                    String::new()
                } else {
                    let flags: Vec<String> = roles
                        .iter()
                        .filter(|r| *r != crate::scenario::model::FACILITATOR)
                        .map(|r| format!("--role {r}"))
                        .collect();
                    format!(
                        "\n  it plays {}: firedrill run {name} --commands {path} {}",
                        roles.join(", "),
                        flags.join(" ")
                    )
                };
                plays_note = plays;
                (source.clone(), diagnostics, ok, format!(" against {name}"))
            }
        };
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diagnostics.len() - errors;
        super::print_diagnostics(&source, &diagnostics);
        if ok && (warnings == 0 || !args.deny_warnings) {
            crate::outln!(
                "{path}: ok{against} ({}){plays_note}",
                plural(warnings, "warning")
            );
        } else {
            failed = true;
            crate::outln!(
                "{path}: {}, {}{against}",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads a file's top-level name to tell a command file from a scenario, then loads a scenario.
fn classify(path: &str) -> Kind {
    if let Ok(text) = std::fs::read_to_string(path) {
        match source::top_level_shape(&text) {
            Some(TopLevel::Compound(Some(name))) if name == "Commands" => {
                return Kind::Commands(SourceFile::new(path, text));
            }
            Some(TopLevel::List { commands: true, .. }) => {
                return Kind::Commands(SourceFile::new(path, text));
            }
            Some(TopLevel::Compound(Some(name))) if name == source::parts::PART => {
                return Kind::Part(SourceFile::new(path, text));
            }
            _ => {}
        }
    }
    Kind::Scenario(Box::new(scenario::load_path(path)))
}

/// The scenario a command file is checked against: the nearest scenario before it on the
/// command line, else the first after it, else the built-in one. `None` (after saying so) when
/// that scenario has errors.
fn scenario_for(
    paths: &[String],
    kinds: &[Kind],
    ix: usize,
) -> Option<(String, std::sync::Arc<scenario::Scenario>)> {
    let is_scenario = |i: &usize| matches!(kinds[*i], Kind::Scenario(_));
    let chosen = (0..ix)
        .rev()
        .find(is_scenario)
        .or_else(|| (ix + 1..kinds.len()).find(is_scenario));
    let Some(s) = chosen else {
        return Some((
            format!(
                "the built-in scenario ({})",
                scenario::DEFAULT_SCENARIO_NAME
            ),
            scenario::load_default(),
        ));
    };
    match &kinds[s] {
        Kind::Scenario(loaded) => match &**loaded {
            Ok(l) => Some((paths[s].clone(), l.scenario.clone())),
            Err(_) => {
                crate::outln!(
                    "{}: not checked: the scenario it is checked against, {}, has errors",
                    paths[ix],
                    paths[s]
                );
                None
            }
        },
        Kind::Commands(_) | Kind::Part(_) => None,
    }
}

/// The command file's own check (names, roles, times) and the commands that cannot work.
/// Also the roles whose commands it holds, in the scenario's order: the ones it expects people
/// (the file) to play.
fn check_commands(
    source: &SourceFile,
    sc: &scenario::Scenario,
) -> (Vec<Diagnostic>, bool, Vec<String>) {
    use crate::sim::commands::{lint_commands, script};
    let (mut diagnostics, ok, actors) = match script::load(source, sc) {
        Ok(commands) => (
            Vec::new(),
            true,
            commands.into_iter().map(|c| c.actor).collect::<Vec<_>>(),
        ),
        // Its warnings are found again below.
        Err(d) => (
            d.into_iter().filter(Diagnostic::is_error).collect(),
            false,
            Vec::new(),
        ),
    };
    diagnostics.extend(lint_commands(source, sc));
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    let mut roles: Vec<String> = sc
        .roles
        .iter()
        .filter(|r| actors.contains(&r.id))
        .map(|r| r.id.to_string())
        .collect();
    if actors
        .iter()
        .any(|a| &**a == crate::scenario::model::FACILITATOR)
    {
        roles.push(crate::scenario::model::FACILITATOR.to_string());
    }
    (diagnostics, ok, roles)
}

pub(crate) fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

//! Command files: a scripted list of role commands stamped with times, for headless runs and tests.
//! They are checked against the scenario like a scenario is checked, with every error located.
//!
//! ```ron
//! Commands(
//!     commands: [
//!         (at: "2m", role: "db", do: Inspect("db")),
//!         (at: "3m30s", role: "db", do: Share(fact: "db_iops_collapse")),
//!         (at: "4m", role: "facilitator", do: Publish("vp_asks_eta")),
//!     ],
//! )
//! ```

use serde::{Deserialize, Serialize};

use super::Actor;
use crate::scenario::Scenario;
use crate::scenario::compiled::Name;
use crate::scenario::model::Id;
use crate::scenario::source::{self, Diagnostic, List, SourceFile, Span, did_you_mean};
use crate::scenario::units::Duration;
use crate::sim::log::{Command, FACILITATOR};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Commands")]
pub struct ScriptFile {
    pub commands: List<ScriptedCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Command")]
pub struct ScriptedCommand {
    /// Time since the start of the exercise.
    pub at: Duration,
    /// A role id, or `facilitator`.
    pub role: Id,
    #[serde(rename = "do")]
    pub command: Command<Id>,
}

/// A checked command, ready to queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped {
    pub tick: u64,
    pub actor: Name,
    pub command: Command,
}

/// Parses and checks a command file against a scenario; all problems are reported together.
pub fn load(source: &SourceFile, sc: &Scenario) -> Result<Vec<Stamped>, Vec<Diagnostic>> {
    let parsed = source::parse::<ScriptFile>(source);
    let mut diags = parsed.diagnostics;
    let Some(file) = parsed.value else {
        return Err(diags);
    };
    let mut out = Vec::new();
    for item in file.commands.iter() {
        if let Some(stamped) = check_one(sc, item, &mut diags) {
            out.push(stamped);
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    // Same-tick commands keep file order; the queue applies them in that order.
    out.sort_by_key(|s| s.tick);
    Ok(out)
}

/// Reads a command file without a scenario to check its names against: a network client has only
/// the host's word for the scenario, and the host checks each command as it arrives.
pub fn load_unchecked(source: &SourceFile) -> Result<Vec<Stamped>, Vec<Diagnostic>> {
    let parsed = source::parse::<ScriptFile>(source);
    let diags = parsed.diagnostics;
    let Some(file) = parsed.value else {
        return Err(diags);
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let mut out: Vec<Stamped> = file
        .commands
        .iter()
        .map(|item| Stamped {
            tick: item.at.0,
            actor: item.role.value.as_str().into(),
            command: item.command.clone().map(|id| id.value.as_str().into()),
        })
        .collect();
    out.sort_by_key(|s| s.tick);
    Ok(out)
}

fn check_one(
    sc: &Scenario,
    item: &source::Spanned<ScriptedCommand>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Stamped> {
    let actor = match Actor::parse(sc, &item.role.value) {
        Some(a) => a,
        None => {
            let mut names: Vec<&str> = sc.roles.iter().map(|r| &*r.id).collect();
            names.push(FACILITATOR);
            diags.push(unknown(item.role.span, "role", &item.role.value, &names));
            return None;
        }
    };
    let facilitator_only = item.command.is_facilitator_only();
    match (actor, facilitator_only) {
        (Actor::Role(_), true) => {
            diags.push(
                Diagnostic::error(item.span, "only the facilitator can give this command")
                    .with_help("write `role: \"facilitator\"`"),
            );
            return None;
        }
        (Actor::Facilitator, false) => {
            diags.push(
                Diagnostic::error(
                    item.span,
                    "the facilitator has no role, so cannot give this command",
                )
                .with_help("write the id of the role that acts, e.g. `role: \"ic\"`"),
            );
            return None;
        }
        _ => {}
    }
    diags.extend(after_time_limit(item, sc));
    let mut ok = true;
    let command = item.command.clone().map(|id| {
        let kind = kind_of(&item.command, &id);
        match resolve(sc, kind, &id) {
            Ok(name) => name,
            Err(d) => {
                diags.push(d);
                ok = false;
                id.value.as_str().into()
            }
        }
    });
    ok.then(|| Stamped {
        tick: item.at.0,
        actor: actor.name(sc),
        command,
    })
}

/// Which table an id inside a command refers to.
fn kind_of(command: &Command<Id>, id: &Id) -> &'static str {
    match command {
        Command::Inspect(_) => "service",
        Command::Run(_) => "action",
        Command::Tell { .. } => "role",
        Command::Share { fact, .. } => {
            if fact.span == id.span {
                "fact"
            } else {
                "role"
            }
        }
        Command::Ask { to, .. } => {
            if to.span == id.span {
                "role"
            } else {
                "subject"
            }
        }
        Command::Propose(_)
        | Command::Support(_)
        | Command::Discard(_)
        | Command::Confirm(_)
        | Command::Match { .. } => "hypothesis",
        Command::Watch(_) => "chart",
        Command::Ack(_) => "alert",
        Command::Publish(_) | Command::Skip(_) => "inject",
        Command::Fire(_) => "fault",
        Command::Seat { .. } => "role",
        Command::Announce { .. } | Command::Nudge { .. } => "role",
        Command::Say(_)
        | Command::Pause
        | Command::Resume
        | Command::Speed(_)
        | Command::Note(_)
        | Command::Suspect(_)
        | Command::Stuck => "name",
    }
}

fn resolve(sc: &Scenario, kind: &str, id: &Id) -> Result<Name, Diagnostic> {
    let names: Vec<&str> = match kind {
        "service" => sc.services.iter().map(|s| &*s.id).collect(),
        "action" => sc.actions.iter().map(|a| &*a.id).collect(),
        "role" => sc.roles.iter().map(|r| &*r.id).collect(),
        "fact" => sc.facts.iter().map(|f| &*f.id).collect(),
        "hypothesis" => sc.hypotheses.iter().map(|h| &*h.id).collect(),
        "alert" => sc.alerts.iter().map(|a| &*a.id).collect(),
        "inject" => sc.injects.iter().map(|i| &*i.id).collect(),
        "fault" => sc.faults.iter().map(|f| &*f.id).collect(),
        "chart" => {
            let charts: Vec<String> = sc
                .metrics
                .by_service
                .iter()
                .enumerate()
                .flat_map(|(s, ms)| {
                    ms.iter().map(move |&m| {
                        format!("{}/{}", sc.services[s].id, sc.metrics.metrics[m].name)
                    })
                })
                .collect();
            if charts.contains(&id.value) {
                return Ok(id.value.as_str().into());
            }
            let names: Vec<&str> = charts.iter().map(String::as_str).collect();
            return Err(unknown(id.span, kind, &id.value, &names));
        }
        "subject" => sc
            .services
            .iter()
            .map(|s| &*s.id)
            .chain(sc.facts.iter().map(|f| &*f.id))
            .collect(),
        _ => return Ok(id.value.as_str().into()),
    };
    match names.iter().find(|n| **n == id.value) {
        Some(n) => Ok((*n).into()),
        None => Err(unknown(id.span, kind, &id.value, &names)),
    }
}

fn unknown(span: Span, kind: &str, name: &str, names: &[&str]) -> Diagnostic {
    let help = match did_you_mean(name, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => {
            let owned: Vec<String> = names.iter().map(|s| s.to_string()).collect();
            format!(
                "the scenario's {kind} ids are: {}",
                crate::scenario::check::list_names(&owned)
            )
        }
    };
    Diagnostic::error(span, format!("the scenario has no {kind} `{name}`")).with_help(help)
}

/// A warning for a command stamped at or after the time limit: it would never be applied.
pub fn after_time_limit(
    item: &source::Spanned<ScriptedCommand>,
    sc: &Scenario,
) -> Option<Diagnostic> {
    (item.at.0 >= sc.time_limit).then(|| {
        Diagnostic::warning(
            item.span,
            format!("this command is at {}, after the time limit", item.at),
        )
        .with_help("it will never be applied; move it earlier or raise the scenario's `time_limit`")
    })
}

//! Command files checked against a scenario beyond their names (which `script::load` checks):
//! commands that parse and name real things but cannot work when the run reaches them.

use std::collections::BTreeSet;

use super::script::{self, ScriptFile};
use crate::scenario::Scenario;
use crate::scenario::check::{Tables, first_hand_in};
use crate::scenario::compiled::{CondExpr, RoleIx};
use crate::scenario::model::FACILITATOR;
use crate::scenario::source::{self, Diagnostic, SourceFile};
use crate::scenario::units::format_duration;
use crate::sim::log::Command;

/// Warnings for commands that cannot (or might not) work against `sc`: a role running an action
/// it may not take, `Fire` on a fault that does not wait for the facilitator, a role sharing a
/// fact it has no way to hold yet. Names that do not resolve are left to the command file's own
/// check.
pub fn lint_commands(file: &SourceFile, sc: &Scenario) -> Vec<Diagnostic> {
    let parsed = source::parse::<ScriptFile>(file);
    let Some(script) = parsed.value else {
        return Vec::new();
    };
    let tables = Tables::of(sc);
    let mut diags = Vec::new();
    // Shares apply in time order (same-tick commands in file order), like the run's queue.
    let mut items: Vec<_> = script.commands.iter().collect();
    items.sort_by_key(|c| c.at.0);
    // Who has been told each fact by an earlier share.
    let mut told: Vec<BTreeSet<RoleIx>> = vec![BTreeSet::new(); sc.facts.len()];
    for item in &items {
        diags.extend(script::after_time_limit(item, sc));
    }
    for item in items {
        let Some(role) = sc.role_ix(&item.role.value) else {
            continue;
        };
        let role_id = &sc.roles[role].id;
        match &item.command {
            Command::Run(a) => {
                let Some(ax) = sc.action_ix(&a.value) else {
                    continue;
                };
                let action = &sc.actions[ax];
                if !action.roles.contains(&role) {
                    let may: Vec<String> = action
                        .roles
                        .iter()
                        .map(|&r| format!("\"{}\"", sc.roles[r].id))
                        .collect();
                    diags.push(
                        Diagnostic::warning(
                            a.span,
                            format!(
                                "role `{role_id}` may not take the action `{}`, so this will be refused",
                                action.id
                            ),
                            )
                        .with_help(format!(
                            "give the command to a role that may take it: {}",
                            may.join(", ")
                        )),
                    );
                }
            }
            Command::Share { fact, to } => {
                let Some(f) = sc.fact_ix(&fact.value) else {
                    continue;
                };
                let first_hand = first_hand_in(&tables, &sc.facts[f]);
                if !first_hand.contains(&role) && !told[f].contains(&role) {
                    let learners: Vec<String> = first_hand
                        .iter()
                        .map(|&r| format!("\"{}\"", sc.roles[r].id))
                        .collect();
                    let help = if learners.is_empty() {
                        "no role can learn it first-hand in this scenario: leave the command out, or make the fact learnable in the scenario".to_string()
                    } else {
                        format!(
                            "share it from a role that can learn it ({}), or have one of them share it with `{role_id}` earlier",
                            learners.join(", ")
                        )
                    };
                    diags.push(
                        Diagnostic::warning(
                            fact.span,
                            format!(
                                "role `{role_id}` might not know `{}` at {}: it is not on its cards, none of its sources reaches it, and nobody shares it with `{role_id}` before",
                                sc.facts[f].id,
                                format_duration(item.at.0)
                            ),
                        )
                        .with_help(help),
                    );
                }
                match to.as_ref().map(|t| sc.role_ix(&t.value)) {
                    Some(Some(r)) => {
                        told[f].insert(r);
                    }
                    Some(None) => {}
                    None => told[f].extend(0..sc.roles.len()),
                }
            }
            _ => {}
        }
    }
    // Facilitator commands (the actor is not a role).
    for item in script.commands.iter() {
        if item.role.value != FACILITATOR {
            continue;
        }
        if let Command::Fire(f) = &item.command
            && let Some(fx) = sc.fault_ix(&f.value)
        {
            let mut manual = false;
            sc.faults[fx].trigger.visit(&mut |c| {
                manual |= matches!(c, CondExpr::Manual);
            });
            if !manual {
                diags.push(
                    Diagnostic::warning(
                        f.span,
                        format!(
                            "`Fire` starts only a fault whose trigger is `Manual`; `{}` has another trigger, so this does nothing",
                            sc.faults[fx].id
                        ),
                    )
                    .with_help(format!(
                        "leave the command out (the fault starts by its own trigger), or give `{}` `trigger: Manual` (or `Any([Manual, ...])`) in the scenario",
                        sc.faults[fx].id
                    )),
                );
            }
        }
    }
    diags
}

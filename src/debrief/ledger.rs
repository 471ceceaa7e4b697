//! The clue ledger: for each fact, the first moment it was observable to any role, first learnt,
//! first shared, reached the commander and was first used. Built from the who-knew journeys and
//! the decision points, plus one pass over the log for the hypothesis steps (a step only counts
//! when the role held the fact at that event, not later in the same second).

use super::bearing::step_bears_on;
use super::model::*;
use crate::scenario::Scenario;
use crate::scenario::model::Expected;
use crate::sim::log::{Event, EventBody, Observation};

pub(super) fn build(sc: &Scenario, events: &[Event], d: &Debrief) -> Vec<LedgerEntry> {
    let steps = first_steps(sc, events);
    d.knowledge
        .iter()
        .enumerate()
        .map(|(f, j)| {
            let shared = j
                .roles
                .iter()
                .filter_map(|r| r.shared.first().map(|s| (s.tick, &r.role)))
                .min_by_key(|(t, _)| *t)
                .map(|(tick, role)| RoleTick {
                    role: role.clone(),
                    tick,
                });
            let decision = first_decision(sc, d, &j.fact);
            let used = match (steps[f].clone(), decision) {
                (Some(a), Some(b)) => Some(if b.tick < a.tick { b } else { a }),
                (a, b) => a.or(b),
            };
            LedgerEntry {
                fact: j.fact.clone(),
                text: j.text.clone(),
                key: j.key,
                observable: j.first_available.clone(),
                learnt: j.first_seen.clone(),
                shared,
                to_commander: j.to_commander.as_ref().and_then(|c| c.learnt),
                used,
            }
        })
        .collect()
}

/// For each fact, the first hypothesis step it bears on taken by a role that held it then.
fn first_steps(sc: &Scenario, events: &[Event]) -> Vec<Option<FactUse>> {
    let mut held = vec![vec![false; sc.roles.len()]; sc.facts.len()];
    let mut out: Vec<Option<FactUse>> = vec![None; sc.facts.len()];
    for e in events {
        let EventBody::Seen { to, what } = &e.body else {
            continue;
        };
        match what {
            Observation::FactLearned { fact, .. } => {
                if let Some(f) = sc.fact_ix(fact) {
                    for r in to.iter().filter_map(|r| sc.role_ix(r)) {
                        held[f][r] = true;
                    }
                }
            }
            Observation::Hypothesis {
                hypothesis,
                by,
                change,
                ..
            } => {
                let Some(r) = sc.role_ix(by) else { continue };
                let statement = sc
                    .hypothesis_ix(hypothesis)
                    .map_or(hypothesis.to_string(), |h| {
                        sc.hypotheses[h].statement.clone()
                    });
                for f in 0..sc.facts.len() {
                    if out[f].is_none() && held[f][r] && step_bears_on(sc, hypothesis, *change, f) {
                        out[f] = Some(FactUse {
                            tick: e.tick,
                            role: by.to_string(),
                            how: format!(
                                "{} {}",
                                super::lanes::change_verb(*change),
                                super::text::quote(&statement)
                            ),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The first decision point met by a role holding `fact` (sharing the fact itself is not a use
/// of it: the ledger has its own column for that).
fn first_decision(sc: &Scenario, d: &Debrief, fact: &str) -> Option<FactUse> {
    d.decisions
        .iter()
        .zip(&sc.file.debrief.decision_points)
        .filter(|(_, dp)| !matches!(&dp.expect, Expected::Share(f) if f.value == fact))
        .filter_map(|(x, _)| {
            let t = x.taken.as_ref()?;
            x.knew.iter().any(|k| k == fact).then(|| FactUse {
                tick: t.tick,
                role: t.role.clone(),
                how: format!("decision “{}”", x.title),
            })
        })
        .min_by_key(|u| u.tick)
}

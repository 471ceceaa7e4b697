//! Who knew what, when: for each fact and role, when a source first offered it (available), when
//! the role learnt it (seen), when the role passed it on (shared), and when it first used it in
//! a hypothesis step (acted on); and how long each fact took to reach the incident commander.

use super::lanes::{change_verb, via_text};
use super::model::*;
use crate::scenario::Scenario;
use crate::sim::log::{Event, EventBody, HypothesisChange, Observation, Truth};

pub(super) fn build(sc: &Scenario, events: &[Event]) -> Vec<FactJourney> {
    let key_facts = &sc.file.debrief.key_facts;
    let commander = sc.commander();
    sc.facts
        .iter()
        .enumerate()
        .map(|(f, fact)| {
            let roles: Vec<FactForRole> = sc
                .roles
                .iter()
                .map(|r| for_role(sc, f, &r.id, events))
                .collect();
            let earliest = |pick: fn(&FactForRole) -> Option<Tick>| {
                roles
                    .iter()
                    .filter_map(|r| Some((pick(r)?, &r.role)))
                    .min_by_key(|(t, _)| *t)
                    .map(|(tick, role)| RoleTick {
                        role: role.clone(),
                        tick,
                    })
            };
            let first_available = earliest(|r| r.available);
            let first_seen = earliest(|r| r.seen);
            let to_commander = commander.map(|c| {
                let ic = &roles[c];
                let since =
                    |from: &Option<RoleTick>| Some(ic.seen?.saturating_sub(from.as_ref()?.tick));
                CommanderReach {
                    commander: ic.role.clone(),
                    learnt: ic.seen,
                    via: ic.seen_via.clone(),
                    since_available: since(&first_available),
                    since_seen: since(&first_seen),
                }
            });
            FactJourney {
                fact: fact.id.to_string(),
                text: fact.text.clone(),
                key: key_facts.iter().any(|k| k.value == *fact.id),
                supports: hypotheses_where(sc, |h| h.needs.contains(&f)),
                refutes: hypotheses_where(sc, |h| h.refuted_by.contains(&f)),
                roles,
                first_available,
                first_seen,
                to_commander,
            }
        })
        .collect()
}

fn hypotheses_where(
    sc: &Scenario,
    pred: impl Fn(&crate::scenario::compiled::HypothesisDef) -> bool,
) -> Vec<String> {
    sc.hypotheses
        .iter()
        .filter(|h| pred(h))
        .map(|h| h.id.to_string())
        .collect()
}

fn for_role(sc: &Scenario, f: usize, role: &str, events: &[Event]) -> FactForRole {
    let id = &*sc.facts[f].id;
    let mut out = FactForRole {
        role: role.to_string(),
        available: None,
        available_via: None,
        seen: None,
        seen_via: None,
        shared: Vec::new(),
        acted_on: None,
    };
    for e in events {
        match &e.body {
            EventBody::Truth(Truth::FactAvailable { fact, role: r, via })
                if **fact == *id && **r == *role && out.available.is_none() =>
            {
                out.available = Some(e.tick);
                out.available_via = Some(via_text(via));
            }
            EventBody::Seen { to, what } => match what {
                Observation::FactLearned { fact, via, .. }
                    if **fact == *id && to.iter().any(|r| **r == *role) && out.seen.is_none() =>
                {
                    out.seen = Some(e.tick);
                    out.seen_via = Some(via_text(via));
                    // Reached the role before any first-hand source offered it (a card, a share).
                    if out.available.is_none() {
                        out.available = Some(e.tick);
                        out.available_via = out.seen_via.clone();
                    }
                }
                Observation::FactShared { fact, from, to, .. }
                    if **fact == *id && **from == *role =>
                {
                    out.shared.push(ShareEntry {
                        tick: e.tick,
                        to: to.as_ref().map(|t| t.to_string()),
                    });
                }
                Observation::Hypothesis {
                    hypothesis,
                    by,
                    change,
                    ..
                } if **by == *role && out.seen.is_some() && out.acted_on.is_none() => {
                    let Some(h) = sc.hypothesis_ix(hypothesis) else {
                        continue;
                    };
                    let def = &sc.hypotheses[h];
                    let bears = match change {
                        HypothesisChange::Discarded => def.refuted_by.contains(&f),
                        _ => def.needs.contains(&f),
                    };
                    if bears {
                        out.acted_on = Some(Act {
                            tick: e.tick,
                            what: format!("{} {hypothesis}", change_verb(*change)),
                        });
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

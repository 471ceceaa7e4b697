//! Who knew what, when: for each fact and role, when a source first offered it (available), when
//! the role learnt it (seen), when the role passed it on (shared), and when it first acted on it
//! (a hypothesis step or an action that bears on it, see `bearing`); and how long each fact took
//! to reach the incident commander once it mattered.

use super::bearing::{action_bears_on, step_bears_on};
use super::lanes::{change_verb, via_text};
use super::model::*;
use crate::scenario::Scenario;
use crate::sim::log::{Event, EventBody, Observation, Truth};

/// `impact_start` is when customers were first affected, if they were: a fact known before it
/// had nothing to be late for, so the time to reach the commander counts from the later of the
/// two.
pub(super) fn build(
    sc: &Scenario,
    events: &[Event],
    impact_start: Option<Tick>,
) -> Vec<FactJourney> {
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
                let counted = |from: &Option<RoleTick>| {
                    let t = from.as_ref()?.tick;
                    Some(impact_start.map_or(t, |i| t.max(i)))
                };
                let since = |from: &Option<RoleTick>| Some(ic.seen?.saturating_sub(counted(from)?));
                CommanderReach {
                    commander: ic.role.clone(),
                    learnt: ic.seen,
                    via: ic.seen_via.clone(),
                    since_available: since(&first_available),
                    since_seen: since(&first_seen),
                    counted_from: counted(&first_available),
                    before_impact: impact_start
                        .is_some_and(|i| first_available.as_ref().is_some_and(|a| a.tick < i)),
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
                out.available_via = Some(via_text(sc, via));
            }
            EventBody::Seen { to, what } => match what {
                Observation::FactLearned { fact, via, .. }
                    if **fact == *id && to.iter().any(|r| **r == *role) && out.seen.is_none() =>
                {
                    out.seen = Some(e.tick);
                    out.seen_via = Some(via_text(sc, via));
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
                } if **by == *role
                    && out.seen.is_some()
                    && out.acted_on.is_none()
                    && step_bears_on(sc, hypothesis, *change, f) =>
                {
                    out.acted_on = Some(Act {
                        tick: e.tick,
                        what: format!("{} {hypothesis}", change_verb(*change)),
                    });
                }
                Observation::ActionStarted { action, by, .. }
                    if **by == *role
                        && out.seen.is_some()
                        && out.acted_on.is_none()
                        && action_bears_on(sc, action, f) =>
                {
                    let title = sc
                        .action_ix(action)
                        .map_or(action.to_string(), |a| sc.actions[a].title.clone());
                    out.acted_on = Some(Act {
                        tick: e.tick,
                        what: format!("started “{title}”"),
                    });
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

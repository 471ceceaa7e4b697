//! Hypotheses (when each was proposed, confirmed or discarded, and by whom) and the scenario's
//! decision points set against what happened, with what the deciding role knew then.

use super::model::*;
use crate::scenario::Scenario;
use crate::scenario::compiled::ActionEffectDef;
use crate::scenario::model::Expected;
use crate::sim::log::{Event, EventBody, HypothesisChange, Observation};

pub(super) fn hypotheses(sc: &Scenario, events: &[Event]) -> Vec<HypothesisStory> {
    sc.hypotheses
        .iter()
        .map(|h| {
            let mut story = HypothesisStory {
                id: h.id.to_string(),
                statement: h.statement.clone(),
                kind: h.kind,
                steps: Vec::new(),
                proposed: None,
                confirmed: None,
                discarded: None,
            };
            for e in events {
                let EventBody::Seen {
                    what:
                        Observation::Hypothesis {
                            hypothesis,
                            by,
                            change,
                            ..
                        },
                    ..
                } = &e.body
                else {
                    continue;
                };
                if *hypothesis != h.id {
                    continue;
                }
                let at = RoleTick {
                    role: by.to_string(),
                    tick: e.tick,
                };
                // The same rules as the simulation's: a new proposal reopens a discarded one.
                match change {
                    HypothesisChange::Proposed => {
                        story.proposed = Some(at);
                        story.discarded = None;
                    }
                    HypothesisChange::Discarded => {
                        story.discarded = Some(at);
                        story.confirmed = None;
                    }
                    HypothesisChange::Confirmed => {
                        story.proposed.get_or_insert(at.clone());
                        story.discarded = None;
                        story.confirmed.get_or_insert(at);
                    }
                    HypothesisChange::Supported | HypothesisChange::NotEstablished => {}
                }
                story.steps.push(HypStep {
                    tick: e.tick,
                    by: by.to_string(),
                    change: *change,
                });
            }
            story
        })
        .collect()
}

pub(super) fn decisions(sc: &Scenario, events: &[Event], d: &Debrief) -> Vec<DecisionOutcome> {
    let key_facts: Vec<&str> = sc
        .file
        .debrief
        .key_facts
        .iter()
        .map(|k| k.value.as_str())
        .collect();
    sc.file
        .debrief
        .decision_points
        .iter()
        .map(|dp| {
            let (from, until) = (dp.from.0, dp.until.0);
            let taken = events.iter().find_map(|e| {
                let EventBody::Seen { what, .. } = &e.body else {
                    return None;
                };
                taken_by(sc, &dp.expect, what).map(|role| RoleTick { role, tick: e.tick })
            });
            let timing = match &taken {
                None => Timing::NotTaken,
                Some(t) if t.tick < from => Timing::Early,
                Some(t) if t.tick <= until => Timing::InWindow,
                Some(_) => Timing::Late,
            };
            let deciding_role = match &taken {
                Some(t) => Some(t.role.clone()),
                None => dp
                    .role
                    .as_ref()
                    .map(|r| r.value.clone())
                    .or(d.run.commander.clone()),
            };
            let knew_at = match &taken {
                Some(t) => t.tick,
                None => until.min(d.run.length.saturating_sub(1)),
            };
            let knew: Vec<String> = deciding_role
                .as_deref()
                .map(|role| known_by(d, role, knew_at))
                .unwrap_or_default();
            DecisionOutcome {
                id: dp.id.value.clone(),
                title: dp.title.clone(),
                from,
                until,
                role: dp.role.as_ref().map(|r| r.value.clone()),
                expected: expected_text(sc, &dp.expect),
                taken,
                timing,
                key_facts_missing: key_facts
                    .iter()
                    .filter(|k| !knew.iter().any(|f| f == *k))
                    .map(|k| k.to_string())
                    .collect(),
                deciding_role,
                knew_at,
                knew,
                trap: dp.trap.clone(),
                note: dp.note.clone(),
            }
        })
        .collect()
}

/// Facts `role` had learnt by `tick`, in the scenario's order.
fn known_by(d: &Debrief, role: &str, tick: Tick) -> Vec<String> {
    d.knowledge
        .iter()
        .filter(|j| {
            j.roles
                .iter()
                .any(|r| r.role == role && r.seen.is_some_and(|s| s <= tick))
        })
        .map(|j| j.fact.clone())
        .collect()
}

/// The role that made the expected move, if this observation is it.
fn taken_by(sc: &Scenario, expect: &Expected, what: &Observation) -> Option<String> {
    match (expect, what) {
        (Expected::Action(a), Observation::ActionStarted { action, by, .. })
            if **action == a.value =>
        {
            Some(by.to_string())
        }
        (Expected::StatusUpdate, Observation::ActionStarted { action, by, .. }) => sc
            .action_ix(action)
            .filter(|&a| {
                sc.actions[a]
                    .effects
                    .iter()
                    .any(|e| matches!(e, ActionEffectDef::StatusUpdate))
            })
            .map(|_| by.to_string()),
        (Expected::Share(f), Observation::FactShared { fact, from, .. }) if **fact == f.value => {
            Some(from.to_string())
        }
        (
            Expected::Confirm(h),
            Observation::Hypothesis {
                hypothesis,
                by,
                change: HypothesisChange::Confirmed,
                ..
            },
        ) if **hypothesis == h.value => Some(by.to_string()),
        (Expected::Acknowledge(a), Observation::AlertAcked { alert, by }) if **alert == a.value => {
            Some(by.to_string())
        }
        _ => None,
    }
}

fn expected_text(sc: &Scenario, expect: &Expected) -> String {
    match expect {
        Expected::Action(a) => {
            let title = sc
                .action_ix(a)
                .map_or(a.value.clone(), |i| sc.actions[i].title.clone());
            format!("start “{title}”")
        }
        Expected::Share(f) => {
            let text = sc
                .fact_ix(f)
                .map_or(f.value.clone(), |i| sc.facts[i].text.clone());
            format!("share “{}”", text.trim_end_matches('.'))
        }
        Expected::Confirm(h) => {
            let s = sc
                .hypothesis_ix(h)
                .map_or(h.value.clone(), |i| sc.hypotheses[i].statement.clone());
            format!("confirm “{}”", s.trim_end_matches('.'))
        }
        Expected::Acknowledge(a) => {
            let title = sc
                .alert_ix(a)
                .map_or(a.value.clone(), |i| sc.alerts[i].title.clone());
            format!("acknowledge “{title}”")
        }
        Expected::StatusUpdate => "post a status update".into(),
    }
}

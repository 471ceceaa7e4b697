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
            // The event that took it: what the role knew is what it held then, not what it
            // learnt later in the same second.
            let taking = events.iter().find_map(|e| {
                let EventBody::Seen { what, .. } = &e.body else {
                    return None;
                };
                let role = dp.role.as_ref().map(|r| r.value.as_str());
                taken_by(sc, &dp.expect, role, what)
                    .map(|role| (RoleTick { role, tick: e.tick }, e.seq))
            });
            let taken = taking.as_ref().map(|(t, _)| t.clone());
            let timing = match &taken {
                None => Timing::NotTaken,
                Some(t) if t.tick < from => Timing::Early,
                Some(t) if t.tick <= until => Timing::InWindow,
                Some(_) => Timing::Late,
            };
            // A missed point that names no role is the team's: nobody in particular was
            // expected to make it, so the debrief looks at what the team held between them
            // rather than pinning it on one seat (the commander's, say).
            let deciding_role = match &taken {
                Some(t) => Some(t.role.clone()),
                None => dp.role.as_ref().map(|r| r.value.clone()),
            };
            let knew_at = match &taken {
                Some(t) => t.tick,
                None => until.min(d.run.length.saturating_sub(1)),
            };
            let knew = match &taking {
                Some((t, seq)) => known_before(d, events, &t.role, *seq),
                None => known_by(d, deciding_role.as_deref(), knew_at),
            };
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

/// Facts `role` (`None`: anyone on the team) had learnt by `tick`, in the scenario's order.
fn known_by(d: &Debrief, role: Option<&str>, tick: Tick) -> Vec<String> {
    d.knowledge
        .iter()
        .filter(|j| {
            j.roles.iter().any(|r| {
                role.is_none_or(|role| r.role == role) && r.seen.is_some_and(|s| s <= tick)
            })
        })
        .map(|j| j.fact.clone())
        .collect()
}

/// Facts `role` had learnt by the event `seq` (that one included), in the scenario's order.
fn known_before(d: &Debrief, events: &[Event], role: &str, seq: u64) -> Vec<String> {
    let learnt: Vec<&str> = events
        .iter()
        .take_while(|e| e.seq <= seq)
        .filter_map(|e| match &e.body {
            EventBody::Seen {
                to,
                what: Observation::FactLearned { fact, .. },
            } if to.iter().any(|r| **r == *role) => Some(&**fact),
            _ => None,
        })
        .collect();
    d.knowledge
        .iter()
        .filter(|j| learnt.contains(&j.fact.as_str()))
        .map(|j| j.fact.clone())
        .collect()
}

/// The role that made the expected move, if this observation is it. `role` is the role the
/// decision point names, if any.
fn taken_by(
    sc: &Scenario,
    expect: &Expected,
    role: Option<&str>,
    what: &Observation,
) -> Option<String> {
    match (expect, what) {
        (Expected::Action(a), Observation::ActionStarted { action, by, .. })
            if **action == a.value =>
        {
            Some(by.to_string())
        }
        // An update counts once it is out, when its action completes: the same moment as the
        // "first external communication" milestone.
        (Expected::StatusUpdate, Observation::ActionCompleted { action, by, .. }) => sc
            .action_ix(action)
            .filter(|&a| {
                sc.actions[a]
                    .effects
                    .iter()
                    .any(|e| matches!(e, ActionEffectDef::StatusUpdate))
            })
            .map(|_| by.to_string()),
        // A share is about getting the fact to someone: when the point names a role, only a
        // share that reaches it (with the whole channel, or with that role) counts.
        (Expected::Share(f), Observation::FactShared { fact, from, to, .. })
            if **fact == f.value && reaches(role, from, to.as_deref()) =>
        {
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

/// Whether a share from `from` to `to` (`None`: the whole channel) reaches `role` (`None`: any
/// share will do). A role's own share does not reach it: it already held the fact.
fn reaches(role: Option<&str>, from: &str, to: Option<&str>) -> bool {
    role.is_none_or(|r| from != r && to.is_none_or(|t| t == r))
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

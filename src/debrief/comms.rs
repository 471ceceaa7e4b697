//! Communication: who talked to whom, questions and how long their answers took, and facts
//! handed from one role to another. A stakeholder's message (an inject) that asks something is a
//! question too; the team answers outside only through status updates, so its answer is the
//! first status update out after it.

use std::collections::BTreeMap;

use super::model::*;
use super::text::role_title;
use crate::scenario::Scenario;
use crate::scenario::compiled::{ActionEffectDef, Name};
use crate::sim::log::{Event, EventBody, Observation};

pub(super) fn build(sc: &Scenario, events: &[Event]) -> Communication {
    let mut links: BTreeMap<(String, Option<String>), Link> = BTreeMap::new();
    let mut questions = Vec::new();
    let mut handoffs = Vec::new();
    let mut count = |from: &Name, to: Option<&Name>, bump: fn(&mut Link)| {
        let key = (from.to_string(), to.map(|t| t.to_string()));
        let link = links.entry(key.clone()).or_insert(Link {
            from: key.0,
            to: key.1,
            messages: 0,
            questions: 0,
            shares: 0,
        });
        bump(link);
    };
    for (i, e) in events.iter().enumerate() {
        let EventBody::Seen { what, to: seen_by } = &e.body else {
            continue;
        };
        match what {
            Observation::Inject { from, text, .. } if asks(text) => {
                questions.push(QuestionEntry {
                    tick: e.tick,
                    from: from.clone(),
                    to: seen_by
                        .iter()
                        .map(|r| r.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    text: text.clone(),
                    about: None,
                    answer: status_update_after(sc, &events[i + 1..], e.tick),
                    external: true,
                });
            }
            Observation::Message { from, to, .. } => {
                count(from, to.as_ref(), |l| l.messages += 1);
            }
            Observation::Question {
                from,
                to,
                text,
                about,
            } => {
                count(from, Some(to), |l| l.questions += 1);
                questions.push(QuestionEntry {
                    tick: e.tick,
                    from: from.to_string(),
                    to: to.to_string(),
                    text: text.clone(),
                    about: about.as_ref().map(|a| a.to_string()),
                    answer: answer(&events[i + 1..], e.tick, from, to),
                    external: false,
                });
            }
            Observation::FactShared { fact, from, to, .. } => {
                count(from, to.as_ref(), |l| l.shares += 1);
                handoffs.push(Handoff {
                    tick: e.tick,
                    from: from.to_string(),
                    to: to.as_ref().map(|t| t.to_string()),
                    fact: fact.to_string(),
                    held_for: learnt(&events[..i], fact, from).map(|t| e.tick - t),
                });
            }
            _ => {}
        }
    }
    Communication {
        links: links.into_values().collect(),
        questions,
        handoffs,
    }
}

/// The first message or share from the asked role to the asker or the whole channel.
fn answer(after: &[Event], asked_at: Tick, asker: &Name, asked: &Name) -> Option<Answer> {
    let back = |to: &Option<Name>| to.as_ref().is_none_or(|t| t == asker);
    after.iter().find_map(|e| {
        let EventBody::Seen { what, .. } = &e.body else {
            return None;
        };
        let how = match what {
            Observation::Message { from, to, text } if from == asked && back(to) => {
                format!("message: {text}")
            }
            Observation::FactShared { from, to, text, .. } if from == asked && back(to) => {
                format!("shared: {text}")
            }
            _ => return None,
        };
        Some(Answer {
            tick: e.tick,
            wait: e.tick - asked_at,
            how,
        })
    })
}

/// Whether a stakeholder's message asks something. Scenarios do not mark injects as questions,
/// so the text decides: a question mark anywhere ("Is this you? Our hosts look healthy.").
fn asks(text: &str) -> bool {
    text.contains('?')
}

/// The first status update out (its action completed) after a stakeholder asked.
fn status_update_after(sc: &Scenario, after: &[Event], asked_at: Tick) -> Option<Answer> {
    after.iter().find_map(|e| match &e.body {
        EventBody::Seen {
            what: Observation::ActionCompleted { action, by, result },
            ..
        } if sc.action_ix(action).is_some_and(|a| {
            sc.actions[a]
                .effects
                .iter()
                .any(|x| matches!(x, ActionEffectDef::StatusUpdate))
        }) =>
        {
            // People read this: the role's title, not its id.
            let by = role_title(sc, by);
            Some(Answer {
                tick: e.tick,
                wait: e.tick - asked_at,
                how: match result {
                    Some(r) => format!("status update by {by}: {r}"),
                    None => format!("status update by {by}"),
                },
            })
        }
        _ => None,
    })
}

/// When `role` learnt `fact`, in the events before a share.
fn learnt(before: &[Event], fact: &Name, role: &Name) -> Option<Tick> {
    before.iter().find_map(|e| match &e.body {
        EventBody::Seen {
            to,
            what: Observation::FactLearned { fact: f, .. },
        } if f == fact && to.contains(role) => Some(e.tick),
        _ => None,
    })
}

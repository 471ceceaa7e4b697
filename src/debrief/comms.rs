//! Communication: who talked to whom, questions and how long their answers took, and facts
//! handed from one role to another.

use std::collections::BTreeMap;

use super::model::*;
use crate::scenario::compiled::Name;
use crate::sim::log::{Event, EventBody, Observation};

pub(super) fn build(events: &[Event]) -> Communication {
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
        let EventBody::Seen { what, .. } = &e.body else {
            continue;
        };
        match what {
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

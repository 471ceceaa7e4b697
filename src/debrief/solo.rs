//! Looking back on a run from one trainee's seat, for the end-of-run summary: the objectives the
//! exercise set out to practise, questions put to the role that it never answered, and facts it
//! held that the commander needed (for a root cause or contributing hypothesis) but got late or
//! never. Facts of the run, never a score: they are prompts for the debrief.

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;
use crate::scenario::model::HypothesisKind;
use crate::sim::log::{EventLog, Observation};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LookingBack {
    pub objectives: Vec<String>,
    pub unanswered: Vec<Unanswered>,
    /// Empty for the commander, who is the one the facts had to reach.
    pub needed: Vec<Needed>,
}

/// A question to this role with nothing said back to the asker (a message, a shared fact or a
/// question, to them or to the whole channel) afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unanswered {
    pub tick: u64,
    pub from: String,
    pub text: String,
}

/// A fact this role held that the diagnosis needed, and when (if ever) the commander held it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Needed {
    pub text: String,
    pub held: u64,
    pub commander: Option<u64>,
}

pub fn looking_back(sc: &Scenario, log: &EventLog, role: RoleIx) -> LookingBack {
    let me = &sc.roles[role].id;
    let feed: Vec<(u64, &Observation)> = log.feed(role).iter().collect();
    let mut unanswered = Vec::new();
    for (i, (tick, obs)) in feed.iter().enumerate() {
        let Observation::Question { from, to, text, .. } = obs else {
            continue;
        };
        if to != me || from == me {
            continue;
        }
        let to_asker = |t: &Option<_>| t.as_ref().is_none_or(|t| t == from);
        let answered = feed[i + 1..].iter().any(|(_, o)| match o {
            Observation::Message { from: f, to, .. }
            | Observation::FactShared { from: f, to, .. } => f == me && to_asker(to),
            Observation::Question { from: f, to, .. } => f == me && to == from,
            _ => false,
        });
        if !answered {
            unanswered.push(Unanswered {
                tick: *tick,
                from: super::text::role_title(sc, from),
                text: text.clone(),
            });
        }
    }
    let mut needed = Vec::new();
    if let Some(ic) = sc.roles.iter().position(|r| r.commander)
        && ic != role
    {
        let learnt = |r: RoleIx, fact: &str| {
            log.feed(r).iter().find_map(|(t, o)| match o {
                Observation::FactLearned { fact: f, .. } if &**f == fact => Some(t),
                _ => None,
            })
        };
        for (f, def) in sc.facts.iter().enumerate() {
            let diagnosis = sc
                .hypotheses
                .iter()
                .any(|h| h.kind != HypothesisKind::Wrong && h.needs.contains(&f));
            let Some(held) = learnt(role, &def.id).filter(|_| diagnosis) else {
                continue;
            };
            let commander = learnt(ic, &def.id);
            // Only where the commander had to wait for it, or never got it.
            if commander.is_none_or(|c| c > held) {
                needed.push(Needed {
                    text: def.text.clone(),
                    held,
                    commander,
                });
            }
        }
    }
    LookingBack {
        objectives: sc.file.meta.objectives.clone(),
        unanswered,
        needed,
    }
}

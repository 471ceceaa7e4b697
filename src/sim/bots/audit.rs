//! The run-level check of the bot boundary: every command a bot gave must be explained by what
//! its feed had shown it before that tick, plus the public scenario. A fact it shared, it had
//! learnt; an alert it acknowledged had fired to it; a hypothesis it confirmed, it held every
//! needed fact for; an action it ran, its role may take and it was asked to or its own play says so.

use std::collections::BTreeSet;

use super::mind::mentioned_actions;
use super::view::{BotView, PublicScenario};
use crate::scenario::compiled::{Name, RoleIx};
use crate::sim::log::{Command, EventBody, EventLog, Observation};

/// Problems found, one line each (empty when every bot command was backed by its feed).
pub fn audit(public: &PublicScenario, log: &EventLog, bots: &[RoleIx]) -> Vec<String> {
    let mut out = Vec::new();
    for &r in bots {
        let id = &public.roles[r].id;
        let feed: Vec<(u64, &Observation)> = log.feed(r).iter().collect();
        let mut seen = Seen::default();
        let mut next = 0;
        for e in log.events() {
            let EventBody::Command { actor, command } = &e.body else {
                continue;
            };
            if actor != id {
                continue;
            }
            // A command applied at tick t was decided at t - 1, after that tick's observations.
            while next < feed.len() && feed[next].0 < e.tick {
                seen.absorb(public, r, feed[next].1, log);
                next += 1;
            }
            if let Err(why) = seen.explains(public, r, command, log) {
                out.push(format!("tick {}: {id} gave {command:?}: {why}", e.tick));
            }
        }
    }
    out
}

#[derive(Default)]
struct Seen {
    facts: BTreeSet<Name>,
    alerts: BTreeSet<Name>,
    requested: BTreeSet<usize>,
}

impl Seen {
    fn absorb(&mut self, public: &PublicScenario, r: RoleIx, obs: &Observation, log: &EventLog) {
        match obs {
            Observation::FactLearned { fact, .. } => {
                self.facts.insert(fact.clone());
            }
            Observation::AlertFired { alert, .. } => {
                self.alerts.insert(alert.clone());
            }
            Observation::Message {
                to: Some(to), text, ..
            } if *to == public.roles[r].id => {
                let view = BotView::new(public, r, log.feed(r), 0);
                self.requested
                    .extend(mentioned_actions(&view, &text.to_lowercase()));
            }
            _ => {}
        }
    }

    fn explains(
        &self,
        public: &PublicScenario,
        r: RoleIx,
        command: &Command,
        log: &EventLog,
    ) -> Result<(), String> {
        let own = BotView::new(public, r, log.feed(r), 0).own();
        let holds = |f: &Name| self.facts.contains(f);
        let hyp = |h: &Name| {
            public
                .hypothesis_ix(h)
                .map(|i| &public.hypotheses[i])
                .ok_or("no such hypothesis")
        };
        match command {
            Command::Inspect(s) => {
                let s = public.service_ix(s).ok_or("no such service")?;
                check(own.dashboards.contains(&s), "not one of its dashboards")
            }
            Command::Run(a) => {
                let a = public.action_ix(a).ok_or("no such action")?;
                check(
                    public.actions[a].roles.contains(&r),
                    "its role may not take it",
                )?;
                let own_play = own.bot.plays.iter().any(|p| p.action == a);
                check(
                    own_play || self.requested.contains(&a),
                    "nobody asked for it and no play of its own names it",
                )
            }
            Command::Share { fact, .. } => check(holds(fact), "it had not learnt that fact"),
            Command::Ack(a) => check(self.alerts.contains(a), "that alert never fired to it"),
            Command::Ask { about: Some(x), .. } => {
                let public_name = public.service_ix(x).is_some()
                    || public
                        .hypotheses
                        .iter()
                        .any(|h| h.needs.contains(x) || h.refuted_by.contains(x));
                check(
                    public_name || holds(x),
                    "asked about something it could not know",
                )
            }
            Command::Propose(h) => {
                let card = hyp(h)?;
                let believed = own
                    .bot
                    .believes
                    .is_some_and(|b| public.hypotheses[b].id == *h);
                let all = !card.needs.is_empty() && card.needs.iter().all(holds);
                check(believed || all, "proposed without its facts or a belief")
            }
            Command::Support(h) => check(
                hyp(h)?.needs.iter().any(holds),
                "supported without evidence",
            ),
            Command::Confirm(h) => {
                let card = hyp(h)?;
                let all = !card.needs.is_empty() && card.needs.iter().all(holds);
                check(all, "confirmed without holding every needed fact")
            }
            Command::Discard(h) => check(
                hyp(h)?.refuted_by.iter().any(holds),
                "discarded without a refuting fact",
            ),
            Command::Say(_) | Command::Tell { .. } | Command::Ask { about: None, .. } => Ok(()),
            _ if command.is_facilitator_only() => Err("a facilitator command".into()),
            _ => Ok(()),
        }
    }
}

fn check(ok: bool, why: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(why.into()) }
}

#[cfg(test)]
mod tests {
    use super::super::mind::contains_words;

    #[test]
    fn action_names_match_as_whole_words() {
        assert!(contains_words("done: restart [restart]", "restart"));
        assert!(!contains_words("done: [restart_db]", "restart"));
        assert!(!contains_words("please do it", ""));
    }
}

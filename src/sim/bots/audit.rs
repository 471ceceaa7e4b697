//! The run-level check of the bot boundary: every command a bot gave must be explained by what
//! its feed had shown it before that tick, plus the public scenario. A fact it shared, it had
//! learnt; an alert it acknowledged had fired to it; a hypothesis it proposed, backed or confirmed,
//! it held a fact pointing to (or believed from the start); one it discarded, it held a fact ruling
//! it out; an action it ran, its role may take and it was asked to or its own play says so.

use std::collections::BTreeSet;

use super::{BotPublic, done_report, mentioned_actions};
use crate::scenario::compiled::{Name, RoleIx};
use crate::sim::boundary::{Command, Observation};
use crate::sim::log::{EventBody, EventLog};

/// Problems found, one line each (empty when every bot command was backed by its feed).
pub fn audit(public: &BotPublic, log: &EventLog, bots: &[RoleIx]) -> Vec<String> {
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
            if let Err(why) = seen.explains(public, r, command) {
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
    fn absorb(&mut self, public: &BotPublic, r: RoleIx, obs: &Observation, log: &EventLog) {
        match obs {
            Observation::FactLearned { fact, .. } => {
                self.facts.insert(fact.clone());
            }
            Observation::AlertFired { alert, .. } => {
                self.alerts.insert(alert.clone());
            }
            // A request can come by direct message, in a question, or on the channel by name;
            // any message but a done report may carry one.
            Observation::Message { from, text, .. } | Observation::Question { from, text, .. }
                if *from != public.roles[r].id =>
            {
                let lower = text.to_lowercase();
                if done_report(&lower).is_none() {
                    let view = public.view(r, log.feed(r), 0);
                    self.requested.extend(mentioned_actions(&view, &lower));
                }
            }
            _ => {}
        }
    }

    fn explains(&self, public: &BotPublic, r: RoleIx, command: &Command) -> Result<(), String> {
        let own = &public.roles[r];
        let holds = |f: &Name| self.facts.contains(f);
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
                let own_play = public.briefs.own(r).bot.plays.iter().any(|p| p.action == a);
                check(
                    own_play || self.requested.contains(&a),
                    "nobody asked for it and no play of its own names it",
                )
            }
            Command::Share { fact, .. } => check(holds(fact), "it had not learnt that fact"),
            Command::Ack(a) => check(self.alerts.contains(a), "that alert never fired to it"),
            Command::Ask { about: Some(x), .. } => check(
                public.service_ix(x).is_some() || holds(x),
                "asked about something it could not know",
            ),
            Command::Propose(h) => {
                let h = public.briefs.hypothesis_ix(h).ok_or("no such hypothesis")?;
                let believed = public.briefs.own(r).bot.believes == Some(h);
                check(
                    believed || self.points_to(public, h),
                    "proposed without evidence pointing to it or a belief",
                )
            }
            Command::Support(h) | Command::Confirm(h) => {
                let h = public.briefs.hypothesis_ix(h).ok_or("no such hypothesis")?;
                check(
                    self.points_to(public, h),
                    "backed it without evidence pointing to it",
                )
            }
            Command::Discard(h) => {
                let h = public.briefs.hypothesis_ix(h).ok_or("no such hypothesis")?;
                let refuted = self.facts.iter().any(|f| {
                    public
                        .briefs
                        .meaning_of(f)
                        .is_some_and(|m| m.rules_out.contains(&h))
                });
                check(refuted, "discarded without a refuting fact")
            }
            Command::Say(_) | Command::Tell { .. } | Command::Ask { about: None, .. } => Ok(()),
            _ if command.is_facilitator_only() => Err("a facilitator command".into()),
            _ => Ok(()),
        }
    }
}

impl Seen {
    /// Whether a fact it had learnt points to hypothesis `h`.
    fn points_to(&self, public: &BotPublic, h: usize) -> bool {
        self.facts.iter().any(|f| {
            public
                .briefs
                .meaning_of(f)
                .is_some_and(|m| m.points_to.contains(&h))
        })
    }
}

fn check(ok: bool, why: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(why.into()) }
}

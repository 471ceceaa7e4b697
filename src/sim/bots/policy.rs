//! What a bot chooses to do, from its memory and its view only.
//!
//! - It watches its dashboards (the author's `looks_first`, then whichever looks worst).
//! - It acknowledges pages routed to it, shares what it finds out itself with the channel (both
//!   unless it slips), and answers questions put to it from its cards and what it has seen.
//! - Reading a fact that points to a hypothesis, it proposes it with that evidence, or backs a
//!   teammate's proposal with it. It cannot tell a root cause from a tempting distractor, so it
//!   tries to confirm whatever its evidence points to: the commander at once, anyone else only
//!   after leaving the commander (perhaps a trainee) a while; a refused confirmation is tried again
//!   only with more evidence. Holding a fact that rules a hypothesis out, it discards it.
//! - A misconception (`believes`) is proposed at the first sign of trouble.
//! - It takes an action when a teammate asks it to by name or title, or when one of its plays'
//!   cues holds; a refused action is retried a little later.
//! - The commander goes round the team asking about their services while the diagnosis is open,
//!   and announces confirmations.

use rand_chacha::ChaCha8Rng;

use super::mind::{Intent, Mind, PlayState};
use super::pace::jitter;
use super::view::{AnswerAbout, BotView, Cue};
use crate::scenario::compiled::Name;
use crate::sim::log::Command;

/// How often a commander asks a teammate while the diagnosis is open.
const ASK_EVERY: u64 = 150;

impl Mind {
    /// One tick of a bot: read the new observations, think, and return the commands for the next
    /// tick. Everything it uses comes through `view`; its randomness from `rng` (the bots stream).
    pub fn decide(&mut self, view: &BotView, rng: &mut ChaCha8Rng) -> Vec<Command> {
        if !self.started {
            self.started = true;
            // The author's `looks_first`, in order, a minute or so on each; else the first
            // dashboard. Then `refocus` follows whatever looks worst.
            let own = view.own();
            let mut first: Vec<usize> = own
                .bot
                .looks_first
                .iter()
                .copied()
                .filter(|s| view.card().dashboards.contains(s))
                .collect();
            if first.is_empty() {
                first.extend(view.card().dashboards.first());
            }
            let mut due = view.now();
            for s in first {
                due += jitter(rng, 20);
                self.plan(due, Intent::Inspect(s));
                due += 60;
            }
        }
        self.perceive(view, rng);
        self.reason(view, rng);
        self.emit(view)
    }

    fn reason(&mut self, view: &BotView, rng: &mut ChaCha8Rng) {
        let now = view.now();
        let react = Self::react(view);
        let commander = view.card().commander;
        for h in 0..view.hypothesis_count() {
            let seen = self.hyps[h];
            let refuters = self.refuters(h);
            if !refuters.is_empty() {
                if (seen.proposed || seen.confirmed) && !seen.discarding {
                    self.hyps[h].discarding = true;
                    let due = now + jitter(rng, react);
                    for fact in refuters {
                        if !self.holds(&fact).is_some_and(|x| x.public) {
                            self.plan(due, Intent::Share { fact, to: None });
                        }
                    }
                    self.plan(due + 1, Intent::Discard(h));
                }
                continue;
            }
            let evidence = self.evidence(h).count();
            if evidence == 0 || seen.confirmed {
                continue;
            }
            // What it reads points here: say so, with the evidence (again after a discard, once it
            // has more than it had then).
            let open = seen.proposed && !seen.discarded;
            if !open && evidence > seen.proposed_with {
                self.hyps[h].proposed_with = evidence;
                self.plan(now + jitter(rng, react), Intent::Propose(h));
            }
            // Whether the team can confirm it, nobody knows but by trying: the commander tries
            // whenever it holds more evidence than at its last try; anyone else leaves the
            // commander (perhaps a trainee) a while first.
            if evidence > seen.tried_with {
                self.hyps[h].tried_with = evidence;
                let delay = view.own().bot.answer_delay;
                let wait = if commander {
                    react + jitter(rng, 20)
                } else {
                    react + delay + jitter(rng, 3 * delay.max(60))
                };
                let confirm = now + jitter(rng, react) + wait;
                self.plan(confirm, Intent::Confirm(h));
                self.plan(confirm + 1, Intent::Recap(h));
            }
            if open && !seen.supported && self.evidence(h).any(|x| !x.public && x.told.is_empty()) {
                // Offer the evidence held for a teammate's proposal.
                self.hyps[h].supported = true;
                let mine: Vec<Name> = self
                    .evidence(h)
                    .filter(|x| !x.public && x.told.is_empty())
                    .map(|x| x.fact.clone())
                    .collect();
                let due = now + jitter(rng, react);
                for fact in mine {
                    self.plan(due, Intent::Share { fact, to: None });
                }
                self.plan(due + 1, Intent::Support(h));
            }
        }
        for h in 0..view.hypothesis_count() {
            let seen = self.hyps[h];
            if commander && seen.confirmed && !seen.announced {
                self.hyps[h].announced = true;
                let text = format!(
                    "Confirmed: {} Owners, please mitigate and say when it is done.",
                    self.statements[h]
                );
                self.plan(now + jitter(rng, react / 2), Intent::Say(text));
            }
        }
        if !self.believed
            && (self.paged || self.trouble.is_some())
            && let Some(h) = view.own().bot.believes
        {
            self.believed = true;
            let seen = self.hyps[h];
            if !seen.proposed && !seen.discarded && !seen.confirmed {
                let due = now + jitter(rng, react);
                self.plan(due, Intent::Propose(h));
            }
        }
        for p in 0..self.plays.len() {
            let play = &self.plays[p];
            if play.state != PlayState::Waiting || now < play.retry_at {
                continue;
            }
            let ready = play.cue.as_ref().is_none_or(|c| self.cue_holds(c));
            if ready {
                self.plays[p].state = PlayState::Planned;
                let due = now + jitter(rng, react);
                self.plan(due, Intent::Run(p));
            }
        }
        if commander {
            self.coordinate(view, rng);
        }
        self.refocus(view, rng);
    }

    fn cue_holds(&self, cue: &Cue) -> bool {
        match cue {
            Cue::Paged => self.paged,
            Cue::Confirmed(h) => self.hyps[*h].confirmed,
            Cue::Done(a) => self.done[*a],
            Cue::Knows(f) => self.holds(f).is_some(),
            Cue::All(v) => v.iter().all(|c| self.cue_holds(c)),
        }
    }

    /// The commander asks teammates, in turn, what they see on their services while some
    /// hypothesis is still open and it lacks part of the evidence.
    fn coordinate(&mut self, view: &BotView, rng: &mut ChaCha8Rng) {
        if !self.paged && self.trouble.is_none() {
            return;
        }
        let now = view.now();
        let next = *self
            .next_ask
            .get_or_insert_with(|| now + jitter(rng, Self::react(view)));
        if now < next {
            return;
        }
        let public = view.public();
        // The diagnosis stays open while nothing is confirmed or a proposal is unsettled.
        let confirmed = self.hyps.iter().any(|s| s.confirmed);
        let pending = self
            .hyps
            .iter()
            .any(|s| s.proposed && !s.confirmed && !s.discarded);
        let open = !confirmed || pending;
        if !open {
            return;
        }
        let me = view.me();
        let team: Vec<usize> = (0..public.roles.len()).filter(|&r| r != me).collect();
        if team.is_empty() {
            return;
        }
        let to = team[self.asked % team.len()];
        let round = self.asked / team.len();
        self.asked += 1;
        // Ask owners about their own services; anyone else about what looks worst from here.
        let owns = &public.roles[to].owns;
        let about = if owns.is_empty() {
            match self.worst(&view.card().dashboards) {
                Some(s) => s,
                None => return,
            }
        } else {
            owns[round % owns.len()]
        };
        self.plan(now, Intent::Ask { to, about });
        self.next_ask = Some(now + jitter(rng, ASK_EVERY));
    }

    /// The worst-looking of these services (the first on a tie), if any.
    fn worst(&self, services: &[usize]) -> Option<usize> {
        services
            .iter()
            .copied()
            .rev()
            .max_by_key(|&s| self.watch[s].score)
    }

    /// Keeps the role's eyes on whichever of its dashboards looks worst, with some patience.
    fn refocus(&mut self, view: &BotView, rng: &mut ChaCha8Rng) {
        let now = view.now();
        if view.card().dashboards.len() < 2 || self.focus.is_none() || now < self.focus_since + 60 {
            return;
        }
        if self
            .agenda
            .iter()
            .any(|p| matches!(p.what, Intent::Inspect(_)))
        {
            return;
        }
        let current = self.focus.unwrap_or(view.card().dashboards[0]);
        let score = |s: usize| self.watch[s].score;
        let best = view
            .card()
            .dashboards
            .iter()
            .copied()
            .max_by_key(|&s| (score(s), std::cmp::Reverse(s)))
            .unwrap_or(current);
        let stale = now >= self.focus_since + 240;
        let target = if best != current && score(best) > score(current) + 10 {
            Some(best)
        } else if stale {
            // Long on one anomalous view: look at the next anomalous one for a while.
            let i = view
                .card()
                .dashboards
                .iter()
                .position(|&s| s == current)
                .unwrap_or(0);
            (1..view.card().dashboards.len())
                .map(|k| view.card().dashboards[(i + k) % view.card().dashboards.len()])
                .find(|&s| score(s) > 0)
        } else {
            None
        };
        if let Some(s) = target {
            let due = now + jitter(rng, Self::react(view) / 2);
            self.plan(due, Intent::Inspect(s));
        }
    }

    /// Turns what is due into commands, dropping what the feed has since made pointless.
    fn emit(&mut self, view: &BotView) -> Vec<Command> {
        let now = view.now();
        // Until it is oriented after its first page, only the acknowledgement goes out.
        let ready = now >= self.ready_at;
        let go =
            |p: &super::mind::Planned| p.due <= now && (ready || matches!(p.what, Intent::Ack(_)));
        if !self.agenda.iter().any(go) {
            return Vec::new();
        }
        let due: Vec<Intent> = {
            let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.agenda)
                .into_iter()
                .partition(|p| go(p));
            self.agenda = later;
            due.into_iter().map(|p| p.what).collect()
        };
        let public = view.public();
        let mut out = Vec::new();
        for what in due {
            match what {
                Intent::Inspect(s) => {
                    if self.focus != Some(s) {
                        self.focus = Some(s);
                        self.focus_since = now;
                        out.push(Command::Inspect(public.services[s].clone()));
                    }
                }
                Intent::Ack(alert) => {
                    if self
                        .alerts
                        .iter()
                        .any(|a| a.id == alert && a.firing && !a.acked)
                    {
                        out.push(Command::Ack(alert));
                    }
                }
                Intent::Share { fact, to } => {
                    let Some(h) = self.holds_mut(&fact) else {
                        continue;
                    };
                    let already = h.public || to.is_some_and(|r| h.told.contains(r));
                    if !already {
                        match to {
                            Some(r) => h.told.insert(r),
                            None => h.public = true,
                        }
                        let to = to.map(|r| public.roles[r].id.clone());
                        out.push(Command::Share { fact, to });
                    }
                }
                Intent::Answer { asker, about } => self.answer(view, asker, about, &mut out),
                Intent::Propose(h) => {
                    let seen = self.hyps[h];
                    if !seen.proposed && !seen.confirmed && self.refuters(h).is_empty() {
                        out.push(Command::Propose(view.hypothesis_id(h).clone()));
                        // With the evidence it holds, so whoever decides can confirm.
                        self.lay_out(h, &mut out);
                    }
                }
                Intent::Support(h) => {
                    let seen = self.hyps[h];
                    if seen.proposed && !seen.confirmed {
                        out.push(Command::Support(view.hypothesis_id(h).clone()));
                    }
                }
                Intent::Confirm(h) => {
                    let seen = self.hyps[h];
                    if !seen.confirmed && !seen.discarded && self.refuters(h).is_empty() {
                        self.hyps[h].confirming = true;
                        out.push(Command::Confirm(view.hypothesis_id(h).clone()));
                    }
                }
                Intent::Recap(h) => {
                    // Having confirmed it, lay out the evidence so the whole team can act on it.
                    if self.hyps[h].confirming {
                        self.lay_out(h, &mut out);
                    }
                }
                Intent::Discard(h) => {
                    let seen = self.hyps[h];
                    if (seen.proposed || seen.confirmed) && !seen.discarded {
                        out.push(Command::Discard(view.hypothesis_id(h).clone()));
                    }
                }
                Intent::Run(p) => {
                    if self.plays[p].state == PlayState::Planned {
                        let a = self.plays[p].action;
                        out.push(Command::Run(public.actions[a].id.clone()));
                    }
                }
                Intent::Say(text) => out.push(Command::Say(text)),
                Intent::Ask { to, about } => {
                    let service = public.services[about].clone();
                    out.push(Command::Ask {
                        to: public.roles[to].id.clone(),
                        text: format!("What are you seeing on {service}?"),
                        about: Some(service),
                    });
                }
            }
        }
        out
    }

    /// Shares with the channel every fact it holds that points to the hypothesis and not everyone
    /// has.
    fn lay_out(&mut self, h: usize, out: &mut Vec<Command>) {
        for held in self.held.iter_mut() {
            if held.points_to.contains(&h) && !held.public {
                held.public = true;
                out.push(Command::Share {
                    fact: held.fact.clone(),
                    to: None,
                });
            }
        }
    }

    /// Answers a question from the role's answer cards and what it saw itself.
    fn answer(
        &mut self,
        view: &BotView,
        asker: usize,
        about: Option<Name>,
        out: &mut Vec<Command>,
    ) {
        let public = view.public();
        let own = view.own();
        let service = about.as_deref().and_then(|a| public.service_ix(a));
        let mut facts: Vec<Name> = Vec::new();
        let mut add = |f: &Name| {
            if !facts.contains(f) {
                facts.push(f.clone());
            }
        };
        for (subject, list) in &own.bot.answers {
            let matches = match (subject, &about, service) {
                (AnswerAbout::Service(s), _, Some(q)) => *s == q,
                (AnswerAbout::Fact(f), Some(a), _) => f == a,
                // A question about nothing in particular: what it knows of its own services.
                (AnswerAbout::Service(s), None, None) => view.card().owns.contains(s),
                _ => false,
            };
            if matches {
                list.iter().for_each(&mut add);
            }
        }
        for h in &self.held {
            let relevant = match (&about, service) {
                (_, Some(s)) => h.on == Some(s),
                (Some(a), None) => h.fact == *a,
                (None, None) => h.first_hand && !h.card,
            };
            if relevant {
                add(&h.fact);
            }
        }
        let mut shared = false;
        for fact in facts {
            let Some(h) = self.holds_mut(&fact) else {
                continue;
            };
            if h.public || h.told.contains(asker) {
                continue;
            }
            h.told.insert(asker);
            shared = true;
            out.push(Command::Share {
                fact,
                to: Some(public.roles[asker].id.clone()),
            });
        }
        if !shared {
            out.push(Command::Tell {
                to: public.roles[asker].id.clone(),
                text: "Nothing new from me on that.".into(),
            });
        }
    }
}

//! A bot's memory, built only from what its view shows: the facts it holds, the alerts it was sent,
//! where the team stands on each hypothesis, which actions it knows are done, how its dashboards
//! look. Perceiving reads new feed entries once each; choices live in `policy.rs`.

use rand_chacha::ChaCha8Rng;

use super::pace::{self, jitter};
use super::view::{BotView, Cue};
use crate::scenario::compiled::{ActionIx, Name, RoleIx, ServiceIx};
use crate::scenario::model::{AlertSeverity, LogLevel};
use crate::sim::log::{HypothesisChange, Observation, Via};
use crate::sim::rng::chance;
use crate::sim::state::RoleSet;

/// A fact the bot holds.
#[derive(Debug, Clone)]
pub(super) struct Held {
    pub fact: Name,
    /// Learnt by the role itself (seen, acted, or on a card), not told.
    pub first_hand: bool,
    pub card: bool,
    /// The service whose dashboard or logs showed it, if any.
    pub on: Option<ServiceIx>,
    /// Someone shared it with the whole channel: everyone holds it.
    pub public: bool,
    /// Roles this bot has shared it with directly.
    pub told: RoleSet,
    /// Hypotheses reading it makes the bot suspect, and those it rules out.
    pub points_to: Vec<usize>,
    pub rules_out: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct AlertSeen {
    pub id: Name,
    pub firing: bool,
    pub acked: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct HypSeen {
    pub proposed: bool,
    pub confirmed: bool,
    pub discarded: bool,
    /// How many facts pointing to it this bot held when it last proposed it / last tried to
    /// confirm it: it tries again only with more evidence than that.
    pub proposed_with: usize,
    pub tried_with: usize,
    /// This bot has planned to discard it / supported it.
    pub discarding: bool,
    pub supported: bool,
    pub announced: bool,
    /// This bot gave the confirmation.
    pub confirming: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PlayState {
    Waiting,
    Planned,
    Running,
    Done,
    GaveUp,
}

/// A play from the bot's profile, or an action a teammate asked for (`cue: None`).
#[derive(Debug, Clone)]
pub(super) struct PlayRun {
    pub action: ActionIx,
    pub cue: Option<Cue>,
    pub state: PlayState,
    pub retry_at: u64,
    pub attempts: u32,
}

/// How one of the role's dashboards looks.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Watch {
    pub samples: u32,
    pub baseline_p95: i64,
    /// How wrong it looks now (0 = normal).
    pub score: i64,
}

/// Something the bot means to do at `due`.
#[derive(Debug, Clone)]
pub(super) struct Planned {
    pub due: u64,
    pub what: Intent,
}

#[derive(Debug, Clone)]
pub(super) enum Intent {
    Inspect(ServiceIx),
    Ack(Name),
    Share {
        fact: Name,
        to: Option<RoleIx>,
    },
    Answer {
        asker: RoleIx,
        about: Option<Name>,
    },
    Propose(usize),
    Support(usize),
    Confirm(usize),
    /// After confirming: share the evidence with the channel.
    Recap(usize),
    Discard(usize),
    Run(usize),
    Say(String),
    Ask {
        to: RoleIx,
        about: ServiceIx,
    },
}

#[derive(Debug, Clone)]
pub struct Mind {
    pub(super) cursor: usize,
    pub(super) started: bool,
    pub(super) held: Vec<Held>,
    /// Facts someone shared with the whole channel (a share is seen before the lesson it gives).
    pub(super) channel: Vec<Name>,
    pub(super) alerts: Vec<AlertSeen>,
    pub(super) hyps: Vec<HypSeen>,
    /// Each hypothesis's statement as the feed showed it (empty until it does).
    pub(super) statements: Vec<String>,
    /// Per action: known to be done (by this bot, or reported by a teammate).
    pub(super) done: Vec<bool>,
    pub(super) plays: Vec<PlayRun>,
    pub(super) watch: Vec<Watch>,
    pub(super) focus: Option<ServiceIx>,
    pub(super) focus_since: u64,
    pub(super) paged: bool,
    /// When something first looked wrong to this role.
    pub(super) trouble: Option<u64>,
    pub(super) believed: bool,
    pub(super) agenda: Vec<Planned>,
    /// Commander: when to next ask a teammate, and whose turn it is.
    pub(super) next_ask: Option<u64>,
    pub(super) asked: usize,
    /// Paced like a person: after its first page it acts on nothing but the acknowledgement until
    /// `ready_at` (getting oriented), and what it observes counts once it has read it.
    pub(super) oriented: bool,
    pub(super) ready_at: u64,
    pub(super) reading: Vec<(u64, Held)>,
}

impl Mind {
    pub fn new(view: &BotView) -> Self {
        let public = view.public();
        Mind {
            cursor: 0,
            started: false,
            held: Vec::new(),
            channel: Vec::new(),
            alerts: Vec::new(),
            hyps: vec![HypSeen::default(); view.hypothesis_count()],
            statements: vec![String::new(); view.hypothesis_count()],
            done: vec![false; public.actions.len()],
            plays: view
                .own()
                .bot
                .plays
                .iter()
                .map(|p| PlayRun {
                    action: p.action,
                    cue: Some(p.when.clone()),
                    state: PlayState::Waiting,
                    retry_at: 0,
                    attempts: 0,
                })
                .collect(),
            watch: vec![Watch::default(); public.services.len()],
            focus: None,
            focus_since: 0,
            paged: false,
            trouble: None,
            believed: false,
            agenda: Vec::new(),
            next_ask: None,
            asked: 0,
            oriented: false,
            ready_at: 0,
            reading: Vec::new(),
        }
    }

    pub(super) fn holds(&self, fact: &str) -> Option<&Held> {
        self.held.iter().find(|h| &*h.fact == fact)
    }

    pub(super) fn holds_mut(&mut self, fact: &str) -> Option<&mut Held> {
        self.held.iter_mut().find(|h| &*h.fact == fact)
    }

    /// The facts held that point to hypothesis `h`, in the order learnt.
    pub(super) fn evidence(&self, h: usize) -> impl Iterator<Item = &Held> {
        self.held.iter().filter(move |x| x.points_to.contains(&h))
    }

    /// The facts held that rule hypothesis `h` out.
    pub(super) fn refuters(&self, h: usize) -> Vec<Name> {
        let held = self.held.iter().filter(|x| x.rules_out.contains(&h));
        held.map(|x| x.fact.clone()).collect()
    }

    pub(super) fn plan(&mut self, due: u64, what: Intent) {
        self.agenda.push(Planned { due, what });
    }

    /// The bot's usual reaction time.
    pub(super) fn react(view: &BotView) -> u64 {
        (view.own().bot.answer_delay / 2).max(5)
    }

    /// Reads the feed entries that arrived since the last tick.
    pub(super) fn perceive(&mut self, view: &BotView, rng: &mut ChaCha8Rng) {
        let public = view.public();
        let me = view.card();
        let now = view.now();
        let react = Self::react(view);
        let (miss, forget) = (view.own().bot.miss_ppm, view.own().bot.forget_ppm);
        // What it has finished reading now counts, in the order it was seen.
        let (read, still): (Vec<_>, Vec<_>) = std::mem::take(&mut self.reading)
            .into_iter()
            .partition(|(at, _)| *at <= now);
        self.reading = still;
        for (_, held) in read {
            self.learn(held, now, react, forget, rng);
        }
        let feed = view.feed();
        let from = self.cursor;
        self.cursor = feed.len();
        for (_, obs) in feed.since(from) {
            match obs {
                Observation::Metrics { service, values } => {
                    if let Some(s) = public.service_ix(service) {
                        self.sample(view, s, values);
                    }
                }
                Observation::FactLearned { fact, via, .. } => {
                    if self.holds(fact).is_some()
                        || self.reading.iter().any(|(_, h)| h.fact == *fact)
                    {
                        continue;
                    }
                    let meaning = view.meaning(obs).cloned().unwrap_or_default();
                    let first_hand = !matches!(via, Via::SharedBy(_));
                    let card = matches!(via, Via::Card);
                    let on = match via {
                        Via::Observed(text) => seen_on(view, text),
                        _ => None,
                    };
                    let held = Held {
                        fact: fact.clone(),
                        first_hand,
                        card,
                        on,
                        public: self.channel.contains(fact),
                        told: RoleSet::default(),
                        points_to: meaning.points_to,
                        rules_out: meaning.rules_out,
                    };
                    // What it observes itself takes reading before it acts on it.
                    if matches!(via, Via::Observed(_)) {
                        let at = now + pace::draw(rng, view.own().bot.read);
                        self.reading.push((at, held));
                    } else {
                        self.learn(held, now, react, forget, rng);
                    }
                }
                Observation::FactShared { fact, to: None, .. } => {
                    if !self.channel.contains(fact) {
                        self.channel.push(fact.clone());
                    }
                    if let Some(h) = self.holds_mut(fact) {
                        h.public = true;
                    }
                }
                Observation::AlertFired {
                    alert, severity, ..
                } => {
                    match self.alerts.iter_mut().find(|a| a.id == *alert) {
                        Some(a) => {
                            a.firing = true;
                            a.acked = false;
                        }
                        None => self.alerts.push(AlertSeen {
                            id: alert.clone(),
                            firing: true,
                            acked: false,
                        }),
                    }
                    // A missed page goes unnoticed: no acknowledgement, and nothing it would do
                    // on being paged, until its own dashboards or a teammate tell it otherwise.
                    if *severity != AlertSeverity::Info && !chance(rng, miss) {
                        if !self.oriented {
                            self.oriented = true;
                            self.ready_at = now + pace::draw(rng, view.own().bot.orient);
                        }
                        self.paged = true;
                        self.trouble.get_or_insert(now);
                        let due = now + jitter(rng, react / 2);
                        self.plan(due, Intent::Ack(alert.clone()));
                    }
                }
                Observation::AlertAcked { alert, .. } => {
                    if let Some(a) = self.alerts.iter_mut().find(|a| a.id == *alert) {
                        a.acked = true;
                    }
                }
                Observation::AlertResolved { alert } => {
                    if let Some(a) = self.alerts.iter_mut().find(|a| a.id == *alert) {
                        a.firing = false;
                    }
                }
                Observation::Log {
                    level: LogLevel::Error,
                    ..
                }
                | Observation::Ticket { .. } => {
                    self.trouble.get_or_insert(now);
                }
                Observation::Question {
                    from,
                    to,
                    about,
                    text,
                } => {
                    if *to == me.id
                        && *from != me.id
                        && let Some(asker) = public.role_ix(from)
                    {
                        let due = now + jitter(rng, view.own().bot.answer_delay);
                        self.plan(
                            due,
                            Intent::Answer {
                                asker,
                                about: about.clone(),
                            },
                        );
                        // "Can you pause the lookups?" is a request too.
                        self.requested(view, &text.to_lowercase(), rng);
                    }
                }
                Observation::Message { from, to, text } => {
                    if *from == me.id {
                        continue;
                    }
                    let lower = text.to_lowercase();
                    if let Some(report) = done_report(&lower) {
                        for a in mentioned_actions(view, report) {
                            self.done[a] = true;
                        }
                    } else if to.as_ref() == Some(&me.id) || addressed_to(&lower, me) {
                        self.requested(view, &lower, rng);
                    }
                }
                Observation::HypothesisOffered {
                    hypothesis,
                    statement,
                } => {
                    if let Some(h) = view.hypothesis_ix(hypothesis) {
                        self.statements[h] = statement.clone();
                    }
                }
                Observation::Hypothesis {
                    hypothesis,
                    change,
                    statement,
                    ..
                } => {
                    let Some(h) = view.hypothesis_ix(hypothesis) else {
                        continue;
                    };
                    self.statements[h] = statement.clone();
                    let evidence = self.evidence(h).count();
                    let seen = &mut self.hyps[h];
                    match change {
                        HypothesisChange::Proposed | HypothesisChange::Supported => {
                            seen.proposed = true;
                            seen.discarded = false;
                        }
                        HypothesisChange::Confirmed => {
                            seen.proposed = true;
                            seen.confirmed = true;
                            seen.discarded = false;
                        }
                        HypothesisChange::Discarded => {
                            seen.discarded = true;
                            seen.confirmed = false;
                            seen.proposed = false;
                            // Only evidence that comes after a discard reopens it.
                            seen.proposed_with = seen.proposed_with.max(evidence);
                        }
                        HypothesisChange::NotEstablished => {}
                    }
                }
                Observation::ActionStarted { action, by, .. } if *by == me.id => {
                    if let Some(p) = self.play_for(public.action_ix(action), PlayState::Planned) {
                        p.state = PlayState::Running;
                    }
                }
                Observation::ActionCompleted { action, by, .. } if *by == me.id => {
                    let Some(a) = public.action_ix(action) else {
                        continue;
                    };
                    self.done[a] = true;
                    if let Some(p) = self.play_for(Some(a), PlayState::Running) {
                        p.state = PlayState::Done;
                    }
                    let card = &public.actions[a];
                    self.plan(
                        now,
                        Intent::Say(format!("Done: {} [{}]", card.title, card.id)),
                    );
                }
                Observation::ActionRefused { action, by, .. } if *by == me.id => {
                    let retry = now + jitter(rng, 60);
                    if let Some(p) = self.play_for(public.action_ix(action), PlayState::Planned) {
                        p.attempts += 1;
                        p.retry_at = retry;
                        p.state = if p.attempts >= 40 {
                            PlayState::GaveUp
                        } else {
                            PlayState::Waiting
                        };
                    }
                }
                // A nudge makes a commander go round the team again soon.
                Observation::Hint { .. } if me.commander => {
                    self.next_ask = Some(now + jitter(rng, react));
                }
                _ => {}
            }
        }
    }

    /// Takes a fact in: it now holds it, and shares what it found out itself with the channel,
    /// unless it forgets.
    fn learn(&mut self, held: Held, now: u64, react: u64, forget: u64, rng: &mut ChaCha8Rng) {
        let (fact, share) = (held.fact.clone(), held.first_hand && !held.card);
        // Someone may have shared it with the channel while it was still reading.
        let public = held.public || self.channel.contains(&fact);
        self.held.push(Held { public, ..held });
        if share && !chance(rng, forget) {
            let due = now + jitter(rng, react);
            self.plan(due, Intent::Share { fact, to: None });
        }
    }

    fn play_for(&mut self, action: Option<ActionIx>, state: PlayState) -> Option<&mut PlayRun> {
        let a = action?;
        self.plays
            .iter_mut()
            .find(|p| p.action == a && p.state == state)
    }

    /// A teammate asked this role, by name or title, to take actions it may take.
    fn requested(&mut self, view: &BotView, lower: &str, rng: &mut ChaCha8Rng) {
        if negated(lower) {
            return;
        }
        let me = view.me();
        for a in mentioned_actions(view, lower) {
            if !view.public().actions[a].roles.contains(&me) {
                continue;
            }
            let busy = self.plays.iter().any(|p| {
                p.action == a && matches!(p.state, PlayState::Planned | PlayState::Running)
            });
            if busy {
                continue;
            }
            self.plays.push(PlayRun {
                action: a,
                cue: None,
                state: PlayState::Waiting,
                retry_at: view.now() + jitter(rng, view.own().bot.answer_delay),
                attempts: 0,
            });
        }
    }

    /// Updates how a dashboard looks from one sample.
    fn sample(&mut self, view: &BotView, s: ServiceIx, values: &[i64]) {
        let names = &view.public().metrics[s];
        let get = |name: &str| {
            names
                .iter()
                .position(|n| &*n.name == name)
                .and_then(|i| values.get(i).copied())
                .unwrap_or(0)
        };
        let (errors, saturation, p95) = (get("error_rate"), get("saturation"), get("latency_p95"));
        let w = &mut self.watch[s];
        if w.samples < 3 {
            w.baseline_p95 = if w.samples == 0 {
                p95
            } else {
                w.baseline_p95.min(p95)
            };
        }
        w.samples += 1;
        let mut score = 0;
        if errors >= 2_000 {
            score += errors / 1_000;
        }
        if saturation > 90_000 {
            score += 25;
        }
        if p95 > 200_000 && p95 > 3 * w.baseline_p95.max(1) {
            score += 25;
        }
        w.score = score;
        if score > 0 {
            self.trouble.get_or_insert(view.now());
        }
    }
}

/// The role's service named in how it observed a fact (its dashboard or its logs).
fn seen_on(view: &BotView, text: &str) -> Option<ServiceIx> {
    let services = &view.public().services;
    let dashboards = view.card().dashboards.iter().copied().filter(|&s| {
        let id = &services[s];
        text == format!("watching the {id} dashboard")
    });
    let logs = view.card().logs.iter().copied().filter(|&s| {
        let id = &services[s];
        text == format!("the {id} logs")
    });
    dashboards.chain(logs).next()
}

/// The rest of a report that actions are done: `Done: <title or id>…` (as bots post them). A
/// message that only starts with the word ("Done triaging, nobody touch X yet") is not one.
pub(crate) fn done_report(lower: &str) -> Option<&str> {
    let rest = lower.strip_prefix("done:")?;
    (!negated(rest)).then_some(rest)
}

/// Whether a message says *not* to do something, or not yet ("don't restart it", "hold off").
pub(super) fn negated(lower: &str) -> bool {
    [
        "not ", "n't", "nobody", "never", " yet", "hold off", "wait ",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A channel message that names the role by id or title ("storage: please pause the lookups").
fn addressed_to(lower: &str, me: &super::view::RoleCard) -> bool {
    contains_words(lower, &me.id.to_lowercase()) || contains_words(lower, &me.title.to_lowercase())
}

/// Actions a message names by id or title (lower-cased text), as whole words.
pub(crate) fn mentioned_actions(view: &BotView, lower: &str) -> Vec<ActionIx> {
    view.public()
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            contains_words(lower, &a.id.to_lowercase())
                || contains_words(lower, &a.title.to_lowercase())
        })
        .map(|(i, _)| i)
        .collect()
}

/// `needle` occurs in `hay` with no letter, digit or underscore either side.
pub(super) fn contains_words(hay: &str, needle: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !needle.is_empty()
        && hay.match_indices(needle).any(|(i, m)| {
            !word(hay[..i].chars().next_back()) && !word(hay[i + m.len()..].chars().next())
        })
}

#[cfg(test)]
mod tests {
    use super::contains_words;

    #[test]
    fn action_names_match_as_whole_words() {
        assert!(contains_words("done: restart [restart]", "restart"));
        assert!(!contains_words("done: [restart_db]", "restart"));
        assert!(!contains_words("please do it", ""));
    }
}

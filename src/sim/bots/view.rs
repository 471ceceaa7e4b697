//! The bot boundary. A bot decides from a [`BotView`] and nothing else: its role's observation feed
//! plus the public scenario (the same things a person playing the role has on screen) and its own
//! [`BotBriefs`] card: how the scenario's author shaped that role's bot.
//!
//! A person reading a fact understands what it bears on: "the deploy only changed the log format"
//! rules out a bad deploy; "storage logs are full of lookup timeouts" points at the lookups. A bot
//! gets that reading as a [`FactMeaning`], and only with the fact itself: [`BotView::meaning`]
//! answers for an observation of the fact in its feed. A fact points to every hypothesis that
//! `needs` it (a distractor's `needs` are its tempting evidence, so they point to it just as
//! strongly) and rules out those it is in the `refuted_by` of. Whether the team holds enough to
//! confirm a hypothesis, a bot learns as a person does: by trying, from the engine's answer.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::scenario::Scenario;
use crate::scenario::compiled::{
    ActionIx, CueDef, HypothesisDef, Name, RoleIx, ServiceIx, Subject,
};
use crate::sim::boundary::Observation;
pub use crate::sim::boundary::{PublicScenario, RoleCard};
use crate::sim::log::RoleFeed;

/// What bots may know beyond the public scenario: each role's bot card (shown only to that
/// role's bot) and what each fact bears on (handed out only with the fact).
#[derive(Debug, Clone, Serialize)]
pub struct BotBriefs {
    own: Vec<OwnRole>,
    #[serde(skip)]
    meanings: Vec<(Name, FactMeaning)>,
    /// The hypotheses' ids, which `FactMeaning` indexes: what a bot says when it proposes what a
    /// fact points to (a person would put it in words, or pick it once the fact offers it).
    #[serde(skip)]
    hypotheses: Vec<Name>,
}

/// What reading a fact tells someone about the hypotheses: which it points to, which it rules out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FactMeaning {
    pub points_to: Vec<usize>,
    pub rules_out: Vec<usize>,
}

/// A role's bot as the scenario's author shaped it.
#[derive(Debug, Clone, Serialize)]
pub struct OwnRole {
    pub bot: BotCard,
}

/// The scenario author's shaping of one role's bot, with fact references as names.
#[derive(Debug, Clone, Serialize)]
pub struct BotCard {
    pub looks_first: Vec<ServiceIx>,
    pub believes: Option<usize>,
    pub answer_delay: u64,
    pub orient: u64,
    pub read: u64,
    pub answers: Vec<(AnswerAbout, Vec<Name>)>,
    pub miss_ppm: u64,
    pub forget_ppm: u64,
    pub plays: Vec<PlayCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AnswerAbout {
    Service(ServiceIx),
    Fact(Name),
}

#[derive(Debug, Clone, Serialize)]
pub struct PlayCard {
    pub action: ActionIx,
    pub when: Cue,
}

/// A play's cue, with facts as names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Cue {
    Paged,
    Confirmed(usize),
    Done(ActionIx),
    Knows(Name),
    All(Vec<Cue>),
}

impl BotBriefs {
    pub fn new(sc: &Scenario) -> Self {
        let fact = |f: usize| sc.facts[f].id.clone();
        let facts = |v: &[usize]| v.iter().map(|&f| fact(f)).collect::<Vec<_>>();
        let own = sc
            .roles
            .iter()
            .map(|r| {
                let b = &r.bot;
                OwnRole {
                    bot: BotCard {
                        looks_first: b.looks_first.clone(),
                        believes: b.believes,
                        answer_delay: b.answer_delay,
                        orient: b.orient,
                        read: b.read,
                        answers: b
                            .answers
                            .iter()
                            .map(|(s, f)| {
                                let about = match *s {
                                    Subject::Service(s) => AnswerAbout::Service(s),
                                    Subject::Fact(f) => AnswerAbout::Fact(fact(f)),
                                };
                                (about, facts(f))
                            })
                            .collect(),
                        miss_ppm: b.miss_ppm,
                        forget_ppm: b.forget_ppm,
                        plays: b
                            .plays
                            .iter()
                            .map(|p| PlayCard {
                                action: p.action,
                                when: cue(sc, &p.when),
                            })
                            .collect(),
                    },
                }
            })
            .collect();
        let meanings = (0..sc.facts.len())
            .map(|f| {
                let which = |keep: &dyn Fn(&HypothesisDef) -> bool| {
                    let hs = sc.hypotheses.iter().enumerate();
                    hs.filter(|(_, h)| keep(h)).map(|(i, _)| i).collect()
                };
                let meaning = FactMeaning {
                    points_to: which(&|h| h.needs.contains(&f)),
                    rules_out: which(&|h| h.refuted_by.contains(&f)),
                };
                (fact(f), meaning)
            })
            .collect();
        let hypotheses = sc.hypotheses.iter().map(|h| h.id.clone()).collect();
        BotBriefs {
            own,
            meanings,
            hypotheses,
        }
    }

    /// A role's own card. Only a view for that role hands it out.
    pub(crate) fn own(&self, role: RoleIx) -> &OwnRole {
        &self.own[role]
    }

    /// How many hypotheses `FactMeaning` indices range over.
    pub(crate) fn hypothesis_count(&self) -> usize {
        self.hypotheses.len()
    }

    /// The id a bot uses for hypothesis `h`.
    pub(crate) fn hypothesis_id(&self, h: usize) -> &Name {
        &self.hypotheses[h]
    }

    pub(crate) fn hypothesis_ix(&self, id: &str) -> Option<usize> {
        self.hypotheses.iter().position(|h| &**h == id)
    }

    /// What a fact bears on. Only [`BotView::meaning`] (for a fact in the feed) and the run audit
    /// ask.
    pub(crate) fn meaning_of(&self, fact: &str) -> Option<&FactMeaning> {
        self.meanings
            .iter()
            .find(|(id, _)| &**id == fact)
            .map(|(_, m)| m)
    }
}

fn cue(sc: &Scenario, c: &CueDef) -> Cue {
    match c {
        CueDef::Paged => Cue::Paged,
        CueDef::Confirmed(h) => Cue::Confirmed(*h),
        CueDef::Done(a) => Cue::Done(*a),
        CueDef::Knows(f) => Cue::Knows(sc.facts[*f].id.clone()),
        CueDef::All(v) => Cue::All(v.iter().map(|c| cue(sc, c)).collect()),
    }
}

/// Everything one bot may know at one tick.
#[derive(Clone, Copy)]
pub struct BotView<'a> {
    public: &'a PublicScenario,
    briefs: &'a BotBriefs,
    me: RoleIx,
    feed: RoleFeed<'a>,
    now: u64,
}

impl<'a> BotView<'a> {
    pub fn new(
        public: &'a PublicScenario,
        briefs: &'a BotBriefs,
        me: RoleIx,
        feed: RoleFeed<'a>,
        now: u64,
    ) -> Self {
        BotView {
            public,
            briefs,
            me,
            feed,
            now,
        }
    }

    pub fn public(&self) -> &'a PublicScenario {
        self.public
    }

    pub fn me(&self) -> RoleIx {
        self.me
    }

    pub fn card(&self) -> &'a RoleCard {
        &self.public.roles[self.me]
    }

    pub fn own(&self) -> &'a OwnRole {
        self.briefs.own(self.me)
    }

    /// The role's observations, in order.
    pub fn feed(&self) -> RoleFeed<'a> {
        self.feed
    }

    /// The tick being decided (commands take effect at the next one).
    pub fn now(&self) -> u64 {
        self.now
    }

    pub fn hypothesis_count(&self) -> usize {
        self.briefs.hypothesis_count()
    }

    pub fn hypothesis_id(&self, h: usize) -> &'a Name {
        self.briefs.hypothesis_id(h)
    }

    pub fn hypothesis_ix(&self, id: &str) -> Option<usize> {
        self.briefs.hypothesis_ix(id)
    }

    /// What the fact in this observation bears on, for an observation that teaches the role a
    /// fact (nothing for any other).
    pub fn meaning(&self, obs: &Observation) -> Option<&'a FactMeaning> {
        match obs {
            Observation::FactLearned { fact, .. } => self.briefs.meaning_of(fact),
            _ => None,
        }
    }
}

/// The whole view as data, so a test can search it for anything that must not be there.
impl Serialize for BotView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let feed: Vec<(u64, &Observation)> = self.feed.iter().collect();
        let mut st = s.serialize_struct("BotView", 5)?;
        st.serialize_field("public", self.public)?;
        st.serialize_field("me", &self.me)?;
        st.serialize_field("own", self.own())?;
        st.serialize_field("feed", &feed)?;
        st.serialize_field("now", &self.now)?;
        st.end()
    }
}

//! The bot boundary. A bot decides from a [`BotView`] and nothing else: its role's observation feed
//! plus the public part of the scenario, the same things a person playing the role has on screen.
//!
//! [`PublicScenario`] is built once from the compiled scenario and is the only place scenario data
//! crosses into bot land. It copies out what is public and drops the rest: fault definitions, fact
//! sources, hypothesis kinds and the facts each `needs`, inject notes, every `Truth`. Hypotheses
//! are public as the statements everyone can propose, nothing more.
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
use crate::sim::log::{Observation, RoleFeed};

/// The scenario as every participant may know it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicScenario {
    pub title: String,
    pub services: Vec<Name>,
    /// For each service, the names of its dashboard metrics in sample order.
    pub metrics: Vec<Vec<Name>>,
    /// The roster: who is on the team and which services each owns.
    pub roles: Vec<RoleCard>,
    pub actions: Vec<ActionCard>,
    pub hypotheses: Vec<HypothesisCard>,
    /// Each role's own card, shown only to that role (see [`BotView::own`]).
    #[serde(skip)]
    own: Vec<OwnRole>,
    /// What each fact bears on, by fact name; handed out only with the fact (see
    /// [`BotView::meaning`]).
    #[serde(skip)]
    meanings: Vec<(Name, FactMeaning)>,
}

/// What reading a fact tells someone about the hypotheses: which it points to, which it rules out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FactMeaning {
    pub points_to: Vec<usize>,
    pub rules_out: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleCard {
    pub id: Name,
    pub title: String,
    pub commander: bool,
    /// Services whose dashboards or logs the role sees (who to ask about what).
    pub owns: Vec<ServiceIx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionCard {
    pub id: Name,
    pub title: String,
    /// Roles allowed to take it.
    pub roles: Vec<RoleIx>,
}

/// A hypothesis as everyone sees it: the statement, not whether it is true or what proves it.
#[derive(Debug, Clone, Serialize)]
pub struct HypothesisCard {
    pub id: Name,
    pub statement: String,
}

/// A role's private side: its briefing, what it sees, and how its bot is shaped.
#[derive(Debug, Clone, Serialize)]
pub struct OwnRole {
    pub briefing: String,
    pub dashboards: Vec<ServiceIx>,
    pub logs: Vec<ServiceIx>,
    pub bot: BotCard,
}

/// The scenario author's shaping of one role's bot, with fact references as names.
#[derive(Debug, Clone, Serialize)]
pub struct BotCard {
    pub looks_first: Vec<ServiceIx>,
    pub believes: Option<usize>,
    pub answer_delay: u64,
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

impl PublicScenario {
    pub fn new(sc: &Scenario) -> Self {
        let fact = |f: usize| sc.facts[f].id.clone();
        let facts = |v: &[usize]| v.iter().map(|&f| fact(f)).collect::<Vec<_>>();
        let roles = sc
            .roles
            .iter()
            .map(|r| {
                let mut owns = r.dashboards.clone();
                owns.extend(r.logs.iter().filter(|s| !r.dashboards.contains(s)));
                RoleCard {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    commander: r.commander,
                    owns,
                }
            })
            .collect();
        let own = sc
            .roles
            .iter()
            .map(|r| {
                let b = &r.bot;
                OwnRole {
                    briefing: r.briefing.clone(),
                    dashboards: r.dashboards.clone(),
                    logs: r.logs.clone(),
                    bot: BotCard {
                        looks_first: b.looks_first.clone(),
                        believes: b.believes,
                        answer_delay: b.answer_delay,
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
        PublicScenario {
            title: sc.title.clone(),
            services: sc.services.iter().map(|s| s.id.clone()).collect(),
            metrics: sc
                .metrics
                .by_service
                .iter()
                .map(|ms| {
                    ms.iter()
                        .map(|&m| sc.metrics.metrics[m].name.clone())
                        .collect()
                })
                .collect(),
            roles,
            actions: sc
                .actions
                .iter()
                .map(|a| ActionCard {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    roles: a.roles.clone(),
                })
                .collect(),
            hypotheses: sc
                .hypotheses
                .iter()
                .map(|h| HypothesisCard {
                    id: h.id.clone(),
                    statement: h.statement.clone(),
                })
                .collect(),
            own,
            meanings: (0..sc.facts.len())
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
                .collect(),
        }
    }

    pub fn service_ix(&self, id: &str) -> Option<ServiceIx> {
        self.services.iter().position(|s| &**s == id)
    }

    pub fn action_ix(&self, id: &str) -> Option<ActionIx> {
        self.actions.iter().position(|a| &*a.id == id)
    }

    pub fn hypothesis_ix(&self, id: &str) -> Option<usize> {
        self.hypotheses.iter().position(|h| &*h.id == id)
    }

    pub fn role_ix(&self, id: &str) -> Option<RoleIx> {
        self.roles.iter().position(|r| &*r.id == id)
    }

    /// A role's own card. Only a view for that role hands it out.
    pub(super) fn own(&self, role: RoleIx) -> &OwnRole {
        &self.own[role]
    }

    /// What a fact bears on. Only [`BotView::meaning`] (for a fact in the feed) and the run audit
    /// ask.
    pub(super) fn meaning_of(&self, fact: &str) -> Option<&FactMeaning> {
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
    me: RoleIx,
    feed: RoleFeed<'a>,
    now: u64,
}

impl<'a> BotView<'a> {
    pub fn new(public: &'a PublicScenario, me: RoleIx, feed: RoleFeed<'a>, now: u64) -> Self {
        BotView {
            public,
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
        self.public.own(self.me)
    }

    /// The role's observations, in order.
    pub fn feed(&self) -> RoleFeed<'a> {
        self.feed
    }

    /// The tick being decided (commands take effect at the next one).
    pub fn now(&self) -> u64 {
        self.now
    }

    /// What the fact in this observation bears on, for an observation that teaches the role a
    /// fact (nothing for any other).
    pub fn meaning(&self, obs: &Observation) -> Option<&'a FactMeaning> {
        match obs {
            Observation::FactLearned { fact, .. } => self.public.meaning_of(fact),
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

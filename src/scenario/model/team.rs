//! The people side: roles and what they can see, facts and how they are learnt, hypotheses, and
//! the actions roles can take.

use serde::{Deserialize, Serialize};

use super::{Cond, Id};
use crate::scenario::units::{Duration, Factor, Percent};

/// The facilitator's name in commands and logs, reserved: no role may use it as its id.
pub const FACILITATOR: &str = "facilitator";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Role")]
pub struct Role {
    pub id: Id,
    pub title: String,
    /// Private briefing shown only to this role.
    pub briefing: String,
    /// Services whose dashboards this role sees.
    #[serde(default)]
    pub dashboards: Vec<Id>,
    /// Services whose logs this role sees.
    #[serde(default)]
    pub logs: Vec<Id>,
    /// Knowledge cards: facts this role knows from the start.
    #[serde(default)]
    pub knows: Vec<Id>,
    /// The incident commander: the debrief measures how long facts take to reach this role.
    #[serde(default)]
    pub commander: bool,
    /// How a bot plays this role when nobody does.
    #[serde(default)]
    pub bot: BotProfile,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename = "Bot")]
pub struct BotProfile {
    /// Services the bot inspects first, in this order.
    #[serde(default)]
    pub looks_first: Vec<Id>,
    /// A hypothesis the bot leans towards at first (a misconception to unlearn).
    #[serde(default)]
    pub believes: Option<Id>,
    /// How long the bot takes to answer a question (to type the answer).
    #[serde(default)]
    pub answer_delay: Option<Duration>,
    /// How long it takes to get oriented after its first page before it acts on anything but
    /// the acknowledgement; defaults from the difficulty.
    #[serde(default)]
    pub orient: Option<Duration>,
    /// How long it takes to read what a dashboard or log shows before it acts on it; defaults
    /// from the difficulty.
    #[serde(default)]
    pub read: Option<Duration>,
    /// Which facts the bot answers with when asked about a subject.
    #[serde(default)]
    pub answers: Vec<BotAnswer>,
    /// Chance of missing an alert or forgetting to share; defaults from the difficulty.
    #[serde(default)]
    pub slip: Option<Percent>,
    /// Chance of missing a page (not noticing it at all); defaults to `slip`.
    #[serde(default)]
    pub misses: Option<Percent>,
    /// Chance of forgetting to share something it found out; defaults to `slip`.
    #[serde(default)]
    pub forgets: Option<Percent>,
    /// What the role's owner would do on their own once the team knows enough: each play runs a
    /// permitted action once its cue holds. Cues only test what the role itself can see.
    #[serde(default)]
    pub plays: Vec<BotPlay>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Answer")]
pub struct BotAnswer {
    /// A service or fact the question is about.
    pub about: Id,
    pub facts: Vec<Id>,
}

/// An action a bot takes by itself when its cue holds (retried while it is refused).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Play")]
pub struct BotPlay {
    /// The action (the role must be allowed to take it).
    pub run: Id,
    pub when: BotCue,
}

/// Something a bot can notice in its own feed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum BotCue {
    /// A page or warning routed to this role has fired.
    Paged,
    /// The team confirmed this hypothesis (confirmations go to everyone).
    Confirmed(Id),
    /// This action is done: the bot completed it, or a teammate reported it done.
    Done(Id),
    /// The role holds this fact.
    Knows(Id),
    All(Vec<BotCue>),
}

/// A clue. Roles learn facts from what they observe, from diagnostics, from knowledge cards, and
/// from each other.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Fact")]
pub struct Fact {
    pub id: Id,
    pub text: String,
    /// Services the fact is about (questions about them bring it up).
    #[serde(default)]
    pub about: Vec<Id>,
    /// How a role can learn it first-hand (knowledge cards are listed on the role).
    #[serde(default)]
    pub from: Vec<FactSource>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FactSource {
    /// Seeing this log rule's lines.
    Log(Id),
    /// Receiving this alert.
    Alert(Id),
    /// Receiving this ticket.
    Ticket(Id),
    /// Receiving this inject.
    Inject(Id),
    /// Inspecting the service's dashboard while the condition holds.
    Inspect {
        service: Id,
        #[serde(default)]
        when: Option<Cond>,
    },
    /// Completing the action while the condition holds.
    Action {
        action: Id,
        #[serde(default)]
        when: Option<Cond>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HypothesisKind {
    RootCause,
    Contributing,
    /// Plausible but wrong: a distractor.
    Wrong,
}

/// A statement the team can propose, support, discard and confirm. A hypothesis can only be
/// confirmed by a role that holds every fact it `needs`; a fact in `refuted_by` lets a role discard it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Hypothesis")]
pub struct Hypothesis {
    pub id: Id,
    pub statement: String,
    pub kind: HypothesisKind,
    #[serde(default)]
    pub needs: Vec<Id>,
    #[serde(default)]
    pub refuted_by: Vec<Id>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Action")]
pub struct Action {
    pub id: Id,
    pub title: String,
    /// Roles allowed to take it.
    pub roles: Vec<Id>,
    #[serde(default)]
    pub duration: Duration,
    /// Refused unless this holds when the action is started.
    #[serde(default)]
    pub requires: Option<Cond>,
    /// What the role is told when `requires` does not hold.
    #[serde(default)]
    pub refused: Option<String>,
    #[serde(default)]
    pub effects: Vec<ActionEffect>,
    /// What the role is told when it completes.
    #[serde(default)]
    pub result: Option<String>,
}

/// What completing an action does (`Outage` and `Restart` also act while it runs).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ActionEffect {
    /// Ends the fault.
    Mitigate(Id),
    /// Ends every `BadDeploy` fault on the service.
    Rollback(Id),
    /// Starts a fault (a side effect that makes things worse).
    StartFault(Id),
    /// Multiplies the service's capacity (scale out or in).
    Scale(Id, Factor),
    /// Sets the retry count on a dependency.
    SetRetries {
        from: Id,
        to: Id,
        retries: u32,
    },
    /// Rejects this share of the traffic arriving at the service (0% stops shedding).
    ShedLoad(Id, Percent),
    /// Down while the action runs; afterwards the queue is empty and the cache cold.
    Restart(Id),
    /// Down while the action runs (a failover).
    Outage(Id),
    FlushCache(Id),
    /// The fact can no longer be learnt from observation (the evidence is gone).
    DestroyEvidence(Id),
    /// Counts as an update to customers or stakeholders.
    StatusUpdate,
}

//! The kinds of event a run records. Names are the scenario's ids, so a log reads on its own and
//! never contains engine entity ids.

use serde::{Deserialize, Serialize};

use crate::scenario::compiled::Name;
use crate::scenario::model::{AlertSeverity, Channel, LogLevel, Milestone};
use crate::scenario::units::Factor;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the log, from 0.
    pub seq: u64,
    pub tick: u64,
    #[serde(flatten)]
    pub body: EventBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventBody {
    /// Ground truth: the facilitator view and the debrief only.
    Truth(Truth),
    /// A command as the simulation applied it.
    Command { actor: Name, command: Command },
    /// Something delivered to the roles listed in `to`.
    Seen { to: Vec<Name>, what: Observation },
}

/// What a role (or the facilitator, through a role-less console) asks the simulation to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command<I = Name> {
    /// Look at a service's dashboard (and keep watching it).
    Inspect(I),
    /// Start an action.
    Run(I),
    /// Post to the incident channel.
    Say(String),
    /// Message one role.
    Tell {
        to: I,
        text: String,
    },
    /// Share a fact this role knows, with one role or (without `to`) the whole channel.
    Share {
        fact: I,
        #[serde(default)]
        to: Option<I>,
    },
    /// Ask a role a question, optionally about a service or fact.
    Ask {
        to: I,
        text: String,
        #[serde(default)]
        about: Option<I>,
    },
    Propose(I),
    Support(I),
    Discard(I),
    Confirm(I),
    /// Acknowledge an alert.
    Ack(I),
    /// Facilitator: publish an inject now.
    Publish(I),
    /// Facilitator: skip an inject.
    Skip(I),
    /// Facilitator: start a fault.
    Fire(I),
    /// Facilitator: pause / resume / change speed (recorded; the clock driver acts on them).
    Pause,
    Resume,
    Speed(Factor),
}

impl<I> Command<I> {
    /// Commands only the facilitator may give.
    pub fn is_facilitator_only(&self) -> bool {
        matches!(
            self,
            Command::Publish(_)
                | Command::Skip(_)
                | Command::Fire(_)
                | Command::Pause
                | Command::Resume
                | Command::Speed(_)
        )
    }

    /// The same command with its names converted.
    pub fn map<J>(self, mut f: impl FnMut(I) -> J) -> Command<J> {
        match self {
            Command::Inspect(i) => Command::Inspect(f(i)),
            Command::Run(i) => Command::Run(f(i)),
            Command::Say(t) => Command::Say(t),
            Command::Tell { to, text } => Command::Tell { to: f(to), text },
            Command::Share { fact, to } => Command::Share {
                fact: f(fact),
                to: to.map(&mut f),
            },
            Command::Ask { to, text, about } => Command::Ask {
                to: f(to),
                text,
                about: about.map(&mut f),
            },
            Command::Propose(i) => Command::Propose(f(i)),
            Command::Support(i) => Command::Support(f(i)),
            Command::Discard(i) => Command::Discard(f(i)),
            Command::Confirm(i) => Command::Confirm(f(i)),
            Command::Ack(i) => Command::Ack(f(i)),
            Command::Publish(i) => Command::Publish(f(i)),
            Command::Skip(i) => Command::Skip(f(i)),
            Command::Fire(i) => Command::Fire(f(i)),
            Command::Pause => Command::Pause,
            Command::Resume => Command::Resume,
            Command::Speed(x) => Command::Speed(x),
        }
    }
}

/// The facilitator's name in commands and logs; no role may use it.
pub const FACILITATOR: &str = "facilitator";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    RunStarted {
        title: String,
        scenario_hash: String,
        seed: u64,
        /// Roles played by bots.
        bots: Vec<Name>,
    },
    FaultStarted {
        fault: Name,
        target: Name,
        title: String,
        cause: Cause,
    },
    FaultEnded {
        fault: Name,
        cause: Cause,
    },
    /// Customer impact, sampled with the dashboards.
    Impact {
        ppm: u64,
    },
    Milestone {
        milestone: Milestone,
    },
    InjectSkipped {
        inject: Name,
    },
    /// A first-hand source began offering a fact to a role (a log line it reads, a dashboard it
    /// has, an action it took), whether or not the role was looking. Logged once per fact and
    /// role, for the debrief's "who knew what, when".
    FactAvailable {
        fact: Name,
        role: Name,
        via: Via,
    },
    RunEnded {
        resolved: bool,
        reason: String,
    },
}

/// Why a fault started or ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Trigger,
    Facilitator,
    Action { action: Name, by: Name },
    Expired,
    Condition,
}

/// How a role came to know a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A knowledge card: known from the start.
    Card,
    /// Seen first-hand; the text says where.
    Observed(String),
    /// The result of an action this role took.
    Action(Name),
    /// Another role shared it.
    SharedBy(Name),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HypothesisChange {
    Proposed,
    Supported,
    Discarded,
    Confirmed,
    /// A confirmation that the role's evidence did not support.
    NotEstablished,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Observation {
    /// A dashboard sample: the service's metrics in catalog order, in thousandths of their unit.
    Metrics {
        service: Name,
        values: Vec<i64>,
    },
    Log {
        service: Name,
        level: LogLevel,
        text: String,
    },
    AlertFired {
        alert: Name,
        title: String,
        severity: AlertSeverity,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        runbook: Option<String>,
    },
    AlertResolved {
        alert: Name,
    },
    AlertAcked {
        alert: Name,
        by: Name,
    },
    Ticket {
        from: String,
        text: String,
    },
    Inject {
        inject: Name,
        from: String,
        channel: Channel,
        text: String,
    },
    Message {
        from: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Name>,
        text: String,
    },
    Question {
        from: Name,
        to: Name,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<Name>,
    },
    FactLearned {
        fact: Name,
        text: String,
        via: Via,
    },
    FactShared {
        fact: Name,
        text: String,
        from: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Name>,
    },
    ActionStarted {
        action: Name,
        by: Name,
        done_at: u64,
    },
    ActionCompleted {
        action: Name,
        by: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        result: Option<String>,
    },
    ActionRefused {
        action: Name,
        by: Name,
        reason: String,
    },
    Hypothesis {
        hypothesis: Name,
        statement: String,
        by: Name,
        change: HypothesisChange,
    },
    Hint {
        hint: Name,
        tier: usize,
        text: String,
    },
    Inspecting {
        by: Name,
        service: Name,
    },
    /// A command that could not be applied, told to the role that gave it.
    Rejected {
        reason: String,
    },
    /// The facilitator paused, resumed or changed speed.
    Clock {
        paused: bool,
        speed: Factor,
    },
}

//! Observations out: what a role is shown. Nothing here can carry ground truth (which faults are
//! active, customer impact, milestones): that is `log::Truth`, a different type no feed holds.

use serde::{Deserialize, Serialize};

use crate::scenario::compiled::Name;
use crate::scenario::model::{AlertSeverity, Channel, LogLevel};
use crate::scenario::units::Factor;

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

impl HypothesisChange {
    /// The verb people read: "proposed", "could not confirm"…
    pub fn verb(self) -> &'static str {
        match self {
            HypothesisChange::Proposed => "proposed",
            HypothesisChange::Supported => "supported",
            HypothesisChange::Discarded => "discarded",
            HypothesisChange::Confirmed => "confirmed",
            HypothesisChange::NotEstablished => "could not confirm",
        }
    }
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
    /// A scenario hypothesis is now on the table for this role: a fact it holds bears on it.
    /// (One a teammate raises reaches everyone as a `Hypothesis`.)
    HypothesisOffered {
        hypothesis: Name,
        statement: String,
    },
    /// A hypothesis in a role's own words (numbered from 1 in the run), to the whole team.
    Suspicion {
        n: u32,
        by: Name,
        text: String,
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

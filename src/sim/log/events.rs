//! The kinds of event a run records. Names are the scenario's ids, so a log reads on its own and
//! never contains engine entity ids.

use serde::{Deserialize, Serialize};

use crate::scenario::compiled::Name;
use crate::scenario::model::Milestone;
pub use crate::sim::boundary::{Command, FACILITATOR, HypothesisChange, Observation, Via};

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

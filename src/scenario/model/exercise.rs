//! The facilitator's side: injects, hints, when the incident counts as resolved, and notes for the
//! debrief.

use serde::{Deserialize, Serialize};

use super::{Cond, Id};
use crate::scenario::source::List;
use crate::scenario::units::{Duration, Latency, Percent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Channel {
    Chat,
    Deploys,
    Email,
    Phone,
    Social,
    StatusPage,
}

/// A message from outside the team (a VP asking for an ETA, a deploy notice, social media noise).
/// Published automatically when its trigger fires; the facilitator may publish it early or skip it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Inject")]
pub struct Inject {
    pub id: Id,
    #[serde(default = "manual")]
    pub trigger: Cond,
    pub from: String,
    /// Roles that receive it; empty means everyone.
    #[serde(default)]
    pub to: Vec<Id>,
    #[serde(default = "chat")]
    pub channel: Channel,
    pub text: String,
    /// True but not causal: shown as such in the debrief.
    #[serde(default)]
    pub red_herring: bool,
    #[serde(default)]
    pub note: Option<String>,
}

fn manual() -> Cond {
    Cond::Manual
}
fn chat() -> Channel {
    Channel::Chat
}

/// Escalating nudges for solo practice. A hint never states the root cause.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Hint")]
pub struct Hint {
    pub id: Id,
    pub to: Vec<Id>,
    pub when: Cond,
    /// Shown one at a time, each after the previous one has stood for `every`.
    pub tiers: Vec<String>,
    #[serde(default = "default_hint_every")]
    pub every: Duration,
}

fn default_hint_every() -> Duration {
    Duration(240)
}

/// The incident is resolved when customer impact stays at or under `slo` for `stable_for` and
/// every fault that started has ended.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename = "Resolution")]
pub struct Resolution {
    pub slo: Percent,
    /// A request slower than this counts against the SLO like a failed one.
    pub slow_after: Latency,
    pub stable_for: Duration,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename = "Debrief")]
pub struct DebriefNotes {
    #[serde(default)]
    pub decision_points: List<DecisionPoint>,
    /// Facts whose journey to the incident commander the debrief follows.
    #[serde(default)]
    pub key_facts: Vec<Id>,
    /// Discussion prompts the facilitator wants in the agenda.
    #[serde(default)]
    pub prompts: Vec<String>,
}

/// A decision the scenario expects within a window.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "DecisionPoint")]
pub struct DecisionPoint {
    pub id: Id,
    pub title: String,
    pub from: Duration,
    pub until: Duration,
    pub expect: Expected,
    #[serde(default)]
    pub role: Option<Id>,
    /// A tempting move that does not help.
    #[serde(default)]
    pub trap: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Expected {
    Action(Id),
    Share(Id),
    Confirm(Id),
    Acknowledge(Id),
    StatusUpdate,
}

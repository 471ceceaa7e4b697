//! What breaks: a fault has a target, effects, a trigger and a lifetime.

use serde::{Deserialize, Serialize};

use super::{Cond, Id, Number};
use crate::scenario::units::{Duration, Factor, Latency, Percent};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Fault")]
pub struct Fault {
    pub id: Id,
    /// What is really going on, for the facilitator and the debrief. Never shown to roles.
    pub title: String,
    pub target: Id,
    pub effects: Vec<Effect>,
    /// When it starts; left out, only the facilitator (or an action's `StartFault`) starts it.
    #[serde(default)]
    pub trigger: Option<Cond>,
    /// Ways the fault ends by itself. Actions that `Mitigate` it end it too.
    #[serde(default)]
    pub ends: Vec<FaultEnd>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FaultEnd {
    /// This long after the fault starts.
    After(Duration),
    /// As soon as the condition holds.
    When(Cond),
}

/// What a fault does to its target while it is active.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Effect {
    /// Loses this share of its capacity.
    CapacityLoss(Percent),
    /// Every request takes this much longer.
    AddedLatency(Latency),
    /// Every request takes this many times longer.
    SlowDown(Factor),
    /// This share of requests fails outright.
    ErrorRate(Percent),
    /// The service is down: every call fails at once.
    Crash,
    /// Capacity drains away by this share each minute (a memory or handle leak).
    SlowLeak(Percent),
    /// Calls between the target and this service time out.
    Partition(Id),
    /// Calls to the target fail their TLS handshake.
    CertificateExpired,
    /// A release that fails some requests and slows the rest.
    BadDeploy {
        version: String,
        #[serde(default)]
        errors: Percent,
        #[serde(default)]
        latency: Latency,
    },
    /// Traffic arriving at the target is multiplied.
    TrafficSurge(Factor),
    /// The target's concurrency limit (threads, pool) shrinks by this share.
    PoolShrink(Percent),
    /// The target's cache loses its contents.
    ColdCache,
    /// A scenario gauge metric (`"service.metric"`) moves by this much, ramping over a duration.
    ShiftGauge {
        metric: Id,
        by: Number,
        #[serde(default)]
        over: Duration,
    },
}

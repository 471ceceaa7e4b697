//! Conditions and triggers: one small expression language used by faults, alerts, logs, tickets,
//! injects, hints and the reveal rules of facts.

use serde::{Deserialize, Serialize};

use super::{Id, Number};
use crate::scenario::units::{Duration, Percent};

/// True or false at each tick. *Instant* forms (`At`, `After`, `OnAction`, `Manual`) are true only
/// on the tick their moment happens; the others are levels that hold for as long as they hold.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Cond {
    /// Instant: this long after the start.
    At(Duration),
    /// Instant: this long after an event first happens.
    After(EventRef, Duration),
    /// Level: the condition has held without a break for at least this long.
    When(Box<Cond>, Duration),
    /// Instant: the action completes (optionally only when this role took it).
    OnAction {
        action: Id,
        #[serde(default)]
        by: Option<Id>,
    },
    /// A fresh draw from the seeded generator each tick it is evaluated; true with this chance.
    /// Inside `All`, it is drawn only when the parts before it are true.
    Chance(Percent),
    /// Instant: the facilitator fires it.
    Manual,
    /// Always true (for background logs).
    Always,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A metric (`"service.metric"`) is above a value, in the metric's unit (ms, %, req/s, …).
    Above(Id, Number),
    Below(Id, Number),
    /// Customer impact (share of failed or too-slow requests) is above / below.
    ImpactAbove(Percent),
    ImpactBelow(Percent),
    FaultActive(Id),
    /// The action has completed at least once.
    ActionDone(Id),
    ActionRunning(Id),
    AlertFiring(Id),
    /// Some role (or the named role) knows the fact.
    Known {
        fact: Id,
        #[serde(default)]
        by: Option<Id>,
    },
    Reached(Milestone),
    Published(Id),
    /// No progress on the diagnosis (no fact learnt or shared, no hypothesis moved) for this long;
    /// never true once the incident is diagnosed.
    Stalled(Duration),
}

/// Something that happens once, to count `After` from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum EventRef {
    /// A fault starts.
    Fault(Id),
    /// A fault ends.
    FaultEnd(Id),
    /// An action completes.
    Action(Id),
    /// An alert fires.
    Alert(Id),
    /// An inject is published.
    Inject(Id),
    Milestone(Milestone),
    /// Any role first learns the fact.
    Fact(Id),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Milestone {
    /// Customer impact first exceeds the SLO (ground truth).
    ImpactStarted,
    /// The first alert fires.
    Detected,
    /// The first alert is acknowledged.
    Acknowledged,
    /// A root-cause hypothesis is confirmed by a role holding its facts.
    Diagnosed,
    /// Every fault that started has ended.
    Mitigated,
    /// Impact stayed under the SLO for the stabilisation window with every fault mitigated.
    Resolved,
    /// The first status update to customers or stakeholders.
    Communicated,
}

impl Milestone {
    pub const ALL: [Milestone; 7] = [
        Milestone::ImpactStarted,
        Milestone::Detected,
        Milestone::Acknowledged,
        Milestone::Diagnosed,
        Milestone::Mitigated,
        Milestone::Resolved,
        Milestone::Communicated,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Milestone::ImpactStarted => "impact started",
            Milestone::Detected => "detected",
            Milestone::Acknowledged => "acknowledged",
            Milestone::Diagnosed => "diagnosed",
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
            Milestone::Communicated => "first external communication",
        }
    }
}

//! A person's seat: a copy of one role's feed wherever a person plays (the local console, or a
//! network client fed by the host), so the trainee console reads one type whichever side of a
//! network it sits on.

use std::sync::Arc;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Command, Observation, PublicScenario};
use crate::scenario::compiled::RoleIx;

/// The host's clock as every participant sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedClock {
    /// The next tick to simulate (= simulated seconds elapsed).
    pub tick: u64,
    pub paused: bool,
    /// Simulated seconds per real second, in parts per million.
    pub speed_ppm: u64,
    /// Set once the exercise is over: why it ended.
    pub ended: Option<String>,
    /// Whether the incident was resolved (once it ended).
    #[serde(default)]
    pub resolved: bool,
}

/// What a person's seat holds: its role, the public scenario, the role's feed so far and the
/// host's clock, plus the commands the console gave that are yet to be delivered. A link fills it
/// (the local session from the event log, a network client from the host's messages) and drains
/// `outbox`; the trainee console reads it and writes commands into `outbox`, and nothing else.
#[derive(Resource, Debug, Clone)]
pub struct Seat {
    pub role: RoleIx,
    pub public: Arc<PublicScenario>,
    pub feed: Vec<(u64, Observation)>,
    pub clock: SharedClock,
    pub outbox: Vec<Command>,
}

impl Seat {
    pub fn new(public: Arc<PublicScenario>, role: RoleIx) -> Self {
        Seat {
            role,
            public,
            feed: Vec::new(),
            clock: SharedClock::default(),
            outbox: Vec::new(),
        }
    }

    /// Observations from position `from` on, with their ticks.
    pub fn since(&self, from: usize) -> impl Iterator<Item = (u64, &Observation)> {
        self.feed[from.min(self.feed.len())..]
            .iter()
            .map(|(t, o)| (*t, o))
    }
}

//! Observations out, per role: a role's feed is the only view of the event log a participant is
//! given. [`RoleFeed`] reads it from the log where the simulation runs; [`Seat`] holds a copy of it
//! wherever a person plays (the local console, or a network client fed by the host), so the
//! trainee console reads one type whichever side of a network it sits on.

use std::sync::Arc;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Command, Observation, PublicScenario};
use crate::scenario::compiled::RoleIx;
use crate::sim::log::{Event, EventBody, EventLog};

/// One role's observation feed, read from the event log.
#[derive(Clone, Copy)]
pub struct RoleFeed<'a> {
    log: &'a EventLog,
    role: RoleIx,
}

impl<'a> RoleFeed<'a> {
    pub fn new(log: &'a EventLog, role: RoleIx) -> Self {
        RoleFeed { log, role }
    }

    pub fn len(&self) -> usize {
        self.log.feed_positions(self.role).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Observations from position `from` of this feed on, with their ticks.
    pub fn since(&self, from: usize) -> impl Iterator<Item = (u64, &'a Observation)> + 'a {
        let log = self.log;
        let f = log.feed_positions(self.role);
        f[from.min(f.len())..]
            .iter()
            .filter_map(move |&i| match &log.events()[i as usize] {
                Event {
                    tick,
                    body: EventBody::Seen { what, .. },
                    ..
                } => Some((*tick, what)),
                _ => None,
            })
    }

    pub fn iter(&self) -> impl Iterator<Item = (u64, &'a Observation)> + 'a {
        self.since(0)
    }
}

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

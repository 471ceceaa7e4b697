//! Observations out, per role: a role's feed is the only view of the event log a participant is
//! given. [`RoleFeed`] reads it from the log where the simulation runs (a person's
//! [`Seat`](crate::sim::boundary::Seat) holds a copy of it).

use super::{Event, EventBody, EventLog, Observation};
use crate::scenario::compiled::RoleIx;

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

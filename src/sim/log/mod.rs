//! The append-only event log: every event of a run, with its tick and who saw it. It is the single
//! source of truth for replay and the debrief. Role feeds are views into it that only ever contain
//! [`Observation`]s delivered to that role; ground truth is a separate kind that no feed holds.

mod events;
mod feed;

pub use events::{
    Cause, Command, Event, EventBody, FACILITATOR, HypothesisChange, Observation, Truth, Via,
};
pub use feed::RoleFeed;

use bevy::prelude::*;

use super::SimScenario;
use super::state::RoleSet;
use crate::scenario::compiled::{Name, RoleIx};

#[derive(Resource, Debug, Default)]
pub struct EventLog {
    events: Vec<Event>,
    /// For each role, the positions in `events` of the observations it received.
    feeds: Vec<Vec<u32>>,
    role_names: Vec<Name>,
}

impl EventLog {
    pub fn new(role_names: Vec<Name>) -> Self {
        EventLog {
            events: Vec::new(),
            feeds: vec![Vec::new(); role_names.len()],
            role_names,
        }
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    fn push(&mut self, tick: u64, body: EventBody) {
        let seq = self.events.len() as u64;
        self.events.push(Event { seq, tick, body });
    }

    /// Records something only the facilitator and the debrief may see.
    pub fn truth(&mut self, tick: u64, truth: Truth) {
        self.push(tick, EventBody::Truth(truth));
    }

    /// Records a command as it was applied.
    pub fn command(&mut self, tick: u64, actor: Name, command: Command) {
        self.push(tick, EventBody::Command { actor, command });
    }

    /// Delivers an observation to a set of roles (none is allowed: it is still logged).
    pub fn observe(&mut self, tick: u64, to: RoleSet, what: Observation) {
        let at = self.events.len() as u32;
        let names = to.iter().map(|r| self.role_names[r].clone()).collect();
        let roles = self.feeds.len();
        for r in to.iter().filter(|&r| r < roles) {
            self.feeds[r].push(at);
        }
        self.push(tick, EventBody::Seen { to: names, what });
    }

    /// Everything a role has observed, in order. This is the only view of the log a role (and so a
    /// bot or a trainee's console) is given.
    pub fn feed(&self, role: RoleIx) -> RoleFeed<'_> {
        RoleFeed::new(self, role)
    }

    /// The positions in [`events`](Self::events) of the observations a role received.
    pub(crate) fn feed_positions(&self, role: RoleIx) -> &[u32] {
        self.feeds.get(role).map_or(&[], Vec::as_slice)
    }
}

pub(super) fn plugin(app: &mut App) {
    let names = app
        .world()
        .resource::<SimScenario>()
        .roles
        .iter()
        .map(|r| r.id.clone())
        .collect();
    app.insert_resource(EventLog::new(names));
}

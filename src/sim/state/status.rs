//! The status board: the facts about the run that conditions may test (which faults are active,
//! which actions have completed, who knows what, which milestones are reached). Each capability
//! keeps its own part of the board up to date; conditions only ever read it.

use std::collections::BTreeMap;

use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::compiled::{EventKey, RoleIx};
use crate::scenario::model::Milestone;

/// A set of roles as a bit mask (scenarios have at most 64 roles).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RoleSet(pub u64);

impl RoleSet {
    pub fn single(r: RoleIx) -> Self {
        RoleSet(1 << r)
    }
    pub fn all(n: usize) -> Self {
        RoleSet(if n >= 64 { u64::MAX } else { (1u64 << n) - 1 })
    }
    pub fn of(roles: impl IntoIterator<Item = RoleIx>) -> Self {
        RoleSet(roles.into_iter().fold(0, |m, r| m | (1 << r)))
    }
    pub fn contains(self, r: RoleIx) -> bool {
        self.0 & (1 << r) != 0
    }
    pub fn insert(&mut self, r: RoleIx) {
        self.0 |= 1 << r;
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = RoleIx> {
        (0..64).filter(move |&r| self.contains(r))
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
}

#[derive(Resource, Debug, Clone, Default)]
pub struct Status {
    /// Share of customer requests failing or too slow, in parts per million.
    pub impact_ppm: u64,
    pub fault_active: Vec<bool>,
    /// Completions of each action, in total and by role.
    pub action_done: Vec<u32>,
    pub action_done_by: Vec<Vec<u32>>,
    pub action_running: Vec<u32>,
    pub alert_firing: Vec<bool>,
    /// For each fact, the roles that know it.
    pub known: Vec<RoleSet>,
    pub milestones: BTreeMap<Milestone, u64>,
    pub published: Vec<bool>,
    /// When each one-off event first happened (for `After`).
    pub happened: BTreeMap<EventKey, u64>,
    /// Last tick the diagnosis moved on (a fact learnt or shared, a hypothesis changed).
    pub last_progress: u64,
}

impl Status {
    pub fn new(sc: &Scenario) -> Self {
        let roles = sc.roles.len();
        Status {
            fault_active: vec![false; sc.faults.len()],
            action_done: vec![0; sc.actions.len()],
            action_done_by: vec![vec![0; roles]; sc.actions.len()],
            action_running: vec![0; sc.actions.len()],
            alert_firing: vec![false; sc.alerts.len()],
            known: vec![RoleSet::default(); sc.facts.len()],
            published: vec![false; sc.injects.len()],
            ..Default::default()
        }
    }

    /// Records the first time `key` happens; later times are ignored.
    pub fn happen(&mut self, key: EventKey, tick: u64) {
        self.happened.entry(key).or_insert(tick);
    }
    pub fn reached(&self, m: Milestone) -> Option<u64> {
        self.milestones.get(&m).copied()
    }
}

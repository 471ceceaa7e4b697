//! The exercise's state: hints shown, how long the system has been stable, roles that said they
//! are stuck, and how the run ended.

use bevy::prelude::*;

use super::RoleSet;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HintRun {
    /// Tiers shown so far.
    pub shown: usize,
    pub last_shown: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEnd {
    pub tick: u64,
    pub resolved: bool,
    pub reason: String,
}

#[derive(Resource, Debug, Clone)]
pub struct ExerciseState {
    /// Since when impact has been under the SLO with no fault active.
    pub stable_since: Option<u64>,
    pub hints: Vec<HintRun>,
    pub hints_enabled: bool,
    pub ended: Option<RunEnd>,
    /// Roles that said they are stuck this tick (`Command::Stuck`); the hint step answers them.
    pub stuck: RoleSet,
}

impl ExerciseState {
    pub fn new(hints: usize) -> Self {
        ExerciseState {
            stable_since: None,
            hints: vec![HintRun::default(); hints],
            hints_enabled: true,
            ended: None,
            stuck: RoleSet::default(),
        }
    }

    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        h.write_u64(self.stable_since.unwrap_or(u64::MAX));
        for r in &self.hints {
            h.write_usize(r.shown);
        }
    }
}

//! What actions have changed: the operator controls the flow model reads (scaling, shedding,
//! retries, outages while an action runs) and the actions in progress.

use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::compiled::{ActionIx, RoleIx};
use crate::sim::math::PPM;

/// Operator changes to the system that the flow model reads.
#[derive(Resource, Debug, Clone)]
pub struct Controls {
    pub scale_ppm: Vec<u64>,
    pub shed_ppm: Vec<u64>,
    /// Per dependency.
    pub retries: Vec<u32>,
    /// Down because an action (restart, failover) is running.
    pub outage: Vec<bool>,
    /// Empty the queue and the cache at the next flow step.
    pub reset: Vec<bool>,
}

impl Controls {
    pub fn new(sc: &Scenario) -> Self {
        let n = sc.services.len();
        Controls {
            scale_ppm: vec![PPM; n],
            shed_ppm: vec![0; n],
            retries: sc.deps.iter().map(|d| d.retries).collect(),
            outage: vec![false; n],
            reset: vec![false; n],
        }
    }

    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for (a, b) in self.scale_ppm.iter().zip(&self.shed_ppm) {
            h.write_u64(*a);
            h.write_u64(*b);
        }
        for r in &self.retries {
            h.write_u32(*r);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Running {
    pub action: ActionIx,
    pub by: RoleIx,
    pub started: u64,
    pub done_at: u64,
}

#[derive(Resource, Debug, Clone, Default)]
pub struct ActionState {
    pub running: Vec<Running>,
    /// Completed this tick, for the knowledge step.
    pub completed_now: Vec<(ActionIx, RoleIx)>,
}

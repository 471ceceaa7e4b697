//! The signals' state: each alert's course (holding, firing, acknowledged), each inject's
//! (published, skipped, requested by the facilitator), and when each log and ticket rule last
//! emitted.

use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlertRun {
    pub holding_since: Option<u64>,
    pub firing_since: Option<u64>,
    pub acked_by: Option<RoleIx>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InjectRun {
    pub published: Option<u64>,
    pub skipped: bool,
    /// The facilitator asked to publish it now.
    pub requested: bool,
}

#[derive(Resource, Debug, Clone)]
pub struct SignalState {
    pub alerts: Vec<AlertRun>,
    pub injects: Vec<InjectRun>,
    /// Last emission of each log and ticket rule while its condition holds.
    pub log_last: Vec<Option<u64>>,
    pub ticket_last: Vec<Option<u64>>,
}

impl SignalState {
    pub fn new(sc: &Scenario) -> Self {
        SignalState {
            alerts: vec![AlertRun::default(); sc.alerts.len()],
            injects: vec![InjectRun::default(); sc.injects.len()],
            log_last: vec![None; sc.logs.len()],
            ticket_last: vec![None; sc.tickets.len()],
        }
    }

    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for a in &self.alerts {
            h.write_u64(a.firing_since.unwrap_or(u64::MAX));
            h.write_u64(a.holding_since.unwrap_or(u64::MAX));
        }
        for i in &self.injects {
            h.write_u64(i.published.unwrap_or(u64::MAX));
            h.write_u8(i.skipped as u8);
        }
    }
}

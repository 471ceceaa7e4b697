//! The faults' state: which have started and ended, and what the active ones do to each service and
//! dependency this tick. The fault step and completed actions start and end faults; the flow model
//! reads what they do.

use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::compiled::MetricKind;
use crate::sim::math::PPM;

/// What the active faults do to one service this tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceMods {
    /// Share of capacity left.
    pub remaining_ppm: u64,
    pub added_us: u64,
    pub slowdown_ppm: u64,
    /// Share of requests that fail outright.
    pub error_ppm: u64,
    pub down: bool,
    /// Calls to it fail their TLS handshake.
    pub tls_fail: bool,
    pub surge_ppm: u64,
    /// Share of the concurrency limit left.
    pub pool_ppm: u64,
    pub cold_cache: bool,
}

impl Default for ServiceMods {
    fn default() -> Self {
        ServiceMods {
            remaining_ppm: PPM,
            added_us: 0,
            slowdown_ppm: PPM,
            error_ppm: 0,
            down: false,
            tls_fail: false,
            surge_ppm: PPM,
            pool_ppm: PPM,
            cold_cache: false,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultRun {
    pub started: Option<u64>,
    pub ended: Option<u64>,
}

impl FaultRun {
    pub fn active(&self) -> bool {
        self.started.is_some() && self.ended.is_none()
    }
}

#[derive(Resource, Debug, Clone)]
pub struct FaultState {
    pub runs: Vec<FaultRun>,
    /// The facilitator asked to fire these this tick.
    pub manual: Vec<bool>,
    /// Per service, recomputed every tick.
    pub mods: Vec<ServiceMods>,
    /// Per dependency: calls time out because of a partition.
    pub partitioned: Vec<bool>,
    /// Per metric: the gauge's current value (None for other metrics).
    pub gauges: Vec<Option<i64>>,
}

impl FaultState {
    pub fn new(sc: &Scenario) -> Self {
        FaultState {
            runs: vec![FaultRun::default(); sc.faults.len()],
            manual: vec![false; sc.faults.len()],
            mods: vec![ServiceMods::default(); sc.services.len()],
            partitioned: vec![false; sc.deps.len()],
            gauges: sc
                .metrics
                .metrics
                .iter()
                .map(|m| match m.kind {
                    MetricKind::Gauge(v) => Some(v),
                    _ => None,
                })
                .collect(),
        }
    }

    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for r in &self.runs {
            h.write_u64(r.started.unwrap_or(u64::MAX));
            h.write_u64(r.ended.unwrap_or(u64::MAX));
        }
    }
}

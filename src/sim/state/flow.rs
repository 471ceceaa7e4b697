//! The load-flow model's state: what traffic did at each service and dependency this tick. Only
//! the flow step writes it; conditions, signals and the consoles read it.

use std::sync::Arc;

use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::compiled::{BuiltinMetric, MetricKind};
use crate::sim::math::latency;
use crate::sim::math::{PPM, mul_div};

#[derive(Resource, Debug, Clone)]
pub struct FlowState {
    scenario: Arc<Scenario>,
    /// Offered load, retries included.
    pub arrivals: Vec<u64>,
    /// Offered load minus what shedding turned away.
    pub admitted: Vec<u64>,
    /// Requests processed.
    pub served: Vec<u64>,
    /// Requests rejected at once (queue full, service down).
    pub rejected: Vec<u64>,
    /// Requests waiting (milli-requests).
    pub backlog: Vec<u64>,
    /// Effective capacity this tick.
    pub capacity: Vec<u64>,
    /// Mean response time.
    pub latency_us: Vec<u64>,
    /// Response time percentiles (p50, p95, p99), each part of a request's time cut at its bound
    /// (see `sim/math/latency.rs`).
    pub pct_us: Vec<[u64; 3]>,
    /// Mean time a request holds a worker: the service's own work and its calls, without the wait
    /// in the service's own queue.
    pub hold_us: Vec<u64>,
    /// What a request to each service takes while it is down: its callers' timeout.
    pub down_us: Vec<u64>,
    /// Share of arrivals that fail.
    pub fail_ppm: Vec<u64>,
    /// Arrivals over capacity.
    pub rho_ppm: Vec<u64>,
    /// Requests in flight (milli-requests), by Little's law.
    pub in_flight: Vec<u64>,
    /// Retry attempts arriving.
    pub retries_in: Vec<u64>,
    /// Current cache hit rate.
    pub hit_ppm: Vec<u64>,
    /// Per dependency: chance that one attempt fails (drives next tick's retries).
    pub dep_fail_ppm: Vec<u64>,
    /// Per dependency: attempts this tick.
    pub dep_attempts: Vec<u64>,
    /// Per dependency with a circuit breaker: open until this tick (then half-open).
    pub breaker_until: Vec<Option<u64>>,
    /// Traffic arriving from outside, after shedding, and what was shed.
    pub external: Vec<u64>,
    pub shed: Vec<u64>,
    /// Gauge metrics: current value by metric index (others unused).
    pub gauges: Vec<i64>,
    pub impact_ppm: u64,
    /// Per traffic source: fallback load (milli-requests/s), easing towards its target.
    pub fallback: Vec<u64>,
}

impl FlowState {
    pub fn new(scenario: Arc<Scenario>) -> Self {
        let n = scenario.services.len();
        let d = scenario.deps.len();
        let gauges = scenario
            .metrics
            .metrics
            .iter()
            .map(|m| match m.kind {
                MetricKind::Gauge(v) => v,
                _ => 0,
            })
            .collect();
        FlowState {
            arrivals: vec![0; n],
            admitted: vec![0; n],
            served: vec![0; n],
            rejected: vec![0; n],
            backlog: vec![0; n],
            capacity: vec![0; n],
            latency_us: scenario.services.iter().map(|s| s.latency_us).collect(),
            pct_us: scenario
                .services
                .iter()
                .map(|s| latency::percentiles(0, 0, s.latency_us, [0; 3]))
                .collect(),
            down_us: latency::down_latencies(&scenario),
            hold_us: scenario.services.iter().map(|s| s.latency_us).collect(),
            fail_ppm: vec![0; n],
            rho_ppm: vec![0; n],
            in_flight: vec![0; n],
            retries_in: vec![0; n],
            hit_ppm: scenario
                .services
                .iter()
                .map(|s| s.hit_rate_ppm.unwrap_or(0))
                .collect(),
            dep_fail_ppm: vec![0; d],
            dep_attempts: vec![0; d],
            breaker_until: vec![None; d],
            external: vec![0; n],
            shed: vec![0; n],
            gauges,
            impact_ppm: 0,
            fallback: vec![0; scenario.traffic.len()],
            scenario,
        }
    }

    /// The true (noise-free) value of a catalog metric, in thousandths of its unit.
    pub fn metric_value(&self, metric: usize) -> i64 {
        let def = &self.scenario.metrics.metrics[metric];
        let s = def.service;
        let v: u64 = match &def.kind {
            MetricKind::Builtin(b) => match b {
                BuiltinMetric::LatencyP50 => self.pct_us[s][0],
                BuiltinMetric::LatencyP95 => self.pct_us[s][1],
                BuiltinMetric::LatencyP99 => self.pct_us[s][2],
                BuiltinMetric::ErrorRate => self.fail_ppm[s] / 10,
                BuiltinMetric::Throughput => self.served[s],
                BuiltinMetric::Saturation => self.saturation_ppm(s) / 10,
            },
            MetricKind::InFlight => self.in_flight[s],
            MetricKind::Backlog => self.backlog[s],
            MetricKind::Retries => self.retries_in[s],
            MetricKind::Arrivals => self.arrivals[s],
            MetricKind::Rejected => self.rejected[s],
            MetricKind::HitRate => self.hit_ppm[s] / 10,
            MetricKind::Gauge(_) => return self.gauges[metric],
        };
        v.min(i64::MAX as u64) as i64
    }

    /// Busy share: utilisation, or the pool's use when a concurrency limit binds first.
    pub fn saturation_ppm(&self, s: usize) -> u64 {
        let pool = match self.scenario.services[s].concurrency {
            Some(c) => mul_div(self.in_flight[s], PPM, c * 1000),
            None => 0,
        };
        self.rho_ppm[s].max(pool).min(PPM)
    }

    /// A hash of the model state for run-file checksums.
    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for v in [
            &self.arrivals,
            &self.served,
            &self.backlog,
            &self.latency_us,
            &self.fail_ppm,
            &self.hit_ppm,
            &self.dep_fail_ppm,
            &self.fallback,
        ] {
            for x in v {
                h.write_u64(*x);
            }
        }
        for b in &self.breaker_until {
            h.write_u64(b.unwrap_or(u64::MAX));
        }
        h.write_u64(self.impact_ppm);
    }
}

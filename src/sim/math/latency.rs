//! What a request's time is made of, and the bounds on it that dashboards and callers respect.
//!
//! A request's time at a service is three parts added up: the wait in the service's own queue,
//! the service's own work, and its calls. Each part spreads like an exponential of its mean (the
//! median is ln 2 times the mean, p95 ln 20 times, p99 ln 100 times), but no request waits in the
//! queue longer than `max_queue` (it is rejected then) and no call takes longer than the caller's
//! timeout (the caller gives up). So a percentile is the sum of the parts' percentiles, each part
//! cut at its bound: a service with `max_queue: "3s"` and no calls never reports a p99 much above
//! 3 s, and a caller never reports more for one call than its timeout.
//!
//! A service that is down (crashed, restarting, failing over) answers nothing: each attempt its
//! callers make waits for their timeout, and its own dashboards read that wait, never the idle
//! latency of a healthy service.

use super::{PPM, mul_div, scale};
use crate::scenario::Scenario;

/// The percentiles dashboards show, as multiples of the mean (ppm): ln 2, ln 20, ln 100.
pub const PERCENTILES: [u64; 3] = [693_147, 2_995_732, 4_605_170];

/// The queueing curve 1/(1-ρ) is cut here (20 times the idle latency). Near full load the
/// steady-state formula takes far longer than a simulated minute to be reached (an M/M/1 queue
/// settles in about `service time / (1 - √ρ)²`: a minute at 95% busy for a 40 ms service, half an
/// hour at 99%), so beyond this the backlog, which builds once arrivals exceed capacity, does the
/// waiting instead. See "How the system behaves" in docs/scenario-format.md.
pub const MAX_RHO_FOR_CURVE: u64 = 950_000;

/// Mean wait in a service's own queue: the queueing curve's wait at utilisation `rho_ppm` for a
/// service time of `base_us` (`base × ρ / (1 - ρ)`), plus the time to serve the `backlog` ahead at
/// `cap` (both milli-requests), never more than `max_queue_us`.
pub fn queue_wait(base_us: u64, rho_ppm: u64, backlog: u64, cap: u64, max_queue_us: u64) -> u64 {
    let rho = rho_ppm.min(MAX_RHO_FOR_CURVE);
    let curve = mul_div(base_us, rho, PPM - rho);
    let behind = if cap == 0 {
        0
    } else {
        mul_div(backlog, 1_000_000, cap)
    };
    curve.saturating_add(behind).min(max_queue_us)
}

/// Per service: how long a request to it takes while it is down — the longest timeout any caller
/// waits for it (a caller whose connection attempt gets no answer gives up at its timeout), or, for
/// a service nobody calls, its `max_queue`.
pub fn down_latencies(sc: &Scenario) -> Vec<u64> {
    let mut out: Vec<Option<u64>> = vec![None; sc.services.len()];
    for dep in &sc.deps {
        let slot = &mut out[dep.to];
        *slot = Some(slot.map_or(dep.timeout_us, |t: u64| t.max(dep.timeout_us)));
    }
    out.iter()
        .zip(&sc.services)
        .map(|(t, s)| t.unwrap_or(s.max_queue_us).max(1))
        .collect()
}

/// Percentiles of a request's time (p50, p95, p99) from its parts: `wait_us` in the queue (cut at
/// `max_queue_us`), `own_us` of the service's own work, and `calls`, each call's percentiles
/// already cut at its timeout and weighted by how many attempts a request makes.
pub fn percentiles(wait_us: u64, max_queue_us: u64, own_us: u64, calls: [u64; 3]) -> [u64; 3] {
    let mut out = [0; 3];
    for (k, &mult) in PERCENTILES.iter().enumerate() {
        out[k] = scale(wait_us, mult)
            .min(max_queue_us)
            .saturating_add(scale(own_us, mult))
            .saturating_add(calls[k]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_wait_stops_at_max_queue() {
        // 40 ms at 50% busy waits another 40 ms; at 95% and beyond, 19 times it.
        assert_eq!(queue_wait(40_000, 500_000, 0, 1, 3_000_000), 40_000);
        assert_eq!(queue_wait(40_000, 990_000, 0, 1, 3_000_000), 760_000);
        // 15 000 requests behind at 5 000/s: 3 s more, cut at max_queue.
        assert_eq!(
            queue_wait(40_000, 1_200_000, 15_000_000, 5_000_000, 3_000_000),
            3_000_000
        );
        assert_eq!(
            queue_wait(40_000, 100_000, 5_000_000, 5_000_000, 3_000_000),
            4_444 + 1_000_000
        );
    }

    #[test]
    fn percentiles_respect_the_bounds() {
        // Idle: the exponential spread of the mean.
        let p = percentiles(0, 3_000_000, 40_000, [0; 3]);
        assert_eq!(p, [27_725, 119_829, 184_206]);
        // A full queue: p99 is max_queue plus the service's own spread, not 4.6 times 3.8 s.
        let p = percentiles(3_000_000, 3_000_000, 40_000, [0; 3]);
        assert!(p[2] <= 3_000_000 + 184_206, "{p:?}");
        assert!(p[0] >= 2_000_000, "{p:?}");
    }
}

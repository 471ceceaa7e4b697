//! The load-flow model. Each tick, traffic enters at the edge and flows along dependencies; a
//! service's utilisation raises its latency along a queueing curve; calls slower than the caller's
//! timeout fail; failed calls are retried, multiplying the load on the callee; failures propagate
//! to callers; customer impact is the share of edge requests that fail or are too slow. Nothing is
//! scripted pairwise: cascades, retry storms and slow recoveries emerge from these rules.
//!
//! Rates are milli-requests per second, latencies microseconds, shares parts per million.

mod traffic;

use bevy::prelude::*;

use super::math::latency;
use super::math::{PPM, any_fails, attempts, mul_div, not, scale, slower_than};
use super::state::{Controls, FaultState, FlowState, Status};
use super::{SimClock, SimScenario, SimSet, SimTick};
use crate::scenario::Scenario;

pub use traffic::traffic_factor;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(SimTick, step.in_set(SimSet::Flow));
}

fn step(
    scenario: Res<SimScenario>,
    clock: Res<SimClock>,
    faults: Res<FaultState>,
    mut controls: ResMut<Controls>,
    mut flow: ResMut<FlowState>,
    mut status: ResMut<Status>,
) {
    advance(&scenario, clock.tick, &faults, &mut controls, &mut flow);
    status.impact_ppm = flow.impact_ppm;
}

/// One tick of the model. Services are indices into parallel vectors, hence the index loops.
#[allow(clippy::needless_range_loop)]
pub fn advance(
    sc: &Scenario,
    tick: u64,
    faults: &FaultState,
    controls: &mut Controls,
    flow: &mut FlowState,
) {
    let n = sc.services.len();
    let mods = &faults.mods;

    // Customers who failed at one service last tick drift to their fallback, over a while.
    for (i, t) in sc.traffic.iter().enumerate() {
        if let Some(fb) = t.fallback {
            let failed = scale(flow.external[fb.from], flow.fail_ppm[fb.from]);
            let target = scale(failed, fb.share_ppm) as i64;
            let now = flow.fallback[i] as i64;
            flow.fallback[i] = (now + (target - now) / fb.over as i64).max(0) as u64;
        }
    }

    // Restarts and flushes empty queues and caches.
    for s in 0..n {
        if std::mem::take(&mut controls.reset[s]) {
            flow.backlog[s] = 0;
            flow.hit_ppm[s] = 0;
        }
        if let Some(target) = sc.services[s].hit_rate_ppm {
            flow.hit_ppm[s] = if mods[s].cold_cache {
                0
            } else {
                (flow.hit_ppm[s] + sc.services[s].warmup_step_ppm).min(target)
            };
        }
        flow.arrivals[s] = 0;
        flow.retries_in[s] = 0;
        flow.external[s] = 0;
        flow.shed[s] = 0;
    }
    for &m in &sc.metrics.gauges {
        if let Some(v) = faults.gauges[m] {
            flow.gauges[m] = v;
        }
    }

    // Traffic from outside, before and after shedding.
    let mut offered = vec![0u64; n];
    for (i, t) in sc.traffic.iter().enumerate() {
        let mrps = scale(t.rps * 1000, traffic_factor(&t.shape, tick)) + flow.fallback[i];
        offered[t.to] += scale(mrps, mods[t.to].surge_ppm);
    }
    for s in 0..n {
        flow.shed[s] = scale(offered[s], controls.shed_ppm[s]);
        flow.external[s] = offered[s] - flow.shed[s];
        flow.arrivals[s] = flow.external[s];
    }

    // Pass 1, callers before callees: how much each service processes and what it calls.
    for &s in &sc.topo_order {
        let def = &sc.services[s];
        let m = &mods[s];
        let down = m.down || controls.outage[s] || m.tls_fail;
        let mut cap = scale(
            scale(def.capacity * 1000, controls.scale_ppm[s]),
            m.remaining_ppm,
        );
        if let Some(c) = def.concurrency {
            // Little's law: a full pool completes `pool / hold time` requests per second. The pool
            // holds only work in progress (the service's own work and its calls); a request
            // waiting in the queue holds no worker, so a short overload drains as soon as the
            // load falls back under capacity.
            let pool = scale(c * 1000, m.pool_ppm);
            let lat = flow.hold_us[s].max(def.latency_us);
            cap = cap.min(mul_div(pool, 1_000_000, lat));
        }
        if down {
            cap = 0;
        }
        flow.capacity[s] = cap;
        // Shedding also turns away calls from other services (external traffic was shed above).
        let internal = flow.arrivals[s] - flow.external[s];
        let turned_away = scale(internal, controls.shed_ppm[s]);
        flow.admitted[s] = flow.arrivals[s] - turned_away;
        let work = flow.admitted[s] + flow.backlog[s];
        let served = work.min(cap);
        let mut backlog = work - served;
        let max_backlog = mul_div(cap, def.max_queue_us, 1_000_000);
        let rejected = backlog.saturating_sub(max_backlog);
        backlog -= rejected;
        flow.served[s] = served;
        flow.backlog[s] = backlog;
        flow.rejected[s] = (rejected + turned_away).min(flow.arrivals[s]);
        let miss = if def.hit_rate_ppm.is_some() {
            not(flow.hit_ppm[s])
        } else {
            PPM
        };
        for &e in &def.calls {
            let dep = &sc.deps[e];
            let first = scale(scale(served, dep.calls_ppm), miss);
            let (expected, _) = attempts(flow.dep_fail_ppm[e], controls.retries[e]);
            let total = scale(
                scale(first, expected),
                sending_share(flow.breaker_until[e], tick),
            );
            flow.dep_attempts[e] = total;
            // Calls across a partition never arrive.
            if !faults.partitioned[e] {
                flow.arrivals[dep.to] += total;
                flow.retries_in[dep.to] += total - first;
            }
        }
    }

    // Pass 2, callees before callers: latency and failure, which flow back up.
    for &s in sc.topo_order.iter().rev() {
        let def = &sc.services[s];
        let m = &mods[s];
        let down = m.down || controls.outage[s] || m.tls_fail;
        let cap = flow.capacity[s];
        let arrivals = flow.arrivals[s];
        let admitted = flow.admitted[s];
        let rho = if cap == 0 {
            if admitted > 0 { 100 * PPM } else { 0 }
        } else {
            mul_div(admitted, PPM, cap)
        };
        flow.rho_ppm[s] = rho;
        // The service's own work holds a worker; the wait in its queue does not.
        let base_us = scale(def.latency_us, m.slowdown_ppm);
        let own_us = base_us + m.added_us;
        let wait_us = latency::queue_wait(base_us, rho, flow.backlog[s], cap, def.max_queue_us);
        let miss = if def.hit_rate_ppm.is_some() {
            not(flow.hit_ppm[s])
        } else {
            PPM
        };
        let mut dep_us = 0u64;
        let mut dep_pct = [0u64; 3];
        let mut dep_fail = PPM; // running chance that every required call succeeds
        for &e in &def.calls {
            let dep = &sc.deps[e];
            let to = dep.to;
            let callee_down = mods[to].down || controls.outage[to];
            // A partitioned or down callee never answers: every attempt waits for the timeout.
            // One whose certificate fails refuses the handshake, which takes its usual time.
            let (p, call_us, call_pct) = if faults.partitioned[e] || callee_down {
                (PPM, dep.timeout_us, [dep.timeout_us; 3])
            } else if mods[to].tls_fail {
                let t = sc.services[to].latency_us.min(dep.timeout_us);
                (PPM, t, flow.pct_us[to].map(|x| x.min(dep.timeout_us)))
            } else {
                let w = flow.latency_us[to];
                let p = any_fails([flow.fail_ppm[to], slower_than(w, dep.timeout_us)]);
                (
                    p,
                    w.min(dep.timeout_us),
                    flow.pct_us[to].map(|x| x.min(dep.timeout_us)),
                )
            };
            flow.dep_fail_ppm[e] = p;
            // Calls an open breaker holds back fail at once and cost no time.
            let sent = sending_share(flow.breaker_until[e], tick);
            if let Some((opens_above, open_for)) = dep.breaker {
                flow.breaker_until[e] = if p > opens_above && sent > 0 {
                    Some(tick + open_for)
                } else if sent == PPM || flow.breaker_until[e].is_some_and(|u| tick >= u) {
                    None
                } else {
                    flow.breaker_until[e]
                };
            }
            let p = not(scale(sent, not(p)));
            let (expected, final_fail) = attempts(p, controls.retries[e]);
            // Time spent on this dependency per request: calls × attempts × time per attempt.
            let per_request =
                |t: u64| scale(scale(scale(scale(t, sent), expected), dep.calls_ppm), miss);
            dep_us += per_request(call_us);
            for k in 0..3 {
                dep_pct[k] += per_request(call_pct[k]);
            }
            if !dep.optional {
                let per_request = repeat_fail(final_fail, scale(dep.calls_ppm, miss));
                dep_fail = scale(dep_fail, not(per_request));
            }
        }
        let dep_fail = not(dep_fail);
        if down {
            // Nothing answers: a request waits for its caller's timeout, and the dashboards read
            // that wait, not a healthy latency. One refused at the handshake fails at once.
            let t = if m.tls_fail && !m.down && !controls.outage[s] {
                def.latency_us
            } else {
                flow.down_us[s]
            };
            flow.latency_us[s] = t;
            flow.pct_us[s] = [t; 3];
            flow.hold_us[s] = def.latency_us;
        } else {
            flow.latency_us[s] = (wait_us + own_us + dep_us).max(1);
            flow.pct_us[s] = latency::percentiles(wait_us, def.max_queue_us, own_us, dep_pct);
            flow.hold_us[s] = own_us + dep_us;
        }
        let reject_share = if down {
            PPM
        } else if arrivals == 0 {
            0
        } else {
            mul_div(flow.rejected[s], PPM, arrivals)
        };
        flow.fail_ppm[s] = any_fails([reject_share, m.error_ppm, dep_fail]);
        flow.in_flight[s] = mul_div(flow.served[s], flow.hold_us[s], 1_000_000);
    }

    // Customer impact at the edge: shed, failed, or slower than the SLO allows.
    let mut total = 0u64;
    let mut bad = 0u64;
    for s in 0..n {
        if offered[s] == 0 {
            continue;
        }
        let ok_share = not(flow.fail_ppm[s]);
        let slow = slower_than(flow.latency_us[s], sc.resolution.slow_after_us);
        let failing = scale(flow.external[s], PPM - scale(ok_share, not(slow)));
        total += offered[s];
        bad += flow.shed[s] + failing;
    }
    flow.impact_ppm = if total == 0 {
        0
    } else {
        mul_div(bad, PPM, total).min(PPM)
    };
}

/// Share of calls a circuit breaker lets through: all when closed, none when open, a tenth when
/// half-open (probing).
fn sending_share(open_until: Option<u64>, tick: u64) -> u64 {
    match open_until {
        None => PPM,
        Some(until) if tick < until => 0,
        Some(_) => PPM / 10,
    }
}

/// Chance that at least one of `calls_ppm / 1e6` calls fails when each fails with chance `p`: whole
/// calls multiply, a fractional call counts in proportion.
fn repeat_fail(p: u64, calls_ppm: u64) -> u64 {
    let whole = calls_ppm / PPM;
    let frac = calls_ppm % PPM;
    let mut ok = PPM;
    for _ in 0..whole.min(64) {
        ok = scale(ok, not(p));
    }
    ok = scale(ok, not(scale(p, frac)));
    not(ok)
}

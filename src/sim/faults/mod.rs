//! Faults: when each starts and ends, and what the active ones do to their targets this tick.

use bevy::prelude::*;

use super::log::{Cause, Truth};
use super::math::{PPM, mul_div, not, scale};
use super::state::{FaultState, ServiceMods};
use super::tick::Tick;
use super::{SimSet, SimTick};
use crate::scenario::Scenario;
use crate::scenario::compiled::{EffectDef, EventKey, FaultIx, MetricKind};

/// Starts a fault if it has not started yet. Faults start at most once.
pub fn start_fault(tick: &mut Tick, faults: &mut FaultState, f: FaultIx, cause: Cause) {
    if faults.runs[f].started.is_some() {
        return;
    }
    let (sc, now) = (tick.scenario(), tick.now());
    faults.runs[f].started = Some(now);
    tick.status.fault_active[f] = true;
    tick.status.happen(EventKey::Fault(f), now);
    let def = &sc.faults[f];
    tick.truth(Truth::FaultStarted {
        fault: def.id.clone(),
        target: sc.services[def.target].id.clone(),
        title: def.title.clone(),
        cause,
    });
}

/// Ends an active fault.
pub fn end_fault(tick: &mut Tick, faults: &mut FaultState, f: FaultIx, cause: Cause) {
    if !faults.runs[f].active() {
        return;
    }
    let now = tick.now();
    faults.runs[f].ended = Some(now);
    tick.status.fault_active[f] = false;
    tick.status.happen(EventKey::FaultEnd(f), now);
    let fault = tick.scenario().faults[f].id.clone();
    tick.truth(Truth::FaultEnded { fault, cause });
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(SimTick, update.in_set(SimSet::Faults));
}

fn update(mut tick: Tick, mut faults: ResMut<FaultState>) {
    let sc = tick.scenario();
    let now = tick.now();
    // Decide first, against one consistent board; then apply in fault order.
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for (f, def) in sc.faults.iter().enumerate() {
        let run = faults.runs[f];
        let manual = std::mem::take(&mut faults.manual[f]);
        if run.active() {
            let started = run.started.unwrap_or(now);
            if def.ends_after.is_some_and(|d| now >= started + d) {
                ends.push((f, Cause::Expired));
            } else if let Some(when) = &def.ends_when
                && tick.holds(when, false)
            {
                ends.push((f, Cause::Condition));
            }
        } else if run.started.is_none() && tick.holds(&def.trigger, manual) {
            let cause = if manual {
                Cause::Facilitator
            } else {
                Cause::Trigger
            };
            starts.push((f, cause));
        }
    }
    for (f, cause) in ends {
        end_fault(&mut tick, &mut faults, f, cause);
    }
    for (f, cause) in starts {
        start_fault(&mut tick, &mut faults, f, cause);
    }
    apply_effects(&sc, now, &mut faults);
}

/// Recomputes every service's modifiers from the active faults.
pub fn apply_effects(sc: &Scenario, tick: u64, faults: &mut FaultState) {
    let state = &mut *faults;
    state
        .mods
        .iter_mut()
        .for_each(|m| *m = ServiceMods::default());
    state.partitioned.iter_mut().for_each(|p| *p = false);
    for &m in &sc.metrics.gauges {
        if let MetricKind::Gauge(v) = sc.metrics.metrics[m].kind {
            state.gauges[m] = Some(v);
        }
    }
    for (f, def) in sc.faults.iter().enumerate() {
        let run = state.runs[f];
        if !run.active() {
            continue;
        }
        let elapsed = tick - run.started.unwrap_or(tick);
        let m = &mut state.mods[def.target];
        for effect in &def.effects {
            match *effect {
                EffectDef::CapacityLoss(p) => m.remaining_ppm = scale(m.remaining_ppm, not(p)),
                EffectDef::AddedLatency(us) => m.added_us += us,
                EffectDef::SlowDown(x) => m.slowdown_ppm = scale(m.slowdown_ppm, x),
                EffectDef::ErrorRate(p) => m.error_ppm = not(scale(not(m.error_ppm), not(p))),
                EffectDef::Crash => m.down = true,
                EffectDef::SlowLeak(per_min) => {
                    let lost = mul_div(per_min, elapsed, 60).min(950_000);
                    m.remaining_ppm = scale(m.remaining_ppm, not(lost));
                }
                EffectDef::Partition(other) => {
                    for (e, dep) in sc.deps.iter().enumerate() {
                        let (a, b) = (dep.from, dep.to);
                        if (a == def.target && b == other) || (a == other && b == def.target) {
                            state.partitioned[e] = true;
                        }
                    }
                }
                EffectDef::CertificateExpired => m.tls_fail = true,
                EffectDef::BadDeploy {
                    errors_ppm,
                    latency_us,
                } => {
                    m.error_ppm = not(scale(not(m.error_ppm), not(errors_ppm)));
                    m.added_us += latency_us;
                }
                EffectDef::TrafficSurge(x) => m.surge_ppm = scale(m.surge_ppm, x),
                EffectDef::PoolShrink(p) => m.pool_ppm = scale(m.pool_ppm, not(p)),
                EffectDef::ColdCache => m.cold_cache = true,
                EffectDef::ShiftGauge {
                    metric,
                    by_milli,
                    over,
                } => {
                    let done = if over == 0 {
                        PPM
                    } else {
                        mul_div(elapsed.min(over), PPM, over)
                    };
                    let shift = by_milli as i128 * done as i128 / PPM as i128;
                    if let Some(g) = state.gauges[metric].as_mut() {
                        *g = g.saturating_add(shift as i64);
                    }
                }
            }
        }
    }
}

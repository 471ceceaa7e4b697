//! Faults: when each starts and ends, and what the active ones do to their targets this tick.

use bevy::prelude::*;

use super::conditions::{CondEnv, CondState, eval};
use super::log::{Cause, EventLog, Truth};
use super::math::{PPM, mul_div, not, scale};
use super::rng::SimRng;
use super::state::{FaultState, FlowState, ServiceMods, Status};
use super::{SimClock, SimScenario, SimSet, SimTick};
use crate::scenario::Scenario;
use crate::scenario::compiled::{EffectDef, EventKey, FaultIx, MetricKind};

/// Starts a fault if it has not started yet. Faults start at most once.
pub fn start_fault(
    sc: &Scenario,
    f: FaultIx,
    tick: u64,
    cause: Cause,
    faults: &mut FaultState,
    status: &mut Status,
    log: &mut EventLog,
) {
    if faults.runs[f].started.is_some() {
        return;
    }
    faults.runs[f].started = Some(tick);
    status.fault_active[f] = true;
    status.happen(EventKey::Fault(f), tick);
    let def = &sc.faults[f];
    log.truth(
        tick,
        Truth::FaultStarted {
            fault: def.id.clone(),
            target: sc.services[def.target].id.clone(),
            title: def.title.clone(),
            cause,
        },
    );
}

/// Ends an active fault.
pub fn end_fault(
    sc: &Scenario,
    f: FaultIx,
    tick: u64,
    cause: Cause,
    faults: &mut FaultState,
    status: &mut Status,
    log: &mut EventLog,
) {
    if !faults.runs[f].active() {
        return;
    }
    faults.runs[f].ended = Some(tick);
    status.fault_active[f] = false;
    status.happen(EventKey::FaultEnd(f), tick);
    log.truth(
        tick,
        Truth::FaultEnded {
            fault: sc.faults[f].id.clone(),
            cause,
        },
    );
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(SimTick, update.in_set(SimSet::Faults));
}

#[allow(clippy::too_many_arguments)]
fn update(
    scenario: Res<SimScenario>,
    clock: Res<SimClock>,
    flow: Res<FlowState>,
    mut faults: ResMut<FaultState>,
    mut status: ResMut<Status>,
    mut conds: ResMut<CondState>,
    mut rng: ResMut<SimRng>,
    mut log: ResMut<EventLog>,
) {
    let sc = &**scenario;
    let tick = clock.tick;
    // Decide first, against one consistent board; then apply in fault order.
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    {
        let env = CondEnv {
            tick,
            status: &status,
            flow: &flow,
        };
        for (f, def) in sc.faults.iter().enumerate() {
            let run = faults.runs[f];
            let manual = std::mem::take(&mut faults.manual[f]);
            if run.active() {
                let started = run.started.unwrap_or(tick);
                if def.ends_after.is_some_and(|d| tick >= started + d) {
                    ends.push((f, Cause::Expired));
                } else if let Some(when) = &def.ends_when
                    && eval(when, &env, &mut conds, &mut rng.chance, false)
                {
                    ends.push((f, Cause::Condition));
                }
            } else if run.started.is_none()
                && eval(&def.trigger, &env, &mut conds, &mut rng.chance, manual)
            {
                let cause = if manual {
                    Cause::Facilitator
                } else {
                    Cause::Trigger
                };
                starts.push((f, cause));
            }
        }
    }
    for (f, cause) in ends {
        end_fault(sc, f, tick, cause, &mut faults, &mut status, &mut log);
    }
    for (f, cause) in starts {
        start_fault(sc, f, tick, cause, &mut faults, &mut status, &mut log);
    }
    apply_effects(sc, tick, &mut faults);
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

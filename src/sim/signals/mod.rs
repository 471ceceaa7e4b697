//! Signals: dashboards (noisy samples of each visible service's metrics), log lines, alerts,
//! customer tickets and injects, each delivered only to the roles allowed to see it. Every signal
//! is a function of the simulation state through its condition.

mod render;

pub use render::{format_metric, render_text};

use bevy::prelude::*;

use super::log::{Observation, Truth};
use super::rng::below;
use super::state::{Knowledge, RoleSet, Sighting, SignalState};
use super::tick::Tick;
use super::{SimSet, SimTick};
use crate::scenario::compiled::{EventKey, RoleIx};
use crate::scenario::model::{AlertSeverity, Milestone};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        SimTick,
        (dashboards, logs_and_tickets, alerts, injects)
            .chain()
            .in_set(SimSet::Signals),
    );
}

/// Samples every watched service's metrics each scrape interval, with seeded noise, and records
/// ground-truth impact at the same cadence.
fn dashboards(mut tick: Tick) {
    let sc = tick.scenario();
    if !tick.now().is_multiple_of(sc.scrape_interval) {
        return;
    }
    let ppm = tick.flow.impact_ppm;
    tick.truth(Truth::Impact { ppm });
    for (s, service) in sc.services.iter().enumerate() {
        let viewers = RoleSet::of(sc.dashboard_viewers(s));
        if viewers.is_empty() {
            continue;
        }
        let (flow, rng) = (&tick.flow, &mut tick.rng);
        let values = sc.metrics.by_service[s]
            .iter()
            .map(|&m| noisy(flow.metric_value(m), sc.noise_ppm, &mut rng.noise))
            .collect();
        tick.observe(
            viewers,
            Observation::Metrics {
                service: service.id.clone(),
                values,
            },
        );
    }
}

/// Multiplies by a uniform draw in [1 - noise, 1 + noise].
fn noisy(v: i64, noise_ppm: u64, rng: &mut rand_chacha::ChaCha8Rng) -> i64 {
    let u = below(rng, 2_000_001) as i128 - 1_000_000;
    let delta = v as i128 * noise_ppm as i128 * u / 1_000_000_000_000;
    (v as i128 + delta).clamp(0, i64::MAX as i128) as i64
}

fn logs_and_tickets(
    mut tick: Tick,
    mut state: ResMut<SignalState>,
    mut knowledge: ResMut<Knowledge>,
) {
    let sc = tick.scenario();
    let now = tick.now();
    for (l, rule) in sc.logs.iter().enumerate() {
        if !due(&mut state.log_last[l], rule.every, now, || {
            tick.holds(&rule.when, false)
        }) {
            continue;
        }
        let readers = RoleSet::of(sc.log_readers(rule.service));
        knowledge.sightings.push((Sighting::Log(l), readers));
        let text = render_text(&rule.text, &tick.flow);
        tick.observe(
            readers,
            Observation::Log {
                service: sc.services[rule.service].id.clone(),
                level: rule.level,
                text,
            },
        );
    }
    for (t, rule) in sc.tickets.iter().enumerate() {
        if !due(&mut state.ticket_last[t], rule.every, now, || {
            tick.holds(&rule.when, false)
        }) {
            continue;
        }
        let to = RoleSet::of(rule.route.iter().copied());
        knowledge.sightings.push((Sighting::Ticket(t), to));
        let text = render_text(&rule.text, &tick.flow);
        tick.observe(
            to,
            Observation::Ticket {
                from: rule.from.clone(),
                text,
            },
        );
    }
}

/// A repeating signal is emitted when its condition starts holding, then every `every` while it
/// holds. The condition is evaluated every tick so its timers stay in step.
fn due(last: &mut Option<u64>, every: u64, tick: u64, holds: impl FnOnce() -> bool) -> bool {
    if !holds() {
        *last = None;
        return false;
    }
    match *last {
        Some(t) if tick < t + every => false,
        _ => {
            *last = Some(tick);
            true
        }
    }
}

fn alerts(mut tick: Tick, mut state: ResMut<SignalState>, mut knowledge: ResMut<Knowledge>) {
    let sc = tick.scenario();
    let now = tick.now();
    let holding: Vec<bool> = sc
        .alerts
        .iter()
        .map(|a| tick.holds(&a.when, false))
        .collect();
    for (a, def) in sc.alerts.iter().enumerate() {
        let run = &mut state.alerts[a];
        let to = RoleSet::of(def.route.iter().copied());
        if holding[a] {
            let since = *run.holding_since.get_or_insert(now);
            if run.firing_since.is_none() && now - since >= def.hold {
                run.firing_since = Some(now);
                run.acked_by = None;
                tick.status.alert_firing[a] = true;
                tick.status.happen(EventKey::Alert(a), now);
                knowledge.sightings.push((Sighting::Alert(a), to));
                tick.observe(
                    to,
                    Observation::AlertFired {
                        alert: def.id.clone(),
                        title: def.title.clone(),
                        severity: def.severity,
                        runbook: def.runbook.clone(),
                    },
                );
                // Informational alerts do not count as detecting an incident.
                if !to.is_empty() && def.severity != AlertSeverity::Info {
                    tick.reach(Milestone::Detected);
                }
            }
        } else {
            run.holding_since = None;
            if run.firing_since.take().is_some() {
                tick.status.alert_firing[a] = false;
                tick.observe(
                    to,
                    Observation::AlertResolved {
                        alert: def.id.clone(),
                    },
                );
            }
        }
    }
}

/// Acknowledges a firing alert routed to the role.
pub fn acknowledge(
    tick: &mut Tick,
    role: RoleIx,
    alert: usize,
    state: &mut SignalState,
) -> Result<(), String> {
    let sc = tick.scenario();
    let def = &sc.alerts[alert];
    if !def.route.contains(&role) {
        return Err(format!("the alert “{}” is not routed to you", def.title));
    }
    let run = &mut state.alerts[alert];
    if run.firing_since.is_none() {
        return Err(format!("the alert “{}” is not firing", def.title));
    }
    if run.acked_by.is_some() {
        return Err(format!("the alert “{}” is already acknowledged", def.title));
    }
    run.acked_by = Some(role);
    tick.observe(
        RoleSet::of(def.route.iter().copied()),
        Observation::AlertAcked {
            alert: def.id.clone(),
            by: sc.roles[role].id.clone(),
        },
    );
    tick.reach(Milestone::Acknowledged);
    Ok(())
}

fn injects(mut tick: Tick, mut state: ResMut<SignalState>, mut knowledge: ResMut<Knowledge>) {
    let sc = tick.scenario();
    let now = tick.now();
    let mut publish = Vec::new();
    for (i, def) in sc.injects.iter().enumerate() {
        let run = &mut state.injects[i];
        if run.published.is_some() || run.skipped {
            continue;
        }
        let manual = std::mem::take(&mut run.requested);
        // "Publish now" publishes whatever the trigger; the trigger is still evaluated so its
        // remembered state stays the same as in a run without the request.
        if tick.holds(&def.trigger, manual) || manual {
            publish.push(i);
        }
    }
    for i in publish {
        let def = &sc.injects[i];
        state.injects[i].published = Some(now);
        tick.status.published[i] = true;
        tick.status.happen(EventKey::Inject(i), now);
        let to = if def.to.is_empty() {
            RoleSet::all(sc.roles.len())
        } else {
            RoleSet::of(def.to.iter().copied())
        };
        knowledge.sightings.push((Sighting::Inject(i), to));
        tick.observe(
            to,
            Observation::Inject {
                inject: def.id.clone(),
                from: def.from.clone(),
                channel: def.channel,
                text: def.text.clone(),
            },
        );
    }
}

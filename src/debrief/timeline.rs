//! Milestones, the durations between them, and the chart data: the impact curve, fault bands
//! and markers.

use std::collections::BTreeMap;

use super::model::*;
use super::text::{action_title, role_title};
use crate::scenario::Scenario;
use crate::scenario::compiled::ActionEffectDef;
use crate::scenario::model::{AlertSeverity, HypothesisKind, LogLevel, Milestone};
use crate::sim::log::{Cause, Event, EventBody, HypothesisChange, Observation, Truth};

pub(super) fn build(d: &mut Debrief, sc: &Scenario, events: &[Event]) {
    let found = milestones(sc, events);
    d.milestones = MilestoneKind::ALL
        .iter()
        .map(|&kind| {
            found.get(&kind).cloned().unwrap_or(MilestoneEntry {
                kind,
                tick: None,
                detail: None,
                role: None,
            })
        })
        .collect();
    // Read as a timeline: in the order they happened (a stable sort keeps the usual order for
    // ties), those not reached at the end.
    d.milestones.sort_by_key(|m| m.tick.unwrap_or(u64::MAX));
    d.durations = durations(&d.milestones);
    d.timeline.impact = events
        .iter()
        .filter_map(|e| match e.body {
            EventBody::Truth(Truth::Impact { ppm }) => Some(ImpactPoint { tick: e.tick, ppm }),
            _ => None,
        })
        .collect();
    d.timeline.faults = fault_bands(sc, events);
    d.timeline.markers = markers(sc, events, &d.milestones);
}

fn milestones(sc: &Scenario, events: &[Event]) -> BTreeMap<MilestoneKind, MilestoneEntry> {
    let mut found: BTreeMap<MilestoneKind, MilestoneEntry> = BTreeMap::new();
    let mut note = |kind, tick, detail: Option<String>, role: Option<String>| {
        found.entry(kind).or_insert(MilestoneEntry {
            kind,
            tick: Some(tick),
            detail,
            role,
        });
    };
    for (i, e) in events.iter().enumerate() {
        match &e.body {
            EventBody::Truth(Truth::Milestone { milestone }) => {
                let kind = match milestone {
                    Milestone::ImpactStarted => MilestoneKind::ImpactStarted,
                    Milestone::Detected => MilestoneKind::FirstAlert,
                    Milestone::Acknowledged => MilestoneKind::FirstAcknowledgement,
                    Milestone::Diagnosed => MilestoneKind::Diagnosed,
                    Milestone::Mitigated => MilestoneKind::Mitigated,
                    Milestone::Resolved => MilestoneKind::Resolved,
                    Milestone::Communicated => MilestoneKind::FirstCommunication,
                };
                let (detail, role) = milestone_detail(sc, events, i, *milestone);
                note(kind, e.tick, detail, role);
            }
            EventBody::Seen { to, what } if !to.is_empty() => {
                if let Some(detail) = symptom(what) {
                    note(
                        MilestoneKind::FirstSignal,
                        e.tick,
                        Some(detail),
                        Some(to[0].to_string()),
                    );
                }
                if let Observation::Hypothesis {
                    hypothesis,
                    statement,
                    by,
                    change,
                } = what
                    && *change != HypothesisChange::Discarded
                {
                    let detail = Some(statement.clone());
                    let role = Some(by.to_string());
                    note(
                        MilestoneKind::FirstHypothesis,
                        e.tick,
                        detail.clone(),
                        role.clone(),
                    );
                    let root = sc
                        .hypothesis_ix(hypothesis)
                        .is_some_and(|h| sc.hypotheses[h].kind == HypothesisKind::RootCause);
                    if root {
                        note(MilestoneKind::FirstCorrectHypothesis, e.tick, detail, role);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// A symptom shown to someone: a warning or error log line, a non-informational alert, a ticket.
fn symptom(what: &Observation) -> Option<String> {
    match what {
        Observation::Log {
            service,
            level,
            text,
        } if *level >= LogLevel::Warn => Some(format!("{service} log: {text}")),
        Observation::AlertFired {
            title, severity, ..
        } if *severity != AlertSeverity::Info => Some(format!("alert: {title}")),
        Observation::Ticket { from, text } => Some(format!("ticket from {from}: {text}")),
        _ => None,
    }
}

/// What a core milestone was, from the events of its tick up to it.
fn milestone_detail(
    sc: &Scenario,
    events: &[Event],
    at: usize,
    m: Milestone,
) -> (Option<String>, Option<String>) {
    // The event that reached it is logged in the same tick, before or (an action's completion)
    // just after the milestone.
    let tick = events[at].tick;
    let lo = events[..at].partition_point(|e| e.tick < tick);
    let hi = at + events[at..].partition_point(|e| e.tick <= tick);
    for e in events[lo..hi].iter() {
        let EventBody::Seen { to, what } = &e.body else {
            if let (Milestone::Mitigated, EventBody::Truth(Truth::FaultEnded { fault, cause })) =
                (m, &e.body)
            {
                return (
                    Some(format!("{fault} ended: {}", cause_text(sc, cause))),
                    None,
                );
            }
            continue;
        };
        match (m, what) {
            (
                Milestone::Detected,
                Observation::AlertFired {
                    title, severity, ..
                },
            ) if *severity != AlertSeverity::Info && !to.is_empty() => {
                return (Some(title.clone()), to.first().map(|r| r.to_string()));
            }
            (Milestone::Acknowledged, Observation::AlertAcked { alert, by }) => {
                let title = sc
                    .alert_ix(alert)
                    .map_or(alert.to_string(), |a| sc.alerts[a].title.clone());
                return (Some(title), Some(by.to_string()));
            }
            (
                Milestone::Diagnosed,
                Observation::Hypothesis {
                    statement,
                    by,
                    change: HypothesisChange::Confirmed,
                    ..
                },
            ) => return (Some(statement.clone()), Some(by.to_string())),
            (Milestone::Communicated, Observation::ActionCompleted { action, by, result }) => {
                let updates = sc.action_ix(action).is_some_and(|a| {
                    sc.actions[a]
                        .effects
                        .iter()
                        .any(|e| matches!(e, ActionEffectDef::StatusUpdate))
                });
                if updates {
                    return (result.clone(), Some(by.to_string()));
                }
            }
            _ => {}
        }
    }
    (None, None)
}

pub(super) fn cause_text(sc: &Scenario, cause: &Cause) -> String {
    match cause {
        Cause::Trigger => "its trigger".into(),
        Cause::Facilitator => "the facilitator".into(),
        Cause::Action { action, by } => {
            format!("“{}” by {}", action_title(sc, action), role_title(sc, by))
        }
        Cause::Expired => "it ran its course".into(),
        Cause::Condition => "its end condition".into(),
    }
}

fn durations(ms: &[MilestoneEntry]) -> Vec<DurationEntry> {
    use MilestoneKind::*;
    let at = |k: MilestoneKind| ms.iter().find(|m| m.kind == k).and_then(|m| m.tick);
    [
        ("time to detect", ImpactStarted, FirstAlert),
        ("time to acknowledge", FirstAlert, FirstAcknowledgement),
        ("time to diagnose", ImpactStarted, Diagnosed),
        ("time to mitigate", ImpactStarted, Mitigated),
        ("time to resolve", ImpactStarted, Resolved),
        (
            "time to first external communication",
            ImpactStarted,
            FirstCommunication,
        ),
    ]
    .into_iter()
    .map(|(label, from, to)| DurationEntry {
        label: label.into(),
        from,
        to,
        seconds: at(from).zip(at(to)).map(|(a, b)| b as i64 - a as i64),
    })
    .collect()
}

fn fault_bands(sc: &Scenario, events: &[Event]) -> Vec<FaultBand> {
    let mut bands: Vec<FaultBand> = Vec::new();
    for e in events {
        match &e.body {
            EventBody::Truth(Truth::FaultStarted {
                fault,
                target,
                title,
                cause,
            }) => bands.push(FaultBand {
                fault: fault.to_string(),
                title: title.clone(),
                target: target.to_string(),
                start: e.tick,
                end: None,
                started_by: cause_text(sc, cause),
                ended_by: None,
            }),
            EventBody::Truth(Truth::FaultEnded { fault, cause }) => {
                if let Some(b) = bands
                    .iter_mut()
                    .rev()
                    .find(|b| *b.fault == **fault && b.end.is_none())
                {
                    b.end = Some(e.tick);
                    b.ended_by = Some(cause_text(sc, cause));
                }
            }
            _ => {}
        }
    }
    bands
}

fn markers(sc: &Scenario, events: &[Event], ms: &[MilestoneEntry]) -> Vec<Marker> {
    let mut out: Vec<Marker> = ms
        .iter()
        .filter_map(|m| {
            Some(Marker {
                tick: m.tick?,
                kind: MarkerKind::Milestone,
                label: m.kind.label().into(),
                detail: m.detail.clone(),
                red_herring: false,
            })
        })
        .collect();
    for e in events {
        let EventBody::Seen { what, .. } = &e.body else {
            continue;
        };
        match what {
            Observation::Inject {
                inject, from, text, ..
            } => out.push(Marker {
                tick: e.tick,
                kind: MarkerKind::Inject,
                label: from.clone(),
                detail: Some(text.clone()),
                red_herring: sc
                    .inject_ix(inject)
                    .is_some_and(|i| sc.injects[i].red_herring),
            }),
            Observation::ActionCompleted { action, by, .. } => out.push(Marker {
                tick: e.tick,
                kind: MarkerKind::Action,
                label: sc
                    .action_ix(action)
                    .map_or(action.to_string(), |a| sc.actions[a].title.clone()),
                detail: Some(format!("by {by}")),
                red_herring: false,
            }),
            _ => {}
        }
    }
    out.sort_by_key(|m| m.tick);
    out
}

//! Who knows what. Roles learn facts first-hand (what they see, what their actions reveal, their
//! knowledge cards) or from each other (sharing). Hypotheses are proposed, supported, discarded and
//! confirmed here; a role can only confirm what the facts it holds establish.

mod hypotheses;

pub use hypotheses::{bears_on, hypothesis_command, open_to, refusal};

use bevy::prelude::*;

use super::log::{Observation, Truth, Via};
use super::state::{ActionState, Knowledge, RoleSet, Sighting};
use super::tick::Tick;
use super::{SimSet, SimTick};
use crate::scenario::Scenario;
use crate::scenario::compiled::{CondExpr, EventKey, FactIx, RoleIx, ServiceIx, SourceDef};

/// Teaches a role a fact, once, and puts the hypotheses it bears on on the role's table.
pub fn learn(tick: &mut Tick, role: RoleIx, fact: FactIx, via: Via, offered: &mut [RoleSet]) {
    if tick.status.known[fact].contains(role) {
        return;
    }
    let (sc, now) = (tick.scenario(), tick.now());
    let status = &mut tick.status;
    status.known[fact].insert(role);
    status.last_progress = now;
    status.happen(EventKey::Fact(fact), now);
    let def = &sc.facts[fact];
    tick.observe(
        RoleSet::single(role),
        Observation::FactLearned {
            fact: def.id.clone(),
            text: def.text.clone(),
            via,
        },
    );
    for h in bears_on(&sc, fact) {
        if !offered[h].contains(role) {
            offered[h].insert(role);
            let def = &sc.hypotheses[h];
            tick.observe(
                RoleSet::single(role),
                Observation::HypothesisOffered {
                    hypothesis: def.id.clone(),
                    statement: def.statement.clone(),
                },
            );
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(SimTick, (cards, observe).chain().in_set(SimSet::Knowledge));
}

/// Knowledge cards are learnt on the first tick.
fn cards(mut tick: Tick, mut knowledge: ResMut<Knowledge>) {
    if tick.now() != 0 {
        return;
    }
    let sc = tick.scenario();
    for (r, role) in sc.roles.iter().enumerate() {
        for &f in &role.knows {
            learn(&mut tick, r, f, Via::Card, &mut knowledge.offered);
        }
    }
    // Cards are not progress on the diagnosis.
    tick.status.last_progress = 0;
}

fn observe(mut tick: Tick, mut actions: ResMut<ActionState>, mut knowledge: ResMut<Knowledge>) {
    let sc = tick.scenario();
    let sc = &*sc;
    let sightings = std::mem::take(&mut knowledge.sightings);
    let completed = std::mem::take(&mut actions.completed_now);
    let mut lessons: Vec<(RoleIx, FactIx, Via)> = Vec::new();
    // What first-hand sources offer, looked at or not: a dashboard shows a fact to everyone who
    // has it, though only the roles watching it learn.
    let mut offers: Vec<(RoleIx, FactIx, Via)> = Vec::new();
    for (f, fact) in sc.facts.iter().enumerate() {
        if knowledge.destroyed[f] {
            continue;
        }
        for source in &fact.sources {
            match source {
                SourceDef::Log(_)
                | SourceDef::Alert(_)
                | SourceDef::Ticket(_)
                | SourceDef::Inject(_) => {
                    for (seen, roles) in &sightings {
                        if let Some(via) = matches_sighting(sc, source, *seen) {
                            offers.extend(roles.iter().map(|r| (r, f, via.clone())));
                            lessons.extend(roles.iter().map(|r| (r, f, via.clone())));
                        }
                    }
                }
                SourceDef::Inspect { service, when } => {
                    let charts = evidence_charts(sc, *service, when.as_ref());
                    let watchers: Vec<RoleIx> = (0..sc.roles.len())
                        .filter(|&r| knowledge.focus[r] == Some(*service))
                        .filter(|&r| match &knowledge.watching[r] {
                            None => true,
                            Some(v) => v.iter().any(|m| charts.contains(m)),
                        })
                        .collect();
                    // Evaluated every tick, watched or not, so timers stay in step.
                    let holds = when.as_ref().is_none_or(|c| tick.holds(c, false));
                    if holds {
                        let shown =
                            Via::Observed(format!("the {} dashboard", sc.services[*service].id));
                        offers.extend(
                            sc.dashboard_viewers(*service)
                                .map(|r| (r, f, shown.clone())),
                        );
                        let via = Via::Observed(format!(
                            "watching the {} dashboard",
                            sc.services[*service].id
                        ));
                        lessons.extend(watchers.into_iter().map(|r| (r, f, via.clone())));
                    }
                }
                SourceDef::Action { action, when } => {
                    let takers: Vec<RoleIx> = completed
                        .iter()
                        .filter(|(a, _)| a == action)
                        .map(|&(_, r)| r)
                        .collect();
                    if takers.is_empty() {
                        continue;
                    }
                    let holds = when.as_ref().is_none_or(|c| tick.holds(c, false));
                    if holds {
                        let via = Via::Action(sc.actions[*action].id.clone());
                        offers.extend(takers.iter().map(|&r| (r, f, via.clone())));
                        lessons.extend(takers.into_iter().map(|r| (r, f, via.clone())));
                    }
                }
            }
        }
    }
    for (r, f, via) in offers {
        if !knowledge.available[f].contains(r) {
            knowledge.available[f].insert(r);
            tick.truth(Truth::FactAvailable {
                fact: sc.facts[f].id.clone(),
                role: sc.roles[r].id.clone(),
                via,
            });
        }
    }
    for (r, f, via) in lessons {
        learn(&mut tick, r, f, via, &mut knowledge.offered);
    }
}

/// The charts that show a dashboard fact's evidence: the service's metrics its condition tests,
/// or (a condition on anything else) every chart of the service.
fn evidence_charts(sc: &Scenario, service: ServiceIx, when: Option<&CondExpr>) -> Vec<usize> {
    let own = &sc.metrics.by_service[service];
    let mut tested = Vec::new();
    if let Some(c) = when {
        c.visit(&mut |c| {
            if let CondExpr::Above { metric, .. } | CondExpr::Below { metric, .. } = c
                && own.contains(metric)
                && !tested.contains(metric)
            {
                tested.push(*metric);
            }
        });
    }
    if tested.is_empty() {
        own.clone()
    } else {
        tested
    }
}

/// A role reports which of its dashboard charts are in view (`service/metric` each).
pub fn watch(
    sc: &Scenario,
    role: RoleIx,
    charts: &[crate::scenario::compiled::Name],
    knowledge: &mut Knowledge,
) -> Result<(), String> {
    let mut seen = Vec::new();
    for chart in charts {
        let found = chart.split_once('/').and_then(|(s, m)| {
            let s = sc.service_ix(s)?;
            let m = sc.metrics.find(s, m)?;
            sc.roles[role].dashboards.contains(&s).then_some(m)
        });
        match found {
            Some(m) if !seen.contains(&m) => seen.push(m),
            Some(_) => {}
            None => {
                return Err(format!(
                    "`{chart}` is not a chart on your dashboards (write `service/metric`)"
                ));
            }
        }
    }
    knowledge.watching[role] = Some(seen);
    Ok(())
}

fn matches_sighting(sc: &Scenario, source: &SourceDef, seen: Sighting) -> Option<Via> {
    let what = match (source, seen) {
        (SourceDef::Log(a), Sighting::Log(b)) if *a == b => {
            format!("the {} logs", sc.services[sc.logs[b].service].id)
        }
        (SourceDef::Alert(a), Sighting::Alert(b)) if *a == b => {
            format!("the alert “{}”", sc.alerts[b].title)
        }
        (SourceDef::Ticket(a), Sighting::Ticket(b)) if *a == b => {
            format!("a ticket from {}", sc.tickets[b].from)
        }
        (SourceDef::Inject(a), Sighting::Inject(b)) if *a == b => {
            format!("a message from {}", sc.injects[b].from)
        }
        _ => return None,
    };
    Some(Via::Observed(what))
}

/// A role points its attention at a service's dashboard.
pub fn inspect(
    tick: &mut Tick,
    role: RoleIx,
    service: ServiceIx,
    knowledge: &mut Knowledge,
) -> Result<(), String> {
    let sc = tick.scenario();
    if !sc.roles[role].dashboards.contains(&service) {
        return Err(format!(
            "you have no dashboard for {}; ask a role that does",
            sc.services[service].id
        ));
    }
    knowledge.focus[role] = Some(service);
    tick.observe(
        RoleSet::single(role),
        Observation::Inspecting {
            by: sc.roles[role].id.clone(),
            service: sc.services[service].id.clone(),
        },
    );
    Ok(())
}

/// A role shares a fact it knows with one role or the whole channel.
pub fn share(
    tick: &mut Tick,
    from: RoleIx,
    fact: FactIx,
    to: Option<RoleIx>,
    knowledge: &mut Knowledge,
) -> Result<(), String> {
    if !knowledge.sharing {
        return Err("sharing facts is switched off in this run".into());
    }
    if !tick.status.known[fact].contains(from) {
        return Err("you can only share what you know".into());
    }
    let sc = tick.scenario();
    let def = &sc.facts[fact];
    let audience = match to {
        Some(r) => RoleSet::of([from, r]),
        None => RoleSet::all(sc.roles.len()),
    };
    tick.observe(
        audience,
        Observation::FactShared {
            fact: def.id.clone(),
            text: def.text.clone(),
            from: sc.roles[from].id.clone(),
            to: to.map(|r| sc.roles[r].id.clone()),
        },
    );
    let now = tick.now();
    tick.status.last_progress = now;
    for r in audience.iter().filter(|&r| r != from) {
        let via = Via::SharedBy(sc.roles[from].id.clone());
        learn(tick, r, fact, via, &mut knowledge.offered);
    }
    Ok(())
}

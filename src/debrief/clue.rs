//! What a clue cost. For each key fact that reached the incident commander late (or never) while
//! a teammate held it, the run is forked at the moment that teammate first held it, the fact is
//! shared with the whole channel at once, and bots play every seat from there on. A second fork
//! from the same moment without the share says what the bots alone account for. Both forks are
//! deterministic (the run's seed, the parent's history re-simulated and checked), so the figures
//! are reproducible; they are one simulated alternative, not a verdict on anyone.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::model::*;
use crate::record::RunFile;
use crate::record::fork;
use crate::scenario::Scenario;
use crate::sim::commands::Actor;
use crate::sim::log::Command;
use crate::sim::state::BotRoster;

/// Fills `d.clue_costs`. `scenario` must be the one the run played (`stored_scenario`).
pub fn compute(run: &RunFile, scenario: &Arc<Scenario>, d: &mut Debrief) {
    let diagnosed = d
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::Diagnosed)
        .and_then(|m| m.tick);
    let mut bots_only: BTreeMap<Tick, Option<Tick>> = BTreeMap::new();
    let mut costs = Vec::new();
    for j in d.knowledge.iter().filter(|j| j.key) {
        let (Some(held), Some(reach)) = (&j.first_seen, &j.to_commander) else {
            continue;
        };
        // Late: someone else held it before the commander did (or the commander never did).
        if reach.learnt.is_some_and(|t| t <= held.tick) {
            continue;
        }
        // A diagnosis made before anyone held the fact owes nothing to it.
        if diagnosed.is_some_and(|t| t <= held.tick) {
            continue;
        }
        // The role learns it during the tick; the share can be its first command the tick after.
        let at = held.tick + 1;
        let Some(shared) = play_on(
            run,
            scenario,
            at,
            Some((held.role.as_str(), j.fact.as_str())),
        ) else {
            continue;
        };
        let bots = *bots_only
            .entry(at)
            .or_insert_with(|| play_on(run, scenario, at, None).flatten());
        costs.push(ClueCost {
            fact: j.fact.clone(),
            text: j.text.clone(),
            held: held.clone(),
            reached_commander: reach.learnt,
            fork_at: at,
            run_diagnosed: diagnosed,
            shared_diagnosed: shared,
            bots_diagnosed: bots,
            earlier_by: match (diagnosed, shared) {
                (Some(a), Some(b)) => Some(a as i64 - b as i64),
                _ => None,
            },
        });
    }
    d.clue_costs = costs;
}

/// Forks `run` at `at`, hands every seat to a bot, optionally has `share.0` share fact `share.1`
/// with the channel at once, and plays to the end. `None` if the run cannot be forked there (it
/// ended or its record stops before, or it does not reproduce); else the tick of the diagnosis.
fn play_on(
    run: &RunFile,
    scenario: &Arc<Scenario>,
    at: Tick,
    share: Option<(&str, &str)>,
) -> Option<Option<Tick>> {
    let mut f = fork::start::<std::io::Sink>(run, "", scenario.clone(), at, None).ok()?;
    let sim = &mut f.sim;
    if sim.ended().is_some() {
        return None;
    }
    let roles = scenario.roles.len();
    {
        let mut roster = sim.world_mut().resource_mut::<BotRoster>();
        for r in 0..roles {
            roster.set(r, true);
        }
    }
    if let Some((role, fact)) = share {
        let r = scenario.role_ix(role)?;
        sim.queue(
            at,
            Actor::Role(r),
            Command::Share {
                fact: fact.into(),
                to: None,
            },
        );
    }
    sim.run_to_end();
    // The same rule as the run's own milestone, so the two figures compare like with like.
    let info = super::LogInfo {
        length: sim.tick(),
        complete: true,
        forked_from: None,
    };
    let fork = super::build(scenario, sim.log().events(), &info);
    Some(
        fork.milestones
            .iter()
            .find(|m| m.kind == MilestoneKind::Diagnosed)
            .and_then(|m| m.tick),
    )
}

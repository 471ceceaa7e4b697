//! One rehearsal run: an all-bot team plays a scenario with one seed, and what happened is boiled
//! down to the few facts the report needs.

use std::sync::Arc;

use crate::scenario::Scenario;
use crate::scenario::model::Milestone;
use crate::sim::bots::BotPublic;
use crate::sim::bots::audit;
use crate::sim::log::{Cause, EventBody, HypothesisChange, Observation, Truth, Via};
use crate::sim::state::{RoleSet, Status};
use crate::sim::{RunOptions, Sim};

/// What one run showed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    pub seed: u64,
    pub sharing: bool,
    pub resolved: bool,
    pub impact_started: Option<u64>,
    pub diagnosed: Option<u64>,
    pub mitigated: Option<u64>,
    pub resolved_at: Option<u64>,
    /// Per fact: roles that learnt it first-hand (seen, acted, card), not by being told.
    pub first_hand: Vec<RoleSet>,
    pub fault_started: Vec<bool>,
    pub fault_ended: Vec<bool>,
    /// Per fault: ended by an action the team took (not by running its course).
    pub fault_mitigated: Vec<bool>,
    /// Per action: completed at least once.
    pub action_done: Vec<bool>,
    pub alert_fired: Vec<bool>,
    pub inject_published: Vec<bool>,
    /// Per hypothesis: confirmed at some point.
    pub confirmed: Vec<bool>,
    /// Per hint: tiers shown.
    pub hint_tiers: Vec<usize>,
    /// Bot commands not backed by the bot's feed (should never happen).
    pub boundary: Vec<String>,
}

/// Plays the scenario to the end with a bot in every role.
pub fn run_once(sc: &Arc<Scenario>, seed: u64, sharing: bool) -> RunStats {
    let mut options = RunOptions::new(seed);
    options.sharing = sharing;
    options.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
    let mut sim = Sim::new(sc.clone(), &options);
    let outcome = sim.run_to_end();
    let world = sim.world();
    let status = world.resource::<Status>();
    let reached = |m| {
        outcome
            .milestones
            .iter()
            .find(|(x, _)| *x == m)
            .map(|x| x.1)
    };
    let mut stats = RunStats {
        seed,
        sharing,
        resolved: outcome.end.resolved,
        impact_started: reached(Milestone::ImpactStarted),
        diagnosed: reached(Milestone::Diagnosed),
        mitigated: reached(Milestone::Mitigated),
        resolved_at: reached(Milestone::Resolved),
        first_hand: vec![RoleSet::default(); sc.facts.len()],
        fault_started: vec![false; sc.faults.len()],
        fault_ended: vec![false; sc.faults.len()],
        fault_mitigated: vec![false; sc.faults.len()],
        action_done: status.action_done.iter().map(|&n| n > 0).collect(),
        alert_fired: vec![false; sc.alerts.len()],
        inject_published: status.published.clone(),
        confirmed: vec![false; sc.hypotheses.len()],
        hint_tiers: vec![0; sc.hints.len()],
        boundary: Vec::new(),
    };
    let log = sim.log();
    for event in log.events() {
        match &event.body {
            EventBody::Truth(Truth::FaultStarted { fault, .. }) => {
                if let Some(f) = sc.fault_ix(fault) {
                    stats.fault_started[f] = true;
                }
            }
            EventBody::Truth(Truth::FaultEnded { fault, cause }) => {
                // A fault that simply ran its course was not mitigated by the team, but it ended.
                if let Some(f) = sc.fault_ix(fault) {
                    stats.fault_ended[f] |= !matches!(cause, Cause::Facilitator);
                    stats.fault_mitigated[f] |= matches!(cause, Cause::Action { .. });
                }
            }
            EventBody::Seen { to, what } => match what {
                Observation::FactLearned { fact, via, .. } if !matches!(via, Via::SharedBy(_)) => {
                    let role = to.first().and_then(|r| sc.role_ix(r));
                    if let (Some(f), Some(r)) = (sc.fact_ix(fact), role) {
                        stats.first_hand[f].insert(r);
                    }
                }
                Observation::AlertFired { alert, .. } => {
                    if let Some(a) = sc.alert_ix(alert) {
                        stats.alert_fired[a] = true;
                    }
                }
                Observation::Hypothesis {
                    hypothesis,
                    change: HypothesisChange::Confirmed,
                    ..
                } => {
                    if let Some(h) = sc.hypothesis_ix(hypothesis) {
                        stats.confirmed[h] = true;
                    }
                }
                Observation::Hint { hint, tier, .. } => {
                    if let Some(h) = sc.hints.iter().position(|x| x.id == *hint) {
                        stats.hint_tiers[h] = stats.hint_tiers[h].max(*tier);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    let public = world.resource::<BotPublic>();
    let bots: Vec<usize> = (0..sc.roles.len()).collect();
    stats.boundary = audit(public, log, &bots);
    stats
}

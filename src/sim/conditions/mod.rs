//! Evaluating the scenario's conditions against the status board and the live metrics.

use bevy::prelude::*;
use rand_chacha::ChaCha8Rng;

use super::SimScenario;
use super::rng;
use super::state::{FlowState, Status};
use crate::scenario::compiled::CondExpr;
use crate::scenario::model::Milestone;

/// Per-run state of the conditions that remember something (how long a `When` has held, whether an
/// instant has already happened, how many completions an `OnAction` has seen).
#[derive(Resource, Debug, Clone, Default)]
pub struct CondState {
    held_since: Vec<Option<u64>>,
    fired: Vec<bool>,
    seen: Vec<u32>,
}

impl CondState {
    pub fn new(slots: usize) -> Self {
        CondState {
            held_since: vec![None; slots],
            fired: vec![false; slots],
            seen: vec![0; slots],
        }
    }

    /// A compact digest for run-file checksums.
    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for (i, s) in self.held_since.iter().enumerate() {
            h.write_u64(s.map_or(u64::MAX, |t| t));
            h.write_u8(self.fired[i] as u8);
            h.write_u32(self.seen[i]);
        }
    }
}

/// What a condition can look at. Built by each system from the resources it holds.
pub struct CondEnv<'a> {
    pub tick: u64,
    pub status: &'a Status,
    pub flow: &'a FlowState,
}

/// Evaluates `expr` at this tick. `manual` says whether the facilitator fired the condition's owner
/// this tick. Every non-random part is evaluated even when the answer is already known, so that
/// instants and `When` timers stay in step; `Chance` is drawn only when it can change the answer.
pub fn eval(
    expr: &CondExpr,
    env: &CondEnv,
    state: &mut CondState,
    rng: &mut ChaCha8Rng,
    manual: bool,
) -> bool {
    let t = env.tick;
    match expr {
        CondExpr::At { at, slot } => instant(state, *slot, t >= *at),
        CondExpr::After { event, delay, slot } => {
            let due = env
                .status
                .happened
                .get(event)
                .is_some_and(|&t0| t >= t0 + delay);
            instant(state, *slot, due)
        }
        CondExpr::When { inner, hold, slot } => {
            if eval(inner, env, state, rng, manual) {
                let since = *state.held_since[*slot].get_or_insert(t);
                t - since >= *hold
            } else {
                state.held_since[*slot] = None;
                false
            }
        }
        CondExpr::OnAction { action, by, slot } => {
            let count = match by {
                Some(r) => env.status.action_done_by[*action][*r],
                None => env.status.action_done[*action],
            };
            let new = count > state.seen[*slot];
            state.seen[*slot] = count;
            new
        }
        CondExpr::Chance { ppm } => rng::chance(rng, *ppm),
        CondExpr::Manual => manual,
        CondExpr::Always => true,
        CondExpr::All(parts) => {
            let mut all = true;
            for p in parts.iter().filter(|p| !p.is_random()) {
                all &= eval(p, env, state, rng, manual);
            }
            for p in parts.iter().filter(|p| p.is_random()) {
                if !all {
                    break;
                }
                all = eval(p, env, state, rng, manual);
            }
            all
        }
        CondExpr::Any(parts) => {
            let mut any = false;
            for p in parts.iter().filter(|p| !p.is_random()) {
                any |= eval(p, env, state, rng, manual);
            }
            for p in parts.iter().filter(|p| p.is_random()) {
                if any {
                    break;
                }
                any = eval(p, env, state, rng, manual);
            }
            any
        }
        CondExpr::Not(inner) => !eval(inner, env, state, rng, manual),
        CondExpr::Above { metric, milli } => env.flow.metric_value(*metric) > *milli,
        CondExpr::Below { metric, milli } => env.flow.metric_value(*metric) < *milli,
        CondExpr::ImpactAbove(ppm) => env.status.impact_ppm > *ppm,
        CondExpr::ImpactBelow(ppm) => env.status.impact_ppm < *ppm,
        CondExpr::FaultActive(f) => env.status.fault_active[*f],
        CondExpr::ActionDone(a) => env.status.action_done[*a] > 0,
        CondExpr::ActionRunning(a) => env.status.action_running[*a] > 0,
        CondExpr::AlertFiring(a) => env.status.alert_firing[*a],
        CondExpr::Known { fact, by } => match by {
            Some(r) => env.status.known[*fact].contains(*r),
            None => !env.status.known[*fact].is_empty(),
        },
        CondExpr::Reached(m) => env.status.milestones.contains_key(m),
        CondExpr::Published(i) => env.status.published[*i],
        // A stall is about the diagnosis: once diagnosed, the team is not stalled on it.
        CondExpr::Stalled(d) => {
            !env.status.milestones.contains_key(&Milestone::Diagnosed)
                && t.saturating_sub(env.status.last_progress) >= *d
        }
    }
}

/// An instant is true on the first evaluation at which its moment has come, and never again.
fn instant(state: &mut CondState, slot: usize, due: bool) -> bool {
    if due && !state.fired[slot] {
        state.fired[slot] = true;
        true
    } else {
        false
    }
}

pub(super) fn plugin(app: &mut App) {
    let slots = app.world().resource::<SimScenario>().cond_slots;
    app.insert_resource(CondState::new(slots));
}

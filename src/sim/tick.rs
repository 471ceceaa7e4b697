//! What every tick system works with, as one system parameter: the scenario, the clock, the status
//! board, the flow model's state, the conditions' memory, the run's random streams and the event
//! log. A system takes a [`Tick`] plus the resources its capability changes.

use std::sync::Arc;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::SimScenario;
use super::clock::SimClock;
use super::conditions::{CondEnv, CondState, eval};
use super::log::{EventLog, Observation, Truth};
use super::rng::SimRng;
use super::state::{FlowState, RoleSet, Status};
use crate::scenario::Scenario;
use crate::scenario::compiled::{CondExpr, EventKey};
use crate::scenario::model::Milestone;

/// The context of one tick, shared by every system of the [`SimTick`](super::SimTick) schedule but
/// the flow step. Conditions are evaluated through it ([`Tick::holds`]) rather than from a context
/// each system builds.
#[derive(SystemParam)]
pub struct Tick<'w> {
    scenario: Res<'w, SimScenario>,
    clock: Res<'w, SimClock>,
    pub status: ResMut<'w, Status>,
    /// Read only: the flow step, the one writer, does not take a `Tick`.
    pub flow: Res<'w, FlowState>,
    conds: ResMut<'w, CondState>,
    pub rng: ResMut<'w, SimRng>,
    pub log: ResMut<'w, EventLog>,
}

impl Tick<'_> {
    /// The scenario. An `Arc`, so a system can read it while it uses the tick mutably.
    pub fn scenario(&self) -> Arc<Scenario> {
        self.scenario.0.clone()
    }

    /// The tick being simulated.
    pub fn now(&self) -> u64 {
        self.clock.tick
    }

    /// Evaluates a condition against the status board and the live metrics (see
    /// [`conditions::eval`](super::conditions::eval); `manual`: the facilitator fired its owner).
    pub fn holds(&mut self, expr: &CondExpr, manual: bool) -> bool {
        let env = CondEnv {
            tick: self.clock.tick,
            status: &self.status,
            flow: &self.flow,
        };
        eval(expr, &env, &mut self.conds, &mut self.rng.chance, manual)
    }

    /// Delivers an observation to a set of roles this tick.
    pub fn observe(&mut self, to: RoleSet, what: Observation) {
        self.log.observe(self.clock.tick, to, what);
    }

    /// Records ground truth this tick.
    pub fn truth(&mut self, truth: Truth) {
        self.log.truth(self.clock.tick, truth);
    }

    /// Records a milestone the first time it is reached.
    pub fn reach(&mut self, m: Milestone) {
        let tick = self.clock.tick;
        if self.status.milestones.contains_key(&m) {
            return;
        }
        self.status.milestones.insert(m, tick);
        self.status.happen(EventKey::Milestone(m), tick);
        self.log.truth(tick, Truth::Milestone { milestone: m });
    }
}

//! The deterministic simulation core: a headless Bevy app that advances one simulated second per
//! tick. Each capability is a plugin adding its systems to one ordered set of the [`SimTick`]
//! schedule; the sets run in the order of [`SimSet`] and never in parallel, so the same scenario,
//! seed and commands always give the same event log.

pub mod actions;
pub mod bots;
pub mod boundary;
pub mod clock;
pub mod commands;
pub mod conditions;
pub mod exercise;
pub mod faults;
pub mod flow;
pub mod knowledge;
pub mod log;
pub mod math;
pub mod rng;
pub mod runner;
pub mod signals;
pub mod state;
pub mod tick;

use std::sync::Arc;

use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings, ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;

use crate::scenario::Scenario;

pub use clock::SimClock;
pub use runner::{RunOptions, RunOutcome, Sim};

/// The schedule that advances the simulation by one tick (one simulated second).
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SimTick;

/// The phases of a tick, in order. Every simulation system belongs to exactly one.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// Apply the commands roles (and the facilitator) submitted for this tick.
    Commands,
    /// Progress running actions and apply the effects of those that complete.
    Actions,
    /// Start and end faults; work out what they do to each service.
    Faults,
    /// Let traffic flow through the topology.
    Flow,
    /// Emit metrics, logs, alerts, tickets and injects to the roles that can see them.
    Signals,
    /// Roles learn facts from what they saw and did.
    Knowledge,
    /// Milestones, hints, resolution and the end of the run.
    Exercise,
    /// Bots read their roles' feeds and decide what to do next tick.
    Bots,
    /// Advance the clock.
    Clock,
}

/// The scenario being run, shared read-only by every system.
#[derive(Resource, Clone)]
pub struct SimScenario(pub Arc<Scenario>);

impl std::ops::Deref for SimScenario {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        &self.0
    }
}

/// Sets up the simulation of one scenario with one seed.
pub struct SimPlugin {
    pub scenario: Arc<Scenario>,
    pub seed: u64,
}

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        let mut schedule = Schedule::new(SimTick);
        // Order is part of the output: a single thread, and any ambiguity is a bug.
        schedule.set_executor(SingleThreadedExecutor::new());
        schedule.set_build_settings(ScheduleBuildSettings {
            ambiguity_detection: LogLevel::Error,
            ..default()
        });
        schedule.configure_sets(
            (
                SimSet::Commands,
                SimSet::Actions,
                SimSet::Faults,
                SimSet::Flow,
                SimSet::Signals,
                SimSet::Knowledge,
                SimSet::Exercise,
                SimSet::Bots,
                SimSet::Clock,
            )
                .chain(),
        );
        app.add_schedule(schedule);
        app.insert_resource(SimScenario(self.scenario.clone()));
        app.add_plugins((
            clock::plugin,
            rng::RngPlugin { seed: self.seed },
            state::plugin,
            log::plugin,
            commands::plugin,
            conditions::plugin,
            actions::plugin,
            faults::plugin,
            flow::plugin,
            signals::plugin,
            knowledge::plugin,
            exercise::plugin,
            bots::plugin,
        ));
    }
}

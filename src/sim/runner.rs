//! Driving the simulation: build the app for a scenario and seed, queue commands, step ticks.
//! Headless runs, tests, replays, rehearsals, the GUI and the network host all go through [`Sim`],
//! the one driver of a running simulation.

use std::sync::Arc;

use bevy::prelude::*;

use super::clock::SimClock;
use super::commands::{Actor, CommandQueue};
use super::conditions::CondState;
use super::log::{Command, EventLog, Truth};
use super::state::{
    BotRoster, Controls, ExerciseState, FaultState, FlowState, Knowledge, RunEnd, SignalState,
    Status,
};
use super::{SimPlugin, SimTick};
use crate::scenario::Scenario;
use crate::scenario::model::Milestone;

/// How a run is set up besides its scenario.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub seed: u64,
    /// Show scenario hints (solo practice).
    pub hints: bool,
    /// Allow roles to share facts (rehearsal turns it off to prove a scenario needs sharing).
    pub sharing: bool,
    /// Roles played by bots, by id.
    pub bots: Vec<String>,
}

impl RunOptions {
    pub fn new(seed: u64) -> Self {
        RunOptions {
            seed,
            hints: true,
            sharing: true,
            bots: Vec::new(),
        }
    }
}

/// The result of a run in brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    pub end: RunEnd,
    pub milestones: Vec<(Milestone, u64)>,
}

/// A simulation in progress. It keeps the world the [`SimPlugin`] built, taken out of its app, so
/// that a `Sim` is plain data that can live inside another app (the GUI's, the network host's) as
/// a resource; stepping runs that world's [`SimTick`] schedule.
#[derive(Resource)]
pub struct Sim {
    world: World,
    scenario: Arc<Scenario>,
}

impl Sim {
    pub fn new(scenario: Arc<Scenario>, options: &RunOptions) -> Self {
        let mut app = App::new();
        app.add_plugins(SimPlugin {
            scenario: scenario.clone(),
            seed: options.seed,
        });
        Self::configure(app.world_mut(), &scenario, options);
        let world = std::mem::take(app.world_mut());
        Sim { world, scenario }
    }

    /// Applies the options to a world the [`SimPlugin`] has set up.
    fn configure(world: &mut World, scenario: &Scenario, options: &RunOptions) {
        world.resource_mut::<Knowledge>().sharing = options.sharing;
        world.resource_mut::<ExerciseState>().hints_enabled = options.hints;
        world.insert_resource(BotRoster::new(scenario, &options.bots));
        let bots: Vec<_> = options
            .bots
            .iter()
            .filter_map(|b| scenario.role_ix(b).map(|r| scenario.roles[r].id.clone()))
            .collect();
        world.resource_mut::<EventLog>().truth(
            0,
            Truth::RunStarted {
                title: scenario.title.clone(),
                scenario_hash: scenario.hash.clone(),
                seed: options.seed,
                bots,
            },
        );
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The next tick to be simulated.
    pub fn tick(&self) -> u64 {
        self.world.resource::<SimClock>().tick
    }

    /// The simulation's state, ground truth included: for drivers, the facilitator and tests,
    /// never for a role (a role gets its feed, [`EventLog::feed`]).
    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn log(&self) -> &EventLog {
        self.world.resource::<EventLog>()
    }

    pub fn ended(&self) -> Option<&RunEnd> {
        self.world.resource::<ExerciseState>().ended.as_ref()
    }

    /// Queues a command to take effect at `tick` (or the next tick simulated, if that has
    /// passed).
    pub fn queue(&mut self, tick: u64, actor: Actor, command: Command) {
        self.world
            .resource_mut::<CommandQueue>()
            .push(tick, actor, command);
    }

    /// Queues a command for the next tick simulated.
    pub fn submit(&mut self, actor: Actor, command: Command) {
        let at = self.tick();
        self.queue(at, actor, command);
    }

    /// Simulates one tick, unless the run has ended.
    pub fn step(&mut self) -> bool {
        if self.ended().is_some() {
            return false;
        }
        self.world.run_schedule(SimTick);
        true
    }

    /// Steps until the run ends (resolved or out of time).
    pub fn run_to_end(&mut self) -> RunOutcome {
        while self.step() {}
        self.outcome()
    }

    pub fn outcome(&self) -> RunOutcome {
        let end = self.ended().cloned().unwrap_or(RunEnd {
            tick: self.tick(),
            resolved: false,
            reason: "still running".into(),
        });
        let status = self.world.resource::<Status>();
        RunOutcome {
            end,
            milestones: status.milestones.iter().map(|(m, t)| (*m, *t)).collect(),
        }
    }

    /// A digest of the whole simulation state, stable across platforms and runs.
    pub fn checksum(&self) -> u64 {
        state_checksum(&self.world)
    }
}

/// FNV-1a: a simple hash whose output is fixed forever (the standard hasher's is not promised).
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Hashes every resource that carries simulation state.
pub fn state_checksum(world: &World) -> u64 {
    use std::hash::Hasher;
    let mut h = Fnv::default();
    h.write_u64(world.resource::<SimClock>().tick);
    world.resource::<FlowState>().digest(&mut h);
    world.resource::<FaultState>().digest(&mut h);
    world.resource::<Controls>().digest(&mut h);
    world.resource::<Knowledge>().digest(&mut h);
    world.resource::<SignalState>().digest(&mut h);
    world.resource::<ExerciseState>().digest(&mut h);
    world.resource::<CondState>().digest(&mut h);
    let status = world.resource::<Status>();
    for k in &status.known {
        h.write_u64(k.0);
    }
    h.write_u64(world.resource::<EventLog>().len() as u64);
    h.finish()
}

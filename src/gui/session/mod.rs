//! The live exercise behind a console: the same [`Sim`] a headless `firedrill run` drives, stepped
//! one tick per simulated second from `FixedUpdate`, recorded to a run file as it goes, and fed
//! only by commands (from the console's intents).
//!
//! The simulation keeps its own world, apart from the GUI's: the resource [`Live`] holds it. Only
//! this module, the end summary and the facilitator console look inside; the trainee console gets
//! its role's feed through `trainee::sync` and nothing else.

pub mod clock;
pub mod runs;

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::intent::{Intent, Intents};
use super::{GuiSet, Launch, Screen};
use crate::record::RunWriter;
use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;
use crate::scenario::units::ClockTime;
use crate::sim::commands::{Actor, CommandQueue};
use crate::sim::exercise::{ExerciseState, RunEnd};
use crate::sim::log::{Command, EventLog};
use crate::sim::status::Status;
use crate::sim::{RunOptions, RunOutcome, Sim, SimClock, SimTick};

/// The running simulation and its recorder. The simulation's world is the one [`Sim::new`] builds
/// (the `SimPlugin` and the run's options), taken out of its app so that it can live in this
/// app's world as an ordinary resource; stepping it runs its `SimTick` schedule, exactly what
/// [`Sim::step`] does.
#[derive(Resource)]
pub struct Live {
    world: World,
    scenario: Arc<Scenario>,
    pub writer: Option<RunWriter>,
    /// The trainee's role; `None` in the facilitator console.
    pub role: Option<RoleIx>,
}

impl Live {
    pub fn new(scenario: Arc<Scenario>, options: &RunOptions, role: Option<RoleIx>) -> Self {
        let mut sim = Sim::new(scenario.clone(), options);
        let world = std::mem::take(sim.world_mut());
        Live {
            world,
            scenario,
            writer: None,
            role,
        }
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The simulation's state: for the facilitator console and the session, never the trainee's.
    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn log(&self) -> &EventLog {
        self.world.resource::<EventLog>()
    }

    /// The next tick to simulate.
    pub fn tick(&self) -> u64 {
        self.world.resource::<SimClock>().tick
    }

    pub fn ended(&self) -> Option<&RunEnd> {
        self.world.resource::<ExerciseState>().ended.as_ref()
    }

    pub fn queue(&mut self, tick: u64, actor: Actor, command: Command) {
        self.world
            .resource_mut::<CommandQueue>()
            .push(tick, actor, command);
    }

    /// Simulates one tick, unless the run has ended.
    pub fn step(&mut self) -> bool {
        if self.ended().is_some() {
            return false;
        }
        self.world.run_schedule(SimTick);
        true
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
}

/// What every screen may know about the session: no simulation state beyond the clock and the
/// end of the run.
#[derive(Resource, Debug, Clone, Default)]
pub struct SessionInfo {
    pub title: String,
    /// The next tick to simulate (= simulated seconds elapsed).
    pub tick: u64,
    pub time_limit: u64,
    pub clock_start: ClockTime,
    pub ended: Option<RunEnd>,
    pub run_path: Option<PathBuf>,
    pub write_error: Option<String>,
    pub role: Option<RoleIx>,
    /// Exercises started in this window (a restart makes two).
    pub started: u32,
}

/// The simulation step in `FixedUpdate`; anything that samples the simulation per tick runs after.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StepSet;

/// The scenario the session runs (and restarts with after an edit).
#[derive(Resource, Clone)]
pub struct SessionScenario(pub Arc<Scenario>);

pub fn plugin(app: &mut App) {
    app.init_resource::<SessionInfo>()
        .add_plugins(clock::plugin)
        .add_systems(
            FixedUpdate,
            step.in_set(StepSet).run_if(
                resource_exists::<Live>
                    .and_then(in_state(Screen::Trainee).or_else(in_state(Screen::Facilitator))),
            ),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            apply_intents.in_set(GuiSet::Apply),
        );
}

/// Starts an exercise: builds the simulation, opens the run file and switches to the console.
pub fn start(world: &mut World, role: Option<RoleIx>) {
    let launch = world.resource::<Launch>().clone();
    let scenario = world.resource::<SessionScenario>().0.clone();
    let mut options = RunOptions::new(launch.seed.unwrap_or(scenario.seed));
    options.hints = !launch.no_hints;
    options.bots = launch.bots_for(&scenario, role).unwrap_or_default();
    let mut live = Live::new(scenario.clone(), &options, role);
    let attempt = world.resource::<SessionInfo>().started;
    let (writer, run_path, write_error) =
        match runs::create(&launch, &scenario, &options, role, attempt) {
            Ok((w, p)) => {
                crate::outln!("recording this session to {}", p.display());
                (Some(w), Some(p), None)
            }
            Err(e) => {
                crate::errln!("warning: this session is not being recorded: {e}");
                (None, None, Some(e))
            }
        };
    world.insert_resource(SessionInfo {
        title: scenario.title.clone(),
        tick: 0,
        time_limit: scenario.time_limit,
        clock_start: scenario.clock_start,
        ended: None,
        run_path,
        write_error,
        role,
        started: attempt + 1,
    });
    live.writer = writer;
    world.insert_resource(live);
    world.insert_resource(super::trainee::PublicInfo(Arc::new(
        super::trainee::PublicScenario::of(&scenario),
    )));
    clock::reset(world);
    let screen = if role.is_some() {
        Screen::Trainee
    } else {
        Screen::Facilitator
    };
    world.resource_mut::<NextState<Screen>>().set(screen);
}

/// One simulated second: step, record, follow the facilitator's clock. Several may run in one
/// frame at high speed; a logged pause stops the rest.
fn step(
    mut live: ResMut<Live>,
    mut clock_state: ResMut<clock::ClockState>,
    mut time: ResMut<Time<Virtual>>,
    mut info: ResMut<SessionInfo>,
    mut next: ResMut<NextState<Screen>>,
) {
    if clock_state.paused() {
        return;
    }
    let before = live.log().len();
    if !live.step() {
        return;
    }
    let live = &mut *live;
    if let Some(w) = live.writer.as_mut()
        && let Err(e) = w.record(&live.world)
    {
        live.writer = None;
        let e = format!("writing the run file failed: {e}");
        crate::errln!("error: {e}");
        info.write_error = Some(e);
    }
    let changes = clock::changes(&live.log().events()[before..]);
    clock::follow(&mut time, &mut clock_state, &changes);
    info.tick = live.tick();
    if let Some(end) = live.ended()
        && info.ended.is_none()
    {
        info.ended = Some(end.clone());
        if let Some(p) = &info.run_path {
            crate::outln!("run file: {}", p.display());
        }
        next.set(Screen::Summary);
    }
}

/// Turns the intents the panels produced this frame into commands for the next tick. A trainee
/// console can only speak as its role, and never give facilitator commands.
fn apply_intents(
    mut intents: ResMut<Intents>,
    live: Option<ResMut<Live>>,
    mut next: ResMut<NextState<Screen>>,
    mut clock: clock::ClockControl,
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
) {
    let mut live = live;
    for intent in intents.0.drain(..) {
        match intent {
            Intent::Role(cmd) => {
                let Some(live) = live.as_mut() else { continue };
                let Some(role) = live.role else { continue };
                if cmd.is_facilitator_only() || live.ended().is_some() {
                    continue;
                }
                let at = live.tick();
                live.queue(at, Actor::Role(role), cmd);
            }
            Intent::Facilitator(cmd) => {
                let Some(live) = live.as_mut() else { continue };
                if live.role.is_some() || live.ended().is_some() {
                    continue;
                }
                clock.before_queue(&cmd);
                let at = live.tick();
                live.queue(at, Actor::Facilitator, cmd);
            }
            Intent::LocalPause(p) => clock.local_pause(p),
            Intent::Go(screen) => next.set(screen),
            Intent::PickRole(role) => {
                commands.queue(move |world: &mut World| start(world, Some(role)));
            }
            Intent::Restart(scenario) => {
                commands.queue(move |world: &mut World| {
                    world.insert_resource(SessionScenario(scenario));
                    world.remove_resource::<Live>();
                    start(world, None);
                });
            }
            Intent::OpenReview => {
                commands.queue(super::review::open_live);
            }
            Intent::Quit => {
                exit.write(AppExit::Success);
            }
        }
    }
}

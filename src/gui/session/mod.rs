//! The live exercise behind a console: the same [`Sim`] a headless `firedrill run` drives, stepped
//! one tick per simulated second from `FixedUpdate`, recorded to a run file as it goes, and fed
//! only by commands (from the console's intents).
//!
//! The simulation keeps its own world inside [`Sim`]; the GUI world holds it as the non-send
//! resource [`Live`]. Only this module and the facilitator console touch [`Live`]; the trainee
//! console gets its role's feed through `trainee::sync` and nothing else.

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
use crate::sim::commands::Actor;
use crate::sim::exercise::RunEnd;
use crate::sim::{RunOptions, Sim};

/// The running simulation and its recorder. Non-send because a [`Sim`] owns a Bevy `App`.
pub struct Live {
    pub sim: Sim,
    pub writer: Option<RunWriter>,
    /// The trainee's role; `None` in the facilitator console.
    pub role: Option<RoleIx>,
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
            step.in_set(StepSet)
                .run_if(in_state(Screen::Trainee).or(in_state(Screen::Facilitator))),
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
    let sim = Sim::new(scenario.clone(), &options);
    let (writer, run_path, write_error) = match runs::create(&launch, &scenario, &options, role) {
        Ok((w, p)) => {
            println!("recording this session to {}", p.display());
            (Some(w), Some(p), None)
        }
        Err(e) => {
            eprintln!("warning: this session is not being recorded: {e}");
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
    });
    world.insert_non_send(Live { sim, writer, role });
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
fn step(world: &mut World) {
    if world.resource::<clock::ClockState>().paused() {
        return;
    }
    let Some(mut live) = world.get_non_send_mut::<Live>() else {
        return;
    };
    let before = live.sim.log().len();
    if live.sim.ended().is_some() || !live.sim.step() {
        return;
    }
    let live = &mut *live;
    let err = match live.writer.as_mut().map(|w| w.tick(&live.sim)) {
        Some(Err(e)) => {
            live.writer = None;
            Some(format!("writing the run file failed: {e}"))
        }
        _ => None,
    };
    let changes = clock::changes(&live.sim.log().events()[before..]);
    let (tick, ended) = (live.sim.tick(), live.sim.ended().cloned());
    clock::follow(world, &changes);
    let mut info = world.resource_mut::<SessionInfo>();
    info.tick = tick;
    if let Some(e) = err {
        eprintln!("error: {e}");
        info.write_error = Some(e);
    }
    if let Some(end) = ended
        && info.ended.is_none()
    {
        info.ended = Some(end);
        if let Some(p) = &info.run_path {
            println!("run file: {}", p.display());
        }
        world.resource_mut::<NextState<Screen>>().set(Screen::Summary);
    }
}

/// Turns the intents the panels produced this frame into commands for the next tick. A trainee
/// console can only speak as its role, and never give facilitator commands.
fn apply_intents(
    mut intents: ResMut<Intents>,
    live: Option<NonSendMut<Live>>,
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
                if cmd.is_facilitator_only() || live.sim.ended().is_some() {
                    continue;
                }
                let at = live.sim.tick();
                live.sim.queue(at, Actor::Role(role), cmd);
            }
            Intent::Facilitator(cmd) => {
                let Some(live) = live.as_mut() else { continue };
                if live.role.is_some() || live.sim.ended().is_some() {
                    continue;
                }
                clock.before_queue(&cmd);
                let at = live.sim.tick();
                live.sim.queue(at, Actor::Facilitator, cmd);
            }
            Intent::LocalPause(p) => clock.local_pause(p),
            Intent::Go(screen) => next.set(screen),
            Intent::PickRole(role) => {
                commands.queue(move |world: &mut World| start(world, Some(role)));
            }
            Intent::Restart(scenario) => {
                commands.queue(move |world: &mut World| {
                    world.insert_resource(SessionScenario(scenario));
                    world.remove_non_send::<Live>();
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

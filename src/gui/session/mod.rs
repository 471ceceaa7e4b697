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
use crate::scenario::units::{ClockTime, PPM};
use crate::sim::boundary::{PublicScenario, Seat, SharedClock};
use crate::sim::commands::Actor;
use crate::sim::log::{Command, EventLog};
use crate::sim::state::RunEnd;
use crate::sim::{RunOptions, RunOutcome, Sim};

/// The running simulation and its recorder: the same [`Sim`] a headless run drives, kept as a
/// resource of this app (its world apart from the GUI's).
#[derive(Resource)]
pub struct Live {
    sim: Sim,
    pub writer: Option<RunWriter>,
    /// The trainee's role; `None` in the facilitator console.
    pub role: Option<RoleIx>,
}

impl Live {
    pub fn new(scenario: Arc<Scenario>, options: &RunOptions, role: Option<RoleIx>) -> Self {
        Live {
            sim: Sim::new(scenario, options),
            writer: None,
            role,
        }
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        self.sim.scenario()
    }

    /// The simulation's state: for the facilitator console and the session, never the trainee's.
    pub fn world(&self) -> &World {
        self.sim.world()
    }

    pub fn log(&self) -> &EventLog {
        self.sim.log()
    }

    /// The next tick to simulate.
    pub fn tick(&self) -> u64 {
        self.sim.tick()
    }

    pub fn ended(&self) -> Option<&RunEnd> {
        self.sim.ended()
    }

    pub fn queue(&mut self, tick: u64, actor: Actor, command: Command) {
        self.sim.queue(tick, actor, command);
    }

    /// Simulates one tick, unless the run has ended.
    pub fn step(&mut self) -> bool {
        self.sim.step()
    }

    pub fn outcome(&self) -> RunOutcome {
        self.sim.outcome()
    }
}

/// A hosted game day's network reads the facilitator's simulation through this; a trainee's
/// local session is never hosted.
impl crate::net::host::SimHolder for Live {
    fn sim(&self) -> Option<&Sim> {
        self.role.is_none().then_some(&self.sim)
    }
    fn sim_mut(&mut self) -> Option<&mut Sim> {
        self.role.is_none().then_some(&mut self.sim)
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

/// The scenario's public part, the only scenario data the trainee console is given. Built where
/// a session starts (see [`start`] and the role picker's boot), or from a host's message.
#[derive(Resource, Clone)]
pub struct PublicInfo(pub Arc<PublicScenario>);

/// Filling a [`Seat`] (the local session, a network client) comes before the console reads it.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeatSet {
    Fill,
    Read,
}

/// The system that turns the frame's intents into commands and screen changes; a console that
/// acts on an intent itself runs before it.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IntentSet;

/// The scenario the session runs (and restarts with after an edit).
#[derive(Resource, Clone)]
pub struct SessionScenario(pub Arc<Scenario>);

pub fn plugin(app: &mut App) {
    app.init_resource::<SessionInfo>()
        .configure_sets(Update, SeatSet::Fill.before(SeatSet::Read))
        .add_plugins(clock::plugin)
        .add_systems(
            FixedUpdate,
            step.in_set(StepSet).run_if(
                resource_exists::<Live>.and_then(
                    in_state(Screen::Trainee)
                        .or_else(in_state(Screen::Facilitator))
                        .or_else(in_state(Screen::Projector)),
                ),
            ),
        )
        .add_systems(
            Update,
            link_seat
                .in_set(SeatSet::Fill)
                .run_if(resource_exists::<Live>.and_then(resource_exists::<Seat>)),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            apply_intents.in_set(GuiSet::Apply).in_set(IntentSet),
        );
}

/// The local link between the simulation and the trainee's seat: the role's new observations and
/// the clock go into the seat; the commands the console gave come out, as that role. A network
/// client is the other link (`net::client`).
fn link_seat(
    mut live: ResMut<Live>,
    mut seat: ResMut<Seat>,
    info: Res<SessionInfo>,
    clock: Res<clock::ClockState>,
    time: Res<Time<Virtual>>,
) {
    let role = seat.role;
    if live.role != Some(role) {
        return;
    }
    if !seat.outbox.is_empty() {
        let ended = live.ended().is_some();
        for cmd in std::mem::take(&mut seat.outbox) {
            if cmd.is_facilitator_only() || ended {
                continue;
            }
            let at = live.tick();
            live.queue(at, Actor::Role(role), cmd);
        }
    }
    let feed = live.log().feed(role);
    if seat.feed.len() < feed.len() {
        let from = seat.feed.len();
        let new: Vec<_> = feed.since(from).map(|(t, o)| (t, o.clone())).collect();
        seat.feed.extend(new);
    }
    let shared = SharedClock {
        tick: info.tick,
        paused: clock.paused(),
        speed_ppm: (time.relative_speed_f64() * PPM as f64) as u64,
        ended: info.ended.as_ref().map(|e| e.reason.clone()),
        resolved: info.ended.as_ref().is_some_and(|e| e.resolved),
    };
    if seat.clock != shared {
        seat.clock = shared;
    }
}

/// Starts an exercise: builds the simulation, opens the run file and switches to the console.
pub fn start(world: &mut World, role: Option<RoleIx>) {
    let launch = world.resource::<Launch>().clone();
    let scenario = world.resource::<SessionScenario>().0.clone();
    let mut options = RunOptions::new(launch.seed.unwrap_or(scenario.seed));
    options.hints = !launch.no_hints;
    options.bots = launch.bots_for(&scenario, role).unwrap_or_default();
    start_with(world, role, options);
}

/// Starts an exercise with the options given (a hosted game day decides its bots from who
/// joined).
pub fn start_with(world: &mut World, role: Option<RoleIx>, options: RunOptions) {
    let launch = world.resource::<Launch>().clone();
    let scenario = world.resource::<SessionScenario>().0.clone();
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
    let public = Arc::new(PublicScenario::new(&scenario));
    world.insert_resource(PublicInfo(public.clone()));
    match role {
        Some(role) => world.insert_resource(Seat::new(public, role)),
        None => {
            world.remove_resource::<Seat>();
        }
    }
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
        && let Err(e) = w.record(live.sim.world())
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
/// A trainee's seat and, in a game day, the client that links it to the host.
#[derive(bevy::ecs::system::SystemParam)]
pub struct SeatLink<'w> {
    seat: Option<ResMut<'w, Seat>>,
    joined: Option<ResMut<'w, crate::net::client::Joined>>,
}

/// Where an intent can take the app: another screen, or out.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Leave<'w> {
    next: ResMut<'w, NextState<Screen>>,
    exit: MessageWriter<'w, AppExit>,
}

fn apply_intents(
    mut intents: ResMut<Intents>,
    live: Option<ResMut<Live>>,
    link: SeatLink,
    public: Option<Res<PublicInfo>>,
    leave: Leave,
    mut clock: clock::ClockControl,
    mut commands: Commands,
) {
    let Leave { mut next, mut exit } = leave;
    let mut live = live;
    let SeatLink {
        mut seat,
        mut joined,
    } = link;
    for intent in intents.0.drain(..) {
        match intent {
            Intent::Role(cmd) => {
                // The seat's link (local or network) delivers it as the seat's role.
                if let Some(seat) = seat.as_mut() {
                    seat.outbox.push(cmd);
                }
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
            // Only a trainee practising alone owns its clock.
            Intent::LocalSpeed(x) => {
                if joined.is_none() && live.as_ref().is_some_and(|l| l.role.is_some()) {
                    clock.local_speed(x);
                }
            }
            Intent::Go(screen) => next.set(screen),
            Intent::PickRole(role) => match joined.as_mut() {
                // A hosted game day: ask the host for the seat.
                Some(joined) => {
                    if let Some(id) = seat_id(&public, role) {
                        joined.choose(id);
                    }
                }
                None => commands.queue(move |world: &mut World| start(world, Some(role))),
            },
            Intent::Choose(scenario) => {
                let public = PublicScenario::new(&scenario);
                commands.insert_resource(PublicInfo(Arc::new(public)));
                commands.insert_resource(SessionScenario(scenario));
                next.set(Screen::RolePicker);
            }
            Intent::Restart(scenario) => {
                commands.queue(move |world: &mut World| {
                    world.insert_resource(SessionScenario(scenario));
                    world.remove_resource::<Live>();
                    start(world, None);
                });
            }
            // The debrief viewer takes it before this runs (`review::open_requested`).
            Intent::OpenReview => {}
            Intent::Quit => {
                exit.write(AppExit::Success);
            }
        }
    }
}

/// The id of a role in the public scenario the picker showed.
fn seat_id(
    public: &Option<Res<PublicInfo>>,
    role: RoleIx,
) -> Option<crate::scenario::compiled::Name> {
    public
        .as_ref()
        .and_then(|p| p.0.roles.get(role))
        .map(|r| r.id.clone())
}

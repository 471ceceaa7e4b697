//! Simulated time against wall time. One tick is one simulated second: `Time<Fixed>` runs at 1 Hz
//! on `Time<Virtual>`, whose speed and pause carry the facilitator's clock. The facilitator's
//! pause and speed are commands like any other: they take effect when the simulation logs them
//! (so the log says exactly when), and this driver then applies them to `Time<Virtual>`. Resume
//! cannot wait for a tick — none runs while paused — so it unpauses at once and is logged on the
//! tick that follows.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use crate::scenario::units::PPM;
use crate::sim::log::{Command, Event, EventBody, Observation};

/// Slowest and fastest facilitator speeds.
pub const SPEEDS: [f32; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];

#[derive(Resource, Debug, Clone)]
pub struct ClockState {
    /// Paused by the facilitator (as logged).
    pub facilitator_paused: bool,
    /// Paused from this console only (solo practice); not part of the exercise record.
    pub local_paused: bool,
    /// A facilitator pause or speed change queued but not yet logged.
    pub pending: bool,
    /// The facilitator's speed as logged (1 until a `Speed` command says otherwise).
    pub facilitator_speed: f32,
    /// This console's own speed-up for solo practice (×1, ×2, ×4); not recorded: it changes
    /// only how fast simulated seconds pass in real time, not what happens in them.
    pub local_speed: f32,
}

impl Default for ClockState {
    fn default() -> Self {
        ClockState {
            facilitator_paused: false,
            local_paused: false,
            pending: false,
            facilitator_speed: 1.0,
            local_speed: 1.0,
        }
    }
}

/// The speeds a trainee practising alone can choose.
pub const SOLO_SPEEDS: [f32; 3] = [1.0, 2.0, 4.0];

impl ClockState {
    pub fn paused(&self) -> bool {
        self.facilitator_paused || self.local_paused
    }
}

pub fn plugin(app: &mut App) {
    app.insert_resource(Time::<Fixed>::from_seconds(1.0))
        .init_resource::<ClockState>();
}

/// A new exercise starts running at normal speed.
pub fn reset(world: &mut World) {
    world.insert_resource(ClockState::default());
    let mut time = world.resource_mut::<Time<Virtual>>();
    time.unpause();
    time.set_relative_speed(1.0);
    // Frames can be far apart when the window is unfocused; let virtual time catch up a second.
    time.set_max_delta(std::time::Duration::from_secs(1));
}

/// The clock changes among newly logged events: (paused, speed in ppm), in order.
pub fn changes(events: &[Event]) -> Vec<(bool, u64)> {
    events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Seen {
                what: Observation::Clock { paused, speed },
                ..
            } => Some((*paused, speed.0)),
            _ => None,
        })
        .collect()
}

/// Applies logged clock changes to `Time<Virtual>`.
pub fn follow(time: &mut Time<Virtual>, state: &mut ClockState, changes: &[(bool, u64)]) {
    let Some(&(paused, speed_ppm)) = changes.last() else {
        return;
    };
    state.facilitator_paused = paused;
    state.pending = false;
    if !paused {
        state.facilitator_speed = (speed_ppm as f64 / PPM as f64) as f32;
        time.set_relative_speed(state.facilitator_speed * state.local_speed);
    }
    if state.paused() {
        time.pause();
    } else {
        time.unpause();
    }
}

/// Clock controls for the intents system.
#[derive(SystemParam)]
pub struct ClockControl<'w> {
    time: ResMut<'w, Time<Virtual>>,
    state: ResMut<'w, ClockState>,
}

impl ClockControl<'_> {
    /// Called as a facilitator command is queued.
    pub fn before_queue(&mut self, cmd: &Command) {
        match cmd {
            Command::Resume => {
                self.state.facilitator_paused = false;
                if !self.state.local_paused {
                    self.time.unpause();
                }
                self.state.pending = true;
            }
            Command::Pause | Command::Speed(_) => self.state.pending = true,
            _ => {}
        }
    }

    pub fn local_speed(&mut self, speed: f32) {
        self.state.local_speed = speed;
        self.time
            .set_relative_speed(self.state.facilitator_speed * speed);
    }

    pub fn local_pause(&mut self, paused: bool) {
        self.state.local_paused = paused;
        if self.state.paused() {
            self.time.pause();
        } else {
            self.time.unpause();
        }
    }
}

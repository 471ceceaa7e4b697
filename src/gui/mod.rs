//! The windowed consoles: a Bevy client of the simulation's role boundary.
//!
//! - The trainee console (`trainee`) submits commands as its role and draws only that role's
//!   observation feed, through the view model in `trainee::view`.
//! - The facilitator console (`facilitator`) sees ground truth and steers the exercise.
//! - The debrief viewer (`review`) plays a recorded run back.
//!
//! One plugin per capability; screens are the [`Screen`] state; every frame's UI runs in the
//! [`GuiSet`]s of egui's pass, in order. The simulation itself is the same [`crate::sim::Sim`]
//! the headless commands drive (see `session`).

pub mod app;
pub mod controls;
pub mod dev;
pub mod display;
pub mod drawn;
pub mod eventtext;
pub mod facilitator;
pub mod hosting;
pub mod intent;
pub mod join;
pub mod review;
pub mod session;
pub mod summary;
pub mod theme;
pub mod third_party;
pub mod trainee;
pub mod widgets;

use std::path::PathBuf;

use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;

pub use app::{run_host, run_join, run_play, run_review};

/// The screens of the app.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Before the first frame: decide where to go from the launch options.
    #[default]
    Boot,
    /// Connecting to a game day's host (`firedrill join`).
    Joining,
    /// `play` without a scenario: the library to choose a drill from.
    Chooser,
    RolePicker,
    Trainee,
    Facilitator,
    /// A hosted game day before the exercise starts: the address, the code, the seats.
    Lobby,
    /// The room's shared screen: the clock and what was published to everyone.
    Projector,
    /// The run ended: outcome and the way to the debrief.
    Summary,
    Review,
}

/// The phases of a frame's UI, in order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuiSet {
    /// Style, text scale, global shortcuts.
    Style,
    /// The screen's frame: top bar and the regions the panels draw into.
    Layout,
    /// The panels.
    Panels,
    /// Intents become commands and screen changes.
    Apply,
    /// Test scripts and measurement look at what was drawn.
    Observe,
}

/// How the app was launched.
#[derive(Resource, Debug, Clone, Default)]
pub struct Launch {
    pub mode: Mode,
    /// The scenario file, or `None` for the embedded default.
    pub scenario_path: Option<String>,
    /// The trainee's role id, if given on the command line.
    pub role: Option<String>,
    pub seed: Option<u64>,
    pub no_hints: bool,
    /// `--bots`: `all`, `none` or role ids separated by commas; `None`: every role nobody plays.
    pub bots: Option<String>,
    /// The run file to write; `None`: a timestamped file under `runs_dir`.
    pub out: Option<PathBuf>,
    pub runs_dir: PathBuf,
    /// A GUI test script to play, and where to write its screenshots and report.
    pub script: Option<PathBuf>,
    pub test_out: Option<PathBuf>,
    /// Measure UI time over this many frames, then exit.
    pub measure: Option<u32>,
    /// Open on the scenario chooser (`play` without a scenario or role).
    pub choose: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Mode {
    #[default]
    Trainee,
    Facilitator,
    Review(PathBuf),
    /// A seat in a hosted game day.
    Join(Box<crate::net::client::JoinConfig>),
    /// Hosting a game day: the facilitator console serves trainees over the network.
    Host(Box<hosting::Hosting>),
}

impl Launch {
    pub fn testing(&self) -> bool {
        self.script.is_some() || self.measure.is_some()
    }

    /// The roles bots play when `role` is the trainee (`None`: the facilitator console, where by
    /// default bots play every role). `--bots none` leaves roles unplayed, and so does `--measure`
    /// unless `--bots` is given.
    pub fn bots_for(&self, sc: &Scenario, role: Option<RoleIx>) -> Result<Vec<String>, String> {
        let played: Vec<String> = role
            .map(|r| sc.roles[r].id.to_string())
            .into_iter()
            .collect();
        let flag = match (self.bots.as_deref(), role) {
            (Some("none"), _) => return Ok(Vec::new()),
            // Measuring needs the run to last to its time limit; bots would resolve it (the
            // facilitator console's default, all bots, ended it before the measurement did).
            (None, _) if self.measure.is_some() => return Ok(Vec::new()),
            (Some(b), _) => Some(b),
            (None, None) => Some("all"),
            (None, Some(_)) => None,
        };
        crate::sim::bots::choose_bots(sc, &played, flag)
    }
}

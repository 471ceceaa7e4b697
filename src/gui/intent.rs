//! What the user asked for this frame. Panels are functions from a view model to intents; one
//! system (`session::apply_intents`) turns them into commands or screen changes. Scripted GUI
//! tests click the same widgets, so their intents take the same path.

use std::sync::Arc;

use bevy::prelude::*;

use super::Screen;
use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;
use crate::sim::log::Command;

#[derive(Debug, Clone)]
pub enum Intent {
    /// A command from the trainee console's role, for the next tick.
    Role(Command),
    /// A command from the facilitator console, for the next tick.
    Facilitator(Command),
    /// Pause or resume this console's clock only (solo practice; nothing is recorded).
    LocalPause(bool),
    /// Run this console's clock faster (×1, ×2, ×4) when practising alone; in a hosted game day
    /// the host owns the clock, so it is ignored there.
    LocalSpeed(f32),
    Go(Screen),
    /// Play this drill (scenario chooser): on to the role picker.
    Choose(Arc<Scenario>),
    /// Start the exercise as this role (role picker).
    PickRole(RoleIx),
    /// Restart the exercise with a new version of the scenario (facilitator authoring).
    Restart(Arc<Scenario>),
    /// Open the debrief viewer on the session just played.
    OpenReview,
    Quit,
}

#[derive(Resource, Debug, Default)]
pub struct Intents(pub Vec<Intent>);

impl Intents {
    pub fn push(&mut self, i: Intent) {
        self.0.push(i);
    }
    pub fn extend(&mut self, i: impl IntoIterator<Item = Intent>) {
        self.0.extend(i);
    }
}

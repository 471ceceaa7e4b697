//! The trainee console: one role's view of the incident.
//!
//! The boundary: the console is handed a [`Seat`] (its role, the public scenario, the role's feed
//! and the host's clock) and nothing else. The local session fills it from the event log, a
//! network client from the host's messages; [`sync`] reads it into [`TraineeView`], and every panel
//! takes the view (plus its own UI state) and returns intents, which become commands in the seat's
//! outbox. No type the console reads can hold ground truth.

pub mod actions;
pub mod alerts;
pub mod channel;
pub mod chooser;
pub mod dashboards;
pub mod knowledge;
pub mod layout;
pub mod logs;
pub mod panel;
pub mod picker;
#[cfg(test)]
mod tests;
pub mod view;

use std::sync::Arc;

use bevy::prelude::*;

use super::Screen;
use super::session::SeatSet;
use crate::sim::boundary::Seat;
use panel::panel;
pub use view::{PublicScenario, TraineeView};

/// Run condition of the console's systems: the trainee screen, with a view to draw.
pub fn console_open(screen: Option<Res<State<Screen>>>, view: Option<Res<TraineeView>>) -> bool {
    screen.is_some_and(|s| *s.get() == Screen::Trainee) && view.is_some()
}

/// A section of the console: a panel, its region of the frame and its focus shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboards,
    Logs,
    Alerts,
    Channel,
    Actions,
    Knowledge,
}

impl Section {
    /// In the order of their shortcuts.
    pub const ALL: [Section; 6] = [
        Section::Dashboards,
        Section::Logs,
        Section::Alerts,
        Section::Channel,
        Section::Actions,
        Section::Knowledge,
    ];

    /// Its place in [`Section::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The shortcut, Ctrl+1 … Ctrl+6.
    pub fn key_hint(self) -> &'static str {
        ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5", "Ctrl+6"][self.index()]
    }

    /// Its name in egui ids and in test reports.
    pub fn name(self) -> &'static str {
        match self {
            Section::Dashboards => "dashboards",
            Section::Logs => "logs",
            Section::Alerts => "alerts",
            Section::Channel => "channel",
            Section::Actions => "actions",
            Section::Knowledge => "knowledge",
        }
    }
}

/// The section that should grab the focus this frame, if any.
#[derive(Resource, Debug, Default)]
pub struct FocusRequest(pub Option<Section>);

impl FocusRequest {
    /// True once for the section asked for.
    pub fn take(&mut self, s: Section) -> bool {
        if self.0 == Some(s) {
            self.0 = None;
            true
        } else {
            false
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<FocusRequest>()
        .add_systems(
            Update,
            sync.in_set(SeatSet::Read).run_if(
                resource_exists::<Seat>
                    .and_then(in_state(Screen::Trainee).or_else(in_state(Screen::Summary))),
            ),
        )
        .add_plugins((layout::plugin, picker::plugin, chooser::plugin))
        // The panels, one line each (see `panel`).
        .add_plugins((
            panel::<dashboards::DashState>(),
            panel::<logs::LogState>(),
            panel::<alerts::Alerts>(),
            panel::<channel::ChannelState>(),
            panel::<actions::Actions>(),
            panel::<knowledge::Knowledge>(),
            dashboards::plugin,
        ));
}

/// Brings the view up to date with the seat: the only input the trainee console has.
fn sync(seat: Res<Seat>, view: Option<ResMut<TraineeView>>, mut commands: Commands) {
    let ended = seat.clock.ended.is_some();
    match view {
        Some(mut view) if view.role == seat.role && Arc::ptr_eq(&view.public, &seat.public) => {
            if view.consumed < seat.feed.len() {
                let from = view.consumed;
                view.absorb(seat.since(from));
            }
            if view.tick != seat.clock.tick {
                view.tick = seat.clock.tick;
            }
            if view.ended != ended {
                view.ended = ended;
            }
        }
        _ => {
            let mut view = TraineeView::new(seat.public.clone(), seat.role);
            view.absorb(seat.since(0));
            view.tick = seat.clock.tick;
            view.ended = ended;
            commands.insert_resource(view);
        }
    }
}

//! The trainee console: one role's view of the incident.
//!
//! The boundary: [`sync`] is the only system here that touches the running simulation, and it
//! reads exactly one thing, the role's observation feed (`EventLog::feed`), into [`TraineeView`].
//! Every panel takes the view (plus its own UI state) and returns intents; none can reach the
//! simulation's resources, which live in another world (see `session`).

pub mod actions;
pub mod alerts;
pub mod channel;
pub mod dashboards;
pub mod knowledge;
pub mod layout;
pub mod logs;
pub mod picker;
#[cfg(test)]
mod tests;
pub mod view;

use std::sync::Arc;

use bevy::prelude::*;

use super::Screen;
use super::session::Live;
pub use view::{PublicScenario, TraineeView};

/// The scenario's public part, the only scenario data the trainee console is given. Built where
/// the session starts (see `session::start` and the role picker's boot).
#[derive(Resource, Clone)]
pub struct PublicInfo(pub Arc<PublicScenario>);

/// Run condition of the console's systems: the trainee screen, with a view to draw.
pub fn console_open(screen: Option<Res<State<Screen>>>, view: Option<Res<TraineeView>>) -> bool {
    screen.is_some_and(|s| *s.get() == Screen::Trainee) && view.is_some()
}

/// A keyboard shortcut asked a section to take the focus.
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
    pub const ALL: [Section; 6] = [
        Section::Dashboards,
        Section::Logs,
        Section::Alerts,
        Section::Channel,
        Section::Actions,
        Section::Knowledge,
    ];

    /// The shortcut, Ctrl+1 … Ctrl+6.
    pub fn key_hint(self) -> &'static str {
        match self {
            Section::Dashboards => "Ctrl+1",
            Section::Logs => "Ctrl+2",
            Section::Alerts => "Ctrl+3",
            Section::Channel => "Ctrl+4",
            Section::Actions => "Ctrl+5",
            Section::Knowledge => "Ctrl+6",
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
            sync.run_if(
                resource_exists::<PublicInfo>
                    .and_then(in_state(Screen::Trainee).or_else(in_state(Screen::Summary))),
            ),
        )
        .add_plugins((
            layout::plugin,
            picker::plugin,
            dashboards::plugin,
            logs::plugin,
            alerts::plugin,
            channel::plugin,
            actions::plugin,
            knowledge::plugin,
        ));
}

/// Brings the view up to date with the role's feed: the only read of the simulation the trainee
/// console makes.
fn sync(
    live: Option<Res<Live>>,
    public: Res<PublicInfo>,
    info: Res<super::session::SessionInfo>,
    view: Option<ResMut<TraineeView>>,
    mut commands: Commands,
) {
    let Some(live) = live else { return };
    let Some(role) = live.role else { return };
    let feed = live.log().feed(role);
    match view {
        Some(mut view) if view.role == role => {
            if view.consumed < feed.len() {
                let from = view.consumed;
                view.absorb(feed.since(from));
            }
            if view.tick != info.tick {
                view.tick = info.tick;
            }
            if view.ended != info.ended.is_some() {
                view.ended = info.ended.is_some();
            }
        }
        _ => {
            let mut view = TraineeView::new(public.0.clone(), role);
            view.absorb(feed.iter());
            view.tick = info.tick;
            view.ended = info.ended.is_some();
            commands.insert_resource(view);
        }
    }
}

//! The facilitator console's keyboard, as in the trainee console: F1 lists the keys, Ctrl+P
//! pauses and resumes the exercise, F2 opens the live tools, F3 the room of a hosted game day, F4 the system, F5
//! switches to the projector view and back; Ctrl +/−/0 scale the text.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::tools::ToolsState;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::clock::ClockState;
use crate::gui::session::{Live, SessionInfo};
use crate::gui::{GuiSet, Screen};
use crate::sim::log::Command;

/// Whether the key list is shown.
#[derive(Resource, Debug, Default)]
pub struct FacHelp(pub bool);

pub const KEYS: [(&str, &str); 9] = [
    ("F1", "this list"),
    (
        "Ctrl+P",
        "pause / resume the exercise (every trainee's clock)",
    ),
    (
        "F2",
        "live tools: a message from outside, a hint, a private note",
    ),
    // F3 is the hosted game day's (`hosting::room`).
    ("F3", "the room: who is connected, in which seat; bots"),
    (
        "F4",
        "the system: services, calls, faults and who sees what, live",
    ),
    (
        "F5",
        "projector view for the room's shared screen, and back",
    ),
    ("Tab / Shift+Tab", "move between controls; Enter presses"),
    ("Ctrl + / Ctrl − / Ctrl 0", "text size"),
    ("Esc", "close the focused window"),
];

pub fn plugin(app: &mut App) {
    app.init_resource::<FacHelp>().add_systems(
        EguiPrimaryContextPass,
        keys.in_set(GuiSet::Style).run_if(
            resource_exists::<Live>
                .and_then(in_state(Screen::Facilitator).or_else(in_state(Screen::Projector))),
        ),
    );
}

/// The facilitator's windows a function key opens and closes.
#[derive(bevy::ecs::system::SystemParam)]
struct Toggles<'w> {
    help: ResMut<'w, FacHelp>,
    tools: ResMut<'w, ToolsState>,
    system: ResMut<'w, super::system::SystemOpen>,
}

fn keys(
    mut contexts: EguiContexts,
    screen: Res<State<Screen>>,
    info: Res<SessionInfo>,
    clock: Res<ClockState>,
    live: Res<Live>,
    toggles: Toggles,
    mut intents: ResMut<Intents>,
) -> Result {
    let Toggles {
        mut help,
        mut tools,
        mut system,
    } = toggles;
    if live.role.is_some() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    ctx.input_mut(|i| {
        if i.consume_key(egui::Modifiers::NONE, egui::Key::F1) {
            help.0 = !help.0;
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::F2) {
            tools.open = !tools.open;
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::F4) {
            system.0 = !system.0;
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::F5) {
            let to = if *screen.get() == Screen::Projector {
                Screen::Facilitator
            } else {
                Screen::Projector
            };
            intents.push(Intent::Go(to));
        }
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::P) && info.ended.is_none() {
            let cmd = if clock.facilitator_paused {
                Command::Resume
            } else {
                Command::Pause
            };
            intents.push(Intent::Facilitator(cmd));
        }
    });
    if help.0 {
        egui::Window::new("Keyboard")
            .id(egui::Id::new("fac_keys"))
            .open(&mut help.0)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                egui::Grid::new("fac_keys_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for (k, what) in KEYS {
                            ui.label(egui::RichText::new(k).monospace().strong());
                            ui.label(what);
                            ui.end_row();
                        }
                    });
            });
    }
    Ok(())
}

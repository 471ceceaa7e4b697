//! The room, in the facilitator console of a hosted game day: each seat, who sits there and
//! whether they are connected, and which seats bots play. A dropped trainee's seat can be handed
//! to a bot, and a bot's seat given back to a person: both are facilitator commands, so they are
//! recorded and replay.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Hosting;
use crate::gui::facilitator::in_console;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::Live;
use crate::gui::theme::palette;
use crate::gui::{GuiSet, Screen};
use crate::net::host::Hall;
use crate::sim::log::Command;
use crate::sim::state::BotRoster;

/// Whether the room window is open (F3).
#[derive(Resource, Debug)]
pub struct RoomOpen(pub bool);

impl Default for RoomOpen {
    fn default() -> Self {
        RoomOpen(true)
    }
}

/// One seat as the facilitator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatRow {
    pub role: crate::scenario::compiled::Name,
    pub title: String,
    pub name: Option<String>,
    pub connected: bool,
    pub bot: bool,
}

/// The seats of the room, with who plays each.
pub fn rows(hall: &Hall, roster: &BotRoster) -> Vec<SeatRow> {
    let sc = hall.room.scenario();
    hall.room
        .occupants()
        .into_iter()
        .enumerate()
        .map(|(r, (name, connected))| SeatRow {
            role: sc.roles[r].id.clone(),
            title: sc.roles[r].title.clone(),
            name,
            connected,
            bot: roster.contains(r),
        })
        .collect()
}

pub fn plugin(app: &mut App) {
    app.init_resource::<RoomOpen>()
        .add_systems(
            EguiPrimaryContextPass,
            toggle.in_set(GuiSet::Style).run_if(
                resource_exists::<Hall>
                    .and_then(in_state(Screen::Facilitator).or_else(in_state(Screen::Projector))),
            ),
        )
        .add_systems(
            EguiPrimaryContextPass,
            draw.in_set(GuiSet::Panels)
                .run_if(in_console.and_then(resource_exists::<Hall>)),
        );
}

/// F3 opens and closes the room (the facilitator console's other keys are `facilitator::keys`).
fn toggle(mut contexts: EguiContexts, mut open: ResMut<RoomOpen>) -> Result {
    if contexts
        .ctx_mut()?
        .input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F3))
    {
        open.0 = !open.0;
    }
    Ok(())
}

fn draw(
    mut contexts: EguiContexts,
    hall: Res<Hall>,
    hosting: Res<Hosting>,
    live: Res<Live>,
    mut open: ResMut<RoomOpen>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let roster = live.world().resource::<BotRoster>();
    let seats = rows(&hall, roster);
    let connected = seats.iter().filter(|s| s.connected).count();
    egui::Window::new(format!("Room · {connected} connected"))
        .id(egui::Id::new("room"))
        .open(&mut open.0)
        .default_pos(egui::pos2(420.0, 80.0))
        .resizable(true)
        .show(ctx, |ui| {
            ui.label(
                egui::RichText::new(format!("join: {} · code {}", hosting.addr, hosting.code))
                    .monospace()
                    .color(palette::DIM),
            );
            egui::Grid::new("room_seats").striped(true).show(ui, |ui| {
                for s in &seats {
                    ui.label(egui::RichText::new(&s.title).strong());
                    let who = match (&s.name, s.connected, s.bot) {
                        (_, _, true) => "bot".to_string(),
                        (Some(n), true, _) => format!("{n} · connected"),
                        (Some(n), false, _) => format!("{n} · dropped"),
                        (None, _, _) => "empty".to_string(),
                    };
                    ui.label(who);
                    if s.bot {
                        if ui
                            .button("Give back")
                            .on_hover_text("A person may take this seat again (recorded)")
                            .clicked()
                        {
                            intents.push(Intent::Facilitator(Command::Seat {
                                role: s.role.clone(),
                                bot: false,
                            }));
                        }
                    } else if !s.connected
                        && ui
                            .button("Bot takes over")
                            .on_hover_text("A bot plays this seat from now on (recorded)")
                            .clicked()
                    {
                        intents.push(Intent::Facilitator(Command::Seat {
                            role: s.role.clone(),
                            bot: true,
                        }));
                    }
                    ui.end_row();
                }
            });
        });
    Ok(())
}

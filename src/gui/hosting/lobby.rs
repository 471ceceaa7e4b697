//! The lobby: before the exercise starts, the address and join code to give the room, and the
//! seats as trainees take them. The facilitator starts the exercise; bots take the seats nobody
//! joined, as `--bots` says.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Hosting;
use crate::gui::session::{SessionScenario, start_with};
use crate::gui::theme::palette;
use crate::gui::third_party::egui::root_ui;
use crate::gui::{GuiSet, Launch, Screen, widgets};
use crate::net::host::{Hall, start_options};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(in_state(Screen::Lobby).and_then(resource_exists::<Hall>)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    hall: Res<Hall>,
    hosting: Res<Hosting>,
    launch: Res<Launch>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "lobby");
    let sc = hall.room.scenario().clone();
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            widgets::centered(ui, 900.0, |ui| {
                ui.add_space(24.0);
                ui.label(
                    egui::RichText::new("firedrill · game day")
                        .color(palette::ORANGE)
                        .strong(),
                );
                ui.label(
                    egui::RichText::new(&sc.title)
                        .heading()
                        .size(crate::gui::controls::text_size(ui, 28.0)),
                );
                widgets::card(ui, |ui| {
                    ui.label(egui::RichText::new("Trainees join with").strong());
                    ui.label(
                        egui::RichText::new(format!(
                            "firedrill join {} --code {}",
                            hosting.addr, hosting.code
                        ))
                        .monospace()
                        .size(crate::gui::controls::text_size(ui, 20.0)),
                    );
                    ui.label(
                        egui::RichText::new(format!("join code  {}", hosting.code))
                            .strong()
                            .size(crate::gui::controls::text_size(ui, 26.0)),
                    );
                    if hosting.addr.ip().is_loopback() {
                        ui.label(
                            egui::RichText::new(
                                "Listening on loopback: only this machine can join. Host with \
                                 --bind 0.0.0.0 (or this machine's LAN address) to open it.",
                            )
                            .color(palette::DIM),
                        );
                    }
                });
                ui.add_space(10.0);
                ui.label(egui::RichText::new("Seats").heading());
                egui::Grid::new("lobby_seats").striped(true).show(ui, |ui| {
                    for (r, (name, connected)) in hall.room.occupants().iter().enumerate() {
                        ui.label(egui::RichText::new(&sc.roles[r].title).strong());
                        ui.label(egui::RichText::new(&*sc.roles[r].id).monospace());
                        match (name, connected) {
                            (Some(n), true) => ui.label(format!("{n} · connected")),
                            (Some(n), false) => ui.label(format!("{n} · away")),
                            (None, _) => ui.label(egui::RichText::new("free").color(palette::DIM)),
                        };
                        ui.end_row();
                    }
                });
                ui.add_space(10.0);
                let bots = match launch.bots.as_deref() {
                    None | Some("all") => "Bots play every seat nobody has taken.".to_string(),
                    Some("none") => "Seats nobody has taken stay empty (--bots none).".to_string(),
                    Some(list) => format!("Bots play: {list}."),
                };
                ui.label(egui::RichText::new(bots).color(palette::DIM));
                if ui
                    .button(
                        egui::RichText::new("Start the exercise")
                            .strong()
                            .size(crate::gui::controls::text_size(ui, 18.0)),
                    )
                    .clicked()
                {
                    commands.queue(start);
                }
            });
        });
    });
    Ok(())
}

/// Starts the hosted exercise with bots in the seats nobody took.
fn start(world: &mut World) {
    let launch = world.resource::<Launch>().clone();
    let scenario = world.resource::<SessionScenario>().0.clone();
    let hall = world.resource::<Hall>();
    let seed = launch.seed.unwrap_or(scenario.seed);
    match start_options(
        &scenario,
        &hall.room,
        seed,
        !launch.no_hints,
        launch.bots.as_deref(),
    ) {
        Ok(options) => start_with(world, None, options),
        Err(e) => crate::errln!("error: {e}"),
    }
}

//! The scenario chooser (`firedrill play` without a scenario): the shipped library, easiest first,
//! each drill with its difficulty, length, roles and what it practises — never what it is modelled
//! on, which would name the cause.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::gui::intent::{Intent, Intents};
use crate::gui::theme::palette;
use crate::gui::third_party::egui::root_ui;
use crate::gui::widgets;
use crate::gui::{GuiSet, Screen};
use crate::scenario::Scenario;
use crate::scenario::catalog::{self, Entry};

/// The drills offered, loaded once.
#[derive(Resource, Clone)]
pub struct Library(pub Vec<(Arc<Scenario>, Entry)>);

impl Library {
    pub fn shipped() -> Self {
        Library(
            catalog::shipped()
                .into_iter()
                .map(|s| {
                    let e = Entry::of(&s);
                    (s, e)
                })
                .collect(),
        )
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(in_state(Screen::Chooser).and_then(resource_exists::<Library>)),
    );
}

fn draw(mut contexts: EguiContexts, library: Res<Library>, mut intents: ResMut<Intents>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "chooser");
    egui::CentralPanel::default().show(&mut root, |ui| {
        intents.extend(show(ui, &library));
    });
    Ok(())
}

/// The chooser's page; the intents its buttons produced.
pub fn show(ui: &mut egui::Ui, library: &Library) -> Vec<Intent> {
    let mut out = Vec::new();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            widgets::centered(ui, 1080.0, |ui| {
                ui.add_space(24.0);
                ui.label(
                    egui::RichText::new("firedrill · incident-response exercise")
                        .color(palette::ORANGE)
                        .strong(),
                );
                ui.label(
                    egui::RichText::new("Choose a drill")
                        .heading()
                        .size(crate::gui::controls::text_size(ui, 30.0)),
                );
                ui.label(
                    egui::RichText::new(
                        "Easiest first. Each drill is a real, publicly written-up outage; what it \
                         was is revealed in the debrief. Tab moves between drills, Enter starts.",
                    )
                    .color(palette::DIM),
                );
                ui.add_space(10.0);
                for (i, (scenario, e)) in library.0.iter().enumerate() {
                    widgets::card(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.label(
                                egui::RichText::new(&e.title)
                                    .strong()
                                    .size(crate::gui::controls::text_size(ui, 18.0)),
                            );
                            ui.label(
                                egui::RichText::new(format!("{:?}", e.difficulty).to_uppercase())
                                    .small()
                                    .strong()
                                    .color(palette::ORANGE),
                            );
                        });
                        ui.label(&e.teaches);
                        ui.label(
                            egui::RichText::new(format!(
                                "{} · {} roles: {}",
                                e.length_text(),
                                e.roles.len(),
                                e.roles.join(", ")
                            ))
                            .small()
                            .color(palette::DIM),
                        );
                        let b = ui.button(egui::RichText::new(format!("Play “{}”", e.title)));
                        if i == 0 && !ui.ctx().memory(|m| m.focused().is_some()) {
                            b.request_focus();
                        }
                        if b.clicked() {
                            out.push(Intent::Choose(scenario.clone()));
                        }
                    });
                    ui.add_space(6.0);
                }
            });
        });
    out
}

//! The role picker: each role with its briefing; pick one to start.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::PublicInfo;
use super::view::PublicScenario;
use crate::gui::intent::{Intent, Intents};
use crate::gui::theme::palette;
use crate::gui::third_party::egui::root_ui;
use crate::gui::{GuiSet, Screen};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(in_state(Screen::RolePicker).and_then(resource_exists::<PublicInfo>)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    public: Res<PublicInfo>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let public = &public.0;
    let mut root = root_ui(ctx, "picker");
    egui::CentralPanel::default().show(&mut root, |ui| {
        intents.extend(show(ui, public));
    });
    Ok(())
}

pub fn show(ui: &mut egui::Ui, p: &PublicScenario) -> Vec<Intent> {
    let mut out = Vec::new();
    ui.vertical_centered(|ui| {
        ui.add_space(16.0);
        ui.label(
            egui::RichText::new("firedrill")
                .color(palette::ORANGE)
                .strong()
                .size(28.0),
        );
        ui.heading(&p.title);
        ui.label(&p.summary);
        ui.add_space(8.0);
    });
    ui.separator();
    ui.label(egui::RichText::new("Choose your role").heading());
    ui.label(
        egui::RichText::new(
            "Each role sees only its own dashboards, logs and alerts. Roles you do not take are \
             played by bots. Tab moves between roles; Enter starts.",
        )
        .color(palette::DIM),
    );
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (r, role) in p.roles.iter().enumerate() {
                egui::Frame::group(ui.style())
                    .fill(palette::CARD)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            let b = ui.button(
                                egui::RichText::new(format!("Play as {}", role.title)).strong(),
                            );
                            if r == 0 && !ui.ctx().memory(|m| m.focused().is_some()) {
                                b.request_focus();
                            }
                            if b.clicked() {
                                out.push(Intent::PickRole(r));
                            }
                            if role.commander {
                                ui.label(
                                    egui::RichText::new("COMMANDER")
                                        .small()
                                        .strong()
                                        .color(palette::ORANGE),
                                );
                            }
                            ui.label(
                                egui::RichText::new(&*role.id)
                                    .monospace()
                                    .color(palette::DIM),
                            );
                        });
                        ui.label(&role.briefing);
                        let list = |v: &[crate::scenario::compiled::Name]| {
                            if v.is_empty() {
                                "none".to_string()
                            } else {
                                v.iter()
                                    .map(|s| s.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        };
                        ui.label(
                            egui::RichText::new(format!(
                                "Dashboards: {} · Logs: {}",
                                list(&role.dashboards),
                                list(&role.logs)
                            ))
                            .small()
                            .color(palette::DIM),
                        );
                    });
                ui.add_space(4.0);
            }
        });
    out
}

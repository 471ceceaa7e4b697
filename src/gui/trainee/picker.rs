//! The role picker: each role with its briefing; pick one to start.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::view::{PublicScenario, RoleCard};
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::PublicInfo;
use crate::gui::theme::palette;
use crate::gui::third_party::egui::root_ui;
use crate::gui::widgets;
use crate::gui::{GuiSet, Screen};
use crate::net::protocol::SeatInfo;
use crate::scenario::compiled::Name;
use crate::scenario::units::format_duration;

/// Who sits where, for the role picker of a hosted game day (`join` fills it from the host).
#[derive(Resource, Debug, Clone, Default)]
pub struct SeatsTaken(pub Vec<SeatInfo>);

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
    taken: Option<Res<SeatsTaken>>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let public = &public.0;
    let mut root = root_ui(ctx, "picker");
    let seats = taken.as_ref().map(|t| t.0.as_slice());
    egui::CentralPanel::default().show(&mut root, |ui| {
        intents.extend(show(ui, public, seats));
    });
    Ok(())
}

/// The picker; `seats` says who sits where in a hosted game day (`None` in solo play).
pub fn show(ui: &mut egui::Ui, p: &PublicScenario, seats: Option<&[SeatInfo]>) -> Vec<Intent> {
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
                    egui::RichText::new(&p.title)
                        .heading()
                        .size(crate::gui::controls::text_size(ui, 30.0)),
                );
                ui.label(
                    egui::RichText::new(&p.summary).size(crate::gui::controls::text_size(ui, 16.0)),
                );
                let meta = [
                    format!("difficulty: {}", p.difficulty.to_lowercase()),
                    format!("time limit: {}", format_duration(p.time_limit)),
                    format!("starts at {}", widgets::clock_short(p.clock_start, 0)),
                ];
                // What the drill is modelled on, and its objectives, would name the cause: they
                // wait for the debrief. The briefing sets the scene instead.
                ui.label(egui::RichText::new(meta.join("  ·  ")).color(palette::DIM));
                if let Some(b) = &p.briefing {
                    ui.add_space(10.0);
                    widgets::card(ui, |ui| {
                        ui.label(egui::RichText::new("Briefing").strong());
                        ui.label(b);
                    });
                }
                ui.add_space(18.0);
                ui.label(egui::RichText::new("Choose your role").heading());
                ui.label(
                    egui::RichText::new(
                        "Each role sees only its own dashboards, logs and alerts. Roles you do \
                         not take are played by bots. Tab moves between roles, Enter starts; F1 \
                         in the console lists every key.",
                    )
                    .color(palette::DIM),
                );
                ui.add_space(8.0);
                let roles: Vec<(usize, &RoleCard)> = p.roles.iter().enumerate().collect();
                for pair in roles.chunks(2) {
                    ui.columns(2, |cols| {
                        for (col, (r, role)) in cols.iter_mut().zip(pair) {
                            let seat = seats.and_then(|s| s.get(*r));
                            role_card(col, p, *r, role, seat, &mut out);
                        }
                    });
                    ui.add_space(6.0);
                }
            });
        });
    out
}

fn role_card(
    ui: &mut egui::Ui,
    p: &PublicScenario,
    r: usize,
    role: &RoleCard,
    seat: Option<&SeatInfo>,
    out: &mut Vec<Intent>,
) {
    widgets::card(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(&role.title)
                    .strong()
                    .size(crate::gui::controls::text_size(ui, 17.0)),
            );
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
        let list = |v: &[Name]| {
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
                "Dashboards: {}   ·   Logs: {}",
                list(&p.service_names(&role.dashboards)),
                list(&p.service_names(&role.logs))
            ))
            .small()
            .color(palette::DIM),
        );
        ui.add_space(4.0);
        match seat {
            Some(SeatInfo {
                taken_by: Some(who),
                ..
            }) => {
                ui.label(egui::RichText::new(format!("Taken by {who}")).color(palette::DIM));
                return;
            }
            Some(SeatInfo { bot: true, .. }) => {
                ui.label(egui::RichText::new("A bot plays this role").color(palette::DIM));
                return;
            }
            _ => {}
        }
        let b = ui.button(egui::RichText::new(format!("Play as {}", role.title)).strong());
        if r == 0 && !ui.ctx().memory(|m| m.focused().is_some()) {
            b.request_focus();
        }
        if b.clicked() {
            out.push(Intent::PickRole(r));
        }
    });
}

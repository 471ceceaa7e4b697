//! The facilitator's agenda for the debrief conversation, and the scenario's decision points
//! against what the team did. Prompts tied to a moment jump the playhead there.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{Playback, Recording, ReviewRegions, Tab};
use crate::debrief::Timing;
use crate::gui::GuiSet;
use crate::gui::theme::{self, palette};
use crate::gui::widgets::{self, region_ui, split_h};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(super::recording_open.and_then(|pb: Res<Playback>| pb.tab == Tab::Agenda)),
    );
}

fn timing(t: Timing) -> egui::RichText {
    let (text, color) = match t {
        Timing::Early => ("EARLY", palette::SKY),
        Timing::InWindow => ("IN THE WINDOW", palette::GREEN),
        Timing::Late => ("LATE", palette::ORANGE),
        Timing::NotTaken => ("NOT TAKEN", palette::VERMILLION),
    };
    egui::RichText::new(text).small().strong().color(color)
}

fn draw(
    mut contexts: EguiContexts,
    rec: Res<Recording>,
    regions: Res<ReviewRegions>,
    mut pb: ResMut<Playback>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let (left, right) = split_h(regions.center, 0.55, 14.0);
    widgets::divider(ctx, left, right);
    let start = rec.scenario.clock_start;
    let d = &rec.debrief;
    let mut ui = region_ui(ctx, "rv_agenda", left);
    theme::section(&mut ui, "FACILITATOR AGENDA", "");
    egui::ScrollArea::vertical()
        .id_salt("rv_agenda_scroll")
        .auto_shrink([false, false])
        .show(&mut ui, |ui| {
            for phase in &d.agenda.phases {
                ui.label(egui::RichText::new(&phase.title).heading());
                ui.label(
                    egui::RichText::new(&phase.purpose)
                        .small()
                        .color(palette::DIM),
                );
                for p in &phase.prompts {
                    ui.horizontal_wrapped(|ui| {
                        if let Some(t) = p.tick
                            && ui
                                .small_button(widgets::clock_short(start, t))
                                .on_hover_text("Show this moment")
                                .clicked()
                        {
                            pb.at = t.min(rec.last());
                            pb.playing = false;
                        }
                        if p.from_scenario {
                            ui.label(egui::RichText::new("AUTHOR").small().color(palette::PURPLE));
                        }
                        ui.label(&p.text);
                    });
                }
                ui.add_space(8.0);
            }
        });
    let mut ui = region_ui(ctx, "rv_decisions", right);
    theme::section(&mut ui, "DECISION POINTS", "");
    egui::ScrollArea::vertical()
        .id_salt("rv_decisions_scroll")
        .auto_shrink([false, false])
        .show(&mut ui, |ui| {
            if d.decisions.is_empty() {
                ui.label(egui::RichText::new("The scenario names none.").color(palette::DIM));
            }
            for dp in &d.decisions {
                egui::Frame::group(ui.style())
                    .fill(palette::CARD)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            ui.label(timing(dp.timing));
                            ui.label(egui::RichText::new(&dp.title).strong());
                        });
                        ui.label(
                            egui::RichText::new(format!(
                                "expected: {} between {} and {}",
                                dp.expected,
                                widgets::clock_short(start, dp.from),
                                widgets::clock_short(start, dp.until)
                            ))
                            .small(),
                        );
                        if let Some(t) = &dp.taken {
                            ui.label(format!(
                                "taken by {} at {}",
                                t.role,
                                widgets::clock_short(start, t.tick)
                            ));
                        }
                        if !dp.key_facts_missing.is_empty() {
                            ui.label(
                                egui::RichText::new(format!(
                                    "key facts not yet held: {}",
                                    dp.key_facts_missing.join(", ")
                                ))
                                .small()
                                .color(palette::ORANGE),
                            );
                        }
                        if let Some(trap) = &dp.trap {
                            ui.label(
                                egui::RichText::new(format!("trap: {trap}"))
                                    .small()
                                    .italics(),
                            );
                        }
                    });
            }
        });
    Ok(())
}

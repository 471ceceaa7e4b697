//! The Master Events List: every inject with its state; publish one now or skip it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{FacRegions, in_console, triggers};
use crate::gui::GuiSet;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::Live;
use crate::gui::theme::{self, Status as Word, palette};
use crate::gui::widgets::{self, region_ui};
use crate::sim::log::Command;
use crate::sim::state::SignalState;

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels).run_if(in_console),
    );
}

fn draw(
    mut contexts: EguiContexts,
    regions: Res<FacRegions>,
    live: Res<Live>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "fac_mel", regions.mel);
    let sc = live.scenario();
    let signals = live.world().resource::<SignalState>();
    theme::section(&mut ui, "MASTER EVENTS LIST", "injects");
    // Still to come first, in scenario order; then what already went out.
    let mut order: Vec<usize> = (0..sc.injects.len()).collect();
    order.sort_by_key(|&i| {
        let run = signals.injects[i];
        run.published.is_some() || run.skipped
    });
    egui::ScrollArea::vertical()
        .id_salt("mel_scroll")
        .auto_shrink([false, false])
        .show(&mut ui, |ui| {
            for i in order {
                let def = &sc.injects[i];
                let run = signals.injects[i];
                egui::Frame::group(ui.style())
                    .fill(palette::CARD)
                    .inner_margin(egui::Margin::symmetric(6, 3))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            if let Some(t) = run.published {
                                ui.label(Word::Done.rich().small());
                                ui.label(
                                    egui::RichText::new(format!(
                                        "published {}",
                                        widgets::clock_short(sc.clock_start, t)
                                    ))
                                    .small(),
                                );
                            } else if run.skipped {
                                ui.label(egui::RichText::new("⊗ SKIPPED").small().strong());
                            } else if run.requested {
                                ui.label(Word::Running.rich().small());
                                ui.label(egui::RichText::new("publishing").small());
                            } else {
                                ui.label(egui::RichText::new("○ PENDING").small().strong());
                                // When it will go out by itself, so the facilitator can plan.
                                ui.label(
                                    egui::RichText::new(triggers::describe(sc, &def.trigger))
                                        .small()
                                        .monospace(),
                                );
                            }
                            ui.label(
                                egui::RichText::new(widgets::channel_name(def.channel))
                                    .small()
                                    .color(palette::ORANGE),
                            );
                            ui.label(egui::RichText::new(&def.from).strong());
                            let to: Vec<&str> = if def.to.is_empty() {
                                vec!["everyone"]
                            } else {
                                def.to.iter().map(|&r| sc.roles[r].title.as_str()).collect()
                            };
                            ui.label(egui::RichText::new(format!("to {}", to.join(", "))).small());
                            if def.red_herring {
                                ui.label(
                                    egui::RichText::new("RED HERRING")
                                        .small()
                                        .color(palette::PURPLE),
                                );
                            }
                            if run.published.is_none() && !run.skipped && !run.requested {
                                if ui.small_button(format!("Publish {} now", def.id)).clicked() {
                                    intents.push(Intent::Facilitator(Command::Publish(
                                        def.id.clone(),
                                    )));
                                }
                                if ui.small_button(format!("Skip {}", def.id)).clicked() {
                                    intents
                                        .push(Intent::Facilitator(Command::Skip(def.id.clone())));
                                }
                            }
                        });
                        let text = ui.add(
                            egui::Label::new(egui::RichText::new(&def.text).small()).truncate(),
                        );
                        let mut hover = def.text.clone();
                        if let Some(n) = &def.note {
                            hover.push_str(&format!("\n\nnote: {n}"));
                        }
                        text.on_hover_text(hover);
                    });
            }
        });
    Ok(())
}

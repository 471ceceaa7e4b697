//! Who knew what, when: every fact against every role — when it could first have been seen, when
//! the role learnt it and how, and how long it took to reach the incident commander. Cells after
//! the playhead say "not yet" (and are dimmed), so scrubbing shows the team's knowledge then.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{Playback, Recording, ReviewRegions, Tab};
use crate::gui::GuiSet;
use crate::gui::theme::{self, palette};
use crate::gui::widgets::{self, region_ui};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(super::recording_open.and_then(|pb: Res<Playback>| pb.tab == Tab::Knowledge)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    rec: Res<Recording>,
    regions: Res<ReviewRegions>,
    pb: Res<Playback>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "rv_knowledge_tab", regions.center);
    let start = rec.scenario.clock_start;
    let d = &rec.debrief;
    theme::section(&mut ui, "WHO KNEW WHAT, WHEN", "");
    ui.label(
        egui::RichText::new(
            "Each cell: when the role learnt the fact (hover: how). KEY marks the scenario's key \
             facts. “★ knew” up to the playhead, “… not yet” after it.",
        )
        .small()
        .color(palette::DIM),
    );
    egui::ScrollArea::both()
        .id_salt("rv_knowledge_scroll")
        .auto_shrink([false, false])
        .show(&mut ui, |ui| {
            egui::Grid::new("who_knew")
                .striped(true)
                .min_col_width(90.0)
                .show(ui, |ui| {
                    ui.label(egui::RichText::new("fact").strong());
                    for r in &d.roles {
                        ui.label(egui::RichText::new(&r.title).strong());
                    }
                    ui.label(egui::RichText::new("to the commander").strong());
                    ui.end_row();
                    let mut facts: Vec<_> = d.knowledge.iter().collect();
                    facts.sort_by_key(|f| !f.key);
                    for f in facts {
                        ui.horizontal(|ui| {
                            if f.key {
                                ui.label(
                                    egui::RichText::new("KEY")
                                        .small()
                                        .strong()
                                        .color(palette::ORANGE),
                                );
                            }
                            // The fact by its text; the id, for an author, in small type.
                            ui.label(crate::debrief::text::quote(&crate::debrief::fit_text(
                                &f.text, 48,
                            )))
                            .on_hover_text(&f.text);
                            ui.label(
                                egui::RichText::new(&f.fact)
                                    .monospace()
                                    .small()
                                    .color(palette::DIM),
                            );
                        });
                        for cell in &f.roles {
                            match cell.seen {
                                Some(t) => {
                                    // Before and after the playhead differ in words and
                                    // weight, not only in colour.
                                    let when = widgets::clock_short(start, t);
                                    let text = if t <= pb.at {
                                        egui::RichText::new(format!("★ knew {when}"))
                                            .monospace()
                                            .strong()
                                            .color(palette::GREEN)
                                    } else {
                                        egui::RichText::new(format!("… not yet ({when})"))
                                            .monospace()
                                            .color(palette::DIM)
                                    };
                                    let mut hover = cell.seen_via.clone().unwrap_or_default();
                                    if let Some(a) = cell.available {
                                        hover.push_str(&format!(
                                            "\ncould first see it at {}",
                                            widgets::clock_short(start, a)
                                        ));
                                    }
                                    ui.label(text).on_hover_text(hover);
                                }
                                None => {
                                    let text = match cell.available {
                                        Some(a) => format!(
                                            "○ missed (there {})",
                                            widgets::clock_short(start, a)
                                        ),
                                        None => "—".into(),
                                    };
                                    ui.label(egui::RichText::new(text).small().color(palette::DIM));
                                }
                            }
                        }
                        match &f.to_commander {
                            Some(c) => match (c.learnt, c.since_available) {
                                (Some(t), Some(_)) => {
                                    // The debrief's own words: the wait counts from when the
                                    // fact mattered (the impact start, if later).
                                    let lag = crate::debrief::text::reach_lag(d, f);
                                    ui.label(format!(
                                        "{} ({})",
                                        widgets::clock_short(start, t),
                                        lag.unwrap_or_default()
                                    ));
                                }
                                (Some(t), None) => {
                                    ui.label(widgets::clock_short(start, t));
                                }
                                _ => {
                                    ui.label(
                                        egui::RichText::new("never reached")
                                            .color(palette::VERMILLION),
                                    );
                                }
                            },
                            None => {
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    Ok(())
}

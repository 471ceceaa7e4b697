//! Every role's activity: who plays it, which dashboard it is watching, what it knows, and what it
//! last did.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{FacRegions, in_console};
use crate::gui::GuiSet;
use crate::gui::eventtext;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::Live;
use crate::gui::theme::{self, palette};
use crate::gui::widgets::{self, region_ui};
use crate::sim::log::{Command, EventBody, Observation, Truth};
use crate::sim::state::{Knowledge, Status};

/// Each role's last command (tick, text), kept up to date from the log.
#[derive(Resource, Debug, Default)]
pub struct Activity {
    pub last: Vec<Option<(u64, String)>>,
    pub bots: Vec<String>,
    /// Free-text suspicions so far: (number, role, text), for matching to the scenario's.
    pub suspicions: Vec<(u32, String, String)>,
    scanned: usize,
}

impl Activity {
    pub fn update(&mut self, live: &Live) {
        let sc = live.scenario();
        let events = live.log().events();
        if self.scanned > events.len() {
            *self = Activity::default();
        }
        self.last.resize(sc.roles.len(), None);
        for e in &events[self.scanned..] {
            match &e.body {
                EventBody::Command { actor, command } => {
                    if let Some(r) = sc.role_ix(actor) {
                        self.last[r] = Some((e.tick, eventtext::describe(sc, command)));
                    }
                }
                EventBody::Seen {
                    what: Observation::Suspicion { n, by, text },
                    ..
                } => self.suspicions.push((*n, by.to_string(), text.clone())),
                EventBody::Truth(Truth::RunStarted { bots, .. }) => {
                    self.bots = bots.iter().map(|b| b.to_string()).collect();
                }
                _ => {}
            }
        }
        self.scanned = events.len();
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Activity>().add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels).run_if(in_console),
    );
}

fn draw(
    mut contexts: EguiContexts,
    regions: Res<FacRegions>,
    live: Res<Live>,
    mut activity: ResMut<Activity>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    activity.update(&live);
    let mut ui = region_ui(ctx, "fac_roles", regions.roles);
    let sc = live.scenario();
    let world = live.world();
    let knowledge = world.resource::<Knowledge>();
    let status = world.resource::<Status>();
    theme::section(&mut ui, "ROLES", "where each is looking, what each knows");
    egui::ScrollArea::vertical()
        .id_salt("roles_scroll")
        .auto_shrink([false, false])
        .show(&mut ui, |ui| {
            // A suspicion in a trainee's words counts once matched to the scenario's hypothesis.
            for (n, by, text) in &activity.suspicions {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(format!("SUSPICION {n}"))
                            .small()
                            .strong()
                            .color(palette::PURPLE),
                    );
                    ui.label(egui::RichText::new(format!("{by}: “{text}”")).small());
                    ui.menu_button("Match…", |ui| {
                        for h in &sc.hypotheses {
                            if ui.button(&h.statement).clicked() {
                                intents.push(Intent::Facilitator(Command::Match {
                                    suspicion: *n,
                                    hypothesis: h.id.clone(),
                                }));
                            }
                        }
                    })
                    .response
                    .on_hover_text("Count it as this hypothesis, proposed by its author (logged)");
                });
            }
            for (r, role) in sc.roles.iter().enumerate() {
                let known: Vec<usize> = (0..sc.facts.len())
                    .filter(|&f| status.known[f].contains(r))
                    .collect();
                egui::Frame::group(ui.style())
                    .fill(palette::CARD)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            ui.label(egui::RichText::new(&role.title).strong());
                            let bot = activity.bots.iter().any(|b| *b == *role.id);
                            ui.label(
                                egui::RichText::new(if bot { "BOT" } else { "PERSON" })
                                    .small()
                                    .strong()
                                    .color(if bot { palette::GREY } else { palette::SKY }),
                            );
                            let looking = knowledge.focus[r]
                                .map_or("nothing".to_string(), |s| sc.services[s].id.to_string());
                            ui.label(egui::RichText::new(format!("watching {looking}")).small());
                        });
                        if let Some((t, what)) = &activity.last[r] {
                            ui.label(
                                egui::RichText::new(format!(
                                    "{} {what}",
                                    widgets::clock_short(sc.clock_start, *t)
                                ))
                                .small()
                                .color(palette::DIM),
                            );
                        }
                        egui::CollapsingHeader::new(format!(
                            "knows {} of {} facts",
                            known.len(),
                            sc.facts.len()
                        ))
                        .id_salt(("knows", r))
                        .show(ui, |ui| {
                            for &f in &known {
                                // The fact as people read it; its id on hover, for the author.
                                ui.label(
                                    egui::RichText::new(format!(
                                        "• {}",
                                        crate::debrief::fit_text(&sc.facts[f].text, 60)
                                    ))
                                    .small(),
                                )
                                .on_hover_text(format!(
                                    "{} ({})",
                                    sc.facts[f].text, sc.facts[f].id
                                ));
                            }
                        });
                    });
            }
        });
    Ok(())
}

//! What this role knows: its briefing, its knowledge cards and every fact it has learnt, with where
//! each came from. Any fact can be shared with the team from here.

use bevy::prelude::*;
use bevy_egui::egui;

use super::Section;
use super::panel::Panel;
use super::view::{KnownFact, TraineeView};
use crate::gui::intent::Intent;
use crate::gui::theme::{self, palette};
use crate::gui::widgets;
use crate::sim::log::{Command, Via};

/// The knowledge panel (it keeps no state).
#[derive(Resource, Default)]
pub struct Knowledge;

impl Panel for Knowledge {
    const SECTION: Section = Section::Knowledge;
    fn draw(&mut self, ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
        show(ui, view, focus)
    }
}

/// Where a fact came from, in words.
pub fn source(view: &TraineeView, via: &Via) -> String {
    match via {
        Via::Card => "your knowledge card".into(),
        Via::Observed(what) => format!("you saw it: {what}"),
        Via::Action(a) => {
            let title = view
                .public
                .actions
                .iter()
                .find(|c| c.id == *a)
                .map_or(a.to_string(), |c| c.title.clone());
            format!("result of your action “{title}”")
        }
        Via::SharedBy(r) => format!("shared by {}", view.public.role_title(r)),
    }
}

pub fn show(ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
    let mut out = Vec::new();
    theme::section(ui, "KNOWLEDGE", Section::Knowledge.key_hint());
    let mut focus = focus;
    egui::ScrollArea::vertical()
        .id_salt("knowledge_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::CollapsingHeader::new("Your briefing")
                .id_salt("briefing")
                .default_open(false)
                .show(ui, |ui| {
                    if let Some(b) = &view.public.briefing {
                        ui.label(b);
                        ui.add_space(4.0);
                    }
                    ui.label(&view.me().briefing);
                });
            if view.facts.is_empty() {
                ui.label(egui::RichText::new("You have learnt nothing yet.").color(palette::DIM));
            }
            for f in view.facts.iter().rev() {
                fact(ui, view, f, &mut focus, &mut out);
            }
        });
    out
}

fn fact(
    ui: &mut egui::Ui,
    view: &TraineeView,
    f: &KnownFact,
    focus: &mut bool,
    out: &mut Vec<Intent>,
) {
    egui::Frame::group(ui.style())
        .fill(palette::CARD)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(&f.text);
            ui.horizontal_wrapped(|ui| {
                let tag = if matches!(f.via, Via::Card) {
                    "CARD"
                } else {
                    "LEARNT"
                };
                ui.label(
                    egui::RichText::new(tag)
                        .small()
                        .strong()
                        .color(palette::GREEN),
                );
                ui.label(
                    egui::RichText::new(format!(
                        "{} · {}",
                        widgets::clock_short(view.public.clock_start, f.tick),
                        source(view, &f.via)
                    ))
                    .small()
                    .color(palette::DIM),
                );
                if view.live {
                    let b = ui
                        .add_enabled(
                            !view.ended,
                            egui::Button::new("Share with everyone").small(),
                        )
                        .on_hover_text("Post this fact to the incident channel")
                        .on_disabled_hover_text("The exercise is over");
                    if std::mem::take(focus) {
                        b.request_focus();
                    }
                    if b.clicked() {
                        out.push(Intent::Role(Command::Share {
                            fact: f.id.clone(),
                            to: None,
                        }));
                    }
                }
            });
        });
}

//! Alerts routed to this role: firing ones first, each with its severity and state in words, and
//! an Acknowledge button.

use bevy::prelude::*;
use bevy_egui::egui;

use super::Section;
use super::panel::Panel;
use super::view::{AlertItem, TraineeView};
use crate::gui::intent::Intent;
use crate::gui::theme::{self, Status, palette};
use crate::gui::widgets;
use crate::sim::log::Command;

/// The alerts panel (it keeps no state).
#[derive(Resource, Default)]
pub struct Alerts;

impl Panel for Alerts {
    const SECTION: Section = Section::Alerts;
    fn draw(&mut self, ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
        show(ui, view, focus)
    }
}

/// Firing before resolved; among firing, unacknowledged first; newest first within each.
pub fn ordered(view: &TraineeView) -> Vec<&AlertItem> {
    let mut v: Vec<&AlertItem> = view.alerts.iter().collect();
    v.sort_by_key(|a| {
        (
            !a.firing(),
            a.acked_by.is_some(),
            std::cmp::Reverse(a.fired_at),
        )
    });
    v
}

pub fn show(ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
    let mut out = Vec::new();
    let open = view.open_alerts().count();
    // A narrow column puts the count under the title; a row wider than the panel would widen
    // everything below it past the panel's edge.
    ui.horizontal_wrapped(|ui| {
        theme::section(ui, "ALERTS", Section::Alerts.key_hint());
        if open > 0 {
            ui.label(
                egui::RichText::new(format!("{open} need acknowledging"))
                    .color(palette::VERMILLION)
                    .strong(),
            );
        }
    });
    let alerts = ordered(view);
    if alerts.is_empty() {
        ui.label(egui::RichText::new("No alerts routed to you yet.").color(palette::DIM));
        return out;
    }
    let mut focus = focus;
    egui::ScrollArea::vertical()
        .id_salt("alerts_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for a in alerts {
                card(ui, view, a, &mut focus, &mut out);
            }
        });
    out
}

fn card(
    ui: &mut egui::Ui,
    view: &TraineeView,
    a: &AlertItem,
    focus: &mut bool,
    out: &mut Vec<Intent>,
) {
    let start = view.public.clock_start;
    egui::Frame::group(ui.style())
        .fill(palette::CARD)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(theme::severity(a.severity));
                let status = if !a.firing() {
                    Status::Resolved
                } else if a.acked_by.is_some() {
                    Status::Acked
                } else {
                    Status::Firing
                };
                ui.label(status.rich());
                ui.label(
                    egui::RichText::new(widgets::clock(start, a.fired_at))
                        .monospace()
                        .color(palette::DIM),
                );
            });
            ui.label(egui::RichText::new(&a.title).strong());
            if let Some(by) = &a.acked_by {
                ui.label(format!("acknowledged by {}", view.public.role_title(by)));
            }
            if let Some(t) = a.resolved_at {
                ui.label(format!("resolved at {}", widgets::clock(start, t)));
            }
            if let Some(rb) = &a.runbook {
                ui.label(egui::RichText::new(format!("Runbook: {rb}")).small());
            }
            if a.firing() && a.acked_by.is_none() && view.live {
                let b = ui
                    .add_enabled(
                        !view.ended,
                        egui::Button::new(format!("Acknowledge “{}”", short(&a.title))),
                    )
                    .on_disabled_hover_text("The exercise is over");
                if std::mem::take(focus) {
                    b.request_focus();
                }
                if b.clicked() {
                    out.push(Intent::Role(Command::Ack(a.id.clone())));
                }
            }
        });
}

/// The first words of a title, for a button that must say which alert it acknowledges.
fn short(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().take(4).collect();
    let s = words.join(" ");
    if title.split_whitespace().count() > 4 {
        format!("{s}…")
    } else {
        s
    }
}

//! The viewer's transport: play/pause, speed, the scrubber, next/previous event, milestone jumps,
//! the perspective and the ground-truth toggle. Keys: P play/pause, [ and ] previous/next event,
//! Home/End.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{Playback, Recording, SPEEDS, Tab, milestones};
use crate::gui::GuiSet;
use crate::gui::intent::Intent;
use crate::gui::theme::{Status, palette};
use crate::gui::widgets;

pub fn plugin(app: &mut App) {
    app.add_systems(Update, advance.run_if(super::recording_open))
        .add_systems(
            EguiPrimaryContextPass,
            keys.in_set(GuiSet::Style).run_if(super::recording_open),
        );
}

/// Moves the playhead by wall time × speed, stopping at an event if asked.
fn advance(time: Res<Time<Real>>, rec: Res<Recording>, mut pb: ResMut<Playback>) {
    if !pb.playing {
        return;
    }
    pb.carry += time.delta_secs_f64() * pb.speed as f64;
    let steps = pb.carry.floor() as u64;
    if steps == 0 {
        return;
    }
    pb.carry -= steps as f64;
    let target = (pb.at + steps).min(rec.last());
    if pb.stop_at_events
        && let Some(next) = next_moment(&rec, &pb, pb.at)
        && next <= target
    {
        pb.at = next;
        pb.playing = false;
        return;
    }
    pb.at = target;
    if pb.at >= rec.last() {
        pb.playing = false;
    }
}

/// The first tick after `at` with an event that matters to the perspective shown.
pub fn next_moment(rec: &Recording, pb: &Playback, at: u64) -> Option<u64> {
    let i = rec.moments.partition_point(|m| m.tick <= at);
    rec.moments[i..]
        .iter()
        .find(|m| m.counts(rec, pb))
        .map(|m| m.tick)
}

pub fn prev_moment(rec: &Recording, pb: &Playback, at: u64) -> Option<u64> {
    let i = rec.moments.partition_point(|m| m.tick < at);
    rec.moments[..i]
        .iter()
        .rev()
        .find(|m| m.counts(rec, pb))
        .map(|m| m.tick)
}

fn keys(mut contexts: EguiContexts, rec: Res<Recording>, mut pb: ResMut<Playback>) -> Result {
    let ctx = contexts.ctx_mut()?;
    if ctx.egui_wants_keyboard_input() {
        return Ok(());
    }
    ctx.input_mut(|i| {
        let none = egui::Modifiers::NONE;
        if i.consume_key(none, egui::Key::P) {
            pb.playing = !pb.playing;
        }
        if i.consume_key(none, egui::Key::CloseBracket)
            && let Some(t) = next_moment(&rec, &pb, pb.at)
        {
            pb.at = t;
        }
        if i.consume_key(none, egui::Key::OpenBracket)
            && let Some(t) = prev_moment(&rec, &pb, pb.at)
        {
            pb.at = t;
        }
        if i.consume_key(none, egui::Key::Home) {
            pb.at = 0;
        }
        if i.consume_key(none, egui::Key::End) {
            pb.at = rec.last();
        }
    });
    Ok(())
}

/// The two rows at the top of the viewer.
pub fn bar(ui: &mut egui::Ui, rec: &Recording, pb: &mut Playback) -> Vec<Intent> {
    let out = Vec::new();
    let start = rec.scenario.clock_start;
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new("firedrill")
                .strong()
                .color(palette::ORANGE),
        );
        ui.separator();
        ui.label(egui::RichText::new("DEBRIEF").strong());
        ui.label(egui::RichText::new(&rec.scenario.title).strong());
        ui.label(egui::RichText::new(&rec.source).monospace().small());
        if let Some(end) = &rec.debrief.run.end {
            let s = if end.resolved {
                Status::Resolved
            } else {
                Status::Firing
            };
            ui.label(s.rich().small());
            ui.label(
                egui::RichText::new(format!("{} at {}", end.reason, widgets::elapsed(end.tick)))
                    .small(),
            );
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for (tab, label) in [
                (Tab::Agenda, "Agenda & decisions"),
                (Tab::Knowledge, "Who knew what, when"),
                (Tab::Timeline, "Timeline"),
                (Tab::Perspective, "Perspective"),
            ] {
                ui.selectable_value(&mut pb.tab, tab, label);
            }
        });
    });
    ui.horizontal(|ui| {
        let play = if pb.playing { "⏸ Pause" } else { "⏵ Play" };
        if ui
            .button("⏮")
            .on_hover_text("To the start (Home)")
            .clicked()
        {
            pb.at = 0;
        }
        if ui
            .button("⏴ event")
            .on_hover_text("Previous event ([)")
            .clicked()
            && let Some(t) = prev_moment(rec, pb, pb.at)
        {
            pb.at = t;
        }
        if ui.button(play).on_hover_text("Play / pause (P)").clicked() {
            if pb.at >= rec.last() {
                pb.at = 0;
            }
            pb.playing = !pb.playing;
        }
        if ui
            .button("event ⏵")
            .on_hover_text("Next event (])")
            .clicked()
            && let Some(t) = next_moment(rec, pb, pb.at)
        {
            pb.at = t;
        }
        ui.checkbox(&mut pb.stop_at_events, "pause at each event");
        egui::ComboBox::from_id_salt("review_speed")
            .selected_text(format!("{}×", pb.speed))
            .width(64.0)
            .show_ui(ui, |ui| {
                for s in SPEEDS {
                    ui.selectable_value(&mut pb.speed, s, format!("{s}×"));
                }
            });
        ui.label(
            egui::RichText::new(widgets::clock(start, pb.at))
                .monospace()
                .strong()
                .size(17.0),
        );
        ui.label(
            egui::RichText::new(format!(
                "{} / {}",
                widgets::elapsed(pb.at),
                widgets::elapsed(rec.last())
            ))
            .monospace()
            .small(),
        );
        let mut at = pb.at;
        let w = (ui.available_width() - 430.0).max(120.0);
        ui.spacing_mut().slider_width = w;
        if ui
            .add(
                egui::Slider::new(&mut at, 0..=rec.last())
                    .show_value(false)
                    .custom_formatter(|v, _| widgets::clock(start, v as u64)),
            )
            .on_hover_text("Scrub through the run")
            .changed()
        {
            pb.at = at;
        }
        ui.separator();
        ui.label("Seen by");
        let text = match pb.perspective {
            None => "everyone (facilitator)".to_string(),
            Some(r) => rec.public.roles[r].title.clone(),
        };
        egui::ComboBox::from_id_salt("perspective")
            .selected_text(text)
            .width(170.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut pb.perspective, None, "everyone (facilitator)");
                for (r, role) in rec.public.roles.iter().enumerate() {
                    ui.selectable_value(&mut pb.perspective, Some(r), &role.title);
                }
            });
        ui.checkbox(&mut pb.truth, "ground truth");
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("Jump to").small());
        for m in milestones::chronological(&rec.debrief.milestones) {
            let Some(t) = m.tick else { continue };
            if !pb.truth && milestones::is_truth(m.kind) {
                continue;
            }
            if ui
                .small_button(format!(
                    "{} {}",
                    m.kind.label(),
                    widgets::clock_short(start, t)
                ))
                .on_hover_text(m.detail.clone().unwrap_or_default())
                .clicked()
            {
                pb.at = t.min(rec.last());
                pb.playing = false;
            }
        }
    });
    out
}

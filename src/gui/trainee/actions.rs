//! The actions of the scenario: what this role may do and how long each takes, progress of what it
//! started and the result; actions it may not take say who can.

use bevy::prelude::*;
use bevy_egui::egui;

use super::Section;
use super::panel::Panel;
use super::view::TraineeView;
use crate::gui::controls;
use crate::gui::intent::Intent;
use crate::gui::theme::{self, Status, palette};
use crate::gui::widgets;
use crate::scenario::units::format_duration;
use crate::sim::log::Command;

/// The actions panel (it keeps no state).
#[derive(Resource, Default)]
pub struct Actions;

impl Panel for Actions {
    const SECTION: Section = Section::Actions;
    fn draw(&mut self, ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
        show(ui, view, focus)
    }
}

/// This role's actions first, in scenario order, then the others'.
pub fn ordered(view: &TraineeView) -> Vec<usize> {
    let n = view.public.actions.len();
    let (mut mine, theirs): (Vec<usize>, Vec<usize>) = (0..n).partition(|&a| view.may_run(a));
    mine.extend(theirs);
    mine
}

pub fn show(ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
    let mut out = Vec::new();
    theme::section(ui, "ACTIONS", Section::Actions.key_hint());
    let mut focus = focus;
    let scroll = egui::ScrollArea::vertical()
        .id_salt("actions_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ordered(view)
                .into_iter()
                .map(|a| row(ui, view, a, &mut focus, &mut out))
                .collect::<Vec<egui::Rect>>()
        });
    let below = scroll
        .inner
        .iter()
        .filter(|r| r.bottom() > scroll.inner_rect.bottom() + 1.0)
        .count();
    if below > 0 {
        widgets::more_below(ui, scroll.inner_rect, below);
    }
    out
}

/// One action's card; returns where it went.
fn row(
    ui: &mut egui::Ui,
    view: &TraineeView,
    a: usize,
    focus: &mut bool,
    out: &mut Vec<Intent>,
) -> egui::Rect {
    let card = &view.public.actions[a];
    let state = &view.actions[a];
    let mine = view.may_run(a);
    let fill = if mine { palette::CARD } else { palette::PANEL };
    let card_frame = egui::Frame::group(ui.style()).fill(fill).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = egui::RichText::new(&card.title);
        ui.add(
            egui::Label::new(if mine {
                title.strong()
            } else {
                title.color(palette::DIM)
            })
            .wrap(),
        );
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!("takes {}", format_duration(card.duration)))
                    .small()
                    .monospace(),
            );
            if !mine {
                ui.label(Status::Forbidden.rich().small());
                let who: Vec<&str> = card
                    .roles
                    .iter()
                    .map(|&r| view.public.roles[r].title.as_str())
                    .collect();
                ui.label(egui::RichText::new(format!("only {}", who.join(" or "))).small());
            }
        });
        if let Some(run) = view.running(a) {
            let total = run.done_at.saturating_sub(run.started).max(1);
            let done = view.tick.saturating_sub(run.started).min(total);
            let left = total - done;
            ui.horizontal(|ui| {
                ui.label(Status::Running.rich());
                controls::progress(
                    ui,
                    done as f32 / total as f32,
                    &format!("{} left", format_duration(left)),
                    (ui.available_width() - 90.0).max(40.0),
                );
            });
        } else if mine && view.live {
            let b = ui
                .add_enabled(
                    !view.ended,
                    egui::Button::new(format!("Run: {}", card.title)).wrap(),
                )
                .on_disabled_hover_text("The exercise is over");
            if std::mem::take(focus) {
                b.request_focus();
            }
            if b.clicked() {
                out.push(Intent::Role(Command::Run(card.id.clone())));
            }
        }
        if let Some(run) = &state.run
            && let Some((t, result)) = &run.completed
            && Some(*t) >= state.refused.as_ref().map(|r| r.0)
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(Status::Done.rich());
                ui.label(result.as_deref().unwrap_or("done"));
            });
        }
        if let Some((t, reason)) = &state.refused
            && state.run.as_ref().is_none_or(|r| r.started < *t)
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(Status::Refused.rich());
                ui.label(reason);
            });
        }
    });
    card_frame.response.rect
}

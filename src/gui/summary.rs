//! The end of a run: the outcome, when the milestones came, the trainee's part in it, a look back
//! for a trainee (the objectives, questions left unanswered, facts the commander needed), where
//! the run file is, and the way into the debrief viewer. Nothing here scores the person.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::intent::{Intent, Intents};
use super::session::{Live, SessionInfo};
use super::theme::palette;
use super::third_party::egui::root_ui;
use super::trainee::TraineeView;
use super::widgets;
use super::{GuiSet, Screen};
use crate::debrief::solo::LookingBack;
use crate::scenario::model::Milestone;
use crate::sim::RunOutcome;

/// Taken from the simulation when the run ends; from here on the exercise is over and its ground
/// truth is the debrief's subject.
#[derive(Resource, Debug, Clone)]
pub struct RunSummary {
    pub outcome: RunOutcome,
    /// For a trainee's own session.
    pub looking_back: Option<LookingBack>,
}

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Summary), capture)
        .add_systems(
            EguiPrimaryContextPass,
            draw.in_set(GuiSet::Panels)
                .run_if(in_state(Screen::Summary).and_then(resource_exists::<RunSummary>)),
        );
}

fn capture(live: Option<Res<Live>>, mut commands: Commands) {
    if let Some(live) = live {
        let looking_back = live
            .role
            .map(|r| crate::debrief::solo::looking_back(live.scenario(), live.log(), r));
        commands.insert_resource(RunSummary {
            outcome: live.outcome(),
            looking_back,
        });
    }
}

fn draw(
    mut contexts: EguiContexts,
    summary: Res<RunSummary>,
    info: Res<SessionInfo>,
    view: Option<Res<TraineeView>>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "summary");
    egui::CentralPanel::default().show(&mut root, |ui| {
        intents.extend(show(ui, &summary, &info, view.as_deref()));
    });
    Ok(())
}

pub fn show(
    ui: &mut egui::Ui,
    summary: &RunSummary,
    info: &SessionInfo,
    view: Option<&TraineeView>,
) -> Vec<Intent> {
    let mut out = Vec::new();
    let end = &summary.outcome.end;
    widgets::centered(ui, 960.0, |ui| {
        ui.add_space(28.0);
        ui.label(
            egui::RichText::new("Exercise over")
                .heading()
                .size(crate::gui::controls::text_size(ui, 28.0)),
        );
        ui.label(
            egui::RichText::new(&info.title)
                .strong()
                .size(crate::gui::controls::text_size(ui, 16.0)),
        );
        ui.add_space(8.0);
        widgets::card(ui, |ui| {
            let (word, color, text) = if end.resolved {
                (
                    "★ RESOLVED",
                    palette::GREEN,
                    "The team resolved the incident",
                )
            } else {
                (
                    "⚑ NOT RESOLVED",
                    palette::VERMILLION,
                    "The incident was not resolved",
                )
            };
            ui.label(
                egui::RichText::new(word)
                    .color(color)
                    .strong()
                    .size(crate::gui::controls::text_size(ui, 22.0)),
            );
            ui.label(format!(
                "{text}: {} at {} on the exercise clock ({}).",
                end.reason,
                widgets::elapsed(end.tick),
                widgets::clock(info.clock_start, end.tick)
            ));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let open = ui.button(
                    egui::RichText::new("Open the debrief viewer")
                        .strong()
                        .size(crate::gui::controls::text_size(ui, 17.0)),
                );
                if !ui.ctx().memory(|m| m.focused().is_some()) {
                    open.request_focus();
                }
                if open.clicked() {
                    out.push(Intent::OpenReview);
                }
                let back = if view.is_some() {
                    Screen::Trainee
                } else {
                    Screen::Facilitator
                };
                if ui.button("Back to the console (read-only)").clicked() {
                    out.push(Intent::Go(back));
                }
                if ui.button("Quit").clicked() {
                    out.push(Intent::Quit);
                }
            });
        });
        if let Some(lb) = &summary.looking_back {
            ui.add_space(8.0);
            widgets::card(ui, |ui| looking_back(ui, lb, info));
        }
        ui.add_space(8.0);
        ui.columns(2, |cols| {
            widgets::card(&mut cols[0], |ui| {
                ui.label(egui::RichText::new("Milestones").strong());
                egui::Grid::new("milestones").striped(true).show(ui, |ui| {
                    // In the order they came, then the ones never reached.
                    let mut reached = summary.outcome.milestones.clone();
                    reached.sort_by_key(|(_, t)| *t);
                    for (m, t) in &reached {
                        ui.label(m.label());
                        ui.label(egui::RichText::new(widgets::elapsed(*t)).monospace());
                        ui.label(
                            egui::RichText::new(widgets::clock(info.clock_start, *t))
                                .monospace()
                                .color(palette::DIM),
                        );
                        ui.end_row();
                    }
                    for m in Milestone::ALL {
                        if reached.iter().all(|(r, _)| *r != m) {
                            ui.label(egui::RichText::new(m.label()).color(palette::DIM));
                            ui.label(egui::RichText::new("not reached").color(palette::DIM));
                            ui.end_row();
                        }
                    }
                });
            });
            widgets::card(&mut cols[1], |ui| {
                if let Some(v) = view {
                    ui.label(
                        egui::RichText::new(format!("Your part as {}", v.me().title)).strong(),
                    );
                    let me = &*v.me().id;
                    let acked = v
                        .alerts
                        .iter()
                        .filter(|a| a.acked_by.as_deref() == Some(me))
                        .count();
                    let ran = v.actions.iter().filter(|a| a.run.is_some()).count();
                    let shared = v
                        .channel
                        .iter()
                        .filter(|c| {
                            matches!(&c.kind, super::trainee::view::ChannelKind::Shared { from, .. }
                                if &**from == me)
                        })
                        .count();
                    egui::Grid::new("your_part").show(ui, |ui| {
                        for (what, n) in [
                            ("facts you held", v.facts.len()),
                            ("facts you shared", shared),
                            ("alerts you acknowledged", acked),
                            ("actions you started", ran),
                        ] {
                            ui.label(what);
                            ui.label(egui::RichText::new(n.to_string()).monospace().strong());
                            ui.end_row();
                        }
                    });
                    ui.add_space(6.0);
                }
                ui.label(egui::RichText::new("Run file").strong());
                match &info.run_path {
                    Some(p) => {
                        ui.label(egui::RichText::new(p.display().to_string()).monospace());
                        ui.label(
                            egui::RichText::new(format!(
                                "firedrill replay {0}\nfiredrill review {0}",
                                p.display()
                            ))
                            .monospace()
                            .small()
                            .color(palette::DIM),
                        );
                    }
                    None => {
                        ui.label("not recorded");
                    }
                }
                if let Some(e) = &info.write_error {
                    ui.label(egui::RichText::new(e).color(palette::VERMILLION));
                }
            });
        });
    });
    out
}

/// Prompts for the trainee's own review: what the exercise set out to practise, and where the
/// run shows something worth talking about.
fn looking_back(ui: &mut egui::Ui, lb: &LookingBack, info: &SessionInfo) {
    ui.label(egui::RichText::new("Looking back").strong());
    if !lb.objectives.is_empty() {
        ui.label("The exercise set out to practise:");
        for o in &lb.objectives {
            ui.label(format!("• {o}"));
        }
    }
    let at = |t: u64| widgets::clock_short(info.clock_start, t);
    if !lb.unanswered.is_empty() {
        ui.add_space(4.0);
        ui.label("Questions put to you that went unanswered:");
        for q in &lb.unanswered {
            ui.label(format!("• {} {}: “{}”", at(q.tick), q.from, q.text));
        }
    }
    if !lb.needed.is_empty() {
        ui.add_space(4.0);
        ui.label("Facts you held that the commander needed for the diagnosis:");
        for n in &lb.needed {
            let when = match n.commander {
                Some(c) => format!("you from {}, the commander from {}", at(n.held), at(c)),
                None => format!("you from {}; the commander never had it", at(n.held)),
            };
            ui.label(format!("• {} ({when})", n.text));
        }
    }
    ui.add_space(4.0);
    ui.label(
        egui::RichText::new(
            "The debrief viewer shows who knew what and when, and the decisions taken: go through \
             it for each of these.",
        )
        .color(palette::DIM),
    );
}

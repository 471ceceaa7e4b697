//! The facilitator console: ground truth (active faults, hidden service state, customer impact),
//! every role's activity, the clock (pause, resume, speed), the Master Events List of injects,
//! manual faults, and the scenario file being authored. Everything the facilitator does is a
//! facilitator command, so it lands in the event log.
//!
//! Unlike the trainee console, these panels read the simulation's state directly (through
//! [`Live`]): seeing ground truth is the facilitator's job.

pub mod authoring;
pub mod events;
pub mod history;
pub mod keys;
pub mod mel;
pub mod roles;
pub mod system;
pub mod tools;
pub mod triggers;
pub mod truth;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::controls;
use super::intent::{Intent, Intents};
use super::session::clock::{ClockState, SPEEDS};
use super::session::{Live, SessionInfo};
use super::theme::{Status, TextScale};
use super::third_party::egui::root_ui;
use super::widgets::{self, Frame, Framed, Side, split_h, split_v};
use super::{GuiSet, Screen};
use crate::scenario::units::{Factor, PPM};
use crate::sim::log::Command;

/// Ground truth on the left, the injects and roles on the right, the event log and the scenario
/// file below.
const FRAME: Frame = Frame {
    bottom: Side {
        default: 0.27,
        min: 0.14,
        max: 0.58,
    },
    left: Side {
        default: 0.24,
        min: 0.175,
        max: 0.375,
    },
    right: Side {
        default: 0.27,
        min: 0.19,
        max: 0.4,
    },
};

/// Where each facilitator panel draws this frame.
#[derive(Resource, Debug, Clone, Copy)]
pub struct FacRegions {
    pub truth: egui::Rect,
    pub faults: egui::Rect,
    pub services: egui::Rect,
    pub mel: egui::Rect,
    pub roles: egui::Rect,
    pub events: egui::Rect,
    pub authoring: egui::Rect,
}

impl Default for FacRegions {
    fn default() -> Self {
        FacRegions {
            truth: egui::Rect::NOTHING,
            faults: egui::Rect::NOTHING,
            services: egui::Rect::NOTHING,
            mel: egui::Rect::NOTHING,
            roles: egui::Rect::NOTHING,
            events: egui::Rect::NOTHING,
            authoring: egui::Rect::NOTHING,
        }
    }
}

/// The facilitator console runs while a facilitator session is live.
pub fn in_console(state: Res<State<Screen>>, live: Option<Res<Live>>) -> bool {
    *state.get() == Screen::Facilitator && live.is_some_and(|l| l.role.is_none())
}

pub fn plugin(app: &mut App) {
    app.init_resource::<FacRegions>()
        .add_systems(
            EguiPrimaryContextPass,
            frame.in_set(GuiSet::Layout).run_if(in_console),
        )
        .add_plugins((
            history::plugin,
            keys::plugin,
            truth::plugin,
            mel::plugin,
            roles::plugin,
            system::plugin,
            events::plugin,
            authoring::plugin,
            tools::plugin,
        ));
}

fn frame(
    mut contexts: EguiContexts,
    info: Res<SessionInfo>,
    clock: Res<ClockState>,
    time: Res<Time<Virtual>>,
    mut regions: ResMut<FacRegions>,
    mut intents: ResMut<Intents>,
    mut scale: ResMut<TextScale>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "facilitator");
    egui::Panel::top("fac_top").show(&mut root, |ui| {
        top_bar(
            ui,
            &info,
            &clock,
            time.relative_speed(),
            &mut intents,
            &mut scale,
        );
    });
    let Framed {
        bottom,
        left,
        right,
        center,
    } = widgets::frame(&mut root, "fac", &FRAME);
    let (truth, faults) = split_v(left, 0.62, 10.0);
    let (mel, roles) = split_v(right, 0.56, 10.0);
    let (events, authoring) = split_h(bottom, 0.6, 12.0);
    widgets::divider(ctx, truth, faults);
    widgets::divider(ctx, mel, roles);
    widgets::divider(ctx, events, authoring);
    *regions = FacRegions {
        truth,
        faults,
        services: center,
        mel,
        roles,
        events,
        authoring,
    };
    Ok(())
}

fn top_bar(
    ui: &mut egui::Ui,
    info: &SessionInfo,
    clock: &ClockState,
    speed: f32,
    intents: &mut Intents,
    scale: &mut TextScale,
) {
    // In a row: the layout below alone would take the whole height of the panel.
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("A+")
                .on_hover_text("Larger text (Ctrl +)")
                .clicked()
            {
                *scale = scale.step(true);
            }
            if ui
                .button("A−")
                .on_hover_text("Smaller text (Ctrl −)")
                .clicked()
            {
                *scale = scale.step(false);
            }
            widgets::bar_info(ui, |ui| {
                widgets::bar_brand(ui, &info.title);
                ui.label(Status::Truth.rich());
                ui.label("FACILITATOR");
                ui.separator();
                ui.add(
                    egui::Label::new(controls::big_clock(
                        ui,
                        widgets::clock(info.clock_start, info.tick),
                    ))
                    .extend(),
                );
                controls::exercise_progress(ui, info.tick, info.time_limit);
                ui.separator();
                if info.ended.is_some() {
                    // Read-only after the end: the clock controls would be dropped by the session.
                    ui.label(Status::Ended.rich());
                    if ui
                        .button("Back to the summary")
                        .on_hover_text("The outcome and the way into the debrief viewer")
                        .clicked()
                    {
                        intents.push(Intent::Go(Screen::Summary));
                    }
                } else if clock.facilitator_paused {
                    ui.label(Status::Paused.rich());
                    if ui.button("⏵ Resume").clicked() {
                        intents.push(Intent::Facilitator(Command::Resume));
                    }
                } else {
                    ui.label(Status::Live.rich());
                    if ui.button("⏸ Pause").clicked() {
                        intents.push(Intent::Facilitator(Command::Pause));
                    }
                }
                ui.label("speed");
                // Each its own item, so the row wraps between them rather than inside a group.
                for s in SPEEDS {
                    let on = (speed - s).abs() < 1e-3;
                    if ui
                        .add_enabled(
                            info.ended.is_none(),
                            egui::Button::selectable(on, format!("{s}×")),
                        )
                        .on_hover_text("Set the exercise's speed (logged)")
                        .clicked()
                        && !on
                    {
                        let ppm = (s as f64 * PPM as f64).round() as u64;
                        intents.push(Intent::Facilitator(Command::Speed(Factor(ppm))));
                    }
                }
                if clock.pending {
                    ui.label(egui::RichText::new("(applies at the next tick)").small());
                }
            });
        });
    });
}

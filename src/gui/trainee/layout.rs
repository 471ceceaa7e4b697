//! The console's frame: the top bar (clock, time limit, speed, pause) and the regions each panel
//! draws into, plus the keyboard shortcuts that move the focus between panels.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::view::TraineeView;
use super::{FocusRequest, Section};
use crate::gui::GuiSet;
use crate::gui::controls;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::clock::ClockState;
use crate::gui::theme::Status;
use crate::gui::third_party::egui::root_ui;
use crate::gui::widgets::{self, Frame, Framed, Side, split_h, split_v};

/// Alerts and actions on the left, the incident channel on the right, logs and knowledge below,
/// the dashboards in the centre.
pub const FRAME: Frame = Frame {
    bottom: Side {
        default: 0.29,
        min: 0.14,
        max: 0.6,
    },
    left: Side {
        default: 0.21,
        min: 0.16,
        max: 0.35,
    },
    right: Side {
        default: 0.27,
        min: 0.19,
        max: 0.4,
    },
};

/// Where each panel draws this frame, by [`Section::index`].
#[derive(Resource, Debug, Clone, Copy)]
pub struct Regions([egui::Rect; Section::ALL.len()]);

impl Default for Regions {
    fn default() -> Self {
        Regions([egui::Rect::NOTHING; Section::ALL.len()])
    }
}

impl Regions {
    pub fn of(&self, s: Section) -> egui::Rect {
        self.0[s.index()]
    }
}

/// Whether the keyboard help is open (F1).
#[derive(Resource, Debug, Default)]
pub struct Help(pub bool);

pub fn plugin(app: &mut App) {
    app.init_resource::<Regions>()
        .init_resource::<Help>()
        .add_systems(
            EguiPrimaryContextPass,
            (shortcuts, frame)
                .chain()
                .in_set(GuiSet::Layout)
                .run_if(super::console_open),
        );
}

fn shortcuts(
    mut contexts: EguiContexts,
    mut focus: ResMut<FocusRequest>,
    mut help: ResMut<Help>,
    clock: Res<ClockState>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let keys = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
    ];
    ctx.input_mut(|i| {
        for (k, s) in keys.iter().zip(Section::ALL) {
            if i.consume_key(egui::Modifiers::COMMAND, *k) {
                focus.0 = Some(s);
            }
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::F1) {
            help.0 = !help.0;
        }
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::P) {
            intents.push(Intent::LocalPause(!clock.local_paused));
        }
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::H) {
            intents.push(Intent::Role(crate::sim::log::Command::Stuck));
        }
    });
    Ok(())
}

/// What the top bar's buttons switch: the keyboard help and the text size.
#[derive(bevy::ecs::system::SystemParam)]
struct BarState<'w> {
    help: ResMut<'w, Help>,
    scale: ResMut<'w, crate::gui::theme::TextScale>,
}

fn frame(
    mut contexts: EguiContexts,
    view: Res<TraineeView>,
    clock: Res<ClockState>,
    mut regions: ResMut<Regions>,
    bar: BarState,
    mut intents: ResMut<Intents>,
    joined: Option<Res<crate::net::client::Joined>>,
) -> Result {
    let BarState {
        mut help,
        mut scale,
    } = bar;
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "trainee");
    egui::Panel::top("trainee_top").show(&mut root, |ui| {
        top_bar(
            ui,
            &view,
            &clock,
            joined.is_none(),
            &mut help,
            &mut intents,
            &mut scale,
        );
    });
    let Framed {
        bottom,
        left,
        right,
        center,
    } = widgets::frame(&mut root, "trainee", &FRAME);
    let (alerts, actions) = split_v(left, 0.42, 10.0);
    let (logs, knowledge) = split_h(bottom, 0.62, 12.0);
    widgets::divider(ctx, alerts, actions);
    widgets::divider(ctx, logs, knowledge);
    let mut placed = Regions::default();
    for (s, r) in [
        (Section::Dashboards, center),
        (Section::Logs, logs),
        (Section::Alerts, alerts),
        (Section::Channel, right),
        (Section::Actions, actions),
        (Section::Knowledge, knowledge),
    ] {
        placed.0[s.index()] = r;
    }
    *regions = placed;
    if help.0 {
        help_window(ctx, &mut help.0);
    }
    Ok(())
}

fn top_bar(
    ui: &mut egui::Ui,
    view: &TraineeView,
    clock: &ClockState,
    solo: bool,
    help: &mut Help,
    intents: &mut Intents,
    scale: &mut crate::gui::theme::TextScale,
) {
    let p = &view.public;
    let speed =
        view.clock.speed_ppm as f32 / crate::scenario::units::PPM as f32 * clock.local_speed;
    // In a row: the layout below alone would take the whole height of the panel.
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("? Keys")
                .on_hover_text("Keyboard shortcuts (F1)")
                .clicked()
            {
                help.0 = !help.0;
            }
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
            let label = if clock.local_paused {
                "⏵ Resume"
            } else {
                "⏸ Pause"
            };
            if ui
                .add_enabled(!view.ended, egui::Button::new(label))
                .on_hover_text("Pause your own clock for solo practice (Ctrl+P)")
                .clicked()
            {
                intents.push(Intent::LocalPause(!clock.local_paused));
            }
            if solo {
                // Right to left: ×4 ends up rightmost.
                for x in crate::gui::session::clock::SOLO_SPEEDS.iter().rev() {
                    let on = (clock.local_speed - x).abs() < 0.01;
                    if ui
                        .add_enabled(!view.ended, egui::Button::new(format!("×{x}")).selected(on))
                        .on_hover_text("Practising alone: run the clock faster")
                        .clicked()
                    {
                        intents.push(Intent::LocalSpeed(*x));
                    }
                }
            }
            widgets::bar_info(ui, |ui| {
                widgets::bar_brand(ui, &p.title);
                let me = view.me();
                ui.label(format!("You are: {} ({})", me.title, me.id));
                ui.separator();
                // Whole, onto the next line if need be: never broken inside the time.
                ui.add(
                    egui::Label::new(controls::big_clock(
                        ui,
                        widgets::clock(p.clock_start, view.tick),
                    ))
                    .extend(),
                )
                .on_hover_text("The scenario's clock");
                controls::exercise_progress(ui, view.tick, p.time_limit)
                    .on_hover_text("Elapsed time against the exercise's time limit");
                ui.label(format!("speed {}×", speed));
                if view.ended {
                    ui.label(Status::Ended.rich());
                    if ui
                        .button("Back to the summary")
                        .on_hover_text("The outcome and the way into the debrief viewer")
                        .clicked()
                    {
                        intents.push(Intent::Go(crate::gui::Screen::Summary));
                    }
                } else if clock.facilitator_paused || view.clock.paused {
                    ui.label(Status::Paused.rich());
                    ui.label("by the facilitator");
                } else if clock.local_paused {
                    ui.label(Status::Paused.rich());
                } else {
                    ui.label(Status::Live.rich());
                }
            });
        });
    });
}

pub fn help_window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("keys").striped(true).show(ui, |ui| {
                // Every trainee action by keyboard; the channel's Tab order runs from the
                // message box through the compose controls to the hypotheses' buttons.
                let rows = [
                    ("Tab / Shift+Tab", "move between controls"),
                    (
                        "Enter or Space",
                        "press the focused button, tick the focused box",
                    ),
                    (
                        "Up / Down",
                        "on a focused drop-down: the previous / next choice",
                    ),
                    (
                        "Ctrl+1",
                        "dashboards (Tab: service tabs, Enter watches one)",
                    ),
                    ("Ctrl+2", "logs: search"),
                    ("Ctrl+3", "alerts: acknowledge"),
                    ("Ctrl+4", "incident channel: message, then Enter to send"),
                    (
                        "  Shift+Tab",
                        "  the To drop-down; with a role picked, Tab: “as a question”",
                    ),
                    ("  Tab", "  Send, the fact to share, with whom, Share fact"),
                    (
                        "  Tab again",
                        "  each hypothesis: Propose, Support, Discard, Confirm",
                    ),
                    ("Ctrl+5", "actions: the first Run button (Tab: the next)"),
                    ("Ctrl+6", "knowledge: share a fact with everyone"),
                    ("Ctrl+P", "pause / resume your clock"),
                    ("Ctrl+H", "I'm stuck: the next hint now"),
                    ("Ctrl + / Ctrl − / Ctrl 0", "text size"),
                    ("F1", "this help"),
                ];
                for (k, what) in rows {
                    ui.label(egui::RichText::new(k).monospace().strong());
                    ui.label(what);
                    ui.end_row();
                }
            });
        });
}

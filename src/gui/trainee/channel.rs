//! The incident channel: the team's messages and questions, facts shared, outside pressure (a VP on
//! the phone, customer tickets), hints; the team's hypotheses; and the compose box to message,
//! ask a role, or share a fact this role has learnt.

use bevy::prelude::*;
use bevy_egui::egui;

use super::Section;
use super::panel::Panel;
use super::view::{ChannelItem, ChannelKind, TraineeView};
use crate::gui::controls;
use crate::gui::intent::Intent;
use crate::gui::theme::{self, palette};
use crate::gui::widgets;
use crate::scenario::compiled::Name;
use crate::sim::log::{Command, HypothesisChange};

#[derive(Resource, Debug, Clone, Default)]
pub struct ChannelState {
    pub draft: String,
    /// `None`: everyone.
    pub to: Option<Name>,
    /// Send the draft as a question to `to`.
    pub ask: bool,
    pub share_fact: Option<Name>,
    pub share_to: Option<Name>,
    /// A hypothesis being written in the role's own words.
    pub suspicion: String,
    /// The laid-out height of each channel entry.
    pub rows: widgets::RowHeights,
}

impl Panel for ChannelState {
    const SECTION: Section = Section::Channel;
    fn draw(&mut self, ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
        show(ui, view, self, focus)
    }
}

pub fn show(
    ui: &mut egui::Ui,
    view: &TraineeView,
    state: &mut ChannelState,
    focus: bool,
) -> Vec<Intent> {
    let mut out = Vec::new();
    theme::section(ui, "INCIDENT CHANNEL", Section::Channel.key_hint());
    if view.live {
        egui::Panel::bottom("channel_compose")
            .resizable(false)
            .show(ui, |ui| {
                // After the run ends the console is read-only: the box stays, greyed out.
                ui.add_enabled_ui(!view.ended, |ui| compose(ui, view, state, focus, &mut out));
            });
    }
    egui::CollapsingHeader::new(format!("Hypotheses ({})", view.hypotheses.len()))
        .id_salt("hyps")
        .default_open(true)
        .show(ui, |ui| {
            let scroll = egui::ScrollArea::vertical()
                .id_salt("hyp_scroll")
                .max_height(ui.available_height() * 0.4)
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                .show(ui, |ui| hypotheses(ui, view, &mut out));
            // A list cut at the bottom looks complete; say what is below, a teammate's
            // confirmation above all.
            let below: Vec<bool> = scroll
                .inner
                .iter()
                .filter(|(r, _)| r.bottom() > scroll.inner_rect.bottom() + 1.0)
                .map(|(_, confirmed)| *confirmed)
                .collect();
            if !below.is_empty() {
                let confirmed = below.iter().filter(|c| **c).count();
                let mut text = format!("⏷ {} more below", below.len());
                if confirmed > 0 {
                    text.push_str(&format!(", {confirmed} confirmed"));
                }
                ui.label(
                    egui::RichText::new(text + ": scroll")
                        .small()
                        .color(palette::YELLOW),
                );
            }
            if view.live {
                ui.add_enabled_ui(!view.ended, |ui| suspect(ui, state, &mut out));
            }
        });
    ui.separator();
    // Never taller than the room left above the compose box (egui's default minimum would run
    // the messages under it when the hypotheses take much of a short panel).
    egui::ScrollArea::vertical()
        .id_salt("channel_scroll")
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .stick_to_bottom(true)
        .show_viewport(ui, |ui, viewport| {
            if view.channel.is_empty() {
                ui.label(egui::RichText::new("Quiet so far.").color(palette::DIM));
            }
            // Only the entries in sight are laid out (a channel grows all run long).
            widgets::virtual_rows(
                ui,
                viewport,
                &mut state.rows,
                0,
                &view.channel,
                |ui, item| entry(ui, view, item),
            );
        });
    out
}

fn is_me(view: &TraineeView, id: &str) -> bool {
    id == &*view.me().id
}

fn who(view: &TraineeView, id: &str) -> String {
    if is_me(view, id) {
        "You".into()
    } else {
        view.public.role_title(id).to_string()
    }
}

fn entry(ui: &mut egui::Ui, view: &TraineeView, item: &ChannelItem) {
    let time = widgets::clock(view.public.clock_start, item.tick);
    let stamp = |ui: &mut egui::Ui| {
        ui.label(
            egui::RichText::new(&time[..5])
                .monospace()
                .small()
                .color(palette::DIM),
        );
    };
    let tag = |ui: &mut egui::Ui, text: &str, color: egui::Color32| {
        ui.label(egui::RichText::new(text).small().strong().color(color));
    };
    match &item.kind {
        ChannelKind::Message { from, to, text } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                let head = match to {
                    Some(t) => format!("{} to {}:", who(view, from), who(view, t)),
                    None => format!("{}:", who(view, from)),
                };
                ui.label(egui::RichText::new(head).strong());
                ui.label(text);
            });
        }
        ChannelKind::Question {
            from,
            to,
            text,
            about,
        } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                tag(ui, "QUESTION", palette::SKY);
                let verb = if is_me(view, from) { "ask" } else { "asks" };
                ui.label(
                    egui::RichText::new(format!("{} {verb} {}:", who(view, from), who(view, to)))
                        .strong(),
                );
                ui.label(text);
                if let Some(a) = about {
                    ui.label(egui::RichText::new(format!("(about {a})")).small());
                }
            });
        }
        ChannelKind::Shared { text, from, to, .. } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                tag(ui, "FACT", palette::GREEN);
                let head = match to {
                    Some(t) => format!("{} to {}:", who(view, from), who(view, t)),
                    None => format!("{} shared:", who(view, from)),
                };
                ui.label(egui::RichText::new(head).strong());
                ui.label(text);
            });
        }
        ChannelKind::Inject {
            from,
            channel,
            text,
        } => {
            egui::Frame::group(ui.style())
                .fill(palette::CARD)
                .stroke(egui::Stroke::new(1.5, palette::ORANGE))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        stamp(ui);
                        tag(ui, widgets::channel_name(*channel), palette::ORANGE);
                        ui.label(egui::RichText::new(from).strong());
                    });
                    ui.label(text);
                });
        }
        ChannelKind::Ticket { from, text } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                tag(ui, "TICKET", palette::YELLOW);
                ui.label(egui::RichText::new(from).strong());
                ui.label(text);
            });
        }
        ChannelKind::Hypothesis {
            statement,
            by,
            change,
        } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                tag(ui, "HYPOTHESIS", palette::PURPLE);
                let verb = match change {
                    HypothesisChange::Proposed => "proposed",
                    // "You support", "Storage on-call supports".
                    HypothesisChange::Supported if is_me(view, by) => "support",
                    HypothesisChange::Supported => "supports",
                    HypothesisChange::Discarded => "discarded",
                    HypothesisChange::Confirmed => "confirmed",
                    HypothesisChange::NotEstablished => {
                        "could not confirm (the evidence is missing)"
                    }
                };
                ui.label(egui::RichText::new(format!("{} {verb}:", who(view, by))).strong());
                ui.label(egui::RichText::new(statement).italics());
            });
        }
        ChannelKind::Suspicion { n, by, text } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                tag(ui, &format!("SUSPICION {n}"), palette::PURPLE);
                let verb = if is_me(view, by) {
                    "suspect"
                } else {
                    "suspects"
                };
                ui.label(egui::RichText::new(format!("{} {verb}:", who(view, by))).strong());
                ui.label(egui::RichText::new(text).italics());
            });
        }
        ChannelKind::Hint { tier, text } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                tag(ui, &format!("HINT {tier}"), palette::PURPLE);
                ui.label(text);
            });
        }
        ChannelKind::Notice { text } => {
            ui.horizontal_wrapped(|ui| {
                stamp(ui);
                ui.label(egui::RichText::new(text).italics().color(palette::DIM));
            });
        }
    }
}

/// Draws the hypotheses; returns where each went and whether it is confirmed.
fn hypotheses(
    ui: &mut egui::Ui,
    view: &TraineeView,
    out: &mut Vec<Intent>,
) -> Vec<(egui::Rect, bool)> {
    let mut placed = Vec::new();
    if view.hypotheses.is_empty() {
        ui.label(
            egui::RichText::new(
                "None on the table yet: what you learn brings some up. Say what you suspect \
                 below in your own words.",
            )
            .color(palette::DIM),
        );
    }
    for (h, st) in view.hypotheses.iter().enumerate() {
        let (id, statement) = (&st.id, &st.statement);
        let r = ui.push_id(("hyp", h), |ui| {
            ui.label(egui::RichText::new(statement).italics());
            ui.horizontal_wrapped(|ui| {
                let status = if let Some(by) = &st.confirmed_by {
                    format!("CONFIRMED by {}", who(view, by))
                } else if let Some(by) = &st.discarded_by {
                    format!("DISCARDED by {}", who(view, by))
                } else if st.proposed_by.is_some() {
                    let s: Vec<String> = st.supporters.iter().map(|r| who(view, r)).collect();
                    format!("PROPOSED · supported by {}", s.join(", "))
                } else {
                    "not raised".into()
                };
                ui.label(egui::RichText::new(status).small().strong());
                if !view.live {
                    return;
                }
                if view.ended {
                    ui.disable();
                }
                let open = st.proposed_by.is_some() && st.discarded_by.is_none();
                let mine = st.supporters.iter().any(|r| *r == view.me().id);
                if !open && ui.small_button("Propose").clicked() {
                    out.push(Intent::Role(Command::Propose(id.clone())));
                }
                if open && !mine && ui.small_button("Support").clicked() {
                    out.push(Intent::Role(Command::Support(id.clone())));
                }
                if st.discarded_by.is_none() && ui.small_button("Discard").clicked() {
                    out.push(Intent::Role(Command::Discard(id.clone())));
                }
                if st.confirmed_by.is_none()
                    && ui
                        .small_button("Confirm")
                        .on_hover_text("Only works if you hold the facts that establish it")
                        .clicked()
                {
                    out.push(Intent::Role(Command::Confirm(id.clone())));
                }
            });
            ui.add_space(4.0);
        });
        placed.push((r.response.rect, st.confirmed_by.is_some()));
    }
    placed
}

/// A hypothesis in the role's own words, and the way to ask for a hint.
fn suspect(ui: &mut egui::Ui, state: &mut ChannelState, out: &mut Vec<Intent>) {
    ui.horizontal(|ui| {
        let button_w = controls::buttons_width(ui, &["Suspect", "I'm stuck"]);
        let edit = ui.add(
            egui::TextEdit::singleline(&mut state.suspicion)
                .hint_text("what you suspect, in your own words")
                .desired_width((ui.available_width() - button_w).max(80.0)),
        );
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clicked = ui
            .button("Suspect")
            .on_hover_text("Tell the team what you suspect; the facilitator may match it")
            .clicked();
        if (entered || clicked) && !state.suspicion.trim().is_empty() {
            out.push(Intent::Role(Command::Suspect(
                std::mem::take(&mut state.suspicion).trim().to_string(),
            )));
        }
        if ui
            .button("I'm stuck")
            .on_hover_text("Show the next hint now (Ctrl+H); the debrief shows you asked")
            .clicked()
        {
            out.push(Intent::Role(Command::Stuck));
        }
    });
}

/// Everyone, then each other role; returns the drop-down's response (Up/Down change it).
fn role_picker(
    ui: &mut egui::Ui,
    id: &str,
    view: &TraineeView,
    value: &mut Option<Name>,
    width: f32,
) -> egui::Response {
    let text = value.as_deref().map_or("everyone".to_string(), |r| {
        view.public.role_title(r).to_string()
    });
    let choices: Vec<Option<Name>> = std::iter::once(None)
        .chain(
            view.public
                .roles
                .iter()
                .filter(|r| r.id != view.me().id)
                .map(|r| Some(r.id.clone())),
        )
        .collect();
    let resp = egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .width(width)
        .show_ui(ui, |ui| {
            for c in &choices {
                let label = c
                    .as_deref()
                    .map_or("everyone", |r| view.public.role_title(r));
                ui.selectable_value(value, c.clone(), label);
            }
        })
        .response
        .on_hover_text("Up/Down change the choice");
    controls::arrow_choice(ui, &resp, value, &choices);
    resp
}

fn compose(
    ui: &mut egui::Ui,
    view: &TraineeView,
    state: &mut ChannelState,
    focus: bool,
    out: &mut Vec<Intent>,
) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label("To");
        role_picker(ui, "msg_to", view, &mut state.to, 150.0);
        ui.add_enabled_ui(state.to.is_some(), |ui| {
            ui.checkbox(&mut state.ask, "as a question")
                .on_hover_text("Ask the chosen role; their answer comes back here");
        });
        if state.to.is_none() {
            state.ask = false;
        }
    });
    ui.horizontal(|ui| {
        let send_w = controls::buttons_width(ui, &[if state.ask { "Ask" } else { "Send" }]);
        let edit = ui.add(
            egui::TextEdit::singleline(&mut state.draft)
                .hint_text(if state.ask {
                    "your question"
                } else {
                    "message the team"
                })
                .desired_width((ui.available_width() - send_w).max(80.0)),
        );
        if focus {
            edit.request_focus();
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let label = if state.ask { "Ask" } else { "Send" };
        if (ui.button(label).clicked() || enter) && !state.draft.trim().is_empty() {
            let text = std::mem::take(&mut state.draft).trim().to_string();
            out.push(Intent::Role(match (&state.to, state.ask) {
                (Some(to), true) => Command::Ask {
                    to: to.clone(),
                    text,
                    about: None,
                },
                (Some(to), false) => Command::Tell {
                    to: to.clone(),
                    text,
                },
                (None, _) => Command::Say(text),
            }));
            if enter {
                edit.request_focus();
            }
        }
    });
    share_rows(ui, view, state, out);
}

/// Two rows, the fact on the first and who to share it with on the second: on one row the
/// drop-downs and the button are wider than the channel panel (430 points by default), and the
/// button ended up outside it.
fn share_rows(
    ui: &mut egui::Ui,
    view: &TraineeView,
    state: &mut ChannelState,
    out: &mut Vec<Intent>,
) {
    ui.horizontal(|ui| {
        ui.label("Share");
        let text = state
            .share_fact
            .as_ref()
            .and_then(|f| view.facts.iter().find(|k| k.id == *f))
            .map_or("a fact you know…".to_string(), |k| {
                widgets::truncate(&k.text, 60)
            });
        let facts: Vec<Option<Name>> = view.facts.iter().map(|k| Some(k.id.clone())).collect();
        // The drop-down's own padding and arrow sit outside `width`.
        let width = (ui.available_width() - 3.0 * ui.spacing().interact_size.y).max(80.0);
        let resp = egui::ComboBox::from_id_salt("share_fact")
            .selected_text(text)
            .width(width)
            .truncate()
            .show_ui(ui, |ui| {
                for k in &view.facts {
                    ui.selectable_value(
                        &mut state.share_fact,
                        Some(k.id.clone()),
                        widgets::truncate(&k.text, 70),
                    );
                }
            })
            .response
            .on_hover_text("Up/Down change the choice");
        controls::arrow_choice(ui, &resp, &mut state.share_fact, &facts);
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("with");
        role_picker(ui, "share_to", view, &mut state.share_to, 150.0);
        let can = state.share_fact.is_some();
        if ui
            .add_enabled(can, egui::Button::new("Share fact"))
            .on_disabled_hover_text("Pick a fact first")
            .clicked()
            && let Some(fact) = state.share_fact.clone()
        {
            out.push(Intent::Role(Command::Share {
                fact,
                to: state.share_to.clone(),
            }));
        }
    });
}

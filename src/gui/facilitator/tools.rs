//! The facilitator's live tools (F2): a message from outside the team typed live, a hint sent by
//! hand, and private notes stamped with the time. Each is a facilitator command: recorded, replayed,
//! and in the debrief (notes only in the facilitator's part).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::in_console;
use crate::gui::GuiSet;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::SessionScenario;
use crate::scenario::compiled::Name;
use crate::sim::log::Command;

#[derive(Resource, Debug)]
pub struct ToolsState {
    pub open: bool,
    pub from: String,
    pub inject_to: Option<Name>,
    pub inject: String,
    pub hint_to: Option<Name>,
    pub hint: String,
    pub note: String,
}

impl Default for ToolsState {
    fn default() -> Self {
        ToolsState {
            open: false,
            from: "VP Engineering".into(),
            inject_to: None,
            inject: String::new(),
            hint_to: None,
            hint: String::new(),
            note: String::new(),
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<ToolsState>().add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels).run_if(in_console),
    );
}

fn draw(
    mut contexts: EguiContexts,
    scenario: Res<SessionScenario>,
    mut state: ResMut<ToolsState>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let roles: Vec<(Name, String)> = scenario
        .0
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.title.clone()))
        .collect();
    let mut open = state.open;
    egui::Window::new("Live tools")
        .id(egui::Id::new("live_tools"))
        .open(&mut open)
        .default_pos(egui::pos2(420.0, 360.0))
        .default_width(420.0)
        .show(ctx, |ui| {
            let s = &mut *state;
            ui.label(egui::RichText::new("Message from outside the team").strong());
            ui.horizontal(|ui| {
                ui.label("from");
                ui.text_edit_singleline(&mut s.from);
                pick_role(ui, "inject_to", &roles, &mut s.inject_to);
            });
            ui.text_edit_multiline(&mut s.inject);
            if ui.button("Send message").clicked() && !s.inject.trim().is_empty() {
                intents.push(Intent::Facilitator(Command::Announce {
                    from: s.from.trim().to_string(),
                    text: std::mem::take(&mut s.inject).trim().to_string(),
                    to: s.inject_to.clone(),
                }));
            }
            ui.separator();
            ui.label(egui::RichText::new("Hint").strong());
            pick_role(ui, "hint_to", &roles, &mut s.hint_to);
            ui.text_edit_multiline(&mut s.hint);
            if ui.button("Send hint").clicked() && !s.hint.trim().is_empty() {
                intents.push(Intent::Facilitator(Command::Nudge {
                    text: std::mem::take(&mut s.hint).trim().to_string(),
                    to: s.hint_to.clone(),
                }));
            }
            ui.separator();
            ui.label(egui::RichText::new("Private note (for the debrief)").strong());
            ui.text_edit_multiline(&mut s.note);
            if ui.button("Add note").clicked() && !s.note.trim().is_empty() {
                intents.push(Intent::Facilitator(Command::Note(
                    std::mem::take(&mut s.note).trim().to_string(),
                )));
            }
        });
    state.open = open;
    Ok(())
}

fn pick_role(ui: &mut egui::Ui, id: &str, roles: &[(Name, String)], to: &mut Option<Name>) {
    let text = to
        .as_ref()
        .and_then(|t| roles.iter().find(|(r, _)| r == t))
        .map_or("to everyone".to_string(), |(_, title)| {
            format!("to {title}")
        });
    egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .show_ui(ui, |ui| {
            ui.selectable_value(to, None, "everyone");
            for (r, title) in roles {
                ui.selectable_value(to, Some(r.clone()), title);
            }
        });
}

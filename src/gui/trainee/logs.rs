//! The log stream of the services this role can see, with search, level and service filters, and
//! follow mode. Only the visible rows are laid out, so a long stream costs nothing.

use bevy::prelude::*;
use bevy_egui::egui;

use super::Section;
use super::panel::Panel;
use super::view::{LogLine, TraineeView};
use crate::gui::intent::Intent;
use crate::gui::theme::{self, palette};
use crate::gui::widgets;
use crate::scenario::compiled::Name;
use crate::scenario::model::LogLevel;

#[derive(Resource, Debug, Clone)]
pub struct LogState {
    pub search: String,
    pub min_level: LogLevel,
    /// Services hidden by the filter.
    pub hidden: Vec<Name>,
    /// Keep the newest line in view.
    pub follow: bool,
    /// The laid-out height of each line shown.
    pub rows: widgets::RowHeights,
}

impl Default for LogState {
    fn default() -> Self {
        LogState {
            search: String::new(),
            min_level: LogLevel::Debug,
            hidden: Vec::new(),
            follow: true,
            rows: widgets::RowHeights::default(),
        }
    }
}

impl LogState {
    /// Which lines the filters let through, as a key for the rows' heights.
    fn filter_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&self.search, self.min_level, &self.hidden).hash(&mut h);
        h.finish()
    }

    pub fn matches(&self, l: &LogLine) -> bool {
        l.level >= self.min_level
            && !self.hidden.contains(&l.service)
            && (self.search.is_empty() || contains_ci(&l.text, &self.search))
    }
}

fn level_label(l: LogLevel) -> &'static str {
    match l {
        LogLevel::Debug => "all levels",
        LogLevel::Info => "info and up",
        LogLevel::Warn => "warnings and up",
        LogLevel::Error => "errors and up",
        LogLevel::Fatal => "fatal only",
    }
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

impl Panel for LogState {
    const SECTION: Section = Section::Logs;
    fn draw(&mut self, ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
        show(ui, view, self, focus);
        Vec::new()
    }
}

pub fn show(ui: &mut egui::Ui, view: &TraineeView, state: &mut LogState, focus: bool) {
    let visible: Vec<&LogLine> = view.logs.iter().filter(|l| state.matches(l)).collect();
    // The filters wrap onto a second line when the text is large or the panel narrow.
    ui.horizontal_wrapped(|ui| {
        theme::section(ui, "LOGS", Section::Logs.key_hint());
        let search = ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text("search logs")
                .desired_width(180.0),
        );
        if focus {
            search.request_focus();
        }
        egui::ComboBox::from_id_salt("log_level")
            .selected_text(level_label(state.min_level))
            .width(120.0)
            .show_ui(ui, |ui| {
                for l in [
                    LogLevel::Debug,
                    LogLevel::Info,
                    LogLevel::Warn,
                    LogLevel::Error,
                    LogLevel::Fatal,
                ] {
                    ui.selectable_value(&mut state.min_level, l, level_label(l));
                }
            });
        for s in &view.public.service_names(&view.me().logs) {
            let mut on = !state.hidden.contains(s);
            if ui.checkbox(&mut on, s.to_string()).changed() {
                if on {
                    state.hidden.retain(|h| h != s);
                } else {
                    state.hidden.push(s.clone());
                }
            }
        }
        ui.checkbox(&mut state.follow, "follow");
        ui.label(
            egui::RichText::new(format!("{} of {} lines", visible.len(), view.logs.len()))
                .small()
                .color(palette::DIM),
        );
    });
    if view.me().logs.is_empty() {
        ui.label(egui::RichText::new("You see no service's logs.").color(palette::DIM));
        return;
    }
    let start = view.public.clock_start;
    let key = state.filter_key();
    // Long lines wrap under their own text rather than run past the panel's edge; only the lines
    // in sight are laid out, so a long stream costs nothing.
    egui::ScrollArea::vertical()
        .id_salt("logs_scroll")
        .auto_shrink([false, false])
        .stick_to_bottom(state.follow)
        .show_viewport(ui, |ui, viewport| {
            widgets::virtual_rows(ui, viewport, &mut state.rows, key, &visible, |ui, l| {
                line(ui, start, l)
            });
        });
}

fn line(ui: &mut egui::Ui, start: crate::scenario::units::ClockTime, l: &LogLine) {
    ui.horizontal_top(|ui| {
        ui.label(
            egui::RichText::new(widgets::clock(start, l.tick))
                .monospace()
                .color(palette::DIM),
        );
        ui.label(theme::log_level(l.level));
        ui.label(
            egui::RichText::new(format!("{:<13}", &*l.service))
                .monospace()
                .color(palette::SKY),
        );
        ui.add(egui::Label::new(egui::RichText::new(&l.text).monospace()).wrap());
    });
}

//! Live charts of the metrics this role can see. The Pinned tab shows the charts the user picked;
//! a service's tab shows all its metrics and tells the simulation this role is looking at it.
//! Some facts are only learnt by watching a dashboard, and only while a chart that shows the
//! evidence is in view: the console reports the charts in view (`Command::Watch`) whenever they
//! change, so a chart below the fold teaches nothing until it is scrolled to.

use std::collections::BTreeSet;

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

use super::Section;
use super::panel::Panel;
use super::view::{ChartKey, TraineeView};
use crate::gui::controls;
use crate::gui::intent::Intent;
use crate::gui::theme::{self, palette};
use crate::gui::widgets::{self, ChartStyle};
use crate::gui::{GuiSet, Launch};
use crate::scenario::compiled::Name;
use crate::sim::log::Command;

/// The metrics pinned when a console opens.
const DEFAULT_PINS: [&str; 4] = ["error_rate", "latency_p95", "throughput", "saturation"];

#[derive(Resource, Debug, Clone, Default)]
pub struct DashState {
    /// `None`: the Pinned tab; otherwise the service shown.
    pub tab: Option<Name>,
    pub pinned: BTreeSet<ChartKey>,
    /// Pins were initialised from the defaults.
    pub seeded: bool,
    /// History shown, in seconds (0: the whole exercise).
    pub window: u64,
    /// The charts last reported in view (`None`: nothing reported yet).
    pub watched: Option<Vec<Name>>,
}

impl DashState {
    pub fn seed(&mut self, view: &TraineeView) {
        if self.seeded {
            return;
        }
        self.seeded = true;
        self.window = 15 * 60;
        for c in &view.charts {
            if DEFAULT_PINS.contains(&&*c.metric) {
                self.pinned.insert(c.key());
            }
        }
    }
}

impl Panel for DashState {
    const SECTION: Section = Section::Dashboards;
    fn draw(&mut self, ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent> {
        self.seed(view);
        show(ui, view, self, focus)
    }
}

/// Measuring the UI's cost (`--measure`) pins every chart this role has.
pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        pin_every_chart
            .in_set(GuiSet::Layout)
            .run_if(super::console_open.and_then(|l: Res<Launch>| l.measure.is_some())),
    );
}

fn pin_every_chart(view: Res<TraineeView>, mut state: ResMut<DashState>) {
    if !state.seeded {
        state.pinned = view.charts.iter().map(|c| c.key()).collect();
    }
}

pub fn show(
    ui: &mut egui::Ui,
    view: &TraineeView,
    state: &mut DashState,
    focus: bool,
) -> Vec<Intent> {
    let mut out = Vec::new();
    // The tabs wrap onto a second line when the text is large or the panel narrow.
    ui.horizontal_wrapped(|ui| {
        theme::section(ui, "DASHBOARDS", Section::Dashboards.key_hint());
        ui.separator();
        let pinned = ui.selectable_label(
            state.tab.is_none(),
            format!("Pinned ({})", state.pinned.len()),
        );
        if focus {
            pinned.request_focus();
        }
        if pinned.clicked() {
            state.tab = None;
        }
        for s in &view.public.service_names(&view.me().dashboards) {
            let selected = state.tab.as_ref() == Some(s);
            let looking = view.inspecting.as_ref() == Some(s);
            let label = if looking {
                format!("{s} (watching)")
            } else {
                s.to_string()
            };
            let note = view.public.note(s);
            let hover = if note.is_empty() {
                "Show every metric of this service (you will be watching it)".to_string()
            } else {
                format!("{s}: {note}\nShow every metric of this service (you will be watching it)")
            };
            let r = ui.selectable_label(selected, label).on_hover_text(hover);
            if r.clicked() && !selected {
                state.tab = Some(s.clone());
                if view.live && !view.ended && !looking {
                    out.push(Intent::Role(Command::Inspect(s.clone())));
                }
            }
        }
        ui.separator();
        pin_menu(ui, view, state);
        egui::ComboBox::from_id_salt("dash_window")
            .selected_text(window_label(state.window))
            .width(90.0)
            .show_ui(ui, |ui| {
                for w in [5 * 60, 15 * 60, 30 * 60, 0] {
                    ui.selectable_value(&mut state.window, w, window_label(w));
                }
            });
    });
    let charts: Vec<usize> = match &state.tab {
        None => (0..view.charts.len())
            .filter(|&i| state.pinned.contains(&view.charts[i].key()))
            .collect(),
        Some(s) => (0..view.charts.len())
            .filter(|&i| view.charts[i].service == *s)
            .collect(),
    };
    // What the service is, as its description and version say (shown to whoever sees it).
    if let Some(s) = &state.tab {
        let note = view.public.note(s);
        if !note.is_empty() {
            ui.label(egui::RichText::new(format!("{s}: {note}")).color(palette::DIM));
        }
    }
    let in_view = if charts.is_empty() {
        ui.label(
            egui::RichText::new("Nothing pinned: pick charts with “Pin charts”.")
                .color(palette::DIM),
        );
        Vec::new()
    } else {
        grid(ui, view, &charts, state.window)
    };
    let in_view: Vec<Name> = in_view
        .iter()
        .map(|&i| format!("{}/{}", view.charts[i].service, view.charts[i].metric).into())
        .collect();
    if view.live && !view.ended && state.watched.as_ref() != Some(&in_view) {
        state.watched = Some(in_view.clone());
        out.push(Intent::Role(Command::Watch(in_view)));
    }
    out
}

fn window_label(w: u64) -> String {
    if w == 0 {
        "all".into()
    } else {
        format!("last {}m", w / 60)
    }
}

fn pin_menu(ui: &mut egui::Ui, view: &TraineeView, state: &mut DashState) {
    ui.menu_button("Pin charts", |ui| {
        for c in &view.charts {
            let key = c.key();
            let mut on = state.pinned.contains(&key);
            if ui.checkbox(&mut on, c.title()).changed() {
                if on {
                    state.pinned.insert(key);
                } else {
                    state.pinned.remove(&key);
                }
            }
        }
    });
}

/// Charts in as many columns as fit (at least 320 points wide each); returns those in view (at
/// least half of the chart inside the scrolled area).
pub fn grid(ui: &mut egui::Ui, view: &TraineeView, charts: &[usize], window: u64) -> Vec<usize> {
    let layout = controls::ChartGrid::new(ui, 320.0);
    // Taller with larger text, so the plot keeps its room beside the axes' labels.
    let body = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(14.0, |f| f.size);
    let height = 150.0 * (body / 14.0).max(1.0);
    let mut in_view = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("dash_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for row in charts.chunks(layout.cols) {
                layout.row(ui, row, |ui, &i| {
                    let c = &view.charts[i];
                    let r = widgets::chart(
                        ui,
                        ("chart", &*c.service, &*c.metric),
                        &c.title(),
                        &c.unit,
                        &c.points,
                        view.public.clock_start,
                        &ChartStyle {
                            thresholds: c.thresholds.clone(),
                            marks: action_marks(view),
                            ..ChartStyle::new(
                                height,
                                palette::SERIES[i % palette::SERIES.len()],
                                view.tick,
                                window,
                            )
                        },
                    );
                    let shown = r.rect.intersect(ui.clip_rect());
                    if shown.is_positive() && shown.height() * 2.0 >= r.rect.height() {
                        in_view.push(i);
                    }
                });
                ui.add_space(6.0);
            }
        });
    in_view
}

/// The moments this role started its actions, to mark on every chart it reads: did the change
/// change anything?
fn action_marks(view: &TraineeView) -> Vec<(u64, String)> {
    view.actions
        .iter()
        .zip(&view.public.actions)
        .filter_map(|(a, card)| a.run.as_ref().map(|r| (r.started, card.title.clone())))
        .collect()
}

//! Ground truth: customer impact, the faults (active ones and the ones to fire by hand), milestones,
//! and every service's hidden state with charts of its true metrics.

use std::collections::BTreeSet;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::history::TruthHistory;
use super::triggers;
use super::{FacRegions, in_console};
use crate::gui::GuiSet;
use crate::gui::controls;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::Live;
use crate::gui::theme::{self, Status as Word, palette};
use crate::gui::widgets::{self, ChartStyle, region_ui};
use crate::scenario::Scenario;
use crate::scenario::compiled::BuiltinMetric;
use crate::scenario::model::Milestone;
use crate::scenario::units::format_duration;
use crate::sim::log::Command;
use crate::sim::state::{FaultState, FlowState, Status};

/// Which truth charts are pinned (catalog metric indices) and the history shown.
#[derive(Resource, Debug, Clone, Default)]
pub struct TruthCharts {
    pub pinned: BTreeSet<usize>,
    pub seeded: bool,
    pub window: u64,
}

impl TruthCharts {
    /// Error rate, p95 latency and saturation of every service to start with.
    pub fn seed(&mut self, sc: &Scenario) {
        if self.seeded {
            return;
        }
        self.seeded = true;
        self.window = 20 * 60;
        for (m, def) in sc.metrics.metrics.iter().enumerate() {
            if matches!(
                def.kind,
                crate::scenario::compiled::MetricKind::Builtin(
                    BuiltinMetric::ErrorRate
                        | BuiltinMetric::LatencyP95
                        | BuiltinMetric::Saturation
                )
            ) {
                self.pinned.insert(m);
            }
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TruthCharts>().add_systems(
        EguiPrimaryContextPass,
        (draw_truth, draw_faults, draw_services)
            .in_set(GuiSet::Panels)
            .run_if(in_console),
    );
}

fn draw_truth(
    mut contexts: EguiContexts,
    regions: Res<FacRegions>,
    live: Res<Live>,
    history: Res<TruthHistory>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "fac_truth", regions.truth);
    let sc = live.scenario();
    let world = live.world();
    let status = world.resource::<Status>();
    let faults = world.resource::<FaultState>();
    let tick = live.tick();
    ui.label(Word::Truth.rich());
    let impact = status.impact_ppm as f64 / 10_000.0;
    let slo = sc.resolution.slo_ppm as f64 / 10_000.0;
    // Wrapped: a row wider than the column would widen everything below it past the edge.
    ui.horizontal_wrapped(|ui| {
        ui.label("Customer impact");
        let over = impact > slo;
        let text = format!(
            "{impact:.1}% {}",
            if over { "ABOVE SLO" } else { "within SLO" }
        );
        ui.label(
            egui::RichText::new(text)
                .strong()
                .size(crate::gui::controls::text_size(ui, 18.0))
                .color(if over {
                    palette::VERMILLION
                } else {
                    palette::GREEN
                }),
        );
        ui.label(egui::RichText::new(format!("(SLO {slo}%)")).small());
    });
    // One column with the grid's margins, so the last time label is not cut off.
    controls::ChartGrid::new(&ui, f32::INFINITY).row(&mut ui, &[()], |ui, _| {
        widgets::chart(
            ui,
            "impact_chart",
            "impact",
            "%",
            &history.impact,
            sc.clock_start,
            &ChartStyle {
                thresholds: vec![(slo, format!("SLO {slo}%"))],
                ..ChartStyle::new(90.0, palette::VERMILLION, tick, 0)
            },
        );
    });
    // Milestones first and compact (one wrapped line), so they never fall below the fold behind
    // a list of active faults; the faults scroll, with a visible bar, beneath.
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("Milestones").strong());
        for m in Milestone::ALL {
            match status.reached(m) {
                Some(t) => ui.label(
                    egui::RichText::new(format!(
                        "✔ {} {}",
                        m.label(),
                        widgets::clock_short(sc.clock_start, t)
                    ))
                    .small()
                    .color(palette::GREEN),
                ),
                None => ui.label(
                    egui::RichText::new(format!("○ {}", m.label()))
                        .small()
                        .color(palette::DIM),
                ),
            };
        }
    });
    ui.add_space(4.0);
    let active = faults.runs.iter().filter(|r| r.active()).count();
    ui.label(egui::RichText::new(format!("Active faults ({active})")).strong());
    egui::ScrollArea::vertical()
        .id_salt("truth_scroll")
        .auto_shrink([false, false])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(&mut ui, |ui| {
            for (f, def) in sc.faults.iter().enumerate() {
                let run = faults.runs[f];
                if !run.active() {
                    continue;
                }
                egui::Frame::group(ui.style())
                    .fill(palette::CARD)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            ui.label(Word::Firing.rich().small());
                            ui.label(egui::RichText::new(&*def.id).monospace());
                            ui.label(format!("on {}", sc.services[def.target].id));
                            if let Some(t) = run.started {
                                ui.label(
                                    egui::RichText::new(format!(
                                        "since {} ({} ago)",
                                        widgets::clock_short(sc.clock_start, t),
                                        format_duration(tick.saturating_sub(t))
                                    ))
                                    .small(),
                                );
                            }
                        });
                        ui.label(egui::RichText::new(&def.title).small());
                    });
            }
            if active == 0 {
                ui.label(egui::RichText::new("none").color(palette::DIM));
            }
        });
    Ok(())
}

fn draw_faults(
    mut contexts: EguiContexts,
    regions: Res<FacRegions>,
    live: Res<Live>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "fac_faults", regions.faults);
    let sc = live.scenario();
    let faults = live.world().resource::<FaultState>();
    theme::section(&mut ui, "FAULTS", "manual ones fire by hand");
    egui::ScrollArea::vertical()
        .id_salt("faults_scroll")
        .auto_shrink([false, false])
        .show(&mut ui, |ui| {
            for (f, def) in sc.faults.iter().enumerate() {
                let run = faults.runs[f];
                let manual = triggers::manual(&def.trigger);
                ui.horizontal_wrapped(|ui| {
                    let waiting = !run.active() && run.ended.is_none();
                    if run.active() {
                        ui.label(Word::Firing.rich().small());
                    } else if run.ended.is_some() {
                        ui.label(Word::Resolved.rich().small());
                    } else if faults.manual[f] {
                        ui.label(Word::Running.rich().small());
                    } else {
                        ui.label(
                            egui::RichText::new("○ NOT STARTED")
                                .small()
                                .strong()
                                .color(palette::DIM),
                        );
                    }
                    ui.label(egui::RichText::new(&*def.id).monospace().strong());
                    ui.label(format!("on {}", sc.services[def.target].id));
                    if waiting && !faults.manual[f] {
                        // Only a `Manual` trigger listens to the facilitator; for the others,
                        // say what starts them.
                        if manual {
                            if ui
                                .small_button(format!("Fire {}", def.id))
                                .on_hover_text(&def.title)
                                .clicked()
                            {
                                intents.push(Intent::Facilitator(Command::Fire(def.id.clone())));
                            }
                        } else {
                            ui.label(
                                egui::RichText::new(triggers::describe(sc, &def.trigger))
                                    .small()
                                    .color(palette::DIM),
                            )
                            .on_hover_text(&def.title);
                        }
                    }
                });
            }
        });
    Ok(())
}

fn draw_services(
    mut contexts: EguiContexts,
    regions: Res<FacRegions>,
    live: Res<Live>,
    history: Res<TruthHistory>,
    mut charts: ResMut<TruthCharts>,
    launch: Res<crate::gui::Launch>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "fac_services", regions.services);
    let sc = live.scenario();
    if launch.measure.is_some() && !charts.seeded {
        // Measuring: twenty charts.
        charts.seeded = true;
        charts.pinned = (0..sc.metrics.metrics.len().min(20)).collect();
    }
    charts.seed(sc);
    let flow = live.world().resource::<FlowState>();
    let faults = live.world().resource::<FaultState>();
    ui.horizontal(|ui| {
        theme::section(ui, "SERVICES (true state)", "");
        ui.menu_button(format!("Pin charts ({})", charts.pinned.len()), |ui| {
            egui::ScrollArea::vertical()
                .max_height(500.0)
                .show(ui, |ui| {
                    for (m, def) in sc.metrics.metrics.iter().enumerate() {
                        let mut on = charts.pinned.contains(&m);
                        let label = format!("{} · {}", sc.services[def.service].id, def.name);
                        if ui.checkbox(&mut on, label).changed() {
                            if on {
                                charts.pinned.insert(m);
                            } else {
                                charts.pinned.remove(&m);
                            }
                        }
                    }
                });
        });
    });
    // Wider than the centre at a large text size: it scrolls sideways, with a visible bar.
    egui::ScrollArea::horizontal()
        .id_salt("svc_table_scroll")
        .show(&mut ui, |ui| {
            egui::Grid::new("svc_table")
                .striped(true)
                .num_columns(8)
                .show(ui, |ui| {
                    for h in [
                        "service",
                        "capacity",
                        "arrivals",
                        "served",
                        "p50 latency",
                        "failing",
                        "busy",
                        "fault effect",
                    ] {
                        ui.label(egui::RichText::new(h).small().strong());
                    }
                    ui.end_row();
                    for (s, def) in sc.services.iter().enumerate() {
                        let m = faults.mods[s];
                        ui.label(egui::RichText::new(&*def.id).monospace().strong());
                        ui.label(format!("{}/s", flow.capacity[s] / 1000));
                        ui.label(format!("{}/s", flow.arrivals[s] / 1000));
                        ui.label(format!("{}/s", flow.served[s] / 1000));
                        ui.label(format!("{:.0} ms", flow.pct_us[s][0] as f64 / 1000.0));
                        ui.label(format!("{:.1}%", flow.fail_ppm[s] as f64 / 10_000.0));
                        ui.label(format!("{:.0}%", flow.saturation_ppm(s) as f64 / 10_000.0));
                        let state = if m.down {
                            egui::RichText::new("DOWN")
                                .color(palette::VERMILLION)
                                .strong()
                        } else if def.calls.iter().any(|&d| faults.partitioned[d]) {
                            egui::RichText::new("PARTITIONED")
                                .color(palette::ORANGE)
                                .strong()
                        } else if m != Default::default() {
                            egui::RichText::new("DEGRADED")
                                .color(palette::ORANGE)
                                .strong()
                        } else {
                            egui::RichText::new("none").color(palette::DIM)
                        };
                        ui.label(state);
                        ui.end_row();
                    }
                });
        });
    ui.separator();
    let pinned: Vec<usize> = charts.pinned.iter().copied().collect();
    let layout = controls::ChartGrid::new(&ui, 300.0);
    let now = live.tick();
    egui::ScrollArea::vertical()
        .id_salt("truth_charts")
        .auto_shrink([false, false])
        .show(&mut ui, |ui| {
            for row in pinned.chunks(layout.cols) {
                layout.row(ui, row, |ui, &m| {
                    let def = &sc.metrics.metrics[m];
                    let points = history.metrics.get(m).map_or(&[][..], |v| &v[..]);
                    widgets::chart(
                        ui,
                        ("truth", m),
                        &format!("{} · {}", sc.services[def.service].id, def.name),
                        &def.unit,
                        points,
                        sc.clock_start,
                        &ChartStyle::new(
                            120.0,
                            palette::SERIES[def.service % palette::SERIES.len()],
                            now,
                            charts.window,
                        ),
                    );
                });
                ui.add_space(4.0);
            }
        });
    Ok(())
}

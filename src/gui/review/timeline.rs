//! Time drawn across the screen: the strip under every tab (markers, and with ground truth the
//! impact curve and fault bands; click to seek) and the Timeline tab's swimlanes, one lane per
//! role, with what it saw, did and said. Kinds differ by shape as well as colour.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Color32, Pos2, Rect, Stroke, pos2, vec2};

use super::{Playback, Recording, ReviewRegions, Tab, milestones};
use crate::debrief::{LaneKind, MarkerKind};
use crate::gui::GuiSet;
use crate::gui::theme::{self, palette};
use crate::gui::widgets::{self, region_ui};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (
            strip,
            lanes.run_if(|pb: Res<Playback>| pb.tab == Tab::Timeline),
        )
            .in_set(GuiSet::Panels)
            .run_if(super::recording_open),
    );
}

/// Maps ticks to x within a rect.
#[derive(Clone, Copy)]
pub struct Axis {
    pub rect: Rect,
    pub length: u64,
}

impl Axis {
    pub fn x(&self, tick: u64) -> f32 {
        let f = tick as f32 / self.length.max(1) as f32;
        self.rect.left() + f * self.rect.width()
    }
    pub fn tick(&self, x: f32) -> u64 {
        let f = ((x - self.rect.left()) / self.rect.width().max(1.0)).clamp(0.0, 1.0);
        (f * self.length as f32).round() as u64
    }

    /// Clock labels every few minutes along the bottom.
    pub fn paint_ticks(&self, painter: &egui::Painter, start: crate::scenario::units::ClockTime) {
        let every = [60u64, 120, 300, 600, 900, 1800, 3600]
            .into_iter()
            .find(|s| self.length / s <= 12)
            .unwrap_or(3600);
        let mut t = 0;
        while t <= self.length {
            let x = self.x(t);
            painter.vline(
                x,
                self.rect.y_range(),
                Stroke::new(1.0, Color32::from_white_alpha(12)),
            );
            painter.text(
                pos2(x + 2.0, self.rect.bottom() - 2.0),
                egui::Align2::LEFT_BOTTOM,
                widgets::clock_short(start, t),
                egui::FontId::monospace(10.0),
                palette::DIM,
            );
            t += every;
        }
    }

    pub fn cursor(&self, painter: &egui::Painter, at: u64) {
        let x = self.x(at);
        painter.vline(x, self.rect.y_range(), Stroke::new(2.0, palette::YELLOW));
    }
}

fn marker_color(k: MarkerKind) -> Color32 {
    match k {
        MarkerKind::Milestone => palette::GREEN,
        MarkerKind::Inject => palette::ORANGE,
        MarkerKind::Action => palette::SKY,
    }
}

/// The strip: always there, so scrubbing keeps its context.
fn strip(
    mut contexts: EguiContexts,
    rec: Res<Recording>,
    regions: Res<ReviewRegions>,
    mut pb: ResMut<Playback>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "rv_strip", regions.strip);
    let tl = &rec.debrief.timeline;
    ui.horizontal(|ui| {
        theme::section(ui, "RUN", "");
        if pb.truth {
            let impact = tl
                .impact
                .iter()
                .take_while(|p| p.tick <= pb.at)
                .last()
                .map_or(0, |p| p.ppm);
            let active: Vec<&str> = tl
                .faults
                .iter()
                .filter(|f| f.start <= pb.at && f.end.is_none_or(|e| e > pb.at))
                .map(|f| f.fault.as_str())
                .collect();
            ui.label(theme::Status::Truth.rich().small());
            ui.label(format!(
                "impact {:.1}% · active faults: {}",
                impact as f64 / 10_000.0,
                if active.is_empty() {
                    "none".to_string()
                } else {
                    active.join(", ")
                }
            ));
        }
        ui.label(
            egui::RichText::new(
                "markers: squares milestones · diamonds injects · dots actions — click to seek",
            )
            .small()
            .color(palette::DIM),
        );
    });
    let rect = ui.available_rect_before_wrap().shrink2(vec2(4.0, 2.0));
    run_chart(&mut ui, rect, &rec, &mut pb);
    Ok(())
}

/// Fault bands and the impact curve (with ground truth), the markers, the clock axis and the
/// playhead, in `rect`; a click or drag seeks.
pub fn run_chart(ui: &mut egui::Ui, rect: Rect, rec: &Recording, pb: &mut Playback) {
    let tl = &rec.debrief.timeline;
    let start = rec.scenario.clock_start;
    let resp = ui.allocate_rect(rect, egui::Sense::click_and_drag());
    let axis = Axis {
        rect,
        length: rec.length.max(1),
    };
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 3.0, palette::BG);
    axis.paint_ticks(&painter, start);
    // From the top: fault bands, markers, then the impact curve down to the clock labels.
    let bands = 4.0 * 6.0;
    let marker_y = rect.top() + bands + 10.0;
    let plot = Rect::from_min_max(
        pos2(rect.left(), marker_y + 10.0),
        pos2(rect.right(), rect.bottom() - 16.0),
    );
    let mut hovered: Option<String> = None;
    let pointer = resp.hover_pos();
    if pb.truth {
        for (i, f) in tl.faults.iter().enumerate() {
            let y = rect.top() + 3.0 + (i % 4) as f32 * 6.0;
            let band = Rect::from_min_max(
                pos2(axis.x(f.start), y),
                pos2(axis.x(f.end.unwrap_or(rec.length)), y + 4.0),
            );
            painter.rect_filled(band, 1.0, palette::PURPLE);
            if pointer.is_some_and(|p| band.expand2(vec2(0.0, 1.0)).contains(p)) {
                hovered = Some(format!("fault {} on {}: {}", f.fault, f.target, f.title));
            }
        }
        let max = tl
            .impact
            .iter()
            .map(|p| p.ppm)
            .max()
            .unwrap_or(1)
            .max(tl.slo_ppm * 2);
        let y = |ppm: u64| plot.bottom() - ppm as f32 / max as f32 * plot.height();
        let pts: Vec<Pos2> = tl
            .impact
            .iter()
            .map(|p| pos2(axis.x(p.tick), y(p.ppm)))
            .collect();
        painter.add(egui::Shape::line(
            pts,
            Stroke::new(1.5, palette::VERMILLION),
        ));
        painter.hline(
            plot.x_range(),
            y(tl.slo_ppm),
            Stroke::new(1.0, palette::VERMILLION.gamma_multiply(0.5)),
        );
        painter.text(
            pos2(plot.left() + 2.0, y(tl.slo_ppm) - 1.0),
            egui::Align2::LEFT_BOTTOM,
            "SLO",
            egui::FontId::proportional(10.0),
            palette::VERMILLION,
        );
        painter.text(
            pos2(plot.left() + 2.0, plot.top()),
            egui::Align2::LEFT_TOP,
            format!("impact (max {:.0}%)", max as f64 / 10_000.0),
            egui::FontId::proportional(10.0),
            palette::VERMILLION,
        );
    }
    for m in &tl.markers {
        if !pb.truth && m.kind == MarkerKind::Milestone && milestones::is_truth_label(&m.label) {
            continue;
        }
        let c = pos2(axis.x(m.tick), marker_y);
        let col = marker_color(m.kind);
        match m.kind {
            MarkerKind::Milestone => {
                painter.rect_filled(Rect::from_center_size(c, vec2(7.0, 7.0)), 0.0, col)
            }
            MarkerKind::Inject => painter.add(egui::Shape::convex_polygon(
                vec![
                    c + vec2(0.0, -5.0),
                    c + vec2(5.0, 0.0),
                    c + vec2(0.0, 5.0),
                    c + vec2(-5.0, 0.0),
                ],
                col,
                Stroke::NONE,
            )),
            MarkerKind::Action => painter.circle_filled(c, 3.5, col),
        };
        if pointer.is_some_and(|p| (p.x - c.x).abs() < 5.0 && (p.y - c.y).abs() < 8.0) {
            hovered = Some(format!(
                "{} {}{}",
                widgets::clock_short(start, m.tick),
                m.label,
                m.detail
                    .as_ref()
                    .map_or(String::new(), |d| format!(": {d}"))
            ));
        }
    }
    axis.cursor(&painter, pb.at);
    if let Some(text) = hovered {
        resp.clone().on_hover_text(text);
    }
    if (resp.clicked() || resp.dragged())
        && let Some(p) = resp.interact_pointer_pos()
    {
        pb.at = axis.tick(p.x).min(rec.last());
        pb.playing = false;
    }
}

fn lane_shape(painter: &egui::Painter, kind: LaneKind, c: Pos2) {
    match kind {
        LaneKind::Saw => {
            painter.circle_stroke(c, 3.5, Stroke::new(1.5, palette::SKY));
        }
        LaneKind::Did => {
            painter.rect_filled(
                Rect::from_center_size(c, vec2(7.0, 7.0)),
                0.0,
                palette::ORANGE,
            );
        }
        LaneKind::Said => {
            painter.add(egui::Shape::convex_polygon(
                vec![c + vec2(0.0, -5.0), c + vec2(5.0, 4.0), c + vec2(-5.0, 4.0)],
                palette::GREEN,
                Stroke::NONE,
            ));
        }
    }
}

/// The Timeline tab, the debrief's story: the milestones named along the top, then a lane per
/// role with the marks that matter labelled. With a run beside it, both runs share one time axis
/// and one playhead, each with its own milestones and lanes.
fn lanes(
    mut contexts: EguiContexts,
    rec: Res<Recording>,
    beside: Option<Res<super::Beside>>,
    regions: Res<ReviewRegions>,
    mut pb: ResMut<Playback>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "rv_lanes", regions.center);
    ui.horizontal(|ui| {
        theme::section(ui, "SWIMLANES", "");
        ui.label(
            egui::RichText::new(
                "rings: saw · squares: did · triangles: said · labelled: alerts, shares, \
                 hypotheses, actions — hover for details, click to seek",
            )
            .small()
            .color(palette::DIM),
        );
    });
    let length = rec
        .length
        .max(beside.as_ref().map_or(0, |b| b.0.length))
        .max(1);
    let area = ui.available_rect_before_wrap();
    let runs: Vec<&Recording> = std::iter::once(&*rec)
        .chain(beside.as_ref().map(|b| &b.0))
        .collect();
    let h = area.height() / runs.len() as f32;
    let mut seek = None;
    for (i, r) in runs.iter().enumerate() {
        let part = Rect::from_min_size(
            pos2(area.left(), area.top() + i as f32 * h),
            vec2(area.width(), h - 4.0),
        );
        let heading = (runs.len() > 1).then_some(r.source.as_str());
        if let Some(t) = run_lanes(&mut ui, part, r, &pb, length, heading, i) {
            seek = Some(t);
        }
    }
    if let Some(t) = seek {
        pb.at = t.min(rec.last());
    }
    Ok(())
}

/// One run's milestones and lanes in `area`, on an axis `length` ticks long; a click returns the
/// tick to seek to.
fn run_lanes(
    ui: &mut egui::Ui,
    area: Rect,
    rec: &Recording,
    pb: &Playback,
    length: u64,
    heading: Option<&str>,
    salt: usize,
) -> Option<u64> {
    let start = rec.scenario.clock_start;
    let label_w = 150.0;
    let resp = ui.interact(
        area,
        ui.id().with(("run_lanes", salt)),
        egui::Sense::click(),
    );
    let painter = ui.painter_at(area);
    let mut top = area.top();
    if let Some(h) = heading {
        painter.text(
            pos2(area.left() + 4.0, top),
            egui::Align2::LEFT_TOP,
            h,
            egui::FontId::proportional(13.0),
            palette::YELLOW,
        );
        top += 18.0;
    }
    // The milestones, named: the story reads without hovering. Labels that would run into each
    // other go down a row.
    let story_h = 46.0;
    let plot = Rect::from_min_max(pos2(area.left() + label_w, top), area.max);
    let axis = Axis { rect: plot, length };
    painter.text(
        pos2(area.left() + 4.0, top + 14.0),
        egui::Align2::LEFT_CENTER,
        "milestones",
        egui::FontId::proportional(12.0),
        palette::TEXT,
    );
    let mut row_end = [f32::MIN; 3];
    for m in rec
        .debrief
        .timeline
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Milestone)
    {
        if !pb.truth && milestones::is_truth_label(&m.label) {
            continue;
        }
        let x = axis.x(m.tick);
        let label = format!("{} {}", widgets::clock_short(start, m.tick), m.label);
        let w = label.chars().count() as f32 * 6.0;
        let row = (0..3).find(|&r| row_end[r] < x).unwrap_or(2);
        row_end[row] = x + w + 6.0;
        let y = top + 4.0 + row as f32 * 14.0;
        painter.vline(
            x,
            y..=area.bottom(),
            Stroke::new(1.0, palette::GREEN.gamma_multiply(0.35)),
        );
        painter.text(
            pos2(x + 2.0, y),
            egui::Align2::LEFT_TOP,
            label,
            egui::FontId::proportional(11.0),
            palette::GREEN,
        );
    }
    let lanes_area = Rect::from_min_max(pos2(area.left(), top + story_h), area.max);
    let lanes = &rec.debrief.swimlanes;
    let lane_h = ((lanes_area.height() - 18.0) / lanes.len().max(1) as f32).clamp(28.0, 110.0);
    let lane_axis = Axis {
        rect: Rect::from_min_max(pos2(plot.left(), lanes_area.top()), lanes_area.max),
        length,
    };
    lane_axis.paint_ticks(&painter, start);
    let pointer = resp.hover_pos();
    let mut hovered: Vec<String> = Vec::new();
    for (i, lane) in lanes.iter().enumerate() {
        let top = lanes_area.top() + i as f32 * lane_h;
        let band = Rect::from_min_max(
            pos2(lanes_area.left(), top),
            pos2(lanes_area.right(), top + lane_h - 2.0),
        );
        if i % 2 == 0 {
            painter.rect_filled(band, 0.0, Color32::from_white_alpha(6));
        }
        let title = rec
            .public
            .roles
            .iter()
            .find(|r| *r.id == *lane.role)
            .map_or(lane.role.as_str(), |r| r.title.as_str());
        painter.text(
            pos2(lanes_area.left() + 4.0, band.center().y),
            egui::Align2::LEFT_CENTER,
            title,
            egui::FontId::proportional(12.0),
            palette::TEXT,
        );
        // Marks of one kind in the same moment sit side by side, not on each other.
        let mut last_x = [f32::MIN; 3];
        let mut label_end = [f32::MIN; 2];
        for item in &lane.items {
            let (row, k) = match item.kind {
                LaneKind::Saw => (0.18, 0),
                LaneKind::Did => (0.36, 1),
                LaneKind::Said => (0.54, 2),
            };
            let x = lane_axis.x(item.tick).max(last_x[k] + 7.0);
            last_x[k] = x;
            let c = pos2(x, band.top() + row * band.height());
            if let Some(u) = item.until
                && u > item.tick
            {
                painter.hline(
                    x..=lane_axis.x(u),
                    c.y,
                    Stroke::new(1.0, palette::SKY.gamma_multiply(0.5)),
                );
            }
            lane_shape(&painter, item.kind, c);
            if let Some(text) = crate::debrief::text::lane_label(item)
                && band.height() >= 40.0
                && let Some(r) = (0..2).find(|&r| label_end[r] < x)
            {
                let w = text.chars().count() as f32 * 5.6;
                label_end[r] = x + w + 6.0;
                painter.text(
                    pos2(x, band.top() + band.height() * (0.68 + 0.16 * r as f32)),
                    egui::Align2::LEFT_CENTER,
                    text,
                    egui::FontId::proportional(10.0),
                    palette::TEXT.gamma_multiply(0.85),
                );
            }
            if pointer.is_some_and(|p| (p.x - c.x).abs() < 4.0 && (p.y - c.y).abs() < 5.0)
                && hovered.len() < 6
            {
                let reps = if item.repeats > 1 {
                    format!(" (×{})", item.repeats)
                } else {
                    String::new()
                };
                hovered.push(format!(
                    "{} {} {}: {}{reps}",
                    widgets::clock_short(start, item.tick),
                    title,
                    item.what,
                    item.text
                ));
            }
        }
    }
    axis.cursor(&painter, pb.at);
    if !hovered.is_empty() {
        resp.clone().on_hover_text(hovered.join("\n"));
    }
    if resp.clicked()
        && let Some(p) = resp.interact_pointer_pos()
        && p.x >= plot.left()
    {
        return Some(axis.tick(p.x));
    }
    None
}

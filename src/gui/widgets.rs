//! Pieces every screen uses: screen regions, charts on the scenario's clock, time labels.

use bevy_egui::egui::{self, Rect, Ui};
use egui_plot::{Line, Plot, PlotPoint};

use super::theme::palette;
use crate::scenario::units::{ClockTime, format_clock, format_elapsed};

/// Reserves a panel of the screen and returns the rect inside its frame; the panel's content is
/// drawn later by its own system into that rect (see [`region_ui`]).
pub fn reserve(panel: egui::Panel, ui: &mut Ui) -> Rect {
    panel
        .show(ui, |ui| {
            let r = ui.available_rect_before_wrap();
            ui.allocate_rect(r, egui::Sense::hover());
            r
        })
        .inner
}

/// The central area left after the panels.
pub fn reserve_central(ui: &mut Ui) -> Rect {
    egui::CentralPanel::default()
        .show(ui, |ui| {
            let r = ui.available_rect_before_wrap();
            ui.allocate_rect(r, egui::Sense::hover());
            r
        })
        .inner
}

/// A side panel's default size and the range it can be dragged to.
pub struct Side {
    pub default: f32,
    pub min: f32,
    pub max: f32,
}

/// A console's frame: a resizable bottom strip across the full width, a left and a right column,
/// and the centre.
pub struct Frame {
    pub bottom: Side,
    pub left: Side,
    pub right: Side,
}

pub struct Framed {
    pub bottom: Rect,
    pub left: Rect,
    pub right: Rect,
    pub center: Rect,
}

/// Lays out `frame` in what `root` has left (after its top bar); `id` keeps each console's panel
/// sizes apart.
pub fn frame(root: &mut Ui, id: &str, frame: &Frame) -> Framed {
    let side =
        |panel: egui::Panel, s: &Side| panel.default_size(s.default).size_range(s.min..=s.max);
    let bottom = reserve(
        side(egui::Panel::bottom(format!("{id}_bottom")), &frame.bottom).resizable(true),
        root,
    );
    let left = reserve(
        side(egui::Panel::left(format!("{id}_left")), &frame.left),
        root,
    );
    let right = reserve(
        side(egui::Panel::right(format!("{id}_right")), &frame.right),
        root,
    );
    let center = reserve_central(root);
    Framed {
        bottom,
        left,
        right,
        center,
    }
}

/// A [`Ui`] confined to a region of the screen.
pub fn region_ui(ctx: &egui::Context, id: &str, rect: Rect) -> Ui {
    let mut ui = Ui::new(
        ctx.clone(),
        egui::Id::new(("region", id)),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(rect),
    );
    ui.set_clip_rect(rect.expand(2.0));
    ui
}

/// Lays out `add` in a column at most `max_width` wide, centred in the space left.
pub fn centered<R>(ui: &mut Ui, max_width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    let avail = ui.available_rect_before_wrap();
    let w = avail.width().min(max_width);
    let rect = Rect::from_min_size(
        egui::pos2(avail.center().x - w / 2.0, avail.top()),
        egui::vec2(w, avail.height()),
    );
    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), add)
        .inner
}

/// A card: a framed group on the card colour, as wide as its column.
pub fn card<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::group(ui.style())
        .fill(palette::CARD)
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// Splits a rect top/bottom at `frac` of its height, with a gap between.
pub fn split_v(r: Rect, frac: f32, gap: f32) -> (Rect, Rect) {
    let y = r.top() + (r.height() * frac).round();
    (
        Rect::from_min_max(r.min, egui::pos2(r.right(), y - gap / 2.0)),
        Rect::from_min_max(egui::pos2(r.left(), y + gap / 2.0), r.max),
    )
}

/// Splits a rect left/right at `frac` of its width, with a gap between.
pub fn split_h(r: Rect, frac: f32, gap: f32) -> (Rect, Rect) {
    let x = r.left() + (r.width() * frac).round();
    (
        Rect::from_min_max(r.min, egui::pos2(x - gap / 2.0, r.bottom())),
        Rect::from_min_max(egui::pos2(x + gap / 2.0, r.top()), r.max),
    )
}

/// Draws the divider between two split regions.
pub fn divider(ctx: &egui::Context, a: Rect, b: Rect) {
    let painter = ctx.layer_painter(egui::LayerId::background());
    let stroke = egui::Stroke::new(1.0, palette::CARD);
    if (a.bottom() - b.top()).abs() < 20.0 && a.left() == b.left() {
        let y = (a.bottom() + b.top()) / 2.0;
        painter.hline(a.x_range(), y, stroke);
    } else {
        let x = (a.right() + b.left()) / 2.0;
        painter.vline(x, a.y_range(), stroke);
    }
}

/// `HH:MM:SS` on the scenario's clock at a tick.
pub fn clock(start: ClockTime, tick: u64) -> String {
    format_clock(start, tick)
}

/// `HH:MM` on the scenario's clock.
pub fn clock_short(start: ClockTime, tick: u64) -> String {
    let mut s = format_clock(start, tick);
    s.truncate(5);
    s
}

pub fn elapsed(tick: u64) -> String {
    format_elapsed(tick)
}

/// How one chart is drawn.
pub struct ChartStyle {
    pub height: f32,
    pub color: egui::Color32,
    /// Show the x range up to here even before data arrives (the current tick).
    pub now: u64,
    /// Show at most this many seconds of history (0: all).
    pub window: u64,
}

/// A metric over time, x axis on the scenario's clock. The title carries the latest value, so the
/// reading never depends on the line's colour.
pub fn chart(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    title: &str,
    unit: &str,
    points: &[PlotPoint],
    start: ClockTime,
    style: &ChartStyle,
) -> egui::Response {
    super::dev::measure::CHARTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let last = points.last().map_or_else(
        || "no data yet".to_string(),
        |p| format!("{} {unit}", fmt_value(p.y)),
    );
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(title).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(egui::RichText::new(last).monospace());
        });
    });
    let from = if style.window > 0 {
        style.now.saturating_sub(style.window)
    } else {
        0
    };
    let visible = match points.iter().position(|p| p.x >= from as f64) {
        Some(i) => &points[i..],
        None => &points[points.len()..],
    };
    // Two points per pixel column keep the line's shape (its peaks too) while the cost stays that
    // of the chart's width, however long the run has gone on.
    let visible = envelope(visible, ui.available_width().max(1.0) as usize);
    let unit_owned = unit.to_string();
    Plot::new(egui::Id::new(id))
        .height(style.height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_background(true)
        .y_axis_min_width(36.0)
        .x_grid_spacer(minute_marks)
        .x_axis_formatter(move |mark, _| clock_short(start, mark.value.max(0.0) as u64))
        .y_axis_formatter(|mark, _| fmt_value(mark.value))
        .label_formatter(move |hover| {
            let p = match hover {
                egui_plot::HoverPosition::NearDataPoint { position, .. } => position,
                egui_plot::HoverPosition::Elsewhere { position } => position,
            };
            Some(format!(
                "{}\n{} {unit_owned}",
                clock(start, p.x.max(0.0) as u64),
                fmt_value(p.y)
            ))
        })
        .show(ui, |plot| {
            // Explicit bounds: time up to now, values from zero to a little above the highest.
            let top = visible.iter().map(|p| p.y).fold(0.0, f64::max);
            let visible: &[PlotPoint] = &visible;
            plot.set_plot_bounds_x(from as f64..=style.now.max(from + 60) as f64);
            plot.set_plot_bounds_y(0.0..=(top * 1.15).max(1.0));
            plot.line(
                Line::new(title, egui_plot::PlotPoints::Borrowed(visible))
                    .color(style.color)
                    .width(1.5),
            );
        })
        .response
}

/// At most two points per column of `columns`: each run of consecutive points keeps its lowest and
/// highest, in time order, so a one-second spike still shows. Short series pass through whole.
pub fn envelope(points: &[PlotPoint], columns: usize) -> std::borrow::Cow<'_, [PlotPoint]> {
    if points.len() <= 2 * columns.max(1) {
        return std::borrow::Cow::Borrowed(points);
    }
    let chunk = points.len().div_ceil(columns.max(1));
    let mut out = Vec::with_capacity(2 * columns + 2);
    for run in points.chunks(chunk) {
        let (mut lo, mut hi) = (0, 0);
        for (i, p) in run.iter().enumerate() {
            if p.y < run[lo].y {
                lo = i;
            }
            if p.y > run[hi].y {
                hi = i;
            }
        }
        out.push(run[lo.min(hi)]);
        if lo != hi {
            out.push(run[lo.max(hi)]);
        }
    }
    // The newest reading is what the title shows: the line must end on it.
    if let Some(last) = points.last()
        && out.last().map(|p| p.x) != Some(last.x)
    {
        out.push(*last);
    }
    std::borrow::Cow::Owned(out)
}

/// Time grid lines on whole minutes (or hours), at most about six labelled ones, with a finer
/// unlabelled step between: clock labels must fall on the minute they show.
pub fn minute_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    const STEPS: [f64; 9] = [
        60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0,
    ];
    let (lo, hi) = input.bounds;
    let span = (hi - lo).max(1.0);
    let major = STEPS
        .iter()
        .copied()
        .find(|s| span / s <= 6.0)
        .unwrap_or(14400.0);
    let minor = STEPS
        .iter()
        .rev()
        .copied()
        .find(|s| *s < major && major % s == 0.0 && span / s <= 24.0)
        .unwrap_or(major);
    let mut marks = Vec::new();
    let mut t = (lo / minor).ceil() * minor;
    while t <= hi {
        let step_size = if t % major == 0.0 { major } else { minor };
        marks.push(egui_plot::GridMark {
            value: t,
            step_size,
        });
        t += minor;
    }
    marks
}

/// A value with sensible precision: 12 345, 123, 12.3, 1.23.
pub fn fmt_value(v: f64) -> String {
    let a = v.abs();
    if a < 1e-9 {
        "0".into()
    } else if a >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_well() {
        assert_eq!(fmt_value(12_345.0), "12k");
        assert_eq!(fmt_value(123.4), "123");
        assert_eq!(fmt_value(12.34), "12.3");
        assert_eq!(fmt_value(1.234), "1.23");
        assert_eq!(fmt_value(0.0), "0");
    }

    #[test]
    fn envelope_keeps_peaks_and_the_last_reading() {
        let points: Vec<PlotPoint> = (0..3600)
            .map(|t| PlotPoint::new(t as f64, if t == 1234 { 99.0 } else { 1.0 }))
            .collect();
        let thin = envelope(&points, 300);
        assert!(thin.len() <= 601, "{} points", thin.len());
        assert!(thin.iter().any(|p| p.x == 1234.0 && p.y == 99.0));
        assert_eq!(thin.last().map(|p| p.x), Some(3599.0));
        assert!(thin.windows(2).all(|w| w[0].x < w[1].x));
        assert_eq!(envelope(&points[..500], 300).len(), 500);
    }

    #[test]
    fn time_marks_fall_on_whole_minutes() {
        let marks = minute_marks(egui_plot::GridInput {
            bounds: (0.0, 1331.0),
            base_step_size: 1.0,
        });
        assert!(marks.iter().all(|m| m.value % 60.0 == 0.0));
        let major: Vec<f64> = marks
            .iter()
            .filter(|m| m.step_size == 300.0)
            .map(|m| m.value)
            .collect();
        assert_eq!(major, [0.0, 300.0, 600.0, 900.0, 1200.0]);
    }

    #[test]
    fn splits_cover_the_rect() {
        let r = Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(100.0, 200.0));
        let (a, b) = split_v(r, 0.5, 4.0);
        assert_eq!(
            (a.top(), a.bottom(), b.top(), b.bottom()),
            (0.0, 98.0, 102.0, 200.0)
        );
        let (a, b) = split_h(r, 0.25, 0.0);
        assert_eq!((a.right(), b.left()), (25.0, 25.0));
    }
}

//! Pieces every screen uses: screen regions, charts on the scenario's clock, time labels.

use bevy_egui::egui::{self, Rect, Ui};
use egui_plot::{Line, Plot, PlotPoint};

use super::theme::palette;
use crate::scenario::model::Channel;
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

/// A side panel's size as shares of the console's room (its width for the left and right
/// columns, its height under the top bar for the bottom strip): the default, and the range it can
/// be dragged to. Shares, not pixels, so the frame reflows when the window is resized.
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
    let room = root.available_rect_before_wrap().size();
    let (bottom_id, left_id, right_id) = (
        egui::Id::new(format!("{id}_bottom")),
        egui::Id::new(format!("{id}_left")),
        egui::Id::new(format!("{id}_right")),
    );
    keep_shares(
        root.ctx(),
        egui::Id::new((id, "room")),
        room,
        &[(bottom_id, 1), (left_id, 0), (right_id, 0)],
    );
    let side = |panel: egui::Panel, s: &Side, along: f32| {
        panel
            .default_size(s.default * along)
            .size_range(s.min * along..=s.max * along)
    };
    let bottom = reserve(
        side(egui::Panel::bottom(bottom_id), &frame.bottom, room.y).resizable(true),
        root,
    );
    let left = reserve(side(egui::Panel::left(left_id), &frame.left, room.x), root);
    let right = reserve(
        side(egui::Panel::right(right_id), &frame.right, room.x),
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

/// When the room changes (the window was resized), scales the size egui remembers for each panel
/// (`(id, axis)`) with it: a panel keeps its share, one the user dragged too, not its pixels.
fn keep_shares(ctx: &egui::Context, key: egui::Id, room: egui::Vec2, panels: &[(egui::Id, usize)]) {
    use egui::containers::panel::PanelState;
    let before: Option<egui::Vec2> = ctx.data(|d| d.get_temp(key));
    ctx.data_mut(|d| d.insert_temp(key, room));
    let Some(before) = before.filter(|b| *b != room) else {
        return;
    };
    for &(id, axis) in panels {
        if let Some(mut state) = PanelState::load(ctx, id) {
            let mut size = state.outer_rect.size();
            size[axis] *= room[axis] / before[axis].max(1.0);
            state.outer_rect = Rect::from_min_size(state.outer_rect.min, size);
            ctx.data_mut(|d| d.insert_persisted(id, state));
        }
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

/// The start of a console's top bar: the product's name and the exercise's title.
pub fn bar_brand(ui: &mut Ui, title: &str) {
    ui.label(
        egui::RichText::new("firedrill")
            .strong()
            .color(palette::ORANGE),
    );
    ui.separator();
    ui.label(egui::RichText::new(title).strong());
    ui.separator();
}

/// A top bar's information, left to right in the room its controls left (they are laid out
/// first, right to left, so they keep their place): at a large text size or in a narrow window it
/// wraps onto another line instead of running under the controls.
pub fn bar_info<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.with_layout(
        egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
        add,
    )
    .inner
}

/// The heights of a long list's rows as last laid out (see [`virtual_rows`]).
#[derive(Debug, Clone, Default)]
pub struct RowHeights {
    heights: Vec<f32>,
    /// The width, text height and list key the heights were measured for.
    measured_for: (f32, f32, u64),
}

/// Lays out only the rows in sight of `viewport` (a [`egui::ScrollArea::show_viewport`]'s); the
/// others take the height they had when last laid out. An hour's channel or log holds thousands of
/// wrapped rows, and laying them all out every frame would make a console's cost grow with the
/// length of the run. `key` says which rows these are (a filter): when it, the width or the text
/// size changes, the rows are measured again.
pub fn virtual_rows<T>(
    ui: &mut Ui,
    viewport: Rect,
    heights: &mut RowHeights,
    key: u64,
    rows: &[T],
    mut draw: impl FnMut(&mut Ui, &T),
) {
    let measured_for = (
        ui.available_width(),
        ui.text_style_height(&egui::TextStyle::Body),
        key,
    );
    if heights.measured_for != measured_for {
        heights.heights.clear();
        heights.measured_for = measured_for;
    }
    heights.heights.truncate(rows.len());
    let origin = ui.min_rect().top();
    for (i, row) in rows.iter().enumerate() {
        let top = ui.cursor().top();
        let y = top - origin;
        match heights.heights.get(i).copied() {
            Some(h) if y + h < viewport.min.y || y > viewport.max.y => ui.add_space(h),
            _ => {
                draw(ui, row);
                let h = ui.cursor().top() - top;
                match heights.heights.get_mut(i) {
                    Some(old) => *old = h,
                    None => heights.heights.push(h),
                }
            }
        }
    }
}

/// Says over the bottom of a scrolled list that `n` of its items are below the fold (or cut by
/// it): a list that ends mid-card must not look complete.
pub fn more_below(ui: &Ui, viewport: Rect, n: usize) {
    let galley = ui.painter().layout_no_wrap(
        format!("⏷ {n} more below: scroll"),
        egui::TextStyle::Small.resolve(ui.style()),
        palette::YELLOW,
    );
    let pad = egui::vec2(6.0, 2.0);
    let size = galley.size() + 2.0 * pad;
    let rect = Rect::from_min_size(
        egui::pos2(viewport.left(), viewport.bottom() - size.y),
        size,
    );
    ui.painter().rect_filled(rect, 3.0, palette::BG);
    ui.painter().galley(rect.min + pad, galley, palette::YELLOW);
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

/// Charts drawn since the counter was last reset: `--measure` reports it per frame.
pub static CHARTS_DRAWN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A channel's name as the consoles print it.
pub fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Chat => "CHAT",
        Channel::Deploys => "DEPLOYS",
        Channel::Email => "EMAIL",
        Channel::Phone => "PHONE",
        Channel::Social => "SOCIAL",
        Channel::StatusPage => "STATUS PAGE",
    }
}

/// At most `n` characters, the last of them “…” if any were cut.
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{t}…")
    }
}

/// How one chart is drawn.
pub struct ChartStyle {
    pub height: f32,
    pub color: egui::Color32,
    /// Show the x range up to here even before data arrives (the current tick).
    pub now: u64,
    /// Show at most this many seconds of history (0: all).
    pub window: u64,
    /// Alert thresholds on this metric, drawn dashed: (value, label).
    pub thresholds: Vec<(f64, String)>,
    /// Moments to mark with a vertical line (an action taken): (tick, label).
    pub marks: Vec<(u64, String)>,
}

impl ChartStyle {
    pub fn new(height: f32, color: egui::Color32, now: u64, window: u64) -> Self {
        ChartStyle {
            height,
            color,
            now,
            window,
            thresholds: Vec::new(),
            marks: Vec::new(),
        }
    }
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
    CHARTS_DRAWN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let last = points
        .last()
        .map_or_else(|| "no data yet".to_string(), |p| fmt_quantity(p.y, unit));
    // The latest value keeps its room; a title too long for a narrow column is shortened.
    egui::containers::Sides::new()
        .shrink_left()
        .truncate()
        .show(
            ui,
            |ui| ui.label(egui::RichText::new(title).strong()),
            |ui| ui.label(egui::RichText::new(last).monospace()),
        );
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
    let unit_axis = unit.to_string();
    // The hover readout reads the series at the pointer's time, not the pointer's height.
    let series: Vec<PlotPoint> = visible.to_vec();
    let marks = style.marks.clone();
    // Axis room in the current text size: egui_plot draws a time label only where it fits between
    // two grid lines, so at a large text size fixed spacing left the time axis blank.
    let label = |t: &str| super::controls::text_extent(ui, t, egui::TextStyle::Body);
    let time_label = label("00:00").x;
    let value_label = label("0000").x + 8.0;
    Plot::new(egui::Id::new(id))
        .height(style.height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_background(true)
        .y_axis_min_width(value_label)
        .grid_spacing(GRID_MIN..=300.0)
        .x_grid_spacer(move |input| minute_marks(input, time_label))
        .x_axis_formatter(move |mark, _| clock_short(start, mark.value.max(0.0) as u64))
        .y_axis_formatter(move |mark, _| axis_value(mark.value, &unit_axis))
        .label_formatter(move |hover| {
            let x = match hover {
                egui_plot::HoverPosition::NearDataPoint { position, .. } => position.x,
                egui_plot::HoverPosition::Elsewhere { position } => position.x,
            };
            let at = reading_at(&series, x)?;
            let mut text = format!(
                "{}\n{}",
                clock(start, at.x.max(0.0) as u64),
                fmt_quantity(at.y, &unit_owned)
            );
            // An action marked within a minute of the pointer is named too.
            for (tick, label) in &marks {
                if (*tick as f64 - x).abs() <= 30.0 {
                    text.push_str(&format!("\n▏{label}"));
                }
            }
            Some(text)
        })
        .show(ui, |plot| {
            // Explicit bounds: time up to now, values from zero to a little above the highest.
            let top = visible.iter().map(|p| p.y).fold(0.0, f64::max);
            let visible: &[PlotPoint] = &visible;
            // A threshold near the line stays in view, so the gap to it reads at a glance.
            let near = style
                .thresholds
                .iter()
                .map(|(v, _)| *v)
                .filter(|v| *v <= top.max(1.0) * 3.0)
                .fold(0.0, f64::max);
            plot.set_plot_bounds_x(from as f64..=style.now.max(from + 60) as f64);
            plot.set_plot_bounds_y(0.0..=(top.max(near) * 1.15).max(1.0));
            for (v, label) in &style.thresholds {
                plot.hline(
                    egui_plot::HLine::new(label.as_str(), *v)
                        .color(palette::VERMILLION.gamma_multiply(0.8))
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
            for (tick, label) in &style.marks {
                if *tick >= from {
                    plot.vline(
                        egui_plot::VLine::new(label.as_str(), *tick as f64)
                            .color(palette::GREY.gamma_multiply(0.7))
                            .style(egui_plot::LineStyle::Dotted { spacing: 4.0 }),
                    );
                }
            }
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

/// The charts' smallest grid spacing in points; egui_plot hands it back to a grid spacer as
/// `GridInput::base_step_size` (in plot units), which is how [`minute_marks`] knows the scale.
const GRID_MIN: f32 = 8.0;

/// Time grid lines on whole minutes (or hours), at most about six labelled ones, with a finer
/// unlabelled step between: clock labels must fall on the minute they show. Labelled lines are at
/// least a label (`label_width` points) apart, or egui_plot leaves them all out (its own floor is
/// 60 points).
pub fn minute_marks(input: egui_plot::GridInput, label_width: f32) -> Vec<egui_plot::GridMark> {
    const STEPS: [f64; 9] = [
        60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0,
    ];
    let (lo, hi) = input.bounds;
    let span = (hi - lo).max(1.0);
    let per_point = input.base_step_size / GRID_MIN as f64;
    let min_major = (label_width as f64 + 16.0).max(64.0) * per_point;
    let major = STEPS
        .iter()
        .copied()
        .find(|s| span / s <= 6.0 && *s >= min_major)
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

/// The reading of a series at time `x`: the last point at or before it (a dashboard shows the
/// latest scrape), or the first one if `x` is before them all.
pub fn reading_at(points: &[PlotPoint], x: f64) -> Option<PlotPoint> {
    let after = points.partition_point(|p| p.x <= x);
    points.get(after.saturating_sub(1)).copied()
}

/// Units of time and size written in the unit that reads best: 94 000 ms is "94 s", 2 048 KB
/// is "2.00 MB". Any other unit keeps the number as is.
fn scaled(v: f64, unit: &str) -> (f64, &str) {
    let a = v.abs();
    match unit {
        // Minutes only past three: "94 s" reads better than "1.57 min".
        "ms" if a >= 180_000.0 => (v / 60_000.0, "min"),
        "ms" if a >= 1_000.0 => (v / 1_000.0, "s"),
        "s" if a >= 180.0 => (v / 60.0, "min"),
        "KB" if a >= 1024.0 * 1024.0 => (v / (1024.0 * 1024.0), "GB"),
        "KB" if a >= 1024.0 => (v / 1024.0, "MB"),
        "MB" if a >= 1024.0 => (v / 1024.0, "GB"),
        _ => (v, unit),
    }
}

/// A reading with its unit: "94.0 s", "12.3 ms", "4.2%", "1 234 req/s".
pub fn fmt_quantity(v: f64, unit: &str) -> String {
    let (v, unit) = scaled(v, unit);
    match unit {
        "" => fmt_value(v),
        "%" => format!("{}%", fmt_value(v)),
        _ => format!("{} {unit}", fmt_value(v)),
    }
}

/// An axis label: scaled like [`fmt_quantity`] for time and size, a bare number otherwise (the
/// title says the unit).
fn axis_value(v: f64, unit: &str) -> String {
    match scaled(v, unit) {
        (v, u) if u != unit => format!("{} {u}", fmt_value(v)),
        (v, _) => fmt_value(v),
    }
}

/// A value with sensible precision: 12 345, 123, 12.3, 1.23.
pub fn fmt_value(v: f64) -> String {
    let a = v.abs();
    if a < 1e-9 {
        "0".into()
    } else if a >= 1_000_000.0 {
        format!("{:.1}M", v / 1_000_000.0)
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
    fn times_and_sizes_read_in_the_unit_that_fits() {
        assert_eq!(fmt_quantity(94_000.0, "ms"), "94.0 s");
        assert_eq!(fmt_quantity(12.0, "ms"), "12.0 ms");
        assert_eq!(fmt_quantity(150_000.0, "ms"), "150 s");
        assert_eq!(fmt_quantity(240_000.0, "ms"), "4.00 min");
        assert_eq!(fmt_quantity(2048.0, "KB"), "2.00 MB");
        assert_eq!(fmt_quantity(4.2, "%"), "4.20%");
        assert_eq!(fmt_quantity(1234.0, "req/s"), "1234 req/s");
        assert_eq!(fmt_quantity(2_500_000.0, "req/s"), "2.5M req/s");
        assert_eq!(axis_value(20_000.0, "ms"), "20.0 s");
        assert_eq!(axis_value(1200.0, "req/s"), "1200");
    }

    #[test]
    fn the_hover_reads_the_series_at_the_pointer_time() {
        let pts = [
            PlotPoint::new(0.0, 12.0),
            PlotPoint::new(10.0, 15.0),
            PlotPoint::new(20.0, 900.0),
        ];
        assert_eq!(reading_at(&pts, 14.0).unwrap().y, 15.0);
        assert_eq!(reading_at(&pts, 20.0).unwrap().y, 900.0);
        assert_eq!(reading_at(&pts, 99.0).unwrap().y, 900.0);
        assert_eq!(reading_at(&pts, -5.0).unwrap().y, 12.0);
        assert!(reading_at(&[], 3.0).is_none());
    }

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
        let marks = minute_marks(
            egui_plot::GridInput {
                bounds: (0.0, 1331.0),
                base_step_size: 1.0,
            },
            40.0,
        );
        assert!(marks.iter().all(|m| m.value % 60.0 == 0.0));
        let major: Vec<f64> = marks
            .iter()
            .filter(|m| m.step_size == 300.0)
            .map(|m| m.value)
            .collect();
        assert_eq!(major, [0.0, 300.0, 600.0, 900.0, 1200.0]);
    }

    #[test]
    fn time_labels_keep_room_at_a_large_text_size() {
        // 15 minutes over 200 points: 4.5 s a point, 36 s for the 8-point grid floor.
        let input = || egui_plot::GridInput {
            bounds: (0.0, 900.0),
            base_step_size: 36.0,
        };
        let major = |label_width| {
            let marks = minute_marks(input(), label_width);
            marks.iter().map(|m| m.step_size).fold(0.0, f64::max)
        };
        // At 100% a label is about 40 points: every 5 minutes is 67 points apart.
        assert_eq!(major(40.0), 300.0);
        // At 170% about 70 points: labelled lines every 10 minutes (133 points) so they show.
        assert_eq!(major(70.0), 600.0);
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

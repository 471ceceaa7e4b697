//! Small controls the consoles share: a progress bar whose text stays readable, the big clock that
//! follows the text scale, and arrow keys on a drop-down.

use bevy_egui::egui::{self, Response, Ui};

/// A thin bar with its text beside it. egui's own progress bar paints its text over the fill, so
/// a bar that is partly full hides the first characters (the clock's "00:01 / 50:00").
pub fn progress(ui: &mut Ui, frac: f32, text: &str, width: f32) -> Response {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        ui.add(
            egui::ProgressBar::new(frac.clamp(0.0, 1.0))
                .desired_width(width)
                .desired_height(8.0),
        );
        ui.label(egui::RichText::new(text).monospace());
    })
    .response
}

/// How far through its time limit the exercise is: a bar and "elapsed / limit".
pub fn exercise_progress(ui: &mut Ui, tick: u64, time_limit: u64) -> Response {
    use crate::scenario::units::format_elapsed as elapsed;
    let frac = tick as f32 / time_limit.max(1) as f32;
    let text = format!("{} / {}", elapsed(tick), elapsed(time_limit));
    progress(ui, frac, &text, 90.0)
}

/// The top bars' clock: a little larger than body text, and scaled with it (a fixed size would
/// not follow Ctrl +/−).
pub fn big_clock(ui: &Ui, text: String) -> egui::RichText {
    egui::RichText::new(text)
        .monospace()
        .strong()
        .size(text_size(ui, 18.0))
}

/// A size given at 100% text (where body text is 14 points), at the console's text scale: the
/// scale sets the text styles' sizes, so a size written as a bare number would not follow it.
pub fn text_size(ui: &Ui, at_100: f32) -> f32 {
    let body = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(14.0, |f| f.size);
    at_100 * body / 14.0
}

/// The size `text` takes on one line in `style` at the current text size.
pub fn text_extent(ui: &Ui, text: &str, style: egui::TextStyle) -> egui::Vec2 {
    egui::WidgetText::from(text)
        .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
        .size()
}

/// The room a row of buttons with these labels takes, in the current text size: a text field
/// beside them gets the rest (a fixed guess cuts the last button off when the text is large).
pub fn buttons_width(ui: &Ui, labels: &[&str]) -> f32 {
    let spacing = ui.spacing();
    labels
        .iter()
        .map(|l| {
            let text = text_extent(ui, l, egui::TextStyle::Button).x;
            text + 2.0 * spacing.button_padding.x + spacing.item_spacing.x
        })
        .sum()
}

/// Up and Down on a focused drop-down step through `choices`. egui's popup items are not in the
/// Tab order, so without this a keyboard user could open a drop-down but not pick from it. The
/// drop-down keeps the focus while the arrows change the choice (they would otherwise move the
/// focus to a neighbouring widget). Returns true when the value changed.
pub fn arrow_choice<T: Clone + PartialEq>(
    ui: &Ui,
    resp: &Response,
    value: &mut T,
    choices: &[T],
) -> bool {
    if !resp.has_focus() || choices.is_empty() {
        return false;
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            resp.id,
            egui::EventFilter {
                vertical_arrows: true,
                ..Default::default()
            },
        )
    });
    let (down, up) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
        )
    });
    if !down && !up {
        return false;
    }
    let n = choices.len();
    let at = choices.iter().position(|c| c == value);
    let next = match (at, down) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1).min(n - 1),
        (Some(i), false) => i.saturating_sub(1),
    };
    let changed = choices[next] != *value;
    *value = choices[next].clone();
    changed
}

/// Charts side by side in as many equal columns as fit. egui_plot centres each time label on its
/// grid line, so half a label hangs past the plot's left and right edges: the gap between columns
/// holds two halves (else neighbours' labels run together, "02:1602:15") and the right margin
/// holds one plus the scroll bar (else the last label and the latest value are cut off). The label
/// is measured in the current text size, so the grid follows Ctrl +/−.
pub struct ChartGrid {
    pub cols: usize,
    pub col_w: f32,
    gap: f32,
}

impl ChartGrid {
    pub fn new(ui: &Ui, min_w: f32) -> Self {
        let label = text_extent(ui, "00:00", egui::TextStyle::Body).x;
        let scroll = &ui.spacing().scroll;
        let bar = scroll
            .allocated_width()
            .max(scroll.bar_width + scroll.bar_outer_margin);
        let gap = label + 8.0;
        let width = ui.available_width() - bar - label / 2.0 - 2.0;
        let cols = (((width + gap) / (min_w + gap)).floor() as usize).clamp(1, 4);
        let col_w = ((width - gap * (cols as f32 - 1.0)) / cols as f32).max(60.0);
        ChartGrid { cols, col_w, gap }
    }

    /// One row of up to `cols` items, each drawn by `draw` in its column.
    pub fn row<T>(&self, ui: &mut Ui, items: &[T], mut draw: impl FnMut(&mut Ui, &T)) {
        let spacing = ui.spacing().item_spacing;
        // Top-aligned: a chart whose labels take more room must not push its neighbours down.
        ui.horizontal_top(|ui| {
            // The gap is explicit; egui's spacing would add to it.
            ui.spacing_mut().item_spacing.x = 0.0;
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    ui.add_space(self.gap);
                }
                ui.allocate_ui(egui::vec2(self.col_w, 190.0), |ui| {
                    ui.spacing_mut().item_spacing = spacing;
                    ui.set_width(self.col_w);
                    ui.vertical(|ui| draw(ui, item));
                });
            }
        });
    }
}

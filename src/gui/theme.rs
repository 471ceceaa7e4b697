//! The look: a dark console with the Okabe–Ito colour-blind-safe palette, and an adjustable text
//! scale (Ctrl +/−/0). Status is never carried by colour alone: every status colour comes with a
//! word or a glyph (see [`Status`]).

use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, FontId, TextStyle};

use crate::scenario::model::{AlertSeverity, LogLevel};

/// Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
/// deficiencies.
pub mod palette {
    use bevy_egui::egui::Color32;
    pub const ORANGE: Color32 = Color32::from_rgb(0xE6, 0x9F, 0x00);
    pub const SKY: Color32 = Color32::from_rgb(0x56, 0xB4, 0xE9);
    pub const GREEN: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);
    pub const YELLOW: Color32 = Color32::from_rgb(0xF0, 0xE4, 0x42);
    pub const BLUE: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);
    pub const VERMILLION: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
    pub const PURPLE: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);
    pub const GREY: Color32 = Color32::from_rgb(0xA0, 0xA4, 0xAA);
    /// Series colours for charts, in order.
    pub const SERIES: [Color32; 6] = [SKY, ORANGE, GREEN, PURPLE, YELLOW, VERMILLION];
    pub const BG: Color32 = Color32::from_rgb(0x14, 0x17, 0x1C);
    pub const PANEL: Color32 = Color32::from_rgb(0x1B, 0x1F, 0x26);
    pub const CARD: Color32 = Color32::from_rgb(0x23, 0x29, 0x31);
    pub const TEXT: Color32 = Color32::from_rgb(0xE6, 0xE8, 0xEB);
    pub const DIM: Color32 = Color32::from_rgb(0x9A, 0xA0, 0xA8);
}

/// A status shown as a coloured word with a glyph, so it reads without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Firing,
    Acked,
    Resolved,
    Running,
    Done,
    Refused,
    Allowed,
    Forbidden,
    Paused,
    Live,
    /// The run is over; the console is read-only.
    Ended,
    Truth,
}

impl Status {
    pub fn text(self) -> &'static str {
        match self {
            Status::Firing => "⚑ FIRING",
            Status::Acked => "◑ ACKED",
            Status::Resolved => "○ RESOLVED",
            Status::Running => "⟳ RUNNING",
            Status::Done => "★ DONE",
            Status::Refused => "⊗ REFUSED",
            Status::Allowed => "⏵ CAN RUN",
            Status::Forbidden => "◎ NOT YOURS",
            Status::Paused => "⏸ PAUSED",
            Status::Live => "⏵ LIVE",
            Status::Ended => "⏹ ENDED",
            Status::Truth => "▣ GROUND TRUTH",
        }
    }

    pub fn color(self) -> Color32 {
        use palette::*;
        match self {
            Status::Firing | Status::Refused => VERMILLION,
            Status::Acked | Status::Paused => YELLOW,
            Status::Resolved | Status::Done | Status::Live => GREEN,
            Status::Running | Status::Allowed => SKY,
            Status::Forbidden | Status::Ended => GREY,
            Status::Truth => PURPLE,
        }
    }

    pub fn rich(self) -> egui::RichText {
        egui::RichText::new(self.text())
            .color(self.color())
            .strong()
    }
}

pub fn severity(s: AlertSeverity) -> egui::RichText {
    let (text, color) = match s {
        AlertSeverity::Page => ("PAGE", palette::VERMILLION),
        AlertSeverity::Warning => ("WARN", palette::ORANGE),
        AlertSeverity::Info => ("INFO", palette::SKY),
    };
    egui::RichText::new(text).color(color).strong().monospace()
}

pub fn log_level(l: LogLevel) -> egui::RichText {
    let (text, color) = match l {
        LogLevel::Debug => ("DEBUG", palette::GREY),
        LogLevel::Info => ("INFO ", palette::SKY),
        LogLevel::Warn => ("WARN ", palette::ORANGE),
        LogLevel::Error => ("ERROR", palette::VERMILLION),
        LogLevel::Fatal => ("FATAL", palette::PURPLE),
    };
    egui::RichText::new(text).color(color).strong().monospace()
}

/// The user's text scale; Ctrl +/− change it, Ctrl 0 resets it.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct TextScale(pub f32);

impl Default for TextScale {
    fn default() -> Self {
        TextScale(1.0)
    }
}

impl TextScale {
    pub const MIN: f32 = 0.7;
    pub const MAX: f32 = 2.0;
    pub fn step(self, up: bool) -> Self {
        let v = if up { self.0 + 0.1 } else { self.0 - 0.1 };
        TextScale((v * 10.0).round() / 10.0).clamped()
    }
    fn clamped(self) -> Self {
        TextScale(self.0.clamp(Self::MIN, Self::MAX))
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TextScale>().add_systems(
        bevy_egui::EguiPrimaryContextPass,
        (text_scale_keys, apply_style)
            .chain()
            .in_set(super::GuiSet::Style),
    );
}

/// Ctrl + / Ctrl = enlarge, Ctrl − shrinks, Ctrl 0 resets. egui's own keyboard zoom is off (see
/// `third_party::egui`) so these keys scale text only.
fn text_scale_keys(mut contexts: bevy_egui::EguiContexts, mut scale: ResMut<TextScale>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let (up, down, reset) = ctx.input_mut(|i| {
        let ctrl = egui::Modifiers::COMMAND;
        let up = i.consume_key(ctrl, egui::Key::Plus)
            || i.consume_key(ctrl, egui::Key::Equals)
            || i.consume_key(ctrl | egui::Modifiers::SHIFT, egui::Key::Equals);
        let down = i.consume_key(ctrl, egui::Key::Minus);
        let reset = i.consume_key(ctrl, egui::Key::Num0);
        (up, down, reset)
    });
    if up {
        *scale = scale.step(true);
    }
    if down {
        *scale = scale.step(false);
    }
    if reset {
        *scale = TextScale::default();
    }
    Ok(())
}

fn apply_style(
    mut contexts: bevy_egui::EguiContexts,
    scale: Res<TextScale>,
    mut applied: Local<Option<f32>>,
) -> Result {
    if *applied == Some(scale.0) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    ctx.set_theme(egui::Theme::Dark);
    ctx.set_style_of(egui::Theme::Dark, style(scale.0));
    *applied = Some(scale.0);
    Ok(())
}

/// The whole style at a text scale.
pub fn style(scale: f32) -> egui::Style {
    let mut style = egui::Style {
        visuals: visuals(),
        ..Default::default()
    };
    let size = |s: f32| s * scale;
    style.text_styles = [
        (TextStyle::Heading, FontId::proportional(size(19.0))),
        (TextStyle::Body, FontId::proportional(size(14.0))),
        (TextStyle::Monospace, FontId::monospace(size(13.0))),
        (TextStyle::Button, FontId::proportional(size(14.0))),
        (TextStyle::Small, FontId::proportional(size(11.5))),
    ]
    .into();
    style.spacing.item_spacing = egui::vec2(8.0, 5.0);
    style.spacing.button_padding = egui::vec2(8.0, 3.0);
    // Rows follow the text both ways: at 70% a row of small text is not padded to full height.
    style.spacing.interact_size.y = 22.0 * scale;
    // Solid bars take their own room and show whenever content runs past the edge: a list cut at
    // the bottom must not look complete.
    style.spacing.scroll = egui::style::ScrollStyle::solid();
    style
}

fn visuals() -> egui::Visuals {
    use palette::*;
    let mut v = egui::Visuals::dark();
    v.panel_fill = PANEL;
    v.window_fill = PANEL;
    v.extreme_bg_color = BG;
    v.faint_bg_color = CARD;
    v.override_text_color = Some(TEXT);
    v.hyperlink_color = SKY;
    v.selection.bg_fill = BLUE;
    v.selection.stroke = egui::Stroke::new(1.0, TEXT);
    // A strong focus ring: keyboard users must always see where they are.
    v.widgets.hovered.bg_stroke = egui::Stroke::new(1.5, SKY);
    v.widgets.active.bg_stroke = egui::Stroke::new(2.0, YELLOW);
    v.window_corner_radius = 4.0.into();
    v
}

/// A section title with an optional key hint, e.g. "ALERTS   Ctrl+3".
pub fn section(ui: &mut egui::Ui, title: &str, key: &str) {
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(title).strong().size(
                ui.style()
                    .text_styles
                    .get(&TextStyle::Body)
                    .map_or(14.0, |f| f.size),
            ),
        );
        if !key.is_empty() {
            // Wrapped in the room the title leaves, not run past a narrow panel's edge.
            ui.add(egui::Label::new(egui::RichText::new(key).small().color(palette::DIM)).wrap());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_scale_steps_and_clamps() {
        let mut s = TextScale::default();
        for _ in 0..30 {
            s = s.step(true);
        }
        assert_eq!(s.0, TextScale::MAX);
        for _ in 0..30 {
            s = s.step(false);
        }
        assert_eq!(s.0, TextScale::MIN);
    }

    /// Every symbol the consoles print must exist in egui's built-in fonts, or it shows as a box.
    #[test]
    fn every_symbol_is_in_the_fonts() {
        use Status::*;
        let ctx = egui::Context::default();
        let _ = ctx.run_ui(egui::RawInput::default(), |_| {});
        let mut texts: Vec<String> = [
            Firing, Acked, Resolved, Running, Done, Refused, Allowed, Forbidden, Paused, Live,
            Ended, Truth,
        ]
        .iter()
        .map(|s| s.text().to_string())
        .collect();
        texts.extend(
            [
                "⏮ ⏴ ⏵ ⏸ ○ ⊗ … · — − × • ⚑ ◑ ⟳ ★ ◎ ▣ « » ⏷",
                "A− A+ ⏸ Pause ⏵ Resume ⏴ event event ⏵ ○ PENDING ⊗ SKIPPED",
            ]
            .map(String::from),
        );
        let mut missing = Vec::new();
        for t in texts {
            for c in t.chars().filter(|c| !c.is_whitespace()) {
                if !ctx.fonts_mut(|f| f.has_glyph(&FontId::proportional(14.0), c)) {
                    missing.push(format!("{c} U+{:04X} in {t:?}", c as u32));
                }
            }
        }
        assert!(missing.is_empty(), "no glyph for: {missing:#?}");
    }

    #[test]
    fn every_status_has_a_word() {
        use Status::*;
        for s in [
            Firing, Acked, Resolved, Running, Done, Refused, Allowed, Forbidden, Paused, Live,
            Ended, Truth,
        ] {
            assert!(s.text().chars().any(|c| c.is_ascii_alphabetic()), "{s:?}");
        }
    }
}

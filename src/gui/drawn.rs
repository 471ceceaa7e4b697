//! What egui drew, as text with its place on screen: read from a frame's output shapes, so tests
//! see the screen as painted, not as the code meant it.

use bevy_egui::egui::{self, Pos2, Rect};
use egui::epaint::{ClippedShape, Shape};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Drawn {
    pub text: String,
    /// [left, top, right, bottom] in points, clipped to what is visible.
    pub rect: [f32; 4],
    /// The same, unclipped: where it differs from `rect`, part of the text is cut off.
    pub full: [f32; 4],
}

impl Drawn {
    pub fn rect(&self) -> Rect {
        Rect::from_min_max(
            Pos2::new(self.rect[0], self.rect[1]),
            Pos2::new(self.rect[2], self.rect[3]),
        )
    }
    pub fn center(&self) -> Pos2 {
        self.rect().center()
    }
}

/// Every visible piece of text in the shapes, in paint order.
pub fn texts(shapes: &[ClippedShape]) -> Vec<Drawn> {
    let mut out = Vec::new();
    for s in shapes {
        walk(&s.shape, s.clip_rect, &mut out);
    }
    out
}

fn walk(shape: &Shape, clip: Rect, out: &mut Vec<Drawn>) {
    match shape {
        Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, out)),
        Shape::Text(t) => {
            let text = t.galley.text().trim();
            let full = t.galley.rect.translate(t.pos.to_vec2());
            let rect = full.intersect(clip);
            if !text.is_empty() && rect.is_positive() {
                out.push(Drawn {
                    text: text.to_string(),
                    rect: [rect.left(), rect.top(), rect.right(), rect.bottom()],
                    full: [full.left(), full.top(), full.right(), full.bottom()],
                });
            }
        }
        _ => {}
    }
}

/// The drawn text containing `needle` whose centre is closest to the text containing `near`
/// (or the first such text without `near`).
pub fn find<'a>(drawn: &'a [Drawn], needle: &str, near: Option<&str>) -> Option<&'a Drawn> {
    let hits = drawn.iter().filter(|d| d.text.contains(needle));
    match near.and_then(|n| drawn.iter().find(|d| d.text.contains(n))) {
        Some(anchor) => {
            let a = anchor.center();
            hits.min_by(|x, y| {
                let dx = x.center().distance(a);
                let dy = y.center().distance(a);
                dx.total_cmp(&dy)
            })
        }
        None => hits.into_iter().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_positions_from_a_headless_frame() {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, egui::vec2(800.0, 600.0))),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| {
            ui.label("first");
            let _ = ui.button("Acknowledge");
        });
        let drawn = texts(&out.shapes);
        out.shapes.clear();
        let ack = find(&drawn, "Acknowledge", Some("first")).expect("button text drawn");
        let first = find(&drawn, "first", None).unwrap();
        assert!(ack.rect[1] > first.rect[1], "the button is below the label");
        assert!(find(&drawn, "missing", None).is_none());
    }
}

//! The system (F4): the scenario's service graph, the picture `firedrill graph` draws and the HTML
//! debrief shows, live. For the facilitator only: each box shows the service's true state, and
//! where a fault strikes says whether it is active, so the room's story is read at a glance.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::in_console;
use crate::gui::GuiSet;
use crate::gui::session::Live;
use crate::gui::theme::palette;
use crate::scenario::graph::ServiceGraph;
use crate::scenario::units::Latency;
use crate::sim::state::{FaultState, FlowState};

/// Whether the window is open.
#[derive(Resource, Debug, Default)]
pub struct SystemOpen(pub bool);

/// The graph of the running scenario, built once per scenario (its hash).
#[derive(Resource, Debug, Default)]
struct Drawn {
    hash: String,
    graph: ServiceGraph,
}

const BOX: egui::Vec2 = egui::vec2(160.0, 58.0);
/// Room between columns for the calls' labels.
const GAP_X: f32 = 90.0;
/// One line of small text under a box (a fault, or who sees the service).
const LINE: f32 = 14.0;
const MARGIN: egui::Vec2 = egui::vec2(70.0, 12.0);

pub fn plugin(app: &mut App) {
    app.init_resource::<SystemOpen>()
        .init_resource::<Drawn>()
        .add_systems(
            EguiPrimaryContextPass,
            draw.in_set(GuiSet::Panels).run_if(in_console),
        );
}

fn draw(
    mut contexts: EguiContexts,
    live: Res<Live>,
    mut open: ResMut<SystemOpen>,
    mut drawn: ResMut<Drawn>,
) -> Result {
    if !open.0 {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let sc = live.scenario();
    if drawn.hash != sc.hash {
        drawn.hash = sc.hash.clone();
        drawn.graph = ServiceGraph::of(sc);
    }
    let g = &drawn.graph;
    let flow = live.world().resource::<FlowState>();
    let faults = live.world().resource::<FaultState>();
    // Open large enough for the whole graph where the screen allows; it scrolls beyond.
    let screen = ctx.content_rect().size() * 0.9;
    let want = extent(g) + egui::vec2(24.0, 60.0);
    egui::Window::new("The system")
        .id(egui::Id::new("fac_system"))
        .open(&mut open.0)
        .default_pos(egui::pos2(40.0, 60.0))
        .default_size(want.min(screen))
        .resizable(true)
        .show(ctx, |ui| {
            ui.label(
                egui::RichText::new(
                    "True state, for the facilitator: ✖ failing, ● busy, ⚡ an active fault. \
                     Beneath each service: who sees its dashboards.",
                )
                .small()
                .color(palette::DIM),
            );
            egui::ScrollArea::both().show(ui, |ui| paint(ui, g, flow, faults));
        });
    Ok(())
}

/// The room between rows: the most lines any box has under it (its faults and its viewers).
fn gap_y(g: &ServiceGraph) -> f32 {
    let under = (0..g.services.len())
        .map(|s| g.faults.iter().filter(|f| f.target == s).count() + 1)
        .max()
        .unwrap_or(1);
    10.0 + LINE * under as f32
}

/// The top-left corner of the box in `layer` (column) and `row`.
fn corner(g: &ServiceGraph, layer: usize, row: usize) -> egui::Pos2 {
    egui::pos2(
        MARGIN.x + layer as f32 * (BOX.x + GAP_X),
        MARGIN.y + row as f32 * (BOX.y + gap_y(g)),
    )
}

/// The whole drawing's size.
fn extent(g: &ServiceGraph) -> egui::Vec2 {
    let columns = g.rows.len().max(1);
    let rows = g.rows.iter().copied().max().unwrap_or(1).max(1);
    corner(g, columns, rows).to_vec2() - egui::vec2(GAP_X - 20.0, 0.0)
}

fn paint(ui: &mut egui::Ui, g: &ServiceGraph, flow: &FlowState, faults: &FaultState) {
    let at = |layer: usize, row: usize| corner(g, layer, row);
    let (rect, _) = ui.allocate_exact_size(extent(g), egui::Sense::hover());
    let o = rect.min.to_vec2();
    let p = ui.painter_at(rect);
    let small = egui::FontId::proportional(11.0);
    let body = egui::FontId::proportional(13.0);
    let line = egui::Stroke::new(1.2, palette::GREY);

    for call in &g.calls {
        let from = &g.services[call.from];
        let to = &g.services[call.to];
        // Right edge of the caller, through each column it passes, to the callee's left edge.
        let mut pts = vec![at(from.layer, from.row) + o + egui::vec2(BOX.x, BOX.y / 2.0)];
        for (k, &row) in call.via.iter().enumerate() {
            let c = at(from.layer + 1 + k, row) + o;
            pts.push(c + egui::vec2(0.0, BOX.y / 2.0));
            pts.push(c + egui::vec2(BOX.x, BOX.y / 2.0));
        }
        pts.push(at(to.layer, to.row) + o + egui::vec2(0.0, BOX.y / 2.0));
        let stroke = if call.optional {
            egui::Stroke::new(1.0, palette::DIM)
        } else {
            line
        };
        p.add(egui::Shape::line(pts.clone(), stroke));
        let end = pts[pts.len() - 1];
        let dir = (end - pts[pts.len() - 2]).normalized();
        let side = egui::vec2(-dir.y, dir.x) * 4.0;
        p.add(egui::Shape::convex_polygon(
            vec![end, end - dir * 8.0 + side, end - dir * 8.0 - side],
            palette::GREY,
            egui::Stroke::NONE,
        ));
        let mut label = Latency(call.timeout_us).to_string();
        if call.retries > 0 {
            label.push_str(&format!(" ×{}", call.retries + 1));
        }
        p.text(
            pts[0].lerp(pts[1], 0.5) - egui::vec2(0.0, 8.0),
            egui::Align2::CENTER_BOTTOM,
            label,
            small.clone(),
            palette::DIM,
        );
    }

    for t in &g.traffic {
        let to = &g.services[t.to];
        let left = at(to.layer, to.row) + o + egui::vec2(0.0, BOX.y / 2.0);
        let start = left - egui::vec2(MARGIN.x - 8.0, 0.0);
        p.arrow(start, left - start - egui::vec2(2.0, 0.0), line);
        p.text(
            start + egui::vec2(0.0, -4.0),
            egui::Align2::LEFT_BOTTOM,
            format!("{} rps", t.rps),
            small.clone(),
            palette::DIM,
        );
    }

    for (s, node) in g.services.iter().enumerate() {
        let min = at(node.layer, node.row) + o;
        let r = egui::Rect::from_min_size(min, BOX);
        let fail = flow.fail_ppm.get(s).copied().unwrap_or(0) as f64 / 10_000.0;
        let busy = flow.saturation_ppm(s) as f64 / 10_000.0;
        let struck = g
            .faults
            .iter()
            .enumerate()
            .filter(|(f, x)| x.target == s && faults.runs.get(*f).is_some_and(|r| r.active()))
            .count();
        let edge = if fail >= 5.0 {
            palette::VERMILLION
        } else if busy >= 90.0 || struck > 0 {
            palette::ORANGE
        } else {
            palette::GREY
        };
        p.rect(
            r,
            4.0,
            palette::CARD,
            egui::Stroke::new(if edge == palette::GREY { 1.0 } else { 2.5 }, edge),
            egui::StrokeKind::Inside,
        );
        p.text(
            min + egui::vec2(8.0, 6.0),
            egui::Align2::LEFT_TOP,
            format!("{} · {:?}", node.id, node.kind),
            body.clone(),
            palette::TEXT,
        );
        let mark = if fail >= 5.0 {
            "✖ "
        } else if busy >= 90.0 {
            "● "
        } else {
            ""
        };
        p.text(
            min + egui::vec2(8.0, 28.0),
            egui::Align2::LEFT_TOP,
            format!("{mark}failing {fail:.1}% · busy {busy:.0}%"),
            small.clone(),
            if mark.is_empty() { palette::DIM } else { edge },
        );
        // Under the box: the faults that strike here, then who sees it.
        let mut y = BOX.y + 4.0;
        for (f, x) in g.faults.iter().enumerate().filter(|(_, x)| x.target == s) {
            let run = faults.runs.get(f);
            let (text, color) = match run {
                Some(r) if r.active() => (
                    format!("⚡ {} — {}", x.fault, x.effects),
                    palette::VERMILLION,
                ),
                Some(r) if r.ended.is_some() => (format!("✔ {} ended", x.fault), palette::GREEN),
                _ => (format!("○ {} · {}", x.fault, x.trigger), palette::DIM),
            };
            p.text(
                min + egui::vec2(0.0, y),
                egui::Align2::LEFT_TOP,
                text,
                small.clone(),
                color,
            );
            y += LINE;
        }
        let viewers: Vec<&str> = g
            .roles
            .iter()
            .filter(|v| v.dashboards.contains(&s) || v.logs.contains(&s))
            .map(|v| v.title.as_str())
            .collect();
        if !viewers.is_empty() {
            p.text(
                min + egui::vec2(0.0, y),
                egui::Align2::LEFT_TOP,
                format!("seen by {}", viewers.join(", ")),
                small.clone(),
                palette::SKY,
            );
        }
    }
}

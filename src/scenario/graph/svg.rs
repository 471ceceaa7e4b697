//! Draws a [`ServiceGraph`] as SVG: boxes in columns, calls as arrows labelled with their timeout
//! and retries, traffic arrows into the entry services, numbered fault marks, role chips under
//! each service, and a legend. Presentation attributes only (no stylesheet, no `url(…)`
//! references), so the drawing looks the same as a file and inside the debrief page.

use std::fmt::Write;

use super::{Call, ServiceGraph};
use crate::scenario::units::{Factor, Latency};
use crate::xml::esc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Document,
    Inline,
}

const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
const MARGIN: f64 = 20.0;
const GAP_X: f64 = 170.0;
const GAP_Y: f64 = 30.0;
const TOP: f64 = 40.0;
const BOX_H: f64 = 46.0;
const CHIP_H: f64 = 16.0;
const LINE: f64 = 18.0;
/// Rough text widths (px per character) for sizing boxes, chips and labels.
const CHAR_13: f64 = 7.8;
const CHAR_11: f64 = 6.3;
const CHAR_10: f64 = 5.7;
/// Chips' text runs wider than labels' (short ids, capitals).
const CHAR_CHIP: f64 = 6.2;

const FAULT: &str = "#d64541";
const INK: &str = "#333";
const MUTED: &str = "#666";
const EDGE: &str = "#5a6b80";
const TRAFFIC: &str = "#2a7a48";
const ROLE_COLOURS: [&str; 8] = [
    "#3b6fc4", "#2a9457", "#b5650d", "#8e44ad", "#16a085", "#7f6a00", "#c2185b", "#546e7a",
];

/// A role's chip under a service: which role, and what of the service it sees.
struct Chip {
    role: usize,
    text: String,
    x: f64,
    y: f64,
    w: f64,
}

struct Geometry {
    box_w: f64,
    /// Room left of the first column for the traffic arrows and their labels.
    traffic_w: f64,
    slot_h: f64,
    /// How far down each column starts (columns are centred on the tallest).
    offsets: Vec<f64>,
    /// Top-left corner of each service's box.
    at: Vec<(f64, f64)>,
    chips: Vec<Vec<Chip>>,
    width: f64,
    graph_bottom: f64,
}

fn geometry(g: &ServiceGraph) -> Geometry {
    let longest = g
        .services
        .iter()
        .map(|s| {
            (s.id.chars().count() as f64 * CHAR_13)
                .max(kind_line(s).chars().count() as f64 * CHAR_11)
        })
        .fold(0.0, f64::max);
    let box_w = (longest + 24.0).clamp(150.0, 280.0);
    // Chips, wrapped to the box's width.
    let mut chips: Vec<Vec<Chip>> = Vec::new();
    let mut chip_rows = 0usize;
    for s in 0..g.services.len() {
        let mut row = Vec::new();
        let (mut x, mut y) = (0.0, 0.0);
        let mut rows = 0;
        for (r, role) in g.roles.iter().enumerate() {
            let mark = match (role.dashboards.contains(&s), role.logs.contains(&s)) {
                (true, true) => "M+L",
                (true, false) => "M",
                (false, true) => "L",
                (false, false) => continue,
            };
            let text = format!("{} {mark}", role.id);
            let w = text.chars().count() as f64 * CHAR_CHIP + 10.0;
            if x > 0.0 && x + w > box_w {
                x = 0.0;
                y += CHIP_H + 3.0;
                rows += 1;
            }
            row.push(Chip {
                role: r,
                text,
                x,
                y,
                w,
            });
            x += w + 4.0;
        }
        if !row.is_empty() {
            rows += 1;
        }
        chip_rows = chip_rows.max(rows);
        chips.push(row);
    }
    let chips_h = if chip_rows == 0 {
        0.0
    } else {
        5.0 + chip_rows as f64 * (CHIP_H + 3.0)
    };
    let slot_h = BOX_H + chips_h + GAP_Y;
    let traffic_w = g
        .traffic
        .iter()
        .map(|t| {
            traffic_label(g, t)
                .1
                .map_or(0, |f| f.chars().count())
                .max(12)
        })
        .max()
        .map_or(0.0, |n| n as f64 * CHAR_10 + 30.0)
        .max(120.0);
    let depth = g.services.iter().map(|s| s.layer + 1).max().unwrap_or(0);
    // Rows per column: from the layout (services and passing calls), else the services.
    let per_layer: Vec<usize> = (0..depth)
        .map(|l| {
            let services = g.services.iter().filter(|s| s.layer == l).count();
            g.rows.get(l).copied().unwrap_or(services).max(services)
        })
        .collect();
    let tallest = per_layer.iter().copied().max().unwrap_or(0) as f64 * slot_h;
    let offsets: Vec<f64> = per_layer
        .iter()
        .map(|&n| (tallest - n as f64 * slot_h) / 2.0)
        .collect();
    let at: Vec<(f64, f64)> = g
        .services
        .iter()
        .map(|s| {
            let x = MARGIN + traffic_w + s.layer as f64 * (box_w + GAP_X);
            (x, TOP + offsets[s.layer] + s.row as f64 * slot_h)
        })
        .collect();
    let width = (MARGIN + traffic_w + depth as f64 * (box_w + GAP_X) - GAP_X + MARGIN).max(720.0);
    Geometry {
        box_w,
        traffic_w,
        slot_h,
        offsets,
        at,
        chips,
        width,
        graph_bottom: TOP + tallest - GAP_Y,
    }
}

impl Geometry {
    /// The left end and height of the line a call passing through column `l` at row `r` takes.
    fn pass(&self, l: usize, r: usize) -> (f64, f64) {
        let x = MARGIN + self.traffic_w + l as f64 * (self.box_w + GAP_X);
        let top = TOP + self.offsets.get(l).copied().unwrap_or(0.0) + r as f64 * self.slot_h;
        (x, top + BOX_H / 2.0)
    }

    /// The points a call goes through: its start, its passes (each across a column) and its end,
    /// before the ends are spread over the boxes' sides.
    fn route(&self, g: &ServiceGraph, c: &Call) -> Vec<(f64, f64)> {
        let first = g.services[c.from].layer + 1;
        let mut points = Vec::with_capacity(2 + 2 * c.via.len());
        for (k, &r) in c.via.iter().enumerate() {
            let (x, y) = self.pass(first + k, r);
            points.push((x, y));
            points.push((x + self.box_w, y));
        }
        points
    }
}

/// A traffic source's label, and the line saying where its fallback comes from.
fn traffic_label(g: &ServiceGraph, t: &super::Entry) -> (String, Option<String>) {
    (
        format!("{} req/s", t.rps),
        t.fallback_from
            .map(|f| format!("+ failures at {}", g.services[f].id)),
    )
}

fn kind_line(s: &super::Node) -> String {
    format!("{} · {} req/s", s.kind.label(), s.capacity)
}

/// The label of a call: its timeout and retries, then anything unusual about it.
fn call_label(c: &Call) -> (String, Option<String>) {
    let retries = match c.retries {
        0 => "no retries".to_string(),
        1 => "1 retry".to_string(),
        n => format!("{n} retries"),
    };
    let first = format!("timeout {}, {retries}", Latency(c.timeout_us));
    let mut more = Vec::new();
    if c.calls_ppm != 1_000_000 {
        more.push(format!("{} calls", Factor(c.calls_ppm)));
    }
    if c.optional {
        more.push("optional".to_string());
    }
    if c.breaker {
        more.push("circuit breaker".to_string());
    }
    (first, (!more.is_empty()).then(|| more.join(", ")))
}

/// Spreads `n` attachment points over the height of a box.
fn attach(top: f64, i: usize, n: usize) -> f64 {
    top + BOX_H * (i + 1) as f64 / (n + 1) as f64
}

/// A point of the cubic Bézier curve at `t`.
fn bezier(p: [(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * p[0].0 + b * p[1].0 + c * p[2].0 + d * p[3].0,
        a * p[0].1 + b * p[1].1 + c * p[2].1 + d * p[3].1,
    )
}

/// Words of `text` in lines of at most `max` characters.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn text(o: &mut String, x: f64, y: f64, size: u32, fill: &str, extra: &str, body: &str) {
    let _ = write!(
        o,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" fill="{fill}"{extra}>{}</text>"#,
        esc(body)
    );
}

/// A numbered fault mark centred on (x, y).
fn badge(o: &mut String, x: f64, y: f64, n: usize) {
    let _ = write!(
        o,
        r##"<circle cx="{x:.1}" cy="{y:.1}" r="9" fill="{FAULT}" stroke="#fff" stroke-width="1.5"/><text x="{x:.1}" y="{:.1}" font-size="11" font-weight="700" fill="#fff" text-anchor="middle">{n}</text>"##,
        y + 4.0
    );
}

fn chip(o: &mut String, x: f64, y: f64, w: f64, colour: &str, body: &str) {
    let _ = write!(
        o,
        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{CHIP_H}" rx="3" fill="{colour}" fill-opacity="0.12" stroke="{colour}"/>"#
    );
    text(o, x + 5.0, y + 12.0, 10, colour, "", body);
}

pub fn render(g: &ServiceGraph, mode: Mode) -> String {
    let geo = geometry(g);
    let mut body = String::with_capacity(8 * 1024);
    let y0 = draw_graph(&mut body, g, &geo);
    let height = legend(&mut body, g, &geo, y0);
    let (w, h) = (geo.width.ceil(), height.ceil());
    let mut o = String::with_capacity(body.len() + 512);
    match mode {
        Mode::Document => {
            let _ = write!(
                o,
                r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" role="img" aria-label="Service graph">"#
            );
            o.push_str(r##"<rect width="100%" height="100%" fill="#fff"/>"##);
        }
        Mode::Inline => {
            let _ = write!(
                o,
                r#"<svg class="chart" id="system-chart" viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px" font-family="{FONT}" role="img" aria-label="Service graph">"#
            );
        }
    }
    let _ = write!(o, "<title>Service graph: {}</title>", esc(&g.title));
    text(
        &mut o,
        MARGIN,
        22.0,
        13,
        INK,
        r#" font-weight="600""#,
        &format!("Service graph: {}", g.title),
    );
    o.push_str(&body);
    o.push_str("</svg>\n");
    o
}

/// Services, calls and traffic; returns where the legend starts.
fn draw_graph(o: &mut String, g: &ServiceGraph, geo: &Geometry) -> f64 {
    let n = g.services.len();
    // Where calls leave and enter each box: outgoing ones in the order of the height they head
    // for, incoming ones (traffic first) in the order of the height they come from, so that the
    // arrows of one box do not cross each other.
    let routes: Vec<Vec<(f64, f64)>> = g.calls.iter().map(|c| geo.route(g, c)).collect();
    let centre = |s: usize| geo.at[s].1 + BOX_H / 2.0;
    let heads_for = |c: usize| routes[c].first().map_or(centre(g.calls[c].to), |p| p.1);
    let comes_from = |c: usize| routes[c].last().map_or(centre(g.calls[c].from), |p| p.1);
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut incoming: Vec<Vec<Option<usize>>> = vec![Vec::new(); n];
    for t in &g.traffic {
        if g.services[t.to].layer > 0 {
            incoming[t.to].push(None);
        }
    }
    let mut order: Vec<usize> = (0..g.calls.len()).collect();
    order.sort_by(|&a, &b| heads_for(a).total_cmp(&heads_for(b)).then(a.cmp(&b)));
    for &c in &order {
        outgoing[g.calls[c].from].push(c);
    }
    order.sort_by(|&a, &b| comes_from(a).total_cmp(&comes_from(b)).then(a.cmp(&b)));
    for &c in &order {
        incoming[g.calls[c].to].push(Some(c));
    }

    // Calls first, so that boxes and labels sit on top of the lines.
    let mut labels = String::new();
    for (c, call) in g.calls.iter().enumerate() {
        let (fx, fy) = geo.at[call.from];
        let (tx, ty) = geo.at[call.to];
        let i = outgoing[call.from]
            .iter()
            .position(|&x| x == c)
            .unwrap_or(0);
        let j = incoming[call.to]
            .iter()
            .position(|&x| x == Some(c))
            .unwrap_or(0);
        let start = (fx + geo.box_w, attach(fy, i, outgoing[call.from].len()));
        let end = (tx - 8.0, attach(ty, j, incoming[call.to].len()));
        let mut points = vec![start];
        points.extend(&routes[c]);
        points.push(end);
        // Curves across the gaps, straight lines across the columns passed through.
        let mut d = format!("M{:.1},{:.1}", start.0, start.1);
        let mut first_curve = None;
        for (k, pair) in points.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            if k % 2 == 1 {
                let _ = write!(d, " L{:.1},{:.1}", b.0, b.1);
                continue;
            }
            let dx = ((b.0 - a.0) / 2.0).min(GAP_X * 0.6);
            let curve = [a, (a.0 + dx, a.1), (b.0 - dx, b.1), b];
            first_curve.get_or_insert(curve);
            let _ = write!(
                d,
                " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                curve[1].0, curve[1].1, curve[2].0, curve[2].1, b.0, b.1
            );
        }
        let dash = if call.optional {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let (first, second) = call_label(call);
        let tip = format!(
            "{} calls {}: {first}{}",
            g.services[call.from].id,
            g.services[call.to].id,
            second
                .as_deref()
                .map_or(String::new(), |s| format!(", {s}"))
        );
        let _ = write!(
            o,
            r#"<g class="call"><title>{}</title><path d="{d}" fill="none" stroke="{EDGE}" stroke-width="1.4"{dash}/>"#,
            esc(&tip),
        );
        arrowhead(o, end.0, end.1, EDGE);
        o.push_str("</g>");
        // The label sits in the first gap, halfway along the curve: calls converging on one
        // service come from different places, so their labels do not meet.
        let (lx, ly) = first_curve.map_or(start, |curve| bezier(curve, 0.5));
        let lines: Vec<&str> = std::iter::once(first.as_str())
            .chain(second.as_deref())
            .collect();
        let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * CHAR_10 + 8.0;
        let h = lines.len() as f64 * 12.0 + 4.0;
        let top = ly - h / 2.0;
        let _ = write!(
            labels,
            r##"<g class="call-label"><rect x="{:.1}" y="{top:.1}" width="{w:.1}" height="{h:.1}" rx="3" fill="#fff" fill-opacity="0.9" stroke="#dde3ea"/>"##,
            lx - w / 2.0
        );
        for (k, l) in lines.iter().enumerate() {
            text(
                &mut labels,
                lx,
                top + 12.0 + k as f64 * 12.0,
                10,
                MUTED,
                r#" text-anchor="middle""#,
                l,
            );
        }
        labels.push_str("</g>");
    }

    // Traffic from outside.
    for t in &g.traffic {
        let (x, y) = geo.at[t.to];
        let (from_x, at_y) = if g.services[t.to].layer == 0 {
            (x - geo.traffic_w + 6.0, y + BOX_H / 2.0)
        } else {
            let j = incoming[t.to].iter().position(|x| x.is_none()).unwrap_or(0);
            (x - 64.0, attach(y, j, incoming[t.to].len()))
        };
        let (mut label, fallback) = traffic_label(g, t);
        let _ = write!(
            o,
            r#"<g class="traffic"><title>{}</title><line x1="{from_x:.1}" y1="{at_y:.1}" x2="{:.1}" y2="{at_y:.1}" stroke="{TRAFFIC}" stroke-width="2"/>"#,
            esc(&format!(
                "{label} from outside enter {}{}",
                g.services[t.to].id,
                fallback
                    .as_deref()
                    .map_or(String::new(), |f| format!(" ({f})"))
            )),
            x - 8.0
        );
        arrowhead(o, x - 8.0, at_y, TRAFFIC);
        text(o, from_x, at_y - 5.0, 10, TRAFFIC, "", &label);
        if let Some(f) = fallback {
            label = f;
            text(o, from_x, at_y + 13.0, 10, TRAFFIC, "", &label);
        }
        o.push_str("</g>");
    }

    // The boxes, their role chips and fault marks.
    for (s, node) in g.services.iter().enumerate() {
        let (x, y) = geo.at[s];
        let struck: Vec<usize> = (0..g.faults.len())
            .filter(|&f| g.faults[f].target == s)
            .collect();
        let (stroke, width) = if struck.is_empty() {
            (EDGE, 1.2)
        } else {
            (FAULT, 2.0)
        };
        let _ = write!(
            o,
            r##"<g class="service" id="service-{}"><title>{}</title><rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{BOX_H}" rx="6" fill="#f5f8fc" stroke="{stroke}" stroke-width="{width}"/>"##,
            esc(&node.id),
            esc(&format!("{} ({})", node.id, node.kind.label())),
            geo.box_w
        );
        text(
            o,
            x + 10.0,
            y + 19.0,
            13,
            INK,
            r#" font-weight="600""#,
            &node.id,
        );
        text(o, x + 10.0, y + 36.0, 11, MUTED, "", &kind_line(node));
        for (k, &f) in struck.iter().enumerate() {
            let _ = write!(
                o,
                "<g class=\"fault-mark\"><title>{}</title>",
                esc(&format!("{}: {}", g.faults[f].fault, g.faults[f].title))
            );
            // Numbered left to right, ending at the box's right corner.
            let from_right = (struck.len() - 1 - k) as f64;
            badge(o, x + geo.box_w - 12.0 - from_right * 22.0, y, f + 1);
            o.push_str("</g>");
        }
        for c in &geo.chips[s] {
            let colour = ROLE_COLOURS[c.role % ROLE_COLOURS.len()];
            o.push_str("<g class=\"role-chip\">");
            chip(o, x + c.x, y + BOX_H + 5.0 + c.y, c.w, colour, &c.text);
            o.push_str("</g>");
        }
        o.push_str("</g>");
    }
    o.push_str(&labels);
    geo.graph_bottom + 24.0
}

fn arrowhead(o: &mut String, x: f64, y: f64, colour: &str) {
    let _ = write!(
        o,
        r#"<polygon points="{:.1},{y:.1} {x:.1},{:.1} {x:.1},{:.1}" fill="{colour}"/>"#,
        x + 8.0,
        y - 4.5,
        y + 4.5
    );
}

/// Who sees what, and the faults; returns the drawing's height.
fn legend(o: &mut String, g: &ServiceGraph, geo: &Geometry, top: f64) -> f64 {
    let max_chars = ((geo.width - 2.0 * MARGIN - 40.0) / CHAR_11).max(40.0) as usize;
    let mut y = top;
    o.push_str("<g class=\"legend\">");
    text(o, MARGIN, y, 12, INK, r#" font-weight="600""#, "Roles");
    y += LINE;
    for (r, role) in g.roles.iter().enumerate() {
        let colour = ROLE_COLOURS[r % ROLE_COLOURS.len()];
        let w = role.id.chars().count() as f64 * CHAR_CHIP + 10.0;
        chip(o, MARGIN, y - 12.0, w, colour, &role.id);
        let mut line = role.title.clone();
        if role.commander && !role.title.to_lowercase().contains("commander") {
            line.push_str(" (incident commander)");
        }
        if role.dashboards.is_empty() && role.logs.is_empty() {
            line.push_str(": sees no service's dashboards or logs");
        }
        text(o, MARGIN + w + 8.0, y, 11, INK, "", &line);
        y += LINE;
    }
    let note = "Under each service: M, the role sees its dashboards (metrics); L, it reads its logs. Arrows: calls, with the caller's timeout and retries (dashed: optional).";
    for part in wrap(note, max_chars) {
        text(o, MARGIN, y, 11, MUTED, "", &part);
        y += 15.0;
    }
    y += LINE - 15.0;
    if !g.faults.is_empty() {
        y += 6.0;
        text(
            o,
            MARGIN,
            y,
            12,
            INK,
            r#" font-weight="600""#,
            "Faults (where each strikes)",
        );
        y += LINE;
        for (f, fault) in g.faults.iter().enumerate() {
            badge(o, MARGIN + 9.0, y - 4.0, f + 1);
            let line = format!(
                "{} on {}: {} ({}; {})",
                fault.fault, g.services[fault.target].id, fault.title, fault.effects, fault.trigger
            );
            let parts = wrap(&line, max_chars);
            for (k, part) in parts.iter().enumerate() {
                if k > 0 {
                    y += 15.0;
                }
                text(o, MARGIN + 26.0, y, 11, INK, "", part);
            }
            y += LINE + 4.0;
        }
    }
    o.push_str("</g>");
    y + 4.0
}

//! The HTML page's charts as inline SVG: the impact curve with fault bands and markers, the role
//! swimlanes, and the journeys of the key facts. Plain strings; no scripts, no external files.

use std::fmt::Write;

use super::model::*;
use super::text::{
    clock, detail_suffix, fit, kind_word, reach_lag, repeats_suffix, role_name, when_it_ends,
};
use crate::xml::esc;

const WIDTH: f64 = 1100.0;
const LEFT: f64 = 150.0;
const RIGHT: f64 = 20.0;

pub const SAW: &str = "#3b6fc4";
pub const DID: &str = "#d9821e";
pub const SAID: &str = "#2a9457";
const FAULT: &str = "#d64541";
const MILESTONE: &str = "#444";
const INJECT: &str = "#8e44ad";

/// Maps ticks to x across the plotting width.
struct Scale {
    end: f64,
}

impl Scale {
    fn new(d: &Debrief) -> Self {
        Scale {
            end: d.timeline.end.max(60) as f64,
        }
    }
    fn x(&self, tick: Tick) -> f64 {
        LEFT + (tick as f64).min(self.end) / self.end * (WIDTH - LEFT - RIGHT)
    }
}

/// Vertical grid lines with clock labels at a round interval.
fn time_axis(out: &mut String, d: &Debrief, s: &Scale, top: f64, bottom: f64) {
    let step = [60u64, 120, 300, 600, 900, 1800, 3600]
        .into_iter()
        .find(|st| s.end / *st as f64 <= 12.0)
        .unwrap_or(7200);
    let mut t = 0;
    while t as f64 <= s.end {
        let x = s.x(t);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}" stroke="#e3e3e3"/><text x="{x:.1}" y="{:.1}" class="axis" text-anchor="middle">{}</text>"##,
            bottom + 14.0,
            clock(d, t)
        );
        t += step;
    }
}

/// The impact curve (ground truth), the SLO line, fault bands, milestone and inject markers.
pub fn impact_chart(d: &Debrief) -> String {
    let s = Scale::new(d);
    let (top, plot_h) = (64.0, 200.0);
    let bottom = top + plot_h;
    let bands = d.timeline.faults.len() as f64;
    let height = bottom + 34.0 + bands * 18.0;
    let peak = d.timeline.impact.iter().map(|p| p.ppm).max().unwrap_or(0);
    // Round the y range up to a tidy percentage above both the peak and the SLO.
    let top_ppm = [
        10_000u64, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
    ]
    .into_iter()
    .find(|v| *v >= peak.max(d.timeline.slo_ppm * 2))
    .unwrap_or(1_000_000);
    let y = |ppm: u64| bottom - (ppm.min(top_ppm) as f64 / top_ppm as f64) * plot_h;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" id="impact-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="Customer impact over time">"#
    );
    out.push_str("<title>Customer impact over time</title>");
    time_axis(&mut out, d, &s, top, bottom);
    for (i, f) in d.timeline.faults.iter().enumerate() {
        let (x0, x1) = (s.x(f.start), s.x(f.end.unwrap_or(d.timeline.end)));
        let w = (x1 - x0).max(2.0);
        let by = bottom + 30.0 + i as f64 * 18.0;
        let tip = format!(
            "{}: {} ({} to {})",
            f.fault,
            f.title,
            clock(d, f.start),
            f.end.map_or("the end".into(), |t| clock(d, t))
        );
        let _ = write!(
            out,
            r#"<g class="fault-band"><title>{}</title><rect x="{x0:.1}" y="{top}" width="{w:.1}" height="{plot_h}" fill="{FAULT}" fill-opacity="0.08"/><rect x="{x0:.1}" y="{:.1}" width="{w:.1}" height="12" fill="{FAULT}" fill-opacity="0.55" rx="2"/><text x="{:.1}" y="{:.1}" class="label" text-anchor="end">{}</text></g>"#,
            esc(&tip),
            by - 10.0,
            LEFT - 6.0,
            by,
            esc(&f.fault)
        );
    }
    // y axis: gridlines at quarters.
    for q in 0..=4u64 {
        let ppm = top_ppm * q / 4;
        let yy = y(ppm);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#eee"/><text x="{:.1}" y="{:.1}" class="axis" text-anchor="end">{}%</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            pct(ppm)
        );
    }
    if !d.timeline.impact.is_empty() {
        let mut path = format!("M{:.1},{:.1}", s.x(d.timeline.impact[0].tick), y(0));
        for p in &d.timeline.impact {
            let _ = write!(path, " L{:.1},{:.1}", s.x(p.tick), y(p.ppm));
        }
        let last = d.timeline.impact.last().map_or(0, |p| p.tick);
        let _ = write!(path, " L{:.1},{:.1} Z", s.x(last), y(0));
        let line: String = d
            .timeline
            .impact
            .iter()
            .map(|p| format!("{:.1},{:.1}", s.x(p.tick), y(p.ppm)))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = write!(
            out,
            r##"<path class="impact-area" d="{path}" fill="{FAULT}" fill-opacity="0.18"/><polyline class="impact-series" points="{line}" fill="none" stroke="{FAULT}" stroke-width="1.8"/>"##
        );
    }
    let slo = y(d.timeline.slo_ppm);
    let _ = write!(
        out,
        r##"<line class="slo" x1="{LEFT}" y1="{slo:.1}" x2="{:.1}" y2="{slo:.1}" stroke="#555" stroke-dasharray="5,4"/><text x="{:.1}" y="{:.1}" class="axis" text-anchor="end">SLO {}%</text>"##,
        WIDTH - RIGHT,
        WIDTH - RIGHT - 4.0,
        slo - 4.0,
        pct(d.timeline.slo_ppm)
    );
    markers(&mut out, d, &s, top, bottom);
    let _ = write!(
        out,
        r#"<text x="{LEFT}" y="12" class="title">Share of customer requests failed or slow (ground truth)</text>"#
    );
    out.push_str("</svg>");
    out
}

fn pct(ppm: u64) -> String {
    let tenths = ppm / 1000;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Milestones as dashed lines with numbered tags; injects as triangles on the top edge.
fn markers(out: &mut String, d: &Debrief, s: &Scale, top: f64, bottom: f64) {
    let mut n = 0;
    let mut last_x = f64::MIN;
    let mut row = 0;
    for m in &d.timeline.markers {
        let x = s.x(m.tick);
        let tip = format!(
            "{} {}{}",
            clock(d, m.tick),
            m.label,
            detail_suffix(m.detail.as_deref())
        );
        match m.kind {
            MarkerKind::Milestone => {
                n += 1;
                // Stagger tags that would overlap.
                row = if x - last_x < 22.0 { (row + 1) % 3 } else { 0 };
                last_x = x;
                let ty = 24.0 + row as f64 * 13.0;
                let _ = write!(
                    out,
                    r##"<g class="marker milestone"><title>{}</title><line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}" stroke="{MILESTONE}" stroke-dasharray="2,3"/><circle cx="{x:.1}" cy="{ty:.1}" r="7" fill="#fff" stroke="{MILESTONE}"/><text x="{x:.1}" y="{:.1}" class="tag" text-anchor="middle">{n}</text></g>"##,
                    esc(&tip),
                    ty + 3.5
                );
            }
            MarkerKind::Inject => {
                let fill = if m.red_herring { "#fff" } else { INJECT };
                let _ = write!(
                    out,
                    r#"<g class="marker inject"><title>{}{}</title><path d="M{:.1},{:.1} l5,-9 l-10,0 z" fill="{fill}" stroke="{INJECT}"/></g>"#,
                    esc(&tip),
                    if m.red_herring {
                        " (true, but not causal)"
                    } else {
                        ""
                    },
                    x,
                    bottom - 1.0
                );
            }
            MarkerKind::Action => {
                let _ = write!(
                    out,
                    r#"<g class="marker action"><title>{}</title><rect x="{:.1}" y="{:.1}" width="6" height="6" fill="{DID}" transform="rotate(45 {x:.1} {:.1})"/></g>"#,
                    esc(&tip),
                    x - 3.0,
                    bottom - 3.0,
                    bottom
                );
            }
        }
    }
}

/// One lane per role: what it saw (blue circles), did (orange squares) and said (green
/// diamonds), with repeated signals as bars; milestones as lines across every lane.
pub fn swimlane_chart(d: &Debrief) -> String {
    let s = Scale::new(d);
    // Room under the marks for two rows of labels.
    let lane_h = 62.0;
    let top = 30.0;
    let bottom = top + lane_h * d.swimlanes.len() as f64;
    let height = bottom + 24.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" id="swimlane-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="Role swimlanes">"#
    );
    out.push_str("<title>What each role saw, did and said</title>");
    time_axis(&mut out, d, &s, top, bottom);
    for m in d
        .timeline
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Milestone)
    {
        let x = s.x(m.tick);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}" stroke="{MILESTONE}" stroke-opacity="0.35" stroke-dasharray="2,3"><title>{} {}</title></line>"#,
            clock(d, m.tick),
            esc(&m.label)
        );
    }
    for (i, lane) in d.swimlanes.iter().enumerate() {
        let y0 = top + i as f64 * lane_h;
        let mid = y0 + lane_h / 2.0;
        let title = d
            .roles
            .iter()
            .find(|r| r.id == lane.role)
            .map_or(lane.role.clone(), |r| r.title.clone());
        let shade = if i % 2 == 0 { "#f7f8fa" } else { "#ffffff" };
        let _ = write!(
            out,
            r##"<g class="lane" data-role="{}"><rect x="{LEFT}" y="{y0:.1}" width="{:.1}" height="{lane_h}" fill="{shade}"/><text x="{:.1}" y="{:.1}" class="label" text-anchor="end">{}</text>"##,
            esc(&lane.role),
            WIDTH - LEFT - RIGHT,
            LEFT - 8.0,
            mid + 4.0,
            esc(&title)
        );
        // Marks of one kind never sit on each other: one close after another moves right.
        let mut last_x = [f64::MIN; 3];
        // Where each label row is free again.
        let mut label_end = [f64::MIN; 2];
        for item in &lane.items {
            let (color, dy, k) = match item.kind {
                LaneKind::Saw => (SAW, -18.0, 0),
                LaneKind::Did => (DID, -10.0, 1),
                LaneKind::Said => (SAID, -2.0, 2),
            };
            let x = s.x(item.tick).max(last_x[k] + MARK_GAP);
            last_x[k] = x;
            let yy = mid + dy;
            if let Some(label) = super::text::lane_label(item) {
                let w = label.chars().count() as f64 * 5.4;
                if let Some(row) = (0..2).find(|&r| label_end[r] < x) {
                    label_end[row] = x + w + 6.0;
                    let _ = write!(
                        out,
                        r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="{color}" stroke-opacity="0.5"/><text x="{x:.1}" y="{:.1}" class="mark-label" fill="#333" font-size="9.5">{}</text>"##,
                        yy + 3.0,
                        mid + 6.0 + row as f64 * 11.0,
                        mid + 14.0 + row as f64 * 11.0,
                        esc(&label)
                    );
                }
            }
            let tip = esc(&format!(
                "{} {} · {}: {}{}",
                clock(d, item.tick),
                kind_word(item.kind),
                item.what,
                item.text,
                repeats_suffix(d, item)
            ));
            let _ = match (item.kind, item.until) {
                (_, Some(u)) => write!(
                    out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="4" fill="{color}" fill-opacity="0.5"><title>{tip}</title></rect>"#,
                    yy - 2.0,
                    (s.x(u) - x).max(3.0)
                ),
                (LaneKind::Saw, None) => write!(
                    out,
                    r#"<circle cx="{x:.1}" cy="{yy:.1}" r="3.2" fill="{color}"><title>{tip}</title></circle>"#
                ),
                (LaneKind::Did, None) => write!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="{color}"><title>{tip}</title></rect>"#,
                    x - 3.5,
                    yy - 3.5
                ),
                (LaneKind::Said, None) => write!(
                    out,
                    r#"<path d="M{x:.1},{:.1} l4,4 l-4,4 l-4,-4 z" fill="{color}"><title>{tip}</title></path>"#,
                    yy - 4.0
                ),
            };
        }
        out.push_str("</g>");
    }
    let _ = write!(
        out,
        r#"<text x="{LEFT}" y="16" class="title">What each role saw, did and said</text>"#
    );
    out.push_str("</svg>");
    out
}

/// The least distance between two marks of one kind in a lane.
const MARK_GAP: f64 = 7.0;

/// Key facts: for each, per role, when it became available (hollow) and was seen (filled), with
/// a line from when it mattered to the commander learning it. Each fact's text is written out
/// above its row, and each role has its own shape as well as its own colour, so the chart reads
/// without colour (printed in black and white, or by someone who does not tell the hues apart).
pub fn knowledge_chart(d: &Debrief) -> String {
    let facts: Vec<&FactJourney> = d.knowledge.iter().filter(|j| j.key).collect();
    if facts.is_empty() {
        return String::new();
    }
    let s = Scale::new(d);
    let row_h = 44.0;
    let top = 30.0;
    let bottom = top + row_h * facts.len() as f64;
    let height = bottom + 24.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" id="knowledge-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="How the key facts travelled">"#
    );
    out.push_str("<title>How the key facts travelled</title>");
    time_axis(&mut out, d, &s, top, bottom);
    for (i, j) in facts.iter().enumerate() {
        let row_top = top + i as f64 * row_h;
        let mid = row_top + row_h * 0.62;
        let _ = write!(
            out,
            r#"<text x="{LEFT:.1}" y="{:.1}" class="axis">{}</text>"#,
            row_top + 11.0,
            esc(&j.text)
        );
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="label" text-anchor="end"><title>{}</title>{}</text>"#,
            LEFT - 8.0,
            mid + 4.0,
            esc(&j.text),
            esc(&fit(&j.fact, 20))
        );
        if let (Some(a), Some(reach)) = (&j.first_available, &j.to_commander) {
            let start = reach.counted_from.unwrap_or(a.tick);
            let end = reach.learnt.unwrap_or(d.timeline.end);
            let dash = if reach.learnt.is_some() {
                ""
            } else {
                r#" stroke-dasharray="4,3""#
            };
            let tip = match (reach.learnt, reach_lag(d, j)) {
                (Some(t), Some(lag)) => {
                    format!("reached the commander at {} ({lag})", clock(d, t))
                }
                _ => format!("had not reached the commander {}", when_it_ends(d)),
            };
            let _ = write!(
                out,
                r##"<line x1="{:.1}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}" stroke="#999" stroke-width="2"{dash}><title>{}</title></line>"##,
                s.x(start),
                s.x(end.max(start)),
                esc(&tip)
            );
        }
        for (r, fr) in j.roles.iter().enumerate() {
            let color = ROLE_COLORS[r % ROLE_COLORS.len()];
            let dy = (r as f64 - (j.roles.len() as f64 - 1.0) / 2.0) * 3.0;
            if let Some(a) = fr.available {
                let tip = format!(
                    "{}: available to {} ({})",
                    clock(d, a),
                    role_name(d, &fr.role),
                    fr.available_via.as_deref().unwrap_or("")
                );
                out.push_str(&role_mark(r, s.x(a), mid + dy, 5.0, false, color, &tip));
            }
            if let Some(seen) = fr.seen {
                let tip = format!(
                    "{}: {} learnt it ({})",
                    clock(d, seen),
                    role_name(d, &fr.role),
                    fr.seen_via.as_deref().unwrap_or("")
                );
                out.push_str(&role_mark(r, s.x(seen), mid + dy, 4.0, true, color, &tip));
            }
        }
    }
    // Key: each role's shape and colour, with its id.
    let mut lx = LEFT;
    for (r, role) in d.roles.iter().enumerate() {
        let color = ROLE_COLORS[r % ROLE_COLORS.len()];
        out.push_str(&role_mark(r, lx + 4.0, 12.0, 4.5, true, color, &role.id));
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="16" class="axis">{}</text>"#,
            lx + 12.0,
            esc(&role.id)
        );
        lx += 24.0 + role.id.len() as f64 * 7.0;
    }
    out.push_str("</svg>");
    out
}

/// Role `r`'s mark at (x, y): a shape of its own (circle, square, triangle, diamond, then the
/// same again with a cross through), filled when the role learnt the fact, hollow when it was
/// only available.
fn role_mark(r: usize, x: f64, y: f64, size: f64, filled: bool, color: &str, tip: &str) -> String {
    let paint = if filled {
        format!(r#"fill="{color}" stroke="{color}""#)
    } else {
        format!(r#"fill="none" stroke="{color}" stroke-width="1.5""#)
    };
    let z = size;
    let shape = match r % 4 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="{z:.1}" {paint}/>"#),
        1 => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" {paint}/>"#,
            x - z * 0.9,
            y - z * 0.9,
            z * 1.8,
            z * 1.8
        ),
        2 => format!(
            r#"<path d="M{x:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z" {paint}/>"#,
            y - z * 1.1,
            x + z,
            y + z * 0.8,
            x - z,
            y + z * 0.8
        ),
        _ => format!(
            r#"<path d="M{x:.1},{:.1} L{:.1},{y:.1} L{x:.1},{:.1} L{:.1},{y:.1} Z" {paint}/>"#,
            y - z * 1.2,
            x + z * 1.2,
            y + z * 1.2,
            x - z * 1.2
        ),
    };
    let cross = if r >= 4 {
        format!(
            r#"<path d="M{:.1},{y:.1} h{:.1} M{x:.1},{:.1} v{:.1}" stroke="{color}" stroke-width="1"/>"#,
            x - z * 1.4,
            z * 2.8,
            y - z * 1.4,
            z * 2.8
        )
    } else {
        String::new()
    };
    format!(
        r#"<g class="mark role-{r}"><title>{}</title>{shape}{cross}</g>"#,
        esc(tip)
    )
}

pub const ROLE_COLORS: [&str; 8] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
];

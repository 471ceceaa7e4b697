//! Several runs of one scenario side by side (several teams at one game day, or one team across
//! months): milestones and durations, each key fact's way to the commander, the hypotheses tried
//! and the decision points met, with an all-bot team on the same seed as a reference line ("par").
//! Runs stay in the order given: it is a comparison of what happened, never a ranking.

use std::fmt::Write;
use std::sync::Arc;

use serde::Serialize;

use super::model::*;
use super::text::{clock_at, quote, signed_span};
use crate::scenario::Scenario;
use crate::sim::{RunOptions, Sim};
use crate::xml::esc;

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub title: String,
    pub scenario_hash: String,
    pub clock_start: u64,
    pub milestones: Vec<MilestoneKind>,
    pub durations: Vec<String>,
    /// Key facts: (id, text).
    pub key_facts: Vec<(String, String)>,
    /// Hypotheses: (id, statement).
    pub hypotheses: Vec<(String, String)>,
    /// Decision points: (id, title).
    pub decisions: Vec<(String, String)>,
    pub runs: Vec<Column>,
}

/// One run (or the par line), in the rows' order.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub label: String,
    /// An all-bot team on the run's seed: a reference line, not a target.
    pub par: bool,
    pub seed: u64,
    pub outcome: String,
    pub milestones: Vec<Option<Tick>>,
    pub durations: Vec<Option<i64>>,
    pub key_facts: Vec<FactWay>,
    pub hypotheses: Vec<Tried>,
    pub decisions: Vec<Met>,
}

/// A key fact's way to the commander in one run.
#[derive(Debug, Clone, Serialize)]
pub struct FactWay {
    pub learnt: Option<Tick>,
    pub shared: Option<Tick>,
    pub to_commander: Option<Tick>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tried {
    pub proposed: Option<Tick>,
    pub confirmed: Option<Tick>,
    pub discarded: Option<Tick>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Met {
    pub timing: Timing,
    pub at: Option<Tick>,
}

/// The debrief of an all-bot team playing `sc` on `seed`: the par line.
pub fn par(sc: &Arc<Scenario>, seed: u64) -> Debrief {
    let mut options = RunOptions::new(seed);
    options.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
    let mut sim = Sim::new(sc.clone(), &options);
    sim.run_to_end();
    let info = super::LogInfo {
        length: sim.tick(),
        complete: true,
        forked_from: None,
    };
    super::build(sc, sim.log().events(), &info)
}

/// Lays out `runs` (label, debrief), all of one scenario, in the order given.
pub fn build(runs: &[(String, Debrief, bool)]) -> Comparison {
    let first = &runs[0].1;
    Comparison {
        title: first.run.title.clone(),
        scenario_hash: first.run.scenario_hash.clone(),
        clock_start: first.run.clock_start,
        milestones: MilestoneKind::ALL.to_vec(),
        durations: first.durations.iter().map(|x| x.label.clone()).collect(),
        key_facts: first
            .knowledge
            .iter()
            .filter(|j| j.key)
            .map(|j| (j.fact.clone(), j.text.clone()))
            .collect(),
        hypotheses: first
            .hypotheses
            .iter()
            .map(|h| (h.id.clone(), h.statement.clone()))
            .collect(),
        decisions: first
            .decisions
            .iter()
            .map(|x| (x.id.clone(), x.title.clone()))
            .collect(),
        runs: runs
            .iter()
            .map(|(label, d, par)| column(label, d, *par))
            .collect(),
    }
}

fn column(label: &str, d: &Debrief, par: bool) -> Column {
    let ledger = |id: &str| d.ledger.iter().find(|e| e.fact == id);
    Column {
        label: label.to_string(),
        par,
        seed: d.run.seed,
        outcome: super::markdown::outcome(d),
        milestones: MilestoneKind::ALL
            .iter()
            .map(|k| {
                d.milestones
                    .iter()
                    .find(|m| m.kind == *k)
                    .and_then(|m| m.tick)
            })
            .collect(),
        durations: d.durations.iter().map(|x| x.seconds).collect(),
        key_facts: d
            .knowledge
            .iter()
            .filter(|j| j.key)
            .map(|j| FactWay {
                learnt: j.first_seen.as_ref().map(|s| s.tick),
                shared: ledger(&j.fact).and_then(|e| e.shared.as_ref().map(|s| s.tick)),
                to_commander: j.to_commander.as_ref().and_then(|c| c.learnt),
            })
            .collect(),
        hypotheses: d
            .hypotheses
            .iter()
            .map(|h| Tried {
                proposed: h.proposed.as_ref().map(|x| x.tick),
                confirmed: h.confirmed.as_ref().map(|x| x.tick),
                discarded: h.discarded.as_ref().map(|x| x.tick),
            })
            .collect(),
        decisions: d
            .decisions
            .iter()
            .map(|x| Met {
                timing: x.timing,
                at: x.taken.as_ref().map(|t| t.tick),
            })
            .collect(),
    }
}

const NOTE: &str = "Runs are in the order given. Par is an all-bot team on the same seed: a reference line for what the scenario allows, not a target. Nothing here ranks teams or people.";

/// The rows of the comparison: (section, row label, one cell per run).
fn rows(c: &Comparison) -> Vec<(&'static str, String, Vec<String>)> {
    let t = |x: Option<Tick>| x.map_or("—".into(), |t| clock_at(c.clock_start, t));
    let mut out = Vec::new();
    out.push((
        "Outcome",
        "outcome".to_string(),
        c.runs.iter().map(|r| r.outcome.clone()).collect(),
    ));
    for (i, k) in c.milestones.iter().enumerate() {
        out.push((
            "Milestones",
            k.label().to_string(),
            c.runs.iter().map(|r| t(r.milestones[i])).collect(),
        ));
    }
    for (i, label) in c.durations.iter().enumerate() {
        out.push((
            "Durations",
            label.clone(),
            c.runs
                .iter()
                .map(|r| {
                    r.durations
                        .get(i)
                        .copied()
                        .flatten()
                        .map_or("—".into(), signed_span)
                })
                .collect(),
        ));
    }
    for (i, (_, text)) in c.key_facts.iter().enumerate() {
        out.push((
            "Key facts: first learnt → first shared → reached the commander",
            quote(text),
            c.runs
                .iter()
                .map(|r| {
                    let w = &r.key_facts[i];
                    format!("{} → {} → {}", t(w.learnt), t(w.shared), t(w.to_commander))
                })
                .collect(),
        ));
    }
    for (i, (_, statement)) in c.hypotheses.iter().enumerate() {
        out.push((
            "Hypotheses tried",
            quote(statement),
            c.runs
                .iter()
                .map(|r| {
                    let h = &r.hypotheses[i];
                    let mut parts = Vec::new();
                    if let Some(p) = h.proposed {
                        parts.push(format!("proposed {}", t(Some(p))));
                    }
                    if let Some(p) = h.confirmed {
                        parts.push(format!("confirmed {}", t(Some(p))));
                    }
                    if let Some(p) = h.discarded {
                        parts.push(format!("discarded {}", t(Some(p))));
                    }
                    if parts.is_empty() {
                        "not tried".into()
                    } else {
                        parts.join(", ")
                    }
                })
                .collect(),
        ));
    }
    for (i, (_, title)) in c.decisions.iter().enumerate() {
        out.push((
            "Decision points",
            title.clone(),
            c.runs
                .iter()
                .map(|r| {
                    let m = &r.decisions[i];
                    match m.at {
                        Some(at) => format!(
                            "{} ({})",
                            t(Some(at)),
                            super::markdown::timing_text(m.timing)
                        ),
                        None => super::markdown::timing_text(m.timing).into(),
                    }
                })
                .collect(),
        ));
    }
    out
}

fn head(r: &Column) -> String {
    if r.par {
        format!("par (bots, seed {})", r.seed)
    } else {
        format!("{} (seed {})", r.label, r.seed)
    }
}

pub fn markdown(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Comparison: {}\n\n{NOTE}\n", c.title);
    let mut section = "";
    for (sec, label, cells) in rows(c) {
        if sec != section {
            section = sec;
            let _ = writeln!(o, "\n## {sec}\n");
            let heads: Vec<String> = c.runs.iter().map(head).collect();
            let _ = writeln!(o, "| | {} |", heads.join(" | "));
            let _ = writeln!(o, "|---|{}", "---|".repeat(c.runs.len()));
        }
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        let cells: Vec<String> = cells.iter().map(|s| cell(s.as_str())).collect();
        let _ = writeln!(o, "| {} | {} |", cell(label.as_str()), cells.join(" | "));
    }
    o
}

pub fn html(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Comparison: {t}</title><style>body{{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222}}table{{border-collapse:collapse;margin:8px 0 18px}}th,td{{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}}th{{background:#f3f4f6}}.par{{color:#666;font-style:italic}}</style></head><body><h1>Comparison: {t}</h1><p>{}</p>",
        esc(NOTE),
        t = esc(&c.title)
    );
    let mut section = "";
    for (sec, label, cells) in rows(c) {
        if sec != section {
            if !section.is_empty() {
                o.push_str("</table></section>");
            }
            section = sec;
            let _ = write!(o, "<section><h2>{}</h2><table><tr><th></th>", esc(sec));
            for r in &c.runs {
                let class = if r.par { " class=\"par\"" } else { "" };
                let _ = write!(o, "<th{class}>{}</th>", esc(&head(r)));
            }
            o.push_str("</tr>");
        }
        let _ = write!(o, "<tr><th>{}</th>", esc(&label));
        for (r, cell) in c.runs.iter().zip(cells) {
            let class = if r.par { " class=\"par\"" } else { "" };
            let _ = write!(o, "<td{class}>{}</td>", esc(&cell));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table></section></body></html>\n");
    o
}

pub fn json(c: &Comparison) -> String {
    serde_json::to_string_pretty(c).unwrap_or_default()
}

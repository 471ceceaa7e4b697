//! CSV exports: the run as a timeline people can read (time, role, what happened), and the raw
//! event log, one row per event, for spreadsheets and other tools.

use std::fmt::Write;

use super::text::{clock, clock_at, detail_suffix, kind_word, repeats_suffix, role_name};
use crate::scenario::Scenario;
use crate::scenario::units::format_elapsed;
use crate::sim::log::{Event, EventBody, Observation, Truth};

pub const HEADER: &str = "seq,tick,elapsed,clock,kind,actor,to,subject,text";

/// The readable timeline's columns.
pub const TIMELINE_HEADER: &str = "time,elapsed,role,kind,what happened";

/// The run as a readable timeline: every role's swimlane (what it saw, did and said; a repeating
/// signal once, with its count) and what was true (faults starting and ending, milestones,
/// injects), in time order. The role column holds the role's title; ground truth has
/// "(what was true)" there, since no role saw it as such.
pub fn timeline(d: &super::model::Debrief) -> String {
    use super::model::MarkerKind;
    let mut rows: Vec<(u64, usize, String, String, String)> = Vec::new();
    const TRUTH: &str = "(what was true)";
    for f in &d.timeline.faults {
        rows.push((
            f.start,
            0,
            TRUTH.into(),
            "fault".into(),
            format!("{} began on {} ({})", f.title, f.target, f.started_by),
        ));
        if let Some(end) = f.end {
            rows.push((
                end,
                0,
                TRUTH.into(),
                "fault".into(),
                format!(
                    "{} ended ({})",
                    f.title,
                    f.ended_by.as_deref().unwrap_or("")
                ),
            ));
        }
    }
    for m in &d.milestones {
        if let Some(t) = m.tick {
            rows.push((
                t,
                0,
                TRUTH.into(),
                "milestone".into(),
                format!("{}{}", m.kind.label(), detail_suffix(m.detail.as_deref())),
            ));
        }
    }
    for m in d
        .timeline
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Inject)
    {
        rows.push((
            m.tick,
            0,
            TRUTH.into(),
            "inject".into(),
            format!(
                "message from {}{}",
                m.label,
                detail_suffix(m.detail.as_deref())
            ),
        ));
    }
    for (i, lane) in d.swimlanes.iter().enumerate() {
        for item in &lane.items {
            rows.push((
                item.tick,
                i + 1,
                role_name(d, &lane.role),
                format!("{} · {}", kind_word(item.kind), item.what),
                format!(
                    "{}{}",
                    item.text.replace('\n', " "),
                    repeats_suffix(d, item)
                ),
            ));
        }
    }
    // Stable: within a second, what was true first, then the roles in the scenario's order.
    rows.sort_by_key(|r| (r.0, r.1));
    let mut out = String::with_capacity(rows.len() * 80);
    out.push_str(TIMELINE_HEADER);
    out.push('\n');
    for (tick, _, role, kind, text) in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            clock(d, tick),
            format_elapsed(tick),
            field(&role),
            field(&kind),
            field(&text)
        );
    }
    out
}

pub fn render(sc: &Scenario, events: &[Event]) -> String {
    let mut out = String::with_capacity(events.len() * 80);
    out.push_str(HEADER);
    out.push('\n');
    for e in events {
        let (kind, actor, to, subject, text) = row(sc, e);
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            e.seq,
            e.tick,
            format_elapsed(e.tick),
            clock_at(sc.clock_start.0, e.tick),
            field(&kind),
            field(&actor),
            field(&to),
            field(&subject),
            field(&text)
        );
    }
    out
}

/// Quotes a field when it needs it (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The variant name of a serde enum value, e.g. `fact_learned`.
fn variant<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(m)) => m.keys().next().cloned().unwrap_or_default(),
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The rest of a value as compact JSON, without its variant wrapper.
fn payload<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .next()
            .map(|(_, inner)| inner.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn row(sc: &Scenario, e: &Event) -> (String, String, String, String, String) {
    match &e.body {
        EventBody::Truth(t) => {
            let subject = match t {
                Truth::FaultStarted { fault, .. } | Truth::FaultEnded { fault, .. } => {
                    fault.to_string()
                }
                Truth::FactAvailable { fact, .. } => fact.to_string(),
                Truth::InjectSkipped { inject } => inject.to_string(),
                _ => String::new(),
            };
            let actor = match t {
                Truth::FactAvailable { role, .. } => role.to_string(),
                _ => String::new(),
            };
            (
                format!("truth.{}", variant(t)),
                actor,
                String::new(),
                subject,
                payload(t),
            )
        }
        EventBody::Command { actor, command } => (
            "command".into(),
            actor.to_string(),
            String::new(),
            variant(command),
            super::lanes::command_text(command),
        ),
        EventBody::Seen { to, what } => {
            let to = to.iter().map(|r| &**r).collect::<Vec<_>>().join(" ");
            let (actor, subject, text) = seen(sc, what);
            (format!("seen.{}", variant(what)), actor, to, subject, text)
        }
    }
}

fn seen(sc: &Scenario, what: &Observation) -> (String, String, String) {
    let s = |x: &str| x.to_string();
    match what {
        Observation::Metrics { service, values } => {
            let names = sc
                .service_ix(service)
                .map(|i| sc.metrics.by_service[i].clone())
                .unwrap_or_default();
            let text = values
                .iter()
                .enumerate()
                .map(
                    |(k, v)| match names.get(k).map(|&m| &sc.metrics.metrics[m]) {
                        Some(m) => format!("{}={} {}", m.name, milli(*v), m.unit),
                        None => milli(*v),
                    },
                )
                .collect::<Vec<_>>()
                .join("; ");
            (String::new(), s(service), text)
        }
        Observation::Log {
            service,
            level,
            text,
        } => (String::new(), s(service), format!("[{level:?}] {text}")),
        Observation::AlertFired { alert, title, .. } => (String::new(), s(alert), title.clone()),
        Observation::AlertResolved { alert } => (String::new(), s(alert), String::new()),
        Observation::AlertAcked { alert, by } => (s(by), s(alert), String::new()),
        Observation::Ticket { from, text } => (from.clone(), String::new(), text.clone()),
        Observation::Inject {
            inject, from, text, ..
        } => (from.clone(), s(inject), text.clone()),
        Observation::Message { from, text, .. } => (s(from), String::new(), text.clone()),
        Observation::Question {
            from, text, about, ..
        } => (s(from), about.as_deref().unwrap_or("").into(), text.clone()),
        Observation::FactLearned { fact, text, .. } => (String::new(), s(fact), text.clone()),
        Observation::FactShared {
            fact, from, text, ..
        } => (s(from), s(fact), text.clone()),
        Observation::ActionStarted { action, by, .. } => (s(by), s(action), String::new()),
        Observation::ActionCompleted { action, by, result } => {
            (s(by), s(action), result.clone().unwrap_or_default())
        }
        Observation::ActionRefused { action, by, reason } => (s(by), s(action), reason.clone()),
        Observation::Hypothesis {
            hypothesis,
            by,
            change,
            ..
        } => (s(by), s(hypothesis), format!("{change:?}")),
        Observation::HypothesisOffered {
            hypothesis,
            statement,
        } => (String::new(), s(hypothesis), statement.clone()),
        Observation::Suspicion { n, by, text } => (s(by), format!("suspicion {n}"), text.clone()),
        Observation::Hint { hint, text, .. } => (String::new(), s(hint), text.clone()),
        Observation::Inspecting { by, service } => (s(by), s(service), String::new()),
        Observation::Rejected { reason } => (String::new(), String::new(), reason.clone()),
        Observation::Clock { paused, .. } => (
            "facilitator".into(),
            String::new(),
            if *paused {
                "paused".into()
            } else {
                "running".into()
            },
        ),
    }
}

/// Thousandths as a decimal.
fn milli(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    let (whole, frac) = (v / 1000, v % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{}",
            format!("{frac:03}").trim_end_matches('0')
        )
    }
}

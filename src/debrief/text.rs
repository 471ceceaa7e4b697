//! Wording shared by the builder's prompts and the renderers.

use super::model::{Debrief, FactJourney, Tick};

/// The scenario's clock at a tick: `HH:MM`, or `HH:MM:SS` off the minute.
pub fn clock(d: &Debrief, tick: Tick) -> String {
    clock_at(d.run.clock_start, tick)
}

pub fn clock_at(start: u64, tick: Tick) -> String {
    let t = (start + tick) % 86_400;
    let (h, m, s) = (t / 3600, t / 60 % 60, t % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// A span of seconds in words: "45s", "3 min", "3 min 20s", "1 h 5 min".
pub fn span(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s}s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// A signed span: "−2 min" when the second milestone came first.
pub fn signed_span(secs: i64) -> String {
    if secs < 0 {
        format!("−{}", span(secs.unsigned_abs()))
    } else {
        span(secs as u64)
    }
}

/// "the incident commander" from "Incident commander": a role named by its seat, never a person.
pub fn seat(d: &Debrief, role: &str) -> String {
    match d.roles.iter().find(|r| r.id == role) {
        Some(r) => format!("the {}", lower_first(&r.title)),
        None if role == crate::sim::log::FACILITATOR => "the facilitator".into(),
        None => format!("the {role} role"),
    }
}

/// Lowercases the first letter unless the word is an acronym ("DBA on-call" stays).
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => s.to_string(),
        (Some(a), _) => a.to_lowercase().chain(s.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

/// The fact's text, as a quotation.
pub fn quote(text: &str) -> String {
    format!("“{}”", text.trim_end_matches('.'))
}

/// A fact by its text, with its id in parentheses: “Text” (id). Unknown ids stay as they are.
pub fn fact_label(d: &Debrief, id: &str) -> String {
    match d.knowledge.iter().find(|j| j.fact == id) {
        Some(j) => format!("{} ({id})", quote(&j.text)),
        None => id.to_string(),
    }
}

/// Facts by their text, separated by semicolons (fact texts may hold commas).
pub fn fact_list(d: &Debrief, ids: &[String]) -> String {
    ids.iter()
        .map(|f| fact_label(d, f))
        .collect::<Vec<_>>()
        .join("; ")
}

/// How long a fact took to reach the commander once it mattered, in words: "9 min 30s after it
/// was first available", or, for a fact available before customers were affected, "3 min after
/// the impact began (available from 02:15)"; `None` if it never reached the commander.
pub fn reach_lag(d: &Debrief, j: &FactJourney) -> Option<String> {
    let r = j.to_commander.as_ref()?;
    let (learnt, lag) = (r.learnt?, r.since_available?);
    let first = j.first_available.as_ref().map(|a| a.tick);
    Some(match (r.before_impact, first) {
        (true, Some(a)) if lag == 0 => format!(
            "held before the impact began (available from {})",
            clock(d, a)
        ),
        (true, Some(a)) => format!(
            "{} after the impact began (available from {})",
            span(lag),
            clock(d, a)
        ),
        _ if learnt == first.unwrap_or(learnt) => "as soon as it was available".into(),
        _ => format!("{} after it was first available", span(lag)),
    })
}

/// "when the run ended", or for a recording cut short (a killed run) "when the recording stops":
/// the debrief cannot say what happened after it.
pub fn when_it_ends(d: &Debrief) -> &'static str {
    if d.run.complete {
        "when the run ended"
    } else {
        "when the recording stops"
    }
}

//! Wording shared by the builder's prompts and the renderers.

use super::model::{
    ClueCost, Debrief, FactJourney, LaneItem, LaneKind, LedgerEntry, RoleTick, Tick,
};
use crate::scenario::Scenario;

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

/// A role's title from the scenario, as people read it; an id the scenario lacks stays as it is.
/// ([`role_name`] is the same from a built debrief.)
pub fn role_title(sc: &Scenario, id: &str) -> String {
    sc.role_ix(id)
        .map_or(id.to_string(), |r| sc.roles[r].title.clone())
}

/// An action's title from the scenario; an id the scenario lacks stays as it is.
pub fn action_title(sc: &Scenario, id: &str) -> String {
    sc.action_ix(id)
        .map_or(id.to_string(), |a| sc.actions[a].title.clone())
}

/// A role's title ("Operations on-call") from its id; the id itself if the scenario has no such
/// role (the facilitator, or a role renamed since).
pub fn role_name(d: &Debrief, role: &str) -> String {
    match d.roles.iter().find(|r| r.id == role) {
        Some(r) => r.title.clone(),
        None if role == crate::sim::log::FACILITATOR => "Facilitator".into(),
        None => role.to_string(),
    }
}

/// The gaps between the steps of a fact's way, as the review's questions: "observable for 6 min
/// before anyone learnt it; held for 4 min before it was shared; …". Empty when nothing waited.
pub fn ledger_gaps(d: &Debrief, e: &LedgerEntry) -> String {
    let mut out = Vec::new();
    let t = |x: &Option<RoleTick>| x.as_ref().map(|x| x.tick);
    let mut gap = |from: Option<Tick>, to: Option<Tick>, what: &dyn Fn(String) -> String| {
        if let (Some(a), Some(b)) = (from, to)
            && b > a
        {
            out.push(what(span(b - a)));
        }
    };
    gap(t(&e.observable), t(&e.learnt), &|s| {
        format!("observable for {s} before anyone learnt it")
    });
    gap(t(&e.learnt), t(&e.shared), &|s| {
        format!("held for {s} before it was shared")
    });
    gap(t(&e.learnt), e.to_commander, &|s| {
        format!("{s} from first learnt to the commander")
    });
    gap(e.to_commander, e.used.as_ref().map(|u| u.tick), &|s| {
        format!("{s} from the commander to first use")
    });
    if e.learnt.is_some() && e.to_commander.is_none() && d.run.commander.is_some() {
        out.push(format!("had not reached the commander {}", when_it_ends(d)));
    }
    out.join("; ")
}

/// What a clue cost, in one sentence that says what it is: one simulated alternative.
pub fn clue_cost_text(d: &Debrief, c: &ClueCost) -> String {
    let head = format!(
        "Shared with the channel at {} by {} (when it was first held), with bots playing every seat from there",
        clock(d, c.fork_at),
        seat(d, &c.held.role)
    );
    let diag = |t: Option<Tick>| {
        t.map_or("no diagnosis before the end".to_string(), |t| {
            format!("diagnosed at {}", clock(d, t))
        })
    };
    let effect = match (c.earlier_by, c.run_diagnosed) {
        (Some(s), _) if s > 0 => format!(
            "the diagnosis came {} earlier than in the run",
            span(s as u64)
        ),
        (Some(0), _) => "the diagnosis came at the same moment as in the run".into(),
        (Some(s), _) => format!(
            "the diagnosis came {} later than in the run",
            span(s.unsigned_abs())
        ),
        (None, None) if c.shared_diagnosed.is_some() => {
            "the team reached a diagnosis the run never reached".into()
        }
        (None, _) => "no earlier diagnosis came of it".into(),
    };
    format!(
        "{head}: {} ({effect}; in the run: {}). The same bots from the same moment without the share: {}. A simulation of one alternative, not a verdict.",
        diag(c.shared_diagnosed),
        diag(c.run_diagnosed),
        diag(c.bots_diagnosed),
    )
}

/// A short label for the swimlane marks that matter in a review: alerts, acknowledgements,
/// shares, hypotheses and actions started (`None`: the mark is left to its tooltip and the list).
pub fn lane_label(item: &LaneItem) -> Option<String> {
    let t = item.text.as_str();
    let text = match item.what.as_str() {
        "alert" if !t.starts_with("alert resolved") => t.split_once(": ").map_or(t, |x| x.1),
        "ack" => "ack",
        "share" | "hypothesis" => t,
        "action" if t.starts_with("started: ") => t,
        _ => return None,
    };
    Some(fit(text, 30))
}

/// Shortens a label to `max` characters, marking the cut.
pub fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).chain(['…']).collect()
    }
}

/// What a swimlane item was to its role: something it saw, did or said.
pub fn kind_word(k: LaneKind) -> &'static str {
    match k {
        LaneKind::Saw => "saw",
        LaneKind::Did => "did",
        LaneKind::Said => "said",
    }
}

/// What follows a marker's or a milestone's label in plain text: ": the detail", or nothing.
pub fn detail_suffix(detail: Option<&str>) -> String {
    detail.map(|x| format!(": {x}")).unwrap_or_default()
}

/// What follows a swimlane item that repeated, in plain text: " (×3, until 10:42)", or nothing.
pub fn repeats_suffix(d: &Debrief, item: &LaneItem) -> String {
    match item.until {
        Some(u) => format!(" (×{}, until {})", item.repeats, clock(d, u)),
        None => String::new(),
    }
}

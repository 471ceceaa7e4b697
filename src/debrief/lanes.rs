//! Role swimlanes: what each role saw, did and said, in order. Dashboard samples are left out
//! (they are the impact chart's business); a signal that repeats is shown once with its count.

use std::collections::BTreeMap;

use super::model::*;
// `who`: the lanes name a role in almost every line.
use super::text::{action_title, role_title as who};
use crate::scenario::Scenario;
use crate::sim::log::{Command, Event, EventBody, HypothesisChange, Observation, Via};

/// A repeat this long after the last one starts a new item.
const REPEAT_GAP: Tick = 300;

pub(super) fn build(sc: &Scenario, events: &[Event]) -> Vec<Swimlane> {
    sc.roles
        .iter()
        .map(|r| Swimlane {
            role: r.id.to_string(),
            items: lane(sc, &r.id, events),
        })
        .collect()
}

fn lane(sc: &Scenario, me: &str, events: &[Event]) -> Vec<LaneItem> {
    let mut items: Vec<LaneItem> = Vec::new();
    // Open repeating items by their text with digits removed.
    let mut open: BTreeMap<String, usize> = BTreeMap::new();
    let mut last_command: Option<&Command> = None;
    for e in events {
        let what = match &e.body {
            EventBody::Command { actor, command } if **actor == *me => {
                last_command = Some(command);
                continue;
            }
            EventBody::Seen { to, what } if to.iter().any(|r| **r == *me) => what,
            _ => continue,
        };
        let Some((kind, tag, text)) = describe(sc, me, what, last_command) else {
            continue;
        };
        if kind == LaneKind::Saw && matches!(tag, "log" | "ticket") {
            let key = format!("{tag}:{}", text.replace(|c: char| c.is_ascii_digit(), ""));
            if let Some(&i) = open.get(&key) {
                let item = &mut items[i];
                if item.until.unwrap_or(item.tick) + REPEAT_GAP >= e.tick {
                    item.until = Some(e.tick);
                    item.repeats += 1;
                    continue;
                }
            }
            open.insert(key, items.len());
        }
        items.push(LaneItem {
            tick: e.tick,
            kind,
            what: tag.into(),
            text,
            until: None,
            repeats: 1,
        });
    }
    items
}

fn title_of_alert(sc: &Scenario, id: &str) -> String {
    sc.alert_ix(id)
        .map_or(id.to_string(), |a| sc.alerts[a].title.clone())
}

/// How a role came to know a fact, as people read it: roles and actions by their titles.
pub(super) fn via_text(sc: &Scenario, via: &Via) -> String {
    match via {
        Via::Card => "knowledge card".into(),
        Via::Observed(where_) => where_.clone(),
        Via::Action(a) => format!("the result of {}", action_title(sc, a)),
        Via::SharedBy(r) => format!("shared by the {}", who(sc, r)),
    }
}

pub(super) fn change_verb(change: HypothesisChange) -> &'static str {
    match change {
        HypothesisChange::Proposed => "proposed",
        HypothesisChange::Supported => "supported",
        HypothesisChange::Discarded => "discarded",
        HypothesisChange::Confirmed => "confirmed",
        HypothesisChange::NotEstablished => "tried to confirm (evidence not held)",
    }
}

fn describe(
    sc: &Scenario,
    me: &str,
    what: &Observation,
    last_command: Option<&Command>,
) -> Option<(LaneKind, &'static str, String)> {
    use LaneKind::*;
    let mine = |r: &str| r == me;
    Some(match what {
        Observation::Metrics { .. } => return None,
        Observation::Log {
            service,
            level,
            text,
        } => (Saw, "log", format!("{service} [{level:?}] {text}")),
        Observation::AlertFired {
            title, severity, ..
        } => (Saw, "alert", format!("{severity:?} alert: {title}")),
        Observation::AlertResolved { alert } => (
            Saw,
            "alert",
            format!("alert resolved: {}", title_of_alert(sc, alert)),
        ),
        Observation::AlertAcked { alert, by } if mine(by) => (
            Did,
            "ack",
            format!("acknowledged: {}", title_of_alert(sc, alert)),
        ),
        Observation::AlertAcked { alert, by } => (
            Saw,
            "ack",
            format!(
                "{} acknowledged: {}",
                who(sc, by),
                title_of_alert(sc, alert)
            ),
        ),
        Observation::Ticket { from, text } => (Saw, "ticket", format!("{from}: {text}")),
        Observation::Inject {
            from,
            channel,
            text,
            ..
        } => (Saw, "inject", format!("{from} ({channel:?}): {text}")),
        Observation::Message { from, to, text } if mine(from) => (
            Said,
            "message",
            match to {
                Some(t) => format!("to {}: {text}", who(sc, t)),
                None => format!("to the channel: {text}"),
            },
        ),
        Observation::Message { from, text, .. } => {
            (Saw, "message", format!("{}: {text}", who(sc, from)))
        }
        Observation::Question { from, to, text, .. } if mine(from) => {
            (Said, "question", format!("asked {}: {text}", who(sc, to)))
        }
        Observation::Question { from, text, .. } => {
            (Saw, "question", format!("{} asked: {text}", who(sc, from)))
        }
        Observation::FactLearned {
            via: Via::SharedBy(_),
            ..
        } => return None,
        Observation::FactLearned { text, via, .. } => {
            (Saw, "learnt", format!("{text} ({})", via_text(sc, via)))
        }
        Observation::FactShared { text, from, to, .. } if mine(from) => (
            Said,
            "share",
            match to {
                Some(t) => format!("shared with {}: {text}", who(sc, t)),
                None => format!("shared with the channel: {text}"),
            },
        ),
        Observation::FactShared { text, from, .. } => {
            (Saw, "share", format!("{} shared: {text}", who(sc, from)))
        }
        Observation::ActionStarted { action, .. } => (
            Did,
            "action",
            format!("started: {}", action_title(sc, action)),
        ),
        Observation::ActionCompleted { action, result, .. } => (
            Did,
            "action",
            match result {
                Some(r) => format!("completed: {} — {r}", action_title(sc, action)),
                None => format!("completed: {}", action_title(sc, action)),
            },
        ),
        Observation::ActionRefused { action, reason, .. } => (
            Did,
            "action",
            format!("could not start: {} — {reason}", action_title(sc, action)),
        ),
        Observation::Hypothesis {
            statement,
            by,
            change,
            ..
        } if mine(by) => (
            Did,
            "hypothesis",
            format!("{}: {statement}", change_verb(*change)),
        ),
        Observation::Hypothesis {
            statement,
            by,
            change,
            ..
        } => (
            Saw,
            "hypothesis",
            format!("{} {}: {statement}", who(sc, by), change_verb(*change)),
        ),
        Observation::HypothesisOffered { statement, .. } => {
            (Saw, "hypothesis", format!("on the table: {statement}"))
        }
        Observation::Suspicion { n, by, text } if mine(by) => {
            (Said, "suspicion", format!("suspected ({n}): {text}"))
        }
        Observation::Suspicion { n, by, text } => {
            (Saw, "suspicion", format!("{by} suspects ({n}): {text}"))
        }
        Observation::Hint { text, .. } => (Saw, "hint", text.clone()),
        Observation::Inspecting { service, .. } => {
            (Did, "inspect", format!("looked at the {service} dashboard"))
        }
        Observation::Rejected { reason } => (
            Did,
            "rejected",
            match last_command {
                Some(c) => format!("{} — not done: {reason}", command_text(c)),
                None => format!("not done: {reason}"),
            },
        ),
        Observation::Clock { paused: true, .. } => {
            (Saw, "clock", "the facilitator paused the exercise".into())
        }
        Observation::Clock { .. } => (Saw, "clock", "the facilitator resumed the exercise".into()),
    })
}

/// A command in a few words.
pub(super) fn command_text(c: &Command) -> String {
    match c {
        Command::Inspect(s) => format!("inspect {s}"),
        Command::Run(a) => format!("run {a}"),
        Command::Say(t) => format!("say “{t}”"),
        Command::Tell { to, text } => format!("tell {to} “{text}”"),
        Command::Share { fact, to } => match to {
            Some(t) => format!("share {fact} with {t}"),
            None => format!("share {fact}"),
        },
        Command::Ask { to, text, .. } => format!("ask {to} “{text}”"),
        Command::Propose(h) => format!("propose {h}"),
        Command::Support(h) => format!("support {h}"),
        Command::Discard(h) => format!("discard {h}"),
        Command::Confirm(h) => format!("confirm {h}"),
        Command::Suspect(t) => format!("suspect “{t}”"),
        Command::Stuck => "ask for a hint (stuck)".into(),
        Command::Watch(charts) => format!("watch {}", charts.join(", ")),
        Command::Ack(a) => format!("acknowledge {a}"),
        Command::Publish(i) => format!("publish {i}"),
        Command::Skip(i) => format!("skip {i}"),
        Command::Fire(f) => format!("fire {f}"),
        Command::Pause => "pause".into(),
        Command::Resume => "resume".into(),
        Command::Speed(x) => format!("speed {x:?}"),
        Command::Announce { from, text, to } => match to {
            Some(t) => format!("announce to {t} as {from} “{text}”"),
            None => format!("announce as {from} “{text}”"),
        },
        Command::Nudge { text, to } => match to {
            Some(t) => format!("hint to {t} “{text}”"),
            None => format!("hint “{text}”"),
        },
        Command::Note(t) => format!("note “{t}”"),
        Command::Seat { role, bot: true } => format!("bot takes {role}"),
        Command::Seat { role, bot: false } => format!("{role} back to a person"),
        Command::Match {
            suspicion,
            hypothesis,
        } => format!("match suspicion {suspicion} to {hypothesis}"),
    }
}

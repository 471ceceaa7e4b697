//! Events of the log as one line of text each, for the facilitator's stream and the debrief.

use std::borrow::Borrow;

use bevy_egui::egui;

use super::theme::palette;
use super::widgets;
use crate::scenario::Scenario;
use crate::scenario::units::{ClockTime, PPM};
use crate::sim::log::{Cause, Command, Event, EventBody, Observation, Truth, Via};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Truth,
    Command,
    Seen,
}

impl Kind {
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Truth => "TRUTH",
            Kind::Command => "CMD",
            Kind::Seen => "SEEN",
        }
    }
}

impl Kind {
    pub fn color(self) -> egui::Color32 {
        match self {
            Kind::Truth => palette::PURPLE,
            Kind::Command => palette::ORANGE,
            Kind::Seen => palette::SKY,
        }
    }
}

/// Lines as a scrolling monospace list that follows the newest. A long line wraps under its own
/// text (at any text size the panel never needs a sideways scroll), and only the rows in sight
/// are laid out. `key` says which lines these are (a filter): when it changes, rows are measured
/// again.
pub fn show_lines<L: Borrow<Line>>(
    ui: &mut egui::Ui,
    id: &str,
    key: u64,
    start: ClockTime,
    lines: &[L],
) {
    // The measured heights live in egui's memory, beside the scroll area they belong to.
    let heights_id = egui::Id::new((id, "row heights"));
    let mut heights: widgets::RowHeights =
        ui.data_mut(|d| d.get_temp(heights_id)).unwrap_or_default();
    egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink([false, false])
        .stick_to_bottom(true)
        .show_viewport(ui, |ui, viewport| {
            widgets::virtual_rows(ui, viewport, &mut heights, key, lines, |ui, l| {
                row(ui, start, l.borrow())
            });
        });
    ui.data_mut(|d| d.insert_temp(heights_id, heights));
}

fn row(ui: &mut egui::Ui, start: ClockTime, l: &Line) {
    ui.horizontal_top(|ui| {
        ui.label(
            egui::RichText::new(widgets::clock(start, l.tick))
                .monospace()
                .color(palette::DIM),
        );
        ui.label(
            egui::RichText::new(format!("{:<5}", l.kind.tag()))
                .monospace()
                .strong()
                .color(l.kind.color()),
        );
        // A command reads as a sentence ("Incident commander ran …"); a seen event says what was
        // seen, then who saw it.
        let text = match l.kind {
            _ if l.who.is_empty() => l.text.clone(),
            Kind::Seen => format!("{}  → {}", l.text, l.who),
            Kind::Command | Kind::Truth => format!("{} {}", l.who, l.text),
        };
        ui.add(egui::Label::new(egui::RichText::new(text).monospace()).wrap());
    });
}

#[derive(Debug, Clone)]
pub struct Line {
    pub tick: u64,
    pub kind: Kind,
    /// Who acted or who saw it.
    pub who: String,
    pub text: String,
}

/// Names as people read them: roles by title, facts and hypotheses by their text, actions and
/// alerts by title. An id the scenario lacks (the facilitator) stays as it is. Faults and services
/// keep their ids: they are the scenario author's, and the facilitator works with them.
pub struct Names<'a>(pub &'a Scenario);

impl Names<'_> {
    pub fn role(&self, id: &str) -> String {
        match self.0.role_ix(id) {
            Some(r) => self.0.roles[r].title.clone(),
            None if id == crate::sim::log::FACILITATOR => "Facilitator".into(),
            None => id.to_string(),
        }
    }
    pub fn fact(&self, id: &str) -> String {
        self.0.fact_ix(id).map_or(id.to_string(), |f| {
            crate::debrief::text::quote(&self.0.facts[f].text)
        })
    }
    pub fn hypothesis(&self, id: &str) -> String {
        self.0.hypothesis_ix(id).map_or(id.to_string(), |h| {
            crate::debrief::text::quote(&self.0.hypotheses[h].statement)
        })
    }
    pub fn action(&self, id: &str) -> String {
        self.0
            .action_ix(id)
            .map_or(id.to_string(), |a| format!("“{}”", self.0.actions[a].title))
    }
    pub fn alert(&self, id: &str) -> String {
        self.0
            .alert_ix(id)
            .map_or(id.to_string(), |a| format!("“{}”", self.0.alerts[a].title))
    }
}

/// A command in a few words, naming roles, facts, hypotheses and actions as people read them.
pub fn describe(sc: &Scenario, c: &Command) -> String {
    let n = Names(sc);
    match c {
        Command::Inspect(s) => format!("looked at {s}"),
        Command::Run(a) => format!("ran {}", n.action(a)),
        Command::Say(t) => format!("said “{}”", widgets::truncate(t, 40)),
        Command::Tell { to, text } => {
            format!("told {} “{}”", n.role(to), widgets::truncate(text, 30))
        }
        Command::Share { fact, to } => match to {
            Some(t) => format!("shared {} with {}", n.fact(fact), n.role(t)),
            None => format!("shared {}", n.fact(fact)),
        },
        Command::Ask { to, .. } => format!("asked {}", n.role(to)),
        Command::Propose(h) => format!("proposed {}", n.hypothesis(h)),
        Command::Support(h) => format!("supported {}", n.hypothesis(h)),
        Command::Discard(h) => format!("discarded {}", n.hypothesis(h)),
        Command::Confirm(h) => format!("confirmed {}", n.hypothesis(h)),
        Command::Suspect(t) => format!("suspects “{}”", widgets::truncate(t, 40)),
        Command::Stuck => "asked for a hint".into(),
        Command::Watch(_) => "looked at charts".into(),
        Command::Ack(a) => format!("acknowledged {}", n.alert(a)),
        Command::Publish(i) => format!("published {i}"),
        Command::Skip(i) => format!("skipped {i}"),
        Command::Fire(f) => format!("fired {f}"),
        Command::Pause => "paused".into(),
        Command::Resume => "resumed".into(),
        Command::Speed(x) => format!("speed {}×", x.0 as f64 / 1e6),
        Command::Announce { from, .. } => format!("announced as {from}"),
        Command::Nudge { .. } => "sent a hint".into(),
        Command::Note(_) => "noted".into(),
        Command::Seat { role, bot: true } => format!("gave {} to a bot", n.role(role)),
        Command::Seat { role, bot: false } => format!("gave {} back to a person", n.role(role)),
        Command::Match {
            suspicion,
            hypothesis,
        } => format!(
            "matched suspicion {suspicion} to {}",
            n.hypothesis(hypothesis)
        ),
    }
}

/// The line for an event; dashboard samples and impact samples (most of a log) have none.
pub fn line(sc: &Scenario, e: &Event) -> Option<Line> {
    let n = Names(sc);
    let (kind, who, text) = match &e.body {
        EventBody::Truth(t) => (Kind::Truth, String::new(), truth(t)?),
        EventBody::Command { actor, command } => {
            (Kind::Command, n.role(actor), describe(sc, command))
        }
        EventBody::Seen { to, what } => {
            let who = to.iter().map(|r| n.role(r)).collect::<Vec<_>>().join(", ");
            (Kind::Seen, who, observation(&n, what)?)
        }
    };
    Some(Line {
        tick: e.tick,
        kind,
        who,
        text,
    })
}

pub fn cause(c: &Cause) -> String {
    match c {
        Cause::Trigger => "its trigger".into(),
        Cause::Facilitator => "the facilitator".into(),
        Cause::Action { action, by } => format!("{by}'s action {action}"),
        Cause::Expired => "expiry".into(),
        Cause::Condition => "its end condition".into(),
    }
}

pub fn truth(t: &Truth) -> Option<String> {
    Some(match t {
        Truth::RunStarted { title, seed, .. } => format!("run started: {title} (seed {seed})"),
        Truth::FaultStarted {
            fault,
            target,
            cause: c,
            ..
        } => format!("fault {fault} started on {target} ({})", cause(c)),
        Truth::FaultEnded { fault, cause: c } => format!("fault {fault} ended ({})", cause(c)),
        Truth::Impact { .. } => return None,
        Truth::Milestone { milestone } => format!("milestone: {}", milestone.label()),
        Truth::FactAvailable { .. } => return None,
        Truth::InjectSkipped { inject } => format!("inject {inject} skipped"),
        Truth::RunEnded { resolved, reason } => {
            format!(
                "run ended: {} ({reason})",
                if *resolved {
                    "resolved"
                } else {
                    "not resolved"
                }
            )
        }
    })
}

pub fn observation(n: &Names, o: &Observation) -> Option<String> {
    Some(match o {
        Observation::Metrics { .. } => return None,
        Observation::Log {
            service,
            level,
            text,
        } => format!("log {service} {level:?}: {text}"),
        Observation::AlertFired { title, .. } => format!("alert fired: {title}"),
        Observation::AlertResolved { alert } => format!("alert resolved: {}", n.alert(alert)),
        Observation::AlertAcked { alert, by } => {
            format!("alert {} acknowledged by {}", n.alert(alert), n.role(by))
        }
        Observation::Ticket { from, text } => format!("ticket from {from}: {text}"),
        Observation::Inject { from, text, .. } => format!("inject from {from}: {text}"),
        Observation::Message { from, to, text } => match to {
            Some(t) => format!("{} to {}: {text}", n.role(from), n.role(t)),
            None => format!("{}: {text}", n.role(from)),
        },
        Observation::Question { from, to, text, .. } => {
            format!("{} asks {}: {text}", n.role(from), n.role(to))
        }
        Observation::FactLearned { fact, via, .. } => {
            format!("learnt {} ({})", n.fact(fact), via_text(n, via))
        }
        Observation::FactShared { fact, from, to, .. } => match to {
            Some(t) => format!(
                "{} shared {} with {}",
                n.role(from),
                n.fact(fact),
                n.role(t)
            ),
            None => format!("{} shared {}", n.role(from), n.fact(fact)),
        },
        Observation::ActionStarted { action, by, .. } => {
            format!("{} started {}", n.role(by), n.action(action))
        }
        Observation::ActionCompleted { action, by, .. } => {
            format!("{} completed {}", n.role(by), n.action(action))
        }
        Observation::ActionRefused { action, by, reason } => {
            format!(
                "{} could not start {}: {reason}",
                n.role(by),
                n.action(action)
            )
        }
        Observation::Hypothesis {
            hypothesis,
            by,
            change,
            ..
        } => {
            let verb = change.verb();
            format!("{} {verb} {}", n.role(by), n.hypothesis(hypothesis))
        }
        Observation::HypothesisOffered { hypothesis, .. } => {
            format!("{hypothesis} is on the table")
        }
        Observation::Suspicion { n, by, text } => format!("{by} suspects ({n}): {text}"),
        Observation::Hint { hint, tier, .. } => format!("hint {hint} (tier {tier})"),
        Observation::Inspecting { by, service } => format!("{} watches {service}", n.role(by)),
        Observation::Rejected { reason } => format!("rejected: {reason}"),
        Observation::Clock { paused, speed } => {
            if *paused {
                "clock paused".into()
            } else {
                format!("clock running at {}×", speed.0 as f64 / PPM as f64)
            }
        }
    })
}

pub fn via_text(n: &Names, v: &Via) -> String {
    match v {
        Via::Card => "card".into(),
        Via::Observed(w) => format!("saw {w}"),
        Via::Action(a) => format!("action {}", n.action(a)),
        Via::SharedBy(r) => format!("shared by {}", n.role(r)),
    }
}

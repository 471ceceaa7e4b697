//! Events of the log as one line of text each, for the facilitator's stream and the debrief.

use std::borrow::Borrow;

use bevy_egui::egui;

use super::theme::palette;
use super::widgets;
use crate::scenario::units::{ClockTime, PPM};
use crate::sim::log::{Cause, Event, EventBody, Observation, Truth, Via};

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

/// Lines as a scrolling monospace list that follows the newest; only the visible rows are laid out.
pub fn show_lines<L: Borrow<Line>>(ui: &mut egui::Ui, id: &str, start: ClockTime, lines: &[L]) {
    let row_h = ui.text_style_height(&egui::TextStyle::Monospace) + 2.0;
    egui::ScrollArea::both()
        .id_salt(id)
        .auto_shrink([false, false])
        .stick_to_bottom(true)
        .show_rows(ui, row_h, lines.len(), |ui, rows| {
            for l in lines[rows].iter().map(Borrow::borrow) {
                ui.horizontal(|ui| {
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
                    if !l.who.is_empty() {
                        ui.label(egui::RichText::new(&l.who).monospace());
                    }
                    ui.label(egui::RichText::new(&l.text).monospace());
                });
            }
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

/// The line for an event; dashboard samples and impact samples (most of a log) have none.
pub fn line(e: &Event) -> Option<Line> {
    let (kind, who, text) = match &e.body {
        EventBody::Truth(t) => (Kind::Truth, String::new(), truth(t)?),
        EventBody::Command { actor, command } => (
            Kind::Command,
            actor.to_string(),
            super::facilitator::roles::describe(command),
        ),
        EventBody::Seen { to, what } => {
            let who = to.iter().map(|r| &**r).collect::<Vec<_>>().join(",");
            (Kind::Seen, who, observation(what)?)
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

pub fn observation(o: &Observation) -> Option<String> {
    Some(match o {
        Observation::Metrics { .. } => return None,
        Observation::Log {
            service,
            level,
            text,
        } => format!("log {service} {level:?}: {text}"),
        Observation::AlertFired { title, .. } => format!("alert fired: {title}"),
        Observation::AlertResolved { alert } => format!("alert resolved: {alert}"),
        Observation::AlertAcked { alert, by } => format!("alert {alert} acknowledged by {by}"),
        Observation::Ticket { from, text } => format!("ticket from {from}: {text}"),
        Observation::Inject { from, text, .. } => format!("inject from {from}: {text}"),
        Observation::Message { from, to, text } => match to {
            Some(t) => format!("{from} to {t}: {text}"),
            None => format!("{from}: {text}"),
        },
        Observation::Question { from, to, text, .. } => format!("{from} asks {to}: {text}"),
        Observation::FactLearned { fact, via, .. } => format!("learnt {fact} ({})", via_text(via)),
        Observation::FactShared { fact, from, to, .. } => match to {
            Some(t) => format!("{from} shared {fact} with {t}"),
            None => format!("{from} shared {fact}"),
        },
        Observation::ActionStarted { action, by, .. } => format!("{by} started {action}"),
        Observation::ActionCompleted { action, by, .. } => format!("{by} completed {action}"),
        Observation::ActionRefused { action, by, reason } => {
            format!("{by} refused {action}: {reason}")
        }
        Observation::Hypothesis {
            hypothesis,
            by,
            change,
            ..
        } => {
            let verb = change.verb();
            format!("{by} {verb} {hypothesis}")
        }
        Observation::HypothesisOffered { hypothesis, .. } => {
            format!("{hypothesis} is on the table")
        }
        Observation::Suspicion { n, by, text } => format!("{by} suspects ({n}): {text}"),
        Observation::Hint { hint, tier, .. } => format!("hint {hint} (tier {tier})"),
        Observation::Inspecting { by, service } => format!("{by} watches {service}"),
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

pub fn via_text(v: &Via) -> String {
    match v {
        Via::Card => "card".into(),
        Via::Observed(w) => format!("saw {w}"),
        Via::Action(a) => format!("action {a}"),
        Via::SharedBy(r) => format!("shared by {r}"),
    }
}

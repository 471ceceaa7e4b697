//! Commands in: what a participant asks the simulation to do, and who asks.

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
use crate::scenario::compiled::{Name, RoleIx};
use crate::scenario::units::Factor;

/// The facilitator's reserved name belongs to the scenario model; commands and logs use it too.
pub use crate::scenario::model::FACILITATOR;

/// What a role (or the facilitator, through a role-less console) asks the simulation to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command<I = Name> {
    /// Look at a service's dashboard (and keep watching it).
    Inspect(I),
    /// Start an action.
    Run(I),
    /// Post to the incident channel.
    Say(String),
    /// Message one role.
    Tell {
        to: I,
        text: String,
    },
    /// Share a fact this role knows, with one role or (without `to`) the whole channel.
    Share {
        fact: I,
        #[serde(default)]
        to: Option<I>,
    },
    /// Ask a role a question, optionally about a service or fact.
    Ask {
        to: I,
        text: String,
        #[serde(default)]
        about: Option<I>,
    },
    /// Put a hypothesis to the team. Only one on the table for this role: a fact it holds bears
    /// on it, or a teammate has raised it.
    Propose(I),
    Support(I),
    Discard(I),
    Confirm(I),
    /// A hypothesis in the role's own words, shown to the whole team; the facilitator may match
    /// it to one of the scenario's (`Match`).
    Suspect(String),
    /// Ask for the next hint now instead of waiting for it.
    Stuck,
    /// The dashboard charts in this role's view (`service/metric`), replacing the last list: a
    /// dashboard's fact is learnt only while a chart that shows it is in view.
    Watch(Vec<I>),
    /// Acknowledge an alert.
    Ack(I),
    /// Facilitator: publish an inject now.
    Publish(I),
    /// Facilitator: skip an inject.
    Skip(I),
    /// Facilitator: start a fault.
    Fire(I),
    /// Facilitator: pause / resume / change speed (recorded; the clock driver acts on them).
    Pause,
    Resume,
    Speed(Factor),
    /// Facilitator: a message from outside the team typed live (a stakeholder calling), to one
    /// role or (without `to`) everyone.
    Announce {
        from: String,
        text: String,
        #[serde(default)]
        to: Option<I>,
    },
    /// Facilitator: a hint written by hand, to one role or everyone.
    Nudge {
        text: String,
        #[serde(default)]
        to: Option<I>,
    },
    /// Facilitator: a private note, stamped with the time; only the facilitator's part of the
    /// debrief shows it.
    Note(String),
    /// Facilitator: a bot takes over a role's seat (`bot: true`, say for a trainee who dropped) or
    /// gives it back to a person (`bot: false`).
    Seat {
        role: I,
        bot: bool,
    },
    /// Facilitator: a role's free-text suspicion (numbered from 1 in the order given) is this
    /// scenario hypothesis: it counts as that role proposing it.
    Match {
        suspicion: u32,
        hypothesis: I,
    },
}

impl<I> Command<I> {
    /// Commands only the facilitator may give.
    pub fn is_facilitator_only(&self) -> bool {
        matches!(
            self,
            Command::Publish(_)
                | Command::Skip(_)
                | Command::Fire(_)
                | Command::Pause
                | Command::Resume
                | Command::Speed(_)
                | Command::Announce { .. }
                | Command::Nudge { .. }
                | Command::Note(_)
                | Command::Seat { .. }
                | Command::Match { .. }
        )
    }

    /// The same command with its names converted.
    pub fn map<J>(self, mut f: impl FnMut(I) -> J) -> Command<J> {
        match self {
            Command::Inspect(i) => Command::Inspect(f(i)),
            Command::Run(i) => Command::Run(f(i)),
            Command::Say(t) => Command::Say(t),
            Command::Tell { to, text } => Command::Tell { to: f(to), text },
            Command::Share { fact, to } => Command::Share {
                fact: f(fact),
                to: to.map(&mut f),
            },
            Command::Ask { to, text, about } => Command::Ask {
                to: f(to),
                text,
                about: about.map(&mut f),
            },
            Command::Propose(i) => Command::Propose(f(i)),
            Command::Support(i) => Command::Support(f(i)),
            Command::Discard(i) => Command::Discard(f(i)),
            Command::Confirm(i) => Command::Confirm(f(i)),
            Command::Suspect(t) => Command::Suspect(t),
            Command::Stuck => Command::Stuck,
            Command::Watch(v) => Command::Watch(v.into_iter().map(f).collect()),
            Command::Ack(i) => Command::Ack(f(i)),
            Command::Publish(i) => Command::Publish(f(i)),
            Command::Skip(i) => Command::Skip(f(i)),
            Command::Fire(i) => Command::Fire(f(i)),
            Command::Pause => Command::Pause,
            Command::Resume => Command::Resume,
            Command::Speed(x) => Command::Speed(x),
            Command::Announce { from, text, to } => Command::Announce {
                from,
                text,
                to: to.map(&mut f),
            },
            Command::Nudge { text, to } => Command::Nudge {
                text,
                to: to.map(&mut f),
            },
            Command::Note(t) => Command::Note(t),
            Command::Seat { role, bot } => Command::Seat { role: f(role), bot },
            Command::Match {
                suspicion,
                hypothesis,
            } => Command::Match {
                suspicion,
                hypothesis: f(hypothesis),
            },
        }
    }
}

/// Who gives a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Actor {
    Role(RoleIx),
    Facilitator,
}

impl Actor {
    pub fn name(self, sc: &Scenario) -> Name {
        match self {
            Actor::Role(r) => sc.roles[r].id.clone(),
            Actor::Facilitator => FACILITATOR.into(),
        }
    }

    /// Parses a role id or `facilitator`.
    pub fn parse(sc: &Scenario, name: &str) -> Option<Actor> {
        if name == FACILITATOR {
            Some(Actor::Facilitator)
        } else {
            sc.role_ix(name).map(Actor::Role)
        }
    }
}

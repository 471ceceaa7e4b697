//! The role boundary: everything that crosses between the simulation and a participant (a person at
//! a console, a bot, a network client, a replay). Commands go in as an [`Actor`]; what comes out is
//! a role's feed of [`Observation`]s plus the [`PublicScenario`]. Ground truth (`log::Truth`) has
//! no path through here: no type in this module can hold it.
//!
//! The boundary depends on nothing else in the simulation: the log reads a role's feed out as
//! `log::RoleFeed`, and bots (a client of the boundary) sit above it, with their audit.

mod command;
mod observation;
mod public;
mod seat;

pub use command::{Actor, Command, FACILITATOR};
pub use observation::{HypothesisChange, Observation, Via};
pub use public::{ActionCard, MetricCard, PublicScenario, RoleCard};
pub use seat::{Seat, SharedClock};

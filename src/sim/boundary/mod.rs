//! The role boundary: everything that crosses between the simulation and a participant (a person at
//! a console, a bot, a network client, a replay). Commands go in as an [`Actor`]; what comes out is
//! a role's feed of [`Observation`]s plus the [`PublicScenario`]. Ground truth (`log::Truth`) has
//! no path through here: no type in this module can hold it.
//!
//! [`audit`] checks a finished run against the boundary: every bot command must be explained by
//! what that bot's feed had shown it.

mod audit;
mod command;
mod feed;
mod observation;
mod public;

pub use audit::audit;
pub use command::{Actor, Command, FACILITATOR};
pub use feed::{RoleFeed, Seat, SharedClock};
pub use observation::{HypothesisChange, Observation, Via};
pub use public::{ActionCard, MetricCard, PublicScenario, RoleCard};

//! firedrill: a teaching simulator for incident-response coordination.
//!
//! - [`scenario`]: the RON scenario language, its checker and the compiled form.
//! - [`sim`]: the deterministic, headless simulation core (Bevy plugins on a fixed tick).
//! - [`record`]: run files, replay and forks.
//! - [`debrief`]: the post-incident review built from a run's event log.
//! - `gui` (feature `gui`): the trainee and facilitator consoles and the debrief viewer.
//! - [`net`]: game days across machines: the host and the trainees' clients.
//! - [`rehearse`]: many seeded all-bot runs of a scenario, and what they prove about it.
//! - [`authoring`]: starting scenarios, and drills scaffolded from a real incident's timeline.
//! - [`cli`]: the `firedrill` command line.
//! - [`fsio`]: writing files through a temporary file, so a failure never leaves a broken one.
//! - [`xml`]: escaping text for the SVG and HTML the crate writes.

pub mod authoring;
pub mod cli;
pub mod debrief;
pub mod fsio;
#[cfg(feature = "gui")]
pub mod gui;
pub mod net;
pub mod record;
pub mod rehearse;
pub mod scenario;
pub mod sim;
pub mod terminal;
pub mod xml;

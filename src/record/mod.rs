//! Run files: every run is written as it goes, so it can be replayed, forked and debriefed.

mod writer;

pub use writer::{RunHeader, RunWriter, ScenarioRef};

//! Run files: every run is written as it goes, so it can be replayed, forked and debriefed. The
//! format is described in `docs/run-file.md`.

pub mod fork;
mod format;
mod reader;
pub mod replay;
pub mod stamp;
mod writer;

pub use reader::{Damage, ReadError, RunFile};
pub use writer::{FORMAT_VERSION, ForkPoint, RunHeader, RunWriter, ScenarioRef};

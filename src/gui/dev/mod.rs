//! What the windowed app carries for its developers, apart from the consoles: the scripted test
//! driver (`--gui-script`), the UI-time measurement (`--measure`) and the probe that reads what
//! egui drew.

pub mod measure;
pub mod probe;
pub mod script;

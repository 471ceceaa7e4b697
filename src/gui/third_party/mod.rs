//! Glue for third-party crates, kept apart so the rest of the GUI reads as our own code.

pub mod egui;

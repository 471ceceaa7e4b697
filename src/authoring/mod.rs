//! Tools for scenario authors: the commented starting scenarios `firedrill new` writes
//! ([`templates`]), and a drill scaffolded from a real incident's timeline ([`timeline`] reads
//! it, [`scaffold`] writes the scenario).

pub mod scaffold;
pub mod templates;
pub mod timeline;

//! The debrief and the event log as one JSON document, for other tools.

use serde::Serialize;

use super::model::Debrief;
use crate::sim::log::Event;

/// Identifies the document and its shape.
pub const FORMAT: &str = "firedrill-debrief";
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    debrief: &'a Debrief,
    events: &'a [Event],
}

pub fn render(d: &Debrief, events: &[Event]) -> String {
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        debrief: d,
        events,
    };
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

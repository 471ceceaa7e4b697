//! The lines of a run file after its header (see `docs/run-file.md`). Events are written without
//! their sequence number and tick, which the reader restores from their position; dashboard
//! samples, most of a file, get a compact positional form.

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::scenario::compiled::Name;
use crate::sim::log::{Command, Event, EventBody, Observation, Truth};

/// One line after the header, as read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    Truth(Truth),
    Command {
        actor: Name,
        command: Command,
    },
    Seen {
        to: Vec<Name>,
        what: Observation,
    },
    /// A dashboard sample: service, the roles it went to, the values in catalog order.
    M(Name, Vec<Name>, Vec<i64>),
    /// The end of a tick: the tick, the number of events logged so far, the state checksum.
    End(u64, u64, String),
}

impl Line {
    /// The event this line holds, with its place in the log.
    pub fn into_event(self, seq: u64, tick: u64) -> Option<Event> {
        let body = match self {
            Line::Truth(t) => EventBody::Truth(t),
            Line::Command { actor, command } => EventBody::Command { actor, command },
            Line::Seen { to, what } => EventBody::Seen { to, what },
            Line::M(service, to, values) => EventBody::Seen {
                to,
                what: Observation::Metrics { service, values },
            },
            Line::End(..) => return None,
        };
        Some(Event { seq, tick, body })
    }
}

/// The compact form of a dashboard sample, borrowed for writing.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum MetricsRef<'a> {
    M(&'a str, &'a [Name], &'a [i64]),
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum EndRef<'a> {
    End(u64, u64, &'a str),
}

/// Writes one event as a line.
pub fn write_event(out: &mut Vec<u8>, event: &Event) -> serde_json::Result<()> {
    match &event.body {
        EventBody::Seen {
            to,
            what: Observation::Metrics { service, values },
        } => serde_json::to_writer(&mut *out, &MetricsRef::M(service, to, values))?,
        body => serde_json::to_writer(&mut *out, body)?,
    }
    out.push(b'\n');
    Ok(())
}

/// Writes the line that closes a tick.
pub fn write_end(out: &mut Vec<u8>, tick: u64, events: u64, checksum: u64) {
    let sum = format_checksum(checksum);
    // Serialising integers and a hex string cannot fail.
    let _ = serde_json::to_writer(&mut *out, &EndRef::End(tick, events, &sum));
    let _ = out.write_all(b"\n");
}

pub fn format_checksum(sum: u64) -> String {
    format!("{sum:016x}")
}

pub fn parse_checksum(text: &str) -> Option<u64> {
    (text.len() == 16)
        .then(|| u64::from_str_radix(text, 16).ok())
        .flatten()
}

//! Reading a run file. The header must be whole and of this build's format version; after it,
//! everything up to the last complete tick is kept. A file that stops being readable (cut short
//! by a killed process, or damaged) still loads, with a note of where and why it stops.

use std::fmt;
use std::path::Path;

use serde::Deserialize;

use super::format::{Line, parse_checksum};
use super::writer::{FORMAT_VERSION, RunHeader};
use crate::scenario::compiled::Name;
use crate::sim::log::{Command, Event, EventBody, Truth};

/// A run file as loaded.
#[derive(Debug, Clone)]
pub struct RunFile {
    pub header: RunHeader,
    /// The events of every complete tick, with their sequence numbers and ticks restored.
    pub events: Vec<Event>,
    /// The state checksum at the end of each complete tick, indexed by tick.
    pub checksums: Vec<u64>,
    /// Where the file stops being readable, when that is before its end.
    pub damage: Option<Damage>,
}

/// Where and why a run file stops being readable. Everything before the last complete tick
/// ahead of that point is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// 1-based line number.
    pub line: usize,
    /// Byte offset of the start of that line.
    pub byte: usize,
    pub reason: String,
    /// The line is the file's last and is cut short (no final `\n`): a run killed while writing
    /// a tick, the normal end of an incomplete recording. Otherwise a whole line does not read,
    /// or anything follows the tick that ended the run — the file was damaged (or appended to),
    /// and whatever follows that line is lost to the reader.
    pub torn_tail: bool,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the run file stops being readable at line {} (byte {}): {}",
            self.line, self.byte, self.reason
        )
    }
}

/// Why a file could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the file is empty, so it is not a firedrill run file")]
    Empty,
    #[error("not a firedrill run file: {0}")]
    NotARun(String),
    #[error(
        "this run file is in format {found}, and this build of firedrill reads format {FORMAT_VERSION} only; {hint}"
    )]
    Version { found: u64, hint: &'static str },
    #[error(
        "the header (line 1) is cut short after {0} bytes: the run stopped before its header was written"
    )]
    HeaderTruncated(usize),
    #[error("the header (line 1) is damaged: {0}")]
    BadHeader(String),
}

/// Just enough of line 1 to tell a run file and its version.
#[derive(Deserialize)]
struct Probe {
    firedrill_run: Option<serde_json::Value>,
}

impl RunFile {
    pub fn load(path: &Path) -> Result<RunFile, ReadError> {
        let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        RunFile::parse(&bytes)
    }

    /// Reads a run file's bytes. Never panics, whatever they hold.
    pub fn parse(bytes: &[u8]) -> Result<RunFile, ReadError> {
        // A byte-order mark, which some editors and tools put before UTF-8 text, is not part of
        // the header. Byte offsets still count from the start of the file.
        let bom = if bytes.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        if bytes.len() == bom {
            return Err(ReadError::Empty);
        }
        let Some(header_end) = bytes[bom..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|n| bom + n)
        else {
            // A lone line: a whole header (a run stopped before its first tick), or part of one.
            let line = &bytes[bom..];
            return match serde_json::from_slice::<Probe>(line) {
                Err(e) if e.is_eof() && looks_like_header(line) => {
                    Err(ReadError::HeaderTruncated(line.len()))
                }
                _ => Ok(Body::default().finish(parse_header(line)?)),
            };
        };
        let header = parse_header(&bytes[bom..header_end])?;
        let mut reader = Body::default();
        let mut start = header_end + 1;
        let mut line_no = 1;
        while start < bytes.len() {
            line_no += 1;
            let (line, next, complete) = match bytes[start..].iter().position(|&b| b == b'\n') {
                Some(n) => (&bytes[start..start + n], start + n + 1, true),
                None => (&bytes[start..], bytes.len(), false),
            };
            let blank = line.iter().all(u8::is_ascii_whitespace);
            let result = if let Some((tick, at)) = reader.ended.filter(|_| !blank) {
                // Nothing follows the tick that ended the run: this is not a run killed while
                // writing, but a file appended to or damaged after the run was recorded.
                Err(format!(
                    "the run ended at tick {tick} (line {at}), so nothing may follow it"
                ))
            } else if !complete {
                Err("the line is cut short: the run was probably stopped while writing it".into())
            } else {
                reader.line(line, line_no)
            };
            if let Err(reason) = result {
                reader.damage = Some(Damage {
                    line: line_no,
                    byte: start,
                    reason,
                    torn_tail: !complete && reader.ended.is_none(),
                });
                break;
            }
            start = next;
        }
        Ok(reader.finish(header))
    }

    /// Number of complete ticks (the last is `ticks() - 1`).
    pub fn ticks(&self) -> u64 {
        self.checksums.len() as u64
    }

    /// The file has a whole line that does not read (not just a torn last line): the
    /// recording is damaged, not merely cut short.
    pub fn damaged(&self) -> bool {
        self.damage.as_ref().is_some_and(|d| !d.torn_tail)
    }

    pub fn last_tick(&self) -> Option<u64> {
        self.ticks().checked_sub(1)
    }

    /// How the run ended, if the file gets that far: (tick, resolved, reason).
    pub fn end(&self) -> Option<(u64, bool, &str)> {
        self.events.iter().rev().find_map(|e| match &e.body {
            EventBody::Truth(Truth::RunEnded { resolved, reason }) => {
                Some((e.tick, *resolved, reason.as_str()))
            }
            _ => None,
        })
    }

    /// The roles bots played, as the run recorded them.
    pub fn bots(&self) -> Vec<Name> {
        self.events
            .iter()
            .find_map(|e| match &e.body {
                EventBody::Truth(Truth::RunStarted { bots, .. }) => Some(bots.clone()),
                _ => None,
            })
            .unwrap_or_else(|| self.header.bots.iter().map(|b| b.as_str().into()).collect())
    }

    /// The inputs of the run: every command given by a person (or script), with the tick it was
    /// applied, in order. Bots' commands are left out, since a replay re-simulates the bots;
    /// a seat the facilitator gave to a bot (or back) mid-run counts as a bot's from then on.
    pub fn people_commands(&self) -> Vec<(u64, &Name, &Command)> {
        let mut bots = self.bots();
        let mut out = Vec::new();
        for e in &self.events {
            let EventBody::Command { actor, command } = &e.body else {
                continue;
            };
            if bots.contains(actor) {
                continue;
            }
            out.push((e.tick, actor, command));
            if let Command::Seat { role, bot } = command
                && &**actor == crate::sim::log::FACILITATOR
            {
                bots.retain(|b| b != role);
                if *bot {
                    bots.push(role.clone());
                }
            }
        }
        out
    }

    /// The events of one tick.
    pub fn events_at(&self, tick: u64) -> &[Event] {
        let lo = self.events.partition_point(|e| e.tick < tick);
        let hi = self.events.partition_point(|e| e.tick <= tick);
        &self.events[lo..hi]
    }
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Whether a partial first line is the start of a run file's header.
fn looks_like_header(bytes: &[u8]) -> bool {
    const START: &[u8] = b"{\"firedrill_run\"";
    bytes.starts_with(START) || START.starts_with(bytes)
}

fn header_error(line: &[u8]) -> ReadError {
    match serde_json::from_slice::<Probe>(line) {
        Err(e) => ReadError::NotARun(format!("line 1 is not a JSON object ({e})")),
        Ok(Probe {
            firedrill_run: None,
        }) => ReadError::NotARun("line 1 has no `firedrill_run` version".into()),
        Ok(Probe {
            firedrill_run: Some(v),
        }) => match v.as_u64() {
            Some(found) => ReadError::Version {
                found,
                hint: if found > FORMAT_VERSION as u64 {
                    "it was written by a newer firedrill: update firedrill to read it"
                } else {
                    "it was written by an early development build: record the run again"
                },
            },
            None => ReadError::NotARun(format!("`firedrill_run` is {v}, not a version number")),
        },
    }
}

fn parse_header(line: &[u8]) -> Result<RunHeader, ReadError> {
    match serde_json::from_slice::<Probe>(line) {
        Ok(Probe {
            firedrill_run: Some(v),
        }) if v.as_u64() == Some(FORMAT_VERSION as u64) => {}
        _ => return Err(header_error(line)),
    }
    serde_json::from_slice(line).map_err(|e| ReadError::BadHeader(e.to_string()))
}

/// The state of reading the lines after the header.
#[derive(Default)]
struct Body {
    events: Vec<Event>,
    /// Events of the tick being read, not yet closed.
    pending: Vec<Event>,
    checksums: Vec<u64>,
    damage: Option<Damage>,
    /// The tick that ended the run and the line that closed it, once read.
    ended: Option<(u64, usize)>,
}

impl Body {
    fn line(&mut self, bytes: &[u8], line_no: usize) -> Result<(), String> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let line: Line = serde_json::from_slice(bytes).map_err(|e| {
            if e.is_eof() {
                format!("the line ends in the middle of a value ({e})")
            } else {
                format!("not a run-file line ({e})")
            }
        })?;
        let tick = self.checksums.len() as u64;
        match line {
            Line::End(t, count, sum) => {
                if t != tick {
                    return Err(format!("expected the end of tick {tick}, found tick {t}"));
                }
                let have = (self.events.len() + self.pending.len()) as u64;
                if count != have {
                    return Err(format!(
                        "tick {t} closes after {count} events, but {have} were read: lines are missing or repeated"
                    ));
                }
                let sum = parse_checksum(&sum)
                    .ok_or_else(|| format!("`{sum}` is not a 16-digit hex checksum"))?;
                if self
                    .pending
                    .iter()
                    .any(|e| matches!(e.body, EventBody::Truth(Truth::RunEnded { .. })))
                {
                    self.ended = Some((t, line_no));
                }
                self.events.append(&mut self.pending);
                self.checksums.push(sum);
            }
            other => {
                let seq = (self.events.len() + self.pending.len()) as u64;
                self.pending.extend(other.into_event(seq, tick));
            }
        }
        Ok(())
    }

    fn finish(self, header: RunHeader) -> RunFile {
        // Events of a tick that never closed are dropped with it.
        RunFile {
            header,
            events: self.events,
            checksums: self.checksums,
            damage: self.damage,
        }
    }
}

//! Writing a run file as the run goes: a header line, then for each tick its events and a line
//! closing the tick with the state checksum. Each tick is written in one piece and flushed, so a
//! run killed midway still loads up to its last complete tick. The format is in
//! `docs/run-file.md`.
//!
//! A run file is written beside its destination (`NAME.partial`) and renamed into place when the
//! run ends, so a run that fails (a full disk) never replaces a good file with a broken one. A run
//! closed before its end (a console closed midway) is put in place as it stands; a killed one
//! leaves `NAME.partial`, which loads like any recording cut short.

use std::io::Write;
use std::path::Path;

use bevy::prelude::World;
use serde::{Deserialize, Serialize};

use super::format;
use crate::fsio::AtomicFile;
use crate::scenario::Scenario;
use crate::sim::clock::SimClock;
use crate::sim::log::{EventBody, EventLog, Truth};
use crate::sim::runner::state_checksum;
use crate::sim::{RunOptions, Sim};

/// The version of the run-file format this build writes, and the only one it reads.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRef {
    /// The path the scenario was loaded from, as the user named it.
    pub path: String,
    pub title: String,
    /// SHA-256 of the scenario text, hex.
    pub hash: String,
    /// The full text, so a run can be replayed and debriefed even if the file has moved.
    pub text: String,
    /// The parts the scenario pulled in, copied for the same reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartCopy>,
}

/// A copy of one part of a scenario (see `scenario::source::parts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartCopy {
    /// The name as the scenario writes it.
    pub name: String,
    pub text: String,
}

impl ScenarioRef {
    /// The parts as (name, text) pairs, the way the scenario loader takes them.
    pub fn part_pairs(&self) -> Vec<(String, String)> {
        self.parts
            .iter()
            .map(|p| (p.name.clone(), p.text.clone()))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunHeader {
    /// The format version; its presence marks the file as a run file.
    pub firedrill_run: u32,
    pub generator: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub hints: bool,
    pub sharing: bool,
    /// Roles played by bots: their commands are not replay inputs but re-simulated.
    pub bots: Vec<String>,
    /// For a what-if fork: where it branched from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forked_from: Option<ForkPoint>,
}

/// Where a fork branched: it shares every event before tick `at` with its parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForkPoint {
    /// The parent's run file, as named when forking.
    pub parent: String,
    /// The first tick that is the fork's own.
    pub at: u64,
    /// The parent's state checksum at the end of tick `at - 1` (none when `at` is 0): the state
    /// both runs share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
}

impl RunHeader {
    pub fn new(sc: &Scenario, options: &RunOptions) -> Self {
        RunHeader {
            firedrill_run: FORMAT_VERSION,
            generator: format!("firedrill {}", env!("CARGO_PKG_VERSION")),
            scenario: ScenarioRef {
                path: sc.path.clone(),
                title: sc.title.clone(),
                hash: sc.hash.clone(),
                text: sc.text.clone(),
                parts: sc
                    .parts
                    .iter()
                    .map(|(name, text)| PartCopy {
                        name: name.clone(),
                        text: text.clone(),
                    })
                    .collect(),
            },
            seed: options.seed,
            hints: options.hints,
            sharing: options.sharing,
            bots: options.bots.clone(),
            forked_from: None,
        }
    }

    pub fn options(&self) -> RunOptions {
        RunOptions {
            seed: self.seed,
            hints: self.hints,
            sharing: self.sharing,
            bots: self.bots.clone(),
        }
    }
}

/// Writes a run file tick by tick. `W` is a file in practice; tests and benchmarks write to memory.
pub struct RunWriter<W: Write = AtomicFile> {
    out: W,
    /// Events already written.
    written: usize,
    /// The tick the next `End` line closes, to write each tick once.
    next_tick: u64,
    buf: Vec<u8>,
    /// Puts the file in place once the run has ended (renames an [`AtomicFile`]).
    finish: fn(&mut W) -> std::io::Result<()>,
}

impl RunWriter {
    /// Starts the run file for `path` and writes the header. The file is put in place when the
    /// tick that ends the run is written, or by [`finish`](Self::finish), or when the writer is
    /// dropped (a run closed early), unless a write failed.
    pub fn create(path: &Path, header: &RunHeader) -> std::io::Result<Self> {
        let mut w = RunWriter::new(AtomicFile::create(path)?.keep_partial(), header)?;
        w.finish = AtomicFile::commit;
        Ok(w)
    }
}

impl<W: Write> RunWriter<W> {
    /// Writes the header to `out`.
    pub fn new(mut out: W, header: &RunHeader) -> std::io::Result<Self> {
        let mut buf = serde_json::to_vec(header)?;
        buf.push(b'\n');
        out.write_all(&buf)?;
        out.flush()?;
        buf.clear();
        Ok(RunWriter {
            out,
            written: 0,
            next_tick: 0,
            buf,
            finish: |_| Ok(()),
        })
    }

    /// Puts the file in place (for a file from [`RunWriter::create`]); done by itself when the
    /// run ends. Doing it again does nothing.
    pub fn finish(&mut self) -> std::io::Result<()> {
        (self.finish)(&mut self.out)
    }

    /// Writes the tick the simulation just completed.
    pub fn tick(&mut self, sim: &Sim) -> std::io::Result<()> {
        self.record(sim.world())
    }

    /// Writes the tick just completed in a world running the `SimPlugin` (the GUI's app, say):
    /// call it after every run of the `SimTick` schedule. A tick already written is skipped; a
    /// tick missed is an error.
    pub fn record(&mut self, world: &World) -> std::io::Result<()> {
        let Some(tick) = world.resource::<SimClock>().tick.checked_sub(1) else {
            return Ok(());
        };
        if tick < self.next_tick {
            return Ok(());
        }
        if tick > self.next_tick {
            // Its events would be filed under the wrong tick and its checksum is gone.
            return Err(std::io::Error::other(format!(
                "tick {} was simulated but not recorded; record after every tick",
                self.next_tick
            )));
        }
        let events = world.resource::<EventLog>().events();
        self.buf.clear();
        for e in &events[self.written..] {
            format::write_event(&mut self.buf, e)?;
        }
        format::write_end(
            &mut self.buf,
            tick,
            events.len() as u64,
            state_checksum(world),
        );
        // One write per tick: a kill leaves at worst a partial last tick, which readers drop.
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        let ended = events[self.written..]
            .iter()
            .any(|e| matches!(e.body, EventBody::Truth(Truth::RunEnded { .. })));
        self.written = events.len();
        self.next_tick = tick + 1;
        if ended {
            self.finish()?;
        }
        Ok(())
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn get_ref(&self) -> &W {
        &self.out
    }
}

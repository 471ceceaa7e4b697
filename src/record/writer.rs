//! Writing a run file incrementally: a header line, then for each tick its events and a tick-end
//! line carrying the state checksum. Each line is flushed with its tick, so a run killed midway
//! still loads up to its last complete tick.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
use crate::sim::log::Event;
use crate::sim::{RunOptions, Sim};

/// The version of the run-file format this build writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRef {
    pub path: String,
    pub title: String,
    /// SHA-256 of the scenario text.
    pub hash: String,
    /// The full text, so a run can be replayed and debriefed even if the file has moved.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunHeader {
    pub firedrill_run: u32,
    pub generator: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub hints: bool,
    pub sharing: bool,
    pub bots: Vec<String>,
    /// For a what-if fork: the parent run's file and the tick it branched at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forked_from: Option<ForkPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForkPoint {
    pub parent: String,
    pub parent_checksum: String,
    pub at: u64,
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

/// One line of a run file after the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// An event of the log.
    Event(Event),
    /// The end of a tick, with the checksum of the state after it.
    TickEnd { tick: u64, checksum: String },
}

pub struct RunWriter {
    out: BufWriter<File>,
    /// Events already written.
    written: usize,
}

impl RunWriter {
    /// Creates the file and writes the header.
    pub fn create(path: &Path, header: &RunHeader) -> std::io::Result<Self> {
        let file = File::create(path)?;
        let mut w = RunWriter {
            out: BufWriter::new(file),
            written: 0,
        };
        w.line(header)?;
        w.out.flush()?;
        Ok(w)
    }

    fn line<T: Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }

    /// Writes the events of the tick just simulated and its checksum, then flushes.
    pub fn tick(&mut self, sim: &Sim) -> std::io::Result<()> {
        let events = sim.log().events();
        let tick = sim.tick().saturating_sub(1);
        for e in &events[self.written..] {
            self.line(&Line::Event(e.clone()))?;
        }
        self.written = events.len();
        self.line(&Line::TickEnd {
            tick,
            checksum: format!("{:016x}", sim.checksum()),
        })?;
        self.out.flush()
    }
}

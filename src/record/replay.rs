//! Replay: re-simulate a run from its scenario, seed and people's commands, and check that every
//! event and every tick's state checksum comes out the same.

use std::sync::Arc;

use super::format::format_checksum;
use super::reader::RunFile;
use super::writer::RunHeader;
use crate::scenario::{self, Scenario};
use crate::sim::Sim;
use crate::sim::commands::Actor;
use crate::sim::log::{Event, EventBody, Truth};

/// Which version of the scenario to replay against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScenarioVersion {
    /// The file at the recorded path, refused if it changed since the run; the copy stored in the
    /// run file when that path no longer exists.
    #[default]
    Checked,
    /// The file at the recorded path as it is now, even if it changed.
    Current,
    /// The copy stored in the run file, whatever is on disk.
    Recorded,
}

/// Where the scenario for a replay came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioOrigin {
    /// The file at the recorded path, unchanged since the run.
    File,
    /// The copy in the run file; `missing` when the recorded path does not exist.
    Stored { missing: bool },
    /// The file at the recorded path, which changed since the run.
    Changed { now: String },
}

pub struct ResolvedScenario {
    pub scenario: Arc<Scenario>,
    pub origin: ScenarioOrigin,
}

impl ResolvedScenario {
    /// A sentence saying which scenario is used, for the user.
    pub fn describe(&self, header: &RunHeader) -> String {
        let path = &header.scenario.path;
        match &self.origin {
            ScenarioOrigin::File => format!("scenario `{path}` (unchanged since the run)"),
            ScenarioOrigin::Stored { missing: true } => format!(
                "`{path}` no longer exists; using the copy of the scenario stored in the run file"
            ),
            ScenarioOrigin::Stored { missing: false } => {
                "the copy of the scenario stored in the run file".to_string()
            }
            ScenarioOrigin::Changed { now } => format!(
                "scenario `{path}` as it is now (sha256 {}…), not as recorded ({}…)",
                short(now),
                short(&header.scenario.hash)
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error(
        "the scenario `{path}` has changed since this run was recorded (sha256 then {}…, now {}…), so replaying against it would not reproduce the run.\n\
         Replay the version stored in the run file with --use-recorded, or replay against the new version anyway with --use-current.",
        short(.recorded), short(.now)
    )]
    Changed {
        path: String,
        recorded: String,
        now: String,
    },
    #[error(
        "the scenario copy stored in the run file does not match its recorded hash: the run file was edited"
    )]
    StoredMismatch,
    #[error("cannot read the scenario `{path}`: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{what} does not load with this build of firedrill:\n{diagnostics}")]
    Invalid { what: String, diagnostics: String },
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// Finds the scenario a run should be replayed against.
pub fn resolve_scenario(
    header: &RunHeader,
    version: ScenarioVersion,
) -> Result<ResolvedScenario, ScenarioError> {
    let recorded = &header.scenario;
    let path = recorded.path.as_str();
    let on_disk = match version {
        ScenarioVersion::Recorded => None,
        _ => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(ScenarioError::Unreadable {
                    path: path.into(),
                    reason: e.to_string(),
                });
            }
        },
    };
    let (text, origin) = match on_disk {
        Some(text) => {
            let now = scenario::content_hash(&text);
            if now == recorded.hash {
                (text, ScenarioOrigin::File)
            } else if version == ScenarioVersion::Current {
                (text, ScenarioOrigin::Changed { now })
            } else {
                return Err(ScenarioError::Changed {
                    path: path.into(),
                    recorded: recorded.hash.clone(),
                    now,
                });
            }
        }
        None => {
            if scenario::content_hash(&recorded.text) != recorded.hash {
                return Err(ScenarioError::StoredMismatch);
            }
            let missing = version != ScenarioVersion::Recorded;
            (recorded.text.clone(), ScenarioOrigin::Stored { missing })
        }
    };
    match scenario::load_str(path, &text) {
        Ok(loaded) => Ok(ResolvedScenario {
            scenario: loaded.scenario,
            origin,
        }),
        Err(e) => Err(ScenarioError::Invalid {
            what: match origin {
                ScenarioOrigin::File | ScenarioOrigin::Changed { .. } => {
                    format!("the scenario `{path}`")
                }
                ScenarioOrigin::Stored { .. } => "the scenario stored in the run file".into(),
            },
            diagnostics: e.render(false),
        }),
    }
}

/// The scenario stored in a run file, for the debrief and forks: the run as it was.
pub fn stored_scenario(header: &RunHeader) -> Result<Arc<Scenario>, ScenarioError> {
    resolve_scenario(header, ScenarioVersion::Recorded).map(|r| r.scenario)
}

/// Queues the run's people commands applied before tick `until` into a fresh simulation. Returns
/// how many could not be queued because their role is not in the scenario.
pub fn queue_commands(sim: &mut Sim, run: &RunFile, until: u64) -> usize {
    let scenario = sim.scenario().clone();
    let mut dropped = 0;
    for (tick, actor, command) in run.people_commands() {
        if tick >= until {
            break;
        }
        match Actor::parse(&scenario, actor) {
            Some(a) => sim.queue(tick, a, command.clone()),
            None => dropped += 1,
        }
    }
    dropped
}

/// The first place a replay differs from its recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Divergence {
    pub tick: u64,
    pub kind: DivergenceKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DivergenceKind {
    /// An event differs, or one side has an event the other lacks.
    Event {
        recorded: Option<Box<Event>>,
        replayed: Option<Box<Event>>,
    },
    /// Same events, different state.
    Checksum { recorded: u64, replayed: u64 },
    /// The replayed run ended before the recording does.
    EndedEarly,
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |e: &Option<Box<Event>>| match e {
            Some(e) => serde_json::to_string(e).unwrap_or_else(|_| format!("{e:?}")),
            None => "nothing".into(),
        };
        match &self.kind {
            DivergenceKind::Event { recorded, replayed } => {
                let seq = recorded.as_ref().or(replayed.as_ref()).map_or(0, |e| e.seq);
                write!(
                    f,
                    "tick {}, event {seq}:\n  recorded: {}\n  replayed: {}",
                    self.tick,
                    show(recorded),
                    show(replayed)
                )
            }
            DivergenceKind::Checksum { recorded, replayed } => write!(
                f,
                "tick {}: the events match but the state does not (checksum recorded {}, replayed {})",
                self.tick,
                format_checksum(*recorded),
                format_checksum(*replayed)
            ),
            DivergenceKind::EndedEarly => write!(
                f,
                "tick {}: the replayed run ended here, but the recording goes on",
                self.tick
            ),
        }
    }
}

/// What a replay found.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayReport {
    /// Ticks re-simulated and checked.
    pub ticks: u64,
    pub events: usize,
    pub commands: usize,
    /// Commands whose role the scenario no longer has.
    pub dropped_commands: usize,
    pub divergence: Option<Divergence>,
}

impl ReplayReport {
    pub fn reproduced(&self) -> bool {
        self.divergence.is_none()
    }
}

/// Re-simulates the run in a fresh app and compares it, tick by tick, with the recording.
pub fn verify(run: &RunFile, scenario: Arc<Scenario>) -> ReplayReport {
    let mut sim = Sim::new(scenario, &run.header.options());
    let dropped_commands = queue_commands(&mut sim, run, u64::MAX);
    let commands = run.people_commands().len();
    let mut report = ReplayReport {
        ticks: 0,
        events: 0,
        commands,
        dropped_commands,
        divergence: None,
    };
    let mut step = Stepper::default();
    for tick in 0..run.ticks() {
        if let Err(d) = step.check(&mut sim, run, tick) {
            report.divergence = Some(d);
            return report;
        }
        report.ticks = tick + 1;
    }
    report.events = sim.log().len();
    report
}

/// Steps a simulation alongside a recording, checking each tick.
#[derive(Default)]
pub(crate) struct Stepper {
    /// Recorded events compared so far.
    cursor: usize,
    /// Replayed events compared so far (setting up a run logs some before its first tick).
    replayed: usize,
}

impl Stepper {
    /// Simulates `tick` and compares its events and checksum with the recording's.
    pub(crate) fn check(
        &mut self,
        sim: &mut Sim,
        run: &RunFile,
        tick: u64,
    ) -> Result<(), Divergence> {
        if !sim.step() {
            return Err(Divergence {
                tick,
                kind: DivergenceKind::EndedEarly,
            });
        }
        let replayed = &sim.log().events()[self.replayed..];
        self.replayed += replayed.len();
        let end = self.cursor + run.events[self.cursor..].partition_point(|e| e.tick <= tick);
        let recorded = &run.events[self.cursor..end];
        self.cursor = end;
        for i in 0..recorded.len().max(replayed.len()) {
            let (r, p) = (recorded.get(i), replayed.get(i));
            if !same_event(r, p) {
                return Err(Divergence {
                    tick,
                    kind: DivergenceKind::Event {
                        recorded: r.cloned().map(Box::new),
                        replayed: p.cloned().map(Box::new),
                    },
                });
            }
        }
        let (recorded, replayed) = (run.checksums[tick as usize], sim.checksum());
        if recorded != replayed {
            return Err(Divergence {
                tick,
                kind: DivergenceKind::Checksum { recorded, replayed },
            });
        }
        Ok(())
    }
}

/// Events are the same, except that a run's first event may name another scenario hash: a
/// replay against an edited scenario (`--use-current`) should report what the edit changed.
fn same_event(r: Option<&Event>, p: Option<&Event>) -> bool {
    let (Some(r), Some(p)) = (r, p) else {
        return r == p;
    };
    match (&r.body, &p.body) {
        (
            EventBody::Truth(Truth::RunStarted {
                title, seed, bots, ..
            }),
            EventBody::Truth(Truth::RunStarted {
                title: t2,
                seed: s2,
                bots: b2,
                ..
            }),
        ) => (r.seq, r.tick, title, seed, bots) == (p.seq, p.tick, t2, s2, b2),
        _ => r == p,
    }
}

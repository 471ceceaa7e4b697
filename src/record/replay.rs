//! Replay: re-simulate a run from its scenario, seed and people's commands, and check that every
//! event and every tick's state checksum comes out the same.

use std::path::{Path, PathBuf};
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
    /// The file compared with the recording (`File`, `Changed`).
    pub file: Option<PathBuf>,
    /// Where the scenario file was looked for.
    pub looked: Vec<PathBuf>,
}

impl ResolvedScenario {
    /// A sentence saying which scenario is used, for the user.
    pub fn describe(&self, header: &RunHeader) -> String {
        let recorded = &header.scenario.path;
        let file = self.file.as_deref().map(|f| named(f, recorded));
        match (&self.origin, file) {
            (ScenarioOrigin::File, Some(f)) => format!("scenario {f} (unchanged since the run)"),
            (ScenarioOrigin::Stored { missing: true }, _) => format!(
                "the copy of the scenario stored in the run file, since `{recorded}` is not {}",
                looked_text(&self.looked, recorded)
            ),
            (ScenarioOrigin::Changed { now }, Some(f)) => format!(
                "scenario {f} as it is now (sha256 {}…), not as recorded ({}…)",
                short(now),
                short(&header.scenario.hash)
            ),
            _ => "the copy of the scenario stored in the run file".to_string(),
        }
    }
}

/// "`path`", with the recorded name when the file was found elsewhere.
fn named(file: &Path, recorded: &str) -> String {
    let shown = file.display().to_string();
    if shown == recorded {
        format!("`{shown}`")
    } else {
        format!("`{shown}` (recorded as `{recorded}`)")
    }
}

/// Where the replay looked, in words: "in the current directory", "at `…` (next to the run
/// file) or in the current directory", "at `/abs/path`".
fn looked_text(looked: &[PathBuf], recorded: &str) -> String {
    looked
        .iter()
        .map(|p| {
            if p.as_path() == Path::new(recorded) && p.is_relative() {
                "in the current directory".to_string()
            } else if Path::new(recorded).is_absolute() {
                format!("at `{}`", p.display())
            } else {
                format!("at `{}` (next to the run file)", p.display())
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error(
        "the scenario {compared} has changed since this run was recorded (sha256 then {}…, now {}…), so replaying against it would not reproduce the run.\n\
         Replay the version stored in the run file with --use-recorded, or replay against the new version anyway with --use-current.",
        short(.recorded), short(.now)
    )]
    Changed {
        /// The file compared, as shown to the user.
        compared: String,
        recorded: String,
        now: String,
    },
    #[error(
        "the run file is damaged: the scenario copy stored in it (sha256 {}…) does not match the hash recorded with it ({}…), so it cannot say which scenario the run used",
        short(.stored), short(.recorded)
    )]
    StoredMismatch { stored: String, recorded: String },
    #[error(
        "--use-current replays the scenario file as it is now, but `{path}` is not {looked}; replay the copy stored in the run file with --use-recorded"
    )]
    CurrentMissing { path: String, looked: String },
    #[error("cannot read the scenario `{path}`: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{what} does not load with this build of firedrill:\n{diagnostics}")]
    Invalid { what: String, diagnostics: String },
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// Where a run's scenario may be. The run file records the path as the user named it, relative
/// to wherever they ran from, which a replay does not know; so a relative path is looked for
/// next to the run file first (a run file kept with its scenarios, or replayed from elsewhere),
/// then in the current directory (recorded and replayed from the same place). An absolute path
/// is used as it is.
pub fn scenario_candidates(recorded: &str, run_dir: Option<&Path>) -> Vec<PathBuf> {
    let path = Path::new(recorded);
    if path.is_absolute() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    if let Some(dir) = run_dir.filter(|d| !d.as_os_str().is_empty() && *d != Path::new(".")) {
        out.push(dir.join(path));
    }
    out.push(path.to_path_buf());
    out
}

/// Finds the scenario a run should be replayed against; `run_dir` is the run file's directory.
pub fn resolve_scenario(
    header: &RunHeader,
    version: ScenarioVersion,
    run_dir: Option<&Path>,
) -> Result<ResolvedScenario, ScenarioError> {
    let recorded = &header.scenario;
    let path = recorded.path.as_str();
    // A copy that does not match its own hash means the run file itself was altered: say so,
    // rather than blame the scenario file on disk.
    let stored_parts = recorded.part_pairs();
    let stored_hash = scenario::bundle_hash(&recorded.text, &stored_parts);
    if version != ScenarioVersion::Current && stored_hash != recorded.hash {
        return Err(ScenarioError::StoredMismatch {
            stored: stored_hash,
            recorded: recorded.hash.clone(),
        });
    }
    let looked = scenario_candidates(path, run_dir);
    let mut on_disk: Vec<(PathBuf, String)> = Vec::new();
    if version != ScenarioVersion::Recorded {
        for candidate in &looked {
            match std::fs::read_to_string(candidate) {
                Ok(text) => on_disk.push((candidate.clone(), text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(ScenarioError::Unreadable {
                        path: candidate.display().to_string(),
                        reason: e.to_string(),
                    });
                }
            }
        }
    }
    // A file with the recorded hash is the recorded scenario, wherever it was found.
    let same = on_disk
        .iter()
        .position(|(file, text)| scenario::disk_hash(file, text) == recorded.hash);
    let current = version == ScenarioVersion::Current;
    let (text, origin, file) = if version == ScenarioVersion::Recorded {
        let origin = ScenarioOrigin::Stored { missing: false };
        (recorded.text.clone(), origin, None)
    } else if let Some(i) = same {
        let (file, text) = on_disk.swap_remove(i);
        (text, ScenarioOrigin::File, Some(file))
    } else if let Some((file, text)) = on_disk.into_iter().next() {
        let now = scenario::disk_hash(&file, &text);
        if !current {
            return Err(ScenarioError::Changed {
                compared: named(&file, path),
                recorded: recorded.hash.clone(),
                now,
            });
        }
        (text, ScenarioOrigin::Changed { now }, Some(file))
    } else if current {
        return Err(ScenarioError::CurrentMissing {
            path: path.into(),
            looked: looked_text(&looked, path),
        });
    } else {
        let origin = ScenarioOrigin::Stored { missing: true };
        (recorded.text.clone(), origin, None)
    };
    // Parts come from where the text came from: the run file's copies, or beside the file.
    let loaded = match &file {
        Some(f) => {
            scenario::load_with(path, &text, &mut |part| scenario::read_part_beside(f, part))
        }
        None => scenario::load_with(path, &text, &mut |part| {
            stored_parts
                .iter()
                .find(|(name, _)| name == part)
                .map(|(_, t)| t.clone())
                .ok_or_else(|| "the run file holds no copy of it".to_string())
        }),
    };
    match loaded {
        Ok(loaded) => Ok(ResolvedScenario {
            scenario: loaded.scenario,
            origin,
            file,
            looked,
        }),
        Err(e) => Err(ScenarioError::Invalid {
            what: match &file {
                Some(f) => format!("the scenario {}", named(f, path)),
                None => "the scenario stored in the run file".into(),
            },
            diagnostics: e.render(false),
        }),
    }
}

/// The scenario stored in a run file, for the debrief and forks: the run as it was.
pub fn stored_scenario(header: &RunHeader) -> Result<Arc<Scenario>, ScenarioError> {
    resolve_scenario(header, ScenarioVersion::Recorded, None).map(|r| r.scenario)
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

//! What-if forks: a new run that shares its parent's history up to a tick, then continues with
//! other decisions. The shared part is re-simulated and checked against the parent, so a fork
//! whose history is not really shared is refused.

use std::io::Write;
use std::sync::Arc;

use super::format::format_checksum;
use super::reader::RunFile;
use super::replay::{Divergence, Stepper, queue_commands};
use super::writer::{ForkPoint, RunHeader, RunWriter};
use crate::scenario::Scenario;
use crate::scenario::units::format_elapsed;
use crate::sim::Sim;
use crate::sim::commands::Actor;
use crate::sim::log::Command;
use crate::sim::state::BotRoster;

#[derive(Debug, thiserror::Error)]
pub enum ForkError {
    #[error("cannot fork at tick {at}: the run ended at tick {end}; fork at {end} or earlier")]
    AfterEnd { at: u64, end: u64 },
    #[error("cannot fork at tick {at}: {}", held(*.ticks))]
    PastRecording {
        at: u64,
        /// Complete ticks in the run file.
        ticks: u64,
    },
    #[error(
        "the parent run does not reproduce before the fork point, so the fork would not share its history: {0}"
    )]
    Diverged(Box<Divergence>),
    /// A fork keeps its parent's seats: a role a bot played stays the bot's.
    #[error(
        "{}",
        crate::sim::bots::bot_seat_message(.0, "a fork keeps the parent run's seats, so remove its commands (or record a new run with `firedrill run --role ROLE`)")
    )]
    BotSeat(String),
    #[error("writing the fork's run file failed: {0}")]
    Write(#[from] std::io::Error),
}

/// What a run file holds, for a fork point beyond it.
fn held(ticks: u64) -> String {
    match ticks {
        0 => {
            "the run file holds no complete tick, so it can only be forked at its start (0)".into()
        }
        n => format!(
            "the run file holds ticks 0 to {} only; fork at {n} or earlier",
            n - 1
        ),
    }
}

/// A fork in progress: its simulation stands at the fork point, with the parent's history
/// re-simulated (and written, if it has a writer). Queue the new decisions, then keep stepping.
pub struct Fork<W: Write> {
    pub sim: Sim,
    pub writer: Option<RunWriter<W>>,
    pub point: ForkPoint,
}

/// The header of a fork's run file.
pub fn fork_header(run: &RunFile, parent: &str, at: u64) -> RunHeader {
    let mut header = run.header.clone();
    header.generator = format!("firedrill {}", env!("CARGO_PKG_VERSION"));
    header.forked_from = Some(fork_point(run, parent, at));
    header
}

fn fork_point(run: &RunFile, parent: &str, at: u64) -> ForkPoint {
    ForkPoint {
        parent: parent.to_string(),
        at,
        checksum: at
            .checked_sub(1)
            .and_then(|t| run.checksums.get(t as usize))
            .map(|&s| format_checksum(s)),
    }
}

/// Starts a fork of `run` at tick `at`: re-simulates ticks before `at` with the parent's people
/// commands, checking each against the parent, writing them to `out` if given (its header must
/// be [`fork_header`]'s). `scenario` must be the parent's (see `replay::stored_scenario`).
pub fn start<W: Write>(
    run: &RunFile,
    parent: &str,
    scenario: Arc<Scenario>,
    at: u64,
    out: Option<W>,
) -> Result<Fork<W>, ForkError> {
    if let Some((end, _, _)) = run.end()
        && at > end
    {
        return Err(ForkError::AfterEnd { at, end });
    }
    if at > run.ticks() {
        return Err(ForkError::PastRecording {
            at,
            ticks: run.ticks(),
        });
    }
    let point = fork_point(run, parent, at);
    let mut writer = match out {
        Some(w) => Some(RunWriter::new(w, &fork_header(run, parent, at))?),
        None => None,
    };
    let mut sim = Sim::new(scenario, &run.header.options());
    queue_commands(&mut sim, run, at);
    let mut step = Stepper::default();
    for tick in 0..at {
        step.check(&mut sim, run, tick)
            .map_err(|d| ForkError::Diverged(Box::new(d)))?;
        if let Some(w) = writer.as_mut() {
            w.tick(&sim)?;
        }
    }
    Ok(Fork { sim, writer, point })
}

impl<W: Write> Fork<W> {
    /// Queues one of the fork's new decisions. A command for a role a bot plays is refused: the
    /// replay would take it for the bot's and drop it, so the fork would not reproduce.
    pub fn queue(&mut self, tick: u64, actor: Actor, command: Command) -> Result<(), ForkError> {
        if let Actor::Role(r) = actor
            && self
                .sim
                .world()
                .get_resource::<BotRoster>()
                .is_some_and(|b| b.contains(r))
        {
            let id = self.sim.scenario().roles[r].id.to_string();
            return Err(ForkError::BotSeat(id));
        }
        self.sim.queue(tick, actor, command);
        Ok(())
    }

    /// Runs the fork to its end, recording every tick.
    pub fn run_to_end(&mut self) -> Result<(), ForkError> {
        while self.sim.step() {
            if let Some(w) = self.writer.as_mut() {
                w.tick(&self.sim)?;
            }
        }
        Ok(())
    }

    /// A line saying where the fork branched, for the user.
    pub fn describe(&self) -> String {
        format!(
            "forked from `{}` at tick {} ({})",
            self.point.parent,
            self.point.at,
            format_elapsed(self.point.at)
        )
    }
}

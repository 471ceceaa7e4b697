//! Helpers for the run-file, replay and debrief tests: runs recorded to memory, and random
//! scripts.

use std::sync::Arc;

use firedrill::record::{RunFile, RunHeader, RunWriter};
use firedrill::scenario::Scenario;
use firedrill::sim::commands::Actor;
use firedrill::sim::log::Command;
use firedrill::sim::{RunOptions, Sim};

pub const TIMING: &str = "tests/fixtures/debrief-timing.ron";
pub const TIMING_COMMANDS: &str = "tests/fixtures/debrief-timing-commands.ron";
pub const STORM: &str = "scenarios/retry-storm.ron";
pub const STORM_SOLVE: &str = "tests/scripts/retry-storm-solve.ron";

pub use super::{commands, load};

/// Runs to the end, writing the run file to memory as it goes.
pub fn record(
    sc: &Arc<Scenario>,
    options: &RunOptions,
    cmds: &[(u64, Actor, Command)],
) -> (Vec<u8>, Sim) {
    let mut sim = super::sim_with(sc, options, cmds);
    let mut w = RunWriter::new(Vec::new(), &RunHeader::new(sc, options)).unwrap();
    while sim.step() {
        w.tick(&sim).unwrap();
    }
    (w.into_inner(), sim)
}

pub fn parse(bytes: &[u8]) -> RunFile {
    RunFile::parse(bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// The storm scenario solved by its script, recorded.
pub fn storm_run() -> (Arc<Scenario>, Vec<u8>, Sim) {
    let sc = load(STORM);
    let cmds = commands(STORM_SOLVE, &sc);
    let (bytes, sim) = record(&sc, &RunOptions::new(sc.seed), &cmds);
    (sc, bytes, sim)
}

/// A small deterministic generator (SplitMix64) for random scripts.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A random script: every kind of command, from every role and the facilitator, including
/// commands the simulation refuses (wrong role, unknown names, facts not held).
pub fn random_script(sc: &Scenario, rng: &mut Rng, count: usize) -> Vec<(u64, Actor, Command)> {
    let ids = |v: Vec<&str>| -> Vec<firedrill::scenario::compiled::Name> {
        v.into_iter().map(Into::into).collect()
    };
    let services = ids(sc.services.iter().map(|s| &*s.id).collect());
    let actions = ids(sc.actions.iter().map(|a| &*a.id).collect());
    let facts = ids(sc.facts.iter().map(|f| &*f.id).collect());
    let hyps = ids(sc.hypotheses.iter().map(|h| &*h.id).collect());
    let alerts = ids(sc.alerts.iter().map(|a| &*a.id).collect());
    let injects = ids(sc.injects.iter().map(|i| &*i.id).collect());
    let faults = ids(sc.faults.iter().map(|f| &*f.id).collect());
    let roles = ids(sc.roles.iter().map(|r| &*r.id).collect());
    let mut out: Vec<(u64, Actor, Command)> = (0..count)
        .map(|_| {
            let tick = rng.below(sc.time_limit as usize * 3 / 4) as u64;
            let role = Actor::Role(rng.below(sc.roles.len()));
            let (actor, command) = match rng.below(16) {
                0 => (role, Command::Inspect(rng.pick(&services).clone())),
                1 | 2 => (role, Command::Run(rng.pick(&actions).clone())),
                3 => (role, Command::Say(format!("update {}", rng.below(100)))),
                4 => (
                    role,
                    Command::Tell {
                        to: rng.pick(&roles).clone(),
                        text: "look at this".into(),
                    },
                ),
                5 | 6 => (
                    role,
                    Command::Share {
                        fact: rng.pick(&facts).clone(),
                        to: (rng.below(2) == 0).then(|| rng.pick(&roles).clone()),
                    },
                ),
                7 => (
                    role,
                    Command::Ask {
                        to: rng.pick(&roles).clone(),
                        text: "what do you see?".into(),
                        about: None,
                    },
                ),
                8 => (role, Command::Propose(rng.pick(&hyps).clone())),
                9 => (role, Command::Discard(rng.pick(&hyps).clone())),
                10 => (role, Command::Confirm(rng.pick(&hyps).clone())),
                11 if !alerts.is_empty() => (role, Command::Ack(rng.pick(&alerts).clone())),
                12 if !injects.is_empty() => (
                    Actor::Facilitator,
                    Command::Publish(rng.pick(&injects).clone()),
                ),
                13 => (Actor::Facilitator, Command::Fire(rng.pick(&faults).clone())),
                14 => (role, Command::Run("no_such_action".into())),
                _ => (Actor::Facilitator, Command::Pause),
            };
            (tick, actor, command)
        })
        .collect();
    out.sort_by_key(|c| c.0);
    out
}

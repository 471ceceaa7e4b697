//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::Arc;

use firedrill::scenario::source::SourceFile;
use firedrill::scenario::{self, Scenario};
use firedrill::sim::commands::{Actor, script};
use firedrill::sim::{RunOptions, Sim};

/// The shipped scenarios with the command file that solves each.
pub const SHIPPED: [(&str, &str); 11] = [
    (
        "scenarios/retry-storm.ron",
        "tests/scripts/retry-storm-solve.ron",
    ),
    (
        "scenarios/pool-exhaustion.ron",
        "tests/scripts/pool-exhaustion-solve.ron",
    ),
    (
        "scenarios/expired-certificate.ron",
        "tests/scripts/expired-certificate-solve.ron",
    ),
    (
        "scenarios/bad-rule-push.ron",
        "tests/scripts/bad-rule-push-solve.ron",
    ),
    (
        "scenarios/cache-stampede.ron",
        "tests/scripts/cache-stampede-solve.ron",
    ),
    ("scenarios/dns-ddos.ron", "tests/scripts/dns-ddos-solve.ron"),
    (
        "scenarios/replica-wipe.ron",
        "tests/scripts/replica-wipe-solve.ron",
    ),
    (
        "scenarios/holiday-herd.ron",
        "tests/scripts/holiday-herd-solve.ron",
    ),
    (
        "scenarios/feature-file.ron",
        "tests/scripts/feature-file-solve.ron",
    ),
    (
        "scenarios/policy-crashloop.ron",
        "tests/scripts/policy-crashloop-solve.ron",
    ),
    (
        "scenarios/consul-meltdown.ron",
        "tests/scripts/consul-meltdown-solve.ron",
    ),
];

pub fn load(path: &str) -> Arc<Scenario> {
    match scenario::load_path(path) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render(false)),
    }
}

pub fn load_text(text: &str) -> Arc<Scenario> {
    match scenario::load_str("test.ron", text) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render(false)),
    }
}

pub fn commands(path: &str, sc: &Scenario) -> Vec<script::Stamped> {
    let text = std::fs::read_to_string(path).unwrap();
    let source = SourceFile::new(path, text);
    match script::load(&source, sc) {
        Ok(c) => c,
        Err(d) => panic!("{d:?}"),
    }
}

/// A simulation with the commands queued.
pub fn sim_with(sc: &Arc<Scenario>, seed: u64, cmds: &[script::Stamped]) -> Sim {
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(seed));
    for c in cmds {
        let actor = Actor::parse(sc, &c.actor).expect("actor");
        sim.queue(c.tick, actor, c.command.clone());
    }
    sim
}

/// Runs a scenario with a command file to the end and returns the simulation.
pub fn run(path: &str, script: Option<&str>, seed: u64) -> Sim {
    let sc = load(path);
    let cmds = script.map(|s| commands(s, &sc)).unwrap_or_default();
    let mut sim = sim_with(&sc, seed, &cmds);
    sim.run_to_end();
    sim
}

/// The whole event log as JSON Lines.
pub fn log_json(sim: &Sim) -> String {
    sim.log()
        .events()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect()
}

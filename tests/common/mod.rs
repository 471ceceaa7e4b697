//! Helpers shared by the integration tests: loading scenarios and command files, running them,
//! and the shipped scenarios with the command file that solves each. Recording runs to memory
//! and random scripts are in [`recording`].
#![allow(dead_code)]

pub mod recording;

use std::path::Path;
use std::sync::Arc;

use firedrill::scenario::source::SourceFile;
use firedrill::scenario::{self, Scenario};
use firedrill::sim::commands::{Actor, script};
use firedrill::sim::log::Command;
use firedrill::sim::{RunOptions, Sim};

/// The paths of the shipped scenarios, in the catalogue's order: the crate's embedded list
/// (`firedrill::scenario::catalog::SHIPPED`) is the only place they are written out.
pub fn shipped() -> impl Iterator<Item = &'static str> {
    firedrill::scenario::catalog::SHIPPED
        .iter()
        .map(|(p, _)| *p)
}

/// The command file that solves a shipped scenario, by convention
/// `tests/scripts/<stem>-solve.ron` (`scenarios/retry-storm.ron` →
/// `tests/scripts/retry-storm-solve.ron`).
pub fn solve_script(scenario: &str) -> String {
    let stem = Path::new(scenario)
        .file_stem()
        .unwrap_or_else(|| panic!("{scenario} has no file name"))
        .to_string_lossy();
    format!("tests/scripts/{stem}-solve.ron")
}

/// The shipped scenarios with the command file that solves each, in the catalogue's order.
pub fn shipped_solved() -> Vec<(&'static str, String)> {
    shipped().map(|p| (p, solve_script(p))).collect()
}

pub fn load(path: &str) -> Arc<Scenario> {
    match scenario::load_path(path) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{path} does not load:\n{}", e.render(false)),
    }
}

/// A scenario from text, named `name`; the rendered diagnostics if it does not load.
pub fn try_load_text(name: &str, text: &str) -> Result<Arc<Scenario>, String> {
    scenario::load_str(name, text)
        .map(|l| l.scenario)
        .map_err(|e| e.render(false))
}

/// A scenario from text, named `name`, that must load.
pub fn load_named(name: &str, text: &str) -> Arc<Scenario> {
    try_load_text(name, text).unwrap_or_else(|e| panic!("{e}"))
}

/// A scenario from text that must load.
pub fn load_text(text: &str) -> Arc<Scenario> {
    load_named("test.ron", text)
}

/// A command file's commands, each with its tick and actor.
pub fn commands(path: &str, sc: &Scenario) -> Vec<(u64, Actor, Command)> {
    let text = std::fs::read_to_string(path).unwrap();
    commands_text(path, text, sc)
}

/// The commands of a command file's text, named `name`, each with its tick and actor.
pub fn commands_text(name: &str, text: String, sc: &Scenario) -> Vec<(u64, Actor, Command)> {
    let source = SourceFile::new(name, text);
    let stamped = match script::load(&source, sc) {
        Ok(c) => c,
        Err(d) => panic!("{d:?}"),
    };
    stamped
        .into_iter()
        .map(|c| (c.tick, Actor::parse(sc, &c.actor).unwrap(), c.command))
        .collect()
}

/// A simulation with the commands queued.
pub fn sim_with(sc: &Arc<Scenario>, options: &RunOptions, cmds: &[(u64, Actor, Command)]) -> Sim {
    let mut sim = Sim::new(sc.clone(), options);
    for (tick, actor, command) in cmds {
        sim.queue(*tick, *actor, command.clone());
    }
    sim
}

/// Runs a scenario with a command file to the end and returns the simulation.
pub fn run(path: &str, script: Option<&str>, seed: u64) -> Sim {
    let sc = load(path);
    let cmds = script.map(|s| commands(s, &sc)).unwrap_or_default();
    let mut sim = sim_with(&sc, &RunOptions::new(seed), &cmds);
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

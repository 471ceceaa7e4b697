//! The run-file reader on arbitrary bytes; what a loaded file is asked for; and, for a short
//! recording whose stored scenario is intact, a replay of it.
#![no_main]

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use firedrill::record::{RunFile, replay};
use firedrill::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

#[path = "stack.rs"]
mod stack;

/// Replays re-simulate every tick; longer recordings are only read.
const MAX_REPLAY_TICKS: u64 = 40;

thread_local! {
    /// Stored scenarios by hash: loading one costs more than a short replay.
    static SCENARIOS: RefCell<HashMap<String, Option<Arc<Scenario>>>> = RefCell::default();
}

fuzz_target!(|data: &[u8]| {
    stack::report_overflows();
    let Ok(run) = RunFile::parse(data) else {
        return;
    };
    let _ = run.ticks();
    let _ = run.last_tick();
    let _ = run.damaged();
    let _ = run.damage.as_ref().map(ToString::to_string);
    let _ = run.end();
    let _ = run.bots();
    let _ = run.people_commands();
    if let Some(last) = run.last_tick() {
        let _ = run.events_at(last);
    }
    if run.ticks() > MAX_REPLAY_TICKS {
        return;
    }
    let scenario = SCENARIOS.with_borrow_mut(|cache| {
        cache
            .entry(run.header.scenario.hash.clone())
            .or_insert_with(|| replay::stored_scenario(&run.header).ok())
            .clone()
    });
    if let Some(scenario) = scenario {
        let report = replay::verify(&run, scenario);
        if let Some(d) = &report.divergence {
            let _ = d.to_string();
        }
    }
});

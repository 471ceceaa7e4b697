//! The scenario parser and checker on arbitrary text, and the rendering of what they report. A
//! scenario the checker accepts must also run: its first few simulated minutes, every role a bot.
#![no_main]

use firedrill::scenario::{self, source};
use firedrill::sim::{RunOptions, Sim};
use libfuzzer_sys::fuzz_target;

#[path = "stack.rs"]
mod stack;

/// Ticks (simulated seconds) of each accepted scenario to run.
const TICKS: u32 = 200;

fuzz_target!(|data: &[u8]| {
    stack::report_overflows();
    let text = String::from_utf8_lossy(data);
    match scenario::load_str("fuzz.ron", &text) {
        Ok(loaded) => {
            let mut out = Vec::new();
            let _ = source::render_diagnostics(&mut out, &loaded.source, &loaded.warnings, false);
            let sc = loaded.scenario;
            let mut options = RunOptions::new(sc.seed);
            options.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
            let mut sim = Sim::new(sc, &options);
            for _ in 0..TICKS {
                if !sim.step() {
                    break;
                }
            }
        }
        Err(e) => {
            let _ = e.render(false);
        }
    }
});

//! The command-file checker on arbitrary text: without a scenario (as a network client reads it),
//! against the built-in scenario (and the other shipped ones when the file parses), and the
//! lints, with every diagnostic rendered.
#![no_main]

use std::sync::{Arc, LazyLock};

use firedrill::scenario::source::{self, Diagnostic, SourceFile};
use firedrill::scenario::{self, Scenario};
use firedrill::sim::commands::{lint_commands, script};
use libfuzzer_sys::fuzz_target;

#[path = "stack.rs"]
mod stack;

/// The built-in scenario and the other shipped ones, loaded once: the seed command files are
/// written for each of them.
static SCENARIOS: LazyLock<Vec<Arc<Scenario>>> = LazyLock::new(|| {
    [
        (scenario::DEFAULT_SCENARIO_NAME, scenario::DEFAULT_SCENARIO),
        (
            "scenarios/pool-exhaustion.ron",
            include_str!("../../scenarios/pool-exhaustion.ron"),
        ),
        (
            "scenarios/expired-certificate.ron",
            include_str!("../../scenarios/expired-certificate.ron"),
        ),
    ]
    .into_iter()
    .map(|(name, text)| match scenario::load_str(name, text) {
        Ok(loaded) => loaded.scenario,
        Err(e) => panic!("{name} does not load:\n{}", e.render(false)),
    })
    .collect()
});

fn render(file: &SourceFile, diags: &[Diagnostic]) {
    let mut out = Vec::new();
    let _ = source::render_diagnostics(&mut out, file, diags, false);
}

fuzz_target!(|data: &[u8]| {
    stack::report_overflows();
    let text = String::from_utf8_lossy(data);
    let file = SourceFile::new("fuzz-commands.ron", text);
    let parses = match script::load_unchecked(&file) {
        Ok(_) => true,
        Err(diags) => {
            render(&file, &diags);
            false
        }
    };
    // Most inputs do not parse, and are checked only against the built-in scenario; a file that
    // parses is checked against each shipped one.
    let scenarios = if parses {
        &SCENARIOS[..]
    } else {
        &SCENARIOS[..1]
    };
    for sc in scenarios {
        if let Err(diags) = script::load(&file, sc) {
            render(&file, &diags);
        }
        render(&file, &lint_commands(&file, sc));
    }
});

//! The scenario parser and checker on arbitrary text, and the rendering of what they report.
#![no_main]

use firedrill::scenario::{self, source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match scenario::load_str("fuzz.ron", &text) {
        Ok(loaded) => {
            let mut out = Vec::new();
            let _ = source::render_diagnostics(&mut out, &loaded.source, &loaded.warnings, false);
        }
        Err(e) => {
            let _ = e.render(false);
        }
    }
});

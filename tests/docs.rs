//! Every example in the scenario reference passes `check`.

use firedrill::scenario::source::SourceFile;
use firedrill::scenario::{self, load_default};
use firedrill::sim::commands::script;

/// The ```ron blocks of a Markdown file, with the line each starts on.
fn ron_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```ron") => current = Some((n + 2, String::new())),
            (Some(_), l) if l.starts_with("```") => blocks.extend(current.take()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_example_in_the_scenario_reference_passes_check() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let blocks = ron_blocks(&doc);
    assert!(blocks.len() >= 8, "expected the reference to have examples");
    let default = load_default();
    for (line, text) in blocks {
        let name = format!("docs/scenario-format.md (example at line {line})");
        if text.trim_start().starts_with("Commands(") {
            let source = SourceFile::new(&name, text.as_str());
            if let Err(d) = script::load(&source, &default) {
                let shown: Vec<String> = d.iter().map(|d| d.short(&source)).collect();
                panic!("{}", shown.join("\n"));
            }
        } else if let Err(e) = scenario::load_str(&name, &text) {
            panic!("{}", e.render(false));
        }
    }
}

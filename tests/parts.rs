//! Scenarios built from parts: a family of drills shares one system, a variant changes what it
//! names, problems point into the file they are in, and a run keeps copies of its parts.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use firedrill::scenario::Scenario;
use firedrill::sim::{RunOptions, Sim};

const BIN: &str = env!("CARGO_BIN_EXE_firedrill");
const FAMILY: &str = "tests/fixtures/family";

fn family(name: &str) -> String {
    format!("{FAMILY}/{name}")
}

/// An all-bot run's events as JSON Lines.
fn all_bots(sc: &Arc<Scenario>) -> String {
    let mut options = RunOptions::new(sc.seed);
    options.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
    let mut sim = Sim::new(sc.clone(), &options);
    sim.run_to_end();
    common::log_json(&sim)
}

/// The part and the scenario's own sections pasted into one file by hand.
fn one_file() -> String {
    let part = std::fs::read_to_string(family("checkout.ron")).unwrap();
    let own = std::fs::read_to_string(family("checkout-cascade.ron")).unwrap();
    let meta = &own[own.find("    meta:").unwrap()..own.rfind(')').unwrap()];
    part.replacen("Part(", &format!("Scenario(\n{meta}"), 1)
}

#[test]
fn a_scenario_from_parts_plays_exactly_as_the_same_scenario_in_one_file() {
    let parts = common::load(&family("checkout-cascade.ron"));
    let whole = common::load_text(&one_file());
    assert_eq!(
        parts.parts.len(),
        1,
        "the part is recorded with the scenario"
    );
    assert_eq!(parts.parts[0].0, "checkout.ron");
    assert_eq!(parts.services.len(), 3);
    let (a, b) = (all_bots(&parts), all_bots(&whole));
    assert!(
        a.lines().count() > 100,
        "the bots played: {} events",
        a.lines().count()
    );
    // The first event names the scenario by its hash, which covers the part; all else is equal.
    let first_difference = a.lines().zip(b.lines()).skip(1).find(|(x, y)| x != y);
    assert_eq!(
        first_difference, None,
        "the split scenario plays as the one-file one"
    );
    assert_eq!(a.lines().count(), b.lines().count());
    assert!(a.lines().next().unwrap().contains(&parts.hash));
}

#[test]
fn a_variant_replaces_the_item_with_the_same_id_and_keeps_the_rest() {
    let base = common::load(&family("checkout-cascade.ron"));
    let small = common::load(&family("checkout-small-db.ron"));
    let ids = |sc: &Scenario| {
        sc.services
            .iter()
            .map(|s| s.id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&base),
        ids(&small),
        "same services, in the part's order"
    );
    let cap = |sc: &Scenario| {
        let db = sc.services.iter().find(|s| &*s.id == "db").unwrap();
        db.capacity
    };
    assert_eq!(cap(&base), 1000);
    assert_eq!(cap(&small), 800);
    assert_eq!(small.title, "Checkout cascade, small database");
    assert_eq!(small.roles.len(), base.roles.len());
    assert_ne!(base.hash, small.hash);
}

/// Writes the family into a fresh folder, with `edit` applied to the part's text.
fn family_copy(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["checkout.ron", "checkout-cascade.ron"] {
        let mut text = std::fs::read_to_string(family(f)).unwrap();
        if f == "checkout.ron" {
            text = edit(text);
        }
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    dir
}

fn check(path: &Path) -> (bool, String) {
    let out = Command::new(BIN).arg("check").arg(path).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn a_problem_in_a_part_names_the_part_and_its_line() {
    let dir = family_copy(|t| t.replacen("capacity: 3000", "capasity: 3000", 1));
    let part = std::fs::read_to_string(dir.path().join("checkout.ron")).unwrap();
    let line = line_of(&part, "capasity");
    let (ok, out) = check(&dir.path().join("checkout-cascade.ron"));
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("checkout.ron:{line}:")),
        "the error points at line {line} of the part:\n{out}"
    );
    assert!(out.contains("capacity"), "it says what to write:\n{out}");
}

#[test]
fn a_reference_across_files_and_a_missing_part_are_reported_where_they_are_written() {
    // A role in the part watching a service nobody defines: reported in the part.
    let dir = family_copy(|t| t.replacen("dashboards: [\"db\"]", "dashboards: [\"dbx\"]", 1));
    let (ok, out) = check(&dir.path().join("checkout-cascade.ron"));
    assert!(
        !ok && out.contains("dbx") && out.contains("checkout.ron:"),
        "{out}"
    );

    // A part that is not there: reported at the name, in the scenario.
    let dir = tempfile::tempdir().unwrap();
    let own = std::fs::read_to_string(family("checkout-cascade.ron")).unwrap();
    std::fs::write(dir.path().join("s.ron"), &own).unwrap();
    let (ok, out) = check(&dir.path().join("s.ron"));
    let line = line_of(&own, "\"checkout.ron\"");
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("s.ron:{line}:"))
            && out.contains("cannot read the part `checkout.ron`"),
        "{out}"
    );

    // A file that is not a part.
    let dir = family_copy(|t| t.replacen("Part(", "Scenario(", 1));
    let (ok, out) = check(&dir.path().join("checkout-cascade.ron"));
    assert!(!ok && out.contains("is not a part"), "{out}");
}

#[test]
fn a_run_keeps_copies_of_its_parts_and_replays_without_them() {
    let dir = family_copy(|t| t);
    let run = dir.path().join("run.jsonl");
    let scenario = dir.path().join("checkout-cascade.ron");
    let ok = Command::new(BIN)
        .arg("run")
        .arg(&scenario)
        .args(["--bots", "all", "--out"])
        .arg(&run)
        .status()
        .unwrap();
    assert!(ok.success());
    let header: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&run)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["scenario"]["parts"][0]["name"], "checkout.ron");

    // With the files there, replay checks the run against them; changing the part is noticed.
    let replay = |args: &[&str]| {
        let out = Command::new(BIN)
            .arg("replay")
            .arg(&run)
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let (ok, out) = replay(&[]);
    assert!(ok, "{out}");
    let part = dir.path().join("checkout.ron");
    let text = std::fs::read_to_string(&part).unwrap();
    std::fs::write(&part, text.replacen("capacity: 3000", "capacity: 2900", 1)).unwrap();
    let (ok, out) = replay(&[]);
    assert!(
        !ok && out.contains("changed"),
        "a changed part is a changed scenario:\n{out}"
    );

    // Without them, the run's own copies serve.
    std::fs::remove_file(&part).unwrap();
    std::fs::remove_file(&scenario).unwrap();
    let (ok, out) = replay(&[]);
    assert!(ok, "{out}");
    let stored = firedrill::record::RunFile::load(&run).unwrap();
    let sc = firedrill::record::replay::stored_scenario(&stored.header).unwrap();
    assert_eq!(sc.hash, stored.header.scenario.hash);
    assert_eq!(sc.services.len(), 3);
}

#[test]
fn a_part_checks_alone_as_a_part_and_folders_of_scenarios_skip_it() {
    let (ok, out) = check(Path::new(&family("checkout.ron")));
    assert!(ok && out.contains("a part"), "{out}");
    let (scenarios, broken) = firedrill::scenario::catalog::folder(Path::new(FAMILY)).unwrap();
    assert!(
        broken.is_empty(),
        "the part is not a broken scenario: {broken:?}"
    );
    assert_eq!(scenarios.len(), 2, "both drills of the family are listed");
}

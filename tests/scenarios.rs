//! The shipped scenarios: a team that works them well resolves them; a team that does nothing
//! does not. The embedded default is the file under `scenarios/`.

mod common;

use common::{run, shipped_solved};
use firedrill::scenario::model::Milestone;

#[test]
fn a_scripted_team_resolves_every_shipped_scenario() {
    for (scenario, script) in shipped_solved() {
        let sim = run(scenario, Some(&script), 42);
        let outcome = sim.outcome();
        assert!(outcome.end.resolved, "{scenario}: {outcome:?}");
        let reached: Vec<Milestone> = outcome.milestones.iter().map(|(m, _)| *m).collect();
        for m in Milestone::ALL {
            assert!(reached.contains(&m), "{scenario}: never reached {m:?}");
        }
        let at = |m| outcome.milestones.iter().find(|(x, _)| *x == m).unwrap().1;
        assert!(at(Milestone::ImpactStarted) <= at(Milestone::Mitigated));
        assert!(at(Milestone::Mitigated) <= at(Milestone::Resolved));
    }
}

#[test]
fn a_team_that_does_nothing_does_not_resolve() {
    for scenario in common::shipped() {
        let sim = run(scenario, None, 42);
        let outcome = sim.outcome();
        assert!(
            !outcome.end.resolved,
            "{scenario} resolved by itself: {outcome:?}"
        );
        assert_eq!(outcome.end.reason, "time limit reached");
        let reached: Vec<Milestone> = outcome.milestones.iter().map(|(m, _)| *m).collect();
        assert!(reached.contains(&Milestone::ImpactStarted), "{scenario}");
        assert!(!reached.contains(&Milestone::Diagnosed), "{scenario}");
    }
}

#[test]
fn the_embedded_default_is_the_shipped_file() {
    let on_disk = std::fs::read_to_string(firedrill::scenario::DEFAULT_SCENARIO_NAME).unwrap();
    assert_eq!(on_disk, firedrill::scenario::DEFAULT_SCENARIO);
    let sc = firedrill::scenario::load_default();
    assert_eq!(sc.title, "Membership storm");
}

#[test]
fn shipped_scenarios_meet_the_authoring_bar() {
    use firedrill::scenario::model::{Difficulty, HypothesisKind};
    for scenario in common::shipped() {
        let sc = common::load(scenario);
        if sc.difficulty == Difficulty::Intro {
            // An introduction teaches the consoles: two people, one fault.
            assert_eq!(
                sc.roles.len(),
                2,
                "{scenario}: an Intro has exactly two roles"
            );
            assert_eq!(sc.faults.len(), 1, "{scenario}: an Intro has one fault");
        } else {
            assert!(sc.roles.len() >= 3, "{scenario}: at least three roles");
            assert!(sc.faults.len() >= 2, "{scenario}: at least two faults");
        }
        let herrings = sc.injects.iter().filter(|i| i.red_herring).count()
            + sc.hypotheses
                .iter()
                .filter(|h| h.kind == HypothesisKind::Wrong)
                .count();
        assert!(herrings >= 1, "{scenario}: at least one red herring");
        assert!(
            sc.file.meta.modelled_on.is_some(),
            "{scenario}: says which outage it is modelled on"
        );
    }
}

#[test]
fn run_command_writes_a_run_file_and_prints_the_milestones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run.jsonl");
    let (scenario, script) = shipped_solved().swap_remove(1);
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .args([
            "run",
            scenario,
            "--seed",
            "9",
            "--commands",
            script.as_str(),
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("Too many connections (seed 9)"), "{stdout}");
    assert!(stdout.contains("diagnosed"), "{stdout}");
    assert!(stdout.contains("resolved at"), "{stdout}");
    let file = std::fs::read_to_string(&out).unwrap();
    assert!(file.lines().count() > 100);
}

/// The library embedded in the binary is the `scenarios/` folder, file for file and byte for byte.
#[test]
fn the_embedded_library_is_the_scenarios_folder() {
    use firedrill::scenario::catalog::SHIPPED;
    let mut on_disk: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = SHIPPED.iter().map(|(p, _)| p.to_string()).collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "add the new scenario to catalog::SHIPPED"
    );
    for (path, text) in SHIPPED {
        assert_eq!(std::fs::read_to_string(path).unwrap(), *text, "{path}");
    }
}

/// The tests take the shipped scenarios from the catalogue and find each one's solve script by
/// name: every shipped scenario has `tests/scripts/<stem>-solve.ron`, every solve script belongs
/// to a shipped scenario, and every `scenarios/*.ron` is in the catalogue.
#[test]
fn every_shipped_scenario_has_its_solve_script_and_every_file_is_catalogued() {
    let catalogued: Vec<&str> = common::shipped().collect();
    assert!(!catalogued.is_empty());
    for (scenario, script) in shipped_solved() {
        assert!(
            std::path::Path::new(&script).is_file(),
            "{scenario} has no solve script: write {script}"
        );
    }
    let solve_scripts: Vec<String> = shipped_solved().into_iter().map(|(_, s)| s).collect();
    for entry in std::fs::read_dir("tests/scripts").unwrap() {
        let path = entry.unwrap().path();
        let path = path.to_string_lossy().replace('\\', "/");
        if path.ends_with("-solve.ron") {
            assert!(
                solve_scripts.contains(&path),
                "{path} solves no shipped scenario"
            );
        }
    }
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            let path = path.to_string_lossy().replace('\\', "/");
            assert!(
                catalogued.contains(&path.as_str()),
                "{path} is not in the catalogue: add it to firedrill::scenario::catalog::SHIPPED"
            );
        }
    }
}

/// `scenarios/README.md` holds the catalogue `firedrill list --format md` prints, so it cannot
/// drift from the files.
#[test]
fn the_catalogue_in_scenarios_readme_is_current() {
    use firedrill::scenario::catalog::{self, Entry};
    let entries: Vec<Entry> = catalog::shipped().iter().map(|s| Entry::of(s)).collect();
    assert_eq!(
        entries.len(),
        catalog::SHIPPED.len(),
        "a shipped scenario does not load"
    );
    let table = catalog::markdown(&entries);
    let readme = std::fs::read_to_string("scenarios/README.md").unwrap();
    assert!(
        readme.contains(&table),
        "scenarios/README.md is out of date; its table is `firedrill list --format md`:\n{table}"
    );
    // Easiest first.
    assert!(
        entries
            .windows(2)
            .all(|w| w[0].difficulty <= w[1].difficulty)
    );
}

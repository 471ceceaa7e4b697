//! Rehearsal: it passes the shipped scenarios, flags a deliberately broken one, does not depend on
//! how many workers run it, and fails the command (with JSON) when an assertion fails.

mod common;

use std::process::Command;

use common::load;
use firedrill::rehearse::{self, Options};
use firedrill::scenario::Scenario;

const BROKEN: &str = "tests/fixtures/broken-rehearsal.ron";

fn options(sc: &Scenario, runs: usize) -> Options {
    let mut o = Options::new(sc, runs);
    o.jobs = 2;
    o
}

#[test]
fn rehearsal_flags_every_defect_of_a_broken_scenario() {
    let sc = load(BROKEN);
    let report = rehearse::rehearse(&sc, &options(&sc, 6), &|| {});
    assert!(!report.passed);
    let failed = |needle: &str| report.failures.iter().any(|f| f.contains(needle));
    // An unobservable fact the diagnosis needs.
    assert!(
        failed("no role ever observed `hidden_clue`"),
        "{:#?}",
        report.failures
    );
    assert_eq!(report.reachability.facts_never_observed, ["hidden_clue"]);
    // An unmitigable fault.
    assert!(
        failed("fault `stuck_config` started but never ended"),
        "{:#?}",
        report.failures
    );
    // A fault whose mitigation no team could ever take: it only ran its course.
    assert!(
        failed("fault `api_backlog` has a mitigation, but no team managed to take it"),
        "{:#?}",
        report.failures
    );
    assert_eq!(report.reachability.faults_never_mitigated, ["api_backlog"]);
    // A manual fault never starts without a facilitator: worth a warning, not a failure.
    assert_eq!(report.reachability.faults_never_started, ["cache_flap"]);
    assert!(!failed("cache_flap"));
    // A diagnosis one role reaches alone: statically, and in runs without sharing.
    assert!(
        failed("`db_alone` can be established by dba alone"),
        "{:#?}",
        report.failures
    );
    assert!(failed(
        "`db_alone` was confirmed in 6 of 6 runs with sharing switched off"
    ));
    let alone = report
        .sharing
        .diagnoses
        .iter()
        .find(|d| d.hypothesis == "db_alone")
        .unwrap();
    assert_eq!(alone.alone, ["dba"]);
    // The diagnosis that does need sharing names what must travel to whom.
    let shared = report
        .sharing
        .diagnoses
        .iter()
        .find(|d| d.hypothesis == "slow_db_and_clue")
        .unwrap();
    assert!(shared.alone.is_empty());
    assert_eq!(shared.contributors, ["api", "dba"]);
    let to_dba = shared.must_travel.iter().find(|t| t.to == "dba").unwrap();
    assert_eq!(to_dba.facts, ["api_errors_seen"]);
}

#[test]
fn rehearsal_passes_the_shipped_scenarios() {
    for path in common::shipped() {
        let sc = load(path);
        let report = rehearse::rehearse(&sc, &options(&sc, 6), &|| {});
        assert!(report.passed, "{path}:\n{}", report.render());
        assert!(report.solved >= 0.5);
        assert_eq!(report.sharing.diagnosed_without_sharing, 0);
        assert_eq!(
            report.resolve.reached,
            (report.solved * 6.0).round() as usize
        );
        let (p10, p50, p90) = (report.resolve.p10, report.resolve.p50, report.resolve.p90);
        assert!(p10 <= p50 && p50 <= p90, "{path}: percentiles out of order");
        for d in report.sharing.diagnoses.iter() {
            assert!(d.contributors.len() >= 2, "{path}: {}", d.hypothesis);
        }
    }
}

/// `rehearse` estimates every shipped scenario at its declared difficulty: with bots paced like
/// people (docs/scenario-format.md#difficulty), an all-bot team takes as long as the level says.
/// Forty runs from each scenario's own seed, as the calibration used; sharing-off runs are not
/// needed for the estimate.
#[test]
fn every_shipped_scenario_rehearses_at_its_declared_difficulty() {
    let mut wrong = Vec::new();
    for path in common::shipped() {
        let sc = load(path);
        let mut o = options(&sc, 40);
        o.no_sharing_runs = 0;
        let report = rehearse::rehearse(&sc, &o, &|| {});
        let d = &report.difficulty;
        if d.estimated != d.declared {
            wrong.push(format!(
                "{path}: estimated {:?}, declared {:?} ({})",
                d.estimated, d.declared, d.reason
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn results_do_not_depend_on_the_number_of_workers() {
    let sc = load("scenarios/pool-exhaustion.ron");
    let mut one = options(&sc, 5);
    one.jobs = 1;
    let mut three = one.clone();
    three.jobs = 3;
    assert_eq!(
        rehearse::run_all(&sc, &one, &|| {}),
        rehearse::run_all(&sc, &three, &|| {})
    );
}

#[test]
fn the_command_fails_with_json_on_a_broken_scenario() {
    let bin = env!("CARGO_BIN_EXE_firedrill");
    let out = Command::new(bin)
        .args(["rehearse", BROKEN, "--runs", "4", "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["passed"], false);
    let report = &json["scenarios"][0];
    assert_eq!(report["passed"], false);
    assert!(report["failures"].as_array().unwrap().len() >= 4);
    assert_eq!(
        report["reachability"]["faults_never_ended"][0],
        "stuck_config"
    );

    // A folder of scenarios passes when each does.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("scenarios/retry-storm.ron", dir.path().join("a.ron")).unwrap();
    std::fs::copy("scenarios/pool-exhaustion.ron", dir.path().join("b.ron")).unwrap();
    let out = Command::new(bin)
        .args(["rehearse", "--runs", "3", "--jobs", "2", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["scenarios"].as_array().unwrap().len(), 2);

    // Adding the broken one to the run fails the whole command.
    std::fs::copy(BROKEN, dir.path().join("c.ron")).unwrap();
    let out = Command::new(bin)
        .args(["rehearse", "--runs", "3"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FAILED: fault `stuck_config`"), "{text}");
}

/// A folder with a scenario whose file name is not UTF-8: that file is reported by name (as
/// well as it can be shown) and the others are still rehearsed.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_does_not_stop_the_others() {
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("scenarios/retry-storm.ron", dir.path().join("a.ron")).unwrap();
    let odd = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"b-\xff\xfe.ron"));
    std::fs::copy("scenarios/pool-exhaustion.ron", &odd).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .args(["rehearse", "--runs", "2", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a file was left out: {stderr}");
    assert!(
        stderr.contains("b-\u{fffd}\u{fffd}.ron`: the file name is not valid UTF-8"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let scenarios = json["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 2, "{json}");
    assert!(
        scenarios[0]["scenario"]
            .as_str()
            .unwrap()
            .ends_with("a.ron"),
        "the other scenario was rehearsed: {json}"
    );
    assert!(scenarios[0].get("runs").is_some() || scenarios[0]["passed"].is_boolean());
    assert_eq!(scenarios[1]["passed"], false);
    let errors = scenarios[1]["errors"].to_string();
    assert!(errors.contains("not valid UTF-8"), "{errors}");
}

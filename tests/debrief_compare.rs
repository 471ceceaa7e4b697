//! `firedrill compare`: two runs of the timing drill side by side with the all-bot par line, and
//! a clear refusal for runs of different scenarios.

mod common;

use common::recording::*;
use firedrill::sim::RunOptions;

fn compare(args: &[&std::path::Path], extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .arg("compare")
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

/// The scripted run (known ticks, see tests/debrief.rs) and a run where only the first half of
/// the script was played (ops looks at the API, ic acknowledges, posts an update, proposes the
/// network theory and asks ops; nobody shares, so nothing is diagnosed).
#[test]
fn two_runs_of_the_timing_drill_side_by_side_with_par() {
    let dir = tempfile::tempdir().unwrap();
    let sc = load(TIMING);
    let cmds = commands(TIMING_COMMANDS, &sc);
    let half: Vec<_> = cmds.iter().take(5).cloned().collect();
    let (a, b) = (
        dir.path().join("team-a.jsonl"),
        dir.path().join("team-b.jsonl"),
    );
    std::fs::write(&a, record(&sc, &RunOptions::new(sc.seed), &cmds).0).unwrap();
    std::fs::write(&b, record(&sc, &RunOptions::new(sc.seed), &half).0).unwrap();

    let out = compare(&[&a, &b], &["--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = c["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3, "two runs and par");
    assert!(runs[0]["label"].as_str().unwrap().ends_with("team-a.jsonl"));
    assert!(runs[1]["label"].as_str().unwrap().ends_with("team-b.jsonl"));
    assert_eq!(
        (runs[2]["par"].as_bool(), runs[2]["seed"].as_u64()),
        (Some(true), Some(1))
    );
    let milestone = |run: &serde_json::Value, kind: &str| {
        let i = c["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .position(|k| k == kind)
            .unwrap();
        run["milestones"][i].as_u64()
    };
    assert_eq!(milestone(&runs[0], "diagnosed"), Some(420));
    assert_eq!(milestone(&runs[1], "diagnosed"), None);
    assert_eq!(milestone(&runs[0], "first_acknowledgement"), Some(240));
    assert_eq!(milestone(&runs[1], "first_acknowledgement"), Some(240));
    // The key fact's way to the commander: learnt by ops at 120 in both, shared at 360 in one.
    assert_eq!(c["key_facts"][0][0], "api_refusing");
    let way = |run: &serde_json::Value| {
        let w = &run["key_facts"][0];
        (
            w["learnt"].as_u64(),
            w["shared"].as_u64(),
            w["to_commander"].as_u64(),
        )
    };
    assert_eq!(way(&runs[0]), (Some(120), Some(360), Some(360)));
    assert_eq!(way(&runs[1]), (Some(120), None, None));
    // Hypotheses tried: the network theory proposed at 5m in both, discarded in one.
    let network = c["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .position(|h| h[0] == "network")
        .unwrap();
    assert_eq!(runs[0]["hypotheses"][network]["discarded"], 375);
    assert_eq!(runs[1]["hypotheses"][network]["proposed"], 300);
    assert!(runs[1]["hypotheses"][network]["discarded"].is_null());
    // Decision points met: the restart in the window in one, not at all in the other.
    assert_eq!(c["decisions"][0][0], "restart");
    assert_eq!(runs[0]["decisions"][0]["timing"], "in_window");
    assert_eq!(runs[1]["decisions"][0]["timing"], "not_taken");
    // Par, the all-bot team, reaches a diagnosis.
    assert!(milestone(&runs[2], "diagnosed").is_some());

    let md = compare(&[&a, &b], &[]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.starts_with("# Comparison: Timing drill"), "{md}");
    assert!(md.contains("not a target. Nothing here ranks teams or people."));
    assert!(md.contains("par (bots, seed 1)"));
    assert!(md.contains("| diagnosed | 09:07 | — |"), "{md}");
    assert!(md.contains("09:02 → 09:06 → 09:06"), "{md}");
    let html = compare(&[&a, &b], &["--format", "html"]);
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<th class=\"par\">"));
}

#[test]
fn runs_of_different_scenarios_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let timing = load(TIMING);
    let a = dir.path().join("timing.jsonl");
    std::fs::write(&a, record(&timing, &RunOptions::new(timing.seed), &[]).0).unwrap();
    let (_, storm, _) = storm_run();
    let b = dir.path().join("storm.jsonl");
    std::fs::write(&b, storm).unwrap();
    let out = compare(&[&a, &b], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is a run of “Membership storm”, not of “Timing drill”")
            && err.contains("compare runs of one scenario"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

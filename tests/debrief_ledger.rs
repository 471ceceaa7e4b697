//! The clue ledger, pooling of unique knowledge and what a clue cost, on the timing drill
//! (tests/fixtures/debrief-timing*.ron) where every time can be worked out by hand.

mod common;

use std::sync::Arc;

use common::recording::*;
use firedrill::debrief::{self, Debrief, LedgerEntry, RoleTick};
use firedrill::record::RunFile;
use firedrill::scenario::Scenario;
use firedrill::sim::RunOptions;

/// The timing drill with `edits` (find, replace) applied, run with the command file's commands
/// after `cmd_edits`; the run file and its debrief with the clue costs computed.
fn drill(edits: &[(&str, &str)], cmd_edits: &[(&str, &str)]) -> (RunFile, Arc<Scenario>, Debrief) {
    let mut text = std::fs::read_to_string(TIMING).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "the fixture has `{from}`");
        text = text.replacen(from, to, 1);
    }
    let sc = common::load_named("drill.ron", &text);
    let mut cmds = std::fs::read_to_string(TIMING_COMMANDS).unwrap();
    for (from, to) in cmd_edits {
        assert!(cmds.contains(from), "the command file has `{from}`");
        cmds = cmds.replacen(from, to, 1);
    }
    let cmds = common::commands_text("cmds.ron", cmds, &sc);
    let (bytes, _) = record(&sc, &RunOptions::new(sc.seed), &cmds);
    let run = parse(&bytes);
    let mut d = debrief::from_run(&run, &sc);
    debrief::clue::compute(&run, &sc, &mut d);
    (run, sc, d)
}

fn entry<'a>(d: &'a Debrief, fact: &str) -> &'a LedgerEntry {
    d.ledger.iter().find(|e| e.fact == fact).unwrap()
}

fn at(role: &str, tick: u64) -> Option<RoleTick> {
    Some(RoleTick {
        role: role.into(),
        tick,
    })
}

/// By hand, from the fixture: the API crashes at 2m (120) and its log line, which only ops reads,
/// says so at once; the API dashboard, which both roles have, shows it from 120 too, and ops
/// watches it from 2m30s (150). ic holds "nothing changed today" on its card from 0. ops shares
/// the log fact with ic at 6m (360); ic discards the network theory with it at 6m15s (375),
/// proposes the crash with its card fact at 6m30s (390). The share at 6m meets the decision point
/// "The logs reach the commander", which counts as a use of what ops held then (the dashboard),
/// not of the shared fact itself.
#[test]
fn the_ledger_times_are_those_worked_out_by_hand() {
    let (_, _, d) = drill(&[], &[]);
    assert_eq!(d.ledger.len(), 3, "one line per fact");

    let logs = entry(&d, "api_refusing");
    assert!(logs.key);
    assert_eq!(logs.observable, at("ops", 120));
    assert_eq!(logs.learnt, at("ops", 120));
    assert_eq!(logs.shared, at("ops", 360));
    assert_eq!(logs.to_commander, Some(360));
    let used = logs.used.as_ref().unwrap();
    assert_eq!((used.tick, used.role.as_str()), (375, "ic"));
    assert!(
        used.how.starts_with("discarded “The network"),
        "{}",
        used.how
    );

    // Both roles could see the dashboard from 120 (the first in role order is named); only ops
    // looked, at 150; nobody shared it. It was first used at 6m, when ops, holding it, met the
    // decision point of getting the logs to the commander (a decision taken while holding it).
    let dash = entry(&d, "api_dashboard_red");
    assert_eq!(dash.observable, at("ic", 120));
    assert_eq!(dash.learnt, at("ops", 150));
    assert_eq!(dash.shared, None);
    assert_eq!(dash.to_commander, None);
    let used = dash.used.as_ref().unwrap();
    assert_eq!(
        (used.tick, used.role.as_str(), used.how.as_str()),
        (360, "ops", "decision “The logs reach the commander”")
    );

    let card = entry(&d, "no_change_today");
    assert_eq!(card.observable, at("ic", 0));
    assert_eq!(card.learnt, at("ic", 0));
    assert_eq!(card.shared, None);
    assert_eq!(card.to_commander, Some(0));
    let used = card.used.as_ref().unwrap();
    // The network distractor needs the card, so the commander's proposal of it at 5m is the
    // card's first use.
    assert_eq!((used.tick, used.role.as_str()), (300, "ic"));
    assert!(used.how.starts_with("proposed"), "{}", used.how);

    // The gaps read as the review's questions.
    let gaps = debrief::text::ledger_gaps(&d, logs);
    assert_eq!(
        gaps,
        "held for 4 min before it was shared; 4 min from first learnt to the commander; 15s from the commander to first use"
    );
    let gaps = debrief::text::ledger_gaps(&d, dash);
    assert!(
        gaps.starts_with("observable for 30s before anyone learnt it"),
        "{gaps}"
    );
    assert!(
        gaps.ends_with("had not reached the commander when the run ended"),
        "{gaps}"
    );
}

/// Only ops reads the API logs and only ic holds the card: two unique facts, of which one was
/// shared (4 min after ops learnt it); the dashboard fact both roles could see was never shared.
#[test]
fn pooling_counts_unique_and_common_facts_for_the_team() {
    let (_, _, d) = drill(&[], &[]);
    let p = &d.pooling;
    assert_eq!(p.unique.facts, ["no_change_today", "api_refusing"]);
    assert_eq!(
        (
            p.unique.learnt,
            p.unique.reached_team,
            p.unique.reached_commander
        ),
        (2, 1, 2)
    );
    assert_eq!(p.unique.median_to_share, Some(240));
    assert_eq!(p.common.facts, ["api_dashboard_red"]);
    assert_eq!(
        (
            p.common.learnt,
            p.common.reached_team,
            p.common.reached_commander
        ),
        (1, 0, 0)
    );
    assert_eq!(p.common.median_to_share, None);
}

/// Every rendering carries the ledger and pooling; JSON carries them as data.
#[test]
fn every_format_shows_the_ledger_pooling_and_clue_costs() {
    let (run, _, d) = drill(&[], &[]);
    let md = debrief::markdown::render(&d);
    for s in [
        "## Clue ledger",
        "held for 4 min before it was shared",
        "## Pooling of unique knowledge",
        "| only one role could learn | 2 | 2 | 1 | 2 | 4 min |",
        "## What a clue cost",
        "not a verdict",
    ] {
        assert!(md.contains(s), "Markdown lacks `{s}`");
    }
    let html = debrief::html::render(&d);
    for s in [
        "<section id=\"ledger\">",
        "<section id=\"pooling\">",
        "<section id=\"clue-costs\">",
        "<a href=\"#ledger\">",
        "<a href=\"#clue-costs\">",
    ] {
        assert!(html.contains(s), "HTML lacks `{s}`");
    }
    let json: serde_json::Value =
        serde_json::from_str(&debrief::json::render(&d, &run.events)).unwrap();
    let ledger = json["debrief"]["ledger"].as_array().unwrap();
    assert_eq!(ledger.len(), 3);
    assert_eq!(json["debrief"]["pooling"]["unique"]["median_to_share"], 240);
    assert_eq!(json["debrief"]["clue_costs"][0]["fact"], "api_refusing");
}

/// The log fact sat with ops for 4 minutes before reaching the commander; shared at once, the
/// commander (a bot from then on) holds both facts the crash needs at 2m01s and confirms it long
/// before the run's 7m.
#[test]
fn sharing_the_log_fact_at_once_brings_the_diagnosis_earlier() {
    let (_, _, d) = drill(&[], &[]);
    assert_eq!(d.clue_costs.len(), 1, "{:?}", d.clue_costs);
    let c = &d.clue_costs[0];
    assert_eq!(c.fact, "api_refusing");
    assert_eq!(c.held, at("ops", 120).unwrap());
    assert_eq!((c.fork_at, c.reached_commander), (121, Some(360)));
    assert_eq!(c.run_diagnosed, Some(420));
    let shared = c.shared_diagnosed.expect("the fork reaches a diagnosis");
    assert!(shared < 240, "diagnosed at {shared}");
    assert_eq!(c.earlier_by, Some(420 - shared as i64));
    let text = debrief::text::clue_cost_text(&d, c);
    assert!(text.contains("earlier than in the run"), "{text}");
    assert!(text.contains("not a verdict"), "{text}");
}

/// A variant where the crash is only established once the API vendor calls the commander at 8m:
/// the commander confirms a second later (481). Sharing the log fact at 2m01s cannot beat that,
/// since nobody can confirm before the vendor's call, so the simulated diagnosis is no earlier.
#[test]
fn sharing_earlier_does_not_help_when_the_diagnosis_waits_on_something_else() {
    let (_, _, d) = drill(
        &[
            (
                "        (id: \"api_dashboard_red\",",
                "        (id: \"vendor_says_crash\", text: \"The API vendor reports the process crashed.\",\n         from: [Inject(\"vendor_call\")]),\n        (id: \"api_dashboard_red\",",
            ),
            (
                "needs: [\"api_refusing\", \"no_change_today\"]",
                "needs: [\"api_refusing\", \"no_change_today\", \"vendor_says_crash\"]",
            ),
            (
                "    actions: [",
                "    injects: [\n        (id: \"vendor_call\", trigger: At(\"8m\"), from: \"API vendor\", channel: Phone, to: [\"ic\"],\n         text: \"Our monitoring shows your API process crashed.\"),\n    ],\n    actions: [",
            ),
        ],
        &[(
            "(at: \"7m\", role: \"ic\", do: Confirm",
            "(at: \"8m1s\", role: \"ic\", do: Confirm",
        )],
    );
    let c = d
        .clue_costs
        .iter()
        .find(|c| c.fact == "api_refusing")
        .expect("the log fact reached the commander late");
    assert_eq!(c.run_diagnosed, Some(481));
    assert!(
        c.earlier_by.is_none_or(|s| s <= 0),
        "no earlier diagnosis: {c:?}"
    );
    assert!(c.shared_diagnosed.is_none_or(|t| t >= 481), "{c:?}");
    let text = debrief::text::clue_cost_text(&d, c);
    assert!(!text.contains("earlier than in the run"), "{text}");
}

/// An all-bot run: the fork without the share is the run itself, so the bots-only figure equals
/// the run's diagnosis (the machinery forks and re-simulates faithfully).
#[test]
fn without_the_share_an_all_bot_fork_is_the_run_itself() {
    let sc = load(TIMING);
    let mut options = RunOptions::new(sc.seed);
    options.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
    let (bytes, _) = record(&sc, &options, &[]);
    let run = parse(&bytes);
    let mut d = debrief::from_run(&run, &sc);
    debrief::clue::compute(&run, &sc, &mut d);
    assert!(
        !d.clue_costs.is_empty(),
        "the ops bot needs a moment to share the log fact"
    );
    for c in &d.clue_costs {
        assert_eq!(c.bots_diagnosed, c.run_diagnosed, "{c:?}");
    }
}

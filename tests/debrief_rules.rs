//! The debrief's rules on variants of the timing drill (tests/fixtures/debrief-timing.ron):
//! which shares count for a decision point, whose knowledge a missed point shows, what counts as
//! acting on a fact, and when a fact's wait for the commander starts.

mod common;

use common::recording::*;
use firedrill::debrief::{self, Debrief, FactForRole, Timing};
use firedrill::sim::RunOptions;

/// The timing drill with `edits` (find, replace) applied, run with the command file `cmds`.
fn drill(edits: &[(&str, &str)], cmds: &str) -> Debrief {
    let mut text = std::fs::read_to_string(TIMING).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "the fixture has `{from}`");
        text = text.replacen(from, to, 1);
    }
    let sc = common::load_named("drill.ron", &text);
    let cmds = common::commands_text("cmds.ron", format!("Commands(commands: [{cmds}])"), &sc);
    let (bytes, _) = record(&sc, &RunOptions::new(sc.seed), &cmds);
    let run = parse(&bytes);
    debrief::from_run(&run, &sc)
}

/// The fixture's own commands.
fn script_commands() -> String {
    let text = std::fs::read_to_string(TIMING_COMMANDS).unwrap();
    let start = text.find("commands: [").unwrap() + "commands: [".len();
    let end = text.rfind(']').unwrap();
    text[start..end].to_string()
}

fn decision<'a>(d: &'a Debrief, id: &str) -> &'a debrief::DecisionOutcome {
    d.decisions.iter().find(|x| x.id == id).unwrap()
}

fn for_role(d: &Debrief, fact: &str, role: &str) -> FactForRole {
    let j = d.knowledge.iter().find(|j| j.fact == fact).unwrap();
    j.roles.iter().find(|r| r.role == role).unwrap().clone()
}

const DEV_ROLE: (&str, &str) = (
    "    ],\n    facts:",
    "        (id: \"dev\", title: \"Developer\", briefing: \"You wrote the API.\"),\n    ],\n    facts:",
);

/// A share counts for a point that names a role only when it reaches that role: with the whole
/// channel or with the role itself. A share to someone else, or the role's own, does not.
#[test]
fn a_share_counts_only_when_it_reaches_the_role_the_point_names() {
    let points = (
        "decision_points: [",
        "decision_points: [
            (id: \"reach_ic\", title: \"The logs reach the commander\", from: \"2m\", until: \"10m\",
             expect: Share(\"api_refusing\"), role: \"ic\"),
            (id: \"reach_ops\", title: \"The logs reach operations\", from: \"2m\", until: \"10m\",
             expect: Share(\"api_refusing\"), role: \"ops\"),
            (id: \"anyone\", title: \"The logs are shared\", from: \"2m\", until: \"10m\",
             expect: Share(\"api_refusing\")),",
    );
    let cmds = format!(
        "(at: \"5m45s\", role: \"ops\", do: Share(fact: \"api_refusing\", to: \"dev\")), {}",
        script_commands()
    );
    let d = drill(&[DEV_ROLE, points], &cmds);
    let taken = |id| {
        let x = decision(&d, id);
        (x.taken.as_ref().map(|t| (t.tick, t.role.clone())), x.timing)
    };
    // The share to the developer at 5m45s does not reach the commander; the one at 6m does.
    assert_eq!(
        taken("reach_ic"),
        (Some((360, "ops".into())), Timing::InWindow)
    );
    // Operations only ever shared it themselves: it never reached them by a share.
    assert_eq!(taken("reach_ops"), (None, Timing::NotTaken));
    // Without a role, any share counts.
    assert_eq!(
        taken("anyone"),
        (Some((345, "ops".into())), Timing::InWindow)
    );
}

/// A missed point that names no role is the team's: the debrief shows what the team held
/// between them and never pins it on the commander.
#[test]
fn a_missed_point_without_a_role_speaks_of_the_team() {
    let d = drill(&[], "");
    let tell = decision(&d, "tell_ic");
    assert_eq!(tell.timing, Timing::NotTaken);
    assert_eq!(tell.deciding_role, None);
    // Operations read the logs at 09:02 and the commander holds its card: the team held both.
    assert_eq!(tell.knew, ["no_change_today", "api_refusing"]);
    assert!(tell.key_facts_missing.is_empty(), "{tell:?}");
    let md = debrief::markdown::render(&d);
    let section = &md[md.find("### The logs reach the commander").unwrap()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    assert!(
        section.contains("What the team (any role) knew at 09:04"),
        "{section}"
    );
    assert!(!section.contains("commander knew"), "{section}");
    let prompt = d
        .agenda
        .phases
        .iter()
        .flat_map(|p| &p.prompts)
        .find(|p| p.text.starts_with("“The logs reach the commander”"))
        .unwrap();
    assert!(
        !prompt.text.contains("incident commander") && prompt.text.contains("the team"),
        "{}",
        prompt.text
    );
    // A point that names its role still speaks of that role.
    let restart = decision(&d, "restart");
    assert_eq!(restart.deciding_role.as_deref(), Some("ops"));
}

/// Facts are shown by their text, not only by their id.
#[test]
fn what_a_role_knew_is_shown_as_fact_text() {
    let d = drill(&[], &script_commands());
    let md = debrief::markdown::render(&d);
    assert!(
        md.contains("- What the operations on-call knew at 09:08: “The API refuses every connection” (api_refusing)"),
        "{md}"
    );
}

/// A status update counts for its decision point when it is out, as the milestone does.
#[test]
fn a_status_update_point_and_the_milestone_agree() {
    let point = (
        "decision_points: [",
        "decision_points: [
            (id: \"update\", title: \"First update\", from: \"2m\", until: \"10m\",
             expect: StatusUpdate, role: \"ic\"),",
    );
    let d = drill(&[point], &script_commands());
    let update = decision(&d, "update");
    // Started at 4m30s, 30 seconds long: out at 5m.
    assert_eq!(update.taken.as_ref().map(|t| t.tick), Some(300));
    let milestone = d
        .milestones
        .iter()
        .find(|m| m.kind == debrief::MilestoneKind::FirstCommunication)
        .unwrap();
    assert_eq!(milestone.tick, Some(300));
}

/// Acting on a fact: hypothesis steps, and actions aimed at a service the fact is about (or
/// that require the fact). A status update is not.
#[test]
fn actions_aimed_at_what_a_fact_is_about_act_on_it() {
    let about_api = [
        (
            "(id: \"api_dashboard_red\", text: \"The API dashboard shows every request failing.\",",
            "(id: \"api_dashboard_red\", text: \"The API dashboard shows every request failing.\", about: [\"api\"],",
        ),
        (
            "(id: \"no_change_today\", text: \"Nothing was deployed or reconfigured today.\"",
            "(id: \"no_change_today\", text: \"Nothing was deployed or reconfigured today.\", about: [\"api\"]",
        ),
    ];
    let d = drill(&about_api, &script_commands());
    let ops = for_role(&d, "api_dashboard_red", "ops");
    let act = ops
        .acted_on
        .expect("restarting the API acts on its dashboard");
    assert_eq!(
        (act.tick, act.what.as_str()),
        (480, "started “Restart the API”")
    );
    // The commander's status update at 4m30s is about customers, not the API: the first thing
    // the commander did with its card was propose the network distractor it tempts, at 5m.
    let ic = for_role(&d, "no_change_today", "ic");
    assert_eq!(ic.acted_on.map(|a| a.tick), Some(300));
    // Hypothesis steps still count.
    let ic = for_role(&d, "api_refusing", "ic");
    assert_eq!(ic.acted_on.map(|a| a.tick), Some(375));
}

/// A fact known before customers were affected had nothing to be late for: its wait for the
/// commander counts from the impact start, and the words say so.
#[test]
fn the_wait_for_the_commander_counts_from_the_impact_start() {
    let edits = [
        (
            "briefing: \"You run the API.\",",
            "briefing: \"You run the API.\", knows: [\"restart_changed\"],",
        ),
        (
            "    facts: [\n",
            "    facts: [\n        (id: \"restart_changed\", text: \"The API restart script changed yesterday.\"),\n",
        ),
        (
            "key_facts: [\"api_refusing\"]",
            "key_facts: [\"api_refusing\", \"restart_changed\"]",
        ),
    ];
    let cmds = format!(
        "(at: \"6m\", role: \"ops\", do: Share(fact: \"restart_changed\", to: \"ic\")), {}",
        script_commands()
    );
    let d = drill(&edits, &cmds);
    let j = d
        .knowledge
        .iter()
        .find(|j| j.fact == "restart_changed")
        .unwrap();
    let reach = j.to_commander.as_ref().unwrap();
    // Available from the start (a card), impact from 2m, the commander learnt it at 6m.
    assert_eq!(j.first_available.as_ref().map(|a| a.tick), Some(0));
    assert_eq!(reach.learnt, Some(360));
    assert_eq!(reach.since_available, Some(240));
    assert!(reach.before_impact);
    let md = debrief::markdown::render(&d);
    assert!(
        md.contains("4 min after the impact began (available from 09:00)"),
        "{md}"
    );
    let prompt = d
        .agenda
        .phases
        .iter()
        .flat_map(|p| &p.prompts)
        .find(|p| p.text.contains("restart script"))
        .unwrap();
    assert_eq!(prompt.tick, Some(120));
    assert!(
        prompt
            .text
            .contains("from 09:00 (customers were affected from 09:02)"),
        "{}",
        prompt.text
    );
    // A fact first available after the impact began still counts from its availability.
    let logs = d
        .knowledge
        .iter()
        .find(|j| j.fact == "api_refusing")
        .unwrap();
    assert_eq!(
        logs.to_commander.as_ref().unwrap().since_available,
        Some(240)
    );
}

/// A stakeholder's message that asks something is a question; the team answers outside with a
/// status update, so its answer time runs to the first one out after it.
#[test]
fn a_stakeholder_question_is_answered_by_the_next_status_update() {
    let injects = (
        "    roles: [",
        "    injects: [
        (id: \"vp\", trigger: At(\"3m\"), from: \"VP Engineering\", channel: Phone, to: [\"ic\"],
         text: \"What is broken and when will it be back?\"),
        (id: \"fyi\", trigger: At(\"3m\"), from: \"Deploy bot\", to: [\"ic\"], text: \"Nothing deployed today.\"),
    ],
    roles: [",
    );
    let d = drill(&[injects], &script_commands());
    let asked: Vec<_> = d
        .communication
        .questions
        .iter()
        .filter(|q| q.external)
        .collect();
    assert_eq!(asked.len(), 1, "only the message that asks is a question");
    let q = asked[0];
    assert_eq!(
        (q.tick, q.from.as_str(), q.to.as_str()),
        (180, "VP Engineering", "ic")
    );
    let a = q
        .answer
        .as_ref()
        .expect("the status update out at 5m answers it");
    assert_eq!((a.tick, a.wait), (300, 120));
    assert!(
        a.how.starts_with("status update by Incident commander"),
        "{}",
        a.how
    );
    let prompt = d
        .agenda
        .phases
        .iter()
        .flat_map(|p| &p.prompts)
        .find(|p| p.text.starts_with("VP Engineering asked"))
        .expect("a prompt about the stakeholder's wait");
    assert!(prompt.text.contains("2 min later"), "{}", prompt.text);
    // Role-to-role questions are unchanged.
    assert_eq!(
        d.communication
            .questions
            .iter()
            .filter(|q| !q.external)
            .count(),
        1
    );
}

/// Milestones read as a timeline, unreached last; the description phase of the agenda runs in
/// time order; the HTML prints its swimlanes and its who-knew-what chart reads without colour.
#[test]
fn presentation_follows_time_and_reads_without_colour() {
    let d = drill(&[], &script_commands());
    let ticks: Vec<Option<u64>> = d.milestones.iter().map(|m| m.tick).collect();
    let reached: Vec<u64> = ticks.iter().flatten().copied().collect();
    assert!(reached.windows(2).all(|w| w[0] <= w[1]), "{ticks:?}");
    let md = debrief::markdown::render(&d);
    let pos = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(pos("| first external communication |") < pos("| first correct hypothesis |"));
    let description = &d.agenda.phases[1].prompts;
    let order: Vec<u64> = description.iter().filter_map(|p| p.tick).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");

    let html = debrief::html::render(&d);
    assert!(html.contains("<details class=\"lane\" open>"));
    assert!(!html.contains("<details class=\"lane\">"));
    let chart = &html[html.find("id=\"knowledge-chart\"").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    // The key fact's whole text is on the chart, not only a cut-down id.
    assert!(
        chart.contains(">The API refuses every connection.</text>"),
        "{chart}"
    );
    // Two roles, two shapes: a circle for the first, a square for the second, each in the key.
    assert!(chart.contains("class=\"mark role-0\"><title>ic</title><circle"));
    assert!(chart.contains("class=\"mark role-1\"><title>ops</title><rect"));
}

/// The `run` summary lists milestones in the order they happened.
#[test]
fn the_run_summary_lists_milestones_in_time_order() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .args(["run", TIMING, "--commands", TIMING_COMMANDS])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let times: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l[33..].split_whitespace().next().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "{text}");
    assert!(text.contains("first external communication"), "{text}");
}

/// A debrief of a recording cut short speaks of where it stops, not of the run's end.
#[test]
fn a_cut_recording_is_described_as_stopping() {
    let sc = load(TIMING);
    let cmds = commands(TIMING_COMMANDS, &sc);
    let (bytes, _) = record(&sc, &RunOptions::new(sc.seed), &cmds);
    let text = String::from_utf8(bytes).unwrap();
    // Cut after tick 299 (05:00): operations knew the key fact from 09:02, the commander not yet.
    let cut = text.find("{\"end\":[300,").unwrap();
    let run = parse(&text.as_bytes()[..cut]);
    let d = debrief::from_run(&run, &sc);
    assert!(!d.run.complete);
    let all: Vec<&str> = d
        .agenda
        .phases
        .iter()
        .flat_map(|p| &p.prompts)
        .map(|p| p.text.as_str())
        .collect();
    assert!(
        all.iter().any(|p| p.contains("when the recording stops")),
        "{all:#?}"
    );
    assert!(
        all.iter().all(|p| !p.contains("when the run ended")),
        "{all:#?}"
    );
}

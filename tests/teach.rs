//! Diagnosis is the trainee's work: hypotheses come up only with evidence, a suspicion can be put
//! in words and matched by the facilitator (and replays), dashboard facts are learnt only with the
//! evidence in view, a refused confirmation says what kind of evidence is missing, "I'm stuck"
//! brings the next hint now, and `check` warns when a text trainees read names the root cause.

mod common;

use std::sync::Arc;

use common::recording::{parse, record};
use firedrill::record::replay;
use firedrill::scenario::{self, Scenario};
use firedrill::sim::commands::Actor;
use firedrill::sim::log::{Command, EventBody, HypothesisChange, Observation};
use firedrill::sim::{RunOptions, Sim};

/// The reference's smallest scenario, plus a hint for the commander.
const SMALL: &str = r#"Scenario(
    meta: (
        title: "Slow disk",
        summary: "The API gets slow, then fails.",
        briefing: BRIEFING,
        difficulty: Easy,
        time_limit: "30m",
    ),
    services: [
        (id: "api", kind: Api, capacity: 2000, latency: "10ms"),
        (id: "db", kind: Database, capacity: 1000, latency: "5ms"),
    ],
    dependencies: [
        (from: "api", to: "db", timeout: "300ms", retries: 2),
    ],
    traffic: [(to: "api", rps: 800)],
    faults: [
        (id: "slow_disk", target: "db", title: "A failing disk halves the database's throughput",
         effects: [CapacityLoss("50%")], trigger: At("3m")),
    ],
    roles: [
        (id: "ic", title: "Incident commander", briefing: "You coordinate.", commander: true,
         dashboards: ["api"]),
        (id: "dba", title: "Database on-call", briefing: "You own the database.",
         dashboards: ["db"], knows: ["disk_is_old"]),
    ],
    facts: [
        (id: "disk_is_old", text: "The database disk is four years old and has reported SMART warnings."),
        (id: "api_timeouts", text: "API calls to the database are timing out.",
         from: [Inspect(service: "api", when: Above("api.error_rate", 5))]),
    ],
    hypotheses: [
        (id: "failing_disk", kind: RootCause, statement: "The database disk is failing.",
         needs: ["disk_is_old", "api_timeouts"]),
    ],
    actions: [
        (id: "fail_over", title: "Fail over to the replica", roles: ["dba"], duration: "3m",
         effects: [Outage("db"), Mitigate("slow_disk")]),
        (id: "post_status", title: "Update the status page", roles: ["ic"], effects: [StatusUpdate]),
    ],
    hints: [
        (id: "look", to: ["ic"], when: FaultActive("slow_disk"),
         tiers: ["Look at the API's errors.", "Ask the database on-call what they know."],
         every: "20m"),
    ],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "3m"),
)"#;

const SCENE: &str = "\"A quiet Tuesday evening; one engineer is on call for each team.\"";

fn small() -> Arc<Scenario> {
    let text = SMALL.replace("BRIEFING", SCENE);
    match scenario::load_str("small.ron", &text) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render(false)),
    }
}

fn sim(sc: &Arc<Scenario>, cmds: &[(u64, &str, Command)]) -> Sim {
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(1));
    for (tick, actor, c) in cmds {
        sim.queue(*tick, Actor::parse(sc, actor).unwrap(), c.clone());
    }
    sim
}

fn run_to(sim: &mut Sim, tick: u64) {
    while sim.tick() <= tick && sim.step() {}
}

/// A role's feed with ticks.
fn feed(sim: &Sim, role: &str) -> Vec<(u64, Observation)> {
    let r = sim.scenario().role_ix(role).unwrap();
    sim.log()
        .feed(r)
        .iter()
        .map(|(t, o)| (t, o.clone()))
        .collect()
}

fn offered(sim: &Sim, role: &str) -> Vec<(u64, String)> {
    feed(sim, role)
        .into_iter()
        .filter_map(|(t, o)| match o {
            Observation::HypothesisOffered { hypothesis, .. } => Some((t, hypothesis.to_string())),
            _ => None,
        })
        .collect()
}

fn rejections(sim: &Sim, role: &str) -> Vec<(u64, String)> {
    feed(sim, role)
        .into_iter()
        .filter_map(|(t, o)| match o {
            Observation::Rejected { reason } => Some((t, reason)),
            _ => None,
        })
        .collect()
}

fn learnt(sim: &Sim, role: &str, fact: &str) -> Option<u64> {
    feed(sim, role).into_iter().find_map(|(t, o)| match o {
        Observation::FactLearned { fact: f, .. } if &*f == fact => Some(t),
        _ => None,
    })
}

#[test]
fn a_hypothesis_comes_up_only_with_a_fact_that_bears_on_it() {
    let sc = small();
    let mut s = sim(
        &sc,
        &[
            (0, "ic", Command::Inspect("api".into())),
            (10, "ic", Command::Propose("failing_disk".into())),
            (10, "ic", Command::Propose("no_such_thing".into())),
        ],
    );
    run_to(&mut s, 20);
    // The card holder has it on the table from the start; the commander has nothing.
    assert_eq!(offered(&s, "dba"), vec![(0, "failing_disk".to_string())]);
    assert!(offered(&s, "ic").is_empty());
    // Proposing it is refused, in the same words as a name that does not exist.
    let refused = rejections(&s, "ic");
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused[0].1.contains("on your table"), "{refused:?}");
    assert_eq!(
        refused[0].1.replace("failing_disk", "x"),
        refused[1].1.replace("no_such_thing", "x")
    );
    assert!(!s.log().events().iter().any(|e| matches!(
        &e.body,
        EventBody::Seen {
            what: Observation::Hypothesis { .. },
            ..
        }
    )));
    // Watching the API once its errors show teaches the timeouts, and brings the hypothesis up.
    run_to(&mut s, 600);
    let t = learnt(&s, "ic", "api_timeouts").expect("the ic learns the timeouts");
    assert_eq!(offered(&s, "ic"), vec![(t, "failing_disk".to_string())]);
}

#[test]
fn a_teammate_raising_it_puts_it_on_everyone_s_table() {
    let sc = small();
    let mut s = sim(
        &sc,
        &[
            (5, "dba", Command::Propose("failing_disk".into())),
            (6, "ic", Command::Support("failing_disk".into())),
        ],
    );
    run_to(&mut s, 10);
    assert!(
        rejections(&s, "ic").is_empty(),
        "{:?}",
        rejections(&s, "ic")
    );
    let supported = feed(&s, "ic").iter().any(|(_, o)| {
        matches!(o, Observation::Hypothesis { change: HypothesisChange::Supported, by, .. } if &**by == "ic")
    });
    assert!(supported);
}

#[test]
fn a_refused_confirmation_names_the_side_the_evidence_is_missing_from() {
    let sc = small();
    let mut s = sim(&sc, &[(30, "dba", Command::Confirm("failing_disk".into()))]);
    run_to(&mut s, 40);
    let refused = rejections(&s, "dba");
    assert_eq!(refused.len(), 1, "{refused:?}");
    let why = &refused[0].1;
    assert!(why.contains("nothing yet from api's side"), "{why}");
    // Never the fact itself.
    assert!(
        !why.contains("api_timeouts") && !why.contains("timing out"),
        "{why}"
    );
}

#[test]
fn a_suspicion_in_words_is_shown_to_all_and_a_match_replays() {
    let sc = small();
    let cmds = vec![
        (
            20,
            Actor::parse(&sc, "ic").unwrap(),
            Command::Suspect("  Something is wrong with the database's disk  ".into()),
        ),
        (
            30,
            Actor::Facilitator,
            Command::Match {
                suspicion: 1,
                hypothesis: "failing_disk".into(),
            },
        ),
        (
            31,
            Actor::Facilitator,
            Command::Match {
                suspicion: 7,
                hypothesis: "failing_disk".into(),
            },
        ),
        (
            40,
            Actor::parse(&sc, "ic").unwrap(),
            Command::Suspect("   ".into()),
        ),
    ];
    let (bytes, s) = record(&sc, &RunOptions::new(3), &cmds);
    for role in ["ic", "dba"] {
        let seen = feed(&s, role).into_iter().any(|(t, o)| {
            t == 20
                && matches!(&o, Observation::Suspicion { n: 1, by, text }
                    if &**by == "ic" && text == "Something is wrong with the database's disk")
        });
        assert!(seen, "{role} did not see the suspicion");
    }
    // The match counts as the author proposing it.
    let proposed = feed(&s, "dba").into_iter().any(|(t, o)| {
        t == 30
            && matches!(&o, Observation::Hypothesis { change: HypothesisChange::Proposed, by, hypothesis, .. }
                if &**by == "ic" && &**hypothesis == "failing_disk")
    });
    assert!(proposed);
    // An empty suspicion is refused; a match of a suspicion that does not exist does nothing.
    assert_eq!(rejections(&s, "ic").len(), 1);
    let run = parse(&bytes);
    let report = replay::verify(&run, sc.clone());
    assert!(report.reproduced(), "{}", report.divergence.unwrap());
}

#[test]
fn a_dashboard_fact_needs_its_chart_in_view() {
    let sc = small();
    let watch = |charts: &[&str]| Command::Watch(charts.iter().map(|c| (*c).into()).collect());
    // The throughput chart is in view, not the errors: nothing learnt.
    let mut s = sim(
        &sc,
        &[
            (0, "ic", Command::Inspect("api".into())),
            (0, "ic", watch(&["api/throughput"])),
        ],
    );
    run_to(&mut s, 900);
    assert_eq!(learnt(&s, "ic", "api_timeouts"), None);
    // Scrolling the errors into view teaches it then.
    let mut s = sim(
        &sc,
        &[
            (0, "ic", Command::Inspect("api".into())),
            (0, "ic", watch(&["api/throughput"])),
            (700, "ic", watch(&["api/throughput", "api/error_rate"])),
        ],
    );
    run_to(&mut s, 900);
    assert_eq!(learnt(&s, "ic", "api_timeouts"), Some(700));
    // A participant that never reports its view (a bot, a command file) reads the dashboard.
    let mut s = sim(&sc, &[(0, "ic", Command::Inspect("api".into()))]);
    run_to(&mut s, 900);
    assert!(learnt(&s, "ic", "api_timeouts").is_some_and(|t| t < 700));
    // A chart that is not on the role's dashboards is refused.
    let mut s = sim(&sc, &[(1, "ic", watch(&["db/error_rate"]))]);
    run_to(&mut s, 2);
    assert!(rejections(&s, "ic")[0].1.contains("db/error_rate"));
}

#[test]
fn stuck_brings_the_next_hint_now_and_is_recorded() {
    let sc = small();
    let mut s = sim(
        &sc,
        &[(60, "ic", Command::Stuck), (400, "ic", Command::Stuck)],
    );
    run_to(&mut s, 500);
    let hints: Vec<(u64, usize, String)> = feed(&s, "ic")
        .into_iter()
        .filter_map(|(t, o)| match o {
            Observation::Hint { tier, text, .. } => Some((t, tier, text)),
            _ => None,
        })
        .collect();
    // Before the hint applies: a plain answer. Tier 1 once the fault is on, by itself; tier 2
    // when asked, long before its 20 minutes.
    assert_eq!(hints.len(), 3, "{hints:?}");
    assert_eq!((hints[0].0, hints[0].1), (60, 0));
    assert!(hints[0].2.contains("No hint applies yet"));
    assert_eq!(hints[1].1, 1);
    assert!((180..=181).contains(&hints[1].0), "{hints:?}");
    assert_eq!((hints[2].0, hints[2].1), (400, 2));
    // The debrief's log holds the request.
    let asked = s
        .log()
        .events()
        .iter()
        .filter(|e| {
            matches!(
                &e.body,
                EventBody::Command {
                    command: Command::Stuck,
                    ..
                }
            )
        })
        .count();
    assert_eq!(asked, 2);
}

#[test]
fn check_warns_when_a_trainee_text_names_the_root_cause() {
    let warnings = |briefing: &str| {
        let text = SMALL.replace("BRIEFING", &format!("\"{briefing}\""));
        let loaded = scenario::load_str("small.ron", &text)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        loaded
            .warnings
            .iter()
            .map(|d| d.message.clone())
            .filter(|m| m.contains("names the root cause"))
            .collect::<Vec<_>>()
    };
    let told = warnings("Everyone knows the database disks are failing again.");
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains("the briefing") && told[0].contains("failing_disk"));
    // Naming the system is not naming the cause.
    assert!(warnings("A quiet evening; the database team is on call.").is_empty());
    assert!(warnings(SCENE.trim_matches('"')).is_empty());
}

#[test]
fn shipped_scenarios_brief_the_scene_without_naming_the_cause() {
    for path in common::shipped() {
        let loaded = scenario::load_path(path).unwrap_or_else(|e| panic!("{}", e.render(false)));
        assert!(
            loaded.scenario.file.meta.briefing.is_some(),
            "{path} has no briefing"
        );
        let told: Vec<_> = loaded
            .warnings
            .iter()
            .filter(|d| d.message.contains("names the root cause"))
            .collect();
        assert!(told.is_empty(), "{path}: {told:?}");
    }
}

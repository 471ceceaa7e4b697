//! Bots: the boundary (a bot never receives ground truth), replay, reliability knobs, plays and
//! requests, the shipped scenarios, hints, and the bot parts of the scenario checker.

mod common;

use std::process::Command as Process;
use std::sync::Arc;

use common::{load, shipped, try_load_text};
use firedrill::rehearse::{self, Options};
use firedrill::scenario::compiled::RoleIx;
use firedrill::scenario::model::HypothesisKind;
use firedrill::scenario::{self, Scenario};
use firedrill::sim::bots::{BotPublic, audit};
use firedrill::sim::boundary::PublicScenario;
use firedrill::sim::commands::Actor;
use firedrill::sim::log::{Command, Event, EventBody, Observation};
use firedrill::sim::state::Status;
use firedrill::sim::{RunOptions, Sim};

fn all_bots(sc: &Scenario, seed: u64) -> RunOptions {
    let mut o = RunOptions::new(seed);
    o.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
    o
}

fn run(sc: &Arc<Scenario>, options: &RunOptions) -> Sim {
    let mut sim = Sim::new(sc.clone(), options);
    sim.run_to_end();
    sim
}

/// Commands given by a role, with the tick they were applied.
fn commands_of<'a>(log: &'a [Event], role: &str) -> Vec<(u64, &'a Command)> {
    log.iter()
        .filter_map(|e| match &e.body {
            EventBody::Command { actor, command } if &**actor == role => Some((e.tick, command)),
            _ => None,
        })
        .collect()
}

fn role(sc: &Scenario, id: &str) -> RoleIx {
    sc.role_ix(id).expect("role exists")
}

#[test]
fn public_scenario_holds_no_ground_truth() {
    for path in shipped() {
        let sc = load(path);
        let json = serde_json::to_string(&PublicScenario::new(&sc)).unwrap();
        for fault in &sc.faults {
            // Ids are matched as whole names (`cert_expired` is part of a public hypothesis id).
            let id = format!("\"{}\"", fault.id);
            assert!(!json.contains(&id), "{path}: fault id {}", fault.id);
            assert!(
                !json.contains(&fault.title),
                "{path}: fault title {}",
                fault.title
            );
        }
        for inject in sc.file.injects.iter() {
            if let Some(note) = &inject.note {
                assert!(!json.contains(note.as_str()), "{path}: inject note");
            }
        }
        // What kind a hypothesis is (root cause, distractor) is for the facilitator only.
        for kind in ["RootCause", "Contributing", "Wrong", "kind"] {
            assert!(
                !json.contains(kind),
                "{path}: hypothesis kind `{kind}` leaks"
            );
        }
        // No fact's text, nor even its name (so nothing says which facts prove which
        // hypothesis): a bot reads a fact, and what it bears on, only when its feed delivers it.
        for fact in &sc.facts {
            assert!(
                !json.contains(&fact.text),
                "{path}: text of fact {}",
                fact.id
            );
            let id = format!("\"{}\"", fact.id);
            assert!(!json.contains(&id), "{path}: fact id {}", fact.id);
        }
    }
}

#[test]
fn a_bot_view_shows_only_its_own_feed_and_public_data() {
    for path in shipped() {
        let sc = load(path);
        let sim = run(&sc, &all_bots(&sc, sc.seed));
        let public = sim.world().resource::<BotPublic>();
        let status = sim.world().resource::<Status>();
        for (r, def) in sc.roles.iter().enumerate() {
            let view = public.view(r, sim.log().feed(r), sim.tick());
            let json = serde_json::to_string(&view).unwrap();
            for fault in &sc.faults {
                assert!(
                    !json.contains(&fault.title),
                    "{path}: {} sees a fault title",
                    def.id
                );
                let id = format!("\"{}\"", fault.id);
                assert!(!json.contains(&id), "{path}: {} sees a fault id", def.id);
            }
            // Facts the role never learnt never reached its view.
            for (f, fact) in sc.facts.iter().enumerate() {
                if !status.known[f].contains(r) {
                    assert!(
                        !json.contains(&fact.text),
                        "{path}: {} sees {}",
                        def.id,
                        fact.id
                    );
                }
            }
            // Structurally, the feed is exactly the observations delivered to this role.
            let delivered: Vec<&Observation> = sim
                .log()
                .events()
                .iter()
                .filter_map(|e| match &e.body {
                    EventBody::Seen { to, what } if to.contains(&def.id) => Some(what),
                    _ => None,
                })
                .collect();
            let feed: Vec<&Observation> = view.feed().iter().map(|(_, o)| o).collect();
            assert_eq!(feed, delivered, "{path}: feed of {}", def.id);
        }
    }
}

#[test]
fn every_bot_command_is_backed_by_its_feed() {
    for path in shipped() {
        let sc = load(path);
        for seed in 0..4 {
            let sim = run(&sc, &all_bots(&sc, seed));
            let public = sim.world().resource::<BotPublic>();
            let bots: Vec<RoleIx> = (0..sc.roles.len()).collect();
            let problems = audit(public, sim.log(), &bots);
            assert!(problems.is_empty(), "{path} seed {seed}: {problems:#?}");
            let given = sim
                .log()
                .events()
                .iter()
                .filter(|e| matches!(e.body, EventBody::Command { .. }))
                .count();
            assert!(
                given > 20,
                "{path}: the bots hardly did anything ({given} commands)"
            );
        }
    }
}

#[test]
fn the_feed_audit_catches_a_command_without_evidence() {
    let sc = load("scenarios/retry-storm.ron");
    let mut sim = Sim::new(sc.clone(), &all_bots(&sc, 1));
    let storage = role(&sc, "storage");
    // Given as if by the storage bot before it could know anything.
    sim.queue(
        5,
        Actor::Role(storage),
        Command::Confirm("retry_storm".into()),
    );
    sim.queue(
        6,
        Actor::Role(storage),
        Command::Ack("metadata_saturated".into()),
    );
    sim.run_to_end();
    let public = sim.world().resource::<BotPublic>();
    let problems = audit(public, sim.log(), &[storage]);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("tick 5") && p.contains("without evidence")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("tick 6") && p.contains("never fired"))
    );
}

#[test]
fn bot_runs_replay_exactly() {
    for path in shipped() {
        let sc = load(path);
        let options = all_bots(&sc, 42);
        let mut a = Sim::new(sc.clone(), &options);
        let mut b = Sim::new(sc.clone(), &options);
        while a.step() {
            assert!(b.step());
            assert_eq!(
                a.checksum(),
                b.checksum(),
                "{path}: diverged at {}",
                a.tick()
            );
        }
        assert!(!b.step());
        assert_eq!(a.log().events(), b.log().events(), "{path}");
        let other = run(&sc, &all_bots(&sc, 43));
        assert_ne!(
            a.log().events(),
            other.log().events(),
            "{path}: the seed changes nothing"
        );
    }
}

#[test]
fn replaying_the_peoples_commands_recreates_a_mixed_run() {
    let sc = load("scenarios/retry-storm.ron");
    let mut options = RunOptions::new(9);
    options.bots = vec!["storage".into(), "metadata".into(), "queue".into()];
    let ic = role(&sc, "ic");
    let mut live = Sim::new(sc.clone(), &options);
    // A person plays the commander, reacting at odd moments the bots do not expect.
    live.queue(31, Actor::Role(ic), Command::Inspect("table_api".into()));
    live.queue(400, Actor::Role(ic), Command::Say("Looking.".into()));
    live.queue(
        430,
        Actor::Role(ic),
        Command::Ask {
            to: "metadata".into(),
            text: "Anything odd?".into(),
            about: Some("metadata".into()),
        },
    );
    live.queue(500, Actor::Role(ic), Command::Run("post_status".into()));
    live.run_to_end();
    let mut replay = Sim::new(sc.clone(), &options);
    for (tick, command) in commands_of(live.log().events(), "ic") {
        replay.queue(tick, Actor::Role(ic), command.clone());
    }
    replay.run_to_end();
    assert_eq!(live.log().events(), replay.log().events());
    assert_eq!(live.checksum(), replay.checksum());
}

#[test]
fn a_bot_takes_an_action_a_teammate_asks_for() {
    let sc = load("scenarios/retry-storm.ron");
    let mut options = RunOptions::new(3);
    options.bots = vec!["storage".into()];
    let mut sim = Sim::new(sc.clone(), &options);
    let ic = role(&sc, "ic");
    let tell = |text: &str| Command::Tell {
        to: "storage".into(),
        text: text.into(),
    };
    // Asked by title for one action and by id for another; a third is not its to take.
    sim.queue(
        60,
        Actor::Role(ic),
        tell("Could you run a network path check between storage and metadata?"),
    );
    sim.queue(
        400,
        Actor::Role(ic),
        tell("please reduce_membership_retries"),
    );
    sim.queue(500, Actor::Role(ic), tell("and add_metadata_capacity too"));
    sim.run_to_end();
    let runs: Vec<(u64, String)> = commands_of(sim.log().events(), "storage")
        .into_iter()
        .filter_map(|(t, c)| match c {
            Command::Run(a) => Some((t, a.to_string())),
            _ => None,
        })
        .collect();
    let ran = |a: &str| runs.iter().find(|(_, x)| x == a).map(|r| r.0);
    // Before any page (its own play would run it then), because it was asked.
    assert!(
        ran("check_network").is_some_and(|t| t > 60 && t < 360),
        "{runs:?}"
    );
    assert!(
        ran("reduce_membership_retries").is_some_and(|t| t > 400),
        "{runs:?}"
    );
    assert_eq!(ran("add_metadata_capacity"), None, "{runs:?}");
}

#[test]
fn slips_make_bots_miss_pages_and_forget_to_share() {
    let text = std::fs::read_to_string("scenarios/retry-storm.ron").unwrap();
    let with = |knobs: &str| {
        let text = text.replace("bot: (", &format!("bot: ({knobs}, "));
        let sc = try_load_text("retry-storm.ron", &text).unwrap();
        run(&sc, &all_bots(&sc, 5))
    };
    let count = |sim: &Sim, want: &dyn Fn(&Command) -> bool| {
        let commands = sim.log().events().iter().filter_map(|e| match &e.body {
            EventBody::Command { command, .. } => Some(command),
            _ => None,
        });
        commands.filter(|c| want(c)).count()
    };
    let acks = |sim: &Sim| count(sim, &|c| matches!(c, Command::Ack(_)));
    // Shares to the channel nobody asked for (answers go to the asker).
    let volunteered = |sim: &Sim| count(sim, &|c| matches!(c, Command::Share { to: None, .. }));
    let careful = with("slip: \"0%\"");
    assert!(acks(&careful) > 0);
    assert!(volunteered(&careful) > 0);
    // Missing every page: nothing acknowledged, and the `Paged` plays wait (no status update
    // from the commander's bot, whose only play is cued by a page).
    let deaf = with("misses: \"100%\", forgets: \"0%\"");
    assert_eq!(acks(&deaf), 0);
    assert_eq!(
        count(
            &deaf,
            &|c| matches!(c, Command::Run(a) if &**a == "post_status")
        ),
        0
    );
    assert!(volunteered(&deaf) > 0);
    // Forgetting to share: pages still answered, but what it finds out stays with it unless
    // asked or needed for a proposal.
    let quiet = with("misses: \"0%\", forgets: \"100%\"");
    assert_eq!(acks(&quiet), acks(&careful));
    assert!(volunteered(&quiet) < volunteered(&careful));
}

#[test]
fn bots_take_their_time_to_answer() {
    let sc = load("scenarios/expired-certificate.ron");
    let vendor = role(&sc, "vendor");
    let delay = sc.roles[vendor].bot.answer_delay;
    assert!(delay >= 60);
    let sim = run(&sc, &all_bots(&sc, 11));
    let events = sim.log().events();
    let mut answered = 0;
    for e in events {
        let EventBody::Seen {
            what: Observation::Question { from, to, .. },
            ..
        } = &e.body
        else {
            continue;
        };
        if &**to != "vendor" {
            continue;
        }
        let reply = commands_of(events, "vendor").into_iter().find(|(t, c)| {
            *t > e.tick
                && match c {
                    Command::Share { to: Some(x), .. } | Command::Tell { to: x, .. } => x == from,
                    _ => false,
                }
        });
        let (t, _) = reply.expect("the vendor answers every question");
        assert!(
            t >= e.tick + delay / 2,
            "answered at {t} a question asked at {}",
            e.tick
        );
        answered += 1;
    }
    assert!(answered > 0);
}

#[test]
fn all_bot_teams_solve_every_shipped_scenario_but_never_diagnose_without_sharing() {
    for path in shipped() {
        let sc = load(path);
        let mut opts = Options::new(&sc, 8);
        opts.first_seed = 100;
        let runs = rehearse::run_all(&sc, &opts, &|| {});
        let (with, without): (Vec<_>, Vec<_>) = runs.iter().partition(|r| r.sharing);
        let solved = with.iter().filter(|r| r.resolved).count();
        assert!(
            solved >= 6,
            "{path}: only {solved} of 8 all-bot runs solved it"
        );
        assert!(without.iter().all(|r| r.diagnosed.is_none()), "{path}");
        assert_eq!(without.len(), 8);
    }
}

#[test]
fn stall_hints_escalate_in_tiers_and_are_logged() {
    let sc = load("scenarios/retry-storm.ron");
    // Nobody plays: the diagnosis never moves.
    let sim = run(&sc, &RunOptions::new(1));
    let ic = role(&sc, "ic");
    let hints: Vec<(u64, usize, String)> = sim
        .log()
        .feed(ic)
        .iter()
        .filter_map(|(t, o)| match o {
            Observation::Hint { hint, tier, text } if &**hint == "look_past_trigger" => {
                Some((t, *tier, text.clone()))
            }
            _ => None,
        })
        .collect();
    let tiers: Vec<usize> = hints.iter().map(|h| h.1).collect();
    assert_eq!(tiers, [1, 2, 3]);
    assert!(hints[0].0 >= 360, "shown before 6 minutes without progress");
    for pair in hints.windows(2) {
        assert!(pair[1].0 >= pair[0].0 + 240, "tiers closer than `every`");
    }
    // Only its roles see it, and each hint is in the event log.
    let storage = role(&sc, "storage");
    assert!(sim.log().feed(storage).iter().all(
        |(_, o)| !matches!(o, Observation::Hint { hint, .. } if &**hint == "look_past_trigger")
    ));
    let mut quiet = RunOptions::new(1);
    quiet.hints = false;
    let sim = run(&sc, &quiet);
    assert!(sim.log().events().iter().all(|e| !matches!(
        &e.body,
        EventBody::Seen {
            what: Observation::Hint { .. },
            ..
        }
    )));
}

#[test]
fn progress_on_the_diagnosis_postpones_a_stall_hint() {
    let sc = load("scenarios/retry-storm.ron");
    let first_hint = |sim: &Sim| {
        sim.log()
            .feed(role(&sc, "ic"))
            .iter()
            .find(|(_, o)| matches!(o, Observation::Hint { hint, .. } if &**hint == "look_past_trigger"))
            .map(|(t, _)| t)
    };
    // Left alone, roles keep learning from logs until 7m30s; the hint follows 6 minutes later.
    let idle = first_hint(&run(&sc, &RunOptions::new(1))).unwrap();
    assert_eq!(idle, 450 + 360);
    let mut busy = Sim::new(sc.clone(), &RunOptions::new(1));
    let storage = Actor::Role(role(&sc, "storage"));
    busy.queue(
        600,
        storage,
        Command::Share {
            fact: "node_retry_policy".into(),
            to: None,
        },
    );
    busy.run_to_end();
    let busy = first_hint(&busy).unwrap();
    assert_eq!(busy, 600 + 360);
}

#[test]
fn a_hint_that_gives_the_answer_away_is_warned_about() {
    let text = std::fs::read_to_string("scenarios/retry-storm.ron").unwrap();
    let statement = "Storage nodes' membership retries keep the metadata service saturated, so lookups keep timing out.";
    let quoting = text.replace(
        "\"Compare how many membership lookups arrive now with how many arrived before 02:21.\"",
        &format!("\"It is this: {statement}\""),
    );
    let naming = text.replace(
        "\"The restart freed nothing for long. What keeps sending the load?\"",
        "\"Look for nodes_retrying_membership.\"",
    );
    let warnings = |text: &str| {
        let loaded = scenario::load_str("retry-storm.ron", text).map_err(|e| e.render(false));
        let loaded = loaded.unwrap();
        loaded
            .warnings
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(warnings(&text).iter().all(|w| !w.contains("hint")));
    let w = warnings(&quoting);
    assert!(
        w.iter().any(|m| m
            .contains("tier 3 of hint `look_past_trigger` quotes the root cause `retry_storm`")),
        "{w:?}"
    );
    let w = warnings(&naming);
    assert!(
        w.iter()
            .any(|m| m.contains("names the fact `nodes_retrying_membership`")),
        "{w:?}"
    );
}

#[test]
fn a_bot_play_must_be_an_action_its_role_may_take() {
    let text = std::fs::read_to_string("scenarios/retry-storm.ron").unwrap();
    let bad = text.replace(
        "plays: [(run: \"add_metadata_capacity\", when: Confirmed(\"retry_storm\"))]",
        "plays: [(run: \"pause_membership_lookups\", when: Confirmed(\"retry_storm\"))]",
    );
    assert_ne!(bad, text);
    let err = try_load_text("retry-storm.ron", &bad).unwrap_err();
    assert!(
        err.contains("role `metadata` may not take the action `pause_membership_lookups`"),
        "{err}"
    );
    let unknown = text.replace(
        "when: Confirmed(\"retry_storm\")",
        "when: Confirmed(\"retry_stormm\")",
    );
    let err = try_load_text("retry-storm.ron", &unknown).unwrap_err();
    assert!(
        err.contains("retry_stormm") && err.contains("did you mean `retry_storm`?"),
        "{err}"
    );
}

#[test]
fn run_fills_every_unplayed_role_with_a_bot() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("ic.ron");
    std::fs::write(
        &script,
        r#"Commands(commands: [
            (at: "30s", role: "ic", do: Inspect("table_api")),
            (at: "8m30s", role: "ic", do: Run("post_status")),
        ])"#,
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_firedrill");
    let out = Process::new(bin)
        .args([
            "run",
            "scenarios/retry-storm.ron",
            "--role",
            "ic",
            "--commands",
        ])
        .arg(&script)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("resolved at"), "{stdout}");
    assert!(!stdout.contains("not resolved"), "{stdout}");
    // A command file that plays a role a bot has is refused with a way out.
    let out = Process::new(bin)
        .args([
            "run",
            "scenarios/retry-storm.ron",
            "--role",
            "ic",
            "--commands",
        ])
        .arg("tests/scripts/retry-storm-solve.ron")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("a bot plays that role") && stderr.contains("--role storage"),
        "{stderr}"
    );
    let out = Process::new(bin)
        .args(["run", "scenarios/retry-storm.ron", "--role", "dba"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("no role `dba`"),
        "{stderr}"
    );
}

#[test]
fn red_herrings_mislead_bots_too() {
    // Bots are not told which statement is the root cause: evidence that points to a distractor
    // leads some bot to put it forward, as it would a person, and the team discards it later.
    // An Intro or Easy drill's red herring may be one a careful reader sees through at once.
    for path in shipped() {
        let sc = load(path);
        if sc.difficulty < firedrill::scenario::model::Difficulty::Medium {
            continue;
        }
        let sim = run(&sc, &all_bots(&sc, 77));
        let wrong: Vec<&str> = sc
            .hypotheses
            .iter()
            .filter(|h| h.kind == HypothesisKind::Wrong)
            .map(|h| &*h.id)
            .collect();
        let believed = |actor: &str, h: &str| {
            let r = role(&sc, actor);
            sc.roles[r]
                .bot
                .believes
                .is_some_and(|b| &*sc.hypotheses[b].id == h)
        };
        let misled = sim.log().events().iter().any(|e| match &e.body {
            EventBody::Command {
                actor,
                command: Command::Propose(h) | Command::Confirm(h),
            } => wrong.contains(&&**h) && !believed(actor, h),
            _ => false,
        });
        assert!(misled, "{path}: no bot was ever tempted by a distractor");
        assert!(sim.outcome().end.resolved, "{path}: not resolved");
    }
}

#[test]
fn bots_leave_the_diagnosis_to_a_human_commander_for_a_while() {
    let sc = load("scenarios/retry-storm.ron");
    let mut options = RunOptions::new(21);
    // The commander is a trainee who, here, says nothing at all.
    options.bots = vec!["storage".into(), "metadata".into(), "queue".into()];
    let sim = run(&sc, &options);
    let events = sim.log().events();
    let tick_of = |want: &dyn Fn(&Command) -> bool| {
        events.iter().find_map(|e| match &e.body {
            EventBody::Command { command, .. } if want(command) => Some(e.tick),
            _ => None,
        })
    };
    let proposed = tick_of(&|c| matches!(c, Command::Propose(h) if &**h == "retry_storm")).unwrap();
    let confirmed =
        tick_of(&|c| matches!(c, Command::Confirm(h) if &**h == "retry_storm")).unwrap();
    assert!(
        confirmed >= proposed + 90,
        "proposed {proposed}, confirmed {confirmed}"
    );
    // Meanwhile the commander held every fact it needed to make the call itself, for a minute.
    let ic = role(&sc, "ic");
    let held: Vec<String> = sim
        .log()
        .feed(ic)
        .iter()
        .filter_map(|(t, o)| match o {
            Observation::FactLearned { fact, .. } if t + 60 <= confirmed => Some(fact.to_string()),
            _ => None,
        })
        .collect();
    for need in [
        "nodes_retrying_membership",
        "metadata_latency_above_timeout",
    ] {
        assert!(
            held.iter().any(|f| f == need),
            "the commander lacked {need}: {held:?}"
        );
    }
    assert!(sim.outcome().end.resolved);
}

/// The hints a role was shown.
fn hints_to(sim: &Sim, sc: &Scenario, role: &str) -> usize {
    let r = sc.role_ix(role).unwrap();
    sim.log()
        .feed(r)
        .iter()
        .filter(|(_, o)| matches!(o, Observation::Hint { .. }))
        .count()
}

#[test]
fn a_trainee_practising_alone_gets_the_hints_meant_for_bots() {
    // The stall hint is written for the commander; here the commander is a bot and the trainee
    // plays storage (and does nothing), so the nudges must reach the trainee instead.
    let sc = load("scenarios/retry-storm.ron");
    let mut options = RunOptions::new(sc.seed);
    options.bots = vec!["ic".into(), "metadata".into(), "queue".into()];
    let sim = run(&sc, &options);
    assert!(hints_to(&sim, &sc, "storage") >= 1);
    for bot in ["ic", "metadata", "queue"] {
        assert_eq!(hints_to(&sim, &sc, bot), 0, "{bot} got a hint");
    }
    // With a bot in every role the hints go where the author sent them.
    let sim = run(&sc, &all_bots(&sc, sc.seed));
    assert_eq!(hints_to(&sim, &sc, "storage"), 0);
}

#[test]
fn refused_confirmations_do_not_put_off_a_stall_hint() {
    // A team of people who say nothing gets the stall hint; trying to confirm every statement
    // over and over (and being refused) is not progress, so it gets the same hints.
    let sc = load("scenarios/retry-storm.ron");
    let silent = run(&sc, &RunOptions::new(sc.seed));
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(sc.seed));
    let queue = role(&sc, "queue");
    for t in (30..2400).step_by(120) {
        for h in &sc.hypotheses {
            sim.queue(t, Actor::Role(queue), Command::Confirm(h.id.clone()));
        }
    }
    sim.run_to_end();
    // Nothing it holds bears on any of them, so each is refused at the door.
    let refused = sim
        .log()
        .feed(queue)
        .iter()
        .any(|(_, o)| matches!(o, Observation::Rejected { .. }));
    assert!(refused, "the guesses were not refused");
    assert!(hints_to(&silent, &sc, "ic") > 0);
    assert_eq!(hints_to(&sim, &sc, "ic"), hints_to(&silent, &sc, "ic"));
}

#[test]
fn a_statement_cannot_be_confirmed_without_evidence() {
    // Trying every hypothesis at the start reveals nothing: none is on the role's table, so
    // each is refused in the same words as a name that does not exist, and nobody hears of it.
    let sc = load("scenarios/retry-storm.ron");
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(sc.seed));
    let queue = role(&sc, "queue");
    for h in &sc.hypotheses {
        sim.queue(10, Actor::Role(queue), Command::Confirm(h.id.clone()));
    }
    while sim.tick() < 12 {
        sim.step();
    }
    let heard = sim.log().events().iter().any(|e| {
        matches!(
            &e.body,
            EventBody::Seen {
                what: Observation::Hypothesis { .. },
                ..
            }
        )
    });
    assert!(!heard);
    let answers: Vec<String> = sim
        .log()
        .feed(queue)
        .iter()
        .filter_map(|(_, o)| match o {
            Observation::Rejected { reason } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(answers.len(), sc.hypotheses.len());
    for (a, h) in answers.iter().zip(&sc.hypotheses) {
        assert_eq!(
            a.replace(&*h.id, "x"),
            answers[0].replace(&*sc.hypotheses[0].id, "x")
        );
    }
}

#[test]
fn bots_take_requests_in_questions_and_on_the_channel_but_not_negations() {
    let sc = load("scenarios/retry-storm.ron");
    let ran = |command: Command| {
        let mut options = RunOptions::new(sc.seed);
        options.bots = vec!["storage".into(), "metadata".into(), "queue".into()];
        let mut sim = Sim::new(sc.clone(), &options);
        sim.queue(200, Actor::Role(role(&sc, "ic")), command);
        while sim.tick() < 400 {
            sim.step();
        }
        commands_of(sim.log().events(), "storage")
            .iter()
            .any(|(_, c)| matches!(c, Command::Run(a) if &**a == "reduce_membership_retries"))
    };
    assert!(ran(Command::Ask {
        to: "storage".into(),
        text: "Can you reduce_membership_retries now?".into(),
        about: None,
    }));
    assert!(ran(Command::Say(
        "storage: please reduce_membership_retries".into()
    )));
    assert!(!ran(Command::Say(
        "storage: don't reduce_membership_retries yet".into()
    )));
    assert!(!ran(Command::Say(
        "Done triaging. Nobody touch reduce_membership_retries yet.".into()
    )));
}

#[test]
fn a_bot_looks_at_its_looks_first_dashboards_in_order() {
    let text = std::fs::read_to_string("scenarios/retry-storm.ron").unwrap();
    let inspected = |looks: &str| {
        let text = text.replace(
            "bot: (looks_first: [\"table_api\"], answer_delay: \"30s\",",
            &format!("bot: (looks_first: {looks}, answer_delay: \"30s\","),
        );
        let sc = try_load_text("retry-storm.ron", &text).unwrap();
        let sim = run(&sc, &all_bots(&sc, 3));
        let inspects: Vec<String> = commands_of(sim.log().events(), "ic")
            .into_iter()
            .filter_map(|(_, c)| match c {
                Command::Inspect(s) => Some(s.to_string()),
                _ => None,
            })
            .take(2)
            .collect();
        inspects
    };
    assert_eq!(
        inspected("[\"edge\", \"table_api\"]"),
        ["edge", "table_api"]
    );
    assert_eq!(
        inspected("[\"table_api\", \"edge\"]"),
        ["table_api", "edge"]
    );
}

/// A paged bot gets oriented before it acts (only the acknowledgement goes out at once), and takes
/// `read` to read what it observes before sharing it; both default from the difficulty.
#[test]
fn bots_take_a_persons_time_to_get_oriented_and_to_read() {
    let text = |pace: &str| {
        format!(
            r#"Scenario(
    meta: (title: "Pace", summary: "s", difficulty: Hard, time_limit: "30m"),
    services: [(id: "db", kind: Database, capacity: 1000, latency: "5ms")],
    traffic: [(to: "db", rps: 500)],
    faults: [(id: "f", target: "db", title: "t", effects: [ErrorRate("50%")], trigger: At("2m"), ends: [After("20m")])],
    logs: [(id: "oops", service: "db", level: Error, text: "oops", when: FaultActive("f"), every: "30s")],
    alerts: [(id: "errs", title: "Errors", when: Above("db.error_rate", 10), for: "30s", severity: Page, route: ["dba"])],
    roles: [
        (id: "dba", title: "DBA", briefing: "b", dashboards: ["db"], logs: ["db"], knows: ["a"],
         bot: ({pace} slip: "0%", plays: [(run: "status", when: Paged)])),
        (id: "ic", title: "IC", briefing: "b", commander: true, knows: ["b"]),
    ],
    facts: [(id: "a", text: "a"), (id: "b", text: "b"), (id: "seen", text: "seen", from: [Log("oops")])],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["a", "b"])],
    actions: [(id: "status", title: "Status", roles: ["dba"], effects: [StatusUpdate])],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "1m"),
)"#
        )
    };
    let defaults = try_load_text("pace.ron", &text("")).unwrap();
    let dba = role(&defaults, "dba");
    assert_eq!(
        (defaults.roles[dba].bot.orient, defaults.roles[dba].bot.read),
        firedrill::sim::bots::pace_defaults(firedrill::scenario::model::Difficulty::Hard)
    );
    // (orient, read) in seconds → (first action, first share) after the page / the log line.
    let timing = |orient: u64, read: u64, seed: u64| {
        let sc = try_load_text(
            "pace.ron",
            &text(&format!(r#"orient: "{orient}s", read: "{read}s","#)),
        )
        .unwrap();
        let mut options = RunOptions::new(seed);
        options.bots = vec!["dba".into()];
        let sim = run(&sc, &options);
        let events = sim.log().events();
        let seen = |want: &dyn Fn(&Observation) -> bool| {
            events.iter().find_map(|e| match &e.body {
                EventBody::Seen { to, what } if to.iter().any(|r| &**r == "dba") && want(what) => {
                    Some(e.tick)
                }
                _ => None,
            })
        };
        let paged = seen(&|o| matches!(o, Observation::AlertFired { .. })).expect("paged");
        let logged = seen(&|o| matches!(o, Observation::Log { .. })).expect("a log line");
        let cmds = commands_of(events, "dba");
        let ack = cmds
            .iter()
            .find(|(_, c)| matches!(c, Command::Ack(_)))
            .unwrap()
            .0;
        let acted = cmds
            .iter()
            .find(|(_, c)| matches!(c, Command::Run(_)))
            .unwrap()
            .0;
        let shared = cmds
            .iter()
            .find(|(_, c)| matches!(c, Command::Share { fact, .. } if &**fact == "seen"))
            .unwrap()
            .0;
        (ack - paged, acted - paged, shared - logged)
    };
    for seed in 1..6 {
        let (ack, acted, _) = timing(240, 0, seed);
        assert!(ack < 60, "the acknowledgement goes out at once: {ack} s");
        assert!(
            (120..=400).contains(&acted),
            "acts once oriented (4 min ± half): {acted} s"
        );
        let (_, quick, _) = timing(0, 0, seed);
        assert!(quick < acted, "without orienting it acts sooner");
        let (_, _, shared) = timing(0, 120, seed);
        assert!(
            shared >= 60,
            "reads a log line before sharing it (2 min ± half): {shared} s"
        );
        assert_eq!(timing(240, 120, seed), timing(240, 120, seed), "replays");
    }
}

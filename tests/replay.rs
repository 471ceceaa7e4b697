//! Replay: recorded runs re-simulate exactly in a fresh app; a changed scenario is refused; a
//! damaged run file loads up to its last complete tick; forks share their parent's history.

mod common;

use std::sync::Arc;

use common::recording::*;
use firedrill::record::fork::{self, ForkError};
use firedrill::record::replay::{
    self, DivergenceKind, ScenarioError, ScenarioOrigin, ScenarioVersion,
};
use firedrill::record::{ReadError, RunFile, RunHeader, RunWriter};
use firedrill::scenario::{self, Scenario};
use firedrill::sim::commands::Actor;
use firedrill::sim::log::{Command, EventBody};
use firedrill::sim::{RunOptions, Sim};

/// The first three shipped scenarios (retry-storm, pool-exhaustion, expired-certificate).
fn scenarios() -> impl Iterator<Item = &'static str> {
    common::shipped().take(3)
}

/// One random run: recorded, read back, replayed in a fresh app.
fn record_and_replay(sc: &Arc<Scenario>, case: u64) {
    let mut rng = Rng(case.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut options = RunOptions::new(rng.next());
    options.hints = rng.below(2) == 0;
    // Some runs have a bot in a seat: its commands are not inputs but re-simulated.
    if case.is_multiple_of(3) {
        options.bots = vec![sc.roles[rng.below(sc.roles.len())].id.to_string()];
    }
    let count = 5 + rng.below(40);
    // People never command a bot's seat: a replay regenerates everything said from it.
    let cmds: Vec<_> = random_script(sc, &mut rng, count)
        .into_iter()
        .filter(|(_, a, _)| !matches!(a, Actor::Role(r) if options.bots.iter().any(|b| *b == *sc.roles[*r].id)))
        .collect();
    let (bytes, sim) = record(sc, &options, &cmds);
    let run = parse(&bytes);
    assert!(run.damage.is_none(), "case {case}: {:?}", run.damage);
    assert_eq!(
        run.events,
        sim.log().events(),
        "case {case}: the file round-trips the log"
    );
    assert_eq!(run.ticks(), sim.tick(), "case {case}");
    let report = replay::verify(&run, sc.clone());
    assert!(
        report.reproduced(),
        "case {case} (seed {}): {}",
        options.seed,
        report.divergence.unwrap()
    );
    assert_eq!(report.ticks, run.ticks());
    assert_eq!(report.events, run.events.len());
}

#[test]
fn replay_reproduces_210_random_scripted_runs() {
    let scenarios: Vec<Arc<Scenario>> = scenarios().map(load).collect();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let cases: u64 = 210;
    std::thread::scope(|s| {
        for t in 0..threads as u64 {
            let scenarios = &scenarios;
            s.spawn(move || {
                for case in (t..cases).step_by(threads) {
                    record_and_replay(&scenarios[case as usize % scenarios.len()], case);
                }
            });
        }
    });
}

#[test]
fn a_bot_run_replays_from_the_people_commands_alone() {
    let sc = load(STORM);
    let mut options = RunOptions::new(5);
    options.bots = vec!["storage".into(), "metadata".into(), "queue".into()];
    let cmds: Vec<_> = commands(STORM_SOLVE, &sc)
        .into_iter()
        .filter(|(_, a, _)| *a == Actor::Role(sc.role_ix("ic").unwrap()))
        .collect();
    let (bytes, _) = record(&sc, &options, &cmds);
    let run = parse(&bytes);
    let bot_commands = run
        .events
        .iter()
        .filter(|e| matches!(&e.body, EventBody::Command { actor, .. } if &**actor != "ic"))
        .count();
    assert!(bot_commands > 0, "the bots acted");
    assert_eq!(run.people_commands().len(), cmds.len());
    assert!(replay::verify(&run, sc).reproduced());
}

#[test]
fn a_run_that_does_not_reproduce_reports_its_first_divergent_tick_and_event() {
    let (sc, bytes, sim) = storm_run();
    let text = String::from_utf8(bytes).unwrap();
    // Edit the recorded command: the replay applies the edited one, and what follows differs.
    let ack = r#"{"command":{"actor":"ic","command":{"Ack":"table_errors"}}}"#;
    let edited = text.replacen(ack, &ack.replace("table_errors", "queue_errors"), 1);
    assert_ne!(edited, text);
    let run = parse(edited.as_bytes());
    let command = run
        .events
        .iter()
        .find(|e| {
            matches!(
                &e.body,
                EventBody::Command {
                    command: Command::Ack(_),
                    ..
                }
            )
        })
        .unwrap()
        .clone();
    let d = replay::verify(&run, sc.clone())
        .divergence
        .expect("diverges");
    assert_eq!(d.tick, command.tick);
    match &d.kind {
        DivergenceKind::Event { recorded, replayed } => {
            let (r, p) = (recorded.as_ref().unwrap(), replayed.as_ref().unwrap());
            assert_eq!(r.seq, command.seq + 1, "the event right after the command");
            assert_eq!(
                **r,
                sim.log().events()[r.seq as usize],
                "the recording's own event"
            );
            assert!(matches!(
                &p.body,
                EventBody::Seen {
                    what: firedrill::sim::log::Observation::Rejected { .. },
                    ..
                }
            ));
        }
        other => panic!("expected an event divergence, got {other:?}"),
    }
    let shown = d.to_string();
    assert!(
        shown.contains(&format!("tick {}, event {}", command.tick, command.seq + 1)),
        "{shown}"
    );

    // A moved line breaks its tick's event count, which the reader checks.
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| *l == ack).unwrap();
    let moved = lines.remove(at);
    lines.insert(at + 40, moved);
    let run = RunFile::parse((lines.join("\n") + "\n").as_bytes()).unwrap();
    assert!(
        run.damage
            .as_ref()
            .unwrap()
            .reason
            .contains("lines are missing or repeated")
    );
    assert_eq!(run.ticks(), command.tick);

    // Another seed in the header diverges on the very first event.
    let seeded = text.replacen(
        &format!("\"seed\":{},", sc.seed),
        &format!("\"seed\":{},", sc.seed + 1),
        1,
    );
    let d = replay::verify(&parse(seeded.as_bytes()), sc)
        .divergence
        .unwrap();
    assert_eq!(d.tick, 0);
}

#[test]
fn a_replay_that_differs_only_in_state_reports_the_checksum() {
    let (sc, bytes, _) = storm_run();
    let mut run = parse(&bytes);
    run.checksums[100] ^= 1;
    let d = replay::verify(&run, sc).divergence.unwrap();
    assert_eq!(d.tick, 100);
    assert!(matches!(d.kind, DivergenceKind::Checksum { .. }));
    assert!(d.to_string().contains("tick 100"), "{d}");
}

/// Every byte offset in the first ticks, then a stride through the file: a cut file never
/// panics, and keeps exactly the ticks whose closing line is whole.
#[test]
fn a_run_file_cut_anywhere_loads_up_to_its_last_complete_tick() {
    let (sc, bytes, sim) = storm_run();
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut offsets: Vec<usize> = (0..header_end + 4000).collect();
    offsets.extend((header_end..bytes.len()).step_by(211));
    offsets.push(bytes.len() - 1);
    let mut rng = Rng(9);
    offsets.extend((0..200).map(|_| rng.below(bytes.len())));
    let full = sim.log().events();
    for &cut in &offsets {
        let prefix = &bytes[..cut];
        match RunFile::parse(prefix) {
            Err(e) => {
                assert!(cut < header_end, "cut at {cut}: {e}");
                let msg = e.to_string();
                assert!(
                    matches!(e, ReadError::Empty | ReadError::HeaderTruncated(_)),
                    "cut at {cut}: {msg}"
                );
            }
            Ok(run) => {
                assert!(
                    cut >= header_end - 1,
                    "cut at {cut} inside the header loaded"
                );
                let whole_lines = &prefix[..prefix
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)];
                let ends = whole_lines
                    .split(|&b| b == b'\n')
                    .filter(|l| l.starts_with(b"{\"end\":"))
                    .count() as u64;
                assert_eq!(run.ticks(), ends, "cut at {cut}");
                assert_eq!(run.events, &full[..run.events.len()], "cut at {cut}");
                assert!(run.events.iter().all(|e| e.tick < run.ticks()));
                // A whole header without its newline is a run stopped before its first tick.
                let clean = prefix.ends_with(b"\n") || cut == header_end - 1;
                assert_eq!(
                    run.damage.is_none(),
                    clean,
                    "cut at {cut}: {:?}",
                    run.damage
                );
                if let Some(d) = &run.damage {
                    assert!(d.byte <= cut && d.byte >= whole_lines.len().min(cut));
                    assert!(d.to_string().contains("cut short"), "{d}");
                }
            }
        }
    }
    // A cut file replays up to where it stops.
    for cut in [header_end + 5000, bytes.len() / 2, bytes.len() - 7] {
        let run = RunFile::parse(&bytes[..cut]).unwrap();
        let report = replay::verify(&run, sc.clone());
        assert!(report.reproduced(), "cut at {cut}: {:?}", report.divergence);
        assert_eq!(report.ticks, run.ticks());
    }
}

#[test]
fn damage_in_the_middle_is_reported_where_it_starts() {
    let (_, bytes, _) = storm_run();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let victim = 400;
    let byte: usize = lines[..victim].iter().map(|l| l.len() + 1).sum();
    let ticks_before = lines[..victim]
        .iter()
        .filter(|l| l.starts_with("{\"end\""))
        .count() as u64;
    for garbage in [
        "not json at all",
        "{\"truth\":{\"no_such_event\":{}}}",
        "{\"end\":[999999,1,\"zz\"]}",
    ] {
        let mut damaged = lines.clone();
        damaged[victim] = garbage;
        let run = RunFile::parse((damaged.join("\n") + "\n").as_bytes()).unwrap();
        let d = run.damage.as_ref().expect("damage found");
        assert_eq!(d.line, victim + 1, "{garbage}: {d}");
        assert_eq!(d.byte, byte);
        assert_eq!(run.ticks(), ticks_before);
    }
    // Bytes that are not UTF-8 at all.
    let mut binary = bytes[..byte].to_vec();
    binary.extend([0xff, 0xfe, 0x00, b'\n']);
    binary.extend(&bytes[byte..]);
    let run = RunFile::parse(&binary).unwrap();
    assert_eq!(run.damage.unwrap().line, victim + 1);
}

#[test]
fn files_that_are_not_run_files_get_a_clear_error() {
    let check = |bytes: &[u8], want: &str| {
        let err = RunFile::parse(bytes).expect_err("refused");
        assert!(err.to_string().contains(want), "{err}");
    };
    check(b"", "empty");
    check(b"hello\nworld\n", "not a firedrill run file");
    check(b"{\"name\":1}\n", "no `firedrill_run`");
    check(b"{\"firedrill_run\":1,\"x\":2}\n", "format 1");
    check(b"{\"firedrill_run\":99}\n", "newer firedrill");
    check(
        b"{\"firedrill_run\":2,\"generator\":\"x\"}\n",
        "header (line 1) is damaged",
    );
    check(b"{\"firedrill_run\":2,\"gene", "cut short");
    let missing = RunFile::load(std::path::Path::new("/no/such/run.jsonl")).unwrap_err();
    assert!(missing.to_string().contains("/no/such/run.jsonl"));
}

/// The scenario file on disk is compared with the hash in the run.
#[test]
fn a_changed_scenario_is_refused_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("storm.ron");
    let original = std::fs::read_to_string(STORM).unwrap();
    std::fs::write(&path, &original).unwrap();
    let sc = load(path.to_str().unwrap());
    let cmds = commands(STORM_SOLVE, &sc);
    let (bytes, _) = record(&sc, &RunOptions::new(3), &cmds);
    let run = parse(&bytes);
    let resolve = |v| replay::resolve_scenario(&run.header, v, None);

    let same = resolve(ScenarioVersion::Checked).unwrap();
    assert_eq!(same.origin, ScenarioOrigin::File);
    assert!(replay::verify(&run, same.scenario).reproduced());

    // Noise is part of the story: a changed value must not be replayed silently.
    std::fs::write(
        &path,
        original.replacen("noise: \"3%\"", "noise: \"4%\"", 1),
    )
    .unwrap();
    let err = resolve(ScenarioVersion::Checked).err().expect("refused");
    assert!(matches!(err, ScenarioError::Changed { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("has changed since this run was recorded"),
        "{msg}"
    );
    assert!(msg.contains(&run.header.scenario.hash[..12]), "{msg}");
    assert!(
        msg.contains("--use-current") && msg.contains("--use-recorded"),
        "{msg}"
    );

    let current = resolve(ScenarioVersion::Current).unwrap();
    assert!(matches!(current.origin, ScenarioOrigin::Changed { .. }));
    let report = replay::verify(&run, current.scenario);
    let d = report.divergence.expect("the new noise diverges");
    assert_eq!(d.tick, 0);
    match d.kind {
        // Not the run's first event, which names the scenario's hash: the first noisy sample.
        DivergenceKind::Event { recorded, .. } => assert!(matches!(
            recorded.unwrap().body,
            EventBody::Seen {
                what: firedrill::sim::log::Observation::Metrics { .. },
                ..
            }
        )),
        other => panic!("{other:?}"),
    }

    // An edit that changes nothing the simulation reads replays exactly, new hash and all.
    std::fs::write(&path, format!("// reviewed\n{original}")).unwrap();
    assert!(resolve(ScenarioVersion::Checked).is_err());
    let current = resolve(ScenarioVersion::Current).unwrap();
    assert!(replay::verify(&run, current.scenario).reproduced());
    std::fs::write(
        &path,
        original.replacen("noise: \"3%\"", "noise: \"4%\"", 1),
    )
    .unwrap();

    let recorded = resolve(ScenarioVersion::Recorded).unwrap();
    assert_eq!(recorded.origin, ScenarioOrigin::Stored { missing: false });
    assert!(replay::verify(&run, recorded.scenario).reproduced());

    // Gone from disk: the stored copy is used, and the user is told.
    std::fs::remove_file(&path).unwrap();
    let stored = resolve(ScenarioVersion::Checked).unwrap();
    assert_eq!(stored.origin, ScenarioOrigin::Stored { missing: true });
    assert!(
        stored
            .describe(&run.header)
            .contains("the copy of the scenario stored in the run file, since")
    );
    assert!(replay::verify(&run, stored.scenario).reproduced());
}

#[test]
fn the_replay_command_refuses_a_changed_scenario_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let scenario_path = dir.path().join("storm.ron");
    let run_path = dir.path().join("run.jsonl");
    let original = std::fs::read_to_string(STORM).unwrap();
    std::fs::write(&scenario_path, &original).unwrap();
    let bin = env!("CARGO_BIN_EXE_firedrill");
    let status = std::process::Command::new(bin)
        .args([
            "run",
            scenario_path.to_str().unwrap(),
            "--commands",
            STORM_SOLVE,
            "--out",
        ])
        .arg(&run_path)
        .output()
        .unwrap();
    assert!(status.status.success());
    let replay = |extra: &[&str]| {
        std::process::Command::new(bin)
            .arg("replay")
            .arg(&run_path)
            .args(extra)
            .output()
            .unwrap()
    };
    let ok = replay(&[]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("reproduced"));

    std::fs::write(
        &scenario_path,
        original.replacen("capacity: 1300", "capacity: 1400", 1),
    )
    .unwrap();
    let refused = replay(&[]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("has changed since this run was recorded"),
        "{err}"
    );

    let anyway = replay(&["--use-current"]);
    assert!(!anyway.status.success(), "the new capacity changes the run");
    let out = String::from_utf8_lossy(&anyway.stdout);
    assert!(
        out.contains("does not reproduce") && out.contains("tick"),
        "{out}"
    );

    let stored = replay(&["--use-recorded"]);
    assert!(stored.status.success());
}

#[test]
fn a_fork_shares_events_before_its_tick_and_differs_after() {
    let (sc, bytes, parent_sim) = storm_run();
    let parent = parse(&bytes);
    let at = 11 * 60; // after the diagnosis, before anyone acts on it
    let stored = replay::stored_scenario(&parent.header).unwrap();
    let mut f = fork::start(&parent, "parent.jsonl", stored, at, Some(Vec::new())).unwrap();
    assert_eq!(f.sim.tick(), at);
    // Other decisions: restart metadata instead of pausing the lookups.
    let metadata = Actor::Role(sc.role_ix("metadata").unwrap());
    f.sim
        .queue(at + 30, metadata, Command::Run("restart_metadata".into()));
    f.run_to_end().unwrap();
    let bytes = f.writer.take().unwrap().into_inner();
    let child = parse(&bytes);

    let point = child
        .header
        .forked_from
        .as_ref()
        .expect("the fork records its parent");
    assert_eq!(point.parent, "parent.jsonl");
    assert_eq!(point.at, at);
    assert_eq!(
        point.checksum.as_deref(),
        Some(format!("{:016x}", parent.checksums[at as usize - 1]).as_str())
    );
    let before = |events: &[firedrill::sim::log::Event]| {
        events
            .iter()
            .filter(|e| e.tick < at)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(before(&child.events), before(&parent.events));
    assert_eq!(
        child.checksums[..at as usize],
        parent.checksums[..at as usize]
    );
    let first_difference = child
        .events
        .iter()
        .zip(&parent.events)
        .position(|(a, b)| a != b)
        .expect("the runs differ");
    assert!(child.events[first_difference].tick >= at);
    assert_ne!(
        child.end(),
        parent.end(),
        "without the pause the storm goes on"
    );
    assert!(
        replay::verify(&child, sc.clone()).reproduced(),
        "a fork replays like any run"
    );

    // With the parent's own later decisions, the fork is the parent again.
    let mut same = fork::start(&parent, "p", sc.clone(), at, None::<Vec<u8>>).unwrap();
    for (tick, actor, command) in parent.people_commands() {
        if tick >= at {
            same.sim
                .queue(tick, Actor::parse(&sc, actor).unwrap(), command.clone());
        }
    }
    same.run_to_end().unwrap();
    assert_eq!(same.sim.log().events(), parent_sim.log().events());
}

#[test]
fn a_fork_point_must_lie_within_the_run() {
    let (sc, bytes, _) = storm_run();
    let run = parse(&bytes);
    let (end, _, _) = run.end().unwrap();
    let err = fork::start(&run, "p", sc.clone(), end + 1, None::<Vec<u8>>)
        .err()
        .unwrap();
    assert!(matches!(err, ForkError::AfterEnd { .. }), "{err}");
    let cut = RunFile::parse(&bytes[..bytes.len() / 3]).unwrap();
    let err = fork::start(&cut, "p", sc.clone(), cut.ticks() + 1, None::<Vec<u8>>)
        .err()
        .unwrap();
    assert!(matches!(err, ForkError::PastRecording { .. }), "{err}");
    assert!(
        err.to_string().contains(&format!(
            "holds ticks 0 to {} only; fork at {} or earlier",
            cut.ticks() - 1,
            cut.ticks()
        )),
        "{err}"
    );
    // Forking a cut run where it stops continues it.
    assert!(fork::start(&cut, "p", sc.clone(), cut.ticks(), None::<Vec<u8>>).is_ok());
    // A run file with no complete tick can only be forked at its start.
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let empty = RunFile::parse(&bytes[..header_end + 10]).unwrap();
    assert_eq!(empty.ticks(), 0);
    let err = fork::start(&empty, "p", sc.clone(), 5, None::<Vec<u8>>)
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(
        msg.contains("holds no complete tick, so it can only be forked at its start (0)"),
        "{msg}"
    );
    assert!(!msg.contains("-1"), "{msg}");
    assert!(fork::start(&empty, "p", sc, 0, None::<Vec<u8>>).is_ok());
}

#[test]
fn the_fork_command_writes_a_run_that_records_its_parent() {
    let dir = tempfile::tempdir().unwrap();
    let run_path = dir.path().join("run.jsonl");
    let more = dir.path().join("more.ron");
    let fork_path = dir.path().join("what-if.jsonl");
    let bin = env!("CARGO_BIN_EXE_firedrill");
    let ok = std::process::Command::new(bin)
        .args(["run", STORM, "--commands", STORM_SOLVE, "--out"])
        .arg(&run_path)
        .output()
        .unwrap();
    assert!(ok.status.success());
    std::fs::write(
        &more,
        r#"Commands(commands: [(at: "12m", role: "metadata", do: Run("restart_metadata"))])"#,
    )
    .unwrap();
    let out = std::process::Command::new(bin)
        .arg("fork")
        .arg(&run_path)
        .args(["--at", "11m", "--commands"])
        .arg(&more)
        .arg("--out")
        .arg(&fork_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("forked from"));
    let child = RunFile::load(&fork_path).unwrap();
    assert_eq!(child.header.forked_from.as_ref().unwrap().at, 660);
    // Commands before the fork point would rewrite shared history: refused.
    std::fs::write(
        &more,
        r#"Commands(commands: [(at: "5m", role: "metadata", do: Run("restart_metadata"))])"#,
    )
    .unwrap();
    let early = std::process::Command::new(bin)
        .arg("fork")
        .arg(&run_path)
        .args(["--at", "11:00", "--commands"])
        .arg(&more)
        .output()
        .unwrap();
    assert!(!early.status.success());
    assert!(String::from_utf8_lossy(&early.stderr).contains("before the fork point"));
}

/// Writing the same run twice gives the same bytes: the file holds nothing but the run.
#[test]
fn the_run_file_is_deterministic() {
    let (_, a, _) = storm_run();
    let (_, b, _) = storm_run();
    assert_eq!(a, b);
    let header: RunHeader =
        serde_json::from_slice(&a[..a.iter().position(|&x| x == b'\n').unwrap()]).unwrap();
    assert_eq!(header.firedrill_run, firedrill::record::FORMAT_VERSION);
    assert_eq!(
        header.scenario.hash,
        scenario::content_hash(&header.scenario.text)
    );
}

/// A writer must see every tick; one it missed is an error, not a silently wrong file.
#[test]
fn a_writer_that_misses_a_tick_says_so() {
    let sc = load(STORM);
    let options = RunOptions::new(1);
    let mut sim = Sim::new(sc.clone(), &options);
    let mut w = RunWriter::new(Vec::new(), &RunHeader::new(&sc, &options)).unwrap();
    sim.step();
    w.tick(&sim).unwrap();
    w.tick(&sim).unwrap(); // the same tick again: nothing new
    sim.step();
    sim.step();
    assert!(w.tick(&sim).is_err());
}

/// A fork keeps its parent's seats: commands for a role a bot played would be taken for the
/// bot's on replay and dropped, so the fork would not reproduce. They are refused, as by `run`.
#[test]
fn a_fork_refuses_commands_for_a_role_a_bot_plays() {
    let sc = load("scenarios/expired-certificate.ron");
    let mut options = RunOptions::new(sc.seed);
    options.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
    let (bytes, _) = record(&sc, &options, &[]);
    let run = parse(&bytes);
    let stored = replay::stored_scenario(&run.header).unwrap();
    let mut f = fork::start(&run, "bots.jsonl", stored, 600, None::<Vec<u8>>).unwrap();
    let ic = Actor::Role(sc.role_ix("ic").unwrap());
    let err = f
        .queue(720, ic, Command::Run("update_status".into()))
        .unwrap_err();
    assert!(matches!(&err, ForkError::BotSeat(r) if r == "ic"), "{err}");
    assert!(err.to_string().contains("a bot plays that role"), "{err}");
    // The facilitator's seat is nobody's bot.
    assert!(f.queue(720, Actor::Facilitator, Command::Pause).is_ok());

    // The command line says so and writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let run_path = dir.path().join("bots.jsonl");
    std::fs::write(&run_path, &bytes).unwrap();
    let cmds = dir.path().join("botfork.ron");
    std::fs::write(
        &cmds,
        r#"Commands(commands: [ (at: "12m", role: "ic", do: Run("update_status")) ])"#,
    )
    .unwrap();
    let fork_path = dir.path().join("bf.jsonl");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .arg("fork")
        .arg(&run_path)
        .args(["--at", "10m", "--commands"])
        .arg(&cmds)
        .arg("--out")
        .arg(&fork_path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("commands as `ic`, but a bot plays that role"),
        "{err}"
    );
    assert!(!fork_path.exists(), "no fork file that would not replay");
}

/// A killed run's recording replays up to where it stops, and the replay says that is all it
/// checked; a whole line that does not read in the middle is damage, and the replay fails.
#[test]
fn the_replay_command_tells_a_cut_recording_from_a_damaged_one() {
    let (_, bytes, _) = storm_run();
    let dir = tempfile::tempdir().unwrap();
    let replay = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
            .arg("replay")
            .arg(&path)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    // Killed mid-write: the last line is torn.
    let torn = &bytes[..bytes.len() / 2 + 7];
    let run = RunFile::parse(torn).unwrap();
    assert!(run.damage.as_ref().unwrap().torn_tail && !run.damaged());
    let last = run.last_tick().unwrap();
    let (ok, out, err) = replay("torn.jsonl", torn);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!("the recording stops at tick {last} ")),
        "{out}"
    );
    assert!(out.contains("reproduced up to there"), "{out}");
    assert!(!out.contains("reproduced: "), "{out}");

    // Killed between two lines: nothing is torn, but the run never ended.
    let cut_at = bytes[..bytes.len() / 2]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    let (ok, out, _) = replay("cut.jsonl", &bytes[..cut_at]);
    assert!(ok && out.contains("the recording stops at tick"), "{out}");

    // The whole run: reproduced, nothing about stopping.
    let (ok, out, _) = replay("whole.jsonl", &bytes);
    assert!(
        ok && out.contains("reproduced: ") && !out.contains("stops"),
        "{out}"
    );

    // A garbage line in the middle: the rest of the file is lost, so the replay fails and
    // says where.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[400] = "not json at all";
    let damaged = lines.join("\n") + "\n";
    let run = RunFile::parse(damaged.as_bytes()).unwrap();
    assert!(run.damaged());
    let (ok, out, err) = replay("damaged.jsonl", damaged.as_bytes());
    assert!(!ok, "{out}{err}");
    assert!(err.contains("is damaged at line 401"), "{err}");
    assert!(
        out.contains("reproduced the readable part: ticks 0 to"),
        "{out}"
    );
    assert!(!out.contains("killed"), "{out}");
}

/// The run file records the scenario path relative to where the run was started. A replay from
/// elsewhere looks next to the run file first, says which file it compared, and is honest when
/// no file is found or the run file's own copy is damaged.
#[test]
fn a_relative_scenario_path_is_found_next_to_the_run_file() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("c"),
    );
    for dir in [&a, &b, &c] {
        std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    }
    let original = std::fs::read_to_string(STORM).unwrap();
    std::fs::write(a.join("scenarios/storm.ron"), &original).unwrap();
    // An unrelated file of the same name where the replay is run from.
    std::fs::write(
        b.join("scenarios/storm.ron"),
        original.replacen("capacity: 1300", "capacity: 1400", 1),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_firedrill");
    let solve = std::fs::canonicalize(STORM_SOLVE).unwrap();
    let ok = std::process::Command::new(bin)
        .current_dir(&a)
        .args(["run", "scenarios/storm.ron", "--commands"])
        .arg(&solve)
        .args(["--out", "run.jsonl"])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let replay = |cwd: &std::path::Path, run: &std::path::Path, extra: &[&str]| {
        let out = std::process::Command::new(bin)
            .current_dir(cwd)
            .arg("replay")
            .arg(run)
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let run = a.join("run.jsonl");
    let (ok, out, err) = replay(&b, &run, &[]);
    assert!(ok, "{out}{err}");
    let next_to_run = a.join("scenarios/storm.ron");
    assert!(
        out.contains(&format!(
            "against scenario `{}` (recorded as `scenarios/storm.ron`) (unchanged since the run)",
            next_to_run.display()
        )),
        "{out}"
    );

    // Moved away from its scenario: the unrelated file in the current directory is what the
    // replay compared, and it says so.
    let moved = c.join("run.jsonl");
    std::fs::copy(&run, &moved).unwrap();
    let (ok, _, err) = replay(&b, &moved, &[]);
    assert!(!ok);
    assert!(
        err.contains("the scenario `scenarios/storm.ron` has changed since"),
        "{err}"
    );
    // No file anywhere: the stored copy, said plainly; --use-current has nothing to use.
    let (ok, out, err) = replay(&c, &moved, &[]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!(
            "against the copy of the scenario stored in the run file, since `scenarios/storm.ron` is not at `{}` (next to the run file) or in the current directory",
            c.join("scenarios/storm.ron").display()
        )),
        "{out}"
    );
    let (ok, _, err) = replay(&c, &moved, &["--use-current"]);
    assert!(!ok);
    assert!(
        err.contains("--use-current replays the scenario file as it is now, but `scenarios/storm.ron` is not at `"),
        "{err}"
    );

    // A run file whose stored copy does not match its recorded hash is damaged, whatever is on
    // disk.
    let text = std::fs::read_to_string(&run).unwrap();
    let header: RunHeader = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let bad = text.replacen(&header.scenario.hash, &"0".repeat(64), 1);
    let bad_path = a.join("bad.jsonl");
    std::fs::write(&bad_path, bad).unwrap();
    let (ok, _, err) = replay(&a, &bad_path, &[]);
    assert!(!ok);
    assert!(err.contains("the run file is damaged"), "{err}");
    assert!(!err.contains("has changed"), "{err}");
}

/// A run that has its `run_ended` tick is complete: anything after it, whole lines or a torn
/// one, is damage (the file was appended to), not the torn tail of a killed run.
#[test]
fn anything_after_the_end_of_a_whole_run_is_damage() {
    let (_, bytes, _) = storm_run();
    let whole = parse(&bytes);
    assert!(whole.end().is_some() && whole.damage.is_none());
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    for (tail, line, byte) in [
        (&b"garbage"[..], lines + 1, bytes.len()),
        (b"garbage\n", lines + 1, bytes.len()),
        (
            b"{\"end\":[99999,1,\"0000000000000000\"]}\n",
            lines + 1,
            bytes.len(),
        ),
        (b"\n{\"truth\":", lines + 2, bytes.len() + 1),
    ] {
        let mut appended = bytes.clone();
        appended.extend(tail);
        let run = parse(&appended);
        let shown = String::from_utf8_lossy(tail);
        assert!(run.damaged(), "{shown:?}: {:?}", run.damage);
        let d = run.damage.as_ref().unwrap();
        assert_eq!((d.line, d.byte), (line, byte), "{shown:?}: {d}");
        assert!(d.reason.contains("the run ended at tick"), "{d}");
        assert_eq!(run.events, whole.events, "the run itself is kept");
        assert_eq!(run.end(), whole.end());
    }
    // Blank lines are no damage.
    let mut blank = bytes.clone();
    blank.extend(b"\n\n");
    assert!(parse(&blank).damage.is_none());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("appended.jsonl");
    let mut appended = bytes.clone();
    appended.extend(b"garbage");
    std::fs::write(&path, &appended).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .arg("replay")
        .arg(&path)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!out.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "goes on after the run ended at tick {}",
            whole.end().unwrap().0
        )) && stderr.contains(&format!("line {}", lines + 1)),
        "{stderr}"
    );
    assert!(
        !stdout.contains("stops") && !stdout.contains("killed"),
        "{stdout}"
    );
}

/// Some tools write a UTF-8 byte-order mark before text: it is skipped, and the positions of
/// damage still count from the first byte of the file.
#[test]
fn a_byte_order_mark_before_the_header_is_skipped() {
    let (_, bytes, _) = storm_run();
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend(&bytes);
    let run = RunFile::parse(&with_bom).unwrap_or_else(|e| panic!("{e}"));
    assert!(run.damage.is_none(), "{:?}", run.damage);
    assert_eq!(run.events, parse(&bytes).events);
    assert_eq!(run.header, parse(&bytes).header);

    let text = String::from_utf8(with_bom.clone()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let byte: usize = lines[..400].iter().map(|l| l.len() + 1).sum();
    lines[400] = "not json at all";
    let damaged = RunFile::parse((lines.join("\n") + "\n").as_bytes()).unwrap();
    let d = damaged.damage.unwrap();
    assert_eq!((d.line, d.byte), (401, byte));

    // A header cut short or alone after the mark reads as it would without it.
    assert!(matches!(
        RunFile::parse(b"\xef\xbb\xbf"),
        Err(ReadError::Empty)
    ));
    assert!(matches!(
        RunFile::parse(b"\xef\xbb\xbf{\"firedrill_run\":2,\"gen"),
        Err(ReadError::HeaderTruncated(_))
    ));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.jsonl");
    std::fs::write(&path, &with_bom).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .arg("replay")
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("reproduced: "), "{stdout}");
}

/// An all-bot run has no input commands: the replay says that the bots decided theirs again and
/// they matched, rather than "0 commands match", which reads like a failure.
#[test]
fn replaying_an_all_bot_run_says_what_was_compared() {
    let dir = tempfile::tempdir().unwrap();
    let run_path = dir.path().join("bots.jsonl");
    let bin = env!("CARGO_BIN_EXE_firedrill");
    let run = std::process::Command::new(bin)
        .args(["run", TIMING, "--bots", "all", "--out"])
        .arg(&run_path)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = std::process::Command::new(bin)
        .arg("replay")
        .arg(&run_path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("reproduced: "), "{text}");
    assert!(!text.contains("0 commands match"), "{text}");
    assert!(
        text.contains("nobody but bots gave commands") && text.contains("each matches"),
        "{text}"
    );
    let parsed = parse(&std::fs::read(&run_path).unwrap());
    let bot_commands = parsed
        .events
        .iter()
        .filter(|e| matches!(e.body, firedrill::sim::log::EventBody::Command { .. }))
        .count();
    assert!(bot_commands > 0);
    assert!(
        text.contains(&format!("all {bot_commands} of theirs")),
        "{text}"
    );
}

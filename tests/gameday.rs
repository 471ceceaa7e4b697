//! A game day over real sockets, on loopback: a headless host and three scripted clients play
//! retry-storm to the end while one client is killed and rejoins and a hostile one does its worst.
//! Everything is bounded in time and ends by itself.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use firedrill::net::client::{self, JoinConfig, Joined, Phase};
use firedrill::net::protocol::{ClientMsg, ToHost};
use firedrill::record::RunFile;
use firedrill::sim::boundary::{Command as SimCommand, Observation};
use firedrill::sim::log::EventBody;

const BIN: &str = env!("CARGO_BIN_EXE_firedrill");
const SCENARIO: &str = "scenarios/retry-storm.ron";
const SCRIPT: &str = "tests/scripts/retry-storm-solve.ron";
const CODE: &str = "LOOP42";
const LIMIT: Duration = Duration::from_secs(150);

/// Kills the processes it holds when the test ends, however it ends.
struct Procs(Vec<Child>);

impl Drop for Procs {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn join(dir: &Path, addr: SocketAddr, role: &str, name: &str, feed: &str) -> Child {
    Command::new(BIN)
        .args([
            "join",
            &addr.to_string(),
            "--code",
            CODE,
            "--role",
            role,
            "--name",
            name,
        ])
        .args(["--headless", "--commands", SCRIPT, "--feed-out"])
        .arg(dir.join(feed))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a client")
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

/// The tick of the last complete line of a feed-out file (0 when there is none).
fn last_tick(path: &Path) -> u64 {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|v| v["tick"].as_u64())
        .unwrap_or(0)
}

fn wait(child: &mut Child, what: &str, deadline: Instant) {
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(e) = child.stderr.as_mut() {
                let _ = std::io::Read::read_to_string(e, &mut err);
            }
            assert!(status.success(), "{what} failed: {status}\n{err}");
            return;
        }
        assert!(Instant::now() < deadline, "{what} did not end in time");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The observations a feed-out file holds, as JSON values of `what`, with their ticks.
fn feed_file(path: &Path) -> Vec<(u64, serde_json::Value)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["tick"].as_u64().unwrap(), v["what"].clone())
        })
        .collect()
}

/// A role's feed in a run file, in the same form.
fn run_feed(run: &RunFile, role: &str) -> Vec<(u64, serde_json::Value)> {
    run.events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Seen { to, what } if to.iter().any(|t| &**t == role) => {
                Some((e.tick, serde_json::to_value(what).unwrap()))
            }
            _ => None,
        })
        .collect()
}

/// Each tick's events as a sorted list: commands from different clients in one tick may arrive
/// in either order, and nothing else may differ.
fn by_tick(run: &RunFile) -> BTreeMap<u64, Vec<String>> {
    let mut out: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for e in &run.events {
        out.entry(e.tick)
            .or_default()
            .push(serde_json::to_string(&e.body).unwrap());
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

fn facts_learnt(run: &RunFile, role: &str) -> Vec<String> {
    let mut v: Vec<String> = run
        .events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Seen {
                to,
                what: Observation::FactLearned { fact, .. },
            } if to.iter().any(|t| &**t == role) => Some(fact.to_string()),
            _ => None,
        })
        .collect();
    v.sort();
    v
}

/// A client of the library's own, driven from the test: it can send anything.
fn rogue(addr: SocketAddr, code: &str) -> bevy::app::App {
    client::app(JoinConfig {
        host: addr,
        code: code.into(),
        name: "mallory".into(),
        role: None,
        script: Vec::new(),
        feed_out: None,
    })
    .expect("a client app")
}

fn pump(app: &mut bevy::app::App, for_: Duration) {
    let until = Instant::now() + for_;
    while Instant::now() < until {
        app.update();
        std::thread::sleep(Duration::from_millis(4));
    }
}

fn send(app: &mut bevy::app::App, msg: ToHost) {
    app.world_mut().write_message(msg);
}

/// Garbage of every kind, from outside and inside the protocol.
fn attack(addr: SocketAddr) {
    // Datagrams that are not netcode at all.
    let raw = UdpSocket::bind("127.0.0.1:0").unwrap();
    for i in 0..300usize {
        let junk: Vec<u8> = (0..(i * 7) % 1400).map(|b| (b * 31 + i) as u8).collect();
        let _ = raw.send_to(&junk, addr);
    }
    // The wrong code: refused.
    let mut wrong = rogue(addr, "NOPE00");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !matches!(wrong.world().resource::<Joined>().phase, Phase::Failed(_)) {
        assert!(
            Instant::now() < deadline,
            "a client with the wrong code was not refused"
        );
        pump(&mut wrong, Duration::from_millis(20));
    }
    let Phase::Failed(why) = &wrong.world().resource::<Joined>().phase else {
        unreachable!()
    };
    assert!(why.contains("wrong join code"), "{why}");
    // The right code but no seat: its commands, garbage, oversized messages and a flood.
    let mut m = rogue(addr, CODE);
    pump(&mut m, Duration::from_millis(500));
    let act = |role: &str| {
        ClientMsg::Act {
            role: role.into(),
            at: Some(700),
            command: SimCommand::Run("pause_membership_lookups".into()),
        }
        .encode()
    };
    send(&mut m, act("storage"));
    send(&mut m, act("ic"));
    send(&mut m, ToHost("{\"act\": garbage".into()));
    send(&mut m, ToHost("x".repeat(200_000)));
    for i in 0..3000 {
        send(&mut m, ToHost(format!("{{\"say\": {i}}}")));
    }
    pump(&mut m, Duration::from_secs(2));
}

#[test]
fn a_game_day_over_loopback_replays_and_feeds_each_seat_its_own() {
    let deadline = Instant::now() + LIMIT;
    let dir = tempfile::tempdir().unwrap();
    let run_path: PathBuf = dir.path().join("run.jsonl");
    let mut host = Command::new(BIN)
        .args([
            "host",
            SCENARIO,
            "--headless",
            "--port",
            "0",
            "--code",
            CODE,
        ])
        .args(["--expect", "ic,storage,metadata", "--speed", "60", "--out"])
        .arg(&run_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the host");
    let stdout = host.stdout.take().unwrap();
    let mut procs = Procs(vec![host]);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let addr: SocketAddr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the host prints its address");
        if let Some(a) = line.split(" on ").nth(1) {
            break a.trim().parse().expect("an address");
        }
    };
    assert!(addr.ip().is_loopback());

    procs
        .0
        .push(join(dir.path(), addr, "ic", "Ada", "ic.jsonl"));
    procs
        .0
        .push(join(dir.path(), addr, "metadata", "Mo", "metadata.jsonl"));
    let mut storage = join(dir.path(), addr, "storage", "Bo", "storage-1.jsonl");
    let attacker = std::thread::spawn(move || attack(addr));
    // Four minutes into the incident, after its first command and before its next, the storage
    // on-call's laptop dies; they rejoin at once.
    let first = dir.path().join("storage-1.jsonl");
    while last_tick(&first) < 240 {
        assert!(Instant::now() < deadline, "the storage client saw nothing");
        std::thread::sleep(Duration::from_millis(5));
    }
    storage.kill().unwrap();
    storage.wait().unwrap();
    let seen_before_the_drop = lines(&first);
    procs
        .0
        .push(join(dir.path(), addr, "storage", "Bo", "storage-2.jsonl"));
    attacker.join().expect("the attack ran");

    // Everyone plays to the end; the host writes the run file and exits.
    for i in (1..procs.0.len()).rev() {
        let mut c = procs.0.remove(i);
        wait(&mut c, "a client", deadline);
    }
    let mut host = procs.0.remove(0);
    wait(&mut host, "the host", deadline);

    let run = RunFile::load(&run_path).unwrap();
    assert!(run.damage.is_none());
    assert!(
        run.end().is_some_and(|(_, resolved, _)| resolved),
        "{:?}",
        run.end()
    );
    // The recorded run replays exactly.
    let replay = Command::new(BIN)
        .arg("replay")
        .arg(&run_path)
        .output()
        .unwrap();
    assert!(
        replay.status.success(),
        "{}",
        String::from_utf8_lossy(&replay.stdout)
    );
    // Each client's feed is its role's feed in the run file; the rejoined one has it all.
    for (role, file) in [
        ("ic", "ic.jsonl"),
        ("metadata", "metadata.jsonl"),
        ("storage", "storage-2.jsonl"),
    ] {
        let got = feed_file(&dir.path().join(file));
        assert!(got.len() > 100, "{role}: {} observations", got.len());
        if role == "storage" {
            assert!(got.len() > seen_before_the_drop + 50);
        }
        assert_eq!(got, run_feed(&run, role), "{role}");
    }
    // The same commands played locally give the same run: the drop, the hostile client and the
    // refused lines of other roles changed nothing.
    let reference = dir.path().join("reference.jsonl");
    let local = Command::new(BIN)
        .args(["run", SCENARIO, "--commands", SCRIPT])
        .args([
            "--role", "ic", "--role", "storage", "--role", "metadata", "--out",
        ])
        .arg(&reference)
        .output()
        .unwrap();
    assert!(local.status.success());
    let reference = RunFile::load(&reference).unwrap();
    assert_eq!(by_tick(&run), by_tick(&reference));
    assert_eq!(
        facts_learnt(&run, "storage"),
        facts_learnt(&reference, "storage")
    );
    assert!(!facts_learnt(&run, "storage").is_empty());
    // The clients' commands for other roles were refused, never applied.
    let storage_cmds = run
        .events
        .iter()
        .filter(|e| matches!(&e.body, EventBody::Command { actor, .. } if &**actor == "storage"))
        .count();
    assert_eq!(storage_cmds, 5, "storage's own lines, once each");
}

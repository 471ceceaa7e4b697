//! Run files, replay and the debrief, on a one-hour run of the membership storm with a busy team
//! (dashboards, questions, shares, hypotheses every few minutes; nobody finds the fix, so the
//! storm and its logs run the whole hour).
//!
//! Targets (release): replay-verify of a one-hour run ≤ 0.2 s, from reading the file to the last
//! checksum; the HTML debrief of it ≤ 0.5 s, from reading the file to the page; the run file
//! ≤ 1 MB per simulated hour (checked here: the benchmark fails above it).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use firedrill::debrief;
use firedrill::record::replay::{self, stored_scenario};
use firedrill::record::{RunFile, RunHeader, RunWriter};
use firedrill::scenario::{self, Scenario};
use firedrill::sim::commands::Actor;
use firedrill::sim::log::Command;
use firedrill::sim::{RunOptions, Sim};

const HOUR: u64 = 3600;
const MB: usize = 1_000_000;

fn storm_for_an_hour() -> Arc<Scenario> {
    let path = "scenarios/retry-storm.ron";
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("time_limit: \"").unwrap() + "time_limit: \"".len();
    let end = start + text[start..].find('"').unwrap();
    let stretched = format!("{}1h{}", &text[..start], &text[end..]);
    match scenario::load_str(path, &stretched) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render(false)),
    }
}

/// A team that talks a lot and never stops the retries.
fn busy_team(sc: &Scenario) -> Vec<(u64, Actor, Command)> {
    let role = |id: &str| Actor::Role(sc.role_ix(id).unwrap());
    let (ic, storage, metadata, queue) =
        (role("ic"), role("storage"), role("metadata"), role("queue"));
    let mut out = vec![
        (30, ic, Command::Inspect("table_api".into())),
        (30, storage, Command::Inspect("storage".into())),
        (30, metadata, Command::Inspect("metadata".into())),
        (30, queue, Command::Inspect("queue_service".into())),
        (480, ic, Command::Ack("table_errors".into())),
        (600, ic, Command::Propose("bad_deploy".into())),
        (900, ic, Command::Run("rollback_table_api".into())),
        (1500, metadata, Command::Run("restart_metadata".into())),
        (
            1800,
            storage,
            Command::Share {
                fact: "nodes_retrying_membership".into(),
                to: None,
            },
        ),
        (2400, ic, Command::Discard("bad_deploy".into())),
        (2700, ic, Command::Propose("network_down".into())),
    ];
    for t in (120..HOUR).step_by(90) {
        out.push((
            t,
            ic,
            Command::Say(format!("status check at {t}s: anyone seeing changes?")),
        ));
        out.push((
            t + 20,
            ic,
            Command::Ask {
                to: "storage".into(),
                text: "what do the logs say?".into(),
                about: None,
            },
        ));
        out.push((
            t + 40,
            storage,
            Command::Tell {
                to: "ic".into(),
                text: "still timeouts".into(),
            },
        ));
        out.push((
            t + 60,
            metadata,
            Command::Say("metadata is saturated".into()),
        ));
    }
    out.sort_by_key(|c| c.0);
    out
}

fn record_hour() -> Vec<u8> {
    let sc = storm_for_an_hour();
    let options = RunOptions::new(sc.seed);
    let mut sim = Sim::new(sc.clone(), &options);
    for (t, a, c) in busy_team(&sc) {
        sim.queue(t, a, c);
    }
    let mut w = RunWriter::new(Vec::new(), &RunHeader::new(&sc, &options)).unwrap();
    while sim.step() {
        w.tick(&sim).unwrap();
    }
    assert_eq!(sim.tick(), HOUR, "the run lasts the hour");
    w.into_inner()
}

fn benches(c: &mut Criterion) {
    let bytes = record_hour();
    let per_hour = bytes.len();
    let events = RunFile::parse(&bytes).unwrap().events.len();
    println!(
        "run file of a one-hour run: {per_hour} bytes ({:.2} MB per simulated hour; {events} events)",
        per_hour as f64 / MB as f64
    );
    assert!(
        per_hour <= MB,
        "the run file must stay under 1 MB per simulated hour"
    );

    let mut g = c.benchmark_group("record");
    g.sample_size(20);
    g.bench_function(
        "replay-verify one hour (read, load scenario, re-simulate, compare)",
        |b| {
            b.iter(|| {
                let run = RunFile::parse(black_box(&bytes)).unwrap();
                let sc = stored_scenario(&run.header).unwrap();
                let report = replay::verify(&run, sc);
                assert!(report.reproduced());
                report.ticks
            })
        },
    );
    g.bench_function("HTML debrief of one hour (read, build, render)", |b| {
        b.iter(|| {
            let run = RunFile::parse(black_box(&bytes)).unwrap();
            let sc = stored_scenario(&run.header).unwrap();
            let d = debrief::from_run(&run, &sc);
            debrief::html::render(&d).len()
        })
    });
    g.bench_function("record one hour to memory", |b| b.iter(record_hour));
    g.finish();
}

criterion_group!(record, benches);
criterion_main!(record);

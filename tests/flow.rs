//! Behaviours of the load-flow model that scenarios rely on: caches, pools, partitions, queueing.

mod common;

use firedrill::sim::commands::Actor;
use firedrill::sim::log::Command;
use firedrill::sim::state::FlowState;
use firedrill::sim::{RunOptions, Sim};

fn scenario(services: &str, deps: &str, faults: &str, rps: u64) -> String {
    format!(
        r#"Scenario(
    meta: (title: "Flow", summary: "test", difficulty: Easy, time_limit: "1h", noise: "0%"),
    services: [{services}],
    dependencies: [{deps}],
    traffic: [(to: "front", rps: {rps})],
    faults: [{faults}],
    roles: [(id: "ops", title: "Ops", briefing: "b", dashboards: ["front"], commander: true, knows: ["a"]),
            (id: "dev", title: "Dev", briefing: "b", knows: ["b"])],
    facts: [(id: "a", text: "a"), (id: "b", text: "b")],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["a", "b"])],
    actions: [(id: "flush", title: "Flush", roles: ["ops"], effects: [FlushCache("front")]),
              (id: "status", title: "Status", roles: ["ops"], effects: [StatusUpdate])],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "1m"),
)"#
    )
}

/// The flow state after stepping to `tick` (or to the end of the run, if it ends first).
fn at(sim: &mut Sim, tick: u64) -> &FlowState {
    while sim.tick() < tick && sim.step() {}
    sim.world().resource::<FlowState>()
}

const NO_FAULT: &str = r#"(id: "never", target: "front", title: "t", effects: [Crash], trigger: Manual, ends: [After("1m")])"#;

#[test]
fn a_cold_cache_multiplies_the_load_behind_it_then_warms_up() {
    // The cache is the entry service here, so `FlushCache("front")` flushes it.
    let text = scenario(
        r#"(id: "front", kind: Cache, capacity: 20000, latency: "1ms", hit_rate: "90%", warmup: "5m"),
           (id: "db", kind: Database, capacity: 5000, latency: "5ms")"#,
        r#"(from: "front", to: "db", timeout: "1s")"#,
        NO_FAULT,
        1000,
    );
    let sc = common::load_text(&text);
    let db = sc.service_ix("db").unwrap();
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(1));
    let warm = at(&mut sim, 10 * 60).arrivals[db];
    assert!(
        (95_000..=105_000).contains(&warm),
        "a warm 90% cache passes a tenth on: {warm}"
    );
    let ops = sc.role_ix("ops").unwrap();
    sim.queue(10 * 60, Actor::Role(ops), Command::Run("flush".into()));
    let cold = at(&mut sim, 10 * 60 + 2).arrivals[db];
    assert!(cold > 900_000, "a cold cache passes everything on: {cold}");
    let later = at(&mut sim, 16 * 60).arrivals[db];
    assert!(
        later < 110_000,
        "warmed up again after the warm-up time: {later}"
    );
}

#[test]
fn slow_calls_exhaust_a_pool_and_throttle_the_caller() {
    let text = scenario(
        r#"(id: "front", kind: Api, capacity: 5000, latency: "5ms", concurrency: 100),
           (id: "db", kind: Database, capacity: 5000, latency: "5ms")"#,
        r#"(from: "front", to: "db", timeout: "5s")"#,
        r#"(id: "slow", target: "db", title: "t", effects: [AddedLatency("400ms")], trigger: At("5m"), ends: [After("30m")])"#,
        500,
    );
    let sc = common::load_text(&text);
    let front = sc.service_ix("front").unwrap();
    let mut sim = Sim::new(sc, &RunOptions::new(1));
    let before = at(&mut sim, 4 * 60).served[front];
    assert_eq!(before, 500_000, "serves everything while calls are fast");
    let flow = at(&mut sim, 10 * 60);
    // 100 connections each held for ~400 ms serve at most ~250 requests per second.
    assert!(
        flow.served[front] < 300_000,
        "served {}",
        flow.served[front]
    );
    assert!(flow.saturation_ppm(front) > 950_000, "pool full");
    assert!(
        flow.fail_ppm[front] > 300_000,
        "the rest is rejected: {}",
        flow.fail_ppm[front]
    );
}

#[test]
fn a_partition_makes_calls_time_out() {
    let text = scenario(
        r#"(id: "front", kind: Api, capacity: 5000, latency: "5ms"),
           (id: "db", kind: Database, capacity: 5000, latency: "5ms")"#,
        r#"(from: "front", to: "db", timeout: "800ms")"#,
        r#"(id: "cut", target: "front", title: "t", effects: [Partition("db")], trigger: At("1m"), ends: [After("2m")])"#,
        500,
    );
    let sc = common::load_text(&text);
    let (front, db) = (
        sc.service_ix("front").unwrap(),
        sc.service_ix("db").unwrap(),
    );
    let mut sim = Sim::new(sc, &RunOptions::new(1));
    let flow = at(&mut sim, 2 * 60);
    assert_eq!(flow.arrivals[db], 0, "nothing crosses the partition");
    assert_eq!(flow.fail_ppm[front], 1_000_000);
    assert!(
        flow.latency_us[front] >= 800_000,
        "callers wait for the timeout"
    );
    let flow = at(&mut sim, 5 * 60);
    assert_eq!(flow.fail_ppm[front], 0, "healed");
}

#[test]
fn latency_rises_along_the_queueing_curve() {
    let latency_at = |rps: u64| {
        let text = scenario(
            r#"(id: "front", kind: Api, capacity: 1000, latency: "10ms")"#,
            "",
            NO_FAULT,
            rps,
        );
        let sc = common::load_text(&text);
        let mut sim = Sim::new(sc, &RunOptions::new(1));
        at(&mut sim, 60).latency_us[0]
    };
    // M/M/1: mean response time is the service time over (1 - utilisation).
    assert_eq!(latency_at(500), 20_000);
    assert_eq!(latency_at(900), 100_000);
    assert!(
        latency_at(990) >= 200_000,
        "past the knee the queue takes over"
    );
}

#[test]
fn customers_who_fail_at_one_service_fall_back_to_another() {
    // Half of the requests failing at `front` come back as calls to `phone`, eased in over
    // about five minutes and out again once `front` recovers.
    let text = r#"Scenario(
    meta: (title: "Fallback", summary: "test", difficulty: Easy, time_limit: "1h", noise: "0%"),
    services: [(id: "front", kind: Api, capacity: 5000, latency: "5ms"),
               (id: "phone", kind: Api, capacity: 5000, latency: "5ms")],
    traffic: [(to: "front", rps: 2000),
              (to: "phone", rps: 100, fallback: (from: "front", share: "50%", over: "5m"))],
    faults: [(id: "down", target: "front", title: "t", effects: [Crash], trigger: At("5m"), ends: [After("20m")])],
    roles: [(id: "ops", title: "Ops", briefing: "b", dashboards: ["front"], commander: true, knows: ["a"]),
            (id: "dev", title: "Dev", briefing: "b", knows: ["b"])],
    facts: [(id: "a", text: "a"), (id: "b", text: "b")],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["a", "b"])],
    actions: [(id: "status", title: "Status", roles: ["ops"], effects: [StatusUpdate])],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "50m"),
)"#;
    let sc = common::load_text(text);
    let phone = sc.service_ix("phone").unwrap();
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(1));
    let calm = at(&mut sim, 4 * 60).arrivals[phone];
    assert_eq!(calm, 100_000, "no fallback while front works");
    let early = at(&mut sim, 6 * 60).arrivals[phone];
    let settled = at(&mut sim, 24 * 60).arrivals[phone];
    assert!(
        early > calm && early < settled,
        "eased in: {calm} → {early} → {settled}"
    );
    assert!(
        (1_050_000..=1_100_000).contains(&settled),
        "100 rps plus half of 2000 failing: {settled}"
    );
    let after = at(&mut sim, 45 * 60).arrivals[phone];
    assert!(after < 150_000, "eased out once front recovered: {after}");
}

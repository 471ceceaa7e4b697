//! Compounding emerges from the dynamics: a small capacity loss on a database becomes a retry storm
//! that takes the API down, and mitigating the root fault lets the system recover.

mod common;

use firedrill::sim::commands::Actor;
use firedrill::sim::log::Command;
use firedrill::sim::state::FlowState;
use firedrill::sim::{RunOptions, Sim};

/// A minimal shop: edge → api → db. Only the db has a fault; `retries` is the API's retry count.
/// `breaker` adds a circuit breaker on the API's calls to the database.
fn shop(retries: u32) -> String {
    shop_with(retries, "")
}

fn shop_with(retries: u32, breaker: &str) -> String {
    format!(
        r#"Scenario(
    meta: (title: "Cascade", summary: "test", difficulty: Easy, time_limit: "40m", noise: "0%"),
    services: [
        (id: "edge", kind: LoadBalancer, capacity: 10000, latency: "2ms"),
        (id: "api", kind: Api, capacity: 5000, latency: "10ms"),
        (id: "db", kind: Database, capacity: 1000, latency: "5ms"),
    ],
    dependencies: [
        (from: "edge", to: "api", timeout: "10s"),
        (from: "api", to: "db", timeout: "250ms", retries: {retries}{breaker}),
    ],
    traffic: [(to: "edge", rps: 800)],
    faults: [
        (id: "db_slow_disk", target: "db", title: "a disk lost a fifth of its speed",
         effects: [CapacityLoss("20%")], trigger: At("5m")),
    ],
    roles: [
        (id: "dba", title: "DBA", briefing: "b", dashboards: ["db"], commander: true,
         knows: ["disk"]),
        (id: "api", title: "API", briefing: "b", dashboards: ["api"], knows: ["errs"]),
    ],
    facts: [(id: "disk", text: "disk"), (id: "errs", text: "errors")],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["disk", "errs"])],
    actions: [
        (id: "replace_disk", title: "Replace the disk", roles: ["dba"], duration: "1m",
         effects: [Mitigate("db_slow_disk")]),
        (id: "shed", title: "Shed most traffic", roles: ["dba"], effects: [ShedLoad("edge", "70%")]),
        (id: "unshed", title: "Let traffic back", roles: ["dba"], effects: [ShedLoad("edge", "0%")]),
        (id: "status", title: "Status", roles: ["dba"], effects: [StatusUpdate]),
    ],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "2m"),
)"#
    )
}

fn api_error_ppm(sim: &Sim) -> u64 {
    let sc = sim.scenario();
    sim.world().resource::<FlowState>().fail_ppm[sc.service_ix("api").unwrap()]
}

fn db_retries(sim: &Sim) -> u64 {
    let sc = sim.scenario();
    sim.world().resource::<FlowState>().retries_in[sc.service_ix("db").unwrap()]
}

fn step_to(sim: &mut Sim, tick: u64) {
    while sim.tick() < tick {
        assert!(sim.step(), "the run ended early: {:?}", sim.outcome());
    }
}

const BREAKER: &str = r#", breaker: (opens_above: "50%", open_for: "30s")"#;

fn queue(sim: &mut Sim, tick: u64, action: &str) {
    let dba = sim.scenario().role_ix("dba").unwrap();
    sim.queue(tick, Actor::Role(dba), Command::Run(action.into()));
}

#[test]
fn a_small_database_fault_becomes_a_retry_storm() {
    let sc = common::load_text(&shop(3));
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(1));
    step_to(&mut sim, 4 * 60);
    assert!(api_error_ppm(&sim) < 100, "healthy before the fault");
    assert!(
        db_retries(&sim) < 1_000,
        "next to no retries before the fault"
    );

    step_to(&mut sim, 15 * 60);
    // Losing 20% of capacity leaves the database at 100% utilisation (800 of 800 rps): slow calls
    // time out, timed-out calls are retried, and the retries push it far past its capacity.
    let flow = sim.world().resource::<FlowState>();
    let db = sc.service_ix("db").unwrap();
    assert!(
        flow.arrivals[db] > 1_500_000,
        "retries should multiply the load on the database, got {} mrps",
        flow.arrivals[db]
    );
    assert!(
        db_retries(&sim) > 500_000,
        "retry attempts: {}",
        db_retries(&sim)
    );
    assert!(
        api_error_ppm(&sim) > 300_000,
        "the API should be failing a large share of requests, got {} ppm",
        api_error_ppm(&sim)
    );
}

#[test]
fn without_retries_the_same_fault_stays_small() {
    let with = {
        let mut sim = Sim::new(common::load_text(&shop(3)), &RunOptions::new(1));
        step_to(&mut sim, 15 * 60);
        api_error_ppm(&sim)
    };
    let without = {
        let mut sim = Sim::new(common::load_text(&shop(0)), &RunOptions::new(1));
        step_to(&mut sim, 15 * 60);
        api_error_ppm(&sim)
    };
    assert!(
        with > 2 * without,
        "retries should make things worse: {with} ppm with retries, {without} ppm without"
    );
}

#[test]
fn mitigating_the_root_fault_lets_the_system_recover() {
    // With a circuit breaker on the API's calls, the storm still takes the API down, and the
    // system recovers once the disk is replaced.
    let mut sim = Sim::new(
        common::load_text(&shop_with(3, BREAKER)),
        &RunOptions::new(1),
    );
    step_to(&mut sim, 4 * 60);
    assert!(api_error_ppm(&sim) < 100);
    let mut worst = 0;
    while sim.tick() < 15 * 60 {
        sim.step();
        worst = worst.max(api_error_ppm(&sim));
    }
    assert!(
        worst > 500_000,
        "the API went down during the fault: worst {worst} ppm"
    );
    queue(&mut sim, 15 * 60, "replace_disk");
    let outcome = sim.run_to_end();
    assert!(outcome.end.resolved, "{outcome:?}");
    assert!(
        outcome.end.tick < 25 * 60,
        "recovered within ten minutes: {outcome:?}"
    );
    assert!(
        api_error_ppm(&sim) < 1_000,
        "recovered: {} ppm",
        api_error_ppm(&sim)
    );
}

#[test]
fn without_a_breaker_the_storm_outlives_its_trigger_until_load_is_shed() {
    // Metastability: with immediate retries the storm sustains itself after the root fault is
    // gone (4 attempts × 800 rps > 1000 rps); shedding load lets the database drain.
    let mut sim = Sim::new(common::load_text(&shop(3)), &RunOptions::new(1));
    queue(&mut sim, 15 * 60, "replace_disk");
    step_to(&mut sim, 25 * 60);
    assert!(
        api_error_ppm(&sim) > 300_000,
        "still failing: {}",
        api_error_ppm(&sim)
    );
    queue(&mut sim, 25 * 60, "shed");
    queue(&mut sim, 27 * 60, "unshed");
    let outcome = sim.run_to_end();
    assert!(outcome.end.resolved, "{outcome:?}");
    assert!(
        api_error_ppm(&sim) < 1_000,
        "recovered: {} ppm",
        api_error_ppm(&sim)
    );
}

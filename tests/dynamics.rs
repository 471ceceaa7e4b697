//! The load-flow model against queueing theory: a transient overload drains in about
//! backlog ÷ (capacity − load), with or without a `concurrency` limit; no reported latency exceeds
//! what `max_queue` and the callers' timeouts allow; a down service never reads a healthy latency.

mod common;

use firedrill::sim::commands::Actor;
use firedrill::sim::log::Command;
use firedrill::sim::math::latency::PERCENTILES;
use firedrill::sim::state::FlowState;
use firedrill::sim::{RunOptions, Sim};

/// One `web` service (the issue's repro by default) with a one-minute spike at 2m, and an
/// optional `db` behind it.
fn scenario(web: &str, rps: u64, spike: &str, rest: &str, faults: &str) -> String {
    format!(
        r#"Scenario(
    meta: (title: "Dynamics", summary: "test", difficulty: Easy, time_limit: "15m", noise: "0%"),
    services: [(id: "web", kind: Web, {web}){rest}],
    traffic: [(to: "web", rps: {rps}, shape: [Spike(at: "2m", factor: "{spike}", lasting: "1m")])],
    faults: [{faults}],
    roles: [(id: "ops", title: "Ops", briefing: "b", dashboards: ["web"], commander: true, knows: ["a"]),
            (id: "dev", title: "Dev", briefing: "b", knows: ["b"])],
    facts: [(id: "a", text: "a"), (id: "b", text: "b")],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["a", "b"])],
    actions: [(id: "status", title: "Status", roles: ["ops"], effects: [StatusUpdate])],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "1m"),
)"#
    )
}

const NO_FAULT: &str = r#"(id: "never", target: "web", title: "t", effects: [Crash], trigger: Manual, ends: [After("1m")])"#;

/// Steps the run, calling `each` with the flow state after every tick.
fn run(text: &str, ticks: u64, mut each: impl FnMut(u64, &FlowState)) {
    let sc = common::load_text(text);
    let mut sim = Sim::new(sc, &RunOptions::new(1));
    while sim.tick() < ticks && sim.step() {
        each(sim.tick(), sim.world().resource::<FlowState>());
    }
}

#[test]
fn the_issue_repro_recovers_after_the_spike() {
    let text = scenario(
        r#"capacity: 5000, latency: "40ms", concurrency: 600, max_queue: "3s""#,
        2500,
        "x2.4",
        "",
        NO_FAULT,
    );
    let mut after = Vec::new();
    run(&text, 6 * 60, |t, f| {
        if t > 3 * 60 + 30 {
            after.push((f.served[0], f.fail_ppm[0], f.impact_ppm));
        }
    });
    assert!(!after.is_empty());
    for (served, fail, impact) in after {
        assert_eq!(served, 2_500_000, "serves the whole load again");
        assert_eq!(fail, 0, "no failures");
        assert!(
            impact < 100,
            "no impact beyond the exponential tail: {impact} ppm"
        );
    }
}

#[test]
fn a_transient_overload_drains_as_queueing_theory_says() {
    // (capacity, latency ms, concurrency, load, spike): the pool binds in some, not in others.
    let configs: &[(u64, u64, Option<u64>, u64, &str)] = &[
        (5000, 40, None, 2500, "x2.4"),
        (5000, 40, Some(600), 2500, "x2.4"),
        (5000, 40, Some(600), 4000, "x1.5"),
        (5000, 40, None, 3500, "x1.6"),
        // 120 workers × 1 / 40 ms = 3000/s: the pool is the real capacity.
        (5000, 40, Some(120), 1500, "x2.4"),
        (5000, 40, Some(120), 2400, "x1.4"),
        (2000, 10, Some(50), 1000, "x3"),
    ];
    for &(capacity, ms, conc, load, spike) in configs {
        let conc_field = conc.map_or(String::new(), |c| format!(", concurrency: {c}"));
        let web =
            format!(r#"capacity: {capacity}, latency: "{ms}ms", max_queue: "60s"{conc_field}"#);
        let text = scenario(&web, load, spike, "", NO_FAULT);
        let effective = conc.map_or(capacity, |c| capacity.min(c * 1000 / ms));
        let spike_end = 3 * 60;
        let mut backlog_at_end = 0;
        let mut drained_at = None;
        run(&text, 8 * 60, |t, f| {
            if t == spike_end {
                backlog_at_end = f.backlog[0];
            }
            if t > spike_end && drained_at.is_none() && f.backlog[0] == 0 {
                drained_at = Some(t);
            }
        });
        let what =
            format!("capacity {capacity}, {ms} ms, concurrency {conc:?}, {load} rps {spike}");
        assert!(backlog_at_end > 0, "{what}: the spike built a backlog");
        let theory = backlog_at_end as f64 / 1000.0 / (effective - load) as f64;
        let took = (drained_at.unwrap_or(u64::MAX) - spike_end) as f64;
        assert!(
            (took - theory).abs() <= 1.5 + 0.1 * theory,
            "{what}: a backlog of {} drains in {took} s; theory says {theory:.1} s",
            backlog_at_end / 1000
        );
    }
}

/// The longest time of each percentile a request can take at `web` here: the queue wait is cut at
/// `max_queue`, the service's own work spreads as an exponential, and each call stops at its
/// timeout (`attempts` attempts).
fn bound(max_queue_us: u64, own_us: u64, calls_us: u64) -> [u64; 3] {
    PERCENTILES.map(|k| max_queue_us + own_us * k / 1_000_000 + calls_us + 1)
}

#[test]
fn no_reported_latency_exceeds_the_queue_limit_and_the_timeouts() {
    let cases = [
        // No calls: p99 was 17.5 s on a 3 s queue.
        (
            r#"capacity: 5000, latency: "40ms", concurrency: 600, max_queue: "3s""#,
            "",
            "",
            NO_FAULT,
            bound(3_000_000, 40_000, 0),
        ),
        // Behind a 10 s timeout to a database that slows to a crawl, retried once.
        (
            r#"capacity: 5000, latency: "20ms", max_queue: "2s""#,
            r#", (id: "db", kind: Database, capacity: 4000, latency: "5ms", max_queue: "30s")"#,
            r#"dependencies: [(from: "web", to: "db", timeout: "10s", retries: 1)],"#,
            r#"(id: "slow", target: "db", title: "t", effects: [AddedLatency("20s")], trigger: At("1m"), ends: [After("5m")])"#,
            bound(2_000_000, 20_000, 2 * 10_000_000),
        ),
        // A database that crashes: the callers wait for their timeout, no longer.
        (
            r#"capacity: 5000, latency: "20ms", max_queue: "2s", concurrency: 400"#,
            r#", (id: "db", kind: Database, capacity: 4000, latency: "5ms")"#,
            r#"dependencies: [(from: "web", to: "db", timeout: "3s", calls: 2)],"#,
            r#"(id: "crash", target: "db", title: "t", effects: [Crash], trigger: At("1m"), ends: [After("5m")])"#,
            bound(2_000_000, 20_000, 2 * 3_000_000),
        ),
    ];
    for (web, db, deps, fault, limit) in cases {
        for (load, spike) in [(2500, "x2.4"), (1000, "x6"), (4000, "x1.2")] {
            // The dependencies section goes between services and traffic.
            let text = scenario(web, load, spike, db, fault)
                .replace("    traffic:", &format!("    {deps}\n    traffic:"));
            let mut worst = [0u64; 3];
            run(&text, 8 * 60, |t, f| {
                for k in 0..3 {
                    assert!(
                        f.pct_us[0][k] <= limit[k],
                        "{web} {db} at {t} s: percentile {k} reads {} µs, at most {} possible",
                        f.pct_us[0][k],
                        limit[k]
                    );
                    worst[k] = worst[k].max(f.pct_us[0][k]);
                }
            });
            assert!(worst[2] > 0);
        }
    }
}

#[test]
fn a_down_service_and_its_callers_never_read_healthy() {
    let crash = r#"(id: "crash", target: "db", title: "t", effects: [Crash], trigger: At("1m"), ends: [After("3m")])"#;
    // A crash, then a failover (an action with an `Outage` effect) with nothing wrong before it.
    for (fault, failover) in [(crash, false), (NO_FAULT, true)] {
        let text = scenario(
            r#"capacity: 5000, latency: "20ms", max_queue: "2s""#,
            1000,
            "x1",
            r#", (id: "db", kind: Database, capacity: 4000, latency: "5ms")"#,
            fault,
        )
        .replace(
            "    traffic:",
            "    dependencies: [(from: \"web\", to: \"db\", timeout: \"2s\")],\n    traffic:",
        )
        .replace(
            "    actions: [",
            "    actions: [(id: \"failover\", title: \"Failover\", roles: [\"ops\"], duration: \"2m\", effects: [Outage(\"db\")]),\n",
        );
        let sc = common::load_text(&text);
        let (db, web) = (sc.service_ix("db").unwrap(), sc.service_ix("web").unwrap());
        let mut sim = Sim::new(sc.clone(), &RunOptions::new(1));
        if failover {
            let ops = sc.role_ix("ops").unwrap();
            sim.queue(60, Actor::Role(ops), Command::Run("failover".into()));
        }
        let mut down_ticks = 0;
        while sim.tick() < 6 * 60 && sim.step() {
            let f = sim.world().resource::<FlowState>();
            if f.capacity[db] != 0 {
                continue;
            }
            down_ticks += 1;
            for k in 0..3 {
                assert!(
                    f.pct_us[db][k] >= 2_000_000,
                    "failover {failover}: the down database reads {} µs, not the 2 s its callers wait",
                    f.pct_us[db][k]
                );
                assert!(
                    f.pct_us[web][k] >= 2_000_000,
                    "failover {failover}: its caller reads {} µs while every call times out",
                    f.pct_us[web][k]
                );
            }
            assert_eq!(f.fail_ppm[web], 1_000_000);
        }
        assert!(
            down_ticks > 60,
            "failover {failover}: the database was down a while"
        );
    }
}

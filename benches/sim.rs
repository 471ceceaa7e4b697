//! Simulation speed: simulated ticks per second for each shipped scenario and for generated
//! topologies of 100, 1,000 and 10,000 services, each over one simulated hour; and how long
//! `check` takes on a scenario.
//!
//! Targets (release): one simulated hour of a shipped scenario ≤ 0.2 s; 2,000 services for one
//! simulated hour ≤ 2 s; cost growing about linearly with services; `check` ≤ 50 ms.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use firedrill::scenario::{self, Scenario};
use firedrill::sim::{RunOptions, Sim};

const HOUR: u64 = 3600;

fn load(name: &str, text: &str) -> Arc<Scenario> {
    match scenario::load_str(name, text) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render(false)),
    }
}

/// A shipped scenario with its time limit stretched to one hour, so every run simulates 3600 ticks.
fn shipped_for_an_hour(path: &str) -> Arc<Scenario> {
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("time_limit: \"").unwrap() + "time_limit: \"".len();
    let end = start + text[start..].find('"').unwrap();
    let stretched = format!("{}1h1m{}", &text[..start], &text[end..]);
    load(path, &stretched)
}

/// A layered service graph: an edge, then layers of services each calling two services of the next
/// layer, down to databases; one fault on a database, four roles watching a few dashboards.
fn generated(n: usize) -> Arc<Scenario> {
    let layers = 5;
    let per_layer = (n - 1) / layers;
    let mut services = String::from(
        "        (id: \"edge\", kind: LoadBalancer, capacity: 10000000, latency: \"1ms\"),\n",
    );
    let mut deps = String::new();
    let name = |l: usize, i: usize| format!("s{l}_{i}");
    for l in 0..layers {
        let kind = if l + 1 == layers { "Database" } else { "Api" };
        for i in 0..per_layer {
            services.push_str(&format!(
                "        (id: \"{}\", kind: {kind}, capacity: {}, latency: \"5ms\"),\n",
                name(l, i),
                5_000 + 37 * (i % 11)
            ));
            if l == 0 {
                deps.push_str(&format!(
                    "        (from: \"edge\", to: \"{}\", calls: {:.4}, timeout: \"5s\"),\n",
                    name(0, i),
                    1.0 / per_layer as f64
                ));
            }
            if l + 1 < layers {
                let other = (i * 7 + 3) % per_layer;
                let callees = if other == i { vec![i] } else { vec![i, other] };
                for k in callees {
                    deps.push_str(&format!(
                        "        (from: \"{}\", to: \"{}\", calls: 0.6, timeout: \"800ms\", retries: 2),\n",
                        name(l, i),
                        name(l + 1, k)
                    ));
                }
            }
        }
    }
    let db = name(layers - 1, 0);
    let text = format!(
        r#"Scenario(
    meta: (title: "Generated {n}", summary: "bench", difficulty: Medium, time_limit: "1h1m"),
    services: [
{services}    ],
    dependencies: [
{deps}    ],
    traffic: [(to: "edge", rps: {rps})],
    faults: [(id: "slow_db", target: "{db}", title: "t", effects: [CapacityLoss("60%")],
              trigger: At("10m"))],
    alerts: [(id: "edge_errors", title: "Edge errors", when: Above("edge.error_rate", 1), for: "1m",
              severity: Page, route: ["ic"])],
    logs: [(id: "db_slow", service: "{db}", level: Warn, text: "slow: {{{db}.latency_p99}} ms",
            when: Above("{db}.latency_p99", 100), every: "30s")],
    roles: [
        (id: "ic", title: "IC", briefing: "b", commander: true, dashboards: ["edge"], knows: ["a"]),
        (id: "dba", title: "DBA", briefing: "b", dashboards: ["{db}"], logs: ["{db}"], knows: ["b"]),
        (id: "api", title: "API", briefing: "b", dashboards: ["s0_0", "s0_1"]),
        (id: "sre", title: "SRE", briefing: "b", dashboards: ["s1_0", "s2_0", "s3_0"]),
    ],
    facts: [(id: "a", text: "a"), (id: "b", text: "b"),
            (id: "c", text: "c", from: [Log("db_slow")])],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["a", "b", "c"])],
    actions: [(id: "fix", title: "Fix", roles: ["dba"], effects: [Mitigate("slow_db")]),
              (id: "status", title: "Status", roles: ["ic"], effects: [StatusUpdate])],
    resolution: (slo: "1%", slow_after: "2s", stable_for: "5m"),
)"#,
        rps = 2 * per_layer as u64 * 1000,
    );
    let sc = load("generated.ron", &text);
    assert_eq!(sc.services.len(), 1 + layers * per_layer);
    sc
}

fn simulate_hour(sc: &Arc<Scenario>) -> u64 {
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(1));
    while sim.tick() < HOUR {
        assert!(sim.step(), "the run ended before an hour");
    }
    sim.checksum()
}

/// The first three shipped scenarios (retry-storm, pool-exhaustion, expired-certificate), from
/// the crate's catalogue.
fn first_shipped() -> impl Iterator<Item = &'static str> {
    firedrill::scenario::catalog::SHIPPED
        .iter()
        .take(3)
        .map(|(p, _)| *p)
}

fn shipped(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulated_hour");
    group.throughput(Throughput::Elements(HOUR));
    group.sample_size(20);
    for path in first_shipped() {
        let sc = shipped_for_an_hour(path);
        group.bench_with_input(BenchmarkId::new("scenario", path), &sc, |b, sc| {
            b.iter(|| black_box(simulate_hour(sc)))
        });
    }
    group.finish();
}

fn topology(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulated_hour_services");
    group.throughput(Throughput::Elements(HOUR));
    group.sample_size(10);
    for n in [101, 1001, 2001, 10001] {
        let sc = generated(n);
        group.bench_with_input(BenchmarkId::new("services", n - 1), &sc, |b, sc| {
            b.iter(|| black_box(simulate_hour(sc)))
        });
    }
    group.finish();
}

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for path in first_shipped() {
        let text = std::fs::read_to_string(path).unwrap();
        group.bench_with_input(BenchmarkId::new("scenario", path), &text, |b, text| {
            b.iter(|| black_box(scenario::load_str(path, text).is_ok()))
        });
    }
    group.finish();
}

criterion_group!(benches, shipped, topology, check);
criterion_main!(benches);

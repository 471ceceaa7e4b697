//! Rehearsal throughput: seeded all-bot runs of a shipped scenario, sharing on and off, on every
//! core, as `firedrill rehearse` does them. The figure that matters is the wall time of
//! `rehearse --runs 1000` (2000 runs with the sharing-off proof); this measures a batch of 40 and
//! a single run, from which it scales linearly.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use firedrill::rehearse::{self, Options};
use firedrill::scenario;

fn bench(c: &mut Criterion) {
    let sc = match scenario::load_path("scenarios/retry-storm.ron") {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render(false)),
    };
    let mut group = c.benchmark_group("rehearse");
    group.sample_size(10);
    group.bench_function("retry-storm, one all-bot run", |b| {
        b.iter(|| black_box(rehearse::run_once(&sc, black_box(7), true)))
    });
    let opts = Options::new(&sc, 20);
    group.bench_function(
        "retry-storm, 20 runs + 20 without sharing, every core",
        |b| b.iter(|| black_box(rehearse::rehearse(&sc, &opts, &|| {}))),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

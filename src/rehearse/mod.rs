//! Scenario rehearsal: many seeded all-bot runs in parallel, then a report on whether the scenario
//! can be solved, whether it truly needs the team to share, and whether everything in it can
//! happen. Each run builds its own simulation inside its worker thread (a Bevy `App` is not
//! `Send`); results are put back in run order, so the report does not depend on scheduling.

mod analysis;
mod report;
mod run;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use analysis::{Diagnosis, NeededFact, Travel, diagnoses};
pub use report::{DifficultyEstimate, Reachability, Report, SharingProof, Timing};
pub use run::{RunStats, run_once};

use crate::scenario::Scenario;

#[derive(Debug, Clone)]
pub struct Options {
    /// All-bot runs with sharing on.
    pub runs: usize,
    /// All-bot runs with sharing switched off (they reuse the first seeds).
    pub no_sharing_runs: usize,
    /// Worker threads.
    pub jobs: usize,
    /// Run `i` uses seed `first_seed + i`.
    pub first_seed: u64,
    /// Share of runs that must resolve the incident.
    pub min_solved: f64,
}

impl Options {
    pub fn new(sc: &Scenario, runs: usize) -> Self {
        Options {
            runs,
            no_sharing_runs: runs,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            first_seed: sc.seed,
            min_solved: 0.5,
        }
    }
}

/// Every run's stats, sharing-on runs first, in seed order. `progress` is called after each run.
pub fn run_all(sc: &Arc<Scenario>, opts: &Options, progress: &(dyn Fn() + Sync)) -> Vec<RunStats> {
    let tasks: Vec<(u64, bool)> = (0..opts.runs)
        .map(|i| (opts.first_seed.wrapping_add(i as u64), true))
        .chain((0..opts.no_sharing_runs).map(|i| (opts.first_seed.wrapping_add(i as u64), false)))
        .collect();
    let next = AtomicUsize::new(0);
    let jobs = opts.jobs.clamp(1, tasks.len().max(1));
    let mut done: Vec<(usize, RunStats)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(seed, sharing)) = tasks.get(i) else {
                            break;
                        };
                        mine.push((i, run_once(sc, seed, sharing)));
                        progress();
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, s)| s).collect()
}

/// Rehearses a scenario and reports.
pub fn rehearse(sc: &Arc<Scenario>, opts: &Options, progress: &(dyn Fn() + Sync)) -> Report {
    let runs = run_all(sc, opts, progress);
    report::build(sc, &runs, opts.min_solved, opts.first_seed)
}

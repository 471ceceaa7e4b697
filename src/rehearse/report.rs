//! Turning many runs into a verdict: solved share and timing percentiles, the needs-sharing proof,
//! reachability, a difficulty estimate, and the assertions whose failure fails the command.

use serde::Serialize;

use super::analysis::{self, Diagnosis};
use super::run::RunStats;
use crate::scenario::Scenario;
use crate::scenario::model::{Difficulty, HypothesisKind};
use crate::scenario::units::format_elapsed;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: String,
    pub title: String,
    pub runs: usize,
    pub no_sharing_runs: usize,
    pub first_seed: u64,
    /// Share of all-bot runs that resolved the incident.
    pub solved: f64,
    pub min_solved: f64,
    /// Minutes and seconds after customer impact started.
    pub diagnose: Timing,
    pub mitigate: Timing,
    pub resolve: Timing,
    pub sharing: SharingProof,
    pub reachability: Reachability,
    pub difficulty: DifficultyEstimate,
    /// Every failed assertion, in words; empty when the scenario passes.
    pub failures: Vec<String>,
    /// Things worth a look that do not fail the rehearsal.
    pub warnings: Vec<String>,
    pub passed: bool,
}

/// Seconds after impact started, over the runs that got there.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timing {
    pub reached: usize,
    pub p10: Option<u64>,
    pub p50: Option<u64>,
    pub p90: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharingProof {
    pub diagnoses: Vec<Diagnosis>,
    /// Runs with sharing switched off that still diagnosed (should be none).
    pub diagnosed_without_sharing: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Reachability {
    /// Facts no role learnt first-hand in any run.
    pub facts_never_observed: Vec<String>,
    /// Faults that started in some run and never ended in any.
    pub faults_never_ended: Vec<String>,
    pub faults_unendable: Vec<String>,
    /// Faults an action can mitigate that no run's team mitigated (they only ran their course).
    pub faults_never_mitigated: Vec<String>,
    /// Faults that never started in any run.
    pub faults_never_started: Vec<String>,
    /// Actions no solved run used.
    pub actions_unused: Vec<String>,
    pub alerts_never_fired: Vec<String>,
    pub injects_never_published: Vec<String>,
    pub hints_never_shown: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DifficultyEstimate {
    pub declared: Difficulty,
    pub estimated: Difficulty,
    pub reason: String,
}

pub fn build(sc: &Scenario, runs: &[RunStats], min_solved: f64, first_seed: u64) -> Report {
    let (with, without): (Vec<&RunStats>, Vec<&RunStats>) = runs.iter().partition(|r| r.sharing);
    let solved_runs: Vec<&RunStats> = with.iter().copied().filter(|r| r.resolved).collect();
    let solved = if with.is_empty() {
        0.0
    } else {
        solved_runs.len() as f64 / with.len() as f64
    };
    let after_impact =
        |r: &RunStats, t: Option<u64>| t.map(|t| t.saturating_sub(r.impact_started.unwrap_or(0)));
    let timing = |pick: &dyn Fn(&RunStats) -> Option<u64>| {
        timing(
            with.iter()
                .filter_map(|r| after_impact(r, pick(r)))
                .collect(),
        )
    };
    let diagnose = timing(&|r| r.diagnosed);
    let mitigate = timing(&|r| r.mitigated);
    let resolve = timing(&|r| r.resolved_at);
    let diagnoses = analysis::diagnoses(sc);
    let diagnosed_without_sharing = without.iter().filter(|r| r.diagnosed.is_some()).count();
    let mut failures = Vec::new();
    let mut warnings = Vec::new();

    if solved < min_solved {
        failures.push(format!(
            "an all-bot team solved {:.0}% of runs; at least {:.0}% must",
            solved * 100.0,
            min_solved * 100.0
        ));
    }
    for d in &diagnoses {
        let root = d.kind == HypothesisKind::RootCause;
        if !d.alone.is_empty() {
            let msg = format!(
                "`{}` can be established by {} alone: its facts do not need sharing",
                d.hypothesis,
                d.alone.join(" or ")
            );
            if root {
                failures.push(msg)
            } else {
                warnings.push(msg)
            }
        }
    }
    for (h, def) in sc.hypotheses.iter().enumerate() {
        let n = without.iter().filter(|r| r.confirmed[h]).count();
        if n > 0 && def.kind == HypothesisKind::RootCause {
            failures.push(format!(
                "`{}` was confirmed in {n} of {} runs with sharing switched off",
                def.id,
                without.len()
            ));
        }
    }
    if diagnosed_without_sharing > 0 {
        failures.push(format!(
            "{diagnosed_without_sharing} of {} runs with sharing switched off still diagnosed the incident",
            without.len()
        ));
    }

    let reach = reachability(sc, &with, &solved_runs);
    let root_needs: Vec<&str> = sc
        .hypotheses
        .iter()
        .filter(|h| h.kind == HypothesisKind::RootCause)
        .flat_map(|h| h.needs.iter().map(|&f| &*sc.facts[f].id))
        .collect();
    for f in &reach.facts_never_observed {
        if root_needs.contains(&f.as_str()) {
            failures.push(format!(
                "no role ever observed `{f}`, which the diagnosis needs: it is unobservable in practice"
            ));
        } else {
            warnings.push(format!("no role ever observed the fact `{f}`"));
        }
    }
    for f in &reach.faults_unendable {
        failures.push(format!("fault `{f}` can never end: nothing mitigates it"));
    }
    for f in &reach.faults_never_ended {
        failures.push(format!(
            "fault `{f}` started but never ended in any run: it is not mitigable in practice"
        ));
    }
    for f in &reach.faults_never_mitigated {
        failures.push(format!(
            "fault `{f}` has a mitigation, but no team managed to take it in any run (it only ran its course): it is not mitigable in practice"
        ));
    }
    for (what, list) in [
        (
            "fault never started (manual ones need the facilitator; one an action starts needs that action)",
            &reach.faults_never_started,
        ),
        ("action never used in a solved run", &reach.actions_unused),
        ("alert never fired", &reach.alerts_never_fired),
        (
            "inject never published (manual ones need the facilitator)",
            &reach.injects_never_published,
        ),
        ("hint never shown", &reach.hints_never_shown),
    ] {
        if !list.is_empty() {
            warnings.push(format!("{what}: {}", list.join(", ")));
        }
    }
    let boundary: Vec<&String> = runs.iter().flat_map(|r| &r.boundary).collect();
    if let Some(first) = boundary.first() {
        failures.push(format!(
            "{} bot command(s) were not backed by the bot's own feed, e.g. {first}",
            boundary.len()
        ));
    }

    let difficulty = estimate(sc, solved, &resolve);
    if difficulty.estimated != difficulty.declared {
        warnings.push(format!(
            "the runs look {:?}, but `meta.difficulty` says {:?}: adjust one or the other (bots are as reliable as the difficulty says)",
            difficulty.estimated, difficulty.declared
        ));
    }
    Report {
        scenario: sc.path.clone(),
        title: sc.title.clone(),
        runs: with.len(),
        no_sharing_runs: without.len(),
        first_seed,
        solved,
        min_solved,
        diagnose,
        mitigate,
        resolve,
        sharing: SharingProof {
            diagnoses,
            diagnosed_without_sharing,
        },
        reachability: reach,
        difficulty,
        passed: failures.is_empty(),
        failures,
        warnings,
    }
}

fn reachability(sc: &Scenario, runs: &[&RunStats], solved: &[&RunStats]) -> Reachability {
    let ids = |v: Vec<usize>, name: &dyn Fn(usize) -> String| v.into_iter().map(name).collect();
    let never = |n: usize, hit: &dyn Fn(&RunStats, usize) -> bool, among: &[&RunStats]| {
        (0..n)
            .filter(|&i| !among.iter().any(|r| hit(r, i)))
            .collect::<Vec<_>>()
    };
    let fact = |f: usize| sc.facts[f].id.to_string();
    let fault = |f: usize| sc.faults[f].id.to_string();
    let mut facts = never(sc.facts.len(), &|r, f| !r.first_hand[f].is_empty(), runs);
    facts.extend(analysis::unobservable_facts(sc));
    facts.sort_unstable();
    facts.dedup();
    let started_somewhere = |f: usize| runs.iter().any(|r| r.fault_started[f]);
    let never_ended: Vec<usize> = never(sc.faults.len(), &|r, f| r.fault_ended[f], runs)
        .into_iter()
        .filter(|&f| started_somewhere(f))
        .collect();
    let never_mitigated: Vec<usize> = never(sc.faults.len(), &|r, f| r.fault_mitigated[f], runs)
        .into_iter()
        .filter(|&f| started_somewhere(f) && !sc.faults[f].mitigated_by.is_empty())
        .filter(|f| !never_ended.contains(f))
        .collect();
    let never_started = (0..sc.faults.len()).filter(|&f| !started_somewhere(f));
    Reachability {
        facts_never_observed: ids(facts, &fact),
        faults_never_ended: ids(never_ended, &fault),
        faults_never_mitigated: ids(never_mitigated, &fault),
        faults_never_started: ids(never_started.collect(), &fault),
        faults_unendable: ids(analysis::unendable_faults(sc), &fault),
        actions_unused: ids(
            never(sc.actions.len(), &|r, a| r.action_done[a], solved),
            &|a| sc.actions[a].id.to_string(),
        ),
        alerts_never_fired: ids(
            never(sc.alerts.len(), &|r, a| r.alert_fired[a], runs),
            &|a| sc.alerts[a].id.to_string(),
        ),
        injects_never_published: ids(
            never(sc.injects.len(), &|r, i| r.inject_published[i], runs),
            &|i| sc.injects[i].id.to_string(),
        ),
        hints_never_shown: ids(
            never(sc.hints.len(), &|r, h| r.hint_tiers[h] > 0, runs),
            &|h| sc.hints[h].id.to_string(),
        ),
    }
}

/// Nearest-rank percentiles.
fn timing(mut v: Vec<u64>) -> Timing {
    v.sort_unstable();
    let pct =
        |p: usize| (!v.is_empty()).then(|| v[((p * v.len()).div_ceil(100)).clamp(1, v.len()) - 1]);
    Timing {
        reached: v.len(),
        p10: pct(10),
        p50: pct(50),
        p90: pct(90),
    }
}

/// Difficulty from how often an all-bot team solves it and how much of the time limit the median
/// resolution takes. Bots are quicker than most people, so the bands are tight.
fn estimate(sc: &Scenario, solved: f64, resolve: &Timing) -> DifficultyEstimate {
    use Difficulty::*;
    let levels = [Intro, Easy, Medium, Hard, Expert];
    let used = resolve
        .p50
        .map_or(1.0, |t| t as f64 / sc.time_limit.max(1) as f64);
    let mut level: usize = match used {
        u if u < 0.2 => 0,
        u if u < 0.35 => 1,
        u if u < 0.55 => 2,
        u if u < 0.75 => 3,
        _ => 4,
    };
    if solved < 0.9 {
        level += 1;
    }
    if solved < 0.5 {
        level += 1;
    }
    let estimated = levels[level.min(4)];
    DifficultyEstimate {
        declared: sc.difficulty,
        estimated,
        reason: format!(
            "{:.0}% solved; the median resolution takes {:.0}% of the time limit",
            solved * 100.0,
            used * 100.0
        ),
    }
}

impl Report {
    /// The report for a terminal.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut o = String::new();
        let t = |v: Option<u64>| v.map_or("—".to_string(), format_elapsed);
        let _ = writeln!(o, "{} ({})", self.title, self.scenario);
        let _ = writeln!(
            o,
            "  {} all-bot runs from seed {}: {:.0}% solved (needs {:.0}%)",
            self.runs,
            self.first_seed,
            self.solved * 100.0,
            self.min_solved * 100.0
        );
        let _ = writeln!(
            o,
            "  after impact started        reached    p10    p50    p90"
        );
        for (name, x) in [
            ("diagnosed", &self.diagnose),
            ("mitigated", &self.mitigate),
            ("resolved", &self.resolve),
        ] {
            let _ = writeln!(
                o,
                "    {name:<24} {:>7} {:>6} {:>6} {:>6}",
                x.reached,
                t(x.p10),
                t(x.p50),
                t(x.p90)
            );
        }
        let _ = writeln!(o, "  needs sharing:");
        for d in &self.sharing.diagnoses {
            let kind = format!("{:?}", d.kind);
            let verdict = if d.alone.is_empty() {
                format!(
                    "no role alone; facts come from {}",
                    d.contributors.join(", ")
                )
            } else {
                format!("reachable alone by {}", d.alone.join(", "))
            };
            let _ = writeln!(o, "    {} ({kind}): {verdict}", d.hypothesis);
            for n in &d.needs {
                let _ = writeln!(
                    o,
                    "      {} ← first-hand: {}",
                    n.fact,
                    n.first_hand.join(", ")
                );
            }
            let travel: Vec<String> = d
                .must_travel
                .iter()
                .map(|t| format!("to {}: {}", t.to, list_or_none(&t.facts)))
                .collect();
            let _ = writeln!(o, "      must travel {}", travel.join("; "));
        }
        let _ = writeln!(
            o,
            "    with sharing switched off: {} of {} runs diagnosed",
            self.sharing.diagnosed_without_sharing, self.no_sharing_runs
        );
        let _ = writeln!(
            o,
            "  difficulty: estimated {:?}, declared {:?} ({})",
            self.difficulty.estimated, self.difficulty.declared, self.difficulty.reason
        );
        for w in &self.warnings {
            let _ = writeln!(o, "  warning: {w}");
        }
        for f in &self.failures {
            let _ = writeln!(o, "  FAILED: {f}");
        }
        let _ = writeln!(o, "  {}", if self.passed { "passed" } else { "failed" });
        o
    }
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "nothing".into()
    } else {
        v.join(", ")
    }
}

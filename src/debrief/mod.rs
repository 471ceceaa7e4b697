//! The debrief: what happened in a run, for a blameless post-incident review. [`build`] turns an
//! event log (plus the scenario's own debrief notes) into a [`Debrief`], plain data that the
//! renderers here (Markdown, self-contained HTML, JSON, CSV) and the in-app viewer present.
//! Everything in it is a fact of the run, never a score.

mod agenda;
mod bearing;
pub mod clue;
mod comms;
pub mod compare;
pub mod csv;
pub mod html;
pub mod json;
mod knowledge;
mod lanes;
mod ledger;
pub mod markdown;
mod model;
mod pooling;
mod reasoning;
pub mod solo;
mod svg;
pub mod text;
mod timeline;

pub use model::*;

/// Shortens text to `max` characters, marking the cut (for labels in narrow places).
pub fn fit_text(s: &str, max: usize) -> String {
    text::fit(s, max)
}

use crate::record::RunFile;
use crate::scenario::Scenario;
use crate::sim::log::{Event, EventBody, Truth};

/// What the log itself cannot say: how much of the run it covers and where it came from.
#[derive(Debug, Clone, Default)]
pub struct LogInfo {
    /// Ticks covered (the last tick + 1).
    pub length: Tick,
    /// The log runs to the end of the run.
    pub complete: bool,
    pub forked_from: Option<ForkInfo>,
}

/// Builds the debrief of a recorded run; `scenario` is the one it ran (see
/// `record::replay::stored_scenario`).
pub fn from_run(run: &RunFile, scenario: &Scenario) -> Debrief {
    let info = LogInfo {
        length: run.ticks(),
        complete: run.end().is_some(),
        forked_from: run.header.forked_from.as_ref().map(|f| ForkInfo {
            parent: f.parent.clone(),
            at: f.at,
        }),
    };
    let mut d = build(scenario, &run.events, &info);
    // A recording that stops before its first tick is whole holds no `run_started`: the header
    // says how the run was started, not the scenario's defaults.
    let started = run
        .events
        .iter()
        .any(|e| matches!(e.body, EventBody::Truth(Truth::RunStarted { .. })));
    if !started {
        d.run.seed = run.header.seed;
        d.run.bots = run.header.bots.clone();
        for r in &mut d.roles {
            r.bot = d.run.bots.contains(&r.id);
        }
    }
    d
}

/// Builds the debrief from a log: a recorded one, or a live one (the in-app viewer).
pub fn build(sc: &Scenario, events: &[Event], info: &LogInfo) -> Debrief {
    let mut d = Debrief {
        run: run_info(sc, events, info),
        roles: Vec::new(),
        milestones: Vec::new(),
        durations: Vec::new(),
        timeline: Timeline {
            end: info.length,
            slo_ppm: sc.resolution.slo_ppm,
            impact: Vec::new(),
            faults: Vec::new(),
            markers: Vec::new(),
        },
        swimlanes: Vec::new(),
        knowledge: Vec::new(),
        communication: Communication {
            links: Vec::new(),
            questions: Vec::new(),
            handoffs: Vec::new(),
        },
        hypotheses: Vec::new(),
        decisions: Vec::new(),
        agenda: Agenda { phases: Vec::new() },
        system: crate::scenario::graph::ServiceGraph::of(sc),
        ledger: Vec::new(),
        pooling: Pooling::default(),
        clue_costs: Vec::new(),
    };
    d.roles = sc
        .roles
        .iter()
        .map(|r| RoleInfo {
            id: r.id.to_string(),
            title: r.title.clone(),
            commander: r.commander,
            bot: d.run.bots.iter().any(|b| **b == *r.id),
        })
        .collect();
    timeline::build(&mut d, sc, events);
    d.swimlanes = lanes::build(sc, events);
    let impact_start = d
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::ImpactStarted)
        .and_then(|m| m.tick);
    d.knowledge = knowledge::build(sc, events, impact_start);
    d.communication = comms::build(sc, events);
    d.hypotheses = reasoning::hypotheses(sc, events);
    d.decisions = reasoning::decisions(sc, events, &d);
    d.ledger = ledger::build(sc, events, &d);
    d.pooling = pooling::build(sc, &d);
    d.agenda = agenda::build(&d, sc);
    d
}

fn run_info(sc: &Scenario, events: &[Event], info: &LogInfo) -> RunInfo {
    let meta = &sc.file.meta;
    let mut run = RunInfo {
        title: sc.title.clone(),
        summary: meta.summary.clone(),
        modelled_on: meta.modelled_on.clone(),
        objectives: meta.objectives.clone(),
        scenario_hash: sc.hash.clone(),
        seed: sc.seed,
        clock_start: sc.clock_start.0,
        length: info.length,
        end: None,
        complete: info.complete,
        bots: Vec::new(),
        forked_from: info.forked_from.clone(),
        commander: sc.commander().map(|c| sc.roles[c].id.to_string()),
    };
    for e in events {
        match &e.body {
            EventBody::Truth(Truth::RunStarted { seed, bots, .. }) => {
                run.seed = *seed;
                run.bots = bots.iter().map(|b| b.to_string()).collect();
            }
            EventBody::Truth(Truth::RunEnded { resolved, reason }) => {
                run.end = Some(RunEndInfo {
                    tick: e.tick,
                    resolved: *resolved,
                    reason: reason.clone(),
                });
            }
            _ => {}
        }
    }
    run
}

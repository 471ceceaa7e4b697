//! The scenario as every participant may know it: the one description of the exercise that
//! crosses the role boundary. The trainee console, bots and network clients all read this; the host
//! sends it to each client as it joins.
//!
//! It is built from the compiled scenario by copying out what is public and dropping the rest:
//! fault definitions, fact sources, hypotheses, inject notes, every `Truth`, and what the drill is
//! modelled on and its objectives (they name the cause; the debrief shows them). A scenario
//! hypothesis reaches a role only in its feed, once a fact it holds bears on it or a teammate
//! raised it (`Observation::HypothesisOffered`, `Observation::Hypothesis`). A bot's shaping (its card, what a fact bears on) is not here: it is the bot's own, in
//! `sim::bots::BotBriefs`.

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
use crate::scenario::compiled::{ActionIx, CondExpr, Name, RoleIx, ServiceIx};
use crate::scenario::units::ClockTime;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicScenario {
    pub title: String,
    pub summary: String,
    pub difficulty: String,
    /// What trainees read before the exercise: the scene, not the cause.
    pub briefing: Option<String>,
    /// Simulated seconds the exercise may last.
    pub time_limit: u64,
    /// The scenario clock's time of day at tick 0.
    pub clock_start: ClockTime,
    pub services: Vec<Name>,
    /// For each service, what its owner would tell you about it: the scenario's description and
    /// version (empty when it has neither).
    pub service_notes: Vec<String>,
    /// For each service, its dashboard's metrics in sample order.
    pub metrics: Vec<Vec<MetricCard>>,
    /// The roster: who is on the team, what each sees.
    pub roles: Vec<RoleCard>,
    pub actions: Vec<ActionCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricCard {
    pub name: Name,
    pub unit: Name,
    /// The alerts watching this metric: a dashboard draws the threshold of those routed to its
    /// reader, as monitoring tools do.
    #[serde(default)]
    pub alerts: Vec<AlertLine>,
}

/// An alert's threshold on a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertLine {
    pub title: String,
    /// In the metric's unit.
    pub value: f64,
    pub route: Vec<RoleIx>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleCard {
    pub id: Name,
    pub title: String,
    pub briefing: String,
    pub commander: bool,
    pub dashboards: Vec<ServiceIx>,
    pub logs: Vec<ServiceIx>,
    /// Services whose dashboards or logs the role sees (who to ask about what).
    pub owns: Vec<ServiceIx>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionCard {
    pub id: Name,
    pub title: String,
    /// Simulated seconds it takes.
    pub duration: u64,
    /// Roles allowed to take it.
    pub roles: Vec<RoleIx>,
}

impl PublicScenario {
    pub fn new(sc: &Scenario) -> Self {
        let roles = sc
            .roles
            .iter()
            .map(|r| {
                let mut owns = r.dashboards.clone();
                owns.extend(r.logs.iter().filter(|s| !r.dashboards.contains(s)));
                RoleCard {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    briefing: r.briefing.clone(),
                    commander: r.commander,
                    dashboards: r.dashboards.clone(),
                    logs: r.logs.clone(),
                    owns,
                }
            })
            .collect();
        PublicScenario {
            title: sc.title.clone(),
            summary: sc.file.meta.summary.clone(),
            difficulty: format!("{:?}", sc.difficulty),
            briefing: sc.file.meta.briefing.clone(),
            time_limit: sc.time_limit,
            clock_start: sc.clock_start,
            services: sc.services.iter().map(|s| s.id.clone()).collect(),
            service_notes: sc
                .services
                .iter()
                .map(|s| service_note(sc, &s.id))
                .collect(),
            metrics: sc
                .metrics
                .by_service
                .iter()
                .map(|ms| {
                    ms.iter()
                        .map(|&m| {
                            let d = &sc.metrics.metrics[m];
                            MetricCard {
                                name: d.name.clone(),
                                unit: d.unit.clone(),
                                alerts: alert_lines(sc, m),
                            }
                        })
                        .collect()
                })
                .collect(),
            roles,
            actions: sc
                .actions
                .iter()
                .map(|a| ActionCard {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    duration: a.duration,
                    roles: a.roles.clone(),
                })
                .collect(),
        }
    }

    pub fn service_ix(&self, id: &str) -> Option<ServiceIx> {
        self.services.iter().position(|s| &**s == id)
    }

    pub fn action_ix(&self, id: &str) -> Option<ActionIx> {
        self.actions.iter().position(|a| &*a.id == id)
    }

    pub fn role_ix(&self, id: &str) -> Option<RoleIx> {
        self.roles.iter().position(|r| &*r.id == id)
    }

    /// A role's title, or the id itself when no role has it (the facilitator).
    pub fn role_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.roles
            .iter()
            .find(|r| &*r.id == id)
            .map_or(id, |r| &r.title)
    }

    /// A service's description and version, if the scenario gives them.
    pub fn note(&self, service: &str) -> &str {
        self.service_ix(service)
            .map_or("", |i| &self.service_notes[i])
    }

    /// Service ids of a list of indices.
    pub fn service_names(&self, v: &[ServiceIx]) -> Vec<Name> {
        v.iter().map(|&s| self.services[s].clone()).collect()
    }
}

fn service_note(sc: &Scenario, id: &str) -> String {
    let file = sc.file.services.iter().find(|f| *f.id.value == *id);
    let description = file.and_then(|f| f.description.clone());
    let version = file.and_then(|f| f.version.as_ref());
    match (description, version) {
        (Some(d), Some(v)) => format!("{d} (version {v})"),
        (Some(d), None) => d,
        (None, Some(v)) => format!("version {v}"),
        (None, None) => String::new(),
    }
}

/// The thresholds the scenario's alerts set on metric `m`.
fn alert_lines(sc: &Scenario, m: usize) -> Vec<AlertLine> {
    fn walk(c: &CondExpr, m: usize, out: &mut Vec<f64>) {
        match c {
            CondExpr::Above { metric, milli } | CondExpr::Below { metric, milli }
                if *metric == m =>
            {
                out.push(*milli as f64 / 1000.0)
            }
            CondExpr::When { inner, .. } => walk(inner, m, out),
            CondExpr::All(cs) | CondExpr::Any(cs) => cs.iter().for_each(|c| walk(c, m, out)),
            _ => {}
        }
    }
    let mut lines = Vec::new();
    for a in &sc.alerts {
        let mut values = Vec::new();
        walk(&a.when, m, &mut values);
        lines.extend(values.into_iter().map(|value| AlertLine {
            title: a.title.clone(),
            value,
            route: a.route.clone(),
        }));
    }
    lines
}

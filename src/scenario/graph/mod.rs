//! The service graph as a picture: services, the calls between them with their timeouts and
//! retries, the traffic entering the system, where each fault strikes, and which role sees which
//! service. [`ServiceGraph`] is plain data built from a checked scenario, laid out in columns
//! from its topological order; [`ServiceGraph::svg`] draws it. `firedrill graph` writes the
//! drawing, and the HTML debrief embeds the same one (the debrief carries the data).

mod layout;
mod svg;

use serde::{Deserialize, Serialize};

use super::Scenario;
use super::compiled::{CondExpr, EffectDef, EventKey};
use super::model::ServiceKind;
use super::units::{Duration, Factor, Latency, Percent};

/// Everything the drawing shows, with each service's place in the layout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceGraph {
    /// The scenario's title.
    pub title: String,
    pub services: Vec<Node>,
    pub calls: Vec<Call>,
    pub traffic: Vec<Entry>,
    pub faults: Vec<Strike>,
    pub roles: Vec<Viewer>,
    /// How many rows each column has: its services and the calls passing through it.
    pub rows: Vec<usize>,
}

/// A service and its place: `layer` is its column (callers left of callees), `row` its place in
/// the column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub kind: ServiceKind,
    pub capacity: u64,
    pub layer: usize,
    pub row: usize,
}

/// `from` calls `to` (indices into `services`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub from: usize,
    pub to: usize,
    pub timeout_us: u64,
    pub retries: u32,
    /// Calls per request served by `from`, in parts per million.
    pub calls_ppm: u64,
    pub optional: bool,
    pub breaker: bool,
    /// The call's row in each column it passes through on its way (a call that skips columns).
    pub via: Vec<usize>,
}

/// Requests arriving from outside at a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub to: usize,
    pub rps: u64,
    /// Customers failing at this service come here too.
    pub fallback_from: Option<usize>,
}

/// Where a fault strikes and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strike {
    pub fault: String,
    pub title: String,
    pub target: usize,
    pub effects: String,
    pub trigger: String,
}

/// A role and the services whose dashboards and logs it sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: String,
    pub title: String,
    pub commander: bool,
    pub dashboards: Vec<usize>,
    pub logs: Vec<usize>,
}

impl ServiceGraph {
    /// The graph of a checked scenario, laid out.
    pub fn of(sc: &Scenario) -> ServiceGraph {
        let edges: Vec<(usize, usize)> = sc.deps.iter().map(|d| (d.from, d.to)).collect();
        let mut place = layout::place(sc.services.len(), &sc.topo_order, &edges);
        ServiceGraph {
            title: sc.title.clone(),
            services: sc
                .services
                .iter()
                .enumerate()
                .map(|(i, s)| Node {
                    id: s.id.to_string(),
                    kind: s.kind,
                    capacity: s.capacity,
                    layer: place.layer[i],
                    row: place.row[i],
                })
                .collect(),
            calls: sc
                .deps
                .iter()
                .zip(std::mem::take(&mut place.via))
                .map(|(d, via)| Call {
                    from: d.from,
                    to: d.to,
                    timeout_us: d.timeout_us,
                    retries: d.retries,
                    calls_ppm: d.calls_ppm,
                    optional: d.optional,
                    breaker: d.breaker.is_some(),
                    via,
                })
                .collect(),
            traffic: sc
                .traffic
                .iter()
                .map(|t| Entry {
                    to: t.to,
                    rps: t.rps,
                    fallback_from: t.fallback.map(|f| f.from),
                })
                .collect(),
            faults: sc
                .faults
                .iter()
                .map(|f| Strike {
                    fault: f.id.to_string(),
                    title: f.title.clone(),
                    target: f.target,
                    effects: f
                        .effects
                        .iter()
                        .map(|e| effect_text(sc, e))
                        .collect::<Vec<_>>()
                        .join(", "),
                    trigger: trigger_text(sc, &f.trigger),
                })
                .collect(),
            roles: sc
                .roles
                .iter()
                .map(|r| Viewer {
                    id: r.id.to_string(),
                    title: r.title.clone(),
                    commander: r.commander,
                    dashboards: r.dashboards.clone(),
                    logs: r.logs.clone(),
                })
                .collect(),
            rows: place.rows,
        }
    }

    /// A standalone SVG document (`firedrill graph`).
    pub fn svg(&self) -> String {
        svg::render(self, svg::Mode::Document)
    }

    /// The same drawing as an `<svg>` element for an HTML page (no XML declaration, no namespace
    /// URL: the debrief page refers to nothing outside itself).
    pub fn svg_inline(&self) -> String {
        svg::render(self, svg::Mode::Inline)
    }
}

fn effect_text(sc: &Scenario, e: &EffectDef) -> String {
    match *e {
        EffectDef::CapacityLoss(p) => format!("loses {} of capacity", Percent(p)),
        EffectDef::AddedLatency(us) => format!("{} slower", Latency(us)),
        EffectDef::SlowDown(f) => format!("{} slower", Factor(f)),
        EffectDef::ErrorRate(p) => format!("fails {}", Percent(p)),
        EffectDef::Crash => "crashes".into(),
        EffectDef::SlowLeak(p) => format!("leaks {} a minute", Percent(p)),
        EffectDef::Partition(s) => format!("cut off from {}", sc.services[s].id),
        EffectDef::CertificateExpired => "certificate expired".into(),
        EffectDef::BadDeploy { .. } => "a bad release".into(),
        EffectDef::TrafficSurge(f) => format!("traffic {}", Factor(f)),
        EffectDef::PoolShrink(p) => format!("pool shrinks {}", Percent(p)),
        EffectDef::ColdCache => "cache goes cold".into(),
        EffectDef::ShiftGauge { metric, .. } => {
            format!("moves {}", sc.metrics.metrics[metric].name)
        }
    }
}

fn trigger_text(sc: &Scenario, c: &CondExpr) -> String {
    match c {
        CondExpr::At { at, .. } => format!("at {}", Duration(*at)),
        CondExpr::Manual => "fired by the facilitator".into(),
        CondExpr::OnAction { action, .. } => format!("when {} is done", sc.actions[*action].id),
        CondExpr::After { event, delay, .. } => {
            let what = match *event {
                EventKey::Fault(f) => format!("{} starts", sc.faults[f].id),
                EventKey::FaultEnd(f) => format!("{} ends", sc.faults[f].id),
                EventKey::Action(a) => format!("{} is done", sc.actions[a].id),
                EventKey::Alert(a) => format!("{} fires", sc.alerts[a].id),
                EventKey::Inject(i) => format!("{} is published", sc.injects[i].id),
                EventKey::Milestone(m) => m.label().to_string(),
                EventKey::Fact(f) => format!("{} is learnt", sc.facts[f].id),
            };
            format!("{} after {what}", Duration(*delay))
        }
        _ => "when its condition holds".into(),
    }
}

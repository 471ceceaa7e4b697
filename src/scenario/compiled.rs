//! The scenario after checking: every name resolved to an index, every quantity an integer. This
//! is what the simulation runs; it is immutable and shared.

use std::sync::Arc;

use super::model::{
    AlertSeverity, Channel, Difficulty, HypothesisKind, LogLevel, Milestone, ScenarioFile,
    ServiceKind,
};
use super::units::ClockTime;

/// Index types: positions in the scenario's lists. Stable for a given scenario file.
pub type ServiceIx = usize;
pub type RoleIx = usize;
pub type FactIx = usize;
pub type FaultIx = usize;
pub type ActionIx = usize;
pub type AlertIx = usize;

/// A name shared cheaply between the scenario and the event log.
pub type Name = Arc<str>;

#[derive(Debug)]
pub struct Scenario {
    /// Where it was loaded from, as the user named it.
    pub path: String,
    pub text: String,
    /// The parts it pulled in (name as written, text), in order; see `source::parts`.
    pub parts: Vec<(String, String)>,
    /// SHA-256 of the text (and its parts'), hex: the scenario's identity in run files.
    pub hash: String,
    pub file: ScenarioFile,
    pub title: String,
    pub difficulty: Difficulty,
    pub time_limit: u64,
    pub seed: u64,
    pub clock_start: ClockTime,
    pub scrape_interval: u64,
    pub noise_ppm: u64,
    pub services: Vec<ServiceDef>,
    /// Services with callers before callees.
    pub topo_order: Vec<ServiceIx>,
    pub deps: Vec<DepDef>,
    pub traffic: Vec<TrafficDef>,
    pub metrics: MetricCatalog,
    pub faults: Vec<FaultDef>,
    pub logs: Vec<LogDef>,
    pub alerts: Vec<AlertDef>,
    pub tickets: Vec<TicketDef>,
    pub injects: Vec<InjectDef>,
    pub roles: Vec<RoleDef>,
    pub facts: Vec<FactDef>,
    pub hypotheses: Vec<HypothesisDef>,
    pub actions: Vec<ActionDef>,
    pub hints: Vec<HintDef>,
    pub resolution: ResolutionDef,
    /// Number of state slots the conditions need (see `Cond::When` and the instant forms).
    pub cond_slots: usize,
}

#[derive(Debug, Clone)]
pub struct ServiceDef {
    pub id: Name,
    pub kind: ServiceKind,
    pub capacity: u64,
    pub latency_us: u64,
    pub concurrency: Option<u64>,
    pub max_queue_us: u64,
    pub hit_rate_ppm: Option<u64>,
    pub warmup: u64,
    /// How much the hit rate recovers per tick while warming up.
    pub warmup_step_ppm: u64,
    /// Indices into `Scenario::deps` of the calls this service makes.
    pub calls: Vec<usize>,
    /// Indices into `Scenario::deps` of the calls made to this service.
    pub callers: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct DepDef {
    pub from: ServiceIx,
    pub to: ServiceIx,
    pub calls_ppm: u64,
    pub timeout_us: u64,
    pub retries: u32,
    pub optional: bool,
    /// Circuit breaker: (opens above this failure share, stays open this many ticks).
    pub breaker: Option<(u64, u64)>,
}

#[derive(Debug, Clone)]
pub struct TrafficDef {
    pub to: ServiceIx,
    pub rps: u64,
    pub shape: Vec<ShapeDef>,
    pub fallback: Option<FallbackDef>,
}

/// A share of the external requests failing at `from` arrives here, eased in over `over` ticks.
#[derive(Debug, Clone, Copy)]
pub struct FallbackDef {
    pub from: ServiceIx,
    pub share_ppm: u64,
    pub over: u64,
}

#[derive(Debug, Clone)]
pub enum ShapeDef {
    Diurnal {
        amplitude_ppm: u64,
        period: u64,
        peak_at: u64,
    },
    Spike {
        at: u64,
        factor_ppm: u64,
        lasting: u64,
    },
    Ramp {
        from: u64,
        to: u64,
        factor_ppm: u64,
    },
    Peaks {
        every: u64,
        factor_ppm: u64,
        lasting: u64,
    },
}

/// The built-in metrics every service has, in dashboard order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BuiltinMetric {
    LatencyP50,
    LatencyP95,
    LatencyP99,
    ErrorRate,
    Throughput,
    Saturation,
}

impl BuiltinMetric {
    pub const ALL: [BuiltinMetric; 6] = [
        BuiltinMetric::LatencyP50,
        BuiltinMetric::LatencyP95,
        BuiltinMetric::LatencyP99,
        BuiltinMetric::ErrorRate,
        BuiltinMetric::Throughput,
        BuiltinMetric::Saturation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BuiltinMetric::LatencyP50 => "latency_p50",
            BuiltinMetric::LatencyP95 => "latency_p95",
            BuiltinMetric::LatencyP99 => "latency_p99",
            BuiltinMetric::ErrorRate => "error_rate",
            BuiltinMetric::Throughput => "throughput",
            BuiltinMetric::Saturation => "saturation",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            BuiltinMetric::LatencyP50 | BuiltinMetric::LatencyP95 | BuiltinMetric::LatencyP99 => {
                "ms"
            }
            BuiltinMetric::ErrorRate | BuiltinMetric::Saturation => "%",
            BuiltinMetric::Throughput => "req/s",
        }
    }
}

/// Where a metric's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricKind {
    Builtin(BuiltinMetric),
    InFlight,
    Backlog,
    Retries,
    Arrivals,
    Rejected,
    HitRate,
    /// A gauge that faults move; its starting value in milli-units.
    Gauge(i64),
}

/// A metric of one service. Values are integers in thousandths of the unit.
#[derive(Debug, Clone)]
pub struct MetricDef {
    pub service: ServiceIx,
    pub name: Name,
    pub unit: Name,
    pub kind: MetricKind,
}

/// Every metric of every service; a dashboard sample lists a service's metrics in this order.
#[derive(Debug, Clone, Default)]
pub struct MetricCatalog {
    pub metrics: Vec<MetricDef>,
    /// Indices of the `Gauge` metrics.
    pub gauges: Vec<usize>,
    /// For each service, the indices of its metrics.
    pub by_service: Vec<Vec<usize>>,
}

impl MetricCatalog {
    pub fn find(&self, service: ServiceIx, name: &str) -> Option<usize> {
        self.by_service[service]
            .iter()
            .copied()
            .find(|&m| &*self.metrics[m].name == name)
    }
}

/// A compiled condition. `slot` fields index per-run state held by the simulation.
#[derive(Debug, Clone)]
pub enum CondExpr {
    At {
        at: u64,
        slot: usize,
    },
    After {
        event: EventKey,
        delay: u64,
        slot: usize,
    },
    When {
        inner: Box<CondExpr>,
        hold: u64,
        slot: usize,
    },
    OnAction {
        action: ActionIx,
        by: Option<RoleIx>,
        slot: usize,
    },
    Chance {
        ppm: u64,
    },
    Manual,
    Always,
    All(Vec<CondExpr>),
    Any(Vec<CondExpr>),
    Not(Box<CondExpr>),
    Above {
        metric: usize,
        milli: i64,
    },
    Below {
        metric: usize,
        milli: i64,
    },
    ImpactAbove(u64),
    ImpactBelow(u64),
    FaultActive(FaultIx),
    ActionDone(ActionIx),
    ActionRunning(ActionIx),
    AlertFiring(AlertIx),
    Known {
        fact: FactIx,
        by: Option<RoleIx>,
    },
    Reached(Milestone),
    Published(usize),
    Stalled(u64),
}

impl CondExpr {
    /// True if a `Chance` appears anywhere inside.
    pub fn is_random(&self) -> bool {
        match self {
            CondExpr::Chance { .. } => true,
            CondExpr::When { inner, .. } | CondExpr::Not(inner) => inner.is_random(),
            CondExpr::All(v) | CondExpr::Any(v) => v.iter().any(CondExpr::is_random),
            _ => false,
        }
    }

    /// Calls `f` on this node and every node inside it.
    pub fn visit(&self, f: &mut impl FnMut(&CondExpr)) {
        f(self);
        match self {
            CondExpr::When { inner, .. } | CondExpr::Not(inner) => inner.visit(f),
            CondExpr::All(v) | CondExpr::Any(v) => v.iter().for_each(|c| c.visit(f)),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKey {
    Fault(FaultIx),
    FaultEnd(FaultIx),
    Action(ActionIx),
    Alert(AlertIx),
    Inject(usize),
    Milestone(Milestone),
    Fact(FactIx),
}

#[derive(Debug, Clone)]
pub struct FaultDef {
    pub id: Name,
    pub title: String,
    pub target: ServiceIx,
    pub effects: Vec<EffectDef>,
    pub trigger: CondExpr,
    pub ends_after: Option<u64>,
    pub ends_when: Option<CondExpr>,
    /// Actions that end it.
    pub mitigated_by: Vec<ActionIx>,
}

#[derive(Debug, Clone)]
pub enum EffectDef {
    CapacityLoss(u64),
    AddedLatency(u64),
    SlowDown(u64),
    ErrorRate(u64),
    Crash,
    SlowLeak(u64),
    Partition(ServiceIx),
    CertificateExpired,
    BadDeploy {
        errors_ppm: u64,
        latency_us: u64,
    },
    TrafficSurge(u64),
    PoolShrink(u64),
    ColdCache,
    ShiftGauge {
        metric: usize,
        by_milli: i64,
        over: u64,
    },
}

#[derive(Debug, Clone)]
pub struct LogDef {
    pub id: Name,
    pub service: ServiceIx,
    pub level: LogLevel,
    pub text: Vec<TextPart>,
    pub when: CondExpr,
    pub every: u64,
}

/// Log and ticket text, with `{service.metric}` placeholders resolved.
#[derive(Debug, Clone)]
pub enum TextPart {
    Literal(String),
    Metric(usize),
}

#[derive(Debug, Clone)]
pub struct AlertDef {
    pub id: Name,
    pub title: String,
    pub when: CondExpr,
    pub hold: u64,
    pub severity: AlertSeverity,
    pub route: Vec<RoleIx>,
    pub runbook: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TicketDef {
    pub id: Name,
    pub from: String,
    pub text: Vec<TextPart>,
    pub when: CondExpr,
    pub every: u64,
    pub route: Vec<RoleIx>,
}

#[derive(Debug, Clone)]
pub struct InjectDef {
    pub id: Name,
    pub trigger: CondExpr,
    pub from: String,
    pub to: Vec<RoleIx>,
    pub channel: Channel,
    pub text: String,
    pub red_herring: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RoleDef {
    pub id: Name,
    pub title: String,
    pub briefing: String,
    pub dashboards: Vec<ServiceIx>,
    pub logs: Vec<ServiceIx>,
    pub knows: Vec<FactIx>,
    pub commander: bool,
    pub bot: BotDef,
}

#[derive(Debug, Clone, Default)]
pub struct BotDef {
    pub looks_first: Vec<ServiceIx>,
    pub believes: Option<usize>,
    pub answer_delay: u64,
    /// Seconds to get oriented after the first page, and to read a dashboard or log.
    pub orient: u64,
    pub read: u64,
    /// (subject, facts): a subject is a service or a fact.
    pub answers: Vec<(Subject, Vec<FactIx>)>,
    /// Chances of missing a page and of forgetting to share, in parts per million.
    pub miss_ppm: u64,
    pub forget_ppm: u64,
    pub plays: Vec<PlayDef>,
}

/// A bot's own play: run `action` once `when` holds in its feed.
#[derive(Debug, Clone)]
pub struct PlayDef {
    pub action: ActionIx,
    pub when: CueDef,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CueDef {
    Paged,
    Confirmed(usize),
    Done(ActionIx),
    Knows(FactIx),
    All(Vec<CueDef>),
}

/// What a question can be about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Subject {
    Service(ServiceIx),
    Fact(FactIx),
}

#[derive(Debug, Clone)]
pub struct FactDef {
    pub id: Name,
    pub text: String,
    pub about: Vec<ServiceIx>,
    pub sources: Vec<SourceDef>,
    /// Roles holding it on a knowledge card.
    pub carded_by: Vec<RoleIx>,
}

#[derive(Debug, Clone)]
pub enum SourceDef {
    Log(usize),
    Alert(AlertIx),
    Ticket(usize),
    Inject(usize),
    Inspect {
        service: ServiceIx,
        when: Option<CondExpr>,
    },
    Action {
        action: ActionIx,
        when: Option<CondExpr>,
    },
}

#[derive(Debug, Clone)]
pub struct HypothesisDef {
    pub id: Name,
    pub statement: String,
    pub kind: HypothesisKind,
    pub needs: Vec<FactIx>,
    pub refuted_by: Vec<FactIx>,
}

#[derive(Debug, Clone)]
pub struct ActionDef {
    pub id: Name,
    pub title: String,
    pub roles: Vec<RoleIx>,
    pub duration: u64,
    pub requires: Option<CondExpr>,
    pub refused: Option<String>,
    pub effects: Vec<ActionEffectDef>,
    pub result: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ActionEffectDef {
    Mitigate(FaultIx),
    Rollback(ServiceIx),
    StartFault(FaultIx),
    Scale(ServiceIx, u64),
    SetRetries { dep: usize, retries: u32 },
    ShedLoad(ServiceIx, u64),
    Restart(ServiceIx),
    Outage(ServiceIx),
    FlushCache(ServiceIx),
    DestroyEvidence(FactIx),
    StatusUpdate,
}

impl ActionEffectDef {
    /// The service this effect takes down while its action runs, if any.
    pub fn outage(&self) -> Option<ServiceIx> {
        match *self {
            ActionEffectDef::Restart(s) | ActionEffectDef::Outage(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct HintDef {
    pub id: Name,
    pub to: Vec<RoleIx>,
    pub when: CondExpr,
    pub tiers: Vec<String>,
    pub every: u64,
}

#[derive(Debug, Clone)]
pub struct ResolutionDef {
    pub slo_ppm: u64,
    pub slow_after_us: u64,
    pub stable_for: u64,
}

impl Scenario {
    pub fn role_ix(&self, id: &str) -> Option<RoleIx> {
        self.roles.iter().position(|r| &*r.id == id)
    }
    pub fn service_ix(&self, id: &str) -> Option<ServiceIx> {
        self.services.iter().position(|s| &*s.id == id)
    }
    pub fn fact_ix(&self, id: &str) -> Option<FactIx> {
        self.facts.iter().position(|f| &*f.id == id)
    }
    pub fn action_ix(&self, id: &str) -> Option<ActionIx> {
        self.actions.iter().position(|a| &*a.id == id)
    }
    pub fn alert_ix(&self, id: &str) -> Option<AlertIx> {
        self.alerts.iter().position(|a| &*a.id == id)
    }
    pub fn fault_ix(&self, id: &str) -> Option<FaultIx> {
        self.faults.iter().position(|f| &*f.id == id)
    }
    pub fn inject_ix(&self, id: &str) -> Option<usize> {
        self.injects.iter().position(|i| &*i.id == id)
    }
    pub fn hypothesis_ix(&self, id: &str) -> Option<usize> {
        self.hypotheses.iter().position(|h| &*h.id == id)
    }
    pub fn commander(&self) -> Option<RoleIx> {
        self.roles.iter().position(|r| r.commander)
    }
    /// Roles that see the service's dashboard.
    pub fn dashboard_viewers(&self, service: ServiceIx) -> impl Iterator<Item = RoleIx> + '_ {
        (0..self.roles.len()).filter(move |&r| self.roles[r].dashboards.contains(&service))
    }
    /// Roles that see the service's logs.
    pub fn log_readers(&self, service: ServiceIx) -> impl Iterator<Item = RoleIx> + '_ {
        (0..self.roles.len()).filter(move |&r| self.roles[r].logs.contains(&service))
    }
    /// Whether any action has this effect kind.
    pub fn action_effects(&self) -> impl Iterator<Item = (ActionIx, &ActionEffectDef)> {
        self.actions
            .iter()
            .enumerate()
            .flat_map(|(a, def)| def.effects.iter().map(move |e| (a, e)))
    }
}

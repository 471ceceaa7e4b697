//! Services, the calls between them, and the traffic that enters the system.

use serde::{Deserialize, Serialize};

use super::Id;
use crate::scenario::units::{Duration, Factor, Latency, Percent};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Service")]
pub struct Service {
    pub id: Id,
    pub kind: ServiceKind,
    /// Requests per second the service can complete when healthy.
    pub capacity: u64,
    /// Time to serve one request on an idle service, excluding calls to dependencies.
    pub latency: Latency,
    /// Most requests it can hold in flight at once (worker threads, connection pool). When slow
    /// dependencies hold requests longer, this limit caps throughput (Little's law).
    #[serde(default)]
    pub concurrency: Option<u64>,
    /// Longest a request waits in the queue before the service rejects it.
    #[serde(default = "default_max_queue")]
    pub max_queue: Latency,
    /// For caches: share of calls answered without calling dependencies when warm.
    #[serde(default)]
    pub hit_rate: Option<Percent>,
    /// For caches: time for a cold cache to warm back up to its hit rate.
    #[serde(default = "default_warmup")]
    pub warmup: Duration,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

fn default_max_queue() -> Latency {
    Latency(10_000_000)
}
fn default_warmup() -> Duration {
    Duration(300)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ServiceKind {
    Api,
    Web,
    Worker,
    Database,
    Cache,
    Queue,
    LoadBalancer,
    Dns,
    Storage,
    Vendor,
}

impl ServiceKind {
    pub fn label(self) -> &'static str {
        match self {
            ServiceKind::Api => "API",
            ServiceKind::Web => "web",
            ServiceKind::Worker => "worker",
            ServiceKind::Database => "database",
            ServiceKind::Cache => "cache",
            ServiceKind::Queue => "queue",
            ServiceKind::LoadBalancer => "load balancer",
            ServiceKind::Dns => "DNS",
            ServiceKind::Storage => "storage",
            ServiceKind::Vendor => "external vendor",
        }
    }
}

/// `from` calls `to` while serving its requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Dependency")]
pub struct Dependency {
    pub from: Id,
    pub to: Id,
    /// Calls made to `to` per request served by `from`.
    #[serde(default)]
    pub calls: Factor,
    /// The caller gives up on a call after this long.
    pub timeout: Latency,
    /// Extra attempts after a failed or timed-out call.
    #[serde(default)]
    pub retries: u32,
    /// When true, a failed call degrades the response instead of failing it.
    #[serde(default)]
    pub optional: bool,
    /// A client-side circuit breaker: when calls fail too often it stops sending them for a while.
    #[serde(default)]
    pub breaker: Option<Breaker>,
}

/// Opens when the share of failing calls goes above `opens_above`; while open, calls fail at once
/// without reaching the callee; after `open_for` a tenth of the calls probe, and it closes again
/// if they succeed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Breaker")]
pub struct Breaker {
    #[serde(default = "default_opens_above")]
    pub opens_above: Percent,
    #[serde(default = "default_open_for")]
    pub open_for: Duration,
}

fn default_opens_above() -> Percent {
    Percent(500_000)
}
fn default_open_for() -> Duration {
    Duration(30)
}

/// Requests arriving from outside at an entry service.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "TrafficSource")]
pub struct TrafficSource {
    pub to: Id,
    /// Requests per second at the baseline.
    pub rps: u64,
    #[serde(default)]
    pub shape: Vec<TrafficShape>,
    /// Customers who fail at another service come here instead (calls when data is down).
    #[serde(default)]
    pub fallback: Option<Fallback>,
}

/// Extra traffic: a share of the requests failing at `from`, turning up here as people notice,
/// over about `over`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Fallback")]
pub struct Fallback {
    pub from: Id,
    pub share: Percent,
    #[serde(default = "default_fallback_over")]
    pub over: Duration,
}
fn default_fallback_over() -> Duration {
    Duration(300)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TrafficShape {
    /// A daily (or shorter) swing around the baseline, peaking `peak_at` into each period.
    Diurnal {
        amplitude: Percent,
        period: Duration,
        #[serde(default)]
        peak_at: Duration,
    },
    /// A burst multiplying the traffic for a while.
    Spike {
        at: Duration,
        factor: Factor,
        lasting: Duration,
    },
    /// A steady change from one level to another.
    Ramp {
        from: Duration,
        to: Duration,
        factor: Factor,
    },
    /// Short peaks every `every` (cron jobs, reminders on the hour).
    Peaks {
        every: Duration,
        factor: Factor,
        lasting: Duration,
    },
}

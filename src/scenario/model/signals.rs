//! What the system emits: scenario-defined metrics, log lines, alerts and customer tickets. Each is a
//! function of simulation state through a condition, never a timed script.

use serde::{Deserialize, Serialize};

use super::{Cond, Id, Number};
use crate::scenario::units::Duration;

/// A metric beyond the built-in ones, shown on its service's dashboard.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Metric")]
pub struct CustomMetric {
    /// Name on the dashboard; referred to as `"service.id"`.
    pub id: Id,
    pub service: Id,
    pub unit: String,
    pub source: MetricSource,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum MetricSource {
    /// Requests in flight (threads busy, connections open).
    InFlight,
    /// Requests waiting in the queue.
    Backlog,
    /// Retry attempts per second made by this service's callers towards it.
    Retries,
    /// Requests per second offered to the service.
    Arrivals,
    /// Requests per second rejected because the queue was full.
    Rejected,
    /// Cache hit rate, in percent.
    HitRate,
    /// A value that only faults move (`ShiftGauge`), starting here.
    Gauge(Number),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LogLevel {
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

/// A log line the service writes every `every` while `when` holds. `{service.metric}` in the text
/// is replaced with the metric's current value.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Log")]
pub struct LogRule {
    pub id: Id,
    pub service: Id,
    pub level: LogLevel,
    pub text: String,
    pub when: Cond,
    #[serde(default = "default_log_every")]
    pub every: Duration,
}

fn default_log_every() -> Duration {
    Duration(30)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AlertSeverity {
    Info,
    Warning,
    Page,
}

/// An alert fires when `when` has held for `for`, and resolves when it stops holding.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Alert")]
pub struct AlertRule {
    pub id: Id,
    pub title: String,
    pub when: Cond,
    #[serde(rename = "for", default)]
    pub hold: Duration,
    pub severity: AlertSeverity,
    /// Roles the alert is routed to.
    pub route: Vec<Id>,
    #[serde(default)]
    pub runbook: Option<String>,
}

/// Customer tickets arriving every `every` while `when` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Ticket")]
pub struct TicketRule {
    pub id: Id,
    pub from: String,
    pub text: String,
    pub when: Cond,
    #[serde(default = "default_ticket_every")]
    pub every: Duration,
    pub route: Vec<Id>,
}

fn default_ticket_every() -> Duration {
    Duration(120)
}

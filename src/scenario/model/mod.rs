//! The scenario as a facilitator writes it in RON. These types mirror the file one to one; names
//! are still text here (each with its place in the file) and are resolved by `validate`.

mod conditions;
mod exercise;
mod faults;
mod signals;
mod team;
mod topology;

pub use conditions::*;
pub use exercise::*;
pub use faults::*;
pub use signals::*;
pub use team::*;
pub use topology::*;

use serde::{Deserialize, Serialize};

use super::source::{List, Spanned};
use super::units::{ClockTime, Duration, Percent};

/// A name that refers to (or defines) something in the scenario, with its place in the file.
pub type Id = Spanned<String>;

/// A plain number (a metric threshold, a gauge's value), with its place in the file: the checker
/// refuses one that is not finite or out of the range it can mean.
pub type Number = Spanned<f64>;

/// One incident exercise.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Scenario")]
pub struct ScenarioFile {
    // A mistake in `meta` or `resolution` must not hide the mistakes everywhere else.
    #[serde(deserialize_with = "super::source::or_default")]
    pub meta: Spanned<Meta>,
    pub services: List<Service>,
    #[serde(default)]
    pub dependencies: List<Dependency>,
    pub traffic: List<TrafficSource>,
    #[serde(default)]
    pub metrics: List<CustomMetric>,
    pub faults: List<Fault>,
    #[serde(default)]
    pub logs: List<LogRule>,
    #[serde(default)]
    pub alerts: List<AlertRule>,
    #[serde(default)]
    pub tickets: List<TicketRule>,
    #[serde(default)]
    pub injects: List<Inject>,
    pub roles: List<Role>,
    pub facts: List<Fact>,
    pub hypotheses: List<Hypothesis>,
    pub actions: List<Action>,
    #[serde(default)]
    pub hints: List<Hint>,
    #[serde(deserialize_with = "super::source::or_default")]
    pub resolution: Spanned<Resolution>,
    #[serde(default)]
    pub debrief: DebriefNotes,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename = "Meta")]
pub struct Meta {
    pub title: String,
    pub summary: String,
    /// What trainees read before the exercise (the role picker): the scene — the company, the
    /// time, what people are doing — never the cause. `check` warns when it names a root cause.
    #[serde(default)]
    pub briefing: Option<String>,
    /// The public write-up(s) this exercise is modelled on: for the facilitator and the debrief.
    #[serde(default)]
    pub modelled_on: Option<String>,
    pub difficulty: Difficulty,
    /// One line on the skill the drill practises, for the scenario chooser and catalogue; it is
    /// read before the exercise, so it must not name the cause.
    #[serde(default)]
    pub teaches: Option<String>,
    #[serde(default)]
    pub objectives: Vec<String>,
    pub time_limit: Duration,
    #[serde(default)]
    pub seed: u64,
    /// Time of day at the start of the exercise, for the scenario's clock.
    #[serde(default)]
    pub clock_start: Option<ClockTime>,
    /// How often dashboards receive a new sample.
    #[serde(default = "default_scrape_interval")]
    pub scrape_interval: Duration,
    /// Relative noise on every metric sample.
    #[serde(default = "default_noise")]
    pub noise: Percent,
}

fn default_scrape_interval() -> Duration {
    Duration(10)
}
fn default_noise() -> Percent {
    Percent(20_000)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    Intro,
    #[default]
    Easy,
    Medium,
    Hard,
    Expert,
}

//! The debrief as data: everything the renderers (Markdown, HTML, JSON) and the in-app viewer
//! show, built from the event log alone. Times are ticks (seconds since the start); `run.clock_start`
//! turns them into the scenario's clock.

use serde::{Deserialize, Serialize};

use crate::scenario::graph::ServiceGraph;
use crate::scenario::model::HypothesisKind;
use crate::sim::log::HypothesisChange;

pub type Tick = u64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub run: RunInfo,
    pub roles: Vec<RoleInfo>,
    pub milestones: Vec<MilestoneEntry>,
    pub durations: Vec<DurationEntry>,
    pub timeline: Timeline,
    pub swimlanes: Vec<Swimlane>,
    pub knowledge: Vec<FactJourney>,
    pub communication: Communication,
    pub hypotheses: Vec<HypothesisStory>,
    pub decisions: Vec<DecisionOutcome>,
    pub agenda: Agenda,
    /// The scenario's service graph, laid out for drawing (absent from debriefs written before it
    /// was added).
    #[serde(default)]
    pub system: ServiceGraph,
    /// The clue ledger: each fact's way from observable to used (absent from debriefs written
    /// before it was added).
    #[serde(default)]
    pub ledger: Vec<LedgerEntry>,
    /// How the team pooled what only one role could know, against what several could.
    #[serde(default)]
    pub pooling: Pooling,
    /// What a clue cost: filled in by `debrief::clue::compute` (it re-simulates the run), so
    /// empty in a debrief built live.
    #[serde(default)]
    pub clue_costs: Vec<ClueCost>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    pub title: String,
    pub summary: String,
    pub modelled_on: Option<String>,
    pub objectives: Vec<String>,
    pub scenario_hash: String,
    pub seed: u64,
    /// The scenario's clock at tick 0, in seconds after midnight.
    pub clock_start: u64,
    /// Ticks covered by the log.
    pub length: Tick,
    pub end: Option<RunEndInfo>,
    /// False when the log stops before the run ended (a run killed midway, or still going).
    pub complete: bool,
    pub bots: Vec<String>,
    pub forked_from: Option<ForkInfo>,
    /// The incident commander's role id.
    pub commander: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunEndInfo {
    pub tick: Tick,
    pub resolved: bool,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForkInfo {
    pub parent: String,
    pub at: Tick,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleInfo {
    pub id: String,
    pub title: String,
    pub commander: bool,
    pub bot: bool,
}

/// A role at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleTick {
    pub role: String,
    pub tick: Tick,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// Customer impact first above the SLO (ground truth).
    ImpactStarted,
    /// The first symptom anyone was shown: a warning or error log line, a non-informational
    /// alert, or a customer ticket.
    FirstSignal,
    /// The first non-informational alert.
    FirstAlert,
    FirstAcknowledgement,
    /// The first hypothesis anyone put forward.
    FirstHypothesis,
    /// The first time a root-cause hypothesis was put forward (proposed, supported or confirmed).
    FirstCorrectHypothesis,
    /// Every root-cause hypothesis confirmed by a role holding its evidence.
    Diagnosed,
    /// Every fault that started has ended.
    Mitigated,
    Resolved,
    FirstCommunication,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 10] = [
        MilestoneKind::ImpactStarted,
        MilestoneKind::FirstSignal,
        MilestoneKind::FirstAlert,
        MilestoneKind::FirstAcknowledgement,
        MilestoneKind::FirstHypothesis,
        MilestoneKind::FirstCorrectHypothesis,
        MilestoneKind::Diagnosed,
        MilestoneKind::Mitigated,
        MilestoneKind::Resolved,
        MilestoneKind::FirstCommunication,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MilestoneKind::ImpactStarted => "impact started",
            MilestoneKind::FirstSignal => "first signal",
            MilestoneKind::FirstAlert => "first alert",
            MilestoneKind::FirstAcknowledgement => "first acknowledgement",
            MilestoneKind::FirstHypothesis => "first hypothesis",
            MilestoneKind::FirstCorrectHypothesis => "first correct hypothesis",
            MilestoneKind::Diagnosed => "diagnosed",
            MilestoneKind::Mitigated => "mitigated",
            MilestoneKind::Resolved => "resolved",
            MilestoneKind::FirstCommunication => "first external communication",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneEntry {
    pub kind: MilestoneKind,
    pub tick: Option<Tick>,
    /// What it was (the signal, the alert, the hypothesis).
    pub detail: Option<String>,
    /// The role involved, when one was.
    pub role: Option<String>,
}

/// The time between two milestones; negative when the second came first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DurationEntry {
    pub label: String,
    pub from: MilestoneKind,
    pub to: MilestoneKind,
    pub seconds: Option<i64>,
}

/// What the charts draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub end: Tick,
    pub slo_ppm: u64,
    /// Share of edge requests failed, shed or slow, in parts per million (ground truth).
    pub impact: Vec<ImpactPoint>,
    pub faults: Vec<FaultBand>,
    pub markers: Vec<Marker>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactPoint {
    pub tick: Tick,
    pub ppm: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultBand {
    pub fault: String,
    pub title: String,
    pub target: String,
    pub start: Tick,
    /// None: still active when the log ends.
    pub end: Option<Tick>,
    pub started_by: String,
    pub ended_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    Milestone,
    Inject,
    Action,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub tick: Tick,
    pub kind: MarkerKind,
    pub label: String,
    pub detail: Option<String>,
    /// An inject the scenario marks as true but not causal.
    pub red_herring: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Swimlane {
    pub role: String,
    pub items: Vec<LaneItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    Saw,
    Did,
    Said,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneItem {
    pub tick: Tick,
    pub kind: LaneKind,
    /// A short tag: "log", "alert", "action", "question"…
    pub what: String,
    pub text: String,
    /// For a repeating signal shown once: the last repeat and how many there were.
    pub until: Option<Tick>,
    pub repeats: u32,
}

/// Who knew a fact, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactJourney {
    pub fact: String,
    pub text: String,
    /// One of the scenario's key facts for the debrief.
    pub key: bool,
    /// Hypotheses that need it, and those it refutes.
    pub supports: Vec<String>,
    pub refutes: Vec<String>,
    /// One entry per role, in the scenario's role order.
    pub roles: Vec<FactForRole>,
    pub first_available: Option<RoleTick>,
    pub first_seen: Option<RoleTick>,
    pub to_commander: Option<CommanderReach>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactForRole {
    pub role: String,
    /// When a source this role could observe first offered it (or it reached the role otherwise).
    pub available: Option<Tick>,
    pub available_via: Option<String>,
    /// When the role learnt it.
    pub seen: Option<Tick>,
    pub seen_via: Option<String>,
    pub shared: Vec<ShareEntry>,
    /// The first move the role made, once it held the fact, that the fact bears on: a
    /// hypothesis step or an action (the rule is in `debrief::bearing` and docs/debrief.md).
    pub acted_on: Option<Act>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareEntry {
    pub tick: Tick,
    /// None: with the whole channel.
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Act {
    pub tick: Tick,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommanderReach {
    pub commander: String,
    pub learnt: Option<Tick>,
    pub via: Option<String>,
    /// Seconds from when it mattered — the first time anyone could have seen it, or the start of
    /// customer impact if that came later — to the commander learning it (0 if the commander
    /// held it before then).
    pub since_available: Option<u64>,
    /// The same, from the first time anyone saw it (or the impact start, if later).
    pub since_seen: Option<u64>,
    /// The moment `since_available` counts from.
    pub counted_from: Option<Tick>,
    /// It was available before the impact began, so the lag counts from the impact start.
    pub before_impact: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Communication {
    pub links: Vec<Link>,
    pub questions: Vec<QuestionEntry>,
    /// Facts passed from one role to another (or the channel).
    pub handoffs: Vec<Handoff>,
}

/// Traffic from one role to another (`to` None: the whole channel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub from: String,
    pub to: Option<String>,
    pub messages: u32,
    pub questions: u32,
    pub shares: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionEntry {
    pub tick: Tick,
    pub from: String,
    pub to: String,
    pub text: String,
    pub about: Option<String>,
    pub answer: Option<Answer>,
    /// Asked by someone outside the team (a stakeholder's inject, `from` is its sender and `to`
    /// the roles it reached, comma-separated); answered by the first status update after it.
    #[serde(default)]
    pub external: bool,
}

/// The first message or share from the asked role back to the asker (or the channel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub tick: Tick,
    pub wait: u64,
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    pub tick: Tick,
    pub from: String,
    pub to: Option<String>,
    pub fact: String,
    /// How long the giver had known it.
    pub held_for: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HypothesisStory {
    pub id: String,
    pub statement: String,
    pub kind: HypothesisKind,
    pub steps: Vec<HypStep>,
    pub proposed: Option<RoleTick>,
    pub confirmed: Option<RoleTick>,
    pub discarded: Option<RoleTick>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HypStep {
    pub tick: Tick,
    pub by: String,
    pub change: HypothesisChange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    Early,
    InWindow,
    Late,
    NotTaken,
}

/// A decision the scenario expected, against what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionOutcome {
    pub id: String,
    pub title: String,
    pub from: Tick,
    pub until: Tick,
    /// The role the scenario expects to decide, if it names one.
    pub role: Option<String>,
    pub expected: String,
    pub taken: Option<RoleTick>,
    pub timing: Timing,
    /// Whose knowledge `knew` lists: the role that decided, at the event that took the decision
    /// (not later in the same tick); if nobody did, the role the point names at the end of the
    /// window; and if it names none, `None`: the team, whose knowledge is what any of its roles
    /// held (no seat is singled out).
    pub deciding_role: Option<String>,
    pub knew_at: Tick,
    /// Fact ids, in the scenario's order.
    pub knew: Vec<String>,
    /// Key facts that role (or, for the team, nobody) did not hold then.
    pub key_facts_missing: Vec<String>,
    pub trap: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub phases: Vec<AgendaPhase>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Reactions,
    Description,
    Analysis,
    Summary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaPhase {
    pub phase: Phase,
    pub title: String,
    pub purpose: String,
    pub prompts: Vec<Prompt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    /// The moment it is about, if one.
    pub tick: Option<Tick>,
    pub text: String,
    /// Written by the scenario's author rather than generated from the run.
    pub from_scenario: bool,
}

/// One line of the clue ledger: the first moment each step of a fact's way happened, for anyone
/// on the team. The gaps between them are the review's questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub fact: String,
    pub text: String,
    pub key: bool,
    /// A source first offered it to a role (observable), whether or not anyone looked.
    pub observable: Option<RoleTick>,
    /// A role first learnt it.
    pub learnt: Option<RoleTick>,
    /// It was first passed on (to a role or the channel).
    pub shared: Option<RoleTick>,
    /// The incident commander learnt it (or held it from the start).
    pub to_commander: Option<Tick>,
    /// It was first used: a hypothesis step it bears on by a role holding it, or a decision point
    /// met by a role holding it.
    pub used: Option<FactUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactUse {
    pub tick: Tick,
    pub role: String,
    /// What it was used for, in words: "discarded “The network …”", "decision “Restart the API”".
    pub how: String,
}

/// The hidden-profile measure, for the team as a whole: facts only one role could learn
/// first-hand against facts several roles could.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pooling {
    pub unique: PoolGroup,
    pub common: PoolGroup,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PoolGroup {
    /// The facts in the group, by id, in the scenario's order.
    pub facts: Vec<String>,
    /// How many some role learnt.
    pub learnt: u32,
    /// How many were passed on at least once: they entered the team's discussion.
    pub reached_team: u32,
    /// How many the commander held by the end.
    pub reached_commander: u32,
    /// Median seconds from a fact first being learnt to its first share, over those shared.
    pub median_to_share: Option<u64>,
}

/// What one late clue cost: the run forked when the fact was first held, with it shared at once
/// and bots playing every role from there. One simulated alternative, not a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClueCost {
    pub fact: String,
    pub text: String,
    /// The role that first held it, and when.
    pub held: RoleTick,
    /// When the commander learnt it in the run (None: never).
    pub reached_commander: Option<Tick>,
    /// The fork's first tick: the share is its first command.
    pub fork_at: Tick,
    /// Diagnosed in the run.
    pub run_diagnosed: Option<Tick>,
    /// Diagnosed in the fork with the fact shared at once.
    pub shared_diagnosed: Option<Tick>,
    /// Diagnosed when the same bots play on from the same moment without the share: what the bots
    /// alone account for.
    pub bots_diagnosed: Option<Tick>,
    /// Seconds earlier than in the run (negative: later; None: one of the two never diagnosed).
    pub earlier_by: Option<i64>,
}

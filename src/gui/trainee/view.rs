//! The trainee console's view model: everything one role may see, rebuilt incrementally from its
//! observation feed plus the scenario's public data. The panels read only this; they never see the
//! simulation's state, so ground truth cannot reach them.
//!
//! The same model serves the debrief viewer's per-role perspective, fed from a recorded log up to
//! the scrubber's tick.

use std::sync::Arc;

use bevy::prelude::*;
use egui_plot::PlotPoint;

use crate::scenario::compiled::{Name, RoleIx};
use crate::scenario::model::{AlertSeverity, Channel, LogLevel};
use crate::scenario::units::PPM;
use crate::sim::log::{HypothesisChange, Observation, Via};

pub use crate::sim::boundary::{ActionCard, PublicScenario, RoleCard};

/// One metric of one service over time.
#[derive(Debug, Clone)]
pub struct Chart {
    pub service: Name,
    pub metric: Name,
    pub unit: Name,
    /// (tick, value in the metric's unit).
    pub points: Vec<PlotPoint>,
    /// Thresholds of the alerts on this metric routed to this role: (value, alert title).
    pub thresholds: Vec<(f64, String)>,
}

impl Chart {
    pub fn key(&self) -> ChartKey {
        ChartKey {
            service: self.service.clone(),
            metric: self.metric.clone(),
        }
    }
    pub fn title(&self) -> String {
        format!("{} · {}", self.service, self.metric)
    }
    pub fn last(&self) -> Option<f64> {
        self.points.last().map(|p| p.y)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChartKey {
    pub service: Name,
    pub metric: Name,
}

#[derive(Debug, Clone)]
pub struct LogLine {
    pub tick: u64,
    pub service: Name,
    pub level: LogLevel,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct AlertItem {
    pub id: Name,
    pub title: String,
    pub severity: AlertSeverity,
    pub runbook: Option<String>,
    pub fired_at: u64,
    pub resolved_at: Option<u64>,
    pub acked_by: Option<Name>,
}

impl AlertItem {
    pub fn firing(&self) -> bool {
        self.resolved_at.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChannelKind {
    Message {
        from: Name,
        to: Option<Name>,
        text: String,
    },
    Question {
        from: Name,
        to: Name,
        text: String,
        about: Option<Name>,
    },
    Shared {
        fact: Name,
        text: String,
        from: Name,
        to: Option<Name>,
    },
    /// Someone outside the team: a VP on the phone, a deploy bot, social media.
    Inject {
        from: String,
        channel: Channel,
        text: String,
    },
    Ticket {
        from: String,
        text: String,
    },
    Hypothesis {
        statement: String,
        by: Name,
        change: HypothesisChange,
    },
    Hint {
        tier: usize,
        text: String,
    },
    /// A hypothesis in someone's own words.
    Suspicion {
        n: u32,
        by: Name,
        text: String,
    },
    /// The simulation telling this role something about its own commands or the clock.
    Notice {
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChannelItem {
    pub tick: u64,
    pub kind: ChannelKind,
}

#[derive(Debug, Clone)]
pub struct KnownFact {
    pub id: Name,
    pub text: String,
    pub via: Via,
    pub tick: u64,
}

/// A hypothesis on this role's table (offered by a fact it holds, or raised by someone), as it
/// has seen it discussed.
#[derive(Debug, Clone, Default)]
pub struct HypState {
    pub id: Name,
    pub statement: String,
    pub proposed_by: Option<Name>,
    pub supporters: Vec<Name>,
    pub discarded_by: Option<Name>,
    pub confirmed_by: Option<Name>,
}

/// An action this role took.
#[derive(Debug, Clone)]
pub struct ActionRun {
    pub started: u64,
    pub done_at: u64,
    pub completed: Option<(u64, Option<String>)>,
}

#[derive(Debug, Clone, Default)]
pub struct ActionView {
    /// The latest run of this action by this role.
    pub run: Option<ActionRun>,
    /// The latest refusal and its reason.
    pub refused: Option<(u64, String)>,
}

/// The facilitator's clock as announced in the feed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeedClock {
    pub paused: bool,
    pub speed_ppm: u64,
}

impl Default for FeedClock {
    fn default() -> Self {
        FeedClock {
            paused: false,
            speed_ppm: PPM,
        }
    }
}

/// How many new items each section got since the user last looked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unread {
    pub alerts: usize,
    pub channel: usize,
    pub logs: usize,
    pub facts: usize,
}

#[derive(Resource, Debug, Clone)]
pub struct TraineeView {
    pub public: Arc<PublicScenario>,
    pub role: RoleIx,
    /// The current simulated second.
    pub tick: u64,
    /// Observations of the feed already absorbed.
    pub consumed: usize,
    /// False in the debrief viewer: the panels show state but offer no commands.
    pub live: bool,
    /// The run is over: the console stays open to read, its commands greyed out (the session
    /// would drop them).
    pub ended: bool,
    pub charts: Vec<Chart>,
    pub logs: Vec<LogLine>,
    pub alerts: Vec<AlertItem>,
    pub channel: Vec<ChannelItem>,
    pub facts: Vec<KnownFact>,
    /// The scenario hypotheses on this role's table, in the order they came.
    pub hypotheses: Vec<HypState>,
    /// Aligned with `public.actions`.
    pub actions: Vec<ActionView>,
    pub inspecting: Option<Name>,
    pub clock: FeedClock,
    pub unread: Unread,
}

impl TraineeView {
    pub fn new(public: Arc<PublicScenario>, role: RoleIx) -> Self {
        let me = &public.roles[role];
        let mut charts = Vec::new();
        for &s in &me.dashboards {
            for m in &public.metrics[s] {
                charts.push(Chart {
                    service: public.services[s].clone(),
                    metric: m.name.clone(),
                    unit: m.unit.clone(),
                    points: Vec::new(),
                    thresholds: m
                        .alerts
                        .iter()
                        .filter(|a| a.route.contains(&role))
                        .map(|a| (a.value, a.title.clone()))
                        .collect(),
                });
            }
        }
        TraineeView {
            hypotheses: Vec::new(),
            actions: vec![ActionView::default(); public.actions.len()],
            public,
            role,
            tick: 0,
            consumed: 0,
            live: true,
            ended: false,
            charts,
            logs: Vec::new(),
            alerts: Vec::new(),
            channel: Vec::new(),
            facts: Vec::new(),
            inspecting: None,
            clock: FeedClock::default(),
            unread: Unread::default(),
        }
    }

    pub fn me(&self) -> &RoleCard {
        &self.public.roles[self.role]
    }

    /// Takes in the next observations of the feed, in order.
    pub fn absorb<'a>(&mut self, feed: impl IntoIterator<Item = (u64, &'a Observation)>) {
        for (tick, o) in feed {
            self.consumed += 1;
            self.observe(tick, o);
        }
    }

    fn observe(&mut self, tick: u64, o: &Observation) {
        let note = |text: String| ChannelItem {
            tick,
            kind: ChannelKind::Notice { text },
        };
        match o {
            Observation::Metrics { service, values } => {
                let mut i = 0;
                // A service's charts are contiguous and in sample order.
                while i < self.charts.len() && self.charts[i].service != *service {
                    i += 1;
                }
                for v in values {
                    match self.charts.get_mut(i) {
                        Some(c) if c.service == *service => c
                            .points
                            .push(PlotPoint::new(tick as f64, *v as f64 / 1000.0)),
                        _ => break,
                    }
                    i += 1;
                }
            }
            Observation::Log {
                service,
                level,
                text,
            } => {
                self.unread.logs += 1;
                self.logs.push(LogLine {
                    tick,
                    service: service.clone(),
                    level: *level,
                    text: text.clone(),
                });
            }
            Observation::AlertFired {
                alert,
                title,
                severity,
                runbook,
            } => {
                self.unread.alerts += 1;
                self.alerts.retain(|a| a.id != *alert);
                self.alerts.push(AlertItem {
                    id: alert.clone(),
                    title: title.clone(),
                    severity: *severity,
                    runbook: runbook.clone(),
                    fired_at: tick,
                    resolved_at: None,
                    acked_by: None,
                });
            }
            Observation::AlertResolved { alert } => {
                if let Some(a) = self.alerts.iter_mut().find(|a| a.id == *alert) {
                    a.resolved_at = Some(tick);
                }
            }
            Observation::AlertAcked { alert, by } => {
                if let Some(a) = self.alerts.iter_mut().find(|a| a.id == *alert) {
                    a.acked_by = Some(by.clone());
                }
            }
            Observation::Ticket { from, text } => self.post(
                tick,
                ChannelKind::Ticket {
                    from: from.clone(),
                    text: text.clone(),
                },
            ),
            Observation::Inject {
                from,
                channel,
                text,
                ..
            } => self.post(
                tick,
                ChannelKind::Inject {
                    from: from.clone(),
                    channel: *channel,
                    text: text.clone(),
                },
            ),
            Observation::Message { from, to, text } => self.post(
                tick,
                ChannelKind::Message {
                    from: from.clone(),
                    to: to.clone(),
                    text: text.clone(),
                },
            ),
            Observation::Question {
                from,
                to,
                text,
                about,
            } => self.post(
                tick,
                ChannelKind::Question {
                    from: from.clone(),
                    to: to.clone(),
                    text: text.clone(),
                    about: about.clone(),
                },
            ),
            Observation::FactLearned { fact, text, via } => {
                if !self.facts.iter().any(|f| f.id == *fact) {
                    self.unread.facts += 1;
                    self.facts.push(KnownFact {
                        id: fact.clone(),
                        text: text.clone(),
                        via: via.clone(),
                        tick,
                    });
                }
            }
            Observation::FactShared {
                fact,
                text,
                from,
                to,
            } => self.post(
                tick,
                ChannelKind::Shared {
                    fact: fact.clone(),
                    text: text.clone(),
                    from: from.clone(),
                    to: to.clone(),
                },
            ),
            Observation::ActionStarted {
                action, done_at, ..
            } => {
                if let Some(a) = self.action_mut(action) {
                    a.run = Some(ActionRun {
                        started: tick,
                        done_at: *done_at,
                        completed: None,
                    });
                }
            }
            Observation::ActionCompleted { action, result, .. } => {
                let title = self.action_title(action);
                if let Some(run) = self.action_mut(action).and_then(|a| a.run.as_mut()) {
                    run.completed = Some((tick, result.clone()));
                }
                let text = match result {
                    Some(r) => format!("Action done — {title}: {r}"),
                    None => format!("Action done — {title}"),
                };
                self.channel.push(note(text));
            }
            Observation::ActionRefused { action, reason, .. } => {
                let title = self.action_title(action);
                if let Some(a) = self.action_mut(action) {
                    a.refused = Some((tick, reason.clone()));
                }
                self.channel
                    .push(note(format!("Action refused — {title}: {reason}")));
            }
            Observation::Hypothesis {
                hypothesis,
                statement,
                by,
                change,
            } => {
                {
                    let st = self.hypothesis_mut(hypothesis, statement);
                    match change {
                        HypothesisChange::Proposed => {
                            st.proposed_by = Some(by.clone());
                            st.supporters = vec![by.clone()];
                            st.discarded_by = None;
                        }
                        HypothesisChange::Supported => {
                            if !st.supporters.contains(by) {
                                st.supporters.push(by.clone());
                            }
                        }
                        HypothesisChange::Discarded => {
                            st.discarded_by = Some(by.clone());
                            st.confirmed_by = None;
                        }
                        HypothesisChange::Confirmed => {
                            st.proposed_by.get_or_insert_with(|| by.clone());
                            st.discarded_by = None;
                            st.confirmed_by = Some(by.clone());
                        }
                        HypothesisChange::NotEstablished => {}
                    }
                }
                self.post(
                    tick,
                    ChannelKind::Hypothesis {
                        statement: statement.clone(),
                        by: by.clone(),
                        change: *change,
                    },
                );
            }
            Observation::HypothesisOffered {
                hypothesis,
                statement,
            } => {
                self.hypothesis_mut(hypothesis, statement);
            }
            Observation::Suspicion { n, by, text } => self.post(
                tick,
                ChannelKind::Suspicion {
                    n: *n,
                    by: by.clone(),
                    text: text.clone(),
                },
            ),
            Observation::Hint { tier, text, .. } => self.post(
                tick,
                ChannelKind::Hint {
                    tier: *tier,
                    text: text.clone(),
                },
            ),
            Observation::Inspecting { service, .. } => self.inspecting = Some(service.clone()),
            Observation::Rejected { reason } => {
                self.channel.push(note(format!("Not done: {reason}")));
            }
            Observation::Clock { paused, speed } => {
                self.clock = FeedClock {
                    paused: *paused,
                    speed_ppm: speed.0,
                };
                let text = if *paused {
                    "The facilitator paused the exercise.".to_string()
                } else {
                    format!(
                        "The facilitator set the clock running at {}×.",
                        speed.0 as f64 / PPM as f64
                    )
                };
                self.channel.push(note(text));
            }
        }
    }

    /// The hypothesis's entry, added to the table the first time it comes up.
    fn hypothesis_mut(&mut self, id: &Name, statement: &str) -> &mut HypState {
        let i = match self.hypotheses.iter().position(|h| h.id == *id) {
            Some(i) => i,
            None => {
                self.hypotheses.push(HypState {
                    id: id.clone(),
                    statement: statement.to_string(),
                    ..Default::default()
                });
                self.hypotheses.len() - 1
            }
        };
        &mut self.hypotheses[i]
    }

    fn post(&mut self, tick: u64, kind: ChannelKind) {
        self.unread.channel += 1;
        self.channel.push(ChannelItem { tick, kind });
    }

    fn action_mut(&mut self, id: &str) -> Option<&mut ActionView> {
        let i = self.public.actions.iter().position(|a| &*a.id == id)?;
        self.actions.get_mut(i)
    }

    fn action_title(&self, id: &str) -> String {
        self.public
            .actions
            .iter()
            .find(|a| &*a.id == id)
            .map_or_else(|| id.to_string(), |a| a.title.clone())
    }

    /// Alerts still firing and not yet acknowledged.
    pub fn open_alerts(&self) -> impl Iterator<Item = &AlertItem> {
        self.alerts
            .iter()
            .filter(|a| a.firing() && a.acked_by.is_none())
    }

    /// Whether this role may take the action.
    pub fn may_run(&self, action: usize) -> bool {
        self.public.actions[action].roles.contains(&self.role)
    }

    /// Whether the action is in progress (by this role, as far as it knows).
    pub fn running(&self, action: usize) -> Option<&ActionRun> {
        self.actions[action]
            .run
            .as_ref()
            .filter(|r| r.completed.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;
    use crate::sim::commands::Actor;
    use crate::sim::log::Command;
    use crate::sim::{RunOptions, Sim};

    fn run_ic(ticks: u64) -> (Sim, TraineeView) {
        let sc = scenario::load_default();
        let mut sim = Sim::new(sc.clone(), &RunOptions::new(sc.seed));
        let ic = sc.role_ix("ic").unwrap();
        sim.queue(
            200,
            Actor::Role(ic),
            Command::Run("rollback_table_api".into()),
        );
        sim.queue(200, Actor::Role(ic), Command::Run("check_network".into()));
        for _ in 0..ticks {
            sim.step();
        }
        let mut view = TraineeView::new(Arc::new(PublicScenario::new(&sc)), ic);
        view.absorb(sim.log().feed(ic).iter());
        (sim, view)
    }

    #[test]
    fn view_holds_what_the_feed_delivered() {
        let (sim, view) = run_ic(900);
        let ic = view.role;
        assert_eq!(view.consumed, sim.log().feed(ic).len());
        // The IC watches edge and table_api: six built-in metrics each, sampled every 10 s.
        assert_eq!(view.charts.len(), 12);
        assert!(view.charts.iter().all(|c| c.points.len() >= 80));
        assert!(view.charts.iter().all(|c| c.service.as_ref() != "metadata"));
        assert!(view.alerts.iter().any(|a| &*a.id == "edge_cert_renewal"));
        assert!(view.facts.iter().any(|f| &*f.id == "deploy_was_log_format"));
        let rollback = view
            .public
            .actions
            .iter()
            .position(|a| &*a.id == "rollback_table_api")
            .unwrap();
        assert!(view.actions[rollback].run.is_some());
        let check = view
            .public
            .actions
            .iter()
            .position(|a| &*a.id == "check_network")
            .unwrap();
        assert!(!view.may_run(check));
        assert!(view.actions[check].refused.is_some());
    }

    #[test]
    fn view_never_holds_ground_truth() {
        let (sim, view) = run_ic(1500);
        let sc = sim.scenario();
        let text = format!("{view:?}");
        // Fault titles and notes, hypothesis kinds and other roles' private logs are not in it.
        for f in &sc.faults {
            assert!(!text.contains(&f.title), "fault title leaked: {}", f.title);
            assert!(!text.contains(&*f.id), "fault id leaked: {}", f.id);
        }
        assert!(!text.contains("RootCause") && !text.contains("Wrong"));
        assert!(!text.contains("membership lookup exceeded"));
    }

    #[test]
    fn absorbing_in_pieces_matches_absorbing_at_once() {
        let (sim, whole) = run_ic(700);
        let ic = whole.role;
        let mut pieces = TraineeView::new(whole.public.clone(), ic);
        let feed = sim.log().feed(ic);
        while pieces.consumed < feed.len() {
            let from = pieces.consumed;
            pieces.absorb(feed.since(from).take(7));
        }
        assert_eq!(format!("{pieces:?}"), format!("{whole:?}"));
    }
}

//! The debrief viewer: a recorded run played back. A scrubber and transport (0.5×–64×, pause at
//! the next event, jump to milestones), a per-role perspective that rebuilds exactly what that
//! role's console showed at the moment (the trainee panels on its feed up to then), a ground-truth
//! toggle, and the debrief's timeline swimlanes, impact curve, who-knew-what-when and agenda.

pub mod agenda;
pub mod knowledge;
pub mod milestones;
pub mod perspective;
pub mod timeline;
pub mod transport;

use std::path::Path;
use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::intent::{Intent, Intents};
use super::session::Live;
use super::theme::palette;
use super::third_party::egui::root_ui;
use super::trainee::PublicScenario;
use super::widgets::{reserve, reserve_central};
use super::{GuiSet, Screen};
use crate::debrief::{self, Debrief, LogInfo};
use crate::record::RunFile;
use crate::record::replay::stored_scenario;
use crate::scenario::Scenario;
use crate::sim::log::{Event, EventBody, Observation};

/// A run to review: its scenario, its whole event log and the debrief built from it.
#[derive(Resource, Clone)]
pub struct Recording {
    /// The run file, or a description of where the log came from.
    pub source: String,
    pub scenario: Arc<Scenario>,
    pub public: Arc<PublicScenario>,
    pub events: Arc<Vec<Event>>,
    /// Ticks covered.
    pub length: u64,
    pub debrief: Arc<Debrief>,
    /// Why the file stops early, if it does.
    pub damage: Option<String>,
    /// Events worth stopping at ("next event", "pause at each event"), in tick order.
    pub moments: Vec<Moment>,
}

impl Recording {
    /// Loads a run file. Every failure is a sentence for the user.
    pub fn load(path: &Path) -> Result<Recording, String> {
        let run = RunFile::load(path).map_err(|e| e.to_string())?;
        let scenario = stored_scenario(&run.header)
            .map_err(|e| format!("the scenario stored in this run file does not load: {e}"))?;
        let debrief = debrief::from_run(&run, &scenario);
        Ok(Recording::new(
            path.display().to_string(),
            scenario,
            run.events,
            run.checksums.len() as u64,
            debrief,
            run.damage.map(|d| d.to_string()),
        ))
    }

    /// The session just played, straight from memory.
    pub fn from_live(live: &Live) -> Recording {
        let sc = live.scenario().clone();
        let events = live.log().events().to_vec();
        let info = LogInfo {
            length: live.tick(),
            complete: live.ended().is_some(),
            forked_from: None,
        };
        let debrief = debrief::build(&sc, &events, &info);
        Recording::new(
            "this session".into(),
            sc,
            events,
            info.length,
            debrief,
            None,
        )
    }

    fn new(
        source: String,
        scenario: Arc<Scenario>,
        events: Vec<Event>,
        length: u64,
        debrief: Debrief,
        damage: Option<String>,
    ) -> Recording {
        let moments = events.iter().filter_map(Moment::of).collect();
        Recording {
            source,
            public: Arc::new(PublicScenario::new(&scenario)),
            scenario,
            events: Arc::new(events),
            length,
            debrief: Arc::new(debrief),
            damage,
            moments,
        }
    }

    /// The last tick of the recording.
    pub fn last(&self) -> u64 {
        self.length.saturating_sub(1)
    }
}

/// A second run shown beside the first on one clock (`firedrill review A --beside B`): the
/// Timeline tab draws both runs' milestones and swimlanes on one time axis and one playhead.
#[derive(Resource, Clone)]
pub struct Beside(pub Recording);

/// An event worth stopping at, and for whom.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub tick: u64,
    pub audience: Audience,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// Ground truth: only with the toggle on.
    Truth,
    /// What these roles saw or did.
    Roles(Vec<crate::scenario::compiled::Name>),
}

impl Moment {
    /// Commands, alerts, tickets, injects, messages and questions, facts learnt and shared,
    /// hypotheses, hints, actions; with ground truth, faults and milestones. Not the routine:
    /// metric samples, log lines, who is looking where, the clock (a 25-minute run has over a
    /// hundred log lines, and stopping at each made the option useless).
    pub fn of(e: &Event) -> Option<Moment> {
        use crate::sim::log::Truth;
        let audience = match &e.body {
            EventBody::Truth(
                Truth::FaultStarted { .. }
                | Truth::FaultEnded { .. }
                | Truth::Milestone { .. }
                | Truth::InjectSkipped { .. },
            ) => Audience::Truth,
            EventBody::Truth(_) => return None,
            EventBody::Command { actor, command } => {
                if matches!(command, crate::sim::log::Command::Inspect(_)) {
                    return None;
                }
                Audience::Roles(vec![actor.clone()])
            }
            EventBody::Seen { to, what } => match what {
                Observation::Metrics { .. }
                | Observation::Log { .. }
                | Observation::Inspecting { .. }
                | Observation::Rejected { .. }
                | Observation::Clock { .. } => return None,
                _ => Audience::Roles(to.clone()),
            },
        };
        Some(Moment {
            tick: e.tick,
            audience,
        })
    }

    /// Whether the viewer, as it is set (perspective, ground truth), stops here.
    pub fn counts(&self, rec: &Recording, pb: &Playback) -> bool {
        match &self.audience {
            Audience::Truth => pb.truth,
            Audience::Roles(roles) => pb.perspective.is_none_or(|r| {
                let id = &rec.public.roles[r].id;
                roles.iter().any(|x| x == id)
            }),
        }
    }
}

/// What the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Perspective,
    Timeline,
    Knowledge,
    Agenda,
}

/// The viewer's state.
#[derive(Resource, Debug, Clone)]
pub struct Playback {
    /// The moment shown: events with `tick <= at` have happened.
    pub at: u64,
    pub playing: bool,
    /// Ticks per second of wall time.
    pub speed: f32,
    /// Stop when playback reaches a tick with an event.
    pub stop_at_events: bool,
    /// `None`: the facilitator's view of everything; otherwise a role's console.
    pub perspective: Option<usize>,
    pub truth: bool,
    pub tab: Tab,
    /// Fractional ticks accumulated while playing.
    pub carry: f64,
}

impl Default for Playback {
    fn default() -> Self {
        Playback {
            at: 0,
            playing: false,
            speed: 8.0,
            stop_at_events: false,
            perspective: None,
            truth: true,
            tab: Tab::Perspective,
            carry: 0.0,
        }
    }
}

pub const SPEEDS: [f32; 8] = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

/// Where each part of the viewer draws.
#[derive(Resource, Debug, Clone, Copy)]
pub struct ReviewRegions {
    pub strip: egui::Rect,
    pub center: egui::Rect,
}

impl Default for ReviewRegions {
    fn default() -> Self {
        ReviewRegions {
            strip: egui::Rect::NOTHING,
            center: egui::Rect::NOTHING,
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Playback>()
        .init_resource::<ReviewRegions>()
        .add_systems(OnEnter(Screen::Review), enter)
        .add_systems(
            EguiPrimaryContextPass,
            open_requested
                .in_set(GuiSet::Apply)
                .before(super::session::IntentSet),
        )
        .add_systems(
            EguiPrimaryContextPass,
            frame.in_set(GuiSet::Layout).run_if(recording_open),
        )
        .add_plugins((
            transport::plugin,
            perspective::plugin,
            timeline::plugin,
            knowledge::plugin,
            agenda::plugin,
        ));
}

/// Opens the viewer on the session just played (from the end-of-run summary).
/// Run condition of the viewer's systems: the review screen, with a recording to show.
pub fn recording_open(screen: Option<Res<State<Screen>>>, rec: Option<Res<Recording>>) -> bool {
    screen.is_some_and(|s| *s.get() == Screen::Review) && rec.is_some()
}

/// "Open the debrief" (the end-of-run summary's button): the viewer on the session just played.
fn open_requested(mut intents: ResMut<Intents>, mut commands: Commands) {
    let asked = intents.0.iter().any(|i| matches!(i, Intent::OpenReview));
    if asked {
        intents.0.retain(|i| !matches!(i, Intent::OpenReview));
        commands.queue(open_live);
    }
}

pub fn open_live(world: &mut World) {
    let Some(live) = world.get_resource::<Live>() else {
        return;
    };
    let rec = Recording::from_live(live);
    let role = live.role;
    let rec_last = rec.last();
    world.insert_resource(rec);
    world.insert_resource(Playback {
        perspective: role,
        at: rec_last,
        tab: Tab::Timeline,
        ..default()
    });
    world
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Review);
}

/// The viewer opens on the end of the run, on the debrief's story (the timeline with its
/// milestones): everything that happened, ready to scrub back.
fn enter(rec: Option<Res<Recording>>, launch: Res<super::Launch>, mut playback: ResMut<Playback>) {
    if let Some(rec) = rec {
        if matches!(launch.mode, super::Mode::Review(_)) && playback.at == 0 {
            playback.at = rec.last();
            playback.tab = Tab::Timeline;
        }
        playback.at = playback.at.min(rec.last());
    }
}

fn frame(
    mut contexts: EguiContexts,
    rec: Res<Recording>,
    mut playback: ResMut<Playback>,
    mut regions: ResMut<ReviewRegions>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "review");
    egui::Panel::top("review_top").show(&mut root, |ui| {
        intents.extend(transport::bar(ui, &rec, &mut playback));
        // In the top bar, where it cannot cover the strip's clock labels.
        if let Some(d) = &rec.damage {
            ui.label(
                egui::RichText::new(format!("⚑ {d}"))
                    .small()
                    .color(palette::ORANGE),
            );
        }
    });
    let strip = reserve(
        egui::Panel::bottom("review_strip")
            .resizable(true)
            .default_size(150.0)
            .size_range(90.0..=300.0),
        &mut root,
    );
    let center = reserve_central(&mut root);
    *regions = ReviewRegions { strip, center };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An all-bot run of the built-in scenario: "pause at each event" stops at what the chosen
    /// perspective saw or did, never at a log line or a sample, and at ground truth only with it on.
    #[test]
    fn stops_are_the_moments_that_matter_to_the_perspective() {
        let sc = crate::scenario::load_default();
        let mut opts = crate::sim::RunOptions::new(sc.seed);
        opts.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
        let mut sim = crate::sim::Sim::new(sc.clone(), &opts);
        sim.run_to_end();
        let events = sim.log().events().to_vec();
        let info = LogInfo {
            length: sim.tick(),
            complete: true,
            forked_from: None,
        };
        let debrief = debrief::build(&sc, &events, &info);
        let all = events.len();
        let rec = Recording::new("test".into(), sc, events, info.length, debrief, None);
        let stops = |pb: &Playback| {
            let mut n = 0;
            let mut at = 0;
            while let Some(t) = transport::next_moment(&rec, pb, at) {
                n += 1;
                at = t;
            }
            n
        };
        let everyone = stops(&Playback::default());
        let no_truth = stops(&Playback {
            truth: false,
            ..Default::default()
        });
        let ic = stops(&Playback {
            truth: false,
            perspective: Some(0),
            ..Default::default()
        });
        eprintln!("{all} events; stops: everyone {everyone}, without truth {no_truth}, ic {ic}");
        assert!(ic < no_truth && no_truth < everyone && everyone * 3 < all);
    }
}

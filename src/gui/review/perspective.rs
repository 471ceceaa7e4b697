//! A perspective at the playhead: for a role, its console as it was, rebuilt with the trainee
//! panels from its feed up to that moment (so exactly what it could see); for everyone, the event
//! log so far, ground truth included when the toggle is on.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{Playback, Recording, ReviewRegions, Tab};
use crate::gui::GuiSet;
use crate::gui::eventtext::{self};
use crate::gui::theme::{self};
use crate::gui::trainee::channel::ChannelState;
use crate::gui::trainee::dashboards::DashState;
use crate::gui::trainee::logs::LogState;
use crate::gui::trainee::view::TraineeView;
use crate::gui::trainee::{actions, alerts, channel, dashboards, knowledge, logs};
use crate::gui::widgets::{self, region_ui, split_h, split_v};
use crate::sim::log::{EventBody, Observation};

/// A role's view, kept up to the playhead incrementally while it moves forward.
#[derive(Resource, Default)]
pub struct Perspective {
    pub view: Option<TraineeView>,
    /// Events of the log already considered.
    next_event: usize,
    pub dash: DashState,
    pub logs: LogState,
    pub channel: ChannelState,
}

impl Perspective {
    /// Brings the view to the role's feed at the end of tick `at`.
    pub fn update(&mut self, rec: &Recording, role: usize, at: u64) {
        let other_role = self.view.as_ref().is_none_or(|v| v.role != role);
        if other_role || self.view.as_ref().is_some_and(|v| v.tick > at) {
            let mut v = TraineeView::new(rec.public.clone(), role);
            v.live = false;
            self.view = Some(v);
            self.next_event = 0;
        }
        if other_role {
            self.dash = DashState::default();
        }
        let Some(view) = self.view.as_mut() else {
            return;
        };
        let id = &rec.public.roles[role].id;
        let events = &rec.events[self.next_event..];
        let n = events.partition_point(|e| e.tick <= at);
        view.absorb(events[..n].iter().filter_map(|e| match &e.body {
            EventBody::Seen { to, what } if to.contains(id) => Some((e.tick, what)),
            _ => None,
        }));
        self.next_event += n;
        view.tick = at;
        self.dash.seed(view);
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Perspective>().add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(super::recording_open.and_then(|pb: Res<Playback>| pb.tab == Tab::Perspective)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    rec: Res<Recording>,
    pb: Res<Playback>,
    regions: Res<ReviewRegions>,
    mut persp: ResMut<Perspective>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    match pb.perspective {
        Some(role) => {
            persp.update(&rec, role, pb.at);
            role_console(ctx, regions.center, &mut persp);
        }
        None => everyone(ctx, regions.center, &rec, &pb),
    }
    Ok(())
}

/// The trainee console's panels, read-only, in the central area.
fn role_console(ctx: &egui::Context, area: egui::Rect, p: &mut Perspective) {
    let Perspective {
        view,
        dash,
        logs: log_state,
        channel: chan,
        ..
    } = p;
    let Some(view) = view.as_ref() else {
        return;
    };
    let (left, rest) = split_h(area, 0.24, 12.0);
    let (middle, right) = split_h(rest, 0.66, 12.0);
    let (al, ac) = split_v(left, 0.45, 10.0);
    let (dashr, bottom) = split_v(middle, 0.58, 10.0);
    let (lg, kn) = split_h(bottom, 0.6, 12.0);
    for (a, b) in [
        (left, rest),
        (middle, right),
        (al, ac),
        (dashr, bottom),
        (lg, kn),
    ] {
        widgets::divider(ctx, a, b);
    }
    let mut ui = region_ui(ctx, "rv_alerts", al);
    alerts::show(&mut ui, view, false);
    let mut ui = region_ui(ctx, "rv_actions", ac);
    actions::show(&mut ui, view, false);
    let mut ui = region_ui(ctx, "rv_dash", dashr);
    dashboards::show(&mut ui, view, dash, false);
    let mut ui = region_ui(ctx, "rv_logs", lg);
    logs::show(&mut ui, view, log_state, false);
    let mut ui = region_ui(ctx, "rv_knowledge", kn);
    knowledge::show(&mut ui, view, false);
    let mut ui = region_ui(ctx, "rv_channel", right);
    channel::show(&mut ui, view, chan, false);
}

/// Everything that happened up to the playhead.
fn everyone(ctx: &egui::Context, area: egui::Rect, rec: &Recording, pb: &Playback) {
    let mut ui = region_ui(ctx, "rv_everyone", area);
    theme::section(&mut ui, "EVERYTHING SO FAR", "");
    let n = rec.events.partition_point(|e| e.tick <= pb.at);
    let lines: Vec<eventtext::Line> = rec.events[..n]
        .iter()
        .filter(|e| {
            pb.truth
                || !matches!(e.body, EventBody::Truth(_))
                    && !matches!(
                        &e.body,
                        EventBody::Seen {
                            what: Observation::Clock { .. },
                            ..
                        }
                    )
        })
        .filter_map(|e| eventtext::line(&rec.scenario, e))
        .collect();
    let start = rec.scenario.clock_start;
    // The lines are the log up to the playhead, with or without the truth.
    eventtext::show_lines(
        &mut ui,
        "rv_everyone_scroll",
        u64::from(pb.truth),
        start,
        &lines,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::trainee::view::PublicScenario;
    use crate::scenario;
    use crate::sim::{RunOptions, Sim};
    use std::sync::Arc;

    #[test]
    fn scrubbing_back_and_forth_gives_the_feed_at_that_moment() {
        let sc = scenario::load_default();
        let mut sim = Sim::new(sc.clone(), &RunOptions::new(sc.seed));
        for _ in 0..900 {
            sim.step();
        }
        let events = sim.log().events().to_vec();
        let debrief = crate::debrief::build(
            &sc,
            &events,
            &crate::debrief::LogInfo {
                length: 900,
                complete: false,
                forked_from: None,
            },
        );
        let rec = Recording::new("test".into(), sc.clone(), events, 900, debrief, None);
        let ic = sc.role_ix("ic").unwrap();
        let mut p = Perspective::default();
        p.update(&rec, ic, 850);
        p.update(&rec, ic, 300);
        p.update(&rec, ic, 600);
        // The same as the live console's view of the feed up to tick 600.
        let mut direct = TraineeView::new(Arc::new(PublicScenario::new(&sc)), ic);
        direct.live = false;
        direct.absorb(sim.log().feed(ic).iter().filter(|(t, _)| *t <= 600));
        direct.tick = 600;
        assert_eq!(format!("{:?}", p.view.unwrap()), format!("{direct:?}"));
    }
}

//! The console's side of `firedrill join`: connecting, choosing a free seat, then the trainee
//! console on the [`Seat`] the network client fills. The console code is the same as in solo
//! play; only the link behind the seat differs.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::session::{PublicInfo, SeatSet, SessionInfo};
use super::summary::RunSummary;
use super::theme::palette;
use super::third_party::egui::root_ui;
use super::trainee::picker::SeatsTaken;
use super::widgets;
use super::{GuiSet, Screen};
use crate::net::client::{Joined, Phase};
use crate::sim::RunOutcome;
use crate::sim::boundary::Seat;
use crate::sim::state::RunEnd;

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        follow
            .in_set(SeatSet::Fill)
            .run_if(resource_exists::<Joined>),
    )
    .add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(in_state(Screen::Joining).and_then(resource_exists::<Joined>)),
    );
}

/// Moves between screens as the client's phase changes, and keeps the session's clock (what
/// every screen may know) in step with the host's.
fn follow(
    mut joined: ResMut<Joined>,
    seat: Option<Res<Seat>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    info: Option<ResMut<SessionInfo>>,
    summary: Option<ResMut<RunSummary>>,
    mut commands: Commands,
) {
    // The look back may come after the clock that ended the run (a host that ends between two
    // updates); the summary takes it whenever it comes.
    if let (Some(mut summary), Some(back)) = (summary, joined.looking_back.as_ref())
        && summary.looking_back.is_none()
    {
        summary.looking_back = Some(back.clone());
    }
    if let Some((public, seats)) = joined.seats.take() {
        commands.insert_resource(PublicInfo(public));
        commands.insert_resource(SeatsTaken(seats));
        next.set(Screen::RolePicker);
        return;
    }
    let Some(seat) = seat else { return };
    if joined.phase == Phase::Seated && matches!(screen.get(), Screen::Joining | Screen::RolePicker)
    {
        let p = &seat.public;
        commands.insert_resource(SessionInfo {
            title: p.title.clone(),
            tick: seat.clock.tick,
            time_limit: p.time_limit,
            clock_start: p.clock_start,
            role: Some(seat.role),
            started: 1,
            ..default()
        });
        commands.insert_resource(PublicInfo(p.clone()));
        next.set(Screen::Trainee);
        return;
    }
    let Some(mut info) = info else { return };
    if info.tick != seat.clock.tick {
        info.tick = seat.clock.tick;
    }
    if let Some(reason) = &seat.clock.ended
        && info.ended.is_none()
    {
        let end = RunEnd {
            tick: seat.clock.tick,
            resolved: seat.clock.resolved,
            reason: reason.clone(),
        };
        info.ended = Some(end.clone());
        commands.insert_resource(RunSummary {
            outcome: RunOutcome {
                end,
                milestones: Vec::new(),
            },
            // The host holds the scenario and the log: it sends the look back from this seat.
            looking_back: joined.looking_back.clone(),
        });
        next.set(Screen::Summary);
    }
}

fn draw(
    mut contexts: EguiContexts,
    joined: Res<Joined>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "joining");
    egui::CentralPanel::default().show(&mut root, |ui| {
        widgets::centered(ui, 720.0, |ui| {
            ui.add_space(80.0);
            ui.label(
                egui::RichText::new("firedrill · game day")
                    .color(palette::ORANGE)
                    .strong(),
            );
            let host = joined.config.host;
            match &joined.phase {
                Phase::Failed(why) => {
                    ui.label(egui::RichText::new("Could not join").heading());
                    ui.label(why);
                    if ui.button("Quit").clicked() {
                        exit.write(AppExit::error());
                    }
                }
                Phase::Connecting => {
                    ui.label(egui::RichText::new(format!("Connecting to {host}…")).heading());
                    ui.label(format!("as {}", joined.config.name));
                }
                _ => {
                    ui.label(
                        egui::RichText::new(format!("Joining the game day at {host}…")).heading(),
                    );
                }
            }
        });
    });
    Ok(())
}

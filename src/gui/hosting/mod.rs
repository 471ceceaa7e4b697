//! The facilitator's side of a hosted game day (`firedrill host` with a display): a lobby where
//! trainees' seats fill up, then the facilitator console with the room (who is connected, in which
//! role, who is a bot) and the projector view. (The live tools, announcements, hints and notes, are
//! the facilitator console's own: `facilitator::tools`.)
//!
//! The network itself is `net::host`, with the session's [`Live`] as the simulation it serves.

pub mod lobby;
pub mod projector;
pub mod room;

use std::net::SocketAddr;

use bevy::prelude::*;

use super::session::clock::ClockState;
use super::session::{Live, SessionInfo};
use crate::net::host::Hall;
use crate::scenario::units::PPM;

/// How this console hosts: the address trainees join and the code they need.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Hosting {
    pub addr: SocketAddr,
    pub code: String,
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, share_clock.run_if(resource_exists::<Hall>))
        .add_plugins((lobby::plugin, room::plugin, projector::plugin));
}

/// Keeps the clock every client is shown in step with the facilitator's session.
fn share_clock(
    mut hall: ResMut<Hall>,
    live: Option<Res<Live>>,
    info: Res<SessionInfo>,
    clock: Res<ClockState>,
    time: Res<Time<Virtual>>,
) {
    if live.is_none() {
        return;
    }
    let c = &mut hall.clock;
    let (tick, paused) = (info.tick, clock.facilitator_paused);
    let speed_ppm = (time.relative_speed_f64() * PPM as f64).round() as u64;
    let ended = info.ended.as_ref().map(|e| e.reason.clone());
    let resolved = info.ended.as_ref().is_some_and(|e| e.resolved);
    if c.tick != tick
        || c.paused != paused
        || c.speed_ppm != speed_ppm
        || c.ended != ended
        || c.resolved != resolved
    {
        c.tick = tick;
        c.paused = paused;
        c.speed_ppm = speed_ppm;
        c.ended = ended;
        c.resolved = resolved;
    }
}

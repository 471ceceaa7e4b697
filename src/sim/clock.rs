//! The only clock the simulation reads: the tick. Wall-clock time never enters the core.

use bevy::prelude::*;

use super::{SimSet, SimTick};

/// The tick being simulated (one tick is one simulated second since the start).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SimClock {
    pub tick: u64,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SimClock>()
        .add_systems(SimTick, advance.in_set(SimSet::Clock));
}

fn advance(mut clock: ResMut<SimClock>) {
    clock.tick += 1;
}

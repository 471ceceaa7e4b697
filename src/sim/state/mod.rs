//! The state several capabilities share, owned by none of them: each capability's plugin adds
//! systems that read and write these resources, and none inserts them. Keeping them here lets
//! every capability depend downward on the state instead of sideways on another capability
//! (signals record sightings for the knowledge step, actions end faults and change the controls
//! the flow model reads, commands touch nearly everything).
//!
//! Everything is a dense vector in scenario order (service, fact, alert… index), so nothing is
//! ever iterated in hash order. The integer math these types use is in `sim::math`.

mod actions;
mod exercise;
mod faults;
mod flow;
mod knowledge;
mod roster;
mod signals;
mod status;

use bevy::prelude::*;

pub use actions::{ActionState, Controls, Running};
pub use exercise::{ExerciseState, HintRun, RunEnd};
pub use faults::{FaultRun, FaultState, ServiceMods};
pub use flow::FlowState;
pub use knowledge::{HypRun, Knowledge, Sighting};
pub use roster::BotRoster;
pub use signals::{AlertRun, InjectRun, SignalState};
pub use status::{RoleSet, Status};

use super::SimScenario;

/// Inserts the shared state for the scenario being run.
pub(super) fn plugin(app: &mut App) {
    let scenario = app.world().resource::<SimScenario>().0.clone();
    let sc = &*scenario;
    app.insert_resource(Status::new(sc))
        .insert_resource(Controls::new(sc))
        .init_resource::<ActionState>()
        .insert_resource(FaultState::new(sc))
        .insert_resource(FlowState::new(scenario.clone()))
        .insert_resource(SignalState::new(sc))
        .insert_resource(Knowledge::new(sc))
        .insert_resource(ExerciseState::new(sc.hints.len()))
        .init_resource::<BotRoster>();
}

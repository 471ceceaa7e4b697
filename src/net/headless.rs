//! Driving host and client apps without a window: update them in a loop, a few milliseconds
//! apart, until they are done.

use std::time::Duration;

use bevy::prelude::*;

use super::client::{Joined, Phase};
use super::host::{HeadlessRun, HostReport};

/// How long a frame of the headless loops lasts at most.
const FRAME: Duration = Duration::from_millis(4);

/// Runs a host app until the exercise has ended and its clients had their last messages.
/// `on_frame` runs after each update (to print who joined, say).
pub fn run_host(app: &mut App, mut on_frame: impl FnMut(&mut App)) -> Result<HostReport, String> {
    loop {
        app.update();
        on_frame(app);
        let run = app.world().resource::<HeadlessRun>();
        if run.done {
            return match &run.error {
                Some(e) => Err(e.clone()),
                None => Ok(run.report.clone()),
            };
        }
        std::thread::sleep(FRAME);
    }
}

/// Runs a client app until it is finished (the exercise ended) or failed.
pub fn run_client(app: &mut App) -> Result<(), String> {
    loop {
        app.update();
        let joined = app.world().resource::<Joined>();
        match &joined.phase {
            Phase::Finished => return Ok(()),
            Phase::Failed(why) => return Err(why.clone()),
            _ => {}
        }
        if let Some((public, seats)) = &joined.seats {
            let list: Vec<String> = seats
                .iter()
                .map(|s| match (&s.taken_by, s.bot) {
                    (Some(who), _) => format!("{} ({}, taken by {who})", s.role, s.title),
                    (None, true) => format!("{} ({}, a bot plays it)", s.role, s.title),
                    (None, false) => format!("{} ({})", s.role, s.title),
                })
                .collect();
            return Err(format!(
                "choose a role with --role; the seats of “{}”: {}",
                public.title,
                list.join(", ")
            ));
        }
        std::thread::sleep(FRAME);
    }
}

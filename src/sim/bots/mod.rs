//! Bots: teammates that play the roles nobody plays. A bot sees exactly what a person in its role
//! would (its feed and the public scenario, through [`BotView`]) and acts only by queueing the
//! commands a person would give, in the bot lane of the [`CommandQueue`], so people's commands
//! come first within a tick and a replay of the people's commands re-creates the bots' choices.
//! Every random choice comes from the run's `bots` stream, drawn in role order.

mod audit;
mod mind;
mod pace;
mod policy;
mod view;

use std::sync::Arc;

use bevy::prelude::*;

pub use audit::audit;
pub use mind::Mind;
pub(crate) use mind::{done_report, mentioned_actions};
pub use pace::defaults as pace_defaults;
pub use view::{AnswerAbout, BotBriefs, BotCard, BotView, Cue, FactMeaning, OwnRole, PlayCard};

use super::boundary::{Actor, PublicScenario};
use super::commands::CommandQueue;
use super::log::{EventLog, RoleFeed};
use super::rng::SimRng;
use super::state::BotRoster;
use super::{SimClock, SimScenario, SimSet, SimTick};
use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;

/// Which roles bots play, from the command line. `played` lists the roles people (or a command
/// file) play. `bots` is `all` (every role nobody plays), `none`, or role ids separated by commas;
/// without it, bots fill every unplayed role once anyone plays one. Errors name the unknown role
/// and the scenario's roles. The result is in role order, so a run header does not depend on how
/// the flags were written.
pub fn choose_bots(
    sc: &Scenario,
    played: &[String],
    bots: Option<&str>,
) -> Result<Vec<String>, String> {
    let ids: Vec<&str> = sc.roles.iter().map(|r| &*r.id).collect();
    let known = |id: &str| {
        if ids.contains(&id) {
            Ok(())
        } else {
            Err(format!(
                "the scenario has no role `{id}`; its roles are: {}",
                ids.join(", ")
            ))
        }
    };
    for id in played {
        known(id)?;
    }
    let unplayed = || ids.iter().filter(|id| !played.iter().any(|p| p == *id));
    let chosen: Vec<&str> = match bots {
        None if played.is_empty() => Vec::new(),
        None | Some("all") => unplayed().copied().collect(),
        Some("none") => Vec::new(),
        Some(list) => {
            let mut v = Vec::new();
            for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                known(id)?;
                if played.iter().any(|p| p == id) {
                    return Err(format!(
                        "role `{id}` is both played (`--role`) and given to a bot (`--bots`)"
                    ));
                }
                v.push(id);
            }
            v
        }
    };
    Ok(ids
        .iter()
        .filter(|id| chosen.contains(id))
        .map(|s| s.to_string())
        .collect())
}

/// The first of `actors` whose seat a bot plays, if any. People must not command a bot's seat:
/// a replay takes every command from that seat for the bot's own and re-simulates it, so the
/// person's command would be lost and the run would not reproduce.
pub fn commanding_a_bot<'a, B: AsRef<str>>(
    bots: &[B],
    actors: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    actors
        .into_iter()
        .find(|a| bots.iter().any(|b| b.as_ref() == *a))
}

/// Why commands for a bot's seat are refused, in the same words wherever they are given.
pub fn bot_seat_message(role: &str, remedy: &str) -> String {
    format!("the command file gives commands as `{role}`, but a bot plays that role; {remedy}")
}

#[cfg(test)]
mod tests {
    use super::choose_bots;
    use crate::scenario::load_default;

    #[test]
    fn bots_fill_the_roles_nobody_plays() {
        let sc = load_default();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let pick = |played: &[&str], bots| choose_bots(&sc, &s(played), bots);
        assert_eq!(pick(&[], None), Ok(vec![]));
        assert_eq!(
            pick(&[], Some("all")),
            Ok(s(&["ic", "storage", "metadata", "queue"]))
        );
        assert_eq!(
            pick(&["storage"], None),
            Ok(s(&["ic", "metadata", "queue"]))
        );
        assert_eq!(pick(&["storage"], Some("all")), pick(&["storage"], None));
        assert_eq!(pick(&["storage"], Some("none")), Ok(vec![]));
        assert_eq!(pick(&[], Some("queue, ic")), Ok(s(&["ic", "queue"])));
        assert!(
            pick(&["ic"], Some("ic"))
                .unwrap_err()
                .contains("both played")
        );
        assert!(pick(&["db"], None).unwrap_err().contains("no role `db`"));
    }
}

/// What every bot of the run reads besides its feed: the public scenario and the bots' briefs.
#[derive(Resource, Clone)]
pub struct BotPublic {
    pub public: Arc<PublicScenario>,
    pub briefs: Arc<BotBriefs>,
}

impl BotPublic {
    pub fn new(sc: &Scenario) -> Self {
        BotPublic {
            public: Arc::new(PublicScenario::new(sc)),
            briefs: Arc::new(BotBriefs::new(sc)),
        }
    }

    /// One bot's view at one tick.
    pub fn view<'a>(&'a self, me: RoleIx, feed: RoleFeed<'a>, now: u64) -> BotView<'a> {
        BotView::new(&self.public, &self.briefs, me, feed, now)
    }
}

impl std::ops::Deref for BotPublic {
    type Target = PublicScenario;
    fn deref(&self) -> &PublicScenario {
        &self.public
    }
}

/// Each bot's memory, by role.
#[derive(Resource, Debug, Default)]
pub struct BotMinds(pub Vec<Option<Mind>>);

pub(super) fn plugin(app: &mut App) {
    let public = BotPublic::new(&app.world().resource::<SimScenario>().0);
    app.insert_resource(public)
        .init_resource::<BotMinds>()
        .add_systems(SimTick, play.in_set(SimSet::Bots));
}

/// Each bot reads its feed and queues its commands for the next tick.
fn play(
    public: Res<BotPublic>,
    roster: Res<BotRoster>,
    clock: Res<SimClock>,
    log: Res<EventLog>,
    mut minds: ResMut<BotMinds>,
    mut rng: ResMut<SimRng>,
    mut queue: ResMut<CommandQueue>,
) {
    let tick = clock.tick;
    for &r in roster.roles() {
        let view = public.view(r, log.feed(r), tick);
        if minds.0.len() <= r {
            minds.0.resize_with(r + 1, || None);
        }
        let mind = minds.0[r].get_or_insert_with(|| Mind::new(&view));
        for command in mind.decide(&view, &mut rng.bots) {
            queue.push_bot(tick + 1, Actor::Role(r), command);
        }
    }
}

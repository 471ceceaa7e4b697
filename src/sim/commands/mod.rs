//! Commands in: every participant (trainee console, bot, script, replay) acts only by queueing a
//! command as a role, stamped with the tick it takes effect. The command step applies them in queue
//! order and logs each one; problems are told to the role that gave the command.

pub mod lint;
pub mod script;

pub use lint::lint_commands;

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::actions::{self, ActionCtx};
pub use super::boundary::Actor;
use super::knowledge::{self, hypothesis_command, open_to};
use super::log::{Command, FACILITATOR, HypothesisChange, Observation, Truth};
use super::signals;
use super::state::{BotRoster, ExerciseState, Knowledge, RoleSet, SignalState};
use super::{SimSet, SimTick};
use crate::scenario::compiled::RoleIx;
use crate::scenario::model::Channel;

/// Commands waiting for their tick. Within a tick, commands from people and scripts come first,
/// in the order they were submitted, then bot commands in the order the bots gave them: replaying
/// the people's commands then reproduces the interleaving exactly, since bots are re-simulated.
#[derive(Resource, Debug, Default, Clone)]
pub struct CommandQueue {
    pending: BTreeMap<u64, Lanes>,
}

#[derive(Debug, Default, Clone)]
struct Lanes {
    people: Vec<(Actor, Command)>,
    bots: Vec<(Actor, Command)>,
}

impl CommandQueue {
    /// Queues a command from a person (console, script, replay) for `tick` (or as soon as possible
    /// if that has passed).
    pub fn push(&mut self, tick: u64, actor: Actor, command: Command) {
        self.pending
            .entry(tick)
            .or_default()
            .people
            .push((actor, command));
    }

    /// Queues a bot's command.
    pub fn push_bot(&mut self, tick: u64, actor: Actor, command: Command) {
        self.pending
            .entry(tick)
            .or_default()
            .bots
            .push((actor, command));
    }

    /// Removes and returns every command due by `tick`.
    pub fn take_due(&mut self, tick: u64) -> Vec<(Actor, Command)> {
        let later = self.pending.split_off(&(tick + 1));
        let due = std::mem::replace(&mut self.pending, later);
        let mut out = Vec::new();
        for (_, lanes) in due {
            out.extend(lanes.people);
            out.extend(lanes.bots);
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Forgets what a bot queued as `actor` (its seat went back to a person).
    pub fn drop_bot_commands(&mut self, actor: Actor) {
        for lanes in self.pending.values_mut() {
            lanes.bots.retain(|(a, _)| *a != actor);
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CommandQueue>()
        .add_systems(SimTick, apply.in_set(SimSet::Commands));
}

fn apply(
    mut cx: ActionCtx,
    mut queue: ResMut<CommandQueue>,
    mut signals: ResMut<SignalState>,
    mut roster: ResMut<BotRoster>,
    mut exercise: ResMut<ExerciseState>,
) {
    let sc = cx.tick.scenario();
    let now = cx.tick.now();
    for (actor, command) in queue.take_due(now) {
        cx.tick.log.command(now, actor.name(&sc), command.clone());
        let result = match actor {
            Actor::Facilitator => {
                facilitator(&mut cx, &mut signals, &mut roster, &mut queue, &command)
            }
            // The hint step answers it this tick, with the next tier of a hint that applies.
            Actor::Role(role) if command == Command::Stuck => {
                exercise.stuck.insert(role);
                Ok(())
            }
            Actor::Role(role) => {
                let bot = roster.contains(role);
                role_command(&mut cx, &mut signals, role, bot, &command)
            }
        };
        if let (Err(reason), Actor::Role(role)) = (result, actor) {
            cx.tick
                .observe(RoleSet::single(role), Observation::Rejected { reason });
        }
    }
}

/// Looks a name up, or explains that it does not exist.
fn find(ix: Option<usize>, kind: &str, name: &str) -> Result<usize, String> {
    ix.ok_or_else(|| format!("there is no {kind} `{name}`"))
}

fn role_command(
    cx: &mut ActionCtx,
    signals: &mut SignalState,
    role: RoleIx,
    bot: bool,
    command: &Command,
) -> Result<(), String> {
    let sc = cx.tick.scenario();
    let me = sc.roles[role].id.clone();
    let everyone = RoleSet::all(sc.roles.len());
    match command {
        Command::Inspect(s) => {
            let s = find(sc.service_ix(s), "service", s)?;
            knowledge::inspect(&mut cx.tick, role, s, &mut cx.knowledge)
        }
        Command::Run(a) => {
            let a = find(sc.action_ix(a), "action", a)?;
            actions::start(cx, a, role);
            Ok(())
        }
        Command::Say(text) => {
            cx.tick.observe(
                everyone,
                Observation::Message {
                    from: me,
                    to: None,
                    text: text.clone(),
                },
            );
            Ok(())
        }
        Command::Tell { to, text } => {
            let r = find(sc.role_ix(to), "role", to)?;
            cx.tick.observe(
                RoleSet::of([role, r]),
                Observation::Message {
                    from: me,
                    to: Some(sc.roles[r].id.clone()),
                    text: text.clone(),
                },
            );
            Ok(())
        }
        Command::Share { fact, to } => {
            let f = find(sc.fact_ix(fact), "fact", fact)?;
            let to = match to {
                Some(t) => Some(find(sc.role_ix(t), "role", t)?),
                None => None,
            };
            knowledge::share(&mut cx.tick, role, f, to, &mut cx.knowledge)
        }
        Command::Ask { to, text, about } => {
            let r = find(sc.role_ix(to), "role", to)?;
            cx.tick.observe(
                RoleSet::of([role, r]),
                Observation::Question {
                    from: me,
                    to: sc.roles[r].id.clone(),
                    text: text.clone(),
                    about: about.clone(),
                },
            );
            Ok(())
        }
        Command::Propose(h) | Command::Support(h) | Command::Discard(h) | Command::Confirm(h) => {
            // One not on this role's table is refused as if it did not exist, so trying names
            // reveals nothing.
            let name = h;
            let known: &Knowledge = &cx.knowledge;
            let h = sc
                .hypothesis_ix(h)
                .filter(|&h| open_to(&sc, known, role, h, bot))
                .ok_or_else(|| {
                    format!(
                        "no hypothesis `{name}` is on your table yet: nothing you know bears on \
                         it and nobody has raised it; say what you suspect in your own words"
                    )
                })?;
            let want = match command {
                Command::Propose(_) => HypothesisChange::Proposed,
                Command::Support(_) => HypothesisChange::Supported,
                Command::Discard(_) => HypothesisChange::Discarded,
                _ => HypothesisChange::Confirmed,
            };
            hypothesis_command(&mut cx.tick, role, h, want, &mut cx.knowledge);
            Ok(())
        }
        Command::Suspect(text) => {
            let text = text.trim();
            if text.is_empty() {
                return Err("say what you suspect".into());
            }
            cx.knowledge.suspicions.push(role);
            let n = cx.knowledge.suspicions.len() as u32;
            cx.tick.observe(
                everyone,
                Observation::Suspicion {
                    n,
                    by: me,
                    text: text.to_string(),
                },
            );
            Ok(())
        }
        Command::Watch(charts) => knowledge::watch(&sc, role, charts, &mut cx.knowledge),
        Command::Ack(a) => {
            let a = find(sc.alert_ix(a), "alert", a)?;
            signals::acknowledge(&mut cx.tick, role, a, signals)
        }
        _ => Err("only the facilitator can do that".into()),
    }
}

fn facilitator(
    cx: &mut ActionCtx,
    signals: &mut SignalState,
    roster: &mut BotRoster,
    queue: &mut CommandQueue,
    command: &Command,
) -> Result<(), String> {
    let sc = cx.tick.scenario();
    match command {
        Command::Publish(i) => {
            let i = find(sc.inject_ix(i), "inject", i)?;
            signals.injects[i].requested = true;
        }
        Command::Skip(i) => {
            let i = find(sc.inject_ix(i), "inject", i)?;
            let run = &mut signals.injects[i];
            if run.published.is_none() && !run.skipped {
                run.skipped = true;
                cx.tick.truth(Truth::InjectSkipped {
                    inject: sc.injects[i].id.clone(),
                });
            }
        }
        Command::Fire(f) => {
            let f = find(sc.fault_ix(f), "fault", f)?;
            cx.faults.manual[f] = true;
        }
        Command::Pause | Command::Resume | Command::Speed(_) => {
            let (paused, speed) = match command {
                Command::Pause => (true, Default::default()),
                Command::Speed(x) => (false, *x),
                _ => (false, Default::default()),
            };
            cx.tick.observe(
                RoleSet::all(sc.roles.len()),
                Observation::Clock { paused, speed },
            );
        }
        Command::Announce { from, text, to } => {
            let to = recipients(&sc, to.as_deref())?;
            cx.tick.observe(
                to,
                Observation::Inject {
                    inject: FACILITATOR.into(),
                    from: from.clone(),
                    channel: Channel::Chat,
                    text: text.clone(),
                },
            );
        }
        Command::Nudge { text, to } => {
            let to = recipients(&sc, to.as_deref())?;
            cx.tick.observe(
                to,
                Observation::Hint {
                    hint: FACILITATOR.into(),
                    tier: 0,
                    text: text.clone(),
                },
            );
        }
        Command::Match {
            suspicion,
            hypothesis,
        } => {
            let h = find(sc.hypothesis_ix(hypothesis), "hypothesis", hypothesis)?;
            let n = *suspicion as usize;
            let Some(&author) = n
                .checked_sub(1)
                .and_then(|i| cx.knowledge.suspicions.get(i))
            else {
                return Err(format!("there is no suspicion {suspicion}"));
            };
            hypothesis_command(
                &mut cx.tick,
                author,
                h,
                HypothesisChange::Proposed,
                &mut cx.knowledge,
            );
        }
        Command::Seat { role, bot } => {
            let r = find(sc.role_ix(role), "role", role)?;
            roster.set(r, *bot);
            if !*bot {
                // What the bot had decided for the next tick is not the person's to give.
                queue.drop_bot_commands(Actor::Role(r));
            }
        }
        // A note is the logged command itself. Role commands from the role-less facilitator
        // console are ignored but logged.
        _ => {}
    }
    Ok(())
}

/// One role, or everyone.
fn recipients(sc: &crate::scenario::Scenario, to: Option<&str>) -> Result<RoleSet, String> {
    match to {
        Some(id) => Ok(RoleSet::single(find(sc.role_ix(id), "role", id)?)),
        None => Ok(RoleSet::all(sc.roles.len())),
    }
}

//! Actions roles take: permission and precondition checks when started, outages while running,
//! effects (mitigations and side effects) when they complete.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::faults::{apply_effects, end_fault, start_fault};
use super::log::{Cause, Observation};
use super::state::{ActionState, Controls, FaultState, Knowledge, RoleSet, Running};
use super::tick::Tick;
use super::{SimSet, SimTick};
use crate::scenario::compiled::{ActionEffectDef, ActionIx, EffectDef, EventKey, RoleIx};
use crate::scenario::model::Milestone;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(SimTick, progress.in_set(SimSet::Actions));
}

/// Everything starting and completing an action touches: the tick, and the state actions change.
#[derive(SystemParam)]
pub struct ActionCtx<'w> {
    pub tick: Tick<'w>,
    pub actions: ResMut<'w, ActionState>,
    pub controls: ResMut<'w, Controls>,
    pub faults: ResMut<'w, FaultState>,
    pub knowledge: ResMut<'w, Knowledge>,
}

/// A role asks to start an action. Refusals are told to the role with the reason.
pub fn start(cx: &mut ActionCtx, action: ActionIx, by: RoleIx) {
    let sc = cx.tick.scenario();
    let now = cx.tick.now();
    let def = &sc.actions[action];
    let refuse = |cx: &mut ActionCtx, reason: String| {
        cx.tick.observe(
            RoleSet::single(by),
            Observation::ActionRefused {
                action: def.id.clone(),
                by: sc.roles[by].id.clone(),
                reason,
            },
        );
    };
    if !def.roles.contains(&by) {
        let who: Vec<&str> = def.roles.iter().map(|&r| &*sc.roles[r].title).collect();
        return refuse(cx, format!("only {} may do this", who.join(" or ")));
    }
    if let Some(r) = cx.actions.running.iter().find(|r| r.action == action) {
        return refuse(
            cx,
            format!("already in progress, started by {}", sc.roles[r.by].title),
        );
    }
    if let Some(requires) = &def.requires
        && !cx.tick.holds(requires, false)
    {
        let reason = def
            .refused
            .clone()
            .unwrap_or_else(|| "it cannot be done right now".into());
        return refuse(cx, reason);
    }
    let done_at = now + def.duration;
    cx.actions.running.push(Running {
        action,
        by,
        started: now,
        done_at,
    });
    cx.tick.status.action_running[action] += 1;
    cx.tick.observe(
        RoleSet::single(by),
        Observation::ActionStarted {
            action: def.id.clone(),
            by: sc.roles[by].id.clone(),
            done_at,
        },
    );
    if def.duration == 0 {
        complete_due(cx);
    } else {
        refresh_outages(cx);
    }
}

fn progress(mut cx: ActionCtx) {
    complete_due(&mut cx);
}

/// Completes every running action whose time has come, in the order they were started.
fn complete_due(cx: &mut ActionCtx) {
    let now = cx.tick.now();
    let due: Vec<Running> = cx
        .actions
        .running
        .iter()
        .copied()
        .filter(|r| r.done_at <= now)
        .collect();
    cx.actions.running.retain(|r| r.done_at > now);
    for r in due {
        complete(cx, r);
    }
    refresh_outages(cx);
}

fn complete(cx: &mut ActionCtx, r: Running) {
    let sc = cx.tick.scenario();
    let def = &sc.actions[r.action];
    let tick = cx.tick.now();
    let cause = || Cause::Action {
        action: def.id.clone(),
        by: sc.roles[r.by].id.clone(),
    };
    for effect in &def.effects {
        match *effect {
            ActionEffectDef::Mitigate(f) => end_fault(&mut cx.tick, &mut cx.faults, f, cause()),
            ActionEffectDef::Rollback(s) => {
                for (f, fault) in sc.faults.iter().enumerate() {
                    let bad_deploy = fault
                        .effects
                        .iter()
                        .any(|e| matches!(e, EffectDef::BadDeploy { .. }));
                    if fault.target == s && bad_deploy {
                        end_fault(&mut cx.tick, &mut cx.faults, f, cause());
                    }
                }
            }
            ActionEffectDef::StartFault(f) => start_fault(&mut cx.tick, &mut cx.faults, f, cause()),
            ActionEffectDef::Scale(s, x) => {
                cx.controls.scale_ppm[s] = super::math::scale(cx.controls.scale_ppm[s], x)
            }
            ActionEffectDef::SetRetries { dep, retries } => cx.controls.retries[dep] = retries,
            ActionEffectDef::ShedLoad(s, p) => cx.controls.shed_ppm[s] = p,
            ActionEffectDef::Restart(s) | ActionEffectDef::FlushCache(s) => {
                cx.controls.reset[s] = true
            }
            ActionEffectDef::Outage(_) => {}
            ActionEffectDef::DestroyEvidence(f) => cx.knowledge.destroyed[f] = true,
            ActionEffectDef::StatusUpdate => cx.tick.reach(Milestone::Communicated),
        }
    }
    // Faults recomputed now so the flow step sees mitigations this very tick.
    apply_effects(&sc, tick, &mut cx.faults);
    let status = &mut cx.tick.status;
    status.action_running[r.action] -= 1;
    status.action_done[r.action] += 1;
    status.action_done_by[r.action][r.by] += 1;
    status.happen(EventKey::Action(r.action), tick);
    cx.actions.completed_now.push((r.action, r.by));
    cx.tick.observe(
        RoleSet::single(r.by),
        Observation::ActionCompleted {
            action: def.id.clone(),
            by: sc.roles[r.by].id.clone(),
            result: def.result.clone(),
        },
    );
}

/// Services are down while an action with an outage effect runs on them.
fn refresh_outages(cx: &mut ActionCtx) {
    let sc = cx.tick.scenario();
    cx.controls.outage.iter_mut().for_each(|o| *o = false);
    for r in &cx.actions.running {
        for e in &sc.actions[r.action].effects {
            if let Some(s) = e.outage() {
                cx.controls.outage[s] = true;
            }
        }
    }
}

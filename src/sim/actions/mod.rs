//! Actions roles take: permission and precondition checks when started, outages while running,
//! effects (mitigations and side effects) when they complete.

use bevy::prelude::*;

use super::conditions::{CondEnv, CondState, eval};
use super::faults::{end_fault, start_fault};
use super::log::{Cause, EventLog, Observation};
use super::rng::SimRng;
use super::state::{
    ActionState, Controls, FaultState, FlowState, Knowledge, RoleSet, Running, Status,
};
use super::{SimClock, SimScenario, SimSet, SimTick};
use crate::scenario::Scenario;
use crate::scenario::compiled::{ActionEffectDef, ActionIx, EffectDef, EventKey, RoleIx};
use crate::scenario::model::Milestone;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(SimTick, progress.in_set(SimSet::Actions));
}

/// Everything starting and completing an action touches.
pub struct ActionCtx<'a> {
    pub sc: &'a Scenario,
    pub tick: u64,
    pub actions: &'a mut ActionState,
    pub controls: &'a mut Controls,
    pub faults: &'a mut FaultState,
    pub status: &'a mut Status,
    pub conds: &'a mut CondState,
    pub rng: &'a mut SimRng,
    pub flow: &'a FlowState,
    pub knowledge: &'a mut Knowledge,
    pub log: &'a mut EventLog,
}

/// A role asks to start an action. Refusals are told to the role with the reason.
pub fn start(cx: &mut ActionCtx, action: ActionIx, by: RoleIx) {
    let sc = cx.sc;
    let def = &sc.actions[action];
    let refuse = |cx: &mut ActionCtx, reason: String| {
        cx.log.observe(
            cx.tick,
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
    if let Some(requires) = &def.requires {
        let env = CondEnv {
            tick: cx.tick,
            status: cx.status,
            flow: cx.flow,
        };
        if !eval(requires, &env, cx.conds, &mut cx.rng.chance, false) {
            let reason = def
                .refused
                .clone()
                .unwrap_or_else(|| "it cannot be done right now".into());
            return refuse(cx, reason);
        }
    }
    let done_at = cx.tick + def.duration;
    cx.actions.running.push(Running {
        action,
        by,
        started: cx.tick,
        done_at,
    });
    cx.status.action_running[action] += 1;
    cx.log.observe(
        cx.tick,
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

#[allow(clippy::too_many_arguments)]
fn progress(
    scenario: Res<SimScenario>,
    clock: Res<SimClock>,
    flow: Res<FlowState>,
    mut actions: ResMut<ActionState>,
    mut controls: ResMut<Controls>,
    mut faults: ResMut<FaultState>,
    mut status: ResMut<Status>,
    mut conds: ResMut<CondState>,
    mut rng: ResMut<SimRng>,
    mut knowledge: ResMut<Knowledge>,
    mut log: ResMut<EventLog>,
) {
    let mut cx = ActionCtx {
        sc: &scenario,
        tick: clock.tick,
        actions: &mut actions,
        controls: &mut controls,
        faults: &mut faults,
        status: &mut status,
        conds: &mut conds,
        rng: &mut rng,
        flow: &flow,
        knowledge: &mut knowledge,
        log: &mut log,
    };
    complete_due(&mut cx);
}

/// Completes every running action whose time has come, in the order they were started.
fn complete_due(cx: &mut ActionCtx) {
    let due: Vec<Running> = cx
        .actions
        .running
        .iter()
        .copied()
        .filter(|r| r.done_at <= cx.tick)
        .collect();
    cx.actions.running.retain(|r| r.done_at > cx.tick);
    for r in due {
        complete(cx, r);
    }
    refresh_outages(cx);
}

fn complete(cx: &mut ActionCtx, r: Running) {
    let sc = cx.sc;
    let def = &sc.actions[r.action];
    let tick = cx.tick;
    let cause = || Cause::Action {
        action: def.id.clone(),
        by: sc.roles[r.by].id.clone(),
    };
    for effect in &def.effects {
        match *effect {
            ActionEffectDef::Mitigate(f) => {
                end_fault(sc, f, tick, cause(), cx.faults, cx.status, cx.log)
            }
            ActionEffectDef::Rollback(s) => {
                for (f, fault) in sc.faults.iter().enumerate() {
                    let bad_deploy = fault
                        .effects
                        .iter()
                        .any(|e| matches!(e, EffectDef::BadDeploy { .. }));
                    if fault.target == s && bad_deploy {
                        end_fault(sc, f, tick, cause(), cx.faults, cx.status, cx.log);
                    }
                }
            }
            ActionEffectDef::StartFault(f) => {
                start_fault(sc, f, tick, cause(), cx.faults, cx.status, cx.log)
            }
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
            ActionEffectDef::StatusUpdate => {
                super::exercise::reach(Milestone::Communicated, tick, cx.status, cx.log)
            }
        }
    }
    // Faults recomputed now so the flow step sees mitigations this very tick.
    super::faults::apply_effects(sc, tick, cx.faults);
    cx.status.action_running[r.action] -= 1;
    cx.status.action_done[r.action] += 1;
    cx.status.action_done_by[r.action][r.by] += 1;
    cx.status.happen(EventKey::Action(r.action), tick);
    cx.actions.completed_now.push((r.action, r.by));
    cx.log.observe(
        tick,
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
    cx.controls.outage.iter_mut().for_each(|o| *o = false);
    for r in &cx.actions.running {
        for e in &cx.sc.actions[r.action].effects {
            if let Some(s) = e.outage() {
                cx.controls.outage[s] = true;
            }
        }
    }
}

//! The exercise around the incident: milestones, escalating hints, resolution and the end of the
//! run (resolved, or out of time).

use bevy::prelude::*;

use super::conditions::{CondEnv, CondState, eval};
use super::log::{EventLog, Observation, Truth};
use super::rng::SimRng;
use super::state::{BotRoster, ExerciseState, FlowState, RoleSet, RunEnd, Status};
use super::{SimClock, SimScenario, SimSet, SimTick};
use crate::scenario::compiled::{EventKey, RoleIx};
use crate::scenario::model::Milestone;

/// Records a milestone the first time it is reached.
pub fn reach(m: Milestone, tick: u64, status: &mut Status, log: &mut EventLog) {
    if status.milestones.contains_key(&m) {
        return;
    }
    status.milestones.insert(m, tick);
    status.happen(EventKey::Milestone(m), tick);
    log.truth(tick, Truth::Milestone { milestone: m });
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        SimTick,
        (milestones, hints_step, end_of_run)
            .chain()
            .in_set(SimSet::Exercise),
    );
}

fn milestones(
    scenario: Res<SimScenario>,
    clock: Res<SimClock>,
    mut state: ResMut<ExerciseState>,
    mut status: ResMut<Status>,
    mut log: ResMut<EventLog>,
) {
    let sc = &**scenario;
    let tick = clock.tick;
    let slo = sc.resolution.slo_ppm;
    if status.impact_ppm > slo {
        reach(Milestone::ImpactStarted, tick, &mut status, &mut log);
    }
    let any_started = !status.happened.is_empty()
        && (0..sc.faults.len()).any(|f| status.happened.contains_key(&EventKey::Fault(f)));
    let any_active = status.fault_active.iter().any(|&a| a);
    if any_started && !any_active {
        reach(Milestone::Mitigated, tick, &mut status, &mut log);
    }
    if any_started && !any_active && status.impact_ppm <= slo {
        let since = *state.stable_since.get_or_insert(tick);
        if tick - since >= sc.resolution.stable_for {
            reach(Milestone::Resolved, tick, &mut status, &mut log);
        }
    } else {
        state.stable_since = None;
    }
}

#[allow(clippy::too_many_arguments)]
fn hints_step(
    scenario: Res<SimScenario>,
    clock: Res<SimClock>,
    flow: Res<FlowState>,
    status: Res<Status>,
    mut state: ResMut<ExerciseState>,
    mut conds: ResMut<CondState>,
    mut rng: ResMut<SimRng>,
    mut log: ResMut<EventLog>,
    roster: Option<Res<BotRoster>>,
) {
    let sc = &**scenario;
    let tick = clock.tick;
    let env = CondEnv {
        tick,
        status: &status,
        flow: &flow,
    };
    let enabled = state.hints_enabled;
    let mut stuck = std::mem::take(&mut state.stuck);
    for (h, def) in sc.hints.iter().enumerate() {
        let holds = eval(&def.when, &env, &mut conds, &mut rng.chance, false);
        let run = &mut state.hints[h];
        let to = hint_audience(sc.roles.len(), &def.to, roster.as_deref());
        // Someone stuck gets the next tier now, without waiting out `every`.
        let asked = stuck.0 & to.0 != 0;
        let spaced = run.last_shown.is_none_or(|t| tick >= t + def.every);
        if !enabled || !holds || !(spaced || asked) || run.shown >= def.tiers.len() {
            continue;
        }
        stuck.0 &= !to.0;
        log.observe(
            tick,
            to,
            Observation::Hint {
                hint: def.id.clone(),
                tier: run.shown + 1,
                text: def.tiers[run.shown].clone(),
            },
        );
        run.shown += 1;
        run.last_shown = Some(tick);
    }
    for r in stuck.iter() {
        log.observe(
            tick,
            RoleSet::single(r),
            Observation::Hint {
                hint: "stuck".into(),
                tier: 0,
                text: "No hint applies yet. Look at what your own dashboards, logs and alerts \
                       show, and ask your teammates what they see."
                    .into(),
            },
        );
    }
}

/// Who sees a hint. Hints are for people practising: when bots play some roles, a hint meant for
/// a bot goes to the people instead (to those it names if any of them is played by a person, else
/// to every person), so a trainee practising alone gets every nudge. With no bots, or only bots,
/// it goes where the author sent it (an empty `to`: everyone).
fn hint_audience(roles: usize, to: &[RoleIx], bots: Option<&BotRoster>) -> RoleSet {
    let named = if to.is_empty() {
        RoleSet::all(roles)
    } else {
        RoleSet::of(to.iter().copied())
    };
    let Some(bots) = bots.filter(|b| !b.roles().is_empty()) else {
        return named;
    };
    let people = RoleSet::of((0..roles).filter(|&r| !bots.contains(r)));
    if people.is_empty() {
        return named;
    }
    let named_people = RoleSet::of(named.iter().filter(|&r| people.contains(r)));
    if named_people.is_empty() {
        people
    } else {
        named_people
    }
}

fn end_of_run(
    scenario: Res<SimScenario>,
    clock: Res<SimClock>,
    status: Res<Status>,
    mut state: ResMut<ExerciseState>,
    mut log: ResMut<EventLog>,
) {
    if state.ended.is_some() {
        return;
    }
    let tick = clock.tick;
    let (resolved, reason) = if status.milestones.contains_key(&Milestone::Resolved) {
        (true, "resolved".to_string())
    } else if tick + 1 >= scenario.time_limit {
        (false, "time limit reached".to_string())
    } else {
        return;
    };
    log.truth(
        tick,
        Truth::RunEnded {
            resolved,
            reason: reason.clone(),
        },
    );
    state.ended = Some(RunEnd {
        tick,
        resolved,
        reason,
    });
}

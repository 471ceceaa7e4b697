//! The exercise around the incident: milestones, escalating hints, resolution and the end of the
//! run (resolved, or out of time).

use bevy::prelude::*;

use super::log::{Observation, Truth};
use super::state::{BotRoster, ExerciseState, RoleSet, RunEnd};
use super::tick::Tick;
use super::{SimSet, SimTick};
use crate::scenario::compiled::{EventKey, RoleIx};
use crate::scenario::model::Milestone;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        SimTick,
        (milestones, hints_step, end_of_run)
            .chain()
            .in_set(SimSet::Exercise),
    );
}

fn milestones(mut tick: Tick, mut state: ResMut<ExerciseState>) {
    let sc = tick.scenario();
    let now = tick.now();
    let slo = sc.resolution.slo_ppm;
    if tick.status.impact_ppm > slo {
        tick.reach(Milestone::ImpactStarted);
    }
    let status = &tick.status;
    let any_started = !status.happened.is_empty()
        && (0..sc.faults.len()).any(|f| status.happened.contains_key(&EventKey::Fault(f)));
    let any_active = status.fault_active.iter().any(|&a| a);
    if any_started && !any_active {
        tick.reach(Milestone::Mitigated);
    }
    if any_started && !any_active && tick.status.impact_ppm <= slo {
        let since = *state.stable_since.get_or_insert(now);
        if now - since >= sc.resolution.stable_for {
            tick.reach(Milestone::Resolved);
        }
    } else {
        state.stable_since = None;
    }
}

fn hints_step(mut tick: Tick, mut state: ResMut<ExerciseState>, roster: Option<Res<BotRoster>>) {
    let sc = tick.scenario();
    let now = tick.now();
    let enabled = state.hints_enabled;
    let mut stuck = std::mem::take(&mut state.stuck);
    for (h, def) in sc.hints.iter().enumerate() {
        let holds = tick.holds(&def.when, false);
        let run = &mut state.hints[h];
        let to = hint_audience(sc.roles.len(), &def.to, roster.as_deref());
        // Someone stuck gets the next tier now, without waiting out `every`.
        let asked = stuck.0 & to.0 != 0;
        let spaced = run.last_shown.is_none_or(|t| now >= t + def.every);
        if !enabled || !holds || !(spaced || asked) || run.shown >= def.tiers.len() {
            continue;
        }
        stuck.0 &= !to.0;
        tick.observe(
            to,
            Observation::Hint {
                hint: def.id.clone(),
                tier: run.shown + 1,
                text: def.tiers[run.shown].clone(),
            },
        );
        run.shown += 1;
        run.last_shown = Some(now);
    }
    for r in stuck.iter() {
        tick.observe(
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

fn end_of_run(mut tick: Tick, mut state: ResMut<ExerciseState>) {
    if state.ended.is_some() {
        return;
    }
    let now = tick.now();
    let (resolved, reason) = if tick.status.milestones.contains_key(&Milestone::Resolved) {
        (true, "resolved".to_string())
    } else if now + 1 >= tick.scenario().time_limit {
        (false, "time limit reached".to_string())
    } else {
        return;
    };
    tick.truth(Truth::RunEnded {
        resolved,
        reason: reason.clone(),
    });
    state.ended = Some(RunEnd {
        tick: now,
        resolved,
        reason,
    });
}

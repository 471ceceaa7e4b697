//! Pooling of unique knowledge (the hidden-profile measure): of the facts only one role could
//! learn first-hand, how many reached the rest of the team and how fast, set against the facts
//! several roles could learn. Reported for the team, never per person: which role held a unique
//! fact is the scenario's design, not anyone's doing.

use super::model::*;
use crate::scenario::Scenario;
use crate::scenario::check::{Tables, first_hand_in};

pub(super) fn build(sc: &Scenario, d: &Debrief) -> Pooling {
    let tables = Tables::of(sc);
    let mut pooling = Pooling::default();
    let mut waits: [Vec<u64>; 2] = [Vec::new(), Vec::new()];
    for (f, j) in d.knowledge.iter().enumerate() {
        let first_hand = first_hand_in(&tables, &sc.facts[f]);
        let unique = first_hand.len() == 1;
        let (group, waits) = if unique {
            (&mut pooling.unique, &mut waits[0])
        } else {
            (&mut pooling.common, &mut waits[1])
        };
        group.facts.push(j.fact.clone());
        let Some(first) = &j.first_seen else {
            continue;
        };
        group.learnt += 1;
        group.reached_commander +=
            j.to_commander.as_ref().is_some_and(|c| c.learnt.is_some()) as u32;
        // Reached the team: passed on at least once, so it entered the team's discussion (a role
        // that saw it for itself is not the team knowing it).
        if let Some(share) = j
            .roles
            .iter()
            .filter_map(|r| r.shared.first())
            .map(|s| s.tick)
            .min()
        {
            group.reached_team += 1;
            waits.push(share.saturating_sub(first.tick));
        }
    }
    pooling.unique.median_to_share = median(&mut waits[0]);
    pooling.common.median_to_share = median(&mut waits[1]);
    pooling
}

/// The lower median, so it is always one of the waits.
fn median(v: &mut [u64]) -> Option<u64> {
    v.sort_unstable();
    v.get(v.len().saturating_sub(1) / 2).copied()
}

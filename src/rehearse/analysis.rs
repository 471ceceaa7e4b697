//! What can be said about a scenario without running it: for each diagnosis, which roles can learn
//! each needed fact first-hand, whether one role could reach it alone, and which facts must travel
//! to whoever confirms it; and whether every fault can be ended at all.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::scenario::Scenario;
use crate::scenario::check::{Tables, first_hand_in};
use crate::scenario::compiled::RoleIx;
use crate::scenario::model::HypothesisKind;

/// The needs-sharing proof for one hypothesis.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub hypothesis: String,
    pub kind: HypothesisKind,
    pub needs: Vec<NeededFact>,
    /// Roles that could hold every needed fact without anyone sharing (empty: sharing is needed).
    pub alone: Vec<String>,
    /// Roles whose first-hand facts go into it: at least two when sharing is needed.
    pub contributors: Vec<String>,
    /// For each role, the needed facts that would have to be shared with it for it to confirm.
    pub must_travel: Vec<Travel>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NeededFact {
    pub fact: String,
    /// Roles that can learn it first-hand.
    pub first_hand: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Travel {
    pub to: String,
    pub facts: Vec<String>,
}

/// Every hypothesis that is not a distractor, analysed.
pub fn diagnoses(sc: &Scenario) -> Vec<Diagnosis> {
    let tables = Tables::of(sc);
    let name = |r: RoleIx| sc.roles[r].id.to_string();
    sc.hypotheses
        .iter()
        .filter(|h| h.kind != HypothesisKind::Wrong)
        .map(|h| {
            let holders: Vec<BTreeSet<RoleIx>> = h
                .needs
                .iter()
                .map(|&f| first_hand_in(&tables, &sc.facts[f]))
                .collect();
            let alone: Vec<String> = (0..sc.roles.len())
                .filter(|r| !h.needs.is_empty() && holders.iter().all(|s| s.contains(r)))
                .map(name)
                .collect();
            let contributors: BTreeSet<RoleIx> = holders.iter().flatten().copied().collect();
            let must_travel = (0..sc.roles.len())
                .map(|r| Travel {
                    to: name(r),
                    facts: h
                        .needs
                        .iter()
                        .zip(&holders)
                        .filter(|(_, s)| !s.contains(&r))
                        .map(|(&f, _)| sc.facts[f].id.to_string())
                        .collect(),
                })
                .collect();
            Diagnosis {
                hypothesis: h.id.to_string(),
                kind: h.kind,
                needs: h
                    .needs
                    .iter()
                    .zip(&holders)
                    .map(|(&f, s)| NeededFact {
                        fact: sc.facts[f].id.to_string(),
                        first_hand: s.iter().map(|&r| name(r)).collect(),
                    })
                    .collect(),
                alone,
                contributors: contributors.into_iter().map(name).collect(),
                must_travel,
            }
        })
        .collect()
}

/// Facts no role can learn first-hand (the checker rejects these; kept for completeness).
pub fn unobservable_facts(sc: &Scenario) -> Vec<usize> {
    let tables = Tables::of(sc);
    (0..sc.facts.len())
        .filter(|&f| first_hand_in(&tables, &sc.facts[f]).is_empty())
        .collect()
}

/// Faults that no action ends and that never end by themselves.
pub fn unendable_faults(sc: &Scenario) -> Vec<usize> {
    (0..sc.faults.len())
        .filter(|&f| {
            let def = &sc.faults[f];
            def.mitigated_by.is_empty() && def.ends_after.is_none() && def.ends_when.is_none()
        })
        .collect()
}

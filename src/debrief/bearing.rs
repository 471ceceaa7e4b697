//! Which of a role's moves bear on a fact, for "who knew what, when: acted on". The scenario
//! model links facts to moves in three ways, and only these count:
//!
//! - a hypothesis step: proposing, supporting or confirming a hypothesis that `needs` the fact,
//!   or discarding one the fact refutes (`refuted_by`);
//! - an action whose `requires` condition asks for the fact to be known (`Known(fact)`): the
//!   scenario says the action only makes sense with it;
//! - an action aimed at a service the fact is `about`: one that restarts, scales, rolls back,
//!   sheds load on, flushes or takes down that service, changes the retries of a call to or from
//!   it, or mitigates a fault on it.
//!
//! Status updates, and what an action sets off as a side effect (a fault it starts, evidence it
//! destroys), are not aimed at a service's problem, so they do not count.

use crate::scenario::Scenario;
use crate::scenario::compiled::{ActionEffectDef, CondExpr, FactIx, ServiceIx};
use crate::sim::log::HypothesisChange;

/// Whether a hypothesis step bears on fact `f`.
pub(super) fn step_bears_on(
    sc: &Scenario,
    hypothesis: &str,
    change: HypothesisChange,
    f: FactIx,
) -> bool {
    let Some(h) = sc.hypothesis_ix(hypothesis) else {
        return false;
    };
    let def = &sc.hypotheses[h];
    match change {
        HypothesisChange::Discarded => def.refuted_by.contains(&f),
        _ => def.needs.contains(&f),
    }
}

/// Whether starting `action` bears on fact `f`.
pub(super) fn action_bears_on(sc: &Scenario, action: &str, f: FactIx) -> bool {
    let Some(a) = sc.action_ix(action) else {
        return false;
    };
    let def = &sc.actions[a];
    let about = &sc.facts[f].about;
    def.requires.as_ref().is_some_and(|c| names_fact(c, f))
        || def
            .effects
            .iter()
            .flat_map(|e| aimed_at(sc, e))
            .any(|s| about.contains(&s))
}

/// Whether a condition asks for fact `f` to be known.
fn names_fact(c: &CondExpr, f: FactIx) -> bool {
    match c {
        CondExpr::Known { fact, .. } => *fact == f,
        CondExpr::When { inner, .. } | CondExpr::Not(inner) => names_fact(inner, f),
        CondExpr::All(v) | CondExpr::Any(v) => v.iter().any(|c| names_fact(c, f)),
        _ => false,
    }
}

/// The services an action's effect is aimed at.
fn aimed_at(sc: &Scenario, e: &ActionEffectDef) -> Vec<ServiceIx> {
    match *e {
        ActionEffectDef::Mitigate(fault) => vec![sc.faults[fault].target],
        ActionEffectDef::Rollback(s)
        | ActionEffectDef::Scale(s, _)
        | ActionEffectDef::ShedLoad(s, _)
        | ActionEffectDef::Restart(s)
        | ActionEffectDef::Outage(s)
        | ActionEffectDef::FlushCache(s) => vec![s],
        ActionEffectDef::SetRetries { dep, .. } => vec![sc.deps[dep].from, sc.deps[dep].to],
        ActionEffectDef::StartFault(_)
        | ActionEffectDef::DestroyEvidence(_)
        | ActionEffectDef::StatusUpdate => Vec::new(),
    }
}

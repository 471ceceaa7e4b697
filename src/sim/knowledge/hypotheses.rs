//! Hypotheses: the team's working theories, and the evidence rule for confirming them.

use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;
use crate::scenario::model::{HypothesisKind, Milestone};
use crate::sim::log::{EventLog, HypothesisChange, Observation};
use crate::sim::status::{RoleSet, Status};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HypRun {
    pub proposed: Option<(u64, RoleIx)>,
    pub supporters: RoleSet,
    pub discarded: Option<(u64, RoleIx)>,
    pub confirmed: Option<(u64, RoleIx)>,
}

impl HypRun {
    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for v in [self.proposed, self.discarded, self.confirmed] {
            let (t, r) = v.unwrap_or((u64::MAX, usize::MAX));
            h.write_u64(t);
            h.write_usize(r);
        }
        h.write_u64(self.supporters.0);
    }
}

/// Applies a hypothesis command; the change (or the refusal) goes to the whole team.
pub fn hypothesis_command(
    sc: &Scenario,
    tick: u64,
    role: RoleIx,
    h: usize,
    want: HypothesisChange,
    runs: &mut [HypRun],
    status: &mut Status,
    log: &mut EventLog,
) {
    let def = &sc.hypotheses[h];
    let run = &mut runs[h];
    let knows = |f: &usize| status.known[*f].contains(role);
    let change = match want {
        HypothesisChange::Proposed | HypothesisChange::Supported => {
            if run.proposed.is_none() || run.discarded.is_some() {
                run.proposed = Some((tick, role));
                run.discarded = None;
                run.supporters = RoleSet::single(role);
                HypothesisChange::Proposed
            } else {
                run.supporters.insert(role);
                HypothesisChange::Supported
            }
        }
        HypothesisChange::Discarded => {
            run.discarded = Some((tick, role));
            run.confirmed = None;
            HypothesisChange::Discarded
        }
        HypothesisChange::Confirmed | HypothesisChange::NotEstablished => {
            // Nothing is established without evidence: a hypothesis with no `needs` (a bare
            // distractor) can never be confirmed, so trying every statement reveals nothing.
            let established = !def.needs.is_empty()
                && def.needs.iter().all(knows)
                && !(def.kind == HypothesisKind::Wrong && def.refuted_by.iter().any(knows));
            if established {
                run.proposed.get_or_insert((tick, role));
                run.discarded = None;
                run.confirmed.get_or_insert((tick, role));
                HypothesisChange::Confirmed
            } else {
                HypothesisChange::NotEstablished
            }
        }
    };
    // A refused confirmation moves nothing forward (so it does not put off a stall hint).
    if change != HypothesisChange::NotEstablished {
        status.last_progress = tick;
    }
    log.observe(
        tick,
        RoleSet::all(sc.roles.len()),
        Observation::Hypothesis {
            hypothesis: def.id.clone(),
            statement: def.statement.clone(),
            by: sc.roles[role].id.clone(),
            change,
        },
    );
    if change == HypothesisChange::Confirmed {
        let all_roots = sc
            .hypotheses
            .iter()
            .zip(runs.iter())
            .filter(|(d, _)| d.kind == HypothesisKind::RootCause)
            .all(|(_, r)| r.confirmed.is_some());
        if all_roots {
            crate::sim::exercise::reach(Milestone::Diagnosed, tick, status, log);
        }
    }
}

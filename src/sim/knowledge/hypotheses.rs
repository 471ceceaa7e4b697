//! Hypotheses: the team's working theories, and the evidence rule for confirming them.

use crate::scenario::Scenario;
use crate::scenario::compiled::{FactIx, RoleIx, SourceDef};
use crate::scenario::model::{HypothesisKind, Milestone};
use crate::sim::log::{HypothesisChange, Observation};
use crate::sim::state::{Knowledge, RoleSet, Status};
use crate::sim::tick::Tick;

/// The hypotheses a fact bears on: those it is evidence for (`needs`) or against (`refuted_by`).
pub fn bears_on(sc: &Scenario, fact: FactIx) -> impl Iterator<Item = usize> + '_ {
    let hs = sc.hypotheses.iter().enumerate();
    hs.filter(move |(_, h)| h.needs.contains(&fact) || h.refuted_by.contains(&fact))
        .map(|(i, _)| i)
}

/// Whether hypothesis `h` is on the table for `role`. A bot may also put forward the
/// misconception its card says it believes (a person in that role would say it in words).
pub fn open_to(sc: &Scenario, knowledge: &Knowledge, role: RoleIx, h: usize, bot: bool) -> bool {
    knowledge.offered[h].contains(role) || (bot && sc.roles[role].bot.believes == Some(h))
}

/// Why `role` could not confirm hypothesis `h`, in terms of the kind of evidence missing (whose
/// side it comes from), never the fact itself.
pub fn refusal(sc: &Scenario, status: &Status, role: RoleIx, h: usize) -> String {
    let def = &sc.hypotheses[h];
    let knows = |f: &FactIx| status.known[*f].contains(role);
    if def.kind == HypothesisKind::Wrong && def.refuted_by.iter().any(knows) {
        return format!(
            "could not confirm “{}”: something you know argues against it",
            def.statement
        );
    }
    let missing: Vec<FactIx> = def.needs.iter().copied().filter(|f| !knows(f)).collect();
    if def.needs.is_empty() || missing.is_empty() {
        return format!(
            "could not confirm “{}”: what you know does not establish it",
            def.statement
        );
    }
    let mut sides: Vec<String> = Vec::new();
    for &f in &missing {
        let side = side_of(sc, f);
        // "nothing yet" only if no needed fact from that side is held already.
        let some_held = def
            .needs
            .iter()
            .any(|g| knows(g) && side_of(sc, *g) == side);
        let text = match (&side, some_held) {
            (Side::Service(s), false) => format!("nothing yet from {s}'s side"),
            (Side::Service(s), true) => format!("not enough yet from {s}'s side"),
            (Side::Other(what), _) => format!("nothing yet from {what}"),
        };
        if !sides.contains(&text) {
            sides.push(text);
        }
    }
    format!(
        "could not confirm “{}”: {} (ask the roles who see it, or look again)",
        def.statement,
        sides.join("; ")
    )
}

#[derive(PartialEq)]
enum Side {
    Service(String),
    Other(&'static str),
}

/// Where evidence comes from, for a refusal: the services a fact is about, else the service its
/// first-hand source shows, else the kind of source.
fn side_of(sc: &Scenario, f: FactIx) -> Side {
    let fact = &sc.facts[f];
    let service = fact.about.first().copied().or_else(|| {
        fact.sources.iter().find_map(|s| match s {
            SourceDef::Log(l) => Some(sc.logs[*l].service),
            SourceDef::Inspect { service, .. } => Some(*service),
            _ => None,
        })
    });
    if let Some(s) = service {
        return Side::Service(sc.services[s].id.to_string());
    }
    Side::Other(match fact.sources.first() {
        Some(SourceDef::Action { .. }) => "what a diagnostic action would show",
        Some(SourceDef::Alert(_)) => "the alerts",
        Some(SourceDef::Ticket(_)) => "the customer tickets",
        Some(SourceDef::Inject(_)) => "outside the team (messages, status pages)",
        _ => "what a teammate knows",
    })
}

/// Applies a hypothesis command; the change (or the refusal) goes to the whole team.
pub fn hypothesis_command(
    tick: &mut Tick,
    role: RoleIx,
    h: usize,
    want: HypothesisChange,
    knowledge: &mut Knowledge,
) {
    let (sc, now) = (tick.scenario(), tick.now());
    let def = &sc.hypotheses[h];
    let runs = &mut knowledge.hypotheses;
    let run = &mut runs[h];
    let status = &tick.status;
    let knows = |f: &usize| status.known[*f].contains(role);
    let change = match want {
        HypothesisChange::Proposed | HypothesisChange::Supported => {
            if run.proposed.is_none() || run.discarded.is_some() {
                run.proposed = Some((now, role));
                run.discarded = None;
                run.supporters = RoleSet::single(role);
                HypothesisChange::Proposed
            } else {
                run.supporters.insert(role);
                HypothesisChange::Supported
            }
        }
        HypothesisChange::Discarded => {
            run.discarded = Some((now, role));
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
                run.proposed.get_or_insert((now, role));
                run.discarded = None;
                run.confirmed.get_or_insert((now, role));
                HypothesisChange::Confirmed
            } else {
                HypothesisChange::NotEstablished
            }
        }
    };
    // A refused confirmation moves nothing forward (so it does not put off a stall hint).
    if change != HypothesisChange::NotEstablished {
        tick.status.last_progress = now;
    }
    tick.observe(
        RoleSet::all(sc.roles.len()),
        Observation::Hypothesis {
            hypothesis: def.id.clone(),
            statement: def.statement.clone(),
            by: sc.roles[role].id.clone(),
            change,
        },
    );
    // Raised with the whole team, it is on everyone's table.
    knowledge.offered[h] = RoleSet::all(sc.roles.len());
    if change == HypothesisChange::NotEstablished {
        let reason = refusal(&sc, &tick.status, role, h);
        tick.observe(RoleSet::single(role), Observation::Rejected { reason });
    }
    if change == HypothesisChange::Confirmed {
        let all_roots = sc
            .hypotheses
            .iter()
            .zip(knowledge.hypotheses.iter())
            .filter(|(d, _)| d.kind == HypothesisKind::RootCause)
            .all(|(_, r)| r.confirmed.is_some());
        if all_roots {
            tick.reach(Milestone::Diagnosed);
        }
    }
}

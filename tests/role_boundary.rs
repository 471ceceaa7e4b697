//! Commands in, observations out, per role: no role ever observes another role's private signals
//! or ground truth.

mod common;

use common::{run, shipped_solved};
use firedrill::scenario::Scenario;
use firedrill::scenario::compiled::RoleIx;
use firedrill::sim::Sim;
use firedrill::sim::log::{EventBody, Observation, Via};

/// Checks one role's feed against what the scenario allows that role to see.
fn check_feed(sc: &Scenario, sim: &Sim, r: RoleIx) -> usize {
    let role = &sc.roles[r];
    let me = &*role.id;
    let mut seen = 0;
    let mut learnt = Vec::new();
    for (_, obs) in sim.log().feed(r).iter() {
        seen += 1;
        let json = serde_json::to_string(obs).unwrap();
        for fault in &sc.faults {
            assert!(
                !json.contains(&format!("\"{}\"", fault.id)) && !json.contains(&fault.title),
                "{me} saw ground truth about fault `{}`: {json}",
                fault.id
            );
        }
        match obs {
            Observation::Metrics { service, .. } => {
                let s = sc.service_ix(service).unwrap();
                assert!(
                    role.dashboards.contains(&s),
                    "{me} saw {service}'s dashboard"
                );
            }
            Observation::Log { service, .. } => {
                let s = sc.service_ix(service).unwrap();
                assert!(role.logs.contains(&s), "{me} saw {service}'s logs");
            }
            Observation::AlertFired { alert, .. }
            | Observation::AlertResolved { alert }
            | Observation::AlertAcked { alert, .. } => {
                let a = sc.alert_ix(alert).unwrap();
                assert!(sc.alerts[a].route.contains(&r), "{me} got alert {alert}");
            }
            Observation::Ticket { from, .. } => {
                assert!(
                    sc.tickets
                        .iter()
                        .any(|t| &t.from == from && t.route.contains(&r)),
                    "{me} got a ticket not routed to it"
                );
            }
            Observation::Inject { inject, .. } => {
                let i = sc.inject_ix(inject).unwrap();
                let to = &sc.injects[i].to;
                assert!(to.is_empty() || to.contains(&r), "{me} got inject {inject}");
            }
            Observation::FactLearned { fact, via, .. } => {
                let f = sc.fact_ix(fact).unwrap();
                learnt.push(f);
                match via {
                    Via::Card => assert!(role.knows.contains(&f), "{me} carded {fact}"),
                    Via::SharedBy(from) => assert_ne!(&**from, me),
                    Via::Observed(_) | Via::Action(_) => {}
                }
            }
            Observation::ActionStarted { by, .. }
            | Observation::ActionCompleted { by, .. }
            | Observation::ActionRefused { by, .. }
            | Observation::Inspecting { by, .. } => assert_eq!(&**by, me),
            Observation::Message {
                from, to: Some(to), ..
            }
            | Observation::Question { from, to, .. } => {
                assert!(&**from == me || &**to == me, "{me} overheard {from} → {to}")
            }
            Observation::FactShared {
                from, to: Some(to), ..
            } => {
                assert!(&**from == me || &**to == me, "{me} overheard a shared fact")
            }
            // Offered only once the role holds a fact that bears on it.
            Observation::HypothesisOffered { hypothesis, .. } => {
                let h = sc.hypothesis_ix(hypothesis).unwrap();
                let def = &sc.hypotheses[h];
                let bearing = def.needs.iter().chain(&def.refuted_by);
                assert!(
                    bearing.into_iter().any(|&f| learnt.contains(&f)),
                    "{me} was offered {hypothesis} before holding a fact bearing on it"
                );
            }
            Observation::Hint { hint, .. } if &**hint == "stuck" => {}
            Observation::Hint { hint, .. } => {
                let h = sc.hints.iter().find(|h| &h.id == hint).unwrap();
                assert!(h.to.is_empty() || h.to.contains(&r), "{me} got hint {hint}");
            }
            // Said to the whole channel: every role may read them.
            Observation::Message { to: None, .. }
            | Observation::FactShared { to: None, .. }
            | Observation::Hypothesis { .. }
            | Observation::Suspicion { .. } => {}
            // Told only to the role whose command could not be applied (the sim sends it there).
            Observation::Rejected { .. } => {}
            // The facilitator's clock reaches everyone.
            Observation::Clock { .. } => {}
        }
    }
    seen
}

#[test]
fn no_role_sees_ground_truth_or_another_roles_signals() {
    for (scenario, script) in shipped_solved() {
        let sim = run(scenario, Some(&script), 3);
        let sc = sim.scenario().clone();
        for r in 0..sc.roles.len() {
            let seen = check_feed(&sc, &sim, r);
            assert!(
                seen > 0,
                "{scenario}: role {} saw nothing at all",
                sc.roles[r].id
            );
        }
    }
}

#[test]
fn feeds_hold_exactly_what_was_delivered_to_each_role() {
    let (scenario, script) = shipped_solved().swap_remove(1);
    let sim = run(scenario, Some(&script), 5);
    let sc = sim.scenario();
    let mut delivered = vec![0usize; sc.roles.len()];
    let mut truths = 0;
    for event in sim.log().events() {
        match &event.body {
            EventBody::Seen { to, .. } => {
                for name in to {
                    delivered[sc.role_ix(name).unwrap()] += 1;
                }
            }
            EventBody::Truth(_) => truths += 1,
            EventBody::Command { .. } => {}
        }
    }
    assert!(truths > 10, "the log records ground truth for the debrief");
    for (r, n) in delivered.iter().enumerate() {
        assert_eq!(sim.log().feed(r).len(), *n, "role {}", sc.roles[r].id);
    }
}

#[test]
fn a_role_only_learns_what_it_could_see_or_was_told() {
    // Without any sharing, the storage on-call never learns the metadata owner's card.
    let sim = run(common::shipped().next().unwrap(), None, 1);
    let sc = sim.scenario();
    let storage = sc.role_ix("storage").unwrap();
    let learnt: Vec<String> = sim
        .log()
        .feed(storage)
        .iter()
        .filter_map(|(_, o)| match o {
            Observation::FactLearned { fact, .. } => Some(fact.to_string()),
            _ => None,
        })
        .collect();
    assert!(learnt.contains(&"node_retry_policy".to_string()));
    assert!(
        !learnt.contains(&"membership_size_grew".to_string()),
        "{learnt:?}"
    );
}

//! What starts a fault or an inject, in words, for the facilitator: only a trigger that contains
//! `Manual` can be fired by hand (the simulation ignores a fire command for any other), and an
//! author wants to see when the rest are due.

use crate::gui::widgets;
use crate::scenario::Scenario;
use crate::scenario::compiled::{CondExpr, EventKey};
use crate::scenario::units::format_duration;

/// True when the trigger can be satisfied by the facilitator firing it.
pub fn manual(trigger: &CondExpr) -> bool {
    let mut found = false;
    trigger.visit(&mut |c| found |= matches!(c, CondExpr::Manual));
    found
}

/// The trigger in a few words: "due 02:21", "2m after fault x starts", "on its condition".
pub fn describe(sc: &Scenario, trigger: &CondExpr) -> String {
    match trigger {
        CondExpr::At { at, .. } => format!("due {}", widgets::clock_short(sc.clock_start, *at)),
        CondExpr::After { event, delay, .. } if *delay == 0 => {
            format!("on {}", event_name(sc, event))
        }
        CondExpr::After { event, delay, .. } => {
            format!(
                "{} after {}",
                format_duration(*delay),
                event_name(sc, event)
            )
        }
        CondExpr::OnAction { action, .. } => {
            format!("when {} is run", sc.actions[*action].id)
        }
        CondExpr::Manual => "manual".into(),
        CondExpr::Always => "at the start".into(),
        CondExpr::Any(v) if v.iter().any(|c| matches!(c, CondExpr::Manual)) => {
            let rest: Vec<String> = v
                .iter()
                .filter(|c| !matches!(c, CondExpr::Manual))
                .map(|c| describe(sc, c))
                .collect();
            format!("manual, or {}", rest.join(" or "))
        }
        _ => "when its condition holds".into(),
    }
}

fn event_name(sc: &Scenario, e: &EventKey) -> String {
    match e {
        EventKey::Fault(f) => format!("fault {} starts", sc.faults[*f].id),
        EventKey::FaultEnd(f) => format!("fault {} ends", sc.faults[*f].id),
        EventKey::Action(a) => format!("action {}", sc.actions[*a].id),
        EventKey::Alert(a) => format!("alert {}", sc.alerts[*a].id),
        EventKey::Inject(i) => format!("inject {}", sc.injects[*i].id),
        EventKey::Milestone(m) => m.label().to_string(),
        EventKey::Fact(f) => format!("fact {} is learnt", sc.facts[*f].id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_manual_triggers_can_be_fired() {
        let sc = crate::scenario::load_default();
        for f in &sc.faults {
            let words = describe(&sc, &f.trigger);
            assert_eq!(manual(&f.trigger), words.starts_with("manual"), "{words}");
        }
        assert!(manual(&CondExpr::Any(vec![
            CondExpr::Manual,
            CondExpr::Always
        ])));
        assert!(!manual(&CondExpr::At { at: 5, slot: 0 }));
    }
}

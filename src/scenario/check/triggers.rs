//! Triggers that can never fire: faults and injects that wait on each other, conditions that ask
//! an instant to hold for a while, and instants that would have to coincide.

use std::collections::BTreeSet;

use super::Checker;
use super::sections::Parts;
use super::taint::{Taint, bad};
use crate::scenario::compiled::{ActionEffectDef, CondExpr, EventKey, SourceDef};
use crate::scenario::source::Span;
use crate::scenario::units::format_duration;

/// Something a trigger can wait for: a fault starting or an inject being published.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Node {
    Fault(usize),
    Inject(usize),
}

/// What must have happened before the condition can ever be true.
fn requires(c: &CondExpr) -> BTreeSet<Node> {
    match c {
        CondExpr::After { event, .. } => match event {
            EventKey::Fault(f) | EventKey::FaultEnd(f) => [Node::Fault(*f)].into(),
            EventKey::Inject(i) => [Node::Inject(*i)].into(),
            _ => BTreeSet::new(),
        },
        CondExpr::FaultActive(f) => [Node::Fault(*f)].into(),
        CondExpr::Published(i) => [Node::Inject(*i)].into(),
        CondExpr::When { inner, .. } => requires(inner),
        CondExpr::All(v) => v.iter().flat_map(requires).collect(),
        CondExpr::Any(v) => {
            let mut sets = v.iter().map(requires);
            let first = sets.next().unwrap_or_default();
            sets.fold(first, |acc, s| acc.intersection(&s).copied().collect())
        }
        _ => BTreeSet::new(),
    }
}

pub(crate) fn run(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    cycles(ck, parts, taint);
    impossible_conditions(ck, parts, taint);
    ends_as_it_starts(ck, parts, taint);
}

/// `ends: [When(FaultActive("self"))]` holds the moment the fault starts.
fn ends_as_it_starts(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    for (f, fault) in parts.faults.iter().enumerate() {
        let is_self = |c: &CondExpr| matches!(c, CondExpr::FaultActive(x) if *x == f);
        let hit = match &fault.ends_when {
            Some(CondExpr::Any(v)) => v.iter().any(is_self),
            Some(c) => is_self(c),
            None => false,
        };
        if hit && !bad(&taint.faults, f) {
            let span = ck.locate(ck.file.faults[f].span, "ends", "FaultActive(");
            ck.warning(
                span,
                format!(
                    "fault `{}` ends as soon as it starts: `FaultActive(\"{}\")` holds the moment it is active",
                    fault.id, fault.id
                ),
                "end it after a while, e.g. `ends: [After(\"10m\")]`, or on a condition about something else",
            );
        }
    }
}

fn cycles(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    // An action can start a fault whatever its trigger says.
    let started_by_action: BTreeSet<usize> = parts
        .actions
        .iter()
        .flat_map(|a| a.effects.iter())
        .filter_map(|e| match e {
            ActionEffectDef::StartFault(f) => Some(*f),
            _ => None,
        })
        .collect();
    let waits_on = |n: Node| -> BTreeSet<Node> {
        match n {
            Node::Fault(f) if !bad(&taint.faults, f) && !started_by_action.contains(&f) => {
                requires(&parts.faults[f].trigger)
            }
            Node::Inject(i) if !bad(&taint.injects, i) => requires(&parts.injects[i].trigger),
            _ => BTreeSet::new(),
        }
    };
    let nodes = (0..parts.faults.len())
        .map(Node::Fault)
        .chain((0..parts.injects.len()).map(Node::Inject));
    let mut reported: BTreeSet<Node> = BTreeSet::new();
    for start in nodes {
        if reported.contains(&start) {
            continue;
        }
        // Depth-first search for a path back to `start`.
        let mut stack = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        let mut found = None;
        'search: while let Some((at, path)) = stack.pop() {
            for next in waits_on(at) {
                if next == start {
                    found = Some(path);
                    break 'search;
                }
                if seen.insert(next) {
                    let mut p = path.clone();
                    p.push(next);
                    stack.push((next, p));
                }
            }
        }
        let Some(path) = found else { continue };
        reported.extend(path.iter().copied());
        let name = |n: &Node| match *n {
            Node::Fault(f) => format!("fault `{}`", parts.faults[f].id),
            Node::Inject(i) => format!("inject `{}`", parts.injects[i].id),
        };
        let names: Vec<String> = path
            .iter()
            .chain(std::iter::once(&start))
            .map(name)
            .collect();
        let owner = match start {
            Node::Fault(f) => ck.file.faults[f].span,
            Node::Inject(i) => ck.file.injects[i].span,
        };
        let span = ck.locate(owner, "trigger", "trigger:");
        let only_injects = path.iter().all(|n| matches!(n, Node::Inject(_)));
        let (what, help) = if only_injects {
            (
                "none of them is ever published unless the facilitator publishes one by hand",
                "publish one of them at a time, e.g. `trigger: At(\"5m\")`, or leave its `trigger` out so the facilitator publishes it",
            )
        } else {
            (
                "none of them can ever start",
                "start one of them at a time or on a condition of its own, e.g. `trigger: At(\"5m\")` or `trigger: When(Above(\"db.latency_p99\", 500), \"1m\")`",
            )
        };
        ck.error(
            span,
            format!(
                "triggers wait on each other: {}; {what}",
                names.join(" waits for ")
            ),
            help,
        );
    }
}

/// Whether the condition is only ever true for a single tick at a time.
fn is_instant(c: &CondExpr) -> bool {
    match c {
        CondExpr::At { .. }
        | CondExpr::After { .. }
        | CondExpr::OnAction { .. }
        | CondExpr::Manual => true,
        CondExpr::All(v) => v.iter().any(is_instant),
        CondExpr::Any(v) => v.iter().all(is_instant),
        CondExpr::When { inner, hold, .. } => *hold == 0 && is_instant(inner),
        _ => false,
    }
}

/// The first reason the condition can never be true, with the text to look for it by and what
/// to write instead.
fn never_true(c: &CondExpr) -> Option<(&'static str, String, String)> {
    match c {
        CondExpr::When { inner, hold, .. } => {
            if *hold > 0 && is_instant(inner) {
                return Some((
                    "When(",
                    format!(
                        "`When(..., \"{}\")` waits for an instant to hold for {}, but an instant (`At`, `After`, `OnAction`, `Manual`) is true for a single tick",
                        format_duration(*hold),
                        format_duration(*hold)
                    ),
                    match **inner {
                        CondExpr::At { at, .. } => format!(
                            "write the moment itself, `At(\"{}\")`, or hold a level such as `FaultActive(..)` or `Above(..)`",
                            format_duration(at + hold)
                        ),
                        _ => "write the instant on its own, e.g. `After(Fault(\"x\"), \"1m\")`, or hold a level such as `FaultActive(..)` or `Above(..)`".to_string(),
                    },
                ));
            }
            never_true(inner)
        }
        CondExpr::All(v) => {
            let ats: BTreeSet<u64> = v
                .iter()
                .filter_map(|p| match p {
                    CondExpr::At { at, .. } => Some(*at),
                    _ => None,
                })
                .collect();
            if ats.len() > 1 {
                let times: Vec<String> = ats
                    .iter()
                    .map(|t| format!("`At(\"{}\")`", format_duration(*t)))
                    .collect();
                return Some((
                    "All(",
                    format!(
                        "`All` needs {} at once, but different instants never coincide",
                        times.join(" and ")
                    ),
                    format!(
                        "keep one instant (e.g. `At(\"{}\")`) and combine it only with levels, or use `Any` for \"whichever comes first\"",
                        format_duration(*ats.last().unwrap_or(&0))
                    ),
                ));
            }
            v.iter().find_map(never_true)
        }
        CondExpr::Any(v) => {
            // `Any` is impossible only when every part is.
            let all: Vec<_> = v.iter().map(never_true).collect();
            if all.iter().all(Option::is_some) {
                all.into_iter().flatten().next()
            } else {
                None
            }
        }
        _ => None,
    }
}

fn impossible_conditions(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    let mut found: Vec<(Span, &'static str, &CondExpr)> = Vec::new();
    for (f, fault) in parts.faults.iter().enumerate() {
        if bad(&taint.faults, f) {
            continue;
        }
        let span = ck.file.faults[f].span;
        found.push((span, "trigger", &fault.trigger));
        if let Some(c) = &fault.ends_when {
            found.push((span, "ends", c));
        }
    }
    for (i, x) in parts.logs.iter().enumerate() {
        if !bad(&taint.logs, i) {
            found.push((ck.file.logs[i].span, "when", &x.when));
        }
    }
    for (i, x) in parts.alerts.iter().enumerate() {
        if !bad(&taint.alerts, i) {
            found.push((ck.file.alerts[i].span, "when", &x.when));
        }
    }
    for (i, x) in parts.tickets.iter().enumerate() {
        if !bad(&taint.tickets, i) {
            found.push((ck.file.tickets[i].span, "when", &x.when));
        }
    }
    for (i, x) in parts.injects.iter().enumerate() {
        if !bad(&taint.injects, i) {
            found.push((ck.file.injects[i].span, "trigger", &x.trigger));
        }
    }
    for (i, x) in parts.hints.iter().enumerate() {
        if !bad(&taint.hints, i) {
            found.push((ck.file.hints[i].span, "when", &x.when));
        }
    }
    for (i, x) in parts.actions.iter().enumerate() {
        if let Some(c) = &x.requires
            && !bad(&taint.actions, i)
        {
            found.push((ck.file.actions[i].span, "requires", c));
        }
    }
    for (i, x) in parts.facts.iter().enumerate() {
        if bad(&taint.facts, i) {
            continue;
        }
        for s in &x.sources {
            if let SourceDef::Inspect { when: Some(c), .. }
            | SourceDef::Action { when: Some(c), .. } = s
            {
                found.push((ck.file.facts[i].span, "from", c));
            }
        }
    }
    for (owner, field, cond) in found {
        if let Some((needle, message, help)) = never_true(cond) {
            let span = ck.locate(owner, field, needle);
            ck.error(span, format!("this can never be true: {message}"), help);
        }
    }
}

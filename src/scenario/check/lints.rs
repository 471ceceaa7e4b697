//! Whole-scenario checks that only make sense once every name resolves: faults that can never end,
//! facts nobody can learn, diagnoses one role can reach alone, triggers that wait on each other.

use std::collections::BTreeSet;

use super::Checker;
use super::sections::Parts;
use super::taint::{Taint, bad};
use super::topology::Topology;
use crate::scenario::Scenario;
use crate::scenario::compiled::{
    ActionDef, ActionEffectDef, AlertDef, CondExpr, EffectDef, FactDef, InjectDef, LogDef, RoleDef,
    RoleIx, SourceDef, TicketDef,
};
use crate::scenario::model::HypothesisKind;

pub(crate) fn run(ck: &mut Checker, topology: &Topology, parts: &Parts, taint: &Taint) {
    if taint.all {
        return;
    }
    effects_do_something(ck, topology, parts, taint);
    bot_profiles(ck, parts, taint);
    faults_can_end(ck, parts, taint);
    super::triggers::run(ck, parts, taint);
    facts_observable(ck, parts, taint);
    hypotheses(ck, parts, taint);
    instants_within_limit(ck, parts, taint);
    team(ck, parts, taint);
    hints_do_not_tell(ck, parts, taint);
    super::giveaway::run(ck, parts, taint);
    faults_have_a_start(ck, parts, taint);
}

/// A fault without a `trigger` that no action starts waits for the facilitator: say so, in case
/// the author forgot the trigger rather than meant it.
fn faults_have_a_start(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    if !taint.clean("actions") {
        return;
    }
    for (f, fault) in parts.faults.iter().enumerate() {
        let model = &ck.file.faults[f];
        if bad(&taint.faults, f) || model.trigger.is_some() {
            continue;
        }
        let started_by_action = parts.actions.iter().any(|a| {
            a.effects
                .iter()
                .any(|e| matches!(e, ActionEffectDef::StartFault(x) if *x == f))
        });
        if !started_by_action {
            let span = model.span;
            ck.warning(
                span,
                format!(
                    "fault `{}` has no `trigger` and no action starts it: it starts only if the facilitator fires it",
                    fault.id
                ),
                "write `trigger: Manual` if the facilitator is meant to fire it, or when it starts: `trigger: At(\"5m\")` or `trigger: When(Above(\"db.latency_p95\", 500), \"1m\")`",
            );
        }
    }
}

fn faults_can_end(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    // Any action might be the one that mitigates it: one dropped, misread or naming a fault
    // that does not resolve leaves the question open. (A mistake in its `roles` does not.)
    let actions_sound = taint.complete("actions")
        && !taint.actions_parse.iter().any(|&b| b)
        && !parts.action_effects_broken.iter().any(|&b| b);
    if !actions_sound {
        return;
    }
    for (f, fault) in parts.faults.iter().enumerate() {
        if bad(&taint.faults_parse, f) || parts.fault_ends_broken[f] {
            continue;
        }
        if fault.ends_after.is_none() && fault.ends_when.is_none() && fault.mitigated_by.is_empty()
        {
            let span = ck.file.faults[f].span;
            ck.error(
                span,
                format!("fault `{}` can never end: no action mitigates it and it has no `ends`", fault.id),
                format!(
                    "add an action with `effects: [Mitigate(\"{}\")]`, or `ends: [After(\"10m\")]` on the fault",
                    fault.id
                ),
            );
        }
    }
}

/// Roles that can learn a fact first-hand (not counting being told by another role).
pub(crate) fn first_hand_roles(parts: &Parts, fact: &FactDef) -> BTreeSet<RoleIx> {
    first_hand_in(
        &Tables {
            roles: &parts.roles,
            logs: &parts.logs,
            alerts: &parts.alerts,
            tickets: &parts.tickets,
            injects: &parts.injects,
            actions: &parts.actions,
        },
        fact,
    )
}

/// The compiled tables `first_hand_in` reads, borrowed from the checker's parts or a scenario.
pub struct Tables<'a> {
    pub roles: &'a [RoleDef],
    pub logs: &'a [LogDef],
    pub alerts: &'a [AlertDef],
    pub tickets: &'a [TicketDef],
    pub injects: &'a [InjectDef],
    pub actions: &'a [ActionDef],
}

impl<'a> Tables<'a> {
    pub fn of(sc: &'a Scenario) -> Self {
        Tables {
            roles: &sc.roles,
            logs: &sc.logs,
            alerts: &sc.alerts,
            tickets: &sc.tickets,
            injects: &sc.injects,
            actions: &sc.actions,
        }
    }
}

/// Roles that can learn a fact first-hand, from any set of compiled tables (the rehearsal's
/// needs-sharing proof reuses it on a compiled scenario).
pub fn first_hand_in(parts: &Tables, fact: &FactDef) -> BTreeSet<RoleIx> {
    let mut roles: BTreeSet<RoleIx> = fact.carded_by.iter().copied().collect();
    let n = parts.roles.len();
    for source in &fact.sources {
        match source {
            SourceDef::Log(l) => {
                let s = parts.logs[*l].service;
                roles.extend((0..n).filter(|&r| parts.roles[r].logs.contains(&s)));
            }
            SourceDef::Alert(a) => roles.extend(parts.alerts[*a].route.iter().copied()),
            SourceDef::Ticket(t) => roles.extend(parts.tickets[*t].route.iter().copied()),
            SourceDef::Inject(i) => {
                let to = &parts.injects[*i].to;
                if to.is_empty() {
                    roles.extend(0..n);
                } else {
                    roles.extend(to.iter().copied());
                }
            }
            SourceDef::Inspect { service, .. } => {
                roles.extend((0..n).filter(|&r| parts.roles[r].dashboards.contains(service)));
            }
            SourceDef::Action { action, .. } => {
                roles.extend(parts.actions[*action].roles.iter().copied())
            }
        }
    }
    roles
}

/// Whether who can learn the fact depends on something broken: the fact itself, any role (each
/// might be a learner), or an item one of its sources names.
fn fact_tainted(parts: &Parts, taint: &Taint, f: usize) -> bool {
    if bad(&taint.facts, f) || !taint.clean("roles") {
        return true;
    }
    parts.facts[f].sources.iter().any(|s| match s {
        SourceDef::Log(l) => bad(&taint.logs, *l),
        SourceDef::Alert(a) => bad(&taint.alerts, *a),
        SourceDef::Ticket(t) => bad(&taint.tickets, *t),
        SourceDef::Inject(i) => bad(&taint.injects, *i),
        SourceDef::Inspect { .. } => false,
        SourceDef::Action { action, .. } => bad(&taint.actions, *action),
    })
}

fn facts_observable(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    for (f, fact) in parts.facts.iter().enumerate() {
        if fact_tainted(parts, taint, f) || !first_hand_roles(parts, fact).is_empty() {
            continue;
        }
        let why = if fact.sources.is_empty() {
            "it has no `from` sources and is on no role's `knows`".to_string()
        } else {
            "none of its sources reaches any role (check the roles' `logs` and `dashboards`, and alert and ticket routes)".to_string()
        };
        let span = ck.file.facts[f].span;
        let help = learnable_help(parts, fact, ck.services.ids());
        ck.error(
            span,
            format!("no role can ever learn the fact `{}`: {why}", fact.id),
            help,
        );
    }
}

/// What would make the fact learnable: open up each source that reaches nobody, or name a
/// source or card that works. Never suggests a source the fact already has.
fn learnable_help(parts: &Parts, fact: &FactDef, services: &[String]) -> String {
    let Some(role) = parts.roles.first() else {
        return format!("add roles, then put `{}` on one's `knows`", fact.id);
    };
    let r = &role.id;
    let svc = |s: usize| services.get(s).cloned().unwrap_or_default();
    let mut fixes: Vec<String> = Vec::new();
    for source in &fact.sources {
        let fix = match source {
            SourceDef::Log(l) => format!(
                "let a role read the logs of `{}` (e.g. `logs: [\"{}\"]` on `{r}`)",
                svc(parts.logs[*l].service),
                svc(parts.logs[*l].service)
            ),
            SourceDef::Inspect { service, .. } => format!(
                "let a role see the dashboard of `{}` (e.g. `dashboards: [\"{}\"]` on `{r}`)",
                svc(*service),
                svc(*service)
            ),
            SourceDef::Alert(a) => format!(
                "route the alert `{}` to a role (e.g. `route: [\"{r}\"]`)",
                parts.alerts[*a].id
            ),
            SourceDef::Ticket(t) => format!(
                "route the ticket `{}` to a role (e.g. `route: [\"{r}\"]`)",
                parts.tickets[*t].id
            ),
            SourceDef::Inject(i) => format!(
                "send the inject `{}` to a role (e.g. `to: [\"{r}\"]`)",
                parts.injects[*i].id
            ),
            SourceDef::Action { action, .. } => format!(
                "let a role take the action `{}` (e.g. `roles: [\"{r}\"]`)",
                parts.actions[*action].id
            ),
        };
        if !fixes.contains(&fix) {
            fixes.push(fix);
        }
    }
    // A source that already reaches someone: a dashboard a role has.
    let seen = parts
        .roles
        .iter()
        .find_map(|role| role.dashboards.first().map(|&s| (role.id.clone(), s)));
    if let Some((who, s)) = seen
        && !fact
            .sources
            .iter()
            .any(|x| matches!(x, SourceDef::Inspect { service, .. } if *service == s))
    {
        fixes.push(format!(
            "add a source a role sees, e.g. `from: [Inspect(service: \"{}\")]` (on `{who}`'s `dashboards`)",
            svc(s)
        ));
    }
    fixes.push(format!(
        "put `{}` on a role's `knows` (e.g. `knows: [\"{}\"]` on `{r}`)",
        fact.id, fact.id
    ));
    fixes.join("; or ")
}

fn hypotheses(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    let mut any_root = false;
    for (h, hyp) in parts.hypotheses.iter().enumerate() {
        let span = ck.file.hypotheses[h].span;
        if hyp.kind == HypothesisKind::Wrong || bad(&taint.hypotheses, h) {
            continue;
        }
        any_root |= hyp.kind == HypothesisKind::RootCause;
        if hyp.needs.is_empty() {
            ck.error(
                span,
                format!("hypothesis `{}` needs no facts, so it can be confirmed by guessing", hyp.id),
                "list the facts that together establish it, e.g. `needs: [\"db_iops_collapse\", \"pool_wait_high\"]`",
            );
            continue;
        }
        if hyp.needs.iter().any(|&f| fact_tainted(parts, taint, f)) {
            continue;
        }
        // Which roles could hold every needed fact without anyone sharing?
        let mut alone: Option<BTreeSet<RoleIx>> = None;
        for &fact in &hyp.needs {
            let holders = first_hand_roles(parts, &parts.facts[fact]);
            alone = Some(match alone {
                None => holders,
                Some(prev) => prev.intersection(&holders).copied().collect(),
            });
        }
        if let Some(solo) = alone.filter(|s| !s.is_empty()) {
            let names: Vec<String> = solo
                .iter()
                .map(|&r| format!("`{}`", parts.roles[r].id))
                .collect();
            ck.warning(
                span,
                format!(
                    "hypothesis `{}` can be established by {} alone, without anyone sharing",
                    hyp.id,
                    names.join(" or ")
                ),
                "a well-made scenario spreads the facts a diagnosis needs across at least two roles",
            );
        }
    }
    if !any_root && taint.clean("hypotheses") {
        let span = ck.file.meta.span;
        ck.error(
            span,
            "no hypothesis is a root cause, so the team can never diagnose the incident",
            "add a hypothesis with `kind: RootCause` and the facts it `needs`",
        );
    }
}

fn instants_within_limit(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    if taint.meta {
        return;
    }
    let limit = ck.file.meta.time_limit.0;
    for (f, fault) in parts.faults.iter().enumerate() {
        if !bad(&taint.faults, f)
            && let CondExpr::At { at, .. } = fault.trigger
            && at >= limit
        {
            let span = ck.file.faults[f].span;
            ck.warning(
                span,
                format!(
                    "fault `{}` starts at {}s, after the time limit ({limit}s)",
                    fault.id, at
                ),
                "start it earlier or raise `time_limit`",
            );
        }
    }
}

fn team(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    let routes_clean = taint.clean("actions") && taint.clean("alerts") && taint.clean("tickets");
    for (r, role) in parts.roles.iter().enumerate() {
        if bad(&taint.roles, r) || !routes_clean {
            continue;
        }
        if role.dashboards.is_empty() && role.logs.is_empty() && role.knows.is_empty() {
            let acts = parts.actions.iter().any(|a| a.roles.contains(&r));
            // Alerts and customer tickets routed to the role are things it sees.
            let routed = parts.alerts.iter().any(|a| a.route.contains(&r))
                || parts.tickets.iter().any(|t| t.route.contains(&r));
            if !acts && !routed {
                let span = ck.file.roles[r].span;
                ck.warning(
                    span,
                    format!(
                        "role `{}` sees nothing, knows nothing and can do nothing",
                        role.id
                    ),
                    "give it `dashboards`, `logs`, knowledge cards (`knows`) or actions",
                );
            }
        }
    }
    if parts.roles.iter().all(|r| !r.commander) && !parts.roles.is_empty() && taint.clean("roles") {
        let span = ck.file.meta.span;
        ck.warning(
            span,
            "no role is the incident commander",
            "mark one role `commander: true`; the debrief follows how facts reach that role",
        );
    }
    let communicates = parts.actions.iter().any(|a| {
        a.effects
            .iter()
            .any(|e| matches!(e, ActionEffectDef::StatusUpdate))
    });
    if !communicates && taint.clean("actions") {
        let span = ck.file.meta.span;
        ck.warning(
            span,
            "no action posts a status update, so \"first external communication\" can never be reached",
            "add an action with `effects: [StatusUpdate]` (e.g. update the status page)",
        );
    }
    for (a, action) in parts.actions.iter().enumerate() {
        if bad(&taint.actions, a) || !taint.clean("facts") || !taint.clean("faults") {
            continue;
        }
        let reveals = parts.facts.iter().any(|f| {
            f.sources
                .iter()
                .any(|s| matches!(s, SourceDef::Action { action: x, .. } if *x == a))
        });
        let triggers = parts.faults.iter().any(|f| {
            let mut hit = false;
            f.trigger.visit(&mut |c| {
                hit |= matches!(c, CondExpr::OnAction { action: x, .. } if *x == a);
            });
            hit
        });
        if action.effects.is_empty() && !reveals && !triggers && action.result.is_none() {
            let span = ck.file.actions[a].span;
            ck.warning(
                span,
                format!("action `{}` has no effect and reveals nothing", action.id),
                "add `effects`, a `result` text, or make a fact learnable from it",
            );
        }
    }
}

/// A hint nudges; it must not hand over the answer. Flags hint text that quotes a root-cause
/// statement or names a fact a root cause needs.
fn hints_do_not_tell(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    if !taint.clean("hypotheses") || !taint.clean("facts") {
        return;
    }
    let roots: Vec<_> = parts
        .hypotheses
        .iter()
        .filter(|h| h.kind == HypothesisKind::RootCause)
        .collect();
    for (h, hint) in parts.hints.iter().enumerate() {
        if bad(&taint.hints, h) {
            continue;
        }
        for (tier, text) in hint.tiers.iter().enumerate() {
            let lower = text.to_lowercase();
            let told = roots.iter().find_map(|root| {
                // A statement of a word or two ("s", "Disk") says nothing when a hint contains it.
                let statement = root.statement.to_lowercase();
                if statement.split_whitespace().count() >= 3 && lower.contains(&statement) {
                    return Some(format!("quotes the root cause `{}`", root.id));
                }
                root.needs
                    .iter()
                    .map(|&f| &parts.facts[f].id)
                    .find(|id| has_word(&lower, &id.to_lowercase()))
                    .map(|id| {
                        format!(
                            "names the fact `{id}`, which the root cause `{}` needs",
                            root.id
                        )
                    })
            });
            if let Some(what) = told {
                let span = ck.file.hints[h].span;
                ck.warning(
                    span,
                    format!("tier {} of hint `{}` {what}", tier + 1, hint.id),
                    "a hint should nudge (where to look, whom to ask), never state the root cause",
                );
            }
        }
    }
}

/// Whether `text` holds `word` as a whole word (a fact id `a` is not in "what changed").
fn has_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.split(|c: char| !is_word(c)).any(|w| w == word)
}

/// Effects that, as written, do nothing (or the opposite of what their name says).
fn effects_do_something(ck: &mut Checker, topology: &Topology, parts: &Parts, taint: &Taint) {
    const X1: u64 = 1_000_000;
    let services_ok = taint.clean("services");
    let ids: Vec<String> = topology.services.iter().map(|s| s.id.to_string()).collect();
    let quoted = |v: &[usize]| -> String {
        let names: Vec<String> = v.iter().map(|&s| ids[s].clone()).collect();
        super::list_names(&names)
    };
    let factor = |x: u64| {
        let whole = x / X1;
        let frac = x % X1;
        if frac == 0 {
            format!("x{whole}")
        } else {
            let digits = format!("{frac:06}");
            format!("x{whole}.{}", digits.trim_end_matches('0'))
        }
    };
    for (f, fault) in parts.faults.iter().enumerate() {
        if bad(&taint.faults, f) || !services_ok {
            continue;
        }
        let owner = ck.file.faults[f].span;
        let t = fault.target;
        let target = ids[t].clone();
        for effect in &fault.effects {
            let found: Option<(&str, String, String)> = match *effect {
                EffectDef::Partition(other) if other == t => Some((
                    "Partition(",
                    format!(
                        "`Partition(\"{target}\")` on `{target}` partitions it from itself, which does nothing"
                    ),
                    partition_help(topology, t, &quoted),
                )),
                EffectDef::Partition(other)
                    if taint.clean("dependencies")
                        && !topology.deps.iter().any(|d| {
                            (d.from == t && d.to == other) || (d.from == other && d.to == t)
                        }) =>
                {
                    Some((
                        "Partition(",
                        format!(
                            "`{target}` and `{}` do not call each other, so partitioning them cuts nothing",
                            ids[other]
                        ),
                        partition_help(topology, t, &quoted),
                    ))
                }
                EffectDef::ColdCache if topology.services[t].hit_rate_ppm.is_none() => {
                    let caches: Vec<usize> = (0..topology.services.len())
                        .filter(|&s| topology.services[s].hit_rate_ppm.is_some())
                        .collect();
                    Some((
                        "ColdCache",
                        format!(
                            "`ColdCache` on `{target}` does nothing: it has no cache `hit_rate`"
                        ),
                        if caches.is_empty() {
                            format!(
                                "give `{target}` `kind: Cache, hit_rate: \"90%\"`, or use another effect"
                            )
                        } else {
                            format!("target a cache instead: {}", quoted(&caches))
                        },
                    ))
                }
                EffectDef::TrafficSurge(_)
                    if taint.clean("traffic") && !topology.traffic.iter().any(|tr| tr.to == t) =>
                {
                    let entries: BTreeSet<usize> =
                        topology.traffic.iter().map(|tr| tr.to).collect();
                    let entries: Vec<usize> = entries.into_iter().collect();
                    Some((
                        "TrafficSurge(",
                        format!(
                            "`TrafficSurge` on `{target}` does nothing: no traffic enters at `{target}`"
                        ),
                        if entries.is_empty() {
                            format!(
                                "add `traffic: [(to: \"{target}\", rps: 500)]`, or target a service traffic enters"
                            )
                        } else {
                            format!("target a service traffic enters: {}", quoted(&entries))
                        },
                    ))
                }
                EffectDef::SlowDown(x) if x < X1 => Some((
                    "SlowDown(",
                    if x == 0 {
                        format!(
                            "`SlowDown(\"x0\")` makes `{target}` answer instantly instead of slower"
                        )
                    } else {
                        format!(
                            "`SlowDown(\"{}\")` makes `{target}` faster, not slower",
                            factor(x)
                        )
                    },
                    "write how many times slower it gets, e.g. `SlowDown(\"x3\")`".to_string(),
                )),
                _ => None,
            };
            if let Some((needle, message, help)) = found {
                let span = ck.locate(owner, "effects", needle);
                ck.warning(span, message, help);
            }
        }
    }
    for (a, action) in parts.actions.iter().enumerate() {
        if bad(&taint.actions, a) || !services_ok {
            continue;
        }
        for effect in &action.effects {
            if let ActionEffectDef::Scale(s, 0) = *effect {
                let span = ck.locate(ck.file.actions[a].span, "effects", "Scale(");
                ck.warning(
                    span,
                    format!(
                        "`Scale(\"{}\", \"x0\")` scales `{}` to no capacity at all",
                        ids[s], ids[s]
                    ),
                    format!(
                        "write how many times its capacity, e.g. `Scale(\"{}\", \"x2\")` to double it",
                        ids[s]
                    ),
                );
            }
        }
    }
}

fn partition_help(topology: &Topology, t: usize, quoted: &dyn Fn(&[usize]) -> String) -> String {
    let mut near: Vec<usize> = Vec::new();
    for d in &topology.deps {
        let other = if d.from == t {
            d.to
        } else if d.to == t {
            d.from
        } else {
            continue;
        };
        if !near.contains(&other) {
            near.push(other);
        }
    }
    if near.is_empty() {
        "the target calls nothing and nothing calls it: partition two services joined under `dependencies`".to_string()
    } else {
        format!(
            "partition it from a service it calls or that calls it: {}",
            quoted(&near)
        )
    }
}

/// A bot's `looks_first` should be on its dashboards, and its `answers` should name facts the
/// role can hold without being told.
fn bot_profiles(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    let file = ck.file;
    for (r, role) in parts.roles.iter().enumerate() {
        if bad(&taint.roles, r) {
            continue;
        }
        let bot = &file.roles[r].bot;
        for id in &bot.looks_first {
            let Some(s) = ck.services.get(&id.value) else {
                continue;
            };
            if role.dashboards.contains(&s) {
                continue;
            }
            let has: Vec<String> = role
                .dashboards
                .iter()
                .map(|&d| ck.services.ids()[d].clone())
                .collect();
            let help = if has.is_empty() {
                format!(
                    "add \"{}\" to the role's `dashboards` (it has none), or leave `looks_first` out",
                    id.value
                )
            } else {
                format!(
                    "add \"{}\" to the role's `dashboards`, or look first at one it has: {}",
                    id.value,
                    super::list_names(&has)
                )
            };
            ck.warning(
                id.span,
                format!(
                    "the bot of `{}` looks first at `{}`, which is not on its `dashboards`",
                    role.id, id.value
                ),
                help,
            );
        }
        for answer in &bot.answers {
            for id in &answer.facts {
                let Some(f) = ck.facts.get(&id.value) else {
                    continue;
                };
                if fact_tainted(parts, taint, f)
                    || first_hand_roles(parts, &parts.facts[f]).contains(&r)
                {
                    continue;
                }
                let can: Vec<String> = parts
                    .facts
                    .iter()
                    .filter(|fact| first_hand_roles(parts, fact).contains(&r))
                    .map(|fact| fact.id.to_string())
                    .collect();
                let other = if can.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", or answer with a fact it can learn: {}",
                        super::list_names(&can)
                    )
                };
                ck.warning(
                    id.span,
                    format!(
                        "the bot of `{}` answers with `{}`, which that role can never hold itself: it is not on its cards and none of the fact's sources reaches it",
                        role.id, id.value
                    ),
                    format!(
                        "put \"{}\" on the role's `knows`, give the role a source of it (its `dashboards` or `logs`){other}",
                        id.value
                    ),
                );
            }
        }
    }
}

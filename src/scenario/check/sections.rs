//! Faults, signals, the team, actions and the facilitator's sections.

use super::{Checker, bot_defaults, pace_defaults};
use crate::scenario::compiled::{
    ActionDef, ActionEffectDef, AlertDef, BotDef, CondExpr, CueDef, EffectDef, FactDef, FaultDef,
    HintDef, HypothesisDef, InjectDef, LogDef, MetricKind, PlayDef, ResolutionDef, RoleDef,
    SourceDef, Subject, TicketDef,
};
use crate::scenario::model::{ActionEffect, BotCue, Cond, Effect, FactSource, FaultEnd, Id, Role};
use crate::scenario::source::Span;

pub(crate) struct Parts {
    pub faults: Vec<FaultDef>,
    /// Per fault: whether how it can end depends on something broken (its `ends`, or the target
    /// a rollback would name).
    pub fault_ends_broken: Vec<bool>,
    /// Per action: whether its `effects` hold a reference that did not resolve.
    pub action_effects_broken: Vec<bool>,
    pub logs: Vec<LogDef>,
    pub alerts: Vec<AlertDef>,
    pub tickets: Vec<TicketDef>,
    pub injects: Vec<InjectDef>,
    pub roles: Vec<RoleDef>,
    pub facts: Vec<FactDef>,
    pub hypotheses: Vec<HypothesisDef>,
    pub actions: Vec<ActionDef>,
    pub hints: Vec<HintDef>,
    pub resolution: ResolutionDef,
}

pub(crate) fn compile(ck: &mut Checker) -> Parts {
    let (actions, action_effects_broken) = actions(ck);
    let (faults, fault_ends_broken) = faults(ck, &actions);
    let roles = roles(ck);
    let facts = facts(ck, &roles);
    let parts = Parts {
        logs: logs(ck),
        alerts: alerts(ck),
        tickets: tickets(ck),
        injects: injects(ck),
        hypotheses: hypotheses(ck),
        hints: hints(ck),
        resolution: resolution(ck),
        faults,
        fault_ends_broken,
        action_effects_broken,
        roles,
        facts,
        actions,
    };
    debrief(ck);
    parts
}

/// `e.g. `field: ["ic", "dba"]`` with the file's own role ids (at most two).
fn example_roles(ck: &Checker, field: &str) -> String {
    let ids: Vec<String> = ck
        .roles
        .ids()
        .iter()
        .take(2)
        .map(|r| format!("\"{r}\""))
        .collect();
    if ids.is_empty() {
        format!(
            "once the scenario has roles (none is defined under `roles` yet), e.g. `{field}: [\"ic\"]`"
        )
    } else {
        format!("e.g. `{field}: [{}]`", ids.join(", "))
    }
}

/// Resolves a list of names, keeping the ones that exist.
fn resolve_all(
    ck: &mut Checker,
    ids: &[Id],
    table: for<'c> fn(&'c Checker<'_>) -> &'c super::Names,
) -> Vec<usize> {
    let mut out = Vec::new();
    for id in ids {
        let found = table(ck).get(&id.value);
        match found {
            Some(ix) if !out.contains(&ix) => out.push(ix),
            Some(_) => {}
            None => {
                let mut found = Vec::new();
                table(ck).report_unknown(id.span, &id.value, &mut found);
                ck.diags.extend(found);
            }
        }
    }
    out
}

fn optional_cond(
    ck: &mut Checker,
    cond: &Option<crate::scenario::model::Cond>,
    owner: Span,
) -> Option<crate::scenario::compiled::CondExpr> {
    cond.as_ref().and_then(|c| ck.cond(c, owner))
}

fn faults(ck: &mut Checker, actions: &[ActionDef]) -> (Vec<FaultDef>, Vec<bool>) {
    let file = ck.file;
    let mut out = Vec::new();
    let mut ends_broken = Vec::new();
    for (ix, f) in file.faults.iter().enumerate() {
        let target = ck.services.resolve(&f.target, &mut ck.diags);
        if f.effects.is_empty() {
            ck.error(
                f.span,
                format!("fault `{}` has no effects", f.id.value),
                "list what it does, e.g. `effects: [CapacityLoss(\"40%\")]`",
            );
        }
        let mut effects = Vec::new();
        for e in &f.effects {
            let compiled = match e {
                Effect::CapacityLoss(p) => Some(EffectDef::CapacityLoss(p.0)),
                Effect::AddedLatency(l) => Some(EffectDef::AddedLatency(l.0)),
                Effect::SlowDown(x) => Some(EffectDef::SlowDown(x.0)),
                Effect::ErrorRate(p) => Some(EffectDef::ErrorRate(p.0)),
                Effect::Crash => Some(EffectDef::Crash),
                Effect::SlowLeak(p) => Some(EffectDef::SlowLeak(p.0)),
                Effect::Partition(other) => ck
                    .services
                    .resolve(other, &mut ck.diags)
                    .map(EffectDef::Partition),
                Effect::CertificateExpired => Some(EffectDef::CertificateExpired),
                Effect::BadDeploy {
                    errors, latency, ..
                } => Some(EffectDef::BadDeploy {
                    errors_ppm: errors.0,
                    latency_us: latency.0,
                }),
                Effect::TrafficSurge(x) => Some(EffectDef::TrafficSurge(x.0)),
                Effect::PoolShrink(p) => Some(EffectDef::PoolShrink(p.0)),
                Effect::ColdCache => Some(EffectDef::ColdCache),
                Effect::ShiftGauge { metric, by, over } => {
                    let m = ck.metric_ref(metric);
                    if let Some(m) = m
                        && !matches!(ck.catalog.metrics[m].kind, MetricKind::Gauge(_))
                    {
                        ck.error(
                            metric.span,
                            format!(
                                "`{}` is not a gauge, so a fault cannot move it",
                                metric.value
                            ),
                            "define it under `metrics` with `source: Gauge(<start value>)`",
                        );
                    }
                    let by_milli = ck.number(
                        by,
                        &format!("the shift of `{}`", metric.value),
                        super::numbers::Range::Any,
                        "write how far the fault moves the gauge, in its unit: a positive number \
                         up, a negative one down, e.g. `by: -10`"
                            .into(),
                    );
                    if let (Some(m), Some(by_milli)) = (m, by_milli)
                        && let MetricKind::Gauge(start) = ck.catalog.metrics[m].kind
                        && !ck.broken_gauges.contains(&m)
                        && start.saturating_add(by_milli) < 0
                    {
                        let show = super::numbers::show_milli;
                        ck.error(
                            by.span,
                            format!(
                                "`ShiftGauge` takes `{}` below 0: it starts at {} and moves by {}",
                                metric.value,
                                show(start),
                                show(by_milli)
                            ),
                            format!(
                                "a gauge is never below 0: move it down by at most its start, e.g. `by: {}`",
                                show(-start)
                            ),
                        );
                    }
                    m.zip(by_milli).map(|(m, by_milli)| EffectDef::ShiftGauge {
                        metric: m,
                        by_milli,
                        over: over.0,
                    })
                }
            };
            effects.extend(compiled);
        }
        let trigger = ck.cond(f.trigger.as_ref().unwrap_or(&Cond::Manual), f.span);
        // A fault ends at the first of its ends: the shortest `After`, or any `When` holding.
        let before = ck.problems();
        let mut ends_after: Option<u64> = None;
        let mut ends_when = Vec::new();
        for end in &f.ends {
            match end {
                FaultEnd::After(d) => {
                    let d = d.0.max(1);
                    ends_after = Some(ends_after.map_or(d, |e| e.min(d)));
                }
                FaultEnd::When(c) => ends_when.extend(ck.cond(c, f.span)),
            }
        }
        let ends_when = match ends_when.len() {
            0 | 1 => ends_when.pop(),
            _ => Some(crate::scenario::compiled::CondExpr::Any(ends_when)),
        };
        ends_broken.push(
            ck.problems() != before
                || (target.is_none()
                    && f.effects
                        .iter()
                        .any(|e| matches!(e, Effect::BadDeploy { .. }))),
        );
        let mitigated_by = actions
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.effects.iter().any(|e| match *e {
                    ActionEffectDef::Mitigate(x) => x == ix,
                    ActionEffectDef::Rollback(s) => {
                        Some(s) == target
                            && f.effects
                                .iter()
                                .any(|e| matches!(e, Effect::BadDeploy { .. }))
                    }
                    _ => false,
                })
            })
            .map(|(a, _)| a)
            .collect();
        out.push(FaultDef {
            id: f.id.value.as_str().into(),
            title: f.title.clone(),
            target: target.unwrap_or(0),
            effects,
            trigger: trigger.unwrap_or(crate::scenario::compiled::CondExpr::Manual),
            ends_after,
            ends_when,
            mitigated_by,
        });
    }
    (out, ends_broken)
}

fn logs(ck: &mut Checker) -> Vec<LogDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for l in file.logs.iter() {
        let service = ck.services.resolve(&l.service, &mut ck.diags);
        let text = ck.template(&l.text, l.span);
        let when = ck.cond(&l.when, l.span);
        if l.every.0 == 0 {
            ck.error(
                l.span,
                format!("log `{}` repeats every 0s", l.id.value),
                "write e.g. `every: \"30s\"`",
            );
        }
        // A broken rule stands in (never compiled: the file has errors) so that indexes stay
        // those of the file for the whole-scenario checks.
        out.push(LogDef {
            id: l.id.value.as_str().into(),
            service: service.unwrap_or(0),
            level: l.level,
            text,
            when: when.unwrap_or(CondExpr::Manual),
            every: l.every.0.max(1),
        });
    }
    out
}

fn alerts(ck: &mut Checker) -> Vec<AlertDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for a in file.alerts.iter() {
        let when = ck.cond(&a.when, a.span);
        let route = resolve_all(ck, &a.route, |c| &c.roles);
        if a.route.is_empty() {
            ck.warning(
                a.span,
                format!("alert `{}` is routed to nobody", a.id.value),
                format!("list the roles it pages, {}", example_roles(ck, "route")),
            );
        }
        out.push(AlertDef {
            id: a.id.value.as_str().into(),
            title: a.title.clone(),
            when: when.unwrap_or(CondExpr::Manual),
            hold: a.hold.0,
            severity: a.severity,
            route,
            runbook: a.runbook.clone(),
        });
    }
    out
}

fn tickets(ck: &mut Checker) -> Vec<TicketDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for t in file.tickets.iter() {
        let text = ck.template(&t.text, t.span);
        let when = ck.cond(&t.when, t.span);
        let route = resolve_all(ck, &t.route, |c| &c.roles);
        out.push(TicketDef {
            id: t.id.value.as_str().into(),
            from: t.from.clone(),
            text,
            when: when.unwrap_or(CondExpr::Manual),
            every: t.every.0.max(1),
            route,
        });
    }
    out
}

fn injects(ck: &mut Checker) -> Vec<InjectDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for i in file.injects.iter() {
        let trigger = ck.cond(&i.trigger, i.span);
        let to = resolve_all(ck, &i.to, |c| &c.roles);
        out.push(InjectDef {
            id: i.id.value.as_str().into(),
            trigger: trigger.unwrap_or(crate::scenario::compiled::CondExpr::Manual),
            from: i.from.clone(),
            to,
            channel: i.channel,
            text: i.text.clone(),
            red_herring: i.red_herring,
            note: i.note.clone(),
        });
    }
    out
}

fn roles(ck: &mut Checker) -> Vec<RoleDef> {
    let file = ck.file;
    let (default_delay, default_slip) = bot_defaults(file.meta.difficulty);
    let (default_orient, default_read) = pace_defaults(file.meta.difficulty);
    let mut out = Vec::new();
    for r in file.roles.iter() {
        let dashboards = resolve_all(ck, &r.dashboards, |c| &c.services);
        let logs = resolve_all(ck, &r.logs, |c| &c.services);
        let knows = resolve_all(ck, &r.knows, |c| &c.facts);
        let bot = &r.bot;
        let looks_first = resolve_all(ck, &bot.looks_first, |c| &c.services);
        let believes = bot
            .believes
            .as_ref()
            .and_then(|h| ck.hypotheses.resolve(h, &mut ck.diags));
        let mut answers = Vec::new();
        for a in &bot.answers {
            let subject = if let Some(s) = ck.services.get(&a.about.value) {
                Some(Subject::Service(s))
            } else if let Some(f) = ck.facts.get(&a.about.value) {
                Some(Subject::Fact(f))
            } else if ck.services.is_broken(&a.about.value) {
                ck.services.silenced.borrow_mut().push(a.about.span);
                None
            } else {
                ck.error(
                    a.about.span,
                    format!("`{}` is neither a service nor a fact", a.about.value),
                    "a bot answers questions about a service id or a fact id",
                );
                None
            };
            let facts = resolve_all(ck, &a.facts, |c| &c.facts);
            answers.extend(subject.map(|s| (s, facts)));
        }
        out.push(RoleDef {
            id: r.id.value.as_str().into(),
            title: r.title.clone(),
            briefing: r.briefing.clone(),
            dashboards,
            logs,
            knows,
            commander: r.commander,
            bot: BotDef {
                looks_first,
                believes,
                answer_delay: bot.answer_delay.map_or(default_delay, |d| d.0),
                orient: bot.orient.map_or(default_orient, |d| d.0),
                read: bot.read.map_or(default_read, |d| d.0),
                answers,
                miss_ppm: bot.misses.or(bot.slip).map_or(default_slip, |p| p.0),
                forget_ppm: bot.forgets.or(bot.slip).map_or(default_slip, |p| p.0),
                plays: bot_plays(ck, r),
            },
        });
    }
    for r in file.roles.iter() {
        if r.id.value == crate::scenario::model::FACILITATOR {
            ck.error(
                r.id.span,
                "`facilitator` is reserved for the facilitator console",
                "give the role another id, e.g. \"exercise_lead\"",
            );
        }
    }
    if file.roles.len() > 64 {
        let span = file.roles[64].span;
        ck.error(
            span,
            format!(
                "the scenario has {} roles; at most 64 are supported",
                file.roles.len()
            ),
            "merge roles that see and do the same things",
        );
    }
    let commanders: Vec<_> = file.roles.iter().filter(|r| r.commander).collect();
    if commanders.len() > 1 {
        let span = commanders[1].span;
        ck.error(
            span,
            "more than one role is the incident commander",
            "mark exactly one role with `commander: true`",
        );
    }
    if file.roles.is_empty() {
        ck.error(
            file.meta.span,
            "the scenario has no roles",
            "add roles, e.g. `roles: [(id: \"ic\", title: \"Incident commander\", briefing: \"…\", commander: true)]`",
        );
    }
    out
}

/// A bot's plays: each names an action its role may take and a cue it can see.
fn bot_plays(ck: &mut Checker, role: &Role) -> Vec<PlayDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for play in &role.bot.plays {
        let action = ck.actions.resolve(&play.run, &mut ck.diags);
        let when = bot_cue(ck, &play.when);
        let Some(action) = action else { continue };
        let allowed = file.actions[action]
            .roles
            .iter()
            .any(|r| r.value == role.id.value);
        // A misspelt name in the action's `roles` (reported there) may be this very role.
        let roles_broken = file.actions[action]
            .roles
            .iter()
            .any(|r| ck.roles.get(&r.value).is_none());
        if !allowed && !roles_broken {
            ck.error(
                play.run.span,
                format!(
                    "role `{}` may not take the action `{}`, so its bot cannot play it",
                    role.id.value, play.run.value
                ),
                format!(
                    "add \"{}\" to the action's `roles`, or give the play to a role that may take it",
                    role.id.value
                ),
            );
            continue;
        }
        out.extend(when.map(|when| PlayDef { action, when }));
    }
    out
}

fn bot_cue(ck: &mut Checker, cue: &BotCue) -> Option<CueDef> {
    let d = &mut ck.diags;
    match cue {
        BotCue::Paged => Some(CueDef::Paged),
        BotCue::Confirmed(h) => ck.hypotheses.resolve(h, d).map(CueDef::Confirmed),
        BotCue::Done(a) => ck.actions.resolve(a, d).map(CueDef::Done),
        BotCue::Knows(f) => ck.facts.resolve(f, d).map(CueDef::Knows),
        BotCue::All(parts) => {
            let parts: Vec<_> = parts.iter().map(|c| bot_cue(ck, c)).collect();
            parts
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .map(CueDef::All)
        }
    }
}

fn facts(ck: &mut Checker, roles: &[RoleDef]) -> Vec<FactDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for (ix, f) in file.facts.iter().enumerate() {
        let about = resolve_all(ck, &f.about, |c| &c.services);
        let mut sources = Vec::new();
        for s in &f.from {
            let d = &mut ck.diags;
            let compiled = match s {
                FactSource::Log(id) => ck.logs.resolve(id, d).map(SourceDef::Log),
                FactSource::Alert(id) => ck.alerts.resolve(id, d).map(SourceDef::Alert),
                FactSource::Ticket(id) => ck.tickets.resolve(id, d).map(SourceDef::Ticket),
                FactSource::Inject(id) => ck.injects.resolve(id, d).map(SourceDef::Inject),
                FactSource::Inspect { service, when } => {
                    let service = ck.services.resolve(service, d);
                    let when = optional_cond(ck, when, f.span);
                    service.map(|service| SourceDef::Inspect { service, when })
                }
                FactSource::Action { action, when } => {
                    let action = ck.actions.resolve(action, d);
                    let when = optional_cond(ck, when, f.span);
                    action.map(|action| SourceDef::Action { action, when })
                }
            };
            sources.extend(compiled);
        }
        let carded_by = (0..roles.len())
            .filter(|&r| roles[r].knows.contains(&ix))
            .collect();
        out.push(FactDef {
            id: f.id.value.as_str().into(),
            text: f.text.clone(),
            about,
            sources,
            carded_by,
        });
    }
    out
}

fn hypotheses(ck: &mut Checker) -> Vec<HypothesisDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for h in file.hypotheses.iter() {
        let needs = resolve_all(ck, &h.needs, |c| &c.facts);
        let refuted_by = resolve_all(ck, &h.refuted_by, |c| &c.facts);
        out.push(HypothesisDef {
            id: h.id.value.as_str().into(),
            statement: h.statement.clone(),
            kind: h.kind,
            needs,
            refuted_by,
        });
    }
    out
}

fn actions(ck: &mut Checker) -> (Vec<ActionDef>, Vec<bool>) {
    let file = ck.file;
    let mut out = Vec::new();
    let mut effects_broken = Vec::new();
    for a in file.actions.iter() {
        let roles = resolve_all(ck, &a.roles, |c| &c.roles);
        if a.roles.is_empty() {
            ck.error(
                a.span,
                format!("no role may take the action `{}`", a.id.value),
                format!("list who may take it, {}", example_roles(ck, "roles")),
            );
        }
        let requires = optional_cond(ck, &a.requires, a.span);
        let mut effects = Vec::new();
        let before = ck.problems();
        for e in &a.effects {
            let d = &mut ck.diags;
            let compiled = match e {
                ActionEffect::Mitigate(f) => ck.faults.resolve(f, d).map(ActionEffectDef::Mitigate),
                ActionEffect::Rollback(s) => {
                    ck.services.resolve(s, d).map(ActionEffectDef::Rollback)
                }
                ActionEffect::StartFault(f) => {
                    ck.faults.resolve(f, d).map(ActionEffectDef::StartFault)
                }
                ActionEffect::Scale(s, x) => ck
                    .services
                    .resolve(s, d)
                    .map(|s| ActionEffectDef::Scale(s, x.0)),
                ActionEffect::SetRetries { from, to, retries } => {
                    let (f, t) = (ck.services.resolve(from, d), ck.services.resolve(to, d));
                    match (f, t) {
                        (Some(f), Some(t)) => {
                            let dep = ck.file.dependencies.iter().position(|x| {
                                ck.services.get(&x.from.value) == Some(f)
                                    && ck.services.get(&x.to.value) == Some(t)
                            });
                            if dep.is_none() {
                                ck.error(
                                    from.span,
                                    format!("`{}` does not call `{}`", from.value, to.value),
                                    "`SetRetries` changes an existing dependency; add it under `dependencies` first",
                                );
                            }
                            dep.map(|dep| ActionEffectDef::SetRetries {
                                dep,
                                retries: *retries,
                            })
                        }
                        _ => None,
                    }
                }
                ActionEffect::ShedLoad(s, p) => ck
                    .services
                    .resolve(s, d)
                    .map(|s| ActionEffectDef::ShedLoad(s, p.0)),
                ActionEffect::Restart(s) => ck.services.resolve(s, d).map(ActionEffectDef::Restart),
                ActionEffect::Outage(s) => ck.services.resolve(s, d).map(ActionEffectDef::Outage),
                ActionEffect::FlushCache(s) => {
                    ck.services.resolve(s, d).map(ActionEffectDef::FlushCache)
                }
                ActionEffect::DestroyEvidence(f) => {
                    ck.facts.resolve(f, d).map(ActionEffectDef::DestroyEvidence)
                }
                ActionEffect::StatusUpdate => Some(ActionEffectDef::StatusUpdate),
            };
            effects.extend(compiled);
        }
        effects_broken.push(ck.problems() != before);
        out.push(ActionDef {
            id: a.id.value.as_str().into(),
            title: a.title.clone(),
            roles,
            duration: a.duration.0,
            requires,
            refused: a.refused.clone(),
            effects,
            result: a.result.clone(),
        });
    }
    (out, effects_broken)
}

fn hints(ck: &mut Checker) -> Vec<HintDef> {
    let file = ck.file;
    let mut out = Vec::new();
    for h in file.hints.iter() {
        let to = resolve_all(ck, &h.to, |c| &c.roles);
        let when = ck.cond(&h.when, h.span);
        if h.tiers.is_empty() {
            ck.error(
                h.span,
                format!("hint `{}` has no tiers", h.id.value),
                "write the nudges from gentlest to most direct, e.g. `tiers: [\"Which service changed first?\"]`",
            );
        }
        out.push(HintDef {
            id: h.id.value.as_str().into(),
            to,
            when: when.unwrap_or(CondExpr::Manual),
            tiers: h.tiers.clone(),
            every: h.every.0.max(1),
        });
    }
    out
}

fn resolution(ck: &mut Checker) -> ResolutionDef {
    let r = &ck.file.resolution;
    // A `resolution` with a mistake in it stands in at its default (no span): say nothing of it.
    if r.stable_for.0 == 0 && r.span != crate::scenario::source::Span::default() {
        ck.warning(
            r.span,
            "`stable_for` is 0s: the incident counts as resolved the moment impact dips",
            "write a stabilisation window, e.g. `stable_for: \"5m\"`",
        );
    }
    ResolutionDef {
        slo_ppm: r.slo.0,
        slow_after_us: r.slow_after.0.max(1),
        stable_for: r.stable_for.0,
    }
}

fn debrief(ck: &mut Checker) {
    let file = ck.file;
    let _ = resolve_all(ck, &file.debrief.key_facts, |c| &c.facts);
    for dp in file.debrief.decision_points.iter() {
        if dp.until < dp.from {
            ck.error(
                dp.span,
                format!("decision point `{}` ends before it starts", dp.id.value),
                "make `until` later than `from`",
            );
        }
        if let Some(role) = &dp.role {
            ck.roles.resolve(role, &mut ck.diags);
        }
        use crate::scenario::model::Expected;
        let d = &mut ck.diags;
        match &dp.expect {
            Expected::Action(a) => {
                ck.actions.resolve(a, d);
            }
            Expected::Share(f) => {
                ck.facts.resolve(f, d);
            }
            Expected::Confirm(h) => {
                ck.hypotheses.resolve(h, d);
            }
            Expected::Acknowledge(a) => {
                ck.alerts.resolve(a, d);
            }
            Expected::StatusUpdate => {}
        }
    }
}

//! Conditions, metric references and text templates.

use super::Checker;
use crate::scenario::compiled::{CondExpr, EventKey, TextPart};
use crate::scenario::model::{Cond, EventRef, Id};
use crate::scenario::source::{Span, did_you_mean};

impl Checker<'_> {
    /// Compiles a condition; `owner` is where to point errors that have no name of their own.
    pub fn cond(&mut self, cond: &Cond, owner: Span) -> Option<CondExpr> {
        Some(match cond {
            Cond::At(t) => CondExpr::At {
                at: t.0,
                slot: self.next_slot(),
            },
            Cond::After(event, delay) => CondExpr::After {
                event: self.event_ref(event)?,
                delay: delay.0,
                slot: self.next_slot(),
            },
            Cond::When(inner, hold) => {
                let inner = self.cond(inner, owner)?;
                CondExpr::When {
                    inner: Box::new(inner),
                    hold: hold.0,
                    slot: self.next_slot(),
                }
            }
            Cond::OnAction { action, by } => {
                let action_ix = self.actions.resolve(action, &mut self.diags);
                let by_ix = match by {
                    Some(role) => Some(self.roles.resolve(role, &mut self.diags)?),
                    None => None,
                };
                CondExpr::OnAction {
                    action: action_ix?,
                    by: by_ix,
                    slot: self.next_slot(),
                }
            }
            Cond::Chance(p) => CondExpr::Chance { ppm: p.0 },
            Cond::Manual => CondExpr::Manual,
            Cond::Always => CondExpr::Always,
            Cond::All(parts) | Cond::Any(parts) => {
                if parts.is_empty() {
                    self.error(
                        owner,
                        "`All([])` / `Any([])` has nothing inside",
                        "list at least one condition inside the brackets",
                    );
                    return None;
                }
                let compiled: Vec<_> = parts.iter().map(|c| self.cond(c, owner)).collect();
                let compiled: Option<Vec<_>> = compiled.into_iter().collect();
                match cond {
                    Cond::All(_) => CondExpr::All(compiled?),
                    _ => CondExpr::Any(compiled?),
                }
            }
            Cond::Not(inner) => CondExpr::Not(Box::new(self.cond(inner, owner)?)),
            Cond::Above(metric, v) => {
                let m = self.metric_ref(metric);
                let milli = self.threshold("Above", metric, m, v);
                CondExpr::Above {
                    metric: m?,
                    milli: milli?,
                }
            }
            Cond::Below(metric, v) => {
                let m = self.metric_ref(metric);
                let milli = self.threshold("Below", metric, m, v);
                CondExpr::Below {
                    metric: m?,
                    milli: milli?,
                }
            }
            Cond::ImpactAbove(p) => CondExpr::ImpactAbove(p.0),
            Cond::ImpactBelow(p) => CondExpr::ImpactBelow(p.0),
            Cond::FaultActive(f) => CondExpr::FaultActive(self.faults.resolve(f, &mut self.diags)?),
            Cond::ActionDone(a) => CondExpr::ActionDone(self.actions.resolve(a, &mut self.diags)?),
            Cond::ActionRunning(a) => {
                CondExpr::ActionRunning(self.actions.resolve(a, &mut self.diags)?)
            }
            Cond::AlertFiring(a) => CondExpr::AlertFiring(self.alerts.resolve(a, &mut self.diags)?),
            Cond::Known { fact, by } => {
                let fact_ix = self.facts.resolve(fact, &mut self.diags);
                let by_ix = match by {
                    Some(role) => Some(self.roles.resolve(role, &mut self.diags)?),
                    None => None,
                };
                CondExpr::Known {
                    fact: fact_ix?,
                    by: by_ix,
                }
            }
            Cond::Reached(m) => CondExpr::Reached(*m),
            Cond::Published(i) => CondExpr::Published(self.injects.resolve(i, &mut self.diags)?),
            Cond::Stalled(d) => CondExpr::Stalled(d.0),
        })
    }

    fn event_ref(&mut self, event: &EventRef) -> Option<EventKey> {
        let d = &mut self.diags;
        Some(match event {
            EventRef::Fault(id) => EventKey::Fault(self.faults.resolve(id, d)?),
            EventRef::FaultEnd(id) => EventKey::FaultEnd(self.faults.resolve(id, d)?),
            EventRef::Action(id) => EventKey::Action(self.actions.resolve(id, d)?),
            EventRef::Alert(id) => EventKey::Alert(self.alerts.resolve(id, d)?),
            EventRef::Inject(id) => EventKey::Inject(self.injects.resolve(id, d)?),
            EventRef::Milestone(m) => EventKey::Milestone(*m),
            EventRef::Fact(id) => EventKey::Fact(self.facts.resolve(id, d)?),
        })
    }

    /// Resolves `"service.metric"` to an index in the metric catalog.
    pub fn metric_ref(&mut self, id: &Id) -> Option<usize> {
        let Some((service, metric)) = id.value.split_once('.') else {
            self.error(
                id.span,
                format!("`{}` does not name a metric", id.value),
                format!(
                    "write the service and the metric joined by a dot, e.g. \"{}.latency_p99\"",
                    if id.value.is_empty() {
                        "api"
                    } else {
                        &id.value
                    }
                ),
            );
            return None;
        };
        let Some(s) = self.services.get(service) else {
            self.services
                .report_unknown(id.span, service, &mut self.diags);
            return None;
        };
        if let Some(m) = self.catalog.find(s, metric) {
            return Some(m);
        }
        let names: Vec<String> = self.catalog.by_service[s]
            .iter()
            .map(|&m| self.catalog.metrics[m].name.to_string())
            .collect();
        let help = match did_you_mean(metric, names.iter().map(String::as_str)) {
            Some(best) => format!("did you mean \"{service}.{best}\"?"),
            None => format!(
                "`{service}` has these metrics: {}",
                super::list_names(&names)
            ),
        };
        self.error(
            id.span,
            format!("service `{service}` has no metric `{metric}`"),
            help,
        );
        None
    }

    /// Splits text at `{service.metric}` placeholders. `{{` and `}}` stand for braces.
    pub fn template(&mut self, text: &str, owner: Span) -> Vec<TextPart> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(pos) = rest.find(['{', '}']) {
            literal.push_str(&rest[..pos]);
            let tail = &rest[pos..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                literal.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if let Some(after) = tail.strip_prefix('}') {
                literal.push('}');
                rest = after;
                continue;
            }
            let Some(close) = tail.find('}') else {
                self.error(
                    owner,
                    format!("the text `{text}` opens `{{` without closing it"),
                    "close the placeholder, e.g. {db.latency_p99}, or write {{ for a brace",
                );
                literal.push_str(tail);
                rest = "";
                break;
            };
            let name = tail[1..close].trim();
            let id = Id {
                span: owner,
                value: name.to_string(),
            };
            if let Some(m) = self.metric_ref(&id) {
                if !literal.is_empty() {
                    parts.push(TextPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TextPart::Metric(m));
            }
            rest = &tail[close + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(TextPart::Literal(literal));
        }
        parts
    }
}

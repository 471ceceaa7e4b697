//! Which items have a problem already reported, so the whole-scenario checks can still run on
//! everything else without reporting the consequences of a mistake as mistakes of their own.
//!
//! An item is broken when an error (from parsing or from resolving names) lies inside it, or when
//! it refers to an id whose definition failed to parse. A section is incomplete when an error lies
//! in it outside every item (an item dropped, the whole list unreadable). An error outside every
//! known section (a misspelt top-level field) makes every check stand down.

use std::collections::BTreeSet;

use super::Checker;
use crate::scenario::source::{self, SourceFile, Span};

pub(crate) struct Taint {
    /// Something outside every section is wrong: no whole-scenario check can be trusted.
    pub all: bool,
    sections: BTreeSet<String>,
    pub meta: bool,
    pub services: Vec<bool>,
    pub deps: Vec<bool>,
    pub traffic: Vec<bool>,
    pub faults: Vec<bool>,
    /// Faults with a parse error inside (a misspelt `ends` field reads as no `ends`).
    pub faults_parse: Vec<bool>,
    pub logs: Vec<bool>,
    pub alerts: Vec<bool>,
    pub tickets: Vec<bool>,
    pub injects: Vec<bool>,
    pub roles: Vec<bool>,
    pub facts: Vec<bool>,
    pub hypotheses: Vec<bool>,
    pub actions: Vec<bool>,
    /// Actions with a parse error inside.
    pub actions_parse: Vec<bool>,
    pub hints: Vec<bool>,
}

/// The index of `faults` in `compute`'s table of item kinds.
const FAULTS: usize = 4;
/// The index of `actions` in that table.
const ACTIONS: usize = 12;

const SECTIONS: &[&str] = &[
    "meta",
    "services",
    "dependencies",
    "traffic",
    "metrics",
    "faults",
    "logs",
    "alerts",
    "tickets",
    "injects",
    "roles",
    "facts",
    "hypotheses",
    "actions",
    "hints",
    "resolution",
    "debrief",
];

impl Taint {
    /// Computes the taint from the checker's errors so far and, when parsing failed, the parse
    /// errors (read again from the text).
    pub fn compute(ck: &Checker, source: &SourceFile, parse_failed: bool) -> Taint {
        let file = ck.file;
        let kinds: [(&str, Vec<Span>); 14] = [
            ("meta", vec![file.meta.span]),
            ("services", file.services.iter().map(|x| x.span).collect()),
            (
                "dependencies",
                file.dependencies.iter().map(|x| x.span).collect(),
            ),
            ("traffic", file.traffic.iter().map(|x| x.span).collect()),
            ("faults", file.faults.iter().map(|x| x.span).collect()),
            ("logs", file.logs.iter().map(|x| x.span).collect()),
            ("alerts", file.alerts.iter().map(|x| x.span).collect()),
            ("tickets", file.tickets.iter().map(|x| x.span).collect()),
            ("injects", file.injects.iter().map(|x| x.span).collect()),
            ("roles", file.roles.iter().map(|x| x.span).collect()),
            ("facts", file.facts.iter().map(|x| x.span).collect()),
            (
                "hypotheses",
                file.hypotheses.iter().map(|x| x.span).collect(),
            ),
            ("actions", file.actions.iter().map(|x| x.span).collect()),
            ("hints", file.hints.iter().map(|x| x.span).collect()),
        ];
        let mut marks: Vec<Vec<bool>> = kinds.iter().map(|(_, s)| vec![false; s.len()]).collect();
        let mut all = false;
        let mut sections = BTreeSet::new();

        let mut errors: Vec<Option<Span>> = ck
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.span)
            .collect();
        for names in [
            &ck.services,
            &ck.roles,
            &ck.facts,
            &ck.faults,
            &ck.actions,
            &ck.alerts,
            &ck.logs,
            &ck.tickets,
            &ck.injects,
            &ck.hypotheses,
        ] {
            errors.extend(names.silenced.borrow().iter().map(|&s| Some(s)));
        }
        let checker_errors = errors.len();
        if parse_failed {
            let parsed = source::parse::<crate::scenario::model::ScenarioFile>(source);
            errors.extend(
                parsed
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.span),
            );
        }
        let mut faults_parse = vec![false; file.faults.len()];
        let mut actions_parse = vec![false; file.actions.len()];
        let fields = if errors.is_empty() {
            Vec::new()
        } else {
            source::top_level_fields(source.main_text())
        };
        for (n, span) in errors.into_iter().enumerate() {
            let Some(span) = span else {
                all = true;
                continue;
            };
            let mut inside = false;
            for (k, (_, items)) in kinds.iter().enumerate() {
                for (i, item) in items.iter().enumerate() {
                    // A stand-in item (default span) holds nothing.
                    if *item != Span::default() && item.start <= span.start && span.end <= item.end
                    {
                        marks[k][i] = true;
                        inside = true;
                        if k == FAULTS && n >= checker_errors {
                            faults_parse[i] = true;
                        }
                        if k == ACTIONS && n >= checker_errors {
                            actions_parse[i] = true;
                        }
                    }
                }
            }
            if inside {
                continue;
            }
            match fields
                .iter()
                .find(|(_, f)| f.start <= span.start && span.start < f.end.max(f.start + 1))
            {
                Some((name, _)) if SECTIONS.contains(&name.as_str()) => {
                    sections.insert(name.clone());
                }
                _ => all = true,
            }
        }
        let mut marks = marks.into_iter();
        let mut next = || marks.next().unwrap_or_default();
        let meta = next().iter().any(|&b| b) || sections.contains("meta");
        Taint {
            all,
            meta,
            services: next(),
            deps: next(),
            traffic: next(),
            faults: next(),
            faults_parse,
            logs: next(),
            alerts: next(),
            tickets: next(),
            injects: next(),
            roles: next(),
            facts: next(),
            hypotheses: next(),
            actions: next(),
            actions_parse,
            hints: next(),
            sections,
        }
    }

    /// Whether the section's list is complete (no item dropped), whatever its items hold.
    pub fn complete(&self, section: &str) -> bool {
        !self.all && !self.sections.contains(section)
    }

    /// Whether every item of a section is known and clean.
    pub fn clean(&self, section: &str) -> bool {
        if self.all || self.sections.contains(section) {
            return false;
        }
        let items = match section {
            "meta" => return !self.meta,
            "services" => &self.services,
            "dependencies" => &self.deps,
            "traffic" => &self.traffic,
            "faults" => &self.faults,
            "logs" => &self.logs,
            "alerts" => &self.alerts,
            "tickets" => &self.tickets,
            "injects" => &self.injects,
            "roles" => &self.roles,
            "facts" => &self.facts,
            "hypotheses" => &self.hypotheses,
            "actions" => &self.actions,
            "hints" => &self.hints,
            _ => return true,
        };
        !items.iter().any(|&b| b)
    }
}

/// `item` of a per-item taint list, treating an index past the end as broken.
pub(crate) fn bad(list: &[bool], item: usize) -> bool {
    list.get(item).copied().unwrap_or(true)
}

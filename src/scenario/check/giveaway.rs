//! Texts a trainee reads before or without any diagnosis (the briefing, role titles and briefings,
//! service descriptions, injects, alert titles) must not name the root cause. A root cause's key
//! terms are the pairs of adjacent content words in its statement ("new connections", "blank
//! fields") that are distinctive: not said by a distractor's statement too, and not just naming
//! the system (both words appear in the services' ids and descriptions or the role titles, like
//! "metadata service"). Pairs, not single words, so a text may mention the database without
//! warning; the evidence itself (facts, logs, tickets) is meant to point and is not checked.

use std::collections::BTreeSet;

use super::Checker;
use super::sections::Parts;
use super::taint::Taint;
use crate::scenario::model::HypothesisKind;
use crate::scenario::source::Span;

/// Words that carry no meaning on their own in a statement.
const STOP: &[&str] = &[
    "a",
    "about",
    "after",
    "against",
    "all",
    "also",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "behind",
    "being",
    "between",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "day",
    "did",
    "do",
    "does",
    "down",
    "during",
    "each",
    "else",
    "evening",
    "every",
    "for",
    "from",
    "get",
    "gets",
    "getting",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "hour",
    "hours",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "keep",
    "keeps",
    "kept",
    "last",
    "many",
    "me",
    "minute",
    "minutes",
    "more",
    "morning",
    "most",
    "much",
    "my",
    "night",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "same",
    "second",
    "seconds",
    "she",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "today",
    "too",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "via",
    "was",
    "we",
    "week",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "yesterday",
    "you",
    "your",
];

/// A word reduced to compare forms: lower case, no possessive, no plural `s`.
fn stem(w: &str) -> Option<String> {
    let w = w.trim_matches(|c: char| c == '\'' || c == '-' || c == '_');
    if w.len() < 2 || STOP.contains(&w) {
        return None;
    }
    let w = w.strip_suffix("'s").unwrap_or(w);
    let w = match w.strip_suffix('s') {
        Some(s) if s.len() >= 3 && !s.ends_with('s') => s,
        _ => w,
    };
    Some(w.to_string())
}

/// Content words clause by clause (punctuation breaks a phrase).
fn clauses(text: &str) -> Vec<Vec<String>> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| ".,;:!?()[]\"“”—–".contains(c))
        .map(|clause| {
            clause
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '_'))
                .filter_map(stem)
                .collect()
        })
        .collect()
}

fn pairs(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for c in clauses(text) {
        for w in c.windows(2) {
            out.insert((w[0].clone(), w[1].clone()));
        }
    }
    out
}

fn words(text: &str) -> BTreeSet<String> {
    clauses(text).into_iter().flatten().collect()
}

/// The key terms of the scenario's root causes, each with the root cause's id.
pub(super) fn key_terms(ck: &Checker, parts: &Parts) -> Vec<((String, String), String)> {
    let mut common = BTreeSet::new();
    for h in parts
        .hypotheses
        .iter()
        .filter(|h| h.kind == HypothesisKind::Wrong)
    {
        common.extend(pairs(&h.statement));
    }
    let mut system = BTreeSet::new();
    for s in ck.file.services.iter() {
        system.extend(words(&s.id.value.replace('_', " ")));
        system.extend(s.description.as_deref().map(words).unwrap_or_default());
    }
    for r in ck.file.roles.iter() {
        system.extend(words(&r.title));
    }
    let mut out = Vec::new();
    for h in parts.hypotheses.iter() {
        if h.kind != HypothesisKind::RootCause {
            continue;
        }
        for p in pairs(&h.statement) {
            let names_system = system.contains(&p.0) && system.contains(&p.1);
            if !common.contains(&p) && !names_system {
                out.push((p, h.id.to_string()));
            }
        }
    }
    out
}

pub(super) fn run(ck: &mut Checker, parts: &Parts, taint: &Taint) {
    if !taint.clean("hypotheses") {
        return;
    }
    let keys = key_terms(ck, parts);
    if keys.is_empty() {
        return;
    }
    // (where, the field, the text, what it is)
    let mut texts: Vec<(Span, &str, String, String)> = Vec::new();
    let meta = &ck.file.meta;
    let m = &meta.value;
    texts.push((meta.span, "title", m.title.clone(), "the title".into()));
    texts.push((
        meta.span,
        "summary",
        m.summary.clone(),
        "the summary".into(),
    ));
    if let Some(t) = &m.teaches {
        texts.push((meta.span, "teaches", t.clone(), "`teaches`".into()));
    }
    if let Some(b) = &m.briefing {
        texts.push((meta.span, "briefing", b.clone(), "the briefing".into()));
    }
    for r in ck.file.roles.iter() {
        let id = &r.id.value;
        texts.push((
            r.span,
            "title",
            r.title.clone(),
            format!("role `{id}`'s title"),
        ));
        let what = format!("role `{id}`'s briefing");
        texts.push((r.span, "briefing", r.briefing.clone(), what));
    }
    for s in ck.file.services.iter() {
        if let Some(d) = &s.description {
            let what = format!("service `{}`'s description", s.id.value);
            texts.push((s.span, "description", d.clone(), what));
        }
    }
    for i in ck.file.injects.iter() {
        let what = format!("inject `{}`", i.id.value);
        texts.push((i.span, "text", i.text.clone(), what));
    }
    for a in ck.file.alerts.iter() {
        let what = format!("alert `{}`'s title", a.id.value);
        texts.push((a.span, "title", a.title.clone(), what));
    }
    let mut found = Vec::new();
    for (owner, field, text, what) in texts {
        let has = pairs(&text);
        if let Some(((a, b), root)) = keys.iter().find(|(p, _)| has.contains(p)) {
            let span = ck.locate(owner, field, "\"");
            found.push((span, what, format!("{a} {b}"), root.clone()));
        }
    }
    for (span, what, term, root) in found {
        ck.warning(
            span,
            format!(
                "{what} names the root cause `{root}` (“{term}”), and trainees read it before they diagnose"
            ),
            "set the scene (who, when, what people notice) and leave the cause for the team to find",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_skip_stop_words_and_plurals() {
        let p = pairs("The database primary is degraded: new connections are refused.");
        assert!(p.contains(&("primary".into(), "degraded".into())));
        assert!(p.contains(&("connection".into(), "refused".into())));
        // Punctuation ends a phrase.
        assert!(!p.contains(&("degraded".into(), "new".into())));
    }
}

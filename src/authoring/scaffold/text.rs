//! Text for the scaffold: ids made from names and sentences, RON string literals, and the small
//! word tests that decide a commander, a channel or a decision's deed.

use std::collections::BTreeSet;

const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "on", "in", "for", "and", "is", "are", "was", "were", "at",
    "that", "with", "from", "by", "it", "its", "be", "as", "we", "our", "has", "have", "had",
    "this",
];

/// Whether `text` holds any of the phrases as whole words.
pub(super) fn names_any(text: &str, phrases: &[&str]) -> bool {
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    phrases.iter().any(|p| {
        let p: Vec<&str> = p.split(' ').collect();
        words
            .windows(p.len())
            .any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
    })
}

/// What a decision decided, as an action's title: "Decided to restore from backup" → "Restore
/// from backup".
pub(super) fn deed(decision: &str) -> String {
    const DECIDED: &[&str] = &[
        "decided", "decides", "decide", "agreed", "agrees", "agree", "chose", "chooses", "choose",
        "opted",
    ];
    let mut words = decision.split_whitespace();
    let (Some(verb), Some("to"), rest) = (
        words.next(),
        words.next(),
        words.collect::<Vec<_>>().join(" "),
    ) else {
        return decision.to_string();
    };
    if !DECIDED.contains(&verb.to_lowercase().as_str()) || rest.is_empty() {
        return decision.to_string();
    }
    let mut chars = rest.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The channel an outside message most likely came by.
pub(super) fn channel(who: &str) -> &'static str {
    let lower = who.to_lowercase();
    if names_any(&lower, &["status page", "statuspage"]) {
        "StatusPage"
    } else if names_any(&lower, &["twitter", "social", "public", "media"]) {
        "Social"
    } else if names_any(
        &lower,
        &[
            "customer",
            "customers",
            "client",
            "clients",
            "user",
            "users",
            "press",
            "journalist",
            "reporter",
            "vendor",
            "supplier",
            "provider",
            "partner",
            "regulator",
        ],
    ) {
        "Email"
    } else {
        "Chat"
    }
}

/// An id from a sentence: its first significant words, lowercase, joined by `_`.
pub(super) fn slug(text: &str, max_words: usize) -> String {
    let words = ascii_words(text);
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !STOP_WORDS.contains(w))
        .collect();
    if kept.is_empty() {
        join(words.iter().map(String::as_str), max_words)
    } else {
        join(kept.into_iter(), max_words)
    }
}

/// An id from a name, every word kept: "Database on-call" → `database_on_call`.
pub(super) fn name_id(name: &str) -> String {
    join(ascii_words(name).iter().map(String::as_str), 4)
}

fn ascii_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// At most `max` words joined by `_`, and at most 40 characters.
fn join<'a>(words: impl Iterator<Item = &'a str>, max: usize) -> String {
    let mut out = String::new();
    for w in words.take(max) {
        if !out.is_empty() && out.len() + 1 + w.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(w);
    }
    out.truncate(40);
    out
}

/// `base`, or `fallback` when it is empty (or would read as a placeholder), made unique among `used` with `_2`, `_3`…
pub(super) fn unique(base: &str, fallback: &str, used: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() || base.starts_with("todo") {
        fallback
    } else {
        base
    };
    let mut id = base.to_string();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// A RON string literal.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Bob decided to fail over" from who and the decision's text (without its full stop).
pub(super) fn decided(who: &str, what: &str) -> String {
    let what = what.trim().trim_end_matches(['.', '!']);
    let done = deed(what);
    if done == what {
        format!("{who} decided: {what}")
    } else {
        let mut chars = done.chars();
        let lower: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        format!("{who} decided to {lower}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::COMMANDER;
    use super::*;

    #[test]
    fn ids_are_safe_and_unique() {
        assert_eq!(slug("API error rate at 30%!", 5), "api_error_rate_30");
        assert_eq!(slug("Database on-call", 4), "database_call");
        assert_eq!(name_id("Database on-call"), "database_on_call");
        assert_eq!(name_id("Bob (DBA)"), "bob_dba");
        assert_eq!(slug("—", 4), "");
        let mut used = BTreeSet::new();
        assert_eq!(unique("db", "fact", &mut used), "db");
        assert_eq!(unique("db", "fact", &mut used), "db_2");
        assert_eq!(unique("", "fact", &mut used), "fact");
        assert_eq!(unique("todo_list", "fact", &mut used), "fact_2");
        assert_eq!(quote("say \"hi\" \\o/"), r#""say \"hi\" \\o/""#);
        assert_eq!(
            deed("Decided to restore from backup"),
            "Restore from backup"
        );
        assert_eq!(deed("We decided to wait"), "We decided to wait");
        assert_eq!(
            decided("Bob", "Decided to fail over."),
            "Bob decided to fail over"
        );
        assert_eq!(
            decided("Bob", "Failover approved"),
            "Bob decided: Failover approved"
        );
    }

    #[test]
    fn commanders_and_channels() {
        assert!(names_any("Incident Commander (Alice)", COMMANDER));
        assert!(names_any("IC", COMMANDER));
        assert!(!names_any("Icarus", COMMANDER));
        assert_eq!(channel("Customer (via Twitter)"), "Social");
        assert_eq!(channel("Acme vendor support"), "Email");
        assert_eq!(channel("VP Engineering"), "Chat");
    }
}

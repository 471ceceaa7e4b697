//! What a timeline row is: something a person saw, said or did, a message from outside the team,
//! or a decision. Written in a `kind` column, or guessed from the row:
//!
//! 1. A row whose `who` names someone outside the team (customers, support, the press, a vendor,
//!    executives: see [`OUTSIDE`]) is `outside`.
//! 2. Otherwise the first telling word of `what` decides (see [`WORDS`]): "decided to roll back"
//!    is a decision, "rolled back" is did, "asked the DBA" is said, "noticed errors" is saw. A
//!    text that starts with a quotation mark is said.
//! 3. A row with no telling word is `saw`.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Saw,
    Said,
    Did,
    Outside,
    Decision,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Saw,
        Kind::Said,
        Kind::Did,
        Kind::Outside,
        Kind::Decision,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Saw => "saw",
            Kind::Said => "said",
            Kind::Did => "did",
            Kind::Outside => "outside",
            Kind::Decision => "decision",
        }
    }

    /// A `kind` cell, case-insensitively.
    pub fn parse(text: &str) -> Option<Kind> {
        let t = text.trim().to_lowercase();
        Kind::ALL.into_iter().find(|k| k.name() == t)
    }
}

/// Words in a row's `who` that put it outside the responding team.
pub const OUTSIDE: &[&str] = &[
    "customer",
    "customers",
    "client",
    "clients",
    "user",
    "users",
    "support",
    "helpdesk",
    "help desk",
    "press",
    "journalist",
    "reporter",
    "media",
    "vendor",
    "supplier",
    "provider",
    "partner",
    "third party",
    "third-party",
    "twitter",
    "social media",
    "public",
    "regulator",
    "executive",
    "exec",
    "ceo",
    "cto",
    "cio",
    "vp",
    "vice president",
    "leadership",
    "stakeholder",
    "stakeholders",
    "sales",
];

/// The telling words of each kind, matched as whole words in `what`.
pub const WORDS: &[(Kind, &[&str])] = &[
    (
        Kind::Decision,
        &[
            "decided", "decide", "decides", "decision", "agreed", "agree", "agrees", "chose",
            "choose", "chooses", "opted", "approved", "approves", "go/no-go",
        ],
    ),
    (
        Kind::Did,
        &[
            "restarted",
            "restart",
            "started",
            "began",
            "wiped",
            "deleted",
            "raised",
            "lowered",
            "restarts",
            "rebooted",
            "rolled back",
            "roll back",
            "rolls back",
            "rollback",
            "reverted",
            "revert",
            "deployed",
            "redeployed",
            "deploys",
            "failed over",
            "fail over",
            "fails over",
            "failover",
            "scaled",
            "scale up",
            "scale out",
            "disabled",
            "enabled",
            "ran",
            "applied",
            "blocked",
            "drained",
            "flushed",
            "killed",
            "stopped",
            "removed",
            "added",
            "throttled",
            "rate-limited",
            "mitigated",
            "fixed",
            "patched",
            "purged",
            "paused",
            "resumed",
            "switched",
            "migrated",
            "turned off",
            "turned on",
            "shut down",
            "shed",
            "promoted",
            "isolated",
            "replaced",
            "rotated",
            "renewed",
        ],
    ),
    (
        Kind::Said,
        &[
            "said",
            "says",
            "asked",
            "asks",
            "told",
            "tells",
            "posted",
            "posts",
            "announced",
            "announces",
            "paged",
            "pages",
            "escalated",
            "escalates",
            "replied",
            "messaged",
            "called",
            "notified",
            "informed",
            "shared",
            "wrote",
            "emailed",
            "tweeted",
            "declared",
            "declares",
            "suggested",
            "proposed",
            "requested",
        ],
    ),
    (
        Kind::Saw,
        &[
            "saw",
            "sees",
            "noticed",
            "notices",
            "observed",
            "observes",
            "detected",
            "spotted",
            "found",
            "discovered",
            "identified",
            "alert",
            "alerts",
            "alerted",
            "alarm",
            "fired",
            "graph",
            "graphs",
            "dashboard",
            "dashboards",
            "logs",
            "errors",
            "latency",
            "spike",
            "spiked",
            "spiking",
            "elevated",
            "increase",
            "increased",
            "dropped",
            "looked",
            "investigated",
            "investigating",
            "checked",
            "timeouts",
            "timing out",
        ],
    ),
];

/// Whole words, lowercased: letters, digits and `-` `/` `'` inside words.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '/' | '\'')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where in `words` the phrase first appears, if it does.
fn find(words: &[String], phrase: &str) -> Option<usize> {
    let p: Vec<&str> = phrase.split(' ').collect();
    (0..words.len()).find(|&i| {
        i + p.len() <= words.len() && p.iter().enumerate().all(|(k, w)| words[i + k] == *w)
    })
}

/// Whether `who` names someone outside the team.
pub fn is_outside(who: &str) -> bool {
    let w = words(who);
    OUTSIDE.iter().any(|p| find(&w, p).is_some())
}

/// The kind of a row whose `kind` cell is empty.
pub fn guess(who: &str, what: &str) -> Kind {
    if is_outside(who) {
        return Kind::Outside;
    }
    if what.trim_start().starts_with(['"', '“', '\'']) {
        return Kind::Said;
    }
    let w = words(what);
    // The earliest telling word; at one place, the longer phrase, then the table's order.
    let mut best: Option<(usize, std::cmp::Reverse<usize>, Kind)> = None;
    for (kind, phrases) in WORDS {
        for p in phrases.iter() {
            if let Some(at) = find(&w, p) {
                let key = (at, std::cmp::Reverse(p.len()), *kind);
                if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                    best = Some(key);
                }
            }
        }
    }
    best.map_or(Kind::Saw, |b| b.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess("Customer", "checkout is failing"), Kind::Outside);
        assert_eq!(guess("VP Engineering", "what is the ETA?"), Kind::Outside);
        assert_eq!(
            guess("Alice", "Decided to roll back the release"),
            Kind::Decision
        );
        assert_eq!(guess("Alice", "Rolled back the release"), Kind::Did);
        assert_eq!(guess("Alice", "Asked the DBA to fail over"), Kind::Said);
        assert_eq!(guess("Bob", "Noticed elevated 5xx on the API"), Kind::Saw);
        assert_eq!(guess("Bob", "\"Is anyone looking at this?\""), Kind::Said);
        assert_eq!(guess("Bob", "Replica lag at 40 minutes"), Kind::Saw);
        assert_eq!(
            guess("SRE team", "Failover to the standby complete"),
            Kind::Did
        );
        assert!(!is_outside("Superuser admin"));
    }

    #[test]
    fn kinds_parse_case_insensitively() {
        assert_eq!(Kind::parse(" Decision "), Some(Kind::Decision));
        assert_eq!(Kind::parse("OUTSIDE"), Some(Kind::Outside));
        assert_eq!(Kind::parse("heard"), None);
    }
}

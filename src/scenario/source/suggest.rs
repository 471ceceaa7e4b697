//! "Did you mean ...?" suggestions and small helpers that turn Rust names into plain words.

/// Returns the candidate that `word` was most likely meant to be, if any is close enough.
///
/// Names that differ only in case, underscores or dashes (`load_balancer`, `LoadBalancer`,
/// `loadbalancer`) always match. Otherwise the Damerau-Levenshtein distance must be small
/// relative to the length of the words, so short words only match near-exact typos; a prefix of
/// four or more letters also matches. Ties go to the higher Jaro-Winkler similarity.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let key = normalize(word);
    let mut best: Option<(usize, f64, &str)> = None;
    for candidate in candidates {
        let other = normalize(candidate);
        if other == key {
            return Some(candidate.to_string());
        }
        let Some(distance) = closeness(&key, &other) else {
            continue;
        };
        let similarity = strsim::jaro_winkler(&key, &other);
        let better = match best {
            None => true,
            Some((d, s, _)) => distance < d || (distance == d && similarity > s),
        };
        if better {
            best = Some((distance, similarity, candidate));
        }
    }
    best.map(|(_, _, candidate)| candidate.to_string())
}

/// The edit distance between two normalized names when they are close enough to suggest.
fn closeness(a: &str, b: &str) -> Option<usize> {
    let (len_a, len_b) = (a.chars().count(), b.chars().count());
    let shorter = len_a.min(len_b);
    let distance = strsim::damerau_levenshtein(a, b);
    let limit = match len_a.max(len_b) {
        0..=2 => 0,
        3..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    if distance <= limit && distance < shorter {
        return Some(distance);
    }
    // Long names shortened to a recognisable prefix ("desc" for "description").
    let prefix = shorter >= 4 && (a.starts_with(b) || b.starts_with(a));
    prefix.then_some(distance)
}

/// Lowercase and drop separators so naming-convention variants compare equal.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `FaultKind` → `fault kind`, `load_balancer` → `load balancer`, `HTTPServer` → `http server`.
/// Short names used in the code are spelt out (`Cond` → `condition`): the reader is no programmer.
pub(super) fn words(name: &str) -> String {
    if name == "Cond" {
        return "condition".into();
    }
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            continue;
        }
        if c.is_uppercase() && i > 0 && !out.ends_with(' ') {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_is_lower)
            {
                out.push(' ');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// "`a`, `b` or `c`" (with `conjunction` "or"), shortened with "and N more" only when too long
/// to read: a facilitator choosing among the options needs to see them all.
pub(super) fn list_names(names: &[&str], conjunction: &str) -> String {
    const SHOWN: usize = 20;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    if names.len() > SHOWN {
        return format!("{} and {} more", quoted.join(", "), names.len() - SHOWN);
    }
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// "a fault" / "an incident": an article for a phrase built with [`words`].
pub(super) fn with_article(phrase: &str) -> String {
    let vowel = phrase.chars().next().is_some_and(|c| "aeiou".contains(c));
    format!("{} {phrase}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos() {
        let fields = ["severity", "target", "description"];
        assert_eq!(did_you_mean("sevrity", fields).as_deref(), Some("severity"));
        assert_eq!(did_you_mean("targt", fields).as_deref(), Some("target"));
        assert_eq!(did_you_mean("desc", fields).as_deref(), Some("description"));
        assert_eq!(did_you_mean("colour", fields), None);
    }

    #[test]
    fn matches_case_and_naming_conventions() {
        let variants = ["LoadBalancer", "Database", "Crash"];
        assert_eq!(
            did_you_mean("load_balancer", variants).as_deref(),
            Some("LoadBalancer")
        );
        assert_eq!(did_you_mean("crash", variants).as_deref(), Some("Crash"));
        assert_eq!(
            did_you_mean("DATABASE", variants).as_deref(),
            Some("Database")
        );
        assert_eq!(did_you_mean("Crsh", variants).as_deref(), Some("Crash"));
    }

    #[test]
    fn short_words_need_near_exact_matches() {
        assert_eq!(did_you_mean("x", ["y", "id"]), None);
        assert_eq!(did_you_mean("ab", ["cd"]), None);
        assert_eq!(did_you_mean("bd", ["db", "zz"]), None);
        assert_eq!(did_you_mean("dbs", ["db", "zz"]).as_deref(), Some("db"));
    }

    #[test]
    fn prefers_the_closest_candidate() {
        assert_eq!(
            did_you_mean("stat", ["start", "stat_", "state"]).as_deref(),
            Some("stat_")
        );
        assert_eq!(
            did_you_mean("Strat", ["Start", "Stop"]).as_deref(),
            Some("Start")
        );
    }

    #[test]
    fn turns_names_into_words() {
        assert_eq!(words("FaultKind"), "fault kind");
        assert_eq!(words("Scenario"), "scenario");
        assert_eq!(words("load_balancer"), "load balancer");
        assert_eq!(words("HTTPServer"), "http server");
        assert_eq!(words("Cond"), "condition");
        assert_eq!(with_article("incident"), "an incident");
        assert_eq!(with_article("fault"), "a fault");
    }

    #[test]
    fn lists_names() {
        assert_eq!(list_names(&[], "or"), "");
        assert_eq!(list_names(&["a"], "or"), "`a`");
        assert_eq!(list_names(&["a", "b", "c"], "or"), "`a`, `b` or `c`");
        assert_eq!(list_names(&["a", "b"], "and"), "`a` and `b`");
        let some: Vec<String> = (0..20).map(|i| format!("n{i}")).collect();
        let refs: Vec<&str> = some.iter().map(String::as_str).collect();
        assert!(list_names(&refs, "or").ends_with("`n18` or `n19`"));
        let many: Vec<String> = (0..23).map(|i| format!("n{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(list_names(&refs, "or").ends_with("and 3 more"));
    }
}

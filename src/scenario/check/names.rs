//! Name tables: what each section defines, so references can be resolved with did-you-mean help.

use std::collections::{BTreeMap, BTreeSet};

use crate::scenario::model::Id;
use crate::scenario::source::{Diagnostic, Span, did_you_mean};

/// The names one section defines, in file order.
pub struct Names {
    /// "service", "role", …: how an error names the kind of thing.
    pub kind: &'static str,
    /// The top-level field that defines them, for the help text.
    pub section: &'static str,
    map: BTreeMap<String, (usize, Span)>,
    order: Vec<String>,
    /// Ids written in the file whose definitions failed to parse (already reported): references
    /// to them are not reported again.
    broken: BTreeSet<String>,
    /// Where a reference to a broken id was let pass: the item holding it is incomplete, so the
    /// whole-scenario checks skip it (see `taint.rs`).
    pub silenced: std::cell::RefCell<Vec<Span>>,
}

impl Names {
    /// Builds the table, reporting duplicates and names that cannot be used as references.
    pub fn build<'a>(
        kind: &'static str,
        section: &'static str,
        ids: impl IntoIterator<Item = &'a Id>,
        broken: &BTreeSet<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut names = Names {
            kind,
            section,
            map: BTreeMap::new(),
            order: Vec::new(),
            broken: broken.clone(),
            silenced: Default::default(),
        };
        for (ix, id) in ids.into_iter().enumerate() {
            if let Some(problem) = invalid_id(&id.value) {
                diags.push(
                    Diagnostic::error(id.span, format!("the {kind} id `{}` {problem}", id.value))
                        .with_help("use letters, digits, `_` and `-` only, e.g. `checkout_api`"),
                );
            }
            if let Some(&(_, first)) = names.map.get(&id.value) {
                diags.push(
                    Diagnostic::error(
                        id.span,
                        format!("the {kind} `{}` is defined twice", id.value),
                    )
                    .with_label(first, "first defined here")
                    .with_help(format!("give each {kind} its own id")),
                );
                continue;
            }
            names.map.insert(id.value.clone(), (ix, id.span));
            names.order.push(id.value.clone());
        }
        names
    }

    pub fn get(&self, name: &str) -> Option<usize> {
        self.map.get(name).map(|&(ix, _)| ix)
    }

    /// Resolves a reference, or reports it with a suggestion and the names that exist.
    pub fn resolve(&self, id: &Id, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        if let Some(ix) = self.get(&id.value) {
            return Some(ix);
        }
        self.report_unknown(id.span, &id.value, diags);
        None
    }

    /// Whether the name was written as an id whose item failed to parse.
    pub fn is_broken(&self, name: &str) -> bool {
        self.broken.contains(name)
    }

    /// The ids defined here, in file order.
    pub fn ids(&self) -> &[String] {
        &self.order
    }

    /// Reports a name that is not defined (unless its definition failed to parse).
    pub fn report_unknown(&self, span: Span, name: &str, diags: &mut Vec<Diagnostic>) {
        if !self.broken.contains(name) {
            diags.push(self.unknown(span, name));
        } else {
            self.silenced.borrow_mut().push(span);
        }
    }

    fn unknown(&self, span: Span, name: &str) -> Diagnostic {
        let kind = self.kind;
        let message = format!("there is no {kind} `{name}`");
        let broken_match = || did_you_mean(name, self.broken.iter().map(String::as_str));
        let help = match did_you_mean(name, self.order.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None if let Some(best) = broken_match() => {
                format!("did you mean `{best}`? (its definition has errors, reported above)")
            }
            None if self.order.is_empty() => {
                format!("no {kind} is defined yet: add one under `{}`", self.section)
            }
            None => format!(
                "write one of the {kind} ids defined under `{}`: {}",
                self.section,
                list_names(&self.order)
            ),
        };
        Diagnostic::error(span, message).with_help(help)
    }
}

/// `a`, `b`, `c` and 4 more.
pub fn list_names(names: &[String]) -> String {
    // All of them when few enough to read: the reader picks one.
    const SHOWN: usize = 20;
    let mut out: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    if names.len() > SHOWN {
        out.push(format!("and {} more", names.len() - SHOWN));
    }
    out.join(", ")
}

fn invalid_id(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("is empty");
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Some("contains characters other than letters, digits, `_` and `-`");
    }
    None
}

/// Every `id: "…"` written in the text, whether or not its item parsed.
pub fn ids_in_text(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(pos) = rest.find("id:") {
        let before = rest[..pos].chars().next_back();
        rest = &rest[pos + 3..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let value = rest.trim_start();
        if let Some(quoted) = value.strip_prefix('"')
            && let Some(end) = quoted.find('"')
        {
            out.insert(quoted[..end].to_string());
        }
    }
    out
}

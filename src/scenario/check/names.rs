//! Name tables: what each section defines, so references can be resolved with did-you-mean help.

use std::collections::BTreeMap;

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
}

impl Names {
    /// Builds the table, reporting duplicates and names that cannot be used as references.
    pub fn build<'a>(
        kind: &'static str,
        section: &'static str,
        ids: impl IntoIterator<Item = &'a Id>,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut names = Names {
            kind,
            section,
            map: BTreeMap::new(),
            order: Vec::new(),
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
        diags.push(self.unknown(id.span, &id.value));
        None
    }

    pub fn unknown(&self, span: Span, name: &str) -> Diagnostic {
        let kind = self.kind;
        let message = format!("there is no {kind} `{name}`");
        let help = match did_you_mean(name, self.order.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
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
    const SHOWN: usize = 8;
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

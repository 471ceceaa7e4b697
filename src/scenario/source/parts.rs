//! Parts: a scenario may pull sections from other files, so a family of drills shares one service
//! graph and one cast of roles instead of copies.
//!
//! ```text
//! Scenario(
//!     parts: ["shop/graph.ron", "shop/roles.ron"],   // each file holds Part( services: [...], ... )
//!     meta: ( ... ), faults: [ ... ],
//! )
//! ```
//!
//! The merge is on the syntax tree, before anything is deserialized, so the scenario checks as if
//! it were written in one file, and every position still names the file and line it came from.
//! The parts' sections come first, in the order listed, then the scenario's own; where both hold a
//! list, the items are joined, and an item of the scenario with the same `id` as a part's item
//! replaces it in place (a variant changes one service without copying the graph). In a `( … )`
//! section such as `meta`, the scenario's fields win and the part fills in the rest.

use super::syntax::{self, Body, Compound, Field, Node, NodeKind};
use super::{Diagnostic, SourceFile, Span};

/// The field naming a scenario's parts.
pub const FIELD: &str = "parts";
/// The top-level name a part file's value carries.
pub const PART: &str = "Part";

/// Reads a part's text given its name as written; the error is said to the author as is.
pub type ReadPart<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// Takes the `parts` field out of `root` and merges each named part into it, appending the
/// parts' texts to `source` so their spans stay meaningful. Returns the parts read (name as
/// written, text) and the problems found; a part that cannot be read or parsed is reported and
/// left out.
pub(super) fn merge(
    source: &mut SourceFile,
    root: &mut Node,
    read: &mut ReadPart,
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut read_parts = Vec::new();
    let Some(field) = take_field(root, FIELD) else {
        return (read_parts, diags);
    };
    let names = match names(&field.value) {
        Ok(names) => names,
        Err(span) => {
            diags.push(
                Diagnostic::error(span, "`parts` is a list of file names").with_help(
                    "write for example `parts: [\"shop/graph.ron\"]`, paths relative to this file",
                ),
            );
            return (read_parts, diags);
        }
    };
    let mut base: Option<Node> = None;
    for (name, span) in names {
        if read_parts.iter().any(|(n, _)| *n == name) {
            diags.push(
                Diagnostic::warning(span, format!("the part `{name}` is listed twice"))
                    .with_help("list each part once"),
            );
            continue;
        }
        let text = match read(&name) {
            Ok(text) => text,
            Err(e) => {
                diags.push(
                    Diagnostic::error(span, format!("cannot read the part `{name}`: {e}"))
                        .with_help(
                            "a part's path is relative to the folder of the scenario that names it",
                        ),
                );
                continue;
            }
        };
        let start = source.push_segment(name.clone(), &text);
        read_parts.push((name.clone(), text));
        let (part, mut found) = syntax::parse_document(&source.text[start..]);
        for d in &mut found {
            shift_diag(d, start);
        }
        diags.extend(found);
        let Some(mut part) = part else { continue };
        shift(&mut part, start);
        match &mut part.kind {
            NodeKind::Compound(Compound {
                name: n,
                body: Body::Fields(fields),
                ..
            }) if n.as_ref().is_none_or(|n| n.text == PART) => {
                if let Some(i) = fields.iter().position(|f| f.name.text == FIELD) {
                    diags.push(
                        Diagnostic::error(
                            fields[i].name.span,
                            "a part cannot name parts of its own",
                        )
                        .with_help("list every part in the scenario's `parts`"),
                    );
                    fields.remove(i);
                }
            }
            _ => {
                diags.push(
                    Diagnostic::error(head(&part), format!("`{name}` is not a part"))
                        .with_help("a part file holds `Part( … )` with scenario sections in it, e.g. `Part(services: [ … ])`"),
                );
                continue;
            }
        }
        base = Some(match base {
            None => part,
            Some(mut acc) => {
                join(&mut acc, part);
                acc
            }
        });
    }
    if let Some(base) = base {
        *root = overlay(base, root.clone());
    }
    (read_parts, diags)
}

/// Whether the file at `path` is a part (its value is `Part( … )`), not a scenario: folders of
/// scenarios may hold the parts their scenarios share.
pub fn is_part_file(path: &std::path::Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        super::top_level_shape(&text) == Some(super::TopLevel::Compound(Some(PART.into())))
    })
}

/// The syntax errors of a part read on its own (its sections are checked with each scenario
/// that names it, since a part alone need not be a whole scenario).
pub fn syntax_errors(text: &str) -> Vec<Diagnostic> {
    syntax::parse_document(text).1
}

/// The parts a scenario text names, read without checking anything else.
pub fn listed(text: &str) -> Vec<String> {
    let (root, _) = syntax::parse_document(text);
    let Some(mut root) = root else {
        return Vec::new();
    };
    take_field(&mut root, FIELD)
        .and_then(|f| names(&f.value).ok())
        .map(|n| n.into_iter().map(|(name, _)| name).collect())
        .unwrap_or_default()
}

/// The part names in a `parts` list, or the span of what is not a name.
fn names(value: &Node) -> Result<Vec<(String, Span)>, Span> {
    let NodeKind::List(items) = &value.kind else {
        return Err(value.span);
    };
    items
        .iter()
        .map(|item| match &item.kind {
            NodeKind::Str(s) => Ok((s.clone(), item.span)),
            _ => Err(item.span),
        })
        .collect()
}

fn take_field(root: &mut Node, name: &str) -> Option<Field> {
    let NodeKind::Compound(Compound {
        body: Body::Fields(fields),
        ..
    }) = &mut root.kind
    else {
        return None;
    };
    let i = fields.iter().position(|f| f.name.text == name)?;
    Some(fields.remove(i))
}

fn head(node: &Node) -> Span {
    match &node.kind {
        NodeKind::Compound(c) => c.head,
        _ => node.span,
    }
}

/// Two parts together: lists joined, sections merged, the first part's value kept otherwise.
/// Two parts giving the same item keep both, so `check` reports the duplicate in both places.
fn join(acc: &mut Node, more: Node) {
    match (&mut acc.kind, more.kind) {
        (NodeKind::List(a), NodeKind::List(b)) => a.extend(b),
        (NodeKind::Compound(a), NodeKind::Compound(b)) => {
            if let (Body::Fields(a), Body::Fields(b)) = (&mut a.body, b.body) {
                for f in b {
                    match a.iter_mut().find(|g| g.name.text == f.name.text) {
                        Some(g) => join(&mut g.value, f.value),
                        None => a.push(f),
                    }
                }
            }
        }
        _ => {}
    }
}

/// The scenario's own `top` over what its parts give (`base`): lists joined with same-`id` items
/// replaced in place, sections merged field by field, the scenario's value winning otherwise.
/// The result keeps the scenario's top-level name and head, so problems with the whole point there.
fn overlay(base: Node, top: Node) -> Node {
    match (base.kind, top.kind) {
        (NodeKind::List(mut items), NodeKind::List(own)) => {
            for item in own {
                let slot =
                    id_of(&item).and_then(|id| items.iter().position(|b| id_of(b) == Some(id)));
                match slot {
                    Some(i) => items[i] = item,
                    None => items.push(item),
                }
            }
            Node {
                span: top.span,
                kind: NodeKind::List(items),
            }
        }
        (
            NodeKind::Compound(Compound {
                body: Body::Fields(fields),
                ..
            }),
            NodeKind::Compound(Compound {
                name,
                head,
                body: Body::Fields(own),
            }),
        ) => {
            let mut merged: Vec<Field> = Vec::with_capacity(fields.len() + own.len());
            let mut own: Vec<Option<Field>> = own.into_iter().map(Some).collect();
            for f in fields {
                let mine = own
                    .iter_mut()
                    .find(|o| o.as_ref().is_some_and(|o| o.name.text == f.name.text))
                    .and_then(Option::take);
                merged.push(match mine {
                    Some(m) => Field {
                        name: m.name,
                        value: overlay(f.value, m.value),
                    },
                    None => f,
                });
            }
            merged.extend(own.into_iter().flatten());
            Node {
                span: top.span,
                kind: NodeKind::Compound(Compound {
                    name,
                    head,
                    body: Body::Fields(merged),
                }),
            }
        }
        (_, kind) => Node {
            span: top.span,
            kind,
        },
    }
}

/// The `id: "…"` of a list item written as `( id: "…", … )`.
fn id_of(node: &Node) -> Option<&str> {
    let NodeKind::Compound(Compound {
        body: Body::Fields(fields),
        ..
    }) = &node.kind
    else {
        return None;
    };
    fields
        .iter()
        .find(|f| f.name.text == "id")
        .and_then(|f| match &f.value.kind {
            NodeKind::Str(s) => Some(s.as_str()),
            _ => None,
        })
}

fn shift_span(span: &mut Span, by: usize) {
    span.start += by;
    span.end += by;
}

fn shift_diag(d: &mut Diagnostic, by: usize) {
    if let Some(s) = &mut d.span {
        shift_span(s, by);
    }
    for l in &mut d.labels {
        shift_span(&mut l.span, by);
    }
}

/// Moves a tree parsed from a part's text to where that text sits in the whole source.
fn shift(node: &mut Node, by: usize) {
    shift_span(&mut node.span, by);
    match &mut node.kind {
        NodeKind::List(items) => items.iter_mut().for_each(|n| shift(n, by)),
        NodeKind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, by);
            shift(v, by);
        }),
        NodeKind::Compound(c) => {
            shift_span(&mut c.head, by);
            if let Some(n) = &mut c.name {
                shift_span(&mut n.span, by);
            }
            match &mut c.body {
                Body::Tuple(items) => items.iter_mut().for_each(|n| shift(n, by)),
                Body::Fields(fields) => fields.iter_mut().for_each(|f| {
                    shift_span(&mut f.name.span, by);
                    shift(&mut f.value, by);
                }),
            }
        }
        _ => {}
    }
}

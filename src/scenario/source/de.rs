//! A serde `Deserializer` over the parsed tree that reports problems with positions and in
//! plain words, and keeps going where it safely can.
//!
//! Fatal errors travel back out through serde as [`Error`]; each picks up the span of the
//! innermost node it passes through. Non-fatal problems (unknown or repeated fields, a wrong
//! struct name, a dropped [`List`](super::List) item) are recorded in a thread-local session
//! opened by [`deserialize_document`], since serde gives no other channel out of generic
//! `Deserialize` impls. Sessions form a stack, so nested parses on one thread stay separate.
//!
//! A serde-derived struct stops at its first bad field, which would hide every problem in the
//! fields after it (for a scenario: one typo in the header would hide all its lists). So the
//! document is read in passes: a field value whose error was reported is left out of the next
//! pass, letting its struct read the remaining fields. The "missing field" error that leaving
//! it out causes is a consequence, never reported. Passes stop when nothing new fails.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, Expected, IntoDeserializer, MapAccess,
    SeqAccess, Unexpected, VariantAccess, Visitor,
};

use super::Span;
use super::diagnostic::{Diagnostic, Label, Severity};
use super::spanned::{END_KEY, ITEM_NAME, SPANNED_NAME, START_KEY, VALUE_KEY};
use super::suggest::{did_you_mean, list_names, with_article, words};
use super::syntax::{Body, Compound, Field, Node, NodeKind};

type Result<T> = std::result::Result<T, Error>;

// ---------------------------------------------------------------------------------------------
// Session: where non-fatal problems go

#[derive(Default)]
struct Session {
    /// Non-fatal problems recorded in this pass.
    diagnostics: Vec<Diagnostic>,
    /// Field values that failed in an earlier pass, left out from now on.
    broken: HashSet<Span>,
    /// Where this pass's reported errors started (see `Error::origin`).
    confirmed: Vec<Span>,
    /// Span of the last node read through `deserialize_any`: the best position available to a
    /// `Spanned` read back from serde's buffered content (untagged enums, flatten).
    last_any: Span,
    /// Missing fields, by the span of their record, given a stand-in from the next pass on so
    /// that every missing field is found, not only the first (see `hole.rs`).
    holes: HashSet<(Span, &'static str)>,
    /// Missing fields found in this pass.
    new_holes: Vec<(Span, &'static str)>,
}

thread_local! {
    static SESSIONS: RefCell<Vec<Session>> = const { RefCell::new(Vec::new()) };
}

/// Opens a session; closing happens on drop so a panicking `Deserialize` impl cannot leave a
/// stale session behind for the next parse on this thread.
struct SessionGuard;

impl SessionGuard {
    fn open() -> Self {
        SESSIONS.with_borrow_mut(|s| s.push(Session::default()));
        SessionGuard
    }

    /// Ends a pass: returns what it recorded, and whether it found new broken field values
    /// (then another pass can read past them).
    fn end_pass(&self) -> (Vec<Diagnostic>, bool) {
        SESSIONS.with_borrow_mut(|s| {
            let Some(top) = s.last_mut() else {
                return (Vec::new(), false);
            };
            let mut progress = false;
            for origin in std::mem::take(&mut top.confirmed) {
                progress |= top.broken.insert(origin);
            }
            for hole in std::mem::take(&mut top.new_holes) {
                progress |= top.holes.insert(hole);
            }
            (std::mem::take(&mut top.diagnostics), progress)
        })
    }
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        let _ = SESSIONS.try_with(|s| s.borrow_mut().pop());
    }
}

fn record(diagnostic: Diagnostic) {
    SESSIONS.with_borrow_mut(|s| {
        if let Some(top) = s.last_mut() {
            top.diagnostics.push(diagnostic);
        }
    });
}

/// An error was reported (or caused its list item to be dropped): remember where it started.
fn confirm(origin: Option<Span>) {
    let Some(origin) = origin else { return };
    SESSIONS.with_borrow_mut(|s| {
        if let Some(top) = s.last_mut() {
            top.confirmed.push(origin);
        }
    });
}

fn is_broken(span: Span) -> bool {
    SESSIONS.with_borrow(|s| s.last().is_some_and(|top| top.broken.contains(&span)))
}

/// A field found missing from the record at `record`.
fn missing(record: Span, field: &'static str) {
    SESSIONS.with_borrow_mut(|s| {
        if let Some(top) = s.last_mut() {
            top.new_holes.push((record, field));
        }
    });
}

/// Fields of the record at `record` to give a stand-in, except those written.
fn holes_in(record: Span, written: &HashMap<&str, Span>) -> Vec<&'static str> {
    SESSIONS.with_borrow(|s| {
        s.last().map_or_else(Vec::new, |top| {
            let mut holes: Vec<&'static str> = top
                .holes
                .iter()
                .filter(|(at, name)| *at == record && !written.contains_key(name))
                .map(|(_, name)| *name)
                .collect();
            holes.sort_unstable();
            holes
        })
    })
}

fn note_any(span: Span) {
    SESSIONS.with_borrow_mut(|s| {
        if let Some(top) = s.last_mut() {
            top.last_any = span;
        }
    });
}

/// The span given to a `Spanned` that was not read directly by our deserializer.
pub(super) fn fallback_span() -> Span {
    SESSIONS
        .try_with(|s| s.borrow().last().map(|top| top.last_any))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Each pass finds at least one new broken field value, so this only bounds pathological
/// documents (many bad fields in one struct); what was found by then is still reported.
const MAX_PASSES: usize = 32;

/// Deserializes the whole document, in passes (see the module docs). Returns the value from
/// the last pass and every problem found in any pass.
pub(super) fn deserialize_document<T: DeserializeOwned>(
    root: &Node,
    src: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let session = SessionGuard::open();
    let mut report = Report::default();
    let mut value = None;
    for _ in 0..MAX_PASSES {
        value = match NodeDe::new(root, src).run(std::marker::PhantomData::<T>) {
            Ok(value) => Some(value),
            Err(err) => {
                confirm(err.origin);
                if !err.consequence {
                    report.add(err.into_diagnostic(root.span));
                }
                None
            }
        };
        let (recorded, progress) = session.end_pass();
        recorded.into_iter().for_each(|d| report.add(d));
        if !progress {
            break;
        }
    }
    (value, report.diagnostics)
}

/// Diagnostics from all passes; later passes find the same problems again.
#[derive(Default)]
struct Report {
    diagnostics: Vec<Diagnostic>,
    seen: HashSet<(Option<Span>, String)>,
}

impl Report {
    fn add(&mut self, diagnostic: Diagnostic) {
        if self
            .seen
            .insert((diagnostic.span, diagnostic.message.clone()))
        {
            self.diagnostics.push(diagnostic);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Error

/// Boxed: serde passes errors back through every frame, so keep the `Result`s small.
#[derive(Clone, Debug)]
pub(super) struct Error(Box<Problem>);

#[derive(Clone, Debug)]
pub(super) struct Problem {
    span: Option<Span>,
    message: String,
    help: Option<String>,
    labels: Vec<Label>,
    kind: Kind,
    /// The innermost struct field value the error came out of: left out in the next pass.
    origin: Option<Span>,
    /// Caused by leaving out a broken field: not reported again.
    consequence: bool,
}

/// Errors whose final wording depends on where they end up.
#[derive(Clone, Debug)]
enum Kind {
    Done,
    /// Reworded with a description of the offending node once it is known.
    InvalidType {
        expected: String,
    },
    /// Placed at, and worded for, the struct it is missing from.
    MissingField {
        field: &'static str,
    },
    /// Worded with the enum's name.
    UnknownVariant {
        variant: String,
    },
}

impl std::ops::Deref for Error {
    type Target = Problem;
    fn deref(&self) -> &Problem {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut Problem {
        &mut self.0
    }
}

impl Error {
    fn new(message: impl Into<String>) -> Self {
        Error(Box::new(Problem {
            span: None,
            message: message.into(),
            help: None,
            labels: Vec::new(),
            kind: Kind::Done,
            origin: None,
            consequence: false,
        }))
    }

    fn at(span: Span, message: impl Into<String>) -> Self {
        let mut error = Error::new(message);
        error.span = Some(span);
        error
    }

    fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Gives a location to an error that has none yet, the innermost node it came out of.
    /// `found` describes that node and suggests a fix for a given expectation.
    fn locate(mut self, span: Span, found: &dyn Fn(&str) -> (String, Option<String>)) -> Self {
        if self.span.is_some() {
            return self;
        }
        self.span = Some(span);
        if let Kind::InvalidType { expected } = &self.kind {
            let (description, help) = found(expected);
            self.message = format!(
                "expected {}, found {description}",
                friendly_expected(expected)
            );
            self.help = help.or(self.help.take());
            self.kind = Kind::Done;
        }
        self
    }

    fn in_struct(mut self, place: &str, head: Span) -> Self {
        if self.span.is_none() && matches!(self.kind, Kind::MissingField { .. }) {
            self.span = Some(head);
            self.message = format!("{} {place}", self.message);
            self.kind = Kind::Done;
        }
        self
    }

    /// A missing field that is already explained: left out on purpose by this pass, or
    /// misspelt (the unknown-field report says "did you mean ...?").
    fn explained_by(mut self, explained: &[String]) -> Self {
        if let Kind::MissingField { field } = self.kind {
            self.consequence |= explained.iter().any(|e| e == field);
        }
        self
    }

    fn in_enum(mut self, name: &str) -> Self {
        if let Kind::UnknownVariant { variant } = &self.kind {
            if !name.is_empty() {
                self.message = format!("unknown {} `{variant}`", words(name));
            }
            self.kind = Kind::Done;
        }
        self
    }

    fn into_diagnostic(self, fallback: Span) -> Diagnostic {
        let problem = *self.0;
        Diagnostic {
            severity: Severity::Error,
            span: Some(problem.span.unwrap_or(fallback)),
            message: problem.message,
            help: problem.help,
            labels: problem.labels,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let msg = msg.to_string();
        match msg.strip_prefix("data did not match any variant of untagged enum ") {
            Some(name) => Error::new(format!(
                "this does not match any of the forms allowed for {}",
                with_article(&words(name))
            )),
            None => Error::new(msg),
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        let expected = exp.to_string();
        let message = format!(
            "expected {}, found {}",
            friendly_expected(&expected),
            unexpected_text(&unexp)
        );
        Error::new(message).with_kind(Kind::InvalidType { expected })
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        let expected = friendly_expected(&exp.to_string());
        Error::new(format!(
            "{} is not valid here: expected {expected}",
            unexpected_text(&unexp)
        ))
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        let expected = exp.to_string();
        let wanted =
            count_in_expectation(&expected).map_or_else(|| friendly_expected(&expected), values);
        Error::new(format!(
            "not enough values: expected {wanted}, found {}",
            values(len)
        ))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let help = match did_you_mean(variant, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "there are no options to choose from here".to_string(),
            None => format!("write one of {}", list_names(expected, "or")),
        };
        let kind = Kind::UnknownVariant {
            variant: variant.to_string(),
        };
        Error::new(format!("unknown variant `{variant}`"))
            .with_help(help)
            .with_kind(kind)
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(format!("unknown field `{field}`"))
            .with_help(field_help(field, expected, "here"))
    }

    fn missing_field(field: &'static str) -> Self {
        Error::new(format!("missing field `{field}`"))
            .with_help(format!("add `{field}: ...`"))
            .with_kind(Kind::MissingField { field })
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error::new(format!("field `{field}` is written more than once"))
    }
}

fn field_help(field: &str, allowed: &[&str], place: &str) -> String {
    match did_you_mean(field, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if allowed.is_empty() => format!("no fields are allowed {place}"),
        None => format!(
            "the fields allowed {place} are {}",
            list_names(allowed, "and")
        ),
    }
}

fn values(n: usize) -> String {
    if n == 1 {
        "1 value".to_string()
    } else {
        format!("{n} values")
    }
}

/// "tuple struct Pair with 2 elements" / "a tuple of size 2" → 2.
fn count_in_expectation(expected: &str) -> Option<usize> {
    let tail = expected
        .strip_suffix(" elements")
        .or_else(|| expected.strip_suffix(" element"));
    let number = match tail {
        Some(tail) => tail.rsplit(' ').next(),
        None => expected.strip_prefix("a tuple of size "),
    };
    number.and_then(|n| n.parse().ok())
}

/// serde's names for what a visitor expects, in words a facilitator knows. Texts written for
/// custom types (e.g. `a duration such as "90s"`) are kept as they are.
fn friendly_expected(expected: &str) -> String {
    let fixed = match expected {
        "a string" | "a borrowed string" | "string" => "text in quotes",
        "a boolean" => "`true` or `false`",
        "a character" | "a char" => "a single character in single quotes, like 'x'",
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a sequence" => "a list in square brackets, like `[...]`",
        "a map" => "a map in curly braces, like `{...}`",
        "unit" => "`()`",
        "option" => "a value or `None`",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    if let Some(n) = expected.strip_prefix("a tuple of size ") {
        return format!("a group of {n} values in parentheses, like `(a, b)`");
    }
    if let Some(name) = expected
        .strip_prefix("struct ")
        .filter(|n| !n.contains(' '))
    {
        return format!(
            "{} with named fields, like `(name: value, ...)`",
            with_article(&words(name))
        );
    }
    for prefix in ["tuple struct ", "enum ", "unit struct "] {
        if let Some(name) = expected.strip_prefix(prefix).filter(|n| !n.contains(' ')) {
            return with_article(&words(name));
        }
    }
    expected.to_string()
}

fn unexpected_text(unexp: &Unexpected<'_>) -> String {
    match unexp {
        Unexpected::Str(s) => format!("\"{s}\""),
        Unexpected::Signed(i) => i.to_string(),
        Unexpected::Unsigned(u) => u.to_string(),
        Unexpected::Float(f) => f.to_string(),
        Unexpected::Char(c) => format!("'{c}'"),
        Unexpected::Bool(b) => format!("`{b}`"),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Describing nodes

fn node_text<'a>(node: &Node, src: &'a str) -> &'a str {
    src.get(node.span.start..node.span.end).unwrap_or("")
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX && !text.contains('\n') {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX).take_while(|&c| c != '\n').collect();
    format!("{head}…")
}

fn describe_node(node: &Node, src: &str) -> String {
    let text = node_text(node, src);
    match &node.kind {
        NodeKind::Int(_) | NodeKind::Float(_) => format!("the number {text}"),
        NodeKind::Bool(b) => format!("`{b}`"),
        NodeKind::Str(_) => format!("the text {}", shorten(text)),
        NodeKind::Char(_) => format!("the character {text}"),
        NodeKind::Bytes(_) => "a byte string".to_string(),
        NodeKind::Ident(name) => format!("the name `{name}`"),
        NodeKind::List(items) if items.is_empty() => "an empty list `[]`".to_string(),
        NodeKind::List(_) => "a list `[...]`".to_string(),
        NodeKind::Map(_) => "a map `{...}`".to_string(),
        NodeKind::Compound(c) => match (&c.name, &c.body) {
            (Some(name), _) => format!("`{}(...)`", name.text),
            (None, Body::Fields(_)) => "named fields `(...)`".to_string(),
            (None, Body::Tuple(items)) if items.is_empty() => "`()`".to_string(),
            (None, Body::Tuple(items)) => format!("a group of {} `(...)`", values(items.len())),
        },
    }
}

#[derive(PartialEq)]
enum Want {
    Text,
    Number,
    Bool,
    List,
    Struct,
    Other,
}

fn want(expected: &str) -> Want {
    match expected {
        "a string" | "a borrowed string" | "string" => Want::Text,
        "a boolean" => Want::Bool,
        "a sequence" => Want::List,
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" | "f32" | "f64" => Want::Number,
        _ if expected.starts_with("struct ") => Want::Struct,
        _ => Want::Other,
    }
}

/// What to write instead, for the common type mix-ups.
fn type_help(expected: &str, node: &Node, src: &str) -> Option<String> {
    let text = node_text(node, src);
    let want = want(expected);
    let help = match &node.kind {
        NodeKind::Ident(name) if name == "None" => {
            "a value is required here; `None` is only allowed for optional values".into()
        }
        NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) | NodeKind::Ident(_)
            if want == Want::Text =>
        {
            format!("write it in quotes: \"{text}\"")
        }
        NodeKind::Char(c) if want == Want::Text => format!("use double quotes for text: \"{c}\""),
        NodeKind::Str(s) if want == Want::Number && looks_numeric(s) => {
            format!("remove the quotes: {}", s.trim())
        }
        NodeKind::Str(s) if want == Want::Bool && matches!(s.trim(), "true" | "false") => {
            format!("remove the quotes: {}", s.trim())
        }
        NodeKind::Ident(_) if want == Want::Bool => "write `true` or `false`".into(),
        NodeKind::List(_) | NodeKind::Map(_) if want == Want::List => return None,
        _ if want == Want::List && text.len() <= 40 && !text.contains('\n') => {
            format!("put the values in square brackets, like `[{text}]`")
        }
        _ if want == Want::List => "put the values in square brackets, like `[a, b]`".into(),
        _ if want == Want::Struct => {
            "write the fields in parentheses, like `(name: value, ...)`".into()
        }
        _ => return None,
    };
    Some(help)
}

fn looks_numeric(s: &str) -> bool {
    let s = s.trim();
    s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') && s.parse::<f64>().is_ok()
}

// ---------------------------------------------------------------------------------------------
// The deserializer

#[derive(Clone, Copy)]
pub(super) struct NodeDe<'a> {
    node: &'a Node,
    src: &'a str,
    /// A map key: a bare name is accepted as text (`{ db: 1 }`).
    key: bool,
    /// The node's name belongs to an enum variant that was already read (`Variant(a: 1)` with a
    /// struct inside a newtype variant), so it is not the name of the inner value.
    skip_name: bool,
}

impl<'a> NodeDe<'a> {
    fn new(node: &'a Node, src: &'a str) -> Self {
        NodeDe {
            node,
            src,
            key: false,
            skip_name: false,
        }
    }

    fn child(&self, node: &'a Node) -> Self {
        NodeDe::new(node, self.src)
    }

    fn span(&self) -> Span {
        self.node.span
    }

    fn compound(&self) -> Option<&'a Compound> {
        match &self.node.kind {
            NodeKind::Compound(c) => Some(c),
            _ => None,
        }
    }

    fn name(&self) -> Option<&'a str> {
        let name = self.compound()?.name.as_ref()?;
        (!self.skip_name).then_some(name.text.as_str())
    }

    /// The `x` in `Some(x)`.
    fn some_inner(&self) -> Option<&'a Node> {
        let c = self.compound()?;
        match (&c.body, self.name()) {
            (Body::Tuple(items), Some("Some")) if items.len() == 1 => items.first(),
            _ => None,
        }
    }

    /// Runs a seed on this node. Errors a `Deserialize` impl raises after our deserializer has
    /// returned (its own validation, untagged enums) have no position yet: they get this node's.
    fn run<'de, S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        let result = seed.deserialize(self);
        self.finish(result)
    }

    fn finish<T>(&self, result: Result<T>) -> Result<T> {
        let (node, src) = (self.node, self.src);
        result.map_err(|e| {
            let mut e = e.locate(node.span, &|expected| {
                (describe_node(node, src), type_help(expected, node, src))
            });
            // A number too large for a float (`1e309`) reads as infinity: say what was written.
            if let NodeKind::Float(f) = node.kind
                && f.is_infinite()
                && !node_text(node, src).contains("inf")
                && let Some(rest) = e.message.strip_prefix(&format!("{f} is not valid here"))
            {
                e.message = format!(
                    "`{}` is too large to be a number{rest}",
                    node_text(node, src)
                );
            }
            e
        })
    }

    fn describe(&self) -> String {
        describe_node(self.node, self.src)
    }

    /// Self-describing dispatch: visit whatever the node is.
    fn any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.kind {
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Int(i) => visit_int(*i, visitor),
            NodeKind::Float(f) => visitor.visit_f64(*f),
            NodeKind::Str(s) => visitor.visit_str(s),
            NodeKind::Char(c) => visitor.visit_char(*c),
            NodeKind::Bytes(b) => visitor.visit_bytes(b),
            NodeKind::Ident(name) if name == "None" => visitor.visit_none(),
            // Unit variants inside serde's buffered content (untagged enums) arrive as text.
            NodeKind::Ident(name) => visitor.visit_str(name),
            NodeKind::List(items) => self.seq(items, visitor),
            NodeKind::Map(entries) => self.entries(entries, visitor),
            NodeKind::Compound(c) => match (&c.body, self.some_inner()) {
                (_, Some(inner)) => visitor.visit_some(self.child(inner)),
                (Body::Tuple(items), _) if items.is_empty() => visitor.visit_unit(),
                (Body::Tuple(items), _) => self.seq(items, visitor),
                (Body::Fields(fields), _) => visitor.visit_map(FieldsAccess::new(
                    fields.iter().collect(),
                    Vec::new(),
                    self.src,
                )),
            },
        }
    }

    /// Visits a sequence and rejects values the visitor did not take (a tuple of 2 given 3).
    fn seq<'de, V: Visitor<'de>>(&self, items: &'a [Node], visitor: V) -> Result<V::Value> {
        let mut access = SeqDe {
            items: items.iter(),
            src: self.src,
            taken: 0,
        };
        let value = visitor.visit_seq(&mut access)?;
        match access.items.next() {
            None => Ok(value),
            Some(extra) => {
                let expected = match access.taken {
                    0 => "no values are expected here".to_string(),
                    n => format!("only {} expected here", values(n)),
                };
                Err(
                    Error::at(extra.span, format!("too many values: {expected}"))
                        .with_help("remove this value and any after it"),
                )
            }
        }
    }

    /// `{ key: value }`; a repeated key is reported and only the first is used.
    fn entries<'de, V: Visitor<'de>>(
        &self,
        entries: &'a [(Node, Node)],
        visitor: V,
    ) -> Result<V::Value> {
        let mut seen: HashMap<String, Span> = HashMap::with_capacity(entries.len());
        let mut kept = Vec::with_capacity(entries.len());
        for entry in entries {
            if let Some(key) = key_text(&entry.0) {
                if let Some(first) = seen.get(&key) {
                    record(
                        Diagnostic::error(
                            entry.0.span,
                            format!("the key `{key}` is written more than once in this map"),
                        )
                        .with_label(*first, "first written here")
                        .with_help("remove one of them; only the first is used"),
                    );
                    continue;
                }
                seen.insert(key, entry.0.span);
            }
            kept.push(entry);
        }
        visitor.visit_map(EntriesAccess {
            entries: kept.into_iter(),
            value: None,
            src: self.src,
        })
    }

    /// Named fields of a struct or struct variant. Unknown and repeated fields are reported
    /// (non-fatal) and left out, so one typo does not hide the rest of the document; so are
    /// values that failed in an earlier pass.
    fn fields<'de, V: Visitor<'de>>(
        &self,
        fields: &'a [Field],
        allowed: &'static [&'static str],
        place: &str,
        visitor: V,
    ) -> Result<V::Value> {
        let mut seen: HashMap<&str, Span> = HashMap::with_capacity(fields.len());
        let mut kept = Vec::with_capacity(fields.len());
        let mut explained = Vec::new();
        for field in fields {
            let name = field.name.text.as_str();
            if !allowed.contains(&name) {
                let suggestion = did_you_mean(name, allowed.iter().copied());
                record(
                    Diagnostic::error(field.name.span, format!("unknown field `{name}` {place}"))
                        .with_help(field_help(name, allowed, place)),
                );
                explained.extend(suggestion);
            } else if let Some(first) = seen.get(name) {
                record(
                    Diagnostic::error(
                        field.name.span,
                        format!("field `{name}` is written more than once {place}"),
                    )
                    .with_label(*first, "first written here")
                    .with_help("remove one of them; only the first is used"),
                );
            } else {
                seen.insert(name, field.name.span);
                if is_broken(field.value.span) {
                    explained.push(name.to_string());
                } else {
                    kept.push(field);
                }
            }
        }
        let holes = holes_in(self.node.span, &seen);
        let stood_in = !holes.is_empty();
        let result = visitor.visit_map(FieldsAccess::new(kept, holes, self.src));
        // Stand-ins only serve to find more missing fields: the record is still incomplete, and
        // its stand-in values must not be checked as if written (`capacity: 0`).
        let result = match result {
            Ok(_) if stood_in => {
                let mut e = Error::new("a record with missing fields");
                e.consequence = true;
                Err(e)
            }
            other => other,
        };
        result.map_err(|e| {
            if let (Kind::MissingField { field }, None) = (&e.kind, e.span) {
                missing(self.node.span, field);
            }
            e.explained_by(&explained)
        })
    }

    /// A struct written with plain values (`Fault("db", 5)`): serde would match them up by
    /// position, which is too easy to get wrong silently, so ask for names.
    fn positional_struct(&self, name: &str, allowed: &[&str], count: usize) -> Error {
        let example: Vec<String> = allowed
            .iter()
            .take(3)
            .map(|f| format!("{f}: ..."))
            .collect();
        let what = if name.is_empty() {
            "a value".to_string()
        } else {
            with_article(&words(name))
        };
        Error::new(format!(
            "expected {what} with named fields, found a group of {}",
            values(count)
        ))
        .with_help(format!(
            "write each value with its field name, like `({})`",
            example.join(", ")
        ))
    }

    fn list_for_struct(&self, name: &str, allowed: &[&str]) -> Error {
        let what = if name.is_empty() || name.starts_with('$') {
            "a value".to_string()
        } else {
            with_article(&words(name))
        };
        let shown = if name.is_empty() || name.starts_with('$') {
            String::new()
        } else {
            name.to_string()
        };
        let help = match (name, allowed) {
            ("Commands", _) => "a command file is `Commands(commands: [ ... ])`: write `Commands(commands: ` before the `[` and `)` after the `]`".to_string(),
            ("Scenario", _) => "a scenario is `Scenario(meta: (...), services: [...], ...)` with its sections by name; see docs/scenario-format.md".to_string(),
            _ => {
                let example: Vec<String> =
                    allowed.iter().take(3).map(|f| format!("{f}: ...")).collect();
                format!("write it with its field names, like `{shown}({})`", example.join(", "))
            }
        };
        let expected = if shown.is_empty() {
            format!("{what} with named fields, `(...)`")
        } else {
            format!("`{shown}(...)` with named fields")
        };
        Error::new(format!("expected {expected}, found a list `[...]`")).with_help(help)
    }

    /// A struct written as `Name(...)` with the wrong name is reported but still read.
    fn check_name(&self, expected: &str) {
        let Some(c) = self.compound() else { return };
        let Some(name) = c.name.as_ref().filter(|_| !self.skip_name) else {
            return;
        };
        if name.text == expected || expected.is_empty() || expected.starts_with('$') {
            return;
        }
        record(wrong_name(&name.text, name.span, expected));
    }

    fn not_a_variant(&self, name: &str, variants: &[&str]) -> Error {
        let what = if name.is_empty() {
            "one of the named options".to_string()
        } else {
            with_article(&words(name))
        };
        let options = list_names(variants, "or");
        let help = match (self.compound(), variants.first()) {
            (Some(_), Some(first)) => {
                format!(
                    "write the option's name before the parentheses, like `{first}(...)`; the options are {options}"
                )
            }
            _ => format!("write one of {options}"),
        };
        Error::new(format!("expected {what}, found {}", self.describe())).with_help(help)
    }

    fn struct_place(name: &str) -> String {
        if name.is_empty() || name.starts_with('$') {
            "here".to_string()
        } else {
            format!("in this {}", words(name))
        }
    }
}

fn wrong_name(found: &str, span: Span, expected: &str) -> Diagnostic {
    let close = did_you_mean(found, [expected]).is_some();
    let help = if close {
        format!("did you mean `{expected}`? (the name may also be left out: `(...)`)")
    } else {
        format!("write `{expected}(...)`, or leave the name out: `(...)`")
    };
    Diagnostic::error(
        span,
        format!("wrong name `{found}`: expected `{expected}` here"),
    )
    .with_help(help)
}

fn visit_int<'de, V: Visitor<'de>>(i: i128, visitor: V) -> Result<V::Value> {
    if let Ok(u) = u64::try_from(i) {
        visitor.visit_u64(u)
    } else if let Ok(s) = i64::try_from(i) {
        visitor.visit_i64(s)
    } else if let Ok(u) = u128::try_from(i) {
        visitor.visit_u128(u)
    } else {
        visitor.visit_i128(i)
    }
}

fn out_of_range(value: i128, min: i128, max: i128) -> Error {
    if value > max {
        Error::new(format!(
            "number too large for this value: {value} is more than the maximum of {max}"
        ))
    } else if min == 0 {
        Error::new(format!("this value cannot be negative, found {value}"))
    } else {
        Error::new(format!(
            "number too small for this value: {value} is less than the minimum of {min}"
        ))
    }
}

fn key_text(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Str(s) | NodeKind::Ident(s) => Some(s.clone()),
        NodeKind::Int(i) => Some(i.to_string()),
        NodeKind::Bool(b) => Some(b.to_string()),
        NodeKind::Char(c) => Some(c.to_string()),
        _ => None,
    }
}

macro_rules! int_methods {
    ($($method:ident => $visit:ident($ty:ty),)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let result = match self.node.kind {
                NodeKind::Int(i) => match <$ty>::try_from(i) {
                    Ok(v) => visitor.$visit(v),
                    Err(_) => Err(out_of_range(i, i128::from(<$ty>::MIN), i128::from(<$ty>::MAX))),
                },
                _ => self.any(visitor),
            };
            self.finish(result)
        }
    )*};
}

impl<'de, 'a> de::Deserializer<'de> for NodeDe<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = self.any(visitor);
        // Set after visiting so that, for nested content, the outermost node wins.
        note_any(self.span());
        self.finish(result)
    }

    int_methods! {
        deserialize_i8 => visit_i8(i8),
        deserialize_i16 => visit_i16(i16),
        deserialize_i32 => visit_i32(i32),
        deserialize_i64 => visit_i64(i64),
        deserialize_u8 => visit_u8(u8),
        deserialize_u16 => visit_u16(u16),
        deserialize_u32 => visit_u32(u32),
        deserialize_u64 => visit_u64(u64),
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match self.node.kind {
            NodeKind::Int(i) => visitor.visit_i128(i),
            _ => self.any(visitor),
        };
        self.finish(result)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match self.node.kind {
            NodeKind::Int(i) => match u128::try_from(i) {
                Ok(u) => visitor.visit_u128(u),
                Err(_) => Err(out_of_range(i, 0, i128::MAX)),
            },
            _ => self.any(visitor),
        };
        self.finish(result)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match self.node.kind {
            NodeKind::Float(f) => visitor.visit_f32(f as f32),
            NodeKind::Int(i) => visitor.visit_f32(i as f32),
            _ => self.any(visitor),
        };
        self.finish(result)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match self.node.kind {
            NodeKind::Float(f) => visitor.visit_f64(f),
            NodeKind::Int(i) => visitor.visit_f64(i as f64),
            _ => self.any(visitor),
        };
        self.finish(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = self.any(visitor);
        self.finish(result)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Leniently, text of exactly one character.
        let single = match &self.node.kind {
            NodeKind::Str(s) => {
                let mut chars = s.chars();
                chars.next().filter(|_| chars.next().is_none())
            }
            _ => None,
        };
        let result = match single {
            Some(c) => visitor.visit_char(c),
            None => self.any(visitor),
        };
        self.finish(result)
    }

    /// Text must be quoted; a bare name is only accepted as a map key.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match &self.node.kind {
            NodeKind::Ident(name) if self.key => visitor.visit_str(name),
            NodeKind::Ident(_) => Err(de::Error::invalid_type(
                Unexpected::Other("a name"),
                &visitor,
            )),
            _ => self.any(visitor),
        };
        self.finish(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `None`, `Some(x)`, or — friendlier for hand-written files — just `x`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match (&self.node.kind, self.name(), self.compound()) {
            (NodeKind::Ident(name), _, _) if name == "None" => visitor.visit_none(),
            (_, Some("Some"), Some(c)) => match self.some_inner() {
                Some(inner) => visitor.visit_some(self.child(inner)),
                None => Err(Error::at(c.head, "`Some` holds exactly one value")
                    .with_help("write `Some(value)`, or just the value")),
            },
            _ => visitor.visit_some(self),
        };
        self.finish(result)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = self.any(visitor);
        self.finish(result)
    }

    /// `Name`, `Name()` or `()`.
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        let result = match &self.node.kind {
            NodeKind::Ident(found) => {
                if found != name {
                    record(wrong_name(found, self.span(), name));
                }
                visitor.visit_unit()
            }
            NodeKind::Compound(Compound {
                body: Body::Tuple(items),
                ..
            }) if items.is_empty() => {
                self.check_name(name);
                visitor.visit_unit()
            }
            _ => self.any(visitor),
        };
        self.finish(result)
    }

    /// Also the private handshakes for `Spanned` and `List` items (see `spanned.rs`). Other
    /// newtypes accept `Name(x)`, `(x)` or just `x`.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == SPANNED_NAME {
            return visitor.visit_map(SpanAccess { de: self, step: 0 });
        }
        if name == ITEM_NAME {
            return visitor.visit_seq(ItemAccess {
                de: self,
                state: ItemState::Fresh,
            });
        }
        let wrapped = match (self.compound(), self.name()) {
            (
                Some(Compound {
                    body: Body::Tuple(items),
                    ..
                }),
                found,
            ) if items.len() == 1 && found.is_none_or(|f| f == name) => items.first(),
            _ => None,
        };
        let result = match wrapped {
            Some(inner) => visitor.visit_newtype_struct(self.child(inner)),
            None => visitor.visit_newtype_struct(self),
        };
        self.finish(result)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = self.any(visitor);
        self.finish(result)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        let result = self.any(visitor);
        self.finish(result)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.check_name(name);
        let result = self.any(visitor);
        self.finish(result)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = self.any(visitor);
        self.finish(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let place = NodeDe::struct_place(name);
        let result = match self.compound() {
            Some(c) => {
                self.check_name(name);
                let result = match &c.body {
                    Body::Fields(given) => self.fields(given, fields, &place, visitor),
                    Body::Tuple(items) if items.is_empty() => {
                        self.fields(&[], fields, &place, visitor)
                    }
                    Body::Tuple(items) => Err(self.positional_struct(name, fields, items.len())),
                };
                result.map_err(|e| e.in_struct(&place, c.head))
            }
            // `[...]` where `Name(field: ...)` belongs: serde would read the items as the
            // fields in order and report a count ("expected 17 values") or the first item's type.
            None if matches!(self.node.kind, NodeKind::List(_)) && !fields.is_empty() => {
                Err(self.list_for_struct(name, fields))
            }
            None => self.any(visitor),
        };
        self.finish(result)
    }

    /// `Variant`, `Variant(..)`, `Variant(field: ..)`, and leniently `"Variant"` for unit
    /// variants.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let access = |variant: &'a str, span, body, quoted| EnumDe {
            de: self,
            variant,
            span,
            body,
            quoted,
        };
        let result = match &self.node.kind {
            NodeKind::Ident(variant) => {
                visitor.visit_enum(access(variant, self.span(), None, false))
            }
            NodeKind::Str(variant) => visitor.visit_enum(access(variant, self.span(), None, true)),
            // A name the enclosing variant already used is kept when it is one of this enum's
            // variants too: a fault end `When(Below(..), "2m")` is the end `When` holding the
            // condition `When(Below(..), "2m")`, which is exactly what it reads as.
            NodeKind::Compound(c) => match c
                .name
                .as_ref()
                .filter(|n| !self.skip_name || variants.contains(&n.text.as_str()))
            {
                Some(n) => visitor.visit_enum(access(&n.text, n.span, Some(c), false)),
                None => Err(self.not_a_variant(name, variants)),
            },
            _ => Err(self.not_a_variant(name, variants)),
        };
        self.finish(result.map_err(|e| e.in_enum(name)))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match &self.node.kind {
            NodeKind::Ident(name) | NodeKind::Str(name) => visitor.visit_str(name),
            _ => self.any(visitor),
        };
        self.finish(result)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

// ---------------------------------------------------------------------------------------------
// Access types

/// Deserializes a field or variant name, reporting problems at the name.
struct NameDe<'a> {
    name: &'a str,
    span: Span,
}

impl<'de> de::Deserializer<'de> for NameDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let name = self.name;
        let result: Result<V::Value> = visitor.visit_str(name);
        result.map_err(|e| e.locate(self.span, &|_| (format!("the name `{name}`"), None)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct SeqDe<'a> {
    items: std::slice::Iter<'a, Node>,
    src: &'a str,
    taken: usize,
}

impl<'de> SeqAccess<'de> for SeqDe<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        self.taken += 1;
        NodeDe::new(node, self.src).run(seed).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct FieldsAccess<'a> {
    fields: std::vec::IntoIter<&'a Field>,
    /// Missing fields given a stand-in, after the written ones.
    holes: std::vec::IntoIter<&'static str>,
    value: Option<&'a Node>,
    src: &'a str,
}

impl<'a> FieldsAccess<'a> {
    fn new(fields: Vec<&'a Field>, holes: Vec<&'static str>, src: &'a str) -> Self {
        FieldsAccess {
            fields: fields.into_iter(),
            holes: holes.into_iter(),
            value: None,
            src,
        }
    }
}

impl<'de> MapAccess<'de> for FieldsAccess<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(field) = self.fields.next() else {
            self.value = None;
            let Some(hole) = self.holes.next() else {
                return Ok(None);
            };
            return seed
                .deserialize(NameDe {
                    name: hole,
                    span: Span::default(),
                })
                .map(Some);
        };
        self.value = Some(&field.value);
        seed.deserialize(NameDe {
            name: &field.name.text,
            span: field.name.span,
        })
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let Some(node) = self.value.take() else {
            // A missing field's stand-in. If it cannot stand in, the missing field was reported
            // already: say nothing more.
            return seed
                .deserialize(super::hole::Hole::<Error>::new())
                .map_err(|mut e| {
                    e.consequence = true;
                    e
                });
        };
        NodeDe::new(node, self.src).run(seed).map_err(|mut e| {
            e.origin = e.origin.or(Some(node.span));
            e
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

struct EntriesAccess<'a> {
    entries: std::vec::IntoIter<&'a (Node, Node)>,
    value: Option<&'a Node>,
    src: &'a str,
}

impl<'de> MapAccess<'de> for EntriesAccess<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key = NodeDe {
            key: true,
            ..NodeDe::new(key, self.src)
        };
        key.run(seed).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let node = self
            .value
            .take()
            .ok_or_else(|| Error::new("a map value was read before its key"))?;
        NodeDe::new(node, self.src).run(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Hands a `Spanned` its start, end and value (see `spanned.rs`).
struct SpanAccess<'a> {
    de: NodeDe<'a>,
    step: u8,
}

impl<'de> MapAccess<'de> for SpanAccess<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let key = match self.step {
            0 => START_KEY,
            1 => END_KEY,
            2 => VALUE_KEY,
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.step += 1;
        let span = self.de.span();
        match self.step {
            1 => seed.deserialize(span.start.into_deserializer()),
            2 => seed.deserialize(span.end.into_deserializer()),
            _ => self.de.run(seed),
        }
    }
}

enum ItemState {
    Fresh,
    Failed,
    Done,
}

/// One `List` item: yields the item, or after a failure (recorded here) `true` to let the
/// list drop it (see `spanned.rs`).
struct ItemAccess<'a> {
    de: NodeDe<'a>,
    state: ItemState,
}

impl<'de> SeqAccess<'de> for ItemAccess<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.state {
            ItemState::Fresh => match self.de.run(seed) {
                Ok(item) => {
                    self.state = ItemState::Done;
                    Ok(Some(item))
                }
                Err(err) => {
                    if !err.consequence {
                        record(err.clone().into_diagnostic(self.de.span()));
                    }
                    confirm(err.origin);
                    self.state = ItemState::Failed;
                    Err(err)
                }
            },
            ItemState::Failed => {
                self.state = ItemState::Done;
                seed.deserialize(true.into_deserializer()).map(Some)
            }
            ItemState::Done => Ok(None),
        }
    }
}

struct EnumDe<'a> {
    de: NodeDe<'a>,
    variant: &'a str,
    /// Where the variant name is written.
    span: Span,
    /// The parenthesised part, if any.
    body: Option<&'a Compound>,
    /// Written as `"Variant"`: only fine for unit variants.
    quoted: bool,
}

impl<'de, 'a> EnumAccess<'de> for EnumDe<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let value = seed.deserialize(NameDe {
            name: self.variant,
            span: self.span,
        })?;
        Ok((value, self))
    }
}

impl<'a> EnumDe<'a> {
    fn needs(&self, what: &str, example: &str) -> Error {
        let v = self.variant;
        let quotes = if self.quoted { " without quotes" } else { "" };
        Error::at(self.de.span(), format!("`{v}` needs {what}"))
            .with_help(format!("write `{v}({example})`{quotes}"))
    }

    fn items(&self) -> Option<&'a [Node]> {
        match &self.body?.body {
            Body::Tuple(items) => Some(items),
            Body::Fields(_) => None,
        }
    }
}

impl<'de, 'a> VariantAccess<'de> for EnumDe<'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        match self.body {
            None => Ok(()),
            Some(_) if self.items().is_some_and(<[Node]>::is_empty) => Ok(()),
            Some(c) => {
                let v = self.variant;
                Err(Error::at(c.head, format!("`{v}` takes no values"))
                    .with_help(format!("write just `{v}`")))
            }
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let Some(c) = self.body else {
            return Err(self.needs("a value", "..."));
        };
        match &c.body {
            Body::Tuple(items) if items.is_empty() => Err(self.needs("a value", "...")),
            Body::Tuple(items) if items.len() == 1 => self.de.child(&items[0]).run(seed),
            // The name was already an enclosing variant's and is this variant's too, so these
            // parentheses are not the inner value's either: handing the same node on again would
            // come back here forever (`Not(a, b)` for a condition `Not`).
            _ if self.de.skip_name => {
                let v = self.variant;
                Err(Error::at(self.de.span(), format!("`{v}` takes one value"))
                    .with_help(format!("write `{v}(...)`")))
            }
            // `Variant(a: 1)` or `Variant(1, 2)`: the parentheses belong to the inner value.
            _ => NodeDe {
                skip_name: true,
                ..self.de
            }
            .run(seed),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        let example = vec!["..."; len].join(", ");
        match self.items() {
            Some(items) => self.de.seq(items, visitor),
            None if self.body.is_some() => {
                let v = self.variant;
                Err(Error::at(
                    self.de.span(),
                    format!("`{v}` takes plain values, not named fields"),
                )
                .with_help(format!("write `{v}({example})`")))
            }
            None => Err(self.needs(&values(len), &example)),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let example: Vec<String> = fields.iter().take(3).map(|f| format!("{f}: ...")).collect();
        let Some(c) = self.body else {
            return Err(self.needs("named fields", &example.join(", ")));
        };
        let place = format!("in `{}`", self.variant);
        let result = match &c.body {
            Body::Fields(given) => self.de.fields(given, fields, &place, visitor),
            Body::Tuple(items) if items.is_empty() => self.de.fields(&[], fields, &place, visitor),
            Body::Tuple(items) => Err(self.de.positional_struct(self.variant, fields, items.len())),
        };
        result.map_err(|e| e.in_struct(&place, c.head))
    }
}

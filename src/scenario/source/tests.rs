//! Tests of the parser, the deserializer and the diagnostics on small sample models.

use super::*;
use serde::Deserialize;
use std::collections::BTreeMap;

// A small model in the shape of the real scenario types.

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Scenario {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    minutes: Option<u32>,
    services: List<Service>,
    #[serde(default)]
    faults: List<Fault>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    weights: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Service {
    name: Spanned<String>,
    kind: ServiceKind,
    replicas: u8,
    #[serde(default)]
    depends_on: Vec<Spanned<String>>,
    #[serde(default, alias = "sev")]
    severity: Option<Level>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
enum ServiceKind {
    Database,
    LoadBalancer,
    Web { port: u16 },
    Queue(String),
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
enum Level {
    Low,
    High,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Fault {
    target: Spanned<String>,
    kind: FaultKind,
    #[serde(default)]
    at: Option<Minutes>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
enum FaultKind {
    Crash,
    Slow(f64),
    Partition(String, String),
    OnAction { action: String, by: String },
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Minutes(u32);

fn source(text: &str) -> SourceFile {
    SourceFile::new("drill.ron", text)
}

/// Parses and returns the value with every diagnostic in its short form.
fn run<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<String>) {
    let src = source(text);
    let parsed = parse::<T>(&src);
    let shorts = parsed.diagnostics.iter().map(|d| d.short(&src)).collect();
    (parsed.value, shorts)
}

fn ok<T: DeserializeOwned>(text: &str) -> T {
    let (value, diags) = run::<T>(text);
    assert!(
        diags.is_empty(),
        "unexpected diagnostics for {text:?}:\n{}",
        diags.join("\n")
    );
    value.expect("a value when there are no diagnostics")
}

fn errors<T: DeserializeOwned>(text: &str) -> Vec<String> {
    run::<T>(text).1
}

const GOOD: &str = r#"// A small drill.
Scenario(
    name: "Checkout outage",
    services: [
        Service(name: "db", kind: Database, replicas: 2),
        (name: "lb", kind: LoadBalancer, replicas: 1, depends_on: ["web"]),
        (name: "web", kind: Web(port: 8080), replicas: 3, depends_on: ["db"]),
    ],
    faults: [
        (target: "db", kind: Crash, at: 5),
        (target: "web", kind: Slow(2.5)),
    ],
)
"#;

#[test]
fn line_col_counts_chars_and_clamps() {
    let src = source("ab\ncé\n\nd");
    assert_eq!(src.line_col(0), (1, 1));
    assert_eq!(src.line_col(2), (1, 3), "the newline itself ends line 1");
    assert_eq!(src.line_col(3), (2, 1));
    assert_eq!(src.line_col(6), (2, 3), "é is one column");
    assert_eq!(src.line_col(5), (2, 2), "inside é counts as é");
    assert_eq!(src.line_col(7), (3, 1));
    assert_eq!(src.line_col(8), (4, 1));
    assert_eq!(src.line_col(9), (4, 2));
    assert_eq!(src.line_col(1000), (4, 2), "clamped to the end");
    assert_eq!(source("").line_col(5), (1, 1));
}

#[test]
fn parses_a_good_document_with_spans() {
    let src = source(GOOD);
    let parsed = parse::<Scenario>(&src);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let scenario = parsed.value.expect("value");
    assert_eq!(scenario.services.len(), 3);
    let names: Vec<&str> = scenario.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["db", "lb", "web"]);
    let db = &scenario.services[0].name;
    assert_eq!(src.line_col(db.span.start), (5, 23));
    assert_eq!(&GOOD[db.span.start..db.span.end], "\"db\"");
    let dep = &scenario.services[1].depends_on[0];
    assert_eq!(src.line_col(dep.span.start), (6, 68));
    let item = &scenario.services[2];
    assert_eq!(
        src.line_col(item.span.start),
        (7, 9),
        "list items know their span"
    );
    assert_eq!(scenario.services[2].kind, ServiceKind::Web { port: 8080 });
    assert_eq!(scenario.faults[0].at, Some(Minutes(5)));
    assert_eq!(scenario.faults[1].kind, FaultKind::Slow(2.5));
    let target = &scenario.faults[1].target;
    assert_eq!(src.line_col(target.span.start), (11, 18));
}

#[test]
fn reports_three_independent_mistakes_and_keeps_good_items() {
    let text = r#"Scenario(
    name: "Checkout outage",
    services: [
        (name: "db", kind: Database, replicas: 2, sevrity: High),
        (name: "lb", kind: LoadBalancr, replicas: 1),
        (name: "web", kind: Web(port: 8080), replicas: 3),
        (name: "queue", kind: Queue("jobs"), replicas: "3"),
    ],
)"#;
    let (value, diags) = run::<Scenario>(text);
    assert_eq!(
        diags,
        [
            "drill.ron:4:51: error: unknown field `sevrity` in this service\n  help: did you mean `severity`?",
            "drill.ron:5:28: error: unknown service kind `LoadBalancr`\n  help: did you mean `LoadBalancer`?",
            "drill.ron:7:56: error: expected a whole number from 0 to 255, found the text \"3\"\n  help: remove the quotes: 3",
        ]
    );
    let scenario = value.expect("the good items still form a value");
    let names: Vec<&str> = scenario.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["db", "web"],
        "broken items are dropped, the others kept"
    );
    assert_eq!(
        scenario.services[0].severity, None,
        "the misspelt field is ignored"
    );
    let src = source(text);
    assert!(parse::<Scenario>(&src).has_errors());
}

#[test]
fn a_bad_field_does_not_hide_the_fields_after_it() {
    let text = r#"Scenario(
    name: 7,
    minutes: "soon",
    services: [
        (name: "db", kind: Databse, replicas: -2),
    ],
    faults: [(target: "db", kind: Crash, at: "5")],
)"#;
    let (value, diags) = run::<Scenario>(text);
    let firsts: Vec<&str> = diags.iter().filter_map(|d| d.lines().next()).collect();
    assert_eq!(
        firsts,
        [
            "drill.ron:2:11: error: expected text in quotes, found the number 7",
            "drill.ron:3:14: error: expected a whole number, 0 or more, found the text \"soon\"",
            "drill.ron:5:28: error: unknown service kind `Databse`",
            "drill.ron:5:47: error: this value cannot be negative, found -2",
            "drill.ron:7:46: error: expected a whole number, 0 or more, found the text \"5\"",
        ]
    );
    assert!(value.is_none(), "a required field is broken");
}

#[test]
fn a_broken_optional_field_still_gives_a_partial_value() {
    let (value, diags) = run::<Scenario>("(name: \"x\", services: [], minutes: \"soon\")");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let scenario = value.expect("the optional field is left at its default");
    assert_eq!(scenario.minutes, None);
}

#[test]
fn a_misspelt_required_field_is_reported_once() {
    let (value, diags) = run::<Fault>("(targt: \"db\", kind: Crash)");
    assert_eq!(
        diags,
        [
            "drill.ron:1:2: error: unknown field `targt` in this fault\n  help: did you mean `target`?"
        ]
    );
    assert!(value.is_none());
}

#[test]
fn missing_field_points_at_the_struct() {
    let text = "Scenario(\n    name: \"x\",\n    services: [\n        Service(name: \"db\", kind: Database),\n    ],\n)";
    let diags = errors::<Scenario>(text);
    assert_eq!(
        diags,
        [
            "drill.ron:4:9: error: missing field `replicas` in this service\n  help: add `replicas: ...`"
        ]
    );
    let top = errors::<Scenario>("(name: \"x\")");
    assert_eq!(
        top,
        [
            "drill.ron:1:1: error: missing field `services` in this scenario\n  help: add `services: ...`"
        ]
    );
}

#[test]
fn duplicate_field_has_a_label_at_the_first() {
    let text = "(\n  name: \"a\",\n  services: [],\n  name: \"b\",\n)";
    let src = source(text);
    let parsed = parse::<Scenario>(&src);
    assert_eq!(parsed.diagnostics.len(), 1);
    let diag = &parsed.diagnostics[0];
    assert_eq!(
        diag.short(&src).lines().next(),
        Some("drill.ron:4:3: error: field `name` is written more than once in this scenario")
    );
    assert_eq!(diag.labels.len(), 1);
    assert_eq!(src.line_col(diag.labels[0].span.start), (2, 3));
    assert_eq!(
        parsed.value.map(|s| s.name).as_deref(),
        Some("a"),
        "the first one is used"
    );
}

#[test]
fn wrong_struct_name_suggests_the_right_one() {
    let (value, diags) = run::<Scenario>("Scenaro(name: \"x\", services: [])");
    assert_eq!(
        diags,
        [
            "drill.ron:1:1: error: wrong name `Scenaro`: expected `Scenario` here\n  help: did you mean `Scenario`? (the name may also be left out: `(...)`)"
        ]
    );
    assert!(
        value.is_some(),
        "a wrong name is reported but the struct is still read"
    );
    let far = errors::<Scenario>("Banana(name: \"x\", services: [])");
    assert!(
        far[0].contains("help: write `Scenario(...)`, or leave the name out"),
        "{far:?}"
    );
}

#[test]
fn unknown_field_without_a_close_match_lists_the_fields() {
    let diags = errors::<Fault>("(target: \"db\", kind: Crash, colour: 3)");
    assert_eq!(
        diags,
        [
            "drill.ron:1:29: error: unknown field `colour` in this fault\n  help: the fields allowed in this fault are `target`, `kind` and `at`"
        ]
    );
}

#[test]
fn unknown_variant_without_a_close_match_lists_the_variants() {
    let diags = errors::<Fault>("(target: \"db\", kind: Explode)");
    assert_eq!(
        diags,
        [
            "drill.ron:1:22: error: unknown fault kind `Explode`\n  help: write one of `Crash`, `Slow`, `Partition` or `OnAction`"
        ]
    );
}

#[test]
fn aliases_are_known_fields() {
    let service: Service = ok("(name: \"db\", kind: Database, replicas: 1, sev: High)");
    assert_eq!(service.severity, Some(Level::High));
}

#[test]
fn type_mismatches_read_plainly() {
    let diags = errors::<Fault>("(target: 5, kind: Crash)");
    assert_eq!(
        diags,
        [
            "drill.ron:1:10: error: expected text in quotes, found the number 5\n  help: write it in quotes: \"5\""
        ]
    );
    let diags = errors::<Fault>("(target: db, kind: Crash)");
    assert_eq!(
        diags,
        [
            "drill.ron:1:10: error: expected text in quotes, found the name `db`\n  help: write it in quotes: \"db\""
        ]
    );
    let diags = errors::<Fault>("(target: None, kind: Crash)");
    assert!(
        diags[0].contains("help: a value is required here"),
        "{diags:?}"
    );
    let diags =
        errors::<Service>("(name: \"db\", kind: Database, replicas: 1, depends_on: \"lb\")");
    assert_eq!(
        diags,
        [
            "drill.ron:1:55: error: expected a list in square brackets, like `[...]`, found the text \"lb\"\n  help: put the values in square brackets, like `[\"lb\"]`"
        ]
    );
    let diags = errors::<Service>("(name: \"db\", kind: Database, replicas: 1.5)");
    assert_eq!(
        diags,
        ["drill.ron:1:40: error: expected a whole number from 0 to 255, found the number 1.5"]
    );
    let diags = errors::<Scenario>("(name: \"x\", services: \"none\")");
    assert!(
        diags[0].starts_with("drill.ron:1:23: error: expected a list in square brackets"),
        "{diags:?}"
    );
}

#[test]
fn integer_ranges_are_checked() {
    let diags = errors::<Service>("(name: \"db\", kind: Database, replicas: 256)");
    assert_eq!(
        diags,
        [
            "drill.ron:1:40: error: number too large for this value: 256 is more than the maximum of 255"
        ]
    );
    let diags = errors::<Service>("(name: \"db\", kind: Database, replicas: -1)");
    assert_eq!(
        diags,
        ["drill.ron:1:40: error: this value cannot be negative, found -1"]
    );
    assert_eq!(ok::<i8>("-128"), -128);
    assert!(
        errors::<i8>("-129")[0]
            .contains("number too small for this value: -129 is less than the minimum of -128")
    );
    assert_eq!(ok::<u64>("18446744073709551615"), u64::MAX);
    assert_eq!(ok::<i64>("-9223372036854775808"), i64::MIN);
    assert_eq!(
        ok::<u128>("170141183460469231731687303715884105727"),
        i128::MAX as u128
    );
    assert!(errors::<u64>("18446744073709551616")[0].contains("number too large"));
}

/// A custom type in the style of the model's `Duration`: its `expecting` text is kept.
#[derive(Debug, PartialEq)]
struct Duration(u64);

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a duration such as \"90s\", \"5m\" or \"1h30m\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Duration, E> {
                let (number, unit) = v.split_at(v.len().saturating_sub(1));
                let scale = match unit {
                    "s" => 1,
                    "m" => 60,
                    _ => return Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                };
                let n: u64 = number
                    .parse()
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))?;
                Ok(Duration(n * scale))
            }
        }
        d.deserialize_str(V)
    }
}

#[test]
fn custom_expectations_are_kept() {
    assert_eq!(ok::<Duration>("\"5m\""), Duration(300));
    let diags = errors::<Duration>("90");
    assert_eq!(
        diags,
        [
            "drill.ron:1:1: error: expected a duration such as \"90s\", \"5m\" or \"1h30m\", found the number 90"
        ]
    );
    let diags = errors::<Vec<Duration>>("[\"5m\", \"5x\"]");
    assert_eq!(
        diags,
        [
            "drill.ron:1:8: error: \"5x\" is not valid here: expected a duration such as \"90s\", \"5m\" or \"1h30m\""
        ]
    );
}

#[test]
fn enum_forms() {
    let kinds: Vec<FaultKind> = ok(r#"[
            Crash, Crash(), "Crash",
            Slow(1.5), Slow(2),
            Partition("a", "b"),
            OnAction(action: "restart", by: "db"),
        ]"#);
    assert_eq!(
        kinds[..3],
        [FaultKind::Crash, FaultKind::Crash, FaultKind::Crash]
    );
    assert_eq!(kinds[3..5], [FaultKind::Slow(1.5), FaultKind::Slow(2.0)]);
    assert_eq!(kinds[5], FaultKind::Partition("a".into(), "b".into()));
    assert_eq!(
        kinds[6],
        FaultKind::OnAction {
            action: "restart".into(),
            by: "db".into()
        }
    );

    #[derive(Debug, Deserialize, PartialEq)]
    enum Wrapper {
        Inner(Fault),
    }
    let wrapped: Wrapper = ok("Inner(target: \"db\", kind: Crash)");
    assert_eq!(
        wrapped,
        Wrapper::Inner(Fault {
            target: Spanned::new(Span::default(), "db".into()),
            kind: FaultKind::Crash,
            at: None
        })
    );
}

#[test]
fn enum_shape_mistakes() {
    let e = |t: &str| errors::<FaultKind>(t).join("\n");
    assert_eq!(
        e("Crash(5)"),
        "drill.ron:1:1: error: `Crash` takes no values\n  help: write just `Crash`"
    );
    assert_eq!(
        e("Slow"),
        "drill.ron:1:1: error: `Slow` needs a value\n  help: write `Slow(...)`"
    );
    assert_eq!(
        e("\"Slow\""),
        "drill.ron:1:1: error: `Slow` needs a value\n  help: write `Slow(...)` without quotes"
    );
    assert_eq!(
        e("OnAction"),
        "drill.ron:1:1: error: `OnAction` needs named fields\n  help: write `OnAction(action: ..., by: ...)`"
    );
    assert_eq!(
        e("Partition(\"a\")"),
        "drill.ron:1:1: error: not enough values: expected 2 values, found 1 value"
    );
    assert_eq!(
        e("Partition(\"a\", \"b\", \"c\")"),
        "drill.ron:1:21: error: too many values: only 2 values expected here\n  help: remove this value and any after it"
    );
    assert!(e("(action: \"x\", by: \"y\")").contains("like `Crash(...)`"));
    assert!(
        e("OnAction(action: \"x\", by: \"y\", whom: 1)")
            .contains("unknown field `whom` in `OnAction`")
    );
}

#[test]
fn literals_comments_and_options() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Lit {
        text: String,
        raw: String,
        hashes: String,
        ch: char,
        hex: u32,
        big: i64,
        neg: f64,
        frac: f64,
        exp: f64,
        whole_float: f32,
        implicit: Option<String>,
        explicit: Option<u8>,
        none: Option<u8>,
        nested: Option<Option<u8>>,
        flag: bool,
        pair: (u8, String),
        map: BTreeMap<String, u8>,
        bytes: Vec<u8>,
        unit: (),
    }
    let lit: Lit = ok(r##"
            #![enable(implicit_some)]
            /* a /* nested */ block comment */
            Lit( // trailing comment
                text: "tab\tquote\" back\\ nl\n \u{1F692} \x41 \'",
                raw: r"C:\no\escapes",
                hashes: r#"say "hi""#,
                ch: '\'',
                hex: 0xFF_FF,
                big: -1_000_000,
                neg: -0.25,
                frac: .5,
                exp: 1e3,
                whole_float: 2,
                implicit: "yes",
                explicit: Some(4),
                none: None,
                nested: Some(None),
                flag: true,
                pair: (1, "one"),
                map: { "a": 1, b: 2, },
                bytes: [1, 2],
                unit: (),
            )
        "##);
    assert_eq!(lit.text, "tab\tquote\" back\\ nl\n \u{1F692} A '");
    assert_eq!(lit.raw, r"C:\no\escapes");
    assert_eq!(lit.hashes, r#"say "hi""#);
    assert_eq!(lit.ch, '\'');
    assert_eq!(lit.hex, 0xFFFF);
    assert_eq!(lit.big, -1_000_000);
    assert_eq!(
        (lit.neg, lit.frac, lit.exp, lit.whole_float),
        (-0.25, 0.5, 1000.0, 2.0)
    );
    assert_eq!(lit.implicit.as_deref(), Some("yes"));
    assert_eq!(
        (lit.explicit, lit.none, lit.nested),
        (Some(4), None, Some(None))
    );
    assert!(lit.flag);
    assert_eq!(lit.pair, (1, "one".to_string()));
    assert_eq!(
        lit.map.into_iter().collect::<Vec<_>>(),
        [("a".to_string(), 1), ("b".to_string(), 2)]
    );
    assert_eq!(lit.bytes, [1, 2]);
    assert!(ok::<f64>("-inf").is_infinite() && ok::<f64>("NaN").is_nan());
    assert_eq!(ok::<u8>("\u{feff}7"), 7, "a byte-order mark is ignored");
    assert_eq!(ok::<Vec<u8>>("[0b101, 0o17, b'A', 7u8]"), [5, 15, 65, 7]);
}

#[test]
fn newtypes_and_unit_structs() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Marker;
    #[derive(Debug, Deserialize, PartialEq)]
    struct Pair(u8, String);
    assert_eq!(ok::<Minutes>("5"), Minutes(5));
    assert_eq!(ok::<Minutes>("(5)"), Minutes(5));
    assert_eq!(ok::<Minutes>("Minutes(5)"), Minutes(5));
    assert_eq!(ok::<Marker>("Marker"), Marker);
    assert_eq!(ok::<Marker>("()"), Marker);
    assert_eq!(ok::<Pair>("Pair(1, \"x\")"), Pair(1, "x".into()));
    assert_eq!(ok::<Pair>("(1, \"x\")"), Pair(1, "x".into()));
    assert!(errors::<Marker>("Marke")[0].contains("did you mean `Marker`?"));
    let positional = errors::<Fault>("(\"db\", Crash)");
    assert_eq!(
        positional,
        [
            "drill.ron:1:1: error: expected a fault with named fields, found a group of 2 values\n  help: write each value with its field name, like `(target: ..., kind: ..., at: ...)`"
        ]
    );
}

#[test]
fn maps_report_repeated_keys() {
    let (value, diags) = run::<BTreeMap<String, u8>>("{ \"a\": 1, b: 2, a: 3 }");
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0].starts_with(
            "drill.ron:1:17: error: the key `a` is written more than once in this map"
        ),
        "{diags:?}"
    );
    assert_eq!(value.and_then(|m| m.get("a").copied()), Some(1));
}

#[test]
fn untagged_enums_work_and_spans_fall_back_to_the_value() {
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    enum Target {
        One(Spanned<String>),
        Many(Vec<String>),
    }
    #[derive(Debug, Deserialize)]
    struct Holder {
        first: Target,
        second: Target,
    }
    let text = "(first: [\"a\", \"b\"], second: \"db\")";
    let holder: Holder = ok(text);
    assert!(matches!(&holder.first, Target::Many(v) if v.len() == 2));
    let Target::One(one) = &holder.second else {
        panic!("expected One")
    };
    assert_eq!(&text[one.span.start..one.span.end], "\"db\"");
    let diags = errors::<Holder>("(first: 5, second: \"x\")");
    assert_eq!(
        diags,
        ["drill.ron:1:9: error: this does not match any of the forms allowed for a target"]
    );
}

mod syntax_errors {
    use super::*;

    #[test]
    fn unclosed_paren_points_at_the_opening_paren() {
        let src = source("Scenario(\n    name: \"x\",\n    services: [],\n");
        let parsed = parse::<Scenario>(&src);
        assert!(parsed.value.is_none());
        let shorts: Vec<String> = parsed.diagnostics.iter().map(|d| d.short(&src)).collect();
        assert_eq!(
            shorts,
            ["drill.ron:1:9: error: this `(` is never closed\n  help: add a matching `)`"]
        );
    }

    #[test]
    fn mismatched_bracket_labels_the_wrong_closer() {
        let text =
            "(\n  name: \"x\",\n  services: [\n    (name: \"db\", kind: Database, replicas: 1),\n)";
        let diags = errors::<Scenario>(text);
        assert_eq!(
            diags,
            [
                "drill.ron:3:13: error: this `[` is never closed\n  help: add a matching `]`\n  note: drill.ron:5:1: expected `]` before this"
            ]
        );
    }

    #[test]
    fn missing_comma_points_between_the_values() {
        let text = "(\n  name: \"x\"\n  services: [],\n)";
        let diags = errors::<Scenario>(text);
        assert_eq!(
            diags,
            [
                "drill.ron:2:12: error: missing `,` after this field\n  help: separate items with commas: `a, b`; the next field starts right after\n  note: drill.ron:3:3: the next field starts here"
            ]
        );
        let list = errors::<Vec<u8>>("[1, 2 3]");
        assert!(
            list[0].starts_with("drill.ron:1:6: error: missing `,` after this value"),
            "{list:?}"
        );
    }

    #[test]
    fn unterminated_string_points_at_the_quote() {
        let text = "(\n  name: \"Checkout,\n  services: [],\n)";
        let diags = errors::<Scenario>(text);
        assert_eq!(
            diags,
            [
                "drill.ron:2:9: error: this text is never closed: there is no matching `\"`\n  help: add a `\"` where the text should end\n  note: drill.ron:2:19: perhaps a `\"` is missing here"
            ]
        );
        assert!(errors::<String>("r#\"abc\"")[0].contains("end this raw text with `\"#`"));
        let earlier = "(\n  name: \"Checkout,\n  services: [],\n  description: \"x\",\n)";
        let diags = errors::<Scenario>(earlier);
        assert_eq!(diags.len(), 1, "{diags:?}");
        // The quote after `description: ` closes the open text, which would then run over
        // two lines into the next field: the text is reported where it should have closed.
        assert!(
            diags[0].starts_with("drill.ron:2:9: error: this text is not closed on its line"),
            "{diags:?}"
        );
        assert!(diags[0].contains("`\"Checkout\",`"), "{diags:?}");
    }

    #[test]
    fn several_syntax_errors_are_reported_together() {
        let text =
            "(\n  name: \"x\" services: [],\n  minutes: 5m,\n  tags: ['ab', \"\\q\"],\n  x = 1,\n)";
        let diags = errors::<Scenario>(text);
        let firsts: Vec<&str> = diags.iter().filter_map(|d| d.lines().next()).collect();
        assert_eq!(
            firsts,
            [
                "drill.ron:2:12: error: missing `,` after this field",
                "drill.ron:3:12: error: `5m` is not a number",
                "drill.ron:4:10: error: single quotes hold exactly one character",
                "drill.ron:4:17: error: unknown escape `\\q` in text",
                "drill.ron:5:5: error: unexpected character `=`",
            ]
        );
    }

    #[test]
    fn other_syntax_errors() {
        let first = |t: &str| errors::<Scenario>(t).first().cloned().unwrap_or_default();
        assert_eq!(
            first(""),
            "drill.ron: error: the file contains no value\n  help: write the scenario, e.g. `Scenario( ... )`, or in a command file the commands, e.g. `Commands(commands: [ ... ])`"
        );
        assert_eq!(
            first("/* open"),
            "drill.ron:1:1: error: this comment is never closed\n  help: end the comment with `*/`"
        );
        assert!(
            first("(name: \"x\", services: []))")
                .starts_with("drill.ron:1:26: error: unexpected `)`")
        );
        assert!(
            first("(name: \"x\", services: [)]")
                .starts_with("drill.ron:1:23: error: this `[` is never closed")
        );
        assert_eq!(
            first("(name: \"x\", services: [}, tags: [])"),
            "drill.ron:1:24: error: expected `]` here, found `}`\n  help: change `}` to `]`\n  note: drill.ron:1:23: to close this `[`"
        );
        assert_eq!(errors::<Scenario>(")").len(), 1);
        assert!(
            first("(name: \"x\", services: [], minutes: 1.2.3)")
                .contains("`1.2.3` is not a number")
        );
        assert!(
            first("(name: , services: [])")
                .starts_with("drill.ron:1:8: error: expected a value for `name`, found `,`")
        );
        assert!(
            first("(\"name\": \"x\", services: [])")
                .starts_with("drill.ron:1:2: error: field names are written without quotes")
        );
        assert!(
            first("(name \"x\", services: [])")
                .starts_with("drill.ron:1:6: error: expected `:` after field name `name`")
        );
        assert!(first("(name: \"x\\u{zz}\", services: [])").contains("invalid `\\u` escape"));
        let deep = "[".repeat(100_000);
        assert!(first(&deep).contains("nested too deeply"));
    }
}

/// Deterministic xorshift, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Accepts anything, through `deserialize_any` and serde's buffered content.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnyValue {
    Bool(bool),
    Num(f64),
    Text(String),
    List(Vec<AnyValue>),
    Map(BTreeMap<String, AnyValue>),
    // Not `Option<Box<AnyValue>>`: serde would retry the same content forever.
    Nothing(Option<()>),
}

fn parse_everything(text: &str) {
    let src = source(text);
    let parsed = parse::<Scenario>(&src);
    let mut sink = Vec::new();
    render_diagnostics(&mut sink, &src, &parsed.diagnostics, true).expect("render");
    for diag in &parsed.diagnostics {
        diag.short(&src);
    }
    let _ = parse::<AnyValue>(&src);
    let _ = parse::<List<FaultKind>>(&src);
}

#[test]
fn never_panics_on_random_or_mutated_input() {
    const PIECES: &[&str] = &[
        "(", ")", "[", "]", "{", "}", ",", ":", "\"", "'", "\\", "/*", "*/", "//", "#", "!",
        "r#\"", "\"#", "b\"", "0x", "1", "-", ".", "e", "_", "5m", "Some", "None", "Crash", "name",
        "é", "🚒", "\n", " ", "\u{0}",
    ];
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..1500 {
        let len = rng.below(48);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        parse_everything(&String::from_utf8_lossy(&bytes));
        let pieces: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        parse_everything(&pieces);
    }
    for (end, _) in GOOD.char_indices() {
        parse_everything(&GOOD[..end]);
    }
    for _ in 0..1500 {
        let mut chars: Vec<char> = GOOD.chars().collect();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(chars.len());
            match rng.below(3) {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(
                    at,
                    PIECES[rng.below(PIECES.len())]
                        .chars()
                        .next()
                        .unwrap_or('x'),
                ),
                _ => {
                    chars[at] = PIECES[rng.below(PIECES.len())]
                        .chars()
                        .last()
                        .unwrap_or('x')
                }
            }
        }
        parse_everything(&chars.into_iter().collect::<String>());
    }
}

#[test]
fn deep_but_allowed_nesting_deserializes() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Tree {
        Leaf,
        Node(Vec<Tree>),
    }
    let depth = 60;
    let text = format!("{}Leaf{}", "Node([".repeat(depth), "])".repeat(depth));
    ok::<Tree>(&text);
    let any = format!("{}1{}", "[".repeat(120), "]".repeat(120));
    ok::<AnyValue>(&any);
}

/// Found by fuzzing: a newtype variant given several values hands its node on to the inner
/// value with the name already used; when the inner type has a variant of that name too, the
/// node went round that loop until the stack overflowed.
#[test]
fn a_variant_reused_by_its_own_newtype_does_not_loop() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Cond {
        At(u32),
        Not(Box<Cond>),
        When(Box<Cond>, u32),
    }
    let errs = errors::<Cond>("Not(At(1), At(2))");
    assert!(
        errs.iter().any(|e| e.contains("`Not` takes one value")),
        "{errs:?}"
    );
    assert!(!errors::<Cond>("Not(x: 1)").is_empty());
    // A variant whose parentheses hold the inner value's values still reads.
    ok::<Cond>("Not(Not(At(1)))");
    ok::<Cond>("Not(When(At(1), 2))");
}

#[test]
fn sessions_are_per_thread_and_nest() {
    /// Parses a second document in the middle of the first.
    #[derive(Debug)]
    struct Inner(usize);
    impl<'de> Deserialize<'de> for Inner {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let text = String::deserialize(d)?;
            let parsed = parse::<List<u8>>(&SourceFile::new("inner.ron", text));
            Ok(Inner(parsed.diagnostics.len()))
        }
    }
    #[derive(Debug, Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        a: List<u8>,
        inner: Inner,
        #[allow(dead_code)]
        b: List<u8>,
    }
    let text = "(a: [1, 300], inner: \"[1, 2, 999, 998]\", b: [-1, 2])";
    let (value, diags) = run::<Outer>(text);
    assert_eq!(
        value.map(|o| o.inner.0),
        Some(2),
        "the inner parse sees only its own problems"
    );
    assert_eq!(diags.len(), 2, "{diags:?}");

    let threads: Vec<_> = (0..4)
        .map(|i| {
            std::thread::spawn(move || {
                let bad = (0..=i).map(|_| "300").collect::<Vec<_>>().join(", ");
                for _ in 0..50 {
                    let (value, diags) = run::<List<u8>>(&format!("[1, {bad}]"));
                    assert_eq!(value.map(|l| l.len()), Some(1));
                    assert_eq!(diags.len(), i + 1);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("thread");
    }
}

#[test]
fn renders_rich_and_short_forms() {
    let text = "(name: \"x\", services: [(name: \"db\", kind: Databse, replicas: 1)])";
    let src = source(text);
    let parsed = parse::<Scenario>(&src);
    let mut out = Vec::new();
    render_diagnostics(&mut out, &src, &parsed.diagnostics, false).expect("render");
    let rendered = String::from_utf8(out).expect("utf8");
    assert!(
        rendered.contains("error: unknown service kind `Databse`"),
        "{rendered}"
    );
    assert!(rendered.contains("┌─ drill.ron:1:43"), "{rendered}");
    assert!(
        rendered.contains("= help: did you mean `Database`?"),
        "{rendered}"
    );
    assert_eq!(
        parsed.diagnostics[0].short(&src),
        "drill.ron:1:43: error: unknown service kind `Databse`\n  help: did you mean `Database`?"
    );
}

fn sample() -> Scenario {
    let spanned = |s: &str| Spanned::new(Span::default(), s.to_string());
    fn item<T>(value: T) -> Spanned<T> {
        Spanned::new(Span::default(), value)
    }
    Scenario {
        name: "Quotes \" and \\ and\nnew lines\t🚒 é \u{7}".into(),
        description: Some("r#\"raw\"#".into()),
        minutes: None,
        services: List(vec![
            item(Service {
                name: spanned("db"),
                kind: ServiceKind::Database,
                replicas: 255,
                depends_on: vec![],
                severity: Some(Level::High),
            }),
            item(Service {
                name: spanned("web"),
                kind: ServiceKind::Web { port: 443 },
                replicas: 0,
                depends_on: vec![spanned("db"), spanned("cache")],
                severity: None,
            }),
            item(Service {
                name: spanned("q"),
                kind: ServiceKind::Queue("jobs".into()),
                replicas: 1,
                depends_on: vec![],
                severity: None,
            }),
        ]),
        faults: List(vec![
            item(Fault {
                target: spanned("db"),
                kind: FaultKind::Crash,
                at: Some(Minutes(5)),
            }),
            item(Fault {
                target: spanned("web"),
                kind: FaultKind::Slow(-0.25),
                at: None,
            }),
            item(Fault {
                target: spanned("q"),
                kind: FaultKind::Partition("a".into(), "b".into()),
                at: None,
            }),
            item(Fault {
                target: spanned("db"),
                kind: FaultKind::OnAction {
                    action: "failover".into(),
                    by: "lb".into(),
                },
                at: None,
            }),
        ]),
        tags: vec!["".into(), "'single'".into()],
        weights: [
            ("big".to_string(), 1e300),
            ("tiny".to_string(), 1.5e-7),
            ("whole".to_string(), 3.0),
        ]
        .into_iter()
        .collect(),
    }
}

#[test]
fn round_trips_through_the_ron_crate() {
    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Extras {
        unit: (),
        chars: Vec<char>,
        ints: (i8, i16, i32, i64, u64),
        nested: Option<Option<u8>>,
        keyed: BTreeMap<u32, String>,
        pair: (Minutes, Level),
    }
    let extras = Extras {
        unit: (),
        chars: vec!['a', '\'', '\\', '\n', '"', 'é'],
        ints: (i8::MIN, -300, i32::MAX, i64::MIN, u64::MAX),
        nested: Some(None),
        keyed: [(1, "one".to_string()), (20, "twenty".to_string())]
            .into_iter()
            .collect(),
        pair: (Minutes(7), Level::Low),
    };
    let value = sample();
    let configs = [
        ron::ser::PrettyConfig::default(),
        ron::ser::PrettyConfig::default().struct_names(true),
    ];
    for config in configs {
        let text = ron::ser::to_string_pretty(&value, config.clone()).expect("ron serializes");
        assert_eq!(ok::<Scenario>(&text), value, "pretty RON:\n{text}");
        let text = ron::ser::to_string_pretty(&extras, config).expect("ron serializes");
        assert_eq!(ok::<Extras>(&text), extras, "pretty RON:\n{text}");
    }
    let compact = ron::to_string(&value).expect("ron serializes");
    assert_eq!(ok::<Scenario>(&compact), value, "compact RON:\n{compact}");
}

/// Large documents parse completely (speed is measured by the `scenario` benchmark).
#[test]
fn parses_a_30_kb_document() {
    let mut text = String::from("Scenario(\n    name: \"big\",\n    services: [\n");
    let mut i = 0;
    while text.len() < 30_000 {
        text.push_str(&format!(
                "        (name: \"svc{i}\", kind: Web(port: {}), replicas: 3, depends_on: [\"db\", \"cache\"]), // web tier\n",
                8000 + i
            ));
        i += 1;
    }
    text.push_str("    ],\n)\n");
    let parsed = parse::<Scenario>(&source(&text));
    assert!(parsed.diagnostics.is_empty());
    assert_eq!(parsed.value.map(|v| v.services.len()), Some(i));
}

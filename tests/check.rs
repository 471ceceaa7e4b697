//! `firedrill check`: every kind of mistake a facilitator can make is reported with its line and
//! column and with what to write instead, and all mistakes are reported at once.
//!
//! Each case breaks the shipped default scenario in one place; the expected position is found by
//! searching the broken text, so the tests do not depend on the scenario's layout.

use firedrill::scenario::source::{Diagnostic, Severity, SourceFile};
use firedrill::scenario::{self, DEFAULT_SCENARIO};

/// Replaces exactly one occurrence of `from` in the default scenario.
fn broken(from: &str, to: &str) -> String {
    assert_eq!(
        DEFAULT_SCENARIO.matches(from).count(),
        1,
        "`{from}` must occur exactly once in the default scenario"
    );
    DEFAULT_SCENARIO.replacen(from, to, 1)
}

/// Loads the text and returns its error diagnostics (panics if it loads without errors).
fn errors(text: &str) -> (SourceFile, Vec<Diagnostic>) {
    match scenario::load_str("broken.ron", text) {
        Ok(_) => panic!("the broken scenario was accepted"),
        Err(e) => {
            let errors = e
                .diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            (e.source, errors)
        }
    }
}

/// 1-based line and column of the first occurrence of `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("needle present");
    SourceFile::new("x", text).line_col(offset)
}

/// Asserts there is exactly one error, at the position of `at`, whose message and help contain
/// the given words.
fn assert_single(text: &str, at: &str, message: &[&str], help: &[&str]) {
    let (source, errs) = errors(text);
    let shown: Vec<String> = errs.iter().map(|d| d.short(&source)).collect();
    assert_eq!(
        errs.len(),
        1,
        "expected one error, got:\n{}",
        shown.join("\n")
    );
    let d = &errs[0];
    let span = d.span.expect("the error has a place in the file");
    assert_eq!(
        source.line_col(span.start),
        position_of(text, at),
        "error placed wrongly: {}",
        shown[0]
    );
    for word in message {
        assert!(
            d.message.contains(word),
            "message lacks `{word}`: {}",
            shown[0]
        );
    }
    let help_text = d.help.clone().unwrap_or_default();
    for word in help {
        assert!(
            help_text.contains(word),
            "help lacks `{word}`: {}",
            shown[0]
        );
    }
}

#[test]
fn the_shipped_scenarios_are_clean() {
    for (path, _) in firedrill::scenario::catalog::SHIPPED {
        let loaded = scenario::load_path(path).unwrap_or_else(|e| panic!("{}", e.render(false)));
        let warnings: Vec<String> = loaded
            .warnings
            .iter()
            .map(|d| d.short(&loaded.source))
            .collect();
        assert!(
            warnings.is_empty(),
            "{path} has warnings:\n{}",
            warnings.join("\n")
        );
    }
}

#[test]
fn syntax_error_points_at_the_unclosed_bracket() {
    let text = broken(
        "effects: [Partition(\"metadata\")],\n         trigger: At(",
        "effects: [Partition(\"metadata\"),\n         trigger: At(",
    );
    let (source, errs) = errors(&text);
    assert!(!errs.is_empty());
    let lines: Vec<String> = errs.iter().map(|d| d.short(&source)).collect();
    let bracket = text.find("effects: [Partition").unwrap() + "effects: ".len();
    let (line, col) = source.line_col(bracket);
    assert!(
        errs.iter().any(|d| {
            d.span.map(|s| source.line_col(s.start)) == Some((line, col))
                || d.labels
                    .iter()
                    .any(|l| source.line_col(l.span.start) == (line, col))
        }),
        "no error points at the `[` opened at {line}:{col}:\n{}",
        lines.join("\n")
    );
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let text = broken("time_limit: \"50m\",", "time_limt: \"50m\",");
    let (source, errs) = errors(&text);
    let d = errs
        .iter()
        .find(|d| d.message.contains("time_limt"))
        .expect("the unknown field is reported");
    assert_eq!(
        source.line_col(d.span.unwrap().start),
        position_of(&text, "time_limt")
    );
    assert!(d.help.as_deref().unwrap_or("").contains("time_limit"));
    // The misspelt field explains the missing one; it is not reported twice.
    assert!(
        !errs
            .iter()
            .any(|d| d.message.contains("missing field `time_limit`")),
        "{:?}",
        errs
    );
}

#[test]
fn unknown_variant_suggests_the_right_one() {
    assert_single(
        &broken("kind: Database,", "kind: Databse,"),
        "Databse",
        &["Databse"],
        &["Database"],
    );
}

#[test]
fn wrong_type_says_what_to_write() {
    assert_single(
        &broken("capacity: 1300,", "capacity: \"1300\","),
        "\"1300\"",
        &["number"],
        &["1300"],
    );
}

#[test]
fn bad_duration_shows_the_expected_form() {
    assert_single(
        &broken("time_limit: \"50m\",", "time_limit: \"50 minutes\","),
        "\"50 minutes\"",
        &["duration"],
        &[],
    );
}

#[test]
fn missing_field_is_placed_at_its_struct() {
    let text = broken(
        "        (id: \"edge\", kind: LoadBalancer, capacity: 20000, latency: \"2ms\",",
        "        (id: \"edge\", kind: LoadBalancer, latency: \"2ms\",",
    );
    assert_single(&text, "(id: \"edge\"", &["capacity"], &["capacity"]);
}

#[test]
fn unknown_service_reference_suggests_a_name() {
    assert_single(
        &broken(
            "(from: \"table_api\", to: \"storage\",",
            "(from: \"table_api\", to: \"storag\",",
        ),
        "\"storag\"",
        &["no service", "storag"],
        &["storage"],
    );
}

#[test]
fn unknown_role_and_fact_references() {
    assert_single(
        &broken(
            "route: [\"ic\", \"storage\"],",
            "route: [\"ic\", \"storage_oncall\"],",
        ),
        "\"storage_oncall\"",
        &["no role"],
        &["storage"],
    );
    assert_single(
        &broken(
            "needs: [\"nodes_retrying_membership\", \"metadata_latency_above_timeout\"]",
            "needs: [\"nodes_retrying_membership\", \"metadata_latency\"]",
        ),
        "\"metadata_latency\"",
        &["no fact"],
        &["metadata_latency_above_timeout"],
    );
}

#[test]
fn unknown_metric_in_a_condition() {
    assert_single(
        &broken(
            "when: Above(\"metadata.latency_p95\", 1500)",
            "when: Above(\"metadata.latncy_p95\", 1500)",
        ),
        "\"metadata.latncy_p95\"",
        &["no metric", "latncy_p95"],
        &["metadata.latency_p95"],
    );
}

#[test]
fn duplicate_id_points_at_both() {
    let text = broken(
        "(id: \"queue\", title: \"Queue service on-call\",",
        "(id: \"ic\", title: \"Queue service on-call\",",
    );
    let (source, errs) = errors(&text);
    let d = errs
        .iter()
        .find(|d| d.message.contains("defined twice"))
        .expect("duplicate reported");
    let second = text.find("(id: \"ic\", title: \"Queue").unwrap() + "(id: ".len();
    assert_eq!(
        source.line_col(d.span.unwrap().start),
        source.line_col(second)
    );
    let first = text.find("(id: \"ic\", title: \"Incident").unwrap() + "(id: ".len();
    assert_eq!(
        source.line_col(d.labels[0].span.start),
        source.line_col(first)
    );
}

#[test]
fn dependency_cycle_is_spelled_out() {
    let text = broken(
        "        (from: \"queue_service\", to: \"table_api\", calls: 1, timeout: \"2s\", retries: 2),",
        "        (from: \"queue_service\", to: \"table_api\", calls: 1, timeout: \"2s\", retries: 2),\n        (from: \"metadata\", to: \"edge\", timeout: \"1s\"),",
    );
    let (source, errs) = errors(&text);
    let d = errs
        .iter()
        .find(|d| d.message.contains("loop"))
        .unwrap_or_else(|| panic!("no cycle error in {errs:?}"));
    assert!(
        d.message.contains("`edge`") && d.message.contains("`metadata`"),
        "{}",
        d.message
    );
    let (line, _) = source.line_col(d.span.unwrap().start);
    assert!(
        text.lines().nth(line - 1).unwrap().contains("(from:"),
        "points at a dependency"
    );
}

#[test]
fn fault_nobody_can_mitigate() {
    let text = broken(
        "effects: [Scale(\"metadata\", \"x3\"), Mitigate(\"membership_bloat\")],",
        "effects: [Scale(\"metadata\", \"x3\")],",
    );
    assert_single(
        &text,
        "(id: \"membership_bloat\"",
        &["can never end", "membership_bloat"],
        &["Mitigate(\"membership_bloat\")"],
    );
}

#[test]
fn fact_no_role_can_observe() {
    let text = broken(
        "         from: [Inject(\"product_launch\")]),",
        "         from: []),",
    );
    assert_single(
        &text,
        "(id: \"index_adoption\"",
        &["no role can ever learn", "index_adoption"],
        &["knows"],
    );
}

#[test]
fn fault_triggers_waiting_on_each_other() {
    let text = broken(
        "trigger: At(\"6m\"),",
        "trigger: After(Fault(\"network_blip\"), \"1m\"),",
    );
    assert_single(
        &text,
        "trigger: After(Fault(\"network_blip\")",
        &["wait on each other"],
        &["At("],
    );
}

#[test]
fn diagnosis_without_facts_and_missing_root_cause() {
    let text = broken(
        "needs: [\"nodes_retrying_membership\", \"metadata_latency_above_timeout\"]",
        "needs: []",
    );
    assert_single(
        &text,
        "(id: \"retry_storm\"",
        &["needs no facts"],
        &["needs:"],
    );
    let text = broken(
        "(id: \"retry_storm\", kind: RootCause,",
        "(id: \"retry_storm\", kind: Wrong,",
    );
    let (_, errs) = errors(&text);
    assert!(
        errs.iter()
            .any(|d| d.message.contains("no hypothesis is a root cause"))
    );
}

#[test]
fn one_role_diagnosis_is_a_warning() {
    let text = broken(
        "needs: [\"nodes_retrying_membership\", \"metadata_latency_above_timeout\"]",
        "needs: [\"nodes_retrying_membership\", \"node_retry_policy\"]",
    );
    let loaded = scenario::load_str("w.ron", &text).expect("warnings do not stop a scenario");
    assert!(
        loaded
            .warnings
            .iter()
            .any(|d| d.message.contains("`storage` alone")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let text = DEFAULT_SCENARIO
        .replacen("kind: Database,", "kind: Databse,", 1)
        .replacen("capacity: 1300,", "capacity: \"1300\",", 1)
        .replacen(
            "(from: \"table_api\", to: \"storage\",",
            "(from: \"table_api\", to: \"storag\",",
            1,
        )
        .replacen(
            "route: [\"ic\", \"storage\"],",
            "route: [\"ic\", \"storage_oncall\"],",
            1,
        )
        .replacen("severity: Warning,", "sevrity: Warning,", 1);
    let (source, errs) = errors(&text);
    let shown: Vec<String> = errs.iter().map(|d| d.short(&source)).collect();
    for needle in [
        "Databse",
        "\"1300\"",
        "\"storag\"",
        "\"storage_oncall\"",
        "sevrity",
    ] {
        let at = position_of(&text, needle);
        assert!(
            errs.iter()
                .any(|d| d.span.map(|s| source.line_col(s.start)) == Some(at)),
            "no error at {at:?} for {needle}:\n{}",
            shown.join("\n")
        );
    }
}

#[test]
fn command_files_are_checked_like_scenarios() {
    use firedrill::sim::commands::script;
    let sc = scenario::load_default();
    let text = r#"Commands(
    commands: [
        (at: "1m", role: "storag", do: Inspect("storage")),
        (at: "2m", role: "ic", do: Run("post_statu")),
        (at: "3m", role: "ic", do: Publish("vp_eta")),
        (at: "soon", role: "ic", do: Say("hello")),
    ],
)"#;
    let source = SourceFile::new("cmds.ron", text);
    let diags = script::load(&source, &sc).expect_err("the command file is broken");
    let shown: Vec<String> = diags.iter().map(|d| d.short(&source)).collect();
    let has = |needle: &str, words: &[&str]| {
        let at = position_of(text, needle);
        diags.iter().any(|d| {
            d.span.map(|s| source.line_col(s.start)) == Some(at)
                && words
                    .iter()
                    .all(|w| d.message.contains(w) || d.help.as_deref().unwrap_or("").contains(w))
        })
    };
    assert!(has("\"storag\"", &["storage"]), "{}", shown.join("\n"));
    assert!(
        has("\"post_statu\"", &["post_status"]),
        "{}",
        shown.join("\n")
    );
    assert!(has("(at: \"3m\"", &["facilitator"]), "{}", shown.join("\n"));
    assert!(has("\"soon\"", &["duration"]), "{}", shown.join("\n"));
}

#[test]
fn check_command_exits_non_zero_and_prints_positions() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, broken("kind: Database,", "kind: Databse,")).unwrap();
    let good = "scenarios/pool-exhaustion.ron";
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .args(["check", good])
        .arg(&bad)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("pool-exhaustion.ron: ok"), "{stdout}");
    assert!(stdout.contains("bad.ron: 1 error"), "{stdout}");
    let (line, col) = position_of(&broken("kind: Database,", "kind: Databse,"), "Databse");
    assert!(
        stderr.contains(&format!("bad.ron:{line}:{col}")),
        "no file:line:col in:\n{stderr}"
    );
    assert!(stderr.contains("did you mean `Database`?"), "{stderr}");
}

#[test]
fn the_facilitator_name_is_reserved() {
    let text = broken(
        "(id: \"queue\", title: \"Queue service on-call\",",
        "(id: \"facilitator\", title: \"Queue service on-call\",",
    );
    let (source, errs) = errors(&text);
    let d = errs
        .iter()
        .find(|d| d.message.contains("reserved"))
        .expect("reserved id reported");
    assert_eq!(
        source.line_col(d.span.unwrap().start),
        position_of(&text, "\"facilitator\"")
    );
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // `firedrill run … --trace 2m | head -1`: the reader goes away after one line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .args(["run", "scenarios/pool-exhaustion.ron", "--trace", "2m"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("time"), "{first}");
    // The reader is dropped here: every later write meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

/// A small scenario (as the auditor's `base.py` writes it) with `from` replaced by `to`.
fn small(from: &str, to: &str) -> String {
    let text = SMALL.to_string();
    assert!(text.contains(from), "`{from}` is not in the small scenario");
    text.replacen(from, to, 1)
}

const SMALL: &str = r#"Scenario(
    meta: (title: "Edge", summary: "s", difficulty: Easy, time_limit: "10m", seed: 1),
    services: [
        (id: "api", kind: Api, capacity: 2000, latency: "10ms"),
        (id: "db", kind: Database, capacity: 1000, latency: "5ms"),
    ],
    dependencies: [(from: "api", to: "db", timeout: "300ms", retries: 1)],
    traffic: [(to: "api", rps: 800)],
    faults: [(id: "slow", target: "db", title: "t", effects: [CapacityLoss("50%")],
              trigger: At("1m"), ends: [After("2m")])],
    roles: [(id: "ic", title: "IC", briefing: "b", dashboards: ["api"], logs: ["api"], commander: true, knows: ["a"]),
            (id: "dba", title: "DBA", briefing: "b", dashboards: ["db"], knows: ["b"])],
    facts: [(id: "a", text: "a"), (id: "b", text: "b")],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["a", "b"])],
    actions: [(id: "status", title: "Status", roles: ["ic"], effects: [StatusUpdate]),
              (id: "scale", title: "Scale", roles: ["dba"], effects: [Scale("db", "x2")])],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "1m"),
)
"#;

/// Loads the text and returns every diagnostic, errors and warnings.
#[allow(dead_code)]
fn all_diagnostics(text: &str) -> (SourceFile, Vec<Diagnostic>) {
    match scenario::load_str("t.ron", text) {
        Ok(l) => (l.source, l.warnings),
        Err(e) => (e.source, e.diagnostics),
    }
}

fn shown(source: &SourceFile, diags: &[Diagnostic]) -> String {
    let lines: Vec<String> = diags.iter().map(|d| d.short(source)).collect();
    lines.join("\n")
}

#[test]
fn a_text_not_closed_on_its_line_is_reported_there_once() {
    let text = broken("title: \"Membership storm\",", "title: \"Membership storm,");
    assert_single(
        &text,
        "\"Membership storm,",
        &["not closed on its line"],
        &["\"Membership storm\","],
    );
    // Text that really runs over lines is still fine.
    let ok = small("summary: \"s\"", "summary: \"one\n  two: three\"");
    scenario::load_str("ok.ron", &ok).unwrap_or_else(|e| panic!("{}", e.render(false)));
}

#[test]
fn a_missing_comma_does_not_hide_later_mistakes() {
    let text = broken("latency: \"5ms\",\n", "latency: \"5ms\"\n").replacen(
        "level: Info,",
        "level: Inf,",
        1,
    );
    let (source, errs) = errors(&text);
    let all = shown(&source, &errs);
    assert!(all.contains("missing `,`"), "{all}");
    assert!(errs.iter().any(|d| d.message.contains("Inf")), "{all}");
}

#[test]
fn a_fault_ends_at_the_first_of_its_ends() {
    use firedrill::sim::state::FaultState;
    use firedrill::sim::{RunOptions, Sim};
    let text = small(
        "ends: [After(\"2m\")]",
        "ends: [After(\"15m\"), After(\"2m\")]",
    );
    let sc = scenario::load_str("t.ron", &text)
        .unwrap_or_else(|e| panic!("{}", e.render(false)))
        .scenario;
    let mut sim = Sim::new(sc, &RunOptions::new(1));
    while sim.tick() < 400 && sim.step() {}
    let run = sim.world().resource::<FaultState>().runs[0];
    assert_eq!(run.started, Some(60));
    assert_eq!(run.ended, Some(180), "ends 2 minutes after it starts");
}

#[test]
fn a_fault_end_when_held_for_a_while_reads_naturally() {
    let text = small(
        "ends: [After(\"2m\")]",
        "ends: [When(Below(\"db.saturation\", 50), \"2m\")]",
    );
    scenario::load_str("t.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    // A wrong condition is called a condition, not by the code's name for it.
    let text = small("ends: [After(\"2m\")]", "ends: [When(Sometimes)]");
    let (source, errs) = errors(&text);
    let all = shown(&source, &errs);
    assert!(all.contains("condition") && !all.contains("cond "), "{all}");
}

#[test]
fn a_mistake_in_meta_or_resolution_does_not_hide_the_rest() {
    for (from, to) in [
        ("time_limit: \"10m\"", "time_limt: \"10m\""),
        ("difficulty: Easy", "difficulty: Simple"),
        ("slo: \"1%\"", "slo: \"1 percent\""),
    ] {
        let text = small(from, to).replacen("target: \"db\"", "target: \"dbx\"", 1);
        let (source, errs) = errors(&text);
        let all = shown(&source, &errs);
        assert_eq!(errs.len(), 2, "{all}");
        assert!(all.contains("no service `dbx`"), "{all}");
    }
}

#[test]
fn every_missing_field_is_reported() {
    let (source, errs) = errors("Scenario(meta: (title: \"x\"), services: [(id: \"a\")])");
    let all = shown(&source, &errs);
    for field in [
        "traffic",
        "faults",
        "roles",
        "facts",
        "hypotheses",
        "actions",
        "resolution",
        "summary",
        "difficulty",
        "time_limit",
        "kind",
        "capacity",
        "latency",
    ] {
        assert!(
            all.contains(&format!("missing field `{field}`")),
            "{field}:\n{all}"
        );
    }
}

#[test]
fn tickets_count_as_seeing_and_short_statements_are_not_quoted() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    for block in doc.split("```ron").skip(1) {
        let text = block.split("```").next().unwrap();
        if !text.trim_start().starts_with("Scenario(") {
            continue;
        }
        let loaded =
            scenario::load_str("doc.ron", text).unwrap_or_else(|e| panic!("{}", e.render(false)));
        let warnings = shown(&loaded.source, &loaded.warnings);
        assert!(!warnings.contains("sees nothing"), "{warnings}");
        assert!(!warnings.contains("quotes the root cause"), "{warnings}");
        assert!(!warnings.contains("names the fact"), "{warnings}");
    }
}

#[test]
fn a_time_limit_longer_than_a_day_is_an_error() {
    let text = small("time_limit: \"10m\"", "time_limit: \"1000000h\"");
    let (source, errs) = errors(&text);
    let all = shown(&source, &errs);
    assert!(all.contains("`time_limit`") && all.contains("24h"), "{all}");
}

#[test]
fn a_file_that_is_not_text_is_not_told_to_check_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.ron");
    std::fs::write(&path, [0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96]).unwrap();
    let e = scenario::load_path(path.to_str().unwrap())
        .err()
        .expect("not text");
    let d = &e.diagnostics[0];
    assert!(d.message.contains("not a text file"), "{}", d.message);
    assert!(!d.help.as_deref().unwrap_or("").contains("check the path"));
}

/// Asserts some diagnostic sits at the first occurrence of `at` and holds every word (in its
/// message or help).
fn has_at(text: &str, diags: &[Diagnostic], at: &str, words: &[&str]) -> bool {
    let source = SourceFile::new("t.ron", text);
    let pos = position_of(text, at);
    diags.iter().any(|d| {
        d.span.map(|s| source.line_col(s.start)) == Some(pos)
            && words
                .iter()
                .all(|w| d.message.contains(w) || d.help.as_deref().unwrap_or("").contains(w))
    })
}

#[test]
fn whole_scenario_checks_run_alongside_other_errors() {
    // A misspelt kind, an unknown dashboard and a fault that never ends: all three in one pass.
    let text = small("kind: Api,", "kind: Apii,")
        .replacen("dashboards: [\"db\"]", "dashboards: [\"dbb\"]", 1)
        .replacen(", ends: [After(\"2m\")]", "", 1);
    let (source, diags) = all_diagnostics(&text);
    let all = shown(&source, &diags);
    assert!(has_at(&text, &diags, "Apii", &["Api"]), "{all}");
    assert!(has_at(&text, &diags, "\"dbb\"", &["db"]), "{all}");
    assert!(
        has_at(&text, &diags, "(id: \"slow\"", &["can never end"]),
        "{all}"
    );
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        3,
        "{all}"
    );
    // No cascade: a fact whose only learner's card list is broken is not called unlearnable,
    // and a fault with a misspelt `ends` is not called endless.
    let text = small("knows: [\"b\"]", "knows: [\"bb\"]");
    let (source, diags) = all_diagnostics(&text);
    let all = shown(&source, &diags);
    assert!(!all.contains("no role can ever learn"), "{all}");
    assert!(all.contains("no fact `bb`"), "{all}");
    // A misspelt `Mitigate` might be the fault's way out: not called endless. A mistake in an
    // action's `roles` cannot be, so the endless fault is still reported.
    let endless = small(", ends: [After(\"2m\")]", "");
    let text = endless.replacen(
        "effects: [StatusUpdate]",
        "effects: [StatusUpdate, Mitigate(\"slw\")]",
        1,
    );
    let (source, diags) = all_diagnostics(&text);
    let all = shown(&source, &diags);
    assert!(all.contains("no fault `slw`"), "{all}");
    assert!(!all.contains("can never end"), "{all}");
    let text = endless.replacen("roles: [\"dba\"], effects", "roles: [\"dbx\"], effects", 1);
    let (source, diags) = all_diagnostics(&text);
    let all = shown(&source, &diags);
    assert!(all.contains("no role `dbx`"), "{all}");
    assert!(all.contains("can never end"), "{all}");
    let text = small("ends: [After", "endz: [After");
    let (source, diags) = all_diagnostics(&text);
    let all = shown(&source, &diags);
    assert!(!all.contains("can never end"), "{all}");
    assert!(all.contains("endz"), "{all}");
}

#[test]
fn triggers_that_can_never_fire() {
    let text = NEVER_FIRES.to_string();
    let (source, diags) = all_diagnostics(&text);
    let all = shown(&source, &diags);
    // Faults waiting on each other through `FaultActive`.
    assert!(
        has_at(
            &text,
            &diags,
            "trigger: When(FaultActive(\"f2\")",
            &["wait on each other", "`f1`", "`f2`", "At("]
        ),
        "{all}"
    );
    // Injects waiting on each other.
    assert!(
        has_at(
            &text,
            &diags,
            "trigger: After(Inject(\"i2\")",
            &["wait on each other", "`i1`", "`i2`", "trigger"]
        ),
        "{all}"
    );
    // An instant held for a while: write the moment itself.
    assert!(
        has_at(
            &text,
            &diags,
            "When(At(\"2m\")",
            &["never be true", "instant", "At(\"3m\")"]
        ),
        "{all}"
    );
    // Two different instants at once.
    assert!(
        has_at(
            &text,
            &diags,
            "All([At(\"2m\"), At(\"3m\")])",
            &["never be true", "coincide", "Any"]
        ),
        "{all}"
    );
    // A fault that ends the moment it starts is a warning.
    assert!(
        has_at(
            &text,
            &diags,
            "FaultActive(\"f7\")",
            &["as soon as it starts", "After("]
        ),
        "{all}"
    );
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        4,
        "{all}"
    );
    // A fault an action starts is not stuck, whatever its trigger waits for; `Any` with a way
    // out is not stuck either.
    let ok = small(
        "trigger: At(\"1m\")",
        "trigger: Any([Manual, After(Fault(\"slow\"), \"1m\")])",
    );
    scenario::load_str("ok.ron", &ok).unwrap_or_else(|e| panic!("{}", e.render(false)));
}

/// Runs `firedrill check` on the files; returns (success, stdout, stderr).
fn check_cli(files: &[&std::path::Path]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .arg("check")
        .args(files)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_recognises_command_files_and_warns_about_commands_that_cannot_work() {
    let dir = tempfile::tempdir().unwrap();
    let cmds = dir.path().join("cmds.ron");
    // Against the built-in scenario (retry-storm): `ic` may not pause membership lookups,
    // `network_blip` starts on its own, and `ic` has no way to know the storage nodes' retries.
    let text = r#"Commands(
    commands: [
        (at: "1m", role: "ic", do: Run("pause_membership_lookups")),
        (at: "2m", role: "facilitator", do: Fire("network_blip")),
        (at: "3m", role: "ic", do: Share(fact: "nodes_retrying_membership")),
        (at: "4m", role: "storage", do: Share(fact: "nodes_retrying_membership", to: "metadata")),
        (at: "5m", role: "metadata", do: Share(fact: "nodes_retrying_membership")),
    ],
)"#;
    std::fs::write(&cmds, text).unwrap();
    let (ok, stdout, stderr) = check_cli(&[&cmds]);
    assert!(ok, "warnings only: {stdout}{stderr}");
    assert!(
        stdout.contains("cmds.ron: ok against the built-in scenario")
            && stdout.contains("3 warnings"),
        "{stdout}"
    );
    let at = |needle: &str| {
        let (l, c) = position_of(text, needle);
        format!("cmds.ron:{l}:{c}")
    };
    for (needle, words) in [
        (
            "\"pause_membership_lookups\"",
            &["may not take", "\"storage\""][..],
        ),
        ("\"network_blip\"", &["Manual"][..]),
        (
            "\"nodes_retrying_membership\")",
            &["might not know", "\"storage\""][..],
        ),
    ] {
        let place = at(needle);
        assert!(stderr.contains(&place), "no warning at {place}:\n{stderr}");
        for w in words {
            assert!(stderr.contains(w), "`{w}` missing:\n{stderr}");
        }
    }
    // `metadata` was told by `storage` first: no warning for its share.
    assert!(!stderr.contains("`metadata` might not know"), "{stderr}");

    // With a scenario on the command line, the command file is checked against it.
    let (ok, stdout, stderr) =
        check_cli(&[std::path::Path::new("scenarios/pool-exhaustion.ron"), &cmds]);
    assert!(!ok, "{stdout}");
    assert!(
        stdout.contains("cmds.ron: ") && stdout.contains("against scenarios/pool-exhaustion.ron"),
        "{stdout}"
    );
    assert!(
        stderr.contains("has no action `pause_membership_lookups`"),
        "{stderr}"
    );
    // The shipped scripts pass against their scenarios.
    let (ok, stdout, stderr) = check_cli(&[
        std::path::Path::new("scenarios/retry-storm.ron"),
        std::path::Path::new("tests/scripts/retry-storm-solve.ron"),
        std::path::Path::new("tests/fixtures/debrief-timing.ron"),
        std::path::Path::new("tests/fixtures/debrief-timing-commands.ron"),
    ]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout
            .lines()
            .filter(|l| !l.starts_with("  it plays"))
            .all(|l| l.ends_with("(0 warnings)")),
        "{stdout}{stderr}"
    );
}

#[test]
fn files_of_the_wrong_shape_are_told_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.ron");
    std::fs::write(&empty, "").unwrap();
    let (_, _, stderr) = check_cli(&[&empty]);
    assert!(stderr.contains("Commands(commands: ["), "{stderr}");
    // A command file written as a bare list: put it inside `Commands(commands: ...)`.
    let list = dir.path().join("list.ron");
    std::fs::write(
        &list,
        "[\n    (at: \"1m\", role: \"ic\", do: Say(\"hi\")),\n]\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = check_cli(&[&list]);
    assert!(!ok);
    assert!(stdout.contains("against the built-in scenario"), "{stdout}");
    assert!(stderr.contains("found a list"), "{stderr}");
    assert!(stderr.contains("write `Commands(commands: `"), "{stderr}");
    assert!(!stderr.contains("square brackets"), "{stderr}");
    // A scenario that is only `[]`.
    let (source, diags) = all_diagnostics("[]");
    let all = shown(&source, &diags);
    assert!(all.contains("`Scenario(...)` with named fields"), "{all}");
    assert!(!all.contains("17 values"), "{all}");
}

#[test]
fn help_texts_suggest_what_would_work_with_the_files_own_names() {
    let text = UNLEARNABLE.to_string();
    let (source, diags) = all_diagnostics(&text);
    let all = shown(&source, &diags);
    let help_of = |fact: &str| {
        diags
            .iter()
            .find(|d| d.message.contains(&format!("learn the fact `{fact}`")))
            .and_then(|d| d.help.clone())
            .unwrap_or_else(|| panic!("no error for `{fact}`:\n{all}"))
    };
    // The dashboard source that failed is not suggested again; what would work is.
    let dash = help_of("f_dash");
    assert!(!dash.contains("Inspect(service: \"db\")"), "{dash}");
    assert!(dash.contains("dashboards: [\"db\"]"), "{dash}");
    assert!(dash.contains("Inspect(service: \"api\")"), "{dash}");
    assert!(help_of("f_log").contains("logs: [\"db\"]"));
    assert!(help_of("f_alert").contains("route the alert `nobody_alert`"));
    assert!(help_of("f_ticket").contains("knows: [\"f_ticket\"]"));
    // Role examples use the file's roles, not service ids.
    let route = diags
        .iter()
        .find(|d| d.message.contains("routed to nobody"))
        .and_then(|d| d.help.clone())
        .unwrap();
    assert!(route.contains("route: [\"ic\", \"dba\"]"), "{route}");
    let text = small(
        "roles: [\"dba\"], effects: [Scale",
        "roles: [], effects: [Scale",
    );
    let (_, errs) = errors(&text);
    let help = errs
        .iter()
        .find(|d| d.message.contains("no role may take"))
        .and_then(|d| d.help.clone())
        .unwrap();
    assert!(help.contains("roles: [\"ic\", \"dba\"]"), "{help}");
}

#[test]
fn effects_that_can_do_nothing_are_warned_about() {
    let text = small(
        "effects: [CapacityLoss(\"50%\")]",
        "effects: [Partition(\"db\"), ColdCache, TrafficSurge(\"x3\"), SlowDown(\"x0\")]",
    )
    .replacen("Scale(\"db\", \"x2\")", "Scale(\"db\", \"x0\")", 1);
    let loaded =
        scenario::load_str("t.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let w = &loaded.warnings;
    let all = shown(&loaded.source, w);
    assert!(
        has_at(&text, w, "Partition(\"db\")", &["itself", "`api`"]),
        "{all}"
    );
    assert!(has_at(&text, w, "ColdCache", &["hit_rate"]), "{all}");
    assert!(
        has_at(&text, w, "TrafficSurge(", &["no traffic enters", "`api`"]),
        "{all}"
    );
    assert!(has_at(&text, w, "SlowDown(", &["x0", "x3"]), "{all}");
    assert!(
        has_at(&text, w, "Scale(\"db\", \"x0\")", &["no capacity", "x2"]),
        "{all}"
    );
    // Services that do not call each other.
    let text = small(
        "        (id: \"db\", kind: Database,",
        "        (id: \"queue\", kind: Queue, capacity: 100, latency: \"5ms\"),\n        (id: \"db\", kind: Database,",
    )
    .replacen("effects: [CapacityLoss(\"50%\")]", "effects: [Partition(\"queue\")]", 1);
    let loaded =
        scenario::load_str("t.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let all = shown(&loaded.source, &loaded.warnings);
    assert!(
        has_at(
            &text,
            &loaded.warnings,
            "Partition(\"queue\")",
            &["do not call each other", "`api`"]
        ),
        "{all}"
    );
    // A partition along a real dependency is fine.
    let text = small(
        "effects: [CapacityLoss(\"50%\")]",
        "effects: [Partition(\"api\")]",
    );
    let loaded =
        scenario::load_str("t.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert!(
        loaded.warnings.is_empty(),
        "{}",
        shown(&loaded.source, &loaded.warnings)
    );
}

#[test]
fn bot_profiles_that_cannot_work_are_warned_about() {
    let text = small(
        "(id: \"dba\", title: \"DBA\", briefing: \"b\", dashboards: [\"db\"], knows: [\"b\"])",
        "(id: \"dba\", title: \"DBA\", briefing: \"b\", dashboards: [\"db\"], knows: [\"b\"],\n             bot: (looks_first: [\"api\", \"db\"], answers: [(about: \"db\", facts: [\"a\", \"b\"])]))",
    );
    let loaded =
        scenario::load_str("t.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let w = &loaded.warnings;
    let all = shown(&loaded.source, w);
    assert!(
        has_at(
            &text,
            w,
            "\"api\", \"db\"]",
            &["looks first at `api`", "dashboards", "`db`"]
        ),
        "{all}"
    );
    assert!(
        has_at(&text, w, "\"a\", \"b\"]", &["never hold", "knows", "`b`"]),
        "{all}"
    );
    // The facts and services it does have draw no warning.
    assert_eq!(
        w.iter().filter(|d| d.message.contains("bot of")).count(),
        2,
        "{all}"
    );
}

/// Triggers that can never fire (the auditor's `cyc.ron`).
const NEVER_FIRES: &str = r#"Scenario(
    meta: (title: "Cycles", summary: "s", difficulty: Easy, time_limit: "30m"),
    services: [
        (id: "api", kind: Api, capacity: 2000, latency: "10ms"),
        (id: "db", kind: Database, capacity: 1000, latency: "5ms"),
    ],
    dependencies: [(from: "api", to: "db", timeout: "300ms")],
    traffic: [(to: "api", rps: 500)],
    faults: [
        (id: "f1", target: "db", title: "t", effects: [ErrorRate("5%")],
         trigger: When(FaultActive("f2"), "1m"), ends: [After("5m")]),
        (id: "f2", target: "db", title: "t", effects: [ErrorRate("5%")],
         trigger: When(FaultActive("f1"), "1m"), ends: [After("5m")]),
        (id: "f3", target: "db", title: "t", effects: [ErrorRate("5%")],
         trigger: After(Inject("i1"), "1m"), ends: [After("5m")]),
        (id: "f4", target: "db", title: "t", effects: [ErrorRate("5%")],
         trigger: When(At("2m"), "1m"), ends: [After("5m")]),
        (id: "f5", target: "db", title: "t", effects: [ErrorRate("5%")],
         trigger: All([At("2m"), At("3m")]), ends: [After("5m")]),
        (id: "f7", target: "db", title: "t", effects: [ErrorRate("5%")],
         trigger: At("1m"), ends: [When(FaultActive("f7"))]),
    ],
    injects: [
        (id: "i1", trigger: After(Inject("i2"), "1m"), from: "x", text: "y"),
        (id: "i2", trigger: After(Inject("i1"), "1m"), from: "x", text: "y"),
    ],
    roles: [(id: "ic", title: "IC", briefing: "b", dashboards: ["api"], commander: true, knows: ["a"]),
            (id: "dba", title: "DBA", briefing: "b", dashboards: ["db"], knows: ["b"])],
    facts: [(id: "a", text: "a"), (id: "b", text: "b")],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["a", "b"])],
    actions: [(id: "status", title: "Status", roles: ["ic"], effects: [StatusUpdate])],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "1m"),
)
"#;

/// Facts whose every source reaches nobody (the auditor's `c2.ron`).
const UNLEARNABLE: &str = r#"Scenario(
    meta: (title: "Obs", summary: "s", difficulty: Easy, time_limit: "30m"),
    services: [
        (id: "api", kind: Api, capacity: 2000, latency: "10ms"),
        (id: "db", kind: Database, capacity: 1000, latency: "5ms"),
    ],
    dependencies: [(from: "api", to: "db", timeout: "300ms", retries: 1)],
    traffic: [(to: "api", rps: 900)],
    faults: [(id: "slow", target: "db", title: "t", effects: [CapacityLoss("30%")],
              trigger: At("2m"), ends: [After("10m")])],
    logs: [
        (id: "db_log", service: "db", level: Error, text: "x", when: Always),
    ],
    alerts: [
        (id: "nobody_alert", title: "A", when: Always, for: "1m", severity: Page, route: []),
    ],
    tickets: [
        (id: "t1", from: "C", text: "x", when: Always, route: []),
    ],
    injects: [
        (id: "i1", trigger: Manual, from: "x", text: "y", to: []),
    ],
    roles: [
        (id: "ic", title: "IC", briefing: "b", dashboards: ["api"], commander: true, knows: ["k1"]),
        (id: "dba", title: "DBA", briefing: "b", knows: ["k2"]),
    ],
    facts: [
        (id: "f_log", text: "from db log nobody reads", from: [Log("db_log")]),
        (id: "f_dash", text: "db dashboard nobody has", from: [Inspect(service: "db")]),
        (id: "f_alert", text: "unrouted alert", from: [Alert("nobody_alert")]),
        (id: "f_ticket", text: "unrouted ticket", from: [Ticket("t1")]),
        (id: "f_inject", text: "empty inject", from: [Inject("i1")]),
        (id: "f_action", text: "action nobody may take", from: [Action(action: "orphan")]),
        (id: "k1", text: "k1"), (id: "k2", text: "k2"),
    ],
    hypotheses: [(id: "h", kind: RootCause, statement: "s", needs: ["k1", "k2"])],
    actions: [
        (id: "orphan", title: "Nobody", roles: ["dba"]),
        (id: "status", title: "Status", roles: ["ic"], effects: [StatusUpdate]),
    ],
    resolution: (slo: "1%", slow_after: "1s", stable_for: "1m"),
)
"#;

#[test]
fn a_misspelt_role_in_an_action_does_not_also_refuse_that_roles_bot() {
    let text = broken(
        "roles: [\"ic\"], duration: \"1m\", effects: [StatusUpdate],",
        "roles: [\"i\"], duration: \"1m\", effects: [StatusUpdate],",
    );
    assert_single(&text, "\"i\"]", &["no role `i`"], &["ic"]);
}

#[test]
fn run_warns_about_commands_that_cannot_work_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let cmds = dir.path().join("cmds.ron");
    std::fs::write(
        &cmds,
        "(commands: [(at: \"1m\", role: \"ic\", do: Run(\"check_network\"))])\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .args(["run", "scenarios/retry-storm.ron", "--commands"])
        .arg(&cmds)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("may not take the action `check_network`") && stderr.contains(":1:"),
        "{stderr}"
    );
}

/// The small scenario with two gauges, a gauge shift and two conditions on metrics.
fn with_numbers(from: &str, to: &str) -> String {
    let text = small(
        "effects: [CapacityLoss(\"50%\")]",
        "effects: [CapacityLoss(\"50%\"), ShiftGauge(metric: \"db.lag\", by: 2, over: \"1m\")]",
    )
    .replacen(
        "    roles: [",
        "    metrics: [(id: \"lag\", service: \"db\", unit: \"s\", source: Gauge(0.5)),\n              \
         (id: \"used\", service: \"db\", unit: \"%\", source: Gauge(10))],\n    \
         logs: [(id: \"slow_api\", service: \"api\", level: Warn, text: \"slow\", when: Above(\"api.latency_p95\", 100)),\n           \
         (id: \"busy_db\", service: \"db\", level: Warn, text: \"busy\", when: Below(\"db.saturation\", 90))],\n    \
         roles: [",
        1,
    );
    assert!(text.contains(from), "`{from}` is not in the scenario");
    text.replacen(from, to, 1)
}

/// Every plain number a scenario writes (metric thresholds, a gauge's start and shift) is
/// refused when it is not finite or means nothing (a negative metric, a percentage above 100),
/// at its place in the file, with what to write instead; and only once.
#[test]
fn numbers_that_mean_nothing_are_refused_where_they_are_written() {
    let ok = with_numbers("Gauge(0.5)", "Gauge(0.5)");
    scenario::load_str("ok.ron", &ok).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let above = "Above(\"api.latency_p95\", 100)";
    let below = "Below(\"db.saturation\", 90)";
    let shift = "by: 2,";
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str, &[&str], &[&str])] = &[
        (above, "Above(\"api.latency_p95\", NaN)", "NaN",
         &["the value compared with `api.latency_p95`", "`NaN`", "not a number"],
         &["in ms and never below 0", "e.g. `Above(\"api.latency_p95\", 100)`"]),
        (above, "Above(\"api.latency_p95\", -NaN)", "-NaN", &["not a number"], &["in ms"]),
        (above, "Above(\"api.latency_p95\", inf)", "inf", &["not a finite number"], &["in ms"]),
        (above, "Above(\"api.latency_p95\", -inf)", "-inf", &["not a finite number"], &["in ms"]),
        (above, "Above(\"api.latency_p95\", 1e309)", "1e309",
         &["`1e309`, which is too large", "overflows"], &["e.g. `Above("]),
        (above, "Above(\"api.latency_p95\", 2e15)", "2e15", &["too large", "1e15"], &["in ms"]),
        (above, "Above(\"api.latency_p95\", -0.5)", "-0.5", &["`-0.5`", "below 0"], &["0 or more"]),
        (below, "Below(\"db.saturation\", -1)", "-1",
         &["the value compared with `db.saturation`", "below 0"],
         &["percentage", "from 0 to 100", "e.g. `Below(\"db.saturation\", 80)`"]),
        (below, "Below(\"db.saturation\", 150)", "150", &["above 100%"], &["from 0 to 100"]),
        (below, "Below(\"db.used\", 100.5)", "100.5", &["`db.used`", "above 100%"], &["percentage"]),
        (below, "Below(\"db.lag\", -3)", "-3", &["below 0"], &["in s and never below 0"]),
        ("Gauge(0.5)", "Gauge(-1)", "-1",
         &["the start of gauge `db.lag`", "`-1`", "below 0"],
         &["a gauge starts at a number of s, 0 or more", "`source: Gauge(0)`"]),
        ("Gauge(0.5)", "Gauge(NaN)", "NaN", &["start of gauge", "not a number"], &["Gauge(0)"]),
        ("Gauge(0.5)", "Gauge(1e400)", "1e400", &["too large"], &["Gauge(0)"]),
        ("Gauge(10)", "Gauge(101)", "101", &["gauge `db.used`", "above 100%"], &["from 0 to 100"]),
        (shift, "by: -NaN,", "-NaN",
         &["the shift of `db.lag`", "`-NaN`", "not a number"],
         &["a positive number up, a negative one down", "e.g. `by: -10`"]),
        (shift, "by: inf,", "inf", &["shift of `db.lag`", "not a finite number"], &["by: -10"]),
        ("CapacityLoss(\"50%\")", "CapacityLoss(1e309)", "1e309",
         &["`1e309` is too large to be a number", "expected a percentage"], &[]),
        ("Scale(\"db\", \"x2\")", "Scale(\"db\", -1e400)", "-1e400",
         &["`-1e400` is too large to be a number", "expected a multiplier"], &[]),
        ("CapacityLoss(\"50%\")", "CapacityLoss(NaN)", "NaN",
         &["NaN is not valid here", "expected a percentage"], &[]),
        (shift, "by: -2,", "-2",
         &["takes `db.lag` below 0", "starts at 0.5 and moves by -2"],
         &["never below 0", "e.g. `by: -0.5`"]),
    ];
    for (from, to, at, message, help) in cases {
        let text = with_numbers(from, to);
        // The place is the number itself, in the changed text.
        let offset = text.find(to).unwrap() + to.find(at).unwrap();
        let (source, errs) = errors(&text);
        let all = shown(&source, &errs);
        assert_eq!(errs.len(), 1, "{to}: expected one error, got:\n{all}");
        let d = &errs[0];
        assert_eq!(
            source.line_col(d.span.unwrap().start),
            source.line_col(offset),
            "{to}: {all}"
        );
        for w in *message {
            assert!(d.message.contains(w), "{to}: message lacks `{w}`: {all}");
        }
        let h = d.help.as_deref().unwrap_or_default();
        for w in *help {
            assert!(h.contains(w), "{to}: help lacks `{w}`: {all}");
        }
    }
    // A gauge whose start is refused is not blamed again for how it is shifted.
    let text = with_numbers("Gauge(0.5)", "Gauge(NaN)").replacen(shift, "by: -2,", 1);
    let (source, errs) = errors(&text);
    assert_eq!(errs.len(), 1, "{}", shown(&source, &errs));
    // Shifting down to exactly 0, and any value in range, is fine.
    let text = with_numbers(shift, "by: -0.5,").replacen(below, "Below(\"db.used\", 100)", 1);
    scenario::load_str("ok.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));

    // `check` prints each with the file, line and column.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.ron");
    let text = with_numbers(above, "Above(\"api.latency_p95\", NaN)");
    std::fs::write(&path, &text).unwrap();
    let (ok, stdout, stderr) = check_cli(&[&path]);
    assert!(!ok, "{stdout}");
    let (line, col) = position_of(&text, "NaN)");
    assert!(
        stderr.contains(&format!("numbers.ron:{line}:{col}")),
        "{stderr}"
    );
    assert!(stdout.contains("1 error"), "{stdout}");
}

/// Found by fuzzing: a condition `Not` given two values overflowed the stack instead of being
/// reported.
#[test]
fn a_condition_given_too_many_values_is_reported() {
    let text = broken(
        "trigger: At(\"6m\")",
        "trigger: Not(At(\"6m\"), At(\"7m\"))",
    );
    let (source, errs) = errors(&text);
    let all = shown(&source, &errs);
    assert!(all.contains("`Not` takes one value"), "{all}");
}

/// A fault whose `trigger` was left out starts only when the facilitator fires it: `check` says
/// so, unless the author wrote `trigger: Manual` or an action starts it.
#[test]
fn a_fault_without_a_trigger_is_pointed_out() {
    let text = broken("         trigger: Manual,\n", "");
    let loaded = scenario::load_str("w.ron", &text).expect("a warning does not stop it");
    let w: Vec<&str> = loaded.warnings.iter().map(|d| d.message.as_str()).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("`aftershock` has no `trigger`")),
        "{w:?}"
    );
    // Written out, it is meant: no warning.
    let loaded = scenario::load_str("w.ron", DEFAULT_SCENARIO).unwrap();
    assert!(
        !loaded
            .warnings
            .iter()
            .any(|d| d.message.contains("has no `trigger`"))
    );
}

/// `check` on a command file says which roles it plays, and the `run` that plays it.
#[test]
fn a_command_file_says_which_roles_it_plays() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_firedrill"))
        .args([
            "check",
            "scenarios/retry-storm.ron",
            "tests/scripts/retry-storm-solve.ron",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("it plays ic, storage, metadata: firedrill run scenarios/retry-storm.ron --commands tests/scripts/retry-storm-solve.ron --role ic --role storage --role metadata"),
        "{stdout}"
    );
}

//! The authoring tools: `firedrill new` (templates, and a drill scaffolded from a timeline) and
//! `firedrill graph`, run as a facilitator runs them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use firedrill::scenario::model::{Cond, Expected, ScenarioFile};
use firedrill::scenario::source::{self, Severity, SourceFile};

/// The first three shipped scenarios (retry-storm, pool-exhaustion, expired-certificate).
fn shipped() -> Vec<&'static str> {
    common::shipped().take(3).collect()
}

const BIN: &str = env!("CARGO_BIN_EXE_firedrill");
/// Modelled on GitLab.com's database outage of 2017-01-31 (the public postmortem); the times
/// are approximate and the people are named by their part in it.
const TIMELINE: &str = "tests/fixtures/gitlab-2017-timeline.csv";
const TIMELINE_OPTIONS: [&str; 4] = [
    "--time-column",
    "Timestamp (UTC)",
    "--who-column",
    "Responder",
];

fn firedrill(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn ok(args: &[&str]) -> String {
    let out = firedrill(args);
    assert!(out.status.success(), "firedrill {args:?}:\n{}", text(&out));
    text(&out)
}

fn fails(args: &[&str]) -> String {
    let out = firedrill(args);
    assert!(
        !out.status.success(),
        "firedrill {args:?} succeeded:\n{}",
        text(&out)
    );
    text(&out)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn each_template_checks_clean_runs_and_an_all_bot_team_solves_it() {
    let dir = tempfile::tempdir().unwrap();
    for shape in ["two-roles", "three-tier"] {
        let file = dir.path().join(format!("{shape}.ron"));
        let said = ok(&["new", s(&file), "--shape", shape]);
        assert!(said.contains(shape), "{said}");
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written.contains("docs/scenario-format.md"));
        assert!(
            written.contains(&format!("firedrill check {}", file.display())),
            "the comments name the file"
        );
        let checked = ok(&["check", "--deny-warnings", s(&file)]);
        assert!(checked.contains("ok (0 warnings)"), "{shape}: {checked}");
        let ran = ok(&["run", s(&file)]);
        assert!(ran.contains(" at "), "{shape}: {ran}");
        let solved = ok(&["run", s(&file), "--bots", "all"]);
        assert!(
            solved.contains("diagnosed") && solved.lines().any(|l| l.starts_with("resolved at")),
            "{shape}: an all-bot team solves it:\n{solved}"
        );
    }
    // The default shape is two roles.
    let file = dir.path().join("default.ron");
    ok(&["new", s(&file)]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(dir.path().join("two-roles.ron"))
            .unwrap()
            .replace("two-roles.ron", "default.ron")
    );
}

#[test]
fn new_does_not_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.ron");
    std::fs::write(&file, "my work").unwrap();
    let said = fails(&["new", s(&file)]);
    assert!(
        said.contains("already exists") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my work");
    ok(&["new", s(&file), "--force", "--shape", "three-tier"]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Checkout cascade")
    );
    // The timeline is never the output, whatever --force says.
    let t = dir.path().join("t.csv");
    std::fs::copy(TIMELINE, &t).unwrap();
    let said = fails(&["new", s(&t), "--from-timeline", s(&t), "--force"]);
    assert!(said.contains("timeline being read"), "{said}");
    assert_eq!(std::fs::read(&t).unwrap(), std::fs::read(TIMELINE).unwrap());
    // A shape and a timeline are two ways to start: not both.
    fails(&[
        "new",
        s(&dir.path().join("x.ron")),
        "--shape",
        "two-roles",
        "--from-timeline",
        TIMELINE,
    ]);
}

/// A timeline row as the test reads it, independently of firedrill's reader.
struct Row {
    at: u64,
    who: String,
    what: String,
}

/// `YYYY-MM-DD HH:MM:SS` as seconds since the first day of the fixture's month.
fn seconds(stamp: &str) -> u64 {
    let (date, time) = stamp.split_once(' ').unwrap();
    let day: u64 = date[8..10].parse().unwrap();
    let month: u64 = date[5..7].parse().unwrap();
    let day = if month == 2 { day + 31 } else { day };
    let t: Vec<u64> = time.split(':').map(|p| p.parse().unwrap()).collect();
    day * 86_400 + t[0] * 3600 + t[1] * 60 + t[2]
}

fn fixture_rows() -> Vec<Row> {
    let mut reader = csv::Reader::from_path(TIMELINE).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let t0 = seconds(&rows[0][0]);
    rows.iter()
        .map(|r| Row {
            at: seconds(&r[0]) - t0,
            who: r[1].to_string(),
            what: r[2].to_string(),
        })
        .collect()
}

fn parse_scenario(path: &Path) -> (SourceFile, ScenarioFile) {
    let text = std::fs::read_to_string(path).unwrap();
    let src = SourceFile::new(s(path), text);
    let parsed = source::parse::<ScenarioFile>(&src);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.short(&src))
        .collect();
    assert!(
        errors.is_empty(),
        "the scaffold parses:\n{}",
        errors.join("\n")
    );
    (src, parsed.value.unwrap())
}

fn scaffold(dir: &Path, name: &str, timeline: &Path, extra: &[&str]) -> (PathBuf, String) {
    let out = dir.join(name);
    let mut args = vec!["new", s(&out), "--from-timeline", s(timeline)];
    args.extend_from_slice(extra);
    let said = ok(&args);
    (out, said)
}

#[test]
fn a_timeline_becomes_roles_facts_injects_and_decision_points() {
    let dir = tempfile::tempdir().unwrap();
    let (out, said) = scaffold(
        dir.path(),
        "gitlab.ron",
        Path::new(TIMELINE),
        &TIMELINE_OPTIONS,
    );
    assert!(
        said.contains("3 roles, 8 facts, 3 injects, 11 actions, 3 decision points"),
        "{said}"
    );
    let (_, file) = parse_scenario(&out);
    let rows = fixture_rows();
    let outside = ["GitLab.com users", "Press"];

    // Roles: the distinct people inside the team, titled as the timeline names them.
    let mut team: Vec<&str> = Vec::new();
    for r in &rows {
        if !outside.contains(&r.who.as_str()) && !team.contains(&r.who.as_str()) {
            team.push(&r.who);
        }
    }
    let titles: Vec<&str> = file.roles.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, team);
    let ids: Vec<&str> = file.roles.iter().map(|r| r.id.value.as_str()).collect();
    assert_eq!(
        ids,
        ["database_engineer", "production_engineer", "incident_lead"]
    );
    let commanders: Vec<&str> = file
        .roles
        .iter()
        .filter(|r| r.commander)
        .map(|r| r.title.as_str())
        .collect();
    assert_eq!(commanders, ["Incident lead"]);

    // Facts: what people saw, each on the cards of whoever saw it first.
    let saw = [1, 2, 5, 8, 10, 13, 16, 17];
    assert_eq!(file.facts.len(), saw.len());
    for (fact, &row) in file.facts.iter().zip(&saw) {
        assert_eq!(fact.text, rows[row].what);
        let holders: Vec<&str> = file
            .roles
            .iter()
            .filter(|r| r.knows.iter().any(|k| k.value == fact.id.value))
            .map(|r| r.title.as_str())
            .collect();
        assert_eq!(holders, [rows[row].who.as_str()], "{}", fact.id.value);
    }

    // Injects: the messages from outside, at the time they came.
    let from_outside: Vec<&Row> = rows
        .iter()
        .filter(|r| outside.contains(&r.who.as_str()))
        .collect();
    assert_eq!(file.injects.len(), from_outside.len());
    for (inject, row) in file.injects.iter().zip(&from_outside) {
        assert_eq!(inject.from, row.who);
        assert_eq!(inject.text, row.what);
        match &inject.trigger {
            Cond::At(d) => assert_eq!(d.0, row.at, "{}", inject.id.value),
            other => panic!("{}: {other:?}", inject.id.value),
        }
    }

    // Actions: what people did, for whoever did it.
    for &row in &[0, 4, 7, 9, 11, 12, 15, 21, 23] {
        let a = file
            .actions
            .iter()
            .find(|a| a.title == rows[row].what)
            .unwrap_or_else(|| panic!("an action for row {row}"));
        let role = file
            .roles
            .iter()
            .find(|r| r.title == rows[row].who)
            .unwrap();
        assert_eq!(a.roles.len(), 1);
        assert_eq!(a.roles[0].value, role.id.value);
    }

    // A decision point per decision, for its role.
    let decisions = &file.debrief.decision_points;
    assert_eq!(decisions.len(), 3);
    for (d, &row) in decisions.iter().zip(&[6, 18, 19]) {
        assert_eq!(d.title, rows[row].what);
        let role = file
            .roles
            .iter()
            .find(|r| r.title == rows[row].who)
            .unwrap();
        assert_eq!(d.role.as_ref().unwrap().value, role.id.value);
        assert_eq!(d.until.0, rows[row].at + 300);
    }
    // Resynchronising db2 was carried out by wiping it; restoring is an action of its own;
    // keeping the public informed is a status update.
    let expects: Vec<String> = decisions
        .iter()
        .map(|d| match &d.expect {
            Expected::Action(a) => a.value.clone(),
            Expected::StatusUpdate => "status update".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        expects,
        [
            "wiped_data_directory_db2_started",
            "restore_lvm_snapshot_taken_17",
            "status update"
        ]
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("clock_start: \"17:20\""));
    assert!(text.contains("time_limit: \"24h\""), "a day at most");
}

/// Everything written from the timeline is valid: `check` reports only the places left to
/// fill in, and with those filled in the scenario loads.
#[test]
fn a_scaffold_has_errors_only_where_it_says_todo() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = scaffold(
        dir.path(),
        "gitlab.ron",
        Path::new(TIMELINE),
        &TIMELINE_OPTIONS,
    );
    let said = fails(&["check", s(&out)]);
    assert!(said.contains("TODO_service"), "{said}");
    let text = std::fs::read_to_string(&out).unwrap();
    let errors = match firedrill::scenario::load_str(s(&out), &text) {
        Ok(_) => panic!("the placeholders are reported"),
        Err(e) => e.diagnostics,
    };
    let src = SourceFile::new(s(&out), text.as_str());
    let mut places = 0;
    for d in errors.iter().filter(|d| d.is_error()) {
        let span = d.span.unwrap_or_else(|| panic!("{}", d.short(&src)));
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        let line = &text[line_start..line_end];
        assert!(
            line.contains("TODO"),
            "an error outside the TODO places: {}",
            d.short(&src)
        );
        places += 1;
    }
    assert!(
        places >= 3,
        "services, faults and hypotheses are reported: {errors:?}"
    );
    // Filled in, with the generated parts as they are.
    let filled = text
        .replace(
            "(id: \"TODO_service\", kind: Api, capacity: 0, latency: \"10ms\")",
            "(id: \"TODO_service\", kind: Api, capacity: 1000, latency: \"10ms\")",
        )
        .replace(
            "effects: [], trigger: At(\"1m\")",
            "effects: [Crash], trigger: At(\"1m\"), ends: [After(\"10m\")]",
        )
        .replace(
            "needs: []",
            "needs: [\"noticed_database_load_rising_gitlab\", \"replication_lag_alert_db2_stopped\"]",
        );
    assert_ne!(filled, text);
    if let Err(e) = firedrill::scenario::load_str("filled.ron", &filled) {
        panic!("{}", e.render(false));
    }
}

#[test]
fn a_json_timeline_gives_the_same_drill() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<serde_json::Value> = {
        let mut reader = csv::Reader::from_path(TIMELINE).unwrap();
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                let mut o =
                    serde_json::json!({"timestamp": &r[0], "actor": &r[1], "message": &r[2]});
                if !r[3].is_empty() {
                    o["type"] = serde_json::Value::String(r[3].to_string());
                }
                o
            })
            .collect()
    };
    let json = dir.path().join("gitlab-2017-timeline.json");
    std::fs::write(&json, serde_json::to_string_pretty(&rows).unwrap()).unwrap();
    let csv = dir.path().join("gitlab-2017-timeline.csv");
    std::fs::copy(TIMELINE, &csv).unwrap();
    let (from_json, _) = scaffold(dir.path(), "a.ron", &json, &[]);
    let (from_csv, _) = scaffold(dir.path(), "b.ron", &csv, &TIMELINE_OPTIONS);
    let a = std::fs::read_to_string(from_json).unwrap();
    let b = std::fs::read_to_string(from_csv).unwrap();
    assert_eq!(a.replace(".json", ".csv"), b);
}

#[test]
fn a_malformed_timeline_is_refused_naming_the_file_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("drill.ron");
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "time,who,what\n14:00,Alice,Paged for API errors\n14:05,Bob,Saw the database at 100% CPU\n25:99,Alice,Restarted the API\n",
            "row 3 (line 4): `25:99` is not a time",
            &[],
        ),
        (
            "time,who,what\n14:00,Alice,Paged\n14:05,Bob,Saw it\n13:00,Bob,Restarted it\n",
            "row 3 (line 4): `13:00` is before the row above it",
            &[],
        ),
        (
            "time,who,what,kind\n14:00,Alice,Paged,heard\n",
            "row 1 (line 2): `heard` is not a kind",
            &[],
        ),
        (
            "time,who,what\n14:00,,Paged\n",
            "row 1 (line 2): `who` is empty",
            &[],
        ),
        ("when,who\n14:00,Alice\n", "has no what column", &[]),
        (
            "time,who,what\n14:00,Alice,Paged\n",
            "has no column `Occurred` (named by --time-column)",
            &["--time-column", "Occurred"],
        ),
    ];
    for (i, (csv, expected, extra)) in cases.iter().enumerate() {
        let t = dir.path().join(format!("bad-{i}.csv"));
        std::fs::write(&t, csv).unwrap();
        let mut args = vec!["new", s(&out), "--from-timeline", s(&t)];
        args.extend_from_slice(extra);
        let said = fails(&args);
        assert!(
            said.contains(&format!("bad-{i}.csv")) && said.contains(expected),
            "{expected}:\n{said}"
        );
        assert!(!said.contains("panicked"));
        assert!(!out.exists(), "nothing is written");
    }
    let t = dir.path().join("bad.json");
    std::fs::write(&t, "[{\"time\": \"14:00\", \"who\": \"Alice\", \"what\": \"Paged\"},\n {\"time\": \"14:0x\", \"who\": \"Bob\", \"what\": \"Saw\"}]").unwrap();
    let said = fails(&["new", s(&out), "--from-timeline", s(&t)]);
    assert!(
        said.contains("bad.json`, row 2: `14:0x` is not a time"),
        "{said}"
    );
    std::fs::write(&t, "[{\"time\": \"14:00\",").unwrap();
    let said = fails(&["new", s(&out), "--from-timeline", s(&t)]);
    assert!(said.contains("bad.json`, line 1"), "{said}");
}

/// Every element's text, and the `<svg>` root's name.
fn svg_texts(svg: &str) -> (String, Vec<String>) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    (root.tag_name().name().to_string(), texts)
}

#[test]
fn graph_draws_every_service_of_each_shipped_scenario_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let mut scenarios: Vec<PathBuf> = shipped().iter().map(PathBuf::from).collect();
    let tier = dir.path().join("three-tier.ron");
    ok(&["new", s(&tier), "--shape", "three-tier"]);
    scenarios.push(tier);
    for path in &scenarios {
        let svg = ok(&["graph", s(path)]);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(
            doc.root_element().tag_name().namespace(),
            Some("http://www.w3.org/2000/svg"),
            "a standalone SVG file"
        );
        let (root, texts) = svg_texts(&svg);
        assert_eq!(root, "svg");
        let sc = firedrill::scenario::load_path(s(path))
            .ok()
            .unwrap()
            .scenario;
        for service in &sc.services {
            assert!(
                texts.iter().any(|t| *t == *service.id),
                "{}: service {}",
                path.display(),
                service.id
            );
        }
        for role in &sc.roles {
            assert!(texts.iter().any(|t| *t == *role.id), "role {}", role.id);
        }
        // A mark per fault, and an arrow per call and traffic source.
        let count = |class: &str| {
            doc.descendants()
                .filter(|n| n.attribute("class") == Some(class))
                .count()
        };
        assert_eq!(count("fault-mark"), sc.faults.len());
        assert_eq!(count("call"), sc.deps.len());
        assert_eq!(count("traffic"), sc.traffic.len());
        // The same scenario always gives the same picture.
        assert_eq!(ok(&["graph", s(path)]), svg);
    }
    // --out writes the file; the scenario itself is never the output.
    let out = dir.path().join("storm.svg");
    let said = ok(&["graph", shipped()[0], "--out", s(&out)]);
    assert!(said.contains("storm.svg"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        ok(&["graph", shipped()[0]])
    );
    let copy = dir.path().join("s.ron");
    std::fs::copy(shipped()[0], &copy).unwrap();
    let said = fails(&["graph", s(&copy), "--out", s(&copy)]);
    assert!(said.contains("is the scenario"), "{said}");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(shipped()[0]).unwrap()
    );
    // A scenario with errors is reported, not drawn.
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Scenario(meta: (title: \"x\"))").unwrap();
    let said = fails(&["graph", s(&broken)]);
    assert!(said.contains("broken.ron"), "{said}");
}

#[test]
fn the_html_debrief_shows_the_system() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run.jsonl");
    ok(&["run", shipped()[1], "--out", s(&run)]);
    let html = ok(&["debrief", s(&run), "--format", "html"]);
    assert!(html.contains("<section id=\"system\"><h2>The system</h2>"));
    let start = html
        .find("<svg class=\"chart\" id=\"system-chart\"")
        .unwrap();
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    let (root, texts) = svg_texts(&html[start..end]);
    assert_eq!(root, "svg");
    let sc = firedrill::scenario::load_path(shipped()[1])
        .ok()
        .unwrap()
        .scenario;
    for service in &sc.services {
        assert!(texts.iter().any(|t| *t == *service.id), "{}", service.id);
    }
    // The page still refers to nothing outside itself.
    assert!(!html.contains("http://") && !html.contains("https://"));
}

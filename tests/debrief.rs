//! The debrief: milestones and durations on known ticks, who knew what when, communication,
//! hypotheses, decision points, a blameless agenda, and the exports (Markdown, self-contained
//! HTML with SVG charts, JSON, CSV).

mod common;

use common::recording::*;
use firedrill::debrief::{self, Debrief, LaneKind, MilestoneKind, Phase, Timing};
use firedrill::record::RunFile;
use firedrill::record::replay::stored_scenario;
use firedrill::sim::RunOptions;
use firedrill::sim::log::{EventBody, Truth};

/// The timing drill run with its script (see tests/fixtures/debrief-timing*.ron).
fn timing() -> (RunFile, Debrief) {
    let sc = load(TIMING);
    let cmds = commands(TIMING_COMMANDS, &sc);
    let (bytes, _) = record(&sc, &RunOptions::new(sc.seed), &cmds);
    let run = parse(&bytes);
    let stored = stored_scenario(&run.header).unwrap();
    let d = debrief::from_run(&run, &stored);
    (run, d)
}

fn milestone(d: &Debrief, kind: MilestoneKind) -> Option<u64> {
    d.milestones.iter().find(|m| m.kind == kind).unwrap().tick
}

/// Every milestone follows from the fixture by hand:
/// the crash starts at 2m and every request fails (impact, and the ops log line, at 120); the
/// alert holds for 1m (180); ic acknowledges at 4m (240); proposes the wrong hypothesis at 5m
/// (300) and the right one at 6m30s (390), confirms it at 7m (420); the status update runs 30s
/// from 4m30s (300); the restart runs 1m from 8m and ends the fault (540); impact stays under the
/// SLO for the 2m stabilisation window (660).
#[test]
fn milestones_and_durations_are_the_expected_ticks() {
    let (_, d) = timing();
    use MilestoneKind::*;
    let expected = [
        (ImpactStarted, 120),
        (FirstSignal, 120),
        (FirstAlert, 180),
        (FirstAcknowledgement, 240),
        (FirstHypothesis, 300),
        (FirstCorrectHypothesis, 390),
        (Diagnosed, 420),
        (Mitigated, 540),
        (Resolved, 660),
        (FirstCommunication, 300),
    ];
    for (kind, tick) in expected {
        assert_eq!(milestone(&d, kind), Some(tick), "{kind:?}");
    }
    let signal = d.milestones.iter().find(|m| m.kind == FirstSignal).unwrap();
    assert_eq!(
        signal.detail.as_deref(),
        Some("api log: connection refused")
    );
    assert_eq!(signal.role.as_deref(), Some("ops"));
    let durations: Vec<(&str, Option<i64>)> = d
        .durations
        .iter()
        .map(|x| (x.label.as_str(), x.seconds))
        .collect();
    assert_eq!(
        durations,
        [
            ("time to detect", Some(60)),
            ("time to acknowledge", Some(60)),
            ("time to diagnose", Some(300)),
            ("time to mitigate", Some(420)),
            ("time to resolve", Some(540)),
            ("time to first external communication", Some(180)),
        ]
    );
    let end = d.run.end.as_ref().unwrap();
    assert!(end.resolved && end.tick == 660);
    assert!(d.run.complete);
}

#[test]
fn the_timeline_holds_the_impact_curve_fault_bands_and_markers() {
    let (run, d) = timing();
    let samples = run
        .events
        .iter()
        .filter(|e| matches!(e.body, EventBody::Truth(Truth::Impact { .. })))
        .count();
    assert_eq!(d.timeline.impact.len(), samples);
    assert!(d.timeline.impact.iter().all(|p| p.tick % 10 == 0));
    let during = d.timeline.impact.iter().find(|p| p.tick == 300).unwrap();
    assert_eq!(during.ppm, 1_000_000, "a crashed API fails every request");
    let before = d.timeline.impact.iter().find(|p| p.tick == 60).unwrap();
    assert_eq!(before.ppm, 0);
    assert_eq!(d.timeline.faults.len(), 1);
    let band = &d.timeline.faults[0];
    assert_eq!((band.start, band.end), (120, Some(540)));
    assert!(
        band.ended_by
            .as_deref()
            .unwrap()
            .contains("Restart the API")
    );
    let milestone_marks = d
        .timeline
        .markers
        .iter()
        .filter(|m| m.kind == debrief::MarkerKind::Milestone)
        .count();
    assert_eq!(milestone_marks, 10);
    assert!(
        d.timeline
            .markers
            .windows(2)
            .all(|w| w[0].tick <= w[1].tick)
    );
}

#[test]
fn who_knew_what_follows_each_fact_to_the_commander() {
    let (_, d) = timing();
    let fact = |id: &str| d.knowledge.iter().find(|j| j.fact == id).unwrap();
    let role =
        |j: &debrief::FactJourney, r: &str| j.roles.iter().find(|x| x.role == r).unwrap().clone();

    let logs = fact("api_refusing");
    assert!(logs.key);
    let ops = role(logs, "ops");
    assert_eq!((ops.available, ops.seen), (Some(120), Some(120)));
    assert_eq!(ops.shared.len(), 1);
    assert_eq!(
        (ops.shared[0].tick, ops.shared[0].to.as_deref()),
        (360, Some("ic"))
    );
    let ic = role(logs, "ic");
    assert_eq!((ic.available, ic.seen), (Some(360), Some(360)));
    assert_eq!(
        ic.seen_via.as_deref(),
        Some("shared by the Operations on-call")
    );
    // Discarding the network theory is the first thing ic did with it.
    assert_eq!(ic.acted_on.as_ref().map(|a| a.tick), Some(375));
    let reach = logs.to_commander.as_ref().unwrap();
    assert_eq!(
        (reach.learnt, reach.since_available, reach.since_seen),
        (Some(360), Some(240), Some(240))
    );

    // On a dashboard both roles have: available to both from the crash, seen only by the role
    // watching it, from when it started watching.
    let dash = fact("api_dashboard_red");
    let ops = role(dash, "ops");
    assert_eq!((ops.available, ops.seen), (Some(120), Some(150)));
    assert_eq!(ops.available_via.as_deref(), Some("the api dashboard"));
    let ic = role(dash, "ic");
    assert_eq!((ic.available, ic.seen), (Some(120), None));
    assert_eq!(dash.to_commander.as_ref().unwrap().learnt, None);

    let card = role(fact("no_change_today"), "ic");
    assert_eq!(
        (card.available, card.seen, card.seen_via.as_deref()),
        (Some(0), Some(0), Some("knowledge card"))
    );
}

/// Wherever people read how a role came to know a fact, the role that shared it is named by its
/// title, as everywhere else in the debrief, and never by its id.
#[test]
fn a_shared_fact_names_the_role_that_shared_it_by_its_title() {
    let (_, d) = timing();
    let md = debrief::markdown::render(&d);
    let html = debrief::html::render(&d);
    for (format, text) in [("Markdown", &md), ("HTML", &html)] {
        assert!(
            text.contains("(shared by the Operations on-call)"),
            "{format}:\n{text}"
        );
        assert!(!text.contains("shared by ops"), "{format}:\n{text}");
    }
    // The chart's marks say who the fact was available to in the same words.
    assert!(
        html.contains("available to Incident commander (shared by the Operations on-call)"),
        "{html}"
    );
}

#[test]
fn communication_hypotheses_and_decisions() {
    let (_, d) = timing();
    let q = &d.communication.questions;
    assert_eq!(q.len(), 1);
    assert_eq!(
        (q[0].tick, q[0].from.as_str(), q[0].to.as_str()),
        (330, "ic", "ops")
    );
    let a = q[0].answer.as_ref().expect("answered by the share");
    assert_eq!((a.tick, a.wait), (360, 30));
    let h = &d.communication.handoffs;
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].fact.as_str(), h[0].held_for),
        ("api_refusing", Some(240))
    );
    let link = d
        .communication
        .links
        .iter()
        .find(|l| l.from == "ic")
        .unwrap();
    assert_eq!((link.to.as_deref(), link.questions), (Some("ops"), 1));

    let hyp = |id: &str| d.hypotheses.iter().find(|h| h.id == id).unwrap();
    let network = hyp("network");
    assert_eq!(network.proposed.as_ref().map(|p| p.tick), Some(300));
    assert_eq!(network.discarded.as_ref().map(|p| p.tick), Some(375));
    assert_eq!(network.steps.len(), 2);
    let crash = hyp("crash");
    assert_eq!(crash.proposed.as_ref().map(|p| p.tick), Some(390));
    assert_eq!(
        crash.confirmed.as_ref().map(|p| (p.tick, p.role.as_str())),
        Some((420, "ic"))
    );

    let restart = d.decisions.iter().find(|x| x.id == "restart").unwrap();
    assert_eq!(restart.timing, Timing::InWindow);
    assert_eq!(
        restart.taken.as_ref().map(|t| (t.tick, t.role.as_str())),
        Some((480, "ops"))
    );
    assert_eq!(restart.knew, ["api_refusing", "api_dashboard_red"]);
    assert!(restart.key_facts_missing.is_empty());
    let tell = d.decisions.iter().find(|x| x.id == "tell_ic").unwrap();
    assert_eq!(
        tell.timing,
        Timing::Late,
        "shared at 6m, the window closed at 4m"
    );
}

#[test]
fn swimlanes_show_what_each_role_saw_did_and_said() {
    let (_, d) = timing();
    let lane = |r: &str| &d.swimlanes.iter().find(|l| l.role == r).unwrap().items;
    let ops = lane("ops");
    let logs = ops.iter().find(|i| i.what == "log").unwrap();
    assert_eq!(logs.kind, LaneKind::Saw);
    assert_eq!(logs.tick, 120);
    assert!(logs.repeats > 1, "repeats are folded into one item");
    let said = ops.iter().find(|i| i.kind == LaneKind::Said).unwrap();
    assert_eq!((said.tick, said.what.as_str()), (360, "share"));
    let ic = lane("ic");
    let did: Vec<u64> = ic
        .iter()
        .filter(|i| i.kind == LaneKind::Did)
        .map(|i| i.tick)
        .collect();
    assert!(
        did.contains(&240) && did.contains(&270) && did.contains(&420),
        "{did:?}"
    );
    assert!(ic.windows(2).all(|w| w[0].tick <= w[1].tick));
    assert!(ic.iter().all(|i| i.what != "metrics"));
}

const BLAME: [&str; 9] = [
    "blame",
    "fault of",
    "failed to",
    "should have",
    "mistake",
    "too slow",
    "slow to",
    "error by",
    "why didn't",
];

#[test]
fn the_agenda_follows_pearls_with_blameless_prompts_at_key_moments() {
    let (_, d) = timing();
    let phases: Vec<Phase> = d.agenda.phases.iter().map(|p| p.phase).collect();
    assert_eq!(
        phases,
        [
            Phase::Reactions,
            Phase::Description,
            Phase::Analysis,
            Phase::Summary
        ]
    );
    let analysis = &d.agenda.phases[2];
    let journey = analysis
        .prompts
        .iter()
        .find(|p| p.text.contains("What was going on between?"))
        .expect("a prompt about the key fact's journey");
    assert_eq!(journey.tick, Some(120));
    assert!(
        journey.text.starts_with("The operations on-call knew “The API refuses every connection” from 09:02; the incident commander learnt of it at 09:06."),
        "{}",
        journey.text
    );
    assert!(analysis.prompts.iter().any(|p| p.from_scenario));
    let ticks: Vec<u64> = analysis.prompts.iter().filter_map(|p| p.tick).collect();
    assert!(ticks.windows(2).all(|w| w[0] <= w[1]), "in time order");
    for phase in &d.agenda.phases {
        for p in &phase.prompts {
            let lower = p.text.to_lowercase();
            for word in BLAME {
                assert!(!lower.contains(word), "“{}” contains “{word}”", p.text);
            }
        }
    }
}

#[test]
fn the_html_page_is_self_contained_and_draws_its_charts() {
    let (sc, bytes, _) = storm_run();
    let run = parse(&bytes);
    let d = debrief::from_run(&run, &sc);
    let html = debrief::html::render(&d);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    for bad in [
        "src=\"http",
        "href=\"http",
        "src='http",
        "href='http",
        "url(",
        "@import",
        "<script",
        "<link",
        "<iframe",
    ] {
        assert!(
            !lower.contains(bad),
            "the page refers outside itself: {bad}"
        );
    }
    assert!(!lower.contains("http://") && !lower.contains("https://"));
    for id in ["impact-chart", "swimlane-chart", "knowledge-chart"] {
        assert!(
            html.contains(&format!("<svg class=\"chart\" id=\"{id}\"")),
            "{id}"
        );
    }
    // The impact series has a point per ground-truth sample.
    let start = html.find("class=\"impact-series\" points=\"").unwrap();
    let points = html[start..].split('"').nth(3).unwrap();
    assert_eq!(points.split(' ').count(), d.timeline.impact.len());
    assert_eq!(
        html.matches("class=\"fault-band\"").count(),
        d.timeline.faults.len()
    );
    assert_eq!(html.matches("<g class=\"lane\"").count(), sc.roles.len());
    assert_eq!(
        html.matches("class=\"marker milestone\"").count(),
        d.milestones.iter().filter(|m| m.tick.is_some()).count()
    );
    assert!(html.contains("Facilitator agenda (PEARLS)"));
    // Text from the run is escaped.
    assert!(!html.contains("<b>saw</b> 'x'"));
}

#[test]
fn markdown_json_and_csv_exports() {
    let (run, d) = timing();
    let md = debrief::markdown::render(&d);
    assert!(md.starts_with("# Debrief: Timing drill"));
    assert!(md.contains("| impact started | 09:02 (02:00) |"));
    assert!(md.contains("| time to resolve | impact started | resolved | 9 min |"));
    assert!(md.contains("## Facilitator agenda (PEARLS)"));

    let json = debrief::json::render(&d, &run.events);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["format"], "firedrill-debrief");
    let back: Debrief = serde_json::from_value(doc["debrief"].clone()).unwrap();
    assert_eq!(back, d, "the model round-trips");
    assert_eq!(doc["events"].as_array().unwrap().len(), run.events.len());

    let sc = load(TIMING);
    let csv = debrief::csv::render(&sc, &run.events);
    let rows = parse_csv(&csv);
    assert_eq!(rows[0].join(","), debrief::csv::HEADER);
    assert_eq!(rows.len(), run.events.len() + 1);
    assert!(
        rows.iter().all(|r| r.len() == 9),
        "every row has every column"
    );
    let share = rows.iter().find(|r| r[4] == "seen.fact_shared").unwrap();
    assert_eq!(
        (share[1].as_str(), share[3].as_str(), share[5].as_str()),
        ("360", "09:06", "ops")
    );
    let metrics = rows.iter().find(|r| r[4] == "seen.metrics").unwrap();
    assert!(metrics[8].contains("error_rate="), "{:?}", metrics);
}

/// A tiny RFC 4180 reader, enough to check the export's quoting.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let (mut row, mut field, mut quoted) = (vec![], String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn a_debrief_of_a_cut_run_says_it_is_incomplete() {
    let (_, bytes, _) = storm_run();
    let run = RunFile::parse(&bytes[..bytes.len() / 2]).unwrap();
    let sc = stored_scenario(&run.header).unwrap();
    let d = debrief::from_run(&run, &sc);
    assert!(!d.run.complete);
    assert!(d.run.end.is_none());
    assert_eq!(d.run.length, run.ticks());
    assert!(debrief::markdown::render(&d).contains("the record is incomplete"));
}

#[test]
fn the_debrief_command_writes_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let run_path = dir.path().join("run.jsonl");
    let bin = env!("CARGO_BIN_EXE_firedrill");
    let ok = std::process::Command::new(bin)
        .args(["run", TIMING, "--commands", TIMING_COMMANDS, "--out"])
        .arg(&run_path)
        .output()
        .unwrap();
    assert!(ok.status.success());
    for (file, start) in [
        ("d.md", "# Debrief"),
        ("d.html", "<!DOCTYPE html>"),
        ("d.json", "{"),
        ("d.csv", "time,elapsed,role,kind,what happened"),
    ] {
        let out = dir.path().join(file);
        let status = std::process::Command::new(bin)
            .arg("debrief")
            .arg(&run_path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(status.status.success());
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with(start), "{file}");
    }
    // The CSV reads as a timeline: who did what, by role title, in time order; the raw log is
    // still there as csv-raw.
    let csv = std::fs::read_to_string(dir.path().join("d.csv")).unwrap();
    assert!(
        csv.contains("\n09:02,02:00,(what was true),fault,The API process crashed began on api"),
        "{csv}"
    );
    assert!(
        csv.contains("\n09:06,06:00,Operations on-call,said · share,"),
        "{csv}"
    );
    assert!(!csv.contains(",ops,"), "roles by title, not id: {csv}");
    let times: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
    let raw = std::process::Command::new(bin)
        .arg("debrief")
        .arg(&run_path)
        .args(["--format", "csv-raw"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&raw.stdout).starts_with(debrief::csv::HEADER));
    let bad = std::process::Command::new(bin)
        .args(["debrief", "/no/such/run.jsonl"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot read"));
}

/// Optional: renders the page in headless Chromium when it is installed, and checks that the
/// charts are painted (the impact curve's red is in the screenshot).
#[test]
fn the_html_page_renders_in_headless_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        // Under CI (`.ci/run` installs Chromium) a missing browser is a failure, not a skip.
        assert!(
            std::env::var_os("FIREDRILL_CI").is_none(),
            "FIREDRILL_CI is set but chromium is missing"
        );
        eprintln!("chromium is not installed; skipping the screenshot check");
        return;
    };
    let (sc, bytes, _) = storm_run();
    let run = parse(&bytes);
    let mut d = debrief::from_run(&run, &sc);
    debrief::clue::compute(&run, &sc, &mut d);
    assert!(
        !d.clue_costs.is_empty(),
        "the storm's log fact reached the commander late"
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("debrief.html");
    let shot = dir.path().join("shot.png");
    std::fs::write(&page, debrief::html::render(&d)).unwrap();
    let profile = dir.path().join("profile");
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1400,12000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Decode the screenshot and look for the charts' own colours: the impact curve's red line
    // and the swimlanes' saw/did/said marks. A blank or unstyled page has none of them.
    let file = std::fs::File::open(&shot).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1400, 12000));
    let step = info.line_size / info.width as usize;
    assert!(step >= 3, "an RGB(A) screenshot");
    let pixels = || buf[..info.buffer_size()].chunks_exact(step);
    let count = |hex: &str| {
        let c: Vec<u8> = (0..3)
            .map(|i| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap())
            .collect();
        pixels()
            .filter(|p| p[..3].iter().zip(&c).all(|(a, b)| a.abs_diff(*b) <= 6))
            .count()
    };
    let impact_red = count("#d64541");
    assert!(
        impact_red >= 100,
        "the impact curve's red is drawn: {impact_red} pixels"
    );
    for (what, hex) in [("saw", "#3b6fc4"), ("did", "#d9821e"), ("said", "#2a9457")] {
        let n = count(hex);
        assert!(n >= 20, "the swimlanes' {what} colour is drawn: {n} pixels");
    }
    // What a clue cost sits in the page's only note box (the run is whole and no fork).
    let note = count("#fff7e0");
    assert!(note >= 2000, "the clue-cost note is drawn: {note} pixels");

    // The page as the browser built it: the contents lead, then the summary's agenda; every
    // entry of the contents goes to a section that is there; the new sections hold their tables.
    let dom = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile2").display()
        ))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(dom.status.success());
    let dom = String::from_utf8_lossy(&dom.stdout);
    let at = |needle: &str| {
        dom.find(needle)
            .unwrap_or_else(|| panic!("no `{needle}` in the page"))
    };
    assert!(
        at("<nav id=\"contents\"") < at("<section id=\"agenda\"")
            && at("<section id=\"agenda\"") < at("<section id=\"milestones\"")
    );
    let toc = &dom[at("<nav id=\"contents\"")..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    let links: Vec<&str> = toc
        .split("href=\"#")
        .skip(1)
        .map(|l| &l[..l.find('"').unwrap()])
        .collect();
    for section in [
        "agenda",
        "ledger",
        "pooling",
        "clue-costs",
        "knowledge",
        "swimlanes",
    ] {
        assert!(
            links.contains(&section),
            "the contents lack {section}: {links:?}"
        );
    }
    for id in &links {
        assert!(
            dom.contains(&format!("<section id=\"{id}\">")),
            "no section {id}"
        );
    }
    let ledger = &dom[at("<section id=\"ledger\">")..];
    let ledger = &ledger[..ledger.find("</section>").unwrap()];
    assert_eq!(
        ledger.matches("<tr>").count(),
        d.ledger.len() + 1,
        "a row per fact under the heading"
    );
    let costs = &dom[at("<section id=\"clue-costs\">")..];
    assert!(costs[..costs.find("</section>").unwrap()].contains("not a verdict"));
    assert!(
        dom.contains("class=\"mark-label\""),
        "labelled swimlane marks"
    );
}

/// The whole Markdown debrief — milestones, decision points (taken and missed), who knew what,
/// the agenda — keeps to blameless wording, for runs solved and runs where nobody did anything.
#[test]
fn every_markdown_debrief_is_blameless() {
    type Runs = Vec<(
        String,
        Vec<u8>,
        std::sync::Arc<firedrill::scenario::Scenario>,
    )>;
    let mut runs: Runs = Vec::new();
    let mut authored = std::collections::HashMap::new();
    for (path, script) in [
        (TIMING, Some(TIMING_COMMANDS)),
        (TIMING, None),
        (STORM, Some(STORM_SOLVE)),
        (STORM, None),
        ("scenarios/pool-exhaustion.ron", None),
        ("scenarios/expired-certificate.ron", None),
        (
            "scenarios/expired-certificate.ron",
            Some("tests/scripts/expired-certificate-solve.ron"),
        ),
    ] {
        let sc = load(path);
        let cmds = script.map(|s| commands(s, &sc)).unwrap_or_default();
        let (bytes, _) = record(&sc, &RunOptions::new(sc.seed), &cmds);
        let name = format!("{path} with {script:?}");
        let mut texts = string_literals(&std::fs::read_to_string(path).unwrap());
        if let Some(s) = script {
            texts.extend(string_literals(&std::fs::read_to_string(s).unwrap()));
        }
        authored.insert(name.clone(), texts);
        runs.push((name, bytes, sc));
    }
    let mut missed = 0;
    for (name, bytes, sc) in &runs {
        let run = parse(bytes);
        let mut d = debrief::from_run(&run, sc);
        // What a clue cost is worded blamelessly too.
        debrief::clue::compute(&run, sc, &mut d);
        missed += d
            .decisions
            .iter()
            .filter(|x| x.timing == Timing::NotTaken)
            .count();
        // What the scenario's author and the players wrote is quoted as it was (a message saying
        // "some blame a DDoS" is part of the story); the check is on the debrief's own words.
        let mut md = debrief::markdown::render(&d).to_lowercase();
        for quoted in &authored[name.as_str()] {
            md = md.replace(quoted.as_str(), "");
        }
        for word in BLAME {
            if let Some(at) = md.find(word) {
                let around = &md[at.saturating_sub(120)..(at + 120).min(md.len())];
                panic!("{name}: the debrief says “{word}”: …{around}…");
            }
        }
    }
    assert!(missed >= 3, "the runs include missed decision points");
}

/// The text of every "…" string of 12 characters or more in a RON file, lowercased, longest first (so a text is removed
/// before any shorter text inside it).
fn string_literals(ron: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = ron.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut text = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => text.extend(chars.next()),
                '"' => break,
                c => text.push(c),
            }
        }
        // Only sentences: removing short names ("ic", "db") could cut into the debrief's words.
        if text.len() >= 12 {
            out.push(text.to_lowercase());
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.len()));
    out
}

/// A run file that stops before its first tick is whole (a run killed at once): the debrief
/// names the run's own seed and bots, from the header, and says the record holds nothing,
/// rather than the scenario's default seed and a stop "at 00:00".
#[test]
fn a_debrief_of_a_run_with_no_complete_tick_says_so() {
    let sc = load(STORM);
    let mut options = RunOptions::new(sc.seed + 4242);
    options.bots = vec!["queue".into()];
    let (bytes, _) = record(&sc, &options, &[]);
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    for cut in [header_end - 1, header_end, header_end + 40] {
        let run = RunFile::parse(&bytes[..cut]).unwrap();
        assert_eq!(run.ticks(), 0, "cut at {cut}");
        let stored = stored_scenario(&run.header).unwrap();
        let d = debrief::from_run(&run, &stored);
        assert_eq!(d.run.seed, sc.seed + 4242, "cut at {cut}");
        assert_eq!(d.run.bots, ["queue"]);
        assert!(d.roles.iter().any(|r| r.id == "queue" && r.bot));
        assert!(d.roles.iter().all(|r| r.bot == (r.id == "queue")));
        let md = debrief::markdown::render(&d);
        assert!(md.contains(&format!("- Seed {},", sc.seed + 4242)), "{md}");
        assert!(md.contains("Played by bots: Queue service on-call"), "{md}");
        assert!(
            md.contains("the record stops before its first second was complete"),
            "{md}"
        );
        assert!(!md.contains("the record stops at"), "{md}");
        let html = debrief::html::render(&d);
        assert!(html.contains("holds nothing of the run"));
    }
    // With a tick or more, it says where the record stops, as before.
    let cut = header_end
        + bytes[header_end..]
            .windows(7)
            .position(|w| w == b"{\"end\":")
            .unwrap();
    let line_end = cut + bytes[cut..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let run = RunFile::parse(&bytes[..line_end]).unwrap();
    assert_eq!(run.ticks(), 1);
    let d = debrief::from_run(&run, &stored_scenario(&run.header).unwrap());
    assert!(debrief::markdown::render(&d).contains("the record stops at"));
}

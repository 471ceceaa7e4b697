//! The real window: the trainee console, the facilitator console and the debrief viewer run under
//! Xvfb with Mesa's software Vulkan (lavapipe), driven by scripts in `tests/gui/` that click and
//! type through the same input path as a person. Each run writes screenshots and a report of what
//! egui drew to `target/gui-screenshots/`; this test checks the report, the pictures and the run
//! files, and that the trainee session replays exactly with `firedrill replay`.
//!
//! Needs Xvfb and a Vulkan driver (Debian: `xvfb mesa-vulkan-drivers libvulkan1
//! libxkbcommon-x11-0`; `.ci/run` installs them). Without Xvfb the test says so loudly and skips.

#![cfg(feature = "gui")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_firedrill");

/// The real-window tests take turns: software rendering on a small machine is slow enough that a
/// second window at once makes the scripts' timing flaky.
static WINDOWS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[derive(Debug, Deserialize)]
struct Report {
    ok: bool,
    failures: Vec<String>,
    snapshots: BTreeMap<String, Vec<Drawn>>,
    /// Per snapshot, the screen's named regions in points.
    #[serde(default)]
    regions: BTreeMap<String, BTreeMap<String, [f32; 4]>>,
    screenshots: Vec<Shot>,
    run_file: Option<String>,
    first_frame_ms: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct Drawn {
    text: String,
    /// Where it shows, clipped to what is visible.
    rect: [f32; 4],
    /// Where it was laid out, unclipped.
    full: [f32; 4],
}

impl Drawn {
    /// Part of the text is cut off at its left or right edge.
    fn cut_sideways(&self) -> bool {
        self.full[0] < self.rect[0] - 1.0 || self.full[2] > self.rect[2] + 1.0
    }

    /// Part of the text is cut off at the bottom.
    fn cut_below(&self) -> bool {
        self.full[3] > self.rect[3] + 1.0
    }

    /// Shows inside region `r` (which clips its panel 2 points out).
    fn within(&self, r: [f32; 4]) -> bool {
        self.rect[0] >= r[0] - 3.0
            && self.rect[1] >= r[1] - 3.0
            && self.rect[2] <= r[2] + 3.0
            && self.rect[3] <= r[3] + 3.0
    }
}

fn overlap(a: [f32; 4], b: [f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

#[derive(Debug, Deserialize)]
struct Shot {
    name: String,
    path: String,
    width: u32,
    height: u32,
    ink: f32,
    colours: usize,
    regions: BTreeMap<String, Region>,
}

#[derive(Debug, Deserialize)]
struct Region {
    ink: f32,
    colours: usize,
}

fn screenshots_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target>/tmp`.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("gui-screenshots")
}

/// Whether Xvfb is here. Under CI (`FIREDRILL_CI`, set by `.ci/run`, which installs it) a
/// missing one fails the test instead of skipping it.
fn have_xvfb() -> bool {
    let found = Command::new("sh")
        .args(["-c", "command -v Xvfb"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("FIREDRILL_CI").is_none(),
        "FIREDRILL_CI is set but Xvfb is missing: the real-window tests cannot run"
    );
    found
}

/// A fresh X server for one window, stopped when dropped. Xvfb picks a free display itself
/// (`-displayfd`) and names it once it accepts connections: `xvfb-run -a` guesses a number from
/// lock files and signals readiness in a way that, on a loaded machine, now and then left the
/// console with no display to open.
struct Xvfb {
    server: std::process::Child,
    display: String,
}

impl Xvfb {
    fn start() -> Xvfb {
        use std::io::BufRead;
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1600x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        let stdout = server.stdout.take().unwrap();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let n = line.trim();
        assert!(
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()),
            "Xvfb did not start (it said {line:?})"
        );
        Xvfb {
            display: format!(":{n}"),
            server,
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// The storage on-call playing alone (no bots) through `tests/gui/NAME.ron`: the report, the run
/// file and the folder it is in (kept while the caller holds it).
fn storage_alone(name: &str) -> (Report, PathBuf, tempfile::TempDir) {
    let work = tempfile::tempdir().unwrap();
    let run = work.path().join(format!("{name}.jsonl"));
    let t = run_gui(
        &[
            "play",
            "--role",
            "storage",
            "--bots",
            "none",
            "--out",
            run.to_str().unwrap(),
        ],
        &format!("{name}.ron"),
        &screenshots_dir().join(name),
        work.path(),
    );
    (t, run, work)
}

/// Runs the binary in a fresh X server with software Vulkan, from `cwd`.
fn run_gui(args: &[&str], script: &str, out: &Path, cwd: &Path) -> Report {
    let _ = std::fs::remove_dir_all(out);
    let runtime = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gui")
        .join(script);
    let x = Xvfb::start();
    let output = Command::new(BIN)
        .env("DISPLAY", &x.display)
        .args(args)
        .arg("--gui-script")
        .arg(&script)
        .arg("--gui-out")
        .arg(out)
        .current_dir(cwd)
        .env("WGPU_BACKEND", "vulkan")
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run the console");
    drop(x);
    let report_path = out.join("report.json");
    let text = std::fs::read_to_string(&report_path).unwrap_or_else(|e| {
        panic!(
            "no report at {} ({e}); the app said:\n{}\n{}",
            report_path.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let report: Report = serde_json::from_str(&text).unwrap();
    assert!(
        report.ok && output.status.success(),
        "{script:?} failed: {:?}\n{}",
        report.failures,
        String::from_utf8_lossy(&output.stderr)
    );
    report
}

fn texts<'a>(r: &'a Report, snapshot: &str) -> &'a [Drawn] {
    r.snapshots
        .get(snapshot)
        .unwrap_or_else(|| panic!("no snapshot {snapshot}"))
}

fn has(r: &Report, snapshot: &str, needle: &str) -> bool {
    texts(r, snapshot).iter().any(|d| d.text.contains(needle))
}

fn shot<'a>(r: &'a Report, name: &str) -> &'a Shot {
    r.screenshots
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no screenshot {name}"))
}

/// Consoles full of panels paint 5–12% of their pixels apart from the background.
const BUSY: f32 = 0.03;

/// The PNG on disk is the screen: 1600×900, and at least `min_share` of its pixels (and of the
/// ink the app measured) stand apart from the background; a blank or failed frame paints none.
fn check_png(s: &Shot, min_share: f32) {
    check_png_sized(s, min_share, (1600, 900));
}

fn check_png_sized(s: &Shot, min_share: f32, size: (u32, u32)) {
    let file = std::fs::File::open(&s.path).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), size, "{}", s.path);
    assert_eq!((s.width, s.height), size);
    let px = &buf[..info.buffer_size()];
    let step = info.line_size / info.width as usize;
    let first = &px[..3];
    let differing = px
        .chunks_exact(step)
        .filter(|p| p[..3].iter().zip(first).any(|(a, b)| a.abs_diff(*b) > 12))
        .count();
    let share = differing as f32 / (px.len() / step) as f32;
    assert!(share > min_share, "{} is nearly blank ({share:.3})", s.path);
    assert!(s.ink > min_share && s.colours > 40, "{}: {s:?}", s.name);
}

/// Every named region of the screen has something drawn in it.
fn check_regions(s: &Shot, names: &[&str]) {
    for n in names {
        let r = s
            .regions
            .get(*n)
            .unwrap_or_else(|| panic!("{}: no region {n}", s.name));
        assert!(
            r.ink > 0.01 && r.colours > 3,
            "{}: the {n} region looks empty: {r:?}",
            s.name
        );
    }
}

fn run_file_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Commands the run file records for `actor`, as JSON text.
fn commands_of(lines: &[serde_json::Value], actor: &str) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.get("command"))
        .filter(|c| c["actor"] == actor)
        .map(|c| c["command"].to_string())
        .collect()
}

#[test]
fn consoles_under_xvfb() {
    let _turn = WINDOWS.lock().unwrap_or_else(|e| e.into_inner());
    if !have_xvfb() {
        eprintln!(
            "\n\n*** SKIPPED: the GUI test needs Xvfb (Debian: apt-get install xvfb \
             mesa-vulkan-drivers libvulkan1 libxkbcommon-x11-0). `.ci/run` installs it. ***\n\n"
        );
        return;
    }
    let shots = screenshots_dir();
    let work = tempfile::tempdir().unwrap();
    let run = work.path().join("trainee.jsonl");

    // The trainee console, as the incident commander.
    let t = run_gui(
        // No bots: the storage bot would race the IC to acknowledge the page.
        &[
            "play",
            "--role",
            "ic",
            "--bots",
            "none",
            "--out",
            run.to_str().unwrap(),
        ],
        "trainee.ron",
        &shots.join("trainee"),
        work.path(),
    );
    for panel in [
        "ALERTS",
        "DASHBOARDS",
        "LOGS",
        "INCIDENT CHANNEL",
        "ACTIONS",
        "KNOWLEDGE",
    ] {
        assert!(has(&t, "start", panel), "no {panel} panel");
    }
    // Only the IC's services, no ground truth.
    for hidden in [
        "metadata · latency",
        "membership_bloat",
        "network_blip",
        "GROUND TRUTH",
    ] {
        assert!(
            !has(&t, "end", hidden),
            "the trainee console shows {hidden}"
        );
    }
    assert!(has(&t, "end", "acknowledged by Incident commander"));
    assert!(has(&t, "end", "You shared:"));
    assert!(has(&t, "end", "Looking at the table API errors"));
    assert!(has(&t, "end", "Status page updated"));
    // Ctrl + made the text larger.
    let height = |snap: &str| {
        let d = texts(&t, snap)
            .iter()
            .find(|d| d.text == "ALERTS")
            .expect("ALERTS heading");
        d.rect[3] - d.rect[1]
    };
    assert!(
        height("larger-text") > height("start") * 1.1,
        "text scale did not grow the text"
    );
    for name in ["trainee-alert", "trainee-console"] {
        let s = shot(&t, name);
        check_png(s, BUSY);
        check_regions(
            s,
            &[
                "dashboards",
                "alerts",
                "channel",
                "actions",
                "logs",
                "knowledge",
            ],
        );
    }
    assert!(t.first_frame_ms.is_some_and(|ms| ms > 0.0));
    assert_eq!(t.run_file.as_deref(), run.to_str());

    // What the console did is in the run file, as the IC's commands.
    let lines = run_file_lines(&run);
    let ic = commands_of(&lines, "ic");
    // "Share with everyone" on the first fact in the knowledge panel.
    assert!(
        ic.iter()
            .any(|c| c.starts_with(r#"{"Share":{"fact":"#) && c.ends_with(r#""to":null}}"#)),
        "no share with everyone in {ic:?}"
    );
    for expected in [
        r#"{"Ack":"table_errors"}"#,
        r#"{"Run":"post_status"}"#,
        r#"{"Inspect":"table_api"}"#,
    ] {
        assert!(ic.iter().any(|c| c == expected), "{expected} not in {ic:?}");
    }
    assert!(
        ic.iter()
            .any(|c| c.contains("Looking at the table API errors"))
    );
    // Shared with one role and asked it, by keyboard (drop-downs by arrow keys).
    assert!(
        ic.iter()
            .any(|c| c.contains(r#""Share""#) && c.contains(r#""to":"storage""#)),
        "{ic:?}"
    );
    assert!(
        ic.iter()
            .any(|c| c.contains(r#""Ask""#) && c.contains("what do the storage logs say")),
        "{ic:?}"
    );

    // The session replays exactly from its run file.
    let replay = Command::new(BIN)
        .arg("replay")
        .arg(&run)
        .current_dir(work.path())
        .output()
        .unwrap();
    assert!(
        replay.status.success(),
        "replay failed:\n{}\n{}",
        String::from_utf8_lossy(&replay.stdout),
        String::from_utf8_lossy(&replay.stderr)
    );

    // The facilitator console on the scenario file.
    // It runs on a copy of the scenario, which its script edits to exercise the file watcher.
    let frun = work.path().join("facilitator.jsonl");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/retry-storm.ron");
    // Its manual fault (the aftershock) is the one the facilitator fires from the console.
    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("(id: \"aftershock\""));
    std::fs::write(work.path().join("scenario.ron"), text).unwrap();
    let f = run_gui(
        &[
            "play",
            "scenario.ron",
            "--facilitator",
            "--out",
            frun.to_str().unwrap(),
        ],
        "facilitator.ron",
        &shots.join("facilitator"),
        work.path(),
    );
    for panel in [
        "GROUND TRUTH",
        "MASTER EVENTS LIST",
        "ROLES",
        "EVENT LOG",
        "SCENARIO FILE",
    ] {
        assert!(has(&f, "paused", panel), "no {panel} panel");
    }
    assert!(has(&f, "paused", "network_blip"));
    let s = shot(&f, "facilitator-console");
    check_png(s, BUSY);
    check_regions(
        s,
        &["truth", "services", "mel", "roles", "events", "authoring"],
    );
    // The system window draws every service of the scenario, with who sees it.
    for service in ["storage · Database", "metadata · Api", "seen by", "rps"] {
        assert!(
            has(&f, "system", service),
            "the system view lacks {service}"
        );
    }
    // Each fault is drawn where it strikes, in its state (active, ended or waiting).
    for fault in ["membership_bloat", "network_blip", "aftershock"] {
        assert!(
            ["⚡ ", "✔ ", "○ "]
                .iter()
                .any(|mark| has(&f, "system", &format!("{mark}{fault}"))),
            "the system view does not show {fault}"
        );
    }
    check_png(shot(&f, "facilitator-system"), BUSY);
    let lines = run_file_lines(&frun);
    let fac = commands_of(&lines, "facilitator");
    for expected in [
        r#"{"Publish":"vp_eta"}"#,
        r#""Pause""#,
        r#""Resume""#,
        r#"{"Skip":"twitter_noise"}"#,
        r#"{"Fire":"aftershock"}"#,
    ] {
        assert!(
            fac.iter().any(|c| c == expected),
            "{expected} not in {fac:?}"
        );
    }
    // The broken save was reported with its place in the file; the fixed one restarted the
    // exercise into a run file of its own, on the new version of the scenario.
    assert!(has(&f, "broken-save", "scenario.ron:"));
    // The report is drawn in plain characters the font has, its caret under the problem.
    let report = texts(&f, "broken-save");
    assert!(report.iter().any(|d| d.text.contains("--> scenario.ron:")));
    assert!(report.iter().any(|d| d.text.contains('^')));
    assert!(!report.iter().any(|d| d.text.contains(['│', '┌', '─'])));
    assert!(
        texts(&f, "restarted")
            .iter()
            .any(|d| d.text.starts_with("00:") && d.text.ends_with("/ 50:00")),
        "the clock started again"
    );
    let restart = run_file_lines(&work.path().join("facilitator-2.jsonl"));
    let text = restart[0]["scenario"]["text"].as_str().unwrap();
    assert!(text.contains("capacity: 1400") && !text.contains("capacity: 1300"));
    check_png(shot(&f, "facilitator-authoring"), BUSY);

    // The debrief viewer on the trainee's run.
    let r = run_gui(
        // Relative to the working directory, so the viewer (and the docs screenshot) shows a
        // plain file name rather than a temporary path.
        &["review", "trainee.jsonl"],
        "review.ron",
        &shots.join("review"),
        work.path(),
    );
    assert!(has(
        &r,
        "perspective-end",
        "acknowledged by Incident commander"
    ));
    // Without ground truth the jump bar offers only what the team could see.
    assert!(!has(&r, "no-truth", "impact started") && has(&r, "no-truth", "first alert"));
    assert!(!has(
        &r,
        "perspective-start",
        "acknowledged by Incident commander"
    ));
    // It opens on the story: milestones named, the marks that matter labelled.
    assert!(has(&r, "story", "milestones") && has(&r, "story", "shared with"));
    for name in [
        "review-story",
        "review-perspective",
        "review-timeline",
        "review-knowledge",
        "review-agenda",
    ] {
        let s = shot(&r, name);
        check_png(s, BUSY);
        check_regions(s, &["strip", "center"]);
    }

    // A new user's path: role picker by keyboard, the run to its end, the summary, the debrief.
    let prun = work.path().join("picker.jsonl");
    let p = run_gui(
        &["play", "--out", prun.to_str().unwrap()],
        "picker.ron",
        &shots.join("picker"),
        work.path(),
    );
    // The chooser offers the library, easiest first, with what each drill practises.
    assert!(has(&p, "chooser", "Choose a drill"));
    // The first drills of the ladder (the rest are below the fold).
    for title in ["Every PoP at once", "Routine change", "Membership storm"] {
        assert!(has(&p, "chooser", title), "the chooser lacks {title}");
    }
    check_png(shot(&p, "chooser"), BUSY);
    assert!(has(&p, "summary", "Exercise over"));
    // Back in the console after the end: ENDED, the way back, no live controls.
    assert!(has(&p, "ended", "ENDED") && has(&p, "ended", "Back to the summary"));
    assert!(!has(&p, "ended", "LIVE"));
    check_png(shot(&p, "ended-console"), BUSY);
    assert!(has(&p, "summary", "Your part as Incident commander"));
    assert!(has(&p, "review", "DEBRIEF") && has(&p, "review", "Who knew what, when"));

    // Two runs side by side on one clock.
    let b = run_gui(
        &["review", "trainee.jsonl", "--beside", "picker.jsonl"],
        "beside.ron",
        &shots.join("beside"),
        work.path(),
    );
    for snapshot in ["beside", "beside-start"] {
        assert!(has(&b, snapshot, "trainee.jsonl") && has(&b, snapshot, "picker.jsonl"));
    }
    // Each run's milestones are named in its own half.
    let rows = texts(&b, "beside")
        .iter()
        .filter(|d| d.text == "milestones")
        .count();
    assert_eq!(rows, 2, "a milestones row per run");
    let s = shot(&b, "review-beside");
    check_png(s, BUSY);
    check_png(shot(&p, "picker"), BUSY);
    check_png(shot(&p, "review-live"), BUSY);
    // The summary is two short cards on an empty page (about 2% of its pixels).
    check_png(shot(&p, "summary"), 0.01);
    let lines = run_file_lines(&prun);
    assert!(
        lines
            .iter()
            .any(|l| l.get("truth").is_some_and(|t| t.get("run_ended").is_some())),
        "the picker session ran to its end"
    );
    eprintln!("screenshots in {}", shots.display());
}

/// Diagnosis is the trainee's work: no scenario hypothesis at minute 0, one offered with the fact
/// that bears on it, and a suspicion in the trainee's own words posted as typed.
#[test]
fn hypotheses_come_up_with_the_evidence_under_xvfb() {
    let _turn = WINDOWS.lock().unwrap_or_else(|e| e.into_inner());
    if !have_xvfb() {
        eprintln!("\n\n*** SKIPPED: the GUI test needs Xvfb (see consoles_under_xvfb). ***\n\n");
        return;
    }
    let (t, run, _work) = storage_alone("offered");
    // Minute 0: no scenario hypothesis, not even a distractor.
    assert!(has(&t, "start", "Hypotheses (0)"));
    assert!(!has(&t, "start", "membership retries keep"));
    assert!(has(&t, "offered", "membership retries keep"));
    check_png(shot(&t, "trainee-offered"), BUSY);
    // In the run file, the root cause reached storage only with the fact that bears on it.
    let lines = run_file_lines(&run);
    let seen = |what: &str, name: &str| {
        lines.iter().position(|l| {
            l.get("seen").is_some_and(|s| {
                let to_storage = s["to"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|r| r == "storage"));
                s["what"]
                    .get(what)
                    .is_some_and(|w| to_storage && (w["hypothesis"] == name || w["fact"] == name))
            })
        })
    };
    // The typed suspicion: one command from storage, seen by the whole team.
    let typed = "the metadata lookups time out";
    let commands: Vec<_> = lines
        .iter()
        .filter_map(|l| l["command"]["command"]["Suspect"].as_str())
        .collect();
    assert_eq!(commands, [typed]);
    assert!(lines.iter().any(|l| {
        let s = &l["seen"]["what"]["suspicion"];
        s["by"] == "storage" && s["text"] == typed
    }));
    let offered = seen("hypothesis_offered", "retry_storm").expect("retry_storm offered");
    let fact = seen("fact_learned", "nodes_retrying_membership").expect("the fact learnt");
    // Offered with the lesson itself: the line right after it.
    assert_eq!(offered, fact + 1);
}

/// The trainee console at 100%, 170% and 70% text, and in a smaller window: nothing slides under
/// anything, nothing is cut off sideways, a list cut at the bottom says so, the charts keep their
/// time axes, rows follow the text size and the panels keep their shares of the window. Then the
/// facilitator console's top bar and columns at 170% and in the smaller window.
#[test]
fn text_scale_and_window_size_keep_the_layout_under_xvfb() {
    let _turn = WINDOWS.lock().unwrap_or_else(|e| e.into_inner());
    if !have_xvfb() {
        eprintln!("\n\n*** SKIPPED: the GUI test needs Xvfb (see consoles_under_xvfb). ***\n\n");
        return;
    }
    let (t, _run, work) = storage_alone("scale");
    let region = |snap: &str, name: &str| -> [f32; 4] {
        *t.regions
            .get(snap)
            .and_then(|r| r.get(name))
            .unwrap_or_else(|| panic!("{snap}: no region {name}"))
    };
    let in_region = |snap: &str, name: &str| -> Vec<&Drawn> {
        let r = region(snap, name);
        texts(&t, snap).iter().filter(|d| d.within(r)).collect()
    };
    let is_time = |s: &str| {
        let b = s.as_bytes();
        b.len() == 5 && b[2] == b':' && s.chars().filter(char::is_ascii_digit).count() == 4
    };
    for snap in ["100", "170", "70", "resized"] {
        let all = texts(&t, snap);
        // The clock's state keeps its place beside the Pause button.
        let state = all
            .iter()
            .find(|d| d.text.ends_with("LIVE") || d.text.ends_with("PAUSED"))
            .unwrap_or_else(|| panic!("{snap}: no clock state"));
        let pause = all
            .iter()
            .find(|d| d.text.ends_with("Pause") || d.text.ends_with("Resume"))
            .unwrap_or_else(|| panic!("{snap}: no Pause button"));
        assert!(
            !overlap(state.rect, pause.rect) && !state.cut_sideways() && !pause.cut_sideways(),
            "{snap}: the clock's state {state:?} runs into {pause:?}"
        );
        // Log lines, the channel (hypotheses and their buttons, the compose box) and the action
        // cards wrap rather than run past their panel's edge.
        for name in ["logs", "channel", "actions", "alerts", "knowledge"] {
            let cut: Vec<_> = in_region(snap, name)
                .into_iter()
                .filter(|d| d.cut_sideways())
                .collect();
            assert!(cut.is_empty(), "{snap}: cut off in {name}: {cut:?}");
        }
        for button in ["Propose", "Suspect", "I'm stuck"] {
            let d = all
                .iter()
                .find(|d| d.text == button)
                .unwrap_or_else(|| panic!("{snap}: no {button} button"));
            assert!(!d.cut_sideways(), "{snap}: {d:?}");
        }
        // An action list cut at the bottom says more is below.
        let actions = in_region(snap, "actions");
        if actions.iter().any(|d| d.cut_below()) {
            assert!(
                actions.iter().any(|d| d.text.contains("more below")),
                "{snap}: the action list ends mid-card without a word"
            );
        }
        // Every chart keeps a time axis: clock labels under the plots.
        let times = in_region(snap, "dashboards")
            .into_iter()
            .filter(|d| is_time(&d.text))
            .count();
        assert!(times >= 2, "{snap}: {times} time labels on the charts");
    }
    // Eight action cards do not fit the left column at 170%: the list says so.
    assert!(
        in_region("170", "actions")
            .iter()
            .any(|d| d.text.contains("more below"))
    );
    // Rows follow the text: at 70% the log lines sit closer than at 100%.
    let pitch = |snap: &str| {
        let mut tops: Vec<f32> = in_region(snap, "logs")
            .iter()
            .filter(|d| d.text.len() == 8 && d.text.as_bytes()[2] == b':')
            .map(|d| d.rect[1])
            .collect();
        tops.sort_by(f32::total_cmp);
        tops.windows(2)
            .map(|w| w[1] - w[0])
            .filter(|d| *d > 0.5)
            .fold(f32::INFINITY, f32::min)
    };
    let (p70, p100) = (pitch("70"), pitch("100"));
    assert!(
        p100.is_finite() && p70 < p100 * 0.85,
        "log rows {p70} apart at 70%, {p100} at 100%"
    );
    // In a smaller window the columns keep their shares of it, not their pixels.
    let width = |snap: &str, name: &str| {
        let r = region(snap, name);
        r[2] - r[0]
    };
    for name in ["alerts", "channel", "dashboards"] {
        let (before, after) = (width("100", name) / 1600.0, width("resized", name) / 1100.0);
        assert!(
            (before - after).abs() < 0.03,
            "{name}: {before:.3} of the width before, {after:.3} after the resize"
        );
    }
    for r in t.regions["resized"].values() {
        assert!(
            r[2] <= 1101.0 && r[3] <= 701.0,
            "a region outside the window: {r:?}"
        );
    }
    for (name, size) in [
        ("scale-100", (1600, 900)),
        ("scale-170", (1600, 900)),
        ("scale-70", (1600, 900)),
        ("resized", (1100, 700)),
    ] {
        check_png_sized(shot(&t, name), BUSY, size);
    }

    // The facilitator console's top bar and its columns, likewise.
    let f = run_gui(
        &[
            "play",
            "--facilitator",
            "--out",
            work.path().join("facilitator.jsonl").to_str().unwrap(),
        ],
        "scale-facilitator.ron",
        &screenshots_dir().join("scale-facilitator"),
        work.path(),
    );
    for snap in ["170", "resized"] {
        let all = texts(&f, snap);
        let state = all
            .iter()
            .find(|d| d.text == "⏵ LIVE" || d.text == "⏸ PAUSED")
            .unwrap_or_else(|| panic!("{snap}: no clock state"));
        for button in ["Pause", "A−", "A+"] {
            let b = all
                .iter()
                .find(|d| d.text.ends_with(button))
                .unwrap_or_else(|| panic!("{snap}: no {button}"));
            assert!(
                !overlap(state.rect, b.rect) && !b.cut_sideways(),
                "{snap}: {state:?} and {b:?}"
            );
        }
        for name in ["truth", "faults", "roles"] {
            let r = *f.regions[snap]
                .get(name)
                .unwrap_or_else(|| panic!("{snap}: no region {name}"));
            let cut: Vec<_> = all
                .iter()
                .filter(|d| d.within(r) && d.cut_sideways())
                .collect();
            assert!(cut.is_empty(), "{snap}: cut off in {name}: {cut:?}");
        }
    }
    check_png(shot(&f, "facilitator-170"), BUSY);
    check_png_sized(shot(&f, "facilitator-resized"), BUSY, (1100, 700));
}

/// A hosted game day in the real window: two headless trainees join the facilitator console's
/// lobby; the room shows them, hands the one whose client dies to a bot, and the projector shows
/// what everyone was shown and nothing a single role saw.
#[test]
fn hosting_a_game_day_under_xvfb() {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    // Its window takes turns with the others' too.
    let _turn = WINDOWS.lock().unwrap_or_else(|e| e.into_inner());
    if !have_xvfb() {
        eprintln!("\n\n*** SKIPPED: the hosting GUI test needs Xvfb. ***\n\n");
        return;
    }
    /// Kills what it holds when the test ends, however it ends.
    struct Procs(Vec<Child>);
    impl Drop for Procs {
        fn drop(&mut self) {
            for c in &mut self.0 {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
    let deadline = Instant::now() + Duration::from_secs(240);
    let work = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let out = screenshots_dir().join("host");
    let _ = std::fs::remove_dir_all(&out);
    let run = work.path().join("host.jsonl");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let x = Xvfb::start();
    let mut host = Command::new(BIN)
        .env("DISPLAY", &x.display)
        .args(["host", "--port", "0", "--code", "ROOM42", "--out"])
        .arg(&run)
        .arg("--gui-script")
        .arg(manifest.join("tests/gui/host.ron"))
        .arg("--gui-out")
        .arg(&out)
        .current_dir(work.path())
        .env("WGPU_BACKEND", "vulkan")
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the host");
    let stdout = host.stdout.take().unwrap();
    let mut procs = Procs(vec![host]);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the host prints its address");
        if let Some(a) = line.split(" on ").nth(1) {
            break a.trim().to_string();
        }
    };
    let join = |role: &str, name: &str| {
        Command::new(BIN)
            .args([
                "join", &addr, "--code", "ROOM42", "--role", role, "--name", name,
            ])
            .arg("--headless")
            .arg("--commands")
            .arg(manifest.join("tests/scripts/gameday-trainee.ron"))
            .arg("--feed-out")
            .arg(work.path().join(format!("{name}.jsonl")))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start a client")
    };
    procs.0.push(join("storage", "alice"));
    let mut bob = join("metadata", "bob");
    // Bob's laptop dies 36 s into the exercise (the script looks for it from 70 s).
    let bob_feed = work.path().join("bob.jsonl");
    let last_tick = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .rev()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find_map(|v| v["tick"].as_u64())
            .unwrap_or(0)
    };
    while last_tick(&bob_feed) < 36 {
        assert!(Instant::now() < deadline, "bob's client saw nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    bob.kill().unwrap();
    bob.wait().unwrap();
    let mut host = procs.0.remove(0);
    let status = loop {
        if let Some(s) = host.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "the hosting console did not end");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    if let Some(e) = host.stderr.as_mut() {
        let _ = std::io::Read::read_to_string(e, &mut err);
    }
    let text = std::fs::read_to_string(out.join("report.json"))
        .unwrap_or_else(|e| panic!("no report ({e}); the app said:\n{err}"));
    let r: Report = serde_json::from_str(&text).unwrap();
    assert!(r.ok && status.success(), "{:?}\n{err}", r.failures);

    // The lobby gives the room the code and shows who took which seat.
    assert!(has(&r, "lobby", "ROOM42"));
    assert!(has(&r, "lobby", "alice · connected"));
    assert!(has(&r, "room", "Room · 2 connected"));
    check_png(shot(&r, "host-lobby"), 0.01);
    check_png(shot(&r, "host-room"), BUSY);
    // The projector: the public post, the clock; no private message, log line or ground truth.
    assert!(has(&r, "projector", "Incident channel"));
    assert!(has(&r, "projector", "Storage here, looking at the disks"));
    for hidden in [
        "Only for the IC",
        "GROUND TRUTH",
        "membership_bloat",
        "network_blip",
    ] {
        assert!(
            !has(&r, "projector", hidden),
            "the projector shows {hidden}"
        );
    }
    // Early in the run the projector holds one post: little ink.
    check_png(shot(&r, "projector"), 0.005);

    // The run file holds the trainees' commands as their roles and the seat handed to a bot.
    let lines = run_file_lines(&run);
    let storage = commands_of(&lines, "storage");
    assert!(
        storage.iter().any(|c| c.contains("Storage here")),
        "{storage:?}"
    );
    let facilitator = commands_of(&lines, "facilitator");
    assert!(
        facilitator.iter().any(|c| c.starts_with(r#"{"Seat""#)
            && c.contains(r#""role":"metadata""#)
            && c.contains(r#""bot":true"#)),
        "{facilitator:?}"
    );
    // Alice's machine received the channel post it made and nothing of ground truth.
    let alice = std::fs::read_to_string(work.path().join("alice.jsonl")).unwrap();
    assert!(alice.contains("Storage here"));
    assert!(!alice.contains("fault_started"));
}

#[test]
fn play_without_a_display_points_to_run() {
    let out = Command::new(BIN)
        .args(["play", "--role", "ic"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a display"), "{err}");
    assert!(err.contains("firedrill run"), "{err}");
}

#[test]
fn without_a_display_firedrill_runs_headless_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.contains("No display found") && first.contains("firedrill run"),
        "{first}"
    );
    assert!(
        stdout.contains("Membership storm"),
        "the headless run's summary: {stdout}"
    );
}

#[test]
fn review_of_a_file_that_is_not_a_run_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "hello\n").unwrap();
    let out = Command::new(BIN).arg("review").arg(&bad).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot review") && err.contains("notes.txt"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

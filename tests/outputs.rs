//! Losing nothing: an output that is also an input is refused, however it is spelt, and an
//! output is put in place only once it is whole, so a failure never destroys a good file.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::recording::*;

const BIN: &str = env!("CARGO_BIN_EXE_firedrill");

/// A folder with a scenario, a command file and a recorded run of them.
struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    fn new() -> Work {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(STORM, dir.path().join("s.ron")).unwrap();
        std::fs::copy(STORM_SOLVE, dir.path().join("c.ron")).unwrap();
        let (_, bytes, _) = storm_run();
        std::fs::write(dir.path().join("p.jsonl"), bytes).unwrap();
        Work { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs firedrill in the folder, so that paths may be spelt relative to it.
    fn firedrill(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Every file in the folder with its bytes.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap_or_default();
                (p, bytes)
            })
            .collect();
        files.sort();
        files
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `fork p.jsonl --out p.jsonl` and its like: each command refuses an output that is one of its
/// inputs, whether named as written, through `./`, a symbolic link or a hard link, and leaves
/// every file as it was.
#[test]
fn an_output_that_is_an_input_is_refused_however_it_is_spelt() {
    let w = Work::new();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(w.path("p.jsonl"), w.path("link.jsonl")).unwrap();
        std::fs::hard_link(w.path("c.ron"), w.path("hard.ron")).unwrap();
    }
    let mut cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["fork", "p.jsonl", "--at", "5m", "--out", "p.jsonl"],
            "is the run file being forked",
        ),
        (
            vec!["fork", "p.jsonl", "--at", "5m", "--out", "./p.jsonl"],
            "is the run file being forked",
        ),
        (
            vec![
                "fork",
                "p.jsonl",
                "--at",
                "20m",
                "--commands",
                "c.ron",
                "--out",
                "c.ron",
            ],
            "is the command file",
        ),
        (
            vec!["debrief", "p.jsonl", "--out", "p.jsonl"],
            "is the run file being debriefed",
        ),
        (
            vec!["debrief", "./p.jsonl", "--format", "md", "--out", "p.jsonl"],
            "is the run file being debriefed",
        ),
        (vec!["run", "s.ron", "--out", "s.ron"], "is the scenario"),
        (
            vec!["run", "s.ron", "--commands", "c.ron", "--out", "./c.ron"],
            "is the command file",
        ),
        (
            vec!["run", "--commands", "c.ron", "--out", "c.ron"],
            "is the command file",
        ),
    ];
    #[cfg(unix)]
    cases.extend([
        (
            vec![
                "debrief",
                "p.jsonl",
                "--format",
                "md",
                "--out",
                "link.jsonl",
            ],
            "is the run file being debriefed",
        ),
        (
            vec!["fork", "link.jsonl", "--at", "5m", "--out", "p.jsonl"],
            "is the run file being forked",
        ),
        (
            vec!["run", "--commands", "c.ron", "--out", "hard.ron"],
            "is the command file",
        ),
    ]);
    let before = w.snapshot();
    for (args, says) in cases {
        let out = w.firedrill(&args);
        let all = text(&out);
        assert!(!out.status.success(), "{args:?} succeeded:\n{all}");
        assert!(all.contains(says), "{args:?}:\n{all}");
        assert!(all.contains("write to another file"), "{args:?}:\n{all}");
        assert_eq!(w.snapshot(), before, "{args:?} changed a file");
    }
    // The same commands with an output of their own still work.
    let out = w.firedrill(&["debrief", "p.jsonl", "--out", "d.md"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::read_to_string(w.path("d.md"))
            .unwrap()
            .starts_with('#')
    );
}

/// A process whose files may not grow past 512 bytes, as on a full disk: every write past that
/// fails (the signal a process gets for it is ignored, so the write returns an error).
#[cfg(unix)]
fn on_a_full_disk(w: &Work, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$@\"")
        .arg("sh")
        .arg(BIN)
        .args(args)
        .current_dir(w.dir.path())
        .output()
        .unwrap()
}

/// A write that fails part-way leaves the file that stood there as it was, and no broken or
/// partial file beside it.
#[cfg(unix)]
#[test]
fn a_failed_write_never_leaves_a_broken_file_where_a_good_one_stood() {
    let w = Work::new();
    let good = b"a good file from before\n".repeat(10);
    for (args, out_file) in [
        (vec!["debrief", "p.jsonl", "--out", "d.md"], "d.md"),
        (vec!["debrief", "p.jsonl", "--out", "d.html"], "d.html"),
        (
            vec!["run", "s.ron", "--commands", "c.ron", "--out", "r.jsonl"],
            "r.jsonl",
        ),
        (
            vec!["fork", "p.jsonl", "--at", "5m", "--out", "f.jsonl"],
            "f.jsonl",
        ),
    ] {
        std::fs::write(w.path(out_file), &good).unwrap();
        let before = w.snapshot();
        let out = on_a_full_disk(&w, &args);
        let all = text(&out);
        assert!(!out.status.success(), "{args:?}:\n{all}");
        assert!(all.contains("error"), "{args:?}:\n{all}");
        assert_eq!(
            std::fs::read(w.path(out_file)).unwrap(),
            good,
            "{args:?} broke the file that stood there"
        );
        assert_eq!(w.snapshot(), before, "{args:?} left a file behind");
    }
    // Without the limit the same commands replace the files.
    let out = w.firedrill(&["run", "s.ron", "--commands", "c.ron", "--out", "r.jsonl"]);
    assert!(out.status.success(), "{}", text(&out));
    let run = firedrill::record::RunFile::load(&w.path("r.jsonl")).unwrap();
    assert!(run.end().is_some() && run.damage.is_none());
    assert!(!w.path("r.jsonl.partial").exists());
}

/// A run file is written beside its destination and put in place when the run ends; a run
/// killed midway leaves the old file alone and its own recording, which loads and replays up
/// to where it stops, in `NAME.partial`; a run closed early is put in place as it stands.
#[test]
fn a_run_file_is_put_in_place_when_the_run_ends() {
    use firedrill::record::{RunFile, RunHeader, RunWriter, replay};
    use firedrill::sim::{RunOptions, Sim};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.jsonl");
    let partial = dir.path().join("run.jsonl.partial");
    std::fs::write(&path, "the last good run\n").unwrap();
    let sc = load(STORM);
    let options = RunOptions::new(sc.seed);
    let header = RunHeader::new(&sc, &options);

    // Killed after 300 ticks: nothing runs after that, not even destructors.
    let mut sim = Sim::new(sc.clone(), &options);
    let mut w = RunWriter::create(&path, &header).unwrap();
    for _ in 0..300 {
        sim.step();
        w.tick(&sim).unwrap();
    }
    std::mem::forget(w);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "the last good run\n"
    );
    let killed = RunFile::load(&partial).unwrap();
    assert_eq!(killed.ticks(), 300);
    assert!(killed.end().is_none());
    assert!(replay::verify(&killed, sc.clone()).reproduced());
    std::fs::remove_file(&partial).unwrap();

    // Closed early (a console closed midway): the recording so far is put in place.
    let mut sim = Sim::new(sc.clone(), &options);
    let mut w = RunWriter::create(&path, &header).unwrap();
    for _ in 0..120 {
        sim.step();
        w.tick(&sim).unwrap();
    }
    drop(w);
    assert_eq!(RunFile::load(&path).unwrap().ticks(), 120);
    assert!(!partial.exists());

    // Run to its end: in place as soon as the tick that ends the run is written.
    let mut sim = Sim::new(sc.clone(), &options);
    let mut w = RunWriter::create(&path, &header).unwrap();
    while sim.step() {
        w.tick(&sim).unwrap();
    }
    let whole = RunFile::load(&path).unwrap();
    assert!(
        whole.end().is_some(),
        "in place before the writer is dropped"
    );
    assert_eq!(whole.ticks(), sim.tick());
    assert!(!partial.exists());
    drop(w);
    assert!(!partial.exists());
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing is left beside the run file");
}

/// A run killed while recording leaves no file at its destination: a command asked for that
/// file points to the recording it left.
#[test]
fn a_missing_run_file_points_to_the_recording_a_kill_left() {
    let w = Work::new();
    std::fs::rename(w.path("p.jsonl"), w.path("k.jsonl.partial")).unwrap();
    for command in ["replay", "debrief"] {
        let out = w.firedrill(&[command, "k.jsonl"]);
        let all = text(&out);
        assert!(!out.status.success(), "{all}");
        assert!(
            all.contains("`k.jsonl.partial` holds the recording of a run that was killed"),
            "{command}: {all}"
        );
    }
    // And that recording is read like any run file.
    let out = w.firedrill(&["replay", "k.jsonl.partial"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = w.firedrill(&["replay", "nothing.jsonl"]);
    assert!(!text(&out).contains("note:"), "{}", text(&out));
}

/// Every command says why it could not do its job the same way: nothing on stdout, one
/// `error: …` line on stderr (a `note: …` line after it where there is more to say, a file's
/// problems with their line and column before it) and exit code 1.
#[test]
fn an_error_is_said_once_on_stderr_and_exits_with_1() {
    let w = Work::new();
    let said = |args: &[&str]| {
        let out = w.firedrill(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}:\n{}", text(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert_eq!(
        said(&["fork", "p.jsonl", "--at", "soon"]),
        "error: --at takes a tick in seconds (\"720\"), a duration (\"12m\") or elapsed time \
         (\"12:00\"), not `soon`\n"
    );
    assert_eq!(
        said(&["debrief", "p.jsonl", "--out", "p.jsonl"]),
        "error: --out `p.jsonl` is the run file being debriefed: writing there would destroy it; \
         write to another file\n"
    );
    assert_eq!(
        said(&["rehearse", "s.ron", "--runs", "0"]),
        "error: --runs must be at least 1\n"
    );
    // With a note: where the recording of a killed run is.
    std::fs::copy(w.path("p.jsonl"), w.path("k.jsonl.partial")).unwrap();
    let stderr = said(&["debrief", "k.jsonl"]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("error: `k.jsonl`: "), "{stderr}");
    assert_eq!(
        lines[1],
        "note: `k.jsonl.partial` holds the recording of a run that was killed before it ended"
    );
    // A command file's problems, each at its line and column, then the error that ends the run.
    let bad =
        "Commands(\n    commands: [\n        (at: \"1m\", role: \"ic\", do: Fly),\n    ],\n)\n";
    std::fs::write(w.path("bad.ron"), bad).unwrap();
    let stderr = said(&["run", "s.ron", "--commands", "bad.ron"]);
    assert!(stderr.contains("bad.ron:3:"), "{stderr}");
    assert!(
        stderr.ends_with(
            "\nerror: the command file has problems; fix them and run again \
             (`firedrill check` lists them)\n"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error: the").count(), 1, "{stderr}");
}

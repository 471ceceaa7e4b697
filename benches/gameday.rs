//! A game day at full size, over loopback: a headless host and 16 headless clients (one per role,
//! listening only, each writing its feed to a file) for one simulated hour at ×60. Nobody acts,
//! so the membership storm runs until the time limit.
//!
//! Targets: the host misses no tick (0 late ticks); at most 20 KB per client per second at ×1
//! (the host's count of message bytes per seat per simulated second). Also reported: the host's
//! CPU time (utime + stime from `/proc/<pid>/stat`) and its share of one core, and the wall time.
//! The benchmark fails (exit status 1) when a target is missed, and kills everything and fails if
//! it has not finished within 3 minutes.
//!
//! `cargo bench --bench gameday` (Linux: it reads `/proc`). Under `cargo test --benches` it only
//! says it was skipped.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use firedrill::record::RunFile;

/// Cargo sets this for benches (as for integration tests) and builds the binary, in the bench
/// profile, before the bench: no separate `cargo build --release` is needed.
const BIN: &str = env!("CARGO_BIN_EXE_firedrill");
const SCENARIO: &str = "scenarios/retry-storm.ron";
const CODE: &str = "BENCH16";
const SPEED: u64 = 60;
const HOUR: u64 = 3600;
const LIMIT: Duration = Duration::from_secs(180);
const SAMPLE: Duration = Duration::from_millis(200);
/// 20 KB per client per second at ×1, in the host's units (KB = 1024 bytes).
const TARGET_BYTES_PER_SEAT_SECOND: f64 = 20.0 * 1024.0;

/// The 12 extra roles: id suffix, title, and the services whose dashboards and logs they see.
const WATCHERS: [(&str, &[&str]); 12] = [
    ("Edge watcher", &["edge"]),
    ("Table API watcher", &["table_api"]),
    ("Storage watcher", &["storage"]),
    ("Metadata watcher", &["metadata"]),
    ("Queue watcher", &["queue_service"]),
    ("Front door watcher", &["edge", "table_api"]),
    ("Fleet watcher", &["storage", "metadata"]),
    ("Dependents watcher", &["queue_service", "table_api"]),
    ("Storage path watcher", &["table_api", "storage"]),
    ("Lookup watcher", &["metadata", "storage"]),
    ("Customer watcher", &["edge", "queue_service"]),
    ("Backend watcher", &["metadata", "queue_service"]),
];

/// Kills the processes it holds when dropped, however the bench ends.
struct Procs(Vec<Child>);

impl Drop for Procs {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// retry-storm with a one-hour time limit and 16 roles.
fn scenario_text() -> (String, Vec<String>) {
    let text = std::fs::read_to_string(SCENARIO).unwrap();
    let start = text.find("time_limit: \"").unwrap() + "time_limit: \"".len();
    let end = start + text[start..].find('"').unwrap();
    let text = format!("{}1h{}", &text[..start], &text[end..]);
    let anchor = "\n    roles: [\n";
    let at = text.find(anchor).expect("the roles list") + anchor.len();
    let mut extra = String::new();
    let mut ids: Vec<String> = ["ic", "storage", "metadata", "queue"]
        .map(String::from)
        .to_vec();
    for (i, (title, services)) in WATCHERS.iter().enumerate() {
        let id = format!("watch{}", i + 1);
        let list = services
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ");
        extra.push_str(&format!(
            "        (id: \"{id}\", title: \"{title}\",\n         briefing: \"You watch {} and report what you see.\",\n         dashboards: [{list}],\n         logs: [{list}]),\n",
            services.join(" and "),
        ));
        ids.push(id);
    }
    (format!("{}{extra}{}", &text[..at], &text[at..]), ids)
}

/// The process's CPU time so far (utime + stime, in clock ticks), or `None` once it is gone.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|&t| t > 0.0)
        .unwrap_or(100.0)
}

/// Bytes through the loopback interface so far (received, which on `lo` equals sent).
fn loopback_bytes() -> Option<u64> {
    let dev = std::fs::read_to_string("/proc/net/dev").ok()?;
    let line = dev.lines().find(|l| l.trim_start().starts_with("lo:"))?;
    line.split_once(':')?
        .1
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn wait(child: &mut Child, what: &str, deadline: Instant) -> ExitStatus {
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not end within {LIMIT:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "FAIL" }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("gameday: skipped (a 1-2 minute run; use `cargo bench --bench gameday`)");
        return;
    }
    let began = Instant::now();
    let deadline = began + LIMIT;
    let dir = tempfile::tempdir().unwrap();
    let (text, roles) = scenario_text();
    assert_eq!(roles.len(), 16);
    let scenario = dir.path().join("retry-storm-16.ron");
    std::fs::write(&scenario, text).unwrap();
    let check = Command::new(BIN)
        .arg("check")
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "the 16-role scenario does not load:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let run_path = dir.path().join("run.jsonl");
    let mut host = Command::new(BIN)
        .arg("host")
        .arg(&scenario)
        .args(["--headless", "--port", "0", "--code", CODE, "--expect"])
        .arg(roles.join(","))
        .args(["--speed", &SPEED.to_string(), "--out"])
        .arg(&run_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the host");
    let pid = host.id();
    let host_started = Instant::now();
    let stdout = host.stdout.take().unwrap();
    let stderr = host.stderr.take().unwrap();
    let mut procs = Procs(vec![host]);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut s);
        s
    });
    let mut out: Vec<String> = Vec::new();
    let addr: SocketAddr = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left.min(Duration::from_secs(30)))
            .expect("the host prints its address");
        out.push(line.clone());
        if line.starts_with("hosting ")
            && let Some(a) = line.rsplit(" on ").next()
        {
            break a.trim().parse().expect("an address");
        }
    };

    let lo_before = loopback_bytes();
    for (i, role) in roles.iter().enumerate() {
        let err = std::fs::File::create(dir.path().join(format!("{role}.err"))).unwrap();
        let child = Command::new(BIN)
            .args(["join", &addr.to_string(), "--code", CODE, "--role", role])
            .args(["--name", &format!("trainee{}", i + 1), "--headless"])
            .arg("--feed-out")
            .arg(dir.path().join(format!("{role}.jsonl")))
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .expect("start a client");
        procs.0.push(child);
    }

    // Sample the host's CPU time until it exits; note when the exercise starts.
    let tck = clock_ticks_per_second();
    let mut last_cpu = 0;
    let mut start: Option<(Instant, u64)> = None;
    let host_status = loop {
        if let Some(t) = cpu_ticks(pid) {
            last_cpu = t;
        }
        while let Ok(line) = rx.try_recv() {
            if start.is_none() && line.starts_with("starting at") {
                start = Some((Instant::now(), last_cpu));
            }
            out.push(line);
        }
        if let Some(status) = procs.0[0].try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            drop(procs);
            panic!(
                "FAIL: not finished within {LIMIT:?}; everything killed. Host output:\n{}",
                out.join("\n")
            );
        }
        std::thread::sleep(SAMPLE);
    };
    let host_wall = host_started.elapsed();
    let run_wall = start.map(|(t, _)| t.elapsed());
    let statuses: Vec<ExitStatus> = (1..procs.0.len())
        .map(|i| {
            wait(
                &mut procs.0[i],
                &format!("client {}", roles[i - 1]),
                deadline,
            )
        })
        .collect();
    let lo_after = loopback_bytes();
    out.extend(rx.try_iter());
    let host_err = errors.join().unwrap_or_default();
    assert!(
        host_status.success(),
        "the host failed: {host_status}\n{}\n{host_err}",
        out.join("\n")
    );
    for (role, status) in roles.iter().zip(&statuses) {
        let err = std::fs::read_to_string(dir.path().join(format!("{role}.err"))).unwrap();
        assert!(status.success(), "client {role} failed: {status}\n{err}");
    }

    // "network: K KB sent to S seats, B bytes per seat per simulated second; L ticks late"
    let network = out
        .iter()
        .find(|l| l.starts_with("network: "))
        .expect("the host's network line");
    let number_before = |what: &str| -> f64 {
        let end = network.find(what).expect(what);
        let head = network[..end].trim_end();
        head[head.rfind(' ').unwrap() + 1..].parse().expect(what)
    };
    let seats = number_before(" seats") as usize;
    let per_seat = number_before(" bytes per seat");
    let late = number_before(" ticks late") as u64;
    let kb = number_before(" KB sent");

    let run = RunFile::load(&run_path).expect("the run file");
    let (ticks, resolved, reason) = run.end().expect("the run ended");
    let feeds: Vec<usize> = roles
        .iter()
        .map(|r| {
            std::fs::read_to_string(dir.path().join(format!("{r}.jsonl")))
                .map_or(0, |t| t.lines().count())
        })
        .collect();
    let (feed_min, feed_max) = (*feeds.iter().min().unwrap(), *feeds.iter().max().unwrap());

    let cpu = last_cpu as f64 / tck;
    let late_ok = late == 0;
    let bytes_ok = per_seat <= TARGET_BYTES_PER_SEAT_SECOND;
    // The run ends at tick `time_limit - 1`: ticks 0..=3599 are the simulated hour.
    let hour_ok = ticks + 1 == HOUR && !resolved;
    let seats_ok = seats == roles.len() && feed_min > 0;

    println!(
        "gameday: 16 loopback clients, one simulated hour at ×{SPEED} ({} cores here)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "  wall: {:.1} s in all, host {:.1} s, exercise {:.1} s (ideal {:.1} s)",
        began.elapsed().as_secs_f64(),
        host_wall.as_secs_f64(),
        run_wall.map_or(f64::NAN, |d| d.as_secs_f64()),
        HOUR as f64 / SPEED as f64
    );
    println!(
        "  simulated: ended at tick {ticks} ({} s simulated; {}, {reason}): {}",
        ticks + 1,
        if resolved { "resolved" } else { "not resolved" },
        verdict(hour_ok)
    );
    print!(
        "  host CPU: {cpu:.2} s in all, {:.0}% of one core over the host's life",
        100.0 * cpu / host_wall.as_secs_f64()
    );
    match (start, run_wall) {
        (Some((_, at)), Some(w)) => println!(
            "; {:.2} s, {:.0}% of one core during the exercise",
            (last_cpu - at) as f64 / tck,
            100.0 * (last_cpu - at) as f64 / tck / w.as_secs_f64()
        ),
        _ => println!(),
    }
    println!("  late ticks: {late} (target 0): {}", verdict(late_ok));
    println!(
        "  sent: {kb:.0} KB to {seats} seats; {per_seat:.0} B per seat per simulated second \
         (= per second at ×1; target ≤ {TARGET_BYTES_PER_SEAT_SECOND:.0}): {}",
        verdict(bytes_ok)
    );
    if let (Some(a), Some(b)) = (lo_before, lo_after) {
        println!(
            "  loopback, all traffic both ways with headers: {:.0} B per client per simulated second",
            (b - a) as f64 / roles.len() as f64 / (ticks + 1) as f64
        );
    }
    println!(
        "  client feeds: {feed_min}..{feed_max} lines (min..max of {}): {}",
        feeds.len(),
        verdict(seats_ok)
    );
    if !(late_ok && bytes_ok && hour_ok && seats_ok) {
        if !host_err.trim().is_empty() {
            eprintln!("host stderr:\n{host_err}");
        }
        eprintln!("gameday: FAIL");
        drop(procs);
        std::process::exit(1);
    }
    println!("gameday: PASS");
}

//! How fast the consoles are. The first frame's time after launch is kept for every run (and
//! written to a GUI test's report); `--measure N` also times the UI — every egui system, egui's
//! layout pass and its tessellation — over N frames with the charts pinned, and prints the figures.
//!
//! The budget is CPU time, so that is what is measured: the schedules holding the UI run on one
//! thread while measuring, and that thread's CPU clock is read around them. Wall time is reported
//! too, but on a small machine it also counts the moments the software renderer's threads took
//! the core away.

use std::sync::OnceLock;
use std::sync::atomic::Ordering;
use std::time::Instant;

use bevy::prelude::*;
use bevy_egui::{EguiPostUpdateSet, EguiRenderOutput, PrimaryEguiContext};
use serde::Serialize;

use crate::gui::session::SessionInfo;
use crate::gui::widgets::CHARTS_DRAWN;
use crate::gui::{Launch, Screen};

static LAUNCH: OnceLock<(Instant, f64)> = OnceLock::new();
static FIRST_FRAME: OnceLock<f64> = OnceLock::new();

/// Notes the launch; the process may have been running for a moment already (reading arguments,
/// checking the scenario), so that age is added.
pub fn mark_launch() {
    LAUNCH.get_or_init(|| (Instant::now(), process_age_ms().unwrap_or(0.0)));
}

/// Milliseconds from process start to the first frame drawn with the console on it.
pub fn first_frame_ms() -> Option<f64> {
    FIRST_FRAME.get().copied()
}

/// How long this process has run, from /proc (Linux).
fn process_age_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces), starttime is field 22.
    let rest = &stat[stat.rfind(')')? + 2..];
    let start_ticks: f64 = rest.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    // USER_HZ is 100 on every Linux platform Rust targets.
    Some(((uptime - start_ticks / 100.0) * 1000.0).max(0.0))
}

fn since_start_ms() -> f64 {
    let (at, age) = LAUNCH.get_or_init(|| (Instant::now(), 0.0));
    age + at.elapsed().as_secs_f64() * 1000.0
}

/// CPU time used so far by the calling thread, in ms.
#[cfg(unix)]
fn thread_cpu_ms() -> Option<f64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6)
}

#[cfg(not(unix))]
fn thread_cpu_ms() -> Option<f64> {
    None
}

#[derive(Resource, Default)]
struct Timing {
    /// Wall clock, and the thread and its CPU clock, when this frame's UI began.
    began: Option<(Instant, std::thread::ThreadId, Option<f64>)>,
    /// UI CPU time per measured frame, in ms (wall time where no CPU clock can be read).
    samples: Vec<f64>,
    /// UI wall time per measured frame, in ms.
    wall: Vec<f64>,
    charts: Vec<usize>,
    /// egui produced paint output last frame (so this frame starts after it was presented).
    painted: bool,
    warm: bool,
    cpu_clock: bool,
}

#[derive(Serialize)]
struct Figures {
    screen: String,
    frames: usize,
    charts: usize,
    ui_mean_ms: f64,
    ui_p50_ms: f64,
    ui_p95_ms: f64,
    ui_max_ms: f64,
    /// Frames over the 4 ms budget.
    over_budget: usize,
    /// CPU time (true) or wall time (false).
    cpu_clock: bool,
    wall_p95_ms: f64,
    wall_max_ms: f64,
    first_frame_ms: Option<f64>,
    tick: u64,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Timing>()
        .add_systems(First, first_frame)
        .add_systems(
            PostUpdate,
            (
                begin.before(EguiPostUpdateSet::EndPass),
                (end, painted).after(EguiPostUpdateSet::ProcessOutput),
            ),
        );
    if app.world().resource::<Launch>().measure.is_some() {
        // Everything between `begin` and `end` then runs on the thread whose CPU clock is read.
        use bevy::ecs::schedule::SingleThreadedExecutor;
        app.edit_schedule(PostUpdate, |s| {
            s.set_executor(SingleThreadedExecutor::new());
        });
        app.edit_schedule(bevy_egui::EguiPrimaryContextPass, |s| {
            s.set_executor(SingleThreadedExecutor::new());
        });
        app.add_systems(Update, warm_up);
    }
}

/// The first frame counts once egui has painted the console and that frame has been presented.
fn first_frame(timing: Res<Timing>) {
    if FIRST_FRAME.get().is_none() && timing.painted {
        let ms = since_start_ms();
        let _ = FIRST_FRAME.set(ms);
        info!("first frame after {ms:.0} ms");
    }
}

/// Notes when egui first has a console to paint (it is presented at the end of this frame).
fn painted(
    mut timing: ResMut<Timing>,
    out: Query<&EguiRenderOutput, With<PrimaryEguiContext>>,
    screen: Res<State<Screen>>,
) {
    if !timing.painted {
        timing.painted = *screen.get() != Screen::Boot && out.iter().any(|o| !o.is_empty());
    }
}

fn begin(mut timing: ResMut<Timing>) {
    CHARTS_DRAWN.store(0, Ordering::Relaxed);
    timing.began = Some((Instant::now(), std::thread::current().id(), thread_cpu_ms()));
}

fn end(
    mut timing: ResMut<Timing>,
    launch: Res<Launch>,
    info: Res<SessionInfo>,
    screen: Res<State<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(n) = launch.measure else { return };
    let Some((began, thread, cpu)) = timing.began.take() else {
        return;
    };
    let wall = began.elapsed().as_secs_f64() * 1000.0;
    let cpu = cpu
        .zip(thread_cpu_ms())
        .filter(|_| std::thread::current().id() == thread)
        .map(|(a, b)| b - a);
    if info.ended.is_some() {
        crate::errln!(
            "error: the exercise ended before the measurement did; measure without `--bots` \
             (or with `--bots none`) so that it runs to its time limit"
        );
        exit.write(AppExit::from_code(1));
        return;
    }
    if !timing.warm || !matches!(screen.get(), Screen::Trainee | Screen::Facilitator) {
        return;
    }
    timing.cpu_clock = cpu.is_some();
    timing.samples.push(cpu.unwrap_or(wall));
    timing.wall.push(wall);
    timing.charts.push(CHARTS_DRAWN.load(Ordering::Relaxed));
    if timing.samples.len() < n as usize {
        return;
    }
    let sorted = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v
    };
    let (s, w) = (sorted(&timing.samples), sorted(&timing.wall));
    let at = |v: &[f64], p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    let pct = |p: f64| at(&s, p);
    let figures = Figures {
        screen: format!("{:?}", screen.get()),
        frames: s.len(),
        charts: timing.charts.iter().copied().max().unwrap_or(0),
        ui_mean_ms: s.iter().sum::<f64>() / s.len() as f64,
        ui_p50_ms: pct(0.5),
        ui_p95_ms: pct(0.95),
        ui_max_ms: pct(1.0),
        over_budget: s.iter().filter(|v| **v > 4.0).count(),
        cpu_clock: timing.cpu_clock,
        wall_p95_ms: at(&w, 0.95),
        wall_max_ms: at(&w, 1.0),
        first_frame_ms: first_frame_ms(),
        tick: info.tick,
    };
    crate::outln!(
        "measured {} frames on the {} screen with {} charts: UI {} time mean {:.2} ms, \
         p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms, {} over 4 ms (wall time p95 {:.2} ms, \
         max {:.2} ms); first frame after {} ms (tick {})",
        figures.frames,
        figures.screen,
        figures.charts,
        if figures.cpu_clock { "CPU" } else { "wall" },
        figures.ui_mean_ms,
        figures.ui_p50_ms,
        figures.ui_p95_ms,
        figures.ui_max_ms,
        figures.over_budget,
        figures.wall_p95_ms,
        figures.wall_max_ms,
        figures
            .first_frame_ms
            .map_or("?".to_string(), |v| format!("{v:.0}")),
        figures.tick
    );
    if let Some(dir) = &launch.test_out {
        let _ = std::fs::create_dir_all(dir);
        if let Ok(bytes) = serde_json::to_vec_pretty(&figures) {
            let _ = crate::fsio::write_atomic(dir.join("measure.json"), bytes);
        }
    }
    exit.write(AppExit::Success);
}

/// Runs the exercise fast until the charts hold 25 minutes of data, then at normal speed while
/// measuring.
fn warm_up(mut timing: ResMut<Timing>, info: Res<SessionInfo>, mut time: ResMut<Time<Virtual>>) {
    if timing.warm {
        return;
    }
    if info.tick < 1500 && info.ended.is_none() {
        time.set_relative_speed(300.0);
    } else {
        time.set_relative_speed(1.0);
        timing.warm = true;
    }
}

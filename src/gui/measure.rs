//! How fast the consoles are. The first frame's time after launch is kept for every run (and
//! written to a GUI test's report); `--measure N` also times the UI — every egui system, egui's
//! layout pass and its tessellation — over N frames with the charts pinned, and prints the figures.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bevy::prelude::*;
use bevy_egui::{EguiPostUpdateSet, EguiRenderOutput, PrimaryEguiContext};
use serde::Serialize;

use super::session::SessionInfo;
use super::{Launch, Screen};

static LAUNCH: OnceLock<(Instant, f64)> = OnceLock::new();
static FIRST_FRAME: OnceLock<f64> = OnceLock::new();
/// Charts drawn in the current frame.
pub static CHARTS: AtomicUsize = AtomicUsize::new(0);

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

#[derive(Resource, Default)]
struct Timing {
    began: Option<Instant>,
    /// UI time per measured frame, in ms.
    samples: Vec<f64>,
    charts: Vec<usize>,
    /// egui produced paint output last frame (so this frame starts after it was presented).
    painted: bool,
    warm: bool,
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
    CHARTS.store(0, Ordering::Relaxed);
    timing.began = Some(Instant::now());
}

fn end(
    mut timing: ResMut<Timing>,
    launch: Res<Launch>,
    info: Res<SessionInfo>,
    screen: Res<State<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(n) = launch.measure else { return };
    let Some(began) = timing.began.take() else {
        return;
    };
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
    timing.samples.push(began.elapsed().as_secs_f64() * 1000.0);
    timing.charts.push(CHARTS.load(Ordering::Relaxed));
    if timing.samples.len() < n as usize {
        return;
    }
    let mut s = timing.samples.clone();
    s.sort_by(f64::total_cmp);
    let pct = |p: f64| s[((s.len() - 1) as f64 * p).round() as usize];
    let figures = Figures {
        screen: format!("{:?}", screen.get()),
        frames: s.len(),
        charts: timing.charts.iter().copied().max().unwrap_or(0),
        ui_mean_ms: s.iter().sum::<f64>() / s.len() as f64,
        ui_p50_ms: pct(0.5),
        ui_p95_ms: pct(0.95),
        ui_max_ms: pct(1.0),
        first_frame_ms: first_frame_ms(),
        tick: info.tick,
    };
    crate::outln!(
        "measured {} frames on the {} screen with {} charts: UI mean {:.2} ms, p50 {:.2} ms, \
         p95 {:.2} ms, max {:.2} ms; first frame after {} ms (tick {})",
        figures.frames,
        figures.screen,
        figures.charts,
        figures.ui_mean_ms,
        figures.ui_p50_ms,
        figures.ui_p95_ms,
        figures.ui_max_ms,
        figures
            .first_frame_ms
            .map_or("?".to_string(), |v| format!("{v:.0}")),
        figures.tick
    );
    if let Some(dir) = &launch.test_out {
        let _ = std::fs::create_dir_all(dir);
        if let Ok(bytes) = serde_json::to_vec_pretty(&figures) {
            let _ = std::fs::write(dir.join("measure.json"), bytes);
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

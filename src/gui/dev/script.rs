//! Scripted sessions for GUI tests (`--gui-script FILE --gui-out DIR`). A script moves the pointer,
//! clicks text it finds on screen and presses keys by writing the same window and keyboard
//! messages winit writes, so every interaction takes the path a person's would. It checks what
//! egui drew (the text in the frame's shapes, with positions), takes screenshots with Bevy's
//! `Screenshot` and measures them, and writes `report.json` to the output folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bevy::ecs::system::SystemParam;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::mouse::{MouseButton, MouseButtonInput};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::{CursorMoved, PrimaryWindow, WindowEvent};
use bevy_egui::{EguiFullOutput, EguiPostUpdateSet, PrimaryEguiContext, egui};
use serde::{Deserialize, Serialize};

use crate::gui::drawn::{self as probe, Drawn};
use crate::gui::session::SessionInfo;
use crate::gui::theme::TextScale;
use crate::gui::trainee::Section;
use crate::gui::{Launch, Screen};

#[derive(Debug, Clone, Deserialize)]
pub struct Script {
    /// `Time<Virtual>` speed while the script runs (ticks per second of game time).
    #[serde(default = "one")]
    pub speed: f32,
    pub steps: Vec<Step>,
}

fn one() -> f32 {
    1.0
}

#[derive(Debug, Clone, Deserialize)]
pub enum Step {
    WaitFrames(u32),
    /// Until the simulation reaches this tick.
    WaitTick(u64),
    /// Until this text is on screen.
    WaitText(String),
    WaitScreen(String),
    /// Until this text is no longer on screen (what a click changes lands a tick or more later).
    WaitGone(String),
    /// This text must be on screen now.
    Expect(String),
    ExpectNot(String),
    /// Click the text (the one nearest `near`, if given).
    Click {
        text: String,
        #[serde(default)]
        near: Option<String>,
    },
    /// Press and release a key, e.g. "F1", "Num3", "Enter", "Tab", "Equals".
    Key {
        key: String,
        #[serde(default)]
        ctrl: bool,
        #[serde(default)]
        shift: bool,
    },
    /// Type text into the focused field.
    Type(String),
    Speed(f32),
    /// Edit a file (relative to the working directory) as an author saving it would: replace the
    /// first `find` with `replace`.
    Edit {
        file: String,
        find: String,
        replace: String,
    },
    /// Record the drawn text, and the screen's named regions, under a name in the report.
    Snapshot(String),
    /// Set the text scale (1.0 is 100%), as the A+/A− buttons and Ctrl +/− do in steps.
    Scale(f32),
    /// Resize the window to this many logical pixels.
    Resize(f32, f32),
    Screenshot(String),
    Exit,
}

/// A screenshot's measurements.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Shot {
    pub name: String,
    pub path: String,
    pub width: u32,
    pub height: u32,
    /// Share of pixels that differ from the background colour.
    pub ink: f32,
    /// Distinct colours (quantised to 4 bits a channel).
    pub colours: usize,
    /// Per screen region: its rect in pixels, its ink share and distinct colours.
    pub regions: BTreeMap<String, RegionStats>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionStats {
    pub rect: [u32; 4],
    pub ink: f32,
    pub colours: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub ok: bool,
    pub failures: Vec<String>,
    pub steps_done: usize,
    pub frames: u64,
    pub snapshots: BTreeMap<String, Vec<Drawn>>,
    /// Per snapshot, the screen's named regions: [left, top, right, bottom] in points.
    pub regions: BTreeMap<String, BTreeMap<String, [f32; 4]>>,
    pub screenshots: Vec<Shot>,
    pub run_file: Option<String>,
    pub first_frame_ms: Option<f64>,
}

#[derive(Resource)]
struct Runner {
    steps: Vec<Step>,
    speed: f32,
    at: usize,
    /// Frames spent on the current step.
    waited: u32,
    phase: u8,
    dir: PathBuf,
    drawn: Vec<Drawn>,
    report: Report,
    shots: Arc<Mutex<Vec<Shot>>>,
    pending: usize,
}

/// The named screen regions at a moment, in points.
#[derive(Resource, Debug, Default, Clone)]
pub struct NamedRegions(pub Vec<(String, egui::Rect)>);

pub fn plugin(app: &mut App) {
    let Some(path) = app.world().resource::<Launch>().script.clone() else {
        return;
    };
    let dir = app
        .world()
        .resource::<Launch>()
        .test_out
        .clone()
        .unwrap_or_else(|| PathBuf::from("target/gui-screenshots"));
    let script = match load(&path) {
        Ok(s) => s,
        Err(e) => {
            crate::errln!("error: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        crate::errln!("error: cannot create `{}`: {e}", dir.display());
        std::process::exit(2);
    }
    app.insert_resource(Runner {
        steps: script.steps,
        speed: script.speed,
        at: 0,
        waited: 0,
        phase: 0,
        dir,
        drawn: Vec::new(),
        report: Report::default(),
        shots: Arc::new(Mutex::new(Vec::new())),
        pending: 0,
    })
    .init_resource::<NamedRegions>()
    .add_systems(First, drive)
    .add_systems(
        bevy_egui::EguiPrimaryContextPass,
        regions.in_set(crate::gui::GuiSet::Observe),
    )
    .add_systems(
        PostUpdate,
        observe
            .after(EguiPostUpdateSet::EndPass)
            .before(EguiPostUpdateSet::ProcessOutput),
    );
}

pub fn load(path: &Path) -> Result<Script, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the GUI script `{}`: {e}", path.display()))?;
    ron::from_str(&text).map_err(|e| format!("{}:{e}", path.display()))
}

/// Names the current screen's regions, for snapshots and the screenshot measurements.
fn regions(
    screen: Res<State<Screen>>,
    trainee: Res<crate::gui::trainee::layout::Regions>,
    facilitator: Res<crate::gui::facilitator::FacRegions>,
    review: Res<crate::gui::review::ReviewRegions>,
    mut named: ResMut<NamedRegions>,
) {
    let list: Vec<(&str, egui::Rect)> = match screen.get() {
        Screen::Trainee => Section::ALL
            .iter()
            .map(|s| (s.name(), trainee.of(*s)))
            .collect(),
        Screen::Facilitator => vec![
            ("truth", facilitator.truth),
            ("faults", facilitator.faults),
            ("services", facilitator.services),
            ("mel", facilitator.mel),
            ("roles", facilitator.roles),
            ("events", facilitator.events),
            ("authoring", facilitator.authoring),
        ],
        Screen::Review => vec![("strip", review.strip), ("center", review.center)],
        _ => Vec::new(),
    };
    named.0 = list.into_iter().map(|(n, r)| (n.to_string(), r)).collect();
}

/// Keeps what egui drew this frame.
fn observe(mut runner: ResMut<Runner>, outputs: Query<&EguiFullOutput, With<PrimaryEguiContext>>) {
    for out in &outputs {
        if let Some(full) = &out.0 {
            runner.drawn = probe::texts(&full.shapes);
        }
    }
}

fn key_of(name: &str) -> Option<(KeyCode, Key)> {
    let ch = |c: &str| Key::Character(c.into());
    Some(match name {
        "Enter" => (KeyCode::Enter, Key::Enter),
        "Tab" => (KeyCode::Tab, Key::Tab),
        "Escape" => (KeyCode::Escape, Key::Escape),
        "Space" => (KeyCode::Space, Key::Space),
        "F1" => (KeyCode::F1, Key::F1),
        "F2" => (KeyCode::F2, Key::F2),
        "F3" => (KeyCode::F3, Key::F3),
        "F4" => (KeyCode::F4, Key::F4),
        "F5" => (KeyCode::F5, Key::F5),
        "Home" => (KeyCode::Home, Key::Home),
        "ArrowUp" => (KeyCode::ArrowUp, Key::ArrowUp),
        "ArrowDown" => (KeyCode::ArrowDown, Key::ArrowDown),
        "End" => (KeyCode::End, Key::End),
        "Equals" => (KeyCode::Equal, ch("=")),
        "Minus" => (KeyCode::Minus, ch("-")),
        "Num0" => (KeyCode::Digit0, ch("0")),
        "Num1" => (KeyCode::Digit1, ch("1")),
        "Num2" => (KeyCode::Digit2, ch("2")),
        "Num3" => (KeyCode::Digit3, ch("3")),
        "Num4" => (KeyCode::Digit4, ch("4")),
        "Num5" => (KeyCode::Digit5, ch("5")),
        "Num6" => (KeyCode::Digit6, ch("6")),
        "P" => (KeyCode::KeyP, ch("p")),
        "BracketRight" => (KeyCode::BracketRight, ch("]")),
        _ => return None,
    })
}

fn key_msg(window: Entity, code: KeyCode, key: Key, pressed: bool) -> KeyboardInput {
    let text = match (&key, pressed) {
        (Key::Character(c), true) => Some(c.clone()),
        _ => None,
    };
    KeyboardInput {
        key_code: code,
        logical_key: key,
        state: if pressed {
            ButtonState::Pressed
        } else {
            ButtonState::Released
        },
        text,
        repeat: false,
        window,
    }
}

/// What the driver writes: the window and keyboard messages winit would, and the exit.
#[derive(SystemParam)]
struct Inputs<'w> {
    window_events: MessageWriter<'w, WindowEvent>,
    keys: MessageWriter<'w, KeyboardInput>,
    exit: MessageWriter<'w, AppExit>,
}

/// What the script checks of the app: the session, the screen and where the regions are.
#[derive(SystemParam)]
struct AppSeen<'w> {
    info: Res<'w, SessionInfo>,
    screen: Res<'w, State<Screen>>,
    regions: Res<'w, NamedRegions>,
}

/// What the script turns as a person would not: the clock's speed and the text size.
#[derive(SystemParam)]
struct Knobs<'w> {
    time: ResMut<'w, Time<Virtual>>,
    text_scale: ResMut<'w, TextScale>,
}

fn drive(
    mut runner: ResMut<Runner>,
    mut window: Query<(Entity, &mut Window), With<PrimaryWindow>>,
    app: AppSeen,
    knobs: Knobs,
    inputs: Inputs,
    mut commands: Commands,
) {
    let AppSeen {
        info,
        screen,
        regions,
    } = app;
    let Inputs {
        mut window_events,
        mut keys,
        mut exit,
    } = inputs;
    let Knobs {
        mut time,
        mut text_scale,
    } = knobs;
    let Ok((window, mut win)) = window.single_mut() else {
        return;
    };
    // A person types into a focused window. Under Xvfb no window manager focuses it, and egui
    // then reports no widget as focused (`Response::has_focus`), so keyboard paths would not
    // behave as they do for a person.
    if !win.focused {
        win.focused = true;
    }
    let r = &mut *runner;
    r.report.frames += 1;
    // Starting a session resets the clock; the script's speed holds throughout.
    if (time.relative_speed() - r.speed).abs() > 1e-6 {
        time.set_relative_speed(r.speed);
    }
    // Screenshots land a few frames after they are asked for.
    let landed = r.shots.lock().map_or(0, |s| s.len());
    let pending = r.pending.saturating_sub(landed);
    let Some(step) = r.steps.get(r.at).cloned() else {
        return;
    };
    r.waited += 1;
    let found = |r: &Runner, t: &str| r.drawn.iter().any(|d| d.text.contains(t));
    let mut done = false;
    let mut fail: Option<String> = None;
    match &step {
        Step::WaitFrames(n) => done = r.waited >= *n,
        Step::WaitTick(t) => {
            done = info.tick >= *t;
            if r.waited > 5000 {
                fail = Some(format!("tick {t} not reached (at {})", info.tick));
            }
        }
        Step::WaitText(t) => {
            done = found(r, t);
            if r.waited > 900 {
                fail = Some(format!("“{t}” never appeared"));
            }
        }
        Step::WaitGone(t) => {
            done = !found(r, t);
            if r.waited > 900 {
                fail = Some(format!("“{t}” never went away"));
            }
        }
        Step::WaitScreen(s) => {
            done = format!("{:?}", screen.get()) == *s;
            if r.waited > 900 {
                fail = Some(format!("screen {s} never came (on {:?})", screen.get()));
            }
        }
        Step::Expect(t) => {
            done = true;
            if !found(r, t) {
                fail = Some(format!("“{t}” is not on screen"));
            }
        }
        Step::ExpectNot(t) => {
            done = true;
            if found(r, t) {
                fail = Some(format!("“{t}” is on screen but should not be"));
            }
        }
        Step::Click { text, near } => match r.phase {
            0 => match probe::find(&r.drawn, text, near.as_deref()) {
                Some(d) => {
                    let c = d.center();
                    window_events.write(WindowEvent::CursorMoved(CursorMoved {
                        window,
                        position: Vec2::new(c.x, c.y),
                        delta: None,
                    }));
                    r.phase = 1;
                }
                None if r.waited > 120 => {
                    fail = Some(format!("nothing to click: “{text}” is not on screen"))
                }
                None => {}
            },
            1 | 2 => {
                window_events.write(WindowEvent::MouseButtonInput(MouseButtonInput {
                    button: MouseButton::Left,
                    state: if r.phase == 1 {
                        ButtonState::Pressed
                    } else {
                        ButtonState::Released
                    },
                    window,
                }));
                r.phase += 1;
            }
            _ => done = true,
        },
        Step::Key { key, ctrl, shift } => match key_of(key) {
            None => fail = Some(format!("unknown key {key}")),
            Some((code, logical)) => match r.phase {
                0 => {
                    if *ctrl {
                        keys.write(key_msg(window, KeyCode::ControlLeft, Key::Control, true));
                    }
                    if *shift {
                        keys.write(key_msg(window, KeyCode::ShiftLeft, Key::Shift, true));
                    }
                    keys.write(key_msg(window, code, logical, true));
                    r.phase = 1;
                }
                1 => {
                    keys.write(key_msg(window, code, logical, false));
                    if *shift {
                        keys.write(key_msg(window, KeyCode::ShiftLeft, Key::Shift, false));
                    }
                    if *ctrl {
                        keys.write(key_msg(window, KeyCode::ControlLeft, Key::Control, false));
                    }
                    r.phase = 2;
                }
                _ => done = true,
            },
        },
        Step::Type(text) => {
            for c in text.chars() {
                let s = c.to_string();
                let (code, key) = if c == ' ' {
                    (KeyCode::Space, Key::Space)
                } else {
                    (KeyCode::KeyA, Key::Character(s.as_str().into()))
                };
                keys.write(key_msg(window, code, key.clone(), true));
                keys.write(key_msg(window, code, key, false));
            }
            done = true;
        }
        Step::Speed(s) => {
            r.speed = *s;
            done = true;
        }
        Step::Edit {
            file,
            find,
            replace,
        } => {
            match std::fs::read_to_string(file) {
                Ok(text) if text.contains(find.as_str()) => {
                    if let Err(e) = std::fs::write(file, text.replacen(find.as_str(), replace, 1)) {
                        fail = Some(format!("cannot write {file}: {e}"));
                    }
                }
                Ok(_) => fail = Some(format!("{file} has no “{find}”")),
                Err(e) => fail = Some(format!("cannot read {file}: {e}")),
            }
            done = fail.is_none();
        }
        Step::Snapshot(name) => {
            r.report.snapshots.insert(name.clone(), r.drawn.clone());
            let named = regions
                .0
                .iter()
                .map(|(n, r)| (n.clone(), [r.left(), r.top(), r.right(), r.bottom()]))
                .collect();
            r.report.regions.insert(name.clone(), named);
            done = true;
        }
        Step::Scale(s) => {
            text_scale.0 = *s;
            done = true;
        }
        Step::Resize(w, h) => {
            win.resolution.set(*w, *h);
            done = true;
        }
        Step::Screenshot(name) => {
            let path = r.dir.join(format!("{name}.png"));
            let shots = r.shots.clone();
            // The measurements are in pixels.
            let px = win.scale_factor();
            let named: Vec<(String, egui::Rect)> = regions
                .0
                .iter()
                .map(|(n, r)| (n.clone(), egui::Rect::from_min_max(r.min * px, r.max * px)))
                .collect();
            let name = name.clone();
            let p = path.display().to_string();
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path))
                .observe(move |captured: On<ScreenshotCaptured>| {
                    let shot = measure(&name, &p, &captured.image, &named);
                    if let Ok(mut v) = shots.lock() {
                        v.push(shot);
                    }
                });
            r.pending += 1;
            done = true;
        }
        Step::Exit => {
            if pending == 0 || r.waited > 600 {
                if pending > 0 {
                    fail = Some("screenshots never arrived".into());
                } else {
                    done = true;
                }
            }
        }
    }
    if let Some(f) = fail {
        r.report
            .failures
            .push(format!("step {} {step:?}: {f}", r.at + 1));
        finish(r, &info, &mut exit);
        return;
    }
    if done {
        r.at += 1;
        r.report.steps_done = r.at;
        r.waited = 0;
        r.phase = 0;
        if matches!(step, Step::Exit) {
            finish(r, &info, &mut exit);
        }
    }
}

fn finish(r: &mut Runner, info: &SessionInfo, exit: &mut MessageWriter<AppExit>) {
    r.report.ok = r.report.failures.is_empty();
    r.report.screenshots = r.shots.lock().map(|v| v.clone()).unwrap_or_default();
    r.report.run_file = info.run_path.as_ref().map(|p| p.display().to_string());
    r.report.first_frame_ms = super::measure::first_frame_ms();
    let path = r.dir.join("report.json");
    match serde_json::to_vec_pretty(&r.report) {
        Ok(bytes) => {
            if let Err(e) = crate::fsio::write_atomic(&path, bytes) {
                crate::errln!("error: cannot write `{}`: {e}", path.display());
            }
        }
        Err(e) => crate::errln!("error: {e}"),
    }
    for f in &r.report.failures {
        crate::errln!("gui script failed: {f}");
    }
    exit.write(if r.report.ok {
        AppExit::Success
    } else {
        AppExit::from_code(1)
    });
}

/// Ink and colour counts of a screenshot and of each named region.
fn measure(name: &str, path: &str, image: &Image, regions: &[(String, egui::Rect)]) -> Shot {
    let Ok(img) = image.clone().try_into_dynamic() else {
        return Shot {
            name: name.into(),
            path: path.into(),
            ..Default::default()
        };
    };
    let rgba = img.to_rgba8();
    let (w, h) = (img.width(), img.height());
    let px = rgba.as_raw();
    // The most common colour is the background.
    let bg = {
        let mut counts: BTreeMap<[u8; 3], u32> = BTreeMap::new();
        for p in px.chunks_exact(4).step_by(7) {
            *counts.entry([p[0], p[1], p[2]]).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map_or([0; 3], |(c, _)| c)
    };
    let stats = |x0: u32, y0: u32, x1: u32, y1: u32| {
        let (x1, y1) = (x1.min(w), y1.min(h));
        let mut ink = 0u64;
        let mut total = 0u64;
        let mut colours = std::collections::BTreeSet::new();
        for y in y0..y1 {
            for x in x0..x1 {
                let i = ((y * w + x) * 4) as usize;
                let c = [px[i], px[i + 1], px[i + 2]];
                total += 1;
                if c.iter().zip(bg).any(|(a, b)| a.abs_diff(b) > 12) {
                    ink += 1;
                }
                colours.insert([c[0] >> 4, c[1] >> 4, c[2] >> 4]);
            }
        }
        RegionStats {
            rect: [x0, y0, x1, y1],
            ink: if total == 0 {
                0.0
            } else {
                ink as f32 / total as f32
            },
            colours: colours.len(),
        }
    };
    let all = stats(0, 0, w, h);
    let regions = regions
        .iter()
        .map(|(n, r)| {
            let s = stats(
                r.left().max(0.0) as u32,
                r.top().max(0.0) as u32,
                r.right().max(0.0) as u32,
                r.bottom().max(0.0) as u32,
            );
            (n.clone(), s)
        })
        .collect();
    Shot {
        name: name.into(),
        path: path.into(),
        width: w,
        height: h,
        ink: all.ink,
        colours: all.colours,
        regions,
    }
}

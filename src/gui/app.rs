//! Building and running the windowed app.

use std::path::Path;
use std::process::ExitCode;

use bevy::asset::io::AssetSourceBuilder;
use bevy::log::LogPlugin;
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::pipelined_rendering::PipelinedRenderingPlugin;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::EguiPrimaryContextPass;

use super::facilitator::authoring::SCENARIO_SOURCE;
use super::intent::Intents;
use super::session::SessionScenario;
use super::{GuiSet, Launch, Mode, Screen};
use crate::scenario::Scenario;

/// `firedrill play`: the trainee or facilitator console on a checked scenario.
pub fn run_play(launch: Launch, scenario: std::sync::Arc<Scenario>) -> ExitCode {
    if let Err(why) = super::display::probe() {
        crate::errln!("error: {}", super::display::needs_display_message(&why));
        return ExitCode::FAILURE;
    }
    let title = format!("firedrill — {}", scenario.title);
    let mut app = base_app(&launch, &title);
    app.insert_resource(SessionScenario(scenario));
    finish(app)
}

/// `firedrill join`: the trainee console on a seat of a hosted game day.
pub fn run_join(launch: Launch) -> ExitCode {
    if let Err(why) = super::display::probe() {
        crate::errln!("error: {}", super::display::needs_display_message(&why));
        return ExitCode::FAILURE;
    }
    let Mode::Join(config) = launch.mode.clone() else {
        return ExitCode::FAILURE;
    };
    let mut app = base_app(&launch, "firedrill — game day");
    if let Err(e) = crate::net::client::add_to(&mut app, *config) {
        crate::errln!("error: {e}");
        return ExitCode::FAILURE;
    }
    finish(app)
}

/// `firedrill host` with a display: the lobby, then the facilitator console, serving trainees.
pub fn run_host(
    launch: Launch,
    scenario: std::sync::Arc<Scenario>,
    bind: std::net::SocketAddr,
) -> ExitCode {
    use crate::net::host::{self, Hall};
    if let Err(why) = super::display::probe() {
        crate::errln!("error: {}", super::display::needs_display_message(&why));
        return ExitCode::FAILURE;
    }
    let Mode::Host(hosting) = launch.mode.clone() else {
        return ExitCode::FAILURE;
    };
    let title = format!("firedrill — hosting {}", scenario.title);
    let mut app = base_app(&launch, &title);
    app.add_plugins((
        bevy_replicon::prelude::RepliconPlugins
            .set(bevy_replicon::prelude::ServerPlugin::new(PostUpdate)),
        bevy_replicon_renet::RepliconRenetPlugins,
    ))
    .add_plugins(host::plugin::<super::session::Live>);
    app.insert_resource(SessionScenario(scenario.clone()))
        .insert_resource(Hall::new(scenario.clone(), &hosting.code, 1.0));
    if let Err(e) = host::listen(&mut app, bind) {
        crate::errln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let addr = host::local_addr(&app).unwrap_or(bind);
    crate::outln!("hosting “{}” on {addr}", scenario.title);
    crate::outln!("join code: {}", hosting.code);
    app.insert_resource(super::hosting::Hosting {
        addr,
        code: hosting.code.clone(),
    });
    finish(app)
}

/// `firedrill review`: the debrief viewer on a recorded run.
pub fn run_review(
    launch: Launch,
    recording: super::review::Recording,
    beside: Option<super::review::Beside>,
) -> ExitCode {
    if let Err(why) = super::display::probe() {
        let run = match &launch.mode {
            Mode::Review(p) => p.clone(),
            _ => recording.source.clone().into(),
        };
        crate::errln!(
            "error: {}",
            super::display::review_needs_display_message(&why, &run)
        );
        return ExitCode::FAILURE;
    }
    let title = format!("firedrill — debrief: {}", recording.scenario.title);
    let mut app = base_app(&launch, &title);
    app.insert_resource(SessionScenario(recording.scenario.clone()));
    app.insert_resource(recording);
    if let Some(b) = beside {
        app.insert_resource(b);
    }
    finish(app)
}

fn finish(mut app: App) -> ExitCode {
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

fn base_app(launch: &Launch, title: &str) -> App {
    super::dev::measure::mark_launch();
    let mut app = App::new();
    let testing = launch.testing();
    let watch = watched_dir(launch);
    if let Some(dir) = &watch {
        app.register_asset_source(
            SCENARIO_SOURCE,
            AssetSourceBuilder::platform_default(&dir.to_string_lossy(), None),
        );
    }
    let mut plugins = DefaultPlugins
        .build()
        .set(WindowPlugin {
            primary_window: Some(Window {
                title: title.into(),
                resolution: (1600, 900).into(),
                ..default()
            }),
            ..default()
        })
        .set(LogPlugin {
            filter: "warn,firedrill=info,wgpu_hal=error,wgpu_core=error".into(),
            ..default()
        })
        .set(AssetPlugin {
            watch_for_changes_override: Some(watch.is_some()),
            ..default()
        });
    if testing {
        // Software Vulkan (lavapipe) can crash when the app exits while pipelines still compile,
        // and a half-compiled pipeline would leave the first screenshot blank.
        plugins = plugins
            .set(RenderPlugin {
                synchronous_pipeline_compilation: true,
                ..default()
            })
            .disable::<PipelinedRenderingPlugin>();
    }
    app.add_plugins(plugins);
    // A console, not a game: redraw on input and at least every 50 ms (the clock and charts
    // move); idle slower in the background, where virtual time catches up (see session::clock).
    app.insert_resource(if testing {
        WinitSettings::continuous()
    } else {
        WinitSettings {
            focused_mode: UpdateMode::reactive(std::time::Duration::from_millis(50)),
            unfocused_mode: UpdateMode::reactive_low_power(std::time::Duration::from_millis(250)),
        }
    });
    app.insert_resource(launch.clone())
        .init_state::<Screen>()
        .init_resource::<Intents>()
        .configure_sets(
            EguiPrimaryContextPass,
            (
                GuiSet::Style,
                GuiSet::Layout,
                GuiSet::Panels,
                GuiSet::Apply,
                GuiSet::Observe,
            )
                .chain(),
        )
        .add_plugins((
            super::third_party::egui::plugin,
            super::theme::plugin,
            super::session::plugin,
            super::trainee::plugin,
            super::facilitator::plugin,
            super::review::plugin,
            super::summary::plugin,
            super::dev::script::plugin,
            super::dev::measure::plugin,
            super::join::plugin,
            super::hosting::plugin,
        ))
        .add_systems(Update, boot.run_if(in_state(Screen::Boot)));
    app
}

/// The folder to watch for scenario edits: the facilitator console on a scenario file.
fn watched_dir(launch: &Launch) -> Option<std::path::PathBuf> {
    if launch.mode != Mode::Facilitator {
        return None;
    }
    let path = Path::new(launch.scenario_path.as_ref()?);
    let abs = std::path::absolute(path).ok()?;
    abs.parent().map(Path::to_path_buf)
}

/// Goes to the first screen.
fn boot(world: &mut World) {
    let launch = world.resource::<Launch>().clone();
    match &launch.mode {
        Mode::Review(_) => {
            world
                .resource_mut::<NextState<Screen>>()
                .set(Screen::Review);
        }
        Mode::Facilitator => super::session::start(world, None),
        Mode::Host(_) => {
            world.resource_mut::<NextState<Screen>>().set(Screen::Lobby);
        }
        Mode::Join(_) => {
            world
                .resource_mut::<NextState<Screen>>()
                .set(Screen::Joining);
        }
        Mode::Trainee if launch.choose => {
            world.insert_resource(super::trainee::chooser::Library::shipped());
            world
                .resource_mut::<NextState<Screen>>()
                .set(Screen::Chooser);
        }
        Mode::Trainee => {
            let scenario = world.resource::<SessionScenario>().0.clone();
            match launch.role.as_deref().and_then(|id| scenario.role_ix(id)) {
                Some(r) => super::session::start(world, Some(r)),
                None => {
                    let public = crate::sim::boundary::PublicScenario::new(&scenario);
                    world.insert_resource(super::session::PublicInfo(std::sync::Arc::new(public)));
                    world
                        .resource_mut::<NextState<Screen>>()
                        .set(Screen::RolePicker);
                }
            }
        }
    }
}

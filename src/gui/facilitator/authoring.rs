//! Authoring while running: the facilitator console watches the scenario file through Bevy's asset
//! hot reload (`file_watcher`). When the file is saved, the new version is checked: its problems
//! are shown in place, or, if it checks clean, the exercise can be restarted with it. A running
//! simulation is never changed underneath the players.

use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use bevy::reflect::TypePath;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{FacRegions, in_console};
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::SessionScenario;
use crate::gui::theme::{self, Status as Word, palette};
use crate::gui::widgets::region_ui;
use crate::gui::{GuiSet, Launch, Mode};
use crate::scenario::{self, Scenario};

/// The asset source the facilitator console watches: the scenario file's folder (registered
/// by `app` before Bevy starts).
pub const SCENARIO_SOURCE: &str = "scenario";

/// The scenario file's text, as the asset server last read it.
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioText(pub String);

#[derive(Default, TypePath)]
pub struct ScenarioTextLoader;

impl AssetLoader for ScenarioTextLoader {
    type Asset = ScenarioText;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        _cx: &mut LoadContext<'_>,
    ) -> Result<ScenarioText, std::io::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        Ok(ScenarioText(String::from_utf8_lossy(&bytes).into_owned()))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// What the watched file's latest version is.
#[derive(Debug, Clone, Default)]
pub enum Version {
    /// Not watching: the embedded scenario, or not the facilitator console.
    #[default]
    Off,
    /// The file matches the running exercise.
    Current,
    /// The saved version has problems (rendered as `firedrill check` does).
    Problems { count: usize, report: String },
    /// The saved version checks clean and differs from the running one.
    Ready {
        scenario: Arc<Scenario>,
        warnings: String,
    },
}

#[derive(Resource, Debug, Default)]
pub struct Authoring {
    handle: Option<Handle<ScenarioText>>,
    pub path: Option<String>,
    pub version: Version,
    /// Saves seen since the console opened.
    pub saves: u32,
}

pub fn plugin(app: &mut App) {
    app.init_asset::<ScenarioText>()
        .register_asset_loader(ScenarioTextLoader)
        .init_resource::<Authoring>()
        .add_systems(Startup, watch)
        .add_systems(Update, react)
        .add_systems(
            EguiPrimaryContextPass,
            draw.in_set(GuiSet::Panels).run_if(in_console),
        );
}

fn watch(launch: Res<Launch>, server: Res<AssetServer>, mut authoring: ResMut<Authoring>) {
    if launch.mode != Mode::Facilitator {
        return;
    }
    let Some(path) = &launch.scenario_path else {
        return;
    };
    let Some(name) = std::path::Path::new(path).file_name() else {
        return;
    };
    let asset = format!("{SCENARIO_SOURCE}://{}", name.to_string_lossy());
    authoring.handle = Some(server.load(asset));
    authoring.path = Some(path.clone());
    authoring.version = Version::Current;
}

/// Checks each new version of the file against the one running.
fn react(
    mut events: MessageReader<AssetEvent<ScenarioText>>,
    texts: Res<Assets<ScenarioText>>,
    running: Res<SessionScenario>,
    mut authoring: ResMut<Authoring>,
) {
    let Some(handle) = authoring.handle.clone() else {
        events.clear();
        return;
    };
    // After a restart with the new version, that version is the running one.
    if let Version::Ready { scenario, .. } = &authoring.version
        && scenario.hash == running.0.hash
    {
        authoring.version = Version::Current;
    }
    let mut changed = false;
    for e in events.read() {
        if let AssetEvent::Modified { id } | AssetEvent::LoadedWithDependencies { id } = e
            && *id == handle.id()
        {
            changed = true;
        }
    }
    if !changed {
        return;
    }
    let Some(text) = texts.get(&handle) else {
        return;
    };
    let path = authoring.path.clone().unwrap_or_default();
    authoring.version = check(&path, &text.0, &running.0);
    if !matches!(authoring.version, Version::Current) {
        authoring.saves += 1;
    }
}

/// The state of a new version of the scenario text against the running scenario.
pub fn check(path: &str, text: &str, running: &Scenario) -> Version {
    if scenario::disk_hash(std::path::Path::new(path), text) == running.hash {
        return Version::Current;
    }
    match scenario::load_str(path, text) {
        Ok(loaded) => {
            let mut out = Vec::new();
            let _ = scenario::source::render_diagnostics(
                &mut out,
                &loaded.source,
                &loaded.warnings,
                false,
            );
            Version::Ready {
                scenario: loaded.scenario,
                warnings: String::from_utf8_lossy(&out).into_owned(),
            }
        }
        Err(e) => Version::Problems {
            count: e.diagnostics.iter().filter(|d| d.is_error()).count(),
            report: e.render(false),
        },
    }
}

fn draw(
    mut contexts: EguiContexts,
    regions: Res<FacRegions>,
    authoring: Res<Authoring>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, "fac_authoring", regions.authoring);
    theme::section(&mut ui, "SCENARIO FILE", "");
    let Some(path) = &authoring.path else {
        ui.label(
            egui::RichText::new(
                "Running the built-in scenario. Start with `firedrill play FILE.ron \
                 --facilitator` to edit a scenario while it runs.",
            )
            .color(palette::DIM),
        );
        return Ok(());
    };
    ui.label(egui::RichText::new(path).monospace());
    match &authoring.version {
        Version::Off | Version::Current => {
            ui.label(Word::Live.rich());
            ui.label("Watching the file: save it to check the new version here.");
        }
        Version::Problems { count, report } => {
            ui.horizontal(|ui| {
                ui.label(Word::Refused.rich());
                ui.label(format!(
                    "The saved version has {count} problem{} — the exercise keeps running the \
                     previous one.",
                    if *count == 1 { "" } else { "s" }
                ));
            });
            egui::ScrollArea::both()
                .id_salt("auth_report")
                .auto_shrink([false, false])
                .show(&mut ui, |ui| {
                    report_label(ui, report);
                });
        }
        Version::Ready { scenario, warnings } => {
            ui.horizontal(|ui| {
                ui.label(Word::Done.rich());
                ui.label("The saved version checks clean.");
            });
            if ui
                .button("Restart the exercise with the new version")
                .on_hover_text("Ends this run (its file is kept) and starts a new one")
                .clicked()
            {
                intents.push(Intent::Restart(scenario.clone()));
            }
            if !warnings.is_empty() {
                egui::ScrollArea::both()
                    .id_salt("auth_warnings")
                    .auto_shrink([false, false])
                    .show(&mut ui, |ui| {
                        report_label(ui, warnings);
                    });
            }
        }
    }
    Ok(())
}

/// A `check` report as the terminal shows it, in monospace so the `^^^` under the source line
/// stays under the text it marks (`.small()` would switch to the proportional font), and unwrapped.
fn report_label(ui: &mut egui::Ui, report: &str) {
    ui.add(egui::Label::new(egui::RichText::new(ascii_frame(report)).monospace()).extend());
}

/// The report's frame in ASCII: codespan draws it with box-drawing characters, which egui's
/// built-in fonts lack (they showed as empty boxes).
fn ascii_frame(report: &str) -> String {
    report
        .replace("┌─", "-->")
        .chars()
        .map(|c| match c {
            '│' | '┃' | '├' | '┤' | '╭' | '╰' => '|',
            '─' | '━' | '┌' | '└' | '┐' | '┘' | '┬' | '┴' | '┼' => '-',
            '╯' | '╮' => '\'',
            '·' => '.',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rendered report's frame is plain ASCII, which egui's monospace font (Hack) covers; the
    /// box-drawing characters it lacks are gone. (`has_glyph` cannot say: for the monospace family
    /// it reports every character missing, as its replacement glyph lives in the same face.)
    #[test]
    fn a_report_draws_in_ascii() {
        let running = scenario::load_default();
        let broken = scenario::DEFAULT_SCENARIO.replace("capacity: 1300", "capacity: \"lots\"");
        let Version::Problems { report, .. } = check("s.ron", &broken, &running) else {
            panic!("expected problems");
        };
        let text = ascii_frame(&report);
        let line = 1 + broken[..broken.find("\"lots\"").unwrap()]
            .matches('\n')
            .count();
        assert!(
            text.contains(&format!("--> s.ron:{line}:")) && text.contains('^'),
            "{text}"
        );
        assert!(text.is_ascii(), "{text}");
    }

    #[test]
    fn a_broken_save_reports_problems_and_a_clean_one_offers_a_restart() {
        let running = scenario::load_default();
        let text = scenario::DEFAULT_SCENARIO;
        assert!(matches!(check("s.ron", text, &running), Version::Current));
        let broken = text.replace("capacity: 1300", "capacity: \"lots\"");
        match check("s.ron", &broken, &running) {
            Version::Problems { count, report } => {
                assert!(count >= 1);
                assert!(report.contains("s.ron"), "{report}");
            }
            other => panic!("expected problems, got {other:?}"),
        }
        let edited = text.replace("capacity: 1300", "capacity: 1400");
        match check("s.ron", &edited, &running) {
            Version::Ready { scenario, .. } => assert_eq!(
                scenario.services[3].capacity * 13,
                running.services[3].capacity * 14
            ),
            other => panic!("expected a clean version, got {other:?}"),
        }
    }
}

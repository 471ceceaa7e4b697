//! bevy_egui setup: the plugin, the camera egui draws on, and context options.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiGlobalSettings, EguiPlugin, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_plugins(EguiPlugin::default())
        .insert_resource(ClearColor(Color::srgb_u8(0x14, 0x17, 0x1C)))
        .add_systems(Startup, (spawn_camera, configure_settings))
        .add_systems(
            EguiPrimaryContextPass,
            configure_context.in_set(super::super::GuiSet::Style),
        );
}

/// The egui context attaches to the first camera.
fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

fn configure_settings(mut settings: ResMut<EguiGlobalSettings>) {
    // The consoles are all egui: let it take the keyboard whenever it wants it.
    settings.enable_absorb_bevy_input_system = false;
}

/// Once: our text-scale keys replace egui's whole-UI keyboard zoom, and tooltips come quickly.
fn configure_context(mut contexts: EguiContexts, mut done: Local<bool>) -> Result {
    if *done {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    ctx.options_mut(|o| {
        o.zoom_with_keyboard = false;
    });
    ctx.global_style_mut(|s| s.interaction.tooltip_delay = 0.2);
    *done = true;
    Ok(())
}

/// A full-window root [`egui::Ui`] for one screen, on the background layer (egui 0.36 lays panels
/// out inside a `Ui`).
pub fn root_ui(ctx: &egui::Context, id: &str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        egui::Id::new(id),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

//! One plugin for every panel of the console. A panel is its own state (a resource, a unit struct
//! when it keeps none) and a function from the view to intents; the plugin gives it its region of
//! the frame, the focus its shortcut asked for, and delivers its intents. Adding a panel is a
//! [`Section`] and one line in the console's plugin.

use std::marker::PhantomData;

use bevy::ecs::component::Mutable;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::layout::Regions;
use super::view::TraineeView;
use super::{FocusRequest, Section};
use crate::gui::GuiSet;
use crate::gui::intent::{Intent, Intents};
use crate::gui::widgets::region_ui;

/// A panel of the trainee console.
pub trait Panel: Resource<Mutability = Mutable> + Default {
    /// Its place in the frame and its focus shortcut.
    const SECTION: Section;
    /// Draws the panel; `focus`: its shortcut was pressed this frame.
    fn draw(&mut self, ui: &mut egui::Ui, view: &TraineeView, focus: bool) -> Vec<Intent>;
}

/// Registers panel `P`: its state, and its system in the panels' phase of the console's frames.
pub struct PanelPlugin<P>(PhantomData<P>);

pub fn panel<P: Panel>() -> PanelPlugin<P> {
    PanelPlugin(PhantomData)
}

impl<P: Panel> Plugin for PanelPlugin<P> {
    fn build(&self, app: &mut App) {
        app.init_resource::<P>().add_systems(
            EguiPrimaryContextPass,
            draw::<P>.in_set(GuiSet::Panels).run_if(super::console_open),
        );
    }
}

fn draw<P: Panel>(
    mut contexts: EguiContexts,
    regions: Res<Regions>,
    view: Res<TraineeView>,
    mut panel: ResMut<P>,
    mut focus: ResMut<FocusRequest>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = region_ui(ctx, P::SECTION.name(), regions.of(P::SECTION));
    intents.extend(panel.draw(&mut ui, &view, focus.take(P::SECTION)));
    Ok(())
}

//! The whole event log as it happens, ground truth included, with a filter.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{FacRegions, in_console};
use crate::gui::GuiSet;
use crate::gui::eventtext::{self, Kind, Line};
use crate::gui::session::Live;
use crate::gui::theme::{self};
use crate::gui::widgets::region_ui;

#[derive(Resource, Debug, Default)]
pub struct EventStream {
    pub lines: Vec<Line>,
    scanned: usize,
    pub filter: String,
    pub hide_seen: bool,
}

impl EventStream {
    pub fn update(&mut self, live: &Live) {
        let events = live.log().events();
        if self.scanned > events.len() {
            self.lines.clear();
            self.scanned = 0;
        }
        let sc = live.scenario();
        self.lines.extend(
            events[self.scanned..]
                .iter()
                .filter_map(|e| eventtext::line(sc, e)),
        );
        self.scanned = events.len();
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<EventStream>().add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels).run_if(in_console),
    );
}

fn draw(
    mut contexts: EguiContexts,
    regions: Res<FacRegions>,
    live: Res<Live>,
    mut stream: ResMut<EventStream>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    stream.update(&live);
    let start = live.scenario().clock_start;
    let mut ui = region_ui(ctx, "fac_events", regions.events);
    let stream = &mut *stream;
    ui.horizontal(|ui| {
        theme::section(ui, "EVENT LOG", "");
        ui.add(
            egui::TextEdit::singleline(&mut stream.filter)
                .hint_text("filter")
                .desired_width(160.0),
        );
        ui.checkbox(&mut stream.hide_seen, "commands and truth only");
    });
    let filter = stream.filter.to_lowercase();
    let shown: Vec<&Line> = stream
        .lines
        .iter()
        .filter(|l| !(stream.hide_seen && l.kind == Kind::Seen))
        .filter(|l| {
            filter.is_empty()
                || l.text.to_lowercase().contains(&filter)
                || l.who.to_lowercase().contains(&filter)
        })
        .collect();
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (&filter, stream.hide_seen).hash(&mut h);
        h.finish()
    };
    eventtext::show_lines(&mut ui, "fac_events_scroll", key, start, &shown);
    Ok(())
}

//! Ground truth over time, for the facilitator's charts: every metric's true (noise-free) value and
//! the customer impact, sampled at the scenario's scrape interval.

use bevy::prelude::*;
use egui_plot::PlotPoint;

use crate::gui::session::{Live, StepSet};
use crate::sim::state::{FlowState, Status};

#[derive(Resource, Debug, Default)]
pub struct TruthHistory {
    /// Customer impact in percent of edge requests.
    pub impact: Vec<PlotPoint>,
    /// One series per catalog metric, in its unit.
    pub metrics: Vec<Vec<PlotPoint>>,
    last: Option<u64>,
}

impl TruthHistory {
    /// Samples the tick just simulated, if it is a scrape tick not yet sampled.
    pub fn sample(&mut self, live: &Live) {
        let world = live.world();
        let sc = live.scenario();
        let Some(tick) = live.tick().checked_sub(1) else {
            return;
        };
        if self.last.is_some_and(|t| t > tick) {
            // A restarted exercise.
            *self = TruthHistory::default();
        }
        if self.last.is_some_and(|t| t >= tick) || tick % sc.scrape_interval.max(1) != 0 {
            return;
        }
        self.last = Some(tick);
        let flow = world.resource::<FlowState>();
        let status = world.resource::<Status>();
        let x = tick as f64;
        self.impact
            .push(PlotPoint::new(x, status.impact_ppm as f64 / 10_000.0));
        self.metrics.resize_with(sc.metrics.metrics.len(), Vec::new);
        for (m, series) in self.metrics.iter_mut().enumerate() {
            series.push(PlotPoint::new(x, flow.metric_value(m) as f64 / 1000.0));
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TruthHistory>()
        .add_systems(FixedUpdate, sample.after(StepSet).run_if(super::in_console));
}

fn sample(live: Res<Live>, mut history: ResMut<TruthHistory>) {
    history.sample(&live);
}

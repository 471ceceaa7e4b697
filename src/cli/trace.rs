//! `run --trace`: the ground truth of every service over time, so a scenario author can see the
//! dynamics their numbers produce.

use crate::scenario::Scenario;
use crate::scenario::units::format_elapsed;
use crate::sim::Sim;
use crate::sim::state::{FaultState, FlowState};

pub fn header(sc: &Scenario) {
    crate::out!("{:>8} {:>7} ", "time", "impact");
    for s in &sc.services {
        crate::out!("| {:<28}", format!("{} rps/err%/p99ms/sat%", s.id));
    }
    crate::outln!("| active faults");
}

pub fn row(sim: &Sim) {
    let sc = sim.scenario();
    let flow = sim.world().resource::<FlowState>();
    let faults = sim.world().resource::<FaultState>();
    crate::out!(
        "{:>8} {:>6.1}% ",
        format_elapsed(sim.tick() - 1),
        flow.impact_ppm as f64 / 10_000.0
    );
    for s in 0..sc.services.len() {
        let cell = format!(
            "{:.0}/{:.1}/{:.0}/{:.0}",
            flow.served[s] as f64 / 1000.0,
            flow.fail_ppm[s] as f64 / 10_000.0,
            flow.pct_us[s][2] as f64 / 1000.0,
            flow.saturation_ppm(s) as f64 / 10_000.0,
        );
        crate::out!("| {cell:<28}");
    }
    let active: Vec<&str> = sc
        .faults
        .iter()
        .zip(&faults.runs)
        .filter(|(_, r)| r.active())
        .map(|(f, _)| &*f.id)
        .collect();
    crate::outln!("| {}", active.join(", "));
}

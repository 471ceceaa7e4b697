//! `firedrill graph`: the scenario's service graph as a self-contained SVG picture.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::scenario::graph::ServiceGraph;

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// The scenario to draw.
    #[arg(value_name = "SCENARIO.ron")]
    pub scenario: String,
    /// Write the SVG here instead of to standard output.
    #[arg(long, value_name = "FILE.svg")]
    pub out: Option<PathBuf>,
}

pub fn run(args: GraphArgs) -> super::Outcome {
    if let Some(out) = &args.out {
        super::output_is_not_an_input(out, &[("the scenario", Path::new(&args.scenario))])?;
    }
    // A scenario with errors has no graph to draw: its problems are printed instead.
    let scenario = super::run::load_scenario(Some(&args.scenario))?;
    let svg = ServiceGraph::of(&scenario).svg();
    super::emit(args.out.as_deref(), "graph", &svg)
}

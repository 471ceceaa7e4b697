//! `firedrill review`: the debrief viewer on a recorded run.

use std::path::PathBuf;

use clap::Args;

use super::CliError;

#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// The run file to review.
    #[arg(value_name = "RUN")]
    pub run: PathBuf,
    /// A second run to show beside the first on one clock (two teams on one scenario, say).
    #[arg(long, value_name = "OTHER.jsonl")]
    pub beside: Option<PathBuf>,
    /// Play a GUI test script (for tests).
    #[arg(long, value_name = "FILE.ron", hide = true)]
    pub gui_script: Option<PathBuf>,
    /// Where a GUI test script writes its screenshots and report.
    #[arg(long, value_name = "DIR", hide = true)]
    pub gui_out: Option<PathBuf>,
}

#[cfg(feature = "gui")]
pub fn run(args: ReviewArgs) -> super::Outcome {
    use crate::gui::{self, Launch, Mode};

    let load = |path: &std::path::Path| {
        gui::review::Recording::load(path)
            .map_err(|e| CliError::new(format!("cannot review `{}`: {e}", path.display())))
    };
    let recording = load(&args.run)?;
    let beside = match &args.beside {
        Some(p) => Some(gui::review::Beside(load(p)?)),
        None => None,
    };
    let launch = Launch {
        mode: Mode::Review(args.run.clone()),
        script: args.gui_script,
        test_out: args.gui_out,
        ..Default::default()
    };
    // The viewer says itself what went wrong, if anything did.
    Ok(gui::run_review(launch, recording, beside))
}

#[cfg(not(feature = "gui"))]
pub fn run(_args: ReviewArgs) -> super::Outcome {
    Err(CliError::new(super::no_gui_message()))
}

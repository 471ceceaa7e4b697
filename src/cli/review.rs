//! `firedrill review`: the debrief viewer on a recorded run.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// The run file to review.
    #[arg(value_name = "RUN")]
    pub run: PathBuf,
    /// Play a GUI test script (for tests).
    #[arg(long, value_name = "FILE.ron", hide = true)]
    pub gui_script: Option<PathBuf>,
    /// Where a GUI test script writes its screenshots and report.
    #[arg(long, value_name = "DIR", hide = true)]
    pub gui_out: Option<PathBuf>,
}

#[cfg(feature = "gui")]
pub fn main(args: ReviewArgs) -> ExitCode {
    use crate::gui::{self, Launch, Mode};

    let recording = match gui::review::Recording::load(&args.run) {
        Ok(r) => r,
        Err(e) => {
            crate::errln!("error: cannot review `{}`: {e}", args.run.display());
            return ExitCode::FAILURE;
        }
    };
    let launch = Launch {
        mode: Mode::Review(args.run.clone()),
        script: args.gui_script,
        test_out: args.gui_out,
        ..Default::default()
    };
    gui::run_review(launch, recording)
}

#[cfg(not(feature = "gui"))]
pub fn main(_args: ReviewArgs) -> ExitCode {
    crate::errln!("{}", super::no_gui_message());
    ExitCode::FAILURE
}

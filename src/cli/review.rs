//! `firedrill review`: the debrief viewer on a recorded run.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

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
pub fn main(args: ReviewArgs) -> ExitCode {
    use crate::gui::{self, Launch, Mode};

    let recording = match gui::review::Recording::load(&args.run) {
        Ok(r) => r,
        Err(e) => {
            crate::errln!("error: cannot review `{}`: {e}", args.run.display());
            return ExitCode::FAILURE;
        }
    };
    let beside = match &args.beside {
        Some(p) => match gui::review::Recording::load(p) {
            Ok(r) => Some(gui::review::Beside(r)),
            Err(e) => {
                crate::errln!("error: cannot review `{}`: {e}", p.display());
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let launch = Launch {
        mode: Mode::Review(args.run.clone()),
        script: args.gui_script,
        test_out: args.gui_out,
        ..Default::default()
    };
    gui::run_review(launch, recording, beside)
}

#[cfg(not(feature = "gui"))]
pub fn main(_args: ReviewArgs) -> ExitCode {
    crate::errln!("{}", super::no_gui_message());
    ExitCode::FAILURE
}

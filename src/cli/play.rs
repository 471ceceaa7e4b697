//! `firedrill play`: the trainee console (or, with `--facilitator`, the facilitator console) in a
//! window. Without a display it says so and points to `firedrill run`.

use std::path::PathBuf;

use clap::Args;

use super::CliError;

#[derive(Args, Debug, Default)]
pub struct PlayArgs {
    /// The scenario to play (default: the built-in one).
    #[arg(value_name = "SCENARIO.ron")]
    pub scenario: Option<String>,
    /// Your role (default: choose in the window).
    #[arg(long, value_name = "ID", conflicts_with = "facilitator")]
    pub role: Option<String>,
    /// Open the facilitator console: ground truth, the clock, injects and faults. It watches the
    /// scenario file and offers to restart with each saved version.
    #[arg(long)]
    pub facilitator: bool,
    /// Seed for all randomness (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Roles played by bots: `all`, `none`, or role ids separated by commas (default: every role
    /// nobody plays; in the facilitator console, all).
    #[arg(long, value_name = "all|none|ROLE,...")]
    pub bots: Option<String>,
    /// Do not show the scenario's hints.
    #[arg(long)]
    pub no_hints: bool,
    /// Write the run file here (default: runs/<date>-<time>-<role>.jsonl).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Play a GUI test script (for tests).
    #[arg(long, value_name = "FILE.ron", hide = true)]
    pub gui_script: Option<PathBuf>,
    /// Where a GUI test script writes its screenshots and report.
    #[arg(long, value_name = "DIR", hide = true)]
    pub gui_out: Option<PathBuf>,
    /// Measure UI time over this many frames and exit.
    #[arg(long, value_name = "FRAMES", hide = true)]
    pub measure: Option<u32>,
}

#[cfg(feature = "gui")]
pub fn run(args: PlayArgs) -> super::Outcome {
    use crate::gui::{self, Launch, Mode};

    if let Err(why) = gui::display::probe() {
        // The console's own words (it checks too).
        return Err(CliError::new(gui::display::needs_display_message(&why)));
    }
    out_is_not_an_input(&args)?;
    let scenario = super::run::load_scenario(args.scenario.as_deref())?;
    if let Some(id) = &args.role
        && scenario.role_ix(id).is_none()
    {
        let ids: Vec<&str> = scenario.roles.iter().map(|r| &*r.id).collect();
        return Err(CliError::new(format!(
            "the scenario has no role `{id}`; its roles are: {}",
            ids.join(", ")
        )));
    }
    if args.measure.is_some() && args.role.is_none() && !args.facilitator {
        return Err(CliError::new("--measure needs --role or --facilitator"));
    }
    let launch = Launch {
        mode: if args.facilitator {
            Mode::Facilitator
        } else {
            Mode::Trainee
        },
        scenario_path: args.scenario.clone(),
        role: args.role.clone(),
        seed: args.seed,
        no_hints: args.no_hints,
        bots: args.bots.clone(),
        out: args.out.clone(),
        runs_dir: PathBuf::from("runs"),
        script: args.gui_script.clone(),
        test_out: args.gui_out.clone(),
        measure: args.measure,
        choose: args.scenario.is_none()
            && args.role.is_none()
            && !args.facilitator
            && args.measure.is_none(),
    };
    let role = args.role.as_deref().and_then(|id| scenario.role_ix(id));
    launch.bots_for(&scenario, if args.facilitator { None } else { role })?;
    // The console says itself what went wrong, if anything did.
    Ok(gui::run_play(launch, scenario))
}

/// Refuses an `--out` that is the scenario or the test script being played.
#[cfg_attr(not(feature = "gui"), allow(dead_code))]
fn out_is_not_an_input(args: &PlayArgs) -> Result<(), CliError> {
    let Some(out) = &args.out else {
        return Ok(());
    };
    let mut inputs = Vec::new();
    if let Some(s) = &args.scenario {
        inputs.push(("the scenario", std::path::Path::new(s)));
    }
    if let Some(s) = &args.gui_script {
        inputs.push(("the GUI script", s.as_path()));
    }
    super::output_is_not_an_input(out, &inputs)
}

#[cfg(not(feature = "gui"))]
pub fn run(_args: PlayArgs) -> super::Outcome {
    Err(CliError::new(super::no_gui_message()))
}

/// `firedrill` without a command: the trainee console on the built-in scenario when there is a
/// display, otherwise a headless run of it.
pub fn default_main() -> super::Outcome {
    #[cfg(feature = "gui")]
    {
        match crate::gui::display::probe() {
            Ok(()) => run(PlayArgs::default()),
            Err(why) => {
                crate::outln!(
                    "No display found ({why}): running the built-in scenario headless instead \
                     (`firedrill run` does this directly)."
                );
                super::run::run(super::run::RunArgs::default())
            }
        }
    }
    #[cfg(not(feature = "gui"))]
    {
        crate::outln!(
            "This build of firedrill has no GUI: running the built-in scenario headless instead \
             (`firedrill run` does this directly)."
        );
        super::run::run(super::run::RunArgs::default())
    }
}

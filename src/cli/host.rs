//! `firedrill host`: run a game day's authoritative simulation for trainees who join from their
//! own machines (`firedrill join`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliError;
use crate::net::{self, host};
use crate::record::stamp::{now_secs, timestamp};
use crate::scenario::compiled::RoleIx;

#[derive(Args, Debug)]
pub struct HostArgs {
    /// The scenario to run (default: the built-in one).
    #[arg(value_name = "SCENARIO.ron")]
    pub scenario: Option<String>,
    /// Run without a window (the facilitator console needs a display).
    #[arg(long)]
    pub headless: bool,
    /// UDP port to listen on.
    #[arg(long, default_value_t = net::DEFAULT_PORT)]
    pub port: u16,
    /// Address to listen on: loopback by default (this machine only); a LAN address, or
    /// 0.0.0.0, lets other machines join.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Seed for all randomness (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Who plays the roles nobody has joined when the exercise starts: `all` (bots, the
    /// default), `none`, or role ids separated by commas.
    #[arg(long, value_name = "all|none|ROLE,...")]
    pub bots: Option<String>,
    /// The join code (default: a new random one); for scripts.
    #[arg(long)]
    pub code: Option<String>,
    /// Write the run file here (default: runs/<date>-<time>-host.jsonl).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Start once these roles have joined (headless); ids separated by commas.
    #[arg(long, value_name = "ROLE,...", value_delimiter = ',')]
    pub expect: Vec<String>,
    /// Simulated seconds per real second.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Do not show the scenario's hints.
    #[arg(long)]
    pub no_hints: bool,
    /// Play a GUI test script in the facilitator console (for tests).
    #[arg(long, value_name = "FILE.ron", hide = true)]
    pub gui_script: Option<PathBuf>,
    /// Where a GUI test script writes its screenshots and report.
    #[arg(long, value_name = "DIR", hide = true)]
    pub gui_out: Option<PathBuf>,
}

pub fn run(args: HostArgs) -> super::Outcome {
    let scenario = super::run::load_scenario(args.scenario.as_deref())?;
    if !(args.speed.is_finite() && args.speed > 0.0 && args.speed <= 1000.0) {
        return Err(CliError::new(format!(
            "--speed {} is not a speed; give simulated seconds per real second, from 0.1 to 1000",
            args.speed
        )));
    }
    let mut expect: Vec<RoleIx> = Vec::new();
    for id in args
        .expect
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        let r = scenario.role_ix(id).ok_or_else(|| {
            let ids: Vec<&str> = scenario.roles.iter().map(|r| &*r.id).collect();
            format!(
                "--expect: the scenario has no role `{id}`; its roles are: {}",
                ids.join(", ")
            )
        })?;
        if !expect.contains(&r) {
            expect.push(r);
        }
    }
    let code = match &args.code {
        Some(c) if !c.trim().is_empty() => c.trim().to_string(),
        Some(_) => return Err(CliError::new("--code must not be empty")),
        None => net::new_code(),
    };
    if !args.headless {
        #[cfg(feature = "gui")]
        if crate::gui::display::probe().is_ok() {
            return console(&args, scenario, code).map(|()| ExitCode::SUCCESS);
        }
        if expect.is_empty() {
            return Err(CliError::new(
                "without a display the host runs headless: say whom to wait for with --expect ROLE,…",
            ));
        }
        crate::outln!("no display: hosting headless");
    }
    if expect.is_empty() {
        return Err(CliError::new(
            "--headless needs --expect ROLE,…: the roles to wait for before starting",
        ));
    }
    // Bots for the roles nobody joins: check the list now, not when the exercise starts.
    let expected_ids: Vec<String> = expect
        .iter()
        .map(|&r| scenario.roles[r].id.to_string())
        .collect();
    crate::sim::bots::choose_bots(&scenario, &expected_ids, args.bots.as_deref())?;
    let out = args.out.unwrap_or_else(|| {
        PathBuf::from("runs").join(format!("{}-host.jsonl", timestamp(now_secs())))
    });
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    }
    let config = host::HostConfig {
        seed: args.seed.unwrap_or(scenario.seed),
        hints: !args.no_hints,
        bots: args.bots.clone(),
        code: code.clone(),
        bind: SocketAddr::new(args.bind, args.port),
        expect: expect.clone(),
        speed: args.speed,
        out: Some(out.clone()),
        scenario: scenario.clone(),
    };
    let mut app = host::app(config)?;
    let addr = host::local_addr(&app).unwrap_or(SocketAddr::new(args.bind, args.port));
    crate::outln!("hosting “{}” on {addr}", scenario.title);
    crate::outln!("join code: {code}");
    if args.bind.is_loopback() {
        crate::outln!(
            "(listening on loopback: only this machine can join; --bind 0.0.0.0 opens it)"
        );
    }
    if args.bind == IpAddr::V4(Ipv4Addr::UNSPECIFIED) {
        crate::outln!(
            "trainees join with: firedrill join <this machine's address>:{} --code {code}",
            addr.port()
        );
    } else {
        crate::outln!("trainees join with: firedrill join {addr} --code {code}");
    }
    let ids = |v: &[RoleIx]| -> String {
        v.iter()
            .map(|&r| &*scenario.roles[r].id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    crate::outln!("waiting for: {}", ids(&expect));
    let mut shown: Vec<(Option<String>, bool)> = Vec::new();
    let mut started = false;
    let report = net::headless::run_host(&mut app, |app| {
        let now = app.world().resource::<host::Hall>().room.occupants();
        let running = app.world().resource::<host::HeadlessRun>().sim.is_some();
        for (r, seat) in now.iter().enumerate() {
            if shown.get(r) != Some(seat) {
                let role = &scenario.roles[r].id;
                match seat {
                    (Some(who), true) => crate::outln!("{role}: {who} joined"),
                    (Some(who), false) => crate::outln!("{role}: {who} left (may rejoin)"),
                    _ => {}
                }
            }
        }
        shown = now;
        if !started && running {
            started = true;
            crate::outln!("starting at ×{} speed", args.speed);
        }
    })?;
    crate::outln!(
        "{} at {} — {}",
        if report.resolved {
            "resolved"
        } else {
            "not resolved"
        },
        crate::scenario::units::format_elapsed(report.ticks),
        report.reason
    );
    crate::outln!(
        "network: {} KB sent to {} seats, {:.0} bytes per seat per simulated second; {} ticks late",
        report.bytes_sent / 1024,
        report.seats,
        report.bytes_per_seat_second(),
        report.late_ticks
    );
    if report.late_ticks > 0 {
        crate::errln!(
            "warning: {} ticks ran late (the host could not keep up with ×{})",
            report.late_ticks,
            args.speed
        );
    }
    crate::outln!("run file: {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// The facilitator console, hosting: a lobby while trainees join, then the exercise.
#[cfg(feature = "gui")]
fn console(
    args: &HostArgs,
    scenario: std::sync::Arc<crate::scenario::Scenario>,
    code: String,
) -> Result<(), CliError> {
    use crate::gui::{Launch, Mode, hosting::Hosting};
    let bind = SocketAddr::new(args.bind, args.port);
    // Checked now, not when the facilitator presses Start.
    crate::sim::bots::choose_bots(&scenario, &[], args.bots.as_deref())?;
    let launch = Launch {
        mode: Mode::Host(Box::new(Hosting { addr: bind, code })),
        scenario_path: args.scenario.clone(),
        role: None,
        seed: args.seed,
        no_hints: args.no_hints,
        bots: args.bots.clone(),
        out: args.out.clone(),
        runs_dir: PathBuf::from("runs"),
        script: args.gui_script.clone(),
        test_out: args.gui_out.clone(),
        measure: None,
        choose: false,
    };
    match crate::gui::run_host(launch, scenario, bind) {
        code if code == ExitCode::SUCCESS => Ok(()),
        _ => Err(CliError::new(
            "the facilitator console closed with an error",
        )),
    }
}

//! `firedrill join`: take a seat in a hosted game day.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliError;
use crate::net::{self, client};
use crate::scenario::source::SourceFile;
use crate::sim::commands::script;

#[derive(Args, Debug, Default)]
pub struct JoinArgs {
    /// The host's address: `HOST:PORT`, or `HOST` for the default port.
    #[arg(value_name = "HOST:PORT")]
    pub host: String,
    /// The join code the host printed.
    #[arg(long)]
    pub code: String,
    /// Your role (default: choose among the free seats).
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
    /// Your name, as the facilitator sees it; rejoin with the same name to get your seat back
    /// (default: your user name).
    #[arg(long)]
    pub name: Option<String>,
    /// Without a window: play a command file instead of the console (for tests and benchmarks).
    #[arg(long, requires = "role")]
    pub headless: bool,
    /// The command file to play headless (the command-file format of `firedrill run`).
    #[arg(long, value_name = "FILE.ron", requires = "headless")]
    pub commands: Option<String>,
    /// Write every observation received here, one JSON line `{"tick": T, "what": …}` each.
    #[arg(long, value_name = "FEED.jsonl", requires = "headless")]
    pub feed_out: Option<PathBuf>,
}

pub fn run(args: JoinArgs) -> super::Outcome {
    let host = resolve(&args.host)?;
    let name = args
        .name
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "trainee".into());
    let script = match &args.commands {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
            let source = SourceFile::new(path, text);
            script::load_unchecked(&source).map_err(|diags| {
                super::print_diagnostics(&source, &diags);
                CliError::new("the command file has problems")
            })?
        }
        None => Vec::new(),
    };
    let config = client::JoinConfig {
        host,
        code: args.code.trim().to_string(),
        name,
        role: args.role.clone(),
        script,
        feed_out: args.feed_out.clone(),
    };
    if !args.headless {
        return console(config).map(|()| ExitCode::SUCCESS);
    }
    let mut app = client::app(config)?;
    let result = net::headless::run_client(&mut app);
    let joined = app.world().resource::<client::Joined>();
    for notice in &joined.notices {
        crate::errln!("host: {notice}");
    }
    result?;
    Ok(ExitCode::SUCCESS)
}

/// The trainee console on the seat.
#[cfg(feature = "gui")]
fn console(config: client::JoinConfig) -> Result<(), CliError> {
    let launch = crate::gui::Launch {
        mode: crate::gui::Mode::Join(Box::new(config)),
        runs_dir: PathBuf::from("runs"),
        ..Default::default()
    };
    match crate::gui::run_join(launch) {
        code if code == ExitCode::SUCCESS => Ok(()),
        _ => Err(CliError::new("the console closed with an error")),
    }
}

#[cfg(not(feature = "gui"))]
fn console(_config: client::JoinConfig) -> Result<(), CliError> {
    Err(CliError::new(format!(
        "{}; add --headless --commands FILE to play a command file",
        super::no_gui_message()
    )))
}

/// `host:port` or `host`, resolved (a name may stand for several addresses: the first is used).
fn resolve(text: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Ok(ip) = text.parse::<std::net::IpAddr>() {
        return Ok(SocketAddr::new(ip, net::DEFAULT_PORT));
    }
    let found = if text.matches(':').count() == 1 {
        text.to_socket_addrs()
    } else {
        (text, net::DEFAULT_PORT).to_socket_addrs()
    };
    found
        .map_err(|e| format!("cannot find the host `{text}`: {e}"))?
        .next()
        .ok_or_else(|| format!("cannot find the host `{text}`"))
}

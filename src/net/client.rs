//! A trainee's end of a game day: it connects to the host, takes a seat, and fills a [`Seat`]
//! from what the host sends (the role's feed, the clock), so the trainee console works on it as on
//! a local session. Commands the console puts in the seat's outbox go to the host, claimed as the
//! seat's role; the host decides what happens to them.
//!
//! Headless, a client plays a command file instead of a console (for tests and benchmarks): it
//! sends every line, whichever role it names (the host refuses the lines of other roles), a little
//! before the tick it is stamped with, and can write every observation it receives to a file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy_replicon::prelude::*;
use bevy_replicon_renet::RenetChannelsExt;
use bevy_replicon_renet::RenetClient;
use bevy_replicon_renet::netcode::{ClientAuthentication, NetcodeClientTransport};
use bevy_replicon_renet::renet::{self, ConnectionConfig};

use super::PROTOCOL_ID;
use super::protocol::{self, ClientMsg, HostMsg, SeatInfo, ToClient, ToHost};
use crate::debrief::solo::LookingBack;
use crate::scenario::compiled::Name;
use crate::sim::boundary::{PublicScenario, Seat};
use crate::sim::commands::script::Stamped;

/// How far ahead of its tick a scripted command is sent, in simulated seconds: enough for it to
/// reach the host before the tick is simulated at any speed a game day runs at.
const LEAD: u64 = 120;

/// How long to wait for the host to answer before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq)]
pub struct JoinConfig {
    pub host: SocketAddr,
    pub code: String,
    pub name: String,
    pub role: Option<String>,
    /// A command file to play (headless).
    pub script: Vec<Stamped>,
    /// Write each observation received here, one JSON line each.
    pub feed_out: Option<PathBuf>,
}

/// Where the client stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Connecting,
    /// Connected; waiting for the host to seat us (or showing the seats to choose from).
    Joining,
    Seated,
    /// The exercise is over and every observation has arrived.
    Finished,
    Failed(String),
}

/// The client's state.
#[derive(Resource)]
pub struct Joined {
    pub config: JoinConfig,
    pub phase: Phase,
    /// The scenario and its seats, when the host asked us to choose.
    pub seats: Option<(Arc<PublicScenario>, Vec<SeatInfo>)>,
    /// What the host said about our own messages, newest last.
    pub notices: Vec<String>,
    /// The role we sit in.
    pub role: Option<Name>,
    /// The host's look back from our seat, once the run is over.
    pub looking_back: Option<LookingBack>,
    script_sent: usize,
    pending_join: bool,
    feed_file: Option<BufWriter<File>>,
    started: Instant,
    alive_sent: Option<Instant>,
    pub bytes_received: u64,
}

impl Joined {
    pub fn new(config: JoinConfig) -> Self {
        Joined {
            config,
            phase: Phase::Connecting,
            seats: None,
            notices: Vec::new(),
            role: None,
            looking_back: None,
            script_sent: 0,
            pending_join: false,
            feed_file: None,
            started: Instant::now(),
            alive_sent: None,
            bytes_received: 0,
        }
    }

    /// Asks for a seat (again, with a role picked from the seats).
    pub fn join_message(&self) -> ToHost {
        ClientMsg::Join {
            code: self.config.code.clone(),
            name: self.config.name.clone(),
            role: self.config.role.as_deref().map(Name::from),
        }
        .encode()
    }

    /// Asks for a seat in `role` (the console's role picker).
    pub fn choose(&mut self, role: Name) {
        self.config.role = Some(role.to_string());
        self.seats = None;
        self.pending_join = true;
    }

    fn fail(&mut self, why: String) {
        if !matches!(self.phase, Phase::Finished | Phase::Failed(_)) {
            self.phase = Phase::Failed(why);
        }
    }
}

/// Builds a client app that connects to `config.host`. The caller adds the console (or drives
/// `update` headless until [`Joined::phase`] is finished or failed).
pub fn app(config: JoinConfig) -> Result<App, String> {
    let mut app = App::new();
    app.add_plugins((
        bevy::app::TaskPoolPlugin::default(),
        bevy::time::TimePlugin,
        StatesPlugin,
    ));
    add_to(&mut app, config)?;
    app.finish();
    app.cleanup();
    Ok(app)
}

/// Adds the client to an app (the headless one above, or the GUI's).
pub fn add_to(app: &mut App, config: JoinConfig) -> Result<(), String> {
    app.add_plugins((RepliconPlugins, bevy_replicon_renet::RepliconRenetPlugins))
        .add_plugins(plugin);
    let channels = app.world().resource::<RepliconChannels>();
    let client = RenetClient(renet::RenetClient::new(ConnectionConfig {
        server_channels_config: channels.server_configs(),
        client_channels_config: channels.client_configs(),
        ..Default::default()
    }));
    let any: IpAddr = match config.host {
        SocketAddr::V4(_) => Ipv4Addr::UNSPECIFIED.into(),
        SocketAddr::V6(_) => Ipv6Addr::UNSPECIFIED.into(),
    };
    let socket = UdpSocket::bind((any, 0)).map_err(|e| format!("cannot open a socket: {e}"))?;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    // Unique enough among a room's clients: the time in microseconds and the process id.
    let client_id = (now.as_micros() as u64) ^ ((std::process::id() as u64) << 40);
    let transport = NetcodeClientTransport::new(
        now,
        ClientAuthentication::Unsecure {
            client_id,
            protocol_id: PROTOCOL_ID,
            server_addr: config.host,
            user_data: None,
        },
        socket,
    )
    .map_err(|e| format!("cannot connect to {}: {e}", config.host))?;
    app.insert_resource(client)
        .insert_resource(transport)
        .insert_resource(Joined::new(config));
    Ok(())
}

/// The client's systems, for an app with replicon's client plugins.
pub fn plugin(app: &mut App) {
    app.add_plugins(protocol::plugin)
        .add_systems(OnEnter(ClientState::Connected), say_hello)
        .add_systems(PreUpdate, receive.after(ClientSystems::Receive))
        .add_systems(
            Update,
            (
                watch_connection,
                resend_join,
                play_script,
                deliver,
                keep_alive,
            )
                .chain(),
        );
}

fn say_hello(mut joined: ResMut<Joined>, mut out: MessageWriter<ToHost>) {
    joined.phase = Phase::Joining;
    out.write(joined.join_message());
}

fn watch_connection(state: Res<State<ClientState>>, mut joined: ResMut<Joined>) {
    match state.get() {
        ClientState::Disconnected if joined.phase != Phase::Connecting => {
            let why = match &joined.role {
                Some(role) => format!(
                    "lost the connection to the host; join again with the same code and name to get `{role}` back"
                ),
                None => "the host closed the connection".into(),
            };
            joined.fail(why);
        }
        ClientState::Disconnected | ClientState::Connecting
            if joined.phase == Phase::Connecting && joined.started.elapsed() > CONNECT_TIMEOUT =>
        {
            let host = joined.config.host;
            joined.fail(format!(
                "no firedrill host answered at {host} within {} s (is it running, and is UDP port {} open?)",
                CONNECT_TIMEOUT.as_secs(),
                host.port()
            ));
        }
        _ => {}
    }
}

fn receive(
    mut messages: MessageReader<ToClient>,
    mut joined: ResMut<Joined>,
    seat: Option<ResMut<Seat>>,
    mut commands: Commands,
) {
    let mut seat = seat;
    // A seat made this frame: its resource is inserted at the end, and the feed that follows
    // the welcome in the same frame goes into it.
    let mut made: Option<Seat> = None;
    for m in messages.read() {
        joined.bytes_received += m.0.len() as u64;
        let msg = match HostMsg::decode(m) {
            Ok(msg) => msg,
            Err(why) => {
                joined.fail(why);
                continue;
            }
        };
        match msg {
            HostMsg::Seats { public, seats } => joined.seats = Some((Arc::new(*public), seats)),
            HostMsg::Welcome {
                role,
                public,
                clock,
                ..
            } => {
                let Some(r) = public.role_ix(&role) else {
                    joined.fail(format!("the host seated us in an unknown role `{role}`"));
                    continue;
                };
                let mut fresh = Seat::new(Arc::new(*public), r);
                fresh.clock = clock;
                // A rejoin starts the feed again from the beginning.
                if let Some(path) = joined.config.feed_out.clone() {
                    match File::create(&path) {
                        Ok(f) => joined.feed_file = Some(BufWriter::new(f)),
                        Err(e) => joined.fail(format!("cannot write `{}`: {e}", path.display())),
                    }
                }
                joined.role = Some(role);
                joined.phase = Phase::Seated;
                joined.seats = None;
                match seat.as_mut() {
                    Some(s) => **s = fresh,
                    None => made = Some(fresh),
                }
            }
            HostMsg::Feed(items) => {
                let Some(s) = made.as_mut().or(seat.as_deref_mut()) else {
                    continue;
                };
                if let Some(f) = joined.feed_file.as_mut() {
                    // Whole lines as they come (flushed per batch), so a reader following the
                    // file, or a laptop that dies, has everything received so far.
                    let written = items
                        .iter()
                        .map(|item| serde_json::to_string(item).unwrap_or_default())
                        .try_for_each(|line| writeln!(f, "{line}"))
                        .and_then(|()| f.flush());
                    if let Err(e) = written {
                        joined.fail(format!("cannot write the feed: {e}"));
                    }
                }
                s.feed
                    .extend(items.into_iter().map(|item| (item.tick, item.what)));
            }
            HostMsg::Clock(clock) => {
                let over = clock.ended.is_some();
                if let Some(s) = made.as_mut().or(seat.as_deref_mut()) {
                    s.clock = clock;
                }
                if over && joined.phase == Phase::Seated {
                    if let Some(f) = joined.feed_file.as_mut()
                        && let Err(e) = f.flush()
                    {
                        joined.fail(format!("cannot write the feed: {e}"));
                    }
                    if joined.phase == Phase::Seated {
                        joined.phase = Phase::Finished;
                    }
                }
            }
            HostMsg::LookingBack(back) => joined.looking_back = Some(*back),
            HostMsg::Notice(text) => joined.notices.push(text),
            HostMsg::Refused(why) => joined.fail(format!("the host refused: {why}")),
        }
    }
    if let Some(fresh) = made {
        commands.insert_resource(fresh);
    }
}

/// Asks again for a seat once the role picker has chosen one.
fn resend_join(mut joined: ResMut<Joined>, mut out: MessageWriter<ToHost>) {
    if joined.pending_join {
        joined.pending_join = false;
        out.write(joined.join_message());
    }
}

/// Sends the command file's lines whose time is near.
fn play_script(
    mut joined: ResMut<Joined>,
    seat: Option<Res<Seat>>,
    mut out: MessageWriter<ToHost>,
) {
    let Some(seat) = seat else { return };
    if joined.phase != Phase::Seated || seat.clock.paused && seat.clock.tick == 0 {
        return;
    }
    let horizon = seat.clock.tick + LEAD;
    while let Some(c) = joined.config.script.get(joined.script_sent) {
        if c.tick > horizon {
            break;
        }
        out.write(
            ClientMsg::Act {
                role: c.actor.clone(),
                at: Some(c.tick),
                command: c.command.clone(),
            }
            .encode(),
        );
        joined.script_sent += 1;
    }
}

/// Sends what the console put in the seat's outbox, as the seat's role.
/// Once seated, says it is alive every second, so the host sees a dropped laptop in seconds.
fn keep_alive(mut joined: ResMut<Joined>, mut out: MessageWriter<ToHost>) {
    if joined.role.is_none() || joined.phase == Phase::Finished {
        return;
    }
    let now = Instant::now();
    if joined
        .alive_sent
        .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1))
    {
        joined.alive_sent = Some(now);
        out.write(ClientMsg::Alive.encode());
    }
}

fn deliver(joined: Res<Joined>, seat: Option<ResMut<Seat>>, mut out: MessageWriter<ToHost>) {
    let (Some(mut seat), Some(role)) = (seat, joined.role.clone()) else {
        return;
    };
    if seat.outbox.is_empty() {
        return;
    }
    for command in std::mem::take(&mut seat.outbox) {
        out.write(
            ClientMsg::Act {
                role: role.clone(),
                at: None,
                command,
            }
            .encode(),
        );
    }
}

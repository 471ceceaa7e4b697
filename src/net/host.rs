//! The host of a game day: the authoritative simulation, the seats ([`Room`]) and the network.
//! replicon (over renet's netcode on UDP) carries the messages; everything about who may see and
//! do what is decided here, on the host, before anything is sent.
//!
//! The host waits until the expected roles have joined, then creates the [`Sim`] (bots take the
//! seats `--bots` names among those nobody sits in), runs it at `speed` simulated seconds per real
//! second, records every tick to the run file exactly as a local run does, and sends each seated
//! client its role's feed and the shared clock.

use std::net::{SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy_replicon::prelude::*;
use bevy_replicon_renet::RenetChannelsExt;
use bevy_replicon_renet::RenetServer;
use bevy_replicon_renet::netcode::{NetcodeServerTransport, ServerAuthentication, ServerConfig};
use bevy_replicon_renet::renet::{self, ConnectionConfig};

use super::protocol::{self, ToClient, ToHost};
use super::room::{ClientKey, Room};
use super::{PROTOCOL_ID, clock_changes};
use crate::record::{RunHeader, RunWriter};
use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;
use crate::scenario::units::PPM;
use crate::sim::boundary::SharedClock;
use crate::sim::{RunOptions, Sim};

/// How a game day is hosted.
#[derive(Debug, Clone)]
pub struct HostConfig {
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    pub hints: bool,
    /// `all`, `none` or role ids: who plays the roles nobody joins (default: all).
    pub bots: Option<String>,
    pub code: String,
    pub bind: SocketAddr,
    /// Roles that must have joined before the exercise starts.
    pub expect: Vec<RoleIx>,
    /// Simulated seconds per real second.
    pub speed: f64,
    pub out: Option<PathBuf>,
}

/// What the host did, for the command line's summary.
#[derive(Debug, Clone, Default)]
pub struct HostReport {
    pub ticks: u64,
    /// Ticks that ran later than one real tick-length behind schedule.
    pub late_ticks: u64,
    pub resolved: bool,
    pub reason: String,
    /// Bytes of messages sent to clients (their JSON; the transport adds its headers).
    pub bytes_sent: u64,
    /// The most seats occupied at once.
    pub seats: usize,
    pub wall: Duration,
}

impl HostReport {
    /// Bytes sent per seat per simulated second: at ×1, per real second.
    pub fn bytes_per_seat_second(&self) -> f64 {
        self.bytes_sent as f64 / self.seats.max(1) as f64 / self.ticks.max(1) as f64
    }
}

/// The hosted exercise.
#[derive(Resource)]
pub struct Hosted {
    pub config: HostConfig,
    pub room: Room,
    pub sim: Option<Sim>,
    writer: Option<RunWriter>,
    pub clock: SharedClock,
    /// Simulated seconds owed to the schedule.
    budget: f64,
    last: Option<Instant>,
    started_at: Option<Instant>,
    ended_at: Option<Instant>,
    /// Clients to disconnect once this instant has passed (so a refusal is delivered first).
    kicks: Vec<(ClientKey, Instant)>,
    pub report: HostReport,
    pub error: Option<String>,
    pub done: bool,
}

impl Hosted {
    pub fn new(config: HostConfig) -> Self {
        let room = Room::new(config.scenario.clone(), config.code.clone());
        let speed_ppm = (config.speed * PPM as f64) as u64;
        Hosted {
            room,
            sim: None,
            writer: None,
            clock: SharedClock {
                tick: 0,
                paused: true,
                speed_ppm,
                ended: None,
                resolved: false,
            },
            budget: 0.0,
            last: None,
            started_at: None,
            ended_at: None,
            kicks: Vec::new(),
            report: HostReport::default(),
            error: None,
            done: false,
            config,
        }
    }

    /// Roles still awaited before the exercise can start.
    pub fn missing(&self) -> Vec<RoleIx> {
        let seated = self.room.seated();
        self.config
            .expect
            .iter()
            .copied()
            .filter(|r| !seated.contains(r))
            .collect()
    }

    /// Creates the simulation: bots take the seats nobody sits in, as `--bots` says.
    pub fn start(&mut self) -> Result<(), String> {
        let sc = self.config.scenario.clone();
        let seated: Vec<String> = self
            .room
            .seated()
            .iter()
            .map(|&r| sc.roles[r].id.to_string())
            .collect();
        let mut options = RunOptions::new(self.config.seed);
        options.hints = self.config.hints;
        let spec = self.config.bots.as_deref().or(Some("all"));
        options.bots = crate::sim::bots::choose_bots(&sc, &seated, spec)?;
        if let Some(path) = &self.config.out {
            let w = RunWriter::create(path, &RunHeader::new(&sc, &options))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            self.writer = Some(w);
        }
        self.sim = Some(Sim::new(sc, &options));
        self.clock.paused = false;
        self.started_at = Some(Instant::now());
        self.last = Some(Instant::now());
        Ok(())
    }

    /// Runs the ticks real time has made due.
    fn advance(&mut self, now: Instant) {
        let Some(sim) = self.sim.as_mut() else {
            return;
        };
        let dt = self
            .last
            .map_or(0.0, |l| now.saturating_duration_since(l).as_secs_f64());
        self.last = Some(now);
        if self.clock.paused || sim.ended().is_some() {
            return;
        }
        let speed = self.clock.speed_ppm as f64 / PPM as f64;
        self.budget += dt * speed;
        // Behind by more than a second of simulated time: those ticks run late.
        if self.budget > speed.max(1.0) + 1.0 {
            self.report.late_ticks += (self.budget - speed.max(1.0)) as u64;
            self.budget = speed.max(1.0);
        }
        while self.budget >= 1.0 {
            self.budget -= 1.0;
            let before = sim.log().len();
            if !sim.step() {
                break;
            }
            if let Some(w) = self.writer.as_mut()
                && let Err(e) = w.tick(sim)
            {
                self.error = Some(format!("writing the run file failed: {e}"));
                self.writer = None;
            }
            if let Some(&(paused, speed)) = clock_changes(&sim.log().events()[before..]).last() {
                self.clock.paused = paused;
                if !paused {
                    self.clock.speed_ppm = speed;
                }
            }
            if self.clock.paused {
                self.budget = 0.0;
                break;
            }
        }
        self.clock.tick = sim.tick();
        if let Some(end) = sim.ended()
            && self.clock.ended.is_none()
        {
            self.clock.ended = Some(end.reason.clone());
            self.clock.resolved = end.resolved;
            self.report.resolved = end.resolved;
            self.report.reason = end.reason.clone();
            self.report.ticks = end.tick;
            self.ended_at = Some(now);
        }
    }
}

/// Builds the host app. It runs until [`Hosted::done`]; the caller drives `update`.
pub fn app(config: HostConfig) -> Result<App, String> {
    let mut app = App::new();
    app.add_plugins((
        bevy::app::TaskPoolPlugin::default(),
        bevy::time::TimePlugin,
        StatesPlugin,
        RepliconPlugins.set(ServerPlugin::new(PostUpdate)),
        bevy_replicon_renet::RepliconRenetPlugins,
    ));
    app.add_plugins(plugin);
    app.finish();
    app.cleanup();
    let socket = UdpSocket::bind(config.bind)
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    socket
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let channels = app.world().resource::<RepliconChannels>();
    let server = RenetServer(renet::RenetServer::new(ConnectionConfig {
        server_channels_config: channels.server_configs(),
        client_channels_config: channels.client_configs(),
        ..Default::default()
    }));
    let current_time = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let public = socket.local_addr().map_err(|e| e.to_string())?;
    let transport = NetcodeServerTransport::new(
        ServerConfig {
            current_time,
            max_clients: 64,
            protocol_id: PROTOCOL_ID,
            public_addresses: vec![public],
            authentication: ServerAuthentication::Unsecure,
        },
        socket,
    )
    .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    app.insert_resource(server)
        .insert_resource(transport)
        .insert_resource(Hosted::new(config));
    Ok(app)
}

/// The address the host listens on (with the port the system chose for port 0).
pub fn local_addr(app: &App) -> Option<SocketAddr> {
    app.world()
        .get_resource::<NetcodeServerTransport>()
        .and_then(|t| t.addresses().first().copied())
}

/// The host's systems, for an app with replicon's server plugins.
pub fn plugin(app: &mut App) {
    app.add_plugins(protocol::plugin)
        .add_observer(on_connect)
        .add_observer(on_disconnect)
        .add_systems(PreUpdate, receive.after(ServerSystems::Receive))
        .add_systems(Update, run)
        .add_systems(PostUpdate, send.before(ServerSystems::Send));
}

fn on_connect(add: On<Add, ConnectedClient>, mut hosted: ResMut<Hosted>) {
    hosted
        .room
        .connect(add.entity.to_bits(), crate::net::uptime());
}

fn on_disconnect(remove: On<Remove, ConnectedClient>, hosted: Option<ResMut<Hosted>>) {
    if let Some(mut hosted) = hosted {
        hosted.room.disconnect(remove.entity.to_bits());
    }
}

fn receive(mut messages: MessageReader<FromClient<ToHost>>, mut hosted: ResMut<Hosted>) {
    let now = crate::net::uptime();
    let hosted = &mut *hosted;
    for m in messages.read() {
        let Some(entity) = m.client_id.entity() else {
            continue;
        };
        hosted
            .room
            .receive(entity.to_bits(), &m.message, hosted.sim.as_mut(), now);
    }
}

fn run(mut hosted: ResMut<Hosted>) {
    let now = Instant::now();
    if hosted.sim.is_none() {
        if hosted.missing().is_empty()
            && let Err(e) = hosted.start()
        {
            hosted.error = Some(e);
            hosted.done = true;
        }
        return;
    }
    hosted.advance(now);
    let seats = hosted.room.seated().len();
    hosted.report.seats = hosted.report.seats.max(seats);
    // After the end, give clients a moment to receive the last of their feed.
    if let Some(t) = hosted.ended_at
        && (now.saturating_duration_since(t) > Duration::from_secs(2)
            || hosted.room.seated().is_empty())
    {
        hosted.report.wall = hosted
            .started_at
            .map_or(Duration::ZERO, |s| now.saturating_duration_since(s));
        hosted.done = true;
    }
}

fn send(
    mut hosted: ResMut<Hosted>,
    mut out: MessageWriter<ToClients<ToClient>>,
    mut disconnect: MessageWriter<DisconnectRequest>,
) {
    let hosted = &mut *hosted;
    let clock = hosted.clock.clone();
    hosted.room.publish(hosted.sim.as_ref(), &clock);
    let (messages, kicks) = hosted.room.drain();
    for (key, msg) in messages {
        let encoded = msg.encode();
        hosted.report.bytes_sent += encoded.0.len() as u64;
        out.write(ToClients {
            targets: SendTargets::Single(ClientId::Client(Entity::from_bits(key))),
            message: encoded,
        });
    }
    let now = Instant::now();
    let grace = Duration::from_millis(500);
    hosted
        .kicks
        .extend(kicks.into_iter().map(|k| (k, now + grace)));
    hosted.kicks.retain(|&(key, at)| {
        if now >= at {
            disconnect.write(DisconnectRequest {
                client: Entity::from_bits(key),
            });
            false
        } else {
            true
        }
    });
}

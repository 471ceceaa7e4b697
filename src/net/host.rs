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

/// Where the hosted simulation lives: the headless host's [`HeadlessRun`], or the GUI session.
pub trait SimHolder: Resource<Mutability = bevy::ecs::component::Mutable> {
    fn sim(&self) -> Option<&Sim>;
    fn sim_mut(&mut self) -> Option<&mut Sim>;
}

/// The network side of a hosted game day: the seats and what the clients were last sent.
#[derive(Resource)]
pub struct Hall {
    pub room: Room,
    /// The clock every client is shown; the simulation's driver keeps it current.
    pub clock: SharedClock,
    /// Clients to disconnect once this instant has passed (so a refusal is delivered first).
    kicks: Vec<(ClientKey, Instant)>,
    pub bytes_sent: u64,
    /// The most seats occupied at once.
    pub seats: usize,
}

impl Hall {
    pub fn new(scenario: Arc<Scenario>, code: &str, speed: f64) -> Self {
        Hall {
            room: Room::new(scenario, code),
            clock: SharedClock {
                tick: 0,
                paused: true,
                speed_ppm: super::speed_ppm(speed),
                ended: None,
                resolved: false,
            },
            kicks: Vec::new(),
            bytes_sent: 0,
            seats: 0,
        }
    }
}

/// The headless host's exercise: it starts when the expected roles have joined and runs on the
/// wall clock at the configured speed.
#[derive(Resource)]
pub struct HeadlessRun {
    pub config: HostConfig,
    pub sim: Option<Sim>,
    writer: Option<RunWriter>,
    /// Simulated seconds owed to the schedule.
    budget: f64,
    last: Option<Instant>,
    started_at: Option<Instant>,
    ended_at: Option<Instant>,
    pub report: HostReport,
    pub error: Option<String>,
    pub done: bool,
}

impl SimHolder for HeadlessRun {
    fn sim(&self) -> Option<&Sim> {
        self.sim.as_ref()
    }
    fn sim_mut(&mut self) -> Option<&mut Sim> {
        self.sim.as_mut()
    }
}

impl HeadlessRun {
    pub fn new(config: HostConfig) -> Self {
        HeadlessRun {
            config,
            sim: None,
            writer: None,
            budget: 0.0,
            last: None,
            started_at: None,
            ended_at: None,
            report: HostReport::default(),
            error: None,
            done: false,
        }
    }

    /// Roles still awaited before the exercise can start.
    pub fn missing(&self, room: &Room) -> Vec<RoleIx> {
        let seated = room.seated();
        self.config
            .expect
            .iter()
            .copied()
            .filter(|r| !seated.contains(r))
            .collect()
    }

    /// Creates the simulation: bots take the seats nobody sits in, as `--bots` says.
    pub fn start(&mut self, room: &Room, clock: &mut SharedClock) -> Result<(), String> {
        let sc = self.config.scenario.clone();
        let options = start_options(
            &sc,
            room,
            self.config.seed,
            self.config.hints,
            self.config.bots.as_deref(),
        )?;
        if let Some(path) = &self.config.out {
            let w = RunWriter::create(path, &RunHeader::new(&sc, &options))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            self.writer = Some(w);
        }
        self.sim = Some(Sim::new(sc, &options));
        clock.paused = false;
        self.started_at = Some(Instant::now());
        self.last = Some(Instant::now());
        Ok(())
    }

    /// Runs the ticks real time has made due.
    fn advance(&mut self, clock: &mut SharedClock, now: Instant) {
        let Some(sim) = self.sim.as_mut() else {
            return;
        };
        let dt = self
            .last
            .map_or(0.0, |l| now.saturating_duration_since(l).as_secs_f64());
        self.last = Some(now);
        if clock.paused || sim.ended().is_some() {
            return;
        }
        let speed = clock.speed_ppm as f64 / PPM as f64;
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
                clock.paused = paused;
                if !paused {
                    clock.speed_ppm = speed;
                }
            }
            if clock.paused {
                self.budget = 0.0;
                break;
            }
        }
        clock.tick = sim.tick();
        if let Some(end) = sim.ended()
            && clock.ended.is_none()
        {
            clock.ended = Some(end.reason.clone());
            clock.resolved = end.resolved;
            self.report.resolved = end.resolved;
            self.report.reason = end.reason.clone();
            self.report.ticks = end.tick;
            self.ended_at = Some(now);
        }
    }
}

/// The options of a hosted run: bots take the seats nobody sits in, as `bots` says (`all` when
/// it says nothing).
pub fn start_options(
    sc: &Scenario,
    room: &Room,
    seed: u64,
    hints: bool,
    bots: Option<&str>,
) -> Result<RunOptions, String> {
    let seated: Vec<String> = room
        .seated()
        .iter()
        .map(|&r| sc.roles[r].id.to_string())
        .collect();
    let mut options = RunOptions::new(seed);
    options.hints = hints;
    options.bots = crate::sim::bots::choose_bots(sc, &seated, bots.or(Some("all")))?;
    Ok(options)
}

/// Builds the host app. It runs until [`Hosted::done`]; the caller drives `update`.
pub fn app(config: HostConfig) -> Result<App, String> {
    let bind = config.bind;
    let mut app = App::new();
    app.add_plugins((
        bevy::app::TaskPoolPlugin::default(),
        bevy::time::TimePlugin,
        StatesPlugin,
        RepliconPlugins.set(ServerPlugin::new(PostUpdate)),
        bevy_replicon_renet::RepliconRenetPlugins,
    ));
    app.add_plugins(plugin::<HeadlessRun>)
        .add_systems(Update, run);
    app.finish();
    app.cleanup();
    app.insert_resource(Hall::new(
        config.scenario.clone(),
        &config.code,
        config.speed,
    ))
    .insert_resource(HeadlessRun::new(config));
    listen(&mut app, bind)?;
    Ok(app)
}

/// Opens the host's UDP socket on `bind` and starts replicon's server on it.
pub fn listen(app: &mut App, bind: SocketAddr) -> Result<(), String> {
    let socket = UdpSocket::bind(bind).map_err(|e| format!("cannot listen on {}: {e}", bind))?;
    socket
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen on {}: {e}", bind))?;
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
    .map_err(|e| format!("cannot listen on {}: {e}", bind))?;
    app.insert_resource(server).insert_resource(transport);
    Ok(())
}

/// The address the host listens on (with the port the system chose for port 0).
pub fn local_addr(app: &App) -> Option<SocketAddr> {
    app.world()
        .get_resource::<NetcodeServerTransport>()
        .and_then(|t| t.addresses().first().copied())
}

/// The host's systems, for an app with replicon's server plugins, whatever holds the
/// simulation (`S`): the headless run or the GUI's session.
pub fn plugin<S: SimHolder>(app: &mut App) {
    app.add_plugins(protocol::plugin)
        .add_observer(on_connect)
        .add_observer(on_disconnect)
        .add_systems(PreUpdate, receive::<S>.after(ServerSystems::Receive))
        .add_systems(PostUpdate, send::<S>.before(ServerSystems::Send));
}

fn on_connect(add: On<Add, ConnectedClient>, hall: Option<ResMut<Hall>>) {
    if let Some(mut hall) = hall {
        hall.room
            .connect(add.entity.to_bits(), crate::net::uptime());
    }
}

fn on_disconnect(remove: On<Remove, ConnectedClient>, hall: Option<ResMut<Hall>>) {
    if let Some(mut hall) = hall {
        hall.room.disconnect(remove.entity.to_bits());
    }
}

fn receive<S: SimHolder>(
    mut messages: MessageReader<FromClient<ToHost>>,
    hall: Option<ResMut<Hall>>,
    mut holder: Option<ResMut<S>>,
) {
    let Some(mut hall) = hall else { return };
    let now = crate::net::uptime();
    for m in messages.read() {
        let Some(entity) = m.client_id.entity() else {
            continue;
        };
        let sim = holder.as_mut().and_then(|h| h.sim_mut());
        hall.room.receive(entity.to_bits(), &m.message, sim, now);
    }
}

/// The headless host's driver: start when everyone expected is in, then run on the wall clock.
fn run(mut run: ResMut<HeadlessRun>, mut hall: ResMut<Hall>) {
    let now = Instant::now();
    let hall = &mut *hall;
    if run.sim.is_none() {
        if run.missing(&hall.room).is_empty()
            && let Err(e) = run.start(&hall.room, &mut hall.clock)
        {
            run.error = Some(e);
            run.done = true;
        }
        return;
    }
    run.advance(&mut hall.clock, now);
    hall.seats = hall.seats.max(hall.room.seated().len());
    // After the end, give clients a moment to receive the last of their feed.
    if let Some(t) = run.ended_at
        && (now.saturating_duration_since(t) > Duration::from_secs(2)
            || hall.room.seated().is_empty())
    {
        run.report.wall = run
            .started_at
            .map_or(Duration::ZERO, |s| now.saturating_duration_since(s));
        run.report.bytes_sent = hall.bytes_sent;
        run.report.seats = hall.seats;
        run.done = true;
    }
}

fn send<S: SimHolder>(
    hall: Option<ResMut<Hall>>,
    holder: Option<Res<S>>,
    mut out: MessageWriter<ToClients<ToClient>>,
    mut disconnect: MessageWriter<DisconnectRequest>,
) {
    let Some(mut hall) = hall else { return };
    let hall = &mut *hall;
    let clock = hall.clock.clone();
    hall.room.drop_silent(crate::net::uptime());
    hall.room
        .publish(holder.as_ref().and_then(|h| h.sim()), &clock);
    let (messages, kicks) = hall.room.drain();
    for (key, msg) in messages {
        let encoded = msg.encode();
        hall.bytes_sent += encoded.0.len() as u64;
        out.write(ToClients {
            targets: SendTargets::Single(ClientId::Client(Entity::from_bits(key))),
            message: encoded,
        });
    }
    let now = Instant::now();
    let grace = Duration::from_millis(500);
    hall.kicks
        .extend(kicks.into_iter().map(|k| (k, now + grace)));
    hall.kicks.retain(|&(key, at)| {
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

//! The host's side of a game day, without any networking: who sits in which seat, what each
//! client is sent, and which of its messages become commands. The host app feeds it the messages
//! replicon delivers and sends what it returns; tests drive it directly.
//!
//! The rules the boundary needs are all here:
//! - only a client with the session's code gets a seat, and a seat is one role;
//! - a client's commands execute only as its seat's role (a claim to be another role is refused),
//!   never as the facilitator, and not while a bot plays the seat;
//! - a client is sent its role's feed and the shared clock, nothing else of the simulation (and
//!   once the run is over, the look back from its own seat);
//! - malformed, oversized or too many messages are refused or throttled; the run goes on.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::protocol::{ClientMsg, FEED_BATCH, FeedItem, HostMsg, MAX_TEXT, SeatInfo, ToHost};
use crate::debrief::solo::looking_back;
use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;
use crate::sim::Sim;
use crate::sim::boundary::{Actor, Command, PublicScenario, SharedClock};
use crate::sim::state::BotRoster;

/// A connected client, as the transport names it.
pub type ClientKey = u64;

/// Commands a client may send in a burst, and per second after that.
const BURST: f64 = 40.0;
const PER_SECOND: f64 = 10.0;
/// Malformed messages tolerated before the client is disconnected.
const STRIKES: u32 = 20;
/// A seated client silent this long (it says it is alive every second) has dropped: its seat is
/// shown as away and the client is disconnected; it can rejoin.
pub const SILENCE: f64 = 5.0;

#[derive(Debug, Clone, Default)]
struct SeatState {
    /// The name of whoever holds the seat (kept while they are away, so they can rejoin).
    name: Option<String>,
    /// The client sitting there now.
    client: Option<ClientKey>,
}

#[derive(Debug, Clone)]
struct Client {
    role: Option<RoleIx>,
    /// Feed entries already sent.
    sent: usize,
    /// The end-of-run look back has been sent.
    looked_back: bool,
    clock: Option<SharedClock>,
    tokens: f64,
    last_refill: f64,
    throttled_notice_at: f64,
    strikes: u32,
    /// When the client was last heard from.
    heard: f64,
}

impl Client {
    fn new(now: f64) -> Self {
        Client {
            role: None,
            sent: 0,
            looked_back: false,
            clock: None,
            tokens: BURST,
            last_refill: now,
            throttled_notice_at: f64::NEG_INFINITY,
            strikes: 0,
            heard: now,
        }
    }

    /// Takes one token of the client's command budget, if there is one.
    fn spend(&mut self, now: f64) -> bool {
        let elapsed = (now - self.last_refill).max(0.0);
        self.tokens = (self.tokens + elapsed * PER_SECOND).min(BURST);
        self.last_refill = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The seats of one game day and the clients in them.
pub struct Room {
    scenario: Arc<Scenario>,
    public: Arc<PublicScenario>,
    code: String,
    seats: Vec<SeatState>,
    clients: BTreeMap<ClientKey, Client>,
    /// Stamped commands already taken, so a rejoining script does not repeat itself.
    stamped: BTreeSet<(RoleIx, u64, String)>,
    out: Vec<(ClientKey, HostMsg)>,
    kick: Vec<ClientKey>,
}

impl Room {
    pub fn new(scenario: Arc<Scenario>, code: impl Into<String>) -> Self {
        Room {
            public: Arc::new(PublicScenario::new(&scenario)),
            seats: vec![SeatState::default(); scenario.roles.len()],
            scenario,
            code: code.into(),
            clients: BTreeMap::new(),
            stamped: BTreeSet::new(),
            out: Vec::new(),
            kick: Vec::new(),
        }
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The roles a connected person sits in, in role order.
    pub fn seated(&self) -> Vec<RoleIx> {
        (0..self.seats.len())
            .filter(|&r| self.seats[r].client.is_some())
            .collect()
    }

    /// Who holds each seat (connected or away), by role.
    pub fn occupants(&self) -> Vec<(Option<String>, bool)> {
        self.seats
            .iter()
            .map(|s| (s.name.clone(), s.client.is_some()))
            .collect()
    }

    pub fn connect(&mut self, key: ClientKey, now: f64) {
        self.clients.insert(key, Client::new(now));
    }

    /// A client went away: its seat stays its name's, for a rejoin.
    pub fn disconnect(&mut self, key: ClientKey) {
        if let Some(c) = self.clients.remove(&key)
            && let Some(r) = c.role
            && self.seats[r].client == Some(key)
        {
            self.seats[r].client = None;
        }
    }

    /// Messages to send, and clients to disconnect after sending them.
    pub fn drain(&mut self) -> (Vec<(ClientKey, HostMsg)>, Vec<ClientKey>) {
        (
            std::mem::take(&mut self.out),
            std::mem::take(&mut self.kick),
        )
    }

    /// Handles one message from a client. `sim` is the running exercise (`None` before it
    /// starts); `now` is the host's wall clock in seconds, for throttling.
    pub fn receive(&mut self, key: ClientKey, raw: &ToHost, sim: Option<&mut Sim>, now: f64) {
        if !self.clients.contains_key(&key) {
            self.connect(key, now);
        }
        if let Some(c) = self.clients.get_mut(&key) {
            c.heard = now;
        }
        let msg = match ClientMsg::decode(raw) {
            Ok(m) => m,
            Err(why) => return self.strike(key, &why),
        };
        match msg {
            ClientMsg::Join { code, name, role } => {
                self.join(key, &code, &name, role.as_deref(), sim.as_deref())
            }
            ClientMsg::Act { role, at, command } => self.act(key, &role, at, command, sim, now),
            ClientMsg::Alive => {}
        }
    }

    /// Seated clients not heard from for [`SILENCE`] have dropped: their seats wait for them to
    /// rejoin, and the transport is told to let them go.
    pub fn drop_silent(&mut self, now: f64) {
        let silent: Vec<ClientKey> = self
            .clients
            .iter()
            .filter(|(_, c)| c.role.is_some() && now - c.heard > SILENCE)
            .map(|(&k, _)| k)
            .collect();
        for key in silent {
            self.disconnect(key);
            self.kick.push(key);
        }
    }

    fn strike(&mut self, key: ClientKey, why: &str) {
        let Some(c) = self.clients.get_mut(&key) else {
            return;
        };
        c.strikes += 1;
        if c.strikes > STRIKES {
            // Already refused; it is being disconnected.
        } else if c.strikes == STRIKES {
            self.refuse(key, format!("too many bad messages (the last: {why})"));
        } else if c.role.is_some() {
            self.out
                .push((key, HostMsg::Notice(format!("ignored {why}"))));
        }
    }

    fn refuse(&mut self, key: ClientKey, why: String) {
        self.out.push((key, HostMsg::Refused(why)));
        self.kick.push(key);
    }

    fn join(
        &mut self,
        key: ClientKey,
        code: &str,
        name: &str,
        role: Option<&str>,
        sim: Option<&Sim>,
    ) {
        if code.trim() != self.code {
            return self.refuse(key, "wrong join code".into());
        }
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return self.refuse(key, "give a name of 1 to 64 characters (`--name`)".into());
        }
        if self.clients.get(&key).is_some_and(|c| c.role.is_some()) {
            return self
                .out
                .push((key, HostMsg::Notice("already seated".into())));
        }
        // Without a role, a name that held a seat gets it back; otherwise show the seats.
        let r = match role {
            Some(id) => match self.scenario.role_ix(id) {
                Some(r) => r,
                None => {
                    let ids: Vec<&str> = self.scenario.roles.iter().map(|r| &*r.id).collect();
                    return self.refuse(
                        key,
                        format!("no role `{id}`; the roles are: {}", ids.join(", ")),
                    );
                }
            },
            None => match self
                .seats
                .iter()
                .position(|s| s.name.as_deref() == Some(name))
            {
                Some(r) => r,
                None => {
                    let seats = self.seat_infos(sim);
                    let public = Box::new((*self.public).clone());
                    return self.out.push((key, HostMsg::Seats { public, seats }));
                }
            },
        };
        let seat = self.seats[r].clone();
        if let Some(other) = seat.client
            && other != key
            && self.clients.contains_key(&other)
        {
            if seat.name.as_deref() == Some(name) {
                // The same person on a new connection (a laptop that dropped before the host
                // noticed): the new connection takes the seat over.
                self.refuse(other, "you joined again from another connection".into());
                if let Some(c) = self.clients.get_mut(&other) {
                    c.role = None;
                }
            } else {
                let who = seat.name.clone().unwrap_or_default();
                return self.refuse(key, format!("`{}` is taken by {who}", self.role_id(r)));
            }
        }
        if sim.is_some_and(|s| s.world().resource::<BotRoster>().contains(r)) {
            return self.refuse(
                key,
                format!("a bot plays `{}` in this exercise", self.role_id(r)),
            );
        }
        if let Some(holder) = &seat.name
            && holder != name
        {
            // An empty seat someone else held: theirs to take back, unless they never return;
            // the facilitator decides that, so a newcomer waits for them or takes another seat.
            return self.refuse(
                key,
                format!(
                    "`{}` is held for {holder}, who may rejoin; join with that name or pick another role",
                    self.role_id(r)
                ),
            );
        }
        self.seats[r] = SeatState {
            name: Some(name.to_string()),
            client: Some(key),
        };
        if let Some(c) = self.clients.get_mut(&key) {
            c.role = Some(r);
            c.sent = 0;
            c.looked_back = false;
            c.clock = None;
        }
        self.out.push((
            key,
            HostMsg::Welcome {
                role: self.scenario.roles[r].id.clone(),
                name: name.to_string(),
                public: Box::new((*self.public).clone()),
                clock: SharedClock::default(),
            },
        ));
    }

    fn role_id(&self, r: RoleIx) -> &str {
        &self.scenario.roles[r].id
    }

    fn seat_infos(&self, sim: Option<&Sim>) -> Vec<SeatInfo> {
        let bots = sim.map(|s| s.world().resource::<BotRoster>().clone());
        self.scenario
            .roles
            .iter()
            .enumerate()
            .map(|(r, role)| SeatInfo {
                role: role.id.clone(),
                title: role.title.clone(),
                taken_by: self.seats[r].client.and(self.seats[r].name.clone()),
                bot: bots.as_ref().is_some_and(|b| b.contains(r)),
            })
            .collect()
    }

    fn act(
        &mut self,
        key: ClientKey,
        claimed: &str,
        at: Option<u64>,
        command: Command,
        sim: Option<&mut Sim>,
        now: f64,
    ) {
        let Some(c) = self.clients.get_mut(&key) else {
            return;
        };
        let Some(r) = c.role else {
            // Not seated: nothing it says is a command.
            return self.strike(key, "a command before joining");
        };
        if !c.spend(now) {
            if now - c.throttled_notice_at >= 1.0 {
                c.throttled_notice_at = now;
                self.out.push((
                    key,
                    HostMsg::Notice("too many commands: some were dropped; slow down".into()),
                ));
            }
            return;
        }
        let me = self.role_id(r).to_string();
        let notice = |text: String| (key, HostMsg::Notice(text));
        if claimed != me {
            return self.out.push(notice(format!(
                "refused a command as `{claimed}`: you play `{me}`"
            )));
        }
        if command.is_facilitator_only() {
            return self
                .out
                .push(notice("only the facilitator can do that".into()));
        }
        if let Some(len) = long_text(&command)
            && len > MAX_TEXT
        {
            return self.out.push(notice(format!(
                "refused a text of {len} characters; the limit is {MAX_TEXT}"
            )));
        }
        let Some(sim) = sim else {
            return self
                .out
                .push(notice("the exercise has not started yet".into()));
        };
        if sim.ended().is_some() {
            return self.out.push(notice("the exercise is over".into()));
        }
        if sim.world().resource::<BotRoster>().contains(r) {
            return self.out.push(notice("a bot plays this role now".into()));
        }
        match at {
            Some(at) => {
                let id = serde_json::to_string(&command).unwrap_or_default();
                if self.stamped.insert((r, at, id)) {
                    sim.queue(at, Actor::Role(r), command);
                }
            }
            None => sim.submit(Actor::Role(r), command),
        }
    }

    /// Brings every seated client up to date: its role's new observations, then the clock.
    pub fn publish(&mut self, sim: Option<&Sim>, clock: &SharedClock) {
        for (&key, c) in self.clients.iter_mut() {
            let Some(r) = c.role else { continue };
            if let Some(sim) = sim {
                let feed = sim.log().feed(r);
                while c.sent < feed.len() {
                    let batch: Vec<FeedItem> = feed
                        .since(c.sent)
                        .take(FEED_BATCH)
                        .map(|(tick, what)| FeedItem {
                            tick,
                            what: what.clone(),
                        })
                        .collect();
                    c.sent += batch.len();
                    self.out.push((key, HostMsg::Feed(batch)));
                }
                if sim.ended().is_some() && !c.looked_back {
                    c.looked_back = true;
                    let back = looking_back(sim.scenario(), sim.log(), r);
                    self.out.push((key, HostMsg::LookingBack(Box::new(back))));
                }
            }
            if c.clock.as_ref() != Some(clock) {
                c.clock = Some(clock.clone());
                self.out.push((key, HostMsg::Clock(clock.clone())));
            }
        }
    }
}

/// The length of the free text a command carries, if any.
fn long_text(c: &Command) -> Option<usize> {
    match c {
        Command::Say(t)
        | Command::Tell { text: t, .. }
        | Command::Ask { text: t, .. }
        | Command::Suspect(t) => Some(t.chars().count()),
        _ => None,
    }
}

//! What host and clients say to each other. Two replicon messages carry everything, one each way,
//! on an ordered reliable channel; inside each is one JSON document ([`ClientMsg`], [`HostMsg`]),
//! so observations cross the network in exactly the form the run file stores them in.
//!
//! Nothing a host sends can name another role's private events or ground truth: a client gets its
//! own role's observations (the same `what` as in the run file, with its tick), the public
//! scenario, the shared clock, who sits in which seat, and notices about its own messages.

use bevy::prelude::*;
use bevy_replicon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::debrief::solo::LookingBack;
use crate::scenario::compiled::Name;
use crate::sim::boundary::{Command, Observation, PublicScenario, SharedClock};

/// The largest message either side accepts, in bytes of JSON. A welcome carries the public
/// scenario and a rejoin the whole feed so far, so the host's limit is generous; a client only
/// ever sends short commands.
pub const MAX_TO_HOST: usize = 16 * 1024;

/// A trainee's text (a message, a question) longer than this is refused.
pub const MAX_TEXT: usize = 2000;

/// How many feed entries go in one message, so that no single message grows without bound.
pub const FEED_BATCH: usize = 256;

/// Client to host, as JSON.
#[derive(Message, Debug, Clone, Serialize, Deserialize)]
pub struct ToHost(pub String);

/// Host to one client, as JSON.
#[derive(Message, Debug, Clone, Serialize, Deserialize)]
pub struct ToClient(pub String);

/// What a client asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientMsg {
    /// Take a seat. Without `role`, the host answers with the seats and their occupants.
    Join {
        code: String,
        name: String,
        #[serde(default)]
        role: Option<Name>,
    },
    /// A command as the role the client claims (the host checks the claim against its seat).
    /// `at` stamps a scripted command with the tick it is meant for, which makes a command file
    /// played over the network apply exactly as it would locally, and lets a rejoining client
    /// send its script again: the host applies each stamped command once.
    Act {
        role: Name,
        #[serde(default)]
        at: Option<u64>,
        command: Command,
    },
    /// Sent every second by a seated client, so the host can tell a laptop that dropped from one
    /// that is quiet (the transport alone takes 15 s to notice).
    Alive,
}

/// What the host tells one client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostMsg {
    /// The seats, for a client that has not chosen a role, with the scenario to choose from.
    Seats {
        public: Box<PublicScenario>,
        seats: Vec<SeatInfo>,
    },
    /// The client sits in `role`; its feed follows from the beginning.
    Welcome {
        role: Name,
        name: String,
        public: Box<PublicScenario>,
        clock: SharedClock,
    },
    /// Observations for the client's role, in feed order, each with its tick.
    Feed(Vec<FeedItem>),
    /// The host's clock changed (a tick, a pause, a speed change, the end).
    Clock(SharedClock),
    /// About the client's own messages: a refused command, a throttle.
    Notice(String),
    /// Once the run has ended, before the clock that says so: the end-of-run look back from the
    /// client's own seat (the same card a solo trainee gets). The exercise is over, so what the
    /// role held and the commander needed may be said now.
    LookingBack(Box<LookingBack>),
    /// The host will not seat this client; it is disconnected after this.
    Refused(String),
}

/// One observation as a client receives it and as `join --feed-out` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedItem {
    pub tick: u64,
    pub what: Observation,
}

/// A seat as the role picker shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatInfo {
    pub role: Name,
    pub title: String,
    /// Who sits there now (connected), if anyone.
    pub taken_by: Option<String>,
    /// A bot plays it.
    pub bot: bool,
}

impl ClientMsg {
    pub fn encode(&self) -> ToHost {
        ToHost(serde_json::to_string(self).expect("client messages serialise"))
    }

    /// Reads a client's message, refusing oversized or malformed ones.
    pub fn decode(m: &ToHost) -> Result<ClientMsg, String> {
        if m.0.len() > MAX_TO_HOST {
            return Err(format!(
                "a message of {} bytes is over the limit of {MAX_TO_HOST}",
                m.0.len()
            ));
        }
        serde_json::from_str(&m.0).map_err(|e| format!("a malformed message ({e})"))
    }
}

impl HostMsg {
    pub fn encode(&self) -> ToClient {
        ToClient(serde_json::to_string(self).expect("host messages serialise"))
    }

    pub fn decode(m: &ToClient) -> Result<HostMsg, String> {
        serde_json::from_str(&m.0).map_err(|e| format!("a malformed message from the host ({e})"))
    }
}

/// Registers the messages, in the same order on host and client (replicon requires it).
pub fn plugin(app: &mut App) {
    app.add_client_message::<ToHost>(Channel::Ordered)
        .add_server_message::<ToClient>(Channel::Ordered);
}

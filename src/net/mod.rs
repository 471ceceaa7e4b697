//! Game days across machines: one host runs the authoritative simulation; each trainee joins from
//! their own machine in their own role. Built on `bevy_replicon` over `bevy_replicon_renet`
//! (renet's netcode on UDP).
//!
//! - [`protocol`]: the messages, one each way, carrying JSON.
//! - [`room`]: the host's rules, without networking: seats, the join code, what each client may
//!   see and do, throttling.
//! - [`host`]: the host app: replicon's server, the [`room::Room`], the simulation and its record.
//! - [`client`]: a trainee's end: fills a `Seat` for the console, or plays a command file.
//! - [`headless`]: the loops that drive host and client apps without a window.

pub mod client;
pub mod headless;
pub mod host;
pub mod protocol;
pub mod room;

use std::sync::OnceLock;
use std::time::Instant;

use crate::scenario::units::PPM;
use crate::sim::log::{Event, EventBody, Observation};

/// The netcode protocol id: firedrill's, with the wire format's version, so a client of another
/// version is turned away by the transport rather than misreading messages.
pub const PROTOCOL_ID: u64 = 0x6669_7265_6472_0001;

/// The default port of a host.
pub const DEFAULT_PORT: u16 = 7878;

/// Seconds since this process first asked: a monotonic clock for throttling.
pub fn uptime() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// The clock changes among newly logged events: (paused, speed in ppm), in order.
pub fn clock_changes(events: &[Event]) -> Vec<(bool, u64)> {
    events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Seen {
                what: Observation::Clock { paused, speed },
                ..
            } => Some((*paused, speed.0)),
            _ => None,
        })
        .collect()
}

/// A join code: short, easy to read aloud, no look-alike characters.
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
        ^ ((std::process::id() as u64) << 32);
    // SplitMix64: the code only has to be hard to guess across a room, not cryptographic.
    let mut x = seed;
    (0..6)
        .map(|_| {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            ALPHABET[(z % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

/// Simulated seconds per real second as parts per million.
pub fn speed_ppm(speed: f64) -> u64 {
    (speed * PPM as f64).round() as u64
}

//! All randomness comes from one seed. Separate ChaCha streams keep concerns apart, so that adding
//! a bot does not change the metric noise: every stream is drawn in a fixed order within a tick.

use bevy::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Resource, Clone, Debug)]
pub struct SimRng {
    /// Noise on metric samples.
    pub noise: ChaCha8Rng,
    /// `Chance` in conditions.
    pub chance: ChaCha8Rng,
    /// Bot decisions.
    pub bots: ChaCha8Rng,
}

impl SimRng {
    pub fn new(seed: u64) -> Self {
        let stream = |n: u64| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(n);
            rng
        };
        SimRng {
            noise: stream(1),
            chance: stream(2),
            bots: stream(3),
        }
    }
}

/// A uniform integer in `0..n` (n > 0), by rejection so every value is equally likely and the
/// result does not depend on any crate's range-sampling algorithm.
pub fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let v = rng.next_u64();
        if v < zone {
            return v % n;
        }
    }
}

/// True with probability `ppm` parts per million.
pub fn chance(rng: &mut ChaCha8Rng, ppm: u64) -> bool {
    below(rng, 1_000_000) < ppm
}

pub struct RngPlugin {
    pub seed: u64,
}

impl Plugin for RngPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(SimRng::new(self.seed));
    }
}

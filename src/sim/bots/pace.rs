//! How long a bot takes over what a person in its role needs time for: getting oriented after
//! being paged (`orient`: finding a laptop, logging in, reading the page), and reading what a
//! dashboard or a log shows before acting on it (`read`). Typing an answer is `answer_delay`. Each
//! delay is drawn around the authored value from the run's bots stream, so runs still replay.

use rand_chacha::ChaCha8Rng;

use crate::sim::rng::below;

/// Default `orient` and `read` (seconds) by difficulty; the checker fills them in.
pub use crate::scenario::check::pace_defaults as defaults;

/// A uniform delay in [base/2, 3·base/2].
pub(super) fn jitter(rng: &mut ChaCha8Rng, base: u64) -> u64 {
    base / 2 + below(rng, base + 1)
}

/// One draw of a delay authored as `base` seconds: uniform in [base/2, 3·base/2].
pub fn draw(rng: &mut ChaCha8Rng, base: u64) -> u64 {
    if base == 0 { 0 } else { jitter(rng, base) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Difficulty;
    use rand::SeedableRng;

    #[test]
    fn draws_stay_around_the_authored_time_and_replay() {
        let mut a = ChaCha8Rng::seed_from_u64(7);
        let mut b = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200 {
            let x = draw(&mut a, 120);
            assert!((60..=180).contains(&x), "{x}");
            assert_eq!(x, draw(&mut b, 120));
        }
        assert_eq!(draw(&mut a, 0), 0);
        let (orient, read) = defaults(Difficulty::Hard);
        assert!(orient > defaults(Difficulty::Easy).0 && read > 0);
    }
}

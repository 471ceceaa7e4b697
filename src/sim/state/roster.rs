//! Who plays each seat: the roles bots play. Commands change it (the facilitator's `Seat`), hints
//! read it (a hint meant for a bot goes to the people) and bots play from it.

use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;

/// The roles bots play in this run, in role order.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct BotRoster {
    roles: Vec<RoleIx>,
}

impl BotRoster {
    /// Bot roles from role ids; unknown ids are ignored (the caller reports them).
    pub fn new(sc: &Scenario, ids: &[String]) -> Self {
        let mut roles: Vec<RoleIx> = ids.iter().filter_map(|id| sc.role_ix(id)).collect();
        roles.sort_unstable();
        roles.dedup();
        BotRoster { roles }
    }

    pub fn roles(&self) -> &[RoleIx] {
        &self.roles
    }

    pub fn contains(&self, r: RoleIx) -> bool {
        self.roles.contains(&r)
    }

    /// A bot takes role `r`'s seat, or leaves it.
    pub fn set(&mut self, r: RoleIx, bot: bool) {
        match (self.roles.binary_search(&r), bot) {
            (Err(at), true) => self.roles.insert(at, r),
            (Ok(at), false) => {
                self.roles.remove(at);
            }
            _ => {}
        }
    }
}

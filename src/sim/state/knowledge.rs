//! Who knows what: what each role is watching, which facts were offered to whom, the hypotheses on
//! the table and their course, and what roles saw this tick. Signals record sightings, actions
//! destroy evidence, commands and the knowledge step do the rest.

use bevy::prelude::*;

use super::RoleSet;
use crate::scenario::Scenario;
use crate::scenario::compiled::{RoleIx, ServiceIx};

/// Something a role saw this tick that a fact can be learnt from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sighting {
    Log(usize),
    Alert(usize),
    Ticket(usize),
    Inject(usize),
}

#[derive(Resource, Debug, Clone)]
pub struct Knowledge {
    /// The service each role is watching (its last `Inspect`).
    pub focus: Vec<Option<ServiceIx>>,
    /// The dashboard charts (metric catalog indices) each role reported in view with `Watch`;
    /// `None` until it first does (a bot or a command file reads the whole dashboard it inspects).
    pub watching: Vec<Option<Vec<usize>>>,
    /// Facts whose evidence was destroyed (e.g. by a restart): no longer learnt first-hand.
    pub destroyed: Vec<bool>,
    /// For each fact, the roles a first-hand source has offered it to (see `Truth::FactAvailable`).
    pub available: Vec<RoleSet>,
    pub hypotheses: Vec<HypRun>,
    /// For each hypothesis, the roles it is on the table for: a fact they hold bears on it, or
    /// someone raised it with the team.
    pub offered: Vec<RoleSet>,
    /// The author of each free-text suspicion, in the order given (`Suspicion { n }` is n - 1).
    pub suspicions: Vec<RoleIx>,
    /// What roles saw this tick; emptied by the knowledge step.
    pub sightings: Vec<(Sighting, RoleSet)>,
    /// False in rehearsal runs that test whether a scenario forces sharing.
    pub sharing: bool,
}

impl Knowledge {
    pub fn new(sc: &Scenario) -> Self {
        Knowledge {
            focus: vec![None; sc.roles.len()],
            watching: vec![None; sc.roles.len()],
            destroyed: vec![false; sc.facts.len()],
            available: vec![RoleSet::default(); sc.facts.len()],
            hypotheses: vec![HypRun::default(); sc.hypotheses.len()],
            offered: vec![RoleSet::default(); sc.hypotheses.len()],
            suspicions: Vec::new(),
            sightings: Vec::new(),
            sharing: true,
        }
    }

    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for f in &self.focus {
            h.write_u64(f.map_or(u64::MAX, |s| s as u64));
        }
        for w in &self.watching {
            match w {
                None => h.write_u64(u64::MAX),
                Some(v) => {
                    h.write_usize(v.len());
                    v.iter().for_each(|m| h.write_usize(*m));
                }
            }
        }
        for d in &self.destroyed {
            h.write_u8(*d as u8);
        }
        for a in &self.available {
            h.write_u64(a.0);
        }
        for run in &self.hypotheses {
            run.digest(h);
        }
        for o in &self.offered {
            h.write_u64(o.0);
        }
        for r in &self.suspicions {
            h.write_usize(*r);
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HypRun {
    pub proposed: Option<(u64, RoleIx)>,
    pub supporters: RoleSet,
    pub discarded: Option<(u64, RoleIx)>,
    pub confirmed: Option<(u64, RoleIx)>,
}

impl HypRun {
    pub fn digest(&self, h: &mut impl std::hash::Hasher) {
        for v in [self.proposed, self.discarded, self.confirmed] {
            let (t, r) = v.unwrap_or((u64::MAX, usize::MAX));
            h.write_u64(t);
            h.write_usize(r);
        }
        h.write_u64(self.supporters.0);
    }
}

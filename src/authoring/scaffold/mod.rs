//! A drill scaffolded from a real incident's timeline: the parts a timeline tells (roles, what
//! people saw, messages from outside, what they did, their decisions) written out as scenario
//! RON, and the parts it cannot tell (services, faults, hypotheses) left as placeholders marked
//! `TODO` that parse but that `check` points at until they are written.
//!
//! - **Roles**: one per distinct `who` inside the team (matched case-insensitively), in order of
//!   appearance; the id is the name made safe, the title the name as written. The incident
//!   commander is the role whose name says so ("incident commander", "IC", "incident manager"…),
//!   else the role of the first decision, else the first role.
//! - **Facts**: one per distinct `saw` text, on the knowledge cards (`knows`) of the role that
//!   saw it first.
//! - **Injects**: one per `outside` row, at its time, from its `who`.
//! - **Actions**: one per distinct `did` text, for the roles that did it, plus a status update
//!   for the commander.
//! - **Decision points**: one per `decision` row, for its role, open from the start until five
//!   minutes after the real decision. It expects a status update when the decision is about
//!   telling people (status page, customers…), else the first action its role took at or after
//!   it, else an action made from the decision itself.

mod text;
mod write;

use std::collections::BTreeSet;

use super::timeline::{Kind, Timeline};
use text::{deed, name_id, names_any, slug, unique};
use write::Writer;

/// What `scaffold` wrote, for the command line's summary.
#[derive(Debug, Clone)]
pub struct Scaffold {
    pub text: String,
    pub roles: usize,
    pub facts: usize,
    pub injects: usize,
    pub actions: usize,
    pub decisions: usize,
}

/// Names in a role's `who` that make it the incident commander.
const COMMANDER: &[&str] = &[
    "incident commander",
    "incident manager",
    "incident lead",
    "incident command",
    "commander",
    "ic",
    "im",
];

/// Words in a decision that make it one about telling people.
const TELLING: &[&str] = &[
    "status page",
    "status update",
    "statuspage",
    "customers",
    "communicate",
    "communication",
    "comms",
    "announce",
    "announcement",
    "tweet",
    "public",
    "notify",
];

struct RoleDraft {
    id: String,
    title: String,
    rows: Vec<usize>,
    knows: Vec<usize>,
}

struct FactDraft {
    id: String,
    row: usize,
    owner: usize,
}

struct ActionDraft {
    id: String,
    title: String,
    roles: Vec<usize>,
    /// The timeline row it comes from (`None`: the commander's status update).
    row: Option<usize>,
}

enum Expect {
    Action(usize),
    StatusUpdate,
}

struct DecisionDraft {
    id: String,
    row: usize,
    role: usize,
    expect: Expect,
}

/// The drill scaffolded from a timeline read from `source`, titled `title`.
pub fn scaffold(t: &Timeline, source: &str, title: &str) -> Scaffold {
    let rows = &t.rows;
    let mut used: BTreeSet<String> = BTreeSet::new();

    // Roles: everyone inside the team, in order of appearance.
    let mut roles: Vec<RoleDraft> = Vec::new();
    let mut role_of: Vec<Option<usize>> = vec![None; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        if r.kind == Kind::Outside {
            continue;
        }
        let key = r.who.to_lowercase();
        let ix = match roles.iter().position(|x| x.title.to_lowercase() == key) {
            Some(ix) => ix,
            None => {
                roles.push(RoleDraft {
                    id: unique(&name_id(&r.who), "role", &mut used),
                    title: r.who.clone(),
                    rows: Vec::new(),
                    knows: Vec::new(),
                });
                roles.len() - 1
            }
        };
        roles[ix].rows.push(i);
        role_of[i] = Some(ix);
    }
    let placeholder_commander = roles.is_empty();
    if placeholder_commander {
        roles.push(RoleDraft {
            id: unique("ic", "role", &mut used),
            title: "Incident commander".into(),
            rows: Vec::new(),
            knows: Vec::new(),
        });
    }
    let commander = roles
        .iter()
        .position(|r| names_any(&r.title, COMMANDER))
        .or_else(|| {
            rows.iter()
                .enumerate()
                .find(|(_, r)| r.kind == Kind::Decision)
                .and_then(|(i, _)| role_of[i])
        })
        .unwrap_or(0);

    // Facts: what people saw, on the card of whoever saw it first.
    let mut facts: Vec<FactDraft> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(owner) = role_of[i].filter(|_| r.kind == Kind::Saw) else {
            continue;
        };
        if facts
            .iter()
            .any(|f| rows[f.row].what.eq_ignore_ascii_case(&r.what))
        {
            continue;
        }
        roles[owner].knows.push(facts.len());
        facts.push(FactDraft {
            id: unique(&slug(&r.what, 5), "fact", &mut used),
            row: i,
            owner,
        });
    }

    // Actions: what people did.
    let mut actions: Vec<ActionDraft> = Vec::new();
    let mut action_of: Vec<Option<usize>> = vec![None; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        let Some(role) = role_of[i].filter(|_| r.kind == Kind::Did) else {
            continue;
        };
        let ix = match actions
            .iter()
            .position(|a| a.title.eq_ignore_ascii_case(&r.what))
        {
            Some(ix) => ix,
            None => {
                actions.push(ActionDraft {
                    id: unique(&slug(&r.what, 5), "action", &mut used),
                    title: r.what.clone(),
                    roles: Vec::new(),
                    row: Some(i),
                });
                actions.len() - 1
            }
        };
        if !actions[ix].roles.contains(&role) {
            actions[ix].roles.push(role);
        }
        action_of[i] = Some(ix);
    }

    // Decisions, each expecting what carried it out. Decision points have ids of their own.
    let mut decision_ids: BTreeSet<String> = BTreeSet::new();
    let mut decisions: Vec<DecisionDraft> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(role) = role_of[i].filter(|_| r.kind == Kind::Decision) else {
            continue;
        };
        let expect = if names_any(&r.what, TELLING) {
            Expect::StatusUpdate
        } else if let Some(a) = (i..rows.len())
            .find(|&j| rows[j].kind == Kind::Did && role_of[j] == Some(role))
            .and_then(|j| action_of[j])
        {
            Expect::Action(a)
        } else {
            let title = deed(&r.what);
            actions.push(ActionDraft {
                id: unique(&slug(&title, 5), "action", &mut used),
                title,
                roles: vec![role],
                row: Some(i),
            });
            Expect::Action(actions.len() - 1)
        };
        decisions.push(DecisionDraft {
            id: unique(&slug(&deed(&r.what), 5), "decision", &mut decision_ids),
            row: i,
            role,
            expect,
        });
    }
    // Every drill needs a way to tell customers ("first external communication").
    let status = actions.len();
    actions.push(ActionDraft {
        id: unique("post_status", "post_status", &mut used),
        title: "Post a status page update".into(),
        roles: vec![commander],
        row: None,
    });

    let injects: Vec<(usize, String)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == Kind::Outside)
        .map(|(i, r)| (i, unique(&slug(&r.what, 5), "inject", &mut used)))
        .collect();

    let w = Writer {
        t,
        roles: &roles,
        commander,
    };
    let mut o = String::with_capacity(16 * 1024);
    w.header(&mut o, source, title);
    w.meta(&mut o, title);
    w.placeholders(&mut o);
    w.injects(&mut o, &injects);
    w.roles(&mut o, &facts, placeholder_commander);
    w.facts(&mut o, &facts);
    w.hypotheses(&mut o);
    w.actions(&mut o, &actions, status);
    o.push_str(
        "\n    // When the incident counts as over: customer impact at or under `slo` for `stable_for`,\n    // every fault ended (docs/scenario-format.md#resolution).\n    resolution: (slo: \"1%\", slow_after: \"1s\", stable_for: \"5m\"),\n",
    );
    w.debrief(&mut o, &facts, &actions, &decisions);
    o.push_str(")\n");
    Scaffold {
        text: o,
        roles: roles.len(),
        facts: facts.len(),
        injects: injects.len(),
        actions: actions.len(),
        decisions: decisions.len(),
    }
}

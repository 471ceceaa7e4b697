//! The host's rules for a game day, without sockets: who gets a seat, what each client is sent,
//! and which of its messages become commands. Drives `net::room::Room` as the host app does.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use firedrill::net::protocol::{ClientMsg, FeedItem, HostMsg, MAX_TO_HOST, ToHost};
use firedrill::net::room::{ClientKey, Room};
use firedrill::scenario::Scenario;
use firedrill::sim::boundary::{Command, SharedClock};
use firedrill::sim::log::EventBody;
use firedrill::sim::{RunOptions, Sim};

const CODE: &str = "K7QX2M";

fn join(code: &str, name: &str, role: Option<&str>) -> ToHost {
    ClientMsg::Join {
        code: code.into(),
        name: name.into(),
        role: role.map(Into::into),
    }
    .encode()
}

fn act(role: &str, at: Option<u64>, command: Command) -> ToHost {
    ClientMsg::Act {
        role: role.into(),
        at,
        command,
    }
    .encode()
}

/// Everything each client was sent, in order.
#[derive(Default)]
struct Inbox(BTreeMap<ClientKey, Vec<HostMsg>>);

impl Inbox {
    fn take(&mut self, room: &mut Room) -> Vec<ClientKey> {
        let (msgs, kicks) = room.drain();
        for (k, m) in msgs {
            self.0.entry(k).or_default().push(m);
        }
        kicks
    }

    fn of(&self, k: ClientKey) -> &[HostMsg] {
        self.0.get(&k).map_or(&[], Vec::as_slice)
    }

    fn feed(&self, k: ClientKey) -> Vec<FeedItem> {
        let mut out = Vec::new();
        for m in self.of(k) {
            match m {
                // A welcome restarts the feed from the beginning (a rejoin).
                HostMsg::Welcome { .. } => out.clear(),
                HostMsg::Feed(items) => out.extend(items.iter().cloned()),
                _ => {}
            }
        }
        out
    }

    fn notices(&self, k: ClientKey) -> Vec<String> {
        self.of(k)
            .iter()
            .filter_map(|m| match m {
                HostMsg::Notice(t) | HostMsg::Refused(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }
}

fn role_feed(sim: &Sim, role: &str) -> Vec<FeedItem> {
    let r = sim.scenario().role_ix(role).unwrap();
    sim.log()
        .feed(r)
        .iter()
        .map(|(tick, what)| FeedItem {
            tick,
            what: what.clone(),
        })
        .collect()
}

fn clock(sim: &Sim) -> SharedClock {
    SharedClock {
        tick: sim.tick(),
        paused: false,
        speed_ppm: 1_000_000,
        ended: sim.ended().map(|e| e.reason.clone()),
        resolved: sim.ended().is_some_and(|e| e.resolved),
    }
}

/// A room of retry-storm with `ic` and `storage` seated (clients 1 and 2), the other roles bots.
fn seated() -> (Arc<Scenario>, Room, Sim, Inbox) {
    let sc = common::load("scenarios/retry-storm.ron");
    let mut room = Room::new(sc.clone(), CODE);
    let mut inbox = Inbox::default();
    room.receive(1, &join(CODE, "Ada", Some("ic")), None, 0.0);
    room.receive(2, &join(CODE, "Bo", Some("storage")), None, 0.0);
    assert!(inbox.take(&mut room).is_empty());
    let mut options = RunOptions::new(sc.seed);
    options.bots = vec!["metadata".into(), "queue".into()];
    let sim = Sim::new(sc.clone(), &options);
    (sc, room, sim, inbox)
}

#[test]
fn each_client_receives_exactly_its_roles_feed_and_nothing_else() {
    let (sc, mut room, mut sim, mut inbox) = seated();
    while sim.step() {
        room.publish(Some(&sim), &clock(&sim));
        inbox.take(&mut room);
    }
    for (key, role) in [(1, "ic"), (2, "storage")] {
        let got = inbox.feed(key);
        assert!(got.len() > 50, "{role}: only {} observations", got.len());
        assert_eq!(got, role_feed(&sim, role), "{role}'s feed differs");
        // Nothing else the client was sent names ground truth or another role's private events.
        let sent = serde_json::to_string(inbox.of(key)).unwrap();
        for fault in &sc.faults {
            assert!(!sent.contains(&fault.title), "{role} was sent fault title");
            assert!(
                !sent.contains(&format!("\"{}\"", fault.id)),
                "{role} was sent fault id {}",
                fault.id
            );
        }
        for word in [
            "fault_started",
            "impact",
            "milestone",
            "\"seq\"",
            "\"to\":[",
        ] {
            assert!(!sent.contains(word), "{role} was sent `{word}`");
        }
        // Exactly the events delivered to this role, while others' private ones abound.
        let me = &*sc.roles[sc.role_ix(role).unwrap()].id;
        let (mine, private_to_others) =
            sim.log()
                .events()
                .iter()
                .fold((0, 0), |(m, p), e| match &e.body {
                    EventBody::Seen { to, .. } if to.iter().any(|t| &**t == me) => (m + 1, p),
                    EventBody::Seen { to, .. } if !to.is_empty() => (m, p + 1),
                    _ => (m, p),
                });
        assert_eq!(got.len(), mine);
        assert!(private_to_others > 100, "{role}: {private_to_others}");
    }
    // The clock reached every client, ending with the end of the run.
    let last_clock = inbox.of(1).iter().rev().find_map(|m| match m {
        HostMsg::Clock(c) => Some(c.clone()),
        _ => None,
    });
    assert_eq!(
        last_clock.and_then(|c| c.ended),
        sim.ended().map(|e| e.reason.clone())
    );
}

#[test]
fn a_client_without_the_code_is_refused_and_disconnected() {
    let sc = common::load("scenarios/retry-storm.ron");
    let mut room = Room::new(sc, CODE);
    let mut inbox = Inbox::default();
    room.receive(9, &join("WRONG1", "Eve", Some("ic")), None, 0.0);
    let kicks = inbox.take(&mut room);
    assert_eq!(kicks, vec![9]);
    assert!(matches!(inbox.of(9), [HostMsg::Refused(why)] if why.contains("code")));
    assert!(room.seated().is_empty());
    // Its commands before or after do nothing: it has no seat.
    room.receive(9, &act("ic", None, Command::Say("hi".into())), None, 0.0);
    assert!(room.seated().is_empty());
}

#[test]
fn commands_execute_only_as_the_clients_own_role() {
    let (sc, mut room, mut sim, mut inbox) = seated();
    let say = |t: &str| Command::Say(t.into());
    room.receive(1, &act("ic", None, say("from ic")), Some(&mut sim), 0.0);
    room.receive(
        1,
        &act("storage", None, say("ic as storage")),
        Some(&mut sim),
        0.0,
    );
    room.receive(
        1,
        &act("metadata", None, say("ic as a bot")),
        Some(&mut sim),
        0.0,
    );
    room.receive(1, &act("ic", None, Command::Pause), Some(&mut sim), 0.0);
    room.receive(
        1,
        &act("ic", None, Command::Fire("membership_bloat".into())),
        Some(&mut sim),
        0.0,
    );
    room.receive(
        2,
        &act("storage", None, say("from storage")),
        Some(&mut sim),
        0.0,
    );
    sim.step();
    let applied: Vec<(String, Command)> = sim
        .log()
        .events()
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Command { actor, command } => Some((actor.to_string(), command.clone())),
            _ => None,
        })
        .filter(|(a, _)| a == "ic" || a == "storage" || a == "facilitator")
        .collect();
    assert_eq!(
        applied,
        vec![
            ("ic".to_string(), say("from ic")),
            ("storage".to_string(), say("from storage")),
        ]
    );
    inbox.take(&mut room);
    let notices = inbox.notices(1);
    assert_eq!(notices.len(), 4, "{notices:?}");
    assert!(notices[0].contains("you play `ic`"));
    assert!(notices[2].contains("only the facilitator"));
    assert_eq!(sc.roles.len(), 4);
}

#[test]
fn stamped_commands_apply_at_their_tick_and_only_once() {
    let (_sc, mut room, mut sim, _inbox) = seated();
    let cmd = Command::Inspect("table_api".into());
    for _ in 0..3 {
        room.receive(1, &act("ic", Some(30), cmd.clone()), Some(&mut sim), 0.0);
    }
    sim.run_to_end();
    let at: Vec<u64> = sim
        .log()
        .events()
        .iter()
        .filter(|e| matches!(&e.body, EventBody::Command { actor, command } if &**actor == "ic" && *command == cmd))
        .map(|e| e.tick)
        .collect();
    assert_eq!(at, vec![30]);
}

#[test]
fn a_flood_is_throttled_and_garbage_is_refused_while_the_run_goes_on() {
    let (_sc, mut room, mut sim, mut inbox) = seated();
    for i in 0..5000 {
        room.receive(
            2,
            &act("storage", None, Command::Say(format!("{i}"))),
            Some(&mut sim),
            0.5,
        );
    }
    sim.step();
    let said = sim
        .log()
        .events()
        .iter()
        .filter(|e| matches!(&e.body, EventBody::Command { actor, .. } if &**actor == "storage"))
        .count();
    assert!(
        (1..=41).contains(&said),
        "{said} of 5000 flooded commands applied"
    );
    inbox.take(&mut room);
    assert!(
        inbox
            .notices(2)
            .iter()
            .any(|n| n.contains("too many commands"))
    );
    assert_eq!(inbox.notices(2).len(), 1, "one throttle notice per second");

    // Malformed and oversized messages: told, then disconnected; the run is untouched.
    let before = sim.log().len();
    room.receive(2, &ToHost("{not json".into()), Some(&mut sim), 10.0);
    room.receive(
        2,
        &ToHost("x".repeat(MAX_TO_HOST + 1)),
        Some(&mut sim),
        10.0,
    );
    assert!(inbox.take(&mut room).is_empty());
    let notes = inbox.notices(2);
    assert!(notes.iter().any(|n| n.contains("malformed")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("over the limit")),
        "{notes:?}"
    );
    for _ in 0..30 {
        room.receive(2, &ToHost(String::new()), Some(&mut sim), 10.0);
    }
    assert_eq!(inbox.take(&mut room), vec![2]);
    assert_eq!(sim.log().len(), before);
    // A text past the limit is refused.
    let long = Command::Say("a".repeat(5000));
    room.receive(1, &act("ic", None, long.clone()), Some(&mut sim), 20.0);
    sim.step();
    assert!(
        !sim.log()
            .events()
            .iter()
            .any(|e| matches!(&e.body, EventBody::Command { command, .. } if *command == long))
    );
    while sim.step() {}
    assert!(sim.ended().is_some());
}

#[test]
fn a_dropped_trainee_rejoins_with_the_same_name_and_gets_everything_back() {
    let (_sc, mut room, mut sim, mut inbox) = seated();
    for _ in 0..600 {
        sim.step();
    }
    room.publish(Some(&sim), &clock(&sim));
    inbox.take(&mut room);
    room.disconnect(2);
    assert_eq!(room.seated().len(), 1);
    // Someone else cannot take the seat held for Bo.
    room.receive(7, &join(CODE, "Cy", Some("storage")), Some(&mut sim), 0.0);
    assert_eq!(inbox.take(&mut room), vec![7]);
    assert!(inbox.notices(7)[0].contains("held for Bo"));
    // Bo comes back on a new connection, without naming the role.
    room.receive(8, &join(CODE, "Bo", None), Some(&mut sim), 0.0);
    for _ in 0..300 {
        sim.step();
    }
    room.publish(Some(&sim), &clock(&sim));
    inbox.take(&mut room);
    assert!(matches!(&inbox.of(8)[0], HostMsg::Welcome { role, .. } if &**role == "storage"));
    assert_eq!(inbox.feed(8), role_feed(&sim, "storage"));
}

#[test]
fn a_client_without_a_role_is_shown_the_seats() {
    let (_sc, mut room, sim, mut inbox) = seated();
    room.receive(5, &join(CODE, "Di", None), None, 0.0);
    inbox.take(&mut room);
    let Some(HostMsg::Seats { seats, .. }) = inbox.of(5).first() else {
        panic!("{:?}", inbox.of(5));
    };
    let taken: Vec<(&str, Option<&str>)> = seats
        .iter()
        .map(|s| (&*s.role, s.taken_by.as_deref()))
        .collect();
    assert_eq!(
        taken,
        vec![
            ("ic", Some("Ada")),
            ("storage", Some("Bo")),
            ("metadata", None),
            ("queue", None)
        ]
    );
    // A taken seat is refused; the feed of a bot's seat is never handed to a person.
    room.receive(5, &join(CODE, "Di", Some("ic")), None, 0.0);
    assert_eq!(inbox.take(&mut room), vec![5]);
    let mut sim = sim;
    room.receive(6, &join(CODE, "Di", Some("metadata")), Some(&mut sim), 0.0);
    assert_eq!(inbox.take(&mut room), vec![6]);
    assert!(inbox.notices(6)[0].contains("a bot plays"));
}

#[test]
fn at_the_end_each_client_gets_the_look_back_from_its_own_seat_once() {
    let (sc, mut room, mut sim, mut inbox) = seated();
    let backs = |inbox: &Inbox, k| -> Vec<firedrill::debrief::solo::LookingBack> {
        inbox
            .of(k)
            .iter()
            .filter_map(|m| match m {
                HostMsg::LookingBack(b) => Some((**b).clone()),
                _ => None,
            })
            .collect()
    };
    while sim.step() {
        room.publish(Some(&sim), &clock(&sim));
        inbox.take(&mut room);
        if sim.ended().is_none() {
            assert!(backs(&inbox, 1).is_empty(), "a look back before the end");
        }
    }
    // Publishing again (the host keeps updating after the end) sends nothing new.
    room.publish(Some(&sim), &clock(&sim));
    inbox.take(&mut room);
    for (key, role) in [(1, "ic"), (2, "storage")] {
        let got = backs(&inbox, key);
        let r = sc.role_ix(role).unwrap();
        let want = firedrill::debrief::solo::looking_back(&sc, sim.log(), r);
        assert_eq!(got, vec![want], "{role}");
        // It comes before the clock that tells the client the run is over.
        let msgs = inbox.of(key);
        let at = msgs
            .iter()
            .position(|m| matches!(m, HostMsg::LookingBack(_)))
            .unwrap();
        assert!(
            msgs[at..]
                .iter()
                .any(|m| matches!(m, HostMsg::Clock(c) if c.ended.is_some())),
            "{role}: the ending clock came before the look back"
        );
    }
    // The two seats' cards differ: each is from its own seat.
    assert_ne!(backs(&inbox, 1), backs(&inbox, 2));
    // A trainee who rejoins after the end gets it again.
    room.disconnect(2);
    room.receive(3, &join(CODE, "Bo", Some("storage")), Some(&mut sim), 1.0);
    room.publish(Some(&sim), &clock(&sim));
    inbox.take(&mut room);
    assert_eq!(backs(&inbox, 3).len(), 1);
}

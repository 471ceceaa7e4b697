//! The facilitator's live tools are commands like any other: a stakeholder message typed live, a
//! hint sent by hand, a private note and a bot taking over a seat all reach exactly who they
//! should, are recorded, and replay.

mod common;

use common::recording::*;
use firedrill::record::replay;
use firedrill::sim::RunOptions;
use firedrill::sim::boundary::{Actor, Command, Observation};
use firedrill::sim::log::EventBody;

#[test]
fn live_injects_hints_notes_and_seat_changes_reach_who_they_should_and_replay() {
    let sc = load(STORM);
    let ic = sc.role_ix("ic").unwrap();
    let storage = sc.role_ix("storage").unwrap();
    let f = Actor::Facilitator;
    let cmds = vec![
        (
            60,
            f,
            Command::Announce {
                from: "VP Engineering".into(),
                text: "Customers are calling. ETA?".into(),
                to: None,
            },
        ),
        (
            61,
            f,
            Command::Nudge {
                text: "Whose logs would show why nodes leave?".into(),
                to: Some("ic".into()),
            },
        ),
        (62, f, Command::Note("IC has not paged storage yet".into())),
        // The storage trainee drops: a bot takes the seat; later a person takes it back.
        (
            120,
            f,
            Command::Seat {
                role: "storage".into(),
                bot: true,
            },
        ),
        (
            900,
            f,
            Command::Seat {
                role: "storage".into(),
                bot: false,
            },
        ),
        (901, Actor::Role(storage), Command::Say("back".into())),
    ];
    let mut options = RunOptions::new(sc.seed);
    options.bots = vec!["metadata".into(), "queue".into()];
    let (bytes, sim) = record(&sc, &options, &cmds);
    let log = sim.log();
    let got = |r, pred: &dyn Fn(&Observation) -> bool| {
        log.feed(r).iter().filter(|(_, o)| pred(o)).count()
    };
    let announced =
        |o: &Observation| matches!(o, Observation::Inject { text, .. } if text.contains("ETA"));
    let hinted = |o: &Observation| matches!(o, Observation::Hint { text, .. } if text.contains("Whose logs"));
    let noted = |o: &Observation| format!("{o:?}").contains("has not paged");
    for r in 0..sc.roles.len() {
        assert_eq!(
            got(r, &announced),
            1,
            "role {r}: the announcement goes to everyone"
        );
        assert_eq!(
            got(r, &hinted),
            usize::from(r == ic),
            "role {r}: the hint only to ic"
        );
        assert_eq!(got(r, &noted), 0, "role {r}: the note is the facilitator's");
    }
    // The note is in the record, as the facilitator's command.
    assert!(log.events().iter().any(|e| matches!(&e.body,
        EventBody::Command { actor, command: Command::Note(t) } if &**actor == "facilitator" && t.contains("paged"))));
    // While the bot held the seat it acted; after it gave the seat back it did not.
    let storage_cmds: Vec<u64> = log
        .events()
        .iter()
        .filter(|e| matches!(&e.body, EventBody::Command { actor, .. } if &**actor == "storage"))
        .map(|e| e.tick)
        .collect();
    assert!(
        storage_cmds.iter().any(|&t| (121..900).contains(&t)),
        "{storage_cmds:?}"
    );
    assert!(
        !storage_cmds
            .iter()
            .any(|&t| t < 120 || (901..).contains(&t) && t != 901),
        "{storage_cmds:?}"
    );
    // The run replays exactly, the bot's commands re-simulated and the person's taken as given.
    let run = parse(&bytes);
    let people: Vec<_> = run
        .people_commands()
        .iter()
        .filter(|(_, a, _)| &***a == "storage")
        .map(|(t, _, _)| *t)
        .collect();
    assert_eq!(people, vec![901]);
    let report = replay::verify(&run, sc.clone());
    assert!(report.reproduced(), "{}", report.divergence.unwrap());
}

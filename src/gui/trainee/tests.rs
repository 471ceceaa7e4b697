//! The trainee panels without a window: each is drawn into a headless egui context from a view
//! model built from a real simulation's feed, then clicked through egui's own input.

use std::sync::Arc;

use bevy_egui::egui::{self, Pos2, RawInput, Rect};

use super::view::{PublicScenario, TraineeView};
use super::{actions, alerts, channel, knowledge, logs};
use crate::gui::drawn::{self as probe, Drawn};
use crate::gui::intent::Intent;
use crate::scenario;
use crate::sim::commands::Actor;
use crate::sim::log::Command;
use crate::sim::{RunOptions, Sim};

fn view_at(ticks: u64, role: &str) -> TraineeView {
    let sc = scenario::load_default();
    let mut sim = Sim::new(sc.clone(), &RunOptions::new(sc.seed));
    let r = sc.role_ix(role).unwrap();
    sim.queue(1, Actor::Role(r), Command::Run("post_status".into()));
    for _ in 0..ticks {
        sim.step();
    }
    let mut view = TraineeView::new(Arc::new(PublicScenario::new(&sc)), r);
    view.absorb(sim.log().feed(r).iter());
    view.tick = ticks;
    view
}

fn input(events: Vec<egui::Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, egui::vec2(600.0, 900.0))),
        events,
        ..Default::default()
    }
}

/// Draws a panel once, returns what it drew; then clicks `label` and returns the intents the
/// click produced.
fn click(
    mut panel: impl FnMut(&mut egui::Ui) -> Vec<Intent>,
    label: &str,
) -> (Vec<Drawn>, Vec<Intent>) {
    let ctx = egui::Context::default();
    let mut out = ctx.run_ui(input(vec![]), |ui| {
        panel(ui);
    });
    let drawn = probe::texts(&out.shapes);
    out.shapes.clear();
    let Some(target) = probe::find(&drawn, label, None) else {
        return (drawn, Vec::new());
    };
    let at = target.center();
    let press = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Default::default(),
    };
    let mut intents = Vec::new();
    for events in [
        vec![egui::Event::PointerMoved(at)],
        vec![press(true)],
        vec![press(false)],
    ] {
        let _ = ctx.run_ui(input(events), |ui| intents.extend(panel(ui)));
    }
    (drawn, intents)
}

fn has(drawn: &[Drawn], text: &str) -> bool {
    drawn.iter().any(|d| d.text.contains(text))
}

#[test]
fn acknowledging_an_alert_is_an_ack_command() {
    // The certificate notice fired and resolved at 3m; the page fires at 7m.
    let view = view_at(430, "ic");
    let (drawn, intents) = click(|ui| alerts::show(ui, &view, false), "Acknowledge");
    assert!(has(&drawn, "Edge certificate renews") && has(&drawn, "Table API 5xx"));
    for word in ["INFO", "RESOLVED", "PAGE", "FIRING"] {
        assert!(has(&drawn, word), "status in words: no {word}");
    }
    assert!(
        matches!(&intents[..], [Intent::Role(Command::Ack(a))] if &**a == "table_errors"),
        "{intents:?}"
    );
}

#[test]
fn actions_say_who_may_take_them_and_run_only_ones_own() {
    let view = view_at(30, "ic");
    let (drawn, intents) = click(|ui| actions::show(ui, &view, false), "Run: Roll back");
    assert!(has(&drawn, "NOT YOURS"));
    assert!(has(&drawn, "only Storage on-call"));
    assert!(
        !has(&drawn, "Run: Restart the metadata"),
        "no button for others' actions"
    );
    // The status update started at tick 1 and takes a minute.
    assert!(has(&drawn, "RUNNING") && has(&drawn, "left"));
    assert!(
        matches!(&intents[..], [Intent::Role(Command::Run(a))] if &**a == "rollback_table_api"),
        "{intents:?}"
    );
}

#[test]
fn a_fact_is_shared_from_the_knowledge_panel() {
    let view = view_at(5, "ic");
    let (drawn, intents) = click(
        |ui| knowledge::show(ui, &view, false),
        "Share with everyone",
    );
    assert!(has(&drawn, "your knowledge card"));
    assert!(
        matches!(&intents[..], [Intent::Role(Command::Share { fact, to: None })]
            if &**fact == "deploy_was_log_format"),
        "{intents:?}"
    );
}

#[test]
fn only_hypotheses_on_the_role_s_table_can_be_proposed() {
    // The commander's knowledge card bears on the deploy distractor, and on nothing else yet: the
    // root cause is not on screen.
    let view = view_at(5, "ic");
    let mut state = channel::ChannelState::default();
    let (drawn, intents) = click(|ui| channel::show(ui, &view, &mut state, false), "Propose");
    assert!(has(&drawn, "Hypotheses (1)"));
    assert!(has(&drawn, "Last night's table API deploy broke"));
    assert!(!has(&drawn, "Storage nodes' membership retries"));
    assert!(
        matches!(&intents[..], [Intent::Role(Command::Propose(h))] if &**h == "bad_deploy"),
        "{intents:?}"
    );
}

#[test]
fn a_role_with_nothing_on_its_table_can_say_what_it_suspects_or_that_it_is_stuck() {
    let view = view_at(5, "queue");
    let mut state = channel::ChannelState::default();
    let (drawn, intents) = click(
        |ui| channel::show(ui, &view, &mut state, false),
        "I'm stuck",
    );
    assert!(has(&drawn, "Hypotheses (0)") && has(&drawn, "None on the table yet"));
    assert!(
        matches!(&intents[..], [Intent::Role(Command::Stuck)]),
        "{intents:?}"
    );
}

#[test]
fn the_debrief_perspective_offers_no_commands() {
    let mut view = view_at(430, "ic");
    view.live = false;
    let (drawn, intents) = click(|ui| alerts::show(ui, &view, false), "Acknowledge");
    assert!(has(&drawn, "Table API 5xx"));
    assert!(!has(&drawn, "Acknowledge") && intents.is_empty());
    let mut state = channel::ChannelState::default();
    let (drawn, _) = click(|ui| channel::show(ui, &view, &mut state, false), "Propose");
    assert!(!has(&drawn, "Propose") && !has(&drawn, "Send"));
}

/// The boundary in the code itself: the panels and the view model name nothing that holds ground
/// truth, and the one system that touches the simulation reads only the role's feed.
#[test]
fn trainee_code_cannot_reach_ground_truth() {
    let panels = [
        ("actions.rs", include_str!("actions.rs")),
        ("alerts.rs", include_str!("alerts.rs")),
        ("channel.rs", include_str!("channel.rs")),
        ("dashboards.rs", include_str!("dashboards.rs")),
        ("knowledge.rs", include_str!("knowledge.rs")),
        ("layout.rs", include_str!("layout.rs")),
        ("logs.rs", include_str!("logs.rs")),
        ("picker.rs", include_str!("picker.rs")),
        (
            "view.rs",
            include_str!("view.rs")
                .split("#[cfg(test)]")
                .next()
                .unwrap(),
        ),
    ];
    let forbidden = [
        "session::Live",
        "Res<Live>",
        "sim::faults",
        "sim::flow",
        "sim::state",
        "sim::signals",
        "sim::knowledge",
        "sim::exercise",
        "SimScenario",
        "SessionScenario",
        "EventLog",
        "Truth",
        ".world()",
    ];
    for (file, text) in panels {
        for f in forbidden {
            assert!(!text.contains(f), "trainee/{file} mentions {f}");
        }
    }
    // The sync system reads the seat (role, public scenario, feed, clock) and nothing else.
    let module = include_str!("mod.rs");
    for f in forbidden {
        assert!(!module.contains(f), "trainee/mod.rs mentions {f}");
    }
    assert!(module.contains("seat: Res<Seat>"));
}

#[test]
fn a_long_channel_lays_out_only_what_is_in_sight() {
    let mut view = view_at(5, "ic");
    let me = view.me().id.clone();
    for i in 0..400 {
        view.channel.push(super::view::ChannelItem {
            tick: 60 + i,
            kind: super::view::ChannelKind::Message {
                from: me.clone(),
                to: None,
                text: format!("update number {i}: still looking at the storage nodes"),
            },
        });
    }
    let ctx = egui::Context::default();
    let mut state = channel::ChannelState::default();
    // egui keeps the text laid out in a frame, and only that, in its galley cache.
    let mut frame = || {
        let out = ctx.run_ui(input(vec![]), |ui| {
            channel::show(ui, &view, &mut state, false);
        });
        let laid_out = ctx.fonts(|f| f.num_galleys_in_cache());
        (laid_out, probe::texts(&out.shapes))
    };
    // The first frame measures every entry; later ones lay out only those in sight, and the
    // channel still ends on the newest.
    let (first, _) = frame();
    let _ = frame();
    let (later, drawn) = frame();
    assert!(first > 400, "{first} texts laid out");
    assert!(
        later < first / 4,
        "{later} texts laid out, against {first} at first"
    );
    assert!(has(&drawn, "update number 399:"));
    assert!(!has(&drawn, "update number 0:"));
    // Scrolled to the top, the oldest entries are laid out where the skipped space left them.
    let wheel = |t: f64| RawInput {
        time: Some(t),
        ..input(vec![
            egui::Event::PointerMoved(egui::pos2(300.0, 700.0)),
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Page,
                delta: egui::vec2(0.0, 1000.0),
                phase: egui::TouchPhase::Move,
                modifiers: Default::default(),
            },
        ])
    };
    let mut drawn = Vec::new();
    for i in 0..30 {
        let out = ctx.run_ui(wheel(i as f64 * 0.1), |ui| {
            channel::show(ui, &view, &mut state, false);
        });
        drawn = probe::texts(&out.shapes);
    }
    assert!(has(&drawn, "update number 0:"), "{drawn:?}");
    assert!(!has(&drawn, "update number 399:"));
}

#[test]
fn long_log_lines_wrap_inside_the_panel_and_only_those_in_sight_are_laid_out() {
    let mut view = view_at(5, "storage");
    let storage = view.public.service_names(&view.me().logs)[0].clone();
    for i in 0..400 {
        view.logs.push(super::view::LogLine {
            tick: 60 + i,
            service: storage.clone(),
            level: crate::scenario::model::LogLevel::Warn,
            text: format!(
                "line {i}: membership lookup to metadata failed after 2000ms: connection reset \
                 by peer (network unreachable), retrying"
            ),
        });
    }
    let ctx = egui::Context::default();
    let mut state = logs::LogState::default();
    let mut frame = || {
        let out = ctx.run_ui(input(vec![]), |ui| {
            logs::show(ui, &view, &mut state, false);
        });
        (
            ctx.fonts(|f| f.num_galleys_in_cache()),
            probe::texts(&out.shapes),
        )
    };
    let (first, _) = frame();
    let _ = frame();
    let (later, drawn) = frame();
    assert!(first > 400, "{first} texts laid out");
    assert!(later < first / 4, "{later} texts laid out, against {first}");
    // Following the stream: the newest line in sight, wrapped within the 600-point panel.
    let newest = drawn
        .iter()
        .find(|d| d.text.starts_with("line 399:"))
        .expect("the newest line is drawn");
    assert!(newest.full[2] <= 600.0, "{newest:?} runs past the panel");
    let height = |d: &Drawn| d.full[3] - d.full[1];
    let time = drawn
        .iter()
        .find(|d| d.text.len() == 8 && d.text.as_bytes()[2] == b':')
        .expect("a line's time");
    assert!(
        height(newest) > 1.5 * height(time),
        "{newest:?} is one line"
    );
    assert!(!has(&drawn, "line 0:"));
}

//! The projector view (F5): for the room's shared screen. The clock and what has been published to
//! everyone — messages from outside the team, the status page, the public incident channel — and
//! never a role's private signals or ground truth: only observations every role received, of the
//! kinds that are announcements by nature.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::gui::controls;
use crate::gui::intent::{Intent, Intents};
use crate::gui::session::{Live, SessionInfo};
use crate::gui::theme::{Status, palette};
use crate::gui::third_party::egui::root_ui;
use crate::gui::{GuiSet, Screen, widgets};
use crate::scenario::Scenario;
use crate::sim::log::{EventBody, EventLog, Observation};

/// One line on the projector.
#[derive(Debug, Clone, PartialEq)]
pub struct Public {
    pub tick: u64,
    /// An announcement from outside the team (injects, the status page), or the channel.
    pub outside: bool,
    pub who: String,
    pub text: String,
}

/// What every role was shown that is public by nature, in order.
pub fn public_record(sc: &Scenario, log: &EventLog) -> Vec<Public> {
    let everyone = sc.roles.len();
    let title = |id: &str| {
        sc.role_ix(id)
            .map_or(id.to_string(), |r| sc.roles[r].title.clone())
    };
    log.events()
        .iter()
        .filter_map(|e| {
            let EventBody::Seen { to, what } = &e.body else {
                return None;
            };
            if to.len() < everyone {
                return None;
            }
            let (outside, who, text) = match what {
                Observation::Inject { from, text, .. } => (true, from.clone(), text.clone()),
                Observation::Message {
                    from,
                    to: None,
                    text,
                } => (false, title(from), text.clone()),
                Observation::FactShared {
                    from,
                    text,
                    to: None,
                    ..
                } => (false, title(from), text.clone()),
                Observation::Hypothesis {
                    by,
                    statement,
                    change,
                    ..
                } => {
                    let verb = change.verb();
                    (false, title(by), format!("{verb} “{statement}”"))
                }
                _ => return None,
            };
            Some(Public {
                tick: e.tick,
                outside,
                who,
                text,
            })
        })
        .collect()
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(GuiSet::Panels)
            .run_if(in_state(Screen::Projector).and_then(resource_exists::<Live>)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    live: Res<Live>,
    info: Res<SessionInfo>,
    clock: Res<crate::gui::session::clock::ClockState>,
    mut intents: ResMut<Intents>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let sc = live.scenario().clone();
    let record = public_record(&sc, live.log());
    let mut root = root_ui(ctx, "projector");
    egui::Panel::top("projector_top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(&sc.title)
                    .heading()
                    .size(crate::gui::controls::text_size(ui, 26.0)),
            );
            ui.separator();
            ui.label(
                controls::big_clock(ui, widgets::clock(sc.clock_start, info.tick))
                    .size(crate::gui::controls::text_size(ui, 34.0)),
            );
            if info.ended.is_some() {
                ui.label(Status::Ended.rich());
            } else if clock.facilitator_paused {
                ui.label(Status::Paused.rich());
            } else {
                ui.label(Status::Live.rich());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Back to the console (F5)").clicked() {
                    intents.push(Intent::Go(Screen::Facilitator));
                }
            });
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.columns(2, |cols| {
            for (col, outside, heading) in [
                (0, true, "From outside the team"),
                (1, false, "Incident channel"),
            ] {
                let ui = &mut cols[col];
                ui.label(
                    egui::RichText::new(heading)
                        .heading()
                        .color(palette::ORANGE),
                );
                egui::ScrollArea::vertical()
                    .id_salt(heading)
                    .stick_to_bottom(true)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        let mut shown = 0;
                        for p in record.iter().filter(|p| p.outside == outside) {
                            shown += 1;
                            widgets::card(ui, |ui| {
                                ui.label(
                                    egui::RichText::new(format!(
                                        "{}  {}",
                                        widgets::clock_short(sc.clock_start, p.tick),
                                        p.who
                                    ))
                                    .strong()
                                    .size(crate::gui::controls::text_size(ui, 18.0)),
                                );
                                ui.label(
                                    egui::RichText::new(&p.text)
                                        .size(crate::gui::controls::text_size(ui, 20.0)),
                                );
                            });
                        }
                        if shown == 0 {
                            ui.label(
                                egui::RichText::new("nothing yet")
                                    .size(crate::gui::controls::text_size(ui, 18.0))
                                    .color(palette::DIM),
                            );
                        }
                    });
            }
        });
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::commands::Actor;
    use crate::sim::log::Command;
    use crate::sim::{RunOptions, Sim};

    /// An all-bot run of the built-in scenario, with one message to everyone and one to a single
    /// role: the projector shows what every role was shown, and nothing else.
    #[test]
    fn the_projector_shows_only_what_everyone_was_shown() {
        let sc = crate::scenario::load_default();
        let mut options = RunOptions::new(sc.seed);
        options.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
        let mut sim = Sim::new(sc.clone(), &options);
        let ic = sc.role_ix("ic").unwrap();
        let storage = sc.role_ix("storage").unwrap();
        sim.queue(
            5,
            Actor::Role(ic),
            Command::Say("all hands: bridge is open".into()),
        );
        sim.queue(
            6,
            Actor::Role(ic),
            Command::Tell {
                to: sc.roles[storage].id.clone(),
                text: "storage only: check the disks".into(),
            },
        );
        sim.run_to_end();
        let record = public_record(&sc, sim.log());
        assert!(record.iter().any(|p| p.text == "all hands: bridge is open"));
        assert!(!record.iter().any(|p| p.text.contains("storage only")));
        assert!(
            record.iter().any(|p| p.outside),
            "no inject reached everyone"
        );
        assert!(record.iter().any(|p| p.text.starts_with("proposed")));
        // Each line is an observation every role received, of a public kind; no log line,
        // dashboard, private fact or ground truth.
        let everyone = sc.roles.len();
        let public_texts: Vec<&str> = sim
            .log()
            .events()
            .iter()
            .filter_map(|e| match &e.body {
                EventBody::Seen { to, what } if to.len() == everyone => match what {
                    Observation::Inject { text, .. }
                    | Observation::Message { text, .. }
                    | Observation::FactShared { text, .. } => Some(text.as_str()),
                    Observation::Hypothesis { statement, .. } => Some(statement.as_str()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        for p in &record {
            assert!(
                public_texts.iter().any(|t| p.text.contains(t)),
                "{p:?} was not shown to every role"
            );
        }
        let private: Vec<&str> = sim
            .log()
            .events()
            .iter()
            .filter_map(|e| match &e.body {
                EventBody::Seen {
                    what: Observation::Log { text, .. } | Observation::FactLearned { text, .. },
                    ..
                } => Some(text.as_str()),
                _ => None,
            })
            // A fact shared with everyone is public from then on.
            .filter(|t| !public_texts.contains(t))
            .collect();
        assert!(!private.is_empty());
        for p in &record {
            assert!(!private.contains(&p.text.as_str()), "{p:?} is private");
        }
    }
}

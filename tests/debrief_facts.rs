//! Every sentence of the Markdown debrief (and every such cell and prompt of the HTML one) that
//! says who held which fact is checked against the event log: a fact named as held was learnt by
//! that role (or, for the team, by some role) at or before that moment; one named as not held was
//! not. The moment of a decision taken is the event that took it: a fact learnt later in the same
//! second was not held when deciding.

mod common;

use std::collections::BTreeMap;

use common::recording::*;
use firedrill::debrief::text::seat;
use firedrill::debrief::{self, Debrief};
use firedrill::record::RunFile;
use firedrill::record::replay::stored_scenario;
use firedrill::scenario::Scenario;
use firedrill::scenario::compiled::ActionEffectDef;
use firedrill::scenario::model::{DecisionPoint, Expected};
use firedrill::sim::RunOptions;
use firedrill::sim::commands::Actor;
use firedrill::sim::log::Command;
use firedrill::sim::log::{Event, EventBody, HypothesisChange, Observation};

/// Who held what, from the event log alone.
struct Oracle {
    /// (role, fact) → the tick and event the role first learnt the fact in.
    learnt: BTreeMap<(String, String), (u64, u64)>,
    /// Each decision point by its title: the event that took it, if one did.
    taken: BTreeMap<String, Option<(u64, u64)>>,
    /// Fact id by its quoted text.
    by_text: BTreeMap<String, String>,
    key_facts: Vec<String>,
    /// Seat (lowercase first letter) → role id.
    seats: BTreeMap<String, String>,
    clock_start: u64,
    length: u64,
}

/// When a sentence speaks of: by the end of a tick, or at an event (a decision taken).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Moment {
    Tick(u64),
    Event(u64),
}

/// Who a sentence speaks of: a role, or the team (any role).
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Role(String),
    Team,
}

impl Oracle {
    fn new(run: &RunFile, sc: &Scenario, d: &Debrief) -> Oracle {
        let mut learnt = BTreeMap::new();
        for e in &run.events {
            if let EventBody::Seen {
                to,
                what: Observation::FactLearned { fact, .. },
            } = &e.body
            {
                for r in to {
                    learnt
                        .entry((r.to_string(), fact.to_string()))
                        .or_insert((e.tick, e.seq));
                }
            }
        }
        let taken = sc
            .file
            .debrief
            .decision_points
            .iter()
            .map(|dp| {
                let at = run
                    .events
                    .iter()
                    .find(|e| takes(sc, dp, e))
                    .map(|e| (e.tick, e.seq));
                (dp.title.clone(), at)
            })
            .collect();
        let seats = d
            .roles
            .iter()
            .map(|r| (lower(&seat(d, &r.id)), r.id.clone()))
            .collect();
        Oracle {
            learnt,
            taken,
            by_text: d
                .knowledge
                .iter()
                .map(|j| (firedrill::debrief::text::quote(&j.text), j.fact.clone()))
                .collect(),
            key_facts: d
                .knowledge
                .iter()
                .filter(|j| j.key)
                .map(|j| j.fact.clone())
                .collect(),
            seats,
            clock_start: d.run.clock_start,
            length: d.run.length,
        }
    }

    fn who(&self, text: &str) -> Who {
        let t = lower(text.trim().trim_end_matches(','));
        match t.as_str() {
            "the team (any role)" | "nobody on the team" | "the team, between them" => Who::Team,
            _ => Who::Role(
                self.seats
                    .get(&t)
                    .unwrap_or_else(|| panic!("`{text}` is no seat of this run"))
                    .clone(),
            ),
        }
    }

    /// When `who` first learnt `fact`: (tick, event).
    fn first_at(&self, who: &Who, fact: &str) -> Option<(u64, u64)> {
        self.learnt
            .iter()
            .filter(|((r, f), _)| {
                f == fact
                    && match who {
                        Who::Team => true,
                        Who::Role(w) => w == r,
                    }
            })
            .map(|(_, at)| *at)
            .min()
    }

    fn first(&self, who: &Who, fact: &str) -> Option<u64> {
        self.first_at(who, fact).map(|(t, _)| t)
    }

    fn held_at(&self, who: &Who, fact: &str, at: Moment) -> bool {
        self.first_at(who, fact).is_some_and(|(t, seq)| match at {
            Moment::Tick(end) => t <= end,
            Moment::Event(e) => seq <= e,
        })
    }

    /// The moment a sentence about the decision point `title` at `tick` speaks of: the event
    /// that took it, or the end of the tick when nothing did.
    fn moment(&self, title: &str, tick: u64) -> Moment {
        match self.taken.get(title) {
            Some(Some((t, seq))) if *t == tick => Moment::Event(*seq),
            Some(_) => Moment::Tick(tick),
            None => panic!("`{title}` is no decision point"),
        }
    }

    /// `HH:MM` or `HH:MM:SS` on the scenario's clock, back to a tick of this run.
    fn tick(&self, clock: &str) -> u64 {
        let parts: Vec<u64> = clock
            .trim()
            .split(':')
            .map(|p| p.parse().unwrap_or_else(|_| panic!("`{clock}` is no time")))
            .collect();
        let secs = parts[0] * 3600 + parts[1] * 60 + parts.get(2).copied().unwrap_or(0);
        let tick = (secs + 86_400 - self.clock_start % 86_400) % 86_400;
        assert!(tick <= self.length, "{clock} is after the run");
        tick
    }

    /// The ids of a fact list: `“Text” (id); “Text” (id)`, or a lone quoted text.
    fn facts(&self, list: &str) -> Vec<String> {
        if list.trim() == "no facts yet" {
            return Vec::new();
        }
        let ids: Vec<String> = list
            .split("” (")
            .skip(1)
            .map(|rest| rest[..rest.find(')').unwrap()].to_string())
            .collect();
        assert!(!ids.is_empty(), "no facts in `{list}`");
        ids
    }

    fn fact_by_text(&self, quoted: &str) -> String {
        self.by_text
            .get(quoted.trim())
            .unwrap_or_else(|| panic!("`{quoted}` is no fact's text"))
            .clone()
    }
}

/// Whether the event is the move the decision point expects (by its role, for a share).
fn takes(sc: &Scenario, dp: &DecisionPoint, e: &Event) -> bool {
    let EventBody::Seen { what, .. } = &e.body else {
        return false;
    };
    let role = dp.role.as_ref().map(|r| r.value.as_str());
    match (&dp.expect, what) {
        (Expected::Action(a), Observation::ActionStarted { action, .. }) => **action == a.value,
        (Expected::StatusUpdate, Observation::ActionCompleted { action, .. }) => {
            sc.action_ix(action).is_some_and(|a| {
                sc.actions[a]
                    .effects
                    .iter()
                    .any(|x| matches!(x, ActionEffectDef::StatusUpdate))
            })
        }
        (Expected::Share(f), Observation::FactShared { fact, from, to, .. }) => {
            **fact == f.value
                && role.is_none_or(|r| **from != *r && to.as_ref().is_none_or(|t| **t == *r))
        }
        (
            Expected::Confirm(h),
            Observation::Hypothesis {
                hypothesis,
                change: HypothesisChange::Confirmed,
                ..
            },
        ) => **hypothesis == h.value,
        (Expected::Acknowledge(a), Observation::AlertAcked { alert, .. }) => **alert == a.value,
        _ => false,
    }
}

fn lower(s: &str) -> String {
    firedrill::debrief::text::lower_first(s)
}

/// How many claims of each kind were checked.
#[derive(Default, Debug)]
struct Counts {
    knew: usize,
    missing_role: usize,
    missing_team: usize,
    reached: usize,
    not_reached: usize,
    nobody: usize,
    saw: usize,
    agenda_moment: usize,
    agenda_handover: usize,
    agenda_picked_up: usize,
    html: usize,
    html_knowledge: usize,
    html_agenda: usize,
    json_decisions: usize,
    json_knowledge: usize,
    ledger_learnt: usize,
    ledger_commander: usize,
    ledger_used: usize,
}

/// Checks one Markdown debrief; `ctx` names the run in messages.
fn check_markdown(o: &Oracle, d: &Debrief, md: &str, ctx: &str, n: &mut Counts) {
    let commander = d.run.commander.clone().map(Who::Role);
    let mut section = "";
    let mut fact: Option<String> = None;
    // The decision point being read, and its last "What … knew at …" line: whose knowledge,
    // and when.
    let mut title = String::new();
    let mut moment: Option<(Who, Moment)> = None;
    for line in md.lines() {
        let at = format!("{ctx}: `{line}`");
        if let Some(s) = line.strip_prefix("## ") {
            section = if s.starts_with("Who knew") {
                "knowledge"
            } else if s.starts_with("Decision") {
                "decisions"
            } else if s.starts_with("Facilitator agenda") {
                "agenda"
            } else if s.starts_with("Clue ledger") {
                "ledger"
            } else {
                ""
            };
            continue;
        }
        match section {
            "knowledge" => {
                // "### “Text” (key fact) · `id`": the fact by its text, its id after.
                if let Some(h) = line.strip_prefix("### ") {
                    let h = h.trim_end().trim_end_matches('`');
                    fact = Some(h[h.rfind('`').unwrap() + 1..].to_string());
                    continue;
                }
                let Some(f) = fact.as_deref() else { continue };
                if let Some(rest) = line.strip_prefix("Reached ") {
                    let (who, rest) = rest.split_once(" at ").unwrap();
                    let t = o.tick(&rest[..rest.find([',', '.']).unwrap()]);
                    assert_eq!(Some(o.who(who)), commander, "{at}");
                    assert_eq!(o.first(&o.who(who), f), Some(t), "{at}");
                    n.reached += 1;
                } else if let Some(rest) = line.strip_prefix("Had not reached ") {
                    let who = o.who(&rest[..rest.find(" when ").unwrap()]);
                    assert_eq!(o.first(&who, f), None, "{at}");
                    assert!(o.first(&Who::Team, f).is_some(), "{at}: somebody had it");
                    n.not_reached += 1;
                } else if line == "Nobody learnt it during the run." {
                    assert_eq!(o.first(&Who::Team, f), None, "{at}");
                    n.nobody += 1;
                } else if line.starts_with("| ") && !line.starts_with("| role ") {
                    // | role | available | saw | shared | acted on |
                    let cells: Vec<&str> = line.split(" | ").collect();
                    // Roles by their title.
                    let role =
                        match o.who(&format!("the {}", lower(cells[0].trim_start_matches("| ")))) {
                            Who::Role(r) => r,
                            Who::Team => panic!("{at}: a row for the team"),
                        };
                    let saw = cells[2].trim();
                    let first = o.first(&Who::Role(role), f);
                    if saw == "—" {
                        assert_eq!(first, None, "{at}");
                    } else {
                        let t = o.tick(saw.split(' ').next().unwrap());
                        assert_eq!(first, Some(t), "{at}");
                    }
                    n.saw += 1;
                }
            }
            "decisions" => {
                if let Some(t) = line.strip_prefix("### ") {
                    title = t.to_string();
                } else if let Some(rest) = line.strip_prefix("- What ") {
                    let (who, rest) = rest.split_once(" knew at ").unwrap();
                    let (time, list) = rest.split_once(": ").unwrap();
                    let (who, t) = (o.who(who), o.moment(&title, o.tick(time)));
                    let listed = o.facts(list);
                    for f in &listed {
                        assert!(o.held_at(&who, f, t), "{at}: `{f}` was not held then");
                    }
                    // And it names every fact held.
                    for f in o.by_text.values() {
                        if o.held_at(&who, f, t) {
                            assert!(listed.contains(f), "{at}: `{f}` was held, not named");
                        }
                    }
                    n.knew += 1;
                    moment = Some((who, t));
                } else if let Some(rest) = line.strip_prefix("- Key facts ") {
                    let (claim, list) = rest.split_once(" then: ").unwrap();
                    let (subject, holds) = if let Some(s) = claim.strip_suffix(" did not hold") {
                        (s, false)
                    } else if let Some(s) = claim.strip_suffix(" held") {
                        // "Key facts nobody on the team held then" says the team did not.
                        (s, s != "nobody on the team")
                    } else {
                        panic!("{at}: no claim");
                    };
                    let who = o.who(subject);
                    let (whose, t) = moment.clone().expect("a `What … knew` line before");
                    assert_eq!(who, whose, "{at}: of someone else than the line before");
                    let listed = o.facts(list);
                    for f in &listed {
                        assert!(o.key_facts.contains(f), "{at}: `{f}` is no key fact");
                        assert_eq!(
                            o.held_at(&who, f, t),
                            holds,
                            "{at}: says `{f}` was{} held then",
                            if holds { "" } else { " not" }
                        );
                    }
                    if !holds {
                        for f in &o.key_facts {
                            if !o.held_at(&who, f, t) {
                                assert!(listed.contains(f), "{at}: `{f}` was not held either");
                            }
                        }
                    }
                    match who {
                        Who::Team => n.missing_team += 1,
                        Who::Role(_) => n.missing_role += 1,
                    }
                }
            }
            "agenda" => agenda_line(o, line, &at, n),
            // | “Text” (key) | observable | first learnt | first shared | reached the commander |
            // first used | gaps |, times as "HH:MM (Role title)".
            "ledger" if line.starts_with("| “") => {
                let cells: Vec<&str> = line.split(" | ").collect();
                let text = cells[0].trim_start_matches("| ").trim_end_matches(" (key)");
                let f = o.fact_by_text(text);
                let moment = |cell: &str| -> Option<(u64, Option<String>)> {
                    let cell = cell.trim();
                    if cell == "—" {
                        return None;
                    }
                    let (time, rest) = cell.split_once(' ').unwrap_or((cell, ""));
                    // "(Title)" for who learnt it, "(Title: how)" for who used it; a title may
                    // hold brackets of its own ("Vendor support engineer (TAC)").
                    let role = rest.strip_prefix('(').map(|r| {
                        let end = r.find(": ").unwrap_or(r.len() - 1);
                        r[..end].to_string()
                    });
                    Some((o.tick(time), role))
                };
                let who = |title: &str| match o.who(&format!("the {}", lower(title))) {
                    Who::Role(r) => Who::Role(r),
                    Who::Team => panic!("{at}: the team named as a role"),
                };
                match moment(cells[2]) {
                    Some((t, Some(role))) => {
                        assert_eq!(o.first(&Who::Team, &f), Some(t), "{at}: first learnt");
                        assert_eq!(o.first(&who(&role), &f), Some(t), "{at}: by {role}");
                        n.ledger_learnt += 1;
                    }
                    _ => assert_eq!(o.first(&Who::Team, &f), None, "{at}: nobody learnt it"),
                }
                if let Some(c) = &commander {
                    let reached = moment(cells[4]).map(|(t, _)| t);
                    assert_eq!(o.first(c, &f), reached, "{at}: reached the commander");
                    n.ledger_commander += 1;
                }
                if let Some((t, Some(role))) = moment(cells[5]) {
                    assert!(
                        o.held_at(&who(&role), &f, Moment::Tick(t)),
                        "{at}: used unheld"
                    );
                    n.ledger_used += 1;
                }
            }
            _ => {}
        }
    }
}

/// The agenda's sentences about holding facts.
fn agenda_line(o: &Oracle, line: &str, at: &str, n: &mut Counts) {
    // "… it happened at 09:20 (the incident commander). At that moment the incident commander
    // held every key fact." / "… it did not happen in this run. At 09:25 the team, between them,
    // did not yet hold 1 of the key facts: “…” (id)."
    if let Some(i) = line
        .find(" held every key fact")
        .or(line.find(" did not yet hold "))
    {
        let head = &line[..i];
        let (when, who) = if let Some(j) = head.rfind(". At that moment ") {
            let before = &head[..j];
            let k = before.rfind("it happened at ").expect("the moment") + "it happened at ".len();
            let time = &before[k..k + before[k..].find(' ').unwrap()];
            (o.tick(time), &head[j + ". At that moment ".len()..])
        } else {
            let j = head.rfind(". At ").expect("the moment") + ". At ".len();
            let (time, who) = head[j..].split_once(' ').unwrap();
            (o.tick(time), who)
        };
        let who = o.who(who);
        // "“Title”: the scenario expected …"
        let title = first_quote(line)
            .trim_start_matches('“')
            .trim_end_matches('”');
        let when = o.moment(title, when);
        let rest = &line[i..];
        if rest.starts_with(" held every key fact") {
            for f in &o.key_facts {
                assert!(o.held_at(&who, f, when), "{at}: `{f}` was not held");
            }
        } else {
            let list = &rest[rest.find(": ").unwrap() + 2..rest.find(". What").unwrap()];
            let listed = o.facts(list);
            let count: usize = rest[" did not yet hold ".len()..]
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(count, listed.len(), "{at}");
            for f in &o.key_facts {
                assert_eq!(!o.held_at(&who, f, when), listed.contains(f), "{at}: `{f}`");
            }
        }
        n.agenda_moment += 1;
    }
    // "“Text” was on … for the DBA from 09:02; the DBA picked it up at 09:10."
    if let Some(i) = line.find(" picked it up at ") {
        let f = o.fact_by_text(first_quote(line));
        let who = &line[line[..i].rfind("; ").unwrap() + 2..i];
        let time = &line[i + " picked it up at ".len()..];
        let t = o.tick(&time[..time.find('.').unwrap()]);
        assert_eq!(o.first(&o.who(who), &f), Some(t), "{at}");
        n.agenda_picked_up += 1;
    }
    // "“Text” was available to the DBA from 09:02, but nobody picked it up."
    if line.contains(", but nobody picked it up.") {
        let f = o.fact_by_text(first_quote(line));
        assert_eq!(o.first(&Who::Team, &f), None, "{at}");
        n.agenda_picked_up += 1;
    }
    // "The storage engineer knew “Text” from 09:05; the incident commander learnt of it at
    // 09:15." / "…; it had not reached the incident commander when the run ended."
    if let Some(k) = line.find(" knew “") {
        let start = line.rfind("- ").map_or(0, |s| s + 2);
        let head = &line[start..k];
        // A time in bold may come first.
        let who = head.rsplit("** ").next().unwrap();
        let rest = &line[k + " knew ".len()..];
        let close = first_quote(rest).len();
        let f = o.fact_by_text(&rest[..close]);
        let from = &rest[close + " from ".len()..];
        let t = o.tick(&from[..from.find([';', ' ']).unwrap()]);
        assert_eq!(o.first(&o.who(who), &f), Some(t), "{at}: first knew");
        // After the fact's text, which may hold "; " itself.
        let tail = &rest[close..][rest[close..].find("; ").unwrap() + 2..];
        if let Some(j) = tail.find(" learnt of it at ") {
            let other = o.who(&tail[..j]);
            let time = &tail[j + " learnt of it at ".len()..];
            assert_eq!(
                o.first(&other, &f),
                Some(o.tick(&time[..time.find('.').unwrap()])),
                "{at}"
            );
        } else {
            let r = tail
                .strip_prefix("it had not reached ")
                .unwrap_or_else(|| panic!("{at}: no claim"));
            let other = o.who(&r[..r.find(" when ").unwrap()]);
            assert_eq!(o.first(&other, &f), None, "{at}");
        }
        n.agenda_handover += 1;
    }
}

/// The first “quoted” text in a line, with its quotes.
fn first_quote(line: &str) -> &str {
    let open = line.find('“').unwrap();
    let close = open + line[open..].find('”').unwrap() + '”'.len_utf8();
    &line[open..close]
}

/// The part of a page in `<section id="…">`.
fn section<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("<section id=\"{id}\">"))?;
    Some(&html[start..start + html[start..].find("</section>").unwrap()])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The HTML page: the knowledge table (when the commander and each role learnt each fact),
/// the agenda's prompts, and the decision table.
fn check_html(o: &Oracle, d: &Debrief, html: &str, ctx: &str, n: &mut Counts) {
    let knowledge = section(html, "knowledge").expect("a knowledge section");
    let commander = d.run.commander.clone().map(Who::Role);
    for row in knowledge.split("<tr><td>").skip(1) {
        // The fact by its text, its id in small type after it.
        let code = row.find("<code>").unwrap() + "<code>".len();
        let fact = &row[code..code + row[code..].find("</code>").unwrap()];
        let cells: Vec<&str> = row
            .split("<td>")
            .skip(1)
            .map(|c| &c[..c.find("</td>").unwrap()])
            .collect();
        let at = format!("{ctx} (HTML knowledge): `{fact}`");
        if let Some(commander) = &commander {
            let reach = cells[0];
            if reach.contains(">no<") {
                assert_eq!(o.first(commander, fact), None, "{at}: {reach}");
            } else {
                let t = o.tick(reach.split(' ').next().unwrap());
                assert_eq!(o.first(commander, fact), Some(t), "{at}: {reach}");
            }
        }
        for (role, cell) in d.roles.iter().zip(&cells[1..]) {
            let first = o.first(&Who::Role(role.id.clone()), fact);
            match cell.find("<b>saw ") {
                Some(i) => {
                    let rest = &cell[i + "<b>saw ".len()..];
                    let t = o.tick(&rest[..rest.find("</b>").unwrap()]);
                    assert_eq!(first, Some(t), "{at}: {} {cell}", role.id);
                }
                None => assert_eq!(first, None, "{at}: {} {cell}", role.id),
            }
        }
        n.html_knowledge += 1;
    }
    let agenda = section(html, "agenda").expect("an agenda");
    for item in agenda.split("<li class=\"prompt\">").skip(1) {
        let item = &item[..item.find("</li>").unwrap()];
        let text = item.split("</time>").last().unwrap();
        let before = n.agenda_moment + n.agenda_handover + n.agenda_picked_up;
        agenda_line(
            o,
            &format!("- {}", unescape(text)),
            &format!("{ctx} (HTML): `{text}`"),
            n,
        );
        if n.agenda_moment + n.agenda_handover + n.agenda_picked_up > before {
            n.html_agenda += 1;
        }
    }
    let Some(decisions) = section(html, "decisions") else {
        return;
    };
    for row in decisions.split("<tr>").skip(2) {
        let cell = row.rsplit("<td>").next().unwrap();
        let cell = &cell[..cell.find("</td>").unwrap()];
        let at = format!("{ctx} (HTML): `{cell}`");
        let (knew, missing) = match cell.split_once("<br><span class=\"muted\">not yet held: ") {
            Some((k, m)) => (k, Some(&m[..m.find("</span>").unwrap()])),
            None => (cell, None),
        };
        let title = unescape(&row[row.find("<b>").unwrap() + 3..row.find("</b>").unwrap()]);
        let (who, rest) = knew.split_once(" at ").unwrap();
        let (time, list) = rest.split_once(": ").unwrap();
        let (who, t) = (o.who(who), o.moment(&title, o.tick(time)));
        let listed = o.facts(list);
        for f in o.by_text.values() {
            assert_eq!(o.held_at(&who, f, t), listed.contains(f), "{at}: `{f}`");
        }
        let missing = missing.map(|m| o.facts(m)).unwrap_or_default();
        for f in &o.key_facts {
            assert_eq!(!o.held_at(&who, f, t), missing.contains(f), "{at}: `{f}`");
        }
        n.html += 1;
    }
}

/// The JSON document: each decision's `knew` and `key_facts_missing`, each journey's `seen` per
/// role and the commander's reach, and the clue ledger's first learnt, reached-the-commander and
/// first-used moments.
fn check_json(o: &Oracle, d: &Debrief, json: &str, ctx: &str, n: &mut Counts) {
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    let doc = &doc["debrief"];
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    for x in doc["decisions"].as_array().unwrap() {
        let title = x["title"].as_str().unwrap();
        let at = format!("{ctx} (JSON): decision `{title}`");
        let who = match x["deciding_role"].as_str() {
            Some(r) => Who::Role(r.to_string()),
            None => Who::Team,
        };
        let t = o.moment(title, x["knew_at"].as_u64().unwrap());
        let knew = ids(&x["knew"]);
        for f in o.by_text.values() {
            assert_eq!(o.held_at(&who, f, t), knew.contains(f), "{at}: `{f}`");
        }
        let missing = ids(&x["key_facts_missing"]);
        for f in &o.key_facts {
            assert_eq!(!o.held_at(&who, f, t), missing.contains(f), "{at}: `{f}`");
        }
        n.json_decisions += 1;
    }
    let commander = d.run.commander.clone().map(Who::Role);
    for j in doc["knowledge"].as_array().unwrap() {
        let fact = j["fact"].as_str().unwrap();
        for r in j["roles"].as_array().unwrap() {
            let role = Who::Role(r["role"].as_str().unwrap().to_string());
            assert_eq!(
                r["seen"].as_u64(),
                o.first(&role, fact),
                "{ctx} (JSON): `{fact}` seen by {role:?}"
            );
        }
        if let Some(c) = &commander {
            assert_eq!(
                j["to_commander"]["learnt"].as_u64(),
                o.first(c, fact),
                "{ctx} (JSON): `{fact}` to the commander"
            );
        }
        n.json_knowledge += 1;
    }
    for e in doc["ledger"].as_array().unwrap() {
        let fact = e["fact"].as_str().unwrap();
        let at = format!("{ctx} (JSON ledger): `{fact}`");
        assert_eq!(
            e["learnt"]["tick"].as_u64(),
            o.first(&Who::Team, fact),
            "{at}"
        );
        if let Some(r) = e["learnt"]["role"].as_str() {
            let t = e["learnt"]["tick"].as_u64().unwrap();
            assert_eq!(o.first(&Who::Role(r.into()), fact), Some(t), "{at}");
        }
        n.ledger_learnt += 1;
        if let Some(c) = &commander {
            assert_eq!(e["to_commander"].as_u64(), o.first(c, fact), "{at}");
            n.ledger_commander += 1;
        }
        if let Some(u) = e["used"].as_object() {
            let who = Who::Role(u["role"].as_str().unwrap().to_string());
            let t = u["tick"].as_u64().unwrap();
            assert!(o.held_at(&who, fact, Moment::Tick(t)), "{at}: used unheld");
            n.ledger_used += 1;
        }
    }
}

#[test]
fn every_sentence_about_who_held_a_fact_matches_the_event_log() {
    let mut n = Counts::default();
    let mut runs: Vec<(String, Vec<u8>)> = Vec::new();
    for (path, script) in [
        (STORM, Some(STORM_SOLVE)),
        (
            "scenarios/pool-exhaustion.ron",
            Some("tests/scripts/pool-exhaustion-solve.ron"),
        ),
        (
            "scenarios/expired-certificate.ron",
            Some("tests/scripts/expired-certificate-solve.ron"),
        ),
        (TIMING, Some(TIMING_COMMANDS)),
    ] {
        let sc = load(path);
        let cmds = script.map(|s| commands(s, &sc)).unwrap_or_default();
        runs.push((
            format!("{path} solved"),
            record(&sc, &RunOptions::new(sc.seed), &cmds).0,
        ));
        // Nobody acts: every decision point is missed.
        runs.push((
            format!("{path} untouched"),
            record(&sc, &RunOptions::new(sc.seed), &[]).0,
        ));
        let mut bots = RunOptions::new(sc.seed + 7);
        bots.bots = sc.roles.iter().map(|r| r.id.to_string()).collect();
        runs.push((format!("{path} by bots"), record(&sc, &bots, &[]).0));
        // Half the script: some decisions made, some missed.
        let half: Vec<_> = cmds.iter().take(cmds.len() / 2).cloned().collect();
        runs.push((
            format!("{path} half"),
            record(&sc, &RunOptions::new(sc.seed), &half).0,
        ));
    }
    // A team decision point (no role) missed before anyone held the key fact.
    let text = std::fs::read_to_string(TIMING).unwrap().replacen(
        "from: \"2m\", until: \"4m\"",
        "from: \"30s\", until: \"1m\"",
        1,
    );
    let early = firedrill::scenario::load_str("timing-early.ron", &text)
        .unwrap_or_else(|e| panic!("{}", e.render(false)))
        .scenario;
    runs.push((
        "timing, team point missed early".into(),
        record(&early, &RunOptions::new(early.seed), &[]).0,
    ));
    // The operator restarts the API at 8m and, later in the same second, the commander's share
    // reaches them: it was not held when they decided.
    let timing = load(TIMING);
    let mut cmds = commands(TIMING_COMMANDS, &timing);
    let (ic, ops) = (
        Actor::Role(timing.role_ix("ic").unwrap()),
        Actor::Role(timing.role_ix("ops").unwrap()),
    );
    assert!(cmds.iter().any(|c| c.0 == 480 && c.1 == ops));
    cmds.push((
        480,
        ic,
        Command::Share {
            fact: "no_change_today".into(),
            to: Some("ops".into()),
        },
    ));
    runs.push((
        "timing, a share reaches the operator just after the restart".into(),
        record(&timing, &RunOptions::new(timing.seed), &cmds).0,
    ));
    for (ctx, bytes) in &runs {
        let run = parse(bytes);
        let sc = stored_scenario(&run.header).unwrap();
        let d = debrief::from_run(&run, &sc);
        let o = Oracle::new(&run, &sc, &d);
        check_markdown(&o, &d, &debrief::markdown::render(&d), ctx, &mut n);
        check_html(&o, &d, &debrief::html::render(&d), ctx, &mut n);
        check_json(&o, &d, &debrief::json::render(&d, &run.events), ctx, &mut n);
    }
    // Every kind of sentence was met, so none is checked vacuously.
    let c = &n;
    for (kind, count) in [
        ("knew", c.knew),
        ("key facts a role did not hold", c.missing_role),
        ("key facts nobody on the team held", c.missing_team),
        ("nobody learnt it", c.nobody),
        ("agenda: picked up / nobody picked up", c.agenda_picked_up),
        ("reached the commander", c.reached),
        ("had not reached the commander", c.not_reached),
        ("saw", c.saw),
        ("agenda: at that moment", c.agenda_moment),
        ("agenda: knew, then reached / not", c.agenda_handover),
        ("html decisions", c.html),
        ("html knowledge", c.html_knowledge),
        ("html agenda", c.html_agenda),
        ("json decisions", c.json_decisions),
        ("json knowledge", c.json_knowledge),
        ("ledger: first learnt", c.ledger_learnt),
        ("ledger: reached the commander", c.ledger_commander),
        ("ledger: first used", c.ledger_used),
    ] {
        assert!(count > 0, "no `{kind}` sentence was checked: {n:?}");
    }
}

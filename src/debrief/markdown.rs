//! The debrief as Markdown, to paste into a postmortem document.

use std::fmt::Write;

use super::model::*;
use super::text::{
    clock, clue_cost_text, fact_list, kind_word, ledger_gaps, quote, reach_lag, role_name, seat,
    signed_span, span, when_it_ends,
};
use crate::scenario::units::format_elapsed;

pub fn render(d: &Debrief) -> String {
    let mut o = String::new();
    header(&mut o, d);
    milestones(&mut o, d);
    impact(&mut o, d);
    knowledge(&mut o, d);
    ledger(&mut o, d);
    pooling(&mut o, d);
    clue_costs(&mut o, d);
    communication(&mut o, d);
    hypotheses(&mut o, d);
    decisions(&mut o, d);
    agenda(&mut o, d);
    lanes(&mut o, d);
    o
}

/// A table cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn when(d: &Debrief, tick: Option<Tick>) -> String {
    tick.map_or("—".into(), |t| {
        format!("{} ({})", clock(d, t), format_elapsed(t))
    })
}

fn table(o: &mut String, head: &[&str], rows: Vec<Vec<String>>) {
    let _ = writeln!(o, "| {} |", head.join(" | "));
    let _ = writeln!(o, "|{}", "---|".repeat(head.len()));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    o.push('\n');
}

pub(super) fn outcome(d: &Debrief) -> String {
    match &d.run.end {
        Some(e) if e.resolved => format!(
            "resolved at {} ({})",
            clock(d, e.tick),
            format_elapsed(e.tick)
        ),
        Some(e) => format!(
            "not resolved: {} at {} ({})",
            e.reason,
            clock(d, e.tick),
            format_elapsed(e.tick)
        ),
        None if d.run.length == 0 => {
            "the record stops before its first second was complete, so it holds nothing of the run"
                .into()
        }
        None => format!(
            "the record stops at {} ({}) before the run ended",
            clock(d, d.run.length.saturating_sub(1)),
            format_elapsed(d.run.length.saturating_sub(1))
        ),
    }
}

fn header(o: &mut String, d: &Debrief) {
    let r = &d.run;
    let _ = writeln!(o, "# Debrief: {}\n", r.title);
    let _ = writeln!(o, "> {}\n", r.summary);
    if let Some(m) = &r.modelled_on {
        let _ = writeln!(o, "Modelled on: {m}\n");
    }
    let _ = writeln!(
        o,
        "- Seed {}, scenario sha256 `{}`",
        r.seed,
        &r.scenario_hash[..r.scenario_hash.len().min(16)]
    );
    let _ = writeln!(o, "- Outcome: {}", outcome(d));
    if !r.bots.is_empty() {
        let names: Vec<String> = r.bots.iter().map(|b| role_name(d, b)).collect();
        let _ = writeln!(o, "- Played by bots: {}", names.join(", "));
    }
    if let Some(f) = &r.forked_from {
        let _ = writeln!(
            o,
            "- What-if fork of `{}`: shares its history before {} ({})",
            f.parent,
            clock(d, f.at),
            format_elapsed(f.at)
        );
    }
    if !r.complete {
        let _ = writeln!(
            o,
            "- Note: the record is incomplete; this debrief covers what it holds."
        );
    }
    o.push_str("\nTimes are the scenario's clock, with the time since the start in brackets. Everything below is a fact of this run, not a score.\n\n");
}

fn milestones(o: &mut String, d: &Debrief) {
    o.push_str("## Milestones\n\n");
    table(
        o,
        &["milestone", "when", "what", "role"],
        d.milestones
            .iter()
            .map(|m| {
                vec![
                    m.kind.label().to_string(),
                    when(d, m.tick),
                    m.detail.clone().unwrap_or_default(),
                    m.role
                        .as_deref()
                        .map(|r| role_name(d, r))
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    );
    table(
        o,
        &["duration", "from", "to", "length"],
        d.durations
            .iter()
            .map(|x| {
                vec![
                    x.label.clone(),
                    x.from.label().into(),
                    x.to.label().into(),
                    x.seconds.map_or("—".into(), signed_span),
                ]
            })
            .collect(),
    );
}

fn impact(o: &mut String, d: &Debrief) {
    o.push_str("## Impact and faults\n\n");
    let peak = d.timeline.impact.iter().max_by_key(|p| p.ppm);
    let above = d
        .timeline
        .impact
        .windows(2)
        .filter(|w| w[0].ppm > d.timeline.slo_ppm)
        .map(|w| w[1].tick - w[0].tick)
        .sum::<u64>();
    if let Some(p) = peak {
        let _ = writeln!(
            o,
            "Peak customer impact {:.1}% at {}; above the {:.1}% SLO for about {} in all.\n",
            p.ppm as f64 / 10_000.0,
            clock(d, p.tick),
            d.timeline.slo_ppm as f64 / 10_000.0,
            span(above)
        );
    }
    table(
        o,
        &["fault", "on", "from", "until", "started by", "ended by"],
        d.timeline
            .faults
            .iter()
            .map(|f| {
                vec![
                    format!("{} — {}", f.fault, f.title),
                    f.target.clone(),
                    when(d, Some(f.start)),
                    when(d, f.end),
                    f.started_by.clone(),
                    f.ended_by.clone().unwrap_or_else(|| "still active".into()),
                ]
            })
            .collect(),
    );
    let injects: Vec<Vec<String>> = d
        .timeline
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Inject)
        .map(|m| {
            vec![
                when(d, Some(m.tick)),
                m.label.clone(),
                m.detail.clone().unwrap_or_default(),
                if m.red_herring {
                    "true, not causal".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    if !injects.is_empty() {
        o.push_str("Injects:\n\n");
        table(o, &["when", "from", "message", "note"], injects);
    }
}

fn knowledge(o: &mut String, d: &Debrief) {
    o.push_str("## Who knew what, when\n\n");
    let mut facts: Vec<&FactJourney> = d.knowledge.iter().collect();
    facts.sort_by_key(|j| !j.key);
    for j in facts {
        let key = if j.key { " (key fact)" } else { "" };
        let _ = writeln!(o, "### {}{key} · `{}`\n", quote(&j.text), j.fact);
        if let Some(r) = &j.to_commander {
            let line = match (r.learnt, reach_lag(d, j)) {
                (Some(t), Some(lag)) => format!(
                    "Reached {} at {}, {lag} ({}).",
                    seat(d, &r.commander),
                    clock(d, t),
                    r.via.as_deref().unwrap_or("")
                ),
                (Some(t), None) => format!("Reached {} at {}.", seat(d, &r.commander), clock(d, t)),
                (None, _) if j.first_seen.is_some() => {
                    format!(
                        "Had not reached {} {}.",
                        seat(d, &r.commander),
                        when_it_ends(d)
                    )
                }
                (None, _) => "Nobody learnt it during the run.".into(),
            };
            let _ = writeln!(o, "{line}\n");
        }
        let rows = j
            .roles
            .iter()
            .filter(|r| r.available.is_some() || r.seen.is_some() || !r.shared.is_empty())
            .map(|r| {
                vec![
                    role_name(d, &r.role),
                    with_via(d, r.available, &r.available_via),
                    with_via(d, r.seen, &r.seen_via),
                    r.shared
                        .iter()
                        .map(|s| {
                            format!(
                                "{} → {}",
                                clock(d, s.tick),
                                s.to.as_deref()
                                    .map_or("everyone".into(), |t| role_name(d, t))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    r.acted_on
                        .as_ref()
                        .map(|a| format!("{} ({})", clock(d, a.tick), a.what))
                        .unwrap_or_default(),
                ]
            })
            .collect::<Vec<_>>();
        if !rows.is_empty() {
            table(o, &["role", "available", "saw", "shared", "acted on"], rows);
        }
    }
}

fn ledger(o: &mut String, d: &Debrief) {
    if d.ledger.is_empty() {
        return;
    }
    o.push_str("## Clue ledger\n\nFor each fact, the first time anyone on the team reached each step. The gaps are questions for the review, not faults.\n\n");
    let at = |t: &Option<RoleTick>| {
        t.as_ref().map_or("—".into(), |x| {
            format!("{} ({})", clock(d, x.tick), role_name(d, &x.role))
        })
    };
    let mut entries: Vec<&LedgerEntry> = d.ledger.iter().collect();
    entries.sort_by_key(|e| !e.key);
    table(
        o,
        &[
            "fact",
            "observable",
            "first learnt",
            "first shared",
            "reached the commander",
            "first used",
            "gaps",
        ],
        entries
            .iter()
            .map(|e| {
                vec![
                    format!("{}{}", quote(&e.text), if e.key { " (key)" } else { "" }),
                    at(&e.observable),
                    at(&e.learnt),
                    at(&e.shared),
                    e.to_commander.map_or("—".into(), |t| clock(d, t)),
                    e.used.as_ref().map_or("—".into(), |u| {
                        format!(
                            "{} ({}: {})",
                            clock(d, u.tick),
                            role_name(d, &u.role),
                            u.how
                        )
                    }),
                    ledger_gaps(d, e),
                ]
            })
            .collect(),
    );
}

fn pooling(o: &mut String, d: &Debrief) {
    let p = &d.pooling;
    if p.unique.facts.is_empty() && p.common.facts.is_empty() {
        return;
    }
    o.push_str("## Pooling of unique knowledge\n\nFacts only one role could learn for itself must be shared for the team to hold them; teams tend to discuss what several members already know. For the team as a whole:\n\n");
    table(
        o,
        &[
            "facts",
            "in the scenario",
            "learnt",
            "shared",
            "reached the commander",
            "median time to first share",
        ],
        [
            ("only one role could learn", &p.unique),
            ("several roles could learn", &p.common),
        ]
        .iter()
        .map(|(label, g)| {
            vec![
                label.to_string(),
                g.facts.len().to_string(),
                g.learnt.to_string(),
                g.reached_team.to_string(),
                g.reached_commander.to_string(),
                g.median_to_share.map_or("—".into(), span),
            ]
        })
        .collect(),
    );
}

fn clue_costs(o: &mut String, d: &Debrief) {
    if d.clue_costs.is_empty() {
        return;
    }
    o.push_str("## What a clue cost\n\nFor each key fact that reached the commander late, the run was replayed from the moment a teammate first held it, with the fact shared at once and bots playing on. Each figure is a simulation of one alternative, not a verdict.\n\n");
    for c in &d.clue_costs {
        let _ = writeln!(o, "- {}: {}", quote(&c.text), clue_cost_text(d, c));
    }
    o.push('\n');
}

fn with_via(d: &Debrief, t: Option<Tick>, via: &Option<String>) -> String {
    match (t, via) {
        (Some(t), Some(v)) => format!("{} ({v})", clock(d, t)),
        (Some(t), None) => clock(d, t),
        _ => "—".into(),
    }
}

fn communication(o: &mut String, d: &Debrief) {
    let c = &d.communication;
    o.push_str("## Communication\n\n");
    if c.links.is_empty() {
        o.push_str("Nobody messaged, asked or shared during the run.\n\n");
        return;
    }
    table(
        o,
        &["from", "to", "messages", "questions", "facts shared"],
        c.links
            .iter()
            .map(|l| {
                vec![
                    role_name(d, &l.from),
                    l.to.as_deref()
                        .map_or("everyone".into(), |t| role_name(d, t)),
                    l.messages.to_string(),
                    l.questions.to_string(),
                    l.shares.to_string(),
                ]
            })
            .collect(),
    );
    if !c.questions.is_empty() {
        o.push_str("Questions:\n\n");
        table(
            o,
            &["asked", "from", "to", "question", "answered"],
            c.questions
                .iter()
                .map(|q| {
                    vec![
                        clock(d, q.tick),
                        if q.external {
                            q.from.clone()
                        } else {
                            role_name(d, &q.from)
                        },
                        q.to.split(',')
                            .map(|t| role_name(d, t.trim()))
                            .collect::<Vec<_>>()
                            .join(", "),
                        q.text.clone(),
                        q.answer.as_ref().map_or("no answer recorded".into(), |a| {
                            format!("{} later — {}", span(a.wait), a.how)
                        }),
                    ]
                })
                .collect(),
        );
    }
    if !c.handoffs.is_empty() {
        o.push_str("Hand-offs of facts:\n\n");
        table(
            o,
            &["when", "from", "to", "fact", "known for"],
            c.handoffs
                .iter()
                .map(|h| {
                    vec![
                        clock(d, h.tick),
                        role_name(d, &h.from),
                        h.to.as_deref()
                            .map_or("everyone".into(), |t| role_name(d, t)),
                        super::text::fact_label(d, &h.fact),
                        h.held_for.map_or("—".into(), span),
                    ]
                })
                .collect(),
        );
    }
}

pub(super) fn kind_text(k: crate::scenario::model::HypothesisKind) -> &'static str {
    use crate::scenario::model::HypothesisKind::*;
    match k {
        RootCause => "root cause",
        Contributing => "contributing",
        Wrong => "not the cause",
    }
}

fn hypotheses(o: &mut String, d: &Debrief) {
    o.push_str("## Hypotheses\n\n");
    let who = |x: &Option<RoleTick>| {
        x.as_ref().map_or("—".into(), |x| {
            format!("{} by {}", clock(d, x.tick), role_name(d, &x.role))
        })
    };
    table(
        o,
        &[
            "hypothesis",
            "in truth",
            "proposed",
            "confirmed",
            "discarded",
            "steps",
        ],
        d.hypotheses
            .iter()
            .map(|h| {
                vec![
                    format!("{} · `{}`", quote(&h.statement), h.id),
                    kind_text(h.kind).into(),
                    who(&h.proposed),
                    who(&h.confirmed),
                    who(&h.discarded),
                    h.steps
                        .iter()
                        .map(|s| {
                            format!(
                                "{} {} {}",
                                clock(d, s.tick),
                                role_name(d, &s.by),
                                super::lanes::change_verb(s.change)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    );
}

pub(super) fn timing_text(t: Timing) -> &'static str {
    match t {
        Timing::Early => "before the window",
        Timing::InWindow => "in the window",
        Timing::Late => "after the window",
        Timing::NotTaken => "did not happen",
    }
}

fn decisions(o: &mut String, d: &Debrief) {
    if d.decisions.is_empty() {
        return;
    }
    o.push_str("## Decision points\n\n");
    for x in &d.decisions {
        let _ = writeln!(o, "### {}\n", x.title);
        let _ = writeln!(
            o,
            "- Expected: {} between {} and {}{}",
            x.expected,
            clock(d, x.from),
            clock(d, x.until),
            x.role
                .as_ref()
                .map(|r| format!(" ({})", role_name(d, r)))
                .unwrap_or_default()
        );
        let happened = match &x.taken {
            Some(t) => format!(
                "{} by {} — {}",
                clock(d, t.tick),
                role_name(d, &t.role),
                timing_text(x.timing)
            ),
            None => timing_text(x.timing).into(),
        };
        let _ = writeln!(o, "- Happened: {happened}");
        // A missed point that names no role is the team's: say what the team held.
        let (who, lacking) = match &x.deciding_role {
            Some(r) => (seat(d, r), format!("{} did not hold", seat(d, r))),
            None => (
                "the team (any role)".to_string(),
                "nobody on the team held".to_string(),
            ),
        };
        let _ = writeln!(
            o,
            "- What {who} knew at {}: {}",
            clock(d, x.knew_at),
            if x.knew.is_empty() {
                "no facts yet".into()
            } else {
                fact_list(d, &x.knew)
            }
        );
        if !x.key_facts_missing.is_empty() {
            let _ = writeln!(
                o,
                "- Key facts {lacking} then: {}",
                fact_list(d, &x.key_facts_missing)
            );
        }
        if let Some(t) = &x.trap {
            let _ = writeln!(o, "- Tempting move: {t}");
        }
        if let Some(n) = &x.note {
            let _ = writeln!(o, "- Note: {n}");
        }
        o.push('\n');
    }
}

fn agenda(o: &mut String, d: &Debrief) {
    o.push_str("## Facilitator agenda (PEARLS)\n\n");
    for (i, p) in d.agenda.phases.iter().enumerate() {
        let _ = writeln!(o, "### {}. {}\n\n_{}_\n", i + 1, p.title, p.purpose);
        for q in &p.prompts {
            let at = q
                .tick
                .map(|t| format!("**{}** ", clock(d, t)))
                .unwrap_or_default();
            let from = if q.from_scenario {
                " _(from the scenario)_"
            } else {
                ""
            };
            let _ = writeln!(o, "- {at}{}{from}", q.text);
        }
        o.push('\n');
    }
}

fn lanes(o: &mut String, d: &Debrief) {
    o.push_str("## Role swimlanes\n\n");
    for lane in &d.swimlanes {
        let role = d.roles.iter().find(|r| r.id == lane.role);
        let title = role.map_or(lane.role.clone(), |r| r.title.clone());
        let bot = if role.is_some_and(|r| r.bot) {
            " — bot"
        } else {
            ""
        };
        let _ = writeln!(o, "### {title} (`{}`){bot}\n", lane.role);
        if lane.items.is_empty() {
            o.push_str("Nothing recorded.\n\n");
            continue;
        }
        for item in &lane.items {
            let repeat = match item.until {
                Some(u) => format!(" _(×{}, until {})_", item.repeats, clock(d, u)),
                None => String::new(),
            };
            let _ = writeln!(
                o,
                "- {} {} · {}: {}{repeat}",
                clock(d, item.tick),
                kind_word(item.kind),
                item.what,
                item.text.replace('\n', " ")
            );
        }
        o.push('\n');
    }
}

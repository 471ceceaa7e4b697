//! The facilitator's agenda in the PEARLS shape: reactions, description, analysis, summary. The
//! analysis prompts are generated at the run's key moments. They name seats, not people, and ask
//! about the system of work ("what was going on between?"), never who was slow.

use super::model::*;
use super::text::{clock, fact_list, quote, seat, span, when_it_ends};
use crate::scenario::Scenario;
use crate::scenario::model::HypothesisKind;

/// Gaps shorter than this are not worth a discussion prompt.
const NOTABLE: u64 = 120;

pub(super) fn build(d: &Debrief, sc: &Scenario) -> Agenda {
    Agenda {
        phases: vec![reactions(d), description(d), analysis(d, sc), summary(d)],
    }
}

fn prompt(tick: Option<Tick>, text: String) -> Prompt {
    Prompt {
        tick,
        text,
        from_scenario: false,
    }
}

fn reactions(d: &Debrief) -> AgendaPhase {
    let seats: Vec<String> = d
        .roles
        .iter()
        .filter(|r| !r.bot)
        .map(|r| seat(d, &r.id))
        .collect();
    let mut prompts = vec![prompt(
        None,
        "How are you feeling after that exercise? One or two words each, no discussion yet.".into(),
    )];
    if !seats.is_empty() {
        prompts.push(prompt(
            None,
            format!(
                "Go round the seats ({}): what stood out most from where you sat?",
                seats.join(", ")
            ),
        ));
    }
    AgendaPhase {
        phase: Phase::Reactions,
        title: "Reactions".into(),
        purpose: "Let everyone voice how it felt before any analysis.".into(),
        prompts,
    }
}

fn description(d: &Debrief) -> AgendaPhase {
    let mut prompts = Vec::new();
    let mut in_order: Vec<(Tick, &str)> = d
        .milestones
        .iter()
        .filter_map(|m| Some((m.tick?, m.kind.label())))
        .collect();
    in_order.sort_by_key(|(t, _)| *t);
    let reached: Vec<String> = in_order
        .iter()
        .map(|(t, label)| format!("{label} at {}", clock(d, *t)))
        .collect();
    if !reached.is_empty() {
        prompts.push(prompt(
            None,
            format!(
                "Walk through the timeline together: {}. Does this match what people remember?",
                reached.join("; ")
            ),
        ));
    }
    for f in &d.timeline.faults {
        let until = match f.end {
            Some(t) => format!(
                "until {} ({})",
                clock(d, t),
                f.ended_by.as_deref().unwrap_or("")
            ),
            None if d.run.complete => "to the end of the run".into(),
            None => "to where the recording stops".into(),
        };
        prompts.push(prompt(
            Some(f.start),
            format!(
                "What was really going on: {} (on {}), from {} {until}.",
                f.title.trim_end_matches('.'),
                f.target,
                clock(d, f.start)
            ),
        ));
    }
    for m in d.timeline.markers.iter().filter(|m| m.red_herring) {
        prompts.push(prompt(
            Some(m.tick),
            format!(
                "At {} a message from {} was true but had nothing to do with the incident. Did it draw attention, and what helped the team weigh it?",
                clock(d, m.tick),
                m.label
            ),
        ));
    }
    // The walk-through first, then what really happened, in time order.
    prompts.sort_by_key(|p| p.tick);
    AgendaPhase {
        phase: Phase::Description,
        title: "Description".into(),
        purpose: "Agree on what happened, as facts, before asking why.".into(),
        prompts,
    }
}

fn analysis(d: &Debrief, sc: &Scenario) -> AgendaPhase {
    let mut prompts = Vec::new();
    detection(d, &mut prompts);
    for j in d.knowledge.iter().filter(|j| j.key) {
        fact_prompts(d, j, &mut prompts);
    }
    for dp in &d.decisions {
        decision_prompts(d, dp, &mut prompts);
    }
    for q in d.communication.questions.iter().filter(|q| q.external) {
        stakeholder_prompt(d, q, &mut prompts);
    }
    for q in d.communication.questions.iter().filter(|q| !q.external) {
        match &q.answer {
            Some(a) if a.wait >= NOTABLE => prompts.push(prompt(
                Some(q.tick),
                format!(
                    "{} asked {} “{}” at {}; the answer came {} later. What was {} working on then?",
                    cap(&seat(d, &q.from)),
                    seat(d, &q.to),
                    q.text,
                    clock(d, q.tick),
                    span(a.wait),
                    seat(d, &q.to)
                ),
            )),
            None => prompts.push(prompt(
                Some(q.tick),
                format!(
                    "{} asked {} “{}” at {}; no answer is in the record. How did the question get resolved, if it did?",
                    cap(&seat(d, &q.from)),
                    seat(d, &q.to),
                    q.text,
                    clock(d, q.tick)
                ),
            )),
            _ => {}
        }
    }
    for h in &d.hypotheses {
        if h.kind != HypothesisKind::Wrong {
            continue;
        }
        let Some(p) = &h.proposed else { continue };
        let end = match &h.discarded {
            Some(x) => format!(
                ", until {} set it aside at {}",
                seat(d, &x.role),
                clock(d, x.tick)
            ),
            None => String::new(),
        };
        prompts.push(prompt(
            Some(p.tick),
            format!(
                "The team considered {} from {} ({}){end}. What made it plausible at the time?",
                quote(&h.statement),
                clock(d, p.tick),
                seat(d, &p.role)
            ),
        ));
    }
    communication(d, &mut prompts);
    prompts.sort_by_key(|p| p.tick.unwrap_or(u64::MAX));
    prompts.extend(sc.file.debrief.prompts.iter().map(|p| Prompt {
        tick: None,
        text: p.clone(),
        from_scenario: true,
    }));
    AgendaPhase {
        phase: Phase::Analysis,
        title: "Analysis".into(),
        purpose:
            "Explore the key moments: what people knew, what shaped their choices, where information waited."
                .into(),
        prompts,
    }
}

fn at(d: &Debrief, kind: MilestoneKind) -> Option<&MilestoneEntry> {
    d.milestones
        .iter()
        .find(|m| m.kind == kind && m.tick.is_some())
}

fn detection(d: &Debrief, prompts: &mut Vec<Prompt>) {
    let (Some(impact), Some(alert)) = (
        at(d, MilestoneKind::ImpactStarted),
        at(d, MilestoneKind::FirstAlert),
    ) else {
        return;
    };
    let (i, a) = (impact.tick.unwrap_or(0), alert.tick.unwrap_or(0));
    if a >= i + NOTABLE {
        prompts.push(prompt(
            Some(i),
            format!(
                "Customers were affected from {}; the first alert fired at {}, {} later. Which signals were there before it, and who could see them?",
                clock(d, i),
                clock(d, a),
                span(a - i)
            ),
        ));
    }
}

fn fact_prompts(d: &Debrief, j: &FactJourney, prompts: &mut Vec<Prompt>) {
    let fact = quote(&j.text);
    // A first-hand source offered it well before the role picked it up.
    for r in &j.roles {
        if let (Some(a), Some(s)) = (r.available, r.seen)
            && s >= a + NOTABLE
        {
            prompts.push(prompt(
                Some(a),
                format!(
                    "{fact} was on {} for {} from {}; {} picked it up at {}. What was competing for attention then?",
                    r.available_via.as_deref().unwrap_or("a source"),
                    seat(d, &r.role),
                    clock(d, a),
                    seat(d, &r.role),
                    clock(d, s)
                ),
            ));
        }
    }
    let Some(reach) = &j.to_commander else {
        return;
    };
    let Some(first) = &j.first_seen else {
        if let Some(a) = &j.first_available {
            prompts.push(prompt(
                Some(a.tick),
                format!(
                    "{fact} was available to {} from {}, but nobody picked it up. What would have drawn attention to it?",
                    seat(d, &a.role),
                    clock(d, a.tick)
                ),
            ));
        }
        return;
    };
    if first.role == reach.commander {
        return;
    }
    // Known before customers were affected, it had nothing to be late for until the impact
    // began: the wait counts from then, and the prompt says so.
    let impact = at(d, MilestoneKind::ImpactStarted).and_then(|m| m.tick);
    let from = impact.map_or(first.tick, |i| first.tick.max(i));
    let since = match impact {
        Some(i) if i > first.tick => format!(
            "from {} (customers were affected from {})",
            clock(d, first.tick),
            clock(d, i)
        ),
        _ => format!("from {}", clock(d, first.tick)),
    };
    match reach.learnt {
        Some(t) if t >= from + NOTABLE => prompts.push(prompt(
            Some(from),
            format!(
                "{} knew {fact} {since}; {} learnt of it at {}. What was going on between?",
                cap(&seat(d, &first.role)),
                seat(d, &reach.commander),
                clock(d, t)
            ),
        )),
        Some(_) => {}
        None => prompts.push(prompt(
            Some(first.tick),
            format!(
                "{} knew {fact} {since}; it had not reached {} {}. What made it hard to pass on?",
                cap(&seat(d, &first.role)),
                seat(d, &reach.commander),
                when_it_ends(d)
            ),
        )),
    }
}

fn decision_prompts(d: &Debrief, dp: &DecisionOutcome, prompts: &mut Vec<Prompt>) {
    let window = format!("between {} and {}", clock(d, dp.from), clock(d, dp.until));
    // With no deciding role the point was the team's, so the prompt speaks of what the team
    // held between them.
    let holder = |dp: &DecisionOutcome| match &dp.deciding_role {
        Some(r) => seat(d, r),
        None => "the team, between them,".into(),
    };
    let knew = |dp: &DecisionOutcome| match dp.key_facts_missing.len() {
        0 => format!(" At that moment {} held every key fact.", holder(dp)),
        n => format!(
            " At that moment {} did not yet hold {n} of the key facts: {}.",
            holder(dp),
            fact_list(d, &dp.key_facts_missing)
        ),
    };
    let text = match (&dp.taken, dp.timing) {
        (Some(t), Timing::InWindow) => format!(
            "“{}”: the scenario expected the team to {} {window}; {} did so at {}. What made that possible?",
            dp.title,
            dp.expected,
            seat(d, &t.role),
            clock(d, t.tick)
        ),
        (Some(t), Timing::Early) => format!(
            "“{}”: {} did it at {}, before the window the scenario expected ({window}). What prompted it?",
            dp.title,
            seat(d, &t.role),
            clock(d, t.tick)
        ),
        (Some(t), _) => format!(
            "“{}”: the scenario expected the team to {} {window}; it happened at {} ({}).{} What would have helped it come sooner?",
            dp.title,
            dp.expected,
            clock(d, t.tick),
            seat(d, &t.role),
            knew(dp)
        ),
        (None, _) => format!(
            "“{}”: the scenario expected the team to {} {window}; it did not happen in this run.{} What would the team have needed?",
            dp.title,
            dp.expected,
            knew(dp).replace("At that moment", &format!("At {}", clock(d, dp.knew_at)))
        ),
    };
    // Discussed where it happened, or where the window closed.
    let moment = dp.taken.as_ref().map_or(dp.until, |t| t.tick);
    prompts.push(prompt(Some(moment), text));
    if let Some(trap) = &dp.trap {
        prompts.push(prompt(
            Some(moment),
            format!(
                "A tempting move around “{}”: {}. Did it come up? What pointed towards or away from it?",
                dp.title,
                trap.trim_end_matches('.').to_lowercase()
            ),
        ));
    }
}

/// A stakeholder asked; the team's answer outside is a status update.
fn stakeholder_prompt(d: &Debrief, q: &QuestionEntry, prompts: &mut Vec<Prompt>) {
    let asked = format!("{} asked “{}” at {}", q.from, q.text, clock(d, q.tick));
    let text = match &q.answer {
        Some(a) if a.wait >= NOTABLE => format!(
            "{asked}; the first status update after it went out at {}, {} later. What shaped that timing?",
            clock(d, a.tick),
            span(a.wait)
        ),
        Some(_) => return,
        None => format!(
            "{asked}; no status update went out after it {}. Who was placed to answer, and what was in the way?",
            when_it_ends(d).replace("when", "before")
        ),
    };
    prompts.push(prompt(Some(q.tick), text));
}

fn communication(d: &Debrief, prompts: &mut Vec<Prompt>) {
    let Some(impact) = at(d, MilestoneKind::ImpactStarted).and_then(|m| m.tick) else {
        return;
    };
    match at(d, MilestoneKind::FirstCommunication).and_then(|m| m.tick) {
        Some(t) if t >= impact + 600 => prompts.push(prompt(
            Some(t),
            format!(
                "Customers were affected from {}; the first status update went out at {}. What shaped that timing?",
                clock(d, impact),
                clock(d, t)
            ),
        )),
        Some(_) => {}
        None => prompts.push(prompt(
            Some(impact),
            format!(
                "Customers were affected from {}, and no status update went out during the run. Who was placed to send one, and what was in the way?",
                clock(d, impact)
            ),
        )),
    }
}

fn summary(d: &Debrief) -> AgendaPhase {
    let mut prompts = vec![
        prompt(
            None,
            "What is one thing that helped the team here that you want to keep doing?".into(),
        ),
        prompt(
            None,
            "What is one change to how we work (tools, channels, runbooks, on-call set-up) that would have made this easier?"
                .into(),
        ),
    ];
    prompts.extend(d.run.objectives.iter().map(|o| {
        prompt(
            None,
            format!("The exercise set out to practise: {o} Where did we see it happen?"),
        )
    }));
    AgendaPhase {
        phase: Phase::Summary,
        title: "Summary".into(),
        purpose: "Close with what the team takes away about its system of work.".into(),
        prompts,
    }
}

/// Capitalises the first letter (for a seat starting a sentence).
fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

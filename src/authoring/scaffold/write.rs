//! Writing the drafts out as commented scenario RON.

use std::fmt::Write;

use super::text::{channel, decided, one_line, quote};
use super::{ActionDraft, DecisionDraft, Expect, FactDraft, RoleDraft};
use crate::authoring::timeline::{Kind, Row, Timeline};
use crate::scenario::units::{ClockTime, format_clock, format_duration, format_elapsed};

pub(super) struct Writer<'a> {
    pub t: &'a Timeline,
    pub roles: &'a [RoleDraft],
    pub commander: usize,
}

impl Writer<'_> {
    /// `00:12 (14:17:00)`: since the first row, and on the incident's clock.
    fn when(&self, row: &Row) -> String {
        format!(
            "{} ({})",
            format_elapsed(row.at),
            format_clock(ClockTime(self.t.clock_start), row.at)
        )
    }

    pub(super) fn header(&self, o: &mut String, source: &str, title: &str) {
        let rows = &self.t.rows;
        let _ = writeln!(
            o,
            "// {}: a drill scaffolded from a real incident's timeline.",
            one_line(title)
        );
        let _ = writeln!(
            o,
            "//\n// Written by `firedrill new --from-timeline` from the {} rows of\n// `{}`.",
            rows.len(),
            one_line(source)
        );
        o.push_str(
            "//\n\
             // What a timeline tells is filled in: the roles (one per person or team), the facts people\n\
             // saw (each on the cards of the role that saw it first), the messages from outside the team\n\
             // (injects, at the times they came), what people did (actions), and a debrief decision\n\
             // point for each decision.\n\
             //\n\
             // What a timeline cannot tell is left to you, marked TODO: the services and the calls between\n\
             // them, the faults, and the hypotheses. Until they are written, `firedrill check` points at\n\
             // each of those places. docs/scenario-format.md explains every section; docs/authoring.md says\n\
             // how the timeline was read.\n\
             //\n\
             // The timeline as read: time since the first row, time of day, kind, who: what. A kind marked\n\
             // `?` was guessed from the text; a `kind` column in the timeline sets it.\n//\n",
        );
        for r in rows {
            let kind = format!("{}{}", r.kind.name(), if r.guessed { "?" } else { "" });
            let _ = writeln!(
                o,
                "//   {:>8}  {}  {kind:<9} {}: {}",
                format_elapsed(r.at),
                format_clock(ClockTime(self.t.clock_start), r.at),
                r.who,
                r.what
            );
        }
    }

    pub(super) fn meta(&self, o: &mut String, title: &str) {
        let last = self.t.rows.last().map_or(0, |r| r.at);
        // Room after the last row for the team to finish, in whole five minutes; an exercise
        // lasts a day at most.
        let limit = ((last + 15 * 60).div_ceil(300).max(6) * 300).min(86_400);
        let start = self.t.clock_start;
        let _ = write!(
            o,
            "Scenario(\n    // What everyone reads before the drill starts (docs/scenario-format.md#meta).\n    meta: (\n        title: {},\n",
            quote(title)
        );
        o.push_str("        summary: \"TODO: one or two sentences everyone reads before the drill starts.\",\n");
        o.push_str("        modelled_on: \"TODO: the public write-up of the incident this timeline comes from\",\n");
        o.push_str("        difficulty: Medium,\n        objectives: [\n");
        o.push_str("            \"TODO: what the team should practise, e.g. bringing together what two roles saw.\",\n");
        let _ = writeln!(
            o,
            "        ],\n        // The last row came {} after the first; the drill runs a little longer.",
            format_duration(last)
        );
        if last > 2 * 3600 {
            o.push_str("        // TODO: a drill rarely runs longer than an hour or two: shorten the times of the\n        // injects and decision points below, and this limit (at most \"24h\").\n");
        }
        let _ = write!(
            o,
            "        time_limit: {},\n        seed: 1,\n",
            quote(&format_duration(limit))
        );
        let _ = writeln!(
            o,
            "        // The first row was at {}: the scenario's clock starts there.\n        clock_start: \"{:02}:{:02}\",\n    ),",
            format_clock(ClockTime(start), 0),
            start / 3600,
            start / 60 % 60
        );
    }

    pub(super) fn placeholders(&self, o: &mut String) {
        o.push_str(
            "\n    // TODO(services): the system the drill plays out in. A timeline says who did what, not how\n\
             \x20   // the system is built: write one line per service (docs/scenario-format.md#services), the\n\
             \x20   // calls between them under `dependencies`, and where requests from outside come in under\n\
             \x20   // `traffic`. `check` reports the placeholder (its capacity of 0) until it is replaced.\n\
             \x20   services: [\n\
             \x20       (id: \"TODO_service\", kind: Api, capacity: 0, latency: \"10ms\"), // TODO: the real services\n\
             \x20   ],\n\
             \x20   dependencies: [],\n\
             \x20   traffic: [(to: \"TODO_service\", rps: 500)], // TODO: where customers' requests come in\n\
             \n\
             \x20   // TODO(faults): what really broke, where and when (docs/scenario-format.md#faults): a target\n\
             \x20   // service, its effects (e.g. `[CapacityLoss(\"60%\")]`), a trigger (e.g. `At(\"2m\")`, a little\n\
             \x20   // before the first row that saw trouble) and how it ends (an action that `Mitigate`s it, or\n\
             \x20   // `ends: [After(\"20m\")]`). `check` reports the placeholder until it is written.\n\
             \x20   faults: [\n\
             \x20       (id: \"TODO_fault\", target: \"TODO_service\", title: \"TODO: what really went wrong\", effects: [], trigger: At(\"1m\")),\n\
             \x20   ],\n",
        );
    }

    pub(super) fn injects(&self, o: &mut String, injects: &[(usize, String)]) {
        if injects.is_empty() {
            return;
        }
        o.push_str(
            "\n    // Messages from outside the team, published at the time they came in the real incident\n\
             \x20   // (docs/scenario-format.md#injects). They reach every role; `to: [\"role\"]` narrows that.\n\
             \x20   injects: [\n",
        );
        for (i, id) in injects {
            let r = &self.t.rows[*i];
            let _ = writeln!(
                o,
                "        // {}, row {} of the timeline.\n        (id: {}, trigger: At({}), from: {}, channel: {},\n         text: {}),",
                self.when(r),
                r.number,
                quote(id),
                quote(&format_duration(r.at)),
                quote(&r.who),
                channel(&r.who),
                quote(&r.what)
            );
        }
        o.push_str("    ],\n");
    }

    pub(super) fn roles(&self, o: &mut String, facts: &[FactDraft], placeholder: bool) {
        o.push_str(
            "\n    // One role per person or team in the timeline (docs/scenario-format.md#roles). Each needs\n\
             \x20   // a briefing, and the dashboards and logs it sees once the services are written.\n\
             \x20   roles: [\n",
        );
        for (ix, role) in self.roles.iter().enumerate() {
            if placeholder {
                o.push_str("        // Nobody in the timeline is inside the team: a commander to start from.\n");
            } else {
                let mut counts: Vec<String> = Vec::new();
                for k in Kind::ALL {
                    let n = role
                        .rows
                        .iter()
                        .filter(|&&i| self.t.rows[i].kind == k)
                        .count();
                    if n > 0 {
                        counts.push(format!("{} {n}", k.name()));
                    }
                }
                let _ = writeln!(
                    o,
                    "        // {}: {} rows from {} ({}).",
                    role.title,
                    role.rows.len(),
                    format_elapsed(self.t.rows[role.rows[0]].at),
                    counts.join(", ")
                );
            }
            let _ = write!(
                o,
                "        (id: {}, title: {},{}\n         briefing: \"TODO: what this role owns and answers for, in a sentence or two.\",\n",
                quote(&role.id),
                quote(&role.title),
                if ix == self.commander {
                    " commander: true,"
                } else {
                    ""
                }
            );
            o.push_str(
                "         // TODO: dashboards: [\"…\"], logs: [\"…\"]: the services whose metrics and logs it sees.\n",
            );
            if role.knows.is_empty() {
                o.push_str("        ),\n");
            } else {
                let ids: Vec<String> = role.knows.iter().map(|&f| quote(&facts[f].id)).collect();
                let _ = writeln!(o, "         knows: [{}]),", ids.join(", "));
            }
        }
        o.push_str("    ],\n");
    }

    pub(super) fn facts(&self, o: &mut String, facts: &[FactDraft]) {
        o.push_str(
            "\n    // What people saw, each on the cards (`knows`) of the role that saw it first\n\
             \x20   // (docs/scenario-format.md#facts). To have the role find it out during the drill instead,\n\
             \x20   // take it off the role's `knows` and give the fact a source once the services are written,\n\
             \x20   // e.g. `from: [Log(\"db_errors\")]` with a log rule `when: At(\"12m\")`, or\n\
             \x20   // `from: [Inspect(service: \"db\", when: Above(\"db.latency_p99\", 500))]`.\n\
             \x20   facts: [\n",
        );
        for f in facts {
            let r = &self.t.rows[f.row];
            let _ = writeln!(
                o,
                "        // {}: seen first by {} (row {}).\n        (id: {}, text: {}),",
                self.when(r),
                self.roles[f.owner].title,
                r.number,
                quote(&f.id),
                quote(&r.what)
            );
        }
        o.push_str("    ],\n");
    }

    pub(super) fn hypotheses(&self, o: &mut String) {
        o.push_str(
            "\n    // TODO(hypotheses): what the team could come to believe (docs/scenario-format.md#hypotheses):\n\
             \x20   // the root cause with the facts above that together establish it (`needs`), best spread over\n\
             \x20   // two roles or more, and the tempting wrong ones (`kind: Wrong`, `refuted_by`). `check`\n\
             \x20   // reports the placeholder (it needs no facts) until it is written.\n\
             \x20   hypotheses: [\n\
             \x20       (id: \"TODO_root_cause\", kind: RootCause, statement: \"TODO: what really went wrong, as the team would say it\", needs: []),\n\
             \x20   ],\n",
        );
    }

    pub(super) fn actions(&self, o: &mut String, actions: &[ActionDraft], status: usize) {
        o.push_str(
            "\n    // What people did, as actions for the roles that did it (docs/scenario-format.md#actions).\n\
             \x20   // TODO: once the faults are written, give each the `effects` it had (e.g.\n\
             \x20   // `[Mitigate(\"…\")]`, `[Restart(\"…\")]`), a `duration`, and what the role is told when done.\n\
             \x20   actions: [\n",
        );
        for (ix, a) in actions.iter().enumerate() {
            let roles: Vec<String> = a.roles.iter().map(|&r| quote(&self.roles[r].id)).collect();
            if ix == status {
                let _ = writeln!(
                    o,
                    "        // Every drill needs a way to tell customers: the \"first external communication\".\n        (id: {}, title: {}, roles: [{}], duration: \"1m\", effects: [StatusUpdate],\n         result: \"The status page says the team is investigating.\"),",
                    quote(&a.id),
                    quote(&a.title),
                    roles.join(", ")
                );
                continue;
            }
            if let Some(row) = a.row {
                let r = &self.t.rows[row];
                let _ = writeln!(o, "        // {}, row {}.", self.when(r), r.number);
            }
            let _ = writeln!(
                o,
                "        (id: {}, title: {}, roles: [{}], result: \"Done.\"),",
                quote(&a.id),
                quote(&a.title),
                roles.join(", ")
            );
        }
        o.push_str("    ],\n");
    }

    pub(super) fn debrief(
        &self,
        o: &mut String,
        facts: &[FactDraft],
        actions: &[ActionDraft],
        decisions: &[DecisionDraft],
    ) {
        o.push_str(
            "\n    // Notes for the debrief (docs/scenario-format.md#debrief).\n    debrief: (\n",
        );
        let key: Vec<String> = facts
            .iter()
            .filter(|f| f.owner != self.commander)
            .map(|f| quote(&f.id))
            .collect();
        if !key.is_empty() {
            let _ = writeln!(
                o,
                "        // What others saw, followed on its way to the incident commander.\n        key_facts: [{}],",
                key.join(", ")
            );
        }
        if !decisions.is_empty() {
            o.push_str(
                "        // One per decision in the timeline, open from the start until five minutes after the\n\
                 \x20       // real team decided: could this team decide as soon, and on what?\n\
                 \x20       decision_points: [\n",
            );
            for d in decisions {
                let r = &self.t.rows[d.row];
                let expect = match d.expect {
                    Expect::Action(a) => format!("Action({})", quote(&actions[a].id)),
                    Expect::StatusUpdate => "StatusUpdate".into(),
                };
                let _ = writeln!(
                    o,
                    "            // {}, row {}.\n            (id: {}, title: {}, from: \"0s\", until: {},\n             expect: {expect}, role: {},\n             note: {}),",
                    self.when(r),
                    r.number,
                    quote(&d.id),
                    quote(&r.what),
                    quote(&format_duration(r.at + 300)),
                    quote(&self.roles[d.role].id),
                    quote(&format!(
                        "In the real incident, at {}, {}: {}",
                        format_clock(ClockTime(self.t.clock_start), r.at),
                        r.who,
                        r.what
                    ))
                );
            }
            o.push_str("        ],\n");
            o.push_str("        prompts: [\n");
            for d in decisions {
                let r = &self.t.rows[d.row];
                let _ = writeln!(
                    o,
                    "            {},",
                    quote(&format!(
                        "In the real incident, at {}, {}. What did this team know at that point, and from whom?",
                        format_clock(ClockTime(self.t.clock_start), r.at),
                        decided(&r.who, &r.what)
                    ))
                );
            }
            o.push_str("        ],\n");
        }
        o.push_str("    ),\n");
    }
}

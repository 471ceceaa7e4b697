//! The debrief as one self-contained HTML page: inline styles and SVG charts, no scripts and no
//! external URLs, so it opens offline and can be mailed as a single file.

use std::fmt::Write;

use super::markdown::{kind_text, outcome, timing_text};
use super::model::*;
use super::svg::{self, DID, SAID, SAW};
use super::text::{
    clock, clue_cost_text, fact_list, kind_word, ledger_gaps, quote, reach_lag, role_name, seat,
    signed_span, span,
};
use crate::scenario::units::format_elapsed;
use crate::xml::esc;

const STYLE: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fafafa}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 10px;border-bottom:2px solid #eee;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
.summary{color:#555;margin:0 0 12px}
.facts{display:flex;flex-wrap:wrap;gap:6px 18px;color:#444;margin:8px 0}
.note{background:#fff7e0;border:1px solid #f0d890;padding:6px 10px;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13px}
th,td{border:1px solid #e4e4e4;padding:4px 7px;text-align:left;vertical-align:top}
th{background:#f3f4f6;font-weight:600}
td.num{text-align:right;white-space:nowrap}
.muted{color:#888}
.key{background:#fff3cd;border-radius:3px;padding:0 4px;font-size:12px}
svg.chart{display:block;margin:6px 0 4px;font-family:system-ui,sans-serif}
svg .axis{font-size:10px;fill:#777}svg .label{font-size:11px;fill:#333}
svg .title{font-size:12px;fill:#333;font-weight:600}svg .tag{font-size:9px;fill:#222}
.legend span{display:inline-block;margin-right:14px;font-size:12px}
.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
ol.marks{columns:2;font-size:12.5px;color:#333;padding-left:22px}
.prompt time{font-weight:600;margin-right:4px}
.phase{border-left:4px solid #cfd8e3;padding:2px 0 2px 14px;margin:12px 0}
.phase p{margin:2px 0 6px;color:#555;font-style:italic}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.lane li{margin:1px 0}
.k-saw{color:#3b6fc4}.k-did{color:#b5650d}.k-said{color:#2a9457}
.toc{columns:2;background:#f6f8fa;border:1px solid #e4e4e4;border-radius:4px;padding:8px 8px 8px 30px;margin:10px 0}
.toc li{margin:1px 0}
.timing-in_window{color:#2a7a48}.timing-late,.timing-not_taken{color:#a04a18}.timing-early{color:#555}
"#;

pub fn render(d: &Debrief) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Debrief: {}</title><style>{STYLE}</style></head><body><main>",
        esc(&d.run.title)
    );
    header(&mut o, d);
    contents(&mut o, d);
    // The room starts from the summary and the facilitator's agenda; the evidence follows.
    agenda(&mut o, d);
    system(&mut o, d);
    milestones(&mut o, d);
    impact(&mut o, d);
    lanes(&mut o, d);
    knowledge(&mut o, d);
    ledger(&mut o, d);
    pooling(&mut o, d);
    clue_costs(&mut o, d);
    communication(&mut o, d);
    hypotheses(&mut o, d);
    decisions(&mut o, d);
    o.push_str("</main></body></html>\n");
    o
}

fn when(d: &Debrief, t: Option<Tick>) -> String {
    t.map_or("<span class=\"muted\">—</span>".into(), |t| {
        format!(
            "{} <span class=\"muted\">({})</span>",
            clock(d, t),
            format_elapsed(t)
        )
    })
}

fn header(o: &mut String, d: &Debrief) {
    let r = &d.run;
    let _ = write!(
        o,
        "<header><h1>Debrief: {}</h1><p class=\"summary\">{}</p><div class=\"facts\"><span>Outcome: <b>{}</b></span><span>Seed {}</span><span>Scenario sha256 <code>{}</code></span>",
        esc(&r.title),
        esc(&r.summary),
        esc(&outcome(d)),
        r.seed,
        esc(&r.scenario_hash[..r.scenario_hash.len().min(16)])
    );
    if let Some(m) = &r.modelled_on {
        let _ = write!(o, "<span>Modelled on: {}</span>", esc(m));
    }
    if !r.bots.is_empty() {
        let _ = write!(
            o,
            "<span>Bots: {}</span>",
            esc(&r
                .bots
                .iter()
                .map(|b| role_name(d, b))
                .collect::<Vec<_>>()
                .join(", "))
        );
    }
    o.push_str("</div>");
    if let Some(f) = &r.forked_from {
        let _ = write!(
            o,
            "<p class=\"note\">What-if fork of <code>{}</code>: shares its history before {} ({}).</p>",
            esc(&f.parent),
            clock(d, f.at),
            format_elapsed(f.at)
        );
    }
    if !r.complete {
        o.push_str(
            "<p class=\"note\">The record is incomplete: this debrief covers what it holds.</p>",
        );
    }
    o.push_str("<p class=\"muted\">Times are the scenario's clock, with the time since the start in brackets. Everything here is a fact of this run, not a score.</p></header>");
}

/// The sections of the page, in order, with their anchors.
fn contents(o: &mut String, d: &Debrief) {
    let mut items: Vec<(&str, &str)> = vec![
        ("agenda", "Facilitator agenda (PEARLS)"),
        ("system", "The system"),
        ("milestones", "Milestones and durations"),
        ("impact", "Impact, faults and key moments"),
        ("swimlanes", "Role swimlanes"),
        ("knowledge", "Who knew what, when"),
    ];
    items.retain(|(id, _)| *id != "system" || !d.system.services.is_empty());
    if !d.ledger.is_empty() {
        items.push(("ledger", "Clue ledger"));
    }
    if !(d.pooling.unique.facts.is_empty() && d.pooling.common.facts.is_empty()) {
        items.push(("pooling", "Pooling of unique knowledge"));
    }
    if !d.clue_costs.is_empty() {
        items.push(("clue-costs", "What a clue cost"));
    }
    items.push(("communication", "Communication"));
    items.push(("hypotheses", "Hypotheses"));
    if !d.decisions.is_empty() {
        items.push(("decisions", "Decision points"));
    }
    o.push_str("<nav id=\"contents\" aria-label=\"Contents\"><ol class=\"toc\">");
    for (id, title) in items {
        let _ = write!(o, "<li><a href=\"#{id}\">{title}</a></li>");
    }
    o.push_str("</ol></nav>");
}

fn ledger(o: &mut String, d: &Debrief) {
    if d.ledger.is_empty() {
        return;
    }
    o.push_str("<section id=\"ledger\"><h2>Clue ledger</h2><p class=\"muted\">For each fact, the first time anyone on the team reached each step. The gaps are questions for the review, not faults.</p><table><tr><th>fact</th><th>observable</th><th>first learnt</th><th>first shared</th><th>reached the commander</th><th>first used</th><th>gaps</th></tr>");
    let at = |t: &Option<RoleTick>| {
        t.as_ref()
            .map_or("<span class=\"muted\">—</span>".into(), |x| {
                format!(
                    "{} <span class=\"muted\">{}</span>",
                    clock(d, x.tick),
                    esc(&role_name(d, &x.role))
                )
            })
    };
    let mut entries: Vec<&LedgerEntry> = d.ledger.iter().collect();
    entries.sort_by_key(|e| !e.key);
    for e in entries {
        let _ = write!(
            o,
            "<tr><td>{}{} <span class=\"muted\"><code>{}</code></span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&quote(&e.text)),
            if e.key {
                " <span class=\"key\">key</span>"
            } else {
                ""
            },
            esc(&e.fact),
            at(&e.observable),
            at(&e.learnt),
            at(&e.shared),
            e.to_commander
                .map_or("<span class=\"muted\">—</span>".into(), |t| clock(d, t)),
            e.used
                .as_ref()
                .map_or("<span class=\"muted\">—</span>".into(), |u| format!(
                    "{} <span class=\"muted\">{}: {}</span>",
                    clock(d, u.tick),
                    esc(&role_name(d, &u.role)),
                    esc(&u.how)
                )),
            esc(&ledger_gaps(d, e))
        );
    }
    o.push_str("</table></section>");
}

fn pooling(o: &mut String, d: &Debrief) {
    let p = &d.pooling;
    if p.unique.facts.is_empty() && p.common.facts.is_empty() {
        return;
    }
    o.push_str("<section id=\"pooling\"><h2>Pooling of unique knowledge</h2><p class=\"muted\">Facts only one role could learn for itself must be shared for the team to hold them; teams tend to discuss what several members already know. For the team as a whole, never per person.</p><table><tr><th>facts</th><th>in the scenario</th><th>learnt</th><th>shared</th><th>reached the commander</th><th>median time to first share</th></tr>");
    for (label, g) in [
        ("only one role could learn", &p.unique),
        ("several roles could learn", &p.common),
    ] {
        let _ = write!(
            o,
            "<tr><td>{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            g.facts.len(),
            g.learnt,
            g.reached_team,
            g.reached_commander,
            g.median_to_share.map_or("—".into(), span)
        );
    }
    o.push_str("</table></section>");
}

fn clue_costs(o: &mut String, d: &Debrief) {
    if d.clue_costs.is_empty() {
        return;
    }
    o.push_str("<section id=\"clue-costs\"><h2>What a clue cost</h2><p class=\"note\">For each key fact that reached the commander late, the run was replayed from the moment a teammate first held it, with the fact shared at once and bots playing on. Each figure is a simulation of one alternative, not a verdict.</p><ul>");
    for c in &d.clue_costs {
        let _ = write!(
            o,
            "<li><b>{}</b>: {}</li>",
            esc(&quote(&c.text)),
            esc(&clue_cost_text(d, c))
        );
    }
    o.push_str("</ul></section>");
}

/// The service graph the run played out in: the same drawing as `firedrill graph`.
fn system(o: &mut String, d: &Debrief) {
    if d.system.services.is_empty() {
        return;
    }
    o.push_str("<section id=\"system\"><h2>The system</h2>");
    o.push_str(&d.system.svg_inline());
    o.push_str("</section>");
}

fn milestones(o: &mut String, d: &Debrief) {
    o.push_str("<section id=\"milestones\"><h2>Milestones and durations</h2><table><tr><th>milestone</th><th>when</th><th>what</th><th>role</th></tr>");
    for m in &d.milestones {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            m.kind.label(),
            when(d, m.tick),
            esc(m.detail.as_deref().unwrap_or("")),
            esc(&m
                .role
                .as_deref()
                .map(|r| role_name(d, r))
                .unwrap_or_default())
        );
    }
    o.push_str("</table><table><tr><th>duration</th><th>from</th><th>to</th><th>length</th></tr>");
    for x in &d.durations {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&x.label),
            x.from.label(),
            x.to.label(),
            x.seconds.map_or("—".into(), signed_span)
        );
    }
    o.push_str("</table></section>");
}

fn impact(o: &mut String, d: &Debrief) {
    o.push_str("<section id=\"impact\"><h2>Impact, faults and key moments</h2>");
    o.push_str(&svg::impact_chart(d));
    o.push_str("<p class=\"legend\"><span><i class=\"sw\" style=\"background:#d64541;opacity:.5\"></i>customer impact</span><span><i class=\"sw\" style=\"background:#d64541;opacity:.15\"></i>fault active (shaded)</span><span><i class=\"sw\" style=\"background:#d64541;opacity:.55;height:6px\"></i>fault bar: one row per fault, named on the left</span><span>- - - SLO</span><span>① milestone (numbered below)</span><span>▼ inject (hollow: true but not causal)</span><span>◆ action completed</span></p><ol class=\"marks\">");
    for m in d
        .timeline
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Milestone)
    {
        let _ = write!(
            o,
            "<li>{} {}{}</li>",
            clock(d, m.tick),
            esc(&m.label),
            m.detail
                .as_ref()
                .map(|t| format!(" — <span class=\"muted\">{}</span>", esc(t)))
                .unwrap_or_default()
        );
    }
    o.push_str("</ol><table><tr><th>fault</th><th>on</th><th>from</th><th>until</th><th>started by</th><th>ended by</th></tr>");
    for f in &d.timeline.faults {
        let _ = write!(
            o,
            "<tr><td><b>{}</b> — {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.fault),
            esc(&f.title),
            esc(&f.target),
            when(d, Some(f.start)),
            when(d, f.end),
            esc(&f.started_by),
            esc(f.ended_by.as_deref().unwrap_or("still active"))
        );
    }
    o.push_str("</table>");
    let injects: Vec<&Marker> = d
        .timeline
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Inject)
        .collect();
    if !injects.is_empty() {
        o.push_str("<table><tr><th>inject</th><th>from</th><th>message</th><th></th></tr>");
        for m in injects {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"muted\">{}</td></tr>",
                when(d, Some(m.tick)),
                esc(&m.label),
                esc(m.detail.as_deref().unwrap_or("")),
                if m.red_herring {
                    "true, not causal"
                } else {
                    ""
                }
            );
        }
        o.push_str("</table>");
    }
    o.push_str("</section>");
}

fn lanes(o: &mut String, d: &Debrief) {
    o.push_str("<section id=\"swimlanes\"><h2>Role swimlanes</h2>");
    o.push_str(&svg::swimlane_chart(d));
    let _ = write!(
        o,
        "<p class=\"legend\"><span><i class=\"sw\" style=\"background:{SAW};border-radius:5px\"></i>saw</span><span><i class=\"sw\" style=\"background:{DID}\"></i>did</span><span><i class=\"sw\" style=\"background:{SAID};transform:rotate(45deg) scale(.8)\"></i>said</span><span><i class=\"sw\" style=\"background:{SAW};opacity:.5;height:4px\"></i>bar: a repeating signal</span><span>┆ milestone</span><span>labels: alerts, acknowledgements, shares, hypotheses and actions started (every mark is listed below)</span></p>"
    );
    for lane in &d.swimlanes {
        let role = d.roles.iter().find(|r| r.id == lane.role);
        let _ = write!(
            o,
            "<details class=\"lane\" open><summary>{} <span class=\"muted\">({}{}) — {} items</span></summary><ul>",
            esc(role.map_or(&lane.role, |r| &r.title)),
            esc(&lane.role),
            if role.is_some_and(|r| r.bot) {
                ", bot"
            } else {
                ""
            },
            lane.items.len()
        );
        for item in &lane.items {
            let k = kind_word(item.kind);
            let repeat = item
                .until
                .map(|u| {
                    format!(
                        " <span class=\"muted\">(×{}, until {})</span>",
                        item.repeats,
                        clock(d, u)
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                o,
                "<li><time>{}</time> <b class=\"k-{k}\">{k}</b> · {}: {}{repeat}</li>",
                clock(d, item.tick),
                esc(&item.what),
                esc(&item.text)
            );
        }
        o.push_str("</ul></details>");
    }
    o.push_str("</section>");
}

fn knowledge(o: &mut String, d: &Debrief) {
    o.push_str("<section id=\"knowledge\"><h2>Who knew what, when</h2>");
    let chart = svg::knowledge_chart(d);
    if !chart.is_empty() {
        o.push_str(&chart);
        o.push_str("<p class=\"legend\"><span>each role has its own shape and colour (key above the chart)</span><span>hollow: available to the role</span><span>filled: the role learnt it</span><span>grey line: from when it mattered to the commander learning it (dashed: never reached)</span></p>");
    }
    o.push_str("<table><tr><th>fact</th><th>reached the commander</th>");
    for r in &d.roles {
        let _ = write!(
            o,
            "<th>{} <span class=\"muted\"><code>{}</code></span></th>",
            esc(&r.title),
            esc(&r.id)
        );
    }
    o.push_str("</tr>");
    let mut facts: Vec<&FactJourney> = d.knowledge.iter().collect();
    facts.sort_by_key(|j| !j.key);
    for j in facts {
        let reach = match &j.to_commander {
            Some(r) => match (r.learnt, reach_lag(d, j)) {
                (Some(t), Some(lag)) => format!(
                    "{} <span class=\"muted\">({})</span>",
                    clock(d, t),
                    esc(&lag)
                ),
                (Some(t), None) => clock(d, t),
                (None, _) => "<span class=\"muted\">no</span>".into(),
            },
            None => String::new(),
        };
        let _ = write!(
            o,
            "<tr><td>{}{}<br><span class=\"muted\"><code>{}</code></span></td><td>{reach}</td>",
            esc(&j.text),
            if j.key {
                " <span class=\"key\">key</span>"
            } else {
                ""
            },
            esc(&j.fact)
        );
        for r in &j.roles {
            let mut cell = Vec::new();
            if let Some(a) = r.available {
                cell.push(format!(
                    "available {}{}",
                    clock(d, a),
                    r.available_via
                        .as_ref()
                        .map(|v| format!(" <span class=\"muted\">({})</span>", esc(v)))
                        .unwrap_or_default()
                ));
            }
            if let Some(s) = r.seen {
                cell.push(format!(
                    "<b>saw {}</b>{}",
                    clock(d, s),
                    r.seen_via
                        .as_ref()
                        .filter(|v| Some(*v) != r.available_via.as_ref())
                        .map(|v| format!(" <span class=\"muted\">({})</span>", esc(v)))
                        .unwrap_or_default()
                ));
            }
            for s in &r.shared {
                cell.push(format!(
                    "shared {} → {}",
                    clock(d, s.tick),
                    esc(&s
                        .to
                        .as_deref()
                        .map_or("everyone".into(), |t| role_name(d, t)))
                ));
            }
            if let Some(a) = &r.acted_on {
                cell.push(format!(
                    "acted {} <span class=\"muted\">({})</span>",
                    clock(d, a.tick),
                    esc(&a.what)
                ));
            }
            let _ = write!(o, "<td>{}</td>", cell.join("<br>"));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table></section>");
}

fn communication(o: &mut String, d: &Debrief) {
    let c = &d.communication;
    o.push_str("<section id=\"communication\"><h2>Communication</h2>");
    if c.links.is_empty() {
        o.push_str("<p>Nobody messaged, asked or shared during the run.</p></section>");
        return;
    }
    o.push_str("<table><tr><th>from</th><th>to</th><th>messages</th><th>questions</th><th>facts shared</th></tr>");
    for l in &c.links {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&role_name(d, &l.from)),
            esc(&l
                .to
                .as_deref()
                .map_or("everyone".into(), |t| role_name(d, t))),
            l.messages,
            l.questions,
            l.shares
        );
    }
    o.push_str("</table>");
    if !c.questions.is_empty() {
        o.push_str("<h3>Questions</h3><table><tr><th>asked</th><th>from</th><th>to</th><th>question</th><th>answered</th></tr>");
        for q in &c.questions {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                clock(d, q.tick),
                esc(&if q.external {
                    q.from.clone()
                } else {
                    role_name(d, &q.from)
                }),
                esc(&q
                    .to
                    .split(',')
                    .map(|t| role_name(d, t.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")),
                esc(&q.text),
                q.answer.as_ref().map_or(
                    "<span class=\"muted\">no answer recorded</span>".into(),
                    |a| { format!("{} later — {}", span(a.wait), esc(&a.how)) }
                )
            );
        }
        o.push_str("</table>");
    }
    if !c.handoffs.is_empty() {
        o.push_str("<h3>Hand-offs of facts</h3><table><tr><th>when</th><th>from</th><th>to</th><th>fact</th><th>known for</th></tr>");
        for h in &c.handoffs {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                clock(d, h.tick),
                esc(&role_name(d, &h.from)),
                esc(&h
                    .to
                    .as_deref()
                    .map_or("everyone".into(), |t| role_name(d, t))),
                esc(&super::text::fact_label(d, &h.fact)),
                h.held_for.map_or("—".into(), span)
            );
        }
        o.push_str("</table>");
    }
    o.push_str("</section>");
}

fn hypotheses(o: &mut String, d: &Debrief) {
    o.push_str("<section id=\"hypotheses\"><h2>Hypotheses</h2><table><tr><th>hypothesis</th><th>in truth</th><th>proposed</th><th>confirmed</th><th>discarded</th><th>steps</th></tr>");
    let who = |x: &Option<RoleTick>| {
        x.as_ref()
            .map_or("<span class=\"muted\">—</span>".into(), |x| {
                format!("{} by {}", clock(d, x.tick), esc(&role_name(d, &x.role)))
            })
    };
    for h in &d.hypotheses {
        let steps: Vec<String> = h
            .steps
            .iter()
            .map(|s| {
                format!(
                    "{} {} {}",
                    clock(d, s.tick),
                    esc(&role_name(d, &s.by)),
                    super::lanes::change_verb(s.change)
                )
            })
            .collect();
        let _ = write!(
            o,
            "<tr><td>{} <span class=\"muted\"><code>{}</code></span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&quote(&h.statement)),
            esc(&h.id),
            kind_text(h.kind),
            who(&h.proposed),
            who(&h.confirmed),
            who(&h.discarded),
            steps.join("<br>")
        );
    }
    o.push_str("</table></section>");
}

fn decisions(o: &mut String, d: &Debrief) {
    if d.decisions.is_empty() {
        return;
    }
    o.push_str("<section id=\"decisions\"><h2>Decision points</h2><table><tr><th>decision</th><th>expected</th><th>happened</th><th>what the deciding role (or the team) knew then</th></tr>");
    for x in &d.decisions {
        let timing = serde_json::to_value(x.timing)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let happened = match &x.taken {
            Some(t) => format!(
                "{} by {}<br>",
                clock(d, t.tick),
                esc(&role_name(d, &t.role))
            ),
            None => String::new(),
        };
        // A missed point that names no role is the team's: show what the team held.
        let who = match &x.deciding_role {
            Some(r) => seat(d, r),
            None => "the team (any role)".into(),
        };
        let knew = format!(
            "{} at {}: {}{}",
            esc(&who),
            clock(d, x.knew_at),
            if x.knew.is_empty() {
                "no facts yet".into()
            } else {
                esc(&fact_list(d, &x.knew))
            },
            if x.key_facts_missing.is_empty() {
                String::new()
            } else {
                format!(
                    "<br><span class=\"muted\">not yet held: {}</span>",
                    esc(&fact_list(d, &x.key_facts_missing))
                )
            }
        );
        let extra = [
            x.trap.as_ref().map(|t| format!("tempting: {}", esc(t))),
            x.note.as_ref().map(|n| esc(n)),
        ]
        .into_iter()
        .flatten()
        .map(|t| format!("<br><span class=\"muted\">{t}</span>"))
        .collect::<String>();
        let _ = write!(
            o,
            "<tr><td><b>{}</b>{extra}</td><td>{} <span class=\"muted\">{}–{}{}</span></td><td>{happened}<span class=\"timing-{timing}\">{}</span></td><td>{knew}</td></tr>",
            esc(&x.title),
            esc(&x.expected),
            clock(d, x.from),
            clock(d, x.until),
            x.role
                .as_ref()
                .map(|r| format!(", {}", esc(&role_name(d, r))))
                .unwrap_or_default(),
            timing_text(x.timing)
        );
    }
    o.push_str("</table></section>");
}

fn agenda(o: &mut String, d: &Debrief) {
    o.push_str("<section id=\"agenda\"><h2>Facilitator agenda (PEARLS)</h2>");
    for (i, p) in d.agenda.phases.iter().enumerate() {
        let _ = write!(
            o,
            "<div class=\"phase\"><h3>{}. {}</h3><p>{}</p><ul>",
            i + 1,
            esc(&p.title),
            esc(&p.purpose)
        );
        for q in &p.prompts {
            let at = q
                .tick
                .map(|t| format!("<time>{}</time>", clock(d, t)))
                .unwrap_or_default();
            let from = if q.from_scenario {
                " <span class=\"muted\">(from the scenario)</span>"
            } else {
                ""
            };
            let _ = write!(o, "<li class=\"prompt\">{at}{}{from}</li>", esc(&q.text));
        }
        o.push_str("</ul></div>");
    }
    o.push_str("</section>");
}

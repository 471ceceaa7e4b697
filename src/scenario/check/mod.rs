//! Checks a parsed scenario and compiles it: resolves every name, converts every quantity, and
//! reports every problem at once with its place in the file and what to write instead.

mod conds;
mod giveaway;
mod lints;
mod names;
mod numbers;
mod sections;
mod taint;
mod topology;
mod triggers;

use super::compiled::{MetricCatalog, Scenario};
use super::model::{Difficulty, ScenarioFile};
use super::source::{Diagnostic, SourceFile, Span};
use names::Names;

pub use lints::{Tables, first_hand_in};
pub use names::list_names;

/// Everything the checker needs while walking the file.
pub(crate) struct Checker<'a> {
    pub file: &'a ScenarioFile,
    /// The source text, to point inside an item at a part that has no position of its own.
    pub text: &'a str,
    pub diags: Vec<Diagnostic>,
    pub services: Names,
    pub roles: Names,
    pub facts: Names,
    pub faults: Names,
    pub actions: Names,
    pub alerts: Names,
    pub logs: Names,
    pub tickets: Names,
    pub injects: Names,
    pub hypotheses: Names,
    pub catalog: MetricCatalog,
    /// Gauges whose start value was refused (held as 0), so that a shift of them is not blamed.
    pub broken_gauges: Vec<usize>,
    pub cond_slots: usize,
}

impl<'a> Checker<'a> {
    fn new(
        file: &'a ScenarioFile,
        text: &'a str,
        broken: &std::collections::BTreeSet<String>,
    ) -> Self {
        let mut diags = Vec::new();
        let mut names = |kind, section, ids: Vec<&'a super::model::Id>| {
            Names::build(kind, section, ids, broken, &mut diags)
        };
        let services = names(
            "service",
            "services",
            file.services.iter().map(|s| &s.id).collect(),
        );
        let roles = names("role", "roles", file.roles.iter().map(|r| &r.id).collect());
        let facts = names("fact", "facts", file.facts.iter().map(|f| &f.id).collect());
        let faults = names(
            "fault",
            "faults",
            file.faults.iter().map(|f| &f.id).collect(),
        );
        let actions = names(
            "action",
            "actions",
            file.actions.iter().map(|a| &a.id).collect(),
        );
        let alerts = names(
            "alert",
            "alerts",
            file.alerts.iter().map(|a| &a.id).collect(),
        );
        let logs = names(
            "log rule",
            "logs",
            file.logs.iter().map(|l| &l.id).collect(),
        );
        let tickets = names(
            "ticket rule",
            "tickets",
            file.tickets.iter().map(|t| &t.id).collect(),
        );
        let injects = names(
            "inject",
            "injects",
            file.injects.iter().map(|i| &i.id).collect(),
        );
        let hypotheses = names(
            "hypothesis",
            "hypotheses",
            file.hypotheses.iter().map(|h| &h.id).collect(),
        );
        // Hints and decision points are never referred to, but duplicates still confuse.
        names("hint", "hints", file.hints.iter().map(|h| &h.id).collect());
        names(
            "decision point",
            "debrief.decision_points",
            file.debrief.decision_points.iter().map(|d| &d.id).collect(),
        );
        Checker {
            file,
            text,
            diags,
            services,
            roles,
            facts,
            faults,
            actions,
            alerts,
            logs,
            tickets,
            injects,
            hypotheses,
            catalog: MetricCatalog::default(),
            broken_gauges: Vec::new(),
            cond_slots: 0,
        }
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(span, message.into()).with_help(help.into()));
    }

    pub fn warning(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(span, message.into()).with_help(help.into()));
    }

    /// Where `needle` first occurs in the item at `owner` after its field `field:` (or anywhere
    /// in it); the whole item when it does not.
    pub fn locate(&self, owner: Span, field: &str, needle: &str) -> Span {
        let Some(item) = self.text.get(owner.start..owner.end) else {
            return owner;
        };
        let from = item.find(&format!("{field}:")).unwrap_or(0);
        match item[from..].find(needle) {
            Some(at) => {
                let start = owner.start + from + at;
                Span::new(start, start + needle.len())
            }
            None => owner,
        }
    }

    /// Errors reported so far plus references to broken ids let pass: when this grows while
    /// compiling a part of an item, that part is incomplete.
    pub fn problems(&self) -> usize {
        let silenced: usize = [
            &self.services,
            &self.roles,
            &self.facts,
            &self.faults,
            &self.actions,
            &self.alerts,
            &self.logs,
            &self.tickets,
            &self.injects,
            &self.hypotheses,
        ]
        .iter()
        .map(|n| n.silenced.borrow().len())
        .sum();
        self.diags.iter().filter(|d| d.is_error()).count() + silenced
    }

    pub fn next_slot(&mut self) -> usize {
        self.cond_slots += 1;
        self.cond_slots - 1
    }
}

/// The outcome of checking: the compiled scenario when there were no errors, and every diagnostic
/// (warnings included) either way.
pub struct Checked {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks and compiles a parsed scenario file. When parsing already found errors, the file is
/// checked as far as it goes (so every mistake is reported at once) but not compiled, and
/// references to items that failed to parse are not reported again.
pub fn check(source: &SourceFile, file: ScenarioFile, parse_failed: bool) -> Checked {
    let broken = if parse_failed {
        names::ids_in_text(&source.text)
    } else {
        Default::default()
    };
    let mut ck = Checker::new(&file, &source.text, &broken);
    time_limit(&mut ck);
    let topology = topology::compile(&mut ck);
    let parts = sections::compile(&mut ck);
    // The whole-scenario checks run on whatever resolved cleanly, so that every problem shows at
    // once; items that depend on a broken one are skipped rather than blamed for it.
    let taint = taint::Taint::compute(&ck, source, parse_failed);
    lints::run(&mut ck, &topology, &parts, &taint);
    let diagnostics = std::mem::take(&mut ck.diags);
    let failed = parse_failed || diagnostics.iter().any(Diagnostic::is_error);
    let cond_slots = ck.cond_slots;
    let catalog = std::mem::take(&mut ck.catalog);
    drop(ck);
    if failed {
        return Checked {
            scenario: None,
            diagnostics,
        };
    }
    let meta = &file.meta;
    let scenario = Scenario {
        path: source.name.clone(),
        text: source.main_text().to_string(),
        parts: Vec::new(),
        hash: super::content_hash(source.main_text()),
        title: meta.title.clone(),
        difficulty: meta.difficulty,
        time_limit: meta.time_limit.0,
        seed: meta.seed,
        clock_start: meta.clock_start.unwrap_or_default(),
        scrape_interval: meta.scrape_interval.0.max(1),
        noise_ppm: meta.noise.0,
        services: topology.services,
        topo_order: topology.topo_order,
        deps: topology.deps,
        traffic: topology.traffic,
        metrics: catalog,
        faults: parts.faults,
        logs: parts.logs,
        alerts: parts.alerts,
        tickets: parts.tickets,
        injects: parts.injects,
        roles: parts.roles,
        facts: parts.facts,
        hypotheses: parts.hypotheses,
        actions: parts.actions,
        hints: parts.hints,
        resolution: parts.resolution,
        cond_slots,
        file,
    };
    Checked {
        scenario: Some(scenario),
        diagnostics,
    }
}

/// The longest exercise: a day. Anything longer is a typo (`"1000000h"`), and would make a run
/// that does nothing take hours to reach its end.
const MAX_TIME_LIMIT: u64 = 24 * 3600;

fn time_limit(ck: &mut Checker) {
    let meta = &ck.file.meta;
    if meta.time_limit.0 > MAX_TIME_LIMIT {
        let span = meta.span;
        ck.error(
            span,
            format!(
                "`time_limit` is {}, longer than the longest exercise (24h)",
                crate::scenario::units::format_elapsed(meta.time_limit.0)
            ),
            "write the length of the exercise, at most a day, e.g. `time_limit: \"1h\"`",
        );
    }
}

/// Bot answer delay and slip chance when the scenario does not set them.
pub(crate) fn bot_defaults(difficulty: Difficulty) -> (u64, u64) {
    match difficulty {
        Difficulty::Intro => (20, 0),
        Difficulty::Easy => (40, 20_000),
        Difficulty::Medium => (60, 50_000),
        Difficulty::Hard => (120, 100_000),
        Difficulty::Expert => (180, 150_000),
    }
}

/// Bot `orient` and `read` (seconds) when the scenario does not set them: bots on a harder drill
/// are as slow as the people it is written for.
pub fn pace_defaults(difficulty: Difficulty) -> (u64, u64) {
    match difficulty {
        Difficulty::Intro => (30, 10),
        Difficulty::Easy => (60, 20),
        Difficulty::Medium => (120, 30),
        Difficulty::Hard => (150, 40),
        Difficulty::Expert => (180, 45),
    }
}

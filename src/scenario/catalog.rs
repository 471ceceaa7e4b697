//! The scenario library as a catalogue: what `firedrill list` prints, `scenarios/README.md` holds
//! and the scenario chooser shows — title, difficulty, roles, length, what the drill teaches and
//! the outage it is modelled on.

use std::path::Path;
use std::sync::Arc;

use super::Scenario;
use super::model::Difficulty;
use super::units::format_duration;

/// The scenarios shipped in `scenarios/`, embedded so that the chooser and `list` work from any
/// folder. A test keeps this list equal to the folder.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "scenarios/retry-storm.ron",
        include_str!("../../scenarios/retry-storm.ron"),
    ),
    (
        "scenarios/pool-exhaustion.ron",
        include_str!("../../scenarios/pool-exhaustion.ron"),
    ),
    (
        "scenarios/expired-certificate.ron",
        include_str!("../../scenarios/expired-certificate.ron"),
    ),
    (
        "scenarios/bad-rule-push.ron",
        include_str!("../../scenarios/bad-rule-push.ron"),
    ),
    (
        "scenarios/cache-stampede.ron",
        include_str!("../../scenarios/cache-stampede.ron"),
    ),
    (
        "scenarios/dns-ddos.ron",
        include_str!("../../scenarios/dns-ddos.ron"),
    ),
    (
        "scenarios/replica-wipe.ron",
        include_str!("../../scenarios/replica-wipe.ron"),
    ),
    (
        "scenarios/holiday-herd.ron",
        include_str!("../../scenarios/holiday-herd.ron"),
    ),
    (
        "scenarios/feature-file.ron",
        include_str!("../../scenarios/feature-file.ron"),
    ),
    (
        "scenarios/policy-crashloop.ron",
        include_str!("../../scenarios/policy-crashloop.ron"),
    ),
    (
        "scenarios/consul-meltdown.ron",
        include_str!("../../scenarios/consul-meltdown.ron"),
    ),
];

/// One scenario as the catalogue shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub path: String,
    pub title: String,
    pub difficulty: Difficulty,
    /// Role titles, in the scenario's order.
    pub roles: Vec<String>,
    /// The time limit, in simulated seconds.
    pub length: u64,
    pub teaches: String,
    pub modelled_on: Option<String>,
}

impl Entry {
    pub fn of(sc: &Scenario) -> Self {
        let meta = &sc.file.meta;
        Entry {
            path: sc.path.clone(),
            title: sc.title.clone(),
            difficulty: sc.difficulty,
            roles: sc.roles.iter().map(|r| r.title.clone()).collect(),
            length: sc.time_limit,
            teaches: meta.teaches.clone().unwrap_or_else(|| meta.summary.clone()),
            modelled_on: meta.modelled_on.clone(),
        }
    }

    pub fn length_text(&self) -> String {
        format_duration(self.length)
    }
}

/// The shipped scenarios, loaded, easiest first.
pub fn shipped() -> Vec<Arc<Scenario>> {
    let mut all: Vec<Arc<Scenario>> = SHIPPED
        .iter()
        .filter_map(|(name, text)| super::load_str(name, text).ok().map(|l| l.scenario))
        .collect();
    all.sort_by(|a, b| (a.difficulty, &a.title).cmp(&(b.difficulty, &b.title)));
    all
}

/// The `.ron` files of a folder that load as scenarios, easiest first, and those that do not
/// (with the number of errors), by path.
pub fn folder(dir: &Path) -> std::io::Result<(Vec<Arc<Scenario>>, Vec<(String, usize)>)> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .filter(|p| !super::source::parts::is_part_file(p))
        .collect();
    paths.sort();
    let (mut ok, mut broken) = (Vec::new(), Vec::new());
    for p in paths {
        let name = p.to_string_lossy().into_owned();
        match super::load_path(&name) {
            Ok(l) => ok.push(l.scenario),
            Err(e) => broken.push((name, e.diagnostics.iter().filter(|d| d.is_error()).count())),
        }
    }
    ok.sort_by(|a: &Arc<Scenario>, b| (a.difficulty, &a.title).cmp(&(b.difficulty, &b.title)));
    Ok((ok, broken))
}

/// The catalogue as a Markdown table (the body of `scenarios/README.md`).
pub fn markdown(entries: &[Entry]) -> String {
    let mut o = String::from(
        "| scenario | difficulty | roles | length | what it teaches | modelled on |\n|---|---|---|---|---|---|\n",
    );
    for e in entries {
        let file = Path::new(&e.path)
            .file_name()
            .map_or(e.path.clone(), |f| f.to_string_lossy().into_owned());
        o.push_str(&format!(
            "| [{}]({file}) | {:?} | {} | {} | {} | {} |\n",
            cell(&e.title),
            e.difficulty,
            cell(&e.roles.join(", ")),
            e.length_text(),
            cell(&e.teaches),
            cell(e.modelled_on.as_deref().unwrap_or("—")),
        ));
    }
    o
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

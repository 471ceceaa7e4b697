//! Where a console session is recorded: `--out FILE`, or `runs/<date>-<time>-<who>.jsonl` under
//! the current directory.

use std::path::PathBuf;

use crate::gui::Launch;
use crate::record::stamp::{now_secs, timestamp};
use crate::record::{RunHeader, RunWriter};
use crate::scenario::Scenario;
use crate::scenario::compiled::RoleIx;
use crate::sim::RunOptions;

/// `attempt` counts exercises started in this window: a restart gets a file of its own.
pub fn create(
    launch: &Launch,
    sc: &Scenario,
    options: &RunOptions,
    role: Option<RoleIx>,
    attempt: u32,
) -> Result<(RunWriter, PathBuf), String> {
    let path = match &launch.out {
        Some(p) if attempt > 0 => numbered(p, attempt + 1),
        Some(p) => p.clone(),
        None => {
            let who = role.map_or("facilitator", |r| &*sc.roles[r].id);
            launch
                .runs_dir
                .join(format!("{}-{who}.jsonl", timestamp(now_secs())))
        }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    }
    let writer = RunWriter::create(&path, &RunHeader::new(sc, options))
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok((writer, path))
}

/// `dir/name.jsonl` as `dir/name-N.jsonl`.
fn numbered(path: &std::path::Path, n: u32) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "run".into(), |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn a_restart_gets_its_own_file() {
        let p = std::path::Path::new("out/drill.jsonl");
        assert_eq!(numbered(p, 2), std::path::Path::new("out/drill-2.jsonl"));
        assert_eq!(
            numbered(std::path::Path::new("drill"), 3),
            std::path::Path::new("drill-3")
        );
    }
}

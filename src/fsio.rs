//! Writing files without losing what stood there, and telling whether two paths are one file.
//!
//! Every file firedrill writes (run files, forks, debriefs) goes through [`AtomicFile`]: it is
//! written to a temporary file next to its destination (`NAME.partial`) and renamed over the
//! destination only once it is whole and on disk. A failure on the way (a full disk, an error, a
//! kill) never leaves a broken or empty file where a good one stood: the destination keeps its old
//! contents, or does not appear.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written beside its destination, renamed into place by [`commit`](Self::commit).
///
/// Dropped without a commit, the temporary file is removed, unless [`keep_partial`] was asked
/// for and no write failed: then it is committed, as a run file that stops early is still a
/// record of the run. A process killed while writing leaves the temporary file (`NAME.partial`)
/// and the destination untouched.
///
/// [`keep_partial`]: Self::keep_partial
pub struct AtomicFile {
    out: BufWriter<File>,
    temp: PathBuf,
    target: PathBuf,
    state: State,
    keep_partial: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Writing,
    /// A write, flush or commit failed: what is in the temporary file cannot be trusted.
    Failed,
    Committed,
}

impl AtomicFile {
    /// Opens a temporary file in `target`'s directory. A symbolic link at `target` is followed,
    /// so the file it points to is replaced, not the link.
    pub fn create(target: impl AsRef<Path>) -> io::Result<AtomicFile> {
        let target = resolve_link(target.as_ref());
        let Some(name) = target.file_name() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "this is not a file name",
            ));
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // `NAME.partial`, or `NAME.partial-2`… when another writer (or a killed one) holds it: a
        // partial file left by a kill may be the only record of a run, so it is never reused.
        let mut n = 1;
        let (file, temp) = loop {
            let mut temp_name = name.to_os_string();
            temp_name.push(if n == 1 {
                ".partial".to_string()
            } else {
                format!(".partial-{n}")
            });
            let temp = dir.join(temp_name);
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(f) => break (f, temp),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(e),
            }
        };
        // The new file replaces the old one: keep who may read it.
        if let Ok(meta) = fs::metadata(&target) {
            let _ = fs::set_permissions(&temp, meta.permissions());
        }
        Ok(AtomicFile {
            out: BufWriter::new(file),
            temp,
            target,
            state: State::Writing,
            keep_partial: false,
        })
    }

    /// Dropped without a commit, put what was written in place anyway, unless a write failed.
    pub fn keep_partial(mut self) -> Self {
        self.keep_partial = true;
        self
    }

    /// The destination.
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Where the file is written until it is committed.
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flushes the file to disk and renames it over the destination. Writes after a commit go on
    /// to the same file, now at the destination. On failure the temporary file is removed and the
    /// destination keeps what it held.
    pub fn commit(&mut self) -> io::Result<()> {
        match self.state {
            State::Committed => return Ok(()),
            State::Failed => {
                self.discard();
                return Err(io::Error::other(
                    "an earlier write to the file failed, so it was not put in place",
                ));
            }
            State::Writing => {}
        }
        let done = self
            .out
            .flush()
            .and_then(|()| self.out.get_ref().sync_all())
            .and_then(|()| fs::rename(&self.temp, &self.target));
        match done {
            Ok(()) => {
                self.state = State::Committed;
                // The rename itself is on disk once the directory is (best effort).
                if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty())
                    && let Ok(d) = File::open(dir)
                {
                    let _ = d.sync_all();
                }
                Ok(())
            }
            Err(e) => {
                self.state = State::Failed;
                self.discard();
                Err(e)
            }
        }
    }

    fn discard(&mut self) {
        if self.state != State::Committed {
            let _ = fs::remove_file(&self.temp);
        }
    }

    fn check<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if result.is_err() {
            self.state = State::Failed;
        }
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.out.write(buf);
        self.check(r)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let r = self.out.write_all(buf);
        self.check(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.out.flush();
        self.check(r)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.state == State::Writing && self.keep_partial {
            // A failed commit removes the temporary file itself.
            let _ = self.commit();
        } else {
            self.discard();
        }
    }
}

/// `fs::write`, through a temporary file: `path` holds either its old contents or all of
/// `contents`, never a part.
pub fn write_atomic(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(contents.as_ref())?;
    file.commit()
}

/// The file a symbolic link points to (the link's own path when it points nowhere).
fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Whether two paths name the same existing file, however they are spelt: `./p.jsonl` and
/// `p.jsonl`, a symbolic link and its target, two hard links. On unix the files themselves are
/// compared (device and inode); elsewhere, or when that cannot be read, their canonical paths.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new contents").unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "old",
            "not yet in place"
        );
        assert!(f.temp_path().exists());
        f.commit().unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new contents");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }

    #[test]
    fn a_file_dropped_unfinished_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half").unwrap();
        let temp = f.temp_path().to_path_buf();
        drop(f);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert!(!temp.exists());
        // Asked to keep a partial file, it is put in place when nothing failed.
        let mut f = AtomicFile::create(&path).unwrap().keep_partial();
        f.write_all(b"partial").unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(&path).unwrap(), "partial");
    }

    /// `/dev/full` fails every write with "no space left on device", as a full disk does.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_write_never_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        fs::write(&path, "good").unwrap();
        let mut f = AtomicFile::create(&path).unwrap().keep_partial();
        let temp = f.temp_path().to_path_buf();
        // Swap the temporary file's descriptor for one on a full device.
        f.out = BufWriter::new(OpenOptions::new().write(true).open("/dev/full").unwrap());
        let failed = f.write_all(&[b'x'; 64]).and_then(|()| f.flush());
        assert!(failed.is_err());
        assert!(f.commit().is_err());
        drop(f);
        assert_eq!(fs::read_to_string(&path).unwrap(), "good");
        assert!(!temp.exists(), "the broken temporary file is removed");
    }

    #[test]
    fn a_partial_file_left_by_a_kill_is_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.jsonl");
        let left = dir.path().join("run.jsonl.partial");
        fs::write(&left, "a killed run").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        assert_eq!(f.temp_path(), dir.path().join("run.jsonl.partial-2"));
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&left).unwrap(), "a killed run");
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_same_file_sees_through_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        let hard = dir.path().join("hard.md");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        fs::hard_link(&real, &hard).unwrap();
        let dotted = dir.path().join(".").join("real.md");
        assert!(same_file(&real, &link));
        assert!(same_file(&real, &hard));
        assert!(same_file(&real, &dotted));
        assert!(!same_file(&real, &dir.path().join("other.md")));
        write_atomic(&link, "new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }
}

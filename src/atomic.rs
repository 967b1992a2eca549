//! Atomic file writes. A file or folder is made under a temporary name beside
//! its target (so on the same file system) and renamed into place only once
//! complete and synced: a reader, a crash or an interrupt sees the previous one
//! or the whole new one, never a part. Temporary names record their owner
//! ([`crate::interrupt::owner_tag`]), so a later run removes what a killed one
//! left, and an interrupt removes the live ones.
//!
//! Datasets (`dataset::parquet`), `gen` cohorts, `run --out` results and
//! `report` pages are all written through here. A low floor: this module
//! imports only `error` and `interrupt`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folder `path` is in (`.` for a bare name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn name_of(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into())
}

/// A temporary folder, removed when dropped (unless kept) and by an interrupt
/// ([`crate::interrupt`]) while it lives.
pub struct TempDir {
    dir: tempfile::TempDir,
    _guard: crate::interrupt::Guard,
}

impl TempDir {
    /// A temporary folder in `parent` named `PREFIX` + the owner tag + `-` + random.
    fn new_in(parent: &Path, prefix: &str) -> Result<TempDir> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("{prefix}{}-", crate::interrupt::owner_tag()))
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, e))?;
        let guard = crate::interrupt::register(dir.path());
        Ok(TempDir { dir, _guard: guard })
    }

    /// A temporary folder in the system's temporary folder (`$TMPDIR`).
    pub fn new() -> Result<TempDir> {
        Self::new_in(&std::env::temp_dir(), ".worklog-analyze.tmp-")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Keep the folder (it was renamed away); it is no longer removed.
    fn keep(self) -> PathBuf {
        self.dir.keep()
    }
}

/// A temporary folder beside `dir` (its parent is created), to be put in its
/// place by [`replace_dir`]: beside it, so that stays on one file system.
/// Named `.NAME.tmp-PID.START-XXXXXX` (see [`remove_stale_temps`]).
pub fn temp_dir_beside(dir: &Path) -> Result<TempDir> {
    let parent = parent_of(dir);
    fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    TempDir::new_in(&parent, &format!(".{}.tmp-", name_of(dir)))
}

/// Remove the temporary folders beside `dir` (`.NAME.tmp-PID.START-XXXXXX`)
/// left by runs that no longer exist (killed with SIGKILL, a power loss):
/// those whose name records a process that has exited. Those of a live
/// process, or whose owner cannot be told (older names without one), are
/// kept. A `.NAME.old-` folder is never removed: a run killed between the two
/// renames of [`replace_dir`]'s fallback leaves the previous dataset there
/// alone. Returns the paths removed.
pub fn remove_stale_temps(dir: &Path) -> Vec<PathBuf> {
    let parent = parent_of(dir);
    let Ok(entries) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    let prefix = format!(".{}.tmp-", name_of(dir));
    let mut removed = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // PREFIX + PID.START + '-' + random.
        let owner = name
            .strip_prefix(prefix.as_str())
            .and_then(|rest| rest.split_once('-'))
            .map(|(tag, _)| tag);
        if owner.is_some_and(crate::interrupt::owner_gone) && crate::interrupt::remove(&e.path()) {
            removed.push(e.path());
        }
    }
    removed.sort();
    removed
}

/// Create `rel`'s folders inside `root`, which must exist: unlike
/// `create_dir_all`, this never recreates `root` once an interrupt removed it.
pub fn create_dirs_under(root: &Path, rel: &Path) -> Result<()> {
    let mut at = root.to_path_buf();
    for c in rel.components() {
        at.push(c);
        match fs::create_dir(&at) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && at.is_dir() => {}
            Err(e) => return Err(Error::io(&at, e)),
        }
    }
    Ok(())
}

/// The folder [`replace_dir`] moved out of the way, at `path` inside a
/// temporary folder that is removed (with whatever is left) when this drops.
pub struct Previous {
    pub path: PathBuf,
    _holder: TempDir,
}

/// Put the finished folder `tmp` (made beside `dir`, so on its file system)
/// in `dir`'s place and make that durable. The previous `dir`, if any, is
/// returned for removal. On failure `dir` is as it was. An interrupt waits
/// for this to finish.
pub fn replace_dir(tmp: TempDir, dir: &Path) -> Result<Option<Previous>> {
    crate::interrupt::hold(|| replace_dir_held(tmp, dir))
}

fn replace_dir_held(tmp: TempDir, dir: &Path) -> Result<Option<Previous>> {
    let parent = parent_of(dir);
    if !dir.exists() {
        fs::rename(tmp.path(), dir).map_err(|e| Error::io(dir, e))?;
        // The temp dir was renamed away; forget it so Drop does not look for it.
        let _ = tmp.keep();
        sync_dir(&parent);
        return Ok(None);
    }
    // Swapped in one step where the file system can: a reader of `dir`
    // sees the previous folder or the new one, never none.
    if exchange(tmp.path(), dir).map_err(|e| Error::io(dir, e))? {
        sync_dir(&parent);
        return Ok(Some(Previous {
            path: tmp.path().to_path_buf(),
            _holder: tmp,
        }));
    }
    // Otherwise two renames, with a moment between them where `dir` is absent.
    let old = TempDir::new_in(&parent, &format!(".{}.old-", name_of(dir)))?;
    let old_path = old.path().join("previous");
    fs::rename(dir, &old_path).map_err(|e| Error::io(dir, e))?;
    if let Err(e) = fs::rename(tmp.path(), dir) {
        // Put the previous folder back before reporting; if even that fails,
        // keep it where it is and say where.
        if let Err(back) = fs::rename(&old_path, dir) {
            let kept = old.keep();
            return Err(Error::Restore {
                dir: dir.to_path_buf(),
                kept: kept.join("previous"),
                error: e,
                restore: back,
            });
        }
        return Err(Error::io(dir, e));
    }
    let _ = tmp.keep();
    sync_dir(&parent);
    Ok(Some(Previous {
        path: old_path,
        _holder: old,
    }))
}

/// Swap two paths atomically (`renameat2(RENAME_EXCHANGE)`). `Ok(false)`
/// when this system or file system cannot (then nothing changed).
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            // Older kernels (ENOSYS) and file systems without the flag
            // (EINVAL, e.g. NFS or some overlays).
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Make a rename in `dir` durable. Best effort: the files themselves were
/// synced, and some file systems cannot sync a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The first Markdown file below `dir` (links not followed), if any: a folder
/// holding pages is never replaced, even with `--force`.
pub fn markdown_inside(dir: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| {
                        x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown")
                    })
        })
        .map(|e| e.into_path())
}

/// Write bytes to `path` via a temporary file in the same folder
/// (`.NAME.tmp-PID.START-XXXXXX`, removed by an interrupt), synced, and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(
            ".{}.tmp-{}-",
            name_of(path),
            crate::interrupt::owner_tag()
        ))
        .tempfile_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let _guard = crate::interrupt::register(tmp.path());
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Error::io(path, e))?;
    // Temp files are created 0600; a result file should be as readable as any other.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, e))?;
    }
    // Synced before the rename and the folder after it, like a dataset: a
    // power loss leaves the old file or the whole new one.
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    crate::interrupt::file_written();
    crate::interrupt::hold(|| tmp.persist(path)).map_err(|e| Error::io(path, e.error))?;
    sync_dir(&parent);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_swaps_two_folders_or_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("from-a"), "").unwrap();
        fs::write(b.join("from-b"), "").unwrap();
        if exchange(&a, &b).unwrap() {
            assert!(a.join("from-b").is_file() && b.join("from-a").is_file());
            assert!(!a.join("from-a").exists() && !b.join("from-b").exists());
        } else {
            // The fallback (two renames) is what runs then.
            eprintln!("note: this file system cannot exchange folders");
            assert!(a.join("from-a").is_file() && b.join("from-b").is_file());
        }
        // A missing side is an error, not a silent fallback.
        assert!(exchange(&tmp.path().join("missing"), &a).is_err());
    }
}

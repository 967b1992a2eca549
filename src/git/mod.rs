//! Repositories as inputs: the repos file, the cache, and reading pages at a
//! commit straight from git's objects (no checkout).
//!
//! This uses the `git` command line rather than a library: every machine that
//! has repositories has it, it speaks every transport and credential helper
//! the user already set up (HTTPS tokens, SSH agents), and it supports
//! blobless partial clones, so a cohort's images are never downloaded. A
//! library (gix) would add a large dependency tree to an already long build
//! for no capability the tool needs.

pub mod list;
pub mod repo;
pub mod url;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use list::{LineError, RepoLine};
pub use repo::{GitError, RepoDir};

/// A file of a repository at the commit read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Path inside the repository, `/`-separated.
    pub path: String,
    /// Blob id: changes exactly when the content does.
    pub oid: String,
    /// When the last commit that changed it was made (Unix seconds).
    pub committed_at: Option<i64>,
}

/// One repository, synced and resolved: what extraction reads.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub line: RepoLine,
    pub dir: RepoDir,
    /// The commit read (full hash).
    pub commit: String,
    /// The files `keep` selected, in path order.
    pub files: Vec<TreeFile>,
    /// Something worth a warning that did not stop the read (a failed fetch
    /// of a cached repository).
    pub warning: Option<String>,
}

/// Sync `line`'s repository into `cache_root`, resolve its ref, list the files
/// `keep` selects with their last change, and fetch their blobs.
pub fn snapshot(
    line: &RepoLine,
    cache_root: &Path,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Snapshot, GitError> {
    let (dir, warning) = repo::sync(line, cache_root)?;
    let (commit, _) = repo::resolve(&dir, line.reference.as_deref())?;
    let mut files: Vec<TreeFile> = repo::list_tree(&dir, &commit)?
        .into_iter()
        .filter(|(p, _)| keep(p))
        .map(|(path, oid)| TreeFile {
            path,
            oid,
            committed_at: None,
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let wanted: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let when = repo::last_changes(&dir, &commit, &wanted)?;
    for f in &mut files {
        f.committed_at = when.get(&f.path).copied();
    }
    let oids: Vec<String> = files.iter().map(|f| f.oid.clone()).collect();
    repo::prefetch(&dir, &oids)?;
    Ok(Snapshot {
        line: line.clone(),
        dir,
        commit,
        files,
        warning,
    })
}

/// The default cache: `$XDG_CACHE_HOME/worklog-analyze/repos`, else the
/// platform's cache folder (`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`).
pub fn default_cache() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = env("XDG_CACHE_HOME")
        .or_else(|| {
            if cfg!(windows) {
                env("LOCALAPPDATA")
            } else if cfg!(target_os = "macos") {
                env("HOME").map(|h| h.join("Library").join("Caches"))
            } else {
                env("HOME").map(|h| h.join(".cache"))
            }
        })
        .unwrap_or_else(std::env::temp_dir);
    base.join("worklog-analyze").join("repos")
}

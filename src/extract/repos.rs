//! `--repos FILE`: sync every listed repository (a few at a time), then name
//! its pages as the folder walk would, with their provenance.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::walk::{page_candidate, GitFile, GitRepo, InputFile};
use crate::diag::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::git::{self, GitError, RepoLine, Snapshot};
use crate::model::RepoRecord;
use crate::output::progress::Progress;

/// Where the repositories are listed and cached.
#[derive(Debug, Clone)]
pub struct ReposInput {
    pub file: PathBuf,
    pub cache: PathBuf,
    /// Repositories synced at once (network-bound: more than the cores).
    pub jobs: usize,
}

/// What the repos file gave: pages to read, the repositories for the
/// manifest, and diagnostics for the lines that could not be read.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<InputFile>,
    pub repos: Vec<RepoRecord>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Read the repos file and sync its repositories (`jobs` at a time, with a
/// progress bar when `progress`). A repository that cannot be read is a
/// `repo_error` on its line; the others are read.
pub fn discover(input: &ReposInput, progress: bool) -> Result<Found> {
    let text = std::fs::read_to_string(&input.file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::MissingInput(input.file.clone()),
        _ => Error::io(&input.file, e),
    })?;
    let listed_in = input.file.display().to_string();
    let (mut lines, errors) = git::list::parse(&text);
    // A relative path names a repository beside the repos file, wherever the command runs.
    let base = input.file.parent().unwrap_or(Path::new(""));
    for l in &mut lines {
        if !git::url::is_url(&l.location) && Path::new(&l.location).is_relative() {
            l.location = base.join(&l.location).display().to_string();
        }
    }
    let mut found = Found::default();
    for e in errors {
        found.diagnostics.push(Diagnostic::new(
            &listed_in,
            Some(e.line),
            Code::RepoError,
            e.message,
        ));
    }
    let results = sync_all(&lines, &input.cache, input.jobs.max(1), progress);
    for (line, result) in lines.iter().zip(results) {
        let at = |code: Code, message: String| {
            let mut d = Diagnostic::new(&listed_in, Some(line.line), code, message);
            d.intern.clone_from(&line.intern);
            d
        };
        let shown = line.shown();
        let mut record = RepoRecord {
            line: line.line,
            repo: shown.clone(),
            intern: line.intern.clone(),
            reference: line.reference.clone(),
            commit: None,
        };
        match result {
            Err(e) => {
                let why = match &e {
                    GitError::NoRef(r) => format!("{shown}: ref {r:?} does not exist"),
                    e => format!("{shown}: {e}"),
                };
                found.diagnostics.push(at(Code::RepoError, why));
            }
            Ok(snap) => {
                if let Some(w) = &snap.warning {
                    found
                        .diagnostics
                        .push(at(Code::RepoStale, format!("{shown}: {w}")));
                }
                if snap.files.is_empty() {
                    found.diagnostics.push(at(
                        Code::NoWorklogPages,
                        format!(
                            "{shown}: no Markdown pages at commit {}",
                            short(&snap.commit)
                        ),
                    ));
                }
                record.commit = Some(snap.commit.clone());
                found.files.extend(input_files(snap, &listed_in));
            }
        }
        found.repos.push(record);
    }
    Ok(found)
}

/// The local repositories `file` lists (paths and `file://` URLs), resolved
/// as [`discover`] resolves them: what an output must not overwrite. An
/// unreadable file lists none (reading it reports that).
pub fn local_paths(file: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let base = file.parent().unwrap_or(Path::new(""));
    git::list::parse(&text)
        .0
        .into_iter()
        .filter_map(|l| {
            if let Some(p) = l.location.strip_prefix("file://") {
                return Some(PathBuf::from(p));
            }
            (!git::url::is_url(&l.location)).then(|| base.join(&l.location))
        })
        .collect()
}

/// A commit's first 12 hex digits, as messages show it.
pub(super) fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

/// The pages of a snapshot as input files of the site `intern`, named
/// `intern/path-in-repo` so paths stay unique across repositories.
fn input_files(snap: Snapshot, listed_in: &str) -> Vec<InputFile> {
    let repo = Arc::new(GitRepo {
        dir: snap.dir,
        shown: snap.line.shown(),
        commit: snap.commit,
        listed_in: listed_in.to_string(),
        line: snap.line.line,
    });
    snap.files
        .into_iter()
        .map(|f| InputFile {
            path: PathBuf::from(&f.path),
            source_path: format!("{}/{}", snap.line.intern, f.path),
            intern: snap.line.intern.clone(),
            explicit: false,
            git: Some(GitFile {
                repo: Arc::clone(&repo),
                oid: f.oid,
                committed_at: f.committed_at,
            }),
        })
        .collect()
}

/// Sync every line, `jobs` at a time; results in line order.
fn sync_all(
    lines: &[RepoLine],
    cache: &Path,
    jobs: usize,
    progress: bool,
) -> Vec<std::result::Result<Snapshot, GitError>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<std::result::Result<Snapshot, GitError>>>> =
        Mutex::new((0..lines.len()).map(|_| None).collect());
    let bar = Progress::new("repositories", lines.len(), progress).with_bar();
    std::thread::scope(|s| {
        for _ in 0..jobs.min(lines.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(line) = lines.get(i) else {
                    break;
                };
                let r = git::snapshot(line, cache, &page_candidate);
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(r);
                }
                bar.tick_named(&line.intern);
            });
        }
    });
    bar.finish();
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(GitError::Failed("not synced".into()))))
        .collect()
}

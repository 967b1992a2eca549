//! The git command line: clone or fetch into the cache, resolve a ref, list a
//! commit's tree, find when each file last changed, read blobs. No checkout:
//! every read is from the object database.
//!
//! Every message that leaves this module went through [`redact_text`], so a
//! URL's credentials never reach a diagnostic or the terminal.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::url::{default_name, is_url, redact, redact_text};
use super::RepoLine;

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git ({0}); install git to read repositories")]
    NoGit(String),
    /// A git command failed; the message is git's own, credentials removed.
    #[error("{0}")]
    Failed(String),
    #[error("ref {0:?} does not exist in the repository")]
    NoRef(String),
    #[error("{0}: cannot create the cache folder: {1}")]
    Cache(PathBuf, std::io::Error),
}

type Result<T> = std::result::Result<T, GitError>;

/// A git command that never prompts (a missing credential fails instead of
/// waiting on a terminal nobody watches) and gives up on a stalled transfer.
fn git(dir: Option<&Path>) -> Command {
    let mut c = Command::new("git");
    if let Some(d) = dir {
        c.arg("-C").arg(d);
    }
    c.args([
        "-c",
        "http.lowSpeedLimit=1000",
        "-c",
        "http.lowSpeedTime=60",
    ]);
    c.env("GIT_TERMINAL_PROMPT", "0");
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        c.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    c.stdin(Stdio::null());
    c
}

/// Run to completion; stdout on success, git's last words (redacted) on failure.
fn output(mut cmd: Command) -> Result<Vec<u8>> {
    let out = cmd.output().map_err(|e| GitError::NoGit(e.to_string()))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed(failure(&out.stderr)))
    }
}

/// git's error lines (`fatal:`/`error:` first), joined, credentials removed.
fn failure(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let errors: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .collect();
    let chosen = if errors.is_empty() { lines } else { errors };
    let msg = chosen.join("; ");
    if msg.is_empty() {
        "git failed without a message".to_string()
    } else {
        redact_text(&msg)
    }
}

/// Run git in `dir` with `args` to completion (see [`output`]).
fn git_in(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let mut c = git(Some(dir));
    c.args(args);
    output(c)
}

/// Where a repository's objects are: its cache folder, or a local repository in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoDir(pub PathBuf);

/// The cache folder of a URL: `<name>-<hash of the URL without credentials>.git`.
pub fn cache_path(cache_root: &Path, location: &str) -> PathBuf {
    let name: String = default_name(location)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let id = crate::model::stable_id(&[&redact(location)]);
    cache_root.join(format!("{name}-{}.git", &id[..12]))
}

/// Make the repository of `line` readable: a local path is read in place; a
/// URL is cloned into the cache (bare, blobs fetched only when read) or, if
/// cached, fetched. A failed fetch of a cached repository falls back to what
/// the cache holds, with a warning.
pub fn sync(line: &RepoLine, cache_root: &Path) -> Result<(RepoDir, Option<String>)> {
    if !is_url(&line.location) {
        let dir = PathBuf::from(&line.location);
        if !dir.exists() {
            return Err(GitError::Failed(format!(
                "{} does not exist",
                redact(&line.location)
            )));
        }
        git_in(&dir, &["rev-parse", "--git-dir"]).map_err(|e| match e {
            GitError::Failed(m) => GitError::Failed(format!("not a git repository: {m}")),
            e => e,
        })?;
        return Ok((RepoDir(dir), None));
    }
    let dir = cache_path(cache_root, &line.location);
    if dir.join("HEAD").is_file() {
        return match fetch(&dir) {
            Ok(()) => Ok((RepoDir(dir), None)),
            Err(GitError::Failed(m)) => Ok((
                RepoDir(dir),
                Some(format!("fetch failed ({m}); read the cached copy")),
            )),
            Err(e) => Err(e),
        };
    }
    clone(&line.location, &dir)?;
    Ok((RepoDir(dir), None))
}

/// Clone bare into a temporary folder beside `dir`, then rename: an
/// interrupted clone never looks like a cached repository.
fn clone(location: &str, dir: &Path) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| GitError::Cache(parent.to_path_buf(), e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".clone-")
        .tempdir_in(parent)
        .map_err(|e| GitError::Cache(parent.to_path_buf(), e))?;
    let target = tmp.path().join("repo.git");
    output({
        let mut c = git(None);
        // Blobless: the whole history of commits and trees (for each page's last
        // change), but only the blobs that are read (pages, not images).
        c.args(["clone", "--bare", "--quiet", "--filter=blob:none", "--"])
            .arg(location)
            .arg(&target);
        c
    })?;
    // A bare clone has no fetch refspec: give it the branches, for later fetches.
    git_in(
        &target,
        &[
            "config",
            "remote.origin.fetch",
            "+refs/heads/*:refs/heads/*",
        ],
    )?;
    match std::fs::rename(&target, dir) {
        Ok(()) => Ok(()),
        // Another run cloned it meanwhile: use theirs.
        Err(_) if dir.join("HEAD").is_file() => Ok(()),
        Err(e) => Err(GitError::Cache(dir.to_path_buf(), e)),
    }
}

/// Bring a cached clone up to date: branches, tags, and the remote's HEAD.
fn fetch(dir: &Path) -> Result<()> {
    git_in(dir, &["fetch", "--quiet", "--prune", "--tags", "origin"])?;
    let head = git_in(dir, &["ls-remote", "--symref", "origin", "HEAD"])?;
    let head = String::from_utf8_lossy(&head);
    if let Some(branch) = head
        .lines()
        .find_map(|l| l.strip_prefix("ref: ")?.strip_suffix("\tHEAD"))
    {
        git_in(dir, &["symbolic-ref", "HEAD", branch])?;
    }
    Ok(())
}

/// The commit `reference` names (default HEAD) and its commit time (Unix seconds).
pub fn resolve(repo: &RepoDir, reference: Option<&str>) -> Result<(String, i64)> {
    let name = reference.unwrap_or("HEAD");
    let spec = format!("{name}^{{commit}}");
    let out = git_in(
        &repo.0,
        &[
            "log",
            "-1",
            "--format=%H %ct",
            "--end-of-options",
            &spec,
            "--",
        ],
    )
    .map_err(|_| GitError::NoRef(name.to_string()))?;
    let text = String::from_utf8_lossy(&out);
    let mut parts = text.split_whitespace();
    match (parts.next(), parts.next().and_then(|t| t.parse().ok())) {
        (Some(h), Some(t)) => Ok((h.to_string(), t)),
        _ => Err(GitError::NoRef(name.to_string())),
    }
}

/// Every regular file of `commit`'s tree: (path, blob id). Symlinks and
/// submodules are left out (neither holds a page).
pub fn list_tree(repo: &RepoDir, commit: &str) -> Result<Vec<(String, String)>> {
    let out = git_in(&repo.0, &["ls-tree", "-r", "-z", "--full-tree", commit])?;
    let mut files = Vec::new();
    for entry in out.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut m = meta.split(' ');
        if let (Some(mode), Some("blob"), Some(oid)) = (m.next(), m.next(), m.next()) {
            if mode != "120000" {
                files.push((path.to_string(), oid.to_string()));
            }
        }
    }
    Ok(files)
}

/// When each of `paths` last changed in `commit`'s history (Unix seconds, the
/// commit time). The log is read newest first and stopped once every path is
/// found. Without rename detection: it would need every old blob.
pub fn last_changes(
    repo: &RepoDir,
    commit: &str,
    paths: &HashSet<String>,
) -> Result<HashMap<String, i64>> {
    let mut found: HashMap<String, i64> = HashMap::new();
    if paths.is_empty() {
        return Ok(found);
    }
    let mut child = git(Some(&repo.0))
        .args([
            "log",
            "-z",
            "--no-renames",
            "--name-only",
            "--format=%x01%ct",
            commit,
            "--",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| GitError::NoGit(e.to_string()))?;
    let Some(stdout) = child.stdout.take() else {
        return Err(GitError::Failed("git log gave no output".into()));
    };
    let mut reader = BufReader::new(stdout);
    let mut when: Option<i64> = None;
    let mut token = Vec::new();
    loop {
        token.clear();
        let n = reader
            .read_until(0, &mut token)
            .map_err(|e| GitError::Failed(format!("reading git log: {e}")))?;
        if n == 0 {
            break;
        }
        if token.last() == Some(&0) {
            token.pop();
        }
        let text = String::from_utf8_lossy(&token);
        let text = text.trim_start_matches('\n');
        if let Some(t) = text.strip_prefix('\u{1}') {
            when = t.trim().parse().ok();
        } else if let Some(t) = when {
            if paths.contains(text) && !found.contains_key(text) {
                found.insert(text.to_string(), t);
                if found.len() == paths.len() {
                    break;
                }
            }
        }
    }
    drop(reader);
    // Stopped early on purpose: git may die of the closed pipe; that is no failure.
    let _ = child.kill();
    let status = child.wait().map_err(|e| GitError::Failed(e.to_string()))?;
    if found.len() < paths.len() && !status.success() {
        let mut err = Vec::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_end(&mut err);
        }
        return Err(GitError::Failed(failure(&err)));
    }
    Ok(found)
}

/// Fetch, in one request, the blobs a blobless clone lacks (reading them one
/// by one would cost a round trip each). A no-op for complete repositories.
pub fn prefetch(repo: &RepoDir, oids: &[String]) -> Result<()> {
    let promisor =
        git_in(&repo.0, &["config", "--get", "remote.origin.promisor"]).unwrap_or_default();
    if String::from_utf8_lossy(&promisor).trim() != "true" || oids.is_empty() {
        return Ok(());
    }
    let mut check = git(Some(&repo.0));
    check
        .args(["cat-file", "--batch-check"])
        .env("GIT_NO_LAZY_FETCH", "1");
    let out = with_stdin(check, oids)?;
    let missing: Vec<String> = String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| l.strip_suffix(" missing"))
        .map(str::to_string)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut c = git(Some(&repo.0));
    c.args([
        "-c",
        "fetch.negotiationAlgorithm=noop",
        "fetch",
        "--quiet",
        "--no-tags",
        "--no-write-fetch-head",
        "--recurse-submodules=no",
        "--filter=blob:none",
        "--stdin",
        "origin",
    ]);
    with_stdin(c, &missing).map(|_| ())
}

/// Run with `lines` on stdin (written from a thread, so a full stdout pipe
/// cannot deadlock the writer).
fn with_stdin(mut cmd: Command, lines: &[String]) -> Result<Vec<u8>> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| GitError::NoGit(e.to_string()))?;
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut s) = stdin {
            let _ = s.write_all(input.as_bytes());
        }
    });
    let out = child
        .wait_with_output()
        .map_err(|e| GitError::Failed(e.to_string()))?;
    let _ = writer.join();
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed(failure(&out.stderr)))
    }
}

/// The size of each of `oids`, in order (`None` for an object the repository
/// does not have): known without reading the objects.
pub fn blob_sizes(repo: &RepoDir, oids: &[String]) -> Result<Vec<Option<u64>>> {
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = git(Some(&repo.0));
    c.args(["cat-file", "--batch-check"])
        .env("GIT_NO_LAZY_FETCH", "1");
    let out = with_stdin(c, oids)?;
    let sizes: Vec<Option<u64>> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| l.split(' ').nth(2).and_then(|n| n.parse().ok()))
        .collect();
    if sizes.len() != oids.len() {
        return Err(GitError::Failed(
            "git cat-file --batch-check: output ended early".into(),
        ));
    }
    Ok(sizes)
}

/// The contents of `oids`, in order; `None` for an object the repository
/// lacks. Never touches the network (blobs were prefetched).
pub fn read_blobs(repo: &RepoDir, oids: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = git(Some(&repo.0));
    c.args(["cat-file", "--batch"])
        .env("GIT_NO_LAZY_FETCH", "1");
    let out = with_stdin(c, oids)?;
    let mut blobs = Vec::with_capacity(oids.len());
    let mut rest: &[u8] = &out;
    for _ in oids {
        let Some(nl) = rest.iter().position(|b| *b == b'\n') else {
            return Err(GitError::Failed("git cat-file: output ended early".into()));
        };
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = &rest[nl + 1..];
        let mut h = header.split(' ');
        let (_, kind, size) = (h.next(), h.next(), h.next());
        match (kind, size.and_then(|s| s.parse::<usize>().ok())) {
            (Some(_), Some(size)) if rest.len() > size => {
                blobs.push(Some(rest[..size].to_vec()));
                // The content is followed by a newline.
                rest = &rest[size + 1..];
            }
            _ => blobs.push(None),
        }
    }
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn failure_keeps_errors_and_drops_credentials() {
        let stderr = b"Cloning into bare repository 'x'...\nfatal: unable to access 'https://u:pw@h.org/r.git/': Could not resolve host: h.org\n";
        assert_eq!(
            super::failure(stderr),
            "fatal: unable to access 'https://h.org/r.git/': Could not resolve host: h.org"
        );
    }

    #[test]
    fn cache_path_ignores_credentials() {
        let root = std::path::Path::new("/c");
        let a = super::cache_path(root, "https://u:p@github.com/a/worklog.git");
        let b = super::cache_path(root, "https://github.com/a/worklog.git");
        assert_eq!(a, b);
        assert!(a.to_string_lossy().starts_with("/c/worklog-"));
        assert!(!a.to_string_lossy().contains("u:p"));
    }
}

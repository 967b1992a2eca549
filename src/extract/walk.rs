//! Find Markdown pages under the inputs and tell which intern (site) each belongs to.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::error::{Error, Result};

/// Folders that never hold worklog pages (Hugo themes, build output, dependencies).
const SKIP_DIRS: &[&str] = &[
    "themes",
    "node_modules",
    "public",
    "resources",
    "vendor",
    "static",
    "assets",
    "layouts",
    "archetypes",
    "i18n",
    "target",
];

/// Files whose presence marks a Hugo site root.
const SITE_MARKERS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// Relative to the input root, `/`-separated.
    pub source_path: String,
    pub intern: String,
    /// Named on the command line itself (always treated as a worklog page).
    pub explicit: bool,
    /// Read from a repository's objects, not from `path`.
    pub git: Option<GitFile>,
}

/// A page in a repository at the commit read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitFile {
    pub repo: Arc<GitRepo>,
    pub oid: String,
    /// When the last commit that changed the page was made (Unix seconds).
    pub committed_at: Option<i64>,
}

/// A repository read, shared by its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitRepo {
    pub dir: crate::git::RepoDir,
    /// URL or path without credentials.
    pub shown: String,
    pub commit: String,
    /// The repos file and its line, for diagnostics about the repository.
    pub listed_in: String,
    pub line: u32,
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// README/CHANGELOG/LICENSE files document a repository; Hugo never renders them as pages.
fn is_repo_doc(p: &Path) -> bool {
    p.file_stem().and_then(|s| s.to_str()).is_some_and(|s| {
        let s = s.to_ascii_uppercase();
        [
            "README",
            "CHANGELOG",
            "LICENSE",
            "CONTRIBUTING",
            "CODE_OF_CONDUCT",
        ]
        .iter()
        .any(|d| s == *d || s.starts_with(&format!("{d}.")))
    })
}

fn dir_name(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    abs.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string())
}

fn is_site_root(dir: &Path, cache: &mut HashMap<PathBuf, bool>) -> bool {
    *cache.entry(dir.to_path_buf()).or_insert_with(|| {
        dir.join("content").is_dir() || SITE_MARKERS.iter().any(|m| dir.join(m).is_file())
    })
}

/// The nearest site root at or above `file` (a folder holding `content/` or a
/// Hugo config), looking no higher than `stop`.
fn site_root(
    file: &Path,
    stop: Option<&Path>,
    cache: &mut HashMap<PathBuf, bool>,
) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.file_name().is_some_and(|n| n == "content") {
            if let Some(site) = d.parent() {
                return Some(site.to_path_buf());
            }
        }
        if is_site_root(d, cache) {
            return Some(d.to_path_buf());
        }
        if stop.is_some_and(|s| s == d) {
            break;
        }
        dir = d.parent();
    }
    None
}

fn slash_path(p: &Path) -> String {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn looks_like_worklog_dir(name: &str) -> bool {
    crate::page::is_worklog_folder(name) || name.to_lowercase().contains("content")
}

/// Record what a walked entry tells about its folder (or, for a folder, that it
/// was seen): a `content/` folder or a Hugo config marks its parent a site root.
/// Unseen folders (a walk error) are left to [`is_site_root`]'s stat calls.
fn note_site_marker(entry: &walkdir::DirEntry, cache: &mut HashMap<PathBuf, bool>) {
    let ty = entry.file_type();
    if ty.is_dir() {
        cache.entry(entry.path().to_path_buf()).or_insert(false);
    }
    let name = entry.file_name();
    let marks = (ty.is_dir() && name == "content")
        || (ty.is_file() && SITE_MARKERS.iter().any(|m| name == *m));
    if marks {
        if let Some(parent) = entry.path().parent() {
            cache.insert(parent.to_path_buf(), true);
        }
    }
}

/// A folder never walked: hidden, or one of [`SKIP_DIRS`].
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || SKIP_DIRS.contains(&name)
}

/// Whether a path inside a site (`content/1-Worklog/week-1.md`) may hold a page:
/// Markdown, not a repository document, not under a skipped or hidden folder.
pub fn page_candidate(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let Some(file) = parts.pop() else {
        return false;
    };
    let p = Path::new(file);
    is_markdown(p) && !is_repo_doc(p) && !parts.iter().any(|d| skipped_dir(d))
}

/// Every Markdown file under `inputs`, sorted, with its intern. Walk problems
/// (symlink loops, unreadable folders) become diagnostics.
pub fn discover(
    inputs: &[PathBuf],
    intern: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<InputFile>> {
    let mut cache = HashMap::new();
    // canonicalize() per file would be a syscall per page; names are per folder.
    let mut names: HashMap<PathBuf, String> = HashMap::new();
    let mut out = Vec::new();
    for root in inputs {
        let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingInput(root.clone()),
            _ => Error::io(root, e),
        })?;
        if meta.is_file() {
            // Relative to the site's parent, as a walk of the cohort folder would name it,
            // so the week folder and the site stay in the path; else the path as given.
            let site = site_root(root, None, &mut cache);
            let source_path = site
                .as_ref()
                .and_then(|site| {
                    let abs = std::fs::canonicalize(root).ok()?;
                    let base = std::fs::canonicalize(site).ok()?;
                    let base = base.parent().unwrap_or(&base).to_path_buf();
                    abs.strip_prefix(&base).ok().map(slash_path)
                })
                .unwrap_or_else(|| slash_path(root));
            let found = site.as_deref().map(dir_name);
            out.push(InputFile {
                path: root.clone(),
                source_path,
                intern: intern
                    .map(str::to_string)
                    .or(found)
                    .unwrap_or_else(|| root.parent().map(dir_name).unwrap_or_default()),
                explicit: true,
                git: None,
            });
            continue;
        }
        let root_name = dir_name(root);
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_type().is_dir()
                    || !e.file_name().to_str().is_some_and(skipped_dir)
            });
        let mut pages: Vec<PathBuf> = Vec::new();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let at = err
                        .path()
                        .map(|p| {
                            p.strip_prefix(root)
                                .unwrap_or(p)
                                .to_string_lossy()
                                .replace('\\', "/")
                        })
                        .unwrap_or_default();
                    let msg = if err.loop_ancestor().is_some() {
                        "symlink loop, not followed".to_string()
                    } else {
                        err.to_string()
                    };
                    diags.push(Diagnostic::new(&at, None, Code::WalkError, msg));
                    continue;
                }
            };
            // The walk sees every folder's markers: record them, so finding each
            // page's site root costs no stat calls (it was ~8 per folder).
            note_site_marker(&entry, &mut cache);
            if entry.file_type().is_file()
                && is_markdown(entry.path())
                && !is_repo_doc(entry.path())
            {
                pages.push(entry.into_path());
            }
        }
        for path in pages {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let mut source_path = slash_path(rel);
            if inputs.len() > 1 {
                // Several roots: name the root so paths stay unique and findable.
                source_path = format!("{root_name}/{source_path}");
            }
            let found = site_root(&path, Some(root), &mut cache)
                .map(|s| names.entry(s).or_insert_with_key(|s| dir_name(s)).clone());
            // No Hugo markers: a cohort folder's first level names the intern, else the root does.
            let fallback = || {
                let first = slash_path(rel).split('/').next().map(str::to_string);
                match first {
                    Some(f) if rel.components().count() > 1 && !looks_like_worklog_dir(&f) => f,
                    _ => root_name.clone(),
                }
            };
            out.push(InputFile {
                path: path.clone(),
                source_path,
                intern: intern
                    .map(str::to_string)
                    .or(found)
                    .unwrap_or_else(fallback),
                explicit: false,
                git: None,
            });
        }
    }
    Ok(out)
}

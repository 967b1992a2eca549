//! Find Markdown pages under the inputs and tell which intern (site) each belongs to.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// The intern of a file: the nearest site root at or above it (a folder holding
/// `content/` or a Hugo config), else the folder holding the file.
fn intern_for(file: &Path, stop: Option<&Path>, cache: &mut HashMap<PathBuf, bool>) -> String {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.file_name().is_some_and(|n| n == "content") {
            if let Some(site) = d.parent() {
                return dir_name(site);
            }
        }
        if is_site_root(d, cache) {
            return dir_name(d);
        }
        if stop.is_some_and(|s| s == d) {
            break;
        }
        dir = d.parent();
    }
    file.parent().map(dir_name).unwrap_or_default()
}

/// Every Markdown file under `inputs`, sorted, with its intern. Walk problems
/// (symlink loops, unreadable folders) become diagnostics.
pub fn discover(
    inputs: &[PathBuf],
    intern: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<InputFile>> {
    let mut cache = HashMap::new();
    let mut out = Vec::new();
    for root in inputs {
        let meta = std::fs::metadata(root).map_err(|_| Error::MissingInput(root.clone()))?;
        if meta.is_file() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push(InputFile {
                path: root.clone(),
                source_path: name,
                intern: intern.map_or_else(|| intern_for(root, None, &mut cache), str::to_string),
                explicit: true,
            });
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_type().is_dir()
                    || !e
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with('.') || SKIP_DIRS.contains(&n))
            });
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
            if !entry.file_type().is_file()
                || !is_markdown(entry.path())
                || is_repo_doc(entry.path())
            {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let source_path = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(InputFile {
                path: entry.path().to_path_buf(),
                source_path,
                intern: intern.map_or_else(
                    || intern_for(entry.path(), Some(root), &mut cache),
                    str::to_string,
                ),
                explicit: false,
            });
        }
    }
    Ok(out)
}

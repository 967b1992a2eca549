//! Find Markdown pages under the inputs and tell which intern (site) each belongs to.

use std::collections::HashMap;
use std::ffi::OsString;
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
    const DOCS: [&str; 5] = [
        "README",
        "CHANGELOG",
        "LICENSE",
        "CONTRIBUTING",
        "CODE_OF_CONDUCT",
    ];
    p.file_stem().and_then(|s| s.to_str()).is_some_and(|s| {
        // `README` or `README.<anything>`, in any case (compared in place:
        // this runs once per file of the walk).
        DOCS.iter().any(|d| {
            s.len() >= d.len()
                && s.as_bytes()[..d.len()].eq_ignore_ascii_case(d.as_bytes())
                && (s.len() == d.len() || s.as_bytes()[d.len()] == b'.')
        })
    })
}

fn dir_name(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    abs.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string())
}

/// Folder → whether it is a site root. Keyed by the path as written (the
/// walk builds every path from its root the same way): hashing a `Path`
/// parses its components, and this map is read for every page.
type Markers = HashMap<OsString, bool>;

/// Add a later part's markers: a folder any part saw a marker in is a site root.
fn merge_markers(into: &mut Markers, from: Markers) {
    if into.is_empty() {
        *into = from;
        return;
    }
    for (dir, site) in from {
        *into.entry(dir).or_insert(false) |= site;
    }
}

/// A `content/` folder or a Hugo config in `dir`, looked up on disk.
fn has_site_marker(dir: &Path) -> bool {
    dir.join("content").is_dir() || SITE_MARKERS.iter().any(|m| dir.join(m).is_file())
}

fn is_site_root(dir: &Path, cache: &mut Markers) -> bool {
    // Looked up by reference first: nearly every folder was seen by the walk.
    if let Some(&known) = cache.get(dir.as_os_str()) {
        return known;
    }
    let site = has_site_marker(dir);
    cache.insert(dir.as_os_str().to_owned(), site);
    site
}

/// The nearest site root at or above `file` (a folder holding `content/` or a
/// Hugo config), looking no higher than `stop`.
fn site_root(file: &Path, stop: Option<&Path>, cache: &mut Markers) -> Option<PathBuf> {
    find_site_root(file, stop, |d| is_site_root(d, cache))
}

/// [`site_root`] with the walk's markers only read (so pages can be placed in
/// parallel): a folder the walk did not list is looked at, not remembered.
fn site_root_seen(file: &Path, stop: Option<&Path>, seen: &Markers) -> Option<PathBuf> {
    find_site_root(file, stop, |d| match seen.get(d.as_os_str()) {
        Some(&site) => site,
        None => has_site_marker(d),
    })
}

fn find_site_root(
    file: &Path,
    stop: Option<&Path>,
    mut is_root: impl FnMut(&Path) -> bool,
) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.file_name().is_some_and(|n| n == "content") {
            if let Some(site) = d.parent() {
                return Some(site.to_path_buf());
            }
        }
        if is_root(d) {
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
fn note_site_marker(entry: &walkdir::DirEntry, cache: &mut Markers) {
    let ty = entry.file_type();
    if ty.is_dir() {
        cache
            .entry(entry.path().as_os_str().to_owned())
            .or_insert(false);
    }
    let name = entry.file_name();
    let marks = (ty.is_dir() && name == "content")
        || (ty.is_file() && SITE_MARKERS.iter().any(|m| name == *m));
    if marks {
        if let Some(parent) = entry.path().parent() {
            cache.insert(parent.as_os_str().to_owned(), true);
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

/// What walking a folder found: its Markdown pages (sorted, depth first), walk
/// problems as diagnostics, and the folders seen with whether each is a site root.
#[derive(Default)]
struct Walked {
    pages: Vec<PathBuf>,
    diags: Vec<Diagnostic>,
    markers: Markers,
}

impl Walked {
    /// Append a later part of the same walk.
    fn absorb(&mut self, later: Walked) {
        self.pages.extend(later.pages);
        self.diags.extend(later.diags);
        merge_markers(&mut self.markers, later.markers);
    }

    /// Note a walked entry: a page, and what it tells about its folder.
    fn entry(&mut self, entry: walkdir::DirEntry) {
        note_site_marker(&entry, &mut self.markers);
        if entry.file_type().is_file() && is_markdown(entry.path()) && !is_repo_doc(entry.path()) {
            self.pages.push(entry.into_path());
        }
    }
}

/// A sorted walk that follows links and skips [`SKIP_DIRS`] and hidden folders.
fn walker(
    dir: &Path,
    max_depth: usize,
) -> walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool> {
    fn keep(e: &walkdir::DirEntry) -> bool {
        e.depth() == 0
            || !e.file_type().is_dir()
            || !e.file_name().to_str().is_some_and(skipped_dir)
    }
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .max_depth(max_depth)
        .into_iter()
        .filter_entry(keep as fn(&walkdir::DirEntry) -> bool)
}

const LOOP: &str = "symlink loop, not followed";

/// A walk problem at `path` (shown relative to `root`).
fn walk_error(root: &Path, path: Option<&Path>, message: String) -> Diagnostic {
    let at = path
        .map(|p| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .unwrap_or_default();
    Diagnostic::new(&at, None, Code::WalkError, message)
}

fn walk_diag(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let msg = if err.loop_ancestor().is_some() {
        LOOP.to_string()
    } else {
        err.to_string()
    };
    walk_error(root, err.path(), msg)
}

/// Walk `root`: its own entries in order, each sub-folder walked on a thread of
/// its own. Concatenated in order, the parts are what one sorted walk of
/// `root` finds (a cohort folder walks one site per thread; the walk is mostly
/// system calls, ~20 us a folder here).
fn walk_tree(root: &Path) -> Walked {
    use rayon::prelude::*;
    enum Part {
        Done(Walked),
        Folder(PathBuf),
    }
    let mut parts = Vec::new();
    let mut here = Walked::default();
    for entry in walker(root, 1) {
        match entry {
            Err(err) => here.diags.push(walk_diag(root, &err)),
            Ok(e) if e.depth() == 1 && e.file_type().is_dir() => {
                note_site_marker(&e, &mut here.markers);
                parts.push(Part::Done(std::mem::take(&mut here)));
                parts.push(Part::Folder(e.into_path()));
            }
            Ok(e) => here.entry(e),
        }
    }
    parts.push(Part::Done(here));
    // One sorted walk keeps the folders it is inside to stop at symlink loops;
    // a sub-folder's walk starts below `root`, so a link back to `root` is
    // checked here.
    let root_handle = same_file::Handle::from_path(root).ok();
    let found: Vec<Walked> = parts
        .into_par_iter()
        .map(|part| match part {
            Part::Done(found) => found,
            Part::Folder(dir) => walk_folder(root, &dir, root_handle.as_ref()),
        })
        .collect();
    let mut all = Walked::default();
    for part in found {
        all.absorb(part);
    }
    all
}

/// The entries below `dir` (a folder directly under `root`), as the walk of
/// `root` would list them.
fn walk_folder(root: &Path, dir: &Path, root_handle: Option<&same_file::Handle>) -> Walked {
    let mut found = Walked::default();
    let mut it = walker(dir, usize::MAX);
    while let Some(entry) = it.next() {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                found.diags.push(walk_diag(root, &err));
                continue;
            }
        };
        if e.depth() == 0 {
            continue;
        }
        if e.path_is_symlink()
            && e.file_type().is_dir()
            && root_handle
                .is_some_and(|r| same_file::Handle::from_path(e.path()).is_ok_and(|h| h == *r))
        {
            // What walkdir reports for a link to a folder it is inside.
            found
                .diags
                .push(walk_error(root, Some(e.path()), LOOP.to_string()));
            it.skip_current_dir();
            continue;
        }
        found.entry(e);
    }
    found
}

/// Every Markdown file under `inputs`, sorted, with its intern. Walk problems
/// (symlink loops, unreadable folders) become diagnostics. `taken` are intern
/// names other inputs hold already (the `--repos` repositories): a folder
/// named like one is renamed, as two folders of one name are. `ends[k]` is
/// where the files of `inputs[k]` end (they come in input order).
pub fn discover(
    inputs: &[PathBuf],
    intern: Option<&str>,
    taken: &[(String, String)],
    diags: &mut Vec<Diagnostic>,
    ends: &mut Vec<usize>,
) -> Result<Vec<InputFile>> {
    let mut cache = HashMap::new();
    let mut out = Vec::new();
    // Per file of `out`: the folder its intern is named after (`None`: named already).
    let mut named_by: Vec<Option<PathBuf>> = Vec::new();
    // With --intern: the Hugo sites found, which that one name would merge.
    let mut sites_named: Vec<PathBuf> = Vec::new();
    // Several roots: each root's name prefixes its paths, so they must differ too.
    let labels = if inputs.len() > 1 {
        distinct_names(inputs)
    } else {
        inputs.iter().map(|r| dir_name(r)).collect()
    };
    for (root, label) in inputs.iter().zip(&labels) {
        let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingInput(root.clone()),
            _ => Error::io(root, e),
        })?;
        if meta.is_file() {
            out.push(explicit_file(root, intern, &mut cache));
            named_by.push(None);
            ends.push(out.len());
            continue;
        }
        let label = (inputs.len() > 1).then_some(label.as_str());
        let files = folder_files(root, label, intern, diags, &mut cache, &mut sites_named);
        for (file, folder) in files {
            named_by.push(folder);
            out.push(file);
        }
        ends.push(out.len());
    }
    sites_named.sort_unstable();
    sites_named.dedup();
    if let (Some(intern), [a, b, ..]) = (intern, sites_named.as_slice()) {
        return Err(Error::InternOverSites {
            intern: intern.to_string(),
            sites: sites_named.len(),
            examples: format!("{}, {}", a.display(), b.display()),
        });
    }
    name_interns(&mut out, &named_by, taken, diags);
    Ok(out)
}

/// A page named on the command line: relative to the site's parent, as a
/// walk of the cohort folder would name it, so the week folder and the site
/// stay in the path; else the path as given.
fn explicit_file(root: &Path, intern: Option<&str>, cache: &mut Markers) -> InputFile {
    let site = site_root(root, None, cache);
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
    InputFile {
        path: root.to_path_buf(),
        source_path,
        intern: intern
            .map(str::to_string)
            .or(found)
            .unwrap_or_else(|| root.parent().map(dir_name).unwrap_or_default()),
        explicit: true,
        git: None,
    }
}

/// The pages of a folder given on the command line, each with the folder its
/// intern is named after (`None` when `--intern` names it). `label` prefixes
/// the paths when there are several roots.
fn folder_files(
    root: &Path,
    label: Option<&str>,
    intern: Option<&str>,
    diags: &mut Vec<Diagnostic>,
    cache: &mut Markers,
    sites_named: &mut Vec<PathBuf>,
) -> Vec<(InputFile, Option<PathBuf>)> {
    let found = walk_tree(root);
    diags.extend(found.diags);
    merge_markers(cache, found.markers);
    // Each page's path and site root, on all cores (a cohort has thousands).
    let placed: Vec<(PathBuf, String, Option<PathBuf>)> = {
        use rayon::prelude::*;
        let cache = &*cache;
        found
            .pages
            .into_par_iter()
            .map(|path| {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let source_path = slash_path(rel);
                let site = site_root_seen(&path, Some(root), cache);
                (path, source_path, site)
            })
            .collect()
    };
    let folders = intern_folders(root, placed.iter().filter_map(|p| p.2.as_deref()));
    if intern.is_some() {
        sites_named.extend(folders.values().cloned());
    }
    let mut out = Vec::with_capacity(placed.len());
    for (path, mut source_path, site) in placed {
        if let Some(label) = label {
            // Several roots: name the root so paths stay unique and findable.
            source_path = format!("{label}/{source_path}");
        }
        // No Hugo markers: a cohort folder's first level names the intern, else the root does.
        let fallback = || {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let first = rel.components().next().map(|c| c.as_os_str());
            match first {
                Some(f)
                    if rel.components().count() > 1
                        && !looks_like_worklog_dir(&f.to_string_lossy()) =>
                {
                    root.join(f)
                }
                _ => root.to_path_buf(),
            }
        };
        let folder = site
            .and_then(|s| folders.get(&s).cloned())
            .unwrap_or_else(fallback);
        let file = InputFile {
            path,
            source_path,
            intern: intern.unwrap_or_default().to_string(),
            explicit: false,
            git: None,
        };
        out.push((file, intern.is_none().then_some(folder)));
    }
    out
}

/// Whether `dir` is a git work tree's top (`.git` is a folder, or a file in a
/// worktree or submodule).
fn is_repository(dir: &Path) -> bool {
    dir.join(".git").exists()
}

/// For each site root under `root`, the folder its intern is named after: the
/// folder holding the whole repository, not a subfolder the site sits in
/// (`alice/fcj-workshop/content`: `alice`). That is the highest folder above the
/// site that holds no other site, below `root` (in a cohort folder, its entry),
/// never above a git repository's top; `root` itself when the site is `root`,
/// or when `root` is a repository holding this site only.
fn intern_folders<'a>(
    root: &Path,
    sites: impl Iterator<Item = &'a Path>,
) -> HashMap<PathBuf, PathBuf> {
    let mut distinct: Vec<&Path> = sites.collect();
    distinct.dedup();
    distinct.sort_unstable();
    distinct.dedup();
    // How many sites each folder from `root` down holds.
    let mut held: HashMap<&Path, usize> = HashMap::new();
    for s in &distinct {
        for a in s.ancestors() {
            *held.entry(a).or_default() += 1;
            if a == root {
                break;
            }
        }
    }
    let one = |d: &Path| held.get(d).copied().unwrap_or(0) <= 1;
    distinct
        .iter()
        .map(|&s| {
            let mut d = s;
            let named = loop {
                if d == root || is_repository(d) {
                    break d;
                }
                match d.parent() {
                    // A plain input folder with one site may be a cohort of one:
                    // its entry names the intern; a repository is the intern.
                    Some(p) if p == root => {
                        break if one(p) && is_repository(p) { p } else { d };
                    }
                    Some(p) if one(p) => d = p,
                    _ => break d,
                }
            };
            (s.to_path_buf(), named.to_path_buf())
        })
        .collect()
}

/// Names for distinct folders: each folder's name, and where two share one,
/// with as many parent folders as tell them apart (`a-site`, `b-site`).
fn distinct_names(dirs: &[PathBuf]) -> Vec<String> {
    let full: Vec<Vec<String>> = dirs
        .iter()
        .map(|d| {
            let abs = std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf());
            let mut parts: Vec<String> = abs
                .components()
                .filter(|c| matches!(c, std::path::Component::Normal(_)))
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.reverse();
            if parts.is_empty() {
                parts.push("site".to_string());
            }
            parts
        })
        .collect();
    let name = |i: usize, depth: usize| -> String {
        let mut p: Vec<&str> = full[i].iter().take(depth).map(String::as_str).collect();
        p.reverse();
        p.join("-")
    };
    (0..dirs.len())
        .map(|i| {
            let same = |j: usize, depth: usize| j != i && name(j, depth) == name(i, depth);
            let clash = (0..dirs.len()).filter(|&j| same(j, 1)).collect::<Vec<_>>();
            if clash.is_empty() {
                return name(i, 1);
            }
            // The same folder given twice is one site.
            if clash.iter().all(|&j| full[j] == full[i]) {
                return name(i, 1);
            }
            let mut depth = 2;
            while depth < full[i].len()
                && clash.iter().any(|&j| full[j] != full[i] && same(j, depth))
            {
                depth += 1;
            }
            name(i, depth)
        })
        .collect()
}

/// Name each file's intern after its folder (`named_by`). Two folders of one
/// name, or a folder named like a `taken` repository's intern, are named with
/// their parents too, each with a `site_name_clash` warning naming both paths:
/// two sites never share an intern silently (their weeks, dates and twins
/// would mix).
fn name_interns(
    out: &mut [InputFile],
    named_by: &[Option<PathBuf>],
    taken: &[(String, String)],
    diags: &mut Vec<Diagnostic>,
) {
    // Folders in order of first appearance, each named once (`dir_name` is a system call).
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut index: HashMap<&Path, usize> = HashMap::new();
    for f in named_by.iter().flatten() {
        if !index.contains_key(f.as_path()) {
            index.insert(f.as_path(), folders.len());
            folders.push(f.clone());
        }
    }
    let mut names: Vec<String> = folders.iter().map(|d| dir_name(d)).collect();
    // As shown in messages: as the walk reached it, from the input.
    let shown: Vec<String> = folders.iter().map(|d| d.display().to_string()).collect();
    let canonical: Vec<PathBuf> = folders
        .iter()
        .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone()))
        .collect();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        by_name.entry(n.clone()).or_default().push(i);
    }
    let mut clashes: Vec<(String, Vec<usize>)> = by_name
        .into_iter()
        .filter(|(n, group)| {
            let mut c: Vec<&PathBuf> = group.iter().map(|&i| &canonical[i]).collect();
            c.sort();
            c.dedup();
            c.len() > 1 || taken.iter().any(|(t, _)| t == n)
        })
        .collect();
    clashes.sort();
    for (name, group) in clashes {
        let dirs: Vec<PathBuf> = group.iter().map(|&i| canonical[i].clone()).collect();
        let mut renamed = distinct_names(&dirs);
        // One folder named like a repository: its parent's name tells them apart.
        for (k, r) in renamed.iter_mut().enumerate() {
            if *r == name {
                let parent = dirs[k].parent().map(dir_name).unwrap_or_default();
                *r = format!("{parent}-{name}");
            }
        }
        let others: Vec<String> = group
            .iter()
            .map(|&i| shown[i].clone())
            .chain(
                taken
                    .iter()
                    .filter(|(t, _)| *t == name)
                    .map(|(_, s)| s.clone()),
            )
            .collect();
        for (k, &i) in group.iter().enumerate() {
            let also: Vec<&str> = others
                .iter()
                .filter(|o| **o != shown[i])
                .map(String::as_str)
                .collect();
            let mut d = Diagnostic::new(
                &shown[i],
                None,
                Code::SiteNameClash,
                format!(
                    "the sites {} and {} would both be intern {name:?}; this one is intern {:?}",
                    shown[i],
                    also.join(", "),
                    renamed[k]
                ),
            );
            d.intern.clone_from(&renamed[k]);
            diags.push(d);
            names[i] = renamed[k].clone();
        }
    }
    for (f, by) in out.iter_mut().zip(named_by) {
        if let Some(i) = by.as_deref().and_then(|d| index.get(d)) {
            f.intern.clone_from(&names[*i]);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The old walk: one sorted walk of the whole root.
    fn one_walk(root: &Path) -> Walked {
        let mut found = Walked::default();
        for entry in walker(root, usize::MAX) {
            match entry {
                Ok(e) => found.entry(e),
                Err(err) => found.diags.push(walk_diag(root, &err)),
            }
        }
        found
    }

    #[test]
    fn folder_walks_in_parallel_find_what_one_walk_finds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("cohort");
        let files = [
            "0-notes.md",
            "a-site/hugo.toml",
            "a-site/README.md",
            "a-site/content/1-Worklog/1.1-Week1/_index.md",
            "a-site/content/1-Worklog/1.1-Week1/_index.vi.md",
            "a-site/node_modules/x/page.md",
            "a-site/.hidden/page.md",
            "b/content/week2.md",
            "b/inner/deep/week3.md",
            "m.md",
            "z/only.txt",
        ];
        for f in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let link =
            |to: &str, at: &str| std::os::unix::fs::symlink(root.join(to), root.join(at)).unwrap();
        // Back to the root (an ancestor of every folder walk), to the folder
        // itself, to a sibling site, and a top-level link to a site.
        link("", "a-site/content/loop");
        link("b", "b/inner/up");
        link("a-site/content", "b/inner/other");
        link("a-site", "c-link");
        let want = one_walk(&root);
        let got = walk_tree(&root);
        assert_eq!(got.pages, want.pages);
        assert_eq!(got.diags, want.diags);
        assert_eq!(got.markers, want.markers);
        // The root link is met three ways (directly, through `b/inner/other` and `c-link`).
        assert_eq!(want.diags.len(), 4, "{:?}", want.diags);
        assert!(want.pages.len() >= 6, "{:?}", want.pages);
    }
}

/// Items grouped by site (intern), sites in order of first appearance, items
/// in input order: the order extraction writes sites in, which incremental
/// reuse relies on reading back in.
pub(super) fn group_sites<T>(
    items: impl IntoIterator<Item = T>,
    intern: impl Fn(&T) -> &str,
) -> Vec<Vec<T>> {
    let mut sites: Vec<Vec<T>> = Vec::new();
    let mut site_of: HashMap<String, usize> = HashMap::new();
    for item in items {
        let next = sites.len();
        let s = *site_of.entry(intern(&item).to_string()).or_insert(next);
        if s == next {
            sites.push(Vec::new());
        }
        sites[s].push(item);
    }
    sites
}

//! The extraction pipeline: inputs found (walk and repositories), cut into
//! chunks of whole sites, chunks extracted in parallel on rayon's pool (each
//! site parsed, or reused when unchanged), parts emitted in input order.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::site::extract_site;
use super::walk::{self, group_sites, InputFile};
use super::{incremental, repos, Options};
use crate::diag::{Code, Diagnostic};
use crate::error::Result;
use crate::model::{Extraction, SiteRecord};
use crate::output::progress::Progress;

/// [`super::extract_each_with`]: the inputs found, then their chunks
/// extracted and emitted in order, all on rayon's pool ([`Ordered`]).
pub(super) fn run<P: Send>(
    inputs: &[PathBuf],
    opts: &Options,
    prepare: &(dyn Fn(Extraction) -> Result<P> + Sync),
    emit: &mut (dyn FnMut(P) -> Result<()> + Send),
) -> Result<()> {
    let mut first = Extraction::default();
    let (files, roots) = find_inputs(inputs, opts, &mut first)?;
    let prior = match &opts.previous {
        Some(dir) => incremental::prepare(dir, &files, opts),
        None => incremental::Prior::default(),
    };
    let progress = Progress::new("reading pages", files.len(), opts.progress).every(64);
    emit(prepare(first)?)?;
    let chunks = chunk_sites(files);
    let shared = Shared {
        opts,
        progress: &progress,
        prior: &prior,
        roots: &roots,
    };
    let result = Ordered::new(chunks, shared, prepare, emit).run();
    progress.finish();
    result?;
    // Last, once every site is read: the PATHs that gave no weekly page.
    let empty = roots.diagnostics(inputs);
    if !empty.is_empty() {
        emit(prepare(Extraction {
            diagnostics: empty,
            ..Extraction::default()
        })?)?;
    }
    Ok(())
}

/// Every input file (walked folders, then the repositories' files), with the
/// walk's and the repositories' findings in `first`, and each PATH's files.
fn find_inputs(
    inputs: &[PathBuf],
    opts: &Options,
    first: &mut Extraction,
) -> Result<(Vec<InputFile>, RootPages)> {
    // Repositories first: a folder named like one of them is renamed by the walk.
    let found = match &opts.repos {
        Some(r) => Some(repos::discover(r, opts.progress)?),
        None => None,
    };
    let taken: Vec<(String, String)> = found
        .iter()
        .flat_map(|f| &f.repos)
        .filter(|r| r.commit.is_some())
        .map(|r| (r.intern.clone(), r.repo.clone()))
        .collect();
    // The walk is mostly system calls on one core: compile the patterns and
    // the topic trie on the other meanwhile.
    let mut ends = Vec::new();
    let (walked, ()) = rayon::join(
        || {
            walk::discover(
                inputs,
                opts.intern.as_deref(),
                &taken,
                &mut first.diagnostics,
                &mut ends,
            )
        },
        || warm(opts),
    );
    let mut files = walked?;
    // One PATH and no repositories: every file read was found under it.
    let one_root = inputs.len() == 1 && found.is_none();
    let roots = RootPages::new(&files, &ends, one_root);
    if let Some(found) = found {
        files.extend(found.files);
        first.diagnostics.extend(found.diagnostics);
        first.repos = found.repos;
    }
    first.files_scanned = files.len();
    first.opened_from = files
        .iter()
        .filter(|f| f.git.is_none())
        .map(|f| (f.source_path.clone(), f.path.clone()))
        .collect();
    Ok((files, roots))
}

/// What every extracting thread reads.
#[derive(Clone, Copy)]
struct Shared<'a> {
    opts: &'a Options,
    progress: &'a Progress,
    prior: &'a incremental::Prior,
    roots: &'a RootPages,
}

/// The chunks extracted in parallel and emitted in input order, with no
/// thread of its own: every step is a job on rayon's pool, so `-j N` is N
/// threads of work in all (with one, each chunk is extracted, prepared and
/// emitted in turn). A job extracts one chunk; the job that finishes the next
/// chunk in order emits it, and whatever followed it that is ready, while the
/// other threads go on extracting. No thread waits on another: a finished
/// chunk that is not next is left for the emitting job, so the cores stay busy
/// until the last chunk (no window barrier). At most `window` chunks past the
/// last one emitted are taken, so memory holds a few chunks, not the cohort.
struct Ordered<'a, P> {
    shared: Shared<'a>,
    prepare: &'a (dyn Fn(Extraction) -> Result<P> + Sync),
    window: usize,
    state: Mutex<State<P>>,
    /// Held by the one emitting job (never contended: see `State::emitting`).
    emit: Mutex<&'a mut (dyn FnMut(P) -> Result<()> + Send)>,
}

struct State<P> {
    /// The chunks not yet taken, in order; the first is chunk `taken`.
    todo: std::vec::IntoIter<Vec<InputFile>>,
    taken: usize,
    /// The next chunk to emit, and the chunks after it already extracted.
    next: usize,
    ready: BTreeMap<usize, Chunk<P>>,
    /// A job is emitting: the others leave their chunks in `ready`.
    emitting: bool,
    /// The first error, in chunk order: nothing more is taken or emitted.
    failed: Option<crate::error::Error>,
}

impl<'a, P: Send> Ordered<'a, P> {
    fn new(
        chunks: Vec<Vec<InputFile>>,
        shared: Shared<'a>,
        prepare: &'a (dyn Fn(Extraction) -> Result<P> + Sync),
        emit: &'a mut (dyn FnMut(P) -> Result<()> + Send),
    ) -> Self {
        Ordered {
            shared,
            prepare,
            window: 2 * rayon::current_num_threads().max(1),
            state: Mutex::new(State {
                todo: chunks.into_iter(),
                taken: 0,
                next: 0,
                ready: BTreeMap::new(),
                emitting: false,
                failed: None,
            }),
            emit: Mutex::new(emit),
        }
    }

    fn run(self) -> Result<()> {
        // FIFO: with one thread the chunks are extracted in order, each
        // emitted as soon as it is done; with more, idle threads take the
        // oldest chunk waiting.
        rayon::scope_fifo(|s| self.take(&mut lock(&self.state), s));
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        match state.failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Start jobs for the chunks within the window.
    fn take<'s>(&'s self, state: &mut State<P>, s: &rayon::ScopeFifo<'s>) {
        while state.failed.is_none() && state.taken < state.next + self.window {
            let Some(files) = state.todo.next() else {
                return;
            };
            let i = state.taken;
            state.taken += 1;
            s.spawn_fifo(move |s| self.extract(i, files, s));
        }
    }

    /// Extract chunk `i`, then emit what is next in order unless a job is
    /// emitting already.
    fn extract<'s>(&'s self, i: usize, files: Vec<InputFile>, s: &rayon::ScopeFifo<'s>) {
        if lock(&self.state).failed.is_some() {
            return;
        }
        let chunk = extract_part(files, self.shared, self.prepare);
        let mut state = lock(&self.state);
        state.ready.insert(i, chunk);
        if state.emitting {
            return;
        }
        state.emitting = true;
        while state.failed.is_none() {
            let next = state.next;
            let Some(chunk) = state.ready.remove(&next) else {
                break;
            };
            state.next += 1;
            self.take(&mut state, s);
            drop(state);
            let emitted = self.emit(chunk);
            state = lock(&self.state);
            if let Err(e) = emitted {
                state.failed = Some(e);
                state.ready.clear();
            }
        }
        state.emitting = false;
    }

    /// One chunk's part, in order: prepared already, or (reused sites) read
    /// from the previous dataset and prepared here.
    fn emit(&self, chunk: Chunk<P>) -> Result<()> {
        let part = match chunk {
            Chunk::Prepared(part) => part?,
            Chunk::Segments(segments) => {
                let part = reuse(segments, self.shared.prior)?;
                self.shared.roots.count(&part);
                (self.prepare)(part)?
            }
        };
        let mut emit = lock(&self.emit);
        (*emit)(part)
    }
}

/// A lock whose holder panicked still guards consistent data here (the
/// panic itself reaches the caller through the rayon scope).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One chunk extracted: prepared when every site was parsed, else its
/// segments, for the reused rows to be read in order.
fn extract_part<P>(
    files: Vec<InputFile>,
    shared: Shared<'_>,
    prepare: &(dyn Fn(Extraction) -> Result<P> + Sync),
) -> Chunk<P> {
    let segments = extract_chunk(files, shared.opts, shared.progress, shared.prior);
    if segments.iter().any(|s| matches!(s, Segment::Reused { .. })) {
        return Chunk::Segments(segments);
    }
    let mut part = Extraction::default();
    for segment in segments {
        if let Segment::Parsed(site) = segment {
            part.absorb(*site);
        }
    }
    shared.roots.count(&part);
    Chunk::Prepared(prepare(part))
}

/// A chunk with reused sites as one part, read here, in output order: the
/// previous dataset is read front to back, one batch per file in memory.
fn reuse(segments: Vec<Segment>, prior: &incremental::Prior) -> Result<Extraction> {
    let mut part = Extraction::default();
    for segment in segments {
        match segment {
            Segment::Parsed(site) => part.absorb(*site),
            Segment::Reused { site, fingerprint } => {
                let mut rows = prior.take(&site[0].intern)?;
                set_commits(&site, &mut rows);
                rows.sites.push(SiteRecord {
                    intern: site[0].intern.clone(),
                    fingerprint,
                    files: site.len(),
                    reused: true,
                });
                no_worklog_pages(&site[0].intern, &site_repos(&site), &mut rows);
                part.absorb(rows);
            }
        }
    }
    Ok(part)
}

/// Files per chunk: whole sites are gathered until a chunk holds this many.
const CHUNK_FILES: usize = 64;

/// Whole sites (files of one intern), in order of first appearance, cut into
/// chunks of about [`CHUNK_FILES`] files. A site is never split: its dates are
/// decided from all its pages.
pub(super) fn chunk_sites(files: Vec<InputFile>) -> Vec<Vec<InputFile>> {
    let sites = group_sites(files, |f| &f.intern);
    let mut chunks: Vec<Vec<InputFile>> = Vec::new();
    let mut cur: Vec<InputFile> = Vec::new();
    for site in sites {
        cur.extend(site);
        if cur.len() >= CHUNK_FILES {
            chunks.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    chunks
}

/// Weekly pages found per input PATH, so that a PATH that gave none is an
/// error (a wrong folder, or one of notes only) rather than silently nothing.
struct RootPages {
    /// Source path → the PATHs (indexes) it was found under (two roots may
    /// name a file alike; it then counts for both). `None` when every file
    /// read was found under the one PATH: the map would hold every file of
    /// the cohort for the whole run.
    of: Option<HashMap<String, Vec<usize>>>,
    /// Markdown files found under each PATH.
    files: Vec<usize>,
    pages: Vec<AtomicUsize>,
    /// Files not read (`read_error`, `page_too_large`): a PATH whose files
    /// were all unreadable has its errors already.
    unread: Vec<AtomicUsize>,
}

impl RootPages {
    fn new(files: &[InputFile], ends: &[usize], one_root: bool) -> Self {
        let mut of: Option<HashMap<String, Vec<usize>>> =
            (!one_root).then(|| HashMap::with_capacity(files.len()));
        let mut start = 0;
        let mut counts = Vec::with_capacity(ends.len());
        for (root, &end) in ends.iter().enumerate() {
            if let Some(of) = &mut of {
                for f in files.get(start..end).unwrap_or_default() {
                    of.entry(f.source_path.clone()).or_default().push(root);
                }
            }
            counts.push(end.saturating_sub(start));
            start = end;
        }
        RootPages {
            of,
            pages: counts.iter().map(|_| AtomicUsize::new(0)).collect(),
            unread: counts.iter().map(|_| AtomicUsize::new(0)).collect(),
            files: counts,
        }
    }

    fn count(&self, part: &Extraction) {
        let add = |counts: &[AtomicUsize], path: &str| match &self.of {
            Some(of) => {
                for &r in of.get(path).into_iter().flatten() {
                    counts[r].fetch_add(1, Ordering::Relaxed);
                }
            }
            None => {
                if let Some(c) = counts.first() {
                    c.fetch_add(1, Ordering::Relaxed);
                }
            }
        };
        for p in part.pages.iter().filter(|p| p.repo.is_none()) {
            add(&self.pages, &p.source_path);
        }
        for d in &part.diagnostics {
            if matches!(d.code, Code::ReadError | Code::PageTooLarge) && d.line.is_none() {
                add(&self.unread, &d.source_path);
            }
            // A site a bug stopped had weekly pages; its internal_error says why none was written.
            if d.code == Code::InternalError {
                add(&self.pages, &d.source_path);
            }
        }
    }

    /// A `no_worklog_pages` error for each PATH without a weekly page.
    fn diagnostics(&self, inputs: &[PathBuf]) -> Vec<Diagnostic> {
        inputs
            .iter()
            .zip(self.files.iter().zip(self.pages.iter().zip(&self.unread)))
            .filter(|(_, (&files, (pages, unread)))| {
                let unread = unread.load(Ordering::Relaxed);
                pages.load(Ordering::Relaxed) == 0 && (files == 0 || unread < files)
            })
            .map(|(path, (&files, _))| {
                let why = if path.is_file() {
                    "not a weekly worklog page (no week number, tasks table or day headings)"
                        .to_string()
                } else if files == 0 {
                    "no weekly worklog page: no Markdown files in this folder".to_string()
                } else if files == 1 {
                    "no weekly worklog page: its one Markdown file is not one".to_string()
                } else {
                    format!("no weekly worklog page among its {files} Markdown files")
                };
                Diagnostic::new(&path.display().to_string(), None, Code::NoWorklogPages, why)
            })
            .collect()
    }
}

/// Compile everything parsing uses once per run (each would on first use).
/// The pieces are rayon jobs, so a core the walk leaves idle takes some.
fn warm(opts: &Options) {
    rayon::join(
        || opts.taxonomy.warm(),
        || rayon::join(crate::page::warm, crate::normalize::warm),
    );
}

/// One chunk extracted, waiting to be emitted.
enum Chunk<P> {
    /// Every site parsed: the chunk's part, already prepared.
    Prepared(Result<P>),
    /// Some sites reused: their rows are read by the emitting job, in order.
    Segments(Vec<Segment>),
}

/// One site's share of a chunk: its rows, or (unchanged) the note to take
/// them from the previous dataset.
enum Segment {
    // Boxed: a site's rows dwarf the reuse note.
    Parsed(Box<Extraction>),
    Reused {
        site: Vec<InputFile>,
        fingerprint: String,
    },
}

/// Extract whole sites (their files, in input order): each is parsed, or
/// marked for reuse when unchanged since the previous dataset.
fn extract_chunk(
    files: Vec<InputFile>,
    opts: &Options,
    progress: &Progress,
    prior: &incremental::Prior,
) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut files = files.into_iter().peekable();
    while let Some(first) = files.next() {
        let mut site = vec![first];
        while let Some(f) = files.next_if(|f| f.intern == site[0].intern) {
            site.push(f);
        }
        match prior.reuses(&site[0].intern) {
            Some(fingerprint) => {
                site.iter().for_each(|_| progress.tick());
                out.push(Segment::Reused {
                    site,
                    fingerprint: fingerprint.to_string(),
                });
            }
            None => {
                let (intern, repos) = (site[0].intern.clone(), site_repos(&site));
                let mut rows = extract_site(site, opts, progress);
                no_worklog_pages(&intern, &repos, &mut rows);
                out.push(Segment::Parsed(Box::new(rows)));
            }
        }
    }
    out
}

/// A reused page row keeps everything but the commit read, which moves on
/// with every push (the page's own content and commit time are unchanged).
fn set_commits(site: &[InputFile], part: &mut Extraction) {
    let commits: HashMap<&str, &str> = site
        .iter()
        .filter_map(|f| Some((f.source_path.as_str(), f.git.as_ref()?.repo.commit.as_str())))
        .collect();
    for p in &mut part.pages {
        if let Some(c) = commits.get(p.source_path.as_str()) {
            p.commit = Some(c.to_string());
        }
    }
}

/// The repositories a site's files come from, each with its number of files.
fn site_repos(site: &[InputFile]) -> Vec<(std::sync::Arc<walk::GitRepo>, usize)> {
    let mut repos: Vec<(std::sync::Arc<walk::GitRepo>, usize)> = Vec::new();
    for g in site.iter().filter_map(|f| f.git.as_ref()) {
        match repos.iter_mut().find(|(r, _)| r.line == g.repo.line) {
            Some((_, n)) => *n += 1,
            None => repos.push((std::sync::Arc::clone(&g.repo), 1)),
        }
    }
    repos
}

/// A repository whose files gave no weekly page is flagged on its repos-file line.
fn no_worklog_pages(
    intern: &str,
    repos: &[(std::sync::Arc<walk::GitRepo>, usize)],
    out: &mut Extraction,
) {
    for (repo, files) in repos {
        let any = out
            .pages
            .iter()
            .any(|p| p.repo.as_deref() == Some(repo.shown.as_str()) && p.intern == intern);
        if !any {
            let mut d = Diagnostic::new(
                &repo.listed_in,
                Some(repo.line),
                Code::NoWorklogPages,
                format!(
                    "{}: {files} Markdown files at commit {} but no weekly worklog page",
                    repo.shown,
                    repos::short(&repo.commit)
                ),
            );
            d.intern = intern.to_string();
            out.diagnostics.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(sites: &[(&str, usize)]) -> Vec<InputFile> {
        sites
            .iter()
            .flat_map(|&(intern, n)| {
                (0..n).map(move |i| InputFile {
                    path: PathBuf::from(format!("{intern}/{i}.md")),
                    source_path: format!("{intern}/{i}.md"),
                    intern: intern.to_string(),
                    explicit: false,
                    git: None,
                })
            })
            .collect()
    }

    /// Each chunk as its sites and their file counts.
    fn shape(chunks: &[Vec<InputFile>]) -> Vec<Vec<(String, usize)>> {
        chunks
            .iter()
            .map(|c| {
                group_sites(c, |f| f.intern.as_str())
                    .iter()
                    .map(|s| (s[0].intern.clone(), s.len()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn sites_group_in_order_of_first_appearance_items_in_input_order() {
        let items = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let sites = group_sites(items, |x| x.0);
        assert_eq!(
            sites,
            [
                vec![("b", 1), ("b", 3)],
                vec![("a", 2), ("a", 5)],
                vec![("c", 4)]
            ]
        );
    }

    #[test]
    fn chunks_hold_whole_sites_until_they_reach_the_chunk_size() {
        let owned = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
            v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
        };
        // a + b reach 64 files; c + d pass it (a site is never split); e is the rest.
        let chunks = chunk_sites(files(&[
            ("a", 40),
            ("b", 30),
            ("c", 20),
            ("d", 100),
            ("e", 1),
        ]));
        assert_eq!(
            shape(&chunks),
            [
                owned(&[("a", 40), ("b", 30)]),
                owned(&[("c", 20), ("d", 100)]),
                owned(&[("e", 1)])
            ]
        );
        // A site's files scattered through the input come together, in its first place.
        let mut scattered = files(&[("a", 2), ("b", 1)]);
        scattered.extend(files(&[("a", 1)]));
        let chunks = chunk_sites(scattered);
        assert_eq!(shape(&chunks), [owned(&[("a", 3), ("b", 1)])]);
        assert!(chunk_sites(Vec::new()).is_empty());
    }
}

//! Extraction: inputs → walk → parse each page → resolve each site → rows → cross-page checks.

mod incremental;
mod isolate;
mod normalize_page;
pub mod repos;
pub mod summary;
pub mod walk;

use std::collections::HashMap;
use std::io::Read as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::{Code, Diagnostic, Sink};
use crate::error::Result;
use crate::model::{Extraction, SiteRecord};
use crate::normalize::dates::Order;
use crate::normalize::topics::Taxonomy;
use crate::output::progress::Progress;
use crate::page::{self, ParsedPage};
use crate::resolve::{self, PageIn};
pub use repos::ReposInput;
pub use walk::InputFile;

#[derive(Debug, Clone)]
pub struct Options {
    pub intern: Option<String>,
    pub cohort: String,
    pub date_order: Order,
    pub taxonomy: Taxonomy,
    /// Show a progress line on stderr (the caller checks that stderr is a terminal).
    pub progress: bool,
    /// Also read the repositories a repos file lists.
    pub repos: Option<ReposInput>,
    /// The dataset being replaced: unchanged sites reuse its rows.
    pub previous: Option<PathBuf>,
    /// Pages larger than this are not read (`page_too_large`).
    pub max_page_bytes: u64,
}

impl Options {
    pub fn new(taxonomy: Taxonomy) -> Self {
        Options {
            intern: None,
            cohort: String::new(),
            date_order: Order::Dmy,
            progress: false,
            taxonomy,
            repos: None,
            previous: None,
            max_page_bytes: page::DEFAULT_MAX_PAGE_BYTES,
        }
    }
}

/// The result of reading one file: its page (if it is a worklog page) and diagnostics.
struct FileRead {
    file: InputFile,
    page: Option<ParsedPage>,
    diags: Vec<Diagnostic>,
    /// What identifies the file's content (see `incremental::content_key`).
    key: String,
}

/// A page over the size limit, found before (or, when the system does not
/// tell the size, while) reading it: the read stops there.
#[derive(Debug)]
struct TooLarge {
    size: Option<u64>,
    limit: u64,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let limit = human_bytes(self.limit);
        match self.size {
            Some(n) => write!(f, "page is {}, over the limit of {limit}", human_bytes(n))?,
            None => write!(f, "page is larger than the limit of {limit}")?,
        }
        f.write_str(" (--max-page-size)")
    }
}

impl std::error::Error for TooLarge {}

/// `n` bytes as people write sizes (`16 MiB`, `300 kB`, `12 bytes`).
fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n.is_multiple_of(1 << 30) => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n.is_multiple_of(1 << 20) => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n.is_multiple_of(1 << 10) => format!("{} KiB", n >> 10),
        n if n >= 1_000_000 => format!("{:.1} MB ({n} bytes)", n as f64 / 1e6),
        n => format!("{n} bytes"),
    }
}

fn too_large(size: Option<u64>, limit: u64) -> std::io::Error {
    std::io::Error::other(TooLarge { size, limit })
}

/// A file's bytes, unless it is over `limit`: its length is checked first,
/// and a file whose length the system gets wrong is read no further than
/// one byte past the limit.
fn read_bytes(file: &InputFile, limit: u64) -> std::io::Result<Vec<u8>> {
    let f = std::fs::File::open(&file.path)?;
    let len = f.metadata().map_or(0, |m| m.len());
    if len > limit {
        return Err(too_large(Some(len), limit));
    }
    // Sized from the file's length: one read instead of a growing series.
    let mut buf = Vec::with_capacity(len as usize + 1);
    f.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(too_large(None, limit));
    }
    Ok(buf)
}

fn read_one(file: InputFile, bytes: std::io::Result<Vec<u8>>) -> FileRead {
    let mut sink = Sink::new(&file.source_path);
    let key = incremental::content_key(&file, &bytes);
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            match e.get_ref().and_then(|i| i.downcast_ref::<TooLarge>()) {
                Some(t) => sink.push(None, Code::PageTooLarge, format!("{t}; not read")),
                None => sink.push(None, Code::ReadError, format!("cannot read: {e}")),
            }
            return FileRead {
                file,
                page: None,
                diags: sink.items,
                key,
            };
        }
    };
    let text = page::decode(bytes, &mut sink);
    if text.trim().is_empty() {
        sink.push(None, Code::EmptyFile, "file is empty");
        return FileRead {
            file,
            page: None,
            diags: sink.items,
            key,
        };
    }
    // A bug in the parser must cost one page, loudly, not the whole run.
    let parsed = isolate::catch(|| {
        let mut inner = Sink::new(&file.source_path);
        let p = page::parse(&file.source_path, &text, &mut inner);
        (p, inner.items)
    });
    let page = match parsed {
        Ok((p, diags)) => {
            sink.items.extend(diags);
            Some(p)
        }
        Err(panic) => {
            sink.push(
                None,
                Code::ReadError,
                format!("internal error while parsing this page (please report it): {panic}; page skipped"),
            );
            None
        }
    };
    FileRead {
        file,
        page,
        diags: sink.items,
        key,
    }
}

/// Whether a file belongs in the dataset (and its diagnostics in the report).
fn is_worklog(r: &FileRead) -> bool {
    r.file.explicit
        || r.page
            .as_ref()
            .is_some_and(|p| p.has_tasks_table || p.looks_like_worklog)
        || (r.page.is_none() && r.file.source_path.split('/').any(page::is_worklog_folder))
        // Unreadable files are reported wherever they are: nobody can tell what they held.
        || r.diags.iter().any(|d| d.severity == crate::diag::Severity::Error)
}

/// A page file without a language suffix beside an `.en.md` twin is the other
/// language (Vietnamese), and beside a `.vi.md` twin English, whatever its text
/// looks like (Vietnamese typed without diacritics reads like English).
fn twin_file_languages(reads: &mut [FileRead]) {
    use std::collections::HashSet;
    let folder = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let with = |lang: page::Lang| -> HashSet<String> {
        reads
            .iter()
            .filter(|r| page::suffix_lang(&r.file.source_path) == Some(lang))
            .map(|r| folder(&r.file.source_path))
            .collect()
    };
    let en = with(page::Lang::En);
    let vi = with(page::Lang::Vi);
    for r in reads.iter_mut() {
        let dir = folder(&r.file.source_path);
        if let Some(p) = r.page.as_mut().filter(|p| p.default_lang_file) {
            if en.contains(&dir) && !vi.contains(&dir) {
                p.lang = page::Lang::Vi;
            } else if vi.contains(&dir) && !en.contains(&dir) {
                p.lang = page::Lang::En;
            }
        }
    }
}

/// The blobs of the repository files among `files` (two git calls per
/// repository: sizes, then the blobs within `limit`); `None` for files on disk.
fn read_blobs(files: &[InputFile], limit: u64) -> Vec<Option<std::io::Result<Vec<u8>>>> {
    let mut out: Vec<Option<std::io::Result<Vec<u8>>>> = files.iter().map(|_| None).collect();
    let mut by_repo: Vec<(&crate::git::RepoDir, Vec<usize>)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if let Some(g) = &f.git {
            match by_repo.iter_mut().find(|(d, _)| **d == g.repo.dir) {
                Some((_, v)) => v.push(i),
                None => by_repo.push((&g.repo.dir, vec![i])),
            }
        }
    }
    for (dir, idxs) in by_repo {
        let idxs = match crate::git::repo::blob_sizes(dir, &oids_of(files, &idxs)) {
            Ok(sizes) => {
                let mut small = Vec::with_capacity(idxs.len());
                for (&i, size) in idxs.iter().zip(sizes) {
                    match size {
                        Some(n) if n > limit => out[i] = Some(Err(too_large(Some(n), limit))),
                        _ => small.push(i),
                    }
                }
                small
            }
            // Reading the blobs will say what is wrong.
            Err(_) => idxs,
        };
        let oids = oids_of(files, &idxs);
        match crate::git::repo::read_blobs(dir, &oids) {
            Ok(blobs) => {
                for (&i, b) in idxs.iter().zip(blobs) {
                    out[i] = Some(b.ok_or_else(|| {
                        std::io::Error::other("the blob is missing from the repository")
                    }));
                }
            }
            Err(e) => {
                for &i in &idxs {
                    out[i] = Some(Err(std::io::Error::other(e.to_string())));
                }
            }
        }
    }
    out
}

fn oids_of(files: &[InputFile], idxs: &[usize]) -> Vec<String> {
    idxs.iter()
        .filter_map(|&i| files[i].git.as_ref().map(|g| g.oid.clone()))
        .collect()
}

/// Read and parse files in parallel; results keep the files' order.
fn read_all(files: Vec<InputFile>, limit: u64, progress: &Progress) -> Vec<FileRead> {
    use rayon::prelude::*;
    let blobs = read_blobs(&files, limit);
    files
        .into_par_iter()
        .zip(blobs)
        .map(|(f, blob)| {
            let bytes = blob.unwrap_or_else(|| read_bytes(&f, limit));
            let r = read_one(f, bytes);
            progress.tick();
            r
        })
        .collect()
}

/// Files per chunk: whole sites are gathered until a chunk holds this many.
const CHUNK_FILES: usize = 64;

/// Whole sites (files of one intern), in order of first appearance, cut into
/// chunks of about [`CHUNK_FILES`] files. A site is never split: its dates are
/// decided from all its pages.
fn chunk_sites(files: Vec<InputFile>) -> Vec<Vec<InputFile>> {
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

/// Items grouped by site (intern), sites in order of first appearance, items
/// in input order: the order extraction writes sites in, which incremental
/// reuse relies on reading back in.
fn group_sites<T>(items: impl IntoIterator<Item = T>, intern: impl Fn(&T) -> &str) -> Vec<Vec<T>> {
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

/// Per weekly page (input index): (row, twin page input index, twin row) to take dates from.
type Borrowed = Vec<(usize, Vec<(usize, usize, usize)>)>;

/// Undated list rows take their twin row's own date when both name the same day
/// (one `twin_dates` note per page, naming the twin). Applied after the
/// cross-page checks, so borrowed dates never count as agreeing with their source.
fn borrow_twin_dates(
    borrowed: &Borrowed,
    rows_of: &mut [Option<normalize_page::PageRows>],
    sinks: &mut [Sink],
) {
    type Dates = (
        Option<chrono::NaiveDate>,
        Option<chrono::NaiveDate>,
        Option<i32>,
        Option<i32>,
    );
    for (i, takes) in borrowed {
        let Some(&(first, twin_page, _)) = takes.first() else {
            continue;
        };
        let from: Vec<Option<Dates>> = takes
            .iter()
            .map(|&(_, tp, tr)| {
                let t = rows_of[tp].as_ref()?.tasks.get(tr)?;
                Some((t.start_date, t.end_date, t.duration_days, t.weekday))
            })
            .collect();
        let twin_path = rows_of[twin_page]
            .as_ref()
            .and_then(|r| r.page.as_ref())
            .map(|p| p.source_path.clone())
            .unwrap_or_default();
        let Some(rows) = rows_of[*i].as_mut() else {
            continue;
        };
        for (&(r, _, _), dates) in takes.iter().zip(&from) {
            if let (Some(t), Some((start, end, duration, weekday))) = (rows.tasks.get_mut(r), dates)
            {
                t.start_date = *start;
                t.end_date = *end;
                t.duration_days = *duration;
                t.weekday = t.weekday.or(*weekday);
                t.date_precision = Some("day");
                t.date_from_twin = true;
            }
        }
        let line = rows.tasks.get(first).map_or(1, |t| t.source_line as u32);
        sinks[*i].at(
            line,
            Code::TwinDates,
            format!(
                "{} tasks without a day date of their own took the dates of the same days on the twin page {twin_path}",
                takes.len()
            ),
        );
    }
}

/// Pair one site's en/vi pages and rows; set `is_primary` and `twin_key` on its rows.
/// Returns, per weekly page (input index), the rows that can take their twin's dates.
fn mark_twins(
    pages: &[Option<(InputFile, ParsedPage)>],
    idxs: &[usize],
    rows_of: &mut [Option<normalize_page::PageRows>],
) -> Borrowed {
    // Weekly pages of the site (those that produced a page row).
    let weekly: Vec<usize> = idxs
        .iter()
        .copied()
        .filter(|&i| rows_of[i].as_ref().is_some_and(|r| r.page.is_some()))
        .collect();
    let twin_pages: Vec<resolve::twins::TwinPage> = weekly
        .iter()
        .filter_map(|&i| {
            let (_, p) = pages[i].as_ref()?;
            let rows = rows_of[i].as_ref()?;
            Some(resolve::twins::TwinPage {
                week: p.week,
                lang: p.lang,
                default_lang_file: p.default_lang_file,
                day: p.day_page.as_ref().map(|d| d.name.clone()),
                rows: rows
                    .tasks
                    .iter()
                    .map(|t| {
                        let own = t.own_start_date().is_some();
                        resolve::twins::TwinRow {
                            start: t.own_start_date(),
                            weekday: t.weekday.map(|w| w as u8),
                            day: t.day.clone(),
                            undated: t.layout == "list" && !own,
                            window: t.start_date.zip(t.end_date).filter(|_| !own),
                        }
                    })
                    .collect(),
            })
        })
        .collect();
    let twins = resolve::twins::resolve(&twin_pages);
    let borrowed: Borrowed = resolve::twins::borrowed_dates(&twin_pages, &twins)
        .into_iter()
        .enumerate()
        .map(|(k, rows)| {
            let takes = rows
                .into_iter()
                .enumerate()
                .filter_map(|(r, b)| b.map(|(tk, tr)| (r, weekly[tk], tr)))
                .collect();
            (weekly[k], takes)
        })
        .collect();
    // The key of a pair is its primary row's task_id.
    let key_of = |k: usize, r: usize| -> Option<String> {
        let (pk, pr) = if twins.primary[k] {
            (k, r)
        } else {
            twins.twin[k][r]?
        };
        Some(rows_of[weekly[pk]].as_ref()?.tasks.get(pr)?.task_id.clone())
    };
    let keys: Vec<Vec<Option<String>>> = (0..weekly.len())
        .map(|k| {
            (0..twins.twin[k].len())
                .map(|r| twins.twin[k][r].and_then(|_| key_of(k, r)))
                .collect()
        })
        .collect();
    for (k, &i) in weekly.iter().enumerate() {
        let Some(rows) = rows_of[i].as_mut() else {
            continue;
        };
        let primary = twins.primary[k];
        for (t, key) in rows.tasks.iter_mut().zip(&keys[k]) {
            t.is_primary = primary;
            t.twin_key.clone_from(key);
        }
        rows.labs.iter_mut().for_each(|l| l.is_primary = primary);
        rows.topics.iter_mut().for_each(|t| t.is_primary = primary);
        if let Some(p) = rows.page.as_mut() {
            p.is_primary = primary;
        }
    }
    borrowed
}

/// Extract every worklog page under `inputs`, all in memory.
pub fn extract(inputs: &[PathBuf], opts: &Options) -> Result<Extraction> {
    let mut out = Extraction::default();
    extract_each(inputs, opts, &mut |part| {
        out.absorb(part);
        Ok(())
    })?;
    out.sort_diagnostics();
    Ok(out)
}

/// Extract every worklog page under `inputs`, handing the result to `emit` in
/// parts: first the walk's findings, then the rows and diagnostics of whole
/// sites, in input order. Sites are extracted in parallel a window at a time,
/// so memory holds a few sites, not the cohort; `emit` runs on the calling
/// thread while the next window is extracted. Parts concatenated equal
/// [`extract`] before its diagnostics are sorted, whatever the thread count.
pub fn extract_each(
    inputs: &[PathBuf],
    opts: &Options,
    emit: &mut dyn FnMut(Extraction) -> Result<()>,
) -> Result<()> {
    extract_each_with(inputs, opts, &Ok, emit)
}

/// [`extract_each`], with each part passed through `prepare` before `emit`.
/// `prepare` runs on the extracting threads when it can (a part whose sites
/// were all parsed), so per-part work such as building Arrow batches runs in
/// parallel; parts with reused sites are prepared on the calling thread,
/// which reads the previous dataset in order. Parts and their order are the
/// same either way.
pub fn extract_each_with<P: Send>(
    inputs: &[PathBuf],
    opts: &Options,
    prepare: &(dyn Fn(Extraction) -> Result<P> + Sync),
    emit: &mut dyn FnMut(P) -> Result<()>,
) -> Result<()> {
    use rayon::prelude::*;
    let mut first = Extraction::default();
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
    // the topic automaton on the other meanwhile.
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
    let roots = RootPages::new(&files, &ends);
    if let Some(found) = found {
        files.extend(found.files);
        first.diagnostics.extend(found.diagnostics);
        first.repos = found.repos;
    }
    first.files_scanned = files.len();
    let prior = match &opts.previous {
        Some(dir) => incremental::prepare(dir, &files, opts),
        None => incremental::Prior::default(),
    };
    let progress = Progress::new("reading pages", files.len(), opts.progress).every(64);
    emit(prepare(first)?)?;
    let chunks = chunk_sites(files);
    let window = 2 * rayon::current_num_threads().max(1);
    let result = std::thread::scope(|s| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk<P>>(window);
        let progress = &progress;
        let prior = &prior;
        let roots = &roots;
        s.spawn(move || {
            let mut chunks = chunks.into_iter().peekable();
            while chunks.peek().is_some() {
                let batch: Vec<Vec<InputFile>> = chunks.by_ref().take(window).collect();
                let parts: Vec<Chunk<P>> = batch
                    .into_par_iter()
                    .map(|files| {
                        let segments = extract_chunk(files, opts, progress, prior);
                        if segments.iter().any(|s| matches!(s, Segment::Reused { .. })) {
                            return Chunk::Segments(segments);
                        }
                        let mut part = Extraction::default();
                        for segment in segments {
                            if let Segment::Parsed(x) = segment {
                                part.absorb(*x);
                            }
                        }
                        roots.count(&part);
                        Chunk::Prepared(prepare(part))
                    })
                    .collect();
                for part in parts {
                    // The receiver stopped (a write failed): stop extracting.
                    if tx.send(part).is_err() {
                        return;
                    }
                }
            }
        });
        for chunk in rx {
            let segments = match chunk {
                Chunk::Prepared(part) => {
                    emit(part?)?;
                    continue;
                }
                Chunk::Segments(segments) => segments,
            };
            // Reused sites are read here, in output order: the previous
            // dataset is read front to back, one batch per file in memory.
            let mut part = Extraction::default();
            for segment in segments {
                match segment {
                    Segment::Parsed(x) => part.absorb(*x),
                    Segment::Reused { site, fingerprint } => {
                        let mut x = prior.take(&site[0].intern)?;
                        set_commits(&site, &mut x);
                        x.sites.push(SiteRecord {
                            intern: site[0].intern.clone(),
                            fingerprint,
                            files: site.len(),
                            reused: true,
                        });
                        no_worklog_pages(&site[0].intern, &site_repos(&site), &mut x);
                        part.absorb(x);
                    }
                }
            }
            roots.count(&part);
            emit(prepare(part)?)?;
        }
        // Last, once every site is read: the PATHs that gave no weekly page.
        let empty = roots.diagnostics(inputs);
        if !empty.is_empty() {
            emit(prepare(Extraction {
                diagnostics: empty,
                ..Extraction::default()
            })?)?;
        }
        Ok(())
    });
    progress.finish();
    result
}

/// Weekly pages found per input PATH, so that a PATH that gave none is an
/// error (a wrong folder, or one of notes only) rather than silently nothing.
struct RootPages {
    /// Source path → the PATHs (indexes) it was found under (two roots may
    /// name a file alike; it then counts for both).
    of: HashMap<String, Vec<usize>>,
    /// Markdown files found under each PATH.
    files: Vec<usize>,
    pages: Vec<AtomicUsize>,
    /// Files not read (`read_error`, `page_too_large`): a PATH whose files
    /// were all unreadable has its errors already.
    unread: Vec<AtomicUsize>,
}

impl RootPages {
    fn new(files: &[InputFile], ends: &[usize]) -> Self {
        let mut of: HashMap<String, Vec<usize>> = HashMap::with_capacity(files.len());
        let mut start = 0;
        let mut counts = Vec::with_capacity(ends.len());
        for (root, &end) in ends.iter().enumerate() {
            for f in files.get(start..end).unwrap_or_default() {
                of.entry(f.source_path.clone()).or_default().push(root);
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
        let add = |counts: &[AtomicUsize], path: &str| {
            for &r in self.of.get(path).into_iter().flatten() {
                counts[r].fetch_add(1, Ordering::Relaxed);
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

/// What the extracting threads hand the calling thread for one chunk.
enum Chunk<P> {
    /// Every site parsed: the chunk's part, already prepared.
    Prepared(Result<P>),
    /// Some sites reused: their rows are read on the calling thread, in order.
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
                let mut x = extract_site(site, opts, progress);
                no_worklog_pages(&intern, &repos, &mut x);
                out.push(Segment::Parsed(Box::new(x)));
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

/// Read, parse and resolve one site's files (one intern: every week, both languages).
fn extract_site(files: Vec<InputFile>, opts: &Options, progress: &Progress) -> Extraction {
    let mut out = Extraction::default();
    let mut reads = read_all(files, opts.max_page_bytes, progress);
    out.sites.extend(site_record(&reads, opts));
    // A worklog section is known by its weekly pages, not its name.
    let mut refs: Vec<Option<&mut ParsedPage>> =
        reads.iter_mut().map(|r| r.page.as_mut()).collect();
    for (i, message) in page::section_weeks(&mut refs) {
        let r = &mut reads[i];
        r.diags.push(Diagnostic::new(
            &r.file.source_path,
            Some(1),
            Code::WeekFromSection,
            message,
        ));
    }
    let mut reads: Vec<FileRead> = reads.into_iter().filter(is_worklog).collect();
    let Some(intern) = reads.first().map(|r| r.file.intern.clone()) else {
        return out;
    };
    twin_file_languages(&mut reads);
    let (mut pages, mut sinks) = split_reads(reads);
    // What reading found stays if a later stage fails; what that stage and
    // the ones before it found goes with the site's rows.
    let read_diags: Vec<usize> = sinks.iter().map(|s| s.items.len()).collect();
    let stages = isolate::Stages::new(&intern);
    let resolved = isolate::catch(|| {
        stages.enter(isolate::Stage::DayPages);
        link_day_pages(&mut pages, &mut sinks);
        resolve_site_rows(&pages, opts, &mut sinks, &mut out, &stages)
    });
    let rows_of = match resolved {
        Ok(rows_of) => rows_of,
        Err(panic) => {
            for (sink, n) in sinks.iter_mut().zip(read_diags) {
                sink.items.truncate(n);
            }
            site_failed(&pages, stages.current(), &panic, &mut sinks, &mut out);
            (0..pages.len()).map(|_| None).collect()
        }
    };
    for (rows, mut sink) in rows_of.into_iter().zip(sinks) {
        // Every diagnostic names whose page it is about.
        for d in &mut sink.items {
            d.intern.clone_from(&intern);
        }
        if let Some(rows) = rows {
            out.tasks.extend(rows.tasks);
            out.task_labs.extend(rows.labs);
            out.task_topics.extend(rows.topics);
            out.pages.extend(rows.page);
        }
        out.diagnostics.extend(sink.items);
    }
    out
}

/// Steps 1 to 6 of one site: its pages' rows (per input index), with the
/// site's decisions applied and its cross-page findings in `sinks`. `stages`
/// is told each stage as it starts.
/// Weeks split into day pages: each day's place, and week rows that repeat a day.
fn link_day_pages(pages: &mut [Option<(InputFile, ParsedPage)>], sinks: &mut [Sink]) {
    let mut refs: Vec<Option<&mut ParsedPage>> = pages
        .iter_mut()
        .map(|p| p.as_mut().map(|(_, p)| p))
        .collect();
    for (i, line, message) in page::day_pages::link_site(&mut refs) {
        sinks[i].at(line, Code::DayPages, message);
    }
}

fn resolve_site_rows(
    pages: &[Option<(InputFile, ParsedPage)>],
    opts: &Options,
    sinks: &mut [Sink],
    out: &mut Extraction,
    stages: &isolate::Stages,
) -> Vec<Option<normalize_page::PageRows>> {
    use isolate::Stage;
    let enter = |s| stages.enter(s);
    // Step 1: scan every page's cells as written.
    enter(Stage::Scan);
    let scanned = scan_pages(pages, sinks);
    let idxs: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].is_some()).collect();
    // Steps 2 and 3: the site decides order and year for each page; apply them to the rows.
    enter(Stage::Dates);
    let (mut rows_of, anchor) = resolve_and_apply(pages, scanned, &idxs, opts, sinks, out, stages);
    // Step 4: en/vi twins and each week's primary language.
    enter(Stage::Twins);
    let borrowed = mark_twins(pages, &idxs, &mut rows_of);
    // Step 5: cross-page checks on the resolved dates.
    enter(Stage::Checks);
    out.cross_page += cross_page_checks(pages, &idxs, &rows_of, sinks, anchor);
    // Step 6: undated list rows take the same days from their dated twins.
    enter(Stage::TwinDates);
    borrow_twin_dates(&borrowed, &mut rows_of, sinks);
    rows_of
}

/// A site whose stage `stage` panicked: none of its rows are written, and its
/// table rows are counted as dropped, by one `internal_error` on its first
/// page. Its fingerprint is spoilt, so the next run parses it again.
fn site_failed(
    pages: &[Option<(InputFile, ParsedPage)>],
    stage: isolate::Stage,
    panic: &str,
    sinks: &mut [Sink],
    out: &mut Extraction,
) {
    let mut failed = Extraction {
        sites: std::mem::take(&mut out.sites),
        ..Extraction::default()
    };
    for s in &mut failed.sites {
        s.fingerprint = "internal_error".to_string();
    }
    let parsed: Vec<&ParsedPage> = pages.iter().flatten().map(|(_, p)| p).collect();
    // Joined rows' second lines stay accounted by their kept `joined_row` notes.
    let joined = sinks
        .iter()
        .flat_map(|s| &s.items)
        .filter(|d| d.code == Code::JoinedRow)
        .count();
    for p in &parsed {
        failed.table_rows += p.table_rows as usize;
        failed.empty_rows += p.empty_rows as usize;
        failed.other_table_rows += p.other_table_rows as usize;
        failed.overview_rows += p.overview_rows as usize;
        failed.data_table_rows += p.data_table_rows as usize;
        failed.dropped_rows += (p.table_rows as usize).saturating_sub(
            (p.empty_rows + p.other_table_rows + p.overview_rows + p.data_table_rows) as usize,
        );
    }
    failed.dropped_rows = failed.dropped_rows.saturating_sub(joined);
    let at = pages.iter().position(Option::is_some).unwrap_or(0);
    if let Some(sink) = sinks.get_mut(at) {
        sink.push(
            None,
            Code::InternalError,
            format!(
                "internal error in {} for this site (please report it): {panic}; none of its rows were written ({} pages; {} task table rows counted as dropped)",
                stage.name(),
                parsed.len(),
                failed.dropped_rows
            ),
        );
    }
    *out = failed;
}

/// The site's record for the manifest: its fingerprint over every file read
/// (worklog or not: a new page anywhere in the site changes it).
fn site_record(reads: &[FileRead], opts: &Options) -> Option<SiteRecord> {
    let keyed: Vec<(&InputFile, &str)> = reads.iter().map(|r| (&r.file, r.key.as_str())).collect();
    let (first, _) = keyed.first()?;
    Some(SiteRecord {
        intern: first.intern.clone(),
        fingerprint: incremental::fingerprint(opts, &keyed),
        files: keyed.len(),
        reused: false,
    })
}

/// Each read as its parsed page (if any) and a sink holding its diagnostics so far.
fn split_reads(reads: Vec<FileRead>) -> (Vec<Option<(InputFile, ParsedPage)>>, Vec<Sink>) {
    let mut sinks: Vec<Sink> = Vec::with_capacity(reads.len());
    let mut pages: Vec<Option<(InputFile, ParsedPage)>> = Vec::with_capacity(reads.len());
    for r in reads {
        let mut sink = Sink::new(&r.file.source_path);
        sink.items = r.diags;
        pages.push(r.page.map(|p| (r.file, p)));
        sinks.push(sink);
    }
    (pages, sinks)
}

/// Every page's date-bearing cells as written, with when it was written if known.
fn scan_pages(
    pages: &[Option<(InputFile, ParsedPage)>],
    sinks: &mut [Sink],
) -> Vec<Option<PageIn>> {
    pages
        .iter()
        .zip(sinks.iter_mut())
        .map(|(p, sink)| {
            p.as_ref().map(|(f, p)| {
                let mut scan = normalize_page::scan(p, sink);
                // The last commit that changed the page: when it was written, near enough.
                scan.written = f
                    .git
                    .as_ref()
                    .and_then(|g| g.committed_at)
                    .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                    .map(|t| t.date_naive());
                scan
            })
        })
        .collect()
}

/// Resolve the site's dates from all its pages and apply the decisions to each
/// page's rows (with the page's provenance). Returns the rows per input index
/// and the site's calendar anchor.
fn resolve_and_apply(
    pages: &[Option<(InputFile, ParsedPage)>],
    mut scanned: Vec<Option<PageIn>>,
    idxs: &[usize],
    opts: &Options,
    sinks: &mut [Sink],
    out: &mut Extraction,
    stages: &isolate::Stages,
) -> (
    Vec<Option<normalize_page::PageRows>>,
    Option<chrono::NaiveDate>,
) {
    let mut rows_of: Vec<Option<normalize_page::PageRows>> =
        (0..pages.len()).map(|_| None).collect();
    // Every page of the site was parsed, so each has its scan: `inputs[k]` is page `idxs[k]`.
    let inputs: Vec<PageIn> = idxs.iter().filter_map(|&i| scanned[i].take()).collect();
    let site = resolve::dates::resolve_site(&inputs, opts.date_order);
    let windows = resolve::weeks::windows(&inputs, &site.decisions, site.anchor);
    let calendars = resolve::weeks::calendar_windows(&inputs, &site.decisions, site.anchor);
    stages.enter(isolate::Stage::Apply);
    let ctx = normalize_page::Context {
        intern: stages.intern,
        cohort: &opts.cohort,
        taxonomy: &opts.taxonomy,
    };
    for ((k, &i), s) in idxs.iter().enumerate().zip(&inputs) {
        if let Some((file, page)) = &pages[i] {
            // Where the calendar row for this page's week was written.
            let calendar_at = calendars[k].and_then(|w| w.at).and_then(|(c, line)| {
                let (f, _) = pages[*idxs.get(c)?].as_ref()?;
                Some((f.source_path.as_str(), line))
            });
            let expected = site.anchor.zip(s.week).map(|(a, w)| {
                // The anchor is a week's middle (the median of its rows).
                let mid = resolve::expected_date(a, w);
                resolve::weeks::Window {
                    start: mid - chrono::Duration::days(3),
                    end: mid + chrono::Duration::days(3),
                    from: crate::model::WeekRangeSource::Rows,
                    at: None,
                }
            });
            let week = normalize_page::WeekIn {
                window: windows[k],
                calendar: calendars[k],
                calendar_at,
                expected,
            };
            let mut rows =
                normalize_page::normalize(page, s, &site.decisions[k], &week, &ctx, &mut sinks[i]);
            if let (Some(p), Some(g)) = (rows.page.as_mut(), &file.git) {
                p.repo = Some(g.repo.shown.clone());
                p.commit = Some(g.repo.commit.clone());
                p.committed_at = g.committed_at;
            }
            out.table_rows += page.table_rows as usize;
            out.empty_rows += page.empty_rows as usize;
            out.other_table_rows += page.other_table_rows as usize;
            out.overview_rows += page.overview_rows as usize;
            out.data_table_rows += page.data_table_rows as usize + rows.data_rows as usize;
            rows_of[i] = Some(rows);
        }
    }
    (rows_of, site.anchor)
}

/// The cross-page checks on the resolved dates of the site's weekly pages
/// (section pages give no rows); findings go to their page's sink.
fn cross_page_checks(
    pages: &[Option<(InputFile, ParsedPage)>],
    idxs: &[usize],
    rows_of: &[Option<normalize_page::PageRows>],
    sinks: &mut [Sink],
    anchor: Option<chrono::NaiveDate>,
) -> crate::model::CrossPageStats {
    // With the input index of each page.
    let (owners, dated): (Vec<usize>, Vec<resolve::checks::PageDates<'_>>) = idxs
        .iter()
        .filter_map(|&i| {
            let (f, p) = pages[i].as_ref()?;
            let rows = rows_of[i].as_ref()?;
            rows.page.as_ref()?;
            let dates = resolve::checks::PageDates {
                path: f.source_path.as_str(),
                week: p.week,
                lang: p.lang,
                rows: rows
                    .tasks
                    .iter()
                    .map(|t| resolve::checks::RowDates {
                        line: t.source_line as u32,
                        row_number: t.row_number as u32,
                        start: t.own_start_date(),
                    })
                    .collect(),
            };
            Some((i, dates))
        })
        .unzip();
    let (findings, stats) = resolve::checks::check_site(&dated, anchor);
    for f in findings {
        sinks[owners[f.page]].at(f.line, f.code, f.message);
    }
    stats
}

//! Reading a site's files: bytes from disk or from a repository's blobs
//! (within the size limit), decoded and parsed in parallel, one page at a time
//! and isolated, so a bug in a parser costs one page.

use crate::output::progress::Progress;
use std::io::Read as _;

use super::isolate;
use super::walk::InputFile;
use crate::diag::{Code, Diagnostic, Sink};
use crate::model::content_hash;
use crate::page::{self, ParsedPage};

/// What identifies a file's content: its blob id, or a hash of its bytes (a
/// read failure is its own content: the same failure gives the same rows).
pub(super) fn content_key(file: &InputFile, bytes: &std::io::Result<Vec<u8>>) -> String {
    match (&file.git, bytes) {
        (Some(g), _) => g.oid.clone(),
        (None, Ok(b)) => content_hash(b),
        (None, Err(e)) => format!("unreadable: {e}"),
    }
}

/// The result of reading one file: its page (if it is a worklog page) and diagnostics.
pub(super) struct FileRead {
    pub file: InputFile,
    pub page: Option<ParsedPage>,
    pub diags: Vec<Diagnostic>,
    /// What identifies the file's content (see [`content_key`]).
    pub key: String,
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

pub(super) fn too_large(size: Option<u64>, limit: u64) -> std::io::Error {
    std::io::Error::other(TooLarge { size, limit })
}

/// A file's bytes, unless it is over `limit`: its length is checked first,
/// and a file whose length the system gets wrong is read no further than
/// one byte past the limit.
pub(super) fn read_bytes(file: &InputFile, limit: u64) -> std::io::Result<Vec<u8>> {
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
    let key = content_key(&file, &bytes);
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
pub(super) fn is_worklog(r: &FileRead) -> bool {
    r.file.explicit
        || r.page
            .as_ref()
            .is_some_and(|p| p.has_tasks_table || p.looks_like_worklog)
        || (r.page.is_none() && r.file.source_path.split('/').any(page::is_worklog_folder))
        // Unreadable files are reported wherever they are: nobody can tell what they held.
        || r.diags.iter().any(|d| d.severity == crate::diag::Severity::Error)
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
pub(super) fn read_all(files: Vec<InputFile>, limit: u64, progress: &Progress) -> Vec<FileRead> {
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

//! Incremental extraction: a site (one intern) whose inputs are unchanged since
//! the dataset being replaced was written takes its rows from that dataset.
//!
//! A site's rows depend on all its pages (dates are decided site-wide), so the
//! unit of reuse is the site: one changed page re-parses its whole site, and
//! only it. "Unchanged" is a fingerprint over everything the rows depend on:
//! the tool version, the options, and every file's path and content (blob id
//! for repositories, a hash of the bytes for folders) and commit time.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use super::read::{content_key, read_bytes};
use super::walk::{group_sites, InputFile};
use super::Options;
use crate::dataset::previous::Reader;
use crate::model::{stable_id, Extraction};
use crate::normalize::dates::Order;

/// The fingerprint of a site: its files (in order) with their content keys.
pub fn fingerprint(opts: &Options, files: &[(&InputFile, &str)]) -> String {
    // Spelled as fingerprints have always spelt it: a new spelling would
    // make every site of every dataset parse again.
    let order = match opts.date_order {
        Order::Dmy => "Dmy",
        Order::Mdy => "Mdy",
    };
    let mut parts: Vec<String> = vec![
        env!("CARGO_PKG_VERSION").to_string(),
        opts.cohort.clone(),
        order.to_string(),
        opts.intern.clone().unwrap_or_default(),
        opts.taxonomy.fingerprint().to_string(),
        // A page over the limit gives no rows; under another limit it may.
        opts.max_page_bytes.to_string(),
    ];
    for (f, key) in files {
        let (repo, when) = f.git.as_ref().map_or((String::new(), String::new()), |g| {
            (
                g.repo.shown.clone(),
                g.committed_at.map(|t| t.to_string()).unwrap_or_default(),
            )
        });
        parts.extend([
            f.source_path.clone(),
            key.to_string(),
            f.explicit.to_string(),
            repo,
            when,
        ]);
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    stable_id(&refs)
}

/// The sites that reuse the previous dataset's rows, and the reader that
/// takes those rows, site by site, in the order they were written.
#[derive(Default)]
pub struct Prior {
    /// Intern → its (unchanged) fingerprint.
    reusable: HashMap<String, String>,
    reader: Option<Mutex<Reader>>,
}

impl Prior {
    /// The fingerprint of `intern` if its rows are reused.
    pub fn reuses(&self, intern: &str) -> Option<&str> {
        self.reusable.get(intern).map(String::as_str)
    }

    /// The previous rows of a reused site. Sites must be taken in output order.
    pub fn take(&self, intern: &str) -> crate::error::Result<Extraction> {
        match &self.reader {
            Some(r) => r
                .lock()
                .map_err(|_| {
                    crate::error::Error::Schema("previous dataset reader poisoned".into())
                })?
                .take(intern),
            None => Ok(Extraction::default()),
        }
    }
}

/// Decide which sites of `files` are unchanged since the dataset at `dir` was
/// written, and open it to read their rows. Folder pages are read (not parsed)
/// to hash them; repository pages are known by blob id without reading. A
/// site is reused only in the order the previous dataset wrote it (its rows are
/// read front to back); one out of that order is parsed. Anything that
/// prevents reuse (no manifest, another version, an unreadable dataset) means
/// a full extraction, never an error.
pub fn prepare(dir: &Path, files: &[InputFile], opts: &Options) -> Prior {
    use rayon::prelude::*;
    let Some(previous) = crate::dataset::previous::manifest(dir) else {
        return Prior::default();
    };
    let old: HashMap<&str, (usize, &str)> = previous
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.intern.as_str(), (i, s.fingerprint.as_str())))
        .collect();
    let keys: Vec<String> = files
        .par_iter()
        .map(|f| {
            if f.git.is_some() || !old.contains_key(f.intern.as_str()) {
                // Blob ids are known; a site new to the dataset is parsed anyway.
                content_key(f, &Ok(Vec::new()))
            } else {
                content_key(f, &read_bytes(f, opts.max_page_bytes))
            }
        })
        .collect();
    let keyed = files.iter().zip(keys.iter().map(String::as_str));
    let sites = group_sites(keyed, |(f, _)| &f.intern);
    let mut reusable: HashMap<String, String> = HashMap::new();
    let mut paths: HashMap<String, HashSet<String>> = HashMap::new();
    let mut last: Option<usize> = None;
    for site in &sites {
        let intern = site[0].0.intern.as_str();
        let Some(&(pos, old_fp)) = old.get(intern) else {
            continue;
        };
        let fp = fingerprint(opts, site);
        if old_fp == fp && last.is_none_or(|l| pos > l) {
            last = Some(pos);
            reusable.insert(intern.to_string(), fp);
            paths.insert(
                intern.to_string(),
                site.iter().map(|(f, _)| f.source_path.clone()).collect(),
            );
        }
    }
    if reusable.is_empty() {
        return Prior::default();
    }
    let order: Vec<String> = previous.sites.iter().map(|s| s.intern.clone()).collect();
    match Reader::open(dir, &order, paths) {
        Ok(reader) => Prior {
            reusable,
            reader: Some(Mutex::new(reader)),
        },
        Err(_) => Prior::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::topics::Taxonomy;

    fn file(path: &str) -> InputFile {
        InputFile {
            path: path.into(),
            source_path: path.to_string(),
            intern: "a".into(),
            explicit: false,
            git: None,
        }
    }

    #[test]
    fn fingerprint_follows_content_paths_and_options() {
        let opts = Options::new(Taxonomy::bundled());
        let (f1, f2) = (file("a/w1.md"), file("a/w2.md"));
        let base = fingerprint(&opts, &[(&f1, "k1"), (&f2, "k2")]);
        assert_eq!(base, fingerprint(&opts, &[(&f1, "k1"), (&f2, "k2")]));
        // A changed page, a new page, a renamed page: another fingerprint.
        assert_ne!(base, fingerprint(&opts, &[(&f1, "k1"), (&f2, "k3")]));
        assert_ne!(base, fingerprint(&opts, &[(&f1, "k1")]));
        let renamed = file("a/week2.md");
        assert_ne!(base, fingerprint(&opts, &[(&f1, "k1"), (&renamed, "k2")]));
        // Options the rows depend on.
        let mut cohort = opts.clone();
        cohort.cohort = "2025-fall".into();
        assert_ne!(base, fingerprint(&cohort, &[(&f1, "k1"), (&f2, "k2")]));
        let mut order = opts.clone();
        order.date_order = crate::normalize::dates::Order::Mdy;
        assert_ne!(base, fingerprint(&order, &[(&f1, "k1"), (&f2, "k2")]));
    }

    #[test]
    fn content_keys() {
        let f = file("a/w1.md");
        assert_eq!(
            content_key(&f, &Ok(b"x".to_vec())),
            content_key(&f, &Ok(b"x".to_vec()))
        );
        assert_ne!(
            content_key(&f, &Ok(b"x".to_vec())),
            content_key(&f, &Ok(b"y".to_vec()))
        );
        let unreadable = content_key(&f, &Err(std::io::Error::other("denied")));
        assert!(unreadable.starts_with("unreadable"), "{unreadable}");
    }
}

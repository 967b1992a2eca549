//! `_manifest.json`: what produced a dataset and how much is in it. The leading
//! `_` makes Athena and Spark skip it when they list the folder.
//!
//! Every read and write of a manifest, local or on S3, is here; this module
//! imports no other part of `dataset` but the table list.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use object_store::{ObjectStore, ObjectStoreExt};
use serde::{Deserialize, Serialize};

use super::schema::Table;
use crate::diag::Severity;
use crate::error::{Error, Result};
use crate::model::{Extraction, RepoRecord};

pub const FILE_NAME: &str = "_manifest.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    pub created_at: String,
    pub inputs: Vec<String>,
    pub cohort: String,
    pub date_order: String,
    pub compression: String,
    pub files_scanned: usize,
    pub pages_read: usize,
    /// Rows per table.
    pub rows: BTreeMap<String, usize>,
    /// Diagnostics per severity (error/warning/info).
    pub diagnostics: BTreeMap<String, usize>,
    /// Diagnostics per code.
    pub diagnostics_by_code: BTreeMap<String, usize>,
    /// Weeks present (partition folders).
    pub weeks: Vec<i32>,
    /// Repositories read (`--repos`), each with the commit read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repositories: Vec<RepoRecord>,
    /// Each site (intern) with the fingerprint of its inputs, in the order
    /// their rows are written: the next extraction into this folder reuses the
    /// rows of sites whose fingerprint is unchanged, reading them in this order.
    #[serde(default)]
    pub sites: Vec<SiteFingerprint>,
    /// Files whose rows were reused from the previous dataset, and files parsed.
    #[serde(default)]
    pub files_reused: usize,
    #[serde(default)]
    pub files_parsed: usize,
}

/// A site and the fingerprint of everything its rows depend on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SiteFingerprint {
    pub intern: String,
    pub fingerprint: String,
}

/// What produced a dataset, as its manifest records it (from the writer's options).
#[derive(Debug, Clone, Copy)]
pub struct Provenance<'a> {
    pub inputs: &'a [String],
    pub cohort: &'a str,
    pub date_order: &'a str,
    pub compression: &'a str,
}

/// Whether `dir` holds a manifest (so is a dataset).
pub fn exists(dir: &Path) -> bool {
    dir.join(FILE_NAME).is_file()
}

/// Why a manifest could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file or object at `at` (a path or an `s3://` URL) could not be read.
    #[error("reading {at}")]
    Unreadable {
        at: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("reading the dataset manifest")]
    Invalid(#[source] serde_json::Error),
}

/// Whether `store` holds a manifest at `key` (`PREFIX/_manifest.json`).
pub async fn object_exists(
    store: &dyn ObjectStore,
    key: &object_store::path::Path,
) -> Result<bool> {
    match store.head(key).await {
        Ok(_) => Ok(true),
        Err(object_store::Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The manifest of the dataset at `dir`.
pub fn read(dir: &Path) -> std::result::Result<Manifest, ReadError> {
    let path = dir.join(FILE_NAME);
    let text = fs::read_to_string(&path).map_err(|e| ReadError::Unreadable {
        at: path.display().to_string(),
        source: e.into(),
    })?;
    serde_json::from_str(&text).map_err(ReadError::Invalid)
}

/// The manifest stored at `key` (`PREFIX/_manifest.json`) in `store`; `url`
/// names it in errors.
pub async fn read_object(
    store: &dyn ObjectStore,
    key: &object_store::path::Path,
    url: &str,
) -> std::result::Result<Manifest, ReadError> {
    let unreadable = |e: object_store::Error| ReadError::Unreadable {
        at: url.to_string(),
        source: e.into(),
    };
    let bytes = store
        .get(key)
        .await
        .map_err(unreadable)?
        .bytes()
        .await
        .map_err(unreadable)?;
    serde_json::from_str(&String::from_utf8_lossy(&bytes)).map_err(ReadError::Invalid)
}

/// Write `m` into the dataset folder `dir`, synced like its Parquet files: a
/// dataset renamed into place never has an empty manifest.
pub fn write(dir: &Path, m: &Manifest) -> Result<()> {
    let path = dir.join(FILE_NAME);
    let mut file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    std::io::Write::write_all(
        &mut file,
        (serde_json::to_string_pretty(m)? + "\n").as_bytes(),
    )
    .map_err(|e| Error::io(&path, e))?;
    file.sync_all().map_err(|e| Error::io(&path, e))
}

/// Counts gathered as an extraction streams into a dataset.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub files_scanned: usize,
    pub rows: BTreeMap<String, usize>,
    pub weeks: std::collections::BTreeSet<i32>,
    pub repos: Vec<RepoRecord>,
    pub sites: Vec<SiteFingerprint>,
    pub files_reused: usize,
    pub files_parsed: usize,
}

impl Tally {
    pub fn add(&mut self, x: &Extraction) {
        self.files_scanned += x.files_scanned;
        for t in Table::ALL {
            let n = match t {
                Table::Tasks => x.tasks.len(),
                Table::TaskLabs => x.task_labs.len(),
                Table::TaskTopics => x.task_topics.len(),
                Table::Pages => x.pages.len(),
                Table::Diagnostics => x.diagnostics.len(),
            };
            *self.rows.entry(t.name().to_string()).or_default() += n;
        }
        self.weeks.extend(x.pages.iter().map(|p| p.week));
        self.weeks.extend(x.tasks.iter().map(|t| t.week));
        self.repos.extend(x.repos.iter().cloned());
        for s in &x.sites {
            self.sites.push(SiteFingerprint {
                intern: s.intern.clone(),
                fingerprint: s.fingerprint.clone(),
            });
            if s.reused {
                self.files_reused += s.files;
            } else {
                self.files_parsed += s.files;
            }
        }
    }

    /// Add another tally (of the parts that follow this one's).
    pub fn merge(&mut self, other: Tally) {
        self.files_scanned += other.files_scanned;
        for (table, n) in other.rows {
            *self.rows.entry(table).or_default() += n;
        }
        self.weeks.extend(other.weeks);
        self.repos.extend(other.repos);
        self.sites.extend(other.sites);
        self.files_reused += other.files_reused;
        self.files_parsed += other.files_parsed;
    }

    pub fn manifest(
        &self,
        diagnostics: &[crate::diag::Diagnostic],
        made_by: &Provenance<'_>,
    ) -> Manifest {
        let mut severities: BTreeMap<String, usize> =
            [Severity::Error, Severity::Warning, Severity::Info]
                .iter()
                .map(|s| (s.as_str().to_string(), 0))
                .collect();
        let mut by_code = BTreeMap::new();
        for d in diagnostics {
            *severities
                .entry(d.severity.as_str().to_string())
                .or_default() += 1;
            *by_code.entry(d.code.as_str().to_string()).or_default() += 1;
        }
        Manifest {
            tool: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            inputs: made_by.inputs.to_vec(),
            cohort: made_by.cohort.to_string(),
            date_order: made_by.date_order.to_string(),
            compression: made_by.compression.to_string(),
            files_scanned: self.files_scanned,
            pages_read: self.rows.get("pages").copied().unwrap_or(0),
            rows: self.rows.clone(),
            diagnostics: severities,
            diagnostics_by_code: by_code,
            weeks: self.weeks.iter().copied().collect(),
            repositories: self.repos.clone(),
            sites: self.sites.clone(),
            files_reused: self.files_reused,
            files_parsed: self.files_parsed,
        }
    }
}

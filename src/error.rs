//! Library error type. The CLI wraps these with `anyhow` context at the edges.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("input path does not exist: {0}")]
    MissingInput(PathBuf),
    #[error(
        "{0} exists and is not a worklog-analyze dataset (no _manifest.json); pass --force to replace it"
    )]
    NotADataset(PathBuf),
    #[error(
        "{} holds Markdown pages ({}) and is not a worklog-analyze dataset: it is not replaced, even with --force (which replaces only a folder without pages); choose another output folder", dir.display(), page.display()
    )]
    HoldsPages { dir: PathBuf, page: PathBuf },
    #[error(
        "{0} is not a dataset directory (no _manifest.json); run `worklog-analyze extract` first"
    )]
    NoDataset(PathBuf),
    #[error("taxonomy {path}: {message}")]
    Taxonomy { path: String, message: String },
    #[error("arrow: {0}")]
    Arrow(#[from] datafusion::arrow::error::ArrowError),
    #[error("parquet: {0}")]
    Parquet(#[from] datafusion::parquet::errors::ParquetError),
    #[error("{0}")]
    DataFusion(#[from] datafusion::error::DataFusionError),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{} exists and is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("could not move the new dataset to {} ({error}) nor restore the previous one ({restore}); it is in {}", dir.display(), kept.display())]
    Restore {
        dir: PathBuf,
        kept: PathBuf,
        error: std::io::Error,
        restore: std::io::Error,
    },
    /// A failure injected by a test hook (`WriteOptions::fail_after_files`).
    #[error("simulated failure after {0} files")]
    Injected(usize),
    /// A table's columns do not match the one schema module (a bug, not bad input).
    #[error("schema: {0}")]
    Schema(String),
    #[error("{0} holds no worklog-analyze dataset (no _manifest.json there); run `worklog-analyze export DIR --to {0}` first")]
    NoS3Dataset(String),
    #[error("not an S3 location: {0:?} (expected s3://bucket/prefix)")]
    BadS3Url(String),
    #[error("{0}")]
    ObjectStore(#[from] object_store::Error),
    #[error("report template: {0}")]
    Template(String),
    #[error("starting the async runtime: {0}")]
    Runtime(std::io::Error),
    /// A table QuickSight would refuse (`cloud::quicksight::refusal`).
    #[error("--quicksight: {0}; export without --quicksight and read the dataset through Athena")]
    QuickSightLimit(String),
    /// An upload to S3 that stopped: what it wrote and the state it left
    /// (`cloud::export::Failed::explain`).
    #[error("{0}")]
    Export(String),
    /// A statement read-only SQL does not run (see `sql::engine::Access`).
    #[error("{statement} is refused: SQL runs read-only by default (queries over the dataset, CREATE VIEW and DROP VIEW); pass --unsafe-sql to run it, which lets SQL read and write any file you can")]
    SqlRefused { statement: &'static str },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

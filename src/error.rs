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
    /// `--intern` names one intern; the input holds several Hugo sites.
    #[error("--intern {intern} names one intern, but the input holds {sites} Hugo sites ({examples}, …): one name would merge their weeks into one site; drop --intern (each site is named after its folder), or give one site's folder")]
    InternOverSites {
        intern: String,
        sites: usize,
        examples: String,
    },
    #[error(
        "{0} exists and is not a worklog-analyze dataset (no _manifest.json); pass --force to replace it"
    )]
    NotADataset(PathBuf),
    #[error(
        "{} holds Markdown pages ({}) and is not a worklog-analyze dataset: it is not replaced, even with --force (which replaces only a folder without pages); choose another output folder", dir.display(), page.display()
    )]
    HoldsPages { dir: PathBuf, page: PathBuf },
    #[error(
        "{} is not a dataset ({}): --data takes the folder `worklog-analyze extract PATH -o DIR` wrote; run extract first", .0.display(), if .0.exists() { "no _manifest.json in it" } else { "it does not exist" }
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
    /// Said in one line (see [`describe_object_store`]), so not a `source`:
    /// its chain repeats the same request at every level.
    #[error("{}", describe_object_store(.0))]
    ObjectStore(object_store::Error),
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

impl From<object_store::Error> for Error {
    fn from(e: object_store::Error) -> Self {
        Error::ObjectStore(e)
    }
}

/// `<Tag>value</Tag>` in an S3 error body.
fn xml_tag<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = text.find(&open)? + open.len();
    let len = text[start..].find("</")?;
    Some(&text[start..start + len])
}

/// An S3 failure in one line that says what happened and what to do. The
/// object store's error chain repeats the request at each level ("Error
/// performing HEAD … after 3 retries" three times); what matters is its root
/// cause: no credentials, a missing bucket, a refused key, an unreachable
/// endpoint.
pub fn describe_object_store(e: &object_store::Error) -> String {
    let chain: Vec<String> =
        std::iter::successors(Some(e as &dyn std::error::Error), |e| e.source())
            .map(|e| e.to_string())
            .collect();
    let all = chain.join("\n");
    // "Error performing PUT http://host/bucket/key in 3ms …": the request.
    let request = all.split("Error performing ").nth(1).and_then(|r| {
        let mut w = r.split_whitespace();
        Some((w.next()?, w.next()?))
    });
    let deepest = chain.last().map(String::as_str).unwrap_or_default();
    // Without credentials in the environment, the instance metadata service
    // (169.254.169.254, or AWS_METADATA_ENDPOINT) or ECS's (169.254.170.2) is asked.
    let imds = [
        "/latest/api/token",
        "/latest/meta-data",
        "169.254.169.254",
        "169.254.170.2",
    ];
    if imds.iter().any(|m| all.contains(m)) {
        let url = request.map(|(_, u)| u).unwrap_or("169.254.169.254");
        let reason = deepest.lines().next().unwrap_or(deepest);
        return format!(
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones) in the environment; without them the instance metadata service was asked ({url}) and gave none ({reason})"
        );
    }
    if let Some(code) = xml_tag(&all, "Code") {
        let message = xml_tag(&all, "Message").unwrap_or_default();
        return match code {
            "NoSuchBucket" => format!(
                "bucket {} does not exist (NoSuchBucket): create it, or correct the bucket in the s3:// URL",
                xml_tag(&all, "BucketName").unwrap_or("(unnamed)")
            ),
            "InvalidAccessKeyId" | "SignatureDoesNotMatch" | "ExpiredToken" | "InvalidToken"
            | "TokenRefreshRequired" => format!(
                "S3 refused the credentials ({code}: {message}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN"
            ),
            "AccessDenied" => format!(
                "S3 denied access ({code}: {message}){}: the credentials in AWS_ACCESS_KEY_ID may not do this on that bucket",
                request.map(|(m, u)| format!(" to {m} {u}")).unwrap_or_default()
            ),
            _ => format!(
                "S3 answered {code}: {message}{}",
                request.map(|(m, u)| format!(" ({m} {u})")).unwrap_or_default()
            ),
        };
    }
    let unreachable = [
        "error sending request",
        "tcp connect error",
        "Connection refused",
        "dns error",
        "timed out",
    ];
    if unreachable.iter().any(|u| all.contains(u)) {
        let endpoint = request
            .and_then(|(_, u)| {
                let rest = u.split_once("://")?;
                Some(format!("{}://{}", rest.0, rest.1.split('/').next()?))
            })
            .unwrap_or_else(|| "the S3 endpoint".to_string());
        let reason = deepest.rsplit(": ").next().unwrap_or(deepest);
        return format!(
            "cannot reach {endpoint} ({reason}): check that the server is running, AWS_ENDPOINT_URL (for an S3-compatible server) and the network"
        );
    }
    // Anything else: each level once.
    let mut out = String::new();
    for c in &chain {
        if !out.contains(c.as_str()) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(c);
        }
    }
    out
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

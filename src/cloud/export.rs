//! Upload a dataset folder to S3: data files first, `_manifest.json` next (so a
//! manifest never names data that is not all there), then every object under
//! the dataset's own prefixes (one per table, and `quicksight/`) that the new
//! dataset does not hold is removed, so the export replaces the previous one as
//! a local `extract -o DIR` does. Nothing else under the location is touched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::TryStreamExt;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use super::quicksight;
use super::s3::{self, S3Location};
use crate::dataset::{manifest, Table};
use crate::error::{Error, Result};
use crate::output::progress::Progress;

/// One file to upload: where it is, and its path relative to the dataset root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub local: PathBuf,
    pub rel: String,
    pub bytes: u64,
}

impl Upload {
    /// The file `local`, to be uploaded as `rel` (its size read now).
    pub fn of(local: PathBuf, rel: String) -> Result<Upload> {
        let bytes = std::fs::metadata(&local)
            .map_err(|e| Error::io(&local, e))?
            .len();
        Ok(Upload { local, rel, bytes })
    }
}

/// What an export writes: data files and the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub data: Vec<Upload>,
    pub manifest: Upload,
}

impl Plan {
    /// Objects to write, the manifest included.
    pub fn objects(&self) -> usize {
        self.data.len() + 1
    }

    /// Bytes to write, the manifest included.
    pub fn bytes(&self) -> u64 {
        self.data.iter().map(|u| u.bytes).sum::<u64>() + self.manifest.bytes
    }
}

/// The prefixes an export owns under its location (`tasks/`, …, `quicksight/`):
/// after an export they hold exactly what it wrote. Only the tool writes there;
/// anything else under the location (a user's `notes.txt`) is never removed.
pub fn owned_prefixes() -> Vec<String> {
    Table::ALL
        .iter()
        .map(|t| t.name())
        .chain([quicksight::PREFIX])
        .map(|p| format!("{p}/"))
        .collect()
}

fn rel_of(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files of a dataset folder (`extract -o DIR`), in upload order. Extra
/// files are included as they are.
pub fn plan(dir: &Path) -> Result<Plan> {
    let manifest_path = dir.join(manifest::FILE_NAME);
    if !manifest::exists(dir) {
        return Err(Error::NoDataset(dir.to_path_buf()));
    }
    let mut data = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(path, e.into())
        })?;
        if !entry.file_type().is_file() || entry.path() == manifest_path {
            continue;
        }
        let bytes = entry
            .metadata()
            .map_err(|e| Error::io(entry.path(), e.into()))?
            .len();
        data.push(Upload {
            local: entry.path().to_path_buf(),
            rel: rel_of(dir, entry.path()),
            bytes,
        });
    }
    let bytes = std::fs::metadata(&manifest_path)
        .map_err(|e| Error::io(&manifest_path, e))?
        .len();
    Ok(Plan {
        data,
        manifest: Upload {
            local: manifest_path,
            rel: manifest::FILE_NAME.to_string(),
            bytes,
        },
    })
}

/// What was done (or, on failure, done before it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Done {
    /// `s3://…` URLs written, in order.
    pub written: Vec<String>,
    /// `s3://…` URLs removed as stale.
    pub removed: Vec<String>,
}

/// A failed export: what had been written, and why it stopped.
#[derive(Debug, thiserror::Error)]
#[error("{cause}")]
pub struct Failed {
    pub done: Done,
    /// Whether `_manifest.json` was written (the failure was in removing stale objects).
    pub manifest_written: bool,
    pub cause: Error,
}

impl Failed {
    /// What the user is told when an export to `to` of `planned` objects
    /// stopped: what was written, and the state the location is left in.
    pub fn explain(&self, to: &str, planned: usize) -> String {
        let (written, removed) = (self.done.written.len(), self.done.removed.len());
        if self.manifest_written {
            // The new dataset is complete; only the clean-up of the previous one stopped.
            return format!(
                "export to {to} wrote all {written} objects, _manifest.json last, then failed removing stale objects ({removed} removed): {}\n\
                 the new dataset is complete, but objects of the previous export may remain under its table and {}/ prefixes: run the export again to remove them",
                self.cause,
                quicksight::PREFIX
            );
        }
        if self.done.written.is_empty() {
            return format!(
                "export to {to} failed after writing 0 of {planned} objects: {}\n\
                 nothing was written or removed under {to}",
                self.cause
            );
        }
        let mut s = format!(
            "export to {to} failed after writing {written} of {planned} objects: {}\n\
             the manifest was not written and nothing was removed; objects written:",
            self.cause
        );
        for u in &self.done.written {
            s.push_str("\n  ");
            s.push_str(u);
        }
        s
    }
}

/// Stale objects: under the owned prefixes, not written by the plan.
async fn stale(
    store: &dyn ObjectStore,
    loc: &S3Location,
    plan: &Plan,
) -> Result<Vec<object_store::path::Path>> {
    let keep: BTreeSet<String> = plan
        .data
        .iter()
        .map(|u| loc.key(&u.rel).to_string())
        .collect();
    let mut out = Vec::new();
    for owned in owned_prefixes() {
        // object_store lists whole segments: `tasks` never matches `tasks_old/`.
        let prefix = loc.key(owned.trim_end_matches('/'));
        let listed: Vec<object_store::ObjectMeta> = store.list(Some(&prefix)).try_collect().await?;
        out.extend(
            listed
                .into_iter()
                .map(|m| m.location)
                .filter(|p| !keep.contains(p.as_ref())),
        );
    }
    Ok(out)
}

/// Upload `plan` under `loc`. `tick(done, total)` is called after each object.
pub async fn run(
    store: Arc<dyn ObjectStore>,
    loc: &S3Location,
    plan: &Plan,
    tick: &(dyn Fn(usize, usize) + Sync),
) -> std::result::Result<Done, Failed> {
    let mut done = Done::default();
    let total = plan.objects();
    // Test hook: slow uploads and removals down so a test can stop the server mid-export.
    let delay = std::env::var("WORKLOG_ANALYZE_TEST_UPLOAD_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok());
    let put = |u: &Upload| {
        let store = store.clone();
        let key = loc.key(&u.rel);
        let local = u.local.clone();
        async move {
            if let Some(ms) = delay {
                tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            }
            let bytes = std::fs::read(&local).map_err(|e| Error::io(&local, e))?;
            store.put(&key, PutPayload::from(bytes)).await?;
            Ok::<(), Error>(())
        }
    };
    for u in &plan.data {
        if let Err(cause) = put(u).await {
            return Err(Failed {
                done,
                manifest_written: false,
                cause,
            });
        }
        done.written.push(loc.url(&u.rel));
        tick(done.written.len(), total);
    }
    if let Err(cause) = put(&plan.manifest).await {
        return Err(Failed {
            done,
            manifest_written: false,
            cause,
        });
    }
    done.written.push(loc.url(&plan.manifest.rel));
    tick(done.written.len(), total);
    // Only after the manifest: a failure before here removed nothing; one after
    // leaves the complete new dataset plus stale objects a re-run removes.
    let stale = match stale(store.as_ref(), loc, plan).await {
        Ok(s) => s,
        Err(cause) => {
            return Err(Failed {
                done,
                manifest_written: true,
                cause,
            })
        }
    };
    for p in stale {
        if let Some(ms) = delay {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }
        if let Err(e) = store.delete(&p).await {
            return Err(Failed {
                done,
                manifest_written: true,
                cause: e.into(),
            });
        }
        done.removed.push(format!("s3://{}/{p}", loc.bucket));
    }
    Ok(done)
}

/// [`run`] on `rt`, drawing a progress line unless `quiet`; a failure is an
/// error saying what was written to `to` (`loc` as the user wrote it) and
/// what state it is left in ([`Failed::explain`]).
pub fn upload(
    rt: &tokio::runtime::Runtime,
    store: Arc<dyn ObjectStore>,
    (loc, to): (&S3Location, &str),
    plan: &Plan,
    quiet: bool,
) -> Result<Done> {
    let bar = Progress::new("uploading", plan.objects(), !quiet).unit(" objects");
    let result = rt.block_on(run(store, loc, plan, &|n, _| bar.set(n)));
    bar.finish();
    result.map_err(|f| Error::Export(f.explain(to, plan.objects())))
}

/// `extract -o s3://…`: the dataset `extract` wrote to the temporary folder
/// `dir`, uploaded to `to` as `export` uploads one (no QuickSight files, no
/// progress line: extract says what it wrote).
pub fn extract_to_s3(dir: &Path, to: &str) -> Result<Done> {
    let loc = S3Location::parse(to)?;
    let plan = plan(dir)?;
    let rt = tokio::runtime::Runtime::new().map_err(Error::Runtime)?;
    let store = s3::store(&loc)?;
    upload(&rt, store, (&loc, to), &plan, true)
}

/// What `--dry-run` shows: the objects that would be written, in order, and the
/// stale ones that would be removed.
pub async fn dry_run(store: Arc<dyn ObjectStore>, loc: &S3Location, plan: &Plan) -> Result<Done> {
    let stale = stale(store.as_ref(), loc, plan).await?;
    Ok(Done {
        written: plan
            .data
            .iter()
            .chain(std::iter::once(&plan.manifest))
            .map(|u| loc.url(&u.rel))
            .collect(),
        removed: stale
            .into_iter()
            .map(|p| format!("s3://{}/{p}", loc.bucket))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::memory::InMemory;

    fn dataset() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (p, t) in [
            ("_manifest.json", "{}"),
            ("tasks/week=1/part-00000.parquet", "a"),
            ("tasks/week=2/part-00000.parquet", "b"),
            ("diagnostics/diagnostics.parquet", "c"),
        ] {
            let f = d.path().join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, t).unwrap();
        }
        d
    }

    async fn keys(store: &Arc<dyn ObjectStore>) -> Vec<String> {
        store
            .list(None)
            .map_ok(|m| m.location.to_string())
            .try_collect()
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn manifest_before_removal_and_only_owned_prefixes_cleaned() {
        let d = dataset();
        let plan = plan(d.path()).unwrap();
        let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
        let loc = S3Location::parse("s3://b/p").unwrap();
        // Stale: a file in week 1, a week the new dataset lacks, an old CSV.
        // Not ours: a note under the prefix, a look-alike folder, another prefix.
        for k in [
            "p/tasks/week=1/part-00001.parquet",
            "p/tasks/week=9/part-00000.parquet",
            "p/quicksight/tasks/tasks.csv",
            "p/quicksight/tasks.manifest.json",
            "p/notes.txt",
            "p/tasks_old/x.parquet",
            "other/tasks/week=1/part-00000.parquet",
        ] {
            store.put(&k.into(), PutPayload::from("old")).await.unwrap();
        }
        let ticks = std::sync::Mutex::new(Vec::new());
        let done = run(store.clone(), &loc, &plan, &|n, t| {
            ticks.lock().unwrap().push((n, t))
        })
        .await
        .unwrap();
        assert_eq!(done.written.last().unwrap(), "s3://b/p/_manifest.json");
        assert_eq!(done.written.len(), 4);
        assert_eq!(ticks.into_inner().unwrap().last(), Some(&(4, 4)));
        assert_eq!(
            done.removed,
            [
                "s3://b/p/tasks/week=1/part-00001.parquet",
                "s3://b/p/tasks/week=9/part-00000.parquet",
                "s3://b/p/quicksight/tasks.manifest.json",
                "s3://b/p/quicksight/tasks/tasks.csv",
            ]
        );
        assert_eq!(
            keys(&store).await,
            [
                "other/tasks/week=1/part-00000.parquet",
                "p/_manifest.json",
                "p/diagnostics/diagnostics.parquet",
                "p/notes.txt",
                "p/tasks/week=1/part-00000.parquet",
                "p/tasks/week=2/part-00000.parquet",
                "p/tasks_old/x.parquet",
            ]
        );
        // A dry run now finds nothing stale.
        let again = dry_run(store.clone(), &loc, &plan).await.unwrap();
        assert!(again.removed.is_empty(), "{:?}", again.removed);
        assert_eq!(again.written.last().unwrap(), "s3://b/p/_manifest.json");
    }

    #[test]
    fn a_failure_says_what_was_written_and_what_state_is_left() {
        let failed = |manifest_written| Failed {
            done: Done {
                written: vec![
                    "s3://b/p/tasks/a.parquet".into(),
                    "s3://b/p/_manifest.json".into(),
                ],
                removed: vec![],
            },
            manifest_written,
            cause: Error::Export("connection refused".into()),
        };
        assert_eq!(
            failed(false).explain("s3://b/p", 5),
            "export to s3://b/p failed after writing 2 of 5 objects: connection refused\n\
             the manifest was not written and nothing was removed; objects written:\n  \
             s3://b/p/tasks/a.parquet\n  s3://b/p/_manifest.json"
        );
        let after = failed(true).explain("s3://b/p", 2);
        assert!(
            after.starts_with("export to s3://b/p wrote all 2 objects, _manifest.json last, then failed removing stale objects (0 removed): connection refused\nthe new dataset is complete"),
            "{after}"
        );
    }
}

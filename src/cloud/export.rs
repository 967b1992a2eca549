//! Upload a dataset folder to S3: data files first, then stale objects of the
//! same partitions removed (overwrite-partitions, like awswrangler's mode),
//! `_manifest.json` last, so a reader never sees a manifest for data that is
//! not all there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::TryStreamExt;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use super::s3::S3Location;
use crate::dataset::manifest;
use crate::error::{Error, Result};

/// One file to upload: where it is, and its path relative to the dataset root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub local: PathBuf,
    pub rel: String,
    pub bytes: u64,
}

/// What an export writes: data files, the folders they replace, the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub data: Vec<Upload>,
    /// Partition folders (`tasks/week=3/`, `diagnostics/`) whose other objects are removed.
    pub folders: Vec<String>,
    pub manifest: Upload,
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
/// files are included as they are; folders with data are the partitions replaced.
pub fn plan(dir: &Path) -> Result<Plan> {
    let manifest_path = dir.join(manifest::FILE_NAME);
    if !manifest_path.is_file() {
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
    let folders: BTreeSet<String> = data
        .iter()
        .filter_map(|u| u.rel.rsplit_once('/').map(|(f, _)| format!("{f}/")))
        .collect();
    let bytes = std::fs::metadata(&manifest_path)
        .map_err(|e| Error::io(&manifest_path, e))?
        .len();
    Ok(Plan {
        data,
        folders: folders.into_iter().collect(),
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
    pub cause: Error,
}

/// Stale objects: under the plan's folders, not written by it.
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
    for folder in &plan.folders {
        let prefix = loc.key(folder.trim_end_matches('/'));
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
    let total = plan.data.len() + 1;
    // Test hook: slow uploads down so a test can stop the server mid-export.
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
            return Err(Failed { done, cause });
        }
        done.written.push(loc.url(&u.rel));
        tick(done.written.len(), total);
    }
    let stale = match stale(store.as_ref(), loc, plan).await {
        Ok(s) => s,
        Err(cause) => return Err(Failed { done, cause }),
    };
    for p in stale {
        if let Err(e) = store.delete(&p).await {
            return Err(Failed {
                done,
                cause: e.into(),
            });
        }
        done.removed.push(format!("s3://{}/{p}", loc.bucket));
    }
    if let Err(cause) = put(&plan.manifest).await {
        return Err(Failed { done, cause });
    }
    done.written.push(loc.url(&plan.manifest.rel));
    tick(done.written.len(), total);
    Ok(done)
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

    #[tokio::test]
    async fn manifest_last_and_same_partitions_replaced() {
        let d = dataset();
        let plan = plan(d.path()).unwrap();
        assert_eq!(
            plan.folders,
            ["diagnostics/", "tasks/week=1/", "tasks/week=2/"]
        );
        let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
        let loc = S3Location::parse("s3://b/p").unwrap();
        // A stale file in week 1 (replaced) and a week 9 (left alone).
        for k in [
            "p/tasks/week=1/part-00001.parquet",
            "p/tasks/week=9/part-00000.parquet",
        ] {
            store.put(&k.into(), PutPayload::from("old")).await.unwrap();
        }
        let done = run(store.clone(), &loc, &plan, &|_, _| {}).await.unwrap();
        assert_eq!(done.written.last().unwrap(), "s3://b/p/_manifest.json");
        assert_eq!(done.written.len(), 4);
        assert_eq!(done.removed, ["s3://b/p/tasks/week=1/part-00001.parquet"]);
        let left: Vec<String> = store
            .list(None)
            .map_ok(|m| m.location.to_string())
            .try_collect()
            .await
            .unwrap();
        assert!(left.contains(&"p/tasks/week=9/part-00000.parquet".to_string()));
        assert!(!left.contains(&"p/tasks/week=1/part-00001.parquet".to_string()));
    }
}

//! Write a dataset atomically: every file goes to a temporary folder beside the
//! target, which is renamed into place only after everything succeeded.

use std::fs;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};

use super::batch::{by_week, table_batch};
use super::manifest::{self, Manifest};
use super::schema::Table;
use crate::error::{Error, Result};
use crate::model::Extraction;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Codec {
    #[default]
    Snappy,
    Zstd,
}

impl Codec {
    pub fn as_str(self) -> &'static str {
        match self {
            Codec::Snappy => "snappy",
            Codec::Zstd => "zstd",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    pub codec: Codec,
    /// Replace `dir` even when it is not a dataset.
    pub force: bool,
    /// Recorded in the manifest.
    pub inputs: Vec<String>,
    pub cohort: String,
    pub date_order: String,
    /// Test hook: fail after writing this many Parquet files.
    #[doc(hidden)]
    pub fail_after_files: Option<usize>,
}

fn props(codec: Codec) -> WriterProperties {
    let compression = match codec {
        Codec::Snappy => Compression::SNAPPY,
        Codec::Zstd => Compression::ZSTD(ZstdLevel::default()),
    };
    WriterProperties::builder()
        .set_writer_version(WriterVersion::PARQUET_1_0)
        .set_compression(compression)
        .set_statistics_enabled(EnabledStatistics::Page)
        .build()
}

/// Write one batch to `path` as a Parquet file.
pub fn write_file(path: &Path, batch: &RecordBatch, codec: Codec) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let file = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props(codec)))?;
    w.write(batch)?;
    // Flushed and synced before the folder is renamed into place, so a power
    // loss cannot leave a renamed dataset with empty files.
    let file = w.into_inner()?;
    file.sync_all().map_err(|e| Error::io(path, e))?;
    Ok(())
}

/// The folder of one table's partition: `DIR/tasks/week=7` (never zero-padded).
pub fn partition_dir(root: &Path, table: Table, week: i32) -> PathBuf {
    root.join(table.name()).join(format!("week={week}"))
}

fn write_tables(x: &Extraction, tmp: &Path, opts: &WriteOptions) -> Result<Manifest> {
    let mut written = 0usize;
    let count = |written: &mut usize| -> Result<()> {
        *written += 1;
        if opts.fail_after_files.is_some_and(|n| *written >= n) {
            return Err(Error::Injected(*written));
        }
        Ok(())
    };
    for table in Table::ALL {
        let batch = table_batch(x, table)?;
        let dir = tmp.join(table.name());
        // Every table folder exists, even empty, so query engines can register it.
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        if table.partitioned() {
            for (week, part) in by_week(&batch)? {
                write_file(
                    &partition_dir(tmp, table, week).join("part-00000.parquet"),
                    &part,
                    opts.codec,
                )?;
                count(&mut written)?;
            }
        } else {
            write_file(
                &dir.join(format!("{}.parquet", table.name())),
                &batch,
                opts.codec,
            )?;
            count(&mut written)?;
        }
    }
    let m = Manifest::new(
        x,
        &opts.inputs,
        &opts.cohort,
        &opts.date_order,
        opts.codec.as_str(),
    );
    let path = tmp.join(manifest::FILE_NAME);
    fs::write(&path, serde_json::to_string_pretty(&m)? + "\n").map_err(|e| Error::io(&path, e))?;
    Ok(m)
}

/// Whether `dir` may be replaced without `--force`: missing, empty, or a dataset.
fn replaceable(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(mut entries) => entries.next().is_none() || dir.join(manifest::FILE_NAME).is_file(),
    }
}

/// Write `x` as a dataset at `dir` and return its manifest. On any failure
/// `dir` is left as it was.
pub fn write_dataset(x: &Extraction, dir: &Path, opts: &WriteOptions) -> Result<Manifest> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::NotADirectory(dir.to_path_buf()));
    }
    if !opts.force && !replaceable(dir) {
        return Err(Error::NotADataset(dir.to_path_buf()));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    // Beside the target so the final rename stays on one file system.
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-"))
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let manifest = write_tables(x, tmp.path(), opts)?;

    if dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        let old_path = old.path().join("dataset");
        fs::rename(dir, &old_path).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = fs::rename(tmp.path(), dir) {
            // Put the previous dataset back before reporting; if even that fails,
            // keep it where it is and say where.
            if let Err(back) = fs::rename(&old_path, dir) {
                let kept = old.keep();
                return Err(Error::Restore {
                    dir: dir.to_path_buf(),
                    kept: kept.join("dataset"),
                    error: e,
                    restore: back,
                });
            }
            return Err(Error::io(dir, e));
        }
        drop(old);
    } else {
        fs::rename(tmp.path(), dir).map_err(|e| Error::io(dir, e))?;
    }
    // The temp dir was renamed away; forget it so Drop does not look for it.
    let _ = tmp.keep();
    Ok(manifest)
}

/// Write bytes to `path` via a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(|e| Error::io(parent, e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Error::io(path, e))?;
    // Temp files are created 0600; a result file should be as readable as any other.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

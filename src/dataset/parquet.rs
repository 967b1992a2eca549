//! Write a dataset atomically: every file goes to a temporary folder beside the
//! target, which replaces it only after everything succeeded ([`crate::atomic`]).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use datafusion::parquet::schema::types::ColumnPath;

use super::batch::{by_week, table_batch, table_batch_by_week};
use super::manifest::{self, Manifest, Provenance, Tally};
use super::schema::Table;
use crate::atomic::{create_dirs_under, markdown_inside, replace_dir, temp_dir_beside, TempDir};
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

impl WriteOptions {
    fn provenance(&self) -> Provenance<'_> {
        Provenance {
            inputs: &self.inputs,
            cohort: &self.cohort,
            date_order: &self.date_order,
            compression: self.codec.as_str(),
        }
    }
}

/// Columns (in any table) whose values rarely repeat.
const FREE_TEXT: &[&str] = &[
    "task_id",
    "page_id",
    "title",
    "details",
    "reference",
    "notes",
    "objectives",
    "achievements",
    "message",
];

/// Encoded bytes of row groups held across all open files before some are
/// flushed. The writers' real memory is a few times their reported size: at
/// 32 MB peak RSS still grew with the cohort, at 4 MB it stays flat (README).
const BUFFER_BUDGET: usize = 4 << 20;

fn props(codec: Codec) -> WriterProperties {
    let compression = match codec {
        Codec::Snappy => Compression::SNAPPY,
        Codec::Zstd => Compression::ZSTD(ZstdLevel::default()),
    };
    let mut b = WriterProperties::builder()
        .set_writer_version(WriterVersion::PARQUET_1_0)
        .set_compression(compression)
        .set_statistics_enabled(EnabledStatistics::Page);
    // Free text and ids are (nearly) all distinct: a dictionary only costs
    // hashing every value. Short repeated columns (intern, day, lang) keep one.
    // Nor do their min/max prune anything, while the writer compares every
    // value and holds each page's bounds until the file closes.
    for column in FREE_TEXT {
        b = b
            .set_column_dictionary_enabled(ColumnPath::from(*column), false)
            .set_column_statistics_enabled(ColumnPath::from(*column), EnabledStatistics::None);
    }
    b.build()
}

/// Write one batch to `path` (its folder exists) as a Parquet file.
pub fn write_file(path: &Path, batch: &RecordBatch, codec: Codec) -> Result<()> {
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

/// Whether `dir` may be replaced without `--force`: missing, empty, or a dataset.
fn replaceable(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(mut entries) => entries.next().is_none() || manifest::exists(dir),
    }
}

/// One part of an extraction as Arrow batches, one per table and week, with
/// what the manifest counts: the writer's CPU work that needs no open file,
/// so it runs on the thread that extracted the part (see `extract_each_with`).
pub struct Prepared {
    tally: Tally,
    diagnostics: Vec<crate::diag::Diagnostic>,
    /// (index in `Table::ALL`, week, rows), in the order files are opened.
    batches: Vec<(usize, i32, RecordBatch)>,
}

/// Turn one part into batches for [`DatasetWriter::write_prepared`]. The
/// same parts give the same batches, so the same bytes, on any thread.
pub fn prepare(part: &Extraction) -> Result<Prepared> {
    let mut tally = Tally::default();
    tally.add(part);
    let mut batches = Vec::new();
    for (t, table) in Table::ALL.into_iter().enumerate() {
        if !table.partitioned() || table_len(part, table) == 0 {
            continue;
        }
        let batch = table_batch_by_week(part, table)?;
        for (week, rows) in by_week(&batch)? {
            batches.push((t, week, rows));
        }
    }
    Ok(Prepared {
        tally,
        diagnostics: part.diagnostics.clone(),
        batches,
    })
}

/// One open Parquet file of a partition.
struct Open {
    path: PathBuf,
    writer: ArrowWriter<fs::File>,
}

/// A dataset written as the extraction streams in: each part's rows go to the
/// open file of their table and week, so memory holds encoded row groups, not
/// the cohort's rows. Everything is written to a temporary folder beside the
/// target and put in its place by [`DatasetWriter::finish`] ([`replace_dir`]); dropped
/// unfinished (an error), it leaves the target as it was.
pub struct DatasetWriter {
    dir: PathBuf,
    tmp: TempDir,
    opts: WriteOptions,
    open: BTreeMap<(usize, i32), Open>,
    /// Diagnostics are sorted by file and line, so they are written last.
    diagnostics: Vec<crate::diag::Diagnostic>,
    tally: Tally,
    files: usize,
}

impl DatasetWriter {
    /// Check that `dir` may be replaced and open a temporary folder beside it.
    pub fn create(dir: &Path, opts: &WriteOptions) -> Result<Self> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::NotADirectory(dir.to_path_buf()));
        }
        if !replaceable(dir) {
            // --force replaces other files, never pages someone may read.
            if let Some(page) = markdown_inside(dir) {
                return Err(Error::HoldsPages {
                    dir: dir.to_path_buf(),
                    page,
                });
            }
            if !opts.force {
                return Err(Error::NotADataset(dir.to_path_buf()));
            }
        }
        let tmp = temp_dir_beside(dir)?;
        for table in Table::ALL {
            // Every table folder exists, even empty, so query engines can register it.
            create_dirs_under(tmp.path(), Path::new(table.name()))?;
        }
        Ok(DatasetWriter {
            dir: dir.to_path_buf(),
            tmp,
            opts: opts.clone(),
            open: BTreeMap::new(),
            diagnostics: Vec::new(),
            tally: Tally::default(),
            files: 0,
        })
    }

    /// Weekly pages written so far.
    pub fn pages(&self) -> usize {
        self.tally
            .rows
            .get(Table::Pages.name())
            .copied()
            .unwrap_or(0)
    }

    /// Diagnostics written so far (unsorted).
    pub fn diagnostics(&self) -> &[crate::diag::Diagnostic] {
        &self.diagnostics
    }

    fn count_file(&mut self) -> Result<()> {
        self.files += 1;
        if self.opts.fail_after_files.is_some_and(|n| self.files >= n) {
            return Err(Error::Injected(self.files));
        }
        Ok(())
    }

    /// Append one part of an extraction (rows in order; see `extract::extract_each`).
    pub fn write(&mut self, part: &Extraction) -> Result<()> {
        self.write_prepared(prepare(part)?)
    }

    /// Append one part already turned into batches by [`prepare`].
    pub fn write_prepared(&mut self, part: Prepared) -> Result<()> {
        self.tally.merge(part.tally);
        self.diagnostics.extend(part.diagnostics);
        for (t, week, rows) in part.batches {
            if !self.open.contains_key(&(t, week)) {
                self.count_file()?;
                let table = Table::ALL[t];
                let part = partition_dir(Path::new(""), table, week);
                create_dirs_under(self.tmp.path(), &part)?;
                let path = self.tmp.path().join(part).join("part-00000.parquet");
                let file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
                let writer =
                    ArrowWriter::try_new(file, rows.schema(), Some(props(self.opts.codec)))?;
                self.open.insert((t, week), Open { path, writer });
                crate::interrupt::file_written();
            }
            if let Some(o) = self.open.get_mut(&(t, week)) {
                o.writer.write(&rows)?;
            }
        }
        self.bound_buffers()
    }

    /// Each open file buffers its row group until flushed; over a large cohort
    /// the buffers would grow with it. Past a budget, the largest buffers are
    /// written out as row groups, so memory stays flat whatever the cohort size.
    fn bound_buffers(&mut self) -> Result<()> {
        let mut sizes: Vec<(usize, (usize, i32))> = self
            .open
            .iter()
            .map(|(k, o)| (o.writer.in_progress_size(), *k))
            .collect();
        let mut total: usize = sizes.iter().map(|(n, _)| n).sum();
        if total <= BUFFER_BUDGET {
            return Ok(());
        }
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        for (size, key) in sizes {
            if total <= BUFFER_BUDGET / 2 {
                break;
            }
            if let Some(o) = self.open.get_mut(&key) {
                o.writer.flush()?;
            }
            total -= size;
        }
        Ok(())
    }

    /// Close every file, write the diagnostics and the manifest, and rename the
    /// dataset into place (the previous one is replaced only now).
    pub fn finish(mut self) -> Result<Manifest> {
        use rayon::prelude::*;
        let open: Vec<Open> = std::mem::take(&mut self.open).into_values().collect();
        let mut diags = Extraction {
            diagnostics: std::mem::take(&mut self.diagnostics),
            ..Extraction::default()
        };
        let table = Table::Diagnostics;
        let diag_path = self
            .tmp
            .path()
            .join(table.name())
            .join(format!("{}.parquet", table.name()));
        let codec = self.opts.codec;
        // Extraction is over, so the cores are free: the last row groups are
        // encoded in parallel (files are independent), then every file synced.
        let (closed, diag_written) = rayon::join(
            || {
                open.into_par_iter()
                    .map(|o| Ok((o.writer.into_inner()?, o.path)))
                    .collect::<Result<Vec<(fs::File, PathBuf)>>>()
            },
            || {
                diags.sort_diagnostics();
                write_file(&diag_path, &table_batch(&diags, table)?, codec)
            },
        );
        // Synced before the folder is renamed into place, so a power loss
        // cannot leave a renamed dataset with empty files.
        sync_files(closed?)?;
        diag_written?;
        self.count_file()?;
        let m = self
            .tally
            .manifest(&diags.diagnostics, &self.opts.provenance());
        manifest::write(self.tmp.path(), &m)?;
        self.rename_into_place()?;
        Ok(m)
    }

    fn rename_into_place(self) -> Result<()> {
        if let Some(previous) = replace_dir(self.tmp, &self.dir)? {
            remove_tables(&previous.path);
        }
        Ok(())
    }
}

/// Threads that wait on `fsync` together: a sync mostly waits on the disk,
/// and concurrent ones share journal commits (one at a time took ~1 ms each).
const SYNC_THREADS: usize = 16;

/// `fsync` every file, several at once.
fn sync_files(files: Vec<(fs::File, PathBuf)>) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let per_thread = files.len().div_ceil(SYNC_THREADS);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(per_thread)
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .try_for_each(|(f, path)| f.sync_all().map_err(|e| Error::io(path, e)))
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

/// Remove a replaced dataset's table folders, one thread each (a removal
/// mostly waits on the file system). What is left, or fails, goes with the
/// temporary folder it sits in.
fn remove_tables(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let dirs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    std::thread::scope(|s| {
        for d in &dirs {
            s.spawn(move || fs::remove_dir_all(d));
        }
    });
}

fn table_len(x: &Extraction, table: Table) -> usize {
    match table {
        Table::Tasks => x.tasks.len(),
        Table::TaskLabs => x.task_labs.len(),
        Table::TaskTopics => x.task_topics.len(),
        Table::Pages => x.pages.len(),
        Table::Diagnostics => x.diagnostics.len(),
    }
}

/// Write `x` as a dataset at `dir` and return its manifest. On any failure
/// `dir` is left as it was.
pub fn write_dataset(x: &Extraction, dir: &Path, opts: &WriteOptions) -> Result<Manifest> {
    let mut w = DatasetWriter::create(dir, opts)?;
    w.write(x)?;
    w.finish()
}

//! Read back the rows of chosen sites from a dataset written earlier, so an
//! incremental extraction can reuse them instead of parsing their pages again.
//! Rows come back as the model structs the extractor makes, in file order, so
//! writing them again gives the same files a full extraction would.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use datafusion::arrow::array::{
    Array, BooleanArray, Date32Array, Float64Array, Int32Array, RecordBatch, StringArray,
    TimestampMillisecondArray,
};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::manifest::{self, Manifest};
use super::schema::Table;
use crate::diag::{Code, Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::model::{Extraction, LabSource, Page, Task, TaskLab, TaskTopic};

/// The manifest of the dataset at `dir`, if there is one this version can reuse.
pub fn manifest(dir: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(dir.join(manifest::FILE_NAME)).ok()?;
    let m: Manifest = serde_json::from_str(&text).ok()?;
    // Another version may parse pages differently: its rows are not ours to reuse.
    (m.version == env!("CARGO_PKG_VERSION")).then_some(m)
}

/// The rows of each site in `sites` (intern → its files' source paths), read
/// from the dataset at `dir`. Diagnostics are taken only for the site's files:
/// findings about repositories are made anew by every run.
pub fn load(
    dir: &Path,
    sites: &HashMap<String, HashSet<String>>,
) -> Result<HashMap<String, Extraction>> {
    let mut out: HashMap<String, Extraction> = HashMap::new();
    if sites.is_empty() {
        return Ok(out);
    }
    for table in Table::ALL {
        for (week, file) in table_files(dir, table)? {
            let reader = ParquetRecordBatchReaderBuilder::try_new(
                fs::File::open(&file).map_err(|e| Error::io(&file, e))?,
            )?
            .build()?;
            for batch in reader {
                let batch = batch?;
                rows(&batch, table, week, sites, &mut out)?;
            }
        }
    }
    Ok(out)
}

/// A table's Parquet files with their week, weeks ascending, files by name.
fn table_files(dir: &Path, table: Table) -> Result<Vec<(i32, PathBuf)>> {
    let root = dir.join(table.name());
    let list = |d: &Path| -> Result<Vec<PathBuf>> {
        let mut v: Vec<PathBuf> = fs::read_dir(d)
            .map_err(|e| Error::io(d, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let mut files = Vec::new();
    if !table.partitioned() {
        for f in list(&root)? {
            if f.extension().is_some_and(|e| e == "parquet") {
                files.push((0, f));
            }
        }
        return Ok(files);
    }
    let mut weeks: Vec<(i32, PathBuf)> = list(&root)?
        .into_iter()
        .filter_map(|d| {
            let name = d.file_name()?.to_str()?.to_string();
            let week = name.strip_prefix("week=")?.parse().ok()?;
            Some((week, d))
        })
        .collect();
    weeks.sort();
    for (week, d) in weeks {
        for f in list(&d)? {
            if f.extension().is_some_and(|e| e == "parquet") {
                files.push((week, f));
            }
        }
    }
    Ok(files)
}

/// Typed access to a batch's columns by name (a missing or mistyped column is a
/// schema error: the dataset was not written by this version).
struct Cols<'a>(&'a RecordBatch);

impl<'a> Cols<'a> {
    fn get<T: 'static>(&self, name: &str) -> Result<&'a T> {
        self.0
            .column_by_name(name)
            .and_then(|c| c.as_any().downcast_ref::<T>())
            .ok_or_else(|| Error::Schema(format!("previous dataset: column {name} missing")))
    }
    fn text(&self, name: &str, i: usize) -> Result<String> {
        Ok(self.get::<StringArray>(name)?.value(i).to_string())
    }
    fn opt_text(&self, name: &str, i: usize) -> Result<Option<String>> {
        let a = self.get::<StringArray>(name)?;
        Ok(a.is_valid(i).then(|| a.value(i).to_string()))
    }
    fn int(&self, name: &str, i: usize) -> Result<i32> {
        Ok(self.get::<Int32Array>(name)?.value(i))
    }
    fn opt_int(&self, name: &str, i: usize) -> Result<Option<i32>> {
        let a = self.get::<Int32Array>(name)?;
        Ok(a.is_valid(i).then(|| a.value(i)))
    }
    fn flag(&self, name: &str, i: usize) -> Result<bool> {
        Ok(self.get::<BooleanArray>(name)?.value(i))
    }
    fn date(&self, name: &str, i: usize) -> Result<Option<NaiveDate>> {
        let a = self.get::<Date32Array>(name)?;
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1);
        Ok(a.is_valid(i)
            .then(|| epoch.map(|e| e + chrono::Duration::days(i64::from(a.value(i)))))
            .flatten())
    }
}

/// The `&'static str` the extractor uses for a stored label.
fn label(s: &str, known: &[&'static str]) -> Result<&'static str> {
    known
        .iter()
        .find(|k| **k == s)
        .copied()
        .ok_or_else(|| Error::Schema(format!("previous dataset: unknown value {s:?}")))
}

const LAYOUTS: &[&str] = &["table", "list", "none"];

fn rows(
    batch: &RecordBatch,
    table: Table,
    week: i32,
    sites: &HashMap<String, HashSet<String>>,
    out: &mut HashMap<String, Extraction>,
) -> Result<()> {
    let c = Cols(batch);
    let interns = c.get::<StringArray>("intern")?;
    for i in 0..batch.num_rows() {
        let intern = interns.value(i);
        let Some(files) = sites.get(intern) else {
            continue;
        };
        let x = out.entry(intern.to_string()).or_default();
        match table {
            Table::Tasks => x.tasks.push(Task {
                task_id: c.text("task_id", i)?,
                intern: intern.to_string(),
                cohort: c.text("cohort", i)?,
                week,
                lang: c.text("lang", i)?,
                row_number: c.int("row_number", i)?,
                day: c.text("day", i)?,
                weekday: c.opt_int("weekday", i)?,
                title: c.text("title", i)?,
                details: c.text("details", i)?,
                start_date: c.date("start_date", i)?,
                end_date: c.date("end_date", i)?,
                duration_days: c.opt_int("duration_days", i)?,
                reference: c.text("reference", i)?,
                reference_urls: c.text("reference_urls", i)?,
                hours: {
                    let a = c.get::<Float64Array>("hours")?;
                    a.is_valid(i).then(|| a.value(i))
                },
                notes: c.text("notes", i)?,
                source_path: c.text("source_path", i)?,
                source_line: c.int("source_line", i)?,
                layout: label(&c.text("layout", i)?, LAYOUTS)?,
                date_precision: match c.opt_text("date_precision", i)? {
                    Some(p) => Some(label(&p, &["day", "week"])?),
                    None => None,
                },
                twin_key: c.opt_text("twin_key", i)?,
                is_primary: c.flag("is_primary", i)?,
                // Not stored; only `check --summary` reads them, and it never reuses rows.
                day_weekday: None,
                date_written: false,
                date_from_twin: false,
            }),
            Table::TaskLabs => x.task_labs.push(TaskLab {
                task_id: c.text("task_id", i)?,
                intern: intern.to_string(),
                week,
                lab: c.int("lab", i)?,
                source: match c.text("source", i)?.as_str() {
                    "task" => LabSource::Task,
                    _ => LabSource::Reference,
                },
                is_primary: c.flag("is_primary", i)?,
            }),
            Table::TaskTopics => x.task_topics.push(TaskTopic {
                task_id: c.text("task_id", i)?,
                intern: intern.to_string(),
                week,
                topic: c.text("topic", i)?,
                category: c.text("category", i)?,
                is_primary: c.flag("is_primary", i)?,
            }),
            Table::Pages => x.pages.push(Page {
                page_id: c.text("page_id", i)?,
                intern: intern.to_string(),
                cohort: c.text("cohort", i)?,
                week,
                lang: c.text("lang", i)?,
                title: c.text("title", i)?,
                page_date: c.date("page_date", i)?,
                objectives: c.text("objectives", i)?,
                achievements: c.text("achievements", i)?,
                task_count: c.int("task_count", i)?,
                layout: label(&c.text("layout", i)?, LAYOUTS)?,
                is_primary: c.flag("is_primary", i)?,
                source_path: c.text("source_path", i)?,
                repo: c.opt_text("repo", i)?,
                commit: c.opt_text("commit", i)?,
                committed_at: {
                    let a = c.get::<TimestampMillisecondArray>("committed_at")?;
                    a.is_valid(i).then(|| a.value(i).div_euclid(1000))
                },
            }),
            Table::Diagnostics => {
                let source_path = c.text("source_path", i)?;
                if !files.contains(&source_path) {
                    continue;
                }
                let code = c.text("code", i)?;
                let code = Code::from_name(&code).ok_or_else(|| {
                    Error::Schema(format!("previous dataset: unknown code {code:?}"))
                })?;
                let severity = match c.text("severity", i)?.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => Severity::Info,
                };
                let line = c.opt_int("line", i)?.map(|l| l as u32);
                x.diagnostics.push(Diagnostic {
                    source_path,
                    intern: intern.to_string(),
                    line,
                    severity,
                    code,
                    message: c.text("message", i)?,
                });
            }
        }
    }
    Ok(())
}

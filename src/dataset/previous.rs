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
use super::schema::{Table, PARTITION_COLUMN};
use crate::diag::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::model::{
    DatePrecision, Extraction, LabSource, Lang, Layout, Page, Task, TaskLab, TaskTopic,
    WeekRangeSource,
};

/// The manifest of the dataset at `dir`, if there is one this version can reuse.
pub fn manifest(dir: &Path) -> Option<Manifest> {
    let m = manifest::read(dir).ok()?;
    // Another version may parse pages differently: its rows are not ours to reuse.
    (m.version == env!("CARGO_PKG_VERSION")).then_some(m)
}

/// The rows of chosen sites, read from the dataset at `dir` in the order the
/// sites were written. Each table and week file is read once, front to back,
/// by a cursor: a site's rows are one run in every file (sites are written
/// whole, in order), so taking the sites in their written order holds one batch
/// per file in memory, not the dataset. Diagnostics (sorted by file, not by
/// site) are few and are read up front.
pub struct Reader {
    cursors: Vec<Cursor>,
    /// Each site's place in the order the previous dataset was written.
    position: HashMap<String, usize>,
    /// Each reused site's files: its diagnostics are those about them.
    sites: HashMap<String, HashSet<String>>,
    diagnostics: HashMap<String, Vec<Diagnostic>>,
}

struct Cursor {
    table: Table,
    week: i32,
    reader: datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReader,
    batch: Option<RecordBatch>,
    row: usize,
}

impl Cursor {
    /// The current batch (a cheap clone: its columns are shared) and row,
    /// reading the next batch when this one is done; `None` at the end.
    fn current(&mut self) -> Result<Option<(RecordBatch, usize)>> {
        while self.batch.as_ref().is_none_or(|b| self.row >= b.num_rows()) {
            match self.reader.next() {
                Some(b) => {
                    self.batch = Some(b?);
                    self.row = 0;
                }
                None => {
                    self.batch = None;
                    return Ok(None);
                }
            }
        }
        Ok(self.batch.clone().map(|b| (b, self.row)))
    }
}

impl Reader {
    /// Open the dataset at `dir`, written with its sites in `order`, to take
    /// the rows of `sites` (intern → its files' source paths).
    pub fn open(
        dir: &Path,
        order: &[String],
        sites: HashMap<String, HashSet<String>>,
    ) -> Result<Reader> {
        let mut cursors = Vec::new();
        let mut diagnostics: HashMap<String, Extraction> = HashMap::new();
        for table in Table::ALL {
            for (week, file) in table_files(dir, table)? {
                let reader = ParquetRecordBatchReaderBuilder::try_new(
                    fs::File::open(&file).map_err(|e| Error::io(&file, e))?,
                )?
                // One batch per table and week file is held at a time: small
                // batches keep that flat (24k pages: 150 MB RSS at 1,024 rows, 114 MB at 32, as fast).
                .with_batch_size(32)
                .build()?;
                if table == Table::Diagnostics {
                    for batch in reader {
                        rows(&batch?, table, week, &sites, &mut diagnostics)?;
                    }
                } else {
                    cursors.push(Cursor {
                        table,
                        week,
                        reader,
                        batch: None,
                        row: 0,
                    });
                }
            }
        }
        Ok(Reader {
            cursors,
            position: order
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i))
                .collect(),
            sites,
            diagnostics: diagnostics
                .into_iter()
                .map(|(intern, rows)| (intern, rows.diagnostics))
                .collect(),
        })
    }

    /// The rows of `intern`. Sites must be taken in the order they were
    /// written; rows of sites written before it and not taken are skipped.
    pub fn take(&mut self, intern: &str) -> Result<Extraction> {
        let target = self.position.get(intern).copied().ok_or_else(|| {
            Error::Schema(format!(
                "previous dataset: site {intern:?} is not in its manifest"
            ))
        })?;
        let only: HashMap<String, HashSet<String>> = self
            .sites
            .get_key_value(intern)
            .map(|(k, v)| (k.clone(), v.clone()))
            .into_iter()
            .collect();
        let mut out: HashMap<String, Extraction> = HashMap::new();
        for c in &mut self.cursors {
            let (table, week) = (c.table, c.week);
            loop {
                let Some((batch, row)) = c.current()? else {
                    break;
                };
                let interns = Cols(&batch).get::<StringArray>("intern")?;
                let name = interns.value(row);
                // A site written after this one: its rows come later.
                if self.position.get(name).is_some_and(|&p| p > target) {
                    break;
                }
                let mut end = row + 1;
                while end < batch.num_rows() && interns.value(end) == name {
                    end += 1;
                }
                if name == intern {
                    rows(&batch.slice(row, end - row), table, week, &only, &mut out)?;
                }
                c.row = end;
            }
        }
        let mut site = out.remove(intern).unwrap_or_default();
        site.diagnostics = self.diagnostics.remove(intern).unwrap_or_default();
        Ok(site)
    }
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
            let week = name
                .strip_prefix(PARTITION_COLUMN)?
                .strip_prefix('=')?
                .parse()
                .ok()?;
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
/// schema error: the dataset was not written by this version). Columns are
/// looked up once per batch, then read row by row.
struct Cols<'a>(&'a RecordBatch);

impl<'a> Cols<'a> {
    fn get<T: 'static>(&self, name: &str) -> Result<&'a T> {
        self.0
            .column_by_name(name)
            .and_then(|c| c.as_any().downcast_ref::<T>())
            .ok_or_else(|| Error::Schema(format!("previous dataset: column {name} missing")))
    }
    fn text(&self, name: &str) -> Result<Text<'a>> {
        self.get::<StringArray>(name).map(Text)
    }
    fn int(&self, name: &str) -> Result<Int<'a>> {
        self.get::<Int32Array>(name).map(Int)
    }
    fn flag(&self, name: &str) -> Result<&'a BooleanArray> {
        self.get::<BooleanArray>(name)
    }
    fn date(&self, name: &str) -> Result<Dates<'a>> {
        self.get::<Date32Array>(name).map(Dates)
    }
}

struct Text<'a>(&'a StringArray);
impl Text<'_> {
    fn at(&self, i: usize) -> String {
        self.0.value(i).to_string()
    }
    fn opt(&self, i: usize) -> Option<String> {
        self.0.is_valid(i).then(|| self.0.value(i).to_string())
    }
}

struct Int<'a>(&'a Int32Array);
impl Int<'_> {
    fn at(&self, i: usize) -> i32 {
        self.0.value(i)
    }
    fn opt(&self, i: usize) -> Option<i32> {
        self.0.is_valid(i).then(|| self.0.value(i))
    }
}

struct Dates<'a>(&'a Date32Array);
impl Dates<'_> {
    fn opt(&self, i: usize) -> Option<NaiveDate> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
        self.0
            .is_valid(i)
            .then(|| epoch + chrono::Duration::days(i64::from(self.0.value(i))))
    }
}

/// A stored label as the extractor's enum (`from_name` of its type).
fn label<T>(s: &str, from_name: fn(&str) -> Option<T>) -> Result<T> {
    from_name(s).ok_or_else(|| Error::Schema(format!("previous dataset: unknown value {s:?}")))
}

fn site_rows<'m>(out: &'m mut HashMap<String, Extraction>, intern: &str) -> &'m mut Extraction {
    out.entry(intern.to_string()).or_default()
}

/// The rows of `batch` (one file of `table`, partition `week`) whose intern is in `sites`.
fn rows(
    batch: &RecordBatch,
    table: Table,
    week: i32,
    sites: &HashMap<String, HashSet<String>>,
    out: &mut HashMap<String, Extraction>,
) -> Result<()> {
    let c = Cols(batch);
    let interns = c.get::<StringArray>("intern")?;
    let wanted: Vec<usize> = (0..batch.num_rows())
        .filter(|&i| sites.contains_key(interns.value(i)))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let read = Rows {
        c,
        interns,
        wanted,
        week,
    };
    match table {
        Table::Tasks => read.tasks(out),
        Table::TaskLabs => read.task_labs(out),
        Table::TaskTopics => read.task_topics(out),
        Table::Pages => read.pages(out),
        Table::Diagnostics => read.diagnostics(sites, out),
    }
}

/// The wanted rows of one batch, read into each table's model struct.
struct Rows<'a> {
    c: Cols<'a>,
    interns: &'a StringArray,
    /// The batch's rows whose intern is asked for.
    wanted: Vec<usize>,
    week: i32,
}

impl Rows<'_> {
    fn tasks(&self, out: &mut HashMap<String, Extraction>) -> Result<()> {
        let (c, interns, week) = (&self.c, self.interns, self.week);
        let (id, cohort, lang, day, title, details) = (
            c.text("task_id")?,
            c.text("cohort")?,
            c.text("lang")?,
            c.text("day")?,
            c.text("title")?,
            c.text("details")?,
        );
        let (reference, urls, notes, path, layout, precision, twin) = (
            c.text("reference")?,
            c.text("reference_urls")?,
            c.text("notes")?,
            c.text("source_path")?,
            c.text("layout")?,
            c.text("date_precision")?,
            c.text("twin_key")?,
        );
        let (row, weekday, duration, line) = (
            c.int("row_number")?,
            c.int("weekday")?,
            c.int("duration_days")?,
            c.int("source_line")?,
        );
        let (start, end) = (c.date("start_date")?, c.date("end_date")?);
        let hours = c.get::<Float64Array>("hours")?;
        let primary = c.flag("is_primary")?;
        for &i in &self.wanted {
            let task = Task {
                task_id: id.at(i),
                intern: interns.value(i).to_string(),
                cohort: cohort.at(i),
                week,
                lang: label(lang.0.value(i), Lang::from_name)?,
                row_number: row.at(i),
                day: day.at(i),
                weekday: weekday.opt(i),
                title: title.at(i),
                details: details.at(i),
                start_date: start.opt(i),
                end_date: end.opt(i),
                duration_days: duration.opt(i),
                reference: reference.at(i),
                reference_urls: urls.at(i),
                hours: hours.is_valid(i).then(|| hours.value(i)),
                notes: notes.at(i),
                source_path: path.at(i),
                source_line: line.at(i),
                layout: label(layout.0.value(i), Layout::from_name)?,
                date_precision: match precision.0.is_valid(i) {
                    true => Some(label(precision.0.value(i), DatePrecision::from_name)?),
                    false => None,
                },
                twin_key: twin.opt(i),
                is_primary: primary.value(i),
                // Not stored; only `check --summary` reads them, and it never reuses rows.
                day_weekday: None,
                date_written: false,
                date_from_twin: false,
            };
            site_rows(out, interns.value(i)).tasks.push(task);
        }
        Ok(())
    }

    fn task_labs(&self, out: &mut HashMap<String, Extraction>) -> Result<()> {
        let (c, interns, week) = (&self.c, self.interns, self.week);
        let (id, source) = (c.text("task_id")?, c.text("source")?);
        let (lab, primary) = (c.int("lab")?, c.flag("is_primary")?);
        for &i in &self.wanted {
            let row = TaskLab {
                task_id: id.at(i),
                intern: interns.value(i).to_string(),
                week,
                lab: lab.at(i),
                source: match source.0.value(i) {
                    "task" => LabSource::Task,
                    _ => LabSource::Reference,
                },
                is_primary: primary.value(i),
            };
            site_rows(out, interns.value(i)).task_labs.push(row);
        }
        Ok(())
    }

    fn task_topics(&self, out: &mut HashMap<String, Extraction>) -> Result<()> {
        let (c, interns, week) = (&self.c, self.interns, self.week);
        let (id, topic, category) = (c.text("task_id")?, c.text("topic")?, c.text("category")?);
        let primary = c.flag("is_primary")?;
        for &i in &self.wanted {
            let row = TaskTopic {
                task_id: id.at(i),
                intern: interns.value(i).to_string(),
                week,
                topic: topic.at(i),
                category: category.at(i),
                is_primary: primary.value(i),
            };
            site_rows(out, interns.value(i)).task_topics.push(row);
        }
        Ok(())
    }

    fn pages(&self, out: &mut HashMap<String, Extraction>) -> Result<()> {
        let (c, interns, week) = (&self.c, self.interns, self.week);
        let (id, cohort, lang, title, objectives, achievements) = (
            c.text("page_id")?,
            c.text("cohort")?,
            c.text("lang")?,
            c.text("title")?,
            c.text("objectives")?,
            c.text("achievements")?,
        );
        let (layout, path, repo, commit) = (
            c.text("layout")?,
            c.text("source_path")?,
            c.text("repo")?,
            c.text("commit")?,
        );
        let (date, count, primary) = (
            c.date("page_date")?,
            c.int("task_count")?,
            c.flag("is_primary")?,
        );
        let at = c.get::<TimestampMillisecondArray>("committed_at")?;
        let (week_start, week_end, range_source) = (
            c.date("week_start")?,
            c.date("week_end")?,
            c.text("week_range_source")?,
        );
        for &i in &self.wanted {
            let week_range_source = match range_source.0.is_valid(i) {
                true => Some(label(range_source.0.value(i), WeekRangeSource::from_name)?),
                false => None,
            };
            let row = Page {
                page_id: id.at(i),
                intern: interns.value(i).to_string(),
                cohort: cohort.at(i),
                week,
                lang: label(lang.0.value(i), Lang::from_name)?,
                title: title.at(i),
                page_date: date.opt(i),
                objectives: objectives.at(i),
                achievements: achievements.at(i),
                task_count: count.at(i),
                layout: label(layout.0.value(i), Layout::from_name)?,
                is_primary: primary.value(i),
                source_path: path.at(i),
                week_start: week_start.opt(i),
                week_end: week_end.opt(i),
                week_range_source,
                repo: repo.opt(i),
                commit: commit.opt(i),
                committed_at: at.is_valid(i).then(|| at.value(i).div_euclid(1000)),
            };
            site_rows(out, interns.value(i)).pages.push(row);
        }
        Ok(())
    }

    fn diagnostics(
        &self,
        sites: &HashMap<String, HashSet<String>>,
        out: &mut HashMap<String, Extraction>,
    ) -> Result<()> {
        let (c, interns) = (&self.c, self.interns);
        let (path, code, message) = (c.text("source_path")?, c.text("code")?, c.text("message")?);
        let line = c.int("line")?;
        for &i in &self.wanted {
            // Only findings about the site's files: those about repositories are made anew.
            let in_site = sites
                .get(interns.value(i))
                .is_some_and(|files| files.contains(path.0.value(i)));
            if !in_site {
                continue;
            }
            let name = code.0.value(i);
            let code = Code::from_name(name)
                .ok_or_else(|| Error::Schema(format!("previous dataset: unknown code {name:?}")))?;
            // The severity column is the code's own severity, as `new` sets it.
            let mut d = Diagnostic::new(
                path.0.value(i),
                line.opt(i).map(|l| l as u32),
                code,
                message.at(i),
            );
            d.intern = interns.value(i).to_string();
            site_rows(out, interns.value(i)).diagnostics.push(d);
        }
        Ok(())
    }
}

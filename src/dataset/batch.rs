//! Owned rows → Arrow RecordBatches (full schema, `week` included), and the
//! split into one batch per week partition.

use std::sync::Arc;

use chrono::NaiveDate;
use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, RecordBatch, StringArray,
    TimestampMillisecondArray, UInt32Array,
};
use datafusion::arrow::compute::take_record_batch;

use super::schema::{Table, PARTITION_COLUMN};
use crate::error::Result;
use crate::model::Extraction;

fn days(d: Option<NaiveDate>) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    d.map(|d| (d - epoch).num_days() as i32)
}

fn utf8<'a>(v: impl Iterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(v))
}
fn int(v: impl Iterator<Item = i32>) -> ArrayRef {
    Arc::new(Int32Array::from_iter_values(v))
}
fn int_opt(v: impl Iterator<Item = Option<i32>>) -> ArrayRef {
    Arc::new(Int32Array::from_iter(v))
}
fn float_opt(v: impl Iterator<Item = Option<f64>>) -> ArrayRef {
    Arc::new(Float64Array::from_iter(v))
}
fn boolean(v: impl Iterator<Item = bool>) -> ArrayRef {
    Arc::new(BooleanArray::from_iter(v.map(Some)))
}
fn date(v: impl Iterator<Item = Option<NaiveDate>>) -> ArrayRef {
    Arc::new(Date32Array::from_iter(v.map(days)))
}

/// One table of an extraction as a single batch with the full schema.
pub fn table_batch(part: &Extraction, table: Table) -> Result<RecordBatch> {
    build(part, table, false)
}

/// [`table_batch`] with the rows of a partitioned table in week order (input
/// order within a week), so that [`by_week`] can slice it without copying.
pub fn table_batch_by_week(part: &Extraction, table: Table) -> Result<RecordBatch> {
    build(part, table, true)
}

/// `rows` in week order if `by_week` (a stable sort), else as they are.
fn ordered<T>(rows: &[T], by_week: bool, week: impl Fn(&T) -> i32) -> Vec<&T> {
    let mut v: Vec<&T> = rows.iter().collect();
    if by_week {
        // Rows already in order (most parts) cost the sort one pass.
        v.sort_by_key(|r| week(r));
    }
    v
}

fn build(part: &Extraction, table: Table, by_week: bool) -> Result<RecordBatch> {
    let cols = match table {
        Table::Tasks => tasks(part, by_week),
        Table::TaskLabs => task_labs(part, by_week),
        Table::TaskTopics => task_topics(part, by_week),
        Table::Pages => pages(part, by_week),
        Table::Diagnostics => diagnostics(part),
    };
    Ok(RecordBatch::try_new(table.schema(), cols)?)
}

fn tasks(part: &Extraction, by_week: bool) -> Vec<ArrayRef> {
    let t = ordered(&part.tasks, by_week, |r| r.week);
    vec![
        utf8(t.iter().map(|r| r.task_id.as_str())),
        utf8(t.iter().map(|r| r.intern.as_str())),
        utf8(t.iter().map(|r| r.cohort.as_str())),
        int(t.iter().map(|r| r.week)),
        utf8(t.iter().map(|r| r.lang.as_str())),
        int(t.iter().map(|r| r.row_number)),
        utf8(t.iter().map(|r| r.day.as_str())),
        int_opt(t.iter().map(|r| r.weekday)),
        utf8(t.iter().map(|r| r.title.as_str())),
        utf8(t.iter().map(|r| r.details.as_str())),
        date(t.iter().map(|r| r.start_date)),
        date(t.iter().map(|r| r.end_date)),
        int_opt(t.iter().map(|r| r.duration_days)),
        utf8(t.iter().map(|r| r.reference.as_str())),
        utf8(t.iter().map(|r| r.reference_urls.as_str())),
        float_opt(t.iter().map(|r| r.hours)),
        utf8(t.iter().map(|r| r.notes.as_str())),
        utf8(t.iter().map(|r| r.source_path.as_str())),
        int(t.iter().map(|r| r.source_line)),
        utf8(t.iter().map(|r| r.layout.as_str())),
        Arc::new(StringArray::from_iter(
            t.iter().map(|r| r.date_precision.map(|p| p.as_str())),
        )),
        Arc::new(StringArray::from_iter(
            t.iter().map(|r| r.twin_key.as_deref()),
        )),
        boolean(t.iter().map(|r| r.is_primary)),
    ]
}

fn task_labs(part: &Extraction, by_week: bool) -> Vec<ArrayRef> {
    let t = ordered(&part.task_labs, by_week, |r| r.week);
    vec![
        utf8(t.iter().map(|r| r.task_id.as_str())),
        utf8(t.iter().map(|r| r.intern.as_str())),
        int(t.iter().map(|r| r.week)),
        int(t.iter().map(|r| r.lab)),
        utf8(t.iter().map(|r| r.source.as_str())),
        boolean(t.iter().map(|r| r.is_primary)),
    ]
}

fn task_topics(part: &Extraction, by_week: bool) -> Vec<ArrayRef> {
    let t = ordered(&part.task_topics, by_week, |r| r.week);
    vec![
        utf8(t.iter().map(|r| r.task_id.as_str())),
        utf8(t.iter().map(|r| r.intern.as_str())),
        int(t.iter().map(|r| r.week)),
        utf8(t.iter().map(|r| r.topic.as_str())),
        utf8(t.iter().map(|r| r.category.as_str())),
        boolean(t.iter().map(|r| r.is_primary)),
    ]
}

fn pages(part: &Extraction, by_week: bool) -> Vec<ArrayRef> {
    let t = ordered(&part.pages, by_week, |r| r.week);
    vec![
        utf8(t.iter().map(|r| r.page_id.as_str())),
        utf8(t.iter().map(|r| r.intern.as_str())),
        utf8(t.iter().map(|r| r.cohort.as_str())),
        int(t.iter().map(|r| r.week)),
        utf8(t.iter().map(|r| r.lang.as_str())),
        utf8(t.iter().map(|r| r.title.as_str())),
        date(t.iter().map(|r| r.page_date)),
        date(t.iter().map(|r| r.week_start)),
        date(t.iter().map(|r| r.week_end)),
        Arc::new(StringArray::from_iter(
            t.iter().map(|r| r.week_range_source.map(|w| w.as_str())),
        )),
        utf8(t.iter().map(|r| r.objectives.as_str())),
        utf8(t.iter().map(|r| r.achievements.as_str())),
        int(t.iter().map(|r| r.task_count)),
        utf8(t.iter().map(|r| r.layout.as_str())),
        boolean(t.iter().map(|r| r.is_primary)),
        utf8(t.iter().map(|r| r.source_path.as_str())),
        Arc::new(StringArray::from_iter(t.iter().map(|r| r.repo.as_deref()))),
        Arc::new(StringArray::from_iter(
            t.iter().map(|r| r.commit.as_deref()),
        )),
        Arc::new(
            TimestampMillisecondArray::from_iter(
                t.iter().map(|r| r.committed_at.map(|s| s * 1000)),
            )
            .with_timezone("UTC"),
        ),
    ]
}

fn diagnostics(part: &Extraction) -> Vec<ArrayRef> {
    let t = &part.diagnostics;
    vec![
        utf8(t.iter().map(|r| r.source_path.as_str())),
        utf8(t.iter().map(|r| r.intern.as_str())),
        int_opt(t.iter().map(|r| r.line.map(|l| l as i32))),
        utf8(t.iter().map(|r| r.severity.as_str())),
        utf8(t.iter().map(|r| r.code.as_str())),
        utf8(t.iter().map(|r| r.message.as_str())),
    ]
}

/// Split a full batch into `(week, batch without the week column)`, weeks ascending.
pub fn by_week(batch: &RecordBatch) -> Result<Vec<(i32, RecordBatch)>> {
    let idx = batch.schema().index_of(PARTITION_COLUMN)?;
    let weeks = batch
        .column(idx)
        .as_any()
        .downcast_ref::<Int32Array>()
        .ok_or_else(|| crate::Error::Schema("week column is not Int32".into()))?;
    let keep: Vec<usize> = (0..batch.num_columns()).filter(|i| *i != idx).collect();
    // Built in week order already (`table_batch_by_week`): each week is a
    // zero-copy slice.
    if weeks.null_count() == 0 && weeks.values().windows(2).all(|w| w[0] <= w[1]) {
        let projected = batch.project(&keep)?;
        let mut out = Vec::new();
        let mut start = 0;
        for run in weeks.values().chunk_by(|a, b| a == b) {
            out.push((run[0], projected.slice(start, run.len())));
            start += run.len();
        }
        return Ok(out);
    }
    // Rows ordered by week, keeping their order within a week (a stable
    // sort), gathered once; each week is then a zero-copy slice. (A filter
    // per week read every column once per week.)
    let mut order: Vec<(i32, u32)> = weeks
        .iter()
        .zip(0u32..)
        .filter_map(|(w, i)| Some((w?, i)))
        .collect();
    order.sort_by_key(|&(w, _)| w);
    let indices = UInt32Array::from_iter_values(order.iter().map(|&(_, i)| i));
    let sorted = take_record_batch(&batch.project(&keep)?, &indices)?;
    let mut out = Vec::new();
    let mut start = 0;
    for run in order.chunk_by(|a, b| a.0 == b.0) {
        out.push((run[0].0, sorted.slice(start, run.len())));
        start += run.len();
    }
    Ok(out)
}

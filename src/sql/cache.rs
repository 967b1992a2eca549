//! A dataset table decoded from its Parquet files once per session.
//!
//! `run queries/*.sql` scans `tasks` a dozen times, each time decoding (and
//! Snappy-decompressing) the same columns again, in batches as small as the
//! files' row groups (a few hundred rows: extraction writes a group per part).
//! Wrapped in [`Cached`], the first scan reads every column it needs and every
//! small one (a read costs per row group, so reading the columns one scan at
//! a time cost more than decoding a few unneeded ones), and keeps them in
//! batches of the session's batch size; a large column (free text such as
//! `details`) is read when a scan first asks for it. Every scan is served from
//! memory. Only for read-only sessions (nothing can change the files' rows
//! while the session lives), and only for tables small enough to hold (the
//! engine's `cache_tables` decides).

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{ArrayRef, RecordBatch, RecordBatchOptions};
use datafusion::arrow::compute::BatchCoalescer;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{Expr, TableType};
use datafusion::physical_plan::{
    ExecutionPlan, ExecutionPlanProperties, StatisticsArgs, StatisticsContext,
};
use futures::StreamExt;

/// A column is large, and read only when asked for, past this share of the
/// table's bytes (the files' uncompressed size, from their statistics).
const LARGE_SHARE: usize = 4;

/// `inner`'s rows, read as scans ask for them.
#[derive(Debug)]
pub struct Cached {
    inner: Arc<dyn TableProvider>,
    loaded: tokio::sync::Mutex<Loaded>,
}

#[derive(Debug, Default)]
struct Loaded {
    /// Per partition of `inner`'s scan, the rows of each of its batches; set
    /// by the first read.
    rows: Option<Vec<Vec<usize>>>,
    /// Per column of the table, once read: per partition, per batch, its values.
    columns: Vec<Option<Vec<Vec<ArrayRef>>>>,
}

/// What one read gives: the batch sizes, and for each column read its arrays.
type Read = (Vec<Vec<usize>>, Vec<Vec<Vec<ArrayRef>>>);

impl Cached {
    pub fn new(inner: Arc<dyn TableProvider>) -> Self {
        let columns = vec![None; inner.schema().fields().len()];
        Cached {
            inner,
            loaded: tokio::sync::Mutex::new(Loaded {
                rows: None,
                columns,
            }),
        }
    }

    /// `wanted` and every small column not read yet (at least one column, so
    /// that an empty projection learns the row counts).
    async fn first_read(&self, state: &dyn Session, wanted: &[usize]) -> Result<Vec<usize>> {
        let plan = self.inner.scan(state, None, &[], None).await?;
        let stats = StatisticsContext::new().compute(plan.as_ref(), &StatisticsArgs::new())?;
        let sizes: Vec<usize> = stats
            .column_statistics
            .iter()
            .map(|c| c.byte_size.get_value().copied().unwrap_or(0))
            .collect();
        let total: usize = sizes.iter().sum();
        let mut columns: Vec<usize> = (0..sizes.len())
            .filter(|c| wanted.contains(c) || sizes[*c].saturating_mul(LARGE_SHARE) <= total)
            .collect();
        if columns.is_empty() {
            let smallest = (0..sizes.len()).min_by_key(|c| sizes[*c]);
            columns.extend(smallest);
        }
        Ok(columns)
    }

    /// Read `columns` in one scan, each partition in batches of the session's
    /// size, copied as they come (the files' small batches are dropped once
    /// copied). One scan's columns come from the same rows in the same order.
    async fn read(&self, state: &dyn Session, columns: &[usize]) -> Result<Read> {
        let plan = self
            .inner
            .scan(state, Some(&columns.to_vec()), &[], None)
            .await?;
        let size = state.config().batch_size().max(1);
        let tasks = (0..plan.output_partitioning().partition_count()).map(|p| {
            let stream = plan.execute(p, state.task_ctx());
            let schema = plan.schema();
            tokio::spawn(async move {
                let mut stream = stream?;
                let mut out = BatchCoalescer::new(schema, size);
                let mut batches = Vec::new();
                while let Some(b) = stream.next().await {
                    out.push_batch(b?)?;
                    while let Some(b) = out.next_completed_batch() {
                        batches.push(b);
                    }
                }
                out.finish_buffered_batch()?;
                while let Some(b) = out.next_completed_batch() {
                    batches.push(b);
                }
                Ok::<_, DataFusionError>(batches)
            })
        });
        let parts: Vec<Vec<RecordBatch>> = futures::future::try_join_all(tasks)
            .await
            .map_err(|e| DataFusionError::External(Box::new(e)))?
            .into_iter()
            .collect::<Result<_>>()?;
        let rows = parts
            .iter()
            .map(|p| p.iter().map(RecordBatch::num_rows).collect())
            .collect();
        let arrays = (0..columns.len())
            .map(|i| {
                parts
                    .iter()
                    .map(|p| p.iter().map(|b| b.column(i).clone()).collect())
                    .collect()
            })
            .collect();
        Ok((rows, arrays))
    }

    /// The batch sizes and, for each of `wanted`, its arrays, reading what is missing.
    async fn columns(&self, state: &dyn Session, wanted: &[usize]) -> Result<Read> {
        let mut loaded = self.loaded.lock().await;
        let missing: Vec<usize> = wanted
            .iter()
            .copied()
            .filter(|c| loaded.columns[*c].is_none())
            .collect();
        if loaded.rows.is_none() || !missing.is_empty() {
            let first = loaded.rows.is_none();
            let columns = if first {
                self.first_read(state, wanted).await?
            } else {
                missing
            };
            let (mut rows, mut arrays) = self.read(state, &columns).await?;
            let mut columns = columns;
            if !first && loaded.rows.as_ref() != Some(&rows) {
                // This read split the rows otherwise than the first (the split is
                // DataFusion's): its columns would not line up with the ones kept,
                // so start again from one read.
                loaded.columns.iter_mut().for_each(|c| *c = None);
                columns = self.first_read(state, wanted).await?;
                (rows, arrays) = self.read(state, &columns).await?;
            }
            loaded.rows = Some(rows);
            for (c, a) in columns.iter().zip(arrays) {
                loaded.columns[*c] = Some(a);
            }
        }
        let rows = loaded.rows.clone().unwrap_or_default();
        let arrays = wanted
            .iter()
            .map(|c| loaded.columns[*c].clone().unwrap_or_default())
            .collect();
        Ok((rows, arrays))
    }
}

#[async_trait]
impl TableProvider for Cached {
    fn schema(&self) -> SchemaRef {
        self.inner.schema()
    }

    fn table_type(&self) -> TableType {
        self.inner.table_type()
    }

    /// Filters and limits are left to the plan above the scan (the default for
    /// a provider is that it supports none): every row is served.
    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let schema = self.schema();
        let wanted: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..schema.fields().len()).collect(),
        };
        let (rows, arrays) = self.columns(state, &wanted).await?;
        let projected = Arc::new(schema.project(&wanted)?);
        let partitions = rows
            .iter()
            .enumerate()
            .map(|(p, sizes)| {
                sizes
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        RecordBatch::try_new_with_options(
                            projected.clone(),
                            arrays.iter().map(|a| a[p][k].clone()).collect(),
                            &RecordBatchOptions::new().with_row_count(Some(*n)),
                        )
                    })
                    .collect::<std::result::Result<Vec<_>, _>>()
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(MemorySourceConfig::try_new_exec(
            &partitions,
            projected,
            None,
        )?)
    }
}

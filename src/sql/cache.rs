//! A dataset table decoded from its Parquet files once per session.
//!
//! `run queries/*.sql` scans `tasks` a dozen times, each time decoding (and
//! Snappy-decompressing) the same columns again, in batches as small as the
//! files' row groups (a few hundred rows: extraction writes a group per part).
//! Wrapped in [`Cached`], the first scan reads every column of the table and
//! keeps it, one array per partition of the files' scan; every scan is then
//! served from memory, in batches of the session's batch size. Only for
//! read-only sessions (nothing can change the files' rows while the session
//! lives), and only for tables small enough to hold (the engine's
//! `cache_tables` decides).

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::BatchCoalescer;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{Expr, TableType};
use datafusion::physical_plan::{ExecutionPlan, ExecutionPlanProperties};
use futures::StreamExt;

/// `inner`'s rows, read on the first scan.
#[derive(Debug)]
pub struct Cached {
    inner: Arc<dyn TableProvider>,
    /// Every column: per partition of `inner`'s scan, its batches.
    rows: tokio::sync::OnceCell<Vec<Vec<RecordBatch>>>,
}

impl Cached {
    pub fn new(inner: Arc<dyn TableProvider>) -> Self {
        Cached {
            inner,
            rows: tokio::sync::OnceCell::new(),
        }
    }

    /// Every column in one scan, so that the columns of a partition come from
    /// the same rows in the same order however DataFusion splits the files;
    /// each partition in batches of the session's size, copied as they come
    /// (the files' small batches are dropped as soon as they are copied).
    async fn read(&self, state: &dyn Session) -> Result<Vec<Vec<RecordBatch>>> {
        let plan = self.inner.scan(state, None, &[], None).await?;
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
        futures::future::try_join_all(tasks)
            .await
            .map_err(|e| DataFusionError::External(Box::new(e)))?
            .into_iter()
            .collect()
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
        let rows = self.rows.get_or_try_init(|| self.read(state)).await?;
        let schema = self.schema();
        let wanted: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..schema.fields().len()).collect(),
        };
        let partitions = rows
            .iter()
            .map(|p| p.iter().map(|b| b.project(&wanted)).collect())
            .collect::<std::result::Result<Vec<Vec<RecordBatch>>, _>>()?;
        let projected = Arc::new(schema.project(&wanted)?);
        Ok(MemorySourceConfig::try_new_exec(
            &partitions,
            projected,
            None,
        )?)
    }
}

//! Which columns of each table a fixed set of statements reads, learnt from
//! DataFusion itself: the statements run on empty tables that note the
//! projection each scan is asked for (what the optimiser pushed down), so an
//! in-memory context for those statements can hold only those columns.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::MemTable;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::SessionContext;

use crate::dataset::Table;
use crate::error::Result;

/// The columns of each table an in-memory context holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Columns {
    /// Every column (`run`: its SQL is the user's).
    All,
    /// By table, indices into its [`Table::schema`]; a table no statement
    /// read holds no column (its rows are still counted).
    Only(BTreeMap<Table, BTreeSet<usize>>),
}

impl Columns {
    /// The indices of `table`'s schema held, ascending; `None`: all.
    pub fn indices(&self, table: Table) -> Option<Vec<usize>> {
        match self {
            Columns::All => None,
            Columns::Only(m) => Some(m.get(&table).into_iter().flatten().copied().collect()),
        }
    }

    /// The names of `table`'s columns held, in schema order.
    pub fn names(&self, table: Table) -> Vec<String> {
        let schema = table.schema();
        let all = 0..schema.fields().len();
        self.indices(table)
            .unwrap_or_else(|| all.collect())
            .into_iter()
            .map(|i| schema.field(i).name().clone())
            .collect()
    }

    /// `batch` of `table` cut to the columns held (the others are freed with
    /// the batch they came in).
    pub fn project(&self, table: Table, batch: RecordBatch) -> Result<RecordBatch> {
        Ok(match self.indices(table) {
            None => batch,
            Some(i) => batch.project(&i)?,
        })
    }

    /// `table`'s schema cut the same way.
    pub fn schema(&self, table: Table) -> Result<SchemaRef> {
        Ok(match self.indices(table) {
            None => table.schema(),
            Some(i) => Arc::new(table.schema().project(&i)?),
        })
    }
}

/// The columns `statements` reads when it runs on `ctx` (a fresh context),
/// given every table, empty, whose scans note their projection. What is
/// noted is what DataFusion asks the tables for when planning to execute, so
/// a column is held exactly when a statement reads it (in a filter, a join,
/// a subquery or a `SELECT *` alike), with nothing listed by hand.
/// `statements` must run the same statements whatever the data holds.
pub async fn read_by<F, Fut>(ctx: SessionContext, statements: F) -> Result<Columns>
where
    F: FnOnce(SessionContext) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let read: Arc<Mutex<BTreeMap<Table, BTreeSet<usize>>>> = Arc::default();
    for table in Table::ALL {
        let provider = Noting {
            table,
            empty: MemTable::try_new(table.schema(), vec![Vec::new()])?,
            read: Arc::clone(&read),
        };
        ctx.register_table(table.name(), Arc::new(provider))?;
    }
    statements(ctx).await?;
    let read = read
        .lock()
        .map_or_else(|e| e.into_inner().clone(), |m| m.clone());
    Ok(Columns::Only(read))
}

/// An empty table that notes the columns each scan of it reads.
#[derive(Debug)]
struct Noting {
    table: Table,
    empty: MemTable,
    read: Arc<Mutex<BTreeMap<Table, BTreeSet<usize>>>>,
}

#[async_trait]
impl TableProvider for Noting {
    fn schema(&self) -> SchemaRef {
        self.empty.schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    // As the in-memory table it stands for: what is not pushed into the scan
    // stays a filter above it, so its columns are in the projection.
    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> datafusion::error::Result<Vec<TableProviderFilterPushDown>> {
        self.empty.supports_filters_pushdown(filters)
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> datafusion::error::Result<Arc<dyn ExecutionPlan>> {
        let all: Vec<usize> = (0..self.schema().fields().len()).collect();
        let columns = projection.unwrap_or(&all);
        self.read
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(self.table)
            .or_default()
            .extend(columns.iter().copied());
        self.empty.scan(state, projection, filters, limit).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read_by_sql(sql: &'static [&'static str]) -> Columns {
        read_by(SessionContext::new(), |ctx| async move {
            for s in sql {
                ctx.sql(s).await?.collect().await?;
            }
            Ok(())
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn the_columns_a_statement_reads_are_noted_and_no_others() {
        let c = read_by_sql(&[
            "SELECT intern, COUNT(*) FROM tasks WHERE is_primary GROUP BY intern",
            // Columns used only in a subquery, a join key or a filter count too.
            "SELECT COUNT(*) FROM task_labs l JOIN (SELECT * FROM tasks t WHERE NOT EXISTS \
             (SELECT 1 FROM diagnostics d WHERE d.line = t.source_line)) c ON l.task_id = c.task_id",
        ])
        .await;
        assert_eq!(
            c.names(Table::Tasks),
            ["task_id", "intern", "source_line", "is_primary"]
        );
        assert_eq!(c.names(Table::TaskLabs), ["task_id"]);
        assert_eq!(c.names(Table::Diagnostics), ["line"]);
        assert!(c.names(Table::Pages).is_empty());
        assert!(c.names(Table::TaskTopics).is_empty());
        let all = read_by_sql(&["SELECT * FROM pages"]).await;
        assert_eq!(all.names(Table::Pages), Columns::All.names(Table::Pages));
    }
}

//! A SessionContext with every table registered, from Parquet or from memory,
//! and the one way statements are run on it (read-only unless asked otherwise).

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::dataframe::DataFrame;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::MemTable;
use datafusion::logical_expr::{DdlStatement, LogicalPlan, Statement, WriteOp};
use datafusion::prelude::{SQLOptions, SessionConfig, SessionContext};

use super::cache;
use super::columns::{self, Columns};
use crate::cloud::s3::{self, S3Location};
use crate::dataset::batch::table_batch;
use crate::dataset::{manifest, Table};
use crate::error::{Error, Result};
use crate::model::Extraction;

fn new_context() -> SessionContext {
    // Identifiers stay as written (lowercase already); information_schema lets users list tables.
    let config = SessionConfig::new()
        .with_information_schema(true)
        .with_target_partitions(2);
    SessionContext::new_with_config(config)
}

/// Register every table of the dataset at `dir` as a listing table; `week` is
/// the Hive partition column, typed Int32.
pub async fn for_dataset(dir: &Path) -> Result<SessionContext> {
    if !manifest::exists(dir) {
        return Err(Error::NoDataset(dir.to_path_buf()));
    }
    let ctx = new_context();
    let abs = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    register(&ctx, |t| format!("{}/", abs.join(t.name()).display()))?;
    Ok(ctx)
}

/// The same tables read in place from S3 (`export --to` wrote them), through the
/// object store DataFusion reads with.
pub async fn for_s3(loc: &S3Location) -> Result<SessionContext> {
    let url = loc.url("");
    let url = url.trim_end_matches('/');
    let store = s3::store(loc)?;
    if !manifest::object_exists(store.as_ref(), &loc.key(manifest::FILE_NAME)).await? {
        return Err(Error::NoS3Dataset(url.to_string()));
    }
    let ctx = new_context();
    let root = url::Url::parse(&loc.root()).map_err(|_| Error::BadS3Url(url.to_string()))?;
    ctx.register_object_store(&root, store);
    register(&ctx, |t| format!("{}/", loc.url(t.name())))?;
    Ok(ctx)
}

/// One listing table per dataset table, at the folder `folder_of(table)` gives.
fn register(ctx: &SessionContext, folder_of: impl Fn(Table) -> String) -> Result<()> {
    for table in Table::ALL {
        let url = ListingTableUrl::parse(folder_of(table))?;
        let mut opts =
            ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
        if table.partitioned() {
            opts = opts.with_table_partition_cols(vec![("week".to_string(), DataType::Int32)]);
        }
        let config = ListingTableConfig::new(url)
            .with_listing_options(opts)
            .with_schema(table.file_schema());
        // The session's statistics cache, as `register_parquet` gives it: without it every
        // scan turns each file's footer into statistics again (planning, not reading).
        let provider = ListingTable::try_new(config)?
            .with_cache(ctx.runtime_env().cache_manager.get_file_statistic_cache());
        ctx.register_table(table.name(), Arc::new(provider))?;
    }
    Ok(())
}

/// The largest table (in bytes of Parquet on disk) [`cache_tables`] holds in
/// memory: decoded, it takes about five times that. The 24,000-page cohort's
/// `tasks` is 11 MB (its five tables add ~90 MB to a run's peak).
pub const CACHE_LIMIT: u64 = 32 << 20;

/// Serve each table of the local dataset at `dir` whose files hold at most
/// `limit` bytes through [`cache::Cached`]: it is decoded from the files once,
/// however many statements read it. Only for a read-only session: an INSERT
/// (`--unsafe-sql`) adds rows the cache would not see.
pub async fn cache_tables(ctx: &SessionContext, dir: &Path, limit: u64) -> Result<()> {
    for table in Table::ALL {
        let bytes: u64 = walkdir::WalkDir::new(dir.join(table.name()))
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum();
        if bytes > limit {
            continue;
        }
        let inner = ctx.table_provider(table.name()).await?;
        if inner.is::<ListingTable>() {
            ctx.deregister_table(table.name())?;
            ctx.register_table(table.name(), Arc::new(cache::Cached::new(inner)))?;
        }
    }
    Ok(())
}

/// The tables of pages extracted in memory, streamed site by site: each part's
/// rows become Arrow batches on the extracting threads and are dropped, so a
/// cohort's rows are never held as structs and as batches at once.
/// Diagnostics are sorted over the whole extraction, as
/// [`crate::extract::extract`] sorts them, so the tables equal
/// [`for_extraction`]'s row for row. Each batch is cut to `columns` before it
/// is held (the report reads a few of them). Returns the context and the code
/// of each error diagnostic.
pub fn for_pages(
    inputs: &[std::path::PathBuf],
    opts: &crate::extract::Options,
    columns: &Columns,
) -> Result<(SessionContext, Vec<&'static str>)> {
    let row_tables: Vec<Table> = Table::ALL
        .into_iter()
        .filter(|t| *t != Table::Diagnostics)
        .collect();
    let index = |t: Table| {
        Table::ALL
            .iter()
            .position(|a| *a == t)
            .expect("every table is in Table::ALL")
    };
    let mut batches: Vec<Vec<RecordBatch>> = Table::ALL.iter().map(|_| Vec::new()).collect();
    let mut rest = Extraction::default();
    crate::extract::extract_each_with(
        inputs,
        opts,
        &|mut part: Extraction| {
            let made = row_tables
                .iter()
                .map(|t| columns.project(*t, table_batch(&part, *t)?))
                .collect::<Result<Vec<_>>>()?;
            // Only the diagnostics (and counts) travel on.
            part.tasks = Vec::new();
            part.task_labs = Vec::new();
            part.task_topics = Vec::new();
            part.pages = Vec::new();
            Ok((made, part))
        },
        &mut |(made, part)| {
            for (t, b) in row_tables.iter().zip(made) {
                if b.num_rows() > 0 {
                    batches[index(*t)].push(b);
                }
            }
            rest.absorb(part);
            Ok(())
        },
    )?;
    rest.sort_diagnostics();
    let errors = rest
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .map(|d| d.code.as_str())
        .collect();
    batches[index(Table::Diagnostics)] =
        vec![columns.project(Table::Diagnostics, table_batch(&rest, Table::Diagnostics)?)?];
    let ctx = in_memory(batches, columns)?;
    Ok((ctx, errors))
}

/// The columns `statements` reads on a context like the others here (see
/// [`columns::read_by`]).
pub async fn columns_read_by<F, Fut>(statements: F) -> Result<Columns>
where
    F: FnOnce(SessionContext) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    columns::read_by(new_context(), statements).await
}

/// Register an in-memory extraction (same tables, same schemas).
pub fn for_extraction(x: &Extraction) -> Result<SessionContext> {
    let batches = Table::ALL
        .into_iter()
        .map(|t| Ok(vec![table_batch(x, t)?]))
        .collect::<Result<Vec<_>>>()?;
    in_memory(batches, &Columns::All)
}

/// A context with each of `Table::ALL` (in that order) held in memory as
/// `batches`, which hold `columns`.
fn in_memory(batches: Vec<Vec<RecordBatch>>, columns: &Columns) -> Result<SessionContext> {
    let ctx = new_context();
    for (table, b) in Table::ALL.into_iter().zip(batches) {
        let mem = MemTable::try_new(columns.schema(table)?, vec![b])?;
        ctx.register_table(table.name(), Arc::new(mem))?;
    }
    Ok(ctx)
}

/// What SQL may do. DataFusion's own default, like datafusion-cli's, lets a
/// statement read and write any file the user can (`COPY … TO '/any/path'`,
/// `CREATE EXTERNAL TABLE … LOCATION '/etc/passwd'`, `INSERT INTO tasks` adds a
/// Parquet file to the dataset); a shared `.sql` file should not. Read-only is
/// DuckDB's `enable_external_access = false` in spirit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Queries (SELECT, WITH, VALUES, EXPLAIN, DESCRIBE, SHOW) over the
    /// registered tables, and CREATE [OR REPLACE] VIEW / DROP VIEW (TEMPORARY
    /// views pass too, but DataFusion 55 does not implement them).
    ReadOnly,
    /// Every statement DataFusion runs (`run --unsafe-sql`).
    Unrestricted,
}

/// The SQL name of the first statement in `plan` (subqueries and EXPLAIN's
/// input included) that read-only access refuses, or `None`. Views are the one
/// DDL kept: they read only what the query inside them reads. Everything else
/// is refused by kind, so a statement DataFusion adds later is refused too
/// until it is looked at: files (COPY, CREATE EXTERNAL TABLE, INSERT into a
/// listing table), SET (`datafusion.runtime.temp_directory` picks where spill
/// files are written), and in-session tables (CREATE TABLE, DROP TABLE), which
/// views make unneeded.
pub fn refused(plan: &LogicalPlan) -> Option<&'static str> {
    let mut found = None;
    // The closure never fails, so neither does the walk.
    let _ = plan.apply_with_subqueries(|node| {
        found = statement_refused(node);
        Ok(if found.is_some() {
            TreeNodeRecursion::Stop
        } else {
            TreeNodeRecursion::Continue
        })
    });
    found
}

fn statement_refused(node: &LogicalPlan) -> Option<&'static str> {
    Some(match node {
        LogicalPlan::Ddl(ddl) => match ddl {
            DdlStatement::CreateExternalTable(_) => "CREATE EXTERNAL TABLE",
            DdlStatement::CreateMemoryTable(_) => "CREATE TABLE",
            DdlStatement::CreateCatalogSchema(_) => "CREATE SCHEMA",
            DdlStatement::CreateCatalog(_) => "CREATE DATABASE",
            DdlStatement::CreateIndex(_) => "CREATE INDEX",
            DdlStatement::DropTable(_) => "DROP TABLE",
            DdlStatement::DropCatalogSchema(_) => "DROP SCHEMA",
            DdlStatement::CreateFunction(_) => "CREATE FUNCTION",
            DdlStatement::DropFunction(_) => "DROP FUNCTION",
            DdlStatement::CreateView(_) | DdlStatement::DropView(_) => return None,
        },
        LogicalPlan::Copy(_) => "COPY … TO",
        LogicalPlan::Dml(dml) => match dml.op {
            WriteOp::Insert(_) => "INSERT",
            WriteOp::Delete => "DELETE",
            WriteOp::Update => "UPDATE",
            WriteOp::Ctas => "CREATE TABLE AS",
            WriteOp::Truncate => "TRUNCATE",
            WriteOp::MergeInto(_) => "MERGE",
            _ => "a DML statement",
        },
        LogicalPlan::Statement(st) => match st {
            Statement::TransactionStart(_) => "BEGIN TRANSACTION",
            Statement::TransactionEnd(_) => "COMMIT / ROLLBACK",
            Statement::SetVariable(_) => "SET",
            Statement::ResetVariable(_) => "RESET",
            Statement::Prepare(_) => "PREPARE",
            Statement::Execute(_) => "EXECUTE",
            Statement::Deallocate(_) => "DEALLOCATE",
        },
        _ => return None,
    })
}

/// Plan and run one statement under `access`: a refused statement is an error
/// before anything executes (DDL and DML run as soon as they are planned into
/// a DataFrame, so the check must come between planning and executing).
pub async fn sql(ctx: &SessionContext, sql: &str, access: Access) -> Result<DataFrame> {
    let plan = plan(ctx, sql, access).await?;
    Ok(ctx.execute_logical_plan(plan).await?)
}

/// The logical plan of one statement, refused (see [`sql`]) when `access`
/// does not run it. Planning has no effect: DDL and DML act when the plan is
/// executed.
pub async fn plan(ctx: &SessionContext, sql: &str, access: Access) -> Result<LogicalPlan> {
    let plan = ctx.state().create_logical_plan(sql).await?;
    if access == Access::ReadOnly {
        if let Some(statement) = refused(&plan) {
            return Err(Error::SqlRefused { statement });
        }
        // DataFusion's own check as a second net: DDL stays allowed for views.
        SQLOptions::new()
            .with_allow_dml(false)
            .with_allow_statements(false)
            .verify_plan(&plan)?;
    }
    Ok(plan)
}

/// Whether executing `plan` only reads: a query, with no DDL (not even a
/// view), DML, COPY or SET in it. Such a statement may run while the next
/// ones are planned, since nothing it does changes what they see.
pub fn only_reads(plan: &LogicalPlan) -> bool {
    refused(plan).is_none() && !matches!(plan, LogicalPlan::Ddl(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn verdict(sql: &str) -> Option<&'static str> {
        let ctx = new_context();
        ctx.sql("CREATE TABLE t (a INT)").await.unwrap();
        let plan = ctx.state().create_logical_plan(sql).await.unwrap();
        refused(&plan)
    }

    #[tokio::test]
    async fn read_only_refuses_files_settings_and_tables_but_not_views() {
        for (sql, want) in [
            ("SELECT 1", None),
            ("WITH x AS (SELECT 1 AS a) SELECT a FROM x", None),
            ("EXPLAIN SELECT * FROM t", None),
            ("SHOW TABLES", None),
            ("DESCRIBE t", None),
            ("SELECT * FROM generate_series(1, 3)", None),
            ("CREATE VIEW v AS SELECT * FROM t", None),
            ("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1", None),
            ("DROP VIEW IF EXISTS v", None),
            ("COPY (SELECT 1) TO '/tmp/x.csv'", Some("COPY … TO")),
            ("COPY t TO '/tmp/x.parquet'", Some("COPY … TO")),
            ("EXPLAIN ANALYZE COPY t TO '/tmp/x.csv'", Some("COPY … TO")),
            ("INSERT INTO t VALUES (1)", Some("INSERT")),
            (
                "CREATE EXTERNAL TABLE p (a VARCHAR) STORED AS CSV LOCATION '/etc/passwd'",
                Some("CREATE EXTERNAL TABLE"),
            ),
            ("CREATE TABLE u AS SELECT 1 AS a", Some("CREATE TABLE")),
            ("CREATE TABLE u (a INT)", Some("CREATE TABLE")),
            ("DROP TABLE t", Some("DROP TABLE")),
            ("CREATE SCHEMA s", Some("CREATE SCHEMA")),
            (
                "SET datafusion.runtime.temp_directory = '/tmp/elsewhere'",
                Some("SET"),
            ),
            ("SET datafusion.execution.batch_size = 10", Some("SET")),
            ("RESET datafusion.execution.batch_size", Some("RESET")),
            ("PREPARE q(INT) AS SELECT $1", Some("PREPARE")),
        ] {
            assert_eq!(verdict(sql).await, want, "{sql}");
        }
    }

    #[tokio::test]
    async fn a_refused_statement_does_nothing_and_unrestricted_runs_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let copy = format!("COPY (SELECT 1 AS a) TO '{}'", target.display());
        let ctx = new_context();
        let e = sql(&ctx, &copy, Access::ReadOnly).await.unwrap_err();
        assert!(
            e.to_string().starts_with("COPY … TO is refused")
                && e.to_string().contains("pass --unsafe-sql"),
            "{e}"
        );
        assert!(!target.exists());
        let e = sql(&ctx, "CREATE TABLE u AS SELECT 1 AS a", Access::ReadOnly)
            .await
            .unwrap_err();
        assert!(e.to_string().starts_with("CREATE TABLE is refused"), "{e}");
        assert!(ctx.table("u").await.is_err(), "nothing was registered");
        sql(&ctx, "CREATE VIEW v AS SELECT 2 AS b", Access::ReadOnly)
            .await
            .unwrap();
        let n = sql(&ctx, "SELECT b FROM v", Access::ReadOnly)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        assert_eq!(n[0].num_rows(), 1);
        sql(&ctx, &copy, Access::Unrestricted)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a\n1\n");
    }
}

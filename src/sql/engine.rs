//! A SessionContext with every table registered, from Parquet or from memory.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use object_store::ObjectStoreExt;

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
    if !dir.join(manifest::FILE_NAME).is_file() {
        return Err(Error::NoDataset(dir.to_path_buf()));
    }
    let ctx = new_context();
    let abs = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    register(&ctx, |t| format!("{}/", abs.join(t.name()).display()))?;
    Ok(ctx)
}

/// The same tables read in place from S3 (`export --to` wrote them), through the
/// object store DataFusion reads with.
pub async fn for_s3(url: &str) -> Result<SessionContext> {
    let loc = S3Location::parse(url)?;
    let store = s3::store(&loc)?;
    match store.head(&loc.key(manifest::FILE_NAME)).await {
        Ok(_) => {}
        Err(object_store::Error::NotFound { .. }) => {
            return Err(Error::NoS3Dataset(url.to_string()))
        }
        Err(e) => return Err(e.into()),
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
        let provider = ListingTable::try_new(config)?;
        ctx.register_table(table.name(), Arc::new(provider))?;
    }
    Ok(())
}

/// Register an in-memory extraction (same tables, same schemas).
pub fn for_extraction(x: &Extraction) -> Result<SessionContext> {
    let ctx = new_context();
    for table in Table::ALL {
        let batch = table_batch(x, table)?;
        let mem = MemTable::try_new(table.schema(), vec![vec![batch]])?;
        ctx.register_table(table.name(), Arc::new(mem))?;
    }
    Ok(ctx)
}

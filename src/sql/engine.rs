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
    for table in Table::ALL {
        let folder = abs.join(table.name());
        let url = ListingTableUrl::parse(format!("{}/", folder.display()))?;
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
    Ok(ctx)
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

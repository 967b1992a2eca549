//! The dataset: table schemas, rows → Arrow batches, Parquet files on disk.

pub mod batch;
pub mod manifest;
pub mod parquet;
pub mod previous;
pub mod schema;

pub use schema::Table;

//! The AWS analytics road: S3 (through `object_store`, the crate DataFusion
//! reads with), Athena DDL and QuickSight manifests.

pub mod athena;
pub mod export;
pub mod location;
pub mod quicksight;
pub mod s3;

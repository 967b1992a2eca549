//! worklog-analyze: FCJ weekly worklog pages → Arrow tables → Hive-partitioned
//! Parquet, queried with DataFusion SQL.
//!
//! The pipeline, one module each: [`extract`] (walk, [`page`] parse,
//! [`normalize`]) → [`model`] rows → [`dataset`] (Arrow + Parquet) → [`sql`];
//! [`cloud`] takes a dataset to S3, Athena and QuickSight.

pub mod atomic;
pub mod cli;
pub mod cloud;
pub mod cmd;
pub mod dataset;
pub mod diag;
pub mod error;
pub mod extract;
pub mod gen;
pub mod git;
pub mod interrupt;
pub mod model;
pub mod normalize;
pub mod output;
pub mod page;
pub mod report;
pub mod resolve;
pub mod sql;

pub use error::{Error, Result};

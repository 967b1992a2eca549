//! worklog-analyze: FCJ weekly worklog pages → Arrow tables → Hive-partitioned
//! Parquet, queried with DataFusion SQL.
//!
//! The pipeline: [`extract`] reads the inputs (folders, or [`git`]
//! repositories), parses each page ([`page`], its cells read by [`normalize`]),
//! decides per site what one page leaves open ([`resolve`]: day/month order and
//! year, the week, en/vi twins) and makes [`model`] rows and [`diag`]nostics;
//! [`dataset`] writes them as Parquet with a manifest. [`sql`] queries a
//! dataset, [`output`] prints results, [`report`] draws the HTML report and
//! [`cloud`] takes a dataset to S3, Athena and QuickSight. [`gen`] makes
//! synthetic cohorts. [`cmd`] holds one thin file per subcommand over
//! [`cli`]'s arguments.
//!
//! Floors, top to bottom: a module imports only from lower floors and, on its
//! own floor, along an arrow (`A → B`: A imports B); nothing imports upwards,
//! and there is no cycle:
//!
//! 1. [`cmd`]
//! 2. [`extract`], [`report`] → [`sql`] → [`cloud`], [`cli`], [`gen`]
//! 3. [`page`], [`resolve`] (→ `page`), [`dataset`], [`output`], [`git`]
//! 4. [`normalize`] → [`model`]
//! 5. [`diag`], [`error`], [`atomic`] → [`interrupt`]

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

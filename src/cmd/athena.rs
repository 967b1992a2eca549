//! `athena --location s3://bucket/prefix`: print the Athena DDL.

use std::io::Write;

use anyhow::Context;

use super::EXIT_OK;
use crate::cli::AthenaArgs;
use crate::cloud::{athena, s3};
use crate::dataset::manifest;

/// The weeks a dataset's manifest lists, as a projection range.
fn manifest_weeks(data: &str) -> anyhow::Result<Option<(i32, i32)>> {
    let m = if s3::is_s3(data) {
        let loc = s3::S3Location::parse(data)?;
        let store = s3::store(&loc)?;
        let rt = tokio::runtime::Runtime::new().context("starting the async runtime")?;
        rt.block_on(manifest::read_object(
            store.as_ref(),
            &loc.key(manifest::FILE_NAME),
            &loc.url(manifest::FILE_NAME),
        ))?
    } else {
        manifest::read(std::path::Path::new(data))?
    };
    Ok(m.weeks.first().zip(m.weeks.last()).map(|(a, b)| (*a, *b)))
}

pub fn run(args: &AthenaArgs) -> anyhow::Result<i32> {
    let weeks = match (args.weeks, &args.data) {
        (Some(w), _) => w,
        (None, Some(d)) => manifest_weeks(d)?.unwrap_or((0, 0)),
        (None, None) => (0, 99),
    };
    let ddl = athena::ddl(&athena::DdlOptions {
        location: &args.location,
        database: &args.database,
        table_prefix: &args.table_prefix,
        weeks,
    })?;
    std::io::stdout().lock().write_all(ddl.as_bytes())?;
    Ok(EXIT_OK)
}

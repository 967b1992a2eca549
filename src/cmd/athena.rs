//! `athena --location s3://bucket/prefix`: print the Athena DDL.

use std::io::Write;

use anyhow::Context;

use super::EXIT_OK;
use crate::cli::{AthenaArgs, DatasetLocation};

use crate::cloud::{athena, s3};
use crate::dataset::manifest;
use crate::error::Error;

/// The weeks a dataset's manifest lists, as a projection range.
fn manifest_weeks(data: &DatasetLocation) -> anyhow::Result<Option<(i32, i32)>> {
    let m = match data {
        DatasetLocation::S3(loc) => {
            let store = s3::store(loc)?;
            let rt = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            let key = loc.key(manifest::FILE_NAME);
            let url = loc.url(manifest::FILE_NAME);
            match rt.block_on(manifest::read_object(store.as_ref(), &key, &url)) {
                Ok(m) => m,
                Err(manifest::ReadError::Unreadable { at, source }) => {
                    let Ok(e) = source.downcast::<object_store::Error>() else {
                        return Err(anyhow::anyhow!("reading {at}"));
                    };
                    let missing = matches!(*e, object_store::Error::NotFound { .. });
                    let e = Error::from(*e);
                    // A missing bucket is also "not found": say which.
                    if missing && !e.to_string().contains("NoSuchBucket") {
                        return Err(Error::NoS3Dataset(data.to_string()).into());
                    }
                    return Err(anyhow::Error::new(e).context(format!("reading {at}")));
                }
                Err(e) => return Err(e.into()),
            }
        }
        DatasetLocation::Local(dir) => {
            if !manifest::exists(dir) {
                return Err(Error::NoDataset(dir.clone()).into());
            }
            manifest::read(dir)?
        }
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

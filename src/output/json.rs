//! JSON (one array per result) and NDJSON (one object per line). Nulls are
//! written as `null`, not dropped, so every object has every column.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::json::writer::{JsonArray, LineDelimited, WriterBuilder};

use crate::error::{Error, Result};

pub fn write(w: &mut dyn Write, batches: &[RecordBatch], lines: bool) -> Result<()> {
    let refs: Vec<&RecordBatch> = batches.iter().collect();
    let builder = WriterBuilder::new().with_explicit_nulls(true);
    if lines {
        let mut writer = builder.build::<_, LineDelimited>(&mut *w);
        writer.write_batches(&refs)?;
        writer.finish()?;
    } else {
        let mut writer = builder.build::<_, JsonArray>(&mut *w);
        writer.write_batches(&refs)?;
        writer.finish()?;
        w.write_all(b"\n").map_err(|e| Error::io("<output>", e))?;
    }
    Ok(())
}

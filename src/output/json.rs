//! JSON (one array per result) and NDJSON (one object per line).

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::json::{ArrayWriter, LineDelimitedWriter};

use crate::error::{Error, Result};

pub fn write(w: &mut dyn Write, batches: &[RecordBatch], lines: bool) -> Result<()> {
    let refs: Vec<&RecordBatch> = batches.iter().collect();
    if lines {
        let mut writer = LineDelimitedWriter::new(&mut *w);
        writer.write_batches(&refs)?;
        writer.finish()?;
    } else {
        let mut writer = ArrayWriter::new(&mut *w);
        writer.write_batches(&refs)?;
        writer.finish()?;
        if refs.iter().all(|b| b.num_rows() == 0) {
            // arrow writes nothing for no rows; an empty array is still valid JSON.
            w.write_all(b"[]").map_err(|e| Error::io("<output>", e))?;
        }
        w.write_all(b"\n").map_err(|e| Error::io("<output>", e))?;
    }
    Ok(())
}

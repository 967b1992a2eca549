//! CSV and TSV with a header row.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv::WriterBuilder;

use crate::error::Result;

pub fn write(w: &mut dyn Write, batches: &[RecordBatch], delimiter: u8) -> Result<()> {
    let mut writer = WriterBuilder::new().with_header(true).with_delimiter(delimiter).build(w);
    for b in batches {
        writer.write(b)?;
    }
    Ok(())
}

//! CSV and TSV with a header row (also for an empty result).

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv::WriterBuilder;
use datafusion::arrow::datatypes::SchemaRef;

use crate::error::Result;

pub fn write(
    w: &mut dyn Write,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    delimiter: u8,
) -> Result<()> {
    let mut writer = WriterBuilder::new()
        .with_header(true)
        .with_delimiter(delimiter)
        .build(w);
    if batches.iter().all(|b| b.num_rows() == 0) {
        // arrow writes the header with the first batch; give it one.
        writer.write(&RecordBatch::new_empty(schema.clone()))?;
    }
    for b in batches.iter().filter(|b| b.num_rows() > 0) {
        writer.write(b)?;
    }
    Ok(())
}

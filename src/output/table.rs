//! Aligned text table, like datafusion-cli.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::util::pretty::pretty_format_batches;

use crate::error::{Error, Result};

pub fn write(w: &mut dyn Write, schema: &SchemaRef, batches: &[RecordBatch]) -> Result<()> {
    let text = if batches.iter().all(|b| b.num_rows() == 0) {
        let empty = RecordBatch::new_empty(schema.clone());
        pretty_format_batches(&[empty])?.to_string()
    } else {
        pretty_format_batches(batches)?.to_string()
    };
    writeln!(w, "{text}").map_err(|e| Error::io("<output>", e))
}

//! Aligned text table, like datafusion-cli.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::util::display::FormatOptions;
use datafusion::arrow::util::pretty::pretty_format_batches_with_options;

use crate::error::{Error, Result};

pub fn write(w: &mut dyn Write, schema: &SchemaRef, batches: &[RecordBatch]) -> Result<()> {
    let opts = FormatOptions::default().with_null(super::NULL);
    let text = if batches.iter().all(|b| b.num_rows() == 0) {
        let empty = RecordBatch::new_empty(schema.clone());
        pretty_format_batches_with_options(&[empty], &opts)?.to_string()
    } else {
        pretty_format_batches_with_options(batches, &opts)?.to_string()
    };
    writeln!(w, "{text}").map_err(|e| Error::io("<output>", e))
}

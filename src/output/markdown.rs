//! GitHub-flavoured Markdown table.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::error::{Error, Result};

fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

pub fn write(w: &mut dyn Write, schema: &SchemaRef, batches: &[RecordBatch]) -> Result<()> {
    let io = |e| Error::io("<output>", e);
    let names: Vec<String> = schema.fields().iter().map(|f| escape(f.name())).collect();
    writeln!(w, "| {} |", names.join(" | ")).map_err(io)?;
    writeln!(
        w,
        "|{}|",
        names.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    )
    .map_err(io)?;
    for row in super::cell_strings(batches)? {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        writeln!(w, "| {} |", cells.join(" | ")).map_err(io)?;
    }
    Ok(())
}

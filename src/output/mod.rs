//! Query result formats, one file each.

mod delimited;
pub mod diagnostics;
mod json;
mod markdown;
pub mod progress;
pub mod stream;
mod table;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text table (default on a terminal).
    Table,
    /// Comma-separated values with a header row (default when piped).
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// One JSON array of objects per result.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// GitHub-flavoured Markdown table.
    Markdown,
    /// Apache Parquet (needs --out).
    Parquet,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Markdown => "md",
            Format::Parquet => "parquet",
        }
    }

    /// Whether a stream holds one result only: two Parquet files one after
    /// the other are no Parquet file. (The text formats stream several, each
    /// named by its title: see [`stream`].)
    pub fn one_per_stream(self) -> bool {
        self == Format::Parquet
    }
}

/// Write one result in `format`.
pub fn write(
    w: &mut dyn Write,
    format: Format,
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<()> {
    match format {
        Format::Table => table::write(w, schema, batches),
        Format::Csv => delimited::write(w, schema, batches, b','),
        Format::Tsv => delimited::write(w, schema, batches, b'\t'),
        Format::Json => json::write(w, batches, false),
        Format::Ndjson => json::write(w, batches, true),
        Format::Markdown => markdown::write(w, schema, batches),
        Format::Parquet => {
            let batch = datafusion::arrow::compute::concat_batches(schema, batches)?;
            let mut writer =
                datafusion::parquet::arrow::ArrowWriter::try_new(Vec::new(), schema.clone(), None)?;
            writer.write(&batch)?;
            let bytes = writer.into_inner()?;
            w.write_all(&bytes)
                .map_err(|e| crate::Error::io("<output>", e))?;
            Ok(())
        }
    }
}

/// How the human formats (table, markdown) show NULL, unlike an empty string.
/// (csv and tsv leave the field empty, json writes null.)
pub(crate) const NULL: &str = "NULL";

/// Render a cell for the text formats (table, markdown).
pub(crate) fn cell_strings(batches: &[RecordBatch]) -> Result<Vec<Vec<String>>> {
    use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
    let opts = FormatOptions::default().with_null(NULL);
    let mut rows = Vec::new();
    for b in batches {
        let fmts = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for r in 0..b.num_rows() {
            rows.push(fmts.iter().map(|f| f.value(r).to_string()).collect());
        }
    }
    Ok(rows)
}

static BROKEN_PIPE: AtomicBool = AtomicBool::new(false);

/// Whether a write to stdout failed because the reader went away (`| head`).
/// Format writers (csv, json) wrap io errors in their own, so the kind is
/// recorded here, where it is still known.
pub fn broken_pipe() -> bool {
    BROKEN_PIPE.load(Ordering::Relaxed)
}

/// A writer that remembers a broken pipe.
pub struct PipeWatch<W: Write>(pub W);

impl<W: Write> Write for PipeWatch<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).inspect_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                BROKEN_PIPE.store(true, Ordering::Relaxed);
            }
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().inspect_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                BROKEN_PIPE.store(true, Ordering::Relaxed);
            }
        })
    }
}

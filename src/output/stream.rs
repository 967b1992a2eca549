//! Several results in one stream, each one separable from the next.
//!
//! One result is written as its format alone (a CSV file, a JSON array of
//! rows), so `run q.sql > q.csv` gives a plain file. From the second result
//! on, each is named by its title:
//!
//! - table, markdown: a title line (`== title ==`, `### title`), always;
//! - csv, tsv: a `# title` comment line before each result's header, and a
//!   blank line between results;
//! - json: one array of `{"title": …, "rows": [ … ]}`;
//! - ndjson: one `{"result": title, "row": { … }}` per row.
//!
//! The first result is held (already in memory) until a second arrives or
//! the stream ends, since only then is it known which of the two shapes to write.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::Format;
use crate::error::{Error, Result};

struct Held {
    title: String,
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

/// Results written one after the other to `w` in `format` (not Parquet, which
/// holds one result per stream: the caller refuses a second).
pub struct Results<W: Write> {
    w: W,
    format: Format,
    written: usize,
    held: Option<Held>,
}

fn io(e: std::io::Error) -> Error {
    Error::io("<output>", e)
}

/// A title on one line (titles of `-e` statements are their SQL).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<W: Write> Results<W> {
    pub fn new(w: W, format: Format) -> Self {
        Results {
            w,
            format,
            written: 0,
            held: None,
        }
    }

    pub fn get_mut(&mut self) -> &mut W {
        &mut self.w
    }

    /// Write one result (the first of a machine format is held, see above).
    pub fn result(
        &mut self,
        title: &str,
        description: &str,
        schema: &SchemaRef,
        batches: &[RecordBatch],
    ) -> Result<()> {
        let title = one_line(title);
        match self.format {
            Format::Table | Format::Markdown => {
                if self.written > 0 {
                    writeln!(self.w).map_err(io)?;
                }
                if self.format == Format::Markdown {
                    writeln!(self.w, "### {title}\n").map_err(io)?;
                    if !description.is_empty() {
                        writeln!(self.w, "{description}\n").map_err(io)?;
                    }
                } else {
                    writeln!(self.w, "== {title} ==").map_err(io)?;
                    if !description.is_empty() {
                        writeln!(self.w, "{description}").map_err(io)?;
                    }
                }
                super::write(&mut self.w, self.format, schema, batches)?;
            }
            _ => {
                if let Some(first) = self.held.take() {
                    self.titled(&first.title, &first.schema, &first.batches)?;
                }
                if self.written == 0 {
                    self.held = Some(Held {
                        title,
                        schema: schema.clone(),
                        batches: batches.to_vec(),
                    });
                    return Ok(());
                }
                self.titled(&title, schema, batches)?;
            }
        }
        self.written += 1;
        self.w.flush().map_err(io)
    }

    /// A result of several in a machine format.
    fn titled(&mut self, title: &str, schema: &SchemaRef, batches: &[RecordBatch]) -> Result<()> {
        let first = self.written == 0;
        match self.format {
            Format::Csv | Format::Tsv => {
                if !first {
                    writeln!(self.w).map_err(io)?;
                }
                writeln!(self.w, "# {title}").map_err(io)?;
                super::write(&mut self.w, self.format, schema, batches)?;
            }
            Format::Json => {
                let mut rows = Vec::new();
                super::write(&mut rows, self.format, schema, batches)?;
                let rows = String::from_utf8_lossy(&rows);
                let title = serde_json::to_string(title)?;
                let open = if first { "[\n" } else { ",\n" };
                write!(
                    self.w,
                    "{open}{{\"title\":{title},\"rows\":{}}}",
                    rows.trim_end()
                )
                .map_err(io)?;
            }
            Format::Ndjson => {
                let mut rows = Vec::new();
                super::write(&mut rows, self.format, schema, batches)?;
                let title = serde_json::to_string(title)?;
                for row in String::from_utf8_lossy(&rows).lines() {
                    writeln!(self.w, "{{\"result\":{title},\"row\":{row}}}").map_err(io)?;
                }
            }
            Format::Table | Format::Markdown | Format::Parquet => {
                unreachable!("written by result()")
            }
        }
        self.written += 1;
        Ok(())
    }

    /// After the last result: the single held one as its format alone, or the
    /// end of the JSON array.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(only) = self.held.take() {
            super::write(&mut self.w, self.format, &only.schema, &only.batches)?;
        } else if self.format == Format::Json && self.written > 0 {
            writeln!(self.w, "\n]").map_err(io)?;
        }
        self.w.flush().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int32Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use std::sync::Arc;

    fn result(col: &str, v: Option<&str>) -> (SchemaRef, Vec<RecordBatch>) {
        let schema = Arc::new(Schema::new(vec![
            Field::new(col, DataType::Utf8, true),
            Field::new("n", DataType::Int32, false),
        ]));
        let b = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![v])),
                Arc::new(Int32Array::from(vec![1])),
            ],
        )
        .unwrap();
        (schema, vec![b])
    }

    fn write(format: Format, n: usize) -> String {
        let mut r = Results::new(Vec::new(), format);
        for i in 0..n {
            let (s, b) = result(&format!("c{i}"), (i == 1).then_some("x,\ny"));
            r.result(&format!("R\n{i}"), "", &s, &b).unwrap();
        }
        r.finish().unwrap();
        String::from_utf8(r.w).unwrap()
    }

    #[test]
    fn one_result_is_the_format_alone() {
        assert_eq!(write(Format::Csv, 1), "c0,n\n,1\n");
        assert_eq!(write(Format::Json, 1), "[{\"c0\":null,\"n\":1}]\n");
        assert_eq!(write(Format::Ndjson, 1), "{\"c0\":null,\"n\":1}\n");
        assert_eq!(write(Format::Json, 0), "");
    }

    #[test]
    fn several_results_are_named() {
        assert_eq!(
            write(Format::Csv, 3),
            "# R 0\nc0,n\n,1\n\n# R 1\nc1,n\n\"x,\ny\",1\n\n# R 2\nc2,n\n,1\n"
        );
        let v: serde_json::Value = serde_json::from_str(&write(Format::Json, 3)).unwrap();
        assert_eq!(v[1]["title"], "R 1");
        assert_eq!(v[1]["rows"][0]["c1"], "x,\ny");
        assert!(v[0]["rows"][0]["c0"].is_null());
        let lines: Vec<serde_json::Value> = write(Format::Ndjson, 2)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["result"], "R 1");
        assert_eq!(lines[1]["row"]["n"], 1);
    }
}

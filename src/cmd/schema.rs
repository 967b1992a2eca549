//! `schema [TABLE]`: every table's columns, types and meaning.

use std::io::Write;

use super::{EXIT_OK, EXIT_USAGE};
use crate::cli::SchemaArgs;
use crate::dataset::Table;

fn type_name(t: &datafusion::arrow::datatypes::DataType) -> &'static str {
    use datafusion::arrow::datatypes::DataType::*;
    match t {
        Utf8 => "string",
        Int32 => "int",
        Float64 => "double",
        Date32 => "date",
        Boolean => "boolean",
        Timestamp(_, _) => "timestamp",
        _ => "other",
    }
}

pub fn run(args: &SchemaArgs) -> anyhow::Result<i32> {
    let tables: Vec<Table> = match &args.table {
        Some(name) => match Table::from_name(name) {
            Some(t) => vec![t],
            None => {
                let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
                eprintln!(
                    "error: unknown table {name:?}; tables: {}",
                    names.join(", ")
                );
                return Ok(EXIT_USAGE);
            }
        },
        None => Table::ALL.to_vec(),
    };
    let mut out = std::io::stdout().lock();
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let layout = if t.partitioned() {
            format!("{}/week=N/part-00000.parquet", t.name())
        } else {
            format!("{0}/{0}.parquet", t.name())
        };
        if args.markdown {
            writeln!(out, "#### `{}` — {}\n\nFiles: `{layout}`\n\n| column | type | null | meaning |\n|---|---|---|---|", t.name(), t.doc())?;
            for c in t.columns() {
                writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    c.name,
                    type_name(&c.data_type),
                    if c.nullable { "yes" } else { "no" },
                    c.doc
                )?;
            }
        } else {
            writeln!(out, "{} — {} ({layout})", t.name(), t.doc())?;
            // Columns as wide as the table's longest name and type (week_range_source, timestamp).
            let cols = t.columns();
            let name_w = cols.iter().map(|c| c.name.len()).max().unwrap_or(0);
            let type_w = cols
                .iter()
                .map(|c| type_name(&c.data_type).len())
                .max()
                .unwrap_or(0);
            for c in &cols {
                writeln!(
                    out,
                    "  {:<name_w$} {:<type_w$} {:<9} {}",
                    c.name,
                    type_name(&c.data_type),
                    if c.nullable { "null" } else { "not null" },
                    c.doc
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}

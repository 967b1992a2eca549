//! `export DIR --to s3://bucket/prefix [--dry-run] [--quicksight]`

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::EXIT_OK;
use crate::cli::ExportArgs;
use crate::cloud::export::{self, Plan, Upload};
use crate::cloud::quicksight;
use crate::cloud::s3::{self, S3Location};
use crate::dataset::Table;
use crate::sql::engine;

/// Every table as CSV with a QuickSight manifest ([`quicksight::write_table`]),
/// written under `tmp`, added to the plan before the dataset manifest.
fn add_quicksight(
    dir: &Path,
    loc: &S3Location,
    tmp: &Path,
    plan: &mut Plan,
    rt: &tokio::runtime::Runtime,
) -> anyhow::Result<()> {
    let ctx = rt.block_on(engine::for_dataset(dir))?;
    for table in Table::ALL {
        let df = rt.block_on(engine::sql(
            &ctx,
            &format!("SELECT * FROM {}", table.name()),
            engine::Access::ReadOnly,
        ))?;
        let schema = df.schema().inner().clone();
        let batches = rt.block_on(df.collect())?;
        for (local, rel) in quicksight::write_table(table, &schema, &batches, loc, tmp)? {
            plan.data.push(Upload::of(local, rel)?);
        }
    }
    Ok(())
}

pub fn run(args: &ExportArgs) -> anyhow::Result<i32> {
    let loc = S3Location::parse(&args.to)?;
    let mut plan = export::plan(&args.dir)
        .with_context(|| format!("reading dataset {}", args.dir.display()))?;
    let rt = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    // Removed by an interrupt too (src/interrupt.rs).
    let tmp = crate::atomic::TempDir::new().context("creating a temporary folder")?;
    if args.quicksight {
        add_quicksight(&args.dir, &loc, tmp.path(), &mut plan, &rt)
            .context("writing the QuickSight CSV files")?;
    }
    let store = s3::store(&loc)?;
    if args.dry_run {
        let d = rt
            .block_on(export::dry_run(store, &loc, &plan))
            .with_context(|| format!("listing {}", args.to))?;
        let mut out = std::io::stdout().lock();
        for u in &d.written {
            writeln!(out, "write  {u}")?;
        }
        for u in &d.removed {
            writeln!(out, "remove {u}")?;
        }
        return Ok(EXIT_OK);
    }
    let done = export::upload(&rt, store, (&loc, &args.to), &plan, args.quiet)?;
    if !args.quiet {
        eprintln!(
            "exported {} to {}: {} objects ({} KiB), _manifest.json last, then {} stale objects removed",
            args.dir.display(),
            args.to,
            done.written.len(),
            plan.bytes().div_ceil(1024),
            done.removed.len()
        );
    }
    Ok(EXIT_OK)
}

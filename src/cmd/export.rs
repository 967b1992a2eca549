//! `export DIR --to s3://bucket/prefix [--dry-run] [--quicksight]`

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::ExportArgs;
use crate::cloud::export::{self, Plan, Upload};
use crate::cloud::quicksight;
use crate::cloud::s3::{self, S3Location};
use crate::dataset::Table;
use crate::output::progress::Progress;
use crate::output::{self, Format};
use crate::sql::engine;

/// Every table as CSV (`quicksight/TABLE/TABLE.csv`) and a QuickSight manifest
/// per table (`quicksight/TABLE.manifest.json`), written under `tmp`, added to
/// the plan before the dataset manifest.
fn add_quicksight(
    dir: &Path,
    loc: &S3Location,
    tmp: &Path,
    plan: &mut Plan,
    rt: &tokio::runtime::Runtime,
) -> anyhow::Result<()> {
    let ctx = rt.block_on(engine::for_dataset(dir))?;
    for table in Table::ALL {
        let name = table.name();
        let df = rt.block_on(engine::sql(
            &ctx,
            &format!("SELECT * FROM {name}"),
            engine::Access::ReadOnly,
        ))?;
        let schema = df.schema().inner().clone();
        let batches = rt.block_on(df.collect())?;
        let qs = quicksight::PREFIX;
        let csv_rel = format!("{qs}/{name}/{name}.csv");
        let csv = tmp.join(format!("{name}.csv"));
        let mut f = std::fs::File::create(&csv).with_context(|| csv.display().to_string())?;
        output::write(&mut f, Format::Csv, &schema, &batches)?;
        crate::interrupt::file_written();
        let size = std::fs::metadata(&csv)?.len();
        let mut head = [0u8; 3];
        let n = std::io::Read::read(&mut std::fs::File::open(&csv)?, &mut head)?;
        if let Some(why) = quicksight::refusal(name, &[size], &[&head[..n]]) {
            anyhow::bail!("--quicksight: {why}; export without --quicksight and read the dataset through Athena");
        }
        let man_rel = format!("{qs}/{name}.manifest.json");
        let man = tmp.join(format!("{name}.manifest.json"));
        let m = quicksight::manifest(vec![format!("{}/", loc.url(&format!("{qs}/{name}")))]);
        std::fs::write(&man, serde_json::to_vec_pretty(&m)?)
            .with_context(|| man.display().to_string())?;
        for (local, rel) in [(csv, csv_rel), (man, man_rel)] {
            let bytes = std::fs::metadata(&local)?.len();
            plan.data.push(Upload { local, rel, bytes });
        }
    }
    Ok(())
}

pub fn run(args: &ExportArgs) -> anyhow::Result<i32> {
    upload(args)
}

/// `extract -o s3://…`: the dataset written to a temporary folder, then exported
/// through the same code path as `export`.
/// Quiet on success (extract says what it wrote); a failure is reported as by `export`.
pub fn extract_to_s3(dir: &Path, to: &str) -> anyhow::Result<i32> {
    upload(&ExportArgs {
        dir: dir.to_path_buf(),
        to: to.to_string(),
        dry_run: false,
        quicksight: false,
        quiet: true,
    })
}

fn upload(args: &ExportArgs) -> anyhow::Result<i32> {
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
    let mut out = std::io::stdout().lock();
    if args.dry_run {
        let d = rt
            .block_on(export::dry_run(store, &loc, &plan))
            .with_context(|| format!("listing {}", args.to))?;
        for u in &d.written {
            writeln!(out, "write  {u}")?;
        }
        for u in &d.removed {
            writeln!(out, "remove {u}")?;
        }
        return Ok(EXIT_OK);
    }
    let bar = Progress::new("uploading", plan.data.len() + 1, !args.quiet).unit(" objects");
    let result = rt.block_on(export::run(store, &loc, &plan, &|n, _| bar.set(n)));
    bar.finish();
    let bytes: u64 = plan.data.iter().map(|u| u.bytes).sum::<u64>() + plan.manifest.bytes;
    match result {
        Ok(done) => {
            if !args.quiet {
                eprintln!(
                    "exported {} to {}: {} objects ({} KiB), _manifest.json last, then {} stale objects removed",
                    args.dir.display(),
                    args.to,
                    done.written.len(),
                    bytes.div_ceil(1024),
                    done.removed.len()
                );
            }
            Ok(EXIT_OK)
        }
        Err(f) if f.manifest_written => {
            // The new dataset is complete; only the clean-up of the previous one stopped.
            eprintln!(
                "error: export to {} wrote all {} objects, _manifest.json last, then failed removing stale objects ({} removed): {}",
                args.to,
                f.done.written.len(),
                f.done.removed.len(),
                f.cause
            );
            eprintln!(
                "the new dataset is complete, but objects of the previous export may remain under its table and {}/ prefixes: run the export again to remove them",
                quicksight::PREFIX
            );
            Ok(EXIT_FAILURE)
        }
        Err(f) => {
            let mut err = std::io::stderr().lock();
            writeln!(
                err,
                "error: export to {} failed after writing {} of {} objects: {}",
                args.to,
                f.done.written.len(),
                plan.data.len() + 1,
                f.cause
            )?;
            writeln!(
                err,
                "the manifest was not written and nothing was removed; objects written:"
            )?;
            for u in &f.done.written {
                writeln!(err, "  {u}")?;
            }
            Ok(EXIT_FAILURE)
        }
    }
}

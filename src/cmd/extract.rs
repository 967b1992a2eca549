//! `extract PATH... -o DIR`

use std::io::Write;

use anyhow::Context;

use super::{extract_options, EXIT_OK};
use crate::cli::{Compression, ExtractArgs};
use crate::dataset::parquet::{write_dataset, Codec, WriteOptions};
use crate::diag::Severity;

pub fn run(args: &ExtractArgs) -> anyhow::Result<i32> {
    let mut opts = extract_options(&args.read)?;
    opts.progress &= !args.quiet;
    let x = crate::extract::extract(&args.paths, &opts).context("reading inputs")?;
    let codec = match args.compression {
        Compression::Snappy => Codec::Snappy,
        Compression::Zstd => Codec::Zstd,
    };
    let w = WriteOptions {
        codec,
        force: args.force,
        inputs: args.paths.iter().map(|p| p.display().to_string()).collect(),
        cohort: args.read.cohort.clone(),
        date_order: format!("{:?}", args.read.date_order).to_lowercase(),
        fail_after_files: None,
    };
    write_dataset(&x, &args.output, &w)
        .with_context(|| format!("writing dataset {}", args.output.display()))?;
    if !args.quiet {
        let count = |s: Severity| x.diagnostics.iter().filter(|d| d.severity == s).count();
        let mut weeks: Vec<i32> = x.pages.iter().map(|p| p.week).collect();
        weeks.sort_unstable();
        weeks.dedup();
        let mut err = std::io::stderr().lock();
        writeln!(
            err,
            "wrote {}: {} pages, {} tasks, {} task_labs, {} task_topics, {} weeks; diagnostics: {} errors, {} warnings, {} infos (worklog-analyze check for details)",
            args.output.display(),
            x.pages.len(),
            x.tasks.len(),
            x.task_labs.len(),
            x.task_topics.len(),
            weeks.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )?;
    }
    Ok(EXIT_OK)
}

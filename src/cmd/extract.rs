//! `extract PATH... -o DIR`

use std::io::Write;

use anyhow::Context;

use super::{extract_options, EXIT_OK};
use crate::cli::ExtractArgs;
use crate::dataset::parquet::{DatasetWriter, WriteOptions};

pub fn run(args: &ExtractArgs) -> anyhow::Result<i32> {
    let mut opts = extract_options(&args.read)?;
    opts.progress &= !args.quiet;
    let w = WriteOptions {
        codec: args.compression.into(),
        force: args.force,
        inputs: args.paths.iter().map(|p| p.display().to_string()).collect(),
        cohort: args.read.cohort.clone(),
        date_order: format!("{:?}", args.read.date_order).to_lowercase(),
        fail_after_files: None,
    };
    // `-o s3://bucket/prefix`: write to a temporary folder, then export it.
    let s3 = args
        .output
        .to_str()
        .filter(|o| crate::cloud::s3::is_s3(o))
        .map(str::to_string);
    let tmp = tempfile::tempdir().context("creating a temporary folder")?;
    let out_dir = match &s3 {
        Some(_) => tmp.path().join("dataset"),
        None => args.output.clone(),
    };
    // Sites stream from the extractor into the Parquet files, a few at a time.
    let writing = || format!("writing dataset {}", args.output.display());
    let mut writer = DatasetWriter::create(&out_dir, &w).with_context(writing)?;
    crate::extract::extract_each(&args.paths, &opts, &mut |part| writer.write(&part))
        .context("extracting")?;
    let m = writer.finish().with_context(writing)?;
    if let Some(to) = &s3 {
        let code = super::export::extract_to_s3(&out_dir, to)?;
        if code != EXIT_OK {
            return Ok(code);
        }
    }
    if !args.quiet {
        let rows = |t: &str| m.rows.get(t).copied().unwrap_or(0);
        let sev = |s: &str| m.diagnostics.get(s).copied().unwrap_or(0);
        writeln!(
            std::io::stderr().lock(),
            "wrote {}: {} pages, {} tasks, {} task_labs, {} task_topics, {} weeks; diagnostics: {} errors, {} warnings, {} infos (worklog-analyze check for details)",
            args.output.display(),
            rows("pages"),
            rows("tasks"),
            rows("task_labs"),
            rows("task_topics"),
            m.weeks.len(),
            sev("error"),
            sev("warning"),
            sev("info"),
        )?;
    }
    Ok(EXIT_OK)
}

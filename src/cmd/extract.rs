//! `extract PATH... -o DIR`

use std::io::Write;

use anyhow::Context;

use super::{extract_options, guard, EXIT_FAILURE, EXIT_OK};
use crate::cli::ExtractArgs;
use crate::dataset::manifest::Manifest;
use crate::dataset::parquet::{DatasetWriter, WriteOptions};
use crate::diag::{Code, Diagnostic, Severity};

pub fn run(args: &ExtractArgs) -> anyhow::Result<i32> {
    let mut opts = extract_options(&args.read)?;
    opts.progress &= !args.quiet;
    let w = WriteOptions {
        codec: args.compression.into(),
        force: args.force,
        inputs: args
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .chain(
                args.read
                    .repos
                    .iter()
                    .map(|r| format!("--repos {}", r.display())),
            )
            .collect(),
        cohort: args.read.cohort.clone(),
        date_order: args.read.date_order.name().to_string(),
        fail_after_files: None,
    };
    // `-o s3://bucket/prefix`: write to a temporary folder, then export it.
    let s3 = args
        .output
        .to_str()
        .filter(|o| crate::cloud::s3::is_s3(o))
        .map(str::to_string);
    if s3.is_none() {
        // Before anything is read: a dataset must never replace what it is made from.
        guard::refuse_overlap(
            &args.output,
            "-o",
            guard::Writes::Replaces,
            guard::paths(&args.paths).chain(guard::read_inputs(&args.read)),
        )?;
    }
    let tmp = match &s3 {
        Some(_) => Some(crate::atomic::TempDir::new().context("creating a temporary folder")?),
        None => None,
    };
    let out_dir = match &tmp {
        Some(tmp) => tmp.path().join("dataset"),
        None => args.output.clone(),
    };
    // Sites stream from the extractor into the Parquet files, a few at a time.
    let writing = || format!("writing dataset {}", args.output.display());
    // Extracting again into a dataset: unchanged sites reuse its rows.
    if s3.is_none() && !args.full && out_dir.is_dir() {
        opts.previous = Some(out_dir.clone());
    }
    if s3.is_none() {
        super::remove_stale_temps(&out_dir, args.quiet);
    }
    let mut writer = DatasetWriter::create(&out_dir, &w).with_context(writing)?;
    // Arrow batches are built on the extracting threads; the writer only encodes.
    // Where each file opens from here, for printing diagnostics: only needed
    // if no page is read (`nothing_read`), so dropped once one is written (it
    // holds every file of the cohort).
    // And the tasks counted once, for the summary line.
    let mut opened_from = std::collections::HashMap::new();
    let mut tasks_once = 0;
    crate::extract::extract_each_with(
        &args.paths,
        &opts,
        &|mut part| {
            let from = std::mem::take(&mut part.opened_from);
            Ok((
                from,
                part.tasks_once(),
                crate::dataset::parquet::prepare(&part)?,
            ))
        },
        &mut |(from, once, part)| {
            if writer.pages() == 0 {
                if opened_from.is_empty() {
                    opened_from = from;
                } else {
                    opened_from.extend(from);
                }
            }
            tasks_once += once;
            writer.write_prepared(part)?;
            if writer.pages() > 0 && !opened_from.is_empty() {
                opened_from = std::collections::HashMap::new();
            }
            Ok(())
        },
    )
    .context("extracting")?;
    if writer.pages() == 0 {
        // Nothing to write: an existing dataset must not give way to an empty one.
        return nothing_read(args, writer.diagnostics(), &opened_from);
    }
    let m = writer.finish().with_context(writing)?;
    if let Some(to) = &s3 {
        crate::cloud::export::extract_to_s3(&out_dir, to)?;
    }
    if !args.quiet {
        summarize(args, &m, tasks_once)?;
    }
    exit_code(args, &m)
}

/// What was written, on stderr: rows per table, diagnostics per severity,
/// files reused, repositories that could not be read.
fn summarize(args: &ExtractArgs, m: &Manifest, tasks_once: usize) -> anyhow::Result<()> {
    let failed_repos = m
        .diagnostics_by_code
        .get(crate::diag::Code::RepoError.as_str())
        .copied()
        .unwrap_or(0);
    let rows = |t: &str| m.rows.get(t).copied().unwrap_or(0);
    let sev = |s: &str| m.diagnostics.get(s).copied().unwrap_or(0);
    writeln!(
        std::io::stderr().lock(),
        "wrote {}: {} pages, {}, {} task_labs rows, {} task_topics rows, {} weeks; diagnostics: {} errors, {} warnings, {} infos (worklog-analyze check for details)",
        args.output.display(),
        rows("pages"),
        crate::model::task_counts(rows("tasks"), tasks_once),
        rows("task_labs"),
        rows("task_topics"),
        m.weeks.len(),
        sev("error"),
        sev("warning"),
        sev("info"),
    )?;
    if m.files_reused > 0 {
        writeln!(
            std::io::stderr().lock(),
            "incremental: {} reused from the previous dataset (unchanged sites), {} parsed (--full parses all)",
            files(m.files_reused),
            files(m.files_parsed)
        )?;
    }
    if failed_repos > 0 {
        let what = if failed_repos == 1 {
            "1 repository".to_string()
        } else {
            format!("{failed_repos} repositories")
        };
        writeln!(
            std::io::stderr().lock(),
            "{what} could not be read (repo_error); the others were extracted"
        )?;
    }
    Ok(())
}

/// The dataset is written, but some input could not be read (exit 1), or,
/// with --strict, was read with warnings (exit 1 too).
fn exit_code(args: &ExtractArgs, m: &Manifest) -> anyhow::Result<i32> {
    let errors = m.diagnostics.get("error").copied().unwrap_or(0);
    let warnings = m.diagnostics.get("warning").copied().unwrap_or(0);
    if errors > 0 {
        let codes: Vec<String> = m
            .diagnostics_by_code
            .iter()
            .filter(|(c, _)| Code::from_name(c).is_some_and(|c| c.severity() == Severity::Error))
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        writeln!(
            std::io::stderr().lock(),
            "error: {errors} input error(s) ({}); the dataset holds what could be read (worklog-analyze check for details)",
            codes.join(", ")
        )?;
        return Ok(EXIT_FAILURE);
    }
    if args.strict && warnings > 0 {
        writeln!(
            std::io::stderr().lock(),
            "--strict: {warnings} warning(s); the dataset is written (worklog-analyze check for details)"
        )?;
        return Ok(EXIT_FAILURE);
    }
    Ok(EXIT_OK)
}

/// No weekly page was read: say why (the error diagnostics) and write nothing.
fn nothing_read(
    args: &ExtractArgs,
    diags: &[Diagnostic],
    opened_from: &std::collections::HashMap<String, std::path::PathBuf>,
) -> anyhow::Result<i32> {
    let mut err = std::io::stderr().lock();
    let mut errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    errors.sort_by(|a, b| (&a.source_path, a.line).cmp(&(&b.source_path, b.line)));
    const SHOWN: usize = 20;
    for d in errors.iter().take(SHOWN) {
        let path = crate::output::diagnostics::opened(d, opened_from);
        writeln!(err, "{}", crate::output::diagnostics::text_line(d, &path))?;
    }
    if errors.len() > SHOWN {
        writeln!(err, "… and {} more errors", errors.len() - SHOWN)?;
    }
    let left = if args.output.exists() {
        "left as it was"
    } else {
        "not written"
    };
    writeln!(
        err,
        "error: no weekly worklog page was read, so {} is {left}",
        args.output.display()
    )?;
    Ok(EXIT_FAILURE)
}

fn files(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}

//! `check PATH...`: every diagnostic, one per line (text, JSON or GitHub
//! workflow commands), then a summary.

use std::io::Write;

use anyhow::Context;

use super::{extract_options, EXIT_FAILURE, EXIT_OK};
use crate::cli::CheckArgs;
use crate::diag::{Code, Severity};
use crate::output::diagnostics::{self, DiagFormat};

pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    if args.codes {
        for c in Code::ALL {
            writeln!(
                out,
                "{:<20} {:<8} {}",
                c.as_str(),
                c.severity().as_str(),
                c.describe()
            )?;
        }
        return Ok(EXIT_OK);
    }
    let opts = extract_options(&args.read)?;
    let x = crate::extract::extract(&args.paths, &opts).context("reading inputs")?;
    // Any error (an input that could not be read) fails, as it does for extract.
    let errors = x.count(Severity::Error);
    if args.summary {
        let s = crate::extract::summary::summarize(&x);
        writeln!(out, "{s}")?;
        return Ok(if errors > 0 || (args.strict && s.unexplained() > 0) {
            EXIT_FAILURE
        } else {
            EXIT_OK
        });
    }
    let min: Severity = args.min_severity.into();
    for d in x.diagnostics.iter().filter(|d| d.severity >= min) {
        let path = diagnostics::opened(d, &x.opened_from);
        writeln!(out, "{}", diagnostics::line(d, &path, args.format))?;
    }
    let (e, w, i) = (errors, x.count(Severity::Warning), x.count(Severity::Info));
    let summary = format!(
        "{} files, {} pages, {}: {e} errors, {w} warnings, {i} infos",
        x.files_scanned,
        x.pages.len(),
        crate::model::task_counts(x.tasks.len(), x.tasks_once())
    );
    // Machine formats keep stdout to diagnostics only; a person still sees the totals.
    if args.format == DiagFormat::Text {
        writeln!(out, "{summary}")?;
    } else {
        out.flush()?;
        eprintln!("{summary}");
    }
    Ok(if e > 0 || (args.strict && w > 0) {
        EXIT_FAILURE
    } else {
        EXIT_OK
    })
}

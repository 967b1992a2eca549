//! `check PATH...`: every diagnostic, one per line, then a summary.

use std::io::Write;

use anyhow::Context;

use super::{extract_options, EXIT_FAILURE, EXIT_OK};
use crate::cli::CheckArgs;
use crate::diag::{Code, Severity};

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
        writeln!(out, "{d}")?;
    }
    let (e, w, i) = (errors, x.count(Severity::Warning), x.count(Severity::Info));
    writeln!(
        out,
        "{} files, {} pages, {} task rows: {e} errors, {w} warnings, {i} infos",
        x.files_scanned,
        x.pages.len(),
        x.tasks.len()
    )?;
    Ok(if e > 0 || (args.strict && w > 0) {
        EXIT_FAILURE
    } else {
        EXIT_OK
    })
}

//! `report -o report.html [--data DIR | --input PATH...]`

use anyhow::Context;

use super::{guard, EXIT_FAILURE, EXIT_OK};
use crate::cli::ReportArgs;
use crate::report::{data, render};

pub fn run(args: &ReportArgs) -> anyhow::Result<i32> {
    // Before any work: a folder that is not there will not be by the end.
    if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            anyhow::bail!(
                "cannot write {}: the folder {} does not exist; create it first, or give -o a file in an existing folder",
                args.output.display(),
                parent.display()
            );
        }
    }
    let rt = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    // The report must not overwrite a page (or anything else) it is made from.
    guard::refuse_overlap(
        &args.output,
        "-o",
        guard::Writes::Into,
        super::run::sources(args.data.as_ref(), &args.input, &args.read),
    )?;
    let super::run::Session { ctx, input_errors } =
        super::run::session(args.data.as_ref(), &args.input, &args.read, &rt)?;
    let d = rt
        .block_on(data::collect(&ctx))
        .context("querying the report's numbers")?;
    let html = render::render(
        &d,
        &args.title,
        render::Limits {
            top: args.top.max(1),
        },
    )?;
    crate::atomic::write_atomic(&args.output, html.as_bytes())
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "wrote {}: {} interns, {}, {} KiB",
        args.output.display(),
        d.overview.interns,
        crate::model::task_counts(
            usize::try_from(d.overview.task_rows).unwrap_or(0),
            usize::try_from(d.overview.tasks).unwrap_or(0)
        ),
        html.len().div_ceil(1024)
    );
    // Written, but from inputs that were not all read.
    Ok(if input_errors > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    })
}

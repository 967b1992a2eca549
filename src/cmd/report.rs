//! `report -o report.html [--data DIR | --input PATH...]`

use anyhow::Context;

use super::{guard, EXIT_FAILURE, EXIT_OK};
use crate::cli::ReportArgs;
use crate::report::{data, render};

pub fn run(args: &ReportArgs) -> anyhow::Result<i32> {
    let rt = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    // The report must not overwrite a page (or anything else) it is made from.
    guard::refuse_overlap(
        &args.output,
        "-o",
        guard::Writes::Into,
        super::run::sources(args.data.as_deref(), &args.input, &args.read),
    )?;
    let super::run::Session { ctx, input_errors } =
        super::run::session(args.data.as_deref(), &args.input, &args.read, &rt)?;
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
        "wrote {}: {} interns, {} tasks, {} KiB",
        args.output.display(),
        d.overview.interns,
        d.overview.tasks,
        html.len().div_ceil(1024)
    );
    // Written, but from inputs that were not all read.
    Ok(if input_errors > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    })
}

//! `report -o report.html [--data DIR | --input PATH...]`

use anyhow::Context;

use super::EXIT_OK;
use crate::cli::ReportArgs;
use crate::report::{data, render};

pub fn run(args: &ReportArgs) -> anyhow::Result<i32> {
    let rt = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let ctx = super::run::session(args.data.as_deref(), &args.input, &args.read, &rt)?;
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
    crate::dataset::parquet::write_atomic(&args.output, html.as_bytes())
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "wrote {}: {} interns, {} tasks, {} KiB",
        args.output.display(),
        d.overview.interns,
        d.overview.tasks,
        html.len().div_ceil(1024)
    );
    Ok(EXIT_OK)
}

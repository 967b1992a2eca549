//! `report -o report.html|DIR/ [--data DIR | --input PATH...]`

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{guard, EXIT_FAILURE, EXIT_OK};
use crate::cli::ReportArgs;
use crate::report::{data, render};
use crate::sql::columns::Columns;

/// A single file above this gets a hint to write a folder instead.
const LARGE: usize = 5 << 20;

/// `-o DIR/` or an existing folder: an overview plus one page per intern.
fn is_folder(out: &Path) -> bool {
    out.as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR)
        || out.is_dir()
}

fn kib(n: usize) -> String {
    format!("{} KiB", n.div_ceil(1024))
}

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
    // Pages extracted in memory keep only the columns the report reads.
    let columns = if args.data.is_some() {
        Columns::All
    } else {
        rt.block_on(data::columns_read(args.quiet_weeks))
            .context("planning the report's queries")?
    };
    let super::run::Session { ctx, input_errors } =
        super::run::session(args.data.as_ref(), &args.input, &args.read, &columns, &rt)?;
    let d = rt
        .block_on(data::collect(&ctx, args.quiet_weeks))
        .context("querying the report's numbers")?;
    // The tables are no longer needed: free them before rendering.
    drop(ctx);
    let limits = render::Limits {
        top: args.top.max(1),
    };
    let r = render::Renderer::new()?;
    let o = &d.overview;
    let counts = format!(
        "{} interns, {}, {} quiet (no task in the last {} weeks)",
        o.interns,
        crate::model::task_counts(
            usize::try_from(o.task_rows).unwrap_or(0),
            usize::try_from(o.tasks).unwrap_or(0)
        ),
        d.quiet.interns,
        d.quiet.weeks
    );
    if is_folder(&args.output) {
        let (index, pages) = write_folder(&r, &d, &args.title, limits, &args.output)?;
        eprintln!(
            "wrote {}: index.html ({}) and {} intern pages in interns/ ({}); {counts}",
            args.output.display(),
            kib(index),
            d.interns.len(),
            kib(pages)
        );
    } else {
        let html = r.single(&d, &args.title, limits)?;
        crate::atomic::write_atomic(&args.output, html.as_bytes())
            .with_context(|| format!("writing {}", args.output.display()))?;
        eprintln!(
            "wrote {}: {counts}, {}",
            args.output.display(),
            kib(html.len())
        );
        if html.len() > LARGE {
            eprintln!(
                "note: one large file is slow to open; `-o {}/` writes an overview and one page per intern",
                args.output.with_extension("").display()
            );
        }
    }
    // Written, but from inputs that were not all read.
    Ok(if input_errors > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    })
}

/// DIR/index.html and DIR/interns/intern-*.html, each written atomically and
/// rendered one at a time (the pages are never all in memory). Intern pages
/// left from an earlier report of other interns are removed. Returns the
/// bytes of the index and of the intern pages.
fn write_folder(
    r: &render::Renderer,
    d: &data::ReportData,
    title: &str,
    limits: render::Limits,
    dir: &Path,
) -> anyhow::Result<(usize, usize)> {
    let interns_dir = dir.join("interns");
    std::fs::create_dir_all(&interns_dir)
        .with_context(|| format!("creating {}", interns_dir.display()))?;
    let mut written = HashSet::new();
    let mut pages = 0;
    for i in &d.interns {
        let html = r.intern(i, &d.quiet, title)?;
        let path = dir.join(render::intern_file(i));
        crate::atomic::write_atomic(&path, html.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        pages += html.len();
        written.insert(path);
    }
    for stale in stale_pages(&interns_dir, &written) {
        std::fs::remove_file(&stale).with_context(|| format!("removing {}", stale.display()))?;
    }
    // The index last: a folder whose index.html is new has all its pages.
    let index = r.index(d, title, limits)?;
    let path = dir.join("index.html");
    crate::atomic::write_atomic(&path, index.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok((index.len(), pages))
}

/// The `intern-*.html` files in `dir` this run did not write (nothing else is touched).
fn stale_pages(dir: &Path, written: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("intern-") && n.ends_with(".html"))
                && p.is_file()
                && !written.contains(p)
        })
        .collect()
}

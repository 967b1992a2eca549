//! One file per subcommand (and `guard`, the output checks they share): thin
//! commands over the library's operations (`extract`, `dataset`, `sql`,
//! `cloud`, `report`), each turning arguments into a call and the outcome into
//! messages on stderr and the process exit code.

pub mod athena;
pub mod check;
pub mod completions;
pub mod export;
pub mod extract;
pub mod gen;
pub mod guard;
pub mod man;
pub mod report;
pub mod run;
pub mod schema;

use anyhow::Context;

use crate::cli::ReadOpts;
use crate::normalize::topics::Taxonomy;

/// Exit codes (README, Exit codes). 1: something failed, or any input could
/// not be read (an error diagnostic) although what could be read is still
/// written or queried; warnings exit 0 unless `--strict`. 2: a usage error
/// (clap's own, or `schema` with an unknown table). An interrupt exits 128 + the
/// signal (130 SIGINT, 143 SIGTERM; `crate::interrupt`), a closed stdout 0.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILURE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Extraction options from the shared command-line flags.
pub fn extract_options(read: &ReadOpts) -> anyhow::Result<crate::extract::Options> {
    let taxonomy = match &read.taxonomy {
        Some(p) => {
            Taxonomy::from_path(p).with_context(|| format!("loading taxonomy {}", p.display()))?
        }
        None => Taxonomy::bundled(),
    };
    let mut o = crate::extract::Options::new(taxonomy);
    o.intern = read.intern.clone();
    o.cohort = read.cohort.clone();
    o.date_order = read.date_order;
    o.progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    o.max_page_bytes = read.max_page_size;
    o.repos = read.repos.as_ref().map(|file| crate::extract::ReposInput {
        file: file.clone(),
        cache: read.cache.clone().unwrap_or_else(crate::git::default_cache),
        jobs: usize::from(read.fetch_jobs),
    });
    Ok(o)
}

/// The thread count of `-j/--threads`, for the whole process: every parallel
/// step (walk, parsing, the writer's last encodes) runs on rayon's global
/// pool, including those started from plain threads (the producer, the
/// writer), which a `ThreadPool::install` around the command would miss.
/// Call once, before any parallel work; `None` or 0 leaves rayon's default
/// (one thread per core, or RAYON_NUM_THREADS).
pub fn set_threads(threads: Option<u16>) -> anyhow::Result<()> {
    match threads {
        Some(n) if n > 0 => rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .with_context(|| format!("starting {n} threads (-j {n})")),
        _ => Ok(()),
    }
}

/// Remove the temporary folders beside `dir` that killed runs left (see
/// `atomic::remove_stale_temps`), saying so unless `quiet`.
pub fn remove_stale_temps(dir: &std::path::Path, quiet: bool) {
    for p in crate::atomic::remove_stale_temps(dir) {
        if !quiet {
            eprintln!(
                "removed {}: a temporary folder left by a run that no longer exists",
                p.display()
            );
        }
    }
}

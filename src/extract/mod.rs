//! Extraction: inputs → walk → read and parse each page → resolve each site
//! → rows → cross-page checks.
//!
//! - `pipeline`: inputs found, cut into chunks of whole sites, extracted in
//!   parallel, parts emitted in input order (incremental reuse decided here);
//! - `read`: one site's files read and parsed (size limit, repository blobs);
//! - `site`: the per-site steps, in order, around one `SitePage` per page;
//! - `twins`: the site's rows handed to the twin rules and their results written back;
//! - `cells`: one page's cells as rows (dates, hours, labs and topics, template rows).

mod cells;
mod incremental;
mod isolate;
mod pipeline;
mod read;
pub mod repos;
mod site;
pub mod summary;
mod twins;
pub mod walk;

use std::path::PathBuf;

use crate::error::Result;
use crate::model::Extraction;
use crate::normalize::dates::Order;
use crate::normalize::topics::Taxonomy;
use crate::page;
pub use repos::ReposInput;
pub use walk::InputFile;

#[derive(Debug, Clone)]
pub struct Options {
    pub intern: Option<String>,
    pub cohort: String,
    pub date_order: Order,
    pub taxonomy: Taxonomy,
    /// Show a progress line on stderr (the caller checks that stderr is a terminal).
    pub progress: bool,
    /// Also read the repositories a repos file lists.
    pub repos: Option<ReposInput>,
    /// The dataset being replaced: unchanged sites reuse its rows.
    pub previous: Option<PathBuf>,
    /// Pages larger than this are not read (`page_too_large`).
    pub max_page_bytes: u64,
}

impl Options {
    pub fn new(taxonomy: Taxonomy) -> Self {
        Options {
            intern: None,
            cohort: String::new(),
            date_order: Order::Dmy,
            progress: false,
            taxonomy,
            repos: None,
            previous: None,
            max_page_bytes: page::DEFAULT_MAX_PAGE_BYTES,
        }
    }
}

/// Extract every worklog page under `inputs`, all in memory.
pub fn extract(inputs: &[PathBuf], opts: &Options) -> Result<Extraction> {
    let mut out = Extraction::default();
    extract_each(inputs, opts, &mut |part| {
        out.absorb(part);
        Ok(())
    })?;
    out.sort_diagnostics();
    Ok(out)
}

/// Extract every worklog page under `inputs`, handing the result to `emit` in
/// parts: first the walk's findings, then the rows and diagnostics of whole
/// sites, in input order. Sites are extracted in parallel on rayon's pool, a
/// few chunks ahead of the last part emitted, so memory holds a few sites, not
/// the cohort; `emit` runs on one pool thread at a time (in order) while the
/// others extract, so `-j N` is N threads of work in all. Parts concatenated
/// equal [`extract`] before its diagnostics are sorted, whatever the thread
/// count.
pub fn extract_each(
    inputs: &[PathBuf],
    opts: &Options,
    emit: &mut (dyn FnMut(Extraction) -> Result<()> + Send),
) -> Result<()> {
    extract_each_with(inputs, opts, &Ok, emit)
}

/// [`extract_each`], with each part passed through `prepare` before `emit`.
/// `prepare` runs on the extracting threads when it can (a part whose sites
/// were all parsed), so per-part work such as building Arrow batches runs in
/// parallel; parts with reused sites are prepared by the emitting thread,
/// which reads the previous dataset in order. Parts and their order are the
/// same either way.
pub fn extract_each_with<P: Send>(
    inputs: &[PathBuf],
    opts: &Options,
    prepare: &(dyn Fn(Extraction) -> Result<P> + Sync),
    emit: &mut (dyn FnMut(P) -> Result<()> + Send),
) -> Result<()> {
    pipeline::run(inputs, opts, prepare, emit)
}

//! `gen --interns N --weeks W -o DIR`: write a synthetic cohort.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use anyhow::{bail, Context};
use rayon::prelude::*;

use super::EXIT_OK;
use crate::cli::GenArgs;
use crate::gen::{self, Lang, Params};

/// The file that marks a generated cohort (and holds its answers).
pub const TRUTH_FILE: &str = "gen-truth.tsv";

/// Sites generated and written per step: bounds memory for any cohort size.
const CHUNK: usize = 64;

fn replaceable(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(mut entries) => entries.next().is_none() || dir.join(TRUTH_FILE).is_file(),
    }
}

fn write_cohort(args: &GenArgs, root: &Path) -> anyhow::Result<(usize, usize, u64)> {
    let params = Params {
        seed: args.seed,
        weeks: args.weeks,
        broken_percent: args.broken,
    };
    let mut truth = String::from("path\tline\tweek\tlang\tstart_date\tend_date\tlab\tbroken\n");
    let (mut pages, mut rows, mut bytes) = (0usize, 0usize, 0u64);
    let indexes: Vec<usize> = (0..args.interns).collect();
    for chunk in indexes.chunks(CHUNK) {
        let sites: Vec<gen::Site> = chunk.par_iter().map(|&i| gen::site(&params, i)).collect();
        // Files are written in parallel too; the truth stays in site order.
        sites
            .par_iter()
            .flat_map(|s| s.files.par_iter())
            .try_for_each(|f| -> anyhow::Result<()> {
                let path = root.join(&f.path);
                if let Some(rel) = Path::new(&f.path).parent() {
                    // Never recreates `root` once an interrupt removed it.
                    crate::atomic::create_dirs_under(root, rel)?;
                }
                fs::write(&path, &f.bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
                crate::interrupt::file_written();
                Ok(())
            })?;
        for s in &sites {
            pages += s.files.iter().filter(|f| f.path.ends_with(".md")).count();
            bytes += s.files.iter().map(|f| f.bytes.len() as u64).sum::<u64>();
            for t in &s.truth {
                rows += 1;
                let _ = writeln!(
                    truth,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    t.path,
                    t.line,
                    t.week,
                    match t.lang {
                        Lang::En => "en",
                        Lang::Vi => "vi",
                    },
                    t.start,
                    t.end,
                    t.lab.map(|l| l.to_string()).unwrap_or_default(),
                    t.broken.map(|b| format!("{b:?}")).unwrap_or_default(),
                );
            }
        }
    }
    let path = root.join(TRUTH_FILE);
    fs::write(&path, truth).with_context(|| format!("writing {}", path.display()))?;
    Ok((pages, rows, bytes))
}

fn human_bytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1e6)
    } else {
        format!("{:.1} kB", n as f64 / 1e3)
    }
}

pub fn run(args: &GenArgs) -> anyhow::Result<i32> {
    let dir = &args.output;
    if !replaceable(dir) {
        // --force replaces other files, never pages someone may read.
        if let Some(page) = crate::atomic::markdown_inside(dir) {
            bail!(
                "{} holds Markdown pages ({}) and is not a generated cohort (no {TRUTH_FILE}): it is not replaced, even with --force (which replaces only a folder without pages); choose another output folder",
                dir.display(),
                page.display()
            );
        }
        if !args.force {
            bail!(
                "{} exists and is not a generated cohort (no {TRUTH_FILE}); use --force to replace it",
                dir.display()
            );
        }
    }
    super::remove_stale_temps(dir, false);
    // Written beside DIR and swapped into place: a failed run leaves DIR as it was.
    let tmp = crate::atomic::temp_dir_beside(dir)?;
    let (pages, rows, bytes) = write_cohort(args, tmp.path())?;
    // The previous cohort, if any, is removed as this drops.
    let _previous = crate::atomic::replace_dir(tmp, dir)?;
    writeln!(
        std::io::stderr().lock(),
        "wrote {}: {} sites, {pages} pages ({}), {rows} task rows in {TRUTH_FILE}",
        dir.display(),
        args.interns,
        human_bytes(bytes),
    )?;
    Ok(EXIT_OK)
}

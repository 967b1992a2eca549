//! The limit the benchmark compares extraction with: read every Markdown file
//! under DIR and run pulldown-cmark over it (same options and offset iterator
//! as the extractor), nothing else. Prints one JSON object.
//!
//! cargo run --release --example parse_only -- DIR [THREADS]

use std::path::PathBuf;
use std::time::Instant;

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

fn parse(path: &PathBuf) -> (u64, u64) {
    let Ok(bytes) = std::fs::read(path) else {
        return (0, 0);
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let events = Parser::new_ext(&text, opts).into_offset_iter().count() as u64;
    (bytes.len() as u64, events)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: parse_only DIR [THREADS]");
        std::process::exit(2);
    };
    let threads: usize = args
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let start = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let (bytes, events) = pool.install(|| {
        files
            .par_iter()
            .map(parse)
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"files\": {}, \"bytes\": {bytes}, \"events\": {events}, \"threads\": {threads}, \"seconds\": {secs:.6}}}",
        files.len()
    );
}

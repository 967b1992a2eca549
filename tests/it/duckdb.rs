//! Second engine: every bundled query gives the same rows in DuckDB over the
//! same Parquet files (hive partitioning), via tests/duckdb_crosscheck.py.

use std::process::Command;

use crate::common::*;

#[test]
fn bundled_queries_agree_with_duckdb() {
    let probe = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        // CI installs duckdb (.ci/run); a developer machine may not have it.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have the duckdb Python package"
        );
        eprintln!("skipped: python3 with the duckdb package is not available (pip install duckdb)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut datasets = vec![extract_sample(tmp.path())];
    if let Some(corpus) = shared("corpus") {
        let cds = tmp.path().join("corpus");
        assert!(run_bin(&[
            "extract",
            corpus.to_str().unwrap(),
            "-q",
            "-o",
            cds.to_str().unwrap()
        ])
        .status
        .success());
        datasets.push(cds);
    }
    let mut queries: Vec<String> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".sql"))
        .collect();
    queries.sort();
    for ds in datasets {
        let o = Command::new("python3")
            .arg(repo().join("tests/duckdb_crosscheck.py"))
            .args([
                "--bin",
                env!("CARGO_BIN_EXE_worklog-analyze"),
                "--data",
                ds.to_str().unwrap(),
                "--queries",
            ])
            .args(&queries)
            .output()
            .unwrap();
        let out = stdout(&o);
        eprintln!("{out}");
        assert!(
            o.status.success(),
            "{}: {out}\n{}",
            ds.display(),
            stderr(&o)
        );
        assert!(out.contains(" 0 failed"), "{out}");
    }
}

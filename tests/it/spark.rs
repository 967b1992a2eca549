//! Past one machine: the `athena` DDL runs unchanged on Spark SQL (Hive catalog,
//! local mode: the engine under EMR and Glue), `MSCK REPAIR TABLE` finds the week
//! partitions, and every table and every bundled statement gives DataFusion's rows,
//! via tests/spark_crosscheck.py. One Spark session for all of it: starting one is the cost.

use std::process::Command;

use crate::common::*;

/// Tables the check reads whole, besides the queries (tests/spark_crosscheck.py).
const TABLES: usize = 5;

#[test]
fn athena_ddl_and_bundled_queries_agree_with_spark() {
    if let Some(missing) = spark_missing() {
        // CI installs both (.ci/run); a developer machine may have neither.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have {missing} (.ci/run installs it)"
        );
        eprintln!("skipped: {missing} is not available (pip install -r tests/requirements.txt; apt-get install openjdk-17-jre-headless)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut datasets = vec![extract_sample(tmp.path())];
    if let Some(corpus) = shared("corpus") {
        let cds = tmp.path().join("corpus");
        let o = run_bin(&[
            "extract",
            corpus.to_str().unwrap(),
            "-q",
            "-o",
            cds.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        datasets.push(cds);
    }
    let queries = bundled_queries();
    let mut cmd = Command::new("python3");
    cmd.arg(repo().join("tests/spark_crosscheck.py"))
        .args(["--bin", env!("CARGO_BIN_EXE_worklog-analyze")]);
    for ds in &datasets {
        cmd.arg("--data").arg(ds);
    }
    let o = cmd.arg("--queries").args(&queries).output().unwrap();
    let out = stdout(&o);
    eprintln!("{out}");
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(out.contains(" 0 failed"), "{out}");
    // Each dataset: every table, and at least one result per query file.
    let oks = out.lines().filter(|l| l.starts_with("ok  ")).count();
    assert!(
        oks >= datasets.len() * (TABLES + queries.len()),
        "{oks} results checked\n{out}"
    );
}

/// What the Spark check lacks here, if anything: python3 with pyspark, Java 17+.
fn spark_missing() -> Option<&'static str> {
    match Command::new("java").arg("-version").output() {
        Ok(o) if o.status.success() => {
            if java_major(&stderr(&o)).is_none_or(|v| v < 17) {
                return Some("Java 17 or later");
            }
        }
        _ => return Some("java (Java 17 or later)"),
    }
    // find_spec, not import: importing pyspark takes seconds.
    let probe = Command::new("python3")
        .args([
            "-c",
            "import importlib.util, sys; sys.exit(importlib.util.find_spec('pyspark') is None)",
        ])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return Some("python3 with the pyspark package");
    }
    None
}

/// The major version in `java -version` output: `"17.0.15"` → 17, `"1.8.0_392"` → 8.
fn java_major(version_output: &str) -> Option<u32> {
    let quoted = version_output.split('"').nth(1)?;
    let mut parts = quoted.split(['.', '_', '-', '+']);
    let first: u32 = parts.next()?.parse().ok()?;
    if first == 1 {
        parts.next()?.parse().ok()
    } else {
        Some(first)
    }
}

#[test]
fn java_versions_are_read_old_and_new() {
    assert_eq!(
        java_major("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime"),
        Some(17)
    );
    assert_eq!(java_major("java version \"1.8.0_392\""), Some(8));
    assert_eq!(java_major("openjdk version \"21\" 2023-09-19"), Some(21));
    assert_eq!(java_major("openjdk version \"25-ea\""), Some(25));
    assert_eq!(java_major("no version here"), None);
}

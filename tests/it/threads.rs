//! `-j/--threads N`: the thread count changes how fast pages are read, never
//! what is written or printed.

use std::path::Path;

use crate::common::*;

fn extract_with(input: &Path, threads: &str, ds: &Path) {
    let o = bin()
        .current_dir(input.parent().unwrap())
        .arg("extract")
        .arg(input.file_name().unwrap())
        .args(["-q", "-j", threads, "-o"])
        .arg(ds)
        .output()
        .unwrap();
    assert!(o.status.success(), "-j {threads}: {}", stderr(&o));
}

#[test]
fn one_thread_and_two_write_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let cohort = tmp.path().join("cohort");
    let o = run_bin(&["gen", "--interns", "40", "-o", cohort.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (label, input) in [("sample_data", sample_data()), ("gen-40", cohort)] {
        let one = tmp.path().join(format!("{label}-j1"));
        let two = tmp.path().join(format!("{label}-j2"));
        extract_with(&input, "1", &one);
        extract_with(&input, "2", &two);
        let (one, two) = (dataset_files(&one), dataset_files(&two));
        assert!(one.len() > 5, "{label}: {:?}", one.keys());
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            two.keys().collect::<Vec<_>>(),
            "{label}"
        );
        let differ: Vec<&String> = one.keys().filter(|k| one[*k] != two[*k]).collect();
        assert!(
            differ.is_empty(),
            "{label}: -j 1 and -j 2 differ in {differ:?}"
        );
    }
    // The thread count is no reading option: a dataset written with -j 1 is
    // reused whole by a run with -j 2.
    let ds = tmp.path().join("sample_data-j1");
    let o = run_bin(&[
        "extract",
        "sample_data",
        "-j",
        "2",
        "-o",
        ds.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(", 0 files parsed"), "{}", stderr(&o));
    // check prints the same diagnostics, in the same order.
    let one = run_bin(&["check", "-j", "1", "sample_data"]);
    let two = run_bin(&["check", "--threads", "2", "sample_data"]);
    assert_eq!(one.status.code(), two.status.code());
    assert!(stdout(&one).lines().count() > 20);
    assert_eq!(stdout(&one), stdout(&two));
}

#[test]
fn threads_is_offered_where_pages_are_read() {
    for sub in ["extract", "check", "run", "report"] {
        let help = stdout(&run_bin(&[sub, "--help"]));
        assert!(
            help.contains("-j, --threads <N>") && help.contains("one per core"),
            "{sub}: {help}"
        );
    }
    for sub in ["gen", "export", "athena", "schema"] {
        let help = stdout(&run_bin(&[sub, "--help"]));
        assert!(!help.contains("--threads"), "{sub}");
    }
}

#[test]
fn a_bad_thread_count_is_a_usage_error() {
    for bad in ["abc", "-1", "1.5", "1025", ""] {
        let o = run_bin(&["check", "-j", bad, "sample_data"]);
        assert_eq!(o.status.code(), Some(2), "-j {bad:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "-j {bad:?}");
    }
    let o = run_bin(&["check", "--threads=x", "sample_data"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value 'x' for '--threads <N>'"),
        "{}",
        stderr(&o)
    );
    // 0 is the default: one thread per core.
    let o = run_bin(&["check", "-j", "0", "--summary", "sample_data"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn threads_with_data_is_refused_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    let ds = ds.to_str().unwrap();
    let html = tmp.path().join("r.html");
    let html = html.to_str().unwrap();
    for args in [
        vec!["run", "--data", ds, "-j", "2", "-e", "SELECT 1"],
        vec!["report", "--data", ds, "--threads", "1", "-o", html],
    ] {
        let o = run_bin(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("-j/--threads sets how many threads read and parse pages")
                && err.contains("would change nothing"),
            "{err}"
        );
        assert!(stdout(&o).is_empty());
    }
    assert!(!Path::new(html).exists());
    // With --input the pages are read, so -j applies (and changes no result).
    let count = |j: &str| {
        let o = run_bin(&[
            "run",
            "--input",
            "sample_data",
            "-j",
            j,
            "-f",
            "csv",
            "-e",
            "SELECT count(*) AS n, count(DISTINCT intern) AS interns FROM tasks",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let one = count("1");
    assert!(
        one.starts_with("n,interns\n") && !one.ends_with(",0\n"),
        "{one}"
    );
    assert_eq!(one, count("2"));
}

/// The parts `extract_each` emits, on a pool of `threads`: each part's sites
/// (interns), stopping with an error at part `fail_at` if given.
fn parts_on(
    threads: usize,
    cohort: &Path,
    fail_at: Option<usize>,
) -> (Vec<Vec<String>>, worklog_analyze::Result<()>) {
    use worklog_analyze::extract::{extract_each, Options};
    let opts = Options::new(worklog_analyze::normalize::topics::Taxonomy::bundled());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut parts: Vec<Vec<String>> = Vec::new();
    let result = pool.install(|| {
        extract_each(&[cohort.to_path_buf()], &opts, &mut |part| {
            if Some(parts.len()) == fail_at {
                return Err(worklog_analyze::Error::Injected(parts.len()));
            }
            parts.push(part.sites.iter().map(|s| s.intern.clone()).collect());
            Ok(())
        })
    });
    (parts, result)
}

#[test]
fn parts_are_emitted_in_input_order_whatever_the_pool_and_a_failed_emit_stops_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let cohort = tmp.path().join("cohort");
    // 60 sites of ~25 files: ~24 chunks, several windows ahead of the emitter.
    gen(&cohort, 60, 12, 3, 0);
    let (one, ok) = parts_on(1, &cohort, None);
    ok.unwrap();
    let sites: Vec<&String> = one.iter().flatten().collect();
    assert_eq!(sites.len(), 60);
    let mut sorted = sites.clone();
    sorted.sort();
    assert_eq!(sites, sorted, "sites in walk order");
    // The walk's part first, then one part per chunk, in order on any pool.
    assert!(one[0].is_empty() && one.len() > 10, "{one:?}");
    for threads in [2, 5] {
        let (parts, ok) = parts_on(threads, &cohort, None);
        ok.unwrap();
        assert_eq!(parts, one, "{threads} threads");
        // The first failure is returned, and nothing is emitted after it.
        let (parts, err) = parts_on(threads, &cohort, Some(4));
        let err = err.unwrap_err();
        assert!(matches!(err, worklog_analyze::Error::Injected(4)), "{err}");
        assert_eq!(parts, one[..4], "{threads} threads");
    }
}

//! Inputs are never overwritten, errors show in the exit code, output is
//! never silently wrong, and oversized pages are not read (README,
//! "Reliability and security").

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn run_in(args: &[&str]) -> Output {
    run_bin(args)
}

/// A folder of the user's pages: one site with two weekly pages.
fn pages(root: &Path) -> PathBuf {
    let dir = root.join("pages");
    for week in 1..=2 {
        let p = dir.join(format!(
            "me/content/1-Worklog/1.{week}-Week{week}/_index.md"
        ));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, good_page(week, 2)).unwrap();
    }
    dir
}

fn assert_refused(o: &Output, words: &[&str]) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    for w in words {
        assert!(stderr(o).contains(w), "{w:?} not in: {}", stderr(o));
    }
}

#[test]
fn extract_never_replaces_its_input_force_or_not() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages(tmp.path());
    let before = dir_files(&dir);
    let page = dir.join("me/content/1-Worklog/1.1-Week1/_index.md");
    let link = tmp.path().join("link");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, &link).unwrap();
    // The input itself (as the issue reproduced it), a folder inside it, the
    // folder holding it, and the input reached through a symlink.
    let cases: Vec<(PathBuf, PathBuf, &str)> = vec![
        (dir.clone(), dir.clone(), "is the input"),
        (dir.clone(), dir.join("me/ds"), "is inside the input"),
        (page.clone(), dir.join("me"), "holds the input"),
        (dir.clone(), tmp.path().to_path_buf(), "holds the input"),
        #[cfg(unix)]
        (dir.clone(), link.clone(), "is the input"),
    ];
    for (input, out, how) in &cases {
        for force in [false, true] {
            let mut args = vec!["extract", s(input), "-o", s(out)];
            if force {
                args.push("--force");
            }
            let o = run_in(&args);
            assert_refused(&o, &[how, "refused even with --force", s(out)]);
        }
    }
    assert_eq!(dir_files(&dir), before, "the pages are untouched");
    // Beside the input is fine.
    let ds = tmp.path().join("ds");
    let o = run_in(&["extract", s(&dir), "-q", "-o", s(&ds)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(ds.join("_manifest.json").is_file());
}

#[test]
fn extract_never_writes_into_the_repository_cache_or_over_the_repos_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (bare, work) = bare_repo(tmp.path(), "w");
    commit_at(
        &work,
        "2025-09-01T00:00:00Z",
        &[("content/1-Worklog/1.1-Week1/_index.md", &good_page(1, 2))],
    );
    let repos = tmp.path().join("lists/repos.txt");
    std::fs::create_dir_all(repos.parent().unwrap()).unwrap();
    std::fs::write(&repos, format!("file://{}\n", bare.display())).unwrap();
    let cache = tmp.path().join("cache");
    let extract = |out: &Path| {
        run_in(&[
            "extract",
            "--repos",
            s(&repos),
            "--cache",
            s(&cache),
            "-q",
            "--force",
            "-o",
            s(out),
        ])
    };
    let o = extract(&tmp.path().join("ds"));
    assert!(o.status.success(), "{}", stderr(&o));
    let cached = dir_files(&cache);
    assert!(!cached.is_empty());
    assert_refused(&extract(&cache), &["is the repository cache"]);
    assert_refused(&extract(&cache.join("x")), &["inside the repository cache"]);
    assert_refused(&extract(repos.parent().unwrap()), &["holds the repos file"]);
    // A local repository the repos file lists is an input too.
    assert_refused(&extract(&bare), &["is the repository"]);
    assert_eq!(dir_files(&cache), cached);
    assert!(repos.is_file());
}

#[test]
fn force_never_replaces_a_folder_holding_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let other = pages(tmp.path());
    let before = dir_files(&other);
    for force in [false, true] {
        let mut args = vec!["extract", "sample_data", "-o", s(&other)];
        if force {
            args.push("--force");
        }
        let o = run_in(&args);
        assert_refused(
            &o,
            &["holds Markdown pages", "even with --force", "_index.md"],
        );
        let mut args = vec!["gen", "--interns", "1", "-o", s(&other)];
        if force {
            args.push("--force");
        }
        let o = run_in(&args);
        assert_refused(&o, &["holds Markdown pages", "even with --force"]);
    }
    assert_eq!(dir_files(&other), before);
}

#[test]
fn run_out_and_report_output_never_land_on_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages(tmp.path());
    let before = dir_files(&dir);
    let page = dir.join("me/content/1-Worklog/1.1-Week1/_index.md");
    let o = run_in(&[
        "run",
        "--input",
        s(&dir),
        "-e",
        "select 1 as x",
        "--out",
        s(&dir.join("me/results")),
    ]);
    assert_refused(&o, &["-o", "is inside the input"]);
    // A result file named like a page given as input, in the page's folder.
    let week = page.parent().unwrap();
    std::fs::write(tmp.path().join("_index.sql"), "select 1 as x").unwrap();
    let o = run_in(&[
        "run",
        s(&tmp.path().join("_index.sql")),
        "--input",
        s(&page),
        "-f",
        "markdown",
        "--out",
        s(week),
    ]);
    assert_refused(&o, &["_index.md is the input"]);
    let o = run_in(&["report", "--input", s(&dir), "-o", s(&page)]);
    assert_refused(&o, &["-o", "is inside the input"]);
    let o = run_in(&["report", "--input", s(&page), "-o", s(&page)]);
    assert_refused(&o, &["is the input"]);
    let ds = extract_sample(tmp.path());
    let o = run_in(&["report", "--data", s(&ds), "-o", s(&ds.join("r.html"))]);
    assert_refused(&o, &["is inside the dataset"]);
    assert_eq!(dir_files(&dir), before);
    // Writing next to the inputs is fine.
    let o = run_in(&[
        "run",
        "--input",
        s(&dir),
        "-e",
        "select count(*) as n from pages",
        "--out",
        s(&tmp.path().join("results")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("results/inline-1.csv")).unwrap(),
        "n\n2\n"
    );
}

#[test]
fn an_input_without_weekly_pages_is_an_error_and_replaces_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    let kept = dir_files(&ds);
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("ideas.md"), "# Ideas\n\nSome text.\n").unwrap();
    std::fs::write(notes.join("todo.md"), "- buy milk\n").unwrap();
    for (dir, why) in [
        (
            &empty,
            "no weekly worklog page: no Markdown files in this folder",
        ),
        (&notes, "no weekly worklog page among its 2 Markdown files"),
    ] {
        let o = run_in(&["extract", s(dir), "-o", s(&ds)]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "{}: error[no_worklog_pages]: {why}",
                dir.display()
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!("so {} is left as it was", ds.display())),
            "{err}"
        );
        assert_eq!(dir_files(&ds), kept, "the dataset is untouched");
        let o = run_in(&["check", s(dir)]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        assert!(
            stdout(&o).contains("error[no_worklog_pages]") && stdout(&o).contains(": 1 errors,"),
            "{}",
            stdout(&o)
        );
    }
    // Nothing is created either.
    let fresh = tmp.path().join("fresh");
    let o = run_in(&["extract", s(&empty), "-o", s(&fresh)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not written"), "{}", stderr(&o));
    assert!(!fresh.exists());
    // With pages from another PATH, the dataset is written, the empty PATH
    // named in it, and the exit code says something was wrong.
    let o = run_in(&["extract", "sample_data", s(&notes), "-o", s(&ds)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 input error(s) (no_worklog_pages 1)"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("34 pages"), "{}", stderr(&o));
    let o = run_in(&[
        "run",
        "--data",
        s(&ds),
        "-e",
        "select source_path, severity from diagnostics where code = 'no_worklog_pages'",
    ]);
    assert_eq!(
        stdout(&o),
        format!("source_path,severity\n{},error\n", notes.display())
    );
}

#[test]
fn several_results_as_parquet_on_stdout_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let two = tmp.path().join("two.sql");
    std::fs::write(
        &two,
        "create view v as select 1 as x;\nselect x from v;\nselect 2 as y;\n",
    )
    .unwrap();
    for args in [
        vec![
            "run",
            "-f",
            "parquet",
            "-e",
            "select 1 as x",
            "-e",
            "select 2 as y",
        ],
        vec!["run", "-f", "parquet", s(&two)],
    ] {
        let o = run_in(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(o.stdout.is_empty(), "nothing is written to stdout");
        assert!(
            stderr(&o).contains("writes one result to stdout, but there are several")
                && stderr(&o).contains("-o DIR"),
            "{}",
            stderr(&o)
        );
    }
    // One result (after a view, which gives none) is one valid Parquet file.
    let o = run_in(&[
        "run",
        "-f",
        "parquet",
        "-e",
        "create view v as select 7 as x",
        "-e",
        "select x from v",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = tmp.path().join("one.parquet");
    std::fs::write(&file, &o.stdout).unwrap();
    let batches = read_parquet(&file);
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].schema().field(0).name(), "x");
    assert_eq!(batches[0].num_rows(), 1);
    // --out writes both.
    let out = tmp.path().join("out");
    let o = run_in(&["run", "-f", "parquet", s(&two), "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("two.parquet").is_file() && out.join("two-2.parquet").is_file());
}

/// A site with a good page and a page of `big` bytes.
fn site_with_big_page(root: &Path, big: usize) -> PathBuf {
    let dir = pages(root);
    let p = dir.join("me/content/1-Worklog/1.3-Week3/_index.md");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let mut text = good_page(3, 1);
    text.push_str(&"x".repeat(big.saturating_sub(text.len())));
    std::fs::write(&p, text).unwrap();
    dir
}

#[test]
fn errors_exit_1_and_the_dataset_keeps_the_readable_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = site_with_big_page(tmp.path(), 4096);
    let ds = tmp.path().join("ds");
    let o = run_in(&["extract", s(&dir), "--max-page-size", "2KiB", "-o", s(&ds)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 input error(s) (page_too_large 1)"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("wrote") && stderr(&o).contains(": 2 pages"),
        "{}",
        stderr(&o)
    );
    let o = run_in(&["check", s(&dir), "--max-page-size", "2KiB"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "me/content/1-Worklog/1.3-Week3/_index.md: error[page_too_large]: page is 4 KiB, over the limit of 2 KiB (--max-page-size); not read"
        ),
        "{}",
        stdout(&o)
    );
    // run --input and report --input give their output, and exit 1.
    let o = run_in(&[
        "run",
        "--input",
        s(&dir),
        "--max-page-size",
        "2KiB",
        "-e",
        "select count(*) as n from pages",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "n\n2\n");
    assert!(
        stderr(&o).contains("1 input error(s) (page_too_large)"),
        "{}",
        stderr(&o)
    );
    let html = tmp.path().join("r.html");
    let o = run_in(&[
        "report",
        "--input",
        s(&dir),
        "--max-page-size",
        "2KiB",
        "-o",
        s(&html),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(html.is_file());
    // Under the default limit the page is read and everything exits 0.
    let o = run_in(&["extract", s(&dir), "-q", "-o", s(&ds)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(&["check", s(&dir)]);
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn strict_extract_fails_on_warnings_but_writes_the_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let o = run_in(&["extract", "sample_data", "-q", "--strict", "-o", s(&ds)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--strict: 15 warning(s)"),
        "{}",
        stderr(&o)
    );
    assert!(ds.join("_manifest.json").is_file());
    let o = run_in(&["extract", "sample_data", "-q", "-o", s(&ds)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn an_unreadable_page_is_an_error_exit() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages(tmp.path());
    let p = dir.join("me/content/1-Worklog/1.2-Week2/_index.md");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("skipped: running as root, every file is readable");
        return;
    }
    let o = run_in(&["check", s(&dir)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[read_error]"), "{}", stdout(&o));
    let o = run_in(&["extract", s(&dir), "-o", s(&tmp.path().join("ds"))]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("(read_error 1)"), "{}", stderr(&o));
}

/// A file that exists but cannot be read, even as root.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_an_error_exit_and_the_rest_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let o = run_in(&["extract", "sample_data", "/proc/self/mem", "-o", s(&ds)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // Its read error says it all: no second error for the same PATH.
    assert!(
        stderr(&o).contains("error: 1 input error(s) (read_error 1)"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("wrote") && stderr(&o).contains("34 pages"),
        "{}",
        stderr(&o)
    );
    let o = run_in(&["check", "/proc/self/mem"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("error[read_error]: cannot read"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains(": 1 errors,"), "{}", stdout(&o));
}

#[test]
fn a_huge_page_is_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages(tmp.path());
    let p = dir.join("me/content/1-Worklog/1.3-Week3/_index.md");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    // Sparse: 64 GiB that would take minutes to read and more memory than the machine has.
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(64 << 30).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    let o = run_in(&["check", s(&dir)]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(
            "_index.md: error[page_too_large]: page is 64 GiB, over the limit of 16 MiB (--max-page-size); not read"
        ),
        "{}",
        stdout(&o)
    );
    assert!(took.as_secs() < 10, "took {took:?}");
}

#[test]
fn a_huge_blob_is_not_read_either() {
    let tmp = tempfile::tempdir().unwrap();
    let (bare, work) = bare_repo(tmp.path(), "w");
    let mut big = good_page(2, 1);
    big.push_str(&"y".repeat(3000));
    commit_at(
        &work,
        "2025-09-01T00:00:00Z",
        &[
            ("content/1-Worklog/1.1-Week1/_index.md", &good_page(1, 2)),
            ("content/1-Worklog/1.2-Week2/_index.md", &big),
        ],
    );
    let repos = tmp.path().join("repos.txt");
    std::fs::write(&repos, format!("file://{}\n", bare.display())).unwrap();
    let o = run_in(&[
        "check",
        "--repos",
        s(&repos),
        "--cache",
        s(&tmp.path().join("cache")),
        "--max-page-size",
        "2KiB",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("1.2-Week2/_index.md: error[page_too_large]: ")
            && stdout(&o).contains("over the limit of 2 KiB"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("1 pages,"), "{}", stdout(&o));
}

#[test]
fn a_bad_size_is_a_usage_error() {
    let o = run_in(&["check", "sample_data", "--max-page-size", "lots"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected a size such as 16MiB"),
        "{}",
        stderr(&o)
    );
}

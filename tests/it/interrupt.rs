//! SIGINT and SIGTERM mid-write: the temporary files go, the previous output
//! stays byte for byte, the exit code is 128 + the signal. The binary pauses
//! at a chosen file (`WORKLOG_ANALYZE_TEST_PAUSE_AFTER_FILES`), so each test
//! signals it mid-write on every run, not when timing allows.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn has_temp(dir: &Path) -> bool {
    names(dir).iter().any(|n| n.contains(".tmp-"))
}

/// Run `cmd` until it pauses after `files` files, check `mid_write` then,
/// send `signal` (`INT` or `TERM`) and return its exit code and stderr.
fn interrupt(
    mut cmd: Command,
    files: usize,
    signal: &str,
    mid_write: impl FnOnce(),
) -> (Option<i32>, String) {
    cmd.env("WORKLOG_ANALYZE_TEST_PAUSE_AFTER_FILES", files.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn worklog-analyze");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 {
            panic!(
                "exited before pausing ({:?}): {seen}",
                child.wait().unwrap()
            );
        }
        seen.push_str(&line);
        if line.starts_with("test pause:") {
            break;
        }
    }
    mid_write();
    let pid = child.id().to_string();
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("still running 60 s after SIG{signal}: {seen}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    err.read_to_string(&mut seen).unwrap();
    (status.code(), seen)
}

#[test]
fn sigterm_and_sigint_during_extract_leave_the_previous_dataset() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let tmp = tempfile::tempdir().unwrap();
        let ds = extract_sample(tmp.path());
        let before = dir_files(&ds);
        let mut cmd = bin();
        // --full: every site is parsed and written again.
        cmd.args(["extract", "sample_data", "--full", "-q", "-o"])
            .arg(&ds);
        let (got, err) = interrupt(cmd, 3, signal, || {
            assert!(has_temp(tmp.path()), "{:?}", names(tmp.path()));
        });
        assert_eq!(got, Some(code), "SIG{signal}: {err}");
        assert!(
            err.contains(&format!("interrupted (SIG{signal}); removed ")),
            "{err}"
        );
        assert_eq!(names(tmp.path()), ["ds"], "SIG{signal}");
        // Byte-identical, the manifest too.
        assert!(dir_files(&ds) == before, "SIG{signal}: the dataset changed");
    }
}

#[test]
fn an_interrupted_extract_to_s3_leaves_no_local_temp() {
    let tmp = tempfile::tempdir().unwrap();
    let tmpdir = tmp.path().join("tmpdir");
    std::fs::create_dir(&tmpdir).unwrap();
    let mut cmd = bin();
    cmd.args(["extract", "sample_data", "-q", "-o", "s3://bucket/prefix"])
        .env("TMPDIR", &tmpdir);
    let (got, err) = interrupt(cmd, 2, "TERM", || assert!(has_temp(&tmpdir)));
    assert_eq!(got, Some(143), "{err}");
    assert!(names(&tmpdir).is_empty(), "{:?}", names(&tmpdir));
}

#[test]
fn an_interrupted_gen_leaves_the_previous_cohort() {
    let tmp = tempfile::tempdir().unwrap();
    let cohort = tmp.path().join("cohort");
    let o = bin()
        .args(["gen", "--interns", "2", "-o"])
        .arg(&cohort)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let before = dir_files(&cohort);
    let mut cmd = bin();
    cmd.args(["gen", "--interns", "20", "-o"]).arg(&cohort);
    let (got, err) = interrupt(cmd, 5, "INT", || assert!(has_temp(tmp.path())));
    assert_eq!(got, Some(130), "{err}");
    assert_eq!(names(tmp.path()), ["cohort"]);
    assert!(dir_files(&cohort) == before, "the cohort changed");
}

#[test]
fn an_interrupted_report_or_run_out_leaves_no_temp_file() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    let html = tmp.path().join("report.html");
    let o = bin()
        .args(["report", "--data"])
        .arg(&ds)
        .arg("-o")
        .arg(&html)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(&html).unwrap();
    let mut cmd = bin();
    cmd.args(["report", "--title", "other", "--data"])
        .arg(&ds)
        .arg("-o")
        .arg(&html);
    let (got, err) = interrupt(cmd, 1, "TERM", || assert!(has_temp(tmp.path())));
    assert_eq!(got, Some(143), "{err}");
    assert_eq!(names(tmp.path()), ["ds", "report.html"]);
    assert!(
        std::fs::read(&html).unwrap() == before,
        "the report changed"
    );

    let out = tmp.path().join("results");
    let mut cmd = bin();
    cmd.args([
        "run",
        "-e",
        "SELECT 1 AS one",
        "-e",
        "SELECT 2 AS two",
        "--data",
    ])
    .arg(&ds)
    .arg("--out")
    .arg(&out);
    // The first result is written, the second paused before its rename.
    let (got, err) = interrupt(cmd, 2, "INT", || assert!(has_temp(&out)));
    assert_eq!(got, Some(130), "{err}");
    assert_eq!(names(&out).len(), 1, "{:?}", names(&out));
    assert!(!has_temp(&out));
}

#[test]
fn an_interrupted_export_leaves_no_local_temp() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    let tmpdir = tmp.path().join("tmpdir");
    std::fs::create_dir(&tmpdir).unwrap();
    let mut cmd = bin();
    // Paused while writing the QuickSight CSV files, before any upload.
    cmd.args(["export", "--quicksight", "--to", "s3://bucket/prefix"])
        .arg(&ds)
        .env("TMPDIR", &tmpdir);
    let (got, err) = interrupt(cmd, 2, "TERM", || assert!(has_temp(&tmpdir)));
    assert_eq!(got, Some(143), "{err}");
    assert!(names(&tmpdir).is_empty(), "{:?}", names(&tmpdir));
}

#[cfg(target_os = "linux")]
#[test]
fn extract_and_gen_remove_temp_folders_of_dead_runs_only() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    // A process that has exited (reaped, so not even a zombie).
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    // This test process is alive: its tag is the one it would write.
    let live = worklog_analyze::interrupt::owner_tag();
    let (pid, start) = live.split_once('.').unwrap();
    let reused = format!("{pid}.{}", start.parse::<u64>().unwrap() + 1);
    let stale = [
        format!(".ds.tmp-{dead}.4242-a1b2c3"),
        // A live PID with another start time: that process is gone too.
        format!(".ds.tmp-{reused}-d4e5f6"),
    ];
    let kept = [
        format!(".ds.tmp-{live}-g7h8i9"),
        // Older names without an owner, and the previous dataset's hold-out.
        ".ds.tmp-Xy12Zq".to_string(),
        format!(".ds.old-{dead}.4242-j0k1l2"),
        // Another dataset's.
        format!(".other.tmp-{dead}.4242-m3n4o5"),
    ];
    for n in stale.iter().chain(&kept) {
        let d = tmp.path().join(n);
        std::fs::create_dir_all(d.join("tasks/week=1")).unwrap();
        std::fs::write(d.join("tasks/week=1/part-00000.parquet"), "x").unwrap();
    }
    let o = bin()
        .args(["extract", "sample_data", "-o"])
        .arg(&ds)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut want: Vec<String> = kept.to_vec();
    want.push("ds".into());
    want.sort();
    assert_eq!(names(tmp.path()), want);
    for n in &stale {
        assert!(
            stderr(&o).contains(&format!("removed {}", tmp.path().join(n).display())),
            "{}",
            stderr(&o)
        );
    }

    // gen does the same beside its cohort.
    let cohort_stale = tmp.path().join(format!(".cohort.tmp-{dead}.4242-p6q7r8"));
    std::fs::create_dir(&cohort_stale).unwrap();
    let o = bin()
        .args(["gen", "--interns", "1", "-o"])
        .arg(tmp.path().join("cohort"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!cohort_stale.exists());
    assert!(tmp.path().join(&kept[0]).is_dir());
}

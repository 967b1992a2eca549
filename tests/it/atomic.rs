//! Writes are atomic: a failed write leaves the previous dataset untouched.

use worklog_analyze::dataset::parquet::{write_dataset, WriteOptions};

use crate::common::*;

#[test]
fn interrupted_write_leaves_the_previous_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    let x = extract_paths(&[sample_data()]);
    write_dataset(&x, &dir, &WriteOptions::default()).unwrap();
    let before = dir_files(&dir);
    assert!(before.len() > 10);

    // A different extraction whose write fails after three files.
    let seedless = extract_paths(&[sample_data().join("an-nguyen")]);
    let opts = WriteOptions {
        fail_after_files: Some(3),
        ..WriteOptions::default()
    };
    let err = write_dataset(&seedless, &dir, &opts).unwrap_err();
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(dir_files(&dir), before, "the old dataset must be untouched");
    // No temporary folders are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("ds")]);

    // A successful write replaces it.
    write_dataset(&seedless, &dir, &WriteOptions::default()).unwrap();
    assert_ne!(dir_files(&dir), before);
}

#[test]
fn a_folder_that_is_not_a_dataset_needs_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("precious");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let o = run_bin(&["extract", "sample_data", "-o", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not a worklog-analyze dataset"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "keep me"
    );
    let o = run_bin(&[
        "extract",
        "sample_data",
        "-q",
        "--force",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("_manifest.json").is_file());
    assert!(!dir.join("notes.txt").exists());
}

/// Whether folders in `dir` can be swapped in one step (not on every file system).
fn can_exchange(dir: &std::path::Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        let (a, b) = (dir.join("probe-a"), dir.join("probe-b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        let ok = renameat_with(CWD, &a, CWD, &b, RenameFlags::EXCHANGE).is_ok();
        std::fs::remove_dir(&a).unwrap();
        std::fs::remove_dir(&b).unwrap();
        ok
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        false
    }
}

#[test]
fn a_replaced_dataset_is_never_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    let all = extract_paths(&[sample_data()]);
    let one = extract_paths(&[sample_data().join("an-nguyen")]);
    write_dataset(&all, &dir, &WriteOptions::default()).unwrap();
    if !can_exchange(tmp.path()) {
        eprintln!("note: this file system cannot exchange folders; a replaced dataset is briefly absent here");
        return;
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    let (misses, looks) = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let (mut misses, mut looks) = (0, 0);
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                looks += 1;
                if !dir.join("_manifest.json").is_file() {
                    misses += 1;
                }
            }
            (misses, looks)
        });
        for i in 0..6 {
            let x = if i % 2 == 0 { &one } else { &all };
            write_dataset(x, &dir, &WriteOptions::default()).unwrap();
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        reader.join().unwrap()
    });
    assert!(looks > 0);
    assert_eq!(
        misses, 0,
        "the dataset was absent in {misses} of {looks} looks"
    );
    // The last write (all sites) is what is there, and nothing is left beside it.
    let again = tmp.path().join("again");
    write_dataset(&all, &again, &WriteOptions::default()).unwrap();
    same_files(&dir, &again);
    std::fs::remove_dir_all(&again).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("ds")]);
}

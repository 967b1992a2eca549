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

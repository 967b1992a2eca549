//! Byte identity of the written dataset: every file `extract` writes for
//! `sample_data`, a 2,483-page `gen` cohort and each `../shared` corpus, hashed
//! and compared with `tests/data/output_digests.txt` (the manifest without its
//! `created_at` line). A refactor must leave this unchanged; a change that is
//! meant to alter the output regenerates it with
//! `UPDATE_DIGESTS=1 cargo test --test it output_identical` and says why in
//! its commit.

use std::collections::BTreeMap;
use std::path::Path;

use md5::{Digest, Md5};

use crate::common::*;

const DIGESTS: &str = "tests/data/output_digests.txt";

/// `label/relative/path` → md5 of each file written for one input.
fn digest(label: &str, input: &Path, tmp: &Path, out: &mut BTreeMap<String, String>) {
    let ds = tmp.join(label);
    // Run from the input's parent so the manifest records the same input
    // name wherever the checkout lives.
    let o = bin()
        .current_dir(input.parent().unwrap())
        .arg("extract")
        .arg(input.file_name().unwrap())
        .args(["-q", "-o"])
        .arg(&ds)
        .output()
        .unwrap();
    assert!(o.status.code().is_some(), "{label}: {}", stderr(&o));
    let files = dataset_files(&ds);
    assert!(files.len() > 3, "{label}: only {:?} written", files.keys());
    for (rel, bytes) in files {
        let hex: String = Md5::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        out.insert(format!("{label}/{rel}"), hex);
    }
}

#[test]
fn output_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let mut got = BTreeMap::new();
    digest("sample_data", &sample_data(), tmp.path(), &mut got);
    let cohort = tmp.path().join("cohort");
    let o = run_bin(&["gen", "--interns", "100", "-o", cohort.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    digest("gen-100", &cohort, tmp.path(), &mut got);
    let mut labels = vec!["sample_data", "gen-100"];
    for name in ["corpus", "corpus-wide", "corpus-2026"] {
        if let Some(p) = shared(name) {
            digest(name, &p, tmp.path(), &mut got);
            labels.push(name);
        }
    }
    let text: String = got.iter().map(|(k, v)| format!("{v}  {k}\n")).collect();
    let path = repo().join(DIGESTS);
    if std::env::var_os("UPDATE_DIGESTS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    // Compare only the inputs present here (a user's clone has no ../shared).
    let want: BTreeMap<String, String> = want
        .lines()
        .filter_map(|l| l.split_once("  "))
        .filter(|(_, k)| labels.iter().any(|l| k.starts_with(&format!("{l}/"))))
        .map(|(v, k)| (k.to_string(), v.to_string()))
        .collect();
    let changed: Vec<String> = want
        .keys()
        .chain(got.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|k| want.get(*k) != got.get(*k))
        .map(|k| k.to_string())
        .collect();
    assert!(
        changed.is_empty(),
        "{} written files differ from {DIGESTS}: {:?}\n\
         if the change is meant, rerun with UPDATE_DIGESTS=1 and say why in the commit",
        changed.len(),
        &changed[..changed.len().min(20)]
    );
}

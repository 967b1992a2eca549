//! Who a page belongs to: one intern per site, named after the folder that
//! holds the whole repository (a cohort folder's entry), never after a
//! subfolder the site sits in; two sites never share a name silently.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use worklog_analyze::model::Extraction;

use crate::common::*;

/// Intern → the first path component of its pages (and diagnostics).
fn entries_of(x: &Extraction) -> BTreeMap<String, BTreeSet<String>> {
    let mut by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &x.pages {
        let entry = p.source_path.split('/').next().unwrap_or("").to_string();
        by.entry(p.intern.clone()).or_default().insert(entry);
    }
    by
}

fn assert_unique_task_ids(x: &Extraction, what: &str) {
    let ids: HashSet<&str> = x.tasks.iter().map(|t| t.task_id.as_str()).collect();
    assert_eq!(ids.len(), x.tasks.len(), "{what}: task_id not unique");
    let pages: HashSet<&str> = x.pages.iter().map(|p| p.page_id.as_str()).collect();
    assert_eq!(pages.len(), x.pages.len(), "{what}: page_id not unique");
}

/// Every `owner__repo` folder of a corpus is one intern, named after it, and no
/// two folders share one (corpus-2026 keeps two sites in `fcj-workshop/`).
#[test]
fn every_corpus_folder_is_one_intern_named_after_it() {
    for name in ["corpus", "corpus-wide", "corpus-2026"] {
        let Some(root) = shared(name) else {
            return;
        };
        let entries: BTreeSet<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let x = extract_paths(std::slice::from_ref(&root));
        let by = entries_of(&x);
        for (intern, folders) in &by {
            assert_eq!(
                folders.iter().collect::<Vec<_>>(),
                vec![intern],
                "{name}: intern {intern} holds the pages of {folders:?}"
            );
        }
        // Every folder gave weekly pages, each its own intern.
        let interns: BTreeSet<String> = by.keys().cloned().collect();
        assert_eq!(interns, entries, "{name}");
        for t in &x.tasks {
            assert!(
                t.source_path.starts_with(&format!("{}/", t.intern)),
                "{name}: {} is intern {}",
                t.source_path,
                t.intern
            );
        }
        assert_unique_task_ids(&x, name);
        assert!(
            !x.diagnostics
                .iter()
                .any(|d| d.code.as_str() == "site_name_clash"),
            "{name}"
        );
    }
}

/// A site in `fcj-workshop/` with weeks 1 and 2 (en and vi), task text naming `who`.
fn subfolder_site(root: &Path, who: &str, sub: &str) {
    for week in 1..=2 {
        for file in ["_index.md", "_index.vi.md"] {
            let p = root
                .join(who)
                .join(sub)
                .join(format!("content/1-Worklog/1.{week}-Week{week}/{file}"));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            let text = good_page(week, 2).replace("Task", &format!("{who} task"));
            std::fs::write(p, text).unwrap();
        }
    }
    std::fs::write(
        root.join(who).join(sub).join("hugo.toml"),
        "title = \"x\"\n",
    )
    .unwrap();
}

#[test]
fn two_repositories_with_the_same_site_subfolder_are_two_interns() {
    let tmp = tempfile::tempdir().unwrap();
    let cohort = tmp.path().join("cohort");
    subfolder_site(&cohort, "alice__portfolio", "fcj-workshop");
    subfolder_site(&cohort, "bob__fcaj-workshop", "fcj-workshop");
    // A plain site beside them, and a repository holding two sites (one intern each).
    subfolder_site(&cohort, "carol", "");
    subfolder_site(&cohort.join("group"), "dan", "site");
    subfolder_site(&cohort.join("group"), "eve", "site");
    let x = extract_paths(std::slice::from_ref(&cohort));
    let by: BTreeMap<String, usize> = x.pages.iter().fold(BTreeMap::new(), |mut m, p| {
        *m.entry(p.intern.clone()).or_default() += 1;
        m
    });
    let want: BTreeMap<String, usize> = [
        ("alice__portfolio", 4),
        ("bob__fcaj-workshop", 4),
        ("carol", 4),
        ("dan", 4),
        ("eve", 4),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(by, want);
    // Each intern's rows are its own: twins pair within the site, one language counted.
    for t in &x.tasks {
        assert!(t.title.starts_with(&format!("{} task", t.intern)), "{t:?}");
        assert!(t.twin_key.is_some(), "{t:?}");
    }
    let primary = x.tasks.iter().filter(|t| t.is_primary).count();
    assert_eq!((x.tasks.len(), primary), (40, 20));
    assert_unique_task_ids(&x, "cohort");
    assert!(x
        .diagnostics
        .iter()
        .all(|d| d.code.as_str() != "site_name_clash"));
}

#[test]
fn a_repository_given_as_the_input_is_named_after_itself() {
    let tmp = tempfile::tempdir().unwrap();
    subfolder_site(tmp.path(), "alice-portfolio", "fcj-workshop");
    let repo = tmp.path().join("alice-portfolio");
    // Without `.git`, `alice-portfolio` could be a cohort folder of one: the site's
    // folder names the intern. A git work tree is one repository: it does.
    let x = extract_paths(std::slice::from_ref(&repo));
    assert!(x.pages.iter().all(|p| p.intern == "fcj-workshop"));
    git(&repo, &["init", "-q"]);
    let x = extract_paths(std::slice::from_ref(&repo));
    assert_eq!(x.pages.len(), 4);
    assert!(x.pages.iter().all(|p| p.intern == "alice-portfolio"));
}

#[test]
fn two_inputs_of_one_name_are_two_interns_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    subfolder_site(&tmp.path().join("a"), "site", "");
    subfolder_site(&tmp.path().join("b"), "site", "");
    let inputs: Vec<PathBuf> = ["a/site", "b/site"]
        .iter()
        .map(|p| tmp.path().join(p))
        .collect();
    let x = extract_paths(&inputs);
    let interns: BTreeSet<&str> = x.pages.iter().map(|p| p.intern.as_str()).collect();
    assert_eq!(interns, BTreeSet::from(["a-site", "b-site"]));
    assert_eq!(x.tasks.len(), 16);
    assert_unique_task_ids(&x, "a/site b/site");
    // Paths name their input too, so they stay unique.
    let paths: HashSet<&str> = x.pages.iter().map(|p| p.source_path.as_str()).collect();
    assert_eq!(paths.len(), 8);
    assert!(paths.contains("a-site/content/1-Worklog/1.1-Week1/_index.md"));
    let clash: Vec<String> = x
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "site_name_clash")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(clash.len(), 2, "{clash:#?}");
    let (a, b) = (inputs[0].display(), inputs[1].display());
    assert!(
        clash[0].contains(&a.to_string())
            && clash[0].contains(&b.to_string())
            && clash[0].contains("is intern \"a-site\""),
        "{clash:#?}"
    );
}

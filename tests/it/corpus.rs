//! Over ../shared/corpus (real pages, read in place; skipped when absent).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use worklog_analyze::model::{Extraction, Task};

use crate::common::*;

/// Independent count of tasks-table data rows: tables whose header names a task column.
fn line_scan_task_rows(text: &str) -> usize {
    line_scan_rows(text, |h| {
        let h = h.to_lowercase();
        ["task", "công việc", "nhiệm vụ"]
            .iter()
            .any(|w| h.contains(w))
    })
}

#[test]
fn every_corpus_table_row_is_a_task_or_a_diagnostic() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let x = extract_paths(std::slice::from_ref(&corpus));
    let mut tasks: HashMap<&str, usize> = HashMap::new();
    for t in &x.tasks {
        *tasks.entry(&t.source_path).or_default() += 1;
    }
    let mut skipped: HashMap<&str, usize> = HashMap::new();
    for d in x
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code.as_str(), "empty_row" | "orphan_row"))
    {
        *skipped.entry(&d.source_path).or_default() += 1;
    }
    let mut pages = 0;
    let mut scanned_total = 0;
    let mut mismatches = Vec::new();
    for entry in walkdir::WalkDir::new(&corpus).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") || entry.file_name() == "README.md" {
            continue;
        }
        pages += 1;
        let rel = entry
            .path()
            .strip_prefix(&corpus)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = read_page_text(&corpus, &rel);
        let scanned = line_scan_task_rows(&text);
        scanned_total += scanned;
        let got = tasks.get(rel.as_str()).copied().unwrap_or(0)
            + skipped.get(rel.as_str()).copied().unwrap_or(0);
        if got != scanned {
            mismatches.push(format!("{rel}: line scan {scanned}, tasks+skipped {got}"));
        }
    }
    eprintln!(
        "corpus: {pages} pages, {scanned_total} table rows, {} tasks, {} diagnostics",
        x.tasks.len(),
        x.diagnostics.len()
    );
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert!(
        pages >= 300 && scanned_total >= 1700,
        "{pages} pages, {scanned_total} rows"
    );
    // The catalogue's counts: 346 weekly pages with a week, 30 section pages.
    assert_eq!(x.pages.len(), 346);
    assert_eq!(
        x.diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "section_page")
            .count(),
        30
    );
    // No page is dropped into week 0.
    assert!(x.pages.iter().all(|p| p.week > 0));
}

type Expected = ExpectedPage<ExpectedRow>;

#[derive(Debug, Deserialize)]
struct ExpectedRow {
    row_number: i32,
    day: String,
    weekday: Option<i32>,
    start_date: Option<String>,
    end_date: Option<String>,
    labs: Vec<i32>,
}

/// Every difference between hand-checked pages and the extraction, one line
/// each (all of them, not the first: a run shows which pages and fields are off).
fn expected_row_mismatches(x: &Extraction, root: &Path, expected: &[Expected]) -> Vec<String> {
    let mut wrong = Vec::new();
    for page in expected {
        if !root.join(&page.path).is_file() {
            wrong.push(format!("{}: no such page", page.path));
            continue;
        }
        let got: Vec<&Task> = x
            .tasks
            .iter()
            .filter(|t| t.source_path == page.path)
            .collect();
        if got.len() != page.rows.len() {
            wrong.push(format!(
                "{}: {} rows, expected {}",
                page.path,
                got.len(),
                page.rows.len()
            ));
        }
        for e in &page.rows {
            let at = format!("{} row {}", page.path, e.row_number);
            let Some(t) = got.iter().find(|t| t.row_number == e.row_number) else {
                wrong.push(format!("{at}: no such row"));
                continue;
            };
            let mut fields = Vec::new();
            let mut cmp = |name: &str, got: String, want: String| {
                if got != want {
                    fields.push(format!("{name} {got}, expected {want}"));
                }
            };
            cmp("week", t.week.to_string(), page.week.to_string());
            cmp("lang", t.lang.as_str().to_string(), page.lang.clone());
            cmp("day", format!("{:?}", t.day), format!("{:?}", e.day));
            cmp(
                "weekday",
                format!("{:?}", t.weekday),
                format!("{:?}", e.weekday),
            );
            let date = |d: Option<chrono::NaiveDate>| format!("{:?}", d.map(|d| d.to_string()));
            cmp("start", date(t.start_date), format!("{:?}", e.start_date));
            cmp("end", date(t.end_date), format!("{:?}", e.end_date));
            cmp(
                "labs",
                format!("{:?}", labs_of(x, &t.task_id)),
                format!("{:?}", e.labs),
            );
            if !fields.is_empty() {
                wrong.push(format!(
                    "{at} (line {}): {}",
                    t.source_line,
                    fields.join("; ")
                ));
            }
        }
        for t in &got {
            if !page.rows.iter().any(|e| e.row_number == t.row_number) {
                wrong.push(format!(
                    "{} row {} (line {}): not expected (day {:?}, {:?} – {:?})",
                    page.path, t.row_number, t.source_line, t.day, t.start_date, t.end_date
                ));
            }
        }
    }
    wrong
}

/// The pages of `expected` that `mismatches` names, and how many lines each.
fn by_page(mismatches: &[String], expected: &[Expected]) -> String {
    let mut out = String::new();
    for page in expected {
        let n = mismatches
            .iter()
            .filter(|m| {
                m.starts_with(&format!("{}:", page.path))
                    || m.starts_with(&format!("{} row", page.path))
            })
            .count();
        if n > 0 {
            out.push_str(&format!("  {n:>3}  {}\n", page.path));
        }
    }
    out
}

/// Panic with every mismatch (and a per-page count) when there is any.
fn assert_no_mismatches(what: &str, mismatches: &[String], expected: &[Expected]) {
    assert!(
        mismatches.is_empty(),
        "{what}: {} mismatches on {} of {} pages:\n{}\n{}",
        mismatches.len(),
        by_page(mismatches, expected).lines().count(),
        expected.len(),
        by_page(mismatches, expected),
        mismatches.join("\n")
    );
}

/// How many pages and distinct site folders (the first path part) `expected` covers.
fn coverage(expected: &[Expected]) -> (usize, usize) {
    let sites: HashSet<&str> = expected
        .iter()
        .map(|e| e.path.split('/').next().unwrap_or_default())
        .collect();
    (expected.len(), sites.len())
}

#[test]
fn hand_checked_corpus_pages_give_exactly_the_expected_rows() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let expected: Vec<Expected> = read_test_data("corpus_expected.json");
    assert!(expected.len() >= 8);
    let x = extract_paths(std::slice::from_ref(&corpus));
    let wrong = expected_row_mismatches(&x, &corpus, &expected);
    assert_no_mismatches("corpus", &wrong, &expected);
}

/// Pages of ../shared/corpus-2026 read by hand with their twins and neighbouring
/// weeks; tests/data/corpus_2026_expected.md says why each row is what it is.
#[test]
fn hand_checked_corpus_2026_pages_give_the_expected_rows() {
    let Some(root) = shared("corpus-2026") else {
        return;
    };
    let expected: Vec<Expected> = read_test_data("corpus_2026_expected.json");
    let (pages, sites) = coverage(&expected);
    assert!(pages >= 24 && sites >= 14, "{pages} pages, {sites} sites");
    let x = extract_paths(std::slice::from_ref(&root));
    let wrong = expected_row_mismatches(&x, &root, &expected);
    assert_no_mismatches("corpus-2026", &wrong, &expected);
}

/// Small sites written for this test in the 2026 cohorts' styles
/// (tests/data/sites-2026/README.md), each with its expected rows.
#[test]
fn hand_written_2026_sites_give_the_expected_rows() {
    let root = repo().join("tests/data/sites-2026");
    let mut expected: Vec<Expected> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/data/sites-2026")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".expected.json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        expected.extend(read_test_data::<Vec<Expected>>(&format!("sites-2026/{f}")));
    }
    let x = extract_paths(std::slice::from_ref(&root));
    let mut wrong = expected_row_mismatches(&x, &root, &expected);
    // Every page of the sites is expected (none forgotten), and the README gives nothing.
    for t in &x.tasks {
        if !expected.iter().any(|e| e.path == t.source_path) {
            wrong.push(format!(
                "{}:{}: a task from a page no expectation names",
                t.source_path, t.source_line
            ));
        }
    }
    // One intern per site folder, `cuong-subfolder/fcj-workshop/content/…` included.
    wrong.extend(site_folder_intern_failures(&x));
    assert_no_mismatches("sites-2026", &wrong, &expected);
}

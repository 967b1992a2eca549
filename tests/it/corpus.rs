//! Over ../shared/corpus (real pages, read in place; skipped when absent).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

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

#[test]
fn hand_checked_corpus_pages_give_exactly_the_expected_rows() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let expected: Vec<Expected> = read_test_data("corpus_expected.json");
    assert!(expected.len() >= 8);
    let x = extract_paths(std::slice::from_ref(&corpus));
    for page in &expected {
        assert!(
            Path::new(&corpus).join(&page.path).is_file(),
            "{}",
            page.path
        );
        let got: Vec<_> = x
            .tasks
            .iter()
            .filter(|t| t.source_path == page.path)
            .collect();
        assert_eq!(got.len(), page.rows.len(), "{}: row count", page.path);
        for (t, e) in got.iter().zip(&page.rows) {
            let at = format!("{} row {}", page.path, e.row_number);
            assert_eq!(t.row_number, e.row_number, "{at}");
            assert_eq!(t.week, page.week, "{at}");
            assert_eq!(t.lang, page.lang, "{at}");
            assert_eq!(t.day, e.day, "{at}: day");
            assert_eq!(t.weekday, e.weekday, "{at}: weekday");
            assert_eq!(
                t.start_date.map(|d| d.to_string()),
                e.start_date,
                "{at}: start"
            );
            assert_eq!(t.end_date.map(|d| d.to_string()), e.end_date, "{at}: end");
            let labs = labs_of(&x, &t.task_id);
            assert_eq!(labs, e.labs, "{at}: labs");
        }
    }
}

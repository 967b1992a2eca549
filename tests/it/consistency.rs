//! Over ../shared/corpus-wide and ../shared/corpus as populations: every table
//! row accounted for, every date-like cell read or diagnosed, every weekday,
//! twin and week-order disagreement flagged. The disagreements are recomputed
//! here from the output rows and the page text, not taken from the extractor's
//! own counters. Plus hand-checked corpus-wide pages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Deserialize;
use worklog_analyze::extract::summary::summarize;
use worklog_analyze::model::{Extraction, Lang, Layout, Task};

use crate::common::*;

static DATE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{4}-\d{1,2}-\d{1,2}\b").unwrap()
});

fn weekday(d: NaiveDate) -> i32 {
    d.weekday().number_from_monday() as i32
}

/// A page's week, median start date and path.
type WeekPoint<'a> = (i32, NaiveDate, &'a str);

/// Every disagreement in the output that no diagnostic explains.
fn unexplained(x: &Extraction, root: &Path) -> Vec<String> {
    let mut diag_at: HashMap<(&str, u32), HashSet<&str>> = HashMap::new();
    let mut diag_in: HashMap<&str, HashSet<&str>> = HashMap::new();
    for d in &x.diagnostics {
        diag_in
            .entry(&d.source_path)
            .or_default()
            .insert(d.code.as_str());
        if let Some(l) = d.line {
            diag_at
                .entry((&d.source_path, l))
                .or_default()
                .insert(d.code.as_str());
        }
    }
    let has = |t: &Task, code: &str| {
        diag_at
            .get(&(t.source_path.as_str(), t.source_line as u32))
            .is_some_and(|c| code.is_empty() && !c.is_empty() || c.contains(code))
    };
    let mut out = Vec::new();
    let mut texts: HashMap<&str, Vec<String>> = HashMap::new();
    for t in &x.tasks {
        let lines = texts.entry(&t.source_path).or_insert_with(|| {
            read_page_text(root, &t.source_path)
                .lines()
                .map(String::from)
                .collect()
        });
        let line = &lines[t.source_line as usize - 1];
        // A short cell holding a date-like token must give a start date, or be diagnosed.
        let dated_cell = line
            .split('|')
            .map(str::trim)
            .any(|c| c.chars().count() <= 40 && DATE_TOKEN.is_match(c));
        if dated_cell && t.start_date.is_none() && !has(t, "") {
            out.push(format!(
                "{}:{}: date-like cell, no date, no diagnostic",
                t.source_path, t.source_line
            ));
        }
        // A week's range (list tasks) is not the day's date.
        let own_start = t.own_start_date();
        if let (Some(w), Some(s)) = (t.weekday, own_start) {
            if w != weekday(s) && !has(t, "weekday_mismatch") {
                out.push(format!(
                    "{}:{}: weekday {w} vs {s}, not flagged",
                    t.source_path, t.source_line
                ));
            }
        }
    }
    // Twins: the en and vi page of one intern and week.
    let mut by_week: BTreeMap<(&str, i32), BTreeMap<&str, Vec<&Task>>> = BTreeMap::new();
    for t in &x.tasks {
        by_week
            .entry((&t.intern, t.week))
            .or_default()
            .entry(&t.source_path)
            .or_default()
            .push(t);
    }
    for pages in by_week.values() {
        let en: Vec<&Vec<&Task>> = pages.values().filter(|r| r[0].lang == Lang::En).collect();
        let vi: Vec<&Vec<&Task>> = pages.values().filter(|r| r[0].lang == Lang::Vi).collect();
        let ([en], [vi]) = (en.as_slice(), vi.as_slice()) else {
            continue;
        };
        if en.len() != vi.len() {
            let flagged = [en, vi].iter().any(|p| {
                diag_in
                    .get(p[0].source_path.as_str())
                    .is_some_and(|c| c.contains("twin_mismatch"))
            });
            if !flagged {
                out.push(format!(
                    "{}: {} rows vs twin {} rows, not flagged",
                    en[0].source_path,
                    en.len(),
                    vi.len()
                ));
            }
            continue;
        }
        for (a, b) in en.iter().zip(vi.iter()) {
            if let (Some(sa), Some(sb)) = (a.start_date, b.start_date) {
                if sa != sb && !has(a, "twin_mismatch") && !has(b, "twin_mismatch") {
                    out.push(format!(
                        "{}:{}: {sa} vs twin {sb}, not flagged",
                        a.source_path, a.source_line
                    ));
                }
            }
        }
    }
    // Weeks in order, per intern and language, by each page's median start date.
    let mut weeks: BTreeMap<(&str, &str), Vec<WeekPoint<'_>>> = BTreeMap::new();
    for ((intern, week), pages) in &by_week {
        for (path, rows) in pages {
            let mut d: Vec<NaiveDate> = rows.iter().filter_map(|t| t.start_date).collect();
            d.sort();
            if let Some(m) = d.get(d.len().saturating_sub(1) / 2) {
                weeks
                    .entry((intern, rows[0].lang.as_str()))
                    .or_default()
                    .push((*week, *m, path));
            }
        }
    }
    for list in weeks.values_mut() {
        list.sort();
        for w in list.windows(2) {
            if w[0].0 != w[1].0 && w[1].1 < w[0].1 {
                let flagged = diag_in
                    .get(w[1].2)
                    .is_some_and(|c| c.contains("week_order"));
                if !flagged {
                    out.push(format!(
                        "{}: week {} before week {}, not flagged",
                        w[1].2, w[1].0, w[0].0
                    ));
                }
            }
        }
    }
    out
}

/// Rows accounted page by page: an independent line scan against tasks + rows of
/// other tables + empty rows + orphan lines.
pub(crate) fn unaccounted_pages(x: &Extraction, root: &Path) -> Vec<String> {
    unaccounted_pages_by(x, root, |text| line_scan_rows(text, |_| true))
}

/// [`unaccounted_pages`] with the page's table rows counted by `scan`.
fn unaccounted_pages_by(x: &Extraction, root: &Path, scan: impl Fn(&str) -> usize) -> Vec<String> {
    let mut got: HashMap<&str, usize> = HashMap::new();
    // Table rows only: list tasks (day headings, work lists) are no table's rows.
    for t in x.tasks.iter().filter(|t| t.layout == Layout::Table) {
        *got.entry(&t.source_path).or_default() += 1;
    }
    for d in &x.diagnostics {
        let n = match d.code.as_str() {
            "empty_row" | "orphan_row" | "overview_row" | "joined_row" => 1,
            "other_table" | "data_table" => d
                .message
                .rsplit("its ")
                .next()
                .and_then(|s| s.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
            _ => 0,
        };
        *got.entry(&d.source_path).or_default() += n;
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") || entry.file_name() == "README.md" {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let scanned = scan(&read_page_text(root, &rel));
        let g = got.get(rel.as_str()).copied().unwrap_or(0);
        if g < scanned {
            out.push(format!("{rel}: line scan {scanned}, accounted {g}"));
        }
    }
    out
}

fn population(name: &str) {
    let Some(root) = shared(name) else {
        return;
    };
    let x = extract_paths(std::slice::from_ref(&root));
    let s = summarize(&x);
    eprintln!("{name}:\n{s}");
    assert_eq!(s.unaccounted(), 0, "{name}: {s}");
    assert_eq!(s.unexplained(), 0, "{name}: {s}");
    let missing = unaccounted_pages(&x, &root);
    assert!(missing.is_empty(), "{name}: rows lost: {missing:#?}");
    let bad = unexplained(&x, &root);
    assert!(
        bad.is_empty(),
        "{name}: {} unexplained:\n{}",
        bad.len(),
        bad.join("\n")
    );
    // Most rows with a date cell get a date; most weekdays and twins agree.
    assert!(
        s.dates.total > 1000 && s.dates.agree * 100 >= s.dates.total * 98,
        "{s}"
    );
    assert!(s.weekdays.agree * 100 >= s.weekdays.total * 95, "{s}");
}

#[test]
fn corpus_wide_every_row_and_every_disagreement_is_accounted_for() {
    population("corpus-wide");
}

#[test]
fn corpus_every_row_and_every_disagreement_is_accounted_for() {
    population("corpus");
}

type Expected = ExpectedPage<ExpectedRow>;

#[derive(Debug, Deserialize)]
struct ExpectedRow {
    line: i32,
    start_date: Option<String>,
    end_date: Option<String>,
    labs: Vec<i32>,
}

#[test]
fn hand_checked_corpus_wide_pages_give_the_expected_dates_and_labs() {
    let Some(root) = shared("corpus-wide") else {
        return;
    };
    let expected: Vec<Expected> = read_test_data("corpus_wide_expected.json");
    let sites: HashSet<&str> = expected
        .iter()
        .map(|e| e.path.split('/').next().unwrap())
        .collect();
    assert!(
        expected.len() >= 15 && sites.len() >= 12,
        "{} pages, {} sites",
        expected.len(),
        sites.len()
    );
    let x = extract_paths(std::slice::from_ref(&root));
    let mut wrong = Vec::new();
    for page in &expected {
        let got: Vec<&Task> = x
            .tasks
            .iter()
            .filter(|t| t.source_path == page.path)
            .collect();
        assert_eq!(got.len(), page.rows.len(), "{}: row count", page.path);
        for e in &page.rows {
            let at = format!("{}:{}", page.path, e.line);
            let Some(t) = got.iter().find(|t| t.source_line == e.line) else {
                wrong.push(format!("{at}: no task row"));
                continue;
            };
            assert_eq!(
                (t.week, t.lang.as_str()),
                (page.week, page.lang.as_str()),
                "{at}"
            );
            let labs = labs_of(&x, &t.task_id);
            let row = (
                t.start_date.map(|d| d.to_string()),
                t.end_date.map(|d| d.to_string()),
                labs,
            );
            let want = (e.start_date.clone(), e.end_date.clone(), e.labs.clone());
            if row != want {
                wrong.push(format!("{at}: got {row:?}, expected {want:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Whether `name` is a Hugo section file (`_index.md`, `index.vi.md`, …).
fn is_index_file(name: &str) -> bool {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let stem = stem.split('.').next().unwrap_or(stem);
    stem == "_index" || stem == "index"
}

/// Section pages found from the file tree alone: an `_index`/`index` page whose
/// folder also holds other pages (week files beside it, or week folders under
/// it). Such a page is a section (a list of weeks), never a week of its own.
fn section_pages(root: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".md") || !is_index_file(&name) {
            continue;
        }
        let dir = entry.path().parent().expect("a file has a folder");
        let other_pages = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .any(|e| {
                let n = e.file_name().to_string_lossy();
                n.ends_with(".md") && (e.depth() > 1 || !is_index_file(&n))
            });
        if other_pages {
            let rel = entry.path().strip_prefix(root).unwrap();
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// The issue's population rules over a whole corpus, every failure listed with
/// its count: no task (and no weekly page) from a section page, one intern per
/// `owner__repo` site folder and one folder per intern, every table row accounted.
fn population_rules(name: &str) {
    let Some(root) = shared(name) else {
        return;
    };
    let x = extract_paths(std::slice::from_ref(&root));
    let mut failures: Vec<String> = Vec::new();

    let sections = section_pages(&root);
    let mut from_section: BTreeMap<&str, usize> = BTreeMap::new();
    for t in x.tasks.iter().filter(|t| sections.contains(&t.source_path)) {
        *from_section.entry(&t.source_path).or_default() += 1;
    }
    if !from_section.is_empty() {
        failures.push(format!(
            "{} tasks from {} of {} section pages: {from_section:#?}",
            from_section.values().sum::<usize>(),
            from_section.len(),
            sections.len()
        ));
    }
    let weekly_sections: Vec<&str> = x
        .pages
        .iter()
        .map(|p| p.source_path.as_str())
        .filter(|p| sections.contains(*p))
        .collect();
    if !weekly_sections.is_empty() {
        failures.push(format!(
            "{} section pages read as weeks: {weekly_sections:#?}",
            weekly_sections.len()
        ));
    }

    // The corpora keep one site per `owner__repo` folder.
    failures.extend(site_folder_intern_failures(&x));

    let s = summarize(&x);
    if s.unaccounted() != 0 {
        failures.push(format!(
            "{} table rows unaccounted (summary)",
            s.unaccounted()
        ));
    }
    // Markdown and HTML `<table>` rows alike.
    let missing = unaccounted_pages_by(&x, &root, |text| {
        line_scan_rows(text, |_| true) + html_scan_rows(text)
    });
    if !missing.is_empty() {
        failures.push(format!(
            "{} pages lose table rows: {missing:#?}",
            missing.len()
        ));
    }

    // No task date more than 8 weeks from its page's week range (as the
    // extractor decides it: `pages.week_start` / `week_end`) unless a warning or
    // error names that row's line (or the whole page).
    let ranges: HashMap<&str, (NaiveDate, NaiveDate)> = x
        .pages
        .iter()
        .filter_map(|p| Some((p.source_path.as_str(), (p.week_start?, p.week_end?))))
        .collect();
    let flagged: HashSet<(&str, Option<u32>)> = x
        .diagnostics
        .iter()
        .filter(|d| d.severity != worklog_analyze::diag::Severity::Info)
        .map(|d| (d.source_path.as_str(), d.line))
        .collect();
    let far: Vec<String> = x
        .tasks
        .iter()
        .filter(|t| {
            let Some(&(a, b)) = ranges.get(t.source_path.as_str()) else {
                return false;
            };
            let slack = chrono::Duration::weeks(8);
            let out = |d: NaiveDate| d < a - slack || d > b + slack;
            t.start_date.is_some_and(out) || t.end_date.is_some_and(out)
        })
        .filter(|t| {
            let p = t.source_path.as_str();
            !flagged.contains(&(p, Some(t.source_line as u32))) && !flagged.contains(&(p, None))
        })
        .map(|t| {
            format!(
                "{}:{} {:?}..{:?}",
                t.source_path, t.source_line, t.start_date, t.end_date
            )
        })
        .collect();
    if !far.is_empty() {
        failures.push(format!(
            "{} task rows dated more than 8 weeks from their page's week range, unflagged: {far:#?}",
            far.len()
        ));
    }

    assert!(
        failures.is_empty(),
        "{name}: {} rules fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_2026_population() {
    population_rules("corpus-2026");
}

#[test]
fn corpus_population() {
    population_rules("corpus");
}

#[test]
fn corpus_wide_population() {
    population_rules("corpus-wide");
}

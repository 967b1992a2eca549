//! Bad input never crashes and never vanishes: each case is diagnosed and the
//! good pages beside it keep their rows.

use worklog_analyze::model::Extraction;

use crate::common::*;

const GOOD: &str = "cohort/good-intern/content/1-Worklog/1.1-Week1/_index.md";

fn with_good(bad_path: &str, bad: &[u8]) -> (Extraction, tempfile::TempDir) {
    let good = good_page(1, 3);
    let dir = tree(&[(GOOD, good.as_bytes()), (bad_path, bad)]);
    let x = extract_paths(&[dir.path().join("cohort")]);
    assert_eq!(
        x.tasks.iter().filter(|t| t.intern == "good-intern").count(),
        3,
        "good rows must survive"
    );
    (x, dir)
}

fn has(x: &Extraction, path_end: &str, code: &str, line: Option<u32>) -> bool {
    x.diagnostics.iter().any(|d| {
        d.source_path.ends_with(path_end)
            && d.code.as_str() == code
            && (line.is_none() || d.line == line)
    })
}

const BAD: &str = "cohort/bad-intern/content/1-Worklog/1.2-Week2/_index.md";

#[test]
fn malformed_yaml_front_matter() {
    let page = format!(
        "---\ntitle: [unclosed\ndate: : :\n---\n{}",
        good_page(2, 2).split("---\n").nth(2).unwrap()
    );
    let (x, _d) = with_good(BAD, page.as_bytes());
    assert!(has(&x, "1.2-Week2/_index.md", "bad_front_matter", Some(1)));
    // The body is still read: the week comes from the folder.
    assert_eq!(
        x.tasks
            .iter()
            .filter(|t| t.intern == "bad-intern" && t.week == 2)
            .count(),
        2
    );
}

#[test]
fn non_utf8_bytes() {
    let mut page = good_page(2, 2).into_bytes();
    let at = page.windows(6).position(|w| w == b"Task 0").unwrap();
    page.splice(at..at, [0xff, 0xfe, b' ']);
    let (x, _d) = with_good(BAD, &page);
    let d = x
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "invalid_utf8")
        .expect("invalid_utf8");
    assert_eq!(d.line, Some(10));
    let t = x
        .tasks
        .iter()
        .find(|t| t.intern == "bad-intern" && t.row_number == 1)
        .unwrap();
    assert!(
        t.title.starts_with("\u{fffd}\u{fffd} Task 0"),
        "{}",
        t.title
    );
}

#[test]
fn empty_file() {
    let (x, _d) = with_good(BAD, b"");
    assert!(has(&x, "1.2-Week2/_index.md", "empty_file", None));
    let (x, _d) = with_good(BAD, b"  \n\n");
    assert!(has(&x, "1.2-Week2/_index.md", "empty_file", None));
}

#[test]
fn ten_megabyte_cell() {
    let big = "word ".repeat(2 * 1024 * 1024);
    let page = format!("---\ntitle: Week 2\n---\n| Day | Task | Start Date |\n|---|---|---|\n| 2 | {big} | 15/09/2025 |\n| 3 | small | 16/09/2025 |\n");
    let (x, _d) = with_good(BAD, page.as_bytes());
    assert!(has(&x, "1.2-Week2/_index.md", "cell_truncated", Some(6)));
    let rows: Vec<_> = x
        .tasks
        .iter()
        .filter(|t| t.intern == "bad-intern")
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].title.len() <= 64 * 1024);
    assert_eq!(rows[1].title, "small");
    assert_eq!(rows[1].start_date.unwrap().to_string(), "2025-09-16");
}

#[test]
fn too_few_and_too_many_cells() {
    let page = "---\ntitle: Week 2\n---\n| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| 2 | short row |\n| 3 | long row | 16/09/2025 | 16/09/2025 | extra | more |\n|\n| 5 | orphan |\n";
    let (x, _d) = with_good(BAD, page.as_bytes());
    assert!(has(&x, "1.2-Week2/_index.md", "cell_count", Some(6)));
    assert!(has(&x, "1.2-Week2/_index.md", "cell_count", Some(7)));
    // The lone `|` line is a row of the table with no text: diagnosed, not a task.
    assert!(has(&x, "1.2-Week2/_index.md", "empty_row", Some(8)));
    // ...and ends the Markdown table: the row after it is diagnosed, not lost.
    assert!(has(&x, "1.2-Week2/_index.md", "orphan_row", Some(9)));
    let rows: Vec<_> = x
        .tasks
        .iter()
        .filter(|t| t.intern == "bad-intern")
        .collect();
    assert_eq!(
        rows.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
        ["short row", "long row"]
    );
    assert_eq!(rows[0].start_date, None);
    assert_eq!(rows[1].start_date.unwrap().to_string(), "2025-09-16");
}

#[test]
fn odd_dates_and_days() {
    let page = "---\ntitle: Week 2\ndate: \"`r Sys.Date()`\"\n---\n| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Funday | a | 31/02/2025 | TBD |\n| 3 | b | 16/09/2025 | 15/09/2025 |\n| 4 | c | 17/09/2024 | 17/09/2025 |\n";
    let (x, _d) = with_good(BAD, page.as_bytes());
    for (code, line) in [
        ("bad_page_date", 1),
        ("unknown_day", 7),
        ("bad_date", 7),
        ("end_before_start", 8),
    ] {
        assert!(
            has(&x, "1.2-Week2/_index.md", code, Some(line)),
            "{code}: {:?}",
            x.diagnostics
        );
    }
    let rows: Vec<_> = x
        .tasks
        .iter()
        .filter(|t| t.intern == "bad-intern")
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0].weekday, rows[0].start_date, rows[0].end_date),
        (None, None, None)
    );
    assert_eq!(rows[1].duration_days, None);
    assert_eq!(
        rows[2].duration_days,
        Some(366),
        "kept as written, and flagged"
    );
}

#[test]
fn weekly_page_without_a_table_and_a_yaml_bomb() {
    let mut bomb = String::from("---\na: &a [x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let p = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!(
            "b{i}: &b{i} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        ));
    }
    bomb.push_str("---\n# Week 2\n\nNo table this week.\n");
    let (x, _d) = with_good(BAD, bomb.as_bytes());
    assert!(has(&x, "1.2-Week2/_index.md", "bad_front_matter", Some(1)));
    assert!(has(&x, "1.2-Week2/_index.md", "no_tasks_table", Some(1)));
    let p = x
        .pages
        .iter()
        .find(|p| p.intern == "bad-intern")
        .expect("the weekly page is still a page");
    assert_eq!((p.week, p.task_count), (2, 0));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let good = good_page(1, 2);
    let dir = tree(&[(GOOD, good.as_bytes())]);
    std::os::unix::fs::symlink(
        dir.path().join("cohort"),
        dir.path().join("cohort/good-intern/content/loop"),
    )
    .unwrap();
    let x = extract_paths(&[dir.path().join("cohort")]);
    assert_eq!(x.tasks.len(), 2);
    assert!(
        x.diagnostics
            .iter()
            .any(|d| d.code.as_str() == "walk_error" && d.message.contains("loop")),
        "{:?}",
        x.diagnostics
    );
}

#[test]
fn check_prints_file_line_code_and_strict_fails() {
    let page = "---\ntitle: Week 2\n---\n| Day | Task | Start Date |\n|---|---|---|\n| 2 | a | 31/02/2025 |\n";
    let dir = tree(&[(
        "site/content/1-Worklog/1.2-Week2/_index.md",
        page.as_bytes(),
    )]);
    let p = dir.path().join("site");
    let o = run_bin(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("content/1-Worklog/1.2-Week2/_index.md:6: warning[bad_date]: start date \"31/02/2025\" is not a calendar date"), "{out}");
    assert!(
        out.trim_end().ends_with(
            "1 files, 1 pages, 1 task row, 1 task counted once: 0 errors, 1 warnings, 2 infos"
        ),
        "{out}"
    );
    let o = run_bin(&["check", "--strict", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let o = run_bin(&[
        "check",
        "--strict",
        "--min-severity",
        "error",
        p.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "--min-severity filters output, not --strict"
    );
}

#[test]
fn missing_input_is_an_error_naming_it() {
    let o = run_bin(&["check", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/dir"), "{}", stderr(&o));
}

#[test]
fn rows_cut_off_from_their_table_are_diagnosed_not_lost() {
    let page = "---\ntitle: Week 2\n---\n| Day | Task | Start Date | Completion Date | Reference |\n| --- | --- | --- | --- | --- |\n| Mon | A | 15/09/2025 | 15/09/2025 | |\n\n| Tue | B | 16/09/2025 | 16/09/2025 | |\n<!-- TODO -->\n| Wed | C | 17/09/2025 | 17/09/2025 | |\n\n| Day | Task | Start Date | Completion Date | Ref |\n| --- | --- | --- | --- |\n| Thu | D | 18/09/2025 | 18/09/2025 | |\n\n```\n| a code line, not a row |\n```\n";
    let (x, _d) = with_good(BAD, page.as_bytes());
    for (code, line) in [
        ("orphan_row", 8),
        ("orphan_row", 10),
        ("malformed_table", 13),
    ] {
        assert!(
            has(&x, "1.2-Week2/_index.md", code, Some(line)),
            "{code} at {line}: {:?}",
            x.diagnostics
        );
    }
    assert!(
        !has(&x, "1.2-Week2/_index.md", "orphan_row", Some(17)),
        "code blocks are not tables"
    );
    // Row A, and row D of the table whose delimiter row was mended.
    let titles: Vec<&str> = x
        .tasks
        .iter()
        .filter(|t| t.intern == "bad-intern")
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(titles, ["A", "D"]);
}

#[test]
fn other_hugo_sections_are_not_weeks() {
    let blog = "---\ntitle: \"Blog 1\"\n---\n# A translated blog\n\nText.\n";
    let dir = tree(&[
        (
            "site/content/1-Worklog/1.1-Week1/_index.md",
            good_page(1, 1).as_bytes(),
        ),
        (
            "site/content/3-BlogsTranslated/3.1-Blog1/_index.md",
            blog.as_bytes(),
        ),
        (
            "site/content/4-EventParticipated/4.2-Event2/_index.md",
            blog.as_bytes(),
        ),
    ]);
    let x = extract_paths(&[dir.path().join("site")]);
    let weeks: Vec<(i32, &str)> = x
        .pages
        .iter()
        .map(|p| (p.week, p.source_path.as_str()))
        .collect();
    assert_eq!(weeks, [(1, "content/1-Worklog/1.1-Week1/_index.md")]);
}

#[test]
fn pages_named_on_the_command_line_keep_their_site_and_week() {
    let dir = tree(&[
        (
            "alice/content/1-Worklog/1.1-Week1/_index.md",
            good_page(1, 1).as_bytes(),
        ),
        (
            "alice/content/1-Worklog/1.2-Week2/_index.md",
            good_page(2, 1).replace("Week 2", "Worklog").as_bytes(),
        ),
    ]);
    let p1 = dir
        .path()
        .join("alice/content/1-Worklog/1.1-Week1/_index.md");
    let p2 = dir
        .path()
        .join("alice/content/1-Worklog/1.2-Week2/_index.md");
    let x = extract_paths(&[p1, p2]);
    let got: Vec<(&str, i32, &str)> = x
        .tasks
        .iter()
        .map(|t| (t.intern.as_str(), t.week, t.source_path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("alice", 1, "alice/content/1-Worklog/1.1-Week1/_index.md"),
            ("alice", 2, "alice/content/1-Worklog/1.2-Week2/_index.md")
        ]
    );
    assert_ne!(x.tasks[0].task_id, x.tasks[1].task_id);
}

#[test]
fn a_cohort_without_hugo_markers_takes_interns_from_its_first_level() {
    let dir = tree(&[
        (
            "cohort/alice/1-Worklog/1.1-Week1/_index.md",
            good_page(1, 1).as_bytes(),
        ),
        (
            "cohort/bob/1-Worklog/1.1-Week1/_index.md",
            good_page(1, 2).as_bytes(),
        ),
    ]);
    let x = extract_paths(&[dir.path().join("cohort")]);
    let interns: Vec<&str> = x.tasks.iter().map(|t| t.intern.as_str()).collect();
    assert_eq!(interns, ["alice", "bob", "bob"]);
    // Several roots: each path names its root.
    let y = extract_paths(&[
        dir.path().join("cohort/alice"),
        dir.path().join("cohort/bob"),
    ]);
    assert_eq!(
        y.tasks[0].source_path,
        "alice/1-Worklog/1.1-Week1/_index.md"
    );
    assert_eq!(y.tasks[0].intern, "alice");
}

#[test]
fn year_less_month_first_dates_are_read_by_their_weekdays() {
    let page = "---\ntitle: Week 1\ndate: 2025-09-08\n---\n| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Monday | a | 9/8 | 9/8 |\n| Tuesday | b | 9/9 | 9/9 |\n| Friday | c | 9/12 | 9/12 |\n";
    let (x, _d) = with_good(BAD, page.as_bytes());
    let dates: Vec<String> = x
        .tasks
        .iter()
        .filter(|t| t.intern == "bad-intern")
        .map(|t| t.start_date.unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2025-09-08", "2025-09-09", "2025-09-12"]);
    assert!(
        !x.diagnostics
            .iter()
            .any(|d| d.code.as_str() == "weekday_mismatch"),
        "{:?}",
        x.diagnostics
    );
}

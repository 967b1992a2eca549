//! A panic in one site's stages costs that site, not the cohort: it becomes an
//! `internal_error` on the site, its rows counted as dropped, and every other
//! site is written. `WORKLOG_ANALYZE_TEST_PANIC_SITE` (a test-only switch)
//! injects the panic.

use datafusion::arrow::array::{Array, StringArray};

use crate::common::*;

/// Two sites of two weekly pages each (en and vi twins of week 1, week 2).
fn two_sites() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = Vec::new();
    for intern in ["alpha", "bravo"] {
        files.push((
            format!("{intern}/content/1-Worklog/1.1-Week1/_index.md"),
            good_page(1, 3),
        ));
        files.push((
            format!("{intern}/content/1-Worklog/1.1-Week1/_index.vi.md"),
            good_page(1, 3),
        ));
        files.push((
            format!("{intern}/content/1-Worklog/1.2-Week2/_index.md"),
            good_page(2, 4),
        ));
    }
    tree_of(&files)
}

/// The values of a string column of every Parquet file under `dir`.
fn column(dir: &std::path::Path, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "parquet") {
            for b in read_parquet(e.path()) {
                let col = b.column_by_name(name).unwrap();
                let col = col.as_any().downcast_ref::<StringArray>().unwrap();
                out.extend((0..col.len()).map(|i| col.value(i).to_string()));
            }
        }
    }
    out
}

#[test]
fn a_panic_in_one_site_costs_that_site_only() {
    let input = two_sites();
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let o = bin()
        .args(["extract", "-o"])
        .arg(&ds)
        .arg(input.path())
        .env("WORKLOG_ANALYZE_TEST_PANIC_SITE", "bravo")
        .output()
        .unwrap();
    let err = stderr(&o);
    // An error diagnostic exits 1, with the dataset written.
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("(internal_error 1)"), "{err}");
    // The caught panic is the diagnostic's, not the default hook's lines.
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("diagnostics: 1 errors"), "{err}");

    // alpha is written whole: 3 + 3 + 4 task rows.
    let interns = column(&ds.join("tasks"), "intern");
    assert_eq!(interns.len(), 10, "{interns:?}");
    assert!(interns.iter().all(|i| i == "alpha"), "{interns:?}");
    assert!(column(&ds.join("pages"), "intern")
        .iter()
        .all(|i| i == "alpha"));

    let diags = ds.join("diagnostics");
    let codes = column(&diags, "code");
    let messages = column(&diags, "message");
    let interns = column(&diags, "intern");
    let severities = column(&diags, "severity");
    let at: Vec<usize> = (0..codes.len())
        .filter(|&i| codes[i] == "internal_error")
        .collect();
    assert_eq!(at.len(), 1, "{codes:?}");
    let i = at[0];
    assert_eq!(interns[i], "bravo");
    assert_eq!(severities[i], "error");
    let m = &messages[i];
    assert!(
        m.starts_with("internal error in cross-page checks for this site (please report it): test panic (WORKLOG_ANALYZE_TEST_PANIC_SITE=bravo) (at src/extract/isolate.rs:"),
        "{m}"
    );
    assert!(
        m.ends_with(
            "none of its rows were written (3 pages; 10 task table rows counted as dropped)"
        ),
        "{m}"
    );
    // Only what reading found stays of bravo's diagnostics: no cross-page
    // findings from stages whose rows were dropped.
    for (k, intern) in interns.iter().enumerate() {
        if intern == "bravo" && k != i {
            assert!(
                ![
                    "twin_mismatch",
                    "week_order",
                    "date_outlier",
                    "year_inferred"
                ]
                .contains(&codes[k].as_str()),
                "{}: {}",
                codes[k],
                messages[k]
            );
        }
    }
    let manifest = std::fs::read_to_string(ds.join("_manifest.json")).unwrap();
    assert!(manifest.contains("\"internal_error\": 1"), "{manifest}");

    // The next run parses bravo again (its fingerprint was spoilt), and without
    // the switch it is written.
    let o = bin()
        .args(["extract", "-q", "-o"])
        .arg(&ds)
        .arg(input.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let interns = column(&ds.join("tasks"), "intern");
    assert_eq!(interns.iter().filter(|i| *i == "bravo").count(), 10);
    assert!(!column(&diags, "code").contains(&"internal_error".to_string()));
}

#[test]
fn a_path_whose_one_site_failed_is_not_called_empty() {
    let input = two_sites();
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    // One PATH per site: bravo's PATH has weekly pages, none written.
    let o = bin()
        .args(["extract", "-q", "-o"])
        .arg(&ds)
        .arg(input.path().join("alpha"))
        .arg(input.path().join("bravo"))
        .env("WORKLOG_ANALYZE_TEST_PANIC_SITE", "bravo:twins")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let codes = column(&ds.join("diagnostics"), "code");
    assert!(codes.contains(&"internal_error".to_string()), "{codes:?}");
    assert!(
        !codes.contains(&"no_worklog_pages".to_string()),
        "{codes:?}"
    );
}

#[test]
fn every_stage_is_isolated_and_the_rows_stay_accounted() {
    let input = two_sites();
    for (stage, name) in [
        ("day-pages", "placing day pages in their weeks"),
        ("scan", "reading the date cells"),
        ("dates", "date resolution"),
        ("apply", "applying the date decisions"),
        ("twins", "pairing en/vi twins"),
        ("checks", "cross-page checks"),
        ("twin-dates", "borrowing twin dates"),
    ] {
        let o = bin()
            .arg("check")
            .arg(input.path())
            .env("WORKLOG_ANALYZE_TEST_PANIC_SITE", format!("alpha:{stage}"))
            .output()
            .unwrap();
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{stage}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        assert!(
            out.contains(&format!(
                "error[internal_error]: internal error in {name} for this site"
            )),
            "{stage}: {out}"
        );
        // bravo's 10 rows are read; alpha's are not.
        assert!(
            out.contains("3 pages, 10 task rows, 7 tasks counted once: 1 errors"),
            "{stage}: {out}"
        );

        let o = bin()
            .args(["check", "--summary"])
            .arg(input.path())
            .env("WORKLOG_ANALYZE_TEST_PANIC_SITE", format!("alpha:{stage}"))
            .output()
            .unwrap();
        let out = stdout(&o);
        assert!(
            out.contains("rows accounted:    20 table rows = 10 task rows + 0 in non-task tables + 0 overview + 0 data + 0 joined + 0 empty + 10 dropped (internal_error); 0 unaccounted"),
            "{stage}: {out}"
        );
    }
}

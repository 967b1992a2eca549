//! `report`: the data it embeds (query results, pinned), escaping, a large cohort,
//! and the file opened in real headless Chromium (DOM dump and a screenshot).

use std::path::{Path, PathBuf};
use std::process::Command;

use worklog_analyze::report::{data, render};
use worklog_analyze::sql::engine;

use crate::common::*;

fn report_of(x: &worklog_analyze::model::Extraction, top: usize) -> (data::ReportData, String) {
    let ctx = engine::for_extraction(x).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let d = rt.block_on(data::collect(&ctx)).unwrap();
    let html = render::render(&d, "Test report", render::Limits { top }).unwrap();
    (d, html)
}

#[test]
fn report_data_on_sample_data_is_the_queries_results() {
    let x = extract_paths(&[sample_data()]);
    let (d, html) = report_of(&x, 30);
    insta::assert_snapshot!(
        "report_overview",
        serde_json::to_string_pretty(&serde_json::json!({
            "overview": d.overview,
            "tasks_per_week": d.tasks_per_week,
            "gaps": d.gaps,
            "labs_per_intern": d.labs_per_intern,
            "topics_per_week": d.topics_per_week,
            "durations": d.durations,
            "diagnostics_by_intern": d.diagnostics_by_intern,
        }))
        .unwrap()
    );
    // The same numbers as the bundled query run by `run`.
    let o = run_bin(&["run", "queries/03-labs-per-intern.sql", "--format", "csv"]);
    let from_run: Vec<(String, i64)> = stdout(&o)
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[1].parse().unwrap())
        })
        .collect();
    assert_eq!(d.labs_per_intern, from_run);
    // Tasks counted once: the overview's count is the primary rows.
    assert_eq!(
        d.overview.tasks,
        x.tasks.iter().filter(|t| t.is_primary).count() as i64
    );
    assert_eq!(d.overview.task_rows, x.tasks.len() as i64);
    // Per-intern sections: one per intern, with week timelines and diagnostics on file:line.
    assert_eq!(d.interns.len(), 5);
    let chi = d.interns.iter().find(|i| i.name == "chi-le").unwrap();
    assert!(chi
        .diagnostics
        .iter()
        .any(|g| g.code == "template_row" && g.line == "18"));
    assert!(chi.weeks.iter().any(|w| !w.objectives.is_empty()));
    for id in ["overview", "interns", "quality", "intern-chi-le"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 4);
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("http://www.w3.org/2000/svg").count(),
        "no network references"
    );
}

const SCRIPT_PAGE: &str = "---\ntitle: \"Week 1\"\ndate: 2025-09-08\n---\n\n| Day | Task | Start Date | Completion Date | Reference |\n| --- | --- | --- | --- | --- |\n| 2 | Tried `<script>alert(1)</script>` in a Lambda response & <b>bold</b> | 08/09/2025 | 08/09/2025 | |\n";

#[test]
fn page_text_is_escaped() {
    let dir = tree(&[(
        "x-intern/content/1-Worklog/1.1-Week1/_index.md",
        SCRIPT_PAGE.as_bytes(),
    )]);
    let x = extract_paths(&[dir.path().to_path_buf()]);
    let (_, html) = report_of(&x, 30);
    assert!(
        html.contains("Tried &lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("Tried &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        &html[html.find("Tried").unwrap_or(0)..][..80]
    );
    assert!(!html.contains("<script"), "no script element, ever");
}

#[test]
fn a_thousand_interns_stay_legible() {
    let pages: Vec<(String, String)> = (0..1000)
        .map(|i| {
            (
                format!("intern-{i:04}/content/1-Worklog/1.1-Week1/_index.md"),
                good_page(1, 1 + i % 3),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let dir = tree(&refs);
    let x = extract_paths(&[dir.path().to_path_buf()]);
    let (d, html) = report_of(&x, 30);
    assert_eq!(d.interns.len(), 1000);
    assert!(html.contains("970 others (sum)"));
    assert!(html.contains("Top 30 of 1000."));
    // Per-intern sections are all there, linked from the overview table.
    assert_eq!(html.matches("<section class=\"intern\"").count(), 1000);
    assert!(html.contains("href=\"#intern-intern-0999\""));
}

fn chromium() -> Option<PathBuf> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in ["/usr/bin", "/usr/local/bin"] {
            let p = Path::new(dir).join(c);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have Chromium (.ci/run installs the Debian package chromium)"
    );
    eprintln!("skipped: no chromium binary (apt-get install chromium)");
    None
}

fn headless(chrome: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chrome);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn chromium_renders_the_report() {
    let Some(chrome) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // sample_data plus a site whose task cell holds a <script> text.
    let site = tmp.path().join("x-intern/content/1-Worklog/1.1-Week1");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("_index.md"), SCRIPT_PAGE).unwrap();
    let out = tmp.path().join("report.html");
    let o = run_bin(&[
        "report",
        "--input",
        "sample_data",
        "--input",
        tmp.path().join("x-intern").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let url = format!("file://{}", out.display());
    let dom = headless(&chrome, &tmp.path().join("profile-dom"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in ["overview", "interns", "quality"] {
        assert!(dom.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    for chart in ["heatmap", "labs", "topics", "durations"] {
        assert_eq!(
            dom.matches(&format!("data-chart=\"{chart}\"")).count(),
            1,
            "{chart}"
        );
    }
    for intern in [
        "an-nguyen",
        "binh-tran",
        "chi-le",
        "dung-pham",
        "em-vo",
        "x-intern",
    ] {
        assert!(dom.contains(intern), "{intern}");
    }
    assert!(
        dom.contains("Tried &lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped text in the DOM"
    );
    assert!(!dom.contains("<script"), "no script element in the DOM");
    let png = tmp.path().join("report.png");
    let shot = headless(&chrome, &tmp.path().join("profile-shot"))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,2400")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        bytes.len() > 20_000,
        "a screenshot with content ({} bytes)",
        bytes.len()
    );
    if let Ok(dir) = std::env::var("WORKLOG_ANALYZE_SCREENSHOT_DIR") {
        std::fs::copy(&png, Path::new(&dir).join("report.png")).unwrap();
    }
}

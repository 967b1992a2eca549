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
    let d = rt.block_on(data::collect(&ctx, 2)).unwrap();
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
    // Headline dates and labs from primary rows no warning is about: sample_data's
    // chi-le has FCJ template rows dated 2025-08-11.. and dung-pham a non-primary
    // date outlier on 2026-08-15; neither may move the cohort's range.
    let warned: std::collections::HashSet<(&str, i32)> = x
        .diagnostics
        .iter()
        .filter(|g| g.severity != worklog_analyze::diag::Severity::Info)
        .filter_map(|g| Some((g.source_path.as_str(), g.line? as i32)))
        .collect();
    let clean: Vec<&worklog_analyze::model::Task> = x
        .tasks
        .iter()
        .filter(|t| t.is_primary && !warned.contains(&(t.source_path.as_str(), t.source_line)))
        .collect();
    assert_eq!(
        d.overview.flagged, 8,
        "5 template rows and 3 other warned rows of chi-le"
    );
    assert_eq!(d.overview.flagged, d.overview.tasks - clean.len() as i64);
    let first = clean.iter().filter_map(|t| t.start_date).min().unwrap();
    let last = clean
        .iter()
        .filter_map(|t| t.end_date.or(t.start_date))
        .max()
        .unwrap();
    assert_eq!(
        (
            d.overview.first_date.as_str(),
            d.overview.last_date.as_str()
        ),
        ("2025-09-08", "2026-05-21")
    );
    assert_eq!(d.overview.first_date, first.to_string());
    assert_eq!(d.overview.last_date, last.to_string());
    // The flagged rows are listed, marked with their codes.
    let flagged: Vec<&data::TaskRow> = chi_tasks(&d)
        .into_iter()
        .filter(|t| !t.flags.is_empty())
        .collect();
    assert_eq!(flagged.len(), 8);
    assert_eq!(
        flagged
            .iter()
            .filter(|t| t.flags.contains("template_row"))
            .count(),
        5
    );
    assert!(html.contains("⚑ template_row"));
    assert!(html.contains("75</b>tasks counted once <span class=\"muted\">(138 task rows in all languages; 8 flagged ⚑)"));
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

fn chi_tasks(d: &data::ReportData) -> Vec<&data::TaskRow> {
    let chi = d.interns.iter().find(|i| i.name == "chi-le").unwrap();
    chi.weeks.iter().flat_map(|w| &w.tasks).collect()
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
    let dir = tree_of(&pages);
    let x = extract_paths(&[dir.path().to_path_buf()]);
    let (d, html) = report_of(&x, 30);
    assert_eq!(d.interns.len(), 1000);
    assert!(html.contains("970 others (sum)"));
    assert!(html.contains("Top 30 of 1000."));
    // Per-intern sections are all there, linked from the overview table.
    assert_eq!(html.matches("<section class=\"intern\"").count(), 1000);
    assert!(html.contains("href=\"#intern-intern-0999\""));
    // As a folder, the first page holds the overview only: one table line per
    // intern (about 0.5 KB), whatever each intern wrote.
    let index = render::render_index(&d, "Test report", render::Limits { top: 30 }).unwrap();
    assert!(
        index.len() < 1_000_000,
        "index.html of 1,000 interns: {} bytes",
        index.len()
    );
    assert!(
        index.len() * 3 < html.len(),
        "{} vs {}",
        index.len(),
        html.len()
    );
    assert_eq!(index.matches("href=\"interns/intern-intern-").count(), 1000);
    let page = render::render_intern(&d.interns[0], &d.quiet, "Test report").unwrap();
    assert!(page.len() < 20_000, "{}", page.len());
}

/// A weekly page of `rows` (weekday, task, dd/mm/yyyy), front-matter `date`.
fn dated_page(week: u32, date: &str, rows: &[(&str, &str, &str)]) -> String {
    let mut s = format!("---\ntitle: \"Week {week} Worklog\"\ndate: {date}\n---\n\n### Tasks\n\n| Day | Task | Start Date | Completion Date |\n| --- | --- | --- | --- |\n");
    for (day, task, d) in rows {
        s.push_str(&format!("| {day} | {task} | {d} | {d} |\n"));
    }
    s
}

/// A week of tasks Monday..Friday from `monday` (day, month of 2025).
fn busy_week(week: u32, monday: (u32, u32), date: &str) -> String {
    let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    let first = chrono::NaiveDate::from_ymd_opt(2025, monday.1, monday.0).unwrap();
    let dates: Vec<String> = (0..5)
        .map(|i| {
            (first + chrono::Duration::days(i))
                .format("%d/%m/%Y")
                .to_string()
        })
        .collect();
    let rows: Vec<(&str, &str, &str)> = days
        .iter()
        .zip(&dates)
        .map(|(d, x)| (*d, "Studied Amazon S3 buckets", x.as_str()))
        .collect();
    dated_page(week, date, &rows)
}

fn page_path(intern: &str, week: u32) -> String {
    format!("{intern}/content/1-Worklog/1.{week}-Week{week}/_index.md")
}

/// alice logs weeks 1-4 (to Fri 2025-10-31); bob stops after week 2 (last task
/// 2025-10-17) but edits his week 2 page on 2025-11-03; carol stops after week 2
/// too, her week 4 holding only an FCJ template row dated 2025-10-28.
fn quiet_cohort() -> tempfile::TempDir {
    let mondays = [(6, 10), (13, 10), (20, 10), (27, 10)];
    let mut files: Vec<(String, String)> = Vec::new();
    for (w, m) in mondays.iter().enumerate() {
        let w = w as u32 + 1;
        files.push((
            page_path("alice", w),
            busy_week(w, *m, &format!("2025-10-{:02}", m.0 + 4)),
        ));
        if w <= 2 {
            let date = if w == 2 {
                "2025-11-03".to_string()
            } else {
                format!("2025-10-{:02}", m.0 + 4)
            };
            files.push((page_path("bob", w), busy_week(w, *m, &date)));
            files.push((
                page_path("carol", w),
                busy_week(w, *m, &format!("2025-10-{:02}", m.0 + 4)),
            ));
        }
    }
    files.push((
        page_path("carol", 4),
        dated_page(
            4,
            "2025-10-31",
            &[("Tuesday", "Get acquainted with FCJ members, read and take note of internship unit rules and regulations", "28/10/2025")],
        ),
    ));
    tree_of(&files)
}

#[test]
fn quiet_interns_are_marked_and_listed_first_with_when_they_last_updated() {
    let dir = quiet_cohort();
    let x = extract_paths(&[dir.path().to_path_buf()]);
    let (d, html) = report_of(&x, 30);
    assert_eq!(d.quiet.weeks, 2);
    assert_eq!(d.quiet.last_date, "2025-10-31");
    assert_eq!(d.quiet.since, "2025-10-18");
    let got: Vec<(&str, bool, &str, &str, data::UpdatedFrom, i64)> = d
        .interns
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.quiet,
                i.last_task.as_str(),
                i.last_updated.as_str(),
                i.updated_from,
                i.flagged,
            )
        })
        .collect();
    use data::UpdatedFrom::PageDate;
    assert_eq!(
        got,
        vec![
            ("bob", true, "2025-10-17", "2025-11-03", PageDate, 0),
            // The template row of 2025-10-28 is listed and flagged, but is not a sign of life.
            ("carol", true, "2025-10-17", "2025-10-31", PageDate, 1),
            ("alice", false, "2025-10-31", "2025-10-31", PageDate, 0),
        ]
    );
    assert_eq!(d.quiet.interns, 2);
    // The overview table lists them in that order, marked, and says what N is.
    let table = &html[html.find("id=\"interns-table\"").unwrap()..];
    let pos = |n: &str| table.find(&format!(">{n}</a>")).unwrap();
    assert!(pos("bob") < pos("carol") && pos("carol") < pos("alice"));
    assert!(table.contains("no task from 2025-10-18 to 2025-10-31, the cohort's last 2 weeks"));
    assert_eq!(
        table[..table.find("id=\"interns\"").unwrap()]
            .matches("<tr class=\"quiet\">")
            .count(),
        2
    );
    // --quiet-weeks 3 reaches back to 2025-10-11: nobody is quiet.
    let ctx = engine::for_extraction(&x).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let d3 = rt.block_on(data::collect(&ctx, 3)).unwrap();
    assert_eq!(d3.quiet.since, "2025-10-11");
    assert!(d3.interns.iter().all(|i| !i.quiet));
    let names: Vec<&str> = d3.interns.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["alice", "bob", "carol"]);
}

#[test]
fn last_updated_is_the_latest_commit_when_read_from_git() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (alice, alice_work) = bare_repo(root, "alice-worklog");
    let w1 = busy_week(1, (8, 9), "2025-09-12");
    let w2 = busy_week(2, (15, 9), "2025-09-19");
    commit_at(
        &alice_work,
        "2025-09-12T17:00:00+07:00",
        &[(&page_path("site", 1)[5..], &w1)],
    );
    // The second commit adds week 2 and leaves week 1 as it was.
    commit_at(
        &alice_work,
        "2025-09-19T17:30:00+07:00",
        &[
            (&page_path("site", 1)[5..], &w1),
            (&page_path("site", 2)[5..], &w2),
        ],
    );
    let (bob, bob_work) = bare_repo(root, "bob-worklog");
    commit_at(
        &bob_work,
        "2025-10-03T09:05:00+00:00",
        &[(
            &page_path("site", 1)[5..],
            &busy_week(1, (29, 9), "2025-10-03"),
        )],
    );
    let repos = root.join("repos.txt");
    std::fs::write(&repos, format!("{}\n{}\n", alice.display(), bob.display())).unwrap();
    let out = root.join("report/");
    let o = bin()
        .args(["report", "--quiet-weeks", "1", "--repos"])
        .arg(&repos)
        .arg("--cache")
        .arg(root.join("cache"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "2 interns, 15 task rows, 15 tasks counted once, 1 quiet (no task in the last 1 weeks)"
        ),
        "{}",
        stderr(&o)
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let row = |name: &str| -> String {
        let at = index.find(&format!(">{name}</a>")).unwrap();
        index[at..at + index[at..].find("</tr>").unwrap()].to_string()
    };
    // UTC times of each intern's last commit touching a page.
    assert!(
        row("alice-worklog").contains("2025-09-19 10:30 UTC <span class=\"muted\">(commit)"),
        "{}",
        row("alice-worklog")
    );
    assert!(row("alice-worklog").contains("quiet-badge"));
    assert!(
        row("bob-worklog").contains("2025-10-03 09:05 UTC <span class=\"muted\">(commit)"),
        "{}",
        row("bob-worklog")
    );
    assert!(!row("bob-worklog").contains("quiet-badge"));
    assert!(
        index.find(">alice-worklog</a>") < index.find(">bob-worklog</a>"),
        "quiet first"
    );
    let page = std::fs::read_to_string(out.join("interns/intern-alice-worklog.html")).unwrap();
    assert!(page.contains("Last updated: 2025-09-19 10:30 UTC (latest commit)"));
}

/// Interns whose names are long (`owner__repository`, as `--repos` names them),
/// wide (capitals) or Vietnamese; one page each.
fn long_names() -> Vec<String> {
    vec![
        "nguyen-thi-thanh-huong-2003__aws-first-cloud-journey-internship-worklog-2025".into(),
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW__MMMMMMMMMMMM".into(),
        "Trần_Thị_Ngọc_Ánh__nhật-ký-thực-tập-FCJ".into(),
        "short".into(),
        "team-cloud-builders__fcj-worklog".into(),
    ]
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

/// Opens `html` in Chromium with a script that measures every chart text's
/// box (`getBBox`) against its SVG's view box; returns the DOM dump.
fn measured_dom(chrome: &Path, dir: &Path, html: &str) -> String {
    const MEASURE: &str = r#"<script>
const out = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const vb = svg.viewBox.baseVal;
  for (const t of svg.querySelectorAll('text')) {
    const b = t.getBBox();
    const tip = t.querySelector('title');
    const shown = t.firstChild ? t.firstChild.textContent : '';
    const clipped = b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y < vb.y - 0.5 || b.y + b.height > vb.y + vb.height + 0.5;
    out.push([svg.dataset.chart, shown, tip ? tip.textContent : '', clipped, Math.round(b.x), Math.round(b.width), Math.round(vb.width)].join('\t'));
  }
}
const pre = document.createElement('pre');
pre.id = 'measured';
pre.textContent = out.join('\n');
document.body.appendChild(pre);
</script>"#;
    let page = dir.join("measured.html");
    std::fs::write(&page, html.replace("</body>", &format!("{MEASURE}</body>"))).unwrap();
    let dom = headless(chrome, &dir.join("profile-measure"))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    String::from_utf8_lossy(&dom.stdout).into_owned()
}

#[test]
fn chart_labels_are_not_clipped_in_chromium() {
    let Some(chrome) = chromium() else { return };
    let names = long_names();
    let pages: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (page_path(n, 1), good_page(1, 1 + i)))
        .collect();
    let dir = tree_of(&pages);
    let x = extract_paths(&[dir.path().to_path_buf()]);
    let (_, html) = report_of(&x, 30);
    let dom = measured_dom(&chrome, dir.path(), &html);
    let measured = &dom[dom.find("<pre id=\"measured\">").expect("the script ran")..];
    let measured = &measured[measured.find('>').unwrap() + 1..measured.find("</pre>").unwrap()];
    let rows: Vec<Vec<&str>> = measured.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() > 40, "{measured}");
    let clipped: Vec<&Vec<&str>> = rows.iter().filter(|r| r[3] == "true").collect();
    assert!(
        clipped.is_empty(),
        "labels outside their chart: {clipped:?}"
    );
    // Each intern is named in the heatmap and the labs chart: in full, or
    // shortened from the middle with the full name as its tooltip.
    for chart in ["heatmap", "labs"] {
        for name in &names {
            let name = name.replace('&', "&amp;");
            let row = rows
                .iter()
                .find(|r| r[0] == chart && (r[1] == name || r[2] == name))
                .unwrap_or_else(|| panic!("{chart}: {name} in {measured}"));
            if row[1] != name {
                let shown = row[1];
                let (head, tail) = shown.split_once('…').expect("shortened in the middle");
                assert!(
                    name.starts_with(head) && name.ends_with(tail) && head.chars().count() >= 10,
                    "{shown} for {name}"
                );
            }
        }
    }
    // The longest name is shortened, the usual ones are not.
    assert!(rows
        .iter()
        .any(|r| r[0] == "heatmap" && r[2] == names[0] && r[1].contains('…')));
    assert!(rows
        .iter()
        .any(|r| r[0] == "heatmap" && r[1] == "team-cloud-builders__fcj-worklog"));
    assert!(
        rows.iter().any(|r| r[0] == "heatmap" && r[1] == names[2]),
        "{measured}"
    );
}

#[test]
fn a_report_folder_has_an_overview_and_a_page_per_intern() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rep");
    std::fs::create_dir_all(out.join("interns")).unwrap();
    // Left by an earlier report: an intern page to remove, a user's file to keep.
    std::fs::write(out.join("interns/intern-gone.html"), "old").unwrap();
    std::fs::write(out.join("interns/notes.txt"), "mine").unwrap();
    // An existing folder is written into without a trailing slash too.
    let o = run_bin(&[
        "report",
        "--input",
        "sample_data",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("5 intern pages in interns/"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("5 interns, 138 task rows, 75 tasks counted once"),
        "{}",
        stderr(&o)
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let mut linked: Vec<&str> = index
        .match_indices("href=\"interns/")
        .map(|(at, _)| {
            let rest = &index[at + 6..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    linked.sort_unstable();
    let mut files: Vec<String> = std::fs::read_dir(out.join("interns"))
        .unwrap()
        .map(|e| format!("interns/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|f| f.ends_with(".html"))
        .collect();
    files.sort_unstable();
    assert_eq!(
        linked, files,
        "every link opens a page, every page is linked"
    );
    assert_eq!(files.len(), 5);
    assert!(out.join("interns/notes.txt").exists());
    assert_eq!(index.matches("<svg class=\"chart\"").count(), 4);
    assert!(!index.contains("<section class=\"intern\""));
    let chi = std::fs::read_to_string(out.join("interns/intern-chi-le.html")).unwrap();
    assert_eq!(chi.matches("<section class=\"intern\"").count(), 1);
    assert!(chi.contains("href=\"../index.html\""));
    assert_eq!(chi.matches("<tr class=\"flagged\">").count(), 8);
    assert!(!chi.contains("<script") && !index.contains("<script"));
}

/// `report --input` holds only the columns the report's queries read
/// (`data::columns_read`): its files must equal, byte for byte, those of
/// `report --data` on the dataset `extract` writes from the same pages (which
/// reads every column it needs from Parquet), as a folder and as one file, on
/// sample_data and on a generated cohort with broken pages. A query reading a
/// column `--input` did not hold fails here (or differs).
#[test]
fn a_report_from_pages_equals_the_report_from_their_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let cohort = tmp.path().join("cohort");
    gen(&cohort, 30, 4, 1, 30);
    for (n, input) in [sample_data(), cohort].into_iter().enumerate() {
        let ds = tmp.path().join(format!("dataset-{n}"));
        let o = bin()
            .arg("extract")
            .arg(&input)
            .arg("-o")
            .arg(&ds)
            .output()
            .unwrap();
        assert!(ds.join("_manifest.json").exists(), "{}", stderr(&o));
        let report = |source: &str, path: &Path, out: &Path| {
            let o = bin()
                .args(["report", source])
                .arg(path)
                .arg("-o")
                .arg(out)
                .output()
                .unwrap();
            assert!(out.exists(), "{}", stderr(&o));
            // The summary line (exit codes differ: only pages carry input errors).
            stderr(&o)
                .lines()
                .find(|l| l.starts_with("wrote "))
                .unwrap()
                .replace(&out.display().to_string(), "OUT")
        };
        let folder = |from: &str| tmp.path().join(format!("{from}-{n}/"));
        let file = |from: &str| tmp.path().join(format!("{from}-{n}.html"));
        assert_eq!(
            report("--input", &input, &folder("pages")),
            report("--data", &ds, &folder("data"))
        );
        let (a, b) = (dir_files(&folder("pages")), dir_files(&folder("data")));
        assert!(a.len() > 3, "{}", input.display());
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (rel, bytes) in &a {
            assert!(bytes == &b[rel], "{rel} differs for {}", input.display());
        }
        report("--input", &input, &file("pages"));
        report("--data", &ds, &file("data"));
        assert!(
            std::fs::read(file("pages")).unwrap() == std::fs::read(file("data")).unwrap(),
            "{}",
            input.display()
        );
    }
}

//! `--repos`: cohorts read straight from git repositories built here, with
//! commits at fixed dates (no network: local paths, file:// URLs, and a dumb
//! HTTP server on 127.0.0.1 for a URL with credentials).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{Array, StringArray, TimestampMillisecondArray};

use crate::common::{
    bare_repo, bin, commit_at, dir_files, read_parquet, same_files, stderr, stdout,
};

const WEEKDAYS_EN: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const WEEKDAYS_VI: [&str; 5] = ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6"];

/// A weekly page whose week starts on `monday` (day, month); dates are
/// written with `year`, or without one when `None`.
fn page(week: u32, lang: &str, monday: (u32, u32), year: Option<i32>, task: &str) -> String {
    let (title, days) = if lang == "vi" {
        (format!("Tuần {week}"), WEEKDAYS_VI)
    } else {
        (format!("Week {week}"), WEEKDAYS_EN)
    };
    let mut s = format!(
        "---\ntitle: \"{title} Worklog\"\nweight: {week}\n---\n\n### Tasks\n\n| Day | Task | Start Date | Completion Date |\n| --- | --- | --- | --- |\n"
    );
    let first = chrono::NaiveDate::from_ymd_opt(2025, monday.1, monday.0).unwrap();
    for (i, day) in days.iter().enumerate() {
        let date = first + chrono::Duration::days(i as i64);
        let (d, m) = (chrono::Datelike::day(&date), chrono::Datelike::month(&date));
        let date = match year {
            Some(y) => format!("{d:02}/{m:02}/{y}"),
            None => format!("{d:02}/{m:02}"),
        };
        s.push_str(&format!(
            "| {day} | {task} {i} on Amazon S3 | {date} | {date} |\n"
        ));
    }
    s
}

/// A Hugo site's files: `hugo.toml` and weeks 1.. of `langs` starting on the given Mondays.
fn site(mondays: &[(u32, u32)], langs: &[&str], year: Option<i32>) -> Vec<(String, String)> {
    let mut files = vec![("hugo.toml".to_string(), "title = \"Worklog\"\n".to_string())];
    for (w, monday) in mondays.iter().enumerate() {
        let week = w as u32 + 1;
        for lang in langs {
            let name = if *lang == "vi" {
                "_index.vi.md"
            } else {
                "_index.md"
            };
            files.push((
                format!("content/1-Worklog/1.{week}-Week{week}/{name}"),
                page(week, lang, *monday, year, "Studied"),
            ));
        }
    }
    files
}

fn commit_files(work: &Path, when: &str, files: &[(String, String)]) {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    commit_at(work, when, &refs);
}

/// alice (en + vi, dated pages) and bob (en only, dates without a year).
struct Cohort {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    alice: PathBuf,
    alice_work: PathBuf,
    bob: PathBuf,
    bob_work: PathBuf,
}

fn cohort() -> Cohort {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let (alice, alice_work) = bare_repo(&root, "alice-worklog");
    commit_files(
        &alice_work,
        "2025-09-12T17:00:00+07:00",
        &site(&[(8, 9)], &["en", "vi"], Some(2025)),
    );
    commit_files(
        &alice_work,
        "2025-09-19T17:00:00+07:00",
        &site(&[(8, 9), (15, 9)], &["en", "vi"], Some(2025)),
    );
    let (bob, bob_work) = bare_repo(&root, "bob-worklog");
    commit_files(
        &bob_work,
        "2025-10-03T09:00:00+00:00",
        &site(&[(29, 9)], &["en"], None),
    );
    Cohort {
        _tmp: tmp,
        root,
        alice,
        alice_work,
        bob,
        bob_work,
    }
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn write_repos(root: &Path, text: &str) -> PathBuf {
    let p = root.join("repos.txt");
    std::fs::write(&p, text).unwrap();
    p
}

fn check(repos: &Path, cache: &Path) -> std::process::Output {
    bin()
        .args(["check", "--repos"])
        .arg(repos)
        .arg("--cache")
        .arg(cache)
        .output()
        .unwrap()
}

fn extract(repos: &Path, cache: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["extract", "--repos"])
        .arg(repos)
        .arg("--cache")
        .arg(cache)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// A page row's provenance: repo, commit, committed_at (ms).
type Provenance = (Option<String>, Option<String>, Option<i64>);

/// `pages` rows: source_path → provenance.
fn pages(ds: &Path) -> BTreeMap<String, Provenance> {
    let mut out = BTreeMap::new();
    for (rel, _) in dir_files(&ds.join("pages")) {
        for b in read_parquet(&ds.join("pages").join(rel)) {
            let col = |n: &str| {
                b.column_by_name(n)
                    .unwrap()
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .unwrap()
                    .clone()
            };
            let (path, repo, commit) = (col("source_path"), col("repo"), col("commit"));
            let at = b
                .column_by_name("committed_at")
                .unwrap()
                .as_any()
                .downcast_ref::<TimestampMillisecondArray>()
                .unwrap()
                .clone();
            for i in 0..b.num_rows() {
                let opt = |a: &StringArray| a.is_valid(i).then(|| a.value(i).to_string());
                out.insert(
                    path.value(i).to_string(),
                    (
                        opt(&repo),
                        opt(&commit),
                        at.is_valid(i).then(|| at.value(i)),
                    ),
                );
            }
        }
    }
    out
}

fn query(ds: &Path, sql: &str) -> String {
    let o = bin()
        .args(["run", "--format", "csv", "--data"])
        .arg(ds)
        .args(["-e", sql])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn head(repo: &Path) -> String {
    crate::common::git(repo, &["rev-parse", "HEAD"])
        .trim()
        .to_string()
}

#[test]
fn pages_record_their_repository_commit_and_last_change() {
    let c = cohort();
    // alice by file:// URL (a blobless clone into the cache), bob by a local path
    // (relative to the repos file), read in place.
    let repos = write_repos(
        &c.root,
        &format!("# interns\n{}\nbob-worklog.git  bob\n", file_url(&c.alice)),
    );
    let ds = c.root.join("ds");
    let cache = c.root.join("cache");
    let o = extract(&repos, &cache, &ds, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = pages(&ds);
    let alice_head = head(&c.alice);
    let week1 = &pages["alice-worklog/content/1-Worklog/1.1-Week1/_index.md"];
    let week2 = &pages["alice-worklog/content/1-Worklog/1.2-Week2/_index.vi.md"];
    assert_eq!(week1.0.as_deref(), Some(file_url(&c.alice).as_str()));
    // Every page carries the commit read; committed_at is its own last change.
    assert_eq!(week1.1.as_deref(), Some(alice_head.as_str()));
    assert_eq!(week2.1.as_deref(), Some(alice_head.as_str()));
    assert_eq!(week1.2, Some(1_757_671_200_000)); // 2025-09-12T10:00:00Z
    assert_eq!(week2.2, Some(1_758_276_000_000)); // 2025-09-19T10:00:00Z
    let bob = &pages["bob/content/1-Worklog/1.1-Week1/_index.md"];
    assert_eq!(
        bob.0.as_deref().map(PathBuf::from),
        Some(c.root.join("bob-worklog.git"))
    );
    assert_eq!(bob.1.as_deref(), Some(head(&c.bob).as_str()));
    assert_eq!(pages.len(), 5, "{pages:?}");
    // The URL was cloned blobless into the cache; the local path was not copied.
    let cached: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(cached[0].starts_with("alice-worklog-"), "{cached:?}");
    // The manifest lists each repository with its commit.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ds.join("_manifest.json")).unwrap()).unwrap();
    let listed = m["repositories"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["line"], 2);
    assert_eq!(listed[0]["commit"], alice_head.as_str());
    assert_eq!(listed[1]["intern"], "bob");
    // bob writes no years: the commit time says which year his dates are in.
    assert_eq!(
        query(
            &ds,
            "select min(start_date), max(end_date) from tasks where intern = 'bob'"
        )
        .lines()
        .nth(1),
        Some("2025-09-29,2025-10-03")
    );
}

#[test]
fn commit_time_decides_the_year_of_dates_written_without_one() {
    let c = cohort();
    // bob's pages as files: nothing on them names a year.
    let files = c.root.join("bob-files");
    for (rel, text) in site(&[(29, 9)], &["en"], None) {
        let p = files.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let from_files = c.root.join("ds-files");
    let o = bin()
        .arg("extract")
        .arg(&files)
        .arg("-o")
        .arg(&from_files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let repos = write_repos(&c.root, &format!("{}\n", c.bob.display()));
    let from_git = c.root.join("ds-git");
    let o = extract(&repos, &c.root.join("cache"), &from_git, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let years = |ds: &Path| {
        query(
            ds,
            "select distinct date_part('year', start_date) from tasks",
        )
    };
    assert_eq!(years(&from_git).lines().nth(1), Some("2025"));
    // As files, nothing names the year: the dates stay empty (and are flagged).
    let dated = |ds: &Path| query(ds, "select count(start_date) from tasks");
    assert_eq!(dated(&from_files).lines().nth(1), Some("0"));
    assert_eq!(dated(&from_git).lines().nth(1), Some("5"));
}

#[test]
fn failing_repositories_are_diagnostics_on_their_line_and_the_others_are_read() {
    let c = cohort();
    let (empty, empty_work) = bare_repo(&c.root, "not-a-worklog");
    commit_at(
        &empty_work,
        "2025-09-01T00:00:00Z",
        &[
            ("README.md", "# My project\n"),
            ("content/about.md", "---\ntitle: About me\n---\n\nHello.\n"),
        ],
    );
    let missing = c.root.join("missing.git");
    let repos = write_repos(
        &c.root,
        &format!(
            "{}\n{}\n{} - no-such-branch\n{}\n",
            file_url(&c.alice),
            file_url(&missing),
            file_url(&c.bob),
            file_url(&empty),
        ),
    );
    let ds = c.root.join("ds");
    let o = extract(&repos, &c.root.join("cache"), &ds, &[]);
    // The dataset is written from the readable repositories; exit 1 says some were not.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 repositories could not be read"),
        "{}",
        stderr(&o)
    );
    let diags = query(
        &ds,
        "select source_path, line, code, message from diagnostics \
         where code in ('repo_error', 'no_worklog_pages') order by line",
    );
    let lines: Vec<&str> = diags.lines().skip(1).collect();
    let at = repos.display().to_string();
    assert_eq!(lines.len(), 3, "{diags}");
    assert!(
        lines[0].starts_with(&format!("{at},2,repo_error,")),
        "{diags}"
    );
    assert!(lines[0].contains("missing.git"), "{diags}");
    assert!(
        lines[1].starts_with(&format!("{at},3,repo_error,")),
        "{diags}"
    );
    assert!(lines[1].contains("no-such-branch"), "{diags}");
    assert!(
        lines[2].starts_with(&format!("{at},4,no_worklog_pages,")),
        "{diags}"
    );
    assert_eq!(
        query(&ds, "select distinct intern from pages").trim(),
        "intern\nalice-worklog"
    );
    // check reports the same, naming the repos file and line.
    let o = check(&repos, &c.root.join("cache"));
    assert!(
        stdout(&o).contains(&format!("{at}:2: error[repo_error]")),
        "{}",
        stdout(&o)
    );
}

/// A dumb-HTTP git server: `python3 -m http.server` over the folder of bare
/// repositories (after `git update-server-info`). It ignores credentials, so
/// a URL carrying them is read like any other.
struct HttpServer {
    child: std::process::Child,
    port: u16,
}

impl HttpServer {
    fn start(dir: &Path) -> HttpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = std::process::Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1"])
            .arg(port.to_string())
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 is installed");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return HttpServer { child, port };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the HTTP server did not start");
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn credentials_in_a_url_never_reach_the_dataset_or_the_terminal() {
    let c = cohort();
    crate::common::git(&c.alice, &["update-server-info"]);
    let server = HttpServer::start(&c.root);
    let secret = "s3cr3t-t0ken";
    let url = format!(
        "http://alice:{secret}@127.0.0.1:{}/alice-worklog.git",
        server.port
    );
    // A second URL with credentials that cannot be reached (nothing listens there).
    let dead = format!("http://bob:{secret}@127.0.0.1:9/bob-worklog.git");
    let repos = write_repos(&c.root, &format!("{url}\n{dead}\n"));
    let ds = c.root.join("ds");
    let o = extract(&repos, &c.root.join("cache"), &ds, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let shown = format!("http://127.0.0.1:{}/alice-worklog.git", server.port);
    let pages = pages(&ds);
    assert_eq!(pages.len(), 4, "{pages:?}");
    assert!(pages
        .values()
        .all(|p| p.0.as_deref() == Some(shown.as_str())));
    // Nowhere: not in any file of the dataset, not on stdout or stderr, not in check's output.
    for (rel, bytes) in dir_files(&ds) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{rel} holds the password"
        );
    }
    assert!(!stderr(&o).contains(secret) && !stdout(&o).contains(secret));
    let diags = query(
        &ds,
        "select message from diagnostics where code = 'repo_error'",
    );
    assert!(
        diags.contains("http://127.0.0.1:9/bob-worklog.git"),
        "{diags}"
    );
    let o = check(&repos, &c.root.join("cache"));
    assert!(!stderr(&o).contains(secret) && !stdout(&o).contains(secret));
    assert!(stdout(&o).contains("repo_error"), "{}", stdout(&o));
}

#[test]
fn a_changed_page_re_parses_only_its_site_and_output_equals_a_full_run() {
    let c = cohort();
    let repos = write_repos(
        &c.root,
        &format!("{}\n{}\n", file_url(&c.alice), file_url(&c.bob)),
    );
    let cache = c.root.join("cache");
    let ds = c.root.join("ds");
    let o = extract(&repos, &cache, &ds, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Nothing changed: every file is reused.
    let o = extract(&repos, &cache, &ds, &[]);
    assert!(
        stderr(&o)
            .contains("5 files reused from the previous dataset (unchanged sites), 0 files parsed"),
        "{}",
        stderr(&o)
    );
    // bob changes his week 1 page; alice pushes an image, which changes no page.
    let mut files = site(&[(29, 9)], &["en"], None);
    files[1].1 = files[1].1.replace("Studied 2", "Built a data lake 2");
    commit_files(&c.bob_work, "2025-10-10T09:00:00+00:00", &files);
    commit_at(
        &c.alice_work,
        "2025-10-11T09:00:00+00:00",
        &[("static/images/diagram.svg", "<svg/>\n")],
    );
    let o = extract(&repos, &cache, &ds, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // alice's 4 pages are reused; bob's one page is parsed (his site changed).
    let err = stderr(&o);
    assert!(err.contains("4 files reused"), "{err}");
    assert!(err.contains("1 file parsed"), "{err}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ds.join("_manifest.json")).unwrap()).unwrap();
    assert_eq!(m["files_reused"], 4);
    assert_eq!(m["files_parsed"], 1);
    assert!(
        query(&ds, "select title from tasks where intern = 'bob-worklog'")
            .contains("Built a data lake 2")
    );
    // The same files, byte for byte, as a full extraction.
    let full = c.root.join("full");
    let o = extract(&repos, &cache, &full, &["--full"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("reused"), "{}", stderr(&o));
    same_files(&ds, &full);
    // Both sites' page rows name their new commit; alice's reused rows keep
    // their own last change.
    let pages = pages(&ds);
    assert_eq!(
        pages["bob-worklog/content/1-Worklog/1.1-Week1/_index.md"]
            .1
            .as_deref(),
        Some(head(&c.bob).as_str())
    );
    let alice = &pages["alice-worklog/content/1-Worklog/1.1-Week1/_index.md"];
    assert_eq!(alice.1.as_deref(), Some(head(&c.alice).as_str()));
    assert_eq!(alice.2, Some(1_757_671_200_000));
}

#[test]
fn folder_inputs_are_incremental_too() {
    let tmp = tempfile::tempdir().unwrap();
    let cohort = tmp.path().join("cohort");
    for (who, monday) in [("an", (8, 9)), ("binh", (15, 9))] {
        for (rel, text) in site(&[monday, (monday.0 + 7, 9)], &["en", "vi"], Some(2025)) {
            let p = cohort.join(who).join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }
    let run = |out: &Path, extra: &[&str]| extract_dirs(&[&cohort], out, extra);
    let ds = tmp.path().join("ds");
    run(&ds, &[]);
    let page = cohort.join("binh/content/1-Worklog/1.2-Week2/_index.vi.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Studied 0", "Học Amazon EC2 0")).unwrap();
    let err = run(&ds, &[]);
    assert!(err.contains("4 files reused"), "{err}");
    assert!(err.contains("4 files parsed"), "{err}");
    let full = tmp.path().join("full");
    run(&full, &["--full"]);
    same_files(&ds, &full);
    // The sites named in the other order: the previous dataset is read front to
    // back, so a site out of its written order (an) is parsed, binh reused.
    let (an, binh) = (cohort.join("an"), cohort.join("binh"));
    let reordered = |out: &Path, extra: &[&str]| extract_dirs(&[&binh, &an], out, extra);
    let err = reordered(&ds, &[]);
    assert!(err.contains("4 files reused"), "{err}");
    assert!(err.contains("4 files parsed"), "{err}");
    reordered(&full, &["--full"]);
    same_files(&ds, &full);
}

/// `extract DIRS... -o OUT EXTRA...`, which must succeed; its stderr.
fn extract_dirs(dirs: &[&Path], out: &Path, extra: &[&str]) -> String {
    let o = bin()
        .arg("extract")
        .args(dirs)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn a_cached_repository_that_cannot_be_fetched_is_read_from_the_cache_with_a_warning() {
    let c = cohort();
    let repos = write_repos(&c.root, &format!("{}\n", file_url(&c.alice)));
    let cache = c.root.join("cache");
    let o = extract(&repos, &cache, &c.root.join("ds1"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The remote goes away (renamed): the cache still holds its last commit.
    std::fs::rename(&c.alice, c.root.join("moved.git")).unwrap();
    let ds = c.root.join("ds2");
    let o = extract(&repos, &cache, &ds, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let diags = query(
        &ds,
        "select line, code from diagnostics where code like 'repo%'",
    );
    assert_eq!(diags.trim(), "line,code\n1,repo_stale", "{diags}");
    assert_eq!(
        query(&ds, "select count(*) from pages").lines().nth(1),
        Some("4")
    );
}

#[test]
fn repositories_keeping_their_site_in_one_subfolder_name_are_two_interns() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut lines = String::new();
    for (name, monday) in [("alice-portfolio", (8, 9)), ("bob-portfolio", (15, 9))] {
        let (bare, work) = bare_repo(root, name);
        let files: Vec<(String, String)> = site(&[monday], &["en", "vi"], Some(2025))
            .into_iter()
            .map(|(p, t)| (format!("fcj-workshop/{p}"), t))
            .collect();
        commit_files(&work, "2025-09-20T10:00:00+07:00", &files);
        lines.push_str(&format!("{}\n", file_url(&bare)));
    }
    // A folder named like a repository's intern (a local copy of alice's site).
    let copy = root.join("copies").join("alice-portfolio");
    for (p, t) in site(&[(8, 9)], &["en"], Some(2025)) {
        let p = copy.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    }
    let repos = write_repos(root, &lines);
    let ds = root.join("ds");
    let o = extract(&repos, &root.join("cache"), &ds, &[copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = query(
        &ds,
        "select intern, count(*) as pages, count(distinct repo) as repos from pages group by intern order by intern",
    );
    assert_eq!(
        got.trim(),
        "intern,pages,repos\nalice-portfolio,2,1\nbob-portfolio,2,1\ncopies-alice-portfolio,1,0",
        "{got}"
    );
    let ids = query(&ds, "select count(*) - count(distinct task_id) from tasks");
    assert_eq!(ids.lines().nth(1), Some("0"), "{ids}");
    let clash = query(
        &ds,
        "select intern, message from diagnostics where code = 'site_name_clash'",
    );
    assert!(
        clash.contains("copies-alice-portfolio") && clash.contains("alice-portfolio.git"),
        "{clash}"
    );
}

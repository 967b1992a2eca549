//! Shared helpers: paths, running the binary, reading Parquet back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use datafusion::arrow::array::RecordBatch;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use worklog_analyze::extract::{extract, Options};
use worklog_analyze::model::{Extraction, Task};
use worklog_analyze::normalize::topics::Taxonomy;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_data() -> PathBuf {
    repo().join("sample_data")
}

/// `../shared/<name>`, or `None` (with a message) in a clone without it.
/// CI always has `../shared`: there a missing folder fails the test.
pub fn shared(name: &str) -> Option<PathBuf> {
    let p = repo().join("..").join("shared").join(name);
    if p.exists() {
        Some(p)
    } else if std::env::var_os("CI").is_some() {
        panic!("{} is absent, but CI always has ../shared", p.display());
    } else {
        eprintln!(
            "skipped: {} is absent (a user's clone has no ../shared)",
            p.display()
        );
        None
    }
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_worklog-analyze"));
    c.current_dir(repo());
    c
}

pub fn run_bin(args: &[&str]) -> Output {
    bin().args(args).output().expect("spawn worklog-analyze")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn extract_paths(paths: &[PathBuf]) -> Extraction {
    let opts = Options::new(Taxonomy::bundled());
    extract(paths, &opts).expect("extract")
}

/// `sample_data` extracted to `tmp/ds` (quietly); the dataset's folder.
pub fn extract_sample(tmp: &Path) -> PathBuf {
    let ds = tmp.join("ds");
    let o = run_bin(&["extract", "sample_data", "-q", "-o", ds.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    ds
}

pub fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .expect("parquet")
        .build()
        .expect("reader");
    reader.map(|b| b.expect("batch")).collect()
}

/// Write `files` (relative path → bytes) under a fresh temp dir.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    tree_of(files)
}

/// [`tree`] over owned paths and texts (`(String, String)`, `(String, Vec<u8>)`, …).
pub fn tree_of<P: AsRef<str>, B: AsRef<[u8]>>(files: &[(P, B)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, bytes) in files {
        let p = dir.path().join(rel.as_ref());
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes.as_ref()).expect("write");
    }
    dir
}

/// The bundled query files, in name order.
pub fn bundled_queries() -> Vec<PathBuf> {
    let mut q: Vec<PathBuf> = std::fs::read_dir(repo().join("queries"))
        .expect("queries/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    q.sort();
    q
}

/// Extract one intern's site written from `(path under content/1-Worklog/, text)` pairs.
pub fn extract_site<P: AsRef<str>, T: AsRef<str>>(intern: &str, files: &[(P, T)]) -> Extraction {
    let owned: Vec<(String, &[u8])> = files
        .iter()
        .map(|(p, t)| {
            (
                format!("{intern}/content/1-Worklog/{}", p.as_ref()),
                t.as_ref().as_bytes(),
            )
        })
        .collect();
    let dir = tree_of(&owned);
    extract_paths(&[dir.path().to_path_buf()])
}

/// A minimal valid weekly page with `rows` data rows (Monday 2025-09-29 onwards).
pub fn good_page(week: u32, rows: usize) -> String {
    let mut s = format!("---\ntitle: \"Week {week} Worklog\"\ndate: 2025-09-29\n---\n\n### Tasks\n\n| Day | Task | Start Date | Completion Date | Reference Material |\n| --- | --- | --- | --- | --- |\n");
    for i in 0..rows {
        let d = 29 + i as u32;
        let (dd, mm) = if d > 30 { (d - 30, 10) } else { (d, 9) };
        s.push_str(&format!("| {} | Task {i} on Amazon S3 | {dd:02}/{mm:02}/2025 | {dd:02}/{mm:02}/2025 | https://0000{:02}.awsstudygroup.com/ |\n", i + 2, 10 + i));
    }
    s
}

/// A JSON file under `tests/data/`.
pub fn read_test_data<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let path = repo().join("tests/data").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The labs of one task, sorted.
pub fn labs_of(x: &Extraction, task_id: &str) -> Vec<i32> {
    let mut labs: Vec<i32> = x
        .task_labs
        .iter()
        .filter(|l| l.task_id == task_id)
        .map(|l| l.lab)
        .collect();
    labs.sort_unstable();
    labs
}

/// Independent line scan of Markdown tables: a header line `header` accepts, a
/// delimiter line, then every following line starting with `|` counts as a row.
/// Lines inside fenced code blocks are code, not tables, and are left out.
pub fn line_scan_rows(text: &str, header: impl Fn(&str) -> bool) -> usize {
    let lines = unfenced_lines(text);
    let (mut rows, mut i) = (0, 0);
    while i + 1 < lines.len() {
        let h = lines[i].trim();
        if h.starts_with('|') && header(h) && is_delimiter_line(lines[i + 1]) {
            i += 2;
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                rows += 1;
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    rows
}

/// The page's lines outside fenced code blocks (```` ``` ```` or `~~~`).
pub fn unfenced_lines(text: &str) -> Vec<&str> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => out.push(line),
            _ => {}
        }
    }
    out
}

/// Independent count of HTML table data rows: `<tr>` elements holding a `<td>`,
/// outside fenced code.
pub fn html_scan_rows(text: &str) -> usize {
    let text = unfenced_lines(text).join("\n").to_lowercase();
    text.split("<tr")
        .skip(1)
        .filter(|seg| {
            let row = seg.split("</tr>").next().unwrap_or_default();
            // `<tr>` or `<tr class=…>`, not `<track>`.
            (row.starts_with('>') || row.starts_with(char::is_whitespace)) && row.contains("<td")
        })
        .count()
}

/// Site folders (the first path part: `owner__repo` in the corpora) that give
/// more than one intern, and interns found in more than one site folder.
pub fn site_folder_intern_failures(x: &Extraction) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let folder = |path: &str| path.split('/').next().unwrap_or_default().to_string();
    let mut interns_of: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut folders_of: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let rows = x
        .tasks
        .iter()
        .map(|t| (t.source_path.as_str(), t.intern.as_str()))
        .chain(
            x.pages
                .iter()
                .map(|p| (p.source_path.as_str(), p.intern.as_str())),
        );
    for (path, intern) in rows {
        interns_of.entry(folder(path)).or_default().insert(intern);
        folders_of.entry(intern).or_default().insert(folder(path));
    }
    let mut failures = Vec::new();
    let split: Vec<_> = interns_of.iter().filter(|(_, i)| i.len() > 1).collect();
    if !split.is_empty() {
        failures.push(format!(
            "{} site folders give more than one intern: {split:#?}",
            split.len()
        ));
    }
    let merged: Vec<_> = folders_of.iter().filter(|(_, f)| f.len() > 1).collect();
    if !merged.is_empty() {
        failures.push(format!(
            "{} interns span more than one site folder: {merged:#?}",
            merged.len()
        ));
    }
    failures
}

/// A delimiter row as the line scan sees it: `|`, `-`, `:` and blanks, with a `|` first.
pub fn is_delimiter_line(l: &str) -> bool {
    let t = l.trim();
    t.starts_with('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A page's text as the tool sees its lines (CRLF folded, invalid UTF-8 replaced).
pub fn read_page_text(root: &Path, rel: &str) -> String {
    let bytes = std::fs::read(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// One hand-checked page of `tests/data/*_expected.json`; rows differ per file.
#[derive(Debug, serde::Deserialize)]
pub struct ExpectedPage<R> {
    pub path: String,
    pub week: i32,
    pub lang: String,
    pub rows: Vec<R>,
}

/// Every file under `dir`: `/`-separated relative path → bytes.
pub fn dir_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The files of a written dataset, as [`dir_files`], with the manifest's
/// `created_at` line left out: what two runs on the same input must share byte
/// for byte.
pub fn dataset_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = dir_files(dir);
    if let Some(m) = files.get_mut("_manifest.json") {
        let text = String::from_utf8(std::mem::take(m)).unwrap();
        *m = text
            .lines()
            .filter(|l| !l.contains("\"created_at\""))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes();
    }
    files
}

/// `gen` a cohort into `dir` (`--interns`, `--weeks`, `--seed`, `--broken`).
pub fn gen(dir: &Path, interns: usize, weeks: u32, seed: u64, broken: u32) {
    let o = run_bin(&[
        "gen",
        "--interns",
        &interns.to_string(),
        "--weeks",
        &weeks.to_string(),
        "--seed",
        &seed.to_string(),
        "--broken",
        &broken.to_string(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `git` with a fixed identity, run in `dir`; panics with git's words on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git is installed");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Commit `files` (path → text; an empty text deletes) in the work tree `work`
/// at `when` (author and committer date), then push to its bare `origin`.
pub fn commit_at(work: &Path, when: &str, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = work.join(rel);
        if text.is_empty() {
            let _ = std::fs::remove_file(&p);
        } else {
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, text).expect("write");
        }
    }
    git(work, &["add", "-A"]);
    let o = Command::new("git")
        .current_dir(work)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(["-c", "commit.gpgsign=false", "commit", "-q", "-m", when])
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .expect("git commit");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    if work.join(".git").is_dir() && !git(work, &["remote"]).trim().is_empty() {
        git(work, &["push", "-q", "origin", "HEAD"]);
    }
}

/// A bare repository `root/NAME.git` (serving blobless clones, as GitHub does)
/// with a work tree `root/NAME-work` that pushes to it.
pub fn bare_repo(root: &Path, name: &str) -> (PathBuf, PathBuf) {
    let bare = root.join(format!("{name}.git"));
    let work = root.join(format!("{name}-work"));
    std::fs::create_dir_all(&work).expect("mkdir");
    git(
        root,
        &["init", "-q", "--bare", bare.to_str().expect("utf-8 path")],
    );
    git(&bare, &["config", "uploadpack.allowFilter", "true"]);
    git(&bare, &["config", "uploadpack.allowAnySHA1InWant", "true"]);
    git(&work, &["init", "-q"]);
    git(
        &work,
        &[
            "remote",
            "add",
            "origin",
            bare.to_str().expect("utf-8 path"),
        ],
    );
    (bare, work)
}

/// Every file of two datasets is byte-identical (but the manifest, which
/// records its creation time).
pub fn same_files(a: &Path, b: &Path) {
    let (a, b) = (dir_files(a), dir_files(b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (rel, bytes) in &a {
        if rel != "_manifest.json" {
            assert!(bytes == &b[rel], "{rel} differs");
        }
    }
}

/// A date literal in a test.
pub fn d(s: &str) -> Option<chrono::NaiveDate> {
    Some(s.parse().unwrap())
}

/// The task rows of the file whose path ends with `file`, by row number.
pub fn rows<'a>(x: &'a Extraction, file: &str) -> Vec<&'a Task> {
    let mut r = rows_of(x, file);
    r.sort_by_key(|t| t.row_number);
    r
}

/// The task rows of the file whose path ends with `file`, in output order.
pub fn rows_of<'a>(x: &'a Extraction, file: &str) -> Vec<&'a Task> {
    x.tasks
        .iter()
        .filter(|t| t.source_path.ends_with(file))
        .collect()
}

/// Every diagnostic of `code`, as `check` prints it.
pub fn diags(x: &Extraction, code: &str) -> Vec<String> {
    x.diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| d.to_string())
        .collect()
}

/// Every subcommand, as a user types it.
pub const SUBCOMMANDS: [&str; 10] = [
    "extract",
    "check",
    "run",
    "schema",
    "athena",
    "export",
    "report",
    "gen",
    "completions",
    "man",
];

//! Every command tells the truth (issue 27): paths that open, options that
//! never swallow an argument or do nothing, results that can be split, one
//! vocabulary for tasks, errors that say what to do. All through the binary.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::*;

/// `path:line: ` (or `path: `) of a text diagnostic line.
fn diag_path(line: &str) -> &str {
    let re = regex::Regex::new(r"^(.*?):(\d+:)? (info|warning|error)\[").unwrap();
    re.captures(line)
        .and_then(|c| c.get(1))
        .map_or("", |m| m.as_str())
}

#[test]
fn diagnostic_paths_open_from_where_the_command_ran() {
    let o = run_bin(&["check", "sample_data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("]: ")).collect();
    assert_eq!(lines.len(), 46);
    for l in &lines {
        let p = diag_path(l);
        assert!(p.starts_with("sample_data/"), "{l}");
        assert!(repo().join(p).is_file(), "{p} does not open: {l}");
    }
    assert!(out.contains(
        "sample_data/chi-le/content/1-Worklog/1.4-Week4/_index.md:20: warning[date_outlier]"
    ));
    // The same files from inside the input: the paths follow.
    let o = bin()
        .current_dir(repo().join("sample_data"))
        .args(["check", "chi-le"])
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.starts_with("chi-le/content/1-Worklog/"), "{out}");
    // The dataset keeps paths relative to the input.
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    let o = run_bin(&[
        "run",
        "--data",
        ds.to_str().unwrap(),
        "-f",
        "csv",
        "-e",
        "SELECT count(*) AS n, count(CASE WHEN source_path LIKE 'sample_data/%' THEN 1 END) AS prefixed FROM diagnostics",
    ]);
    assert_eq!(stdout(&o), "n,prefixed\n46,0\n", "{}", stderr(&o));
}

#[test]
fn extract_prints_paths_that_open_when_nothing_was_read() {
    let page = "---\ntitle: Week 1\n---\n\n| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| 2 | Learn S3 | 29/09/2025 | 29/09/2025 |\n";
    let dir = tree(&[(
        "site/content/1-Worklog/1.1-Week1/_index.md",
        page.as_bytes(),
    )]);
    let o = bin()
        .current_dir(dir.path())
        .args(["extract", "site", "-o", "out", "--max-page-size", "10"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("site/content/1-Worklog/1.1-Week1/_index.md: error[page_too_large]"),
        "{err}"
    );
}

#[test]
fn input_takes_one_value_per_use() {
    let o = run_bin(&[
        "run",
        "--input",
        "sample_data",
        "queries/09-weekly-progress.sql",
        "-f",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("week,interns_with_page,interns_active,tasks"),
        "{}",
        stdout(&o)
    );
    // Repeated for several inputs.
    let o = run_bin(&[
        "run",
        "--input",
        "sample_data/chi-le",
        "--input",
        "sample_data/em-vo",
        "-f",
        "csv",
        "-e",
        "SELECT DISTINCT intern FROM tasks ORDER BY intern",
    ]);
    assert_eq!(stdout(&o), "intern\nchi-le\nem-vo\n", "{}", stderr(&o));
}

#[test]
fn reading_options_are_refused_with_data() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    let ds = ds.to_str().unwrap();
    for (opt, value) in [
        ("--intern", "X"),
        ("--date-order", "mdy"),
        ("--cohort", "c"),
        ("--max-page-size", "1MiB"),
    ] {
        let o = run_bin(&["run", "--data", ds, opt, value, "-e", "SELECT 1"]);
        assert_eq!(o.status.code(), Some(2), "{opt}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{opt} is an option for reading pages"))
                && err.contains("would change nothing"),
            "{err}"
        );
        assert!(stdout(&o).is_empty());
    }
    let html = tmp.path().join("r.html");
    let o = run_bin(&[
        "report",
        "--data",
        ds,
        "--date-order",
        "dmy",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!html.exists());
    // Without them, and reading options with --input, all fine.
    let o = run_bin(&["run", "--data", ds, "-e", "SELECT 1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_bin(&[
        "run",
        "--input",
        "sample_data",
        "--date-order",
        "mdy",
        "-e",
        "SELECT 1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn intern_over_several_sites_is_refused() {
    let o = run_bin(&["check", "--intern", "X", "sample_data"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("--intern X names one intern, but the input holds 5 Hugo sites (sample_data/an-nguyen, sample_data/binh-tran, …)"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    // One site: renamed.
    let o = run_bin(&[
        "check",
        "--intern",
        "X",
        "--format",
        "json",
        "sample_data/chi-le",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.is_empty());
    for l in out.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["intern"], "X", "{l}");
    }
}

#[test]
fn o_is_output_everywhere_and_help_says_what_is_required() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("results");
    let o = run_bin(&[
        "run",
        "-e",
        "SELECT 1 AS x",
        "-f",
        "csv",
        "--output",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("inline-1.csv")).unwrap(),
        "x\n1\n"
    );
    for sub in ["extract", "run", "report", "gen"] {
        let help = stdout(&run_bin(&[sub, "--help"]));
        assert!(help.contains("-o, --output <"), "{sub}: {help}");
    }
    let help = stdout(&run_bin(&["check", "--help"]));
    assert!(
        help.contains("Usage: worklog-analyze check [OPTIONS] <PATH>...\n"),
        "{help}"
    );
    assert!(help.contains("worklog-analyze check --codes"), "{help}");
    let o = run_bin(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let help = stdout(&run_bin(&["extract", "--help"]));
    assert!(
        help.contains("Usage: worklog-analyze extract [OPTIONS] -o <DIR> <PATH>...\n"),
        "{help}"
    );
    // The typical use, one command a line.
    let help = stdout(&run_bin(&["--help"]));
    assert!(
        help.contains("\n  worklog-analyze check sample_data\n  worklog-analyze extract sample_data -o dataset\n"),
        "{help}"
    );
}

#[test]
fn schema_columns_line_up() {
    let out = stdout(&run_bin(&["schema", "pages"]));
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows.iter().any(|r| r.contains("committed_at")));
    // The type and null columns start at the same offset on every row.
    let at = |r: &str, word: &str| r.find(word).unwrap();
    let types: Vec<usize> = rows
        .iter()
        .map(|r| {
            let name_end = r.trim_start().find(' ').unwrap() + 2;
            name_end + r[name_end..].find(|c: char| c != ' ').unwrap()
        })
        .collect();
    assert!(types.windows(2).all(|w| w[0] == w[1]), "{out}");
    let nulls: Vec<usize> = rows
        .iter()
        .map(|r| {
            if r.contains("not null") {
                at(r, "not null")
            } else {
                at(r, " null ") + 1
            }
        })
        .collect();
    assert!(nulls.windows(2).all(|w| w[0] == w[1]), "{out}");
}

/// Several results in `format` from every bundled query.
fn all_queries(format: &str) -> String {
    let mut args = vec!["run".to_string(), "-f".into(), format.into()];
    args.extend(bundled_queries().iter().map(|p| p.display().to_string()));
    let o = bin().args(&args).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// Python's own parsers read the stream: `code` gets it on stdin and prints.
fn python(code: &str, input: &str) -> String {
    let mut child = Command::new("python3")
        .args(["-c", code])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

#[test]
fn several_results_in_one_stream_are_separable() {
    // The results every bundled query gives, by title, from JSON (one document).
    let json = all_queries("json");
    let titles = python(
        "import json,sys\nd=json.load(sys.stdin)\nassert all(set(r)=={'title','rows'} for r in d)\nprint('\\n'.join(f\"{r['title']}\\t{len(r['rows'])}\" for r in d))",
        &json,
    );
    let want: Vec<&str> = titles.lines().collect();
    assert!(want.len() >= 14, "{titles}");
    assert!(
        want.iter()
            .any(|t| t.starts_with("Week-by-week cohort progress\t")),
        "{titles}"
    );
    // CSV: a `# title` line, the header, the rows; a blank line between results.
    let csv = all_queries("csv");
    let split = python(
        "import csv,sys\nout=[];cur=None\nfor row in csv.reader(sys.stdin):\n    if not row:\n        cur=None;continue\n    if cur is None and len(row)==1 and row[0].startswith('# '):\n        cur=[row[0][2:],-1];out.append(cur);continue\n    cur[1]+=1\nprint('\\n'.join(f'{t}\\t{n}' for t,n in out))",
        &csv,
    );
    assert_eq!(split, titles);
    let tsv = all_queries("tsv");
    let split = python(
        "import csv,sys\nout=[];cur=None\nfor row in csv.reader(sys.stdin, delimiter='\\t'):\n    if not row:\n        cur=None;continue\n    if cur is None and len(row)==1 and row[0].startswith('# '):\n        cur=[row[0][2:],-1];out.append(cur);continue\n    cur[1]+=1\nprint('\\n'.join(f'{t}\\t{n}' for t,n in out))",
        &tsv,
    );
    assert_eq!(split, titles);
    // NDJSON: one object per row, with its result's title (results without rows have none).
    let nd = all_queries("ndjson");
    let split = python(
        "import json,sys,collections\nc=collections.OrderedDict()\nfor l in sys.stdin:\n    o=json.loads(l)\n    assert set(o)=={'result','row'}\n    c[o['result']]=c.get(o['result'],0)+1\nprint('\\n'.join(f'{t}\\t{n}' for t,n in c.items()))",
        &nd,
    );
    let nonempty: Vec<&str> = want
        .iter()
        .copied()
        .filter(|t| !t.ends_with("\t0"))
        .collect();
    assert_eq!(split, nonempty.join("\n"));
    // One result stays the format alone.
    let one = stdout(&run_bin(&[
        "run",
        "-f",
        "json",
        "queries/09-weekly-progress.sql",
    ]));
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v[0]["week"], 1);
}

#[test]
fn inline_results_are_titled_by_their_sql_and_null_reads_null() {
    let sql = "SELECT CAST(NULL AS VARCHAR) AS a,\n  '' AS b";
    let out = |f: &str| {
        let o = run_bin(&["run", "-f", f, "-e", sql, "-e", "SELECT 2 AS c"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let md = out("markdown");
    assert!(
        md.starts_with(
            "### SELECT CAST(NULL AS VARCHAR) AS a, '' AS b\n\n| a | b |\n|---|---|\n| NULL |  |\n\n### SELECT 2 AS c\n"
        ),
        "{md}"
    );
    let table = out("table");
    assert!(
        table.starts_with("== SELECT CAST(NULL AS VARCHAR) AS a, '' AS b ==\n"),
        "{table}"
    );
    assert!(table.contains("| NULL |   |"), "{table}");
    assert_eq!(
        out("csv"),
        "# SELECT CAST(NULL AS VARCHAR) AS a, '' AS b\na,b\n,\n\n# SELECT 2 AS c\nc\n2\n"
    );
    let v: serde_json::Value = serde_json::from_str(&out("json")).unwrap();
    assert!(v[0]["rows"][0]["a"].is_null());
    assert_eq!(v[0]["rows"][0]["b"], "");
    // A `-- title:` names it still.
    let o = run_bin(&[
        "run",
        "-f",
        "markdown",
        "-e",
        "-- title: Two\nSELECT 2 AS c",
    ]);
    assert!(stdout(&o).starts_with("### Two\n"), "{}", stdout(&o));
}

#[test]
fn every_summary_counts_tasks_the_same_way() {
    const PHRASE: &str = "138 task rows, 75 tasks counted once";
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let o = run_bin(&["extract", "sample_data", "-o", ds.to_str().unwrap()]);
    assert!(stderr(&o).contains(PHRASE), "{}", stderr(&o));
    let o = run_bin(&["check", "sample_data"]);
    assert!(
        stdout(&o).contains(&format!(", {PHRASE}: ")),
        "{}",
        stdout(&o)
    );
    let o = run_bin(&["check", "--summary", "sample_data"]);
    assert!(
        stdout(&o).contains(&format!("counted once:      {PHRASE} ")),
        "{}",
        stdout(&o)
    );
    let html = tmp.path().join("r.html");
    let o = run_bin(&[
        "report",
        "--data",
        ds.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains(&format!("5 interns, {PHRASE}, ")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_dataset_and_output_folder_say_what_to_do_once() {
    let o = run_bin(&["athena", "--location", "s3://b/x", "--data", "sample_data"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: sample_data is not a dataset (no _manifest.json in it): --data takes the folder `worklog-analyze extract PATH -o DIR` wrote; run extract first\n"
    );
    let o = run_bin(&["athena", "--location", "s3://b/x", "--data", "no-such-dir"]);
    assert!(stderr(&o).contains("no-such-dir is not a dataset (it does not exist)"));
    let o = run_bin(&["report", "-o", "/nonexistent/dir/r.html"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: cannot write /nonexistent/dir/r.html: the folder /nonexistent/dir does not exist; create it first, or give -o a file in an existing folder\n"
    );
}

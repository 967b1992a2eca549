//! `run`: SQL files and -e over --data / --input / ./sample_data, every format.

use std::io::Read;
use std::process::Stdio;

use crate::common::*;

fn dataset() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    extract_sample(tmp.path());
    tmp
}

const COUNT: &str = "SELECT intern, count(*) AS tasks FROM tasks GROUP BY intern ORDER BY intern";

#[test]
fn every_bundled_query_on_sample_data() {
    let queries = bundled_queries();
    assert!(queries.len() >= 11, "{queries:?}");
    for q in &queries {
        let rel = q
            .strip_prefix(repo())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let o = run_bin(&["run", &rel, "--format", "table"]);
        assert!(o.status.success(), "{rel}: {}", stderr(&o));
        let text = std::fs::read_to_string(q).unwrap();
        assert!(text.starts_with("-- title:"), "{rel} needs a title header");
        assert!(
            text.contains("-- description:"),
            "{rel} needs a description header"
        );
        let name = q.file_stem().unwrap().to_str().unwrap().to_string();
        insta::assert_snapshot!(format!("query_{name}"), stdout(&o));
    }
}

#[test]
fn default_input_data_and_input_agree() {
    let tmp = dataset();
    let ds = tmp.path().join("ds");
    let a = run_bin(&["run", "-e", COUNT, "--format", "csv"]);
    let b = run_bin(&[
        "run",
        "-e",
        COUNT,
        "--format",
        "csv",
        "--data",
        ds.to_str().unwrap(),
    ]);
    let c = run_bin(&[
        "run",
        "-e",
        COUNT,
        "--format",
        "csv",
        "--input",
        "sample_data",
    ]);
    for o in [&a, &b, &c] {
        assert!(o.status.success(), "{}", stderr(o));
    }
    assert_eq!(
        stdout(&a),
        "intern,tasks\nan-nguyen,36\nbinh-tran,28\nchi-le,45\ndung-pham,13\nem-vo,16\n"
    );
    assert_eq!(stdout(&a), stdout(&b));
    assert_eq!(stdout(&a), stdout(&c));
    // Every bundled query agrees between --data and --input.
    for q in bundled_queries() {
        let q = q.to_str().unwrap().to_string();
        let d = run_bin(&["run", &q, "--format", "csv", "--data", ds.to_str().unwrap()]);
        let i = run_bin(&["run", &q, "--format", "csv", "--input", "sample_data"]);
        assert_eq!(stdout(&d), stdout(&i), "{q}");
    }
}

/// A read-only run over a dataset serves its tables from memory after the
/// first scan (`sql::cache`); `--unsafe-sql` reads the files every time. The
/// whole suite in one process (each table scanned many times), a description
/// of a table, a filter on the partition column and the free-text columns
/// read after the others give the same either way.
#[test]
fn tables_held_in_memory_give_what_the_files_give() {
    let tmp = dataset();
    let ds = tmp.path().join("ds");
    let mut args: Vec<String> = ["run", "--format", "csv", "--data", ds.to_str().unwrap()]
        .map(String::from)
        .to_vec();
    args.extend(
        bundled_queries()
            .iter()
            .map(|q| q.to_str().unwrap().to_string()),
    );
    for sql in [
        "DESCRIBE tasks",
        "SELECT week, count(*) AS n, sum(duration_days) AS d FROM tasks WHERE week IN (1, 3) GROUP BY week ORDER BY week",
        "SELECT count(*) AS n FROM diagnostics",
        // Large columns are read on their own when first asked for: they must
        // line up with the columns read before them.
        "SELECT task_id, source_path, source_line, length(details) AS d FROM tasks ORDER BY task_id, source_path, source_line",
        "SELECT page_id, length(objectives) AS o, achievements FROM pages ORDER BY page_id",
    ] {
        args.extend(["-e".to_string(), sql.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let cached = run_bin(&args);
    let mut unsafe_sql = args.clone();
    unsafe_sql.push("--unsafe-sql");
    let files = run_bin(&unsafe_sql);
    assert!(cached.status.success(), "{}", stderr(&cached));
    assert!(files.status.success(), "{}", stderr(&files));
    assert!(stdout(&cached)
        .contains("# DESCRIBE tasks\ncolumn_name,data_type,is_nullable\ntask_id,Utf8,NO"));
    assert_eq!(stdout(&cached), stdout(&files));
}

#[test]
fn output_formats() {
    let sql = "SELECT intern, count(*) AS tasks, min(start_date) AS first FROM tasks GROUP BY intern ORDER BY intern LIMIT 2";
    let out = |f: &str| {
        let o = run_bin(&["run", "-e", sql, "--format", f]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(
        out("csv"),
        "intern,tasks,first\nan-nguyen,36,2025-09-08\nbinh-tran,28,2025-09-08\n"
    );
    assert_eq!(
        out("tsv"),
        "intern\ttasks\tfirst\nan-nguyen\t36\t2025-09-08\nbinh-tran\t28\t2025-09-08\n"
    );
    assert_eq!(
        out("ndjson"),
        "{\"intern\":\"an-nguyen\",\"tasks\":36,\"first\":\"2025-09-08\"}\n{\"intern\":\"binh-tran\",\"tasks\":28,\"first\":\"2025-09-08\"}\n"
    );
    let json: serde_json::Value = serde_json::from_str(&out("json")).unwrap();
    assert_eq!(json[1]["tasks"], 28);
    insta::assert_snapshot!("format_table", out("table"));
    insta::assert_snapshot!("format_markdown", out("markdown"));
    // Empty results keep their shape; nulls stay in JSON objects.
    let empty = |f: &str| {
        stdout(&run_bin(&[
            "run",
            "-e",
            "SELECT intern, week FROM tasks WHERE 1 = 0",
            "--format",
            f,
        ]))
    };
    assert_eq!(empty("csv"), "intern,week\n");
    assert_eq!(empty("json"), "[]\n");
    assert_eq!(empty("ndjson"), "");
    let o = run_bin(&[
        "run",
        "-e",
        "SELECT CAST(NULL AS VARCHAR) AS a, 1 AS b",
        "--format",
        "ndjson",
    ]);
    assert_eq!(stdout(&o), "{\"a\":null,\"b\":1}\n");
    // Piped output defaults to csv.
    assert_eq!(stdout(&run_bin(&["run", "-e", sql])), out("csv"));
    // Parquet needs a file: written with --out, read back.
    let tmp = tempfile::tempdir().unwrap();
    let o = run_bin(&[
        "run",
        "-e",
        sql,
        "--format",
        "parquet",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let batches = read_parquet(&tmp.path().join("inline-1.parquet"));
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 2);
}

#[test]
fn vars_out_and_views_across_files() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.sql");
    let b = tmp.path().join("b.sql");
    std::fs::write(&a, "-- title: Make a view\nCREATE VIEW wk AS SELECT * FROM tasks WHERE week = ${week};\nSELECT count(*) AS n FROM wk;\nSELECT count(*) AS m FROM wk WHERE intern = '${intern}'").unwrap();
    std::fs::write(
        &b,
        "-- title: Use it\nSELECT count(DISTINCT intern) AS interns FROM wk",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run_bin(&[
        "run",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--var",
        "week=2",
        "--var",
        "intern=chi-le",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
        "-v",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert_eq!(
        std::fs::read_to_string(out.join("a.csv")).unwrap(),
        "n\n38\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("a-2.csv")).unwrap(),
        "m\n8\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("b.csv")).unwrap(),
        "interns\n5\n"
    );
    assert!(
        stderr(&o).contains("rows in"),
        "-v reports counts: {}",
        stderr(&o)
    );
    // An unset variable names itself and the file.
    let o = run_bin(&["run", a.to_str().unwrap(), "--var", "week=2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("a.sql: line 4: variable ${intern} is not set"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_failing_file_among_good_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.sql");
    let bad = tmp.path().join("bad.sql");
    let unknown = tmp.path().join("unknown.sql");
    std::fs::write(&good, "SELECT 1 AS one").unwrap();
    std::fs::write(
        &bad,
        "-- title: broken\n\nSELECT count(*)\nFROM tasks\nWHERE nosuchcol = 1",
    )
    .unwrap();
    std::fs::write(&unknown, "SELECT * FROM taskz").unwrap();
    let o = run_bin(&[
        "run",
        bad.to_str().unwrap(),
        unknown.to_str().unwrap(),
        good.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "one\n1\n", "the good file still runs");
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:3", bad.display())), "{err}");
    assert!(
        err.contains("nosuchcol") && err.contains("task_id"),
        "lists valid columns: {err}"
    );
    assert!(
        err.contains("taskz") && err.contains("available tables: tasks, task_labs"),
        "{err}"
    );
    assert!(err.contains("2 SQL source(s) failed"), "{err}");
    // A syntax error points at the line inside the file.
    std::fs::write(&bad, "-- header\n\nSELECT 1;\n\nSELEC oops").unwrap();
    let o = run_bin(&["run", bad.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{}:5", bad.display())),
        "{}",
        stderr(&o)
    );
}

/// Statements run ahead of their turn (the next ones execute while a result
/// is written), so pin what the order of the files means: results and errors
/// come in statement order, a statement failing while it executes stops its
/// file (the view after it is never created), and the next file still runs.
#[test]
fn results_and_errors_keep_statement_order() {
    let tmp = dataset();
    let data = tmp.path().join("ds");
    let a = tmp.path().join("a.sql");
    let b = tmp.path().join("b.sql");
    std::fs::write(
        &a,
        "SELECT 1 AS a;\nSELECT CAST(intern AS INT) AS n FROM tasks;\nSELECT 2 AS x;\nCREATE VIEW v AS SELECT 3 AS c;",
    )
    .unwrap();
    std::fs::write(&b, "SELECT 4 AS d;\nSELECT * FROM v;\nSELECT 5 AS y;").unwrap();
    let o = run_bin(&[
        "run",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-e",
        "SELECT 6 AS e",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "# a\na\n1\n\n# b\nd\n4\n\n# SELECT 6 AS e\ne\n6\n",
        "{}",
        stderr(&o)
    );
    let err = stderr(&o);
    let cast = err
        .find(&format!("{}:2", a.display()))
        .unwrap_or_else(|| panic!("{err}"));
    let view = err
        .find(&format!("{}:2", b.display()))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(cast < view && err.contains("public.v' not found"), "{err}");
    assert!(err.contains("2 SQL source(s) failed"), "{err}");
}

#[test]
fn missing_input_and_nothing_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    let o = bin()
        .current_dir(tmp.path())
        .args(["run", "-e", "SELECT 1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("pass --data DIR"), "{}", stderr(&o));
    let o = run_bin(&[
        "run",
        "--data",
        tmp.path().to_str().unwrap(),
        "-e",
        "SELECT 1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not a dataset (no _manifest.json in it)")
            && stderr(&o).contains("run extract first"),
        "{}",
        stderr(&o)
    );
    let o = run_bin(&["run"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing to run"));
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = bin()
        .args([
            "run",
            "--format",
            "csv",
            "-e",
            "SELECT a.title FROM tasks a CROSS JOIN tasks b CROSS JOIN tasks c",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0u8; 64];
    stdout.read_exact(&mut buf).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn sql_files_with_a_bom_trailing_comments_and_variables_in_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("q.sql");
    std::fs::write(&f, "\u{feff}-- title: With BOM\n-- Example: pass --var week=${week}\nSELECT 1 AS one -- not ${this}\n;\n/* footer */\n-- end\n").unwrap();
    let o = run_bin(&["run", f.to_str().unwrap(), "--format", "markdown"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "### With BOM\n\n| one |\n|---|\n| 1 |\n");
}

#[test]
fn sql_is_read_only_unless_unsafe_sql() {
    let tmp = dataset();
    let ds = tmp.path().join("ds");
    let data = ds.to_str().unwrap();
    let before = dir_files(&ds);
    let target = tmp.path().join("written.csv");
    let t = target.display().to_string();
    let spill = tmp.path().join("spill");
    let refused = [
        ("COPY … TO", format!("COPY (SELECT 1 AS a) TO '{t}'")),
        ("COPY … TO", format!("COPY tasks TO '{t}' STORED AS CSV")),
        (
            "INSERT",
            "INSERT INTO tasks SELECT * FROM tasks".to_string(),
        ),
        (
            "CREATE EXTERNAL TABLE",
            "CREATE EXTERNAL TABLE p (line VARCHAR) STORED AS CSV LOCATION '/etc/passwd'".into(),
        ),
        (
            "CREATE TABLE",
            "CREATE TABLE c AS SELECT * FROM tasks".into(),
        ),
        ("DROP TABLE", "DROP TABLE tasks".into()),
        (
            "SET",
            format!(
                "SET datafusion.runtime.temp_directory = '{}'",
                spill.display()
            ),
        ),
    ];
    for (kind, sql) in &refused {
        // From a file: named by file and line (the statement is on line 5).
        let f = tmp.path().join("shared.sql");
        std::fs::write(
            &f,
            format!("-- title: shared\n\nSELECT 1 AS one;\n\n{sql};\nSELECT 2 AS two"),
        )
        .unwrap();
        let o = run_bin(&[
            "run",
            f.to_str().unwrap(),
            "--format",
            "csv",
            "--data",
            data,
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{sql}: {err}");
        assert!(
            err.contains(&format!("{}:5: {kind} is refused", f.display())),
            "{sql}: {err}"
        );
        assert!(err.contains("pass --unsafe-sql to run it"), "{err}");
        assert_eq!(stdout(&o), "one\n1\n", "the statements after it do not run");
        assert!(!target.exists(), "{sql} wrote {t}");
        assert!(!spill.exists(), "{sql}");
        assert!(dir_files(&ds) == before, "{sql} changed the dataset");
        // From -e: named by its number.
        let o = run_bin(&["run", "-e", "SELECT 1 AS one", "-e", sql, "--data", data]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).contains(&format!("-e #2:1: {kind} is refused")),
            "{}",
            stderr(&o)
        );
        assert!(!target.exists(), "{sql} wrote {t}");
    }
    // Reading a local file is refused too, by either road: nothing of it is shown.
    let o = run_bin(&[
        "run",
        "-e",
        &refused[3].1,
        "-e",
        "SELECT * FROM p",
        "-e",
        "SELECT * FROM '/etc/passwd'",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("3 SQL source(s) failed"),
        "{}",
        stderr(&o)
    );
    // Views over the dataset stay allowed (the bundled queries are checked elsewhere).
    let o = run_bin(&[
        "run",
        "-e",
        "CREATE VIEW w AS SELECT * FROM tasks WHERE week = 2; CREATE OR REPLACE VIEW w AS SELECT * FROM tasks WHERE week = 3; SELECT count(*) AS n FROM w; DROP VIEW w",
        "--format",
        "csv",
        "--data",
        data,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "n\n33\n", "the replaced view (week 3) is read");
    // TEMPORARY views pass the check; DataFusion 55 itself does not implement them.
    let o = run_bin(&["run", "-e", "CREATE TEMPORARY VIEW w AS SELECT 1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("Temporary views not supported") && !stderr(&o).contains("refused"),
        "{}",
        stderr(&o)
    );
    // --unsafe-sql restores DataFusion's behaviour.
    let o = run_bin(&["run", "--unsafe-sql", "-e", &refused[0].1, "--data", data]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a\n1\n");
}

/// `--input` streams each site's rows into Arrow batches (`engine::for_pages`);
/// its tables must equal the whole extraction's (`engine::for_extraction`) row
/// for row and in order, diagnostics included, on sample_data and on a
/// generated cohort with broken pages (several parts, errors among them).
#[test]
fn streamed_input_tables_equal_the_whole_extraction() {
    use datafusion::arrow::util::pretty::pretty_format_batches;
    use worklog_analyze::dataset::Table;
    use worklog_analyze::extract::Options;
    use worklog_analyze::normalize::topics::Taxonomy;
    use worklog_analyze::sql::columns::Columns;
    use worklog_analyze::sql::engine;

    let tmp = tempfile::tempdir().unwrap();
    let cohort = tmp.path().join("cohort");
    gen(&cohort, 30, 4, 1, 30);
    let rt = tokio::runtime::Runtime::new().unwrap();
    for input in [sample_data(), cohort] {
        let opts = Options::new(Taxonomy::bundled());
        let whole = extract_paths(std::slice::from_ref(&input));
        let a = engine::for_extraction(&whole).unwrap();
        let (b, errors) =
            engine::for_pages(std::slice::from_ref(&input), &opts, &Columns::All).unwrap();
        assert_eq!(
            errors.len(),
            whole.count(worklog_analyze::diag::Severity::Error)
        );
        for table in Table::ALL {
            let sql = format!("SELECT * FROM {}", table.name());
            let rows = |ctx: &datafusion::prelude::SessionContext| {
                let batches = rt
                    .block_on(async { ctx.sql(&sql).await?.collect().await })
                    .unwrap();
                pretty_format_batches(&batches).unwrap().to_string()
            };
            let (x, y) = (rows(&a), rows(&b));
            assert!(
                x.lines().count() > 4,
                "{}: {}",
                table.name(),
                input.display()
            );
            assert!(x == y, "{} differs for {}", table.name(), input.display());
        }
    }
}

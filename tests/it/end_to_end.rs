//! extract sample_data → Parquet on disk → read back with the parquet reader and DataFusion.

use std::collections::BTreeMap;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Int32Type, Int64Type};
use worklog_analyze::sql::engine;

use worklog_analyze::model::{DatePrecision, Lang};

use crate::common::*;

#[test]
fn extract_sample_data_writes_a_partitioned_dataset_that_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let o = run_bin(&["extract", "sample_data", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("34 pages, 138 task rows, 75 tasks counted once, "),
        "{}",
        stderr(&o)
    );

    let x = extract_paths(&[sample_data()]);
    let mut per_week: BTreeMap<i32, usize> = BTreeMap::new();
    for t in &x.tasks {
        *per_week.entry(t.week).or_default() += 1;
    }
    assert_eq!(
        per_week.keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );

    // Unpadded partition folders; the files do not carry `week`.
    for table in ["tasks", "pages", "task_labs", "task_topics"] {
        let dirs: Vec<String> = std::fs::read_dir(out.join(table))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            dirs.iter()
                .all(|d| d.starts_with("week=") && !d.starts_with("week=0")),
            "{table}: {dirs:?}"
        );
    }
    let mut total = 0;
    for (week, n) in &per_week {
        let batches = read_parquet(&out.join(format!("tasks/week={week}/part-00000.parquet")));
        let schema = batches[0].schema();
        assert!(
            schema.field_with_name("week").is_err(),
            "week must live only in the folder name"
        );
        assert_eq!(
            schema.field_with_name("start_date").unwrap().data_type(),
            &DataType::Date32
        );
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, *n, "week {week}");
        total += rows;
    }
    assert_eq!(total, 138);
    assert!(out.join("diagnostics/diagnostics.parquet").is_file());

    // Values survive the round trip: the first rows of an-nguyen week 1 English.
    let b = &read_parquet(&out.join("tasks/week=1/part-00000.parquet"))[0];
    let col = |name: &str| b.column(b.schema().index_of(name).unwrap()).clone();
    let paths = col("source_path");
    let paths = paths.as_string::<i32>();
    let i = (0..b.num_rows())
        .find(|&i| paths.value(i) == "an-nguyen/content/1-Worklog/1.1-Week1/_index.md")
        .expect("an-nguyen week 1");
    let expected = x
        .tasks
        .iter()
        .find(|t| t.source_path == paths.value(i) && t.row_number == 1)
        .unwrap();
    assert_eq!(col("title").as_string::<i32>().value(i), expected.title);
    assert_eq!(col("intern").as_string::<i32>().value(i), "an-nguyen");
    let start = col("start_date");
    let start = start.as_primitive::<datafusion::arrow::datatypes::Date32Type>();
    assert_eq!(start.value_as_date(i), expected.start_date);
    assert_eq!(col("weekday").as_primitive::<Int32Type>().value(i), 1);

    // The manifest counts what was written.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["rows"]["tasks"], 138);
    assert_eq!(m["rows"]["pages"], 34);
    assert_eq!(m["weeks"], serde_json::json!([1, 2, 3, 4, 5]));
    assert_eq!(
        m["diagnostics"]["warning"].as_u64().unwrap() as usize,
        x.diagnostics
            .iter()
            .filter(|d| d.severity.as_str() == "warning")
            .count()
    );

    // DataFusion over the written folders: WHERE week = N lists week=N/ and finds its rows.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let ctx = rt.block_on(engine::for_dataset(&out)).unwrap();
    for (week, n) in &per_week {
        let batches = rt
            .block_on(async {
                ctx.sql(&format!(
                    "SELECT count(*) AS n FROM tasks WHERE week = {week}"
                ))
                .await?
                .collect()
                .await
            })
            .unwrap();
        let got = batches[0].column(0).as_primitive::<Int64Type>().value(0);
        assert_eq!(got as usize, *n, "WHERE week = {week}");
    }
    let batches = rt
        .block_on(async {
            ctx.sql("SELECT week FROM tasks GROUP BY week ORDER BY week")
                .await?
                .collect()
                .await
        })
        .unwrap();
    assert_eq!(
        batches[0].schema().field(0).data_type(),
        &DataType::Int32,
        "week is typed Int32"
    );
    assert_eq!(batches[0].column(0).len(), 5);

    // Re-running gives byte-identical data files.
    let again = tmp.path().join("ds2");
    assert!(run_bin(&[
        "extract",
        "sample_data",
        "-q",
        "-o",
        again.to_str().unwrap()
    ])
    .status
    .success());
    for week in per_week.keys() {
        let rel = format!("tasks/week={week}/part-00000.parquet");
        assert_eq!(
            std::fs::read(out.join(&rel)).unwrap(),
            std::fs::read(again.join(&rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn sample_data_values_match_the_catalogue() {
    let x = extract_paths(&[sample_data()]);
    let task = |path: &str, row: i32| {
        x.tasks
            .iter()
            .find(|t| t.source_path == path && t.row_number == row)
            .unwrap_or_else(|| panic!("{path} row {row}"))
    };
    let labs = |t: &worklog_analyze::model::Task| -> Vec<(i32, &str)> {
        x.task_labs
            .iter()
            .filter(|l| l.task_id == t.task_id)
            .map(|l| (l.lab, l.source.as_str()))
            .collect()
    };
    // binh-tran: English pages are month/day, their Vietnamese twins day/month; same dates.
    let en = task("binh-tran/content/1-Worklog/1.1-Week1/_index.md", 1);
    let vi = task("binh-tran/content/1-Worklog/1.1-Week1/_index.vi.md", 1);
    assert_eq!(en.start_date, vi.start_date);
    assert_eq!(en.start_date.unwrap().to_string(), "2025-09-08");
    assert_eq!((en.weekday, vi.weekday), (Some(1), Some(1)));
    assert_eq!(vi.lang, Lang::Vi);
    // "Sat - Sun" takes its first day.
    assert_eq!(
        task("binh-tran/content/1-Worklog/1.1-Week1/_index.md", 5).weekday,
        Some(6)
    );
    // an-nguyen week 4 has only ambiguous dates; consecutive days decide day/month.
    let t = task("an-nguyen/content/1-Worklog/1.4-Week4/_index.md", 1);
    assert_eq!(t.start_date.unwrap().to_string(), "2025-10-01");
    // Labs: reference URLs, "Lab 35-02", "Lab40:", "Lab 9.4", a bare workshop id; cloudjourney is not a lab.
    assert!(labs(task("an-nguyen/content/1-Worklog/1.1-Week1/_index.md", 1)).is_empty());
    assert_eq!(
        labs(task("an-nguyen/content/1-Worklog/1.1-Week1/_index.md", 2)),
        [(1, "reference"), (7, "reference")]
    );
    assert_eq!(
        labs(task("an-nguyen/content/1-Worklog/1.3-Week3/_index.md", 3)),
        [(35, "task")]
    );
    assert_eq!(
        labs(task("an-nguyen/content/1-Worklog/1.4-Week4/_index.md", 1)),
        [(40, "task")]
    );
    assert_eq!(
        labs(task("binh-tran/content/1-Worklog/1.3-Week3/_index.md", 2)),
        [(9, "task")]
    );
    assert_eq!(
        labs(task("binh-tran/content/1-Worklog/1.2-Week2/_index.md", 3)),
        [(21, "reference")]
    );
    assert_eq!(
        labs(task("chi-le/content/1-Worklog/1.2-Week2/_index.md", 2)),
        [(58, "task")]
    );
    // chi-le week 1 has no Day column: weekday from the date.
    let t = task("chi-le/content/1-Worklog/1.1-Week1/_index.md", 1);
    assert_eq!(t.day, "");
    assert_eq!(
        t.weekday,
        t.start_date
            .map(|d| chrono::Datelike::weekday(&d).number_from_monday() as i32)
    );
    // chi-le week 4: the planted problems, each a diagnostic on its line, rows kept.
    let p = "chi-le/content/1-Worklog/1.4-Week4/_index.md";
    let codes: Vec<(Option<u32>, &str)> = x
        .diagnostics
        .iter()
        .filter(|d| d.source_path == p)
        .map(|d| (d.line, d.code.as_str()))
        .collect();
    for want in [
        (Some(20), "year_inferred"),
        (Some(22), "cell_count"),
        (Some(23), "bad_date"),
        (Some(24), "missing_date"),
    ] {
        assert!(codes.contains(&want), "{want:?} not in {codes:?}");
    }
    assert_eq!(x.tasks.iter().filter(|t| t.source_path == p).count(), 6);
    assert_eq!(task(p, 1).start_date.unwrap().to_string(), "2025-09-15");
    assert_eq!(task(p, 4).start_date, None);
    // chi-le week 5: five template rows, flagged and kept.
    let p5 = "chi-le/content/1-Worklog/1.5-Week5/_index.md";
    assert_eq!(
        x.diagnostics
            .iter()
            .filter(|d| d.source_path == p5 && d.code.as_str() == "template_row")
            .count(),
        5
    );
    assert_eq!(x.tasks.iter().filter(|t| t.source_path == p5).count(), 5);
    // Interns are the site folders.
    let mut interns: Vec<&str> = x.pages.iter().map(|p| p.intern.as_str()).collect();
    interns.dedup();
    assert_eq!(
        interns,
        ["an-nguyen", "binh-tran", "chi-le", "dung-pham", "em-vo"]
    );
    // em-vo: list weeks 2 and 3 give tasks (week 2 vi by its dated day headings,
    // en by the same days on that twin); week 4 writes none; Vietnamese is primary
    // on a tie (the site's suffix-less files are Vietnamese).
    let em: Vec<(i32, &str, &str, Option<&str>, bool)> = x
        .tasks
        .iter()
        .filter(|t| t.intern == "em-vo")
        .map(|t| {
            (
                t.week,
                t.lang.as_str(),
                t.layout.as_str(),
                t.date_precision.map(DatePrecision::as_str),
                t.is_primary,
            )
        })
        .collect();
    assert_eq!(em.len(), 16);
    // Week 2 en: its day headings take the dated vi twin's days (twin_dates).
    assert!(em.contains(&(2, "en", "list", Some("day"), false)));
    assert!(em.contains(&(2, "vi", "list", Some("day"), true)));
    assert!(em.contains(&(3, "vi", "list", Some("week"), true)));
    assert!(x.diagnostics.iter().any(|d| d.source_path
        == "em-vo/content/1-Worklog/1.4-Week4/_index.md"
        && d.code.as_str() == "no_tasks_table"));
}

#[test]
fn statistics_are_written_where_they_can_prune() {
    use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
    use datafusion::parquet::file::serialized_reader::ReadOptionsBuilder;
    let tmp = tempfile::tempdir().unwrap();
    let out = extract_sample(tmp.path());
    let file = std::fs::File::open(out.join("tasks/week=1/part-00000.parquet")).unwrap();
    let options = ReadOptionsBuilder::new().with_page_index().build();
    let reader = SerializedFileReader::new_with_options(file, options).unwrap();
    let meta = reader.metadata();
    let rg = meta.row_group(0);
    let stats = |name: &str| {
        let i = (0..rg.num_columns())
            .find(|&i| rg.column(i).column_descr().name() == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        rg.column(i).statistics().is_some()
    };
    // Dates, days and repeated short text keep min/max (and page bounds) for pruning.
    for name in ["start_date", "end_date", "weekday", "intern", "lang"] {
        assert!(stats(name), "{name} has no statistics");
    }
    // Free text and random ids: bounds that prune nothing are not written.
    for name in ["task_id", "title", "details", "notes", "reference"] {
        assert!(!stats(name), "{name} has statistics");
    }
    assert!(meta.column_index().is_some(), "page index missing");
}

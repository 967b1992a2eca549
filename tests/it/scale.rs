//! The synthetic cohort (`gen`) and streaming extraction: deterministic
//! cohorts, every generated row found with its dates and lab, and the streamed
//! dataset identical to the in-memory one whatever the thread count.

use std::collections::BTreeMap;
use std::path::Path;

use datafusion::arrow::compute::concat_batches;
use worklog_analyze::dataset::parquet::{write_dataset, WriteOptions};

use crate::common::*;

#[test]
fn gen_is_deterministic_and_seeds_differ() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    gen(&a, 7, 4, 42, 10);
    gen(&b, 7, 4, 42, 10);
    gen(&c, 7, 4, 43, 10);
    let (fa, fb, fc) = (dir_files(&a), dir_files(&b), dir_files(&c));
    assert_eq!(fa, fb, "same seed, same bytes");
    assert_ne!(fa, fc, "another seed, another cohort");
    let pages = fa.keys().filter(|k| k.ends_with(".md")).count();
    // 7 sites x (4 weeks + the section page) x 1 or 2 languages.
    assert!((35..=70).contains(&pages), "{pages} pages");
    let truth = String::from_utf8(fa["gen-truth.tsv"].clone()).unwrap();
    assert!(truth.starts_with("path\tline\tweek\tlang\tstart_date"));
    // Regenerating over a generated cohort is allowed; over anything else not without --force.
    gen(&a, 2, 1, 1, 0);
    let other = tmp.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let o = run_bin(&["gen", "--interns", "1", "-o", other.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not a generated cohort"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(other.join("notes.txt")).unwrap(), b"mine");
}

/// Every row the generator wrote on an unbroken page is a task with the
/// generated dates and lab: a population of day styles, date orders, year-less
/// dates, languages and layouts with known answers.
#[test]
fn generated_rows_have_the_generated_dates_and_labs() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("cohort");
    gen(&src, 40, 12, 3, 3);
    let x = extract_paths(std::slice::from_ref(&src));
    let truth = std::fs::read_to_string(src.join("gen-truth.tsv")).unwrap();
    let by_line: BTreeMap<(String, i32), &worklog_analyze::model::Task> = x
        .tasks
        .iter()
        .map(|t| ((t.source_path.clone(), t.source_line), t))
        .collect();
    let (mut checked, mut broken) = (0, 0);
    for line in truth.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (path, row, start, end, lab, planted) = (f[0], f[1], f[4], f[5], f[6], f[7]);
        if !planted.is_empty() {
            broken += 1;
            continue;
        }
        let t = by_line
            .get(&(path.to_string(), row.parse().unwrap()))
            .unwrap_or_else(|| panic!("{path}:{row} is not a task"));
        let shown = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(shown(t.start_date), start, "{path}:{row} start ({})", t.day);
        assert_eq!(shown(t.end_date), end, "{path}:{row} end ({})", t.day);
        if !lab.is_empty() {
            assert!(
                labs_of(&x, &t.task_id).contains(&lab.parse().unwrap()),
                "{path}:{row} lab {lab}"
            );
        }
        checked += 1;
    }
    assert!(
        checked > 4000 && broken > 0,
        "{checked} rows, {broken} broken"
    );
}

fn dataset_rows(dir: &Path) -> BTreeMap<String, Option<datafusion::arrow::array::RecordBatch>> {
    dir_files(dir)
        .into_keys()
        .filter(|k| k.ends_with(".parquet"))
        .map(|k| {
            let batches = read_parquet(&dir.join(&k));
            let batch = batches
                .first()
                .map(|b| concat_batches(&b.schema(), &batches).unwrap());
            (k, batch)
        })
        .collect()
}

/// Streaming in parallel windows writes the same rows, in the same order, as
/// extracting everything in memory and writing it at once, with one thread or many.
#[test]
fn streamed_dataset_equals_in_memory_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("cohort");
    // Enough sites for several chunks and windows.
    gen(&src, 90, 3, 9, 5);
    let streamed = tmp.path().join("streamed");
    let one = tmp.path().join("one-thread");
    let o = run_bin(&[
        "extract",
        src.to_str().unwrap(),
        "-q",
        "-o",
        streamed.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = bin()
        .env("RAYON_NUM_THREADS", "1")
        .args([
            "extract",
            src.to_str().unwrap(),
            "-q",
            "-o",
            one.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let memory = tmp.path().join("memory");
    let x = extract_paths(std::slice::from_ref(&src));
    write_dataset(&x, &memory, &WriteOptions::default()).unwrap();

    let (s, m, t) = (
        dataset_rows(&streamed),
        dataset_rows(&memory),
        dataset_rows(&one),
    );
    assert_eq!(s.keys().collect::<Vec<_>>(), m.keys().collect::<Vec<_>>());
    assert!(s.len() > 10, "{} files", s.len());
    for (k, batch) in &m {
        assert_eq!(&s[k], batch, "{k}: streamed differs from in memory");
        assert_eq!(&t[k], batch, "{k}: one thread differs");
    }
    let tasks: usize = m
        .iter()
        .filter(|(k, _)| k.starts_with("tasks/"))
        .map(|(_, b)| b.as_ref().map_or(0, |b| b.num_rows()))
        .sum();
    assert_eq!(tasks, x.tasks.len());
    // Batches are built on whichever thread extracted the chunk: the bytes
    // are the same with one thread or many.
    let parquet = |d: &Path| -> BTreeMap<String, Vec<u8>> {
        dir_files(d)
            .into_iter()
            .filter(|(k, _)| k.ends_with(".parquet"))
            .collect()
    };
    assert!(
        parquet(&streamed) == parquet(&one),
        "streamed and one-thread bytes differ"
    );
}

/// Batches built in week order split into the same week batches as batches
/// gathered by week afterwards, whatever order the rows come in.
#[test]
fn week_ordered_batches_split_like_gathered_ones() {
    use worklog_analyze::dataset::batch::{by_week, table_batch, table_batch_by_week};
    use worklog_analyze::dataset::Table;
    let mut x = extract_paths(&[sample_data()]);
    for reversed in [false, true] {
        if reversed {
            // Weeks out of order, and equal weeks in a different order.
            x.tasks.reverse();
            x.task_labs.reverse();
            x.task_topics.reverse();
            x.pages.reverse();
        }
        for table in Table::ALL.into_iter().filter(|t| t.partitioned()) {
            let gathered = by_week(&table_batch(&x, table).unwrap()).unwrap();
            let sliced = by_week(&table_batch_by_week(&x, table).unwrap()).unwrap();
            assert!(gathered.len() > 1, "{table:?}: {} weeks", gathered.len());
            assert_eq!(gathered, sliced, "{table:?}, reversed: {reversed}");
        }
    }
}

/// `extract` sets mimalloc's purge delay through `alloc-tune`, whose option
/// number is not exported by the binding: it must read as the purge delay
/// (mimalloc's documented default, 10 ms, until set) and take the new value.
#[test]
fn purge_delay_option_is_mimallocs() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        assert_eq!(
            alloc_tune::set_purge_delay_ms(1),
            Err(alloc_tune::Kept::UserChoice),
            "a user's MIMALLOC_PURGE_DELAY is kept"
        );
        return;
    }
    assert_eq!(
        alloc_tune::purge_delay_ms(),
        alloc_tune::DEFAULT_PURGE_DELAY_MS
    );
    assert_eq!(alloc_tune::set_purge_delay_ms(1), Ok(()));
    assert_eq!(alloc_tune::purge_delay_ms(), 1);
    // (Left at 1 ms: the delay only changes when freed pages go back to the
    // OS, which no other test of this process looks at.)
}

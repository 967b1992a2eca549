//! The AWS road against a real S3-compatible server (moto, started here on a
//! free port of 127.0.0.1 and stopped at the end), and the Athena DDL against
//! the Parquet files it describes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use datafusion::parquet::basic::{LogicalType, Type as Physical};
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use futures::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::{ObjectStore, ObjectStoreExt};

use crate::common::*;

/// A moto S3 server on a free local port; killed when dropped.
struct Moto {
    child: Child,
    port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Start it, or `None` (with a message) where moto is not installed; CI installs it.
    fn start() -> Option<Moto> {
        let ok = Command::new("python3")
            .args(["-c", "import moto.server"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have moto[server] (pip install -r tests/requirements.txt)"
            );
            eprintln!("skipped: python3 with moto[server] is not available (pip install -r tests/requirements.txt)");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto");
        let m = Moto { child, port };
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(t0.elapsed() < Duration::from_secs(30), "moto did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(m)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Create a bucket (moto takes an unsigned path-style PUT).
    fn bucket(&self, name: &str) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "PUT /{name} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    }

    fn store(&self, bucket: &str) -> Arc<dyn ObjectStore> {
        Arc::new(
            AmazonS3Builder::new()
                .with_endpoint(self.endpoint())
                .with_allow_http(true)
                .with_bucket_name(bucket)
                .with_region("us-east-1")
                .with_access_key_id("test")
                .with_secret_access_key("test")
                .build()
                .unwrap(),
        )
    }

    /// The binary with the standard AWS variables pointing at this server.
    fn bin(&self, args: &[&str]) -> Command {
        let mut c = bin();
        c.args(args)
            .env("AWS_ENDPOINT_URL", self.endpoint())
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .env_remove("AWS_PROFILE");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.bin(args).output().expect("spawn worklog-analyze")
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

/// Every object under `prefix`: key → bytes.
fn objects(store: &Arc<dyn ObjectStore>, prefix: &str) -> BTreeMap<String, Vec<u8>> {
    rt().block_on(async {
        let metas: Vec<object_store::ObjectMeta> = store
            .list(Some(&prefix.into()))
            .try_collect()
            .await
            .unwrap();
        let mut out = BTreeMap::new();
        for m in metas {
            let b = store.get(&m.location).await.unwrap().bytes().await.unwrap();
            out.insert(m.location.to_string(), b.to_vec());
        }
        out
    })
}

/// A moto server with bucket `wa-test`, and sample_data extracted to a temp folder.
fn setup() -> Option<(Moto, tempfile::TempDir, PathBuf)> {
    let moto = Moto::start()?;
    moto.bucket("wa-test");
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    Some((moto, tmp, ds))
}

#[test]
fn export_uploads_every_file_manifest_last_and_run_reads_it_in_place() {
    let Some((moto, _tmp, ds)) = setup() else {
        return;
    };
    let o = moto.run(&[
        "export",
        ds.to_str().unwrap(),
        "--to",
        "s3://wa-test/cohort-a",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("_manifest.json last"), "{}", stderr(&o));
    // The objects are the files, byte for byte.
    let store = moto.store("wa-test");
    let got: BTreeMap<String, Vec<u8>> = objects(&store, "cohort-a")
        .into_iter()
        .map(|(k, v)| (k.strip_prefix("cohort-a/").unwrap().to_string(), v))
        .collect();
    let want = dir_files(&ds);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    assert!(got == want, "an object differs from its file");
    // `run --data s3://…` gives the rows `run --data DIR` gives, for every bundled query.
    let mut args = vec!["run".to_string()];
    args.extend(bundled_queries().iter().map(|p| p.display().to_string()));
    args.extend(["--format".into(), "csv".into(), "--data".into()]);
    let with = |data: &str| {
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.push(data);
        moto.run(&a)
    };
    let local = with(ds.to_str().unwrap());
    let remote = with("s3://wa-test/cohort-a");
    assert!(remote.status.success(), "{}", stderr(&remote));
    assert_eq!(stdout(&remote), stdout(&local));
    assert!(stdout(&remote).contains("em-vo"));
    // `extract -o s3://…` writes straight to S3 through the same code path.
    let o = moto.run(&["extract", "sample_data", "-o", "s3://wa-test/direct"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(
            "wrote s3://wa-test/direct: 34 pages, 138 task rows, 75 tasks counted once,"
        ),
        "{}",
        stderr(&o)
    );
    let direct: Vec<String> = objects(&store, "direct").into_keys().collect();
    assert_eq!(direct.len(), want.len());
    let o = moto.run(&[
        "run",
        "-e",
        "SELECT COUNT(*) AS n FROM tasks WHERE is_primary",
        "--format",
        "csv",
        "--data",
        "s3://wa-test/direct",
    ]);
    assert_eq!(stdout(&o), "n\n75\n", "{}", stderr(&o));
    // A prefix with no dataset is a clear error.
    let o = moto.run(&[
        "run",
        "-e",
        "select 1",
        "--data",
        "s3://wa-test/nothing-here",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no _manifest.json"), "{}", stderr(&o));
}

/// The keys of `objects(store, prefix)`.
fn keys(store: &Arc<dyn ObjectStore>, prefix: &str) -> BTreeSet<String> {
    objects(store, prefix).into_keys().collect()
}

/// The lines of `text` that start with `tag`, without it.
fn tagged(text: &str, tag: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix(tag))
        .map(str::to_string)
        .collect()
}

/// CSV records (header included), not lines: quoted fields may hold line breaks.
fn csv_records(text: &str) -> usize {
    let mut quoted = false;
    text.chars()
        .filter(|c| {
            if *c == '"' {
                quoted = !quoted;
            }
            *c == '\n' && !quoted
        })
        .count()
}

/// A dataset of `interns` generated sites of 2 weeks (`gen --seed seed`),
/// extracted into `dir/two`.
fn two_week_dataset(dir: &Path, interns: &str, seed: &str) -> PathBuf {
    let cohort = dir.join("cohort");
    let two = dir.join("two");
    let o = run_bin(&[
        "gen",
        "--interns",
        interns,
        "--weeks",
        "2",
        "--seed",
        seed,
        "-o",
        cohort.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_bin(&[
        "extract",
        cohort.to_str().unwrap(),
        "-q",
        "-o",
        two.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    two
}

#[test]
fn re_export_replaces_the_previous_dataset_and_nothing_else() {
    let Some((moto, tmp, five)) = setup() else {
        return;
    };
    // The new cohort: 3 generated sites of 2 weeks.
    let two = two_week_dataset(tmp.path(), "3", "7");
    let store = moto.store("wa-test");
    // Not the tool's: a note under the prefix, and a sibling prefix spelled alike.
    rt().block_on(async {
        for k in ["p/notes.txt", "p2/tasks/week=3/part-00000.parquet"] {
            store.put(&k.into(), "mine".into()).await.unwrap();
        }
    });
    let export = |ds: &std::path::Path, extra: &[&str]| {
        let mut a = vec!["export", ds.to_str().unwrap(), "--to", "s3://wa-test/p"];
        a.extend(extra);
        moto.run(&a)
    };
    let o = export(&five, &["--quicksight"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 stale objects removed"),
        "{}",
        stderr(&o)
    );
    let before = keys(&store, "p");
    assert!(
        before.contains("p/tasks/week=5/part-00000.parquet"),
        "{before:?}"
    );
    let qs: BTreeSet<String> = before
        .iter()
        .filter(|k| k.starts_with("p/quicksight/"))
        .cloned()
        .collect();
    assert_eq!(qs.len(), 10, "{qs:?}");
    let mine = BTreeSet::from(["p/notes.txt".to_string()]);
    let two_keys: BTreeSet<String> = dir_files(&two)
        .into_keys()
        .map(|rel| format!("p/{rel}"))
        .collect();
    let url = |k: &String| format!("s3://wa-test/{k}");

    // --dry-run lists exactly the objects the 2-week dataset lacks, and does nothing.
    let o = export(&two, &["--quicksight", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stale: BTreeSet<String> = before
        .iter()
        .filter(|k| !two_keys.contains(*k) && !qs.contains(*k) && !mine.contains(*k))
        .map(url)
        .collect();
    assert_eq!(tagged(&stdout(&o), "remove "), stale);
    assert!(
        stale.iter().all(|k| ["week=3/", "week=4/", "week=5/"]
            .iter()
            .any(|w| k.contains(w))),
        "only the old cohort's weeks 3-5 are stale: {stale:?}"
    );
    // Weeks 3-5 of the four partitioned tables, but task_labs has no week 5
    // (no lab is named that week): 11.
    assert_eq!(stale.len(), 11, "{stale:?}");
    assert_eq!(keys(&store, "p"), before);

    let o = export(&two, &["--quicksight"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{} stale objects removed", stale.len())),
        "{}",
        stderr(&o)
    );
    // The prefix holds exactly the 2-week dataset (byte for byte), its CSVs, and the note.
    let after = objects(&store, "p");
    let want: BTreeSet<String> = two_keys.iter().chain(&qs).chain(&mine).cloned().collect();
    assert_eq!(after.keys().cloned().collect::<BTreeSet<_>>(), want);
    for (rel, bytes) in dir_files(&two) {
        assert!(after[&format!("p/{rel}")] == bytes, "{rel} differs");
    }
    assert_eq!(after["p/notes.txt"], b"mine");
    assert_eq!(keys(&store, "p2").len(), 1);
    // Readers see the 2 weeks only: `run --data s3://…` as on the local folder,
    // and the QuickSight CSV holds the new cohort's rows.
    let weeks = "SELECT week, count(*) AS n FROM tasks GROUP BY week ORDER BY week";
    let q = |data: &str| moto.run(&["run", "-e", weeks, "--format", "csv", "--data", data]);
    let remote = q("s3://wa-test/p");
    assert!(remote.status.success(), "{}", stderr(&remote));
    assert_eq!(stdout(&remote), stdout(&q(two.to_str().unwrap())));
    let week_col: Vec<String> = stdout(&remote)
        .lines()
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(week_col, ["week", "1", "2"]);
    let n = moto.run(&[
        "run",
        "-e",
        "SELECT count(*) AS n FROM tasks",
        "--format",
        "csv",
        "--data",
        "s3://wa-test/p",
    ]);
    let tasks: usize = stdout(&n).lines().nth(1).unwrap().parse().unwrap();
    let csv = String::from_utf8(after["p/quicksight/tasks/tasks.csv"].clone()).unwrap();
    assert!(
        !csv.contains("an-nguyen"),
        "the old cohort's rows are gone from the CSV"
    );
    assert_eq!(csv_records(&csv), 1 + tasks);

    // Re-exported without --quicksight, the previous CSVs and manifests go too.
    let o = export(&two, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("10 stale objects removed"),
        "{}",
        stderr(&o)
    );
    let want: BTreeSet<String> = two_keys.iter().chain(&mine).cloned().collect();
    assert_eq!(keys(&store, "p"), want);
}

#[test]
fn a_server_stopped_mid_export_is_a_clear_error_and_exit_1() {
    let Some((moto, _tmp, ds)) = setup() else {
        return;
    };
    let store = moto.store("wa-test");
    let child = moto
        .bin(&["export", ds.to_str().unwrap(), "--to", "s3://wa-test/cut"])
        .env("WORKLOG_ANALYZE_TEST_UPLOAD_DELAY_MS", "300")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while objects(&store, "cut").is_empty() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "nothing was uploaded"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(moto);
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("failed after writing"), "{err}");
    assert!(err.contains("the manifest was not written"), "{err}");
    assert!(
        err.contains("s3://wa-test/cut/"),
        "lists what was written: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_server_stopped_after_the_manifest_says_the_new_dataset_is_complete() {
    let Some((moto, tmp, five)) = setup() else {
        return;
    };
    let two = two_week_dataset(tmp.path(), "2", "1");
    let o = moto.run(&["export", five.to_str().unwrap(), "--to", "s3://wa-test/p"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = moto.store("wa-test");
    let new_manifest = std::fs::read(two.join("_manifest.json")).unwrap();
    let child = moto
        .bin(&["export", two.to_str().unwrap(), "--to", "s3://wa-test/p"])
        .env("WORKLOG_ANALYZE_TEST_UPLOAD_DELAY_MS", "500")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stop the server once the new manifest is there: removals wait 500 ms each.
    let t0 = Instant::now();
    let manifest = || {
        rt().block_on(async {
            let got = store.get(&"p/_manifest.json".into()).await.ok()?;
            Some(got.bytes().await.ok()?.to_vec())
        })
    };
    while manifest() != Some(new_manifest.clone()) {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the manifest was never written"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(moto);
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("_manifest.json last, then failed removing stale objects ("),
        "{err}"
    );
    assert!(err.contains("the new dataset is complete"), "{err}");
    assert!(err.contains("run the export again to remove them"), "{err}");
    assert!(!err.contains("the manifest was not written"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn quicksight_manifests_point_at_the_csv_files_written() {
    let Some((moto, _tmp, ds)) = setup() else {
        return;
    };
    let o = moto.run(&[
        "export",
        ds.to_str().unwrap(),
        "--to",
        "s3://wa-test/qs",
        "--quicksight",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let objs = objects(&moto.store("wa-test"), "qs");
    let manifests: Vec<&String> = objs
        .keys()
        .filter(|k| k.ends_with(".manifest.json"))
        .collect();
    assert_eq!(manifests.len(), 5, "{manifests:?}");
    for m in manifests {
        let j: serde_json::Value = serde_json::from_slice(&objs[m]).unwrap();
        // The keys as AWS documents the S3 manifest format, and no others.
        let keys = |v: &serde_json::Value| {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(&j), ["fileLocations", "globalUploadSettings"]);
        assert_eq!(
            keys(&j["globalUploadSettings"]),
            ["containsHeader", "delimiter", "format", "textqualifier"]
        );
        assert_eq!(keys(&j["fileLocations"][0]), ["URIPrefixes"]);
        assert_eq!(j["globalUploadSettings"]["format"], "CSV");
        assert_eq!(j["globalUploadSettings"]["textqualifier"], "\"");
        assert_eq!(j["globalUploadSettings"]["containsHeader"], "true");
        for p in j["fileLocations"][0]["URIPrefixes"].as_array().unwrap() {
            let prefix = p.as_str().unwrap().strip_prefix("s3://wa-test/").unwrap();
            let files: Vec<&String> = objs.keys().filter(|k| k.starts_with(prefix)).collect();
            assert!(!files.is_empty(), "{p} names no file");
            for f in files {
                let text = String::from_utf8(objs[f].clone()).unwrap();
                assert!(
                    text.starts_with(if f.contains("diagnostics") {
                        "source_path,"
                    } else if f.contains("/pages/") {
                        "page_id,"
                    } else {
                        "task_id,"
                    }),
                    "{f}: {}",
                    &text[..40.min(text.len())]
                );
            }
        }
    }
    let tasks_csv = String::from_utf8(objs["qs/quicksight/tasks/tasks.csv"].clone()).unwrap();
    // Records, not lines: details keep their line breaks inside quoted fields (RFC 4180).
    let mut quoted = false;
    let records = tasks_csv
        .chars()
        .filter(|c| {
            if *c == '"' {
                quoted = !quoted;
            }
            *c == '\n' && !quoted
        })
        .count();
    assert_eq!(records, 1 + 138);
}

/// (name, Athena type) of each column of `table` in the DDL text.
fn ddl_columns(ddl: &str, table: &str) -> Vec<(String, String)> {
    let start = ddl.find(&format!("worklogs.{table} (")).unwrap();
    let body = &ddl[start..];
    let body = &body[body.find('(').unwrap() + 1..body.find("\n)").unwrap()];
    let mut cols: Vec<(String, String)> = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut w = l.split_whitespace();
            (
                w.next().unwrap().trim_matches('`').to_string(),
                w.next().unwrap().to_string(),
            )
        })
        .collect();
    if let Some(p) = ddl[start..].find("PARTITIONED BY (") {
        let next_table = ddl[start + 1..]
            .find("CREATE EXTERNAL")
            .map_or(usize::MAX, |n| n + 1);
        if p < next_table {
            cols.push(("week".into(), "int".into()));
        }
    }
    cols
}

#[test]
fn athena_ddl_matches_the_parquet_files() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = extract_sample(tmp.path());
    let o = run_bin(&[
        "athena",
        "--location",
        "s3://my-bucket/worklogs",
        "--data",
        ds.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ddl = stdout(&o);
    insta::assert_snapshot!("athena_ddl", ddl);
    for table in ["tasks", "task_labs", "task_topics", "pages", "diagnostics"] {
        let cols = ddl_columns(&ddl, table);
        let file = walkdir::WalkDir::new(ds.join(table))
            .into_iter()
            .map(|e| e.unwrap())
            .find(|e| e.path().extension().is_some_and(|x| x == "parquet"))
            .unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(file.path()).unwrap()).unwrap();
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let mut file_cols: Vec<(String, String)> = Vec::new();
        for c in schema.columns() {
            // No type Athena cannot read: INT96, unsigned integers, nanosecond timestamps.
            assert_ne!(c.physical_type(), Physical::INT96, "{table}.{}", c.name());
            match c.logical_type_ref() {
                Some(LogicalType::Integer(int)) => {
                    assert!(int.is_signed, "{table}.{}", c.name())
                }
                // Athena reads millisecond timestamps; nanoseconds it cannot.
                Some(LogicalType::Timestamp(t)) => assert!(
                    matches!(t.unit, datafusion::parquet::basic::TimeUnit::MILLIS),
                    "{table}.{}: timestamp unit {:?}",
                    c.name(),
                    t.unit
                ),
                _ => {}
            }
            let athena = match (c.physical_type(), c.logical_type_ref()) {
                (Physical::BYTE_ARRAY, Some(LogicalType::String)) => "string",
                (Physical::INT32, Some(LogicalType::Date)) => "date",
                (Physical::INT64, Some(LogicalType::Timestamp(_))) => "timestamp",
                (Physical::INT32, _) => "int",
                (Physical::INT64, _) => "bigint",
                (Physical::DOUBLE, _) => "double",
                (Physical::BOOLEAN, _) => "boolean",
                other => panic!("{table}.{}: unexpected {other:?}", c.name()),
            };
            file_cols.push((c.name().to_string(), athena.to_string()));
        }
        if table != "diagnostics" {
            file_cols.push(("week".into(), "int".into()));
        }
        assert_eq!(cols, file_cols, "{table}");
    }
}

/// S3 failures said once, with what to do: a missing bucket, no credentials, a
/// server that is not there.
#[test]
fn s3_errors_say_what_happened_and_what_to_do() {
    let Some((moto, _tmp, ds)) = setup() else {
        return;
    };
    let ds = ds.to_str().unwrap();
    // A missing bucket: named, and nothing listed as written.
    let o = moto.run(&["export", ds, "--to", "s3://no-such-bucket/x"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("bucket no-such-bucket does not exist (NoSuchBucket): create it"),
        "{err}"
    );
    assert!(
        err.contains("nothing was written or removed under s3://no-such-bucket/x"),
        "{err}"
    );
    assert!(!err.contains("objects written"), "{err}");
    let o = moto.run(&[
        "athena",
        "--location",
        "s3://b/x",
        "--data",
        "s3://no-such-bucket/x",
    ]);
    assert!(
        stderr(&o).contains("bucket no-such-bucket does not exist"),
        "{}",
        stderr(&o)
    );
    // A prefix without a dataset.
    let o = moto.run(&["run", "--data", "s3://wa-test/nothing", "-e", "SELECT 1"]);
    assert!(
        stderr(&o).contains("s3://wa-test/nothing holds no worklog-analyze dataset"),
        "{}",
        stderr(&o)
    );
    // No credentials: the variables to set are named (the metadata service
    // asked instead is a closed local port here, not 169.254.169.254).
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let o = moto
        .bin(&["run", "--data", "s3://wa-test/x", "-e", "SELECT 1"])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env(
            "AWS_METADATA_ENDPOINT",
            format!("http://127.0.0.1:{closed}"),
        )
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // The server is not there: said once, with the endpoint.
    let o = moto
        .bin(&["run", "--data", "s3://wa-test/x", "-e", "SELECT 1"])
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{closed}"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains(&format!("cannot reach http://127.0.0.1:{closed} (")),
        "{err}"
    );
    assert!(err.contains("AWS_ENDPOINT_URL"), "{err}");
    assert!(!err.contains("Error performing"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let o = moto
        .bin(&["export", ds, "--to", "s3://wa-test/x"])
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{closed}"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(err.matches("cannot reach").count(), 1, "{err}");
    assert!(err.contains("nothing was written or removed"), "{err}");
}

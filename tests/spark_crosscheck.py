#!/usr/bin/env python3
"""Cross-check the Athena DDL and the bundled SQL on Spark SQL against worklog-analyze (DataFusion).

Usage:
    python3 tests/spark_crosscheck.py --bin PATH_TO_BINARY --data DATASET_DIR [--data DIR ...] \
        --queries FILE.sql [FILE.sql ...]

What EMR or Glue would do with an exported dataset, in one local Spark session (local[2],
Hive catalog: an in-memory Derby metastore, the warehouse in a temporary folder):

1. For each dataset, `BIN athena --location s3://spark-crosscheck/worklogs --database
   worklogs_N --data DIR` prints the DDL; its location is swapped to the local folder
   (file:DIR/) and every statement runs unchanged.  Partition projection is Athena's:
   Spark ignores those table properties, so `MSCK REPAIR TABLE` registers the `week=N`
   folders, and SHOW PARTITIONS must list exactly the folders on disk.
2. Every table is read whole (SELECT * FROM table) and compared with the binary's rows:
   this checks each column's DDL type against the Parquet files, columns no query reads
   included.
3. Every statement of every query file runs with `USE worklogs_N`, and each result is
   compared with the binary's (`BIN run FILE --data DIR --format json`), as
   duckdb_crosscheck.py does: same columns in order, same rows as multisets after
   normalising values (dates and timestamps as ISO strings, numbers within 1e-9 relative),
   and the same order where the statement has a top-level ORDER BY.

The binary's runs go first, in a background thread, while the JVM starts.

Prints one line per result ("ok  LABEL (N rows)" or "FAIL  LABEL: ..."), then
"N passed, M failed".  Exit status: 0 all passed, 1 any failed, 2 usage/setup error
(no pyspark, no Java, a DDL statement Spark rejects, a binary that fails).
Needs pyspark 4 (pip install pyspark) and Java 17 or later.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no tests/__pycache__ in the clone
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb_crosscheck as cc  # noqa: E402  (statement splitting, value normalising, comparing)

LOCATION = "s3://spark-crosscheck/worklogs"


class SetupError(Exception):
    pass


def first_line(e):
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def athena_ddl(binary, data, database):
    """The binary's DDL for data, its location swapped to the local folder."""
    cmd = [binary, "athena", "--location", LOCATION, "--database", database, "--data", data]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SetupError("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()[:500]))
    # Every LOCATION (and Athena's storage.location.template) starts with LOCATION + '/'.
    n = p.stdout.count(LOCATION + "/")
    if n == 0:
        raise SetupError("the DDL names no location under %s" % LOCATION)
    return p.stdout.replace(LOCATION + "/", "file:" + data.rstrip("/") + "/")


def start_spark(tmp, extra_conf=()):
    """One local Spark session with a Hive catalog kept in tmp."""
    os.environ["TZ"] = "UTC"  # collect() turns timestamps into naive local datetimes
    time.tzset()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode needs no network interface
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SetupError("the pyspark package is not importable; install it with `pip install pyspark`")
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("worklog-analyze spark crosscheck")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", os.path.join(tmp, "warehouse"))
        # The Hive metastore in an in-memory Derby database: nothing left behind, and its
        # schema (~70 tables) is created faster than in a file database.
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:memory:metastore;create=true")
        # Small data on a small machine: no adaptive re-planning or generated code to compile,
        # one shuffle partition, the JVM's quick compiler only.  Same SQL semantics.
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.driver.extraJavaOptions",
                "-Dderby.system.home=%s -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" % tmp)
        .enableHiveSupport()
    )
    for kv in extra_conf:
        k, _, v = kv.partition("=")
        builder = builder.config(k, v)
    try:
        spark = builder.getOrCreate()
    except Exception as e:  # no Java, or a JVM that cannot start
        raise SetupError("cannot start Spark: %s" % first_line(e))
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_results(spark, statements):
    """Run statements; return [(sql, columns, rows)] for the result-producing ones.
    Raises RuntimeError(statement index, message) on an error."""
    out = []
    for idx, sql in enumerate(statements):
        try:
            df = spark.sql(sql)
            if cc.produces_result(sql):
                rows = [tuple(cc.norm(v) for v in r) for r in df.collect()]
                out.append((sql, list(df.columns), rows))
        except Exception as e:
            raise RuntimeError(idx, first_line(e))
    return out


def ddl_tables(ddl):
    """[(database-qualified name, partitioned)] of the DDL's CREATE EXTERNAL TABLE statements."""
    out = []
    for sql in cc.split_statements(ddl):
        m = re.search(r"^CREATE EXTERNAL TABLE IF NOT EXISTS (\S+) \(", sql, re.M)
        if m:
            out.append((m.group(1), "PARTITIONED BY" in sql))
    return out


def create_tables(spark, ddl, data):
    """Run the DDL, then repair each partitioned table's partitions and check them."""
    for sql in cc.split_statements(ddl):
        try:
            spark.sql(sql)
        except Exception as e:
            head = next((ln for ln in sql.splitlines() if ln.startswith("CREATE")), sql)
            raise SetupError("Spark rejects the athena DDL statement %r: %s" % (head[:80], first_line(e)))
    for name, partitioned in ddl_tables(ddl):
        if not partitioned:
            continue
        spark.sql("MSCK REPAIR TABLE %s" % name)
        folder = os.path.join(data, name.split(".")[-1].strip("`"))
        on_disk = sorted(d for d in os.listdir(folder) if d.startswith("week="))
        found = sorted(r[0] for r in spark.sql("SHOW PARTITIONS %s" % name).collect())
        if found != on_disk:
            raise SetupError("MSCK REPAIR TABLE %s registered %s, the folder holds %s" % (name, found, on_disk))


def start_binary_runs(pool, binary, data, database, queries, tmp):
    """Get the DDL and start every binary run for one dataset on pool, so that they
    overlap Spark's start.  Returns (ddl, [(table, SELECT * statement)], {file: future})
    where each future gives cc.binary_results' (texts, error)."""
    ddl = athena_ddl(binary, data, database)
    tables = [(name.split(".")[-1], "SELECT * FROM %s" % name.split(".")[-1]) for name, _ in ddl_tables(ddl)]
    tables_sql = os.path.join(tmp, "%s-tables.sql" % database)
    with open(tables_sql, "w", encoding="utf-8") as fh:
        fh.write("".join(sql + ";\n" for _, sql in tables))
    runs = {}
    for path in [tables_sql] + queries:
        outdir = tempfile.mkdtemp(prefix="bin-", dir=tmp)
        runs[path] = pool.submit(cc.binary_results, binary, data, path, outdir)
    return ddl, tables, tables_sql, runs


def check(label, sql, spark_res, text):
    objs, problem = cc.parse_binary_json(text, False)
    if problem:
        return False, "FAIL  %s: %s" % (label, problem)
    _, cols, rows = spark_res
    ok, msg = cc.compare(label, sql, cols, rows, objs, False, engine="spark")
    if ok:
        return True, "ok  %s (%d rows)" % (label, len(rows))
    return False, "FAIL  %s: %s" % (label, msg)


def check_dataset(spark, data, database, prepared, queries):
    """Yield (ok, line) per result, (None, line) for a timing."""
    ddl, tables, tables_sql, runs = prepared
    tag = os.path.basename(data.rstrip("/"))
    t0 = time.monotonic()
    create_tables(spark, ddl, data)
    spark.sql("USE %s" % database)
    yield None, "%s: DDL run and partitions repaired in %.1f s" % (tag, time.monotonic() - t0)

    # Whole tables: every column's type as the DDL declares it, read from the files.
    texts, err = runs[tables_sql].result()
    if err or len(texts) != len(tables):
        raise SetupError(err or "binary wrote %d results for %d tables" % (len(texts), len(tables)))
    for (t, sql), text in zip(tables, texts):
        try:
            res = spark_results(spark, [sql])[0]
        except RuntimeError as e:
            yield False, "FAIL  %s: table %s: spark: %s" % (tag, t, e.args[1])
            continue
        yield check("%s: table %s" % (tag, t), sql, res, text)

    for path in queries:
        name = "%s: %s" % (tag, os.path.basename(path))
        with open(path, encoding="utf-8") as fh:
            statements = cc.split_statements(fh.read())
        try:
            res = spark_results(spark, statements)
            sp_err = None
        except RuntimeError as e:
            idx, msg = e.args
            res, sp_err = None, "spark failed on statement %d: %s" % (idx + 1, msg)
        texts, bin_err = runs[path].result()
        if bin_err or sp_err:
            yield False, "FAIL  %s: %s" % (name, "; ".join(x for x in (bin_err, sp_err) if x))
            continue
        if len(texts) != len(res) or not res:
            yield False, "FAIL  %s: binary wrote %d result(s), spark produced %d" % (name, len(texts), len(res))
            continue
        for k, (r, text) in enumerate(zip(res, texts), start=1):
            yield check(name if k == 1 else "%s #%d" % (name, k), r[0], r, text)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Cross-check the athena DDL and SQL results on Spark SQL.")
    ap.add_argument("--bin", required=True, help="path to the worklog-analyze binary")
    ap.add_argument("--data", required=True, action="append", help="extracted dataset folder (repeatable)")
    ap.add_argument("--queries", required=True, nargs="+", metavar="FILE.sql", help="query files")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                    help="extra Spark configuration (repeatable)")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0

    binary = os.path.abspath(args.bin)
    datasets = [os.path.abspath(d) for d in args.data]
    queries = [os.path.abspath(q) for q in args.queries]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="spark-crosscheck-") as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)  # derby.log and any relative Spark folder stay in tmp
        spark = pool = None
        try:
            if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
                raise SetupError("binary %s is missing or not executable" % args.bin)
            for d in datasets:
                if not os.path.isdir(d):
                    raise SetupError("dataset folder %s does not exist" % d)
            for q in queries:
                if not os.path.isfile(q):
                    raise SetupError("query file %s does not exist" % q)
            pool = ThreadPoolExecutor(max_workers=1)
            names = ["worklogs_%d" % n for n in range(1, len(datasets) + 1)]
            prepared = [start_binary_runs(pool, binary, d, db, queries, tmp) for d, db in zip(datasets, names)]
            t0 = time.monotonic()
            spark = start_spark(tmp, args.conf)
            print("spark %s started in %.1f s" % (spark.version, time.monotonic() - t0), flush=True)
            for d, db, prep in zip(datasets, names, prepared):
                t1 = time.monotonic()
                for ok, line in check_dataset(spark, d, db, prep, queries):
                    print(line, flush=True)
                    if ok:
                        passed += 1
                    elif ok is not None:
                        failed += 1
                print("%s checked in %.1f s" % (d, time.monotonic() - t1), flush=True)
        except SetupError as e:
            print("error: %s" % e, file=sys.stderr)
            return 2
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            if spark is not None:
                spark.stop()
            os.chdir(cwd)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

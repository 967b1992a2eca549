#!/usr/bin/env python3
"""Cross-check bundled SQL queries: worklog-analyze (DataFusion) against DuckDB.

Usage:
    python3 tests/duckdb_crosscheck.py --bin PATH_TO_BINARY --data DATASET_DIR \
        --queries FILE.sql [FILE.sql ...] [--lenient-json]

For every query file the binary runs
    BIN run FILE --data DIR --format json --out TMPDIR
which writes TMPDIR/<stem>.json, <stem>-2.json, <stem>-3.json ... (one JSON array of
objects per result-producing statement).  The same file's statements then run in a
fresh in-memory DuckDB over the same Parquet files:

    tasks, task_labs, task_topics, pages
        read_parquet('DIR/<table>/*/*.parquet', hive_partitioning = true,
                     hive_types = {'week': INTEGER})
    diagnostics
        read_parquet('DIR/diagnostics/*.parquet')

Statements are split on ';' outside quotes and comments.  A statement produces a result
when its first keyword is SELECT, WITH, VALUES, TABLE, FROM, SHOW, DESCRIBE or EXPLAIN;
other statements (CREATE VIEW ...) are run for their effect only, as the binary does.

Each result is compared: same column names (in order), same number of rows, and the
same rows as multisets after normalising values (numbers equal within 1e-9 relative,
dates and timestamps as ISO strings, NULL == null).  When the statement has a top-level
ORDER BY the row order must match as well ("order differs" is a failure).

By default the binary's JSON must be complete and valid: every row must carry every
column (a NULL written as an absent key is reported), and an empty result must be a
valid JSON array.  --lenient-json reads absent keys as NULL and accepts the "[][]" an
empty result currently produces, so the SQL itself can be checked while those output
issues are open.

Prints one line per result ("ok  FILE (N rows)" or "FAIL  FILE ..."), then
"N passed, M failed".  Exit status: 0 all passed, 1 any failed, 2 usage/setup error.
Needs only the Python standard library and the duckdb package (pip install duckdb).
"""

import argparse
import datetime
import decimal
import json
import math
import os
import re
import subprocess
import sys
import tempfile

PARTITIONED_TABLES = ("tasks", "task_labs", "task_topics", "pages")
RESULT_KEYWORDS = {"select", "with", "values", "table", "from", "show", "describe", "explain"}
REL_TOL = 1e-9
ABS_TOL = 1e-12
MAX_SHOWN = 3


class SetupError(Exception):
    pass


# ---------------------------------------------------------------- SQL text

def strip_comments_and_strings(sql, keep_strings=False):
    """Return sql with comments removed (replaced by a space) and, unless keep_strings,
    string literals replaced by ''.  Quoted identifiers are kept."""
    out = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "'" or c == '"':
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            lit = sql[i:j + 1]
            out.append(lit if (keep_strings or c == '"') else "''")
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
            out.append(" ")
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_statements(text):
    """Split on ';' outside string literals, quoted identifiers and comments.
    Returns the statements that hold any SQL (comments-only chunks are dropped)."""
    stmts = []
    buf = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "'" or c == '"':
            j = i + 1
            while j < n:
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            buf.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            buf.append(text[i:j])
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            buf.append(text[i:j])
            i = j
        elif c == ";":
            stmts.append("".join(buf))
            buf = []
            i += 1
        else:
            buf.append(c)
            i += 1
    stmts.append("".join(buf))
    return [s.strip() for s in stmts if strip_comments_and_strings(s).strip()]


def first_keyword(sql):
    s = strip_comments_and_strings(sql).lstrip().lstrip("(").lstrip()
    m = re.match(r"[A-Za-z_]+", s)
    return m.group(0).lower() if m else ""


def produces_result(sql):
    return first_keyword(sql) in RESULT_KEYWORDS


def has_top_level_order_by(sql):
    s = strip_comments_and_strings(sql)
    depth = 0
    flat = []
    for c in s:
        if c == "(":
            depth += 1
            flat.append(" ")
        elif c == ")":
            depth -= 1
            flat.append(" ")
        else:
            flat.append(c if depth == 0 else " ")
    return re.search(r"\border\s+by\b", "".join(flat), re.IGNORECASE) is not None


# ---------------------------------------------------------------- values

def norm_ts_string(s):
    """'2025-01-01 10:00:00.000' / '2025-01-01T10:00:00' -> '2025-01-01T10:00:00'."""
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", s)
    if not m:
        return s
    frac = (m.group(3) or "").rstrip("0")
    if frac == ".":
        frac = ""
    tz = m.group(4) or ""
    if tz in ("Z", "+00:00", "+0000"):
        tz = ""
    return "%sT%s%s%s" % (m.group(1), m.group(2), frac, tz)


def norm(v):
    """Normalise one value to a comparable Python value: None, bool, int/float, str."""
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return norm_ts_string(v.isoformat())
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, datetime.time):
        return v.isoformat()
    if isinstance(v, str):
        return norm_ts_string(v)
    if isinstance(v, (list, tuple)):
        return json.dumps([norm(x) for x in v], sort_keys=True, default=str)
    if isinstance(v, dict):
        return json.dumps({str(k): norm(x) for k, x in v.items()}, sort_keys=True, default=str)
    return str(v)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def values_equal(a, b):
    if a is None or b is None:
        return a is None and b is None
    if is_num(a) and is_num(b):
        fa, fb = float(a), float(b)
        if math.isnan(fa) or math.isnan(fb):
            return math.isnan(fa) and math.isnan(fb)
        return math.isclose(fa, fb, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    if type(a) is bool or type(b) is bool:
        return a is b
    return a == b


def rows_equal(ra, rb):
    return len(ra) == len(rb) and all(values_equal(x, y) for x, y in zip(ra, rb))


def sort_key(row):
    key = []
    for v in row:
        if v is None:
            key.append((0, 0, ""))
        elif isinstance(v, bool):
            key.append((1, int(v), ""))
        elif is_num(v):
            f = float(v)
            key.append((2, float("%.9g" % f) if math.isfinite(f) else f, ""))
        else:
            key.append((3, 0, str(v)))
    return key


def fmt_row(cols, row):
    return "{" + ", ".join("%s: %s" % (c, json.dumps(v, ensure_ascii=False)) for c, v in zip(cols, row)) + "}"


# ---------------------------------------------------------------- engines

def open_duckdb(duckdb, data):
    con = duckdb.connect(":memory:")
    con.execute("SET threads = 1")
    for t in PARTITIONED_TABLES:
        pattern = os.path.join(data, t, "*", "*.parquet").replace("'", "''")
        con.execute(
            "CREATE VIEW %s AS SELECT * FROM read_parquet('%s', hive_partitioning = true, "
            "hive_types = {'week': INTEGER})" % (t, pattern)
        )
    pattern = os.path.join(data, "diagnostics", "*.parquet").replace("'", "''")
    con.execute("CREATE VIEW diagnostics AS SELECT * FROM read_parquet('%s')" % pattern)
    return con


def duckdb_results(duckdb, data, statements):
    """Run statements in a fresh DuckDB; return a list of (sql, columns, rows) for the
    result-producing ones.  Raises RuntimeError(statement index, message) on error."""
    con = open_duckdb(duckdb, data)
    out = []
    try:
        for idx, sql in enumerate(statements):
            try:
                cur = con.execute(sql)
                if produces_result(sql):
                    cols = [d[0] for d in cur.description]
                    rows = [tuple(norm(v) for v in r) for r in cur.fetchall()]
                    out.append((sql, cols, rows))
            except duckdb.Error as e:
                raise RuntimeError(idx, str(e).strip())
    finally:
        con.close()
    return out


def binary_results(binary, data, path, outdir):
    """Run the binary; return (list of raw JSON texts in result order, error or None)."""
    stem = os.path.splitext(os.path.basename(path))[0]
    cmd = [binary, "run", path, "--data", data, "--format", "json", "--out", outdir]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    texts = []
    n = 1
    while True:
        name = stem if n == 1 else "%s-%d" % (stem, n)
        f = os.path.join(outdir, name + ".json")
        if not os.path.exists(f):
            break
        with open(f, encoding="utf-8") as fh:
            texts.append(fh.read())
        n += 1
    err = None
    if p.returncode != 0:
        err = "binary exited %d: %s" % (p.returncode, (p.stderr.strip() or p.stdout.strip())[:500])
    return texts, err


def parse_binary_json(text, lenient):
    """Return (list of dicts, problem or None)."""
    stripped = text.strip()
    if lenient and stripped == "[][]":
        return [], None
    try:
        val = json.loads(text)
    except json.JSONDecodeError as e:
        return None, "binary wrote invalid JSON (%s): %r" % (e.msg, stripped[:60])
    if not isinstance(val, list) or not all(isinstance(r, dict) for r in val):
        return None, "binary JSON is not an array of objects: %r" % stripped[:60]
    return val, None


# ---------------------------------------------------------------- compare

def compare(label, sql, ddb_cols, ddb_rows, objs, lenient, engine="duckdb"):
    """Return (ok, message).  engine names the other side in messages (spark_crosscheck.py
    compares with Spark)."""
    problems = []
    # Columns: JSON carries names only as object keys.
    missing_any = []
    for i, o in enumerate(objs):
        keys = list(o.keys())
        extra = [k for k in keys if k not in ddb_cols]
        if extra:
            return False, "columns differ: binary has %s, %s has %s" % (keys, engine, ddb_cols)
        order = [c for c in ddb_cols if c in o]
        if keys != order:
            return False, "column order differs: binary %s, %s %s" % (keys, engine, ddb_cols)
        if len(keys) != len(ddb_cols):
            missing_any.append((i, [c for c in ddb_cols if c not in o]))
    if missing_any and not lenient:
        i, cols = missing_any[0]
        return False, ("binary JSON omits keys in %d of %d rows (first: row %d lacks %s); "
                       "NULLs must be written as null" % (len(missing_any), len(objs), i + 1, ", ".join(cols)))
    bin_rows = [tuple(norm(o.get(c)) for c in ddb_cols) for o in objs]

    if len(bin_rows) != len(ddb_rows):
        problems.append("row count differs: binary %d, %s %d" % (len(bin_rows), engine, len(ddb_rows)))
    if not problems and all(rows_equal(a, b) for a, b in zip(bin_rows, ddb_rows)):
        return True, None

    sb = sorted(bin_rows, key=sort_key)
    sd = sorted(ddb_rows, key=sort_key)
    if not problems and all(rows_equal(a, b) for a, b in zip(sb, sd)):
        if has_top_level_order_by(sql):
            for k, (a, b) in enumerate(zip(bin_rows, ddb_rows)):
                if not rows_equal(a, b):
                    return False, ("order differs at row %d:\n      binary: %s\n      %s: %s"
                                   % (k + 1, fmt_row(ddb_cols, a), engine, fmt_row(ddb_cols, b)))
        return True, None

    # Show the rows only one side has (multiset difference, tolerant matching).
    only_bin, only_ddb = [], list(sd)
    for r in sb:
        for j, q in enumerate(only_ddb):
            if rows_equal(r, q):
                del only_ddb[j]
                break
        else:
            only_bin.append(r)
    msg = problems[:] or ["rows differ"]
    for r in only_bin[:MAX_SHOWN]:
        msg.append("  only binary: " + fmt_row(ddb_cols, r))
    if len(only_bin) > MAX_SHOWN:
        msg.append("  ... %d more only in binary" % (len(only_bin) - MAX_SHOWN))
    for r in only_ddb[:MAX_SHOWN]:
        msg.append("  only %s: %s" % (engine, fmt_row(ddb_cols, r)))
    if len(only_ddb) > MAX_SHOWN:
        msg.append("  ... %d more only in %s" % (len(only_ddb) - MAX_SHOWN, engine))
    return False, "\n    ".join(msg)


def check_file(duckdb, binary, data, path, lenient):
    """Yield (ok, line) per result."""
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as e:
        yield False, "FAIL  %s: cannot read: %s" % (name, e)
        return
    statements = split_statements(text)

    with tempfile.TemporaryDirectory(prefix="crosscheck-") as tmp:
        texts, bin_err = binary_results(binary, data, path, tmp)

    try:
        ddb = duckdb_results(duckdb, data, statements)
        ddb_err = None
    except RuntimeError as e:
        idx, msg = e.args
        ddb = None
        ddb_err = "duckdb failed on statement %d: %s" % (idx + 1, msg.splitlines()[0] if msg else "")

    if bin_err or ddb_err:
        yield False, "FAIL  %s: %s" % (name, "; ".join(x for x in (bin_err, ddb_err) if x))
        return
    if len(texts) != len(ddb):
        yield False, "FAIL  %s: binary wrote %d result(s), duckdb produced %d" % (name, len(texts), len(ddb))
        return
    if not ddb:
        yield False, "FAIL  %s: no result-producing statement" % name
        return

    for k, ((sql, cols, rows), raw) in enumerate(zip(ddb, texts), start=1):
        label = name if k == 1 else "%s #%d" % (name, k)
        objs, problem = parse_binary_json(raw, lenient)
        if problem:
            yield False, "FAIL  %s: %s" % (label, problem)
            continue
        ok, msg = compare(label, sql, cols, rows, objs, lenient)
        if ok:
            yield True, "ok  %s (%d rows)" % (label, len(rows))
        else:
            yield False, "FAIL  %s: %s" % (label, msg)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Cross-check worklog-analyze SQL results against DuckDB.")
    ap.add_argument("--bin", required=True, help="path to the worklog-analyze binary")
    ap.add_argument("--data", required=True, help="extracted dataset folder")
    ap.add_argument("--queries", required=True, nargs="+", metavar="FILE.sql", help="query files")
    ap.add_argument("--lenient-json", action="store_true",
                    help="read keys absent from the binary's JSON as NULL and accept '[][]' as an empty result")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0

    try:
        import duckdb  # noqa: F401
    except ImportError:
        print("error: the duckdb Python package is not importable; install it with `pip install duckdb`",
              file=sys.stderr)
        return 2

    try:
        if not (os.path.isfile(args.bin) and os.access(args.bin, os.X_OK)):
            raise SetupError("binary %s is missing or not executable" % args.bin)
        data = os.path.abspath(args.data)
        if not os.path.isdir(data):
            raise SetupError("dataset folder %s does not exist" % args.data)
        for q in args.queries:
            if not os.path.isfile(q):
                raise SetupError("query file %s does not exist" % q)
        try:
            open_duckdb(duckdb, data).close()
        except duckdb.Error as e:
            raise SetupError("cannot open the dataset in duckdb: %s" % str(e).strip().splitlines()[0])
    except SetupError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2

    passed = failed = 0
    for q in args.queries:
        for ok, line in check_file(duckdb, os.path.abspath(args.bin), data, os.path.abspath(q), args.lenient_json):
            print(line, flush=True)
            if ok:
                passed += 1
            else:
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

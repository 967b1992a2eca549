"""Benchmark harness: one run, the same generated files, ratios against
baselines measured in the same run. See the README's Performance section.

    bench/run [--runs 5] [--quick] [--json PATH] [--work DIR] [--only scaling]
"""

import argparse
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from duckdb_crosscheck import split_statements, strip_comments_and_strings, RESULT_KEYWORDS  # noqa: E402

# name -> (interns, weeks); pages ~ interns x weeks x 2 languages (+ section pages).
COHORTS = {
    "100": (4, 12),
    "1k": (42, 12),
    "2.4k": (100, 12),
    "10k": (420, 12),
    "24k": (1000, 12),
}
QUICK = {"100": (4, 12), "1k": (42, 12), "2.4k": (100, 12)}


def run_measured(cmd, **kw):
    """Run cmd; return (wall seconds, peak RSS in MB, stdout)."""
    wall, rss, _, out = run_usage(cmd, **kw)
    return wall, rss, out


def run_usage(cmd, **kw):
    """Run cmd; return (wall seconds, peak RSS in MB, CPU seconds (user + system), stdout)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(map(str, cmd))}\n{err.decode(errors='replace')}")
    # ru_maxrss is in KiB on Linux.
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, out


def interleaved(runs, fns):
    """Run each of fns once per round, `runs` rounds, and return (median wall,
    median RSS, last output) for each. Alternating keeps a ratio between them
    fair when the machine's speed drifts (a shared VM varies by +-25 %)."""
    results = [[] for _ in fns]
    for _ in range(runs):
        for r, fn in zip(results, fns):
            r.append(fn())
    return [(statistics.median(x[0] for x in r), statistics.median(x[1] for x in r), r[-1][2]) for r in results]


def median_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        results[-1][2],
    )


def scaling(a, src, ds, cores):
    """extract with -j 1 against all cores (the default), alternated so both
    see the machine at the same speed: median wall and CPU seconds of each,
    and the median of the pairwise wall ratios. On a loaded machine -j 1 waits
    for a core too; its CPU time over the all-core wall is the ratio had it
    had its core (-j 1 runs on one thread), meaningful when the all-core run
    got its cores."""
    cmd = [a.bin, "extract", str(src), "-o", str(ds), "-q", "--full"]
    pairs = []
    for _ in range(a.runs):
        one = run_usage(cmd + ["-j", "1"])
        alln = run_usage(cmd)
        pairs.append((one, alln))
    med = lambda f: statistics.median(f(p) for p in pairs)
    r = {"cores": cores, "runs": a.runs,
         "one_thread_s": med(lambda p: p[0][0]), "one_thread_cpu_s": med(lambda p: p[0][2]),
         "all_cores_s": med(lambda p: p[1][0]), "all_cores_cpu_s": med(lambda p: p[1][2]),
         "speedup": med(lambda p: p[0][0] / p[1][0]),
         "pair_ratios": [p[0][0] / p[1][0] for p in pairs]}
    r["idle_speedup"] = r["one_thread_cpu_s"] / r["all_cores_s"]
    print(f"  scaling: -j 1 {r['one_thread_s']:.2f} s wall ({r['one_thread_cpu_s']:.2f} s CPU), "
          f"-j {cores} {r['all_cores_s']:.2f} s wall ({r['all_cores_cpu_s']:.2f} s CPU); "
          f"ratio {r['speedup']:.2f}x (pairs {min(r['pair_ratios']):.2f}-{max(r['pair_ratios']):.2f}), "
          f"-j 1 CPU / -j {cores} wall {r['idle_speedup']:.2f}x", file=sys.stderr)
    return r


def scaling_row(sc, pages):
    cores = sc["cores"]
    return (f"extract scaling, 1 -> {cores} threads",
            f"{sc['all_cores_s']:.2f} s on {cores} threads ({pages} pages)",
            f"-j 1: {sc['one_thread_s']:.2f} s", sc["speedup"], ">= 1.8" if cores >= 2 else "",
            sc["speedup"] >= 1.8 if cores >= 2 else None)


def print_rows(rows):
    print("| measure | worklog-analyze | baseline | ratio | target | met |")
    print("|---|---|---|---:|---|---|")
    for m, v, b, r, t, ok in rows:
        rs = "" if r is None else f"{r:.2f}x"
        okm = "" if ok is None else ("yes" if ok else "**no**")
        print(f"| {m} | {v} | {b} | {rs} | {t} | {okm} |")


def generate(a, cohorts, name, work):
    interns, weeks = cohorts[name]
    src = work / f"cohort-{name}"
    if not (src / "gen-truth.tsv").exists():
        subprocess.run([a.bin, "gen", "--interns", str(interns), "--weeks", str(weeks), "--seed", "1",
                        "-o", str(src), "--force"], check=True, stderr=subprocess.DEVNULL)
    return src


def cohort_size(d):
    files = [p for p in d.rglob("*.md")]
    return len(files), sum(p.stat().st_size for p in files)


def duckdb_suite(ds, queries):
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    for t in ("tasks", "task_labs", "task_topics", "pages"):
        con.execute(
            f"create view {t} as select * from read_parquet('{ds}/{t}/*/*.parquet', "
            f"hive_partitioning = true, hive_types = {{'week': INTEGER}})"
        )
    con.execute(f"create view diagnostics as select * from read_parquet('{ds}/diagnostics/*.parquet')")
    rows = 0
    for q in queries:
        for stmt in split_statements(q.read_text()):
            first = strip_comments_and_strings(stmt).split(None, 1)[0].lower()
            cur = con.execute(stmt)
            if first in RESULT_KEYWORDS:
                rows += len(cur.fetchall())
    return time.perf_counter() - start, 0.0, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--parse-only", required=True)
    ap.add_argument("--runs", type=int, default=5, help="runs per figure (the median is reported)")
    ap.add_argument("--quick", action="store_true", help="cohorts up to 2,400 pages only")
    ap.add_argument("--json", default=str(REPO / "target" / "bench" / "results.json"))
    ap.add_argument("--work", help="keep generated cohorts here (default: a temporary folder)")
    ap.add_argument("--only", choices=["scaling"],
                    help="run one part: scaling (-j 1 against all cores on the biggest cohort)")
    a = ap.parse_args()
    cores = os.cpu_count() or 1
    work = pathlib.Path(a.work) if a.work else pathlib.Path(tempfile.mkdtemp(prefix="wa-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    queries = sorted((REPO / "queries").glob("*.sql"))
    cohorts = QUICK if a.quick else COHORTS
    big = list(cohorts)[-1]
    results = {"machine": {"cores": cores, "platform": platform.platform()}, "runs": a.runs, "cohorts": {}}

    if a.only == "scaling":
        src = generate(a, cohorts, big, work)
        pages, _ = cohort_size(src)
        results["scaling"] = scaling(a, src, work / f"dataset-{big}-j", cores)
        results["scaling"]["cohort"] = big
        print(f"\n{cores} cores, median of {a.runs} alternated runs\n")
        print_rows([scaling_row(results["scaling"], pages)])
        finish(a, results, work)
        return

    for name in cohorts:
        src = generate(a, cohorts, name, work)
        pages, nbytes = cohort_size(src)
        ds = work / f"dataset-{name}"
        (wall, rss, _), *parses = interleaved(a.runs, [
            lambda: run_measured([a.bin, "extract", str(src), "-o", str(ds), "-q", "--full"]),
            lambda: run_measured([a.parse_only, str(src), "1"]),
            lambda: run_measured([a.parse_only, str(src), str(cores)]),
        ])
        c = {"pages": pages, "bytes": nbytes, "extract_s": wall, "extract_rss_mb": rss,
             "extract_mb_s": nbytes / 1e6 / wall, "extract_pages_s": pages / wall}
        for (w, _, out), key in zip(parses, ("parse_1", "parse_all")):
            c[key + "_s"] = w
            c[key + "_mb_s"] = nbytes / 1e6 / w
            c[key + "_inner_s"] = json.loads(out)["seconds"]
        results["cohorts"][name] = c
        print(f"  {name}: {pages} pages, {nbytes/1e6:.1f} MB: extract {wall:.2f} s ({rss:.0f} MB RSS), "
              f"parse-only {c['parse_1_s']:.2f} s on 1 core, {c['parse_all_s']:.2f} s on {cores}", file=sys.stderr)

    # Scaling on the biggest cohort: one thread (-j 1) against all cores (the
    # default), alternated so both see the machine at the same speed.
    results["scaling"] = scaling(a, work / f"cohort-{big}", work / f"dataset-{big}-j", cores)
    results["scaling"]["cohort"] = big

    # Python baseline on the 2,400-page cohort (it is slow; the same files as ours).
    base = "2.4k"
    src = work / f"cohort-{base}"
    py_out = work / "python-out"
    def py():
        shutil.rmtree(py_out, ignore_errors=True)
        return run_measured([sys.executable, str(REPO / "bench" / "baseline.py"), str(src), str(py_out)])
    # Our runs alternate with Python's, so both see the machine at the same speed.
    (ours_wall, _, _), (py_wall, py_rss, _) = interleaved(a.runs, [
        lambda: run_measured([a.bin, "extract", str(src), "-o", str(work / f"dataset-{base}"), "-q", "--full"]),
        py,
    ])
    results["python_baseline"] = {"cohort": base, "seconds": py_wall, "rss_mb": py_rss, "ours_s": ours_wall}

    # Query suite over the biggest dataset: ours (whole process) vs DuckDB (in-process, after import).
    ds = work / f"dataset-{big}"
    (q_wall, q_rss, _), (d_wall, _, d_rows) = interleaved(a.runs, [
        lambda: run_measured([a.bin, "run", *map(str, queries), "--data", str(ds), "--format", "csv"]),
        lambda: duckdb_suite(ds, queries),
    ])
    results["queries"] = {"cohort": big, "ours_s": q_wall, "ours_rss_mb": q_rss, "duckdb_s": d_wall, "duckdb_rows": d_rows}

    cold, _, _ = median_of(max(a.runs, 5), lambda: run_measured([a.bin, "run", "-e", "select 1", "--format", "csv"]))
    results["cold_start_s"] = cold

    cb, cs = results["cohorts"][big], results["cohorts"][base]
    rows = [
        ("extract throughput", f"{cb['extract_mb_s']:.1f} MB/s, {cb['extract_pages_s']:.0f} pages/s",
         f"pulldown-cmark alone, {cores} cores: {cb['parse_all_mb_s']:.1f} MB/s",
         cb["extract_mb_s"] / cb["parse_all_mb_s"], ">= 0.25", cb["extract_mb_s"] / cb["parse_all_mb_s"] >= 0.25),
        scaling_row(results["scaling"], cb["pages"]),
        ("extract vs parse, 1 core", f"{cb['extract_mb_s']:.1f} MB/s",
         f"pulldown-cmark alone, 1 core: {cb['parse_1_mb_s']:.1f} MB/s",
         cb["extract_mb_s"] / cb["parse_1_mb_s"], "", None),
        ("vs Python baseline", f"{ours_wall:.2f} s ({cs['pages']} pages)", f"pandas + markdown-it-py: {py_wall:.2f} s",
         py_wall / ours_wall, ">= 25", py_wall / ours_wall >= 25),
        ("query suite (14 files)", f"{q_wall:.3f} s", f"DuckDB: {d_wall:.3f} s", q_wall / d_wall, "<= 1.0", q_wall / d_wall <= 1.0),
        ("peak RSS", f"{cb['extract_rss_mb']:.0f} MB ({cb['pages']} pages)", f"{cs['extract_rss_mb']:.0f} MB ({cs['pages']} pages)",
         cb["extract_rss_mb"] / cs["extract_rss_mb"], "<= 150 MB and <= 1.5",
         cb["extract_rss_mb"] <= 150 and cb["extract_rss_mb"] / cs["extract_rss_mb"] <= 1.5),
        ("cold start (run -e 'select 1')", f"{cold*1000:.0f} ms", "", None, "", None),
    ]
    results["table"] = [dict(zip(("measure", "value", "baseline", "ratio", "target", "met"), r)) for r in rows]
    print(f"\n{cores} cores, median of {a.runs} runs; cohorts generated by `worklog-analyze gen --seed 1`\n")
    print("| cohort | pages | MB | extract s | MB/s | pages/s | peak RSS MB | parse-only 1 core MB/s | parse-only all cores MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, c in results["cohorts"].items():
        print(f"| {name} | {c['pages']} | {c['bytes']/1e6:.1f} | {c['extract_s']:.2f} | {c['extract_mb_s']:.1f} | "
              f"{c['extract_pages_s']:.0f} | {c['extract_rss_mb']:.0f} | {c['parse_1_mb_s']:.1f} | {c['parse_all_mb_s']:.1f} |")
    print()
    print_rows(rows)
    finish(a, results, work)


def finish(a, results, work):
    """Write the JSON, and remove the generated files unless --work kept them."""
    out = pathlib.Path(a.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nJSON: {out}", file=sys.stderr)
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

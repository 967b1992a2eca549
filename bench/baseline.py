"""The script a user would otherwise write: every weekly page's first table to
Parquet with pandas and markdown-it-py. No date, lab or language logic; it is
the speed baseline of bench/run, not a reference for correctness.

    python3 bench/baseline.py COHORT_DIR OUT_DIR
"""

import os
import pathlib
import re
import sys

import pandas as pd
from markdown_it import MarkdownIt

md = MarkdownIt("commonmark").enable("table")
FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
WEEK = re.compile(r"week\s*(\d+)", re.I)


def tables(text):
    """Rows (lists of cell texts) of the first table of a page."""
    rows, row, in_table = [], None, False
    for tok in md.parse(FRONT.sub("", text, count=1)):
        if tok.type == "table_open":
            in_table = True
        elif tok.type == "table_close":
            break
        elif in_table and tok.type == "tr_open":
            row = []
        elif in_table and tok.type == "tr_close":
            rows.append(row)
        elif in_table and tok.type == "inline":
            row.append(tok.content)
    return rows


def main(root, out):
    records = []
    for path in sorted(pathlib.Path(root).rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        rows = tables(text)
        if len(rows) < 2:
            continue
        header = [h.lower() for h in rows[0]]
        m = WEEK.search(str(path.parent.name))
        for n, cells in enumerate(rows[1:], 1):
            rec = dict(zip(header, cells))
            records.append(
                {
                    "intern": path.relative_to(root).parts[0],
                    "source_path": str(path.relative_to(root)),
                    "week": int(m.group(1)) if m else 0,
                    "lang": "vi" if path.name.endswith(".vi.md") else "en",
                    "row_number": n,
                    "day": cells[0] if cells else "",
                    "task": next((v for k, v in rec.items() if "task" in k or "việc" in k or "vụ" in k), ""),
                    "start": next((v for k, v in rec.items() if "start" in k or "bắt đầu" in k), ""),
                    "end": next((v for k, v in rec.items() if "end" in k or "completion" in k or "hoàn thành" in k or "kết thúc" in k), ""),
                    "reference": cells[-1] if cells else "",
                }
            )
    df = pd.DataFrame.from_records(records)
    df["start"] = pd.to_datetime(df["start"], dayfirst=True, errors="coerce", format="mixed")
    df["end"] = pd.to_datetime(df["end"], dayfirst=True, errors="coerce", format="mixed")
    df.to_parquet(out, partition_cols=["week"], engine="pyarrow", use_threads=False)
    print(len(df), "rows", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    # pyarrow 26 sometimes aborts while tearing down its thread pools at
    # interpreter exit ("terminate called without an active exception"), after
    # the files are written and closed; leave without that teardown.
    os._exit(0)

"""Benchmark: peak memory of reading a long-format CSV file with the importer framework
(``bacthang.lib.importing.read_table``), against a baseline measured the same way.

The baseline is Python's plain ``csv.reader`` over the same file into a list of rows —
what any reader that keeps the rows must pay.  Each measurement runs in a fresh
subprocess (so one reading's garbage cannot lower or raise another's) and reports:

* the ``tracemalloc`` peak of the reading, in MB and in MB per MB of input;
* in a second subprocess without ``tracemalloc`` (whose bookkeeping inflates the
  resident size and the time): the growth of the peak resident size (``ru_maxrss``)
  during the reading, and its time.

The files have the shape of a real value file (``indicator,option,unit,period,value,
comment``, Vietnamese numbers, ~44 bytes a row); the last one has 1.000.001 data
rows, one more than ``MAX_ROWS``, and must be refused.  No pass/fail: the figures are
printed next to the baseline.

    python bench/import_memory.py [--sizes 5,20] [--dir /tmp/bacthang-import-bench] [--keep]

Needs no database: ``read_table`` does not touch Django.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = "indicator,option,unit,period,value,comment\n"
SERIES = [("CROP_AREA", "TEA"), ("CROP_AREA", "RICE"), ("HERD", "PIG"), ("HERD", "BUFFALO"),
          ("CROP_PRODUCTION", "QUALITY_RICE"), ("AQUA_POND_AREA", "")]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    units = [f"12.105.{c:05d}" for c in range(3380, 3420)] + ["12.105", "12"]
    periods = [f"{y}{m:02d}" for y in range(2015, 2025) for m in range(1, 13)]
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        chunk = []
        for i in range(rows):
            ind, opt = SERIES[i % len(SERIES)]
            value = f"{rnd.randint(0, 999)}.{rnd.randint(0, 999):03d},{rnd.randint(0, 9)}"
            chunk.append(f'{ind},{opt},{rnd.choice(units)},{rnd.choice(periods)},"{value}",\n')
            if len(chunk) == 10_000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def measure(kind: str, path: str, traced: bool) -> dict:
    """Run in the child process: read ``path`` one way and report the peaks."""
    import csv

    from bacthang.lib.importing import ImportFailed, read_table

    rss_before = _rss_mb()
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    outcome = ""
    if kind == "baseline":
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        outcome = f"{len(rows) - 1} rows"
    else:
        try:
            table = read_table(path)
            outcome = f"{len(table.rows)} rows"
        except ImportFailed as e:
            outcome = "refused: " + str(e)
    elapsed = time.perf_counter() - t0
    peak = 0
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB on Linux
    return {"peak_mb": peak / 1e6, "rss_growth_mb": max(0.0, rss_peak - rss_before), "seconds": elapsed,
            "outcome": outcome}


def run_child(kind: str, path: Path) -> dict:
    """The tracemalloc peak from one subprocess, the resident size and time from another."""
    result = {}
    for traced in (True, False):
        out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), "1" if traced else "0"],
                             check=True, capture_output=True, text=True, cwd=ROOT)
        got = json.loads(out.stdout.strip().splitlines()[-1])
        result.update({"peak_mb": got["peak_mb"]} if traced else
                      {k: got[k] for k in ("rss_growth_mb", "seconds", "outcome")})
    return result


def vi(x: float, decimals: int = 1) -> str:
    return f"{x:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,20", help="approximate sizes in MB of the accepted files (plus the "
                                                    "1.000.000-row and 1.000.001-row files)")
    ap.add_argument("--dir", default="/tmp/bacthang-import-bench")
    ap.add_argument("--keep", action="store_true", help="reuse files already generated")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "TRACED"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, path, traced = args.child
        print(json.dumps(measure(kind, path, traced == "1")))
        return

    from bacthang.lib.importing import MAX_ROWS

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    cases = [(f"{mb} MB", int(float(mb) * 1e6 / 44)) for mb in args.sizes.split(",") if mb]
    cases += [("max rows", MAX_ROWS), ("over limit", MAX_ROWS + 1)]
    print("file | rows | MB | ours: peak MB (per MB of input) | baseline csv.reader→list: peak MB (per MB) "
          "| ours ÷ baseline | RSS growth MB ours / baseline | time ours / baseline | outcome")
    for label, rows in cases:
        path = folder / f"values-{rows}.csv"
        if not (args.keep and path.exists()):
            generate(path, rows)
        size = path.stat().st_size / 1e6
        ours, base = run_child("ours", path), run_child("baseline", path)
        cells = [label, vi(rows, 0), vi(size),
                 f"{vi(ours['peak_mb'])} ({vi(ours['peak_mb'] / size, 2)})",
                 f"{vi(base['peak_mb'])} ({vi(base['peak_mb'] / size, 2)})",
                 f"×{vi(ours['peak_mb'] / base['peak_mb'], 2)}",
                 f"{vi(ours['rss_growth_mb'])} / {vi(base['rss_growth_mb'])}",
                 f"{vi(ours['seconds'], 2)} / {vi(base['seconds'], 2)} s",
                 ours["outcome"][:60]]
        print(" | ".join(cells), flush=True)
        if not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()

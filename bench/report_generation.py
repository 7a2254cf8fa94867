"""Benchmark: generating the provincial monthly report (Lai Châu, December 2023) from
the demo data, against a baseline measured in the same process.

The baseline is the cost of the Word step alone: rendering the same default template
with a constant context (``reports.rendering.sample_context``) — what any report must
pay however fast its figures are.  The report itself is timed end to end: a fresh
engine (nothing cached), every figure of the report computed, the Word file rendered
and the Excel annex written.  Each line prints both times and the ratio (report ÷
baseline), with the number of database queries; no pass/fail.

    python bench/report_generation.py [--repeat 5] [--db /tmp/bacthang-bench.sqlite3] [--keep]

The database is a scratch SQLite file: migrated and loaded with ``load_demo`` (the
seed documents) unless ``--keep`` reuses one that is already loaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bacthang.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def prepare(path: str, keep: bool) -> None:
    from django.core.management import call_command

    if not keep and Path(path).exists():
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    from datavalues.models import DataValue

    if not DataValue.objects.filter(unit__code="12", period__code="202312").exists():
        from demo.loading import load_demo

        t = time.perf_counter()
        load_demo(["12", "02"])
        print(f"Nạp dữ liệu mẫu: {time.perf_counter() - t:.1f} s")


def timed(fn, repeat: int) -> tuple[float, object, int]:
    """(median seconds, last result, queries of one run)."""
    from django.db import connection

    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    times, result, queries = [], None, 0
    for i in range(repeat):
        counted[0] = 0
        with connection.execute_wrapper(count):
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
        if i == 0:
            queries = counted[0]
    return statistics.median(times), result, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", default="/tmp/bacthang-bench-reports.sqlite3")
    parser.add_argument("--keep", action="store_true", help="reuse the database if it is already loaded")
    args = parser.parse_args()
    setup_django(args.db)
    prepare(args.db, args.keep)

    import datetime as dt

    from periods.models import Period
    from reports.builders.monthly import MonthlyBuilder
    from reports.rendering import default_template, render_context, render_docx, render_xlsx, sample_context
    from units.models import Unit

    unit, period = Unit.objects.get(code="12"), Period.objects.for_code("202312")
    template, context = default_template("monthly"), sample_context("monthly")
    date = dt.date(2024, 1, 10)

    def baseline():
        return render_context(template, context)

    def build():
        return MonthlyBuilder(unit, period, date=date).build()

    def whole():
        report = build()
        return report, render_docx(report, template), render_xlsx(report)

    build()  # warm imports and caches outside the engine (templates, catalogue rows)
    base_s, _, base_q = timed(baseline, args.repeat)
    build_s, report, build_q = timed(build, args.repeat)
    whole_s, (report, docx, xlsx), whole_q = timed(whole, args.repeat)

    def line(label: str, seconds: float, queries: int) -> str:
        return (f"{label:<46} {seconds * 1000:9.1f} ms   {queries:6d} truy vấn   "
                f"{seconds / base_s:8.1f} × mốc")

    print(f"Báo cáo tháng 12/2023 tỉnh Lai Châu — trung vị của {args.repeat} lần; mốc = dựng mẫu Word với dữ "
          "liệu cố định")
    print(line("mốc: dựng mẫu Word với dữ liệu cố định", base_s, base_q))
    print(line("tính số liệu và câu chữ (engine, mới mỗi lần)", build_s, build_q))
    print(line("cả báo cáo: số liệu + Word + Excel", whole_s, whole_q))
    print(f"{len(report.used)} số liệu sử dụng, {len(report.missing)} số liệu chưa có, {len(report.flags)} chênh "
          f"lệch; Word {len(docx) // 1024} KB, Excel {len(xlsx) // 1024} KB")
    print(f"ratio: {whole_s / base_s:.1f}")


if __name__ == "__main__":
    main()

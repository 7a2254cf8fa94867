"""Benchmark of the roll-up engine against DuckDB on the same rows, in the same process.

Generates a synthetic national dataset shaped like the real one — the structure in
force until 30/06/2025 (63 provinces, ~700 districts, 10.051 communes; loaded with
``load_units``), 30 indicators × 10 options = 300 series, monthly values over ten
years (2015-2024), spread over every commune — loads it through the product's own
write path (``do_set_values``, which validates, audits and maintains the roll-up
nodes), and times, for each size:

  (a) one indicator, one year, every province            — a dashboard card;
  (b) every series, one year, every province             — the national matrix;
  (c) freshness: 1.000 values changed through the product, then the (series, province,
      year) roll-ups that depend on them read again with ``Engine.cells`` — the groups
      DuckDB recomputes (our time includes validation, audit and node upkeep);
  load: values per second through the product's write path.

DuckDB runs the same queries over the same rows (an in-memory table) as the
baseline.  Each line prints both times and their ratio (ours ÷ DuckDB); the last
line is ``ratio: X``, the ratio of (b) at the largest size.  No pass/fail.

    python bench/rollup.py --values 100000 [--values 1000000 ...] [--db sqlite|postgres] [--huge]

``--db postgres`` expects DATABASE_URL (run it under scripts/with-postgres.sh).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_INDICATORS, N_OPTIONS = 30, 10
YEARS = list(range(2015, 2025))
ASK_YEAR = 2024


def setup_django(db: str, sqlite_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bacthang.settings")
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--db postgres needs DATABASE_URL=postgres://… (run under scripts/with-postgres.sh)")
    import django

    django.setup()


def prepare(fresh: bool) -> None:
    from django.core.management import call_command

    from indicators.models import Disaggregation, Indicator, Option
    from units.loading import load_units

    call_command("migrate", verbosity=0)
    if fresh:
        from audit.models import AuditEntry
        from datavalues.models import DataValue
        from engine.models import Node

        Node.objects.filter(indicator__code__startswith="BENCH_").delete()
        DataValue.objects.filter(indicator__code__startswith="BENCH_").delete()
        AuditEntry.objects.filter(indicator_code__startswith="BENCH_")._raw_delete(AuditEntry.objects.db)
    load_units()
    d, _ = Disaggregation.objects.get_or_create(code="BENCH_OPT", defaults={"name": "Nhóm thử"})
    for k in range(N_OPTIONS):
        Option.objects.get_or_create(disaggregation=d, code=f"O{k:02d}", defaults={"name": f"Nhóm {k}"})
    for i in range(N_INDICATORS):
        Indicator.objects.get_or_create(code=f"BENCH_{i:02d}", defaults=dict(
            name=f"Chỉ tiêu thử {i}", measure="tấn", group="khac", time_aggregation="flow", disaggregation=d))


def plan_rows(n_values: int, seed: int = 7):
    """Deterministic (indicator idx, option idx, commune code, year, month, value) rows."""
    from units.models import REFORM_DATE, Level, Unit

    communes = list(Unit.objects.filter(level=Level.COMMUNE, valid_to__lt=REFORM_DATE)
                    .order_by("code").values_list("code", flat=True))
    rng = random.Random(seed)
    per_series = len(YEARS) * 12
    n_series = max(1, n_values // per_series)
    series = set()
    while len(series) < n_series:
        series.add((rng.randrange(N_INDICATORS), rng.randrange(N_OPTIONS), rng.choice(communes)))
    rows = []
    for ind, opt, commune in sorted(series):
        for y in YEARS:
            for m in range(1, 13):
                rows.append((ind, opt, commune, y, m, rng.randint(1, 100000) / 100))
    return rows[:n_values]


class Catalogue:
    def __init__(self):
        from indicators.models import Indicator
        from periods.models import Period
        from units.models import Unit

        self.inds = {i: Indicator.objects.get(code=f"BENCH_{i:02d}") for i in range(N_INDICATORS)}
        self.opts = {(i, k): self.inds[i].option_for(f"O{k:02d}") for i in range(N_INDICATORS)
                     for k in range(N_OPTIONS)}
        self.units = {u.code: u for u in Unit.objects.filter(level=3)}
        self.periods = {(y, m): Period.objects.for_code(f"{y}{m:02d}") for y in YEARS for m in range(1, 13)}

    def change(self, row, value=None):
        from datavalues.writing import FigureChange

        i, k, commune, y, m, v = row
        return FigureChange(self.inds[i], self.opts[(i, k)], self.units[commune], self.periods[(y, m)],
                            Decimal(str(v if value is None else value)))


def load(rows, cat) -> float:
    from datavalues.writing import do_set_values

    start = time.perf_counter()
    batch = 5000
    for s in range(0, len(rows), batch):
        do_set_values([cat.change(r) for r in rows[s:s + batch]], channel="system", reason="bench")
        if (s // batch) % 20 == 0:
            done = min(len(rows), s + batch)
            rate = done / (time.perf_counter() - start)
            print(f"  nạp {done:>10,} / {len(rows):,}  ({rate:,.0f} số liệu/giây)", flush=True)
    return time.perf_counter() - start


def duck_table(rows):
    import duckdb

    from units.models import Unit

    province_of = {c: c.split(".")[0] for c in Unit.objects.filter(level=3).values_list("code", flat=True)}
    con = duckdb.connect()
    con.execute("CREATE TABLE v (ind INTEGER, opt INTEGER, commune VARCHAR, province VARCHAR, year INTEGER, "
                "month INTEGER, value DECIMAL(20,6))")
    start = time.perf_counter()
    chunk = 200_000
    for s in range(0, len(rows), chunk):
        part = [(i, k, c, province_of[c], y, m, v) for i, k, c, y, m, v in rows[s:s + chunk]]
        _bulk_insert(con, part)
    return con, time.perf_counter() - start


def _bulk_insert(con, part):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        for r in part:
            f.write(",".join(map(str, r)) + "\n")
        name = f.name
    con.execute(f"INSERT INTO v SELECT * FROM read_csv('{name}', header=false, columns={{'ind':'INTEGER',"
                f"'opt':'INTEGER','commune':'VARCHAR','province':'VARCHAR','year':'INTEGER','month':'INTEGER',"
                f"'value':'DECIMAL(20,6)'}})")
    os.unlink(name)


def timed(fn, repeat=3):
    best = None
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        t = time.perf_counter() - start
        best = t if best is None else min(best, t)
    return best, result


def provinces():
    from units.models import Level, Unit

    return list(Unit.objects.filter(level=Level.PROVINCE).valid_on(dt.date(2024, 12, 31))
                .order_by("code").values_list("code", flat=True))


def ours_a(ind_idx, provs):
    from engine.rollup import Engine

    e = Engine()
    m = e.matrix([f"BENCH_{ind_idx:02d}"], provs, str(ASK_YEAR), options="total")
    return {k[2]: r.value for k, r in m.items()}


def duck_a(con, ind_idx):
    return {p: v for p, v in con.execute(
        "SELECT province, sum(value) FROM v WHERE ind = ? AND year = ? GROUP BY province", [ind_idx, ASK_YEAR]
    ).fetchall()}


def ours_b(provs):
    from engine.rollup import Engine

    e = Engine()
    m = e.matrix([f"BENCH_{i:02d}" for i in range(N_INDICATORS)], provs, str(ASK_YEAR), options="options")
    return {(int(k[0][6:]), int(k[1][1:]), k[2]): r.value for k, r in m.items() if r.value is not None}


def duck_b(con):
    return {(i, k, p): v for i, k, p, v in con.execute(
        "SELECT ind, opt, province, sum(value) FROM v WHERE year = ? GROUP BY ind, opt, province", [ASK_YEAR]
    ).fetchall()}


def check_equal(ours: dict, duck: dict, label: str) -> None:
    ours = {k: Decimal(v) for k, v in ours.items() if v is not None}
    duck = {k: Decimal(v) for k, v in duck.items() if v is not None}
    if ours != duck:
        diff = [k for k in set(ours) | set(duck) if ours.get(k) != duck.get(k)][:5]
        raise SystemExit(f"{label}: kết quả khác DuckDB, ví dụ {[(k, ours.get(k), duck.get(k)) for k in diff]}")


def freshness(rows, cat, con, provs, rng):
    from datavalues.writing import do_set_values

    sample = [r for r in rng.sample(rows, min(1000, len(rows)))]
    new_values = [round(rng.randint(1, 100000) / 100, 2) for _ in sample]
    affected = {(r[0], r[1], r[2].split(".")[0], r[3]) for r in sample}

    def ours():
        from engine.rollup import Engine

        do_set_values([cat.change(r, v) for r, v in zip(sample, new_values, strict=True)], channel="system")
        cells = Engine().cells([(f"BENCH_{i:02d}", f"O{k:02d}", p, str(y)) for i, k, p, y in affected])
        return {(int(i[6:]), int(k[1:]), p, int(y)): r.value for (i, k, p, y), r in cells.items()}

    def duck():
        # One set-based UPDATE (DuckDB has no index to make 1.000 single-row updates cheap).
        con.execute("UPDATE v SET value = n.value FROM (VALUES " + ",".join(
            f"({r[0]},{r[1]},'{r[2]}',{r[3]},{r[4]},{v})" for r, v in zip(sample, new_values, strict=True))
            + ") AS n(ind, opt, commune, year, month, value) WHERE v.ind = n.ind AND v.opt = n.opt "
            "AND v.commune = n.commune AND v.year = n.year AND v.month = n.month")
        q = ("SELECT ind, opt, province, year, sum(value) FROM v WHERE (ind, opt, province, year) IN "
             "(SELECT * FROM (VALUES " + ",".join(f"({i},{k},'{p}',{y})" for i, k, p, y in affected) + ")) "
             "GROUP BY ind, opt, province, year")
        return {(i, k, p, y): v for i, k, p, y, v in con.execute(q).fetchall()}

    t_ours, r_ours = timed(ours, 1)
    t_duck, r_duck = timed(duck, 1)
    check_equal(r_ours, r_duck, "(c)")
    return t_ours, t_duck


def line(label, ours, duck):
    ratio = ours / duck if duck else float("inf")
    print(f"{label:<44} ours {ours * 1000:>10.1f} ms   duckdb {duck * 1000:>9.1f} ms   ratio {ratio:>8.2f}",
          flush=True)
    return ratio


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--values", type=int, action="append", help="sizes to run (default 1.000.000 and 10.000.000)")
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--sqlite-path", default="/tmp/bacthang-bench.sqlite3")
    ap.add_argument("--huge", action="store_true", help="also run 100.000.000 values")
    args = ap.parse_args()
    sizes = sorted(args.values or [1_000_000, 10_000_000])
    if args.huge:
        sizes.append(100_000_000)
    if args.db == "sqlite" and Path(args.sqlite_path).exists():
        Path(args.sqlite_path).unlink()
    setup_django(args.db, args.sqlite_path)
    prepare(fresh=True)
    provs = provinces()
    cat = Catalogue()
    print(f"Bậc Thang roll-up benchmark · {args.db} · {len(provs)} tỉnh · {len(cat.units):,} xã · "
          f"{N_INDICATORS * N_OPTIONS} dãy số", flush=True)
    loaded: list = []
    last_b = None
    rng = random.Random(11)
    for size in sizes:
        rows = plan_rows(size)
        new = rows[len(loaded):] if rows[:len(loaded)] == loaded else None
        if new is None:
            prepare(fresh=True)
            new, loaded = rows, []
        print(f"\n== {size:,} số liệu ==", flush=True)
        t_load = load(new, cat)
        loaded = rows
        con, t_duck_load = duck_table(rows)
        rate_ours = len(new) / t_load
        rate_duck = len(rows) / t_duck_load
        print(f"{'load (values/s)':<44} ours {rate_ours:>10,.0f} /s   duckdb {rate_duck:>9,.0f} /s   "
              f"ratio {rate_duck / rate_ours:>8.2f}", flush=True)
        ind = rows[0][0]
        t_a, r_a = timed(lambda ind=ind: ours_a(ind, provs))
        t_da, d_a = timed(lambda ind=ind, con=con: duck_a(con, ind))
        check_equal(r_a, d_a, "(a)")
        line("(a) 1 indicator × 1 year × every province", t_a, t_da)
        t_b, r_b = timed(lambda: ours_b(provs), 2)
        t_db, d_b = timed(lambda con=con: duck_b(con), 2)
        check_equal(r_b, d_b, "(b)")
        last_b = line("(b) 300 series × 1 year × every province", t_b, t_db)
        t_c, t_dc = freshness(rows, cat, con, provs, rng)
        line("(c) 1.000 changes → dependent roll-ups", t_c, t_dc)
        prepare(fresh=True)  # (c) changed values: the next size starts from a clean load
        con.close()
        loaded = []
    print(f"ratio: {last_b:.2f}")


if __name__ == "__main__":
    main()

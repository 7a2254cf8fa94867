"""Load test: concurrent readers and writers against one server, loopback only.

Builds a scratch database with the demo data (a SQLite file, or with ``--db postgres`` the
PostgreSQL database named by ``DATABASE_URL``, as ``scripts/with-postgres.sh`` gives),
serves it with gunicorn on a free 127.0.0.1 port (2 workers × 8 threads, as a small
office server would), and for a bounded time runs at once:

* **readers** — the Locust scenario ``bench/locustfile.py`` (``--users``, default 50):
  officers and leaders browsing dashboards, indicator pages, tables and forms;
* **writers** — ``--writers`` threads (default 20) of a province officer saving through
  ``POST /api/datavalues/bulk``, each save naming the version it read.  They share a few
  figures on purpose (so they collide); a refused stale save (409) is reloaded and
  retried, as a browser form does.

It then prints p50 / p95 per page, the error count (any answer but 200, and 409 for a
stale save), and the **lost updates**: every accepted save adds 1 to its figure, so each
figure must end equal to the number of saves the server accepted for it.  Nothing passes
or fails; the numbers are printed.  Bounded: ``--seconds`` (60), loopback only.

    .venv/bin/python bench/load.py [--users 50] [--writers 20] [--seconds 60]
    scripts/with-postgres.sh .venv/bin/python bench/load.py --db postgres

Needs the benchmark tools: ``.venv/bin/pip install -r requirements-bench.txt`` (``make bench``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
WRITER = "tinh"  # the province officer: writes every commune of Lai Châu
SHARED_FIGURES = 5  # figures the writers share (few, so that saves collide)
PERIOD = "2029"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kw)


def prepare(env: dict, fresh: bool) -> tuple[str, list[str]]:
    """Migrate and load the demo when needed; the writer's API token and the communes written."""
    if fresh:
        print("Tạo cơ sở dữ liệu mẫu …", flush=True)
        manage(env, "migrate", "-v", "0")
        manage(env, "load_demo", "--province", "12", "--province", "02", stdout=subprocess.DEVNULL)
    script = (
        "from rest_framework.authtoken.models import Token; from django.contrib.auth import get_user_model; "
        "from datavalues.models import DataValue; from units.models import Unit; import datetime as dt; "
        f"DataValue.objects.filter(period__code='{PERIOD}', indicator__code='HERD').delete(); "
        f"t, _ = Token.objects.get_or_create(user=get_user_model().objects.get(username='{WRITER}')); "
        "units = Unit.objects.filter(code__startswith='12.', level=3, valid_from__gte=dt.date(2025, 7, 1))"
        f".order_by('code').values_list('code', flat=True)[:{SHARED_FIGURES}]; "
        "print(t.key); print(','.join(units))"
    )
    out = manage(env, "shell", "-c", script, capture_output=True, text=True).stdout.split()
    return out[-2], out[-1].split(",")


class Writers:
    """``n`` threads saving +1 on shared figures with optimistic locking until ``deadline``."""

    def __init__(self, base: str, token: str, units: list[str], n: int):
        self.base, self.token, self.units, self.n = base, token, units, n
        self.accepted: Counter = Counter()
        self.answers: Counter = Counter()
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def request(self, path: str, body: list | None = None) -> tuple[int, dict]:
        req = urllib.request.Request(self.base + path, method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Token {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, {"raw": e.read()[:200].decode(errors="replace")}

    def current(self, unit: str) -> tuple[int, int]:
        status, body = self.request(f"/api/datavalues?indicator=HERD&option=PIG&unit={unit}&period={PERIOD}")
        if status != 200:
            raise RuntimeError(f"GET {status}")
        rows = body["results"]
        return (int(float(rows[0]["value"])), rows[0]["version"]) if rows else (0, 0)

    def work(self, deadline: float) -> None:
        rng = random.Random()
        while time.monotonic() < deadline:
            unit = rng.choice(self.units)
            try:
                value, version = self.current(unit)
                status, body = self.request("/api/datavalues/bulk", [
                    {"indicator": "HERD", "option": "PIG", "unit": unit, "period": PERIOD,
                     "value": str(value + 1), "version": version}])
            except Exception as e:  # a dropped connection is an error too
                status, body = 0, {"raw": repr(e)}
            with self.lock:
                self.answers[status] += 1
                if status == 200:
                    self.accepted[unit] += 1
                elif status != 409:
                    self.errors.append(f"{status}: {str(body)[:120]}")

    def run(self, seconds: int) -> list[threading.Thread]:
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=self.work, args=(deadline,), daemon=True) for _ in range(self.n)]
        for t in threads:
            t.start()
        return threads

    def lost_updates(self) -> dict[str, tuple[int, int]]:
        """Figures whose stored value differs from the saves accepted for them."""
        out = {}
        for unit in self.units:
            stored, _ = self.current(unit)
            if stored != self.accepted[unit]:
                out[unit] = (stored, self.accepted[unit])
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50, help="readers (Locust users)")
    ap.add_argument("--writers", type=int, default=20, help="writer threads")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--db", default="/tmp/bacthang-load.sqlite3",
                    help="a SQLite file, or 'postgres' for the database of DATABASE_URL")
    args = ap.parse_args()
    if args.db == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            sys.exit("--db postgres cần DATABASE_URL (chạy qua scripts/with-postgres.sh).")
        env = dict(os.environ, DEBUG="1", AXES_ENABLED="0")
        fresh, engine = True, "PostgreSQL"
    else:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{args.db}", DEBUG="1", AXES_ENABLED="0")
        fresh, engine = not Path(args.db).exists(), "SQLite"
    token, units = prepare(env, fresh)
    port = free_port()
    server = subprocess.Popen([str(Path(PY).parent / "gunicorn"), "bacthang.wsgi", "-b", f"127.0.0.1:{port}",
                               "-w", "2", "--threads", "8", "-k", "gthread", "--log-level", "warning",
                               # longer than a client's pause between requests: a keep-alive connection
                               # closed by the server just as the client reuses it reads as a reset
                               "--keep-alive", "30"],
                              cwd=ROOT, env=dict(env, API_RATE_USER="1000000/minute", LOG_LEVEL="ERROR"))
    writers = Writers(f"http://127.0.0.1:{port}", token, units, args.writers)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        threads = writers.run(args.seconds)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "stats"
            subprocess.run([str(Path(PY).parent / "locust"), "-f", str(ROOT / "bench/locustfile.py"), "--headless",
                            "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
                            "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"],
                           cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
            failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))
        for t in threads:
            t.join(timeout=120)
        lost = writers.lost_updates()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests still running after the load: stop now
            server.kill()
            server.wait()
    print(f"\nTải: {args.users} người đọc và {args.writers} người ghi đồng thời, {args.seconds} giây, "
          f"gunicorn 2 tiến trình × 8 luồng, {engine}\n")
    print(f"{'trang':<34}{'số yêu cầu':>12}{'lỗi':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for r in rows:
        print(f"{r['Name'][:33]:<34}{int(r['Request Count']):>12}{int(r['Failure Count']):>8}"
              f"{r['50%']:>10}{r['95%']:>10}")
    for f in failures:
        print(f"lỗi: {f['Method']} {f['Name']}: {f['Error'][:120]} ({f['Occurrences']} lần)")
    saves = sum(writers.answers.values())
    print(f"\nGhi: {saves} lần lưu — {writers.answers[200]} được nhận, {writers.answers[409]} bị từ chối vì "
          f"phiên bản cũ (tải lại rồi lưu lại), {len(writers.errors)} lỗi")
    for e in Counter(writers.errors).most_common(5):
        print(f"lỗi ghi: {e[0]} ({e[1]} lần)")
    print(f"Mất cập nhật: {len(lost)}" + "".join(f"\n  {u}: lưu {s}, được nhận {a}" for u, (s, a) in lost.items()))
    reader_errors = sum(int(r["Failure Count"]) for r in rows if r["Name"] == "Aggregated")
    print(f"errors: {reader_errors + len(writers.errors)}  lost_updates: {len(lost)}")


if __name__ == "__main__":
    main()

"""Load test: 50 concurrent users over dashboard and form pages, against loopback only.

Builds a scratch SQLite database with the demo data, serves it with gunicorn on a free
127.0.0.1 port (2 workers × 8 threads, as a small office server would), and runs the
Locust scenario ``bench/locustfile.py`` headless for a bounded time, then prints p50 /
p95 per page and the error count.  Bounded: ``--users`` (50), ``--seconds`` (60).

    .venv/bin/python bench/load.py [--users 50] [--seconds 60]

Needs the benchmark tools: ``.venv/bin/pip install -r requirements-bench.txt`` (``make bench``).
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--db", default="/tmp/bacthang-load.sqlite3")
    args = ap.parse_args()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{args.db}", DEBUG="1", AXES_ENABLED="0")
    if not Path(args.db).exists():
        print("Tạo cơ sở dữ liệu mẫu …", flush=True)
        subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "load_demo", "--province", "12", "--province", "02"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([str(Path(PY).parent / "gunicorn"), "bacthang.wsgi", "-b", f"127.0.0.1:{port}",
                               "-w", "2", "--threads", "8", "-k", "gthread", "--log-level", "warning"],
                              cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "stats"
            subprocess.run([str(Path(PY).parent / "locust"), "-f", str(ROOT / "bench/locustfile.py"), "--headless",
                            "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
                            "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"],
                           cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
            failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests still running after the load: stop now
            server.kill()
            server.wait()
    print(f"\nTải: {args.users} người dùng đồng thời, {args.seconds} giây, gunicorn 2 tiến trình × 8 luồng, SQLite\n")
    print(f"{'trang':<34}{'số yêu cầu':>12}{'lỗi':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for r in rows:
        print(f"{r['Name'][:33]:<34}{int(r['Request Count']):>12}{int(r['Failure Count']):>8}"
              f"{r['50%']:>10}{r['95%']:>10}")
    for f in failures:
        print(f"lỗi: {f['Method']} {f['Name']}: {f['Error'][:120]} ({f['Occurrences']} lần)")


if __name__ == "__main__":
    main()

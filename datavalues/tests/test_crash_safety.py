"""An import killed with SIGKILL in the middle of writing leaves the database exactly as
it was before the import: one transaction, committed at the end or not at all."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def scratch_database(tmp_path):
    """A database of its own for the child processes (the test database is not shared)."""
    if connection.vendor == "postgresql":
        import psycopg

        base = os.environ["DATABASE_URL"]
        name = f"crash_{uuid.uuid4().hex[:8]}"
        admin = base.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        yield base.rsplit("/", 1)[0] + "/" + name
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        yield f"sqlite:///{tmp_path / 'crash.sqlite3'}"


def manage(url, *args, **kw):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=url, PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=kw.get("check", True))


def dump(url):
    return manage(url, "export_values", "--number-style", "plain").stdout


def big_file(path: Path) -> Path:
    codes = [line.split(",")[0] for line in (ROOT / "units/data/units_pre2025.csv").read_text().splitlines()]
    communes = [c for c in codes if c.startswith("12.") and c.count(".") == 2]
    assert len(communes) == 106
    lines = ["indicator,option,unit,period,value"]
    for code in communes:
        for year in (2022, 2023):
            for month in range(1, 13):
                for species in ("BUFFALO", "CATTLE", "PIG", "HORSE", "GOAT"):
                    lines.append(f"HERD,{species},{code},{year}{month:02d},{month * 10 + year % 7}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_import_killed_midway_leaves_the_database_as_it_was(scratch_database, tmp_path):
    url = scratch_database
    manage(url, "migrate", "-v", "0")
    manage(url, "load_units", "--province", "12")
    manage(url, "load_catalogue")
    first = tmp_path / "first.csv"
    first.write_text("indicator,option,unit,period,value\nHERD,PIG,12,202312,235000\n"
                     "CROP_AREA,TEA,12.105,2023,963.45\n", encoding="utf-8")
    manage(url, "import_values", str(first), "--number-style", "plain")
    before = dump(url)
    assert "235000" in before

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=url, PYTHONUNBUFFERED="1")
    child = subprocess.Popen([sys.executable, "manage.py", "import_values", str(big_file(tmp_path / "big.csv"))],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    writing = False
    seen = []
    for line in child.stdout:
        seen.append(line)
        if line.startswith("Đang ghi") and not line.startswith("Đang ghi 12720/"):
            writing = True
            break
    assert writing, "the import never reached the writing stage: " + "".join(seen[-20:])
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert dump(url) == before
    if url.startswith("sqlite"):
        import sqlite3

        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()

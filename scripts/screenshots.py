#!/usr/bin/env python
"""Regenerate the screenshots of the web application in docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Loads the demo data (``load_demo``: the seed documents' figures and the demo accounts)
into a scratch SQLite database, starts ``manage.py runserver`` on a free loopback
port, signs in through the login page with Debian's chromium (Playwright) and saves
full-page PNGs at desktop (1280 px) and phone (360 px) width:

* ``dashboard-*.png``     — the city officer's programme dashboard (Lai Châu City, 2023);
* ``indicator-*.png``     — the indicator page of the province's cooperatives in 2023, by district,
  with where the number comes from (a discrepancy between the province and its districts);
* ``commune-table-*.png`` — the commune table of the city (new tea, 2021-2023);
* ``data-entry-*.png``    — the report form due for Phường Tân Phong, when the collection
  app provides forms and an entry page (skipped with a message otherwise);
* ``ocop-product-*.png``  — the public catalogue page of a demo OCOP product with its QR code (no login).
* ``search-*.png``        — the header search box with its results as you type ("mac ca");
* ``sorted-list-*.png``   — the audit trail sorted by user, paginated;
* ``progress-*.png``      — a background import's progress page (a job staged at 45 %:
  a real job finishes too fast to be photographed);
* ``help-*.png``          — the user guide of the commune officer.

The desktop pictures are also copied to ``static/help/``, where the user guide
(``/huong-dan/``) shows them.

Nothing outside the scratch directory and the output folder is touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage"]
SIZES = [("desktop", 1280, 900), ("phone", 360, 780)]
PASSWORD = "demo"

PAGES = [
    # (file name, demo account, path, selector to wait for)
    ("dashboard", "thanhpho", "/tong-quan/12.105/?nam=2023", "canvas.spark[data-drawn='1']"),
    ("indicator", "tinh", "/chi-tieu/COOPERATIVES/12/?ky=2023", "canvas[data-kind='series'][data-drawn='1']"),
    ("commune-table", "thanhpho", "/bang-xa/12.105/?nhom=trong_trot&phan-to=CROP.TEA&ky=2021-2023",
     "table.grid"),
    # No account: a public page.  A callable path is resolved once the demo data is loaded.
    ("ocop-product", None, lambda: catalogue_product_path("Bưởi da xanh"), ".cat-qr img"),
    ("ntm-matrix", "thanhpho", "/nong-thon-moi/ma-tran/12.105/?nam=2023&cap=BASIC", "table.ntm-matrix"),
    ("search", "thanhpho", "/tong-quan/12.105/?nam=2023", "#site-q"),
    ("sorted-list", "tinh", "/nhat-ky/?sap-xep=-user&trang=2", "table"),
    ("help", "santhang", "/huong-dan/", ".guide"),
]
# Pages whose state needs a step before the picture: type into the search box.
ACTIONS = {"search": lambda page: (page.locator("#site-q").press_sequentially("mac ca", delay=40),
                                   page.locator("#site-results a").first.wait_for()),
           "progress": lambda page: page.wait_for_timeout(600)}  # the page polls: never network-idle
HELP_PICTURES = ROOT / "static" / "help"  # the guide's pictures (web/help.py)


def catalogue_product_path(name: str) -> str:
    """The public catalogue page of a demo product (its address holds a random permanent id)."""
    from catalogue.models import PublicProduct

    return f"/ocop/sp/{PublicProduct.objects.get(product__name=name).public_id}/"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(env: dict) -> str | None:
    """Migrate and load the demo data into the scratch database; return the path of the
    data-entry page due for the demo commune officer, if the collection app has one."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bacthang.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    # Apps whose migrations are not written yet get their tables straight from the models.
    settings.MIGRATION_MODULES = {
        cfg.label: None for cfg in apps.get_app_configs()
        if (Path(cfg.path) / "migrations").is_dir()
        and not any(p.name[:1].isdigit() for p in (Path(cfg.path) / "migrations").glob("*.py"))
    }
    call_command("migrate", run_syncdb=True, verbosity=0)

    from demo.loading import ensure_demo_users, load_demo

    load_demo(progress=lambda m: print("  " + m))
    ensure_demo_users()

    from django.contrib.auth import get_user_model

    from accounts.scope import assigned_units
    from web.workflow import forms_due_for

    user = get_user_model().objects.get(username="santhang")
    due = [d for d in forms_due_for(user, assigned_units(user)) if d.url]
    return due[0].url if due else None


def stage_running_job() -> str:
    """A background import shown at 45 % (claimed by no runner, so it stays there)."""
    from django.contrib.auth import get_user_model

    from jobs.models import Job, State
    from jobs.runner import Reporter

    job = Job.objects.create(kind="import_values", title="Nhập tệp số liệu so-lieu-2026.csv", state=State.RUNNING,
                             input_name="so-lieu-2026.csv", created_by=get_user_model().objects.get(username="tinh"))
    Reporter(job)(45, "Đang ghi 4.500/10.000 …")
    return f"/viec-nen/{job.pk}/"


def wait_for_server(url: str, process: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"Máy chủ dừng đột ngột (mã {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"Máy chủ không trả lời sau {seconds} giây: {url}")


def take(base: str, out: Path, entry_path: str | None, job_path: str | None = None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    # Callable paths query the database: resolved here, before Playwright's event loop starts.
    pages = [(name, user, path() if callable(path) else path, ready) for name, user, path, ready in PAGES]
    if entry_path:
        pages.append(("data-entry", "santhang", entry_path, "form"))
    if job_path:
        pages.append(("progress", "tinh", job_path, "#job-status"))
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for size, width, height in SIZES:
                logged_in: dict = {}
                for name, username, path, ready in pages:
                    if username not in logged_in:
                        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height},
                                                      base_url=base, device_scale_factor=1)
                        context.set_default_timeout(30000)
                        page = context.new_page()
                        if username is not None:  # a public page needs no login
                            page.goto("/dang-nhap/")
                            page.get_by_label("Tên đăng nhập").fill(username)
                            page.get_by_label("Mật khẩu").fill(PASSWORD)
                            page.get_by_role("button", name="Đăng nhập").click()
                            page.wait_for_url(base + "/")
                        logged_in[username] = page
                    page = logged_in[username]
                    page.goto(path)
                    page.wait_for_selector(ready)
                    if name in ACTIONS:
                        ACTIONS[name](page)
                    else:
                        page.wait_for_load_state("networkidle")
                    target = out / f"{name}-{size}.png"
                    page.screenshot(path=str(target), full_page=True)
                    saved.append(target)
                    print(f"  {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
                for page in logged_in.values():
                    page.context.close()
        finally:
            browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description="Chụp ảnh màn hình các trang web vào docs/screenshots/.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bacthang-screenshots-") as scratch:
        env = {"DATABASE_URL": f"sqlite:///{Path(scratch) / 'demo.sqlite3'}", "DEBUG": "1",
               "BACTHANG_VAR_DIR": scratch}
        print("Nạp dữ liệu mẫu vào cơ sở dữ liệu tạm …")
        entry_path = prepare_database(env)
        job_path = stage_running_job()
        if entry_path is None:
            print("  (chưa có biểu mẫu nhập số liệu nào đến hạn: bỏ qua ảnh trang nhập số liệu)")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
        log = open(Path(scratch) / "server.log", "w")  # noqa: SIM115 — closed below
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_server(base + "/dang-nhap/", server)
            print(f"Chụp ảnh ({base}) …")
            saved = take(base, out, entry_path, job_path)
            HELP_PICTURES.mkdir(parents=True, exist_ok=True)
            for picture in saved:
                if picture.name.endswith("-desktop.png"):
                    shutil.copyfile(picture, HELP_PICTURES / picture.name)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    print(f"Đã lưu {len(saved)} ảnh vào {out}.")


if __name__ == "__main__":
    main()

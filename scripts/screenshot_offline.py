#!/usr/bin/env python
"""The screenshot of offline data entry in the README: docs/screenshots/offline-entry-phone.png.

    .venv/bin/python scripts/screenshot_offline.py [--out docs/screenshots]

Same machinery as ``scripts/screenshots.py`` (demo data in a scratch SQLite database,
``runserver`` on a free loopback port, Debian's chromium through Playwright): the demo commune
officer opens the report form due for their commune on a 390 px phone screen while online (the
service worker caches it), loses the signal, types three figures in Vietnamese notation and saves.
The picture shows the form with its queue banner "Chưa gửi — sẽ gửi khi có mạng".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROOT, free_port, prepare_database, wait_for_server  # noqa: E402

FIGURES = ["1.250", "36,5", "812"]


def take(base: str, out: Path, entry_path: str) -> Path:
    from playwright.sync_api import sync_playwright

    target = out / "offline-entry-phone.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, base_url=base,
                                          device_scale_factor=1, is_mobile=True, has_touch=True)
            context.set_default_timeout(30000)
            page = context.new_page()
            page.goto("/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill("santhang")
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(base + "/")
            page.goto(entry_path)
            page.wait_for_selector("#offline-app[data-cached='yes']", state="attached")
            for _ in range(100):  # the service worker controls the page (the pages' CSP forbids wait_for_function)
                if page.evaluate("navigator.serviceWorker.controller !== null"):
                    break
                page.wait_for_timeout(100)
            print(f"  {entry_path}")
            context.set_offline(True)
            page.reload()
            inputs = page.locator("input.num-input")
            for i, text in enumerate(FIGURES[:inputs.count()]):
                inputs.nth(i).fill(text)
            page.get_by_role("button", name="Lưu nháp").click()
            page.wait_for_selector("#offline-banner .queued-line", state="attached")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(target), full_page=False)
            context.close()
        finally:
            browser.close()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description="Chụp ảnh trang nhập số liệu khi không có mạng (390 px).")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bacthang-screenshot-offline-") as scratch:
        env = {"DATABASE_URL": f"sqlite:///{Path(scratch) / 'demo.sqlite3'}", "DEBUG": "1",
               "BACTHANG_VAR_DIR": scratch}
        print("Nạp dữ liệu mẫu vào cơ sở dữ liệu tạm …")
        entry_path = prepare_database(env)
        if entry_path is None:
            raise SystemExit("Không có biểu mẫu nào đến hạn cho santhang: không chụp được.")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(scratch) / "server.log", "w")  # noqa: SIM115 — closed below
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_server(base + "/dang-nhap/", server)
            print(f"Chụp ảnh ({base}) …")
            target = take(base, out, entry_path)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    print(f"Đã lưu {target}.")


if __name__ == "__main__":
    main()

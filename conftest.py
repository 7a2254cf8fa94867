"""Shared fixtures.

* The test database gets the units of Lai Châu (12), Hà Giang (02) and Tuyên Quang
  (08, Hà Giang's successor) and the default catalogue once per session; every
  ``db`` test runs in a transaction on top of them.
* Tests that need a real server (``live_server``, browser tests) use
  ``loaded_transactional_db``: the database is flushed after each such test, so the
  fixture loads the units and catalogue again (pytest-django runs these tests last).
* ``page`` is a Playwright page in Debian's chromium (``/usr/bin/chromium``, installed by
  ``scripts/system-deps.sh``) pointed at the live server.
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# tests around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage"]


def load_core_data():
    from indicators.loading import load_catalogue
    from units.loading import load_units

    load_units(["12", "02"])
    load_catalogue()


@pytest.fixture(autouse=True)
def _login_rate_limit_off(settings):
    """django-axes needs a request in authenticate(), which client.login() does not pass;
    the tests of the rate limit itself switch it back on."""
    settings.AXES_ENABLED = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_core_data()


@pytest.fixture
def loaded_transactional_db(transactional_db):
    load_core_data()


@pytest.fixture
def admin_user_demo(db, django_user_model):
    return django_user_model.objects.create_superuser("tester", "", "pw-for-tests")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, loaded_transactional_db):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(page):
    """login("santhang", "pw") signs the page in through the real login form."""

    def _login(username: str, password: str):
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        return page

    return _login

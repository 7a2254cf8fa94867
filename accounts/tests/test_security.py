import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from demo.loading import DemoError, ensure_demo_users, load_demo

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)


def test_logins_are_rate_limited_per_username_and_address(client, django_user_model, settings):
    settings.AXES_ENABLED = True
    django_user_model.objects.create_user("santhang", password="mat-khau-dung")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post("/dang-nhap/", {"username": "santhang", "password": "sai"})
        assert r.status_code == 200 and "không đúng" in r.content.decode()
    assert client.post("/dang-nhap/", {"username": "santhang", "password": "sai"}).status_code == 429
    r = client.post("/dang-nhap/", {"username": "santhang", "password": "mat-khau-dung"})  # even the right one
    assert r.status_code == 429
    assert "Tạm khóa đăng nhập" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_resets_the_failure_count(client, django_user_model, settings):
    settings.AXES_ENABLED = True
    django_user_model.objects.create_user("thanhpho", password="mat-khau-dung")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/dang-nhap/", {"username": "thanhpho", "password": "sai"})
    r = client.post("/dang-nhap/", {"username": "thanhpho", "password": "mat-khau-dung"})
    assert r.status_code == 302


def test_pages_carry_security_headers(client):
    r = client.get("/dang-nhap/")
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in r["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in r["Content-Security-Policy"]
    assert r["Referrer-Policy"] == "same-origin"


def test_forms_need_a_csrf_token(django_user_model):
    from django.test import Client

    django_user_model.objects.create_user("santhang", password="x")
    c = Client(enforce_csrf_checks=True)
    assert c.post("/dang-nhap/", {"username": "santhang", "password": "x"}).status_code == 403


def test_passwords_are_hashed(django_user_model):
    user = django_user_model.objects.create_user("tinh", password="demo-mat-khau")
    assert user.password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt"))
    assert "demo-mat-khau" not in user.password


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the test run only
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="nongnghiep.laichau.gov.vn",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    r = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                       env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = dict(os.environ, DEBUG="0", ALLOWED_HOSTS="x", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("SECRET_KEY", None)
    r = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode != 0 and "SECRET_KEY" in r.stderr


def test_demo_data_and_accounts_refuse_to_load_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(DemoError):
        load_demo(["12"])
    with pytest.raises(DemoError):
        ensure_demo_users()


def test_sessions_end_with_the_browser_and_after_eight_hours(client, django_user_model):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    django_user_model.objects.create_user("tinh", password="mat-khau-dai-1")
    page = client.get("/dang-nhap/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    client.post("/dang-nhap/", {"username": "tinh", "password": "mat-khau-dai-1", "csrfmiddlewaretoken": token})
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert cookie["httponly"]
    session = Session.objects.get(session_key=cookie.value)
    left = session.expire_date - timezone.now()
    assert dt.timedelta(hours=7, minutes=59) < left <= dt.timedelta(hours=8)
    assert client.get("/").status_code == 200
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/").status_code == 302  # back to the login page

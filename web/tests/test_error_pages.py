"""The site's own error pages (bacthang.urls handlers, templates/4xx.html, 500.html): Vietnamese,
styled, with the menu for a signed-in user and the status kept; DEBUG off as in production."""

from __future__ import annotations

import pytest
from django.urls import path

from bacthang import urls as root_urls

ENGLISH = ("Forbidden", "Not Found", "Server Error", "Bad Request", "requested resource")


def boom(request):
    raise RuntimeError("a bug in a view")


# A root URLconf for these tests: the site's, plus a view that raises, with the site's handlers.
urlpatterns = [path("loi-thu/", boom), *root_urls.urlpatterns]
handler400, handler403 = root_urls.handler400, root_urls.handler403
handler404, handler500 = root_urls.handler404, root_urls.handler500


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def assert_site_page(response, status: int, title: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f"<h1 id=\"error-title\">{title}</h1>" in page
    assert 'href="/"' in page and "Về trang chủ" in page
    assert not any(w in page for w in ENGLISH), page
    return page


def test_a_leader_refused_the_ocop_form_gets_a_vietnamese_403_with_the_menu(as_user):
    page = assert_site_page(as_user("lanhdao").get("/so-dang-ky/ocop/them/"), 403, "Không có quyền truy cập")
    assert "Bạn không có quyền thêm bản ghi vào sổ đăng ký này." in page  # the view's own reason
    assert 'aria-label="Điều hướng chính"' in page and "Đăng xuất" in page


def test_an_unknown_address_gets_a_vietnamese_404_with_the_menu(as_user):
    page = assert_site_page(as_user("thanhpho").get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")
    assert 'aria-label="Điều hướng chính"' in page


def test_a_404_for_a_visitor_not_signed_in_has_no_menu(client, db):
    page = assert_site_page(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")
    assert 'aria-label="Điều hướng chính"' not in page


@pytest.mark.urls(__name__)
def test_an_uncaught_error_gets_a_vietnamese_500_with_the_menu(as_user):
    client = as_user("tinh")
    client.raise_request_exception = False
    page = assert_site_page(client.get("/loi-thu/"), 500, "Lỗi máy chủ")
    assert 'aria-label="Điều hướng chính"' in page
    assert "a bug in a view" not in page


@pytest.mark.urls(__name__)
def test_the_500_page_falls_back_to_plain_vietnamese_html_when_the_full_page_fails(as_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(root_urls, "render", broken)
    client = as_user("tinh")
    client.raise_request_exception = False
    r = client.get("/loi-thu/")
    assert r.status_code == 500 and r["Content-Type"].startswith("text/html")
    page = r.content.decode()
    assert "<h1>Lỗi máy chủ</h1>" in page and 'href="/"' in page and "the database is down" not in page


def test_a_bad_request_gets_the_vietnamese_400_page(rf, accounts):
    request = rf.get("/tong-quan/12/")
    request.user = accounts["thanhpho"]
    request.session = {}
    r = root_urls.bad_request(request, ValueError("bad"))
    assert r.status_code == 400
    page = r.content.decode()
    assert "Yêu cầu không hợp lệ" in page and 'aria-label="Điều hướng chính"' in page


def test_a_form_refused_by_the_csrf_check_gets_a_vietnamese_page(db):
    from django.test import Client

    r = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "x", "password": "y"})
    assert_site_page(r, 403, "Phiên làm việc đã hết hạn")

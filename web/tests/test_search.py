"""The search box of every page (web/search.py): indicators, units, registry records and
reports, whatever the case and the diacritics, only what the user may read."""

from __future__ import annotations

import pytest

from web.search import search_all, sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    from demo.loading import ensure_demo_users, load_demo

    settings.DEBUG = True
    load_demo(["12", "02"])
    ensure_demo_users()
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


def labels(sections, key):
    return [h["label"] for s in sections if s.key == key for h in s.hits]


def test_every_app_with_a_search_module_is_a_source():
    keys = [s.key for s in sources()]
    assert keys[:2] == ["chi-tieu", "don-vi"] and "registries" in keys and "reports" in keys


def test_search_finds_records_units_and_indicators_without_diacritics(demo):
    tinh = demo["tinh"]
    found = search_all(tinh, "MAC CA")
    records = labels(found, "registries")
    assert any(r.startswith("Hạt mắc ca") for r in records) and any(r.startswith("Nhân mắc ca") for r in records)
    assert "Xã San Thàng" in labels(search_all(tinh, "san thang"), "don-vi")
    assert any("Diện tích" in name for name in labels(search_all(tinh, "dien tich"), "chi-tieu"))
    assert labels(search_all(tinh, "bao cao thang"), "reports")
    assert search_all(tinh, "   ") == []


def test_search_answers_only_what_the_user_reads(demo):
    santhang = demo["santhang"]
    units = labels(search_all(santhang, "lai chau"), "don-vi")
    assert "Tỉnh Lai Châu" not in units  # the commune officer does not read the province
    assert "Xã San Thàng" in labels(search_all(santhang, "san thang"), "don-vi")
    # Hà Giang's communes are not the Lai Châu officer's.
    assert labels(search_all(demo["tinh"], "ha giang"), "don-vi") == []
    assert labels(search_all(demo["admin"], "ha giang"), "don-vi")


def test_the_endpoint_answers_a_fragment_to_htmx_and_a_page_otherwise(demo, client):
    client.force_login(demo["thanhpho"])
    fragment = client.get("/tim-kiem/", {"q": "mac ca"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Hạt mắc ca" in fragment and "<html" not in fragment and "/so-dang-ky/ocop/" in fragment
    page = client.get("/tim-kiem/", {"q": "khong co gi nhu the nay"}).content.decode()
    assert "<html" in page and "Không tìm thấy gì" in page
    assert 'id="site-q"' in client.get("/").content.decode()  # the box is on every page

"""No page makes a query per row: the engine loads the figures in bulk, so a page with
a hundred communes makes about as many queries as a page with seven.

The indicators computed from records (registries, support …) are answered by their
apps' providers (``engine.providers``), which query per unit; their cost is theirs to
cap, so these tests measure the pages with the reported figures only.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine import providers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reported_figures_only")]


@pytest.fixture
def reported_figures_only(monkeypatch):
    monkeypatch.setattr(providers, "_PROVIDERS", {})


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_the_commune_table_of_the_province_does_not_grow_with_its_106_communes(as_user, seeds,
                                                                              django_assert_max_num_queries):
    client = as_user("tinh")
    client.get("/")  # warm the session
    city = count(client, "/bang-xa/12.105/?nhom=trong_trot&ky=2023")          # 7 communes
    with django_assert_max_num_queries(80):
        province = count(client, "/bang-xa/12/?nhom=trong_trot&ky=2023")       # 106 communes
    assert province <= city + 5
    with django_assert_max_num_queries(80):
        client.get("/bang-xa/12/?nhom=trong_trot&ky=2023&co-cau=sau")          # 38 new communes


def test_the_excel_export_of_the_province_is_capped_too(as_user, seeds, django_assert_max_num_queries):
    client = as_user("tinh")
    with django_assert_max_num_queries(80):
        client.get("/bang-xa/12/excel/?nhom=trong_trot&ky=2023")


def test_the_indicator_page_does_not_grow_with_its_child_units(as_user, seeds, django_assert_max_num_queries):
    client = as_user("tinh")
    client.get("/")
    districts = count(client, "/chi-tieu/TRAINING_CLASSES/12/?ky=2023&co-cau=truoc")   # 8 districts
    with django_assert_max_num_queries(60):
        communes = count(client, "/chi-tieu/TRAINING_CLASSES/12/?ky=2023&co-cau=sau")  # 38 communes
    assert communes <= districts + 5


def test_the_province_dashboard_and_home_pages_are_capped(as_user, seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(90):
        as_user("lanhdao").get("/tong-quan/12/?nam=2023")
    with django_assert_max_num_queries(90):
        as_user("lanhdao").get("/")
    with django_assert_max_num_queries(100):
        as_user("thanhpho").get("/")
    with django_assert_max_num_queries(60):
        as_user("santhang").get("/")

"""The programme dashboard: one card per target with actual, target, %, last year and
status; the year and group filters (HTMX partials); the numbers in Vietnamese."""

import re

import pytest

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def card(page_text: str, title: str) -> str:
    """The text of one card, from its title to the next card's title."""
    start = page_text.index(title)
    nxt = re.search(r"(Diện tích|Sản lượng|Số cơ sở|Số sản phẩm|Chiều dài)", page_text[start + len(title):])
    return page_text[start: start + len(title) + (nxt.start() if nxt else 400)]


def test_the_city_dashboard_shows_the_2023_plan_with_statuses(as_user, seeds):
    page = text(as_user("thanhpho").get("/tong-quan/12.105/?nam=2023"))
    assert "Kế hoạch KH-2023-TPLC" in page
    tea = card(page, "Diện tích hiện có — Chè")
    # 963,45 ha of tea against the plan's 963,45 ha (seed 000 / 002).
    assert "963,45 ha" in tea and "Đạt 100% mục tiêu" in tea and "Đã đạt" in tea
    harvest = card(page, "Diện tích kinh doanh, cho thu hoạch — Chè")
    assert "940 ha" in harvest and "950 ha" in harvest and "98,9%" in harvest and "Có nguy cơ chậm" in harvest
    macadamia = card(page, "Sản lượng — Mắc ca")
    assert "13,5" in macadamia and "27%" in macadamia and "Dự báo khó đạt" in macadamia
    tea_output = card(page, "Sản lượng — Chè")
    # No 2023 output yet, but 2022's 10.892 tấn is the same period last year.
    assert "10.900 tấn" in tea_output and "10.892 tấn" in tea_output and "Chưa có số liệu" in tea_output


def test_switching_the_year_changes_the_values(as_user, seeds):
    client = as_user("thanhpho")
    y2023 = text(client.get("/tong-quan/12.105/?ct=KH-2023-TPLC&nam=2023"))
    y2022 = text(client.get("/tong-quan/12.105/?ct=KH-2023-TPLC&nam=2022"))
    assert "963,45 ha" in card(y2023, "Diện tích hiện có — Chè")
    assert "963,45 ha" not in card(y2022, "Diện tích hiện có — Chè").split("Mục tiêu")[0]
    assert "10.892 tấn" in card(y2022, "Sản lượng — Chè").split("Mục tiêu")[0]
    assert "Không có mục tiêu cho năm 2022" in y2022


def test_an_htmx_request_gets_only_the_dashboard_fragment(as_user, seeds):
    response = as_user("thanhpho").get("/tong-quan/12.105/?nam=2022", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="dashboard"' in body and "Năm 2022" in body


def test_the_group_filter_keeps_only_that_commodity_group(as_user, seeds):
    page = text(as_user("thanhpho").get("/tong-quan/12.105/?nam=2023&nhom=chan_nuoi"))
    assert "Nuôi ong" in page and "4 cơ sở" in page and "66,7%" in page
    assert "Diện tích hiện có — Chè" not in page


def test_each_card_links_to_its_indicator_page(as_user, seeds):
    body = as_user("thanhpho").get("/tong-quan/12.105/?nam=2023").content.decode()
    assert 'href="/chi-tieu/CROP_AREA/12.105/?ky=2023&amp;phan-to=TEA&amp;ct=KH-2023-TPLC"' in body


def test_the_province_dashboard_shows_the_city_targets_under_the_city_name(as_user, seeds):
    page = text(as_user("lanhdao").get("/tong-quan/12/"))
    assert "Năm 2023 — mục tiêu giao cho Thành phố Lai Châu" in page
    assert "963,45 ha" in page


def test_a_commune_sees_its_own_share_of_the_plan(as_user, seeds):
    # The 2023 plan gives Xã San Thàng 135 ha of quality rice (seed 002).
    page = text(as_user("santhang").get("/tong-quan/12.105.03409/"))
    assert "Lúa chất lượng" in page and "135 ha" in page

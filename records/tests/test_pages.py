"""Sorting and pagination of the record lists: sortable headers in Vietnamese, page links,
filters kept in every link (``records.pages.sorted_page``)."""

from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import RequestFactory

from audit.models import Channel
from records.pages import PAGE_SIZE, SortColumn, page_numbers, sorted_page
from records.testing import SAN_THANG, SUNG_PHAI, client_for, unit
from units.models import Unit
from works.actions import do_save_work
from works.models import WorkType

pytestmark = pytest.mark.django_db

COLUMNS = [SortColumn("Tên", "ten", ("name",)), SortColumn("Mã", "ma", ("code",)), SortColumn("Ghi chú")]


def _listing(query: str):
    request = RequestFactory().get("/danh-sach/?" + query)
    return sorted_page(request, Unit.objects.filter(code__startswith="12.").order_by("code"), COLUMNS)


def test_a_header_sorts_by_its_column_and_a_second_click_reverses_it_keeping_the_filters():
    ctx = _listing("don_vi=12.105&trang=3")
    ten, ma, note = ctx["headers"]
    assert note["url"] is None and note["label"] == "Ghi chú"  # not sortable
    assert ten["sort"] is None and parse_qs(urlparse(ten["url"]).query) == {"don_vi": ["12.105"], "sap_xep": ["ten"]}
    ctx = _listing("don_vi=12.105&sap_xep=ten")
    names = [u.name for u in ctx["page"].object_list]
    assert names == sorted(names) and ctx["headers"][0]["sort"] == "ascending"
    assert parse_qs(urlparse(ctx["headers"][0]["url"]).query)["sap_xep"] == ["-ten"]
    ctx = _listing("don_vi=12.105&sap_xep=-ten")
    names = [u.name for u in ctx["page"].object_list]
    assert names == sorted(names, reverse=True) and ctx["headers"][0]["sort"] == "descending"
    assert ctx["query"] == "don_vi=12.105&sap_xep=-ten"  # page links keep the filters and the order


def test_an_unknown_sort_key_keeps_the_lists_own_order():
    codes = [u.code for u in _listing("sap_xep=khong_co")["page"].object_list]
    assert codes == sorted(codes)


def test_page_links_show_the_ends_and_the_neighbours_of_the_current_page():
    total = Unit.objects.filter(code__startswith="12.").count()
    assert total > 3 * PAGE_SIZE  # Lai Châu's districts and communes in both structures
    ctx = _listing("trang=2")
    last = ctx["page"].paginator.num_pages
    assert ctx["pages"][:4] == [1, 2, 3, 4] and ctx["pages"][-1] == last
    from django.core.paginator import Paginator

    pages = Paginator(range(1000), 50)
    assert page_numbers(pages.page(10)) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert page_numbers(pages.page(20)) == [1, None, 18, 19, 20]


def test_the_works_list_sorts_by_length_and_its_pager_and_headers_keep_the_filters(cast, client):
    for name, code, km in (("Kênh A", SUNG_PHAI, "5.1"), ("Kênh B", SAN_THANG, "12"), ("Kênh C", SAN_THANG, "0.4")):
        do_save_work(user=None, channel=Channel.SYSTEM, unit=unit(code), name=name, work_type=WorkType.CANAL,
                     length_km=Decimal(km))
    c = client_for(client, cast.city)
    html = c.get("/cong-trinh/", {"loai": "CANAL", "sap_xep": "-chieu_dai"}).content.decode()
    assert html.index("Kênh B") < html.index("Kênh A") < html.index("Kênh C")
    assert 'aria-sort="descending"' in html and "Chiều dài (km) ▼" in html
    assert "loai=CANAL&amp;sap_xep=chieu_dai" in html  # the header reverses the order, keeping the filter

"""web.listing: one sorting and pagination helper for the lists that are not registers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from accounts.models import Profile
from audit.models import AuditEntry
from datavalues.importing import import_values
from units.models import Unit
from web.listing import sort_and_page

COLUMNS = {"name": ("Tên", "name"), "n": ("Số", "n"), "note": ("Ghi chú", None)}
ITEMS = [SimpleNamespace(name=n, n=v) for n, v in [("b", 2), ("a", None), ("c", 1), ("d", 3)]]


def listing(query: str, **kw):
    return sort_and_page(RequestFactory().get("/x/?" + query), ITEMS, COLUMNS, **kw)


def test_sorts_both_ways_with_missing_values_last_and_keeps_other_filters():
    assert [i.name for i in listing("sap-xep=n").items] == ["c", "b", "d", "a"]
    assert [i.name for i in listing("sap-xep=-n").items] == ["d", "b", "c", "a"]
    by_name = listing("sap-xep=name&q=x")
    name_header = by_name.headers[0]
    assert name_header.aria_sort == "ascending" and "sap-xep=-name" in name_header.url and "q=x" in name_header.url
    assert by_name.headers[2].sortable is False
    assert [i.name for i in listing("sap-xep=note", default="name").items] == ["a", "b", "c", "d"]  # not a column


def test_pages_keep_the_sort_and_a_page_past_the_end_is_the_last():
    two = listing("sap-xep=name&trang=2", per_page=3)
    assert [i.name for i in two.items] == ["d"] and two.previous_url == "?sap-xep=name&trang=1"
    assert two.next_url is None
    assert listing("trang=99", per_page=3).page.number == 2


@pytest.mark.django_db
def test_the_audit_page_sorts_by_user_and_pages(client, django_user_model):
    import_values(("indicator,option,unit,period,value\n" + "".join(
        f"HERD,PIG,12.105.03409,{2019 + i // 12}{i % 12 + 1:02d},{i + 1}\n" for i in range(60))).encode(),
        filename="a.csv")
    assert AuditEntry.objects.count() == 60
    user = django_user_model.objects.create_user("tp", password="x")
    Profile.objects.create(user=user, role="district").units.set(Unit.objects.filter(code="12.105"))
    client.force_login(user)
    first = client.get("/nhat-ky/").context["listing"]
    assert first.page.paginator.num_pages == 2 and len(first.items) == 50
    html = client.get("/nhat-ky/", {"sap-xep": "-at", "trang": 2}).content.decode()
    assert 'aria-sort="descending"' in html and "Trang 2/2" in html and "‹ Trang trước" in html


@pytest.mark.django_db
def test_completeness_and_validation_download_as_excel(client, django_user_model):
    from io import BytesIO

    from openpyxl import load_workbook

    from collection.models import ReportForm

    ReportForm.objects.create(code="BC_THU", name="Báo cáo thử", period_type="month", level=3)
    user = django_user_model.objects.create_user("tp", password="x")
    Profile.objects.create(user=user, role="district").units.set(Unit.objects.filter(code="12.105"))
    client.force_login(user)
    page = client.get("/nhap-so-lieu/tien-do/", {"form": "BC_THU", "period": "202312", "unit": "12.105"})
    assert "format=xlsx" in page.content.decode()
    r = client.get("/nhap-so-lieu/tien-do/", {"form": "BC_THU", "period": "202312", "unit": "12.105",
                                              "format": "xlsx"})
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    communes = Unit.objects.filter(code__startswith="12.105.").count()
    assert rows[0][:4] == ("Địa bàn", "Mã đơn vị", "Đơn vị", "Tình trạng") and len(rows) - 1 == communes
    assert "Xã San Thàng" in [row[2] for row in rows]
    v = client.get("/nhap-so-lieu/kiem-tra/", {"unit": "12.105", "period": "202312", "format": "xlsx"})
    assert v["Content-Disposition"].startswith('attachment; filename="kiem-tra_12.105_202312.xlsx"')
    assert list(load_workbook(BytesIO(v.content)).active.iter_rows(values_only=True))[0][0] == "Loại"

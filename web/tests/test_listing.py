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

"""One rule for what an officer may approve and what their queues show (accounts.scope.can_approve):
after the 2025 reform the city officer approves Phường Tân Phong (12.03408), which inherited the city's
territory, so it is in the city's pending list and completeness."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.scope import approvable_units, can_approve
from collection import actions
from collection.completeness import completeness
from units.models import Unit

from .conftest import CITY, p, u

pytestmark = pytest.mark.django_db

TAN_PHONG = "12.03408"


@pytest.fixture
def tan_phong_submitted(cast, forms):
    commune, _ = forms
    at = timezone.make_aware(dt.datetime(2026, 12, 10, 9, 0))
    return actions.do_submit(commune, u(TAN_PHONG), p("202612"), user=cast["santhang"], at=at)


def test_the_pending_list_holds_what_the_city_may_approve(client, cast, tan_phong_submitted):
    thanhpho = cast["thanhpho"]
    assert can_approve(thanhpho, u(TAN_PHONG))
    client.force_login(thanhpho)
    response = client.get(reverse("collection:index"))
    assert [s.unit.code for s in response.context["waiting"]] == [TAN_PHONG]
    html = response.content.decode()
    pending = html[html.index("Báo cáo chờ duyệt"):].split("</section>")[0]
    assert "Phường Tân Phong" in pending and "Xem và duyệt" in pending


def test_completeness_of_the_city_counts_the_new_communes_of_its_territory(client, cast, tan_phong_submitted):
    commune = tan_phong_submitted.form
    c = completeness(commune, p("202612"), u(CITY), today=dt.date(2026, 12, 20))
    codes = [row.unit.code for row in c.overall.rows]
    assert TAN_PHONG in codes and c.overall.total > 0 and c.overall.done == 1
    # Every unit of the city's completeness is one its officer approves, and the other way round.
    thanhpho = cast["thanhpho"]
    assert approvable_units(thanhpho, [row.unit for row in c.overall.rows]) == {row.unit.pk for row in c.overall.rows}
    client.force_login(thanhpho)
    html = client.get(reverse("collection:progress"), {"form": "BC_THANG_XA", "period": "202612", "unit": CITY,
                                                       "date": "2026-12-20"}).content.decode()
    assert "0/0" not in html and f"1/{c.overall.total} " in html


def test_the_rule_still_refuses_what_it_refused(cast):
    thanhpho, santhang, lanhdao = cast["thanhpho"], cast["santhang"], cast["lanhdao"]
    assert not can_approve(thanhpho, u(CITY))  # its own report
    assert not can_approve(thanhpho, u("12.106.03367") if Unit.objects.filter(code="12.106.03367").exists()
                           else u("12.106"))
    assert not can_approve(santhang, u(TAN_PHONG))
    assert not can_approve(lanhdao, u(TAN_PHONG))
    assert can_approve(cast["tinh"], u(TAN_PHONG)) and can_approve(cast["admin"], u(TAN_PHONG))

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from datavalues.writing import FigureChange
from indicators.models import Indicator
from programmes.models import Programme
from programmes.writing import do_set_targets

from ..report import validation_report
from .conftest import CITY, SAN_THANG, SUNG_PHAI, p, put, u

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(forms):
    """Lai Châu City in 2023: seed 000 says 940 ha of tea in business, seed 002's plan 950 ha."""
    put(("CROP_AREA", "TEA", CITY, "2023", "963.45"), ("CROP_HARVEST_AREA", "TEA", CITY, "2023", 940))
    plan = Programme.objects.create(code="KH-TP-2023", title="Kế hoạch sản xuất nông nghiệp hàng hóa năm 2023")
    ind = Indicator.objects.get(code="CROP_HARVEST_AREA")
    do_set_targets(plan, [FigureChange(ind, ind.option_for("TEA"), u(CITY), p("2023"), Decimal(950),
                                       source="Văn bản nguồn 002: «duy trì 950 ha chè kinh doanh»")],
                   channel="system")
    return plan


def test_the_report_lists_rule_violations_of_every_unit_in_the_subtree(forms):
    put(("HERD", None, SAN_THANG, "202312", 100), ("HERD", "PIG", SAN_THANG, "202312", 90),
        ("HERD", None, SUNG_PHAI, "202312", 50), ("HERD", "PIG", SUNG_PHAI, "202312", 50),
        ("HERD", None, "12.106.03394", "202312", 10), ("HERD", "PIG", "12.106.03394", "202312", 9))
    report = validation_report(u(CITY), p("202312"))
    rules = report.by_kind["rule"]
    assert [(v.unit, v.message) for v in rules] == [
        (SAN_THANG, "Tổng đàn gia súc (100) phải bằng Trâu + Bò + Lợn (90).")]
    assert report.units_checked == 2


def test_a_value_and_a_plan_that_state_different_figures_are_conflicting_sources(seeds):
    report = validation_report(u("12"), p("2023"))
    (conflict,) = [v for v in report.by_kind["conflict"] if v.rule == "value_vs_target"]
    assert conflict.unit == CITY
    assert "Diện tích kinh doanh, cho thu hoạch (Chè): số liệu 940 ha" in conflict.message
    assert "khác số 950 ha" in conflict.message and "KH-TP-2023" in conflict.message


def test_a_stock_stated_for_the_year_and_for_december_with_different_values_is_a_conflict(forms):
    put(("POULTRY", None, CITY, "2023", 21), ("POULTRY", None, CITY, "202312", 22))
    report = validation_report(u(CITY), p("202312"))
    (conflict,) = [v for v in report.by_kind["conflict"] if v.rule == "stock_same_day"]
    assert "Tháng 12/2023 ghi 22 nghìn con" in conflict.message and "Năm 2023 (cùng ngày cuối kỳ" in conflict.message


def test_the_engines_discrepancies_are_listed_not_recomputed(forms):
    # The city reports 100 thousand poultry but its communes add up to 90.
    put(("POULTRY", None, CITY, "202312", 100), ("POULTRY", None, SAN_THANG, "202312", 60),
        ("POULTRY", None, SUNG_PHAI, "202312", 30))
    report = validation_report(u(CITY), p("202312"))
    (d,) = [v for v in report.by_kind["conflict"] if v.rule == "engine:children"]
    assert d.unit == CITY and "100" in d.message and "90" in d.message


def test_the_validate_command_prints_every_violation(seeds, capsys):
    put(("HERD", None, SAN_THANG, "2023", 100), ("HERD", "PIG", SAN_THANG, "2023", 90))
    call_command("validate", unit="12", period="2023")
    out = capsys.readouterr().out
    assert "[LỖI] Xã San Thàng (12.105.03409): Tổng đàn gia súc (100)" in out
    assert "khác số 950 ha" in out
    with pytest.raises(CommandError):
        call_command("validate", unit="12", period="2023", fail_on_error=True)


def test_the_validation_page_is_scoped_and_its_queries_do_not_grow_with_units(client, cast, seeds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast["thanhpho"])
    params = {"unit": CITY, "period": "2023"}
    client.get(reverse("collection:validation"), params)  # creates the earlier years' periods once
    with CaptureQueriesContext(connection) as few:
        r = client.get(reverse("collection:validation"), params)
    assert r.status_code == 200 and "khác số 950 ha" in r.content.decode()
    communes = ["12.105.03386", "12.105.03387", "12.105.03388", "12.105.03389", SAN_THANG, SUNG_PHAI]
    put(*[("CROP_AREA", "TEA", c, "2023", 100 + i) for i, c in enumerate(communes)],
        *[("CROP_HARVEST_AREA", "TEA", c, "2023", 200 + i) for i, c in enumerate(communes)])
    with CaptureQueriesContext(connection) as many:
        r = client.get(reverse("collection:validation"), params)
    assert r.content.decode().count("Chè: Diện tích kinh doanh, cho thu hoạch (") == 6
    assert len(many) <= len(few)
    assert client.get(reverse("collection:validation"), {"unit": "12", "period": "2023"}).status_code == 404

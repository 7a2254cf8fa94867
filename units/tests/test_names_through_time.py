"""Units named through time, and roll-ups across the 2025 reform that agree at every level.

Province code 80 is Long An until 30/06/2025 and Tây Ninh (Long An + the old Tây Ninh,
code 72) from 01/07/2025; code 24 is Bắc Giang, then Bắc Ninh.  Both are one unit
spanning the two structures (``Unit.spans_reform``)."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from datavalues.writing import FigureChange, do_set_values
from engine.rollup import Engine
from indicators.models import Indicator
from periods.models import Period
from units.loading import load_units
from units.models import (
    LAST_DAY_BEFORE_REFORM,
    REFORM_DATE,
    STRUCTURE_AFTER,
    STRUCTURE_BEFORE,
    Level,
    Unit,
    UnitSuccession,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def south():
    load_units(["80", "72", "24", "27"])


def test_a_province_that_kept_its_code_is_named_as_it_was_on_each_day(south):
    long_an, bac_giang = Unit.objects.get(code="80"), Unit.objects.get(code="24")
    assert long_an.spans_reform and bac_giang.spans_reform
    assert (long_an.name_on(LAST_DAY_BEFORE_REFORM), long_an.name_on(REFORM_DATE)) == ("Tỉnh Long An", "Tỉnh Tây Ninh")
    assert (bac_giang.name_on(LAST_DAY_BEFORE_REFORM), bac_giang.name_on(REFORM_DATE)) == \
        ("Tỉnh Bắc Giang", "Tỉnh Bắc Ninh")
    assert Unit.objects.get(code="72").name_on(LAST_DAY_BEFORE_REFORM) == "Tỉnh Tây Ninh"


def test_the_api_list_of_the_old_structure_names_each_province_once(south, admin_user_demo):
    client = APIClient()
    client.force_authenticate(admin_user_demo)
    names = [u["name"] for u in client.get("/api/units?level=1&structure=pre2025").json()["results"]]
    assert len(names) == len(set(names)), names
    assert {"Tỉnh Long An", "Tỉnh Tây Ninh", "Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"} <= set(names)
    after = {u["code"]: u["name"] for u in client.get("/api/units?level=1&structure=post2025").json()["results"]}
    assert after["80"] == "Tỉnh Tây Ninh" and after["24"] == "Tỉnh Bắc Ninh" and "72" not in after
    on_day = {u["code"]: u["name"] for u in client.get("/api/units?level=1&valid_on=2013-03-01").json()["results"]}
    assert on_day["80"] == "Tỉnh Long An"


def _first_old_commune(province: str) -> Unit:
    return Unit.objects.filter(code__startswith=province + ".", level=Level.COMMUNE,
                               valid_to=LAST_DAY_BEFORE_REFORM).order_by("code").first()


def test_figures_carry_the_name_of_their_period(south):
    ind = Indicator.objects.get(code="HERD")
    commune = _first_old_commune("80")
    do_set_values([FigureChange(ind, ind.option_for("PIG"), commune, Period.objects.for_code("201303"),
                                Decimal(100))], channel="system")
    e = Engine()
    assert e.value("HERD", "80", "201303", "PIG").unit_name == "Tỉnh Long An"
    assert e.value("HERD", "80", "202603", "PIG").unit_name == "Tỉnh Tây Ninh"


def test_roll_ups_across_the_reform_agree_at_commune_and_province_level_in_each_structure(south):
    ind = Indicator.objects.get(code="HERD")
    pig, month = ind.option_for("PIG"), Period.objects.for_code("201303")
    old_long_an, old_tay_ninh = _first_old_commune("80"), _first_old_commune("72")
    do_set_values([FigureChange(ind, pig, old_long_an, month, Decimal(100)),
                   FigureChange(ind, pig, old_tay_ninh, month, Decimal(40))], channel="system")
    new_communes = sorted({s.successor.code for s in UnitSuccession.objects.filter(
        predecessor__in=[old_long_an, old_tay_ninh]).select_related("successor")})
    assert all(c.startswith("80.") for c in new_communes)  # both now lie in the new Tây Ninh

    after = Engine(structure=STRUCTURE_AFTER)
    rows = [after.value("HERD", c, "201303", "PIG").value for c in new_communes]
    province = after.value("HERD", "80", "201303", "PIG")
    # The new province's 2013 figure is the sum of its new communes' figures (the old Tây
    # Ninh commune included), named as the province is in that structure.
    assert province.value == sum(rows) == 140 and province.unit_name == "Tỉnh Tây Ninh"

    before = Engine(structure=STRUCTURE_BEFORE)
    assert before.value("HERD", "80", "201303", "PIG").value == 100  # Long An as it was
    assert before.value("HERD", "72", "201303", "PIG").value == 40
    assert before.value("HERD", "80", "201303", "PIG").unit_name == "Tỉnh Long An"
    # Without a structure, a 2013 figure is asked in the structure of 2013.
    assert Engine().value("HERD", "80", "201303", "PIG").value == 100


def test_a_post_reform_figure_seen_in_the_old_structure_agrees_with_the_old_districts(south):
    ind = Indicator.objects.get(code="HERD")
    pig, month = ind.option_for("PIG"), Period.objects.for_code("202603")
    new = Unit.objects.filter(code__startswith="80.", level=Level.COMMUNE, valid_from=REFORM_DATE).order_by("code")
    do_set_values([FigureChange(ind, pig, u, month, Decimal(10)) for u in new], channel="system")
    before = Engine(structure=STRUCTURE_BEFORE)
    districts = Unit.objects.filter(parent__code="80", level=Level.DISTRICT)
    total = sum((before.value("HERD", d.code, "202603", "PIG").value or 0) for d in districts)
    province = before.value("HERD", "80", "202603", "PIG")
    # Long An's old districts inherit their share of the new communes; the province in the
    # old structure is their sum, not the whole new Tây Ninh.
    assert province.value == total
    assert province.value < Engine().value("HERD", "80", "202603", "PIG").value == 10 * new.count()


def test_the_commune_table_names_the_province_as_it_was_in_the_structure_shown(south, client, admin_user_demo):
    client.force_login(admin_user_demo)
    before = client.get("/bang-xa/80/?ky=201303&co-cau=truoc").content.decode()
    after = client.get("/bang-xa/80/?ky=201303&co-cau=sau").content.decode()
    assert "Cả Tỉnh Long An" in before and "Cả Tỉnh Tây Ninh" not in before
    assert "Cả Tỉnh Tây Ninh" in after


def test_a_report_of_an_old_period_names_the_unit_as_it_was(south):
    from reports.builders.monthly import MonthlyBuilder
    from reports.kinds import default_header

    old = MonthlyBuilder(Unit.objects.get(code="80"), Period.objects.for_code("201303")).build().context()
    new = MonthlyBuilder(Unit.objects.get(code="80"), Period.objects.for_code("202603")).build().context()
    assert old["don_vi"] == "Tỉnh Long An" and new["don_vi"] == "Tỉnh Tây Ninh"
    assert "Long An" in default_header("monthly", Unit.objects.get(code="80"),
                                       Period.objects.for_code("201303"))["co_quan_chu_quan"]


def test_the_dashboard_and_the_indicator_page_name_the_province_of_the_year_shown(south, client, admin_user_demo):
    client.force_login(admin_user_demo)
    assert "Tổng quan chương trình — Tỉnh Long An" in client.get("/tong-quan/80/?nam=2013").content.decode()
    assert "Tổng quan chương trình — Tỉnh Tây Ninh" in client.get("/tong-quan/80/?nam=2026").content.decode()
    page = client.get("/chi-tieu/HERD/80/?ky=2013").content.decode()
    assert '<span class="subtitle">Tỉnh Long An' in page

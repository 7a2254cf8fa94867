"""An administrator adds an indicator with two breakdowns on the admin pages, without
code, and the engine answers its margins at once."""

from decimal import Decimal

import pytest

from datavalues.writing import FigureChange, do_set_values
from engine.rollup import Engine
from indicators.models import Disaggregation, Indicator
from indicators.testing import make_breakdown
from periods.models import Period
from units.models import Unit

pytestmark = pytest.mark.django_db


def indicator_form(**extra):
    data = {"code": "POULTRY_FARMS", "name": "Đàn gia cầm theo loài và hình thức", "description": "",
            "measure": "con", "group": "chan_nuoi", "kind": "reported", "aggregation": "sum",
            "time_aggregation": "stock", "options_add_up": "on", "formula": "", "formula_scale": "1",
            "decimals": "0", "non_negative": "on", "sort_order": "0", "is_active": "on"}
    data.update(extra)
    return data


def test_an_indicator_with_two_breakdowns_is_added_in_one_form_and_answers_every_margin(client, admin_user_demo):
    species = make_breakdown("POULTRY_SPECIES", "Loài gia cầm", [("GA", "Gà"), ("VIT", "Vịt")])
    farming = make_breakdown("FARMING", "Hình thức", [("NONG_HO", "Nông hộ"), ("TRANG_TRAI", "Trang trại")])
    client.force_login(admin_user_demo)
    page = client.get("/admin/indicators/indicator/add/")
    assert page.status_code == 200 and "Hai phân tổ trở lên" in page.content.decode()
    r = client.post("/admin/indicators/indicator/add/", indicator_form(breakdowns=[species.pk, farming.pk]))
    assert r.status_code == 302, r.content.decode()[:2000]
    ind = Indicator.objects.get(code="POULTRY_FARMS")
    assert set(ind.disaggregation.categories.all()) == {species, farming}
    assert ind.disaggregation.options.count() == 4
    unit, period = Unit.objects.get(code="12.105.03409"), Period.objects.for_code("2023")
    combos = {o.code: o for o in ind.disaggregation.options.all()}
    do_set_values([FigureChange(ind, combos["TRANG_TRAI__GA"], unit, period, Decimal(300)),
                   FigureChange(ind, combos["NONG_HO__GA"], unit, period, Decimal(200)),
                   FigureChange(ind, combos["TRANG_TRAI__VIT"], unit, period, Decimal(50))], channel="system")
    e = Engine()
    assert e.value("POULTRY_FARMS", "12", "2023", "TRANG_TRAI").value == 350
    assert e.value("POULTRY_FARMS", "12", "2023", "GA").value == 500
    assert e.value("POULTRY_FARMS", "12", "2023").value == 550
    # The edit page shows the two breakdowns chosen; changing them once values exist is refused.
    edit = client.get(f"/admin/indicators/indicator/{ind.pk}/change/").content.decode()
    assert f'<option value="{species.pk}" selected>' in edit
    r = client.post(f"/admin/indicators/indicator/{ind.pk}/change/", indicator_form(breakdowns=[species.pk]))
    assert r.status_code == 200 and "không đổi phân tổ được" in r.content.decode()


def test_one_breakdown_is_used_as_it_is_and_none_means_a_total_only(client, admin_user_demo):
    species = make_breakdown("POULTRY_SPECIES", "Loài gia cầm", [("GA", "Gà"), ("VIT", "Vịt")])
    client.force_login(admin_user_demo)
    assert client.post("/admin/indicators/indicator/add/", indicator_form(breakdowns=[species.pk])).status_code == 302
    assert Indicator.objects.get(code="POULTRY_FARMS").disaggregation == species
    r = client.post("/admin/indicators/indicator/add/", indicator_form(code="POULTRY_TOTAL"))
    assert r.status_code == 302 and Indicator.objects.get(code="POULTRY_TOTAL").disaggregation is None


def test_a_province_officer_adds_a_breakdown_and_the_province_indicator_using_it_in_one_sitting(client,
                                                                                              django_user_model):
    from accounts.models import Profile

    officer = django_user_model.objects.create_user("tinh-test", password="x", is_staff=True)
    Profile.objects.create(user=officer, role="province").units.set([Unit.objects.get(code="12")])
    client.force_login(officer)
    r = client.post("/admin/indicators/disaggregation/add/", {
        "code": "TEA_KIND", "name": "Loại chè", "options-TOTAL_FORMS": "2", "options-INITIAL_FORMS": "0",
        "options-0-code": "SHAN", "options-0-name": "Chè Shan tuyết", "options-0-sort_order": "0",
        "options-1-code": "LAI", "options-1-name": "Chè lai", "options-1-sort_order": "1"})
    assert r.status_code == 302, r.content.decode()[:3000]
    tea_kind = Disaggregation.objects.get(code="TEA_KIND")
    assert tea_kind.options.count() == 2
    r = client.post("/admin/indicators/indicator/add/", indicator_form(code="LC_TEA_AREA", unit=Unit.objects.get(
        code="12").pk, breakdowns=[tea_kind.pk]))
    assert r.status_code == 302, r.content.decode()[:3000]
    created = Indicator.objects.get(code="LC_TEA_AREA")
    assert created.disaggregation == tea_kind and created.unit.code == "12"
    # A breakdown the national catalogue uses stays the admin's.
    species = Disaggregation.objects.get(code="SPECIES")
    assert client.get(f"/admin/indicators/disaggregation/{species.pk}/change/").status_code == 200  # to read
    r = client.post(f"/admin/indicators/disaggregation/{species.pk}/change/", {"code": "SPECIES", "name": "x"})
    assert r.status_code == 403
    assert Disaggregation.objects.get(code="SPECIES").name != "x"

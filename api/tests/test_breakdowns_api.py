"""The API answers a crossed breakdown's margins and hides another province's indicators."""

from decimal import Decimal

import pytest

from datavalues.writing import FigureChange, do_set_values
from indicators.crossing import cross
from indicators.models import Indicator
from indicators.testing import make_breakdown
from periods.models import Period
from units.models import Unit

from .conftest import SAN_THANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def poultry():
    species = make_breakdown("TEST_SPECIES", "Loài", [("GA", "Gà"), ("VIT", "Vịt")])
    farming = make_breakdown("TEST_FARMING", "Hình thức", [("NONG_HO", "Nông hộ"), ("TRANG_TRAI", "Trang trại")])
    crossing = cross([species, farming])
    ind = Indicator.objects.create(code="TEST_POULTRY", name="Gia cầm", measure="con", time_aggregation="stock",
                                   disaggregation=crossing)
    combos = {o.code: o for o in crossing.options.all()}
    unit, period = Unit.objects.get(code=SAN_THANG), Period.objects.for_code("2023")
    do_set_values([FigureChange(ind, combos["TRANG_TRAI__GA"], unit, period, Decimal(300)),
                   FigureChange(ind, combos["NONG_HO__GA"], unit, period, Decimal(200))], channel="system")
    return ind


def test_the_rollup_endpoint_answers_a_margin_of_a_crossed_breakdown(client_for, city_officer, poultry):
    r = client_for(city_officer).get("/api/rollup", {"indicator": "TEST_POULTRY", "unit": "12.105", "period": "2023",
                                                     "option": "GA"})
    assert r.status_code == 200, r.json()
    assert Decimal(str(r.json()["value"])) == 500 and r.json()["rule"] == "margin"
    bad = client_for(city_officer).get("/api/rollup", {"indicator": "TEST_POULTRY", "unit": "12.105",
                                                       "period": "2023", "option": "NGAN"})
    assert bad.status_code == 400


def test_an_indicator_of_another_province_is_unknown_to_the_api(client_for, city_officer):
    Indicator.objects.create(code="HG_ONLY", name="Chỉ tiêu riêng Hà Giang", measure="ha",
                             unit=Unit.objects.get(code="02"))
    r = client_for(city_officer).get("/api/rollup", {"indicator": "HG_ONLY", "unit": "12.105", "period": "2023"})
    assert r.status_code == 400 and "không có trong danh mục" in str(r.json())
    listed = client_for(city_officer).get("/api/datavalues", {"indicator": "HG_ONLY"})
    assert listed.status_code == 400

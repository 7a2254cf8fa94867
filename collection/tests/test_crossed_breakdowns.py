"""A new indicator with two crossed breakdowns goes on a report form in the admin, and the
entry page asks one figure per combination (one line each under the total); the values
are stored per combination and the engine answers every margin from them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from datavalues.models import DataValue
from engine.rollup import Engine
from indicators.crossing import cross
from indicators.models import Indicator
from indicators.testing import make_breakdown
from units.models import Level, Unit

from ..models import FormRow, ReportForm
from .conftest import SAN_THANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def poultry():
    species = make_breakdown("POULTRY_SPECIES", "Loài gia cầm", [("GA", "Gà"), ("VIT", "Vịt")])
    farming = make_breakdown("FARMING", "Hình thức chăn nuôi", [("NONG_HO", "Nông hộ"), ("TRANG_TRAI", "Trang trại")])
    return Indicator.objects.create(code="POULTRY_FARMING", name="Đàn gia cầm theo loài và hình thức", measure="con",
                                    group="chan_nuoi", time_aggregation="stock", decimals=0,
                                    disaggregation=cross([species, farming]))


def admin_form_data(poultry, combos):
    return {"code": "BC_GIA_CAM", "name": "Báo cáo đàn gia cầm", "description": "", "period_type": "month",
            "level": Level.COMMUNE, "root_unit": Unit.objects.get(code="12").pk, "deadline_offset_days": 0,
            "version": 1, "is_active": "on", "sort_order": 0,
            "rows-TOTAL_FORMS": 1, "rows-INITIAL_FORMS": 0, "rows-MIN_NUM_FORMS": 0, "rows-MAX_NUM_FORMS": 1000,
            "rows-0-sort_order": 1, "rows-0-section": "Chăn nuôi", "rows-0-indicator": poultry.pk,
            "rows-0-label": "", "rows-0-options": [o.pk for o in combos], "rows-0-total": "sum"}


def test_the_admin_puts_a_crossed_indicator_on_a_form_and_the_entry_page_has_a_line_per_combination(
        client, cast, poultry):
    combos = list(poultry.disaggregation.options.order_by("sort_order"))
    client.force_login(cast["admin"])
    r = client.post(reverse("admin:collection_reportform_add"), admin_form_data(poultry, combos))
    assert r.status_code == 302, r.content.decode()[:3000]
    row = FormRow.objects.get(form__code="BC_GIA_CAM")
    assert row.indicator == poultry and row.options.count() == 4

    client.force_login(cast["santhang"])
    url = reverse("collection:entry", args=["BC_GIA_CAM", SAN_THANG, "202312"])
    html = client.get(url).content.decode()
    table = html.split('<table class="entry"')[1].split("</table>")[0]
    body_rows = table.split("<tbody>")[1].split("<tr")[1:]
    assert len(body_rows) == 5  # the total, then one line per combination
    assert "Đàn gia cầm theo loài và hình thức" in body_rows[0] and 'data-total="POULTRY_FARMING|"' in body_rows[0]
    for line, combo in zip(body_rows[1:], combos, strict=True):
        assert f"{combo.name}</th>" in line and f'name="v:POULTRY_FARMING|{combo.code}"' in line
    assert "<th scope=\"col\" class=\"num\">Nông hộ, gà</th>" not in table  # not one column each

    typed = {"NONG_HO__GA": "1.200", "TRANG_TRAI__GA": "3.000", "NONG_HO__VIT": "400"}
    data = {"action": "save"}
    for code, text in typed.items():
        data.update({f"v:POULTRY_FARMING|{code}": text, f"o:POULTRY_FARMING|{code}": "",
                     f"ver:POULTRY_FARMING|{code}": "0"})
    assert client.post(url, data).status_code == 302
    stored = {v.option.code: v.value for v in DataValue.objects.filter(indicator=poultry).select_related("option")}
    assert stored == {"NONG_HO__GA": Decimal(1200), "TRANG_TRAI__GA": Decimal(3000), "NONG_HO__VIT": Decimal(400)}
    e = Engine()
    assert e.value("POULTRY_FARMING", SAN_THANG, "202312", "GA").value == 4200
    assert e.value("POULTRY_FARMING", SAN_THANG, "202312", "NONG_HO").value == 1600
    assert e.value("POULTRY_FARMING", SAN_THANG, "202312").value == 4600


def test_a_plain_breakdown_keeps_one_column_per_option(client, cast, forms):
    client.force_login(cast["santhang"])
    html = client.get(reverse("collection:entry", args=["BC_THANG_XA", SAN_THANG, "202312"])).content.decode()
    assert '<th scope="col" class="num">Trâu</th>' in html and 'class="combination"' not in html


def test_a_province_indicator_goes_only_on_forms_of_that_province(client, cast, forms, poultry):
    poultry.unit = Unit.objects.get(code="02")
    poultry.save()
    client.force_login(cast["admin"])
    r = client.post(reverse("admin:collection_reportform_add"), admin_form_data(poultry, []))
    assert r.status_code == 200 and "chỉ tiêu riêng của Tỉnh Hà Giang" in r.content.decode()
    assert not ReportForm.objects.filter(code="BC_GIA_CAM").exists()
    data = admin_form_data(poultry, [])
    data["root_unit"] = ""  # a form for the whole country holds only national indicators
    assert client.post(reverse("admin:collection_reportform_add"), data).status_code == 200
    data["root_unit"] = Unit.objects.get(code="02").pk
    assert client.post(reverse("admin:collection_reportform_add"), data).status_code == 302


def test_the_province_officer_picks_form_rows_among_national_and_own_indicators(client, cast, forms, poultry):
    poultry.unit = Unit.objects.get(code="02")
    poultry.save()
    own = Indicator.objects.create(code="LC_TEA_HOUSEHOLDS", name="Số hộ trồng chè", measure="hộ",
                                   unit=Unit.objects.get(code="12"))
    cast["tinh"].is_staff = True  # a province officer manages forms in the admin
    cast["tinh"].save()
    client.force_login(cast["tinh"])
    assert client.get(reverse("admin:collection_reportform_add")).status_code == 200

    def choices(term):  # the row's indicator picker (the admin's autocomplete)
        r = client.get(reverse("admin:autocomplete"), {"app_label": "collection", "model_name": "formrow",
                                                       "field_name": "indicator", "term": term})
        assert r.status_code == 200
        return {int(x["id"]) for x in r.json()["results"]}

    assert own.pk in choices("LC_TEA") and Indicator.objects.get(code="HERD").pk in choices("HERD")
    assert choices("POULTRY_FARMING") == set()
    data = admin_form_data(poultry, [])
    assert client.post(reverse("admin:collection_reportform_add"), data).status_code == 200
    assert not ReportForm.objects.filter(code="BC_GIA_CAM").exists()
    data["rows-0-indicator"] = own.pk
    assert client.post(reverse("admin:collection_reportform_add"), data).status_code == 302

"""A province's own indicators (``Indicator.unit``): seen only in that province, added by
its officer on the admin pages for their province only; the national catalogue stays the
administrator's (``indicators.visibility``, ``accounts.admin_access``)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Profile
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Disaggregation, Indicator, Option
from indicators.visibility import indicators_for_unit, visible_indicators
from periods.models import Period
from units.models import Unit

pytestmark = pytest.mark.django_db


def person(django_user_model, name, role, code=None, staff=False):
    user = django_user_model.objects.create_user(name, password="x", is_staff=staff)
    profile = Profile.objects.create(user=user, role=role)
    if code:
        profile.units.set([Unit.objects.get(code=code)])
    return user


@pytest.fixture
def own():
    """A Lai Châu indicator and a Hà Giang one."""
    lc = Indicator.objects.create(code="LC_TEA_HOUSEHOLDS", name="Số hộ trồng chè Shan tuyết", measure="hộ",
                                  group="trong_trot", unit=Unit.objects.get(code="12"))
    hg = Indicator.objects.create(code="HG_ORANGE_AREA", name="Diện tích cam sành", measure="ha",
                                  group="trong_trot", unit=Unit.objects.get(code="02"))
    return lc, hg


def breakdown(code, name, options):
    d = Disaggregation.objects.create(code=code, name=name)
    for i, (ocode, oname) in enumerate(options):
        Option.objects.create(disaggregation=d, code=ocode, name=oname, sort_order=i)
    return d


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_a_user_sees_the_national_catalogue_and_the_indicators_of_their_province(django_user_model, own,
                                                                               admin_user_demo):
    national = codes(Indicator.objects.filter(unit__isnull=True))
    assert "HERD" in national
    for role, unit in [("province", "12"), ("district", "12.105"), ("commune", "12.105.03409"), ("leader", "12")]:
        seen = codes(visible_indicators(person(django_user_model, f"u-{role}", role, unit)))
        assert seen == national | {"LC_TEA_HOUSEHOLDS"}, role
    hg = person(django_user_model, "hg", "province", "02")
    assert "HG_ORANGE_AREA" in codes(visible_indicators(hg)) and "LC_TEA_HOUSEHOLDS" not in codes(
        visible_indicators(hg))
    assert codes(visible_indicators(admin_user_demo)) == national | {"LC_TEA_HOUSEHOLDS", "HG_ORANGE_AREA"}
    assert codes(visible_indicators(person(django_user_model, "nobody", "commune"))) == national


def test_a_units_pages_use_the_national_catalogue_and_its_provinces_indicators(own):
    for code in ["12", "12.105", "12.105.03409", "12.03408"]:
        assert codes(indicators_for_unit(Unit.objects.get(code=code))) >= {"HERD", "LC_TEA_HOUSEHOLDS"}
        assert "HG_ORANGE_AREA" not in codes(indicators_for_unit(Unit.objects.get(code=code)))
    assert "HG_ORANGE_AREA" in codes(indicators_for_unit(Unit.objects.get(code="02")))


def test_a_province_indicator_belongs_to_a_province_and_its_formula_reads_its_own_catalogue(own):
    lc, hg = own
    ind = Indicator(code="LC_X", name="X", measure="ha", unit=Unit.objects.get(code="12.105"))
    with pytest.raises(ValidationError, match="đơn vị cấp tỉnh"):
        ind.full_clean()
    ratio = Indicator(code="LC_RATIO", name="Tỷ lệ", measure="%", kind="formula", unit=lc.unit,
                      formula="LC_TEA_HOUSEHOLDS / HG_ORANGE_AREA")
    with pytest.raises(ValidationError, match="HG_ORANGE_AREA"):
        ratio.full_clean()
    ratio.formula = "LC_TEA_HOUSEHOLDS / HERD"
    ratio.full_clean()  # national and own indicators are fine
    national = Indicator(code="NATIONAL_RATIO", name="Tỷ lệ", measure="%", kind="formula",
                         formula="LC_TEA_HOUSEHOLDS / HERD")
    with pytest.raises(ValidationError, match="LC_TEA_HOUSEHOLDS"):
        national.full_clean()


def test_an_indicator_with_values_elsewhere_does_not_become_a_provinces_own(own):
    herd = Indicator.objects.get(code="HERD")
    do_set_values([FigureChange(herd, None, Unit.objects.get(code="02"), Period.objects.for_code("2023"), Decimal(10))],
                  channel="system")
    herd.unit = Unit.objects.get(code="12")
    with pytest.raises(ValidationError, match="không chuyển thành chỉ tiêu riêng"):
        herd.full_clean()
    herd.unit = Unit.objects.get(code="02")
    herd.full_clean()


# ------------------------------------------------------------------ admin
def indicator_post(**extra):
    data = {"code": "LC_TEA_AREA_SHAN", "name": "Diện tích chè Shan tuyết cổ thụ", "description": "",
            "measure": "ha", "group": "trong_trot", "kind": "reported", "aggregation": "sum",
            "time_aggregation": "stock", "options_add_up": "on", "formula": "", "formula_scale": "1",
            "decimals": "1", "non_negative": "on", "sort_order": "0", "is_active": "on", "unit": ""}
    data.update(extra)
    return data


def test_the_province_officer_adds_indicators_only_for_their_province(client, django_user_model, own):
    lc, hg = own
    client.force_login(person(django_user_model, "tinh", "province", "12", staff=True))
    page = client.get("/admin/indicators/indicator/add/").content.decode()
    unit_select = page.split('name="unit"')[1].split("</select>")[0]
    assert f'value="{lc.unit.pk}"' in unit_select and f'value="{hg.unit.pk}"' not in unit_select
    assert f'value="{Unit.objects.get(code="12.105").pk}"' not in unit_select  # a province, not a district
    url = "/admin/indicators/indicator/add/"
    assert client.post(url, indicator_post(unit=hg.unit.pk)).status_code == 200  # another province: refused
    assert client.post(url, indicator_post()).status_code == 200  # the national catalogue: refused
    assert not Indicator.objects.filter(code="LC_TEA_AREA_SHAN").exists()
    species = breakdown("TEST_TEA_AGE", "Tuổi cây chè", [("OLD", "Cổ thụ"), ("YOUNG", "Trồng mới")])
    farming = breakdown("TEST_GROWER", "Người trồng", [("HOUSEHOLD", "Hộ gia đình"), ("COOP", "Hợp tác xã")])
    r = client.post(url, indicator_post(unit=lc.unit.pk, breakdowns=[species.pk, farming.pk]))
    assert r.status_code == 302, r.content.decode()[:3000]
    added = Indicator.objects.get(code="LC_TEA_AREA_SHAN")
    assert added.unit == lc.unit and set(added.disaggregation.categories.all()) == {species, farming}


def test_the_province_officer_sees_the_national_catalogue_read_only_and_no_other_province(
        client, django_user_model, own):
    lc, hg = own
    client.force_login(person(django_user_model, "tinh", "province", "12", staff=True))
    listing = client.get("/admin/indicators/indicator/", {"q": "cam sành"}).content.decode()
    assert "HG_ORANGE_AREA" not in listing
    listing = client.get("/admin/indicators/indicator/", {"danh_muc": "rieng"}).content.decode()
    assert "LC_TEA_HOUSEHOLDS" in listing and "HG_ORANGE_AREA" not in listing and ">HERD<" not in listing
    listing = client.get("/admin/indicators/indicator/", {"danh_muc": "chung", "q": "HERD"}).content.decode()
    assert ">HERD<" in listing and "LC_TEA_HOUSEHOLDS" not in listing
    other = client.get(f"/admin/indicators/indicator/{hg.pk}/change/", follow=True)
    assert "Diện tích cam sành" not in other.content.decode()
    assert client.get(f"/admin/indicators/indicator/{lc.pk}/change/").status_code == 200
    herd = Indicator.objects.get(code="HERD")
    page = client.get(f"/admin/indicators/indicator/{herd.pk}/change/")
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()  # read only
    assert herd.disaggregation.name in page.content.decode()  # its breakdown, shown as text
    r = client.post(f"/admin/indicators/indicator/{herd.pk}/change/", indicator_post(code="HERD", name="Đổi tên"))
    assert r.status_code == 403 and Indicator.objects.get(code="HERD").name != "Đổi tên"
    assert client.post(f"/admin/indicators/indicator/{herd.pk}/delete/", {"post": "yes"}).status_code == 403
    # Targets of the province's programmes may use national and own indicators, not another province's.
    target_page = client.get("/admin/programmes/target/add/").content.decode()
    select = target_page.split('name="indicator"')[1].split("</select>")[0]
    assert f'value="{herd.pk}"' in select and f'value="{lc.pk}"' in select and f'value="{hg.pk}"' not in select


def test_the_administrator_adds_national_and_provincial_indicators(client, admin_user_demo, own):
    client.force_login(admin_user_demo)
    url = "/admin/indicators/indicator/add/"
    assert client.post(url, indicator_post()).status_code == 302
    assert Indicator.objects.get(code="LC_TEA_AREA_SHAN").unit is None
    assert client.post(url, indicator_post(code="HG_TEA", unit=Unit.objects.get(code="02").pk)).status_code == 302
    assert Indicator.objects.get(code="HG_TEA").unit.code == "02"
    listing = client.get("/admin/indicators/indicator/").content.decode()
    assert "LC_TEA_HOUSEHOLDS" in listing and "HG_ORANGE_AREA" in listing


def test_the_api_lists_only_the_indicators_the_user_sees(client, django_user_model, own):
    client.force_login(person(django_user_model, "tinh", "province", "12"))
    listed = set()
    url = "/api/indicators?page_size=1000"
    while url:
        body = client.get(url).json()
        listed |= {i["code"] for i in body["results"]}
        url = body.get("next")
    assert "LC_TEA_HOUSEHOLDS" in listed and "HERD" in listed and "HG_ORANGE_AREA" not in listed
    assert client.get("/api/indicators/LC_TEA_HOUSEHOLDS").status_code == 200
    assert client.get("/api/indicators/HG_ORANGE_AREA").status_code == 404

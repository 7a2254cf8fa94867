"""A province officer manages the province's report forms, validation rules,
programmes and targets in the admin — and nothing of another province."""

from decimal import Decimal

import pytest

from accounts.models import Profile
from collection.models import ReportForm, ValidationRule
from programmes.models import Programme, Target
from units.models import Level, Unit

pytestmark = pytest.mark.django_db


def officer(django_user_model, name, role, code, staff=True):
    user = django_user_model.objects.create_user(name, password="x", is_staff=staff)
    Profile.objects.create(user=user, role=role).units.set([Unit.objects.get(code=code)])
    return user


@pytest.fixture
def rows():
    lc, hg = Unit.objects.get(code="12"), Unit.objects.get(code="02")
    return dict(
        form_lc=ReportForm.objects.create(code="BC_LC", name="Biểu Lai Châu", period_type="month",
                                          level=Level.COMMUNE, root_unit=lc),
        form_hg=ReportForm.objects.create(code="BC_HG", name="Biểu Hà Giang", period_type="month",
                                          level=Level.COMMUNE, root_unit=hg),
        form_all=ReportForm.objects.create(code="BC_CA_NUOC", name="Biểu cả nước", period_type="year",
                                           level=Level.PROVINCE),
        prog_lc=Programme.objects.create(code="05-NQ/TU", title="Nghị quyết Lai Châu", unit=lc),
        prog_hg=Programme.objects.create(code="58/2020", title="Nghị quyết Hà Giang", unit=hg),
    )


def test_the_province_officer_sees_and_opens_only_the_province_rows(client, django_user_model, rows):
    client.force_login(officer(django_user_model, "tinh", "province", "12"))
    forms = client.get("/admin/collection/reportform/").content.decode()
    assert "BC_LC" in forms and "BC_HG" not in forms and "BC_CA_NUOC" not in forms
    assert client.get(f"/admin/collection/reportform/{rows['form_lc'].pk}/change/").status_code == 200
    other = client.get(f"/admin/collection/reportform/{rows['form_hg'].pk}/change/", follow=True)
    assert "Biểu Hà Giang" not in other.content.decode()
    programmes = client.get("/admin/programmes/programme/").content.decode()
    assert "05-NQ/TU" in programmes and "58/2020" not in programmes
    assert client.get("/admin/collection/validationrule/").status_code == 200
    # Nothing else of the admin: units, users, data values stay with the admin role.
    assert client.get("/admin/units/unit/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403


def test_the_province_officer_creates_rows_only_inside_the_province(client, django_user_model, rows):
    client.force_login(officer(django_user_model, "tinh", "province", "12"))
    data = {"code": "KH-01", "doc_type": "ke_hoach", "title": "Kế hoạch", "unit": Unit.objects.get(code="02").pk,
            "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0,
            "legal_bases-TOTAL_FORMS": 0, "legal_bases-INITIAL_FORMS": 0}  # the legal-basis inline
    page = client.post("/admin/programmes/programme/add/", data)
    assert page.status_code == 200 and not Programme.objects.filter(code="KH-01").exists()
    data["unit"] = ""
    client.post("/admin/programmes/programme/add/", data)
    assert not Programme.objects.filter(code="KH-01").exists()  # a programme for the whole country: refused
    data["unit"] = Unit.objects.get(code="12.105").pk
    assert client.post("/admin/programmes/programme/add/", data).status_code == 302
    assert Programme.objects.get(code="KH-01").unit.code == "12.105"
    rule = {"code": "TONG_DAN", "name": "Tổng đàn bằng tổng các loài", "left": "HERD", "operator": "==",
            "right": "HERD.BUFFALO + HERD.CATTLE + HERD.PIG", "tolerance": "0", "importance": "error",
            "is_active": "on"}
    assert client.post("/admin/collection/validationrule/add/", rule).status_code == 302
    assert ValidationRule.objects.filter(code="TONG_DAN").exists()


def test_a_target_is_set_only_for_the_province_programmes_and_units(client, django_user_model, rows):
    from indicators.models import Indicator
    from periods.models import Period

    client.force_login(officer(django_user_model, "tinh", "province", "12"))
    herd, year = Indicator.objects.get(code="HERD"), Period.objects.for_code("2025")
    target = {"programme": rows["prog_hg"].pk, "indicator": herd.pk, "unit": Unit.objects.get(code="12").pk,
              "period": year.pk, "operator": ">=", "value": "360000"}
    client.post("/admin/programmes/target/add/", target)
    assert not Target.objects.exists()  # Hà Giang's programme is not a choice
    target["programme"] = rows["prog_lc"].pk
    assert client.post("/admin/programmes/target/add/", target).status_code == 302
    assert Target.objects.get().value == Decimal(360000)


@pytest.mark.parametrize("role,code", [("district", "12.105"), ("leader", "12"), ("commune", "12.105.03409")])
def test_other_roles_manage_nothing(client, django_user_model, rows, role, code):
    client.force_login(officer(django_user_model, role, role, code))
    assert client.get("/admin/collection/reportform/").status_code == 403
    assert client.get("/admin/programmes/programme/").status_code == 403


def test_the_home_page_leads_the_province_officer_to_these_pages(client, django_user_model):
    client.force_login(officer(django_user_model, "tinh", "province", "12"))
    home = client.get("/").content.decode()
    assert 'href="/admin/"' in home and "Biểu mẫu, chương trình, mục tiêu" in home
    index = client.get("/admin/").content.decode()
    assert "/admin/collection/reportform/" in index and "/admin/programmes/target/" in index
    assert "/admin/auth/user/" not in index


def test_the_demo_admin_and_province_officer_open_the_admin_and_the_others_do_not(client, settings):
    from demo.loading import ensure_demo_users

    settings.DEBUG = True
    ensure_demo_users()
    for username, expected in [("admin", 200), ("tinh", 200), ("thanhpho", 302), ("santhang", 302)]:
        assert client.login(username=username, password="demo")
        assert client.get("/admin/").status_code == expected, username
        client.logout()

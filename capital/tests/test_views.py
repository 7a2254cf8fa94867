import pytest
from django.urls import reverse

from capital.models import Disbursement, PlanLine, Project
from records.testing import xlsx_rows

pytestmark = pytest.mark.django_db


def test_the_capital_page_shows_the_rate_and_the_report_sentence(client, cast, demo_capital,
                                                                  django_assert_max_num_queries):
    from capital.actions import do_save_plan_line
    from records.testing import unit

    client.force_login(cast.province)
    client.get(reverse("capital:index") + "?ky=2022-2023")  # creates the period once
    for i, code in enumerate(["12.105", "12.106", "12.107", "12.108", "12.109"]):  # more lines, same queries
        do_save_plan_line(user=None, channel="system", project=Project.objects.get(code="BTDC"), unit=unit(code),
                          year=2022, amount=100 + i)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("capital:index") + "?ky=2022-2023")
    page = response.content.decode()
    assert "đã giải ngân được 5.078 triệu đồng, đạt 84% KH" in page
    assert "đã giải ngân được 83.177 triệu đồng, đạt 81% KH" in page
    assert "Tỉnh Hà Giang" not in page  # outside the officer's province


def test_a_city_officer_sees_none_of_the_province_lines_and_gets_404(client, cast, demo_capital):
    client.force_login(cast.city)
    assert "5.078" not in client.get(reverse("capital:index")).content.decode()
    line = PlanLine.objects.filter(unit__code="12").first()
    assert client.get(reverse("capital:entry", args=["ke-hoach", line.pk])).status_code == 404
    assert client.get(reverse("capital:plan_edit", args=[line.pk])).status_code == 404


def test_adding_a_plan_line_and_a_disbursement_through_the_forms(client, cast, demo_capital):
    client.force_login(cast.city)
    project = Project.objects.get(code="CTMTQG-DTTS/DA1/PT")
    r = client.post(reverse("capital:plan_new"), {"project": project.pk, "unit": "12.105", "year": "2024",
                                                  "funding_source": "nstw", "amount": "1.200,5"})
    assert r.status_code == 302
    assert PlanLine.objects.get(unit__code="12.105").amount == 1200.5
    r = client.post(reverse("capital:disbursement_new"), {"project": project.pk, "unit": "12.105",
                                                          "funding_source": "nstw", "disbursed_on": "2024-03-01",
                                                          "amount": "600"})
    assert r.status_code == 302 and Disbursement.objects.filter(unit__code="12.105").exists()
    page = client.get(reverse("capital:index") + "?ky=2024").content.decode()
    assert "đã giải ngân được 600 triệu đồng, đạt 50% KH" in page
    # a unit outside the scope is refused on the form
    r = client.post(reverse("capital:plan_new"), {"project": project.pk, "unit": "12.106", "year": "2024",
                                                  "funding_source": "nstw", "amount": "1"})
    assert "trong phạm vi phụ trách" in r.content.decode()


def test_a_leader_cannot_add_capital(client, cast, demo_capital):
    client.force_login(cast.leader)
    assert client.get(reverse("capital:plan_new")).status_code == 403


def test_the_export_neutralises_formulas(client, cast, demo_capital):
    from capital.actions import do_save_project

    do_save_project(user=None, channel="system", code="X", name="=1+2")
    project = Project.objects.get(code="X")
    from capital.actions import do_save_plan_line
    from records.testing import unit

    do_save_plan_line(user=None, channel="system", project=project, unit=unit("12"), year=2023, amount=10)
    client.force_login(cast.province)
    rows = xlsx_rows(client.get(reverse("capital:export")).content)
    assert ["\u200b=1+2"] == [r[0] for r in rows if r[0] and str(r[0]).endswith("=1+2")][:1]
    assert not any(isinstance(c, str) and c.startswith("=") for r in rows for c in r)


def _filter_names(page: str) -> list[str]:
    import re

    select = re.search(r'<select id="f-prog" name="chuong_trinh">(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_the_programme_filter_names_only_programmes_of_the_users_units(client, cast, demo_capital):
    from capital.actions import do_save_plan_line
    from programmes.models import Programme
    from records.testing import unit

    hg = "Nghị quyết 05/NQ-TU tỉnh Hà Giang — cải tạo vườn tạp, phát triển kinh tế vườn hộ"
    client.force_login(cast.santhang)
    page = client.get(reverse("capital:index")).content.decode()
    assert _filter_names(page) == []  # the commune has no capital line: no programme, and no other province's
    assert "Hà Giang" not in page and "Chương trình bố trí dân cư" not in page
    # a line of the commune names its programme; a programme document issued for the commune too
    do_save_plan_line(user=None, channel="system", project=Project.objects.get(code="DVMTR/KH-NAM"),
                      unit=unit("12.105.03409"), year=2023, amount=10)
    doc = Programme.objects.create(code="KH-SAN-THANG", title="Kế hoạch của xã", unit=unit("12.105.03409"))
    Project.objects.filter(code="BTDC").update(programme=doc)
    page = client.get(reverse("capital:index")).content.decode()
    assert _filter_names(page) == ["Chương trình bố trí dân cư", "Chi trả dịch vụ môi trường rừng"]
    assert "Hà Giang" not in page
    # the lines listed are the commune's own
    assert "Tỉnh Lai Châu" not in page and "Xã San Thàng" in page
    client.force_login(cast.province)
    names = _filter_names(client.get(reverse("capital:index")).content.decode())
    assert names[0].startswith("Chương trình MTQG") and "Chi trả dịch vụ môi trường rừng" in names
    assert hg not in names and not any("Hà Giang" in n for n in names)


def test_an_administrator_sees_every_programme_in_the_filter(client, demo_capital, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quantri", "", "x"))
    names = _filter_names(client.get(reverse("capital:index")).content.decode())
    assert len(names) == Project.objects.filter(parent__isnull=True).count() == 5


def test_the_plan_line_and_disbursement_forms_offer_no_project_of_another_province(client, cast, demo_capital):
    from programmes.models import Programme
    from records.testing import unit

    for code in ("HG-NQ05", "HG-NQ04"):  # their resolutions, issued for Hà Giang (as load_demo links them)
        doc = Programme.objects.create(code=f"DOC-{code}", title=code, unit=unit("02"))
        Project.objects.filter(code=code).update(programme=doc)
    client.force_login(cast.province)
    for name in ("capital:plan_new", "capital:disbursement_new"):
        page = client.get(reverse(name)).content.decode()
        assert "Hà Giang" not in page, name
        assert "Chương trình MTQG" in page, name  # the province's (and national) programmes are offered
    hg = Project.objects.get(code="HG-NQ05")
    r = client.post(reverse("capital:plan_new"), {"project": hg.pk, "unit": "12", "year": 2024,
                                                 "funding_source": "khac", "amount": "10"})
    assert r.status_code == 200 and not PlanLine.objects.filter(project=hg, unit__code="12").exists()

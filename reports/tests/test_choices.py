"""The report page offers the user's own programmes and the units of both structures
(before and after the 2025 reform), grouped."""

import re

import pytest

from accounts.models import Role
from programmes.models import Programme
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes(db):
    Programme.objects.create(code="05-NQ/TU", title="Nghị quyết phát triển nông nghiệp Lai Châu",
                             unit=Unit.objects.get(code="12"))
    Programme.objects.create(code="HG-01", title="Kế hoạch của tỉnh Hà Giang", unit=Unit.objects.get(code="02"))
    Programme.objects.create(code="QG-01", title="Chương trình quốc gia", unit=None)


def select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)


def test_a_province_officer_is_offered_only_programmes_of_units_they_read(client, make_user, programmes):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    options = select(client.get("/bao-cao/").content.decode(), "programme")
    assert 'value="05-NQ/TU"' in options and 'value="QG-01"' in options
    assert "HG-01" not in options and "Hà Giang" not in options
    # A programme of another province asked for by hand is refused as an invalid choice.
    r = client.get("/bao-cao/", {"kind": "review", "unit": "12", "period": "2023", "programme": "HG-01"})
    assert r.status_code == 200 and r.context["report"] is None and "programme" in r.context["form"].errors


def test_the_unit_list_has_both_structures_grouped(client, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    options = select(client.get("/bao-cao/").content.decode(), "unit")
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', options, re.S))
    assert set(groups) == {"Trước 01/07/2025", "Từ 01/07/2025"}
    before, after = groups["Trước 01/07/2025"], groups["Từ 01/07/2025"]
    assert before.count("<option") == 8 and 'value="12.105"' in before  # the eight old districts
    new_communes = Unit.objects.filter(code__regex=r"^12\.\d+$", valid_from__isnull=False).count()
    assert new_communes == 38 and after.count("<option") == 38 and 'value="12.03408"' in after
    assert 'value="12"' in options.split("<optgroup")[0]  # the province, in both structures, first
    assert "02" not in re.findall(r'value="([^"]+)"', options)


def test_a_commune_officer_is_offered_their_communes_on_both_sides_of_the_reform(client, make_user):
    client.force_login(make_user("santhang", Role.COMMUNE_OFFICER, "12.105.03409", "12.03408"))
    options = select(client.get("/bao-cao/").content.decode(), "unit")
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', options, re.S))
    assert re.findall(r'value="([^"]+)"', groups["Trước 01/07/2025"]) == ["12.105.03409"]
    assert re.findall(r'value="([^"]+)"', groups["Từ 01/07/2025"]) == ["12.03408"]


def test_a_city_officer_is_offered_the_provinces_resolution_but_not_another_provinces(client, make_user,
                                                                                       programmes):
    client.force_login(make_user("thanhpho", Role.DISTRICT_OFFICER, "12.105"))
    options = select(client.get("/bao-cao/").content.decode(), "programme")
    assert 'value="05-NQ/TU"' in options and "HG-01" not in options


def test_parse_programme_checks_the_programme_applies_to_the_unit(programmes):
    """The service's own scope check, whatever the caller (CLI, benchmark, a later view) checked."""
    from periods.models import Period
    from reports.service import ReportError, parse_programme

    city, year = Unit.objects.get(code="12.105"), Period.objects.for_code("2023")
    assert parse_programme("review", "05-NQ/TU", city, year).code == "05-NQ/TU"  # the province's, above
    assert parse_programme("review", "QG-01", city, year).code == "QG-01"  # national
    with pytest.raises(ReportError, match="không tồn tại hoặc không áp dụng"):
        parse_programme("review", "HG-01", city, year)  # another province's

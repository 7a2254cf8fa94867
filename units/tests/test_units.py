import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from units.loading import load_units
from units.models import REFORM_DATE, Level, Unit, UnitSuccession, UnitType, unit_type_from_name

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2023, 12, 31)
AFTER = dt.date(2026, 1, 1)


def test_lai_chau_has_8_districts_and_106_communes_before_the_reform():
    lai_chau = Unit.objects.get(code="12")
    districts = lai_chau.children_on(BEFORE)
    assert districts.count() == 8
    assert all(d.level == Level.DISTRICT for d in districts)
    communes = Unit.objects.subtree(lai_chau).valid_on(BEFORE).filter(level=Level.COMMUNE)
    assert communes.count() == 106


def test_lai_chau_has_38_communes_after_the_reform_and_no_districts():
    lai_chau = Unit.objects.get(code="12")
    children = lai_chau.children_on(AFTER)
    assert children.count() == 38
    assert set(children.values_list("level", flat=True)) == {Level.COMMUNE}
    assert not Unit.objects.subtree(lai_chau).valid_on(AFTER).filter(level=Level.DISTRICT).exists()


def test_lai_chau_city_communes_and_wards_have_their_gso_codes():
    city = Unit.objects.get(code="12.105")
    assert city.name == "Thành phố Lai Châu"
    assert city.unit_type == UnitType.PROVINCIAL_CITY
    found = {u.name: u.gso_code for u in city.children.all()}
    assert found == {
        "Phường Quyết Thắng": "03386",
        "Phường Tân Phong": "03387",
        "Phường Quyết Tiến": "03388",
        "Phường Đoàn Kết": "03389",
        "Xã Sùng Phài": "03403",
        "Phường Đông Phong": "03408",
        "Xã San Thàng": "03409",
    }
    assert Unit.objects.get(code="12.105.03409").name == "Xã San Thàng"


def test_codes_stay_unique_where_gso_reused_a_commune_code():
    # GSO code 03408 was Phường Đông Phong before the reform and is Phường Tân Phong after it.
    old = Unit.objects.get(code="12.105.03408")
    new = Unit.objects.get(code="12.03408")
    assert (old.name, new.name) == ("Phường Đông Phong", "Phường Tân Phong")
    assert old.valid_to == dt.date(2025, 6, 30) and new.valid_from == REFORM_DATE


@pytest.mark.parametrize("province", ["12", "02"])
def test_every_old_commune_maps_to_at_least_one_new_commune(province):
    old_communes = Unit.objects.filter(code__startswith=province + ".", level=Level.COMMUNE, valid_to__lt=REFORM_DATE)
    assert old_communes.count() > 100
    unmapped = old_communes.exclude(successions__isnull=False)
    assert list(unmapped.values_list("code", flat=True)) == []
    for s in UnitSuccession.objects.filter(predecessor__in=old_communes).select_related("successor"):
        assert s.successor.valid_from == REFORM_DATE
        assert s.successor.level == Level.COMMUNE


def test_san_thang_and_dong_phong_merged_into_tan_phong():
    tan_phong = Unit.objects.get(code="12.03408")
    merged = set(tan_phong.predecessions.values_list("predecessor__name", flat=True))
    assert {"Xã San Thàng", "Phường Đông Phong", "Phường Tân Phong"} <= merged


def test_ha_giang_is_succeeded_by_tuyen_quang():
    ha_giang = Unit.objects.get(code="02")
    assert ha_giang.valid_to == dt.date(2025, 6, 30)
    assert list(ha_giang.successions.values_list("successor__code", flat=True)) == ["08"]
    tuyen_quang = Unit.objects.get(code="08")
    assert tuyen_quang.valid_to is None
    # Lai Châu kept its code: one unit spanning both structures.
    lai_chau = Unit.objects.get(code="12")
    assert lai_chau.valid_from is None and lai_chau.valid_to is None


def test_loading_again_changes_nothing():
    before = Unit.objects.count(), UnitSuccession.objects.count()
    summary = load_units(["12"])
    assert summary.created == 0 and summary.updated == 0 and summary.successions == 0
    assert (Unit.objects.count(), UnitSuccession.objects.count()) == before


def test_ancestors_and_subtree():
    san_thang = Unit.objects.get(code="12.105.03409")
    assert [u.code for u in san_thang.ancestors()] == ["12", "12.105"]
    city = Unit.objects.get(code="12.105")
    assert Unit.objects.subtree(city).count() == 8
    assert city.contains(san_thang) and not san_thang.contains(city)


@pytest.mark.parametrize(
    "name,level,expected",
    [
        ("Tỉnh Lai Châu", 1, UnitType.PROVINCE),
        ("Thành phố Hà Nội", 1, UnitType.CENTRAL_CITY),
        ("Thành phố Lai Châu", 2, UnitType.PROVINCIAL_CITY),
        ("Thị xã Sa Pa", 2, UnitType.TOWN),
        ("Huyện Mường Tè", 2, UnitType.DISTRICT),
        ("Thị trấn Tân Uyên", 3, UnitType.TOWNLET),
        ("Phường Đoàn Kết", 3, UnitType.WARD),
        ("Đặc khu Côn Đảo", 3, UnitType.SPECIAL_ZONE),
        ("Xã San Thàng", 3, UnitType.COMMUNE),
    ],
)
def test_unit_type_is_read_from_the_name(name, level, expected):
    assert unit_type_from_name(name, level) == expected


def test_load_units_command_rejects_a_bad_province_code():
    with pytest.raises(CommandError, match="Mã tỉnh không hợp lệ"):
        call_command("load_units", "--province", "LC")


def test_load_units_refuses_a_province_that_neither_structure_holds_and_loads_nothing():
    before = Unit.objects.count()
    with pytest.raises(CommandError, match="Không có tỉnh mã 99 trong danh mục"):
        call_command("load_units", "--province", "99", "--province", "12")
    assert Unit.objects.count() == before


def test_load_units_says_that_every_old_commune_of_lai_chau_has_a_successor(capsys):
    call_command("load_units", "--province", "12")
    assert "Mọi xã cũ đã nạp đều có đơn vị kế thừa." in capsys.readouterr().out


def test_loading_the_whole_country_gives_both_structures(transactional_db, capsys):
    call_command("load_units")
    out = capsys.readouterr().out
    # The old communes the mapping table does not name are listed, never guessed.
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ") and line.split()[0][:1].isdigit()]
    unmapped = Unit.objects.filter(level=Level.COMMUNE, valid_to__lt=REFORM_DATE, successions__isnull=True)
    assert f"{len(listed)} xã cũ chưa có đơn vị kế thừa" in out
    assert sorted(listed) == sorted(unmapped.values_list("code", flat=True)) and len(listed) == 68
    old_communes = Unit.objects.filter(level=Level.COMMUNE, valid_to__lt=REFORM_DATE).count()
    new_communes = Unit.objects.filter(level=Level.COMMUNE, valid_from=REFORM_DATE).count()
    old_provinces = Unit.objects.filter(level=Level.PROVINCE).valid_on(BEFORE).count()
    new_provinces = Unit.objects.filter(level=Level.PROVINCE).valid_on(AFTER).count()
    assert (old_provinces, new_provinces) == (63, 34)
    assert Unit.objects.filter(level=Level.DISTRICT).count() == 696
    assert (old_communes, new_communes) == (10051, 3321)


def test_every_word_of_a_unit_name_starts_with_a_capital_in_both_structures(db):
    """The old structure's source wrote "Xã Pa ủ" for the commune the new one calls "Xã Pa Ủ"."""
    from units.loading import proper_name

    assert Unit.objects.get(code="12.107.03442").name == "Xã Pa Ủ"
    assert proper_name("Xã Ya ly") == "Xã Ya Ly" and proper_name("Phường 1") == "Phường 1"
    assert proper_name("Thành phố Lai Châu") == "Thành phố Lai Châu"
    lower = [u.name for u in Unit.objects.all() if any(w[:1].islower() for w in u.name.split()[1:]
                                                       if w not in {"trấn", "xã", "phố", "khu"})]
    assert lower == []

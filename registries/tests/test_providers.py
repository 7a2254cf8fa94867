import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import Channel
from datavalues.validation import check_not_derived
from datavalues.writing import FigureChange, WriteRefused, do_set_values
from engine import results as R
from engine.rollup import Engine
from indicators.models import Indicator
from periods.models import Period
from registries import actions
from registries.models import CoopStatus, OcopProduct, RegistryKind
from registries.providers import PROVIDERS

from .conftest import (
    CITY,
    DONG_PHONG,
    NEW_TAN_PHONG,
    PROVINCE,
    SAN_THANG,
    SUNG_PHAI,
    TAM_DUONG,
    cert,
    coop,
    facility,
    farm,
    ocop,
    unit,
    value,
)

pytestmark = pytest.mark.django_db


def put(indicator, option, unit_code, period, number):
    ind = Indicator.objects.get(code=indicator)
    return do_set_values([FigureChange(ind, ind.option_for(option), unit(unit_code), Period.objects.for_code(period),
                                       Decimal(number), source="báo cáo")], channel=Channel.SYSTEM)


def test_the_ocop_count_changes_when_a_product_is_added_expires_or_is_revoked():
    ocop(SAN_THANG, "Bưởi da xanh", dt.date(2022, 12, 15), stars=3)
    assert value("OCOP_PRODUCTS", CITY, "2023", "STAR3") == 1
    second = ocop(DONG_PHONG, "Ổi không hạt", dt.date(2023, 7, 10), stars=3)
    ocop(CITY, "Hạt mắc ca", dt.date(2021, 12, 15), stars=4)
    assert value("OCOP_PRODUCTS", CITY, "2023", "STAR3") == 2
    assert value("OCOP_PRODUCTS", CITY, "2023", "STAR4") == 1
    assert value("OCOP_PRODUCTS", CITY, "2023") == 3
    r = Engine().value("OCOP_PRODUCTS", CITY, "2023")
    assert r.rule == R.REGISTRY and "sổ đăng ký sản phẩm OCOP" in r.notes[0]
    # Mắc ca (15/12/2021) lapsed after 15/12/2024; bưởi after 15/12/2025.
    assert value("OCOP_PRODUCTS", CITY, "2024") == 2
    assert value("OCOP_PRODUCTS", CITY, "2025") == 1
    actions.do_revoke(second, dt.date(2025, 3, 1), "Không duy trì tiêu chí", channel=Channel.SYSTEM)
    assert value("OCOP_PRODUCTS", CITY, "2024") == 2
    assert value("OCOP_PRODUCTS", CITY, "2025") == 0
    assert value("OCOP_PRODUCTS", CITY, "2023", "STAR5") == 0


def test_new_ranked_and_upgrade_proposed_ocop_products_are_counted_in_their_period():
    a = ocop(CITY, "Chè San Thàng", dt.date(2022, 6, 1), stars=4)
    ocop(CITY, "Rượu ngô", dt.date(2023, 3, 1), stars=3)
    actions.do_propose_ocop(a, proposed_on=dt.date(2023, 6, 30), proposed_stars=5, channel=Channel.SYSTEM)
    failed = actions.do_propose_ocop(ocop(CITY, "Măng khô"), proposed_on=dt.date(2023, 8, 1), channel=Channel.SYSTEM)
    actions.do_evaluate_ocop(failed, evaluated_on=dt.date(2023, 9, 1), score=41, channel=Channel.SYSTEM)
    assert value("OCOP_NEW_PRODUCTS", CITY, "2023") == 1
    assert value("OCOP_NEW_PRODUCTS", CITY, "2022", "STAR4") == 1
    assert value("OCOP_UPGRADE_PROPOSED", CITY, "2023", "STAR5") == 1
    assert value("OCOP_RANKED_PRODUCTS", CITY, "2023", "PASSED") == 1
    assert value("OCOP_RANKED_PRODUCTS", CITY, "2023", "FAILED") == 1
    a.refresh_from_db()
    assert a.evaluations.count() == 2


def test_cooperatives_count_by_field_while_active():
    coop(SAN_THANG, "HTX Chè San Thàng", "CROP", founded_on=dt.date(2019, 3, 1))
    pig = coop(SUNG_PHAI, "HTX Chăn nuôi Sùng Phài", "LIVESTOCK", founded_on=dt.date(2022, 5, 1))
    coop(SUNG_PHAI, "Tổ hợp tác rau an toàn", "CROP", kind="tht")
    assert value("COOPERATIVES", CITY, "2023") == 2
    assert value("COOPERATIVES", CITY, "2021") == 1
    assert value("COOPERATIVES", CITY, "2023", "LIVESTOCK") == 1
    actions.do_stop(pig, dt.date(2024, 2, 1), status=CoopStatus.DISSOLVED, channel=Channel.SYSTEM)
    assert value("COOPERATIVES", CITY, "2023") == 2
    assert value("COOPERATIVES", CITY, "2024") == 1


def test_farms_and_facilities_count_by_type_and_species():
    # Seed 000: "Trang trại chăn nuôi lợn (3.600 con) của bà Nguyễn Thị Hòa - phường Đông Phong"
    hoa = farm(DONG_PHONG, "Nguyễn Thị Hòa", "LIVESTOCK", area_ha=Decimal("2.5"), workers=6)
    farm(SAN_THANG, "Mai Đình Đồng", "LIVESTOCK", area_ha=Decimal("1.5"), workers=4)
    facility(DONG_PHONG, "Nguyễn Thị Hòa", "PIG", scale=3600, farm=hoa, biosafety=True)
    facility(SAN_THANG, "Mai Đình Đồng", "PIG", scale=1000)
    facility(SAN_THANG, "Lò Văn Ong", "BEE", scale=200)
    assert value("FARMS", CITY, "2023", "LIVESTOCK") == 2
    assert value("FARM_AREA", CITY, "2023") == Decimal(4)
    assert value("FARM_WORKERS", CITY, "2023") == 10
    assert value("LIVESTOCK_FACILITIES", CITY, "2023") == 3
    assert value("LIVESTOCK_FACILITIES", CITY, "2023", "PIG") == 2
    assert value("LIVESTOCK_FACILITIES", SAN_THANG, "2023", "BEE") == 1
    # A farm with no area: the registry no longer says the total area; the reported one stands.
    farm(SUNG_PHAI, "Nguyễn Văn Hòa", "MIXED")
    assert not PROVIDERS["FARM_AREA"].covers(unit(CITY), Period.objects.for_code("2023"))
    assert value("FARMS", CITY, "2023") == 3


def test_certified_area_sums_hectares_by_standard_and_volume_apart():
    # Seed 003: "04 cơ sở trồng trọt được chứng nhận VietGAP với 41,8 ha; 01 cơ sở nuôi trồng thủy sản được chứng
    # nhận VietGAP với 9.000 m3; 01 cơ sở chăn nuôi được chứng nhận VietGAP với 1,1 ha"
    cert(CITY, "HTX A", "VIETGAP", sector="CROP", area_ha=Decimal("20.8"), valid_from=dt.date(2023, 1, 1),
         valid_until=dt.date(2025, 12, 31))
    cert(CITY, "HTX B", "VIETGAP", sector="CROP", area_ha=Decimal("21"))
    cert(SAN_THANG, "Trại cá", "VIETGAP", sector="AQUA", volume_m3=Decimal(9000))
    cert(SUNG_PHAI, "Trại gà", "VIETGAP", sector="LIVESTOCK", area_ha=Decimal("1.1"))
    cert(CITY, "Nhà máy chè", "ISO")
    assert value("CERTIFIED_AREA", CITY, "202312", "VIETGAP") == Decimal("41.8")
    assert value("CERTIFIED_AREA", CITY, "202312", "VIETGAP_LIVESTOCK") == Decimal("1.1")
    assert value("CERTIFIED_AREA", CITY, "202312") == Decimal("42.9")
    assert value("CERTIFIED_AQUA_VOLUME", CITY, "202312", "VIETGAP_AQUA") == 9000
    assert value("CERTIFIED_FACILITIES", CITY, "202312") == 5
    assert value("CERTIFIED_FACILITIES", CITY, "202312", "ISO") == 1
    assert value("CERTIFIED_AREA", CITY, "2026", "VIETGAP") == Decimal(21)


def test_records_move_with_their_unit_across_the_reform():
    ocop(SAN_THANG, "Hoa hồng", dt.date(2024, 9, 1), stars=3)
    coop(SAN_THANG, "HTX Hoa San Thàng")
    # The new Phường Tân Phong (12.03408) took San Thàng: it counts its records after the reform ...
    assert value("OCOP_PRODUCTS", NEW_TAN_PHONG, "2026", "STAR3") == 1
    assert value("COOPERATIVES", NEW_TAN_PHONG, "2026") == 1
    # ... and a record entered on the new commune counts for the old commune and city.
    coop(NEW_TAN_PHONG, "HTX Dịch vụ Tân Phong")
    assert value("COOPERATIVES", SAN_THANG, "2026") == 2
    assert value("COOPERATIVES", CITY, "2026") == 2
    # Tam Đường gave two communes to the new Tân Phong: it sees the new commune's record too, not San Thàng's.
    assert PROVIDERS["COOPERATIVES"].value(unit(TAM_DUONG), None, Period.objects.for_code("2026")) == 1
    # Each record counts once for the province.
    assert value("COOPERATIVES", PROVINCE, "2026") == 2


def test_a_derived_indicator_refuses_hand_entered_values_where_records_are_kept():
    coop(CITY, "HTX Nông nghiệp Quyết Thắng", "GENERAL")
    ind = Indicator.objects.get(code="COOPERATIVES")
    problems = check_not_derived(ind, unit(CITY), Period.objects.for_code("2023"))
    assert any("được tính từ sổ đăng ký" in p for p in problems)
    with pytest.raises(WriteRefused) as e:
        put("COOPERATIVES", None, CITY, "2023", 21)
    assert "không nhập tay" in str(e.value)
    # The province keeps no cooperative registry of its own: its reported 183 HTX is accepted.
    put("COOPERATIVES", None, PROVINCE, "202312", 183)
    r = Engine().value("COOPERATIVES", PROVINCE, "202312")
    assert (r.value, r.rule) == (Decimal(183), R.REPORTED)


def test_a_reported_count_stands_until_records_exist_then_the_disagreement_is_shown():
    # Seed 003: "thành phố Lai Châu 22 HTX" (12/2023); seed 000 lists 21.
    put("COOPERATIVES", None, CITY, "202312", 22)
    assert Engine().value("COOPERATIVES", CITY, "202312").rule == R.REPORTED
    for i in range(21):
        coop(CITY, f"HTX số {i + 1}", "GENERAL")
    r = Engine().value("COOPERATIVES", CITY, "202312")
    assert (r.value, r.rule) == (Decimal(21), R.REGISTRY)
    [d] = r.discrepancies
    assert (d.kind, d.other) == ("registry", Decimal(22))


def test_the_province_rolls_up_the_city_registry_with_the_other_districts_reports():
    put("COOPERATIVES", None, CITY, "202312", 22)  # reported before the registry existed
    for i in range(21):
        coop(CITY, f"HTX số {i + 1}", "GENERAL")
    put("COOPERATIVES", None, TAM_DUONG, "202312", 25)
    p = Engine().value("COOPERATIVES", PROVINCE, "202312")
    assert (p.value, p.rule) == (Decimal(46), R.CHILDREN_SUM)


def test_a_declaration_makes_communes_without_records_count_zero_from_its_date():
    coop(SAN_THANG, "HTX Chè San Thàng")
    assert value("COOPERATIVES", SUNG_PHAI, "2023") is None
    actions.do_declare_coverage(RegistryKind.COOPERATIVE, unit(CITY), since=dt.date(2023, 1, 1),
                                channel=Channel.SYSTEM)
    assert value("COOPERATIVES", SUNG_PHAI, "2023") == 0
    # Before the declared date the registry was not complete: nothing is derived.
    provider = PROVIDERS["COOPERATIVES"]
    assert not provider.covers(unit(CITY), Period.objects.for_code("2022"))
    assert provider.covers(unit(CITY), Period.objects.for_code("2023"))


def test_a_declaration_with_an_end_date_stops_counting_after_it():
    coop(SAN_THANG, "HTX Chè San Thàng")
    actions.do_declare_coverage(RegistryKind.COOPERATIVE, unit(CITY), since=dt.date(2023, 1, 1),
                                until=dt.date(2023, 6, 30), channel=Channel.SYSTEM)
    provider = PROVIDERS["COOPERATIVES"]
    assert provider.covers(unit(CITY), Period.objects.for_code("202306"))
    assert value("COOPERATIVES", SUNG_PHAI, "2023S1") == 0
    assert not provider.covers(unit(CITY), Period.objects.for_code("202307"))
    assert not provider.covers(unit(SAN_THANG), Period.objects.for_code("2023"))  # even where records are
    with pytest.raises(ValidationError):
        actions.do_declare_coverage(RegistryKind.COOPERATIVE, unit(CITY), since=dt.date(2023, 1, 1),
                                    until=dt.date(2022, 12, 31), channel=Channel.SYSTEM)


def test_a_province_is_covered_only_by_a_declaration():
    cert(CITY, "HTX A", "RA", area_ha=Decimal(221))
    provider, period = PROVIDERS["CERTIFIED_AREA"], Period.objects.for_code("202312")
    assert provider.covers(unit(CITY), period)
    assert not provider.covers(unit(PROVINCE), period)
    actions.do_declare_coverage(RegistryKind.CERTIFICATION, unit(PROVINCE), channel=Channel.SYSTEM)
    assert provider.covers(unit(PROVINCE), period)
    assert value("CERTIFIED_AREA", PROVINCE, "202312", "RA") == Decimal(221)


def test_coop_owned_ocop_products_are_counted_only_where_owners_are_known():
    htx = coop(CITY, "HTX Mắc ca Lai Châu", "CROP")
    p = ocop(CITY, "Nhân mắc ca", dt.date(2023, 1, 5), stars=3, owner="HTX Mắc ca Lai Châu", owner_kind="htx")
    assert OcopProduct.objects.get(pk=p.pk).cooperative_id == htx.pk
    ocop(CITY, "Hạt mắc ca", dt.date(2023, 1, 5), stars=3, owner="HTX Mắc ca Lai Châu", owner_kind="htx")
    ocop(CITY, "Mật ong", dt.date(2023, 1, 5), stars=3, owner="Hộ Lò Văn A", owner_kind="ho")
    assert value("OCOP_PRODUCTS_COOP", CITY, "2023") == 2
    assert value("COOPS_WITH_OCOP", CITY, "2023") == 1
    ocop(CITY, "Sản phẩm chưa rõ chủ", dt.date(2023, 1, 5), stars=3, owner="?", owner_kind="khac")
    assert not PROVIDERS["OCOP_PRODUCTS_COOP"].covers(unit(CITY), Period.objects.for_code("2023"))


def test_the_list_filter_and_the_providers_see_the_same_territory():
    from registries.snapshot import current
    from registries.territory import territory_q
    from units.models import Unit

    for code in (PROVINCE, CITY, TAM_DUONG, SAN_THANG, NEW_TAN_PHONG, "02", "08"):
        u = unit(code)
        by_sql = set(Unit.objects.filter(territory_q(u, field="")).values_list("pk", flat=True))
        assert by_sql == set(current().territory(u)), code
    assert unit("02.024").pk in current().territory(unit("08"))  # Hà Giang's old districts are in Tuyên Quang
    assert unit(SAN_THANG).pk not in current().territory(unit(TAM_DUONG))


def test_the_refresh_command_stores_lapsed_certificates_as_expired():
    from django.core.management import call_command

    p = ocop(CITY, "Chè búp", dt.date(2020, 1, 10), stars=3)
    OcopProduct.objects.filter(pk=p.pk).update(status="cong_nhan")  # as stored before it lapsed
    call_command("refresh_registry_status")
    p.refresh_from_db()
    assert p.status == "het_han"

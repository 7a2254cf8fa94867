from decimal import Decimal

import pytest

from audit.models import AuditEntry
from registries.demo import load_demo_registries
from registries.models import Certification, Cooperative, Farm, LivestockFacility, OcopProduct

from .conftest import CITY, PROVINCE, value

pytestmark = pytest.mark.django_db


def test_the_demo_loader_is_idempotent():
    first = load_demo_registries()
    assert first["created"] == 44 + 21 + 5 + 11 + 12
    audits = AuditEntry.objects.count()
    second = load_demo_registries()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 93)
    assert AuditEntry.objects.count() == audits
    assert OcopProduct.objects.count() == 44


def test_the_demo_registries_give_the_seed_figures():
    load_demo_registries()
    # Seed 000: "44 sản phẩm ... OCOP đạt 3-4 sao ..., trong đó 02 sản phẩm đề nghị nâng hạng 05 sao."
    assert value("OCOP_PRODUCTS", CITY, "2023") == 44
    assert value("OCOP_PRODUCTS", CITY, "2023", "STAR4") == 2
    assert value("OCOP_PRODUCTS", CITY, "2023", "STAR5") == 0
    # Flows are not derived from placeholders' assumed dates: nothing is invented for 2023.
    assert value("OCOP_NEW_PRODUCTS", CITY, "2023") is None
    assert value("OCOP_UPGRADE_PROPOSED", CITY, "2023", "STAR5") is None
    # Nor stocks before the placeholders' assumed decisions: the end of 2020 is not "0 products"
    # (a review would read "tăng 44 sản phẩm so với năm 2020"), and mid-2022 not a partial count.
    assert value("OCOP_PRODUCTS", CITY, "2020") is None
    assert value("OCOP_PRODUCTS", CITY, "2022") is None
    assert value("OCOP_PRODUCTS_COOP", CITY, "2020") is None
    named = set(OcopProduct.objects.filter(is_placeholder=False).values_list("name", flat=True))
    assert named == {"Bưởi da xanh", "Ổi không hạt", "Hạt mắc ca", "Nhân mắc ca"}
    assert all("000" in p.source for p in OcopProduct.objects.all())
    # "21 Hợp tác xã", "05 trang tại", "11 cơ sở chăn nuôi tập trung (01 bò; 04 lợn; 01 ngựa; 01 thỏ; 04 ong)"
    assert value("COOPERATIVES", CITY, "2023S1") == 21
    # ...complete only as at mid-2023 (seed 003 reports a 22nd by 12/2023): later, reported figures stand
    assert value("COOPERATIVES", CITY, "202312") is None
    assert value("FARMS", CITY, "2023") == 5
    assert value("LIVESTOCK_FACILITIES", CITY, "2023") == 11
    breakdown = {s: value("LIVESTOCK_FACILITIES", CITY, "2023", s) for s in ("CATTLE", "PIG", "HORSE", "RABBIT", "BEE")}
    assert breakdown == {"CATTLE": 1, "PIG": 4, "HORSE": 1, "RABBIT": 1, "BEE": 4}
    assert LivestockFacility.objects.get(owner="Nguyễn Thị Hòa").scale == 3600
    assert Farm.objects.filter(is_placeholder=False).count() == 2
    # Seed 003 (12/2023): RA 221 ha, VietGAP crop 41,8 ha, aquaculture 9.000 m3, livestock 1,1 ha, organic 27,04 ha.
    assert value("CERTIFIED_AREA", PROVINCE, "202312", "RA") == 221
    assert value("CERTIFIED_AREA", PROVINCE, "202312", "VIETGAP") == Decimal("41.8")
    assert value("CERTIFIED_AREA", PROVINCE, "202312", "VIETGAP_LIVESTOCK") == Decimal("1.1")
    assert value("CERTIFIED_AREA", PROVINCE, "202312", "ORGANIC") == Decimal("27.04")
    assert value("CERTIFIED_AQUA_VOLUME", PROVINCE, "202312", "VIETGAP_AQUA") == 9000
    facilities = {s: value("CERTIFIED_FACILITIES", PROVINCE, "202312", s)
                  for s in ("RA", "VIETGAP", "VIETGAP_AQUA", "VIETGAP_LIVESTOCK", "ORGANIC", "ISO")}
    assert facilities == {"RA": 2, "VIETGAP": 4, "VIETGAP_AQUA": 1, "VIETGAP_LIVESTOCK": 1, "ORGANIC": 1, "ISO": 3}
    assert Certification.objects.filter(is_placeholder=True).count() == 12
    # Before the declared dates the registries were not complete: nothing is derived for 2022.
    assert value("COOPERATIVES", CITY, "2022") is None
    assert value("CERTIFIED_AREA", PROVINCE, "202311") is None
    assert all(c.is_placeholder for c in Cooperative.objects.all())


def test_records_kept_only_at_a_higher_level_are_not_counted_as_zero_below_it():
    load_demo_registries()
    # 40 OCOP products are only known to be in the city: a ward's count is unknown, not 0.
    assert value("OCOP_PRODUCTS", "12.105.03386", "2023") is None
    # The certified establishments are only known for the province.
    assert value("CERTIFIED_AREA", CITY, "202312") is None
    # A commune with its own records counts them (the named pig farm of San Thàng).
    assert value("LIVESTOCK_FACILITIES", "12.105.03409", "2023", "PIG") == 1

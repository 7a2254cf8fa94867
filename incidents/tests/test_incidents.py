"""Outbreaks, vaccination and forest violations: the December 2023 figures of seed 003
derived from records, forward-only workflows, pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry, Channel
from bacthang.lib.numbers import format_number
from engine.rollup import Engine
from incidents.actions import do_contain, do_handle, do_save_outbreak, do_save_violation
from incidents.demo import load_demo_incidents
from incidents.models import (
    Disease,
    ForestViolation,
    Handling,
    Outbreak,
    OutbreakStatus,
    Register,
    Species,
    VaccinationCampaign,
    ViolationType,
)
from records.actions import Refused
from records.testing import BUM_NUA, SAN_THANG, SUNG_PHAI, keep, unit, value, xlsx_rows

pytestmark = pytest.mark.django_db
SYS = Channel.SYSTEM
DEC = dt.date(2023, 12, 20)


def test_the_15_violations_by_type_and_the_damaged_area(demo_incidents):
    by_type = {t: value("FOREST_VIOLATIONS", "12", "202312", t) for t in ViolationType.values if t != "OTHER"}
    assert by_type == {"DEFORESTATION": 9, "LOGGING": 1, "TRADE_TRANSPORT": 1, "STORAGE": 3, "DOCUMENTS": 1}
    assert value("FOREST_VIOLATIONS", "12", "202312") == 15 == sum(by_type.values())
    # the demo keeps the register from December 2023 only: the quarter is not counted from records
    assert value("FOREST_VIOLATIONS", "12", "2023Q4") is None
    assert format_number(value("FOREST_DAMAGED_AREA", "12", "202312", "DEFORESTATION")) == "3,9"
    # the document names no commune: a district's figure is not counted from province-level records
    assert value("FOREST_VIOLATIONS", "12.107", "202312") is None


def test_a_new_violation_changes_the_count(demo_incidents):
    do_save_violation(user=None, channel=SYS, unit=unit(SAN_THANG), detected_on=DEC,
                      violation_type=ViolationType.STORAGE)
    assert value("FOREST_VIOLATIONS", "12", "202312", "STORAGE") == 4
    assert value("FOREST_VIOLATIONS", "12", "202312") == 16
    # the demo declares the register kept for December 2023 only: January 2024 is not known
    assert value("FOREST_VIOLATIONS", "12", "202401") is None


def test_the_african_swine_fever_outbreak_and_the_culls(demo_incidents):
    assert value("DISEASE_OUTBREAKS", "12", "202312", "ASF") == 10  # 10 households of bản Nà Lang
    assert value("DISEASE_OUTBREAKS", BUM_NUA, "202312", "ASF") == 10
    assert value("ANIMALS_CULLED", BUM_NUA, "202312", "PIG") == 27
    assert value("ANIMALS_CULLED_WEIGHT", "12.107", "202312", "PIG") == 1000
    assert value("ANIMALS_CULLED", "12", "202312", "DOG") == 5
    # the rabies households are not stated: the province's total of outbreaks is unknown, not undercounted
    assert value("DISEASE_OUTBREAKS", "12", "202312") is None
    # the 5 dogs sit on the province, naming Xã Mường So (Phong Thổ) and Thị trấn Tân Uyên: those two cannot be
    # counted from records, the other communes can (the engine adds them up and says one is missing)
    assert value("ANIMALS_CULLED", "12.109.03589", "202312", "DOG") is None
    r = Engine().value("ANIMALS_CULLED", "12.109", "202312", "DOG")
    assert (r.value, r.rule) == (0, "children_sum") and "đơn vị trực thuộc có số liệu" in r.notes[0]
    assert value("ANIMALS_CULLED", "12.107", "202312", "PIG") == 27
    assert Engine().value("ANIMALS_CULLED", "12.107", "202312", "PIG").rule == "registry"


def test_the_vaccination_campaign_completion(demo_incidents):
    assert value("VACCINATION_UNITS_COMPLETED", "12", "2023TD") == 7  # 7/8 huyện, thành phố
    assert value("VACCINATION_UNITS_COMPLETED", "12.112", "2023TD") == 0  # Nậm Nhùn still vaccinating
    r = Engine().value("VACCINATION_UNITS_COMPLETED", "12", "2023TD")
    assert "7/8 đơn vị" in r.notes[0]


def test_the_demo_loads_once(demo_incidents):
    counts = (Outbreak.objects.count(), ForestViolation.objects.count(), VaccinationCampaign.objects.count(),
              AuditEntry.objects.count())
    load_demo_incidents()
    assert (Outbreak.objects.count(), ForestViolation.objects.count(), VaccinationCampaign.objects.count(),
            AuditEntry.objects.count()) == counts
    assert counts[:3] == (2, 15, 1)
    assert ForestViolation.objects.filter(is_placeholder=True).count() == 9


def test_an_outbreak_is_contained_once_and_audited(db):
    keep(Register.ANIMAL_HEALTH, "12", dt.date(2023, 1, 1))
    o = do_save_outbreak(user=None, channel=SYS, unit=unit(SAN_THANG), disease=Disease.FMD, species=Species.CATTLE,
                         started_on=dt.date(2023, 3, 2), households=2, animals_sick=5, animals_culled=0)
    assert value("DISEASE_OUTBREAKS", SAN_THANG, "2023", "FMD") == 2
    assert value("ANIMALS_CULLED_WEIGHT", SAN_THANG, "2023") == 0  # no culls, no weight needed
    with pytest.raises(Refused, match="trước ngày phát hiện"):
        do_contain(o, user=None, channel=SYS, contained_on=dt.date(2023, 3, 1))
    o = do_contain(o, user=None, channel=SYS, contained_on=dt.date(2023, 4, 1))
    assert o.status == OutbreakStatus.CONTAINED
    with pytest.raises(Refused, match="đã được công bố hết dịch"):
        do_contain(o, user=None, channel=SYS, contained_on=dt.date(2023, 4, 2))
    assert list(AuditEntry.objects.filter(object_type="incidents.outbreak", object_id=o.pk).order_by("id")
                .values_list("reason", flat=True)) == ["Ổ dịch bệnh động vật", "Công bố hết dịch"]


def test_handling_a_violation_moves_forward_only(db):
    v = do_save_violation(user=None, channel=SYS, unit=unit(SUNG_PHAI), detected_on=DEC,
                          violation_type=ViolationType.DEFORESTATION, damaged_area_ha=Decimal("0.4"))
    v = do_handle(v, user=None, channel=SYS, handling=Handling.FINED, handled_on=DEC, fine_amount=Decimal(15))
    with pytest.raises(Refused, match="chỉ cập nhật sang bước sau"):
        do_handle(v, user=None, channel=SYS, handling=Handling.PROCESSING, handled_on=DEC)
    v = do_handle(v, user=None, channel=SYS, handling=Handling.CLOSED, handled_on=DEC)
    assert (v.handling, v.fine_amount) == (Handling.CLOSED, Decimal(15))


def test_pages_scope_forms_and_export(client, cast, demo_incidents):
    mine = do_save_outbreak(user=None, channel=SYS, unit=unit(SAN_THANG), disease=Disease.ASF, species=Species.PIG,
                            started_on=DEC, households=1, note="=2+5")
    client.force_login(cast.santhang)
    page = client.get(reverse("incidents:index")).content.decode()
    assert "Xã San Thàng" in page and "Bản Nà Lang" not in page
    asf = Outbreak.objects.get(unit__code=BUM_NUA)
    assert client.get(reverse("incidents:outbreak", args=[asf.pk])).status_code == 404
    assert client.get(reverse("incidents:outbreak", args=[mine.pk])).status_code == 200
    violation = ForestViolation.objects.first()
    assert client.get(reverse("incidents:violation", args=[violation.pk])).status_code == 404
    # a commune officer reports an outbreak in its own commune
    r = client.post(reverse("incidents:outbreak_new"), {"disease": "AVIAN_INFLUENZA", "species": "POULTRY",
                                                        "unit": SAN_THANG, "started_on": "2024-01-05",
                                                        "households": "3", "animals_culled": "1.200",
                                                        "culled_kg": "2.400,5"})
    new = Outbreak.objects.get(disease="AVIAN_INFLUENZA")
    assert r.status_code == 302 and new.culled_kg == Decimal("2400.5")
    client.force_login(cast.province)
    page = client.get(reverse("incidents:violations") + "?ky=202312").content.decode()
    assert "Tổng số" in page and ">15</strong>" in page
    assert "7/8 đơn vị đã hoàn thành" in client.get(reverse("incidents:campaigns")).content.decode()
    rows = xlsx_rows(client.get(reverse("incidents:export_outbreaks")).content)
    assert "\u200b=2+5" in [c for r in rows for c in r]


def test_the_lists_run_a_fixed_number_of_queries(client, cast, demo_incidents, django_assert_max_num_queries):
    client.force_login(cast.province)
    for name in ("incidents:index", "incidents:violations", "incidents:campaigns"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200

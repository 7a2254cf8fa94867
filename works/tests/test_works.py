"""Works: km completed by type (WORKS_LENGTH), forward-only status, pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry, Channel
from engine.rollup import Engine
from records.actions import Refused
from records.testing import CITY, SAN_THANG, SUNG_PHAI, keep, unit, value, xlsx_rows
from works.actions import do_complete, do_save_work, do_start
from works.demo import load_demo_works
from works.models import Register, Work, WorkStatus, WorkType

pytestmark = pytest.mark.django_db
SYS = Channel.SYSTEM


def canal(name, code, km, **kw):
    return do_save_work(user=None, channel=SYS, unit=unit(code), name=name, work_type=WorkType.CANAL,
                        length_km=Decimal(km), **kw)


def test_the_city_works_of_seed_000_add_up_by_type_and_load_once():
    load_demo_works()
    counts = (Work.objects.count(), AuditEntry.objects.count())
    load_demo_works()
    assert (Work.objects.count(), AuditEntry.objects.count()) == counts == (4, 5)  # 4 works, 1 scope
    # 5,1 km (Sùng Phài, scheme) + 7,2 km (06 works, city budget)
    assert value("WORKS_LENGTH", CITY, "2021-2023", "CANAL") == Decimal("12.3")
    assert value("WORKS_LENGTH", CITY, "2021-2025", "ROAD") == Decimal("6.8")
    assert value("WORKS_LENGTH", CITY, "2021-2023", "TEA_ROAD") == Decimal(13)
    assert value("WORKS_LENGTH", CITY, "2021-2023") == Decimal("32.1")
    assert value("WORKS_COUNT", CITY, "2021-2023", "CANAL") == Decimal(7)
    assert value("WORKS_COUNT", CITY, "2021-2023", "TEA_ROAD") is None  # the document does not say how many
    # completion dates are known only as 2021-2023: no single year is guessed
    r = Engine().value("WORKS_LENGTH", CITY, "2022", "CANAL")
    assert r.value is None and "Không tách được" in r.notes[0]


def test_km_by_type_follow_the_records(db):
    keep(Register.WORKS, CITY, dt.date(2021, 1, 1))
    w = canal("Kênh Nậm Loong", SAN_THANG, "2.5")
    assert value("WORKS_LENGTH", CITY, "2023", "CANAL") == Decimal(0)  # planned, not completed
    do_start(w, user=None, channel=SYS, started_on=dt.date(2023, 2, 1))
    do_complete(w, user=None, channel=SYS, completed_on=dt.date(2023, 9, 30), length_km=Decimal("2.7"))
    canal("Kênh bản Lở Thàng", SUNG_PHAI, "1.3", status=WorkStatus.COMPLETED, completed_on=dt.date(2023, 11, 2))
    do_save_work(user=None, channel=SYS, unit=unit(SUNG_PHAI), name="Đường nội đồng", work_type=WorkType.ROAD,
                 length_km=Decimal(4), status=WorkStatus.COMPLETED, completed_on=dt.date(2023, 6, 1))
    assert value("WORKS_LENGTH", CITY, "2023", "CANAL") == Decimal("4.0")
    assert value("WORKS_LENGTH", SAN_THANG, "2023", "CANAL") == Decimal("2.7")
    assert value("WORKS_LENGTH", CITY, "2023Q4", "CANAL") == Decimal("1.3")
    assert value("WORKS_LENGTH", CITY, "2023", "ROAD") == Decimal(4)
    assert value("WORKS_COUNT", CITY, "2023") == Decimal(3)


def test_status_only_moves_forward_and_every_change_is_audited(db):
    w = canal("Kênh A", SAN_THANG, "1")
    with pytest.raises(Refused, match="chỉ ghi hoàn thành công trình đang thi công"):
        do_complete(w, user=None, channel=SYS, completed_on=dt.date(2023, 1, 1))
    w = do_start(w, user=None, channel=SYS, started_on=dt.date(2023, 1, 1))
    with pytest.raises(Refused, match="chỉ khởi công công trình đang ở kế hoạch"):
        do_start(w, user=None, channel=SYS, started_on=dt.date(2023, 1, 1))
    with pytest.raises(Refused, match="trước ngày khởi công"):
        do_complete(w, user=None, channel=SYS, completed_on=dt.date(2022, 12, 1))
    with pytest.raises(Refused, match="chỉ chuyển qua các nút"):
        do_save_work(w, user=None, channel=SYS, unit=w.unit, status=WorkStatus.COMPLETED)
    do_complete(w, user=None, channel=SYS, completed_on=dt.date(2023, 6, 1))
    reasons = list(AuditEntry.objects.filter(object_type="works.work", object_id=w.pk).order_by("id")
                   .values_list("reason", flat=True))
    assert reasons == ["Công trình hạ tầng", "Khởi công", "Hoàn thành"]


def test_the_communes_of_a_work_lie_in_its_unit(db):
    with pytest.raises(Refused, match="Xã Bum Nưa không thuộc Thành phố Lai Châu"):
        do_save_work(user=None, channel=SYS, unit=unit(CITY), communes=[unit("12.107.03466")], name="Đường",
                     work_type=WorkType.ROAD)


def test_a_work_across_two_communes_makes_their_figures_unknown_but_not_a_third(db):
    keep(Register.WORKS, CITY, dt.date(2021, 1, 1))
    do_save_work(user=None, channel=SYS, unit=unit(CITY), communes=[unit(SUNG_PHAI), unit(SAN_THANG)],
                 name="Đường vùng chè", work_type=WorkType.TEA_ROAD, length_km=Decimal(13),
                 status=WorkStatus.COMPLETED, completed_on=dt.date(2023, 5, 1))
    assert value("WORKS_LENGTH", CITY, "2023", "TEA_ROAD") == Decimal(13)
    assert value("WORKS_LENGTH", SUNG_PHAI, "2023", "TEA_ROAD") is None  # its share is unknown
    assert value("WORKS_LENGTH", "12.105.03408", "2023", "TEA_ROAD") == Decimal(0)  # Đông Phong: not crossed


def test_pages_scope_forms_and_export(client, cast):
    theirs = canal("=CMD|' /C calc'!A0", SUNG_PHAI, "1.5")
    mine = canal("Kênh San Thàng", SAN_THANG, "2")
    client.force_login(cast.santhang)
    page = client.get(reverse("works:index")).content.decode()
    assert "Kênh San Thàng" in page and "calc" not in page
    assert client.get(reverse("works:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("works:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("works:new")).status_code == 403  # commune officers do not manage works
    client.force_login(cast.city)
    r = client.post(reverse("works:new"), {"name": "Kênh mới", "work_type": "CANAL", "unit": CITY,
                                           "communes": f"{SAN_THANG}, {SUNG_PHAI}", "works_count": "1",
                                           "length_km": "3,25", "funding_source": "ns_huyen", "status": "planned"})
    w = Work.objects.get(name="Kênh mới")
    assert r.status_code == 302 and w.length_km == Decimal("3.25") and w.communes.count() == 2
    client.post(reverse("works:step", args=[w.pk, "khoi-cong"]), {"khoi-cong-started_on": "2024-01-10"})
    client.post(reverse("works:step", args=[w.pk, "hoan-thanh"]), {"hoan-thanh-completed_on": "2024-08-10"})
    w.refresh_from_db()
    assert w.status == WorkStatus.COMPLETED and w.completed_on == dt.date(2024, 8, 10)
    rows = xlsx_rows(client.get(reverse("works:export")).content)
    assert "\u200b=CMD|' /C calc'!A0" in [r[0] for r in rows]


def test_the_list_runs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    for i in range(25):
        do_save_work(user=None, channel=SYS, unit=unit(CITY), communes=[unit(SAN_THANG)], name=f"Kênh {i}",
                     work_type=WorkType.CANAL, length_km=Decimal(1))
    client.force_login(cast.city)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("works:index")).status_code == 200

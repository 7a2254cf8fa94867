"""The checklist of docs/adding-a-register.md, proved: a register defined only for this test
(``records.tests.example``: one model, one spec, one provider declaration, an AppConfig and
its URLs) gets its list, form, import, export, API and provider from the framework, with
the scope checks and the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from audit.models import AuditEntry
from periods.models import Period
from records.testing import CITY, SAN_THANG, SUNG_PHAI, Cast, keep, unit, xlsx_rows

EXAMPLE = "records.tests.example.apps.ExampleConfig"


@pytest.fixture
def example(loaded_transactional_db, settings):
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, EXAMPLE],
                           ROOT_URLCONF="records.tests.example.urls"):
        from records.tests.example.models import WaterPoint

        with connection.schema_editor() as editor:
            editor.create_model(WaterPoint)
        try:
            yield WaterPoint
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(WaterPoint)


@pytest.fixture
def cast(example, django_user_model):
    return Cast(django_user_model)


def test_the_form_writes_through_the_action_skeleton_with_scope_and_audit(example, cast, client):
    client.force_login(cast.city)
    page = client.get("/diem-cap-nuoc/moi/")
    assert page.status_code == 200 and "Thêm điểm cấp nước" in page.content.decode()
    r = client.post("/diem-cap-nuoc/moi/", {"unit": SAN_THANG, "name": "Bể nước  bản Sin Chải",
                                            "households": "1.200", "capacity_m3": "12,5"})
    point = example.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/diem-cap-nuoc/{point.pk}/"
    assert (point.name, point.households, point.capacity_m3) == ("Bể nước bản Sin Chải", 1200, Decimal("12.5"))
    entry = AuditEntry.objects.get(object_type="example.waterpoint", object_id=point.pk)
    assert entry.action == "create" and entry.unit_code == SAN_THANG and entry.new["households"] == 1200
    # the same name at the same commune is refused by the natural key, nothing written
    r = client.post("/diem-cap-nuoc/moi/", {"unit": SAN_THANG, "name": "bể nước bản sin chải"})
    assert r.status_code == 200 and "Đã có bản ghi trùng" in r.content.decode() and example.objects.count() == 1
    # a unit outside the officer's district is refused by the form
    r = client.post("/diem-cap-nuoc/moi/", {"unit": "12.107.03466", "name": "Giếng Bum Nưa"})
    assert "Không tìm thấy đơn vị" in r.content.decode() and example.objects.count() == 1
    # the detail page shows the record and its history; the edit form saves through the same action
    assert "Lịch sử thay đổi" in client.get(f"/diem-cap-nuoc/{point.pk}/").content.decode()
    r = client.post(f"/diem-cap-nuoc/{point.pk}/sua/", {"unit": SAN_THANG, "name": point.name, "households": "1.250"})
    assert r.status_code == 302 and example.objects.get().households == 1250
    assert AuditEntry.objects.filter(object_type="example.waterpoint", action="update").count() == 1


def test_list_sorts_filters_and_hides_other_territories(example, cast, client):
    for code, name, households in ((SAN_THANG, "Bể A", 30), (SUNG_PHAI, "Bể B", 80), ("12.107.03466", "Bể C", 5)):
        example.objects.create(unit=unit(code), name=name, households=households)
    client.force_login(cast.city)
    html = client.get("/diem-cap-nuoc/", {"sap_xep": "-so_ho"}).content.decode()
    assert html.index("Bể B") < html.index("Bể A") and "Bể C" not in html  # Mường Tè is not the city's
    assert 'aria-sort="descending"' in html
    html = client.get("/diem-cap-nuoc/", {"don_vi": SAN_THANG}).content.decode()
    assert "Bể A" in html and "Bể B" not in html
    other = example.objects.get(name="Bể C")
    assert client.get(f"/diem-cap-nuoc/{other.pk}/").status_code == 404


def test_import_and_export_round_trip_without_duplicates(example, cast, client):
    client.force_login(cast.province)
    csv = ("Mã đơn vị,Tên điểm cấp nước,Số hộ,Công suất (m³/ngày)\n"
           f"{SAN_THANG},Bể nước bản Sin Chải,45,\"12,5\"\n{SUNG_PHAI},Giếng bản Hợp 1,20,\n").encode()
    r = client.post("/diem-cap-nuoc/nhap-tep/", {"file": SimpleUploadedFile("nuoc.csv", csv, "text/csv")})
    assert r.status_code == 302 and example.objects.count() == 2
    assert example.objects.get(name="Bể nước bản Sin Chải").capacity_m3 == Decimal("12.5")
    exported = client.get("/diem-cap-nuoc/xuat-excel/")
    rows = xlsx_rows(exported.content)
    assert rows[0][:3] == ["Mã đơn vị", "Tên đơn vị", "Tên điểm cấp nước"]
    assert sorted(r[2] for r in rows[1:]) == ["Bể nước bản Sin Chải", "Giếng bản Hợp 1"]
    # the export re-imports unchanged: no new record, no audit row
    audits = AuditEntry.objects.count()
    again = SimpleUploadedFile("nuoc.xlsx", exported.content,
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert client.post("/diem-cap-nuoc/nhap-tep/", {"file": again}).status_code == 302
    assert example.objects.count() == 2 and AuditEntry.objects.count() == audits
    # a bad cell is refused with its line, and nothing is written
    bad = f"Mã đơn vị,Tên điểm cấp nước,Số hộ\n{SAN_THANG},Bể mới,nhiều\n".encode()
    r = client.post("/diem-cap-nuoc/nhap-tep/", {"file": SimpleUploadedFile("x.csv", bad, "text/csv")})
    assert r.status_code == 400 and "dòng 2" in r.content.decode().lower() and example.objects.count() == 2
    template = xlsx_rows(client.get("/diem-cap-nuoc/mau-nhap/").content)
    assert template[0][:2] == ["Mã đơn vị", "Tên điểm cấp nước"]


def test_api_lists_the_records_of_the_users_territory(example, cast, client):
    example.objects.create(unit=unit(SAN_THANG), name="Bể A")
    example.objects.create(unit=unit("12.107.03466"), name="Bể C")
    client.force_login(cast.santhang)
    data = client.get("/api-vi-du/example/waterpoint").json()
    assert [row["name"] for row in data["results"]] == ["Bể A"]
    assert data["results"][0]["unit"] == SAN_THANG


def test_the_provider_counts_where_the_register_is_declared_complete(example, cast):
    from records.tests.example.register import PROVIDERS

    provider = PROVIDERS["WATER_POINTS"]
    example.objects.create(unit=unit(SAN_THANG), name="Bể A")
    example.objects.create(unit=unit(SUNG_PHAI), name="Bể B")
    year = Period.objects.for_code("2024")
    assert not provider.covers(unit(CITY), year)  # nothing declared: reported figures stay
    keep("water", CITY, dt.date(2023, 1, 1))
    assert provider.covers(unit(CITY), year) and provider.value(unit(CITY), None, year) == 2
    assert provider.value(unit(SAN_THANG), None, year) == 1
    assert "Đếm 2 điểm cấp nước" in provider.describe(unit(CITY), None, year)

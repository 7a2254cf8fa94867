"""A token carries its user's scope and role exactly as the web pages do."""

import pytest

from audit.models import AuditEntry
from datavalues.models import DataValue

from .conftest import CITY, SAN_THANG, SUNG_PHAI, TAN_PHONG

pytestmark = pytest.mark.django_db


def test_a_commune_officer_cannot_read_another_commune(client_for, commune_officer, put):
    put(("HERD", "PIG", SAN_THANG, "2023", 1200), ("HERD", "PIG", SUNG_PHAI, "2023", 800))
    client = client_for(commune_officer)
    assert client.get(f"/api/units/{SAN_THANG}").status_code == 200
    r = client.get(f"/api/units/{SUNG_PHAI}")
    assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy đơn vị."
    # A unit that does not exist answers the same.
    assert client.get("/api/units/12.105.99999").json() == r.json()
    assert client.get("/api/datavalues", {"unit": SUNG_PHAI}).status_code == 404
    assert client.get("/api/rollup", {"indicator": "HERD", "unit": SUNG_PHAI, "period": "2023"}).status_code == 404
    assert client.get("/api/rollup", {"indicator": "HERD", "unit": CITY, "period": "2023"}).status_code == 404
    values = client.get("/api/datavalues").json()["results"]
    assert [(v["unit"], v["value"]) for v in values] == [(SAN_THANG, "1200")]


def test_a_commune_officer_cannot_write_another_commune(client_for, commune_officer):
    client = client_for(commune_officer)
    r = client.post("/api/datavalues/bulk", [
        {"indicator": "HERD", "option": "PIG", "unit": SAN_THANG, "period": "2023", "value": 1200},
        {"indicator": "HERD", "option": "PIG", "unit": SUNG_PHAI, "period": "2023", "value": 800},
    ], format="json")
    assert r.status_code == 403
    assert r.json()["errors"] == [{
        "index": 1, "field": "unit", "code": "not_writable", "value": SUNG_PHAI,
        "message": f"Đơn vị '{SUNG_PHAI}' không tồn tại hoặc nằm ngoài phạm vi của bạn.",
    }]
    assert not DataValue.objects.exists() and not AuditEntry.objects.exists()
    # Nor its own district: a commune officer writes communes only.
    r = client.post("/api/datavalues/bulk", [{"indicator": "HERD", "option": "PIG", "unit": CITY, "period": "2023",
                                              "value": 1}], format="json")
    assert r.status_code == 403 and not DataValue.objects.exists()


def test_a_commune_officer_writes_its_commune_and_the_new_commune_it_merged_into(client_for, commune_officer):
    r = client_for(commune_officer).post("/api/datavalues/bulk", [
        {"indicator": "HERD", "option": "PIG", "unit": SAN_THANG, "period": "2024", "value": 1200},
        {"indicator": "HERD", "option": "PIG", "unit": TAN_PHONG, "period": "2025Q4", "value": 5200},
    ], format="json")
    assert r.status_code == 200 and r.json()["created"] == 2


def test_a_leader_reads_but_never_writes(client_for, leader, put):
    put(("HERD", "PIG", SUNG_PHAI, "2023", 800))
    client = client_for(leader)
    assert client.get("/api/datavalues", {"unit": SUNG_PHAI}).json()["count"] == 1
    r = client.post("/api/datavalues/bulk", [{"indicator": "HERD", "option": "PIG", "unit": SUNG_PHAI,
                                              "period": "2023", "value": 900}], format="json")
    assert r.status_code == 403 and r.json()["detail"] == "Vai trò của bạn chỉ được xem, không được ghi số liệu."
    assert DataValue.objects.get().value == 800


def test_a_unit_outside_the_scope_and_a_unit_that_does_not_exist_are_refused_alike(client_for, commune_officer):
    client = client_for(commune_officer)
    a = client.post("/api/datavalues/bulk", [{"indicator": "HERD", "option": "PIG", "unit": SUNG_PHAI,
                                              "period": "2023", "value": 1}], format="json")
    b = client.post("/api/datavalues/bulk", [{"indicator": "HERD", "option": "PIG", "unit": "12.105.99999",
                                              "period": "2023", "value": 1}], format="json")
    assert a.status_code == b.status_code == 403
    assert a.json()["errors"][0]["message"].replace(SUNG_PHAI, "X") == \
        b.json()["errors"][0]["message"].replace("12.105.99999", "X")

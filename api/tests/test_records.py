"""Records of the domain apps: read in scope, registry records written through
``registries.actions`` with the registry pages' permissions."""

import pytest

from audit.models import AuditEntry, Channel
from registries.actions import do_create
from registries.models import Farm, OcopProduct
from units.models import Unit

from .conftest import SAN_THANG, SUNG_PHAI

pytestmark = pytest.mark.django_db

FARMS = "/api/registries/farm"


def farm(unit_code, owner):
    return do_create(Farm, {"unit": Unit.objects.get(code=unit_code), "owner": owner, "farm_type": "LIVESTOCK"},
                     channel=Channel.SYSTEM)


def test_the_domain_apps_models_are_exposed(client_for, leader):
    schema = client_for(leader).get("/api/schema?format=json").json()
    for path in ["/api/registries/farm", "/api/registries/ocopproduct", "/api/registries/cooperative",
                 "/api/support/application", "/api/capital/planline", "/api/works/work", "/api/incidents/outbreak"]:
        assert "get" in schema["paths"][path], path
    assert {"get", "post"} <= set(schema["paths"][FARMS])
    assert {"get", "patch", "delete"} <= set(schema["paths"][FARMS + "/{id}"])
    assert "post" not in schema["paths"]["/api/support/application"]  # read-only


def test_records_are_read_in_scope_only(client_for, commune_officer, city_officer):
    mine, other = farm(SAN_THANG, "Lò Văn A"), farm(SUNG_PHAI, "Tẩn Văn B")
    client = client_for(commune_officer)
    r = client.get(FARMS)
    assert [(f["id"], f["unit"], f["owner"]) for f in r.json()["results"]] == [(mine.pk, SAN_THANG, "Lò Văn A")]
    assert client.get(f"{FARMS}/{mine.pk}").status_code == 200
    r = client.get(f"{FARMS}/{other.pk}")
    assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy bản ghi."
    assert client.get(FARMS, {"unit": SUNG_PHAI}).status_code == 404
    r = client_for(city_officer).get(FARMS, {"unit": SUNG_PHAI})
    assert [f["owner"] for f in r.json()["results"]] == ["Tẩn Văn B"]


def test_a_city_officer_creates_updates_and_deletes_a_farm_through_the_actions(client_for, city_officer):
    client = client_for(city_officer)
    r = client.post(FARMS, {"unit": SAN_THANG, "owner": "  Lò   Văn C ", "farm_type": "CROP", "area_ha": "2.5",
                            "started_on": "2022-03-01"}, format="json")
    assert r.status_code == 201, r.json()
    created = r.json()
    assert created["owner"] == "Lò Văn C" and created["area_ha"] == "2.5" and created["version"] == 1
    pk = created["id"]
    r = client.patch(f"{FARMS}/{pk}", {"workers": 4, "version": 1}, format="json")
    assert r.status_code == 200 and r.json()["workers"] == 4 and r.json()["version"] == 2
    r = client.patch(f"{FARMS}/{pk}", {"workers": 5, "version": 1}, format="json")
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "conflict"
    assert Farm.objects.get(pk=pk).workers == 4
    assert client.delete(f"{FARMS}/{pk}").status_code == 204
    assert not Farm.objects.filter(pk=pk).exists()
    actions = list(AuditEntry.objects.filter(object_type="registries.farm").order_by("id")
                   .values_list("action", "channel", "username"))
    assert actions == [("create", "api", "thanhpho"), ("update", "api", "thanhpho"), ("delete", "api", "thanhpho")]


def test_a_record_is_validated_by_the_registry_rules_in_vietnamese(client_for, city_officer):
    client = client_for(city_officer)
    r = client.post(FARMS, {"unit": SAN_THANG, "owner": "Lò Văn D", "status": "ngung", "area_ha": "abc",
                            "started_on": "01/03/2022"}, format="json")
    assert r.status_code == 400
    errors = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert errors["area_ha"] == "Cần một số." and errors["started_on"] == "Ngày sai định dạng; viết YYYY-MM-DD."
    r = client.post(FARMS, {"unit": SAN_THANG, "owner": "Lò Văn D", "status": "ngung"}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"] == [{"index": None, "field": "stopped_on", "code": "invalid", "value": None,
                                   "message": "Ngừng hoạt động thì cần ngày ngừng."}]
    farm(SAN_THANG, "Lò Văn E")
    r = client.post(FARMS, {"unit": SAN_THANG, "owner": "lò văn e"}, format="json")
    assert r.status_code == 400 and "Đã có bản ghi trùng" in r.json()["errors"][0]["message"]
    assert Farm.objects.count() == 1


def test_registry_writes_follow_the_registry_permissions(client_for, commune_officer, leader, city_officer):
    other = farm(SUNG_PHAI, "Tẩn Văn B")
    client = client_for(commune_officer)
    # A commune officer manages no farms (district and province officers do) …
    r = client.post(FARMS, {"unit": SAN_THANG, "owner": "Lò Văn F"}, format="json")
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "not_writable"
    # … but may add an OCOP product of its commune (the commune proposes since 2025).
    r = client.post("/api/registries/ocopproduct", {"unit": SAN_THANG, "name": "Chè Shan tuyết",
                                                    "owner_name": "HTX chè San Thàng"}, format="json")
    assert r.status_code == 201 and OcopProduct.objects.count() == 1
    r = client.post("/api/registries/ocopproduct", {"unit": SUNG_PHAI, "name": "Chè", "owner_name": "X"},
                    format="json")
    assert r.status_code == 403
    assert r.json()["errors"][0]["message"] == f"Đơn vị '{SUNG_PHAI}' không tồn tại hoặc nằm ngoài phạm vi của bạn."
    assert client.patch(f"{FARMS}/{other.pk}", {"workers": 1}, format="json").status_code == 404
    r = client_for(leader).patch(f"{FARMS}/{other.pk}", {"workers": 1}, format="json")
    assert r.status_code == 403 and r.json()["detail"] == "Bạn không có quyền sửa bản ghi này."
    r = client_for(city_officer).patch(f"{FARMS}/{other.pk}", {"unit": "02"}, format="json")
    assert r.status_code == 403 and Farm.objects.get(pk=other.pk).unit.code == SUNG_PHAI


def test_personal_identifiers_are_not_exposed(client_for, leader):
    schema = client_for(leader).get("/api/schema?format=json").json()
    assert "id_number" not in schema["components"]["schemas"]["SupportBeneficiary"]["properties"]
    assert "name" in schema["components"]["schemas"]["SupportBeneficiary"]["properties"]

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from api.dhis2 import PeriodNotExchanged, export_period, period_from_dhis2, period_to_dhis2
from api.models import Dhis2Instance, Dhis2Mapping, Dhis2ValueMeta, Kind
from audit.models import AuditEntry
from datavalues.models import DataValue
from units.models import Unit

from .conftest import (
    CITY,
    COC_CATTLE,
    COC_PIG,
    COC_TEA,
    COC_TOTAL,
    DE_CROP_AREA,
    DE_HERD,
    DE_POULTRY,
    OU_CITY,
    OU_SAN_THANG,
    OU_SUNG_PHAI,
    OU_TAN_PHONG,
    SAN_THANG,
    SUNG_PHAI,
    TAN_PHONG,
    URL,
    dv,
    snapshot,
)

pytestmark = pytest.mark.django_db

def untimed(doc):
    """An export without its timestamps (they are tested on their own)."""
    return {**doc, "dataValues": [{k: v for k, v in d.items() if k not in ("created", "lastUpdated")}
                                  for d in doc["dataValues"]]}


def written():
    return DataValue.objects.count(), AuditEntry.objects.count(), Dhis2ValueMeta.objects.count()


# --------------------------------------------------------------------------- periods

@pytest.mark.parametrize("pe", ["2023", "2023S1", "2023S2", "2023Q1", "2023Q4", "202301", "202312"])
def test_dhis2_periods_of_the_four_shared_types_cross_unchanged(pe):
    assert period_from_dhis2(pe) == pe
    assert period_to_dhis2(pe) == pe


@pytest.mark.parametrize("pe", ["2023W5", "20230105", "202301B", "2023April", "2023AprilS1", "2023NovS1",
                                "2023BiW1", "2023q4", "2023Q5", "202313", "2024DX", "2021-2025", "", None])
def test_other_dhis2_periods_are_refused_with_the_accepted_forms(pe):
    with pytest.raises(PeriodNotExchanged) as e:
        period_from_dhis2(pe)
    assert "2023Q4" in str(e.value)


def test_seasons_and_terms_are_never_exchanged():
    assert period_to_dhis2("2024DX") is None and period_to_dhis2("2023VD") is None
    assert period_to_dhis2("2021-2025") is None
    with pytest.raises(PeriodNotExchanged) as e:
        export_period("2024HT")
    assert "DHIS2 không có loại kỳ tương ứng" in str(e.value)


# --------------------------------------------------------------------------- import

def test_an_import_writes_through_the_mapping_with_the_api_channel(client_for, city_officer, instance):
    doc = {"dataValues": [
        dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "1200", comment="báo cáo xã"),
        dv(DE_HERD, COC_CATTLE, OU_SUNG_PHAI, "202312", 45),
        dv(DE_POULTRY, None, OU_CITY, "2023Q4", "12.5"),
        dv(DE_POULTRY, COC_TOTAL, OU_SAN_THANG, "2023S2", "3.25"),
    ]}
    r = client_for(city_officer).post(URL + "?instance=hispvn", doc, format="json")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "SUCCESS" and body["importCount"] == {"imported": 4, "updated": 0, "deleted": 0,
                                                                   "ignored": 0}
    assert snapshot() == [
        ("HERD", "CATTLE", SUNG_PHAI, "202312", Decimal("45"), ""),
        ("HERD", "PIG", SAN_THANG, "2023", Decimal("1200"), "báo cáo xã"),
        ("POULTRY", "", CITY, "2023Q4", Decimal("12.5"), ""),
        ("POULTRY", "", SAN_THANG, "2023S2", Decimal("3.25"), ""),
    ]
    assert set(AuditEntry.objects.values_list("channel", flat=True)) == {"api"}
    again = client_for(city_officer).post(URL, doc, format="json")  # the only instance: no ?instance needed
    assert again.json()["importCount"] == {"imported": 0, "updated": 0, "deleted": 0, "ignored": 4}
    assert AuditEntry.objects.count() == 4


def test_unmapped_codes_are_errors_listed_per_value_and_nothing_is_written(client_for, city_officer, instance):
    doc = {"dataValues": [
        dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "1200"),
        dv("deUnknown01", COC_PIG, OU_SAN_THANG, "2023", "1"),
        dv(DE_HERD, "cocUnknown1", OU_SAN_THANG, "2023", "1"),
        dv(DE_HERD, COC_PIG, "ouUnknown01", "2023", "1"),
        dv(DE_HERD, COC_TEA, OU_SAN_THANG, "2023", "1"),
        dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023W05", "1"),
        dv(DE_HERD, COC_PIG, OU_SUNG_PHAI, "2023", "abc"),
    ]}
    r = client_for(city_officer).post(URL + "?instance=hispvn", doc, format="json")
    assert r.status_code == 409
    body = r.json()
    assert body["status"] == "ERROR" and not DataValue.objects.exists()
    conflicts = {(c["indexes"][0], c["property"]): c for c in body["conflicts"]}
    assert set(conflicts) == {(1, "dataElement"), (2, "categoryOptionCombo"), (3, "orgUnit"),
                              (4, "categoryOptionCombo"), (5, "period"), (6, "value")}
    assert conflicts[(1, "dataElement")]["object"] == "deUnknown01"
    assert conflicts[(1, "dataElement")]["errorCode"] == "unmapped"
    assert conflicts[(1, "dataElement")]["value"] == (
        "Mã dataElement 'deUnknown01' (phần tử dữ liệu) chưa được ánh xạ sang Bậc Thang cho máy chủ DHIS2 'hispvn'.")
    assert conflicts[(3, "orgUnit")]["object"] == "ouUnknown01"
    assert "không thuộc phân tổ của chỉ tiêu HERD" in conflicts[(4, "categoryOptionCombo")]["value"]
    assert conflicts[(5, "period")]["value"].startswith("Kỳ '2023W05' của DHIS2 không được hỗ trợ")


def test_an_import_outside_the_scope_is_refused_with_403(client_for, commune_officer, leader, instance):
    doc = {"dataValues": [dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "1"),
                          dv(DE_HERD, COC_PIG, OU_SUNG_PHAI, "2023", "1")]}
    r = client_for(commune_officer).post(URL, doc, format="json")
    assert r.status_code == 403
    assert [(c["indexes"], c["property"], c["object"]) for c in r.json()["conflicts"]] == [
        ([1], "orgUnit", OU_SUNG_PHAI)]
    assert not DataValue.objects.exists()
    r = client_for(leader).post(URL, doc, format="json")
    assert r.status_code == 403 and r.json()["status"] == "ERROR"


def test_top_level_defaults_deleted_values_and_dry_run(client_for, city_officer, instance):
    client = client_for(city_officer)
    doc = {"period": "2023", "orgUnit": OU_SAN_THANG,
           "dataValues": [{"dataElement": DE_HERD, "categoryOptionCombo": COC_PIG, "value": "10"}]}
    r = client.post(URL + "?dryRun=true", doc, format="json")
    assert r.json()["importCount"]["imported"] == 1 and r.json()["dryRun"] is True and not DataValue.objects.exists()
    client.post(URL, doc, format="json")
    assert snapshot() == [("HERD", "PIG", SAN_THANG, "2023", Decimal("10"), "")]
    doc["dataValues"][0] = {"dataElement": DE_HERD, "categoryOptionCombo": COC_PIG, "deleted": True}
    r = client.post(URL, doc, format="json")
    assert r.json()["importCount"]["deleted"] == 1 and not DataValue.objects.exists()


def test_every_import_error_answers_the_import_summary_shape(client, client_for, city_officer, instance):
    r = client.post(URL, {"dataValues": []}, content_type="application/json")
    assert r.status_code == 401 and r.json()["status"] == "ERROR" and r.json()["description"].startswith("Chưa")
    r = client_for(city_officer).post(URL + "?instance=nope", {"dataValues": []}, format="json")
    assert r.status_code == 400 and r.json()["conflicts"][0]["property"] == "instance"
    r = client_for(city_officer).post(URL, {"dataValues": []}, format="json")
    assert r.status_code == 409 and r.json()["conflicts"][0]["value"] == "Danh sách 'dataValues' trống."


# --------------------------------------------------------------------------- export

def test_an_export_names_values_by_dhis2_uids(client_for, city_officer, instance, put):
    put(("HERD", "PIG", SAN_THANG, "2023", "1200"), ("HERD", "PIG", SUNG_PHAI, "2023", "800"),
        ("HERD", "PIG", SAN_THANG, "2024DX", "5"),  # a season: not in DHIS2
        ("HERD", "BUFFALO", SAN_THANG, "2023", "7"),  # option without a UID
        ("HERD", "PIG", "12.105.03386", "2023", "9"),  # unit without a UID
        ("CROP_AREA", "TEA", SAN_THANG, "2023", "41.8"))
    client = client_for(city_officer)
    r = client.get(URL, {"orgUnit": OU_CITY, "children": "true", "period": "2023", "dataSet": "dsLivestock"})
    assert r.status_code == 200
    common = {"dataElement": DE_HERD, "period": "2023", "categoryOptionCombo": COC_PIG,
              "attributeOptionCombo": COC_TOTAL, "comment": "", "followup": False}
    assert untimed(r.json()) == {"dataSet": "dsLivestock", "dataValues": [
        {**common, "orgUnit": OU_SUNG_PHAI, "value": "800"},  # written by the system: no storedBy
        {**common, "orgUnit": OU_SAN_THANG, "value": "1200"},
    ]}
    assert r["X-Bacthang-Skipped"] == "2"  # the buffalo and the unmapped commune
    r = client.get(URL, {"orgUnit": OU_SAN_THANG, "startDate": "2023-01-01", "endDate": "2024-12-31"})
    assert r["X-Bacthang-Skipped"] == "2"  # the buffalo and the season
    assert {v["dataElement"] for v in r.json()["dataValues"]} == {DE_HERD, DE_CROP_AREA}


def test_an_export_refuses_bad_parameters_and_respects_the_scope(client_for, commune_officer, instance, put):
    put(("HERD", "PIG", SUNG_PHAI, "2023", "800"))
    client = client_for(commune_officer)
    # Outside the scope a mapped orgUnit answers exactly as an unknown one: nothing leaks.
    r = client.get(URL, {"orgUnit": OU_SUNG_PHAI, "period": "2023"})
    unknown = client.get(URL, {"orgUnit": "ouNope00002", "period": "2023"})
    assert r.status_code == unknown.status_code == 400
    assert "800" not in r.content.decode()
    r = client.get(URL, {"orgUnit": OU_CITY, "period": "2023"})
    assert r.status_code == 400
    r = client.get(URL, {"orgUnit": "ouNope00001", "period": "2024DX"})
    assert r.status_code == 400
    messages = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert "DHIS2 không có loại kỳ tương ứng" in messages["period"]
    r = client.get(URL, {"period": "2023"})
    assert r.status_code == 400 and r.json()["errors"][0]["message"] == "Cần ít nhất một 'orgUnit'."
    r = client.get(URL, {"orgUnit": OU_SAN_THANG})
    assert r.json()["errors"][0]["message"] == "Cần 'period' hoặc cả 'startDate' và 'endDate'."


def test_an_export_reimported_into_an_empty_database_reproduces_the_values_exactly(
        client_for, admin, instance, put, tmp_path):
    put(("HERD", "PIG", SAN_THANG, "2023", "1200"), ("HERD", "CATTLE", SUNG_PHAI, "202312", "45"),
        ("CROP_AREA", "TEA", SAN_THANG, "2023S1", "1735.6"), ("CROP_AREA", "TEA", SUNG_PHAI, "2023Q4", "0.000001"),
        ("POULTRY", None, CITY, "2023", "123456789.123456"), ("POULTRY", None, TAN_PHONG, "202512", "12.5"))
    DataValue.objects.filter(unit__code=SAN_THANG, indicator__code="HERD").update(comment="báo cáo; \"xã\"")
    before = snapshot()
    client = client_for(admin)
    r = client.get(URL, {"orgUnit": [OU_CITY, OU_TAN_PHONG], "children": "true", "startDate": "2020-01-01",
                         "endDate": "2026-12-31"})
    assert len(r.json()["dataValues"]) == 6 and r["X-Bacthang-Skipped"] == "0"
    exported = json.dumps(r.json())
    DataValue.objects.all().delete()
    assert not DataValue.objects.exists()
    r = client.post(URL, exported, content_type="application/json")
    assert r.status_code == 200 and r.json()["importCount"]["imported"] == 6
    assert snapshot() == before
    # The management commands make the same round trip through a file.
    out = tmp_path / "values.json"
    call_command("dhis2_export", "--instance", "hispvn", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(exported)
    DataValue.objects.all().delete()
    call_command("dhis2_import", str(out), "--instance", "hispvn", "--user", "quantri")
    assert snapshot() == before


def test_the_import_command_lists_every_problem_and_writes_nothing(instance, admin, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"dataValues": [dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "1"),
                                               dv("deUnknown01", None, OU_SAN_THANG, "2023W1", "1")]}))
    with pytest.raises(CommandError):
        call_command("dhis2_import", str(path), "--instance", "hispvn", "--user", "quantri")
    err = capsys.readouterr().err
    assert "giá trị thứ 2, dataElement: Mã dataElement 'deUnknown01'" in err
    assert "giá trị thứ 2, period: Kỳ '2023W1' của DHIS2 không được hỗ trợ" in err
    assert not DataValue.objects.exists()


def test_a_mapping_file_loads_idempotently_and_refuses_bad_lines(tmp_path):
    inst = Dhis2Instance.objects.create(name="partner")
    good = tmp_path / "map.csv"
    good.write_text("kind,uid,code,name\n"
                    "dataElement,deHerd00001,HERD,Tổng đàn\n"
                    "categoryOptionCombo,cocPig00001,SPECIES:PIG,Lợn\n"
                    "categoryOptionCombo,HllvX50cXC0,total,default\n"
                    f"orgUnit,ouSanThang1,{SAN_THANG},Xã San Thàng\n", encoding="utf-8")
    call_command("dhis2_load_mapping", str(good), "--instance", "partner")
    assert inst.mappings.count() == 4
    ids = set(inst.mappings.values_list("pk", flat=True))
    call_command("dhis2_load_mapping", str(good), "--instance", "partner")
    assert set(inst.mappings.values_list("pk", flat=True)) == ids
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,uid,code\n"
                   "dataElement,deCrop00001,NO_SUCH\n"
                   "categoryOptionCombo,cocTea00001,TEA\n"
                   "orgUnit,bad-uid,12\n"
                   "dataElement,deHerd00002,HERD\n"
                   "dataElement,deHerd00003,HERD\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("dhis2_load_mapping", str(bad), "--instance", "partner")
    assert set(inst.mappings.values_list("pk", flat=True)) == ids


def test_the_mapping_is_edited_in_the_admin_and_checked(client, admin, instance):
    from django.core.exceptions import ValidationError

    client.force_login(admin)
    assert client.get("/admin/api/dhis2mapping/").status_code == 200
    assert client.get("/admin/api/dhis2mapping/add/").status_code == 200
    assert client.get(f"/admin/api/dhis2instance/{instance.pk}/change/").status_code == 200
    bad = Dhis2Mapping(instance=instance, kind=Kind.DATA_ELEMENT, uid="deNoTarget1")
    with pytest.raises(ValidationError) as e:
        bad.full_clean()
    assert "Phần tử dữ liệu phải ánh xạ tới một chỉ tiêu." in str(e.value)
    bad = Dhis2Mapping(instance=instance, kind=Kind.ORG_UNIT, uid="x", unit=Unit.objects.get(code="12"))
    with pytest.raises(ValidationError) as e:
        bad.full_clean()
    assert "11 ký tự" in str(e.value)

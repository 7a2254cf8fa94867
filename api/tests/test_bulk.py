from decimal import Decimal

import pytest

from audit.models import AuditEntry
from datavalues.models import DataValue

from .conftest import SAN_THANG, SUNG_PHAI

pytestmark = pytest.mark.django_db

URL = "/api/datavalues/bulk"


def item(value, unit=SAN_THANG, period="2023", indicator="HERD", option="PIG", **extra):
    return {"indicator": indicator, "option": option, "unit": unit, "period": period, "value": value, **extra}


def stored():
    return {(v.indicator.code, v.option.code if v.option else None, v.unit.code, v.period.code): v.value
            for v in DataValue.objects.select_related("indicator", "option", "unit", "period")}


def test_a_bulk_write_stores_every_value_and_audits_with_the_api_channel(client_for, city_officer):
    r = client_for(city_officer).post(URL, [item(1200), item("800", unit=SUNG_PHAI),
                                            item("41.8", indicator="CROP_AREA", option="TEA", comment="ước")],
                                      format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["created"] == 3 and r.json()["unchanged"] == 0
    assert stored() == {("HERD", "PIG", SAN_THANG, "2023"): Decimal("1200"),
                        ("HERD", "PIG", SUNG_PHAI, "2023"): Decimal("800"),
                        ("CROP_AREA", "TEA", SAN_THANG, "2023"): Decimal("41.8")}
    entries = AuditEntry.objects.all()
    assert entries.count() == 3 and {e.channel for e in entries} == {"api"}
    assert {e.username for e in entries} == {"thanhpho"}


def test_a_bulk_write_with_one_invalid_value_writes_nothing_and_lists_the_error(client_for, city_officer):
    r = client_for(city_officer).post(URL, [item(1200), item(-5, unit=SUNG_PHAI), item(10, period="2023Q5")],
                                      format="json")
    assert r.status_code == 400
    body = r.json()
    assert not DataValue.objects.exists() and not AuditEntry.objects.exists()
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(1, "value"), (2, "period")]
    assert "Giá trị âm (-5) không hợp lệ" in body["errors"][0]["message"]
    assert body["errors"][1]["message"].startswith("Kỳ '2023Q5' sai định dạng")
    assert body["detail"] == "Yêu cầu bị từ chối, không ghi gì: có 2 lỗi."


def test_every_kind_of_bad_item_is_listed_with_its_index(client_for, city_officer):
    r = client_for(city_officer).post(URL, [
        item(1, indicator="NO_SUCH"),
        item(1, option="TEA"),
        item("1.735,6"),
        {"indicator": "HERD", "unit": SAN_THANG, "period": "2023"},
        item(1, version=-1),
        item(1, comment="x" * 501),
        item("0.0000001"),
        "not an object",
        item(1), item(2),
        item(1, indicator="CROP_YIELD", option="TEA"),
    ], format="json")
    assert r.status_code == 400
    errors = {(e["index"], e["field"]): e["message"] for e in r.json()["errors"]}
    assert errors[(0, "indicator")] == "Chỉ tiêu 'NO_SUCH' không có trong danh mục."
    assert errors[(1, "option")].startswith("Nhóm 'TEA' không thuộc chỉ tiêu HERD")
    assert "không phải số viết kiểu thường" in errors[(2, "value")]
    assert errors[(3, "value")] == "Thiếu trường 'value'."
    assert errors[(4, "version")] == "Trường 'version' phải là số nguyên không âm."
    assert errors[(5, "comment")] == "Trường 'comment' dài quá 500 ký tự."
    assert errors[(6, "value")] == ("Giá trị 0,0000001 có quá 6 chữ số thập phân; "
                                    "hãy làm tròn đến 6 chữ số sau dấu phẩy.")
    assert errors[(7, "")] == "Mỗi số liệu phải là một đối tượng JSON."
    assert "trùng với số liệu thứ 8" in errors[(9, "indicator")]
    assert "được tính theo công thức" in errors[(10, "value")]
    assert not DataValue.objects.exists()


def test_the_same_write_twice_changes_nothing(client_for, city_officer):
    client = client_for(city_officer)
    payload = [item(1200, comment="báo cáo xã"), item("1735.6", indicator="CROP_PRODUCTION", option="TEA")]
    assert client.post(URL, payload, format="json").json()["created"] == 2
    before = (list(DataValue.objects.values_list("pk", "value", "version", "updated_at")),
              AuditEntry.objects.count())
    r = client.post(URL, payload, format="json")
    assert r.status_code == 200
    assert r.json()["unchanged"] == 2 and r.json()["created"] == r.json()["updated"] == 0
    after = (list(DataValue.objects.values_list("pk", "value", "version", "updated_at")), AuditEntry.objects.count())
    assert after == before


def test_a_stale_version_is_refused_with_409(client_for, city_officer):
    client = client_for(city_officer)
    client.post(URL, [item(1200)], format="json")
    assert client.post(URL, [item(1250, version=1)], format="json").status_code == 200
    r = client.post(URL, [item(1300, version=1)], format="json")
    assert r.status_code == 409
    assert r.json()["errors"][0]["code"] == "conflict"
    assert "1.250" in r.json()["errors"][0]["message"]
    assert DataValue.objects.get().value == Decimal("1250")
    r = client.post(URL, [item(5, unit=SUNG_PHAI, version=0)], format="json")
    assert r.status_code == 200 and r.json()["created"] == 1


def test_delete_and_dry_run(client_for, city_officer):
    client = client_for(city_officer)
    r = client.post(URL + "?dry_run=true", [item(1200)], format="json")
    assert r.status_code == 200 and r.json()["created"] == 1 and r.json()["dry_run"] is True
    assert not DataValue.objects.exists() and not AuditEntry.objects.exists()
    client.post(URL, [item(1200)], format="json")
    r = client.post(URL, [{"indicator": "HERD", "option": "PIG", "unit": SAN_THANG, "period": "2023",
                           "delete": True}], format="json")
    assert r.json()["deleted"] == 1 and not DataValue.objects.exists()
    assert AuditEntry.objects.filter(action="delete", channel="api").count() == 1


def test_malformed_bodies_are_refused_in_vietnamese(client_for, city_officer):
    client = client_for(city_officer)
    r = client.post(URL, {"indicator": "HERD"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["message"].startswith("Nội dung phải là một danh sách")
    r = client.post(URL, "[1, 2", content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"] == (
        "Nội dung gửi lên bị từ chối: JSON không hợp lệ ở dòng 1, cột 6: thiếu dấu ',' giữa các phần tử hoặc dấu "
        "đóng ']', '}'.")
    r = client.post(URL, [], format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["message"] == "Danh sách số liệu trống."


def test_json_numbers_are_read_exactly(client_for, city_officer):
    r = client_for(city_officer).post(URL, b'[{"indicator": "CROP_PRODUCTION", "option": "TEA", "unit": "12.105", '
                                           b'"period": "2023", "value": 12345678.123456}]',
                                      content_type="application/json")
    assert r.status_code == 200
    assert DataValue.objects.get().value == Decimal("12345678.123456")


def test_characters_a_database_cannot_store_are_refused_not_crashed_on(client_for, city_officer):
    client = client_for(city_officer)
    r = client.get("/api/datavalues", {"indicator": "HE\x00RD"})
    assert r.status_code == 400 and r.json()["errors"][0]["message"] == "Tham số 'indicator' chứa ký tự không hợp lệ."
    body = b'[{"indicator": "\\ud800", "option": "PIG", "unit": "12.105", "period": "2023", "value": 1, ' \
           b'"comment": "a\\u0000b"}]'
    r = client.post(URL, body, content_type="application/json")
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"indicator", "comment"}
    assert client.get("/api/units/12%00").status_code == 404

"""DHIS2 exchange in JSON, CSV and ADX: formats read by their content, compressed files,
safe XML, what DHIS2 says beyond the number (storedBy, created, lastUpdated, followup)
surviving a round trip, dry runs writing nothing, crossed breakdowns both ways, the
metadata export, the mapping table as a file and in the admin, and the exchange page."""

import gzip
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Role
from api import dhis2_formats
from api.dhis2_formats import FileRefused, period_from_adx, period_to_adx, read_document
from api.models import Dhis2Instance, Dhis2Mapping, Dhis2ValueMeta, Kind
from audit.models import AuditEntry
from datavalues.models import DataValue
from indicators.crossing import cross
from indicators.models import Disaggregation, Indicator, Option
from units.models import Unit

from .conftest import (
    CITY,
    COC_PIG,
    COC_TOTAL,
    DE_HERD,
    DE_POULTRY,
    OU_CITY,
    OU_SAN_THANG,
    OU_SUNG_PHAI,
    SAN_THANG,
    SUNG_PHAI,
    TAN_PHONG,
    URL,
    dv,
    snapshot,
)
from .test_dhis2 import written

pytestmark = pytest.mark.django_db

DE_FLOCK, CC_FLOCK = "deFlock0001", "ccFlock0001"
CAT_SPECIES, CAT_FARMING = "catSpecies1", "catFarming1"
CO = {"GA": "coGa0000001", "VIT": "coVit000001", "NONG_HO": "coNongHo001", "TRANG_TRAI": "coTrangTrai"}
COC = {"NONG_HO__GA": "cocNhGa0001", "NONG_HO__VIT": "cocNhVit001", "TRANG_TRAI__GA": "cocTtGa0001",
       "TRANG_TRAI__VIT": "cocTtVit001"}
CSV_HEADER = ("dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,"
              "comment,followup")


@pytest.fixture
def flock(instance):
    """Poultry by species (gà, vịt) × farming (nông hộ, trang trại), mapped by combos and by categories."""
    species = Disaggregation.objects.create(code="POULTRY_SPECIES", name="Loài gia cầm")
    farming = Disaggregation.objects.create(code="FARMING", name="Hình thức chăn nuôi")
    for d, codes in ((species, [("GA", "Gà"), ("VIT", "Vịt")]), (farming, [("NONG_HO", "Nông hộ"),
                                                                            ("TRANG_TRAI", "Trang trại")])):
        for order, (code, name) in enumerate(codes):
            Option.objects.create(disaggregation=d, code=code, name=name, sort_order=order)
    crossing = cross([species, farming])
    ind = Indicator.objects.create(code="TEST_FLOCK", name="Đàn gia cầm theo loài và hình thức", measure="con",
                                   time_aggregation="stock", disaggregation=crossing)
    m = Dhis2Mapping.objects.create
    m(instance=instance, kind=Kind.DATA_ELEMENT, uid=DE_FLOCK, indicator=ind)
    m(instance=instance, kind=Kind.CATEGORY_COMBO, uid=CC_FLOCK, disaggregation=crossing)
    m(instance=instance, kind=Kind.CATEGORY, uid=CAT_SPECIES, disaggregation=species)
    m(instance=instance, kind=Kind.CATEGORY, uid=CAT_FARMING, disaggregation=farming)
    for code, uid in CO.items():
        m(instance=instance, kind=Kind.CATEGORY_OPTION, uid=uid, option=Option.objects.get(code=code))
    for code, uid in COC.items():
        m(instance=instance, kind=Kind.CATEGORY_OPTION_COMBO, uid=uid, option=crossing.options.get(code=code))
    return ind


def import_file(tmp_path, name, content, *extra, user="quantri"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    call_command("dhis2_import", str(path), "--instance", "hispvn", "--user", user, *extra)
    return path


def refused(tmp_path, name, content, *extra) -> str:
    with pytest.raises(CommandError) as e:
        import_file(tmp_path, name, content, *extra)
    return str(e.value)


def export(tmp_path, name, *extra) -> bytes:
    path = tmp_path / name
    call_command("dhis2_export", "--instance", "hispvn", "--out", str(path), *extra)
    return path.read_bytes()


def adx_doc(text):
    """An ADX export compared by content: the `exported` stamp of the root is the export's own time."""
    return read_document(text if isinstance(text, bytes) else text.encode()).document


# --------------------------------------------------------------------------- round trips with metadata

@pytest.fixture
def provenance(client_for, city_officer, instance, put):
    """Values of the system, of the city officer (API) and of a DHIS2 user (storedBy, dates, followup)."""
    put(("HERD", "PIG", SAN_THANG, "2023", "1200"))
    client = client_for(city_officer)
    assert client.post("/api/datavalues/bulk", [{"indicator": "HERD", "option": "CATTLE", "unit": SUNG_PHAI,
                                                  "period": "202312", "value": "45", "comment": "ước tính"}],
                       format="json").status_code == 200
    doc = {"dataValues": [dv(DE_POULTRY, None, OU_CITY, "2023Q4", "12.5", storedBy="dhis2_nguyen",
                             created="2023-12-20T08:30:00.000+0000", lastUpdated="2024-01-05T10:00:00.250+0000",
                             comment="theo \"báo cáo\"; dòng 2\nhết", followup=True)]}
    assert client.post(URL, doc, format="json").status_code == 200


@pytest.mark.parametrize("name", ["values.json", "values.csv", "values.xml", "values.json.gz", "values.csv.zip",
                                  "values.xml.gz"])
def test_an_export_imported_into_an_empty_database_exports_the_same_values_and_metadata(
        provenance, admin, tmp_path, name):
    before = snapshot()
    first = export(tmp_path, "1-" + name)
    DataValue.objects.all().delete()
    assert not Dhis2ValueMeta.objects.exists()
    import_file(tmp_path, "in-" + name, first)
    assert snapshot() == before
    second = export(tmp_path, "2-" + name)
    content = [dhis2_formats.decompress(x)[0] for x in (first, second)]
    if ".xml" in name:
        assert adx_doc(content[0]) == adx_doc(content[1])
    else:
        assert content[0] == content[1]


def test_the_json_export_carries_who_stored_each_value_when_and_its_followup(provenance, admin, tmp_path):
    values = {(d["dataElement"], d["orgUnit"]): d
              for d in json.loads(export(tmp_path, "v.json"))["dataValues"]}
    dhis2 = values[(DE_POULTRY, OU_CITY)]
    assert (dhis2["storedBy"], dhis2["created"], dhis2["lastUpdated"], dhis2["followup"]) == (
        "dhis2_nguyen", "2023-12-20T08:30:00.000+0000", "2024-01-05T10:00:00.250+0000", True)
    officer = values[(DE_HERD, OU_SUNG_PHAI)]
    stored = DataValue.objects.get(unit__code=SUNG_PHAI)
    assert officer["storedBy"] == "thanhpho" and officer["comment"] == "ước tính" and officer["followup"] is False
    assert officer["lastUpdated"] == dhis2_formats.format_timestamp(stored.updated_at)
    assert "storedBy" not in values[(DE_HERD, OU_SAN_THANG)]  # the system's own write
    # The CSV has DHIS2's columns, in DHIS2's order.
    text = export(tmp_path, "v.csv").decode()
    assert text.splitlines()[0] == CSV_HEADER
    assert (f'{DE_POULTRY},2023Q4,{OU_CITY},{COC_TOTAL},{COC_TOTAL},12.5,dhis2_nguyen,2024-01-05T10:00:00.250+0000,'
            '"theo ""báo cáo""; dòng 2\nhết",true\r\n') in text


def test_a_value_changed_in_bac_thang_is_exported_as_stored_by_its_user(provenance, client_for, city_officer,
                                                                       admin, tmp_path):
    client_for(city_officer).post("/api/datavalues/bulk", [{"indicator": "POULTRY", "option": None, "unit": CITY,
                                                             "period": "2023Q4", "value": "13"}], format="json")
    item = next(d for d in json.loads(export(tmp_path, "v.json"))["dataValues"] if d["orgUnit"] == OU_CITY)
    assert item["storedBy"] == "thanhpho" and item["value"] == "13"
    assert item["created"] == "2023-12-20T08:30:00.000+0000"  # when it first existed, kept
    assert item["lastUpdated"] != "2024-01-05T10:00:00.250+0000" and item["followup"] is True


# --------------------------------------------------------------------------- dry runs

def test_a_dry_run_writes_nothing_on_any_channel(client_for, city_officer, admin, instance, put, tmp_path):
    put(("HERD", "PIG", SAN_THANG, "2023", "1200"))
    before = written()
    doc = {"dataValues": [dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "1300", storedBy="x", followup=True),
                          dv(DE_HERD, COC_PIG, OU_SUNG_PHAI, "2023", "5", lastUpdated="2024-01-01")]}
    r = client_for(city_officer).post(URL + "?dryRun=true", doc, format="json")
    assert r.status_code == 200 and r.json()["dryRun"] is True
    assert r.json()["importCount"] == {"imported": 1, "updated": 1, "deleted": 0, "ignored": 0}
    assert written() == before and snapshot()[0][4] == Decimal("1200")
    call_command("dhis2_import", str(import_path(tmp_path, doc)), "--instance", "hispvn", "--user", "quantri",
                 "--dry-run")
    assert written() == before
    client = Client()
    client.force_login(city_officer)
    page = client.post("/api/dhis2/trao-doi", {"instance": "hispvn", "dry_run": "1",
                                               "file": upload("v.json", json.dumps(doc))})
    assert page.status_code == 200 and "chỉ kiểm tra, chưa ghi gì" in page.content.decode()
    assert written() == before


def import_path(tmp_path, doc):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def upload(name, content):
    f = io.BytesIO(content.encode() if isinstance(content, str) else content)
    f.name = name
    return f


def test_every_import_answer_echoes_the_dry_run_asked_for(client_for, city_officer, instance):
    client = client_for(city_officer)
    r = client.post(URL + "?dryRun=true", "x", content_type="text/plain")
    assert r.status_code == 415 and r.json()["dryRun"] is True
    assert "JSON (application/json), CSV (application/csv hoặc text/csv) hoặc ADX" in r.json()["description"]
    r = client.post(URL + "?dryRun=true", "{", content_type="application/json")
    assert r.status_code == 400 and r.json()["dryRun"] is True
    r = client.post(URL + "?dryRun=true", {"dataValues": [dv("deUnknown01", None, OU_CITY, "2023", "1")]},
                    format="json")
    assert r.status_code == 409 and r.json()["dryRun"] is True
    assert r.json()["conflicts"][0]["object"] == "deUnknown01"
    assert client.post(URL, "x", content_type="text/plain").json()["dryRun"] is False


# --------------------------------------------------------------------------- the API's formats

def test_the_export_speaks_the_format_asked_by_accept_or_format(client_for, city_officer, instance, put):
    put(("HERD", "PIG", SAN_THANG, "2023", "1200"))
    client = client_for(city_officer)
    query = {"orgUnit": OU_CITY, "children": "true", "period": "2023"}
    for accept, content_type in [("application/csv", "application/csv"), ("text/csv", "text/csv")]:
        r = client.get(URL, query, HTTP_ACCEPT=accept)
        assert r.status_code == 200 and r["Content-Type"].startswith(content_type)
        assert r.content.decode().splitlines() == [
            CSV_HEADER, r.content.decode().splitlines()[1]] and ",1200,," in r.content.decode()
    r = client.get(URL, query, HTTP_ACCEPT="application/adx+xml")
    assert r["Content-Type"].startswith("application/adx+xml")
    text = r.content.decode()
    assert '<adx xmlns="urn:ihe:qrph:adx:2015"' in text and 'period="2023-01-01/P1Y"' in text
    assert f'<group orgUnit="{OU_SAN_THANG}"' in text
    assert client.get(URL, {**query, "format": "adx"}).content.decode().count("<dataValue ") == 1
    assert client.get(URL, {**query, "format": "csv"})["Content-Type"].startswith("application/csv")
    assert client.get(URL, {**query, "format": "json"}).json()["dataValues"][0]["value"] == "1200"
    r = client.get(URL, {**query, "format": "pdf"})
    assert r.status_code == 400 and r.json()["errors"][0]["message"].startswith("Tham số 'format' phải là json")
    r = client.get(URL, query, HTTP_ACCEPT="application/pdf")
    assert r.status_code == 406 and "chỉ có JSON (application/json), CSV" in r.json()["detail"]
    r = client.get(URL, {"period": "2023"}, HTTP_ACCEPT="text/csv")  # errors are JSON whatever was asked
    assert r.status_code == 400 and r["Content-Type"] == "application/json"


def test_the_import_reads_csv_adx_and_compressed_bodies(client_for, city_officer, instance):
    client = client_for(city_officer)
    csv_body = (f"{CSV_HEADER}\n{DE_HERD},2023,{OU_SAN_THANG},{COC_PIG},,1200,,,báo cáo,false\n")
    r = client.post(URL, csv_body, content_type="text/csv")
    assert r.status_code == 200, r.json()
    assert snapshot() == [("HERD", "PIG", SAN_THANG, "2023", Decimal("1200"), "báo cáo")]
    adx = (f'<adx xmlns="urn:ihe:qrph:adx:2015" exported="2024-01-01T00:00:00Z"><group orgUnit="{OU_SUNG_PHAI}" '
           f'period="2023-10-01/P3M" dataSet="dsLivestock"><dataValue dataElement="{DE_HERD}" '
           f'categoryOptionCombo="{COC_PIG}" value="800"><annotation>ghi chú ADX</annotation></dataValue>'
           '</group></adx>')
    r = client.post(URL, adx, content_type="application/adx+xml")
    assert r.status_code == 200, r.json()
    assert DataValue.objects.get(unit__code=SUNG_PHAI).comment == "ghi chú ADX"
    r = client.post(URL + "?format=adx", gzip.compress(adx.replace('"800"', '"801"').encode()),
                    content_type="application/gzip")
    assert r.status_code == 200 and r.json()["importCount"]["updated"] == 1
    assert ("HERD", "PIG", SUNG_PHAI, "2023Q4", Decimal("801"), "ghi chú ADX") in snapshot()
    # The content is what it is: a Content-Type or format that says otherwise is refused, never guessed.
    r = client.post(URL, csv_body, content_type="application/json")
    assert r.status_code == 400 and r.json()["description"] == (
        "Nội dung gửi lên bị từ chối: Nội dung tệp là CSV nhưng được khai báo là JSON; hãy gửi đúng định dạng "
        "(không đoán).")
    r = client.post(URL + "?format=json", csv_body, content_type="text/csv")
    assert r.status_code == 400 and "không cùng một định dạng" in r.json()["description"]
    r = client.post(URL, "hello world", content_type="application/octet-stream")
    assert r.status_code == 400 and "Tệp không phải JSON, CSV hay ADX của DHIS2" in r.json()["description"]


# --------------------------------------------------------------------------- reading files

def test_the_format_is_read_from_the_content_and_a_wrong_name_is_refused(instance, admin, tmp_path):
    doc = json.dumps({"dataValues": [dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "7")]})
    import_file(tmp_path, "no-extension", doc)
    assert snapshot()[0][4] == Decimal("7")
    message = refused(tmp_path, "values.csv", doc)
    assert message.endswith("Nội dung tệp là JSON nhưng theo tên tệp là CSV; hãy gửi đúng định dạng (không đoán).")
    assert "Tệp không phải JSON, CSV hay ADX của DHIS2" in refused(tmp_path, "a.txt", "Mã,Tên\nA,B\n")
    assert "Tệp không phải JSON, CSV hay ADX của DHIS2" in refused(tmp_path, "e", b"\x00\x01binary")
    assert "đây là tệp Excel (.xlsx)" in refused(tmp_path, "b.zip", zipped(("[Content_Types].xml", b"<x/>"),
                                                                           ("xl/workbook.xml", b"<x/>")))
    assert "Nội dung tệp là CSV nhưng được khai báo là ADX" in refused(
        tmp_path, "c", f"{CSV_HEADER}\n", "--format", "adx")
    assert "dạng dataValueSet XML của DHIS2 chưa được hỗ trợ" in refused(
        tmp_path, "d.xml", '<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"/>')
    assert DataValue.objects.count() == 1


def zipped(*files) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(name, data)
    return buf.getvalue()


def test_compressed_files_are_opened_within_bounds(instance, admin, tmp_path, monkeypatch):
    doc = json.dumps({"dataValues": [dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "7")]}).encode()
    import_file(tmp_path, "a.json.gz", gzip.compress(doc))
    import_file(tmp_path, "a.zip", zipped(("__MACOSX/._x", b""), ("x/values.json", doc)))
    assert "chứa đúng một tệp JSON, CSV hoặc ADX (tệp này chứa 2 tệp)" in refused(
        tmp_path, "b.zip", zipped(("a.json", doc), ("b.json", doc)))
    assert "Tệp nén lồng trong một tệp nén khác" in refused(tmp_path, "c.zip", zipped(("a.gz", gzip.compress(doc))))
    assert "bị cắt cụt" in refused(tmp_path, "d.gz", gzip.compress(doc)[:-12])
    assert "Tệp .zip bị hỏng" in refused(tmp_path, "e.zip", b"PK\x03\x04garbage")
    assert "dữ liệu thừa sau phần nén" in refused(tmp_path, "t.gz", gzip.compress(doc) + b"junk")
    locked = bytearray(zipped(("a.json", doc)))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = locked.index(signature) + offset
        locked[at] |= 0x1  # the "encrypted" flag
    assert "được đặt mật khẩu" in refused(tmp_path, "l.zip", bytes(locked))
    # A gzip file may hold several members (concatenated .gz files): all are read.
    rows = [f"{CSV_HEADER}\n{DE_HERD},2023,{OU_SUNG_PHAI},{COC_PIG},,8,,,,false\n",
            f"{DE_HERD},202312,{OU_SUNG_PHAI},{COC_PIG},,9,,,,false\n"]
    import_file(tmp_path, "m.csv.gz", b"".join(gzip.compress(r.encode()) for r in rows))
    assert DataValue.objects.filter(unit__code=SUNG_PHAI).count() == 2
    DataValue.objects.filter(unit__code=SUNG_PHAI).delete()
    # Bombs: the output is cut at the limit, whatever the archive declares or hides.
    monkeypatch.setattr(dhis2_formats, "MAX_DECOMPRESSED", 10_000)
    bomb = b" " * 200_000
    assert "có thể là tệp nén độc hại (zip bomb, gzip bomb)" in refused(tmp_path, "f.json.gz", gzip.compress(bomb))
    assert "zip bomb" in refused(tmp_path, "g.zip", zipped(("a.json", bomb)))
    # An archive that declares a small size for a large file: read up to that size, then refused.
    lying = bytearray(zipped(("a.json", bomb)))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = lying.index(signature) + offset
        lying[at:at + 4] = (100).to_bytes(4, "little")
    assert "sai mã kiểm tra" in refused(tmp_path, "h.zip", bytes(lying))
    assert snapshot()[0][4] == Decimal("7") and DataValue.objects.count() == 1


def test_a_gzip_bomb_is_refused_at_the_real_limit_without_reading_it_all():
    bomb = gzip.compress(b"\x00" * (dhis2_formats.MAX_DECOMPRESSED + 1_000_000), compresslevel=9)
    assert len(bomb) < 200_000
    with pytest.raises(FileRefused, match="zip bomb"):
        read_document(bomb)


@pytest.mark.parametrize("xml,message", [
    ('<?xml version="1.0"?><!DOCTYPE adx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     '<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="x" period="2023-01-01/P1Y"><dataValue dataElement="&b;" '
     'value="1"/></group></adx>', "khai báo DTD hoặc thực thể (entity)"),
    ('<?xml version="1.0"?><!DOCTYPE adx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     '<adx xmlns="urn:ihe:qrph:adx:2015">&x;</adx>', "bị từ chối vì lý do an toàn"),
    ('<adx xmlns="urn:ihe:qrph:adx:2015"><group>', "Tệp XML không hợp lệ ở dòng 1"),
    ('<adx><group orgUnit="x" period="2023-01-01/P1Y"/></adx>', 'phần tử gốc <adx xmlns="urn:ihe:qrph:adx:2015">'),
])
def test_xml_is_read_safely_and_refused_in_vietnamese(instance, admin, tmp_path, xml, message):
    text = refused(tmp_path, "v.xml", xml)
    assert message in text and "passwd" not in text.replace("file:///etc/passwd", "")
    assert not DataValue.objects.exists() and not AuditEntry.objects.exists()


def test_csv_problems_are_listed_by_line(instance, admin, tmp_path, capsys):
    content = (f"{CSV_HEADER}\n{DE_HERD},2023,{OU_SAN_THANG},{COC_PIG},,5,,,,false\n\n"
               f"{DE_HERD},2023W5,{OU_SAN_THANG},{COC_PIG},,5,,,,false\n"
               f"{DE_HERD},2023,{OU_SAN_THANG},{COC_PIG},,5,,hôm qua,,maybe\n")
    with pytest.raises(CommandError):
        import_file(tmp_path, "v.csv", content)
    err = capsys.readouterr().err
    assert "Tệp CSV bị từ chối, không ghi giá trị nào (3 lỗi):" in err
    assert "dòng 4, period: Kỳ '2023W5' của DHIS2 không được hỗ trợ" in err
    assert "dòng 5, lastUpdated: Ngày giờ 'lastUpdated' không hợp lệ ('hôm qua')" in err
    assert "dòng 5, followup: Trường 'followup' phải là true hoặc false." in err
    assert not DataValue.objects.exists()
    assert "Tệp CSV hỏng ở dòng 2" in refused(tmp_path, "w.csv", f'{CSV_HEADER}\n{DE_HERD},"2023\n' + "x" * 200_000)


def test_commands_say_in_vietnamese_when_they_cannot_write_their_file(instance, tmp_path):
    missing = tmp_path / "khong-co" / "out.json"
    for command in ("dhis2_export", "dhis2_metadata", "dhis2_export_mapping"):
        with pytest.raises(CommandError) as e:
            call_command(command, "--instance", "hispvn", "--out", str(missing))
        assert str(e.value) == (f"Không ghi được tệp '{missing}' (thư mục không tồn tại hoặc không có quyền "
                                "ghi).")
    with pytest.raises(CommandError, match="--format csv nhưng tệp"):
        call_command("dhis2_export", "--instance", "hispvn", "--out", str(tmp_path / "a.json"), "--format", "csv")


def test_the_import_command_writes_the_import_summary_of_dhis2(instance, admin, tmp_path, capsys):
    import_file(tmp_path, "v.csv", f"{CSV_HEADER}\n{DE_HERD},2023,{OU_SAN_THANG},{COC_PIG},,5,,,,false\n",
                "--import-summary", "-")
    out = capsys.readouterr().out
    summary = json.loads(out[:out.rindex("}") + 1])
    assert summary["status"] == "SUCCESS" and summary["importCount"]["imported"] == 1 and summary["dryRun"] is False
    assert "Đã nhập (CSV): 1 mới, 0 sửa, 0 xóa, 0 không đổi." in out


def test_created_is_the_time_a_value_first_existed(instance, admin, put, tmp_path):
    put(("HERD", "PIG", SAN_THANG, "2023", "1200"))
    put(("HERD", "PIG", SAN_THANG, "2023", "1300"))
    item = json.loads(export(tmp_path, "v.json"))["dataValues"][0]
    first = AuditEntry.objects.get(action="create").at
    assert item["created"] == dhis2_formats.format_timestamp(first) != item["lastUpdated"]
    assert item["lastUpdated"] == dhis2_formats.format_timestamp(DataValue.objects.get().updated_at)


@pytest.mark.parametrize("extra,field,message", [
    ({"storedBy": 12}, "storedBy", "Trường 'storedBy' phải là chuỗi ký tự."),
    ({"storedBy": "x" * 256}, "storedBy", "Trường 'storedBy' dài quá 255 ký tự."),
    ({"created": "31/12/2023"}, "created", "Ngày giờ 'created' không hợp lệ ('31/12/2023')"),
    ({"lastUpdated": 20231231}, "lastUpdated", "Ngày giờ 'lastUpdated' không hợp lệ"),
    ({"followup": "yes"}, "followup", "Trường 'followup' phải là true hoặc false."),
])
def test_what_dhis2_says_beyond_the_number_is_checked(client_for, city_officer, instance, extra, field, message):
    r = client_for(city_officer).post(URL, {"dataValues": [dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "1", **extra)]},
                                      format="json")
    assert r.status_code == 409 and written() == (0, 0, 0)
    conflict = r.json()["conflicts"][0]
    assert conflict["property"] == field and conflict["value"].startswith(message)


def test_the_new_mapping_kinds_are_checked_and_named(flock, instance):
    from django.core.exceptions import ValidationError

    crossing = flock.disaggregation
    with pytest.raises(ValidationError, match="Phân tổ kết hợp không phải một phân tổ"):
        Dhis2Mapping(instance=instance, kind=Kind.CATEGORY, uid="catCross001", disaggregation=crossing).full_clean()
    with pytest.raises(ValidationError, match="là một tổ hợp phân tổ"):
        Dhis2Mapping(instance=instance, kind=Kind.CATEGORY_OPTION, uid="coCross0001",
                     option=crossing.options.first()).full_clean()
    with pytest.raises(ValidationError, match="phải ánh xạ tới một phân tổ"):
        Dhis2Mapping(instance=instance, kind=Kind.CATEGORY_COMBO, uid="ccNone00001").full_clean()
    assert Dhis2Mapping.objects.get(uid=CC_FLOCK).target_code == "FARMING__POULTRY_SPECIES"
    assert Dhis2Mapping.objects.get(uid=CO["GA"]).target_code == "POULTRY_SPECIES:GA"
    assert Dhis2Mapping.objects.get(uid=COC["NONG_HO__GA"]).target_code == "FARMING__POULTRY_SPECIES:NONG_HO__GA"


def test_attribute_option_combos_other_than_the_default_are_conflicts(client_for, city_officer, instance):
    doc = {"dataValues": [dv(DE_HERD, COC_PIG, OU_SAN_THANG, "2023", "1", attributeOptionCombo=COC_TOTAL),
                          dv(DE_HERD, COC_PIG, OU_SUNG_PHAI, "2023", "1", attributeOptionCombo="aocFunder01")]}
    r = client_for(city_officer).post(URL, doc, format="json")
    assert r.status_code == 409
    assert [(c["indexes"], c["property"]) for c in r.json()["conflicts"]] == [([1], "attributeOptionCombo")]
    assert "Bậc Thang không có chiều thuộc tính" in r.json()["conflicts"][0]["value"]


# --------------------------------------------------------------------------- ADX periods and categories

@pytest.mark.parametrize("code,adx", [("2023", "2023-01-01/P1Y"), ("2023S1", "2023-01-01/P6M"),
                                      ("2023S2", "2023-07-01/P6M"), ("2023Q4", "2023-10-01/P3M"),
                                      ("202312", "2023-12-01/P1M"), ("202301", "2023-01-01/P1M")])
def test_adx_periods_are_iso_8601_both_ways(code, adx):
    assert period_to_adx(code) == adx and period_from_adx(adx) == code


@pytest.mark.parametrize("adx", ["2023-04-01/P1Y", "2023-10-02/P7D", "2023-01-01/P1D", "2023-02-01/P3M",
                                 "2023-13-01/P1M", "2023", "", None])
def test_other_adx_periods_are_refused(adx):
    from periods.codes import PeriodCodeError

    with pytest.raises(PeriodCodeError):
        period_from_adx(adx)


def test_crossed_breakdowns_cross_through_combos_and_categories(flock, client_for, city_officer, admin, tmp_path):
    client = client_for(city_officer)
    doc = {"dataValues": [dv(DE_FLOCK, COC["TRANG_TRAI__GA"], OU_SAN_THANG, "2023", "3000"),
                          dv(DE_FLOCK, COC["NONG_HO__VIT"], OU_SAN_THANG, "2023", "400"),
                          dv(DE_FLOCK, None, OU_SAN_THANG, "2023", "3400")]}
    assert client.post(URL, doc, format="json").status_code == 200
    before = snapshot()
    assert ("TEST_FLOCK", "TRANG_TRAI__GA", SAN_THANG, "2023", Decimal("3000"), "") in before
    query = {"orgUnit": OU_SAN_THANG, "period": "2023"}
    exported = client.get(URL, query).json()["dataValues"]
    assert {(d["categoryOptionCombo"], d["value"]) for d in exported if d["dataElement"] == DE_FLOCK} == {
        (COC["TRANG_TRAI__GA"], "3000"), (COC["NONG_HO__VIT"], "400"), (COC_TOTAL, "3400")}
    # Both ways: the JSON, read back into an empty database through the combos, gives the same values.
    DataValue.objects.all().delete()
    assert client.post(URL, {"dataValues": exported}, format="json").status_code == 200
    assert snapshot() == before
    adx = client.get(URL, {**query, "format": "adx"}).content.decode()
    assert f'period="2023-01-01/P1Y" attributeOptionCombo="{COC_TOTAL}">' in adx
    assert (f'dataElement="{DE_FLOCK}" {CAT_FARMING}="{CO["TRANG_TRAI"]}" {CAT_SPECIES}="{CO["GA"]}" '
            'value="3000"') in adx
    # And the ADX, read back, gives the same combinations through the categories.
    DataValue.objects.all().delete()
    assert client.post(URL, adx, content_type="application/adx+xml").status_code == 200
    assert snapshot() == before
    # Without the category mapping, the ADX names the combination by its combo.
    Dhis2Mapping.objects.filter(kind=Kind.CATEGORY_OPTION).delete()
    adx = client.get(URL, {**query, "format": "adx"}).content.decode()
    assert f'dataElement="{DE_FLOCK}" categoryOptionCombo="{COC["TRANG_TRAI__GA"]}" value="3000"' in adx


def test_adx_categories_that_do_not_name_one_combination_are_conflicts(flock, client_for, city_officer):
    def value(**categories):
        attrs = " ".join(f'{k}="{v}"' for k, v in categories.items())
        return f'<dataValue dataElement="{DE_FLOCK}" {attrs} value="1"/>'

    adx = (f'<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="{OU_SAN_THANG}" period="2023-01-01/P1Y">'
           + value(**{CAT_SPECIES: CO["GA"]})  # farming missing
           + value(**{CAT_SPECIES: CO["GA"], CAT_FARMING: "coUnknown01"})
           + value(**{"catUnknown1": CO["GA"], CAT_FARMING: CO["NONG_HO"]})
           + value(**{CAT_SPECIES: CO["NONG_HO"], CAT_FARMING: CO["GA"]})  # options of the other category
           + value(**{CAT_SPECIES: CO["GA"], CAT_FARMING: CO["NONG_HO"]})  # good
           + '</group><group orgUnit="x" period="2023-W05"><dataValue dataElement="y" value="1"/></group></adx>')
    r = client_for(city_officer).post(URL, adx, content_type="application/adx+xml")
    assert r.status_code == 409 and not DataValue.objects.exists()
    conflicts = {(c["indexes"][0], c["property"]): c["value"] for c in r.json()["conflicts"]}
    assert "phân tổ theo FARMING, POULTRY_SPECIES: cần đúng một nhóm của mỗi phân tổ" in conflicts[(0, "category")]
    assert conflicts[(1, "categoryOption")].startswith("Mã categoryOption 'coUnknown01' (nhóm phân tổ) chưa được")
    assert (2, "category") in conflicts and (3, "categoryOption") in conflicts
    assert not any(i == 4 for i, _ in conflicts)
    assert conflicts[(5, "period")].startswith("Kỳ ADX '2023-W05' không hợp lệ")


# --------------------------------------------------------------------------- metadata export

def test_the_metadata_export_gives_dhis2_every_object_with_codes_names_and_parents(flock, instance, tmp_path):
    out = tmp_path / "meta.json"
    call_command("dhis2_metadata", "--instance", "hispvn", "--out", str(out), "--indicator", "TEST_FLOCK",
                 "--indicator", "HERD", "--unit", SAN_THANG)
    doc = json.loads(out.read_text(encoding="utf-8"))
    elements = {d["code"]: d for d in doc["dataElements"]}
    assert elements["TEST_FLOCK"]["id"] == DE_FLOCK and elements["TEST_FLOCK"]["categoryCombo"] == {"id": CC_FLOCK}
    assert elements["TEST_FLOCK"]["aggregationType"] == "LAST" and elements["TEST_FLOCK"]["valueType"] == "NUMBER"
    combos = {c["code"]: c for c in doc["categoryCombos"]}
    assert combos["FARMING__POULTRY_SPECIES"]["categories"] == [{"id": CAT_FARMING}, {"id": CAT_SPECIES}]
    categories = {c["id"]: c for c in doc["categories"]}
    assert categories[CAT_SPECIES]["categoryOptions"] == [{"id": CO["GA"]}, {"id": CO["VIT"]}]
    cocs = {c["code"]: c for c in doc["categoryOptionCombos"] if c["categoryCombo"]["id"] == CC_FLOCK}
    assert cocs["FARMING__POULTRY_SPECIES:TRANG_TRAI__GA"] == {
        "id": COC["TRANG_TRAI__GA"], "code": "FARMING__POULTRY_SPECIES:TRANG_TRAI__GA", "name": "Trang trại, gà",
        "ignoreApproval": False, "categoryCombo": {"id": CC_FLOCK},
        "categoryOptions": [{"id": CO["TRANG_TRAI"]}, {"id": CO["GA"]}]}
    # HERD's breakdown (SPECIES) has no UIDs yet: suggested ones, stable from one export to the next.
    species = combos["SPECIES"]
    assert elements["HERD"]["id"] == DE_HERD and elements["HERD"]["categoryCombo"] == {"id": species["id"]}
    pig = next(c for c in doc["categoryOptionCombos"] if c["code"] == "SPECIES:PIG")
    assert pig["id"] == COC_PIG and len(pig["categoryOptions"]) == 1
    units = {u["code"]: u for u in doc["organisationUnits"]}
    assert set(units) == {"12", CITY, SAN_THANG}
    assert units[SAN_THANG]["id"] == OU_SAN_THANG and units[SAN_THANG]["parent"] == {"id": units[CITY]["id"]}
    assert units[SAN_THANG]["name"] == "Xã San Thàng" and "parent" not in units["12"]
    assert units[SAN_THANG]["closedDate"] == "2025-06-30"
    call_command("dhis2_metadata", "--instance", "hispvn", "--out", str(tmp_path / "again.json"),
                 "--indicator", "TEST_FLOCK", "--indicator", "HERD", "--unit", SAN_THANG)
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == doc


def test_assign_uids_saves_the_suggestions_so_the_exchange_works_at_once(instance, tmp_path, capsys):
    out = tmp_path / "meta.json"
    call_command("dhis2_metadata", "--instance", "hispvn", "--out", str(out), "--indicator", "CROP_AREA",
                 "--unit", SUNG_PHAI, "--assign-uids")
    assert "UID mới vào bảng ánh xạ" in capsys.readouterr().err
    doc = json.loads(out.read_text(encoding="utf-8"))
    crop = doc["dataElements"][0]
    assert Dhis2Mapping.objects.get(instance=instance, kind=Kind.DATA_ELEMENT, uid=crop["id"]).indicator.code == (
        "CROP_AREA")
    combo = doc["categoryCombos"][0]
    assert Dhis2Mapping.objects.get(kind=Kind.CATEGORY_COMBO, uid=combo["id"]).disaggregation.code == "CROP"
    assert all(Dhis2Mapping.objects.filter(uid=c["id"]).exists() for c in doc["categoryOptions"])
    for u in doc["organisationUnits"]:
        assert Dhis2Mapping.objects.get(kind=Kind.ORG_UNIT, uid=u["id"]).unit.code == u["code"]
    assert len({m.uid for m in Dhis2Mapping.objects.all()}) == Dhis2Mapping.objects.count()
    with pytest.raises(CommandError, match="Chỉ tiêu tính theo công thức không được trao đổi"):
        call_command("dhis2_metadata", "--instance", "hispvn", "--out", str(out), "--indicator", "CROP_YIELD")


def test_the_metadata_endpoint_keeps_to_the_users_scope(client_for, commune_officer, instance):
    r = client_for(commune_officer).get("/api/dhis2/metadata", {"instance": "hispvn"})
    assert r.status_code == 200
    assert {u["code"] for u in r.json()["organisationUnits"]} == {SAN_THANG, TAN_PHONG}  # before and after 2025
    assert {d["code"] for d in r.json()["dataElements"]} == {"HERD", "CROP_AREA", "POULTRY"}
    assert client_for(commune_officer).get("/api/dhis2/metadata", {"unit": SUNG_PHAI}).status_code == 404
    r = client_for(commune_officer).get("/api/dhis2/metadata", {"indicator": "NO_SUCH"})
    assert r.status_code == 400 and r.json()["errors"][0]["message"] == "Chỉ tiêu 'NO_SUCH' không có trong danh mục."


# --------------------------------------------------------------------------- the mapping table as a file

def test_the_mapping_table_dumps_to_a_file_that_loads_back_to_the_same_table(flock, instance, tmp_path):
    out = tmp_path / "map.csv"
    call_command("dhis2_export_mapping", "--instance", "hispvn", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("kind,uid,code,name\n")
    assert f"categoryOptionCombo,{COC['TRANG_TRAI__GA']},FARMING__POULTRY_SPECIES:TRANG_TRAI__GA," in text
    assert f"category,{CAT_SPECIES},POULTRY_SPECIES," in text
    assert f"categoryOption,{CO['GA']},POULTRY_SPECIES:GA," in text
    assert f"categoryOptionCombo,{COC_TOTAL},total," in text

    def table(inst):
        return sorted((m.kind, m.uid, m.indicator_id, m.option_id, m.unit_id, m.disaggregation_id, m.name)
                      for m in inst.mappings.all())

    copy = Dhis2Instance.objects.create(name="copy")
    call_command("dhis2_load_mapping", str(out), "--instance", "copy")
    assert table(copy) == table(instance)


def test_a_mapping_file_refuses_crossings_as_categories_and_units_outside_the_users_scope(flock, tmp_path,
                                                                                         commune_officer):
    from api.mapping_files import load_mapping
    from bacthang.lib.importing import ImportFailed

    inst = Dhis2Instance.objects.create(name="partner")
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,uid,code\ncategory,catCross001,FARMING__POULTRY_SPECIES\n"
                   "categoryOption,coCross0001,FARMING__POULTRY_SPECIES:NONG_HO__GA\n"
                   "categoryCombo,ccNope00001,NO_SUCH\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as e:
        load_mapping(bad, inst)
    text = str(e.value)
    assert "'FARMING__POULTRY_SPECIES' là phân tổ kết hợp" in text and "là một tổ hợp của phân tổ kết hợp" in text
    assert "Phân tổ 'NO_SUCH' không có trong danh mục." in text
    units = tmp_path / "units.csv"
    units.write_text(f"kind,uid,code\norgUnit,ouSanThang1,{SAN_THANG}\norgUnit,ouSungPhai1,{SUNG_PHAI}\n",
                     encoding="utf-8")
    with pytest.raises(ImportFailed) as e:
        load_mapping(units, inst, user=commune_officer)
    assert str(e.value) == f"Dòng 3, cột code: Đơn vị '{SUNG_PHAI}' không tồn tại hoặc nằm ngoài phạm vi của bạn."
    assert not inst.mappings.exists()


# --------------------------------------------------------------------------- admin and page

@pytest.fixture
def province_officer(make_user):
    user = make_user("tinh", Role.PROVINCE_OFFICER, CITY)  # a city territory keeps the test small
    user.is_staff = True
    user.save()
    return user


def test_a_province_officer_edits_the_mapping_of_their_territory_in_the_admin(instance, province_officer,
                                                                             tmp_path):
    other = Dhis2Mapping.objects.create(instance=instance, kind=Kind.ORG_UNIT, uid="ouHaGiang01",
                                        unit=Unit.objects.get(code="02"))
    client = Client()
    client.force_login(province_officer)
    page = client.get("/admin/api/dhis2mapping/", {"instance__id__exact": instance.pk})
    assert page.status_code == 200
    body = page.content.decode()
    assert OU_SAN_THANG in body and DE_HERD in body and "ouHaGiang01" not in body
    assert client.get(f"/admin/api/dhis2mapping/{other.pk}/change/").status_code in (302, 404)
    mine = Dhis2Mapping.objects.get(uid=OU_SAN_THANG)
    assert client.get(f"/admin/api/dhis2mapping/{mine.pk}/change/").status_code == 200
    r = client.post("/admin/api/dhis2mapping/", {"action": "export_csv", "_selected_action": [
        m.pk for m in Dhis2Mapping.objects.filter(uid__in=[OU_SAN_THANG, DE_HERD])]})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r.content.decode() == (f"kind,uid,code,name\ndataElement,{DE_HERD},HERD,\n"
                                  f"orgUnit,{OU_SAN_THANG},{SAN_THANG},\n")
    r = client.post("/admin/api/dhis2mapping/nap-tep/", {"instance": instance.pk, "file": upload(
        "map.csv", f"kind,uid,code,name\norgUnit,ouSanThang2,{SAN_THANG},San Thàng\norgUnit,ouHaGiang02,02,\n")})
    assert r.status_code == 400 and "nằm ngoài phạm vi của bạn" in r.content.decode()
    r = client.post("/admin/api/dhis2mapping/nap-tep/", {"instance": instance.pk, "file": upload(
        "map.csv", f"kind,uid,code,name\norgUnit,ouSanThang2,{SAN_THANG},San Thàng\n")})
    assert r.status_code == 302
    assert Dhis2Mapping.objects.get(kind=Kind.ORG_UNIT, unit__code=SAN_THANG).uid == "ouSanThang2"
    # Replacing a row of another territory through its UID is refused too.
    r = client.post("/admin/api/dhis2mapping/nap-tep/", {"instance": instance.pk, "file": upload(
        "map.csv", f"kind,uid,code\norgUnit,ouHaGiang01,{SUNG_PHAI}\n")})
    assert r.status_code == 400 and Dhis2Mapping.objects.filter(uid="ouHaGiang01", unit__code="02").exists()


def test_the_exchange_page_uploads_a_file_for_the_signed_in_user(instance, city_officer, leader):
    client = Client()
    client.force_login(city_officer)
    page = client.get("/api/dhis2/trao-doi")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nhập tệp từ DHIS2" in body and f'value="{OU_CITY}"' in body
    assert "/api/dhis2/metadata?instance=hispvn" in body
    csv_text = f"{CSV_HEADER}\n{DE_HERD},2023,{OU_SAN_THANG},{COC_PIG},,1200,,,,false\n"
    r = client.post("/api/dhis2/trao-doi", {"instance": "hispvn", "file": upload("v.csv.gz",
                                                                                 gzip.compress(csv_text.encode()))})
    assert r.status_code == 200 and "Đã nhập: 1 mới, 0 sửa, 0 xóa, 0 không đổi." in r.content.decode()
    assert list(AuditEntry.objects.values_list("username", "channel")) == [("thanhpho", "import")]
    r = client.post("/api/dhis2/trao-doi", {"instance": "hispvn", "file": upload(
        "v.csv", f"{CSV_HEADER}\n{DE_HERD},2023,ouNope00001,{COC_PIG},,5,,,,false\n")})
    assert r.status_code == 200 and "Tệp bị từ chối, không ghi giá trị nào (1 lỗi)" in r.content.decode()
    assert "Dòng 2" in r.content.decode() and "Mã orgUnit &#x27;ouNope00001&#x27;" in r.content.decode()
    r = client.post("/api/dhis2/trao-doi", {"instance": "hispvn", "file": upload("v.json", "nope")})
    assert r.status_code == 200 and "Tệp không phải JSON, CSV hay ADX của DHIS2" in r.content.decode()
    assert DataValue.objects.count() == 1
    client.force_login(leader)
    assert "Nhập tệp từ DHIS2" not in client.get("/api/dhis2/trao-doi").content.decode()
    assert client.post("/api/dhis2/trao-doi", {"instance": "hispvn"}).status_code == 403

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditEntry
from bacthang.lib.importing import ImportFailed
from datavalues.models import DataValue

from ..actions import do_approve, do_submit
from ..excel import META_SHEET, build_template, do_upload
from ..models import ReportForm, Status, Submission
from .conftest import CITY, SAN_THANG, SUNG_PHAI, p, put, u

pytestmark = pytest.mark.django_db


def download(client, unit=SAN_THANG, period="202312", form="BC_THANG_XA"):
    r = client.get(reverse("collection:template", args=[form, unit, period]))
    assert r.status_code == 200, r.status_code
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(r.content))


def row_of(ws, label):
    """The row whose label (column B) is ``label``, the way an officer finds it."""
    for row in ws.iter_rows(min_row=1):
        if row[1].value == label:
            return row[0].row
    raise AssertionError(f"không thấy dòng {label}")


def fill(ws, **typed):
    """fill(ws, **{"Tổng đàn gia súc": 353350, "– Lợn": "235.000"}) types into column E."""
    for label, value in typed.items():
        ws.cell(row=row_of(ws, label), column=5, value=value)


def as_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def snapshot():
    return (list(DataValue.objects.order_by("pk").values_list("pk", "value", "version")),
            AuditEntry.objects.count())


def test_the_template_protects_labels_unlocks_inputs_validates_and_hides_its_metadata(client, cast, forms):
    put(("HERD", "PIG", SAN_THANG, "202212", 200000))
    client.force_login(cast["santhang"])
    wb = download(client)
    assert wb.sheetnames == ["Xã San Thàng", META_SHEET]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    ws = wb["Xã San Thàng"]
    assert ws.protection.sheet
    assert ws["A1"].value == "BÁO CÁO THÁNG — CẤP XÃ" and "Xã San Thàng (12.105.03409)" in ws["A2"].value
    assert [c.value for c in ws[5]][:5] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Cùng kỳ (Tháng 12/2022)",
                                             "Kỳ này (Tháng 12/2023)"]
    pig = row_of(ws, "– Lợn")
    assert ws.cell(row=pig, column=3).value == "con" and ws.cell(row=pig, column=4).value == 200000
    assert ws.cell(row=pig, column=5).protection.locked is False
    assert ws.cell(row=pig, column=2).protection.locked is True
    assert ws.column_dimensions["F"].hidden
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    nonneg = next(dv for dv in rules.values() if dv.operator == "greaterThanOrEqual")
    assert f"E{pig}" in str(nonneg.sqref) and nonneg.formula1 == "0"
    # The tea area total is the sum of its crops, computed by Excel, not an input.
    total = row_of(ws, "Diện tích hiện có")
    assert str(ws.cell(row=total, column=5).value).startswith("=SUM(")


def test_an_excel_round_trip_stores_exactly_the_typed_values(client, cast, forms):
    client.force_login(cast["santhang"])
    wb = download(client)
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia súc": 353350, "– Trâu": 92760, "– Bò": "25.590",
                                  "– Lợn": "235.000", "Tổng đàn gia cầm": "1.809,5", "– Chè": 963.45})
    r = client.post(reverse("collection:upload"),
                    {"file": _upload(as_bytes(wb))})
    assert r.status_code == 200, r.content.decode()
    got = {(d.indicator.code, d.option.code if d.option else None): d.value
           for d in DataValue.objects.select_related("indicator", "option")}
    assert got == {("HERD", None): Decimal(353350), ("HERD", "BUFFALO"): Decimal(92760),
                   ("HERD", "CATTLE"): Decimal(25590), ("HERD", "PIG"): Decimal(235000),
                   ("POULTRY", None): Decimal("1809.5"), ("CROP_AREA", "TEA"): Decimal("963.45")}
    assert set(AuditEntry.objects.filter(object_type="datavalue").values_list("channel", flat=True)) == {"import"}
    assert Submission.objects.get().status == Status.DRAFT


def test_uploading_the_same_file_twice_changes_nothing(cast, forms):
    commune, _ = forms
    wb = load_workbook(io.BytesIO(build_template(commune, p("202312"), [u(SAN_THANG)])))
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia cầm": 12, "– Lợn": 90, "Tổng đàn gia súc": 90})
    data = as_bytes(wb)
    first = do_upload(data, user=cast["santhang"])
    assert first.summary.created == 3
    before = snapshot()
    second = do_upload(data, user=cast["santhang"])
    assert second.summary.changed == 0
    assert snapshot() == before


@pytest.mark.parametrize("typed,expected", [
    ({"Tổng đàn gia cầm": "nhiều lắm"}, "'nhiều lắm' không phải số"),
    ({"– Chè": -5}, "giá trị âm (-5 ha) không hợp lệ"),
    ({"Tổng đàn gia súc": 353350, "– Trâu": 92760, "– Bò": 25590, "– Lợn": 234000},
     "Tổng đàn gia súc (353.350) phải bằng Trâu + Bò + Lợn (352.350)"),
])
def test_a_bad_cell_is_refused_naming_sheet_and_cell_and_nothing_is_written(cast, forms, typed, expected):
    commune, _ = forms
    put(("POULTRY", None, SAN_THANG, "202312", 7))
    wb = load_workbook(io.BytesIO(build_template(commune, p("202312"), [u(SAN_THANG)])))
    ws = wb["Xã San Thàng"]
    fill(ws, **{"Tổng đàn gia cầm": 8})  # a good change in the same file is not written either
    fill(ws, **typed)
    label = next(iter(typed))
    before = snapshot()
    with pytest.raises(ImportFailed) as e:
        do_upload(as_bytes(wb), user=cast["santhang"])
    messages = [str(x) for x in e.value.problems]
    cell = f"E{row_of(ws, label)}"
    assert any(expected in m and m.startswith(f"Trang 'Xã San Thàng', dòng {cell[1:]}, cột Kỳ này ({cell})")
               for m in messages), messages
    assert snapshot() == before


def test_a_unit_outside_the_uploaders_scope_is_refused_and_nothing_is_written(cast, forms):
    commune, _ = forms
    # The city downloads a workbook for all its communes; San Thàng's officer uploads it.
    wb = load_workbook(io.BytesIO(build_template(commune, p("202312"), list(commune.expected_units(
        p("202312"), within=u(CITY))))))
    assert len(wb.sheetnames) == 8 and "Xã Sùng Phài" in wb.sheetnames
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia cầm": 12})
    fill(wb["Xã Sùng Phài"], **{"Tổng đàn gia cầm": 30})
    before = snapshot()
    with pytest.raises(ImportFailed) as e:
        do_upload(as_bytes(wb), user=cast["santhang"])
    messages = [str(x) for x in e.value.problems]
    assert "Trang 'Xã Sùng Phài': Xã Sùng Phài (12.105.03403) nằm ngoài phạm vi bạn được nhập số liệu" \
           "; không nhận trang này." in messages
    assert snapshot() == before
    # The city officer may upload the same workbook: both communes are written.
    do_upload(as_bytes(wb), user=cast["thanhpho"])
    assert set(DataValue.objects.values_list("unit__code", "value")) == {(SAN_THANG, Decimal(12)),
                                                                        (SUNG_PHAI, Decimal(30))}


def test_an_old_template_version_is_refused(cast, forms):
    commune, _ = forms
    data = build_template(commune, p("202312"), [u(SAN_THANG)])
    ReportForm.objects.filter(pk=commune.pk).update(version=2)
    with pytest.raises(ImportFailed) as e:
        do_upload(data, user=cast["santhang"])
    assert "phiên bản 1, nhưng biểu đã được sửa thành phiên bản 2" in str(e.value)


def test_a_workbook_that_is_not_our_template_is_refused(cast, forms):
    wb = Workbook()
    wb.active.append(["indicator", "option", "unit", "period", "value"])
    wb.active.append(["POULTRY", "", SAN_THANG, "202312", 5])
    with pytest.raises(ImportFailed) as e:
        do_upload(as_bytes(wb), user=cast["santhang"])
    assert "không phải biểu mẫu nhập liệu tải từ Bậc Thang" in str(e.value)
    with pytest.raises(ImportFailed) as e:
        do_upload(b"not a zip", user=cast["santhang"])
    assert "không phải tệp Excel" in str(e.value)


def test_tampered_metadata_is_refused(cast, forms):
    commune, _ = forms
    wb = load_workbook(io.BytesIO(build_template(commune, p("202312"), [u(SAN_THANG)])))
    meta = wb[META_SHEET]
    meta["A3"] = meta["A3"].value[:-3] + "abc"
    with pytest.raises(ImportFailed) as e:
        do_upload(as_bytes(wb), user=cast["santhang"])
    assert "đã bị sửa" in str(e.value)


def test_an_upload_into_an_approved_report_is_refused(cast, forms):
    commune, _ = forms
    put(("POULTRY", None, SAN_THANG, "202312", 12))
    data = build_template(commune, p("202312"), [u(SAN_THANG)])
    do_approve(do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"]), user=cast["thanhpho"])
    wb = load_workbook(io.BytesIO(data))
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia cầm": 13})
    with pytest.raises(ImportFailed) as e:
        do_upload(as_bytes(wb), user=cast["santhang"])
    assert "đã duyệt" in str(e.value) and "không sửa được" in str(e.value)
    assert DataValue.objects.get().value == Decimal(12)


def test_a_value_changed_by_someone_else_since_the_download_is_a_conflict(cast, forms):
    commune, _ = forms
    put(("POULTRY", None, SAN_THANG, "202312", 12))
    wb = load_workbook(io.BytesIO(build_template(commune, p("202312"), [u(SAN_THANG)])))
    put(("POULTRY", None, SAN_THANG, "202312", 14))
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia cầm": 13})
    with pytest.raises(ImportFailed) as e:
        do_upload(as_bytes(wb), user=cast["santhang"])
    assert "hiện là 14" in str(e.value) and "Trang 'Xã San Thàng'" in str(e.value)


def test_upload_and_submit_in_one_step(cast, forms):
    commune, _ = forms
    wb = load_workbook(io.BytesIO(build_template(commune, p("202312"), [u(SAN_THANG)])))
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia cầm": 12})
    result = do_upload(as_bytes(wb), user=cast["santhang"], submit=True)
    assert [s.status for _, s in result.sheets] == [Status.SUBMITTED]


def test_the_commands_write_a_template_and_upload_it_with_the_same_checks(tmp_path, cast, forms, capsys):
    out = tmp_path / "san-thang.xlsx"
    call_command("form_template", form="BC_THANG_XA", unit=SAN_THANG, period="202312", out=str(out))
    wb = load_workbook(out)
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia cầm": "abc"})
    wb.save(out)
    with pytest.raises(CommandError) as e:
        call_command("form_upload", str(out), user="santhang")
    assert e.value.returncode == 1
    assert "Trang 'Xã San Thàng'" in capsys.readouterr().err
    assert not DataValue.objects.exists()
    fill(wb["Xã San Thàng"], **{"Tổng đàn gia cầm": "1.809,5"})
    wb.save(out)
    call_command("form_upload", str(out), user="santhang")
    assert DataValue.objects.get().value == Decimal("1809.5")
    call_command("list_forms")
    assert "BC_THANG_XA\tBáo cáo tháng — cấp xã" in capsys.readouterr().out


def test_a_template_for_a_district_covers_all_its_communes(client, cast, forms):
    client.force_login(cast["thanhpho"])
    wb = download(client, unit=CITY)
    assert len(wb.sheetnames) == 8 and wb.sheetnames[-1] == META_SHEET


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bao-cao.xlsx", data,
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audit.models import AuditEntry
from bacthang.lib.importing import ImportFailed
from datavalues.importing import import_values
from datavalues.models import DataValue

pytestmark = pytest.mark.django_db

HEADER = "indicator,option,unit,period,value,comment\n"
GOOD = (
    HEADER
    + "CROP_AREA,TEA,12.105,2023,\"963,45\",\n"
    + "HERD,BUFFALO,12,202312,92.760,\n"
    + "HERD,CATTLE,12,202312,25.590,\n"
    + "HERD,PIG,12,202312,235.000,\n"
    + "CROP_PRODUCTION,QUALITY_RICE,12.105,2022,\"1.735,6\",ước\n"
)


def stored(indicator, option, unit, period):
    v = DataValue.objects.get(indicator__code=indicator, option__code=option, unit__code=unit, period__code=period)
    return v.value


def test_a_valid_file_is_stored_with_vietnamese_numbers():
    s = import_values(GOOD.encode(), filename="values.csv")
    assert (s.created, s.updated, s.unchanged) == (5, 0, 0)
    assert stored("CROP_AREA", "TEA", "12.105", "2023") == Decimal("963.45")
    assert stored("HERD", "PIG", "12", "202312") == Decimal("235000")
    assert stored("CROP_PRODUCTION", "QUALITY_RICE", "12.105", "2022") == Decimal("1735.6")
    assert AuditEntry.objects.filter(object_type="datavalue", action="create", channel="import").count() == 5


def test_importing_the_same_file_twice_changes_nothing():
    import_values(GOOD.encode(), filename="values.csv")
    audits = AuditEntry.objects.count()
    s = import_values(GOOD.encode(), filename="values.csv")
    assert (s.created, s.updated, s.deleted, s.unchanged) == (0, 0, 0, 5)
    assert AuditEntry.objects.count() == audits
    assert DataValue.objects.count() == 5


@pytest.mark.parametrize(
    "row,message",
    [
        ("NO_SUCH,,12,2023,5", "Chỉ tiêu 'NO_SUCH' không có trong danh mục"),
        ("CROP_AREA,RICE,99.999,2023,5", "Đơn vị '99.999' không tồn tại"),
        ("CROP_AREA,RICE,12.105,12/2023,5", "Kỳ '12/2023' sai định dạng"),
        ("CROP_AREA,RICE,12.105,2023,-5", "Giá trị âm"),
        ("CROP_AREA,RICE,12.105,2023,nhiều", "không phải số"),
        ("CROP_AREA,COFFEE,12.105,2023,5", "Nhóm 'COFFEE' không thuộc chỉ tiêu CROP_AREA"),
        ("POULTRY,PIG,12,202312,5", "không có phân tổ"),
        ("CROP_YIELD,TEA,12.105,2023,5", "tính theo công thức"),
        ("CROP_AREA,RICE,12.105,2023,", "Thiếu giá trị"),
        ("CROP_AREA,RICE,12.03408,2023,5", "chỉ tồn tại từ 01/07/2025"),
        ("CROP_AREA,RICE,12.105,2026,5", "chỉ tồn tại đến 30/06/2025"),
    ],
)
def test_each_kind_of_bad_row_is_refused_with_its_line_and_nothing_is_written(row, message):
    content = GOOD + row + "\n"
    with pytest.raises(ImportFailed) as e:
        import_values(content.encode(), filename="bad.csv")
    problems = e.value.problems
    assert len(problems) == 1
    assert problems[0].line == 7
    assert message in problems[0].message
    assert DataValue.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_every_bad_row_is_listed_not_only_the_first():
    content = HEADER + "NO_SUCH,,12,2023,5\nCROP_AREA,TEA,12.105,2023,-1\nCROP_AREA,TEA,12.105,2023x,1\n"
    with pytest.raises(ImportFailed) as e:
        import_values(content.encode(), filename="bad.csv")
    assert [p.line for p in e.value.problems] == [2, 3, 4]


def test_a_duplicated_figure_in_one_file_is_refused():
    content = HEADER + "CROP_AREA,TEA,12.105,2023,5\nCROP_AREA,TEA,12.105,2023,6\n"
    with pytest.raises(ImportFailed, match="Trùng số liệu với dòng 2"):
        import_values(content.encode(), filename="dup.csv")


def test_an_update_is_audited_with_old_and_new_value():
    import_values(GOOD.encode(), filename="values.csv")
    changed = GOOD.replace("92.760", "93.000")
    s = import_values(changed.encode(), filename="values.csv")
    assert (s.updated, s.unchanged) == (1, 4)
    entry = AuditEntry.objects.get(action="update")
    assert (entry.indicator_code, entry.option_code, entry.unit_code, entry.period_code) == (
        "HERD", "BUFFALO", "12", "202312")
    assert entry.old["value"] == "92760" and entry.new["value"] == "93000"
    assert entry.channel == "import"
    assert DataValue.objects.get(option__code="BUFFALO").version == 2


def test_semicolon_csv_from_vietnamese_excel_is_read():
    content = "indicator;option;unit;period;value\nCROP_AREA;TEA;12.105;2023;963,45\n"
    import_values(content.encode("utf-8-sig"), filename="excel.csv")
    assert stored("CROP_AREA", "TEA", "12.105", "2023") == Decimal("963.45")


def test_a_file_not_in_utf8_is_refused():
    content = (HEADER + "CROP_AREA,TEA,12.105,2023,5,chè\n").encode("cp1252")
    with pytest.raises(ImportFailed, match="UTF-8"):
        import_values(content, filename="legacy.csv")


def test_an_undeclared_file_mixing_number_styles_is_refused():
    content = HEADER + "CROP_AREA,TEA,12.105,2023,1735.6\nCROP_AREA,RICE,12.105,2023,241.317\n"
    with pytest.raises(ImportFailed, match="không rõ nghĩa"):
        import_values(content.encode(), filename="mixed.csv")
    import_values(content.encode(), filename="mixed.csv", number_style="plain")
    assert stored("CROP_AREA", "RICE", "12.105", "2023") == Decimal("241.317")


def test_the_number_style_can_be_declared_in_the_file():
    content = "# number-style: plain\n" + HEADER + "CROP_AREA,RICE,12.105,2023,241.317\n"
    import_values(content.encode(), filename="declared.csv")
    assert stored("CROP_AREA", "RICE", "12.105", "2023") == Decimal("241.317")


def test_xlsx_numbers_are_numbers_and_text_cells_are_parsed():
    wb = Workbook()
    ws = wb.active
    ws.append(["indicator", "option", "unit", "period", "value"])
    ws.append(["CROP_AREA", "TEA", "12.105", "2023", 963.45])
    ws.append(["HERD", "PIG", "12", 202312, "235.000"])
    buf = BytesIO()
    wb.save(buf)
    s = import_values(buf.getvalue(), filename="values.xlsx")
    assert s.created == 2
    assert stored("CROP_AREA", "TEA", "12.105", "2023") == Decimal("963.45")
    assert stored("HERD", "PIG", "12", "202312") == Decimal("235000")


def test_xlsx_problems_name_the_cell():
    wb = Workbook()
    ws = wb.active
    ws.append(["indicator", "option", "unit", "period", "value"])
    ws.append(["CROP_AREA", "TEA", "12.105", "2023", "nhiều"])
    buf = BytesIO()
    wb.save(buf)
    with pytest.raises(ImportFailed) as e:
        import_values(buf.getvalue(), filename="bad.xlsx")
    assert "E2" in str(e.value.problems[0])


def test_a_broken_xlsx_is_refused():
    with pytest.raises(ImportFailed, match="Excel"):
        import_values(b"PK\x03\x04not really a zip", filename="broken.xlsx")


def test_missing_columns_are_named():
    with pytest.raises(ImportFailed, match="Thiếu cột: value"):
        import_values(b"indicator,option,unit,period\nCROP_AREA,TEA,12.105,2023\n", filename="x.csv")


def test_the_command_exits_non_zero_and_prints_every_bad_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "NO_SUCH,,12,2023,5\nCROP_AREA,TEA,12.105,2023,-1\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as e:
        call_command("import_values", str(path), stderr=err)
    assert e.value.returncode == 1
    text = err.getvalue()
    assert "Dòng 2" in text and "Dòng 3" in text
    assert DataValue.objects.count() == 0


def test_the_command_imports_and_reports(tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_values", str(path), stdout=out)
    assert "5 mới" in out.getvalue()


def test_a_file_with_only_a_header_is_refused():
    with pytest.raises(ImportFailed, match="không có dòng số liệu"):
        import_values(HEADER.encode(), filename="empty.csv")


@pytest.mark.parametrize("value", ["١٢٣", "１２３", "\"１.７３５,６\""])
def test_digits_of_other_scripts_are_refused_not_read_as_numbers(value):
    content = HEADER + f"CROP_AREA,TEA,12.105,2023,{value},\n"
    with pytest.raises(ImportFailed) as e:
        import_values(content.encode(), filename="digits.csv")
    assert [(p.line, p.column) for p in e.value.problems] == [(2, "value")]
    assert "chữ số 0-9" in e.value.problems[0].message
    assert DataValue.objects.count() == 0


def xlsx_of(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_formulas_and_excel_errors_are_named_not_reported_as_missing_values():
    data = xlsx_of([
        ["indicator", "option", "unit", "period", "value"],
        ["CROP_AREA", "TEA", "12.105", "2023", "=E5*2"],  # openpyxl stores no cached value
        ["CROP_AREA", "RICE", "12.105", "2023", "#DIV/0!"],
        ["HERD", "PIG", "12", "202312", None],
        ["HERD", "CATTLE", "12", "202312", 5],
    ])
    with pytest.raises(ImportFailed) as e:
        import_values(data, filename="formulas.xlsx")
    assert [str(p) for p in e.value.problems] == [
        "Trang 'Sheet', dòng 2, cột value (E2): Ô E2 chứa công thức chưa có giá trị tính sẵn (hãy mở tệp trong "
        "Excel và lưu lại).",
        "Trang 'Sheet', dòng 3, cột value (E3): Ô E3 chứa lỗi #DIV/0! của Excel; hãy sửa công thức hoặc nhập số.",
        "Trang 'Sheet', dòng 4, cột value (E4): Thiếu giá trị.",
    ]
    assert DataValue.objects.count() == 0


def test_xlsx_float_noise_is_not_stored():
    data = xlsx_of([["indicator", "option", "unit", "period", "value"],
                    ["CROP_AREA", "TEA", "12.105", "2023", 963.4500000000001],
                    ["CROP_AREA", "RICE", "12.105", "2023", 0.1 + 0.2]])
    import_values(data, filename="noise.xlsx")
    assert stored("CROP_AREA", "TEA", "12.105", "2023") == Decimal("963.45")
    assert stored("CROP_AREA", "RICE", "12.105", "2023") == Decimal("0.3")

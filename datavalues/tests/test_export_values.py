from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from datavalues.exporting import vi_text
from datavalues.importing import import_values
from datavalues.models import DataValue

pytestmark = pytest.mark.django_db

CONTENT = (
    "indicator,option,unit,period,value,comment\n"
    "CROP_AREA,TEA,12.105,2023,\"963,45\",\n"
    "CROP_AREA,TEA,12.105.03403,2023,\"20,45\",Sùng Phài\n"
    "HERD,PIG,12,202312,235.000,\n"
    "AQUA_POND_AREA,,12,2023,\"241,317\",\n"
)


@pytest.mark.parametrize("value,text", [("241317", "241.317"), ("241.317", "241,317"), ("1735.6", "1.735,6"),
                                        ("-1234567.5", "-1.234.567,5"), ("0", "0"), ("999", "999")])
def test_vi_text(value, text):
    assert vi_text(Decimal(value)) == text


def test_export_then_reimport_into_an_empty_database_reproduces_every_value(tmp_path):
    import_values(CONTENT.encode(), filename="in.csv")
    before = {(v.indicator.code, v.option.code if v.option else "", v.unit.code, v.period.code): (v.value, v.comment)
              for v in DataValue.objects.select_related("indicator", "option", "unit", "period")}
    out = tmp_path / "out.csv"
    call_command("export_values", "--out", str(out), stderr=StringIO())
    DataValue.objects.all().delete()
    import_values(out, filename="out.csv")
    after = {(v.indicator.code, v.option.code if v.option else "", v.unit.code, v.period.code): (v.value, v.comment)
             for v in DataValue.objects.select_related("indicator", "option", "unit", "period")}
    assert after == before
    assert after[("AQUA_POND_AREA", "", "12", "2023")][0] == Decimal("241.317")


def test_plain_export_declares_its_style_and_reimports(tmp_path):
    import_values(CONTENT.encode(), filename="in.csv")
    out = tmp_path / "plain.csv"
    call_command("export_values", "--out", str(out), "--number-style", "plain", stderr=StringIO())
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# number-style: plain\n")
    assert "235000" in text and "241.317" in text
    DataValue.objects.all().delete()
    import_values(out)
    assert DataValue.objects.get(indicator__code="AQUA_POND_AREA").value == Decimal("241.317")


def test_filters_by_unit_subtree_period_and_indicator():
    import_values(CONTENT.encode(), filename="in.csv")
    out = StringIO()
    call_command("export_values", "--unit", "12.105", stdout=out)
    lines = out.getvalue().splitlines()[2:]
    assert {line.split(",")[2] for line in lines} == {"12.105", "12.105.03403"}
    out = StringIO()
    call_command("export_values", "--period", "202312", "--indicator", "herd", stdout=out)
    assert out.getvalue().splitlines()[2:] == ["HERD,PIG,12,202312,235.000,,"]


def test_unknown_filters_are_refused():
    with pytest.raises(CommandError, match="Đơn vị"):
        call_command("export_values", "--unit", "99")
    with pytest.raises(CommandError, match="sai định dạng"):
        call_command("export_values", "--period", "12/2023")


def test_formula_like_text_is_inert_in_the_export_and_reimports_exactly(tmp_path):
    import_values((b"indicator,option,unit,period,value,comment,source\n"
                   b'HERD,PIG,12,202312,235.000,"=HYPERLINK(""http://x"")",@SUM(A1)\n'), filename="in.csv")
    out = tmp_path / "out.csv"
    call_command("export_values", "--out", str(out), stderr=StringIO())
    text = out.read_text(encoding="utf-8")
    assert ",=HYPERLINK" not in text and ",@SUM" not in text  # Excel would run them
    assert "\u200b=HYPERLINK" in text
    summary = import_values(out, filename="out.csv")  # the same figures: nothing changes
    assert (summary.created, summary.updated) == (0, 0)
    v = DataValue.objects.get(indicator__code="HERD", option__code="PIG")
    assert (v.comment, v.source) == ('=HYPERLINK("http://x")', "@SUM(A1)")


def all_values():
    return {(v.indicator.code, v.option.code if v.option else "", v.unit.code, v.period.code): (v.value, v.comment,
                                                                                                v.source)
            for v in DataValue.objects.select_related("indicator", "option", "unit", "period")}


def test_an_xlsx_export_is_a_real_workbook_that_reimports_exactly(tmp_path):
    from openpyxl import load_workbook

    from datavalues.exporting import COLUMNS

    import_values(CONTENT.encode(), filename="in.csv")
    import_values((b"indicator,option,unit,period,value,comment,source\n"
                   b'CROP_AREA,RICE,12.105,2023,"12345678901234,123456",=1+1,@SUM(A1)\n'  # 20 digits: beyond Excel
                   b'CROP_AREA,RICE,12.105.03403,2023,"0,000001",,\n'), filename="in2.csv")
    before = all_values()
    big = before[("CROP_AREA", "RICE", "12.105", "2023")][0]  # SQLite keeps 15 digits of it, PostgreSQL all 20
    out = tmp_path / "so-lieu.xlsx"
    err = StringIO()
    call_command("export_values", "--out", str(out), stderr=err)
    assert "Đã xuất 6 số liệu" in err.getvalue()
    assert out.read_bytes()[:4] == b"PK\x03\x04"

    ws = load_workbook(out).worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == COLUMNS
    by_key = {tuple(r[:4]): r for r in rows[1:]}
    tea = ws.cell(row=1 + list(by_key).index(("CROP_AREA", "TEA", "12.105", "2023")) + 1, column=5)
    assert tea.data_type == "n" and tea.value == 963.45
    assert by_key[("AQUA_POND_AREA", None, "12", "2023")][4] == 241.317  # a number, not the text 241.317
    assert by_key[("CROP_AREA", "RICE", "12.105", "2023")][4] == (
        "12.345.678.901.234,123456" if big == Decimal("12345678901234.123456") else float(big))
    assert by_key[("CROP_AREA", "RICE", "12.105", "2023")][5:] == ["\u200b=1+1", "\u200b@SUM(A1)"]
    assert by_key[("HERD", "PIG", "12", "202312")][2] == "12"  # codes stay text

    DataValue.objects.all().delete()
    summary = import_values(out, filename="so-lieu.xlsx")
    assert summary.created == 6
    assert all_values() == before
    again = import_values(out, filename="so-lieu.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_an_xlsx_export_in_plain_style_reimports_too(tmp_path):
    import_values(CONTENT.encode(), filename="in.csv")
    before = all_values()
    out = tmp_path / "plain.XLSX"
    call_command("export_values", "--out", str(out), "--number-style", "plain", stderr=StringIO())
    DataValue.objects.all().delete()
    import_values(out)
    assert all_values() == before


@pytest.mark.parametrize("name", ["values.txt", "values.xls", "values"])
def test_an_out_file_that_is_neither_csv_nor_xlsx_is_refused(tmp_path, name):
    out = tmp_path / name
    with pytest.raises(CommandError, match=r"phải có đuôi \.csv hoặc \.xlsx") as e:
        call_command("export_values", "--out", str(out), stderr=StringIO())
    assert e.value.returncode == 1
    assert not out.exists()


def test_an_out_file_that_cannot_be_written_is_refused_in_vietnamese(tmp_path):
    out = tmp_path / "no-such-folder" / "values.xlsx"
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        call_command("export_values", "--out", str(out), stderr=StringIO())


@pytest.mark.parametrize("value,style,cell", [
    ("963.450000", "vi", (963.45, True)),
    ("241317", "vi", (241317.0, True)),
    ("99999999999999.9", "vi", (99999999999999.9, True)),  # 15 digits: a number
    ("12345678901234.123456", "vi", ("12.345.678.901.234,123456", False)),
    ("12345678901234.123456", "plain", ("12345678901234.123456", False)),
    ("-1234567890123.4567", "vi", ("-1.234.567.890.123,4567", False)),
])
def test_xlsx_values_are_numbers_up_to_excels_15_digits_then_text(value, style, cell):
    from datavalues.exporting import _xlsx_value

    assert _xlsx_value(Decimal(value), style) == cell

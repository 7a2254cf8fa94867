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

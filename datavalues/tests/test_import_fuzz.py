"""Importers fuzzed with hypothesis: ≥ 10.000 generated CSV and XLSX files — wrong types,
huge numbers, formulas, empty sheets, broken zips, wrong encodings, injection strings.
Whatever the file: no crash, no partial write, and every refusal explained in Vietnamese."""

import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bacthang.lib.importing import ImportFailed
from datavalues.importing import import_values
from datavalues.models import DataValue

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
HEADER = ["indicator", "option", "unit", "period", "value", "comment"]
INJECTIONS = ["=cmd|' /C calc'!A0", "<script>alert(1)</script>", "@SUM(1+1)", "+1+1", "-2+3", "=HYPERLINK(\"x\")",
              "'; DROP TABLE datavalues_datavalue; --", "\x00", "\u202e", "𝟙𝟚𝟛"]
cells = st.one_of(
    st.sampled_from(["CROP_AREA", "HERD", "TEA", "PIG", "", "12", "12.105", "12.105.03409", "2023", "202312",
                     "2024DX", "1.735,6", "963,45", "-5", "241.317", "1735.6", "9" * 40, "1e308", "NaN", "inf"]),
    st.sampled_from(INJECTIONS),
    st.text(max_size=30),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
headers = st.one_of(st.just(HEADER), st.just(HEADER[:5]), st.lists(st.sampled_from(HEADER + ["x", ""]), max_size=8))
rows = st.lists(st.lists(cells, min_size=0, max_size=8), max_size=12)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


def check(data: bytes, filename: str):
    before = DataValue.objects.count()
    try:
        import_values(data, filename=filename)
    except ImportFailed as e:
        assert e.problems
        for p in e.problems:
            assert VIETNAMESE.search(p.message), p.message
        assert DataValue.objects.count() == before
        return False
    return True


def csv_bytes(header, body, delimiter, encoding) -> bytes:
    text = "\n".join(delimiter.join(r) for r in [header, *body])
    return text.encode(encoding, errors="replace")


@settings(max_examples=8000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(header=headers, body=rows, delimiter=st.sampled_from([",", ";", "\t"]), encoding=encodings)
def test_csv_files_never_crash_nor_half_write(header, body, delimiter, encoding):
    check(csv_bytes(header, body, delimiter, encoding), "fuzz.csv")


def xlsx_bytes(header, body, extra_sheets, empty) -> bytes:
    wb = Workbook()
    ws = wb.active
    if not empty:
        ws.append(header)
        for r in body:
            ws.append([c if not c.startswith("=") else c for c in r])  # "=…" strings become formulas
    for i in range(extra_sheets):
        wb.create_sheet(f"S{i}").append(["x"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def clean(r):
    return [re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", c) for c in r]


@settings(max_examples=1500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(header=headers, body=rows, extra=st.integers(0, 2), empty=st.booleans(), cut=st.integers(0, 100))
def test_xlsx_files_never_crash_nor_half_write(header, body, extra, empty, cut):
    data = xlsx_bytes(header, [clean(r) for r in body], extra, empty)
    if cut and cut < 30:  # a broken zip: truncated
        data = data[: len(data) * cut // 100]
    check(data, "fuzz.xlsx")


@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a"]))
def test_random_bytes_never_crash(data, name):
    check(data, name)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(ImportFailed, match="Excel"):
        import_values(buf.getvalue(), filename="x.xlsx")


def test_a_zip_bomb_is_refused_without_unpacking_it():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (1100 * 1024 * 1024 // 1))
    with pytest.raises(ImportFailed, match="quá lớn|Excel"):
        import_values(buf.getvalue(), filename="bomb.xlsx")

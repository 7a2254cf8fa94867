"""The importer framework (``bacthang.lib.importing``): limits, memory, messages, cells."""

import tracemalloc
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from bacthang.lib import importing
from bacthang.lib.importing import ImportFailed, Row, read_table
from bacthang.lib.numbers import CellIssue, NumberError, parse_number

HEADER = "indicator,option,unit,period,value,comment\n"


def value_file(path, rows: int) -> int:
    """A long-format value file of ``rows`` data rows; returns its size in bytes."""
    lines = [HEADER] + [f'HERD,PIG,12.105.{3380 + i % 40:05d},2023{1 + i % 12:02d},"{i}.{i % 1000:03d},5",\n'
                        for i in range(rows)]
    path.write_text("".join(lines), encoding="utf-8")
    return path.stat().st_size


def peak_of(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refusal(fn) -> list[str]:
    with pytest.raises(ImportFailed) as e:
        fn()
    return [str(p) for p in e.value.problems]


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ row limit and memory
def test_a_csv_over_the_row_limit_is_refused_before_its_rows_are_built(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 20_000)
    path = tmp_path / "over.csv"
    size = value_file(path, 20_001)
    problems = []
    peak = peak_of(lambda: problems.extend(refusal(lambda: read_table(path))))
    assert problems == ["Tệp có quá 20.000 dòng."]
    # The file's bytes and a line at a time: no row is kept before the count is known.
    assert peak < 3 * size, f"peak {peak / size:.1f}× the file"


def test_an_accepted_csv_is_read_in_a_few_times_its_size(tmp_path):
    path = tmp_path / "values.csv"
    size = value_file(path, 20_000)
    tables = []
    peak = peak_of(lambda: tables.append(read_table(path)))
    assert len(tables[0].rows) == 20_000
    assert peak < 10 * size, f"peak {peak / size:.1f}× the file"  # was 24× (a dict per row)


def test_blank_lines_and_multi_line_cells_are_not_counted_as_rows(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    rows = "".join(f'HERD,PIG,12,20231{i},"{i}","dòng một\ndòng hai"\n\n' for i in range(5))
    table = read_table((HEADER + rows).encode(), "values.csv")  # 16 line breaks, 5 rows: counted exactly
    assert [r.cells["period"] for r in table.rows] == [f"20231{i}" for i in range(5)]
    assert table.rows[0].cells["comment"] == "dòng một\ndòng hai"
    more = HEADER + rows + "HERD,PIG,12,202312,6,\n"
    assert refusal(lambda: read_table(more.encode(), "values.csv")) == ["Tệp có quá 5 dòng."]


def test_an_xlsx_over_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    data = xlsx([["indicator", "value"]] + [["HERD", i] for i in range(4)])
    assert refusal(lambda: read_table(data, "values.xlsx")) == ["Trang 'Sheet': Trang tính có quá 3 dòng."]
    assert len(read_table(xlsx([["indicator", "value"]] + [["HERD", i] for i in range(3)]), "v.xlsx").rows) == 3


# ------------------------------------------------------------------ rows
def test_row_cells_are_a_mapping_of_the_named_columns():
    table = read_table(b"# number-style: plain\nindicator;;unit;value\n HERD ;x;12\n\nPIG;y;12;1.5\n", "a.csv")
    assert table.number_style == "plain" and table.columns == ["indicator", "", "unit", "value"]
    first, second = table.rows
    assert (first.line, second.line) == (3, 5)
    assert first.cells == {"indicator": "HERD", "unit": "12", "value": ""}
    assert dict(second.cells) == {"indicator": "PIG", "unit": "12", "value": "1.5"}
    assert second.cells["value"] == "1.5" and second.cells.get("comment", "-") == "-"
    assert "unit" in first.cells and "" not in first.cells and len(first.cells) == 3
    assert first.letters == {} and first.where("value") == "dòng 3"
    assert first.layout is second.layout  # one header for every row


def test_xlsx_rows_know_their_letters():
    table = read_table(xlsx([["indicator", None, "value"], ["HERD", "x", 5]]), "v.xlsx")
    row = table.rows[0]
    assert row.cells == {"indicator": "HERD", "value": 5} and row.letters == {"indicator": "A", "value": "C"}
    assert row.where("value") == "ô C2"


def test_a_row_can_still_be_built_from_a_dict():
    row = Row(4, {"unit": "12", "value": "5"}, {"value": "E"})
    assert row.cells == {"unit": "12", "value": "5"} and row.where("value") == "ô E4"


# ------------------------------------------------------------------ messages in Vietnamese
def rezip(data: bytes, name: str, content: bytes) -> bytes:
    """``data`` (an xlsx) with the member ``name`` replaced by ``content``."""
    import zipfile

    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def zip_of(name: str, content: bytes) -> bytes:
    import zipfile

    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(name, content)
    return out.getvalue()


BROKEN = "Tệp Excel bị hỏng hoặc không phải tệp .xlsx; hãy mở lại trong Excel và lưu thành .xlsx."


@pytest.mark.parametrize("data", [
    b"PK\x03\x04not really a zip",
    zip_of("readme.txt", b"hello"),
    zip_of("[Content_Types].xml", b"<Types/>"),
])
def test_a_broken_or_foreign_zip_is_refused_in_plain_vietnamese(data):
    assert refusal(lambda: read_table(data, "values.xlsx")) == [BROKEN]


def test_a_sheet_with_broken_xml_is_refused_in_plain_vietnamese():
    good = xlsx([["indicator", "value"], ["HERD", 5]])
    data = rezip(good, "xl/worksheets/sheet1.xml", b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                 b'spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
                 b'<is><t>indicator</t></is></c></row><row r="2"><c r="A2"><v>1')  # cut short
    assert refusal(lambda: read_table(data, "values.xlsx")) == [f"Trang 'Sheet': {BROKEN}"]


def test_an_unclosed_quote_that_swallows_the_file_is_named_in_vietnamese():
    content = HEADER + "HERD,PIG,12,202312,5,ok\n" + 'HERD,PIG,12,202311,6,"không đóng\n' + ("x" * 1000 + "\n") * 200
    problems = refusal(lambda: read_table(content.encode(), "values.csv"))
    assert problems == ["Dòng 3: Ô dài quá giới hạn 131.072 ký tự (thường do một dấu ngoặc kép \" mở mà không "
                        "đóng: mọi dòng sau nó bị đọc thành một ô)."]


@pytest.mark.parametrize("line", [2, 4])
def test_a_file_not_in_utf8_names_the_line_of_the_first_bad_byte(line):
    rows = ["HERD,PIG,12,202312,5,chè\n"] * 4
    rows[line - 2] = "HERD,PIG,12,202312,5,chè xanh\n".replace("chè", "ch\udce8")
    data = (HEADER + "".join(rows)).encode("utf-8", "surrogateescape")
    with pytest.raises(ImportFailed) as e:
        read_table(data, "values.csv")
    (problem,) = e.value.problems
    assert problem.line == line
    assert str(problem).startswith(f"Dòng {line}: Tệp CSV không mã hóa UTF-8")
    assert "codec" not in str(problem) and "byte" not in str(problem)


# ------------------------------------------------------------------ XLSX cells
SHEET_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def sheet_xml(*rows: bytes) -> bytes:
    header = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c>'
              b'<c r="B1" t="inlineStr"><is><t>value</t></is></c></row>')
    return SHEET_NS + header + b"".join(rows) + b"</sheetData></worksheet>"


def with_sheet(xml: bytes) -> bytes:
    return rezip(xlsx([["x"]]), "xl/worksheets/sheet1.xml", xml)


def values_of(data: bytes) -> list:
    return [r.cells["value"] for r in read_table(data, "v.xlsx").rows]


def test_float_cells_are_read_to_the_15_digits_excel_keeps():
    cells = [963.4500000000001, 0.1 + 0.2, 1735.6, 100.0, 1e16, -0.0, 1 / 3, 2.5e-7, 353350]
    got = values_of(xlsx([["indicator", "value"]] + [["HERD", v] for v in cells]))
    assert got == [Decimal("963.45"), Decimal("0.3"), Decimal("1735.6"), Decimal("100"), Decimal("1E16"),
                   Decimal("0"), Decimal("0.333333333333333"), Decimal("2.5E-7"), Decimal("353350")]
    assert [str(v) for v in got[:6]] == ["963.45", "0.3", "1735.6", "100", "10000000000000000", "0"]


def test_a_formula_without_a_cached_value_is_named_not_taken_for_an_empty_cell():
    data = xlsx([["indicator", "value"], ["HERD", "=B3*2"], ["PIG", None], ["GOAT", 5]])
    formula, empty, number = values_of(data)
    assert isinstance(formula, CellIssue)
    assert formula == "Ô B2 chứa công thức chưa có giá trị tính sẵn (hãy mở tệp trong Excel và lưu lại)."
    assert empty == "" and not isinstance(empty, CellIssue)
    assert number == Decimal(5)
    with pytest.raises(NumberError, match="B2 chứa công thức"):
        parse_number(formula)


def test_a_formula_with_a_cached_value_is_read_by_its_value():
    data = with_sheet(sheet_xml(b'<row r="2"><c r="A2" t="inlineStr"><is><t>HERD</t></is></c>'
                                b'<c r="B2"><f>1+1</f><v>2</v></c></row>',
                                b'<row r="3"><c r="A3" t="inlineStr"><is><t>PIG</t></is></c>'
                                b'<c r="B3" t="str"><f>""</f><v></v></c></row>'))  # a formula whose result is ""
    assert values_of(data) == [Decimal(2), ""]


def test_an_excel_error_cell_is_named():
    data = xlsx([["indicator", "value"], ["HERD", "#DIV/0!"], ["PIG", "#N/A"]])
    div, na = values_of(data)
    assert isinstance(div, CellIssue) and div == "Ô B2 chứa lỗi #DIV/0! của Excel; hãy sửa công thức hoặc nhập số."
    assert na.startswith("Ô B3 chứa lỗi #N/A")


@pytest.mark.parametrize("text", [b"NaN", b"inf", b"-Infinity", b"1e999"])
def test_a_number_that_is_not_finite_is_refused_as_such(text):
    data = with_sheet(sheet_xml(b'<row r="2"><c r="A2" t="inlineStr"><is><t>HERD</t></is></c>'
                                b'<c r="B2"><v>' + text + b"</v></c></row>"))
    (value,) = values_of(data)
    assert isinstance(value, CellIssue) and value == "Ô B2 chứa giá trị không phải số hữu hạn."


def test_a_cell_that_cannot_be_read_is_named_not_a_crash():
    data = with_sheet(sheet_xml(b'<row r="2"><c r="A2" t="inlineStr"><is><t>HERD</t></is></c>'
                                b'<c r="B2" t="s"><v>99</v></c></row>'))  # no shared string 99
    assert values_of(data) == ["Ô B2 có giá trị không đọc được (tệp có thể bị hỏng)."]


def test_iter_sheet_rows_gives_every_line_and_the_cell_issues():
    from openpyxl import load_workbook

    data = xlsx([["a", None, "c"], [], ["=A1", "#REF!", 1.5]])
    book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    try:
        rows = list(importing.iter_sheet_rows(book.worksheets[0]))
    finally:
        book.close()
    assert [line for line, _ in rows] == [1, 2, 3]
    assert rows[0][1] == ["a", "", "c"] and rows[1][1] == []
    formula, error, number = rows[2][1]
    assert formula.startswith("Ô A3 chứa công thức") and error.startswith("Ô B3 chứa lỗi #REF!")
    assert number == Decimal("1.5")


def test_rows_and_columns_past_a_wrong_dimension_are_read_not_dropped():
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>HERD</t></is></c><c r="B%d"><v>%d</v></c></row>'
                    % (n, n, n, n) for n in range(2, 5))
    xml = sheet_xml(rows).replace(b"<sheetData>", b'<dimension ref="A1:A2"/><sheetData>')
    assert values_of(with_sheet(xml)) == [Decimal(2), Decimal(3), Decimal(4)]

from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from bacthang.lib.xlsx import safe_cell, workbook_bytes


def test_formula_like_text_is_written_as_inert_text():
    dangerous = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")"]
    data = workbook_bytes([("Số liệu", ["Tên", "Giá trị"], [[d, Decimal("1735.6")] for d in dangerous])])
    ws = load_workbook(BytesIO(data)).active
    for row, text in enumerate(dangerous, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s" and not str(cell.value).startswith(("=", "+", "-", "@"))
        assert str(cell.value).endswith(text)
        assert ws.cell(row=row, column=2).value == 1735.6


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    assert safe_cell(Decimal("353350")) == 353350
    assert safe_cell("Xã San Thàng") == "Xã San Thàng"
    assert safe_cell(None) is None

"""Writing Excel files: the one place that styles tables and neutralises formula injection.

Any text written into a cell that a spreadsheet would read as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is prefixed with an
apostrophe-like guard so Excel shows it as text (OWASP "CSV injection").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="E6F2EA")
THIN = Side(style="thin", color="9AA8A0")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER_FORMAT = "#,##0.###"


GUARD = "\u200b"


def guard_text(value: str) -> str:
    """Text a spreadsheet would run as a formula, made inert.  A leading single quote is
    not stored by openpyxl as a prefix; a zero-width space keeps the text visible and inert."""
    return GUARD + value if value.startswith(_DANGEROUS) else value


def unguard_text(value: str) -> str:
    """The text ``guard_text`` was given (a re-imported export reproduces it exactly)."""
    return value[1:] if value.startswith(GUARD) and value[1:].startswith(_DANGEROUS) else value


def safe_cell(value):
    """A cell value that cannot execute: numbers stay numbers, formula-like text is guarded."""
    if isinstance(value, Decimal):
        return float(value) if value == value.to_integral_value() or abs(value) < 1e15 else str(value)
    if isinstance(value, str):
        return guard_text(value)
    return value


def write_sheet(ws, headers: Sequence[str], rows: Iterable[Sequence], title: str | None = None,
                widths: Sequence[int] | None = None) -> None:
    """A header row (bold, shaded, frozen) and the rows, every cell guarded."""
    start = 1
    if title:
        ws.cell(row=1, column=1, value=safe_cell(title)).font = Font(bold=True, size=13)
        start = 3
    for col, h in enumerate(headers, start=1):
        c = ws.cell(row=start, column=col, value=safe_cell(h))
        c.font = Font(bold=True)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = Alignment(wrap_text=True, vertical="center")
    r = start
    for r, row in enumerate(rows, start=start + 1):
        for col, value in enumerate(row, start=1):
            c = ws.cell(row=r, column=col, value=safe_cell(value))
            c.border = BORDER
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                c.number_format = NUMBER_FORMAT
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    for col, h in enumerate(headers, start=1):
        width = widths[col - 1] if widths and col - 1 < len(widths) else max(10, min(45, len(str(h)) + 4))
        ws.column_dimensions[get_column_letter(col)].width = width


def workbook_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """Build a workbook from (sheet title, headers, rows) and return its bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        write_sheet(wb.create_sheet(title=title[:31]), headers, rows)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()

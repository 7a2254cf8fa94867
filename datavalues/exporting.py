"""Write data values in the same long format ``import_values`` reads: CSV
(:func:`write_values`) or XLSX (:func:`write_values_xlsx`); either re-imports exactly."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import BinaryIO, TextIO

from bacthang.lib.numbers import PLAIN, VI, format_plain
from bacthang.lib.xlsx import HEADER_FILL, guard_text
from indicators.models import Indicator
from periods.models import Period
from units.models import Unit

from .models import DataValue

COLUMNS = ["indicator", "option", "unit", "period", "value", "comment", "source"]


def vi_text(value) -> str:
    """Vietnamese file form that ``import_values`` reads back exactly: ``1.735,6``, ``241.317``."""
    plain = format_plain(value)
    sign = "-" if plain.startswith("-") else ""
    whole, _, frac = plain.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def values_queryset(unit: Unit | None = None, period: Period | None = None, indicator: Indicator | None = None):
    qs = DataValue.objects.select_related("indicator", "option", "unit", "period")
    if unit is not None:
        qs = qs.filter(unit__in=Unit.objects.subtree(unit))
    if period is not None:
        qs = qs.filter(period=period)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator__sort_order", "indicator__code", "option__sort_order", "unit__code",
                       "period__start", "period__end")


def write_values(out: TextIO, queryset, number_style: str = VI) -> int:
    """Write the rows; the first line declares the number style so the file re-imports exactly."""
    out.write(f"# number-style: {number_style}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    fmt = format_plain if number_style == PLAIN else vi_text
    for v in queryset.iterator(chunk_size=5000):
        writer.writerow([v.indicator.code, v.option.code if v.option else "", v.unit.code, v.period.code,
                         fmt(v.value), guard_text(v.comment), guard_text(v.source)])
        n += 1
    return n


# Excel keeps 15 significant digits and the importer reads a numeric cell to 15 digits
# (``bacthang.lib.importing``): a value with more (up to 20: 14 digits and 6 decimals)
# is written as a text cell in the export's number style, which the importer parses.
EXCEL_DIGITS = 15
XLSX_NUMBER_FORMAT = "#,##0.######"
XLSX_WIDTHS = {"A": 24, "B": 16, "C": 16, "D": 10, "E": 18, "F": 30, "G": 40}


def _xlsx_value(value: Decimal, number_style: str):
    d = Decimal(value).normalize()
    if len(d.as_tuple().digits) <= EXCEL_DIGITS:
        return float(d), True
    return (format_plain(d) if number_style == PLAIN else vi_text(d)), False


def write_values_xlsx(out: str | BinaryIO, queryset, number_style: str = VI) -> int:
    """Write the rows into one sheet of an .xlsx (a path or a binary file), in constant
    memory (openpyxl's write-only mode): the same columns as the CSV, codes as text, a
    value as a numeric cell (a text cell beyond Excel's 15 digits), comment and source
    guarded against formula injection."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Số liệu")
    for letter, width in XLSX_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        header.append(cell)
    ws.append(header)
    n = 0
    for v in queryset.iterator(chunk_size=5000):
        value, numeric = _xlsx_value(v.value, number_style)
        cell = WriteOnlyCell(ws, value=value)
        if numeric:
            cell.number_format = XLSX_NUMBER_FORMAT
        ws.append([v.indicator.code, v.option.code if v.option else "", v.unit.code, v.period.code, cell,
                   guard_text(v.comment), guard_text(v.source)])
        n += 1
    wb.save(out)
    return n

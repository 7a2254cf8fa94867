"""Write data values in the same long format ``import_values`` reads."""

from __future__ import annotations

import csv
from typing import TextIO

from bacthang.lib.numbers import PLAIN, VI, format_plain
from bacthang.lib.xlsx import guard_text
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

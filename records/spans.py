"""Dates known only as a span.

A document often says "trong tháng 12/2023" or "giai đoạn 2021-2023".  Each dated fact
has the day (``…_on``) and the first possible day (``…_from``, equal to the day when it
is exact).  A record counts in a period when its whole span lies inside the period; if a
record's span only overlaps the period, the figure is unknown (``None``) and the
explanation says which records could not be placed.  Periods are calendar spans
(``Period.start`` – ``Period.end``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from periods.models import Period


def fields_of(prefix: str) -> tuple[str, str]:
    """The (first day, day) fields of a dated fact: ``decided`` -> (decided_from, decided_on)."""
    return f"{prefix}_from", f"{prefix}_on"


def span_inside(span: tuple[str, str], period: Period) -> Q:
    """Records whose (first day, last day) span lies inside the period."""
    first, last = span
    return Q(**{f"{first}__gte": period.start, f"{last}__lte": period.end})


def span_overlaps(span: tuple[str, str], period: Period) -> Q:
    first, last = span
    return Q(**{f"{first}__lte": period.end, f"{last}__gte": period.start})


def span_straddles(span: tuple[str, str], period: Period) -> Q:
    """Overlapping the period without lying inside it: the record cannot be placed in it."""
    return span_overlaps(span, period) & ~span_inside(span, period)


def check_span(day: dt.date | None, first: dt.date | None, label: str) -> list[str]:
    if day and first and first > day:
        return [f"{label}: ngày đầu khoảng ({first:%d/%m/%Y}) sau ngày cuối ({day:%d/%m/%Y})."]
    return []


def span_text(first: dt.date | None, day: dt.date | None) -> str:
    if day is None:
        return ""
    if first is None or first == day:
        return f"{day:%d/%m/%Y}"
    return f"{first:%d/%m/%Y} – {day:%d/%m/%Y}"

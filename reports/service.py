"""Generating a report from codes: what the CLI, the web page, the examples and the
benchmark all call."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from periods.codes import MONTH, SEASON, TERM, YEAR, PeriodCodeError
from periods.models import Period
from programmes.models import Programme, Target
from units.models import Unit

from .builders import builder_class
from .builders.base import Report
from .models import ReportKind


class ReportError(Exception):
    """A request that cannot produce a report (message in Vietnamese)."""


def parse_kind(kind: str) -> str:
    try:
        return ReportKind(kind).value
    except ValueError:
        names = ", ".join(ReportKind.values)
        raise ReportError(f"Loại báo cáo '{kind}' không có. Chọn một trong: {names}.") from None


def parse_period(kind: str, code: str) -> Period:
    try:
        period = Period.objects.for_code(code)
    except PeriodCodeError as e:
        raise ReportError(str(e)) from None
    if kind == ReportKind.MONTHLY and period.period_type != MONTH:
        raise ReportError("Báo cáo tháng cần kỳ là một tháng, ví dụ 202312 (tháng 12/2023).")
    if kind == ReportKind.PLAN and period.period_type != YEAR:
        raise ReportError("Kế hoạch sản xuất cần kỳ là một năm, ví dụ 2023.")
    if kind == ReportKind.REVIEW and period.period_type in (SEASON, TERM):
        raise ReportError("Báo cáo sơ kết cần kỳ là năm, 6 tháng, quý hoặc tháng (đến thời điểm sơ kết), "
                          "ví dụ 2023.")
    return period


def parse_unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ReportError(f"Đơn vị '{code}' không tồn tại.")
    return unit


def default_programme(kind: str, unit: Unit, period: Period) -> Programme | None:
    """The programme a review or plan is about when none is named.

    Review: a programme of the unit or one of its ancestors whose term covers the period,
    the top-level resolution first (Nghị quyết 05-NQ/TU for Lai Châu City).
    Plan: the programme holding targets of the unit (or its communes) for the year,
    a plan for that very year first."""
    if kind == ReportKind.REVIEW:
        ancestors = [unit.code.rsplit(".", i)[0] for i in range(unit.code.count(".") + 1)]
        qs = Programme.objects.filter(Q(unit__code__in=ancestors) | Q(unit__isnull=True)).select_related(
            "term", "unit")
        found = [p for p in qs if p.term is None or (p.term.start <= period.start and period.end <= p.term.end)]
        found.sort(key=lambda p: (p.parent_id is not None, p.term is None, p.code))
        return found[0] if found else None
    if kind == ReportKind.PLAN:
        own = set(Target.objects.filter(period=period, unit=unit).values_list("programme_id", flat=True))
        split = set(Target.objects.filter(period=period, unit__parent=unit).values_list("programme_id", flat=True))
        found = [p for p in Programme.objects.filter(pk__in=own | split).select_related("term")
                 if p.pk in own or p.unit_id == unit.pk]
        found.sort(key=lambda p: (p.pk not in own, p.term_id != period.pk, p.code))
        return found[0] if found else None
    return None


def programme_applies(programme: Programme, unit: Unit) -> bool:
    """Whether a report of ``unit`` may be about ``programme``: a national programme, or one
    whose territory holds the unit (the province's resolution for a city's review) or lies
    within it (a commune's plan in the city's report). Never another province's programme."""
    if programme.unit_id is None:
        return True
    where = programme.unit.code
    return unit.code == where or unit.code.startswith(where + ".") or where.startswith(unit.code + ".")


def parse_programme(kind: str, code: str | None, unit: Unit, period: Period) -> Programme | None:
    """The programme a review or plan is about. Its own scope check: a programme that does
    not apply to the report's unit (``programme_applies``) answers as one that does not exist,
    whatever the caller checked before (the unit itself is checked against the user by the caller)."""
    if kind == ReportKind.MONTHLY:
        return None
    if code:
        programme = Programme.objects.filter(code=code).select_related("unit").first()
        if programme is None or not programme_applies(programme, unit):
            raise ReportError(f"Chương trình, kế hoạch '{code}' không tồn tại hoặc không áp dụng cho {unit.name}.")
        return programme
    programme = default_programme(kind, unit, period)
    if programme is None and kind == ReportKind.REVIEW:
        raise ReportError("Chưa chọn chương trình, nghị quyết để sơ kết (--programme) và không tìm thấy chương "
                          f"trình nào của {unit.name} có giai đoạn bao gồm {period.name.lower()}.")
    return programme


def build_report(kind: str, unit: Unit, period: Period, programme: Programme | None = None, *,
                 date: dt.date | None = None, engine=None) -> Report:
    cls = builder_class(kind)
    return cls(unit, period, programme, date=date, engine=engine).build()


def build_from_codes(kind: str, unit_code: str, period_code: str, programme_code: str | None = None, *,
                     date: dt.date | None = None) -> Report:
    kind = parse_kind(kind)
    unit = parse_unit(unit_code)
    period = parse_period(kind, period_code)
    programme = parse_programme(kind, programme_code, unit, period)
    return build_report(kind, unit, period, programme, date=date)

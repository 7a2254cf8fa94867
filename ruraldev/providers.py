"""Indicators the engine derives from the criteria evaluations and recognitions
(``engine.providers``).  Only **approved** evaluations count (a draft is not a result),
and only for a year period (``2023``): a term is answered by the engine's rules for
stocks, from the years.

* ``NTM_CRITERIA_MET`` (option = level): criteria đạt of the commune's approved
  evaluation at that level in the year — "10" of "10/19";
* ``NTM_CRITERIA_TOTAL`` (option = level): the number of criteria of that set — "19";
* ``NTM_COMMUNES_CRITERION_MET`` (option ``C01`` … ``C19``): communes of the unit whose
  approved evaluation against the set for xã nông thôn mới (level BASIC) has that criterion đạt;
* ``NTM_AVG_CRITERIA_MET`` (option = level): the average criteria đạt per evaluated commune;
* ``NTM_COMMUNES_RECOGNISED`` (option = level; total = any commune level): communes whose
  recognition at that level holds on the period's last day (not withdrawn by then).

A unit is covered where records exist for it in the year (an approved evaluation — or,
for recognitions, a recognition decision — in its subtree); elsewhere the engine uses
reported values as usual.
"""

from __future__ import annotations

from decimal import Decimal

from bacthang.lib.numbers import format_number
from engine.providers import computation_cache
from periods.codes import YEAR
from units.models import Level as UnitLevel

from .evaluation import build_sheet
from .models import COMMUNE_LEVELS, Evaluation, Level, Recognition, Status, Workflow


def _memo(key, compute):
    cache = computation_cache()
    if cache is None:
        return compute()
    key = ("ruraldev",) + key
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _subtree(qs, unit, field="unit"):
    from django.db.models import Q

    return qs.filter(Q(**{f"{field}__code": unit.code}) | Q(**{f"{field}__code__startswith": unit.code + "."}))


def approved_sheets(unit, year: int):
    """(evaluation, sheet) of every approved evaluation in the unit's subtree for the year."""
    def compute():
        evs = _subtree(Evaluation.objects.filter(year=year, status=Workflow.APPROVED), unit).select_related(
            "unit", "criteria_set").order_by("unit__code", "criteria_set__level", "-criteria_set__version")
        return [(ev, build_sheet(ev)) for ev in evs]

    return _memo(("sheets", unit.pk, year), compute)


def _by_level(unit, year: int, level: str):
    """One sheet per commune for the level (the latest version when a commune has several)."""
    seen, out = set(), []
    for ev, sheet in approved_sheets(unit, year):
        if ev.criteria_set.level == level and ev.unit_id not in seen:
            seen.add(ev.unit_id)
            out.append((ev, sheet))
    return out


class _EvaluationProvider:
    def covers(self, unit, period) -> bool:
        return period.period_type == YEAR and bool(approved_sheets(unit, period.year))


class CriteriaMet(_EvaluationProvider):
    total = False

    def covers(self, unit, period) -> bool:
        return unit.level == UnitLevel.COMMUNE and super().covers(unit, period)

    def value(self, unit, option, period):
        if option not in COMMUNE_LEVELS:
            return None
        rows = [s for ev, s in _by_level(unit, period.year, option) if ev.unit_id == unit.pk]
        if not rows:
            return None
        return Decimal(rows[0].total if self.total else rows[0].met)

    def describe(self, unit, option, period):
        rows = [(ev, s) for ev, s in _by_level(unit, period.year, option or "") if ev.unit_id == unit.pk]
        if not rows:
            return f"Chưa có kết quả đánh giá tiêu chí nông thôn mới đã duyệt của {unit.name} năm {period.year}."
        ev, s = rows[0]
        return (f"Theo kết quả đánh giá đã duyệt năm {ev.year} theo {ev.criteria_set.name} "
                f"({ev.criteria_set.decision_number}, phiên bản {ev.criteria_set.version}): "
                f"đạt {s.count_text} tiêu chí.")


class CriteriaTotal(CriteriaMet):
    total = True


class CommunesMeetingCriterion(_EvaluationProvider):
    def value(self, unit, option, period):
        if not option or not option.startswith("C"):
            return None
        number = int(option[1:])
        rows = _by_level(unit, period.year, Level.BASIC)
        if not rows:
            return None
        return Decimal(sum(1 for _, s in rows if s.status_of(number) == Status.MET))

    def describe(self, unit, option, period):
        n = len(_by_level(unit, period.year, Level.BASIC))
        return (f"Đếm các xã đạt tiêu chí trong {format_number(n)} kết quả đánh giá đã duyệt năm {period.year} "
                "theo bộ tiêu chí xã nông thôn mới.")


class AverageCriteriaMet(_EvaluationProvider):
    def value(self, unit, option, period):
        rows = _by_level(unit, period.year, option) if option in COMMUNE_LEVELS else []
        if not rows:
            return None
        return (Decimal(sum(s.met for _, s in rows)) / len(rows)).quantize(Decimal("0.000001"))

    def describe(self, unit, option, period):
        n = len(_by_level(unit, period.year, option)) if option in COMMUNE_LEVELS else 0
        return f"Bình quân số tiêu chí đạt của {format_number(n)} xã có kết quả đánh giá đã duyệt năm {period.year}."


class CommunesRecognised:
    def _recs(self, unit):
        return _memo(("recs", unit.pk), lambda: list(_subtree(Recognition.objects.filter(
            level__in=COMMUNE_LEVELS), unit).values_list("unit_id", "level", "decided_on", "withdrawn_on")))

    def covers(self, unit, period) -> bool:
        return any(decided <= period.end for _, _, decided, _ in self._recs(unit))

    def value(self, unit, option, period):
        day = period.end
        holding = {(u, lvl) for u, lvl, decided, withdrawn in self._recs(unit)
                   if decided <= day and (withdrawn is None or day < withdrawn)}
        if option:
            return Decimal(len({u for u, lvl in holding if lvl == option}))
        return Decimal(len({u for u, _ in holding}))

    def describe(self, unit, option, period):
        return (f"Đếm các xã có quyết định công nhận còn hiệu lực ngày {period.end:%d/%m/%Y} "
                "(đã ghi trên hệ thống; quyết định đã thu hồi không tính).")


PROVIDERS = {
    "NTM_CRITERIA_MET": CriteriaMet(),
    "NTM_CRITERIA_TOTAL": CriteriaTotal(),
    "NTM_COMMUNES_CRITERION_MET": CommunesMeetingCriterion(),
    "NTM_AVG_CRITERIA_MET": AverageCriteriaMet(),
    "NTM_COMMUNES_RECOGNISED": CommunesRecognised(),
}

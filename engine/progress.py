"""Progress of a programme's targets: % achieved, gap, same period last year,
cumulative since the start of the term, and a forecast with a status.

For a target of period T (a year or a term) asked at period A (inside T or equal):

* **actual** — the value "to date": for a stock, its value at A; for a flow, the
  sum from the start of T to the end of A (whole years, then the months of A's year
  up to A); when A starts where T starts (A = ``2021-2023`` inside ``2021-2025``), the
  value of A itself.
* **percent** = actual ÷ target × 100; **gap** = target − actual (what remains).
* **last_year** — the value of the period one year before A ("cùng kỳ"), and the
  change (absolute and %), as the reports write "tăng/giảm … so với cùng kỳ".
* **cumulative** — since the start of the programme's term, same rule as actual.
* **baseline** — the value of the year before the term starts (2020 for 2021-2025).
* **forecast** of the value at the end of T:
  - flows: the run rate so far, actual ÷ elapsed share of T (in days);
  - stocks: the least-squares line through the yearly values from the baseline
    year to A's year, read at T's last year; with fewer than two yearly values, the
    current value (no trend can be drawn).
* **status** (for "at least" and "exactly" targets): *achieved* once actual ≥ target;
  otherwise *on track* if forecast ≥ target, *at risk* if forecast ≥ 90% of target,
  else *off track* — the reviews' "dự báo khó đạt".  For "at most" targets the
  comparisons are mirrored (at risk up to 110%).  No actual value → *no data*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.models import TimeAggregation
from periods.codes import MONTH, TERM, YEAR
from periods.models import Period
from programmes.models import Operator, Programme, Target

from . import results as R
from .rollup import Engine

AT_RISK_SHARE = Decimal("0.9")
ON_TRACK, AT_RISK, OFF_TRACK, ACHIEVED, NO_DATA = "on_track", "at_risk", "off_track", "achieved", "no_data"
STATUS_LABELS = {
    ACHIEVED: "Đã đạt",
    ON_TRACK: "Đúng tiến độ",
    AT_RISK: "Có nguy cơ chậm",
    OFF_TRACK: "Dự báo khó đạt",
    NO_DATA: "Chưa có số liệu",
}
HUNDRED = Decimal(100)


@dataclass
class ProgressRow:
    target: Target
    period: str
    actual: Decimal | None
    percent: Decimal | None
    gap: Decimal | None
    last_year: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None
    cumulative: Decimal | None
    baseline: Decimal | None
    forecast: Decimal | None
    status: str
    result: R.Result | None = field(default=None, repr=False)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def indicator(self):
        return self.target.indicator

    def as_dict(self) -> dict:
        t = self.target

        def num(x):
            return None if x is None else float(x)

        return {
            "programme": t.programme.code,
            "indicator": t.indicator.code,
            "indicator_name": t.indicator.name,
            "option": t.option.code if t.option else None,
            "option_name": t.option.name if t.option else None,
            "unit": t.unit.code,
            "unit_name": t.unit.name,
            "measure": t.indicator.measure,
            "target_period": t.period.code,
            "period": self.period,
            "operator": t.operator,
            "target": num(t.value),
            "actual": num(self.actual),
            "percent": num(self.percent),
            "gap": num(self.gap),
            "last_year": num(self.last_year),
            "change": num(self.change),
            "change_percent": num(self.change_percent),
            "cumulative": num(self.cumulative),
            "baseline": num(self.baseline),
            "forecast": num(self.forecast),
            "status": self.status,
            "status_label": self.status_label,
        }


def _contains(outer: Period, inner: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _elapsed_share(target_period: Period, asked: Period) -> Decimal:
    total = (target_period.end - target_period.start).days + 1
    done = (min(asked.end, target_period.end) - target_period.start).days + 1
    return max(Decimal(0), min(Decimal(1), Decimal(done) / Decimal(total)))


class Progress:
    def __init__(self, engine: Engine | None = None):
        self.engine = engine or Engine()

    def value(self, target: Target, period: Period | str) -> R.Result:
        return self.engine.value(target.indicator, target.unit, period, target.option)

    def to_date(self, target: Target, start: dt.date, asked: Period) -> tuple[Decimal | None, R.Result | None]:
        """The value from ``start`` to the end of ``asked`` (flows) or at ``asked`` (stocks)."""
        e = self.engine
        if target.indicator.time_aggregation == TimeAggregation.STOCK or asked.start == start:
            r = self.value(target, asked)
            return r.value, r
        parts: list[R.Result] = [self.value(target, str(y)) for y in range(start.year, asked.start.year)]
        if asked.period_type in (YEAR, TERM):
            parts.append(self.value(target, asked))
        elif asked.period_type == MONTH:
            parts.extend(self.value(target, f"{asked.year}{m:02d}") for m in range(1, int(asked.code[4:]) + 1))
        else:
            parts.append(self.value(target, asked))
        have = [p for p in parts if p.value is not None]
        if not have:
            return None, None
        ind = e.indicator(target.indicator.code)
        unit = e.unit(target.unit.code)
        combined = e._result(ind, target.option, unit, asked, sum((p.value for p in have), Decimal(0)), R.TIME_SUM,
                             part_list=have)
        return combined.value, combined

    def forecast(self, target: Target, asked: Period, actual: Decimal | None) -> Decimal | None:
        if actual is None:
            return None
        tp = target.period
        if asked.end >= tp.end:
            return actual
        if target.indicator.time_aggregation == TimeAggregation.FLOW:
            share = _elapsed_share(tp, asked)
            return actual / share if share > 0 else None
        points = []
        for y in range(tp.start.year - 1, asked.end.year + 1):
            v = self.value(target, str(y)).value
            if v is not None:
                points.append((Decimal(y), v))
        if len(points) < 2:
            return actual
        n = Decimal(len(points))
        mx = sum(x for x, _ in points) / n
        my = sum(y for _, y in points) / n
        sxx = sum((x - mx) ** 2 for x, _ in points)
        sxy = sum((x - mx) * (y - my) for x, y in points)
        slope = sxy / sxx if sxx else Decimal(0)
        return my + slope * (Decimal(tp.end.year) - mx)

    @staticmethod
    def status(target: Target, actual: Decimal | None, forecast: Decimal | None) -> str:
        if actual is None:
            return NO_DATA
        goal = target.value
        if target.operator == Operator.AT_MOST:
            if forecast is None or forecast <= goal:
                return ON_TRACK
            return AT_RISK if forecast <= goal * (2 - AT_RISK_SHARE) else OFF_TRACK
        if actual >= goal:
            return ACHIEVED
        if forecast is None:
            return OFF_TRACK
        if forecast >= goal:
            return ON_TRACK
        return AT_RISK if forecast >= goal * AT_RISK_SHARE else OFF_TRACK

    def row(self, target: Target, asked: Period) -> ProgressRow:
        start = target.period.start
        actual, result = self.to_date(target, start, asked)
        goal = target.value
        percent = actual / goal * HUNDRED if actual is not None and goal else None
        gap = goal - actual if actual is not None else None
        current = self.value(target, asked).value
        last_year = change = change_percent = None
        if asked.period_type != TERM:
            last_year = self.value(target, asked.same_period_last_year()).value
            if current is not None and last_year is not None:
                change = current - last_year
                change_percent = change / last_year * HUNDRED if last_year else None
        term = target.programme.term or (target.period if target.period.period_type == TERM else None)
        cumulative = baseline = None
        if term is not None:
            cumulative, _ = self.to_date(target, term.start, asked)
            baseline = self.value(target, str(term.start.year - 1)).value
        forecast = self.forecast(target, asked, actual)
        return ProgressRow(target, asked.code, actual, percent, gap, last_year, change, change_percent, cumulative,
                           baseline, forecast, self.status(target, actual, forecast), result)

    def rows(self, programme: Programme, unit, period) -> list[ProgressRow]:
        """One row per target of the programme at the unit whose period contains ``period``."""
        asked = self.engine.period(period)
        unit_obj = self.engine.unit(unit)
        targets = (Target.objects.filter(programme=programme, unit=unit_obj)
                   .select_related("indicator", "option", "unit", "period", "programme", "programme__term")
                   .order_by("indicator__sort_order", "option__sort_order", "period__start"))
        return [self.row(t, asked) for t in targets if _contains(t.period, asked)]


def progress(programme: Programme, unit, period) -> list[ProgressRow]:
    return Progress().rows(programme, unit, period)

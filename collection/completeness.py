"""Completeness and timeliness of a form for a period: which units have submitted, on
time or late, and which have not — per district and for the whole area, as the
monthly report writes it ("7/8 huyện, thành phố đã hoàn thành").

A report counts as done once it is submitted (submitted, approved or locked); it is
on time when it was submitted on or before the form's deadline
(``ReportForm.deadline_for``).  A report not done is *pending* until the deadline has
passed and *missing* after it.  Seen from an earlier ``today`` (the reminder command
run for a past date, the tests), a report submitted after that day is not done yet.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.scope import _reform_relatives
from bacthang.lib.numbers import format_number, format_percent
from periods.codes import HALF, MONTH, QUARTER, SEASON, SEASONS, YEAR, PeriodCodeError, parse_period
from periods.models import Period
from units.models import Level, Unit

from .models import DONE, ReportForm, Status, Submission

ON_TIME, LATE, PENDING, MISSING = "on_time", "late", "pending", "missing"
STATE_CSS = {ON_TIME: "ok", LATE: "warn", PENDING: "", MISSING: "bad"}


@dataclass
class UnitState:
    unit: Unit
    submission: Submission | None
    state: str
    days_late: int = 0

    @property
    def css(self) -> str:
        return STATE_CSS[self.state]

    @property
    def label(self) -> str:
        sub = self.submission
        if self.state == ON_TIME:
            return "Đúng hạn"
        if self.state == LATE:
            return f"Muộn {self.days_late} ngày"
        prefix = ""
        if sub is not None and sub.status == Status.RETURNED:
            prefix = "Bị trả lại, "
        elif sub is not None:
            prefix = "Đang nhập, "
        if self.state == PENDING:
            return (prefix + "chưa nộp (còn hạn)").capitalize()
        return (prefix + "quá hạn chưa nộp").capitalize()

    @property
    def done(self) -> bool:
        return self.state in (ON_TIME, LATE)


@dataclass
class Group:
    unit: Unit | None
    noun: str
    rows: list[UnitState] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.done)

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.state == ON_TIME)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.state == LATE)

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.state == MISSING)

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 0.0

    @property
    def percent_text(self) -> str:
        return format_percent(self.percent, 1)

    @property
    def sentence(self) -> str:
        text = f"{self.done}/{self.total} {self.noun} đã hoàn thành"
        if self.late:
            text += f" ({self.late} nộp muộn)"
        return text


@dataclass
class Completeness:
    form: ReportForm
    period: Period
    within: Unit | None
    deadline: dt.date
    today: dt.date
    groups: list[Group]
    overall: Group

    @property
    def deadline_passed(self) -> bool:
        return self.today > self.deadline


def expected_units(form: ReportForm, period: Period, within: Unit | None = None) -> list[Unit]:
    """The units that must report ``form`` for ``period`` in ``within``'s territory: its subtree and, across
    the 2025 reform, the units that took over or gave up that territory — the units its officers read and
    approve (``accounts.scope``), so a city's completeness after 1 July 2025 counts its new communes."""
    units = list(form.expected_units(period, within))
    if within is None:
        return units
    relatives = _reform_relatives([within]) - {u.pk for u in units}
    if relatives:
        units += list(form.expected_units(period).filter(pk__in=relatives))
        units.sort(key=lambda u: u.code)
    return units


def completeness(form: ReportForm, period: Period, within: Unit | None = None,
                 today: dt.date | None = None) -> Completeness:
    """Three queries whatever the number of units: units, their parents, submissions."""
    today = today or timezone.localdate()
    deadline = form.deadline_for(period)
    units = expected_units(form, period, within)
    subs = {s.unit_id: s for s in Submission.objects.filter(form=form, period=period, unit__in=units)}
    noun = form.level_noun()
    overall = Group(within, noun)
    groups: OrderedDict[int | None, Group] = OrderedDict()
    group_by_parent = form.level == Level.COMMUNE and (within is None or within.level < Level.DISTRICT)
    parents = {}
    if group_by_parent:
        parents = {u.pk: u for u in Unit.objects.filter(pk__in={u.parent_id for u in units if u.parent_id})}
    for u in units:
        sub = subs.get(u.pk)
        submitted = timezone.localdate(sub.submitted_at) if sub is not None and sub.submitted_at else None
        if sub is not None and sub.status in DONE and submitted is not None and submitted <= today:
            late = (submitted - deadline).days
            state = UnitState(u, sub, ON_TIME if late <= 0 else LATE, max(late, 0))
        else:
            state = UnitState(u, sub, PENDING if today <= deadline else MISSING)
        overall.rows.append(state)
        key = u.parent_id if group_by_parent else None
        if key not in groups:
            groups[key] = Group(parents.get(key) if group_by_parent else within, noun)
        groups[key].rows.append(state)
    return Completeness(form, period, within, deadline, today, list(groups.values()), overall)


# ---------------------------------------------------------------------------- due dates
def _candidate_codes(period_type: str, day: dt.date) -> list[str]:
    years = [day.year - 1, day.year, day.year + 1]
    if period_type == MONTH:
        return [f"{y}{m:02d}" for y in years for m in range(1, 13)]
    if period_type == QUARTER:
        return [f"{y}Q{q}" for y in years for q in range(1, 5)]
    if period_type == HALF:
        return [f"{y}S{h}" for y in years for h in (1, 2)]
    if period_type == YEAR:
        return [str(y) for y in years]
    if period_type == SEASON:
        return [f"{y}{s}" for y in years for s in SEASONS]
    return []


def _deadline(form: ReportForm, code: str) -> dt.date | None:
    try:
        spec = parse_period(code)
    except PeriodCodeError:
        return None
    return spec.window_end + dt.timedelta(days=form.deadline_offset_days)


def latest_overdue_period(form: ReportForm, day: dt.date) -> Period | None:
    """The period of ``form`` whose deadline passed most recently before ``day``."""
    found = [(d, c) for c in _candidate_codes(form.period_type, day) if (d := _deadline(form, c)) and d < day]
    if not found:
        return None
    return Period.objects.for_code(max(found)[1])


def upcoming_periods(form: ReportForm, day: dt.date, days: int) -> list[Period]:
    """Periods of ``form`` due from ``day`` to ``day + days``."""
    end = day + dt.timedelta(days=days)
    codes = sorted((d, c) for c in _candidate_codes(form.period_type, day)
                   if (d := _deadline(form, c)) and day <= d <= end)
    return [Period.objects.for_code(c) for _, c in codes]


def describe(c: Completeness) -> str:
    return (f"{c.form.name} — {c.period.name} (hạn {c.deadline:%d/%m/%Y}): {c.overall.sentence}, "
            f"{format_number(c.overall.percent, 1)}%")

"""What the home pages show of the report workflow kept by the collection app (issue 4):
forms due for a commune, submissions waiting for approval, completeness of a form.

Read only, and guarded: while the collection app has no forms, no tables or no pages,
these functions answer "nothing" and the home pages fall back on the figures
themselves.  Links to the collection pages are made with ``reverse`` and left out
when the page does not exist (``NoReverseMatch``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Role
from accounts.scope import assigned_units, role_of
from units.models import Unit

from .figures import subtree_q

# URL names of the collection app's pages, with the arguments they take.
ENTRY_URL = "collection:entry"  # (form code, unit code, period code)
SUBMISSION_URL = "collection:entry"
DUE_WINDOW_DAYS = 45


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@dataclass
class DueForm:
    form: object
    unit: Unit
    period: object
    deadline: dt.date
    status: str
    status_label: str
    url: str | None

    @property
    def overdue(self) -> bool:
        return self.status not in ("submitted", "approved", "locked") and self.deadline < timezone.localdate()

    @property
    def css(self) -> str:
        if self.status in ("submitted", "approved", "locked"):
            return "ok"
        return "bad" if self.overdue else "warn"


def forms_due_for(user, units: list[Unit], today: dt.date | None = None) -> list[DueForm]:
    """The forms each of ``units`` must report: the latest overdue period and those due soon."""
    try:
        from collection.completeness import latest_overdue_period, upcoming_periods
        from collection.models import ReportForm, Status, Submission
    except ImportError:
        return []
    today = today or timezone.localdate()
    try:
        forms = list(ReportForm.objects.filter(is_active=True).select_related("root_unit"))
        wanted = []
        for unit in units:
            for form in forms:
                if not form.applies_to(unit):
                    continue
                periods = upcoming_periods(form, today, DUE_WINDOW_DAYS)
                overdue = latest_overdue_period(form, today)
                if overdue is not None:
                    periods = [overdue, *periods]
                wanted.extend((form, unit, p) for p in periods if unit.is_valid_during(p.start, p.end))
        if not wanted:
            return []
        subs = {(s.form_id, s.unit_id, s.period_id): s for s in Submission.objects.filter(
            form__in={f.pk for f, _, _ in wanted}, unit__in={u.pk for _, u, _ in wanted},
            period__in={p.pk for _, _, p in wanted})}
    except DatabaseError:
        return []
    labels = dict(Status.choices)
    out = []
    for form, unit, period in wanted:
        sub = subs.get((form.pk, unit.pk, period.pk))
        status = sub.status if sub else "none"
        label = str(labels[sub.status]) if sub else "Chưa nhập"
        out.append(DueForm(form, unit, period, form.deadline_for(period), status, label,
                           _reverse(ENTRY_URL, form.code, unit.code, period.code)))
    done = ("submitted", "approved", "locked")
    out.sort(key=lambda d: (d.status in done, d.deadline, d.unit.code))
    return out


@dataclass
class Pending:
    submission: object
    url: str | None


def approvals_for(user, limit: int = 20) -> list[Pending]:
    """Submissions waiting for the user's approval: of a unit below one of the user's units."""
    if role_of(user) not in (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.ADMIN):
        return []
    try:
        from collection.models import Status, Submission
    except ImportError:
        return []
    mine = assigned_units(user)
    qs = Submission.objects.filter(status=Status.SUBMITTED)
    if role_of(user) != Role.ADMIN:
        qs = qs.filter(subtree_q(mine, "unit__"))
    try:
        subs = list(qs.select_related("form", "unit", "period").order_by("submitted_at")[:500])
    except DatabaseError:
        return []
    if role_of(user) != Role.ADMIN:
        subs = [s for s in subs if any(u.contains(s.unit) and u.level < s.unit.level for u in mine)]
    return [Pending(s, _reverse(SUBMISSION_URL, s.form.code, s.unit.code, s.period.code)) for s in subs[:limit]]


@dataclass
class FormProgress:
    form: object
    period: object
    deadline: dt.date
    sentence: str
    percent: float
    url: str | None


def form_completeness(unit: Unit, today: dt.date | None = None) -> list[FormProgress]:
    """For each active commune form of the unit's territory, how many communes reported the
    period whose deadline passed last ("5/7 xã, phường đã hoàn thành"), by the collection
    app's own rule (``collection.completeness``)."""
    try:
        from collection.completeness import completeness, latest_overdue_period
        from collection.models import ReportForm
    except ImportError:
        return []
    today = today or timezone.localdate()
    out = []
    try:
        forms = list(ReportForm.objects.filter(is_active=True).select_related("root_unit"))
        for form in forms:
            if form.level <= unit.level or not (form.root_unit is None or form.root_unit.contains(unit)
                                                or unit.contains(form.root_unit)):
                continue
            period = latest_overdue_period(form, today + dt.timedelta(days=1))
            if period is None:
                continue
            c = completeness(form, period, unit, today=today)
            if not c.overall.total:
                continue
            url = _reverse("collection:progress")
            if url:
                url += f"?form={form.code}&period={period.code}&unit={unit.code}"
            out.append(FormProgress(form, period, c.deadline, c.overall.sentence, c.overall.percent, url))
    except DatabaseError:
        return []
    return out

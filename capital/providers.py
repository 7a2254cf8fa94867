"""Capital figures — the one place that adds capital records up: the indicator providers
(CAPITAL_ALLOCATED and CAPITAL_DISBURSED, triệu đồng, by CAPITAL_LINE, read by the
engine like every derived figure) and the capital pages both call ``totals`` and
``by_line`` below.  The option is a project's ``line_code``; its figure includes the
project's sub-projects.  ``CAPITAL_DISBURSED_PCT`` is the catalogue's formula over the
two, computed by the engine.  ``covers`` follows ``records.providers`` (register
``capital``).

Allocated, disbursed and % of plan from the stored plan lines and disbursements — the
one place that adds capital records up (the indicator providers and the pages both
call it).

A plan line counts in a period when its whole year lies inside the period; a
disbursement when its whole span (one day, or the span of a cumulative figure) does.
A record that only overlaps the period cannot be placed in it: the figure is then
unknown (``None``) rather than guessed.  "To date" (``period=None``) counts every plan
year up to the year of ``as_of`` and every disbursement made by ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from bacthang.lib.numbers import format_number, format_percent
from periods.models import Period
from records.models import FundingSource
from records.providers import RecordProvider, Source
from records.spans import span_inside, span_overlaps, span_straddles
from records.territory import Territory

from .models import Disbursement, PlanLine, Project, Register

DISBURSED = ("disbursed_from", "disbursed_on")


def years_inside(period: Period) -> list[int]:
    return [y for y in range(period.start.year, period.end.year + 1)
            if dt.date(y, 1, 1) >= period.start and dt.date(y, 12, 31) <= period.end]


def plan_overlaps(period: Period) -> Q:
    return Q(year__gte=period.start.year, year__lte=period.end.year)


def plan_inside(period: Period) -> Q:
    return Q(year__in=years_inside(period))


def percent(disbursed: Decimal | None, allocated: Decimal | None) -> Decimal | None:
    if disbursed is None or not allocated:
        return None
    return disbursed / allocated * Decimal(100)


def sentence(disbursed: Decimal | None, allocated: Decimal | None) -> str:
    """The report's phrase: 'đã giải ngân được 5.078 triệu đồng, đạt 84% KH'."""
    if disbursed is None:
        return "chưa có số liệu giải ngân"
    text = f"đã giải ngân được {format_number(disbursed, 3)} triệu đồng"
    pct = percent(disbursed, allocated)
    if pct is not None:
        text += f", đạt {format_percent(pct, 0)} KH"
    return text


@dataclass
class Figure:
    """Allocated and disbursed for a line, a programme, a unit or a total."""

    label: str = ""
    allocated: Decimal | None = Decimal(0)
    disbursed: Decimal | None = Decimal(0)
    unplaced: int = 0  # records that cannot be placed in the period
    project: Project | None = None
    unit: object = None
    funding_source: str = ""
    parts: list = field(default_factory=list)

    @property
    def pct(self) -> Decimal | None:
        return percent(self.disbursed, self.allocated)

    @property
    def sentence(self) -> str:
        return sentence(self.disbursed, self.allocated)

    @property
    def funding_source_label(self) -> str:
        return str(FundingSource(self.funding_source).label) if self.funding_source else ""

    def add(self, other: Figure) -> None:
        self.allocated = None if self.allocated is None or other.allocated is None else self.allocated + other.allocated
        self.disbursed = None if self.disbursed is None or other.disbursed is None else self.disbursed + other.disbursed
        self.unplaced += other.unplaced
        self.parts.append(other)


def _window(plans: QuerySet, disbs: QuerySet, period: Period | None, as_of: dt.date | None):
    """(plans counted, plans unplaced, disbursements counted, disbursements unplaced)."""
    if period is None:
        as_of = as_of or dt.date.today()
        return (plans.filter(year__lte=as_of.year), plans.none(), disbs.filter(disbursed_on__lte=as_of), disbs.none())
    return (plans.filter(plan_inside(period)), plans.filter(plan_overlaps(period)).exclude(plan_inside(period)),
            disbs.filter(span_inside(DISBURSED, period)), disbs.filter(span_straddles(DISBURSED, period)))


def totals(plans: QuerySet, disbs: QuerySet, period: Period | None = None,
           as_of: dt.date | None = None) -> Figure:
    """One figure for everything in the querysets (four queries)."""
    p_in, p_out, d_in, d_out = _window(plans, disbs, period, as_of)
    out_p, out_d = p_out.count(), d_out.count()
    allocated = None if out_p else (p_in.aggregate(s=Sum("amount"))["s"] or Decimal(0))
    disbursed = None if out_d else (d_in.aggregate(s=Sum("amount"))["s"] or Decimal(0))
    return Figure(allocated=allocated, disbursed=disbursed, unplaced=out_p + out_d)


def by_line(plans: QuerySet, disbs: QuerySet, period: Period | None = None,
            as_of: dt.date | None = None) -> list[Figure]:
    """One figure per (project, unit, funding source), in project order (a fixed number of queries)."""
    p_in, p_out, d_in, d_out = _window(plans, disbs, period, as_of)
    key_fields = ("project_id", "unit_id", "funding_source")
    rows: dict[tuple, Figure] = defaultdict(Figure)
    for r in p_in.values(*key_fields).annotate(s=Sum("amount")):
        rows[tuple(r[k] for k in key_fields)].allocated += r["s"]
    for r in d_in.values(*key_fields).annotate(s=Sum("amount")):
        rows[tuple(r[k] for k in key_fields)].disbursed += r["s"]
    for qs, side in ((p_out, "allocated"), (d_out, "disbursed")):
        for r in qs.values(*key_fields).annotate(n=Count("id")):
            fig = rows[tuple(r[k] for k in key_fields)]
            setattr(fig, side, None)
            fig.unplaced += r["n"]
    if not rows:
        return []
    from units.models import Unit

    projects = {p.pk: p for p in Project.objects.all()}
    units = {u.pk: u for u in Unit.objects.filter(pk__in={k[1] for k in rows})}
    out = []
    for (pid, uid, src), fig in rows.items():
        fig.project, fig.unit, fig.funding_source = projects[pid], units[uid], src
        fig.label = projects[pid].name
        out.append(fig)
    order = project_order(projects)
    out.sort(key=lambda f: (order[f.project.pk], f.unit.code, f.funding_source))
    return out


def project_order(projects: dict[int, Project]) -> dict[int, tuple]:
    """Depth-first order of the project tree (a programme, then its projects …)."""
    def path(p: Project) -> tuple:
        chain = []
        seen = set()
        while p is not None and p.pk not in seen:
            seen.add(p.pk)
            chain.append((p.sort_order, p.code))
            p = projects.get(p.parent_id)
        return tuple(reversed(chain))

    return {pk: path(p) for pk, p in projects.items()}


def root_of(project: Project, projects: dict[int, Project]) -> Project:
    seen = set()
    while project.parent_id and project.parent_id in projects and project.pk not in seen:
        seen.add(project.pk)
        project = projects[project.parent_id]
    return project


def group(lines: list[Figure], key, attr: str) -> list[Figure]:
    """Totals of line figures grouped by ``key(figure) -> (sort key, label, object)``; the
    object is kept on the group's ``attr`` (``project`` or ``unit``)."""
    groups: dict = {}
    for f in lines:
        sort_key, label, obj = key(f)
        g = groups.get(sort_key)
        if g is None:
            g = groups[sort_key] = Figure(label=label)
            setattr(g, attr, obj)
        g.add(f)
    return [groups[k] for k in sorted(groups)]


def by_programme(lines: list[Figure]) -> list[Figure]:
    projects = {p.pk: p for p in Project.objects.all()}
    order = project_order(projects)

    def key(f: Figure):
        root = root_of(f.project, projects)
        return order[root.pk], root.name, root

    return group(lines, key, "project")


def by_unit(lines: list[Figure]) -> list[Figure]:
    return group(lines, lambda f: (f.unit.code, f.unit.name, f.unit), "unit")


def subtree_ids(line_code: str) -> list[int]:
    """Projects whose money counts for a CAPITAL_LINE option: those with the code and their sub-projects."""
    projects = list(Project.objects.values_list("pk", "parent_id", "line_code"))
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent, _code in projects:
        children[parent].append(pk)
    found, stack = set(), [pk for pk, _p, code in projects if code == line_code]
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children.get(pk, []))
    return sorted(found)


class CapitalProvider(RecordProvider):
    register = Register.CAPITAL

    def __init__(self, side: str):
        self.side = side  # "allocated" or "disbursed"

    def sources(self) -> list[Source]:
        return [Source(PlanLine, when=plan_overlaps), Source(Disbursement, DISBURSED)]

    def compute(self, terr: Territory, option: str | None, period: Period):
        plans, disbs = PlanLine.objects.filter(terr.q()), Disbursement.objects.filter(terr.q())
        if option:
            ids = subtree_ids(option)
            plans, disbs = plans.filter(project_id__in=ids), disbs.filter(project_id__in=ids)
        # Nothing of the period on the system is not 0: the allocation is not known without
        # a plan line, the disbursement without a plan line or a disbursement (a plan line
        # with nothing disbursed yet is 0 disbursed).
        if not plans.filter(plan_overlaps(period)).exists() and (
                self.side == "allocated" or not disbs.filter(span_overlaps(DISBURSED, period)).exists()):
            return None, f"Chưa có dòng kế hoạch vốn nào của kỳ {period.code} trên hệ thống."
        if self.side == "allocated":
            disbs = disbs.none()
        else:
            plans = plans.none()
        fig = totals(plans, disbs, period)
        value = fig.allocated if self.side == "allocated" else fig.disbursed
        if value is None:
            return None, (f"Không tách được số liệu kỳ {period.code}: {format_number(fig.unplaced)} dòng kế hoạch vốn "
                          "hoặc lần giải ngân chỉ biết theo năm hoặc theo một khoảng thời gian rộng hơn kỳ này.")
        what = "kế hoạch vốn được phân bổ" if self.side == "allocated" else "số vốn đã giải ngân"
        return value, f"Cộng {what} đã ghi trên hệ thống trong kỳ {period.code}."


PROVIDERS = {
    "CAPITAL_ALLOCATED": CapitalProvider("allocated"),
    "CAPITAL_DISBURSED": CapitalProvider("disbursed"),
}

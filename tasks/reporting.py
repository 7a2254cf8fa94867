"""The "tình hình thực hiện nhiệm vụ" part of the review and the monthly report, generated from
task updates: counts by status on the report's last day, and the overdue tasks named with
their office.  ``task_paragraphs`` returns the paragraphs; ``add_task_part`` puts them into a
report's blocks as the last numbered part of a chosen top-level section.

Which tasks: those whose lead office sits on the report's unit or below it (the city's offices
and its communes' committees in the city's report), or on a unit that the reform merged into
it or that took it over (``accounts.scope`` rules via ``UnitSuccession``).  A task's status on a
day is that of its last update on or before that day (none: chưa thực hiện); it is overdue on
that day when its deadline is before it and it is not complete."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q

from bacthang.lib.numbers import format_number
from units.models import Unit, UnitSuccession

from .models import Status, Task

HEADING = "Tình hình thực hiện nhiệm vụ"
LABELS = {Status.NOT_STARTED: "chưa thực hiện", Status.IN_PROGRESS: "đang thực hiện", Status.DONE: "hoàn thành"}


def _units_q(unit: Unit) -> Q:
    codes = [unit.code]
    related = UnitSuccession.objects.filter(Q(successor__code=unit.code)
                                            | Q(successor__code__startswith=unit.code + "."))
    codes += list(related.values_list("predecessor__code", flat=True))
    q = Q()
    for c in set(codes):
        q |= Q(lead__unit__code=c) | Q(lead__unit__code__startswith=c + ".")
    return q


def status_on(task: Task, day: dt.date) -> str:
    last = None
    for u in task.timeline:  # ordered by date
        if u.on <= day:
            last = u
    return last.status if last else Status.NOT_STARTED


def task_summary(unit: Unit, day: dt.date, programmes=None) -> dict | None:
    from django.db.models import Prefetch

    from .models import TaskUpdate

    qs = Task.objects.filter(_units_q(unit)).select_related("lead", "lead__unit")
    if programmes is not None:
        qs = qs.filter(programme__in=list(programmes))
    updates = TaskUpdate.objects.defer("evidence").order_by("on", "id")
    tasks = list(qs.prefetch_related(Prefetch("updates", queryset=updates, to_attr="timeline"))
                 .order_by("programme__code", "sort_order", "reference"))
    if not tasks:
        return None
    counts = {s: 0 for s in Status.values}
    overdue = []
    for t in tasks:
        s = status_on(t, day)
        counts[s] += 1
        if t.deadline and t.deadline < day and s != Status.DONE:
            overdue.append(t)
    return {"total": len(tasks), "counts": counts, "overdue": overdue}


def task_paragraphs(unit: Unit, day: dt.date, programmes=None) -> list[str]:
    """The part's paragraphs for tasks of ``unit`` on ``day``; empty when no task is recorded."""
    s = task_summary(unit, day, programmes)
    if s is None:
        return []
    n = format_number
    parts = [f"{n(s['counts'][k])} nhiệm vụ {LABELS[k]}" for k in (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED)
             if s["counts"][k]]
    first = (f"Đến ngày {day:%d/%m/%Y}, trong tổng số {n(s['total'])} nhiệm vụ được giao có " + ", ".join(parts))
    if s["overdue"]:
        first += f"; trong đó {n(len(s['overdue']))} nhiệm vụ quá hạn chưa hoàn thành"
    out = [first + "."]
    for t in s["overdue"]:
        out.append(f"- Quá hạn: {t.lead.name} ({t.lead.unit.name}) — {_short(t.text)} (hạn {t.deadline:%d/%m/%Y}).")
    return out


def _short(text: str, words: int = 30) -> str:
    w = text.split()
    s = " ".join(w[:words]).rstrip(".;,")
    return s + (" …" if len(w) > words else "")


_NUMBER = re.compile(r"^(\d+)\.\s")


def add_task_part(blocks: list, block_type, unit: Unit, day: dt.date, *, section: int = 0, programmes=None) -> list:
    """Insert the part as the last level-2 item of the ``section``-th level-1 heading of ``blocks``
    (numbered after the items already there); appended at the end when the report has no such
    section.  Returns ``blocks`` (changed in place)."""
    paras = task_paragraphs(unit, day, programmes)
    if not paras:
        return blocks
    tops = [i for i, b in enumerate(blocks) if b.level == 1]
    if len(tops) > section:
        start = tops[section]
        end = tops[section + 1] if len(tops) > section + 1 else len(blocks)
        numbers = [int(m.group(1)) for b in blocks[start:end] if b.level == 2 and (m := _NUMBER.match(b.text))]
        head = f"{max(numbers, default=0) + 1}. {HEADING}"
    else:
        end, head = len(blocks), HEADING
    blocks[end:end] = [block_type(head, 2), *[block_type(p) for p in paras]]
    return blocks

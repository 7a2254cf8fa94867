"""The indicator catalogue search (``/danh-muc-chi-tieu/``): the indicators a user may see
(``indicators.visibility``), found by code or name whatever the case and the diacritics
("dien tich" finds "Diện tích", "đàn" and "DAN" find each other), optionally of one group.

The catalogue is a few hundred rows: it is filtered in Python over the visible list, so
the search folds text exactly the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from bacthang.lib.text import strip_marks as fold
from indicators.models import Group, Indicator
from indicators.visibility import belongs_to, visible_indicators

MAX_QUERY = 100




def matches(indicator: Indicator, terms: list[str]) -> bool:
    """Every term of the query is in the indicator's code or name (folded)."""
    haystack = f"{fold(indicator.code)} {fold(indicator.name)}"
    return all(t in haystack for t in terms)


@dataclass
class Entry:
    indicator: Indicator
    url: str


def search(user, query: str = "", group: str = "") -> list[Indicator]:
    """The active indicators the user may see matching ``query`` (and of ``group`` when given),
    in catalogue order."""
    qs = visible_indicators(user, Indicator.objects.filter(is_active=True))
    if group:
        qs = qs.filter(group=group)
    found = list(qs.select_related("disaggregation", "unit").order_by("sort_order", "code"))
    terms = fold(query[:MAX_QUERY]).split()
    return [i for i in found if matches(i, terms)] if terms else found


def page_unit(indicator: Indicator, home, can_read) -> object | None:
    """The unit whose indicator page an entry opens: the user's home unit when the indicator
    is in its catalogue, else the indicator's province when the user reads it."""
    if home is not None and belongs_to(indicator, home):
        return home
    if indicator.unit_id is not None and can_read(indicator.unit):
        return indicator.unit
    return None


def sections(entries: list[Entry]) -> list[dict]:
    """Entries by group, in the order of the groups."""
    by_group: dict[str, list[Entry]] = {}
    for e in entries:
        by_group.setdefault(e.indicator.group, []).append(e)
    labels = dict(Group.choices)
    return [{"key": g, "label": labels.get(g, g), "items": by_group[g]} for g in Group.values if g in by_group]

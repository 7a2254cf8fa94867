"""The notes a report cites: those of the report's unit (and the units inside it) in the
report's period, never a placeholder, in date order."""

from __future__ import annotations

from django.db.models import Q

from .models import Note


def notes_for(unit, period, *, kind: str = "", topic: str = "", since=None) -> list[Note]:
    """Notes bound to ``unit`` or a unit inside it whose period lies within ``period`` (or
    from ``since``, a date: a review cites the notes since the start of the programme's term)."""
    start = since or period.start
    qs = Note.objects.filter(Q(unit=unit) | Q(unit__code__startswith=unit.code + "."), is_placeholder=False,
                             period__start__gte=start, period__end__lte=period.end)
    if kind:
        qs = qs.filter(kind=kind)
    if topic:
        qs = qs.filter(topic=topic)
    return list(qs.select_related("unit", "period").order_by("date", "period__start", "pk"))

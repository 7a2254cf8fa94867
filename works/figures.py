"""Totals of a list of works by type (the list page's summary) — one query."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from .models import WorkStatus, WorkType


def type_totals(works: QuerySet) -> list[dict]:
    done = Q(status=WorkStatus.COMPLETED)
    rows = (works.order_by().values("work_type")
            .annotate(records=Count("id"), works=Sum("works_count"), unknown=Count("id", filter=Q(works_count=None)),
                      km=Sum("length_km"), km_done=Sum("length_km", filter=done))
            .order_by("work_type"))
    return [dict(r, label=WorkType(r["work_type"]).label) for r in rows]

"""Totals of incident lists (the list pages' summaries), added up in the database."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from .models import ViolationType


def violation_totals(violations: QuerySet) -> list[dict]:
    rows = (violations.order_by().values("violation_type")
            .annotate(n=Count("id"), area=Sum("damaged_area_ha")).order_by("violation_type"))
    order = list(ViolationType.values)
    return sorted((dict(r, label=ViolationType(r["violation_type"]).label) for r in rows),
                  key=lambda r: order.index(r["violation_type"]))


def campaign_progress(campaigns: QuerySet) -> dict[int, tuple[int, int]]:
    """campaign id -> (target units completed, target units)."""
    rows = campaigns.order_by().values("pk").annotate(done=Count("targets", filter=Q(targets__completed=True)),
                                                        total=Count("targets"))
    return {r["pk"]: (r["done"], r["total"]) for r in rows}

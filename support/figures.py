"""Totals of a list of support applications (the list page's summary), added up in the
database — one query."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from .models import Status


def item_totals(applications: QuerySet) -> list[dict]:
    """Per support item: number of applications, quantities registered / approved / accepted,
    amount paid (rejected applications only in their count)."""
    live = ~Q(status=Status.REJECTED)
    return list(
        applications.order_by().values("item_id", "item__name", "item__measure", "item__policy__code")
        .annotate(n=Count("id"), rejected=Count("id", filter=Q(status=Status.REJECTED)),
                  registered=Sum("quantity", filter=live), approved=Sum("approved_quantity", filter=live),
                  accepted=Sum("accepted_quantity", filter=live), paid=Sum("paid_amount", filter=live))
        .order_by("item__policy__code", "item_id"))

"""``{% my_tasks %}``: the "Nhiệm vụ của tôi" panel of the home page (the user's offices' open and
overdue tasks, overdue first), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django import template
from django.db.models import Case, IntegerField, Value, When

from ..models import Office, Status, Task, overdue_q
from ..scope import my_offices, visible_tasks

register = template.Library()
SHOWN = 10


def my_tasks_for(user, today: dt.date | None = None) -> dict | None:
    today = today or dt.date.today()
    offices = my_offices(user)
    if not offices:
        return None
    qs = (visible_tasks(user, Task.objects.filter(lead__in=offices)).exclude(status=Status.DONE)
          .select_related("lead"))
    qs = qs.annotate(late=Case(When(overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()))
    rows = list(qs.order_by("late", "deadline", "programme__code", "sort_order", "reference")[:SHOWN + 1])
    total = qs.count()
    names = list(Office.objects.filter(pk__in=offices, valid_to__isnull=True).values_list("name", flat=True)[:4]) \
        or list(Office.objects.filter(pk__in=offices).values_list("name", flat=True)[:4])
    return {"rows": rows[:SHOWN], "more": total > SHOWN, "total": total,
            "overdue": qs.filter(overdue_q(today)).count(), "offices_text": ", ".join(names)}


@register.inclusion_tag("tasks/_my_tasks.html", takes_context=True)
def my_tasks(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"my_tasks": my_tasks_for(user) if user is not None else None}

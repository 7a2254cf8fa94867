"""Which capital programmes a user is shown: the one rule of the list filter and the forms.

A programme (a root project) is shown when it has plan lines or disbursements — its own
or its projects' — in the units the user may read, or when its programme document is
issued for one of them.  The forms also offer national programmes (no document, or a
document without a unit): every unit may receive their capital.  Another province's
programme is never named to its officers."""

from __future__ import annotations

from django.db.models import Q

from accounts.scope import is_admin
from records.pages import readable

from . import providers as figures
from .models import Disbursement, PlanLine, Project


def shown_programmes(user, national: bool = False) -> list[Project]:
    """The root projects shown to ``user`` (``national``: national programmes too)."""
    projects = {p.pk: p for p in Project.objects.select_related("programme")}
    roots = sorted((p for p in projects.values() if p.parent_id is None), key=lambda p: (p.sort_order, p.code))
    if is_admin(user):
        return roots
    units = readable(user)
    used = Project.objects.filter(
        Q(pk__in=PlanLine.objects.filter(unit__in=units).values("project_id"))
        | Q(pk__in=Disbursement.objects.filter(unit__in=units).values("project_id"))
        | Q(programme__unit__in=units)).values_list("pk", flat=True)
    shown = {figures.root_of(projects[pk], projects).pk for pk in used if pk in projects}
    if national:  # a national programme (no document, or one without a unit) may be started anywhere
        shown |= {p.pk for p in roots if p.programme is None or p.programme.unit_id is None}
    return [p for p in roots if p.pk in shown]


def shown_project_ids(user) -> set[int] | None:
    """Every project under a programme the forms offer to ``user`` (None: all, for admins)."""
    if is_admin(user):
        return None
    projects = {p.pk: p for p in Project.objects.all()}
    roots = {p.pk for p in shown_programmes(user, national=True)}
    return {pk for pk, p in projects.items() if figures.root_of(p, projects).pk in roots}

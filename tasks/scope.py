"""Who sees and updates which tasks — built on ``accounts.scope``, the one place of the scope rules.

* A user sees a task when its lead office or one of its supporting offices sits on a unit
  the user reads (``accounts.scope.readable_units``): a commune officer sees the tasks of
  their commune's offices, never another commune's; a city officer the city's and its
  communes'; admins everything.  A task outside the scope answers 404.
* "My offices" (``my_offices``): the offices the user is a member of or, for a user who
  belongs to none, the offices on the user's assigned units — plus, across the 2025 reform,
  every office whose work moved to one of them (``OfficeSuccession``, followed backwards).
* Updating a task's progress: members of its lead office (or of the office that succeeded
  it) and officers who write data on the lead office's unit (``accounts.scope.can_write``);
  leaders never.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.scope import WRITE_ROLES, assigned_units, can_write, is_admin, readable_units, role_of

from .models import Office, OfficeSuccession, Task


def visible_tasks(user, qs: QuerySet | None = None) -> QuerySet:
    qs = Task.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    units = readable_units(user)
    offices = Office.objects.filter(unit__in=units).values("pk")
    inside = Task.objects.filter(Q(lead__in=offices) | Q(supporting__in=offices)).values("pk")
    return qs.filter(pk__in=inside)


def get_task_or_404(user, pk) -> Task:
    task = visible_tasks(user, Task.objects.select_related("lead", "lead__unit", "programme")).filter(pk=pk).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def _with_predecessors(pks: set[int]) -> set[int]:
    seen = set(pks)
    frontier = set(pks)
    while frontier:
        earlier = set(OfficeSuccession.objects.filter(successor__in=frontier).values_list("predecessor_id", flat=True))
        frontier = earlier - seen
        seen |= frontier
    return seen


def own_offices(user) -> set[int]:
    """The offices the user works in: memberships, else the offices on their assigned units."""
    if not getattr(user, "is_authenticated", False):
        return set()
    member = set(Office.objects.filter(officemember__user=user).values_list("pk", flat=True))
    if member:
        return member
    units = assigned_units(user)
    return set(Office.objects.filter(unit__in=units).values_list("pk", flat=True)) if units else set()


def my_offices(user) -> set[int]:
    return _with_predecessors(own_offices(user))


def can_update(user, task: Task) -> bool:
    if role_of(user) not in WRITE_ROLES:
        return False
    if is_admin(user):
        return True
    if not visible_tasks(user).filter(pk=task.pk).exists():
        return False
    member = set(Office.objects.filter(officemember__user=user).values_list("pk", flat=True))
    if task.lead_id in _with_predecessors(member):
        return True
    return can_write(user, task.lead.unit)

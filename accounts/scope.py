"""Who may read and write which units: the one place every view, export, import,
report and API endpoint asks.

* A user reads the subtree of each assigned unit.  The subtree follows the 2025
  reform both ways: a user assigned to an old district or commune also reads the new
  communes that inherited its territory, and a user assigned to a new commune also
  reads the old communes merged into it (the history of the same territory).
* Writing data values: commune officers write their own communes; district and
  province officers write within their subtree; leaders write nothing; superusers
  and admins write everywhere.
* Approving a submission: an officer of a level above the unit, within scope.
* Objects outside the scope are answered with 404, never 403, so their existence is
  not revealed (``get_unit_or_404``).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404

from units.models import Level, Unit, UnitSuccession

from .models import Role

WRITE_ROLES = {Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.ADMIN}
APPROVE_ROLES = {Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.ADMIN}
MANAGE_ROLES = {Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.ADMIN}  # registries, support, works

def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None

def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN

def assigned_units(user) -> list[Unit]:
    if not getattr(user, "is_authenticated", False):
        return []
    profile = getattr(user, "profile", None)
    return list(profile.units.all()) if profile else []

def _reform_relatives(units: list[Unit]) -> set[int]:
    """Units on the other side of the reform that share territory with ``units``' subtrees."""
    if not units:
        return set()
    q = Q()
    for u in units:
        q |= Q(code=u.code) | Q(code__startswith=u.code + ".")
    inside = Unit.objects.filter(q).values("pk")
    forward = UnitSuccession.objects.filter(predecessor__in=inside).values_list("successor_id", flat=True)
    backward = UnitSuccession.objects.filter(successor__in=inside).values_list("predecessor_id", flat=True)
    return set(forward) | set(backward)

def readable_units(user):
    """A queryset of every unit the user may read."""
    if is_admin(user):
        return Unit.objects.all()
    units = assigned_units(user)
    if not units:
        return Unit.objects.none()
    q = Q(pk__in=_reform_relatives(units))
    for u in units:
        q |= Q(pk=u.pk) | Q(code__startswith=u.code + ".")
    return Unit.objects.filter(q)

def can_read(user, unit: Unit) -> bool:
    if is_admin(user):
        return True
    for u in assigned_units(user):
        if u.contains(unit):
            return True
    return readable_units(user).filter(pk=unit.pk).exists()

def readable_unit_pks(user, units) -> set[int]:
    """The pks of ``units`` the user may read — ``can_read`` for many units at once, in a
    fixed number of queries (a file of thousands of rows, the write path)."""
    units = list(units)
    if is_admin(user):
        return {u.pk for u in units}
    mine = assigned_units(user)
    if not mine:
        return set()
    inside = {u.pk for u in units if any(a.contains(u) for a in mine)}
    if len(inside) < len(units):
        inside |= {u.pk for u in units} & _reform_relatives(mine)
    return inside

def may_change(role: str | None, unit: Unit, *, targets: bool = False) -> bool:
    """The role part of ``can_write`` (values) and ``can_set_targets`` (targets), for a unit
    the user reads: commune officers write their communes only; targets are set by district
    and province officers and admins."""
    if targets:
        return role in MANAGE_ROLES
    return role in WRITE_ROLES and not (role == Role.COMMUNE_OFFICER and unit.level != Level.COMMUNE)

def can_write(user, unit: Unit) -> bool:
    return may_change(role_of(user), unit) and can_read(user, unit)

def can_set_targets(user, unit: Unit) -> bool:
    """Set a programme's targets for ``unit`` (a plan splits the city's target among its
    communes): district and province officers within their territory, and admins."""
    return may_change(role_of(user), unit, targets=True) and can_read(user, unit)

def can_approve(user, unit: Unit) -> bool:
    """Approve (or return) a submission of ``unit``: a higher-level officer in scope."""
    return unit.pk in approvable_units(user, [unit])


def approvable_units(user, units) -> set[int]:
    """The pks of ``units`` whose submissions ``user`` may approve — the one rule behind ``can_approve``,
    for many units at once (the pending list, completeness): admins approve everything; district and
    province officers approve the units they read (their subtree and, across the 2025 reform, the new
    communes that took its territory) that are of a lower level than every assigned unit holding them."""
    role = role_of(user)
    units = list(units)
    if role not in APPROVE_ROLES or not units:
        return set()
    if role == Role.ADMIN:
        return {u.pk for u in units}
    mine = assigned_units(user)
    if not mine:
        return set()
    relatives = None
    out = set()
    for u in units:
        containing = [a for a in mine if a.contains(u)]
        if containing:
            if all(a.level < u.level for a in containing):
                out.add(u.pk)
            continue
        if relatives is None:
            relatives = _reform_relatives(mine)
        if u.pk in relatives and any(a.level < u.level for a in mine):
            out.add(u.pk)
    return out

def can_manage(user, unit: Unit) -> bool:
    """Manage registry, support and works records on ``unit``."""
    return role_of(user) in MANAGE_ROLES and can_read(user, unit)

def get_unit_or_404(user, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_read(user, unit):
        raise Http404("Không tìm thấy đơn vị.")
    return unit

def home_unit(user) -> Unit | None:
    """The user's first assigned unit (the highest level first), for default pages.  A system
    administrator (no units) starts where the data is: the province holding the most stored
    values, or the first province when nothing is stored yet."""
    units = sorted(assigned_units(user), key=lambda u: (u.level, u.code))
    if units:
        return units[0]
    if is_admin(user):
        provinces = Unit.objects.filter(level=Level.PROVINCE)
        busiest = _province_with_most_values()
        return (busiest and provinces.filter(code=busiest).first()) or provinces.order_by("code").first()
    return None


def _province_with_most_values() -> str | None:
    """The code of the province with the most stored values: one grouped count, by the two-digit
    GSO province code that begins every unit code (at most 63 groups)."""
    from datavalues.models import DataValue  # datavalues depends on accounts

    row = (DataValue.objects.annotate(province=Substr("unit__code", 1, 2)).values("province")
           .annotate(n=Count("pk")).order_by("-n", "province").first())
    return row["province"] if row else None


def readable_province_codes(user) -> set[str] | None:
    """The codes of the provinces in which the user reads some unit — their own and, across
    the 2025 reform, the province that took over their territory (None: every province,
    for admins).  A province's own indicators are visible to these users."""
    if is_admin(user):
        return None
    units = assigned_units(user)
    codes = {u.code.split(".")[0] for u in units}
    relatives = _reform_relatives(units)
    if relatives:
        codes |= {c.split(".")[0] for c in Unit.objects.filter(pk__in=relatives).values_list("code", flat=True)}
    return codes
